//! Parsers for `confide import`: pure functions from (already decrypted) bytes to
//! entries. Nothing here touches the vault, the disk or any key.
//!
//! Error messages name where the problem is (line and column for JSON that does not
//! parse, the entry number and field otherwise) but never quote a value from the file:
//! the file holds someone's journal, and error messages end up in terminals, logs and
//! bug reports.

pub mod confide_json;
pub mod jrnl;

use crate::model::{Entry, EntryBody, EntryId, Timestamp, Tombstone};
use chrono::Datelike;
use serde::Deserialize;
use serde::de::IgnoredAny;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use zeroize::Zeroize;

/// The formats `confide import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// confide's JSON export (`confide export --format json`) or `confide list --json`.
    ConfideJson,
    /// jrnl's JSON export (`jrnl --export json`).
    JrnlJson,
}

impl Format {
    /// The name used with `--from`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::ConfideJson => "confide-json",
            Format::JrnlJson => "jrnl-json",
        }
    }
}

/// Why a file cannot be imported: one line, no content from the file. The variant
/// gives the exit code (`crate::error::exit_kind`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be used (not JSON, a bad field...): a usage error.
    #[error("{0}")]
    Unusable(String),
    /// The file was written by a newer confide, like a vault that needs one.
    #[error("{0}")]
    Newer(String),
}

/// The words every "this file needs a newer confide" message contains.
pub const NEWER: &str = "made by a newer confide";

impl ImportError {
    /// The same error, said of the file `name`, for the one line printed.
    pub fn in_file(self, name: &str) -> ImportError {
        let say = |why: String| format!("cannot import `{name}`: {why}; nothing was imported");
        match self {
            ImportError::Unusable(why) => ImportError::Unusable(say(why)),
            ImportError::Newer(why) => ImportError::Newer(say(why)),
        }
    }
}

/// What a parser found.
#[derive(Debug)]
pub struct Parsed {
    /// The format read.
    pub format: Format,
    /// The entries, in file order.
    pub entries: Vec<Entry>,
    /// What a confide export says besides its entries (empty for jrnl).
    pub meta: confide_json::Meta,
}

/// The largest file `confide import` reads (a 100,000-entry export is about 60 MiB).
pub const MAX_INPUT: u64 = 1 << 30;

/// The largest free text accepted in one field, as when writing an entry.
pub const MAX_TEXT: usize = 1 << 20;

/// The earliest time accepted in a file (1900-01-01T00:00:00Z): anything earlier is a
/// mistake, and would make a review or an export cover millennia day by day.
pub const EARLIEST_MS: i64 = -2_208_988_800_000;

/// Checks a time read from a file: not before 1900, not more than a minute ahead.
pub(crate) fn plausible(field: &str, t: Timestamp, now: Timestamp) -> Result<Timestamp, String> {
    // The date in the time's own offset, as the command line reads it: an entry made
    // with `--at 1900-01-01` east of Greenwich comes back from its backup.
    if t.unix_ms < EARLIEST_MS.saturating_sub(86_400_000) || t.to_datetime().year() < 1900 {
        return Err(format!("`{field}` is before 1900; check the file"));
    }
    if t.unix_ms > now.unix_ms.saturating_add(60_000) {
        return Err(format!(
            "`{field}` is in the future; check the clock of the device that made the file"
        ));
    }
    Ok(t)
}

/// Normalises a list of words (tags, triggers, emotions ...), keeping the first of
/// each, and wipes the originals. Linear in the number of words.
pub(crate) fn words(field: &str, list: &mut Vec<String>) -> Result<Vec<String>, String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for w in list.iter() {
        if w.len() > 200 {
            list.zeroize();
            return Err(format!("a word in `{field}` is longer than 200 bytes"));
        }
        let trimmed = w.trim_start_matches(|c: char| !c.is_alphanumeric());
        let n = crate::model::entry::normalize_word(trimmed);
        if !n.is_empty() && seen.insert(n.clone()) {
            out.push(n);
        }
    }
    list.zeroize();
    Ok(out)
}

/// Checks a practice or prompt id: confide's own ids are lowercase words joined by
/// dashes; an id from a newer confide is kept even if this one does not know it.
pub(crate) fn content_id(field: &str, id: Option<String>) -> Result<Option<String>, String> {
    match id {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s)
            if s.len() <= 64
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') =>
        {
            Ok(Some(s))
        }
        Some(_) => Err(format!(
            "`{field}` must be lowercase letters, digits and dashes (like hug-6s), at most 64"
        )),
    }
}

/// True when `bytes` is an age file, binary or ASCII-armored.
pub fn is_age(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let b = &bytes[start..];
    b.starts_with(b"age-encryption.org/") || b.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
}

#[derive(Deserialize)]
struct Probe {
    format: Option<IgnoredAny>,
    version: Option<IgnoredAny>,
    schema: Option<IgnoredAny>,
    tags: Option<IgnoredAny>,
    entries: Option<IgnoredAny>,
}

/// Works out which format `bytes` is in.
pub fn detect(bytes: &[u8]) -> Result<Format, ImportError> {
    object_check(bytes)?;
    let probe: Probe = serde_json::from_slice(bytes).map_err(|e| json_error(&e))?;
    if probe.format.is_some() || probe.version.is_some() || probe.schema.is_some() {
        return Ok(Format::ConfideJson);
    }
    if probe.tags.is_some() && probe.entries.is_some() {
        return Ok(Format::JrnlJson);
    }
    Err(ImportError::Unusable(
        "this is JSON, but neither a confide export nor a jrnl JSON export; say which it is with --from confide-json or --from jrnl-json".into(),
    ))
}

/// Refuses anything but a JSON object, with a message that says so. confide's own
/// HTML and Markdown reports are named as such, with the export to import instead.
pub(crate) fn object_check(bytes: &[u8]) -> Result<(), ImportError> {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = start
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |i| &start[i..]);
    let head = start[..start.len().min(16)].to_ascii_lowercase();
    let report = if head.starts_with(b"<!doctype html") || head.starts_with(b"<html") {
        Some("an HTML")
    } else if head.starts_with(b"# ") {
        Some("a Markdown")
    } else {
        None
    };
    if let Some(kind) = report {
        return Err(ImportError::Unusable(format!(
            "this is {kind} report, made for reading, and it does not hold your entries; \
             import a full export instead, made with `confide export --format json --all`"
        )));
    }
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Ok(()),
        None => Err(ImportError::Unusable("the file is empty".into())),
        Some(_) => Err(ImportError::Unusable(
            "the file must hold one JSON object (a confide or jrnl export), and this one does not"
                .into(),
        )),
    }
}

/// Parses `bytes` in `format` (detected when `None`). `now` bounds the times accepted;
/// `local` places jrnl's zone-less dates in the person's time zone.
pub fn parse<Tz: chrono::TimeZone>(
    bytes: &[u8],
    format: Option<Format>,
    now: Timestamp,
    local: &Tz,
) -> Result<Parsed, ImportError> {
    if is_age(bytes) {
        return Err(ImportError::Unusable(
            "this file is still encrypted; decrypt it first".into(),
        ));
    }
    let format = match format {
        Some(f) => f,
        None => detect(bytes)?,
    };
    let (entries, meta) = match format {
        Format::ConfideJson => confide_json::parse_with_meta(bytes, now)?,
        Format::JrnlJson => (
            jrnl::parse(bytes, now, local)?,
            confide_json::Meta::default(),
        ),
    };
    Ok(Parsed {
        format,
        entries,
        meta,
    })
}

/// Marks messages confide itself raised inside the parser, so [`json_error`] passes
/// them through (with their position) instead of treating them as serde's.
const OWN: char = '\u{1}';

/// Reads the `entries` array of a JSON object, converting and checking each element
/// as soon as it is read: memory never holds more than one raw element besides the
/// entries already accepted, and the first bad element stops the parse. Other keys
/// are skipped without being kept.
pub(crate) fn read_entries<T, F>(
    bytes: &[u8],
    convert: F,
) -> Result<Option<Vec<Entry>>, ImportError>
where
    T: serde::de::DeserializeOwned + zeroize::Zeroize,
    F: FnMut(usize, &mut T) -> Result<Entry, String>,
{
    use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
    use std::marker::PhantomData;

    struct Doc<T, F>(F, PhantomData<T>);
    struct List<'f, T, F>(&'f mut F, PhantomData<T>);

    impl<'de, T, F> Visitor<'de> for Doc<T, F>
    where
        T: serde::de::DeserializeOwned + zeroize::Zeroize,
        F: FnMut(usize, &mut T) -> Result<Entry, String>,
    {
        type Value = Option<Vec<Entry>>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut entries = None;
            while let Some(key) = map.next_key::<String>()? {
                if key == "entries" && entries.is_none() {
                    entries = Some(map.next_value_seed(List(&mut self.0, PhantomData::<T>))?);
                } else {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
            Ok(entries)
        }
    }

    impl<'de, T, F> DeserializeSeed<'de> for List<'_, T, F>
    where
        T: serde::de::DeserializeOwned + zeroize::Zeroize,
        F: FnMut(usize, &mut T) -> Result<Entry, String>,
    {
        type Value = Vec<Entry>;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Vec<Entry>, D::Error> {
            d.deserialize_seq(self)
        }
    }

    impl<'de, T, F> Visitor<'de> for List<'_, T, F>
    where
        T: serde::de::DeserializeOwned + zeroize::Zeroize,
        F: FnMut(usize, &mut T) -> Result<Entry, String>,
    {
        type Value = Vec<Entry>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of entries")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Entry>, A::Error> {
            let mut out = Vec::new();
            let mut i = 0;
            while let Some(raw) = seq.next_element::<T>()? {
                // Whatever the conversion leaves behind is wiped here.
                let mut raw = zeroize::Zeroizing::new(raw);
                let e = (self.0)(i, &mut raw)
                    .map_err(|m| de::Error::custom(format!("{OWN}{}: {m}", at(i))))?;
                out.push(e);
                i += 1;
            }
            Ok(out)
        }
    }

    let mut de = serde_json::Deserializer::from_slice(bytes);
    let entries = serde::Deserializer::deserialize_map(&mut de, Doc(convert, PhantomData::<T>))
        .map_err(|e| json_error(&e))?;
    de.end().map_err(|e| json_error(&e))?;
    Ok(entries)
}

/// A serde_json error as one line with its position, without quoting the file: serde's
/// own message can contain a string value from the input ("invalid type: string
/// \"...\""), so quoted parts are blanked out.
pub fn json_error(e: &serde_json::Error) -> ImportError {
    use serde_json::error::Category;
    let text = e.to_string();
    if let Some(own) = text.strip_prefix(OWN) {
        let own = own
            .trim_end_matches(&format!(" at line {} column {}", e.line(), e.column()))
            .to_string();
        return ImportError::Unusable(format!("{own} (line {})", e.line()));
    }
    let what = match e.classify() {
        Category::Io => "could not be read".to_string(),
        Category::Eof => "ends too early (is it cut short?)".to_string(),
        Category::Syntax => "is not valid JSON".to_string(),
        Category::Data => format!(
            "has an unexpected value: {}",
            blank_quoted(&e.to_string())
                .replace("expected i64", "expected a whole number")
                .replace("expected u64", "expected a whole number")
        ),
    };
    let position = if e.line() > 0 {
        format!(" at line {}, column {}", e.line(), e.column())
    } else {
        String::new()
    };
    let what = what
        .trim_end_matches(&format!(" at line {} column {}", e.line(), e.column()))
        .to_string();
    ImportError::Unusable(format!("the file {what}{position}"))
}

/// Replaces the inside of every double-quoted part of `s` with an ellipsis.
fn blank_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut inside = false;
    let mut escaped = false;
    for c in s.chars() {
        if inside {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                inside = false;
                out.push_str("…\"");
            }
            continue;
        }
        out.push(c);
        if c == '"' {
            inside = true;
        }
    }
    if inside {
        out.push_str("…\"");
    }
    out
}

/// Where an entry is, for messages: its number in the file (from 1).
pub(crate) fn at(index: usize) -> String {
    format!("entry {}", index + 1)
}

/// What an import will do, decided before anything is written: which entries are
/// new, which the vault has already, which it deleted (merge's rule: deleted stays
/// deleted unless edited after the deletion), which the file repeats.
pub struct Plan {
    /// Entries to add, in file order.
    pub new: Vec<Entry>,
    /// Entries already in the vault (same id; for jrnl, same minute and text).
    pub already: usize,
    /// Of those, how many differ from the vault's copy (the vault's copy is kept).
    pub differ: usize,
    /// Entries this vault deleted (it keeps a tombstone), not edited since: they stay
    /// deleted.
    pub deleted: usize,
    /// Entries that appear twice in the file (the first is used).
    pub repeated: usize,
    /// Of those, how many differ from the first.
    pub repeated_differ: usize,
}

/// Sorts `incoming` against the vault's entries and tombstones: by id for a confide
/// export, by minute and text for jrnl (which has no ids). Linear in the entries.
pub fn plan(
    existing: &[Entry],
    tombstones: &[Tombstone],
    incoming: Vec<Entry>,
    format: Format,
) -> Plan {
    let mut p = Plan {
        new: Vec::new(),
        already: 0,
        deleted: 0,
        differ: 0,
        repeated: 0,
        repeated_differ: 0,
    };
    match format {
        Format::ConfideJson => {
            let by_id: HashMap<EntryId, &Entry> = existing.iter().map(|e| (e.id, e)).collect();
            let graves: HashMap<EntryId, Timestamp> =
                tombstones.iter().map(|t| (t.id, t.deleted_at)).collect();
            let mut seen: HashMap<EntryId, usize> = HashMap::new();
            for e in incoming {
                // Merge's rule: deleted stays deleted unless edited after the deletion.
                let stays_deleted = graves
                    .get(&e.id)
                    .is_some_and(|&at| !crate::model::merge::edited_after(&e, at));
                if stays_deleted {
                    p.deleted += 1;
                } else if let Some(old) = by_id.get(&e.id) {
                    p.already += 1;
                    if **old != e {
                        p.differ += 1;
                    }
                } else if let Some(&at) = seen.get(&e.id) {
                    p.repeated += 1;
                    if p.new[at] != e {
                        p.repeated_differ += 1;
                    }
                } else {
                    seen.insert(e.id, p.new.len());
                    p.new.push(e);
                }
            }
        }
        Format::JrnlJson => {
            // Keyed by (minute, SHA-256 of the text): linear, and no text is copied.
            let key = |e: &Entry| match &e.body {
                EntryBody::Journal(j) => Some((
                    e.occurred_at.unix_ms.div_euclid(60_000),
                    <[u8; 32]>::from(Sha256::digest(j.text.as_bytes())),
                )),
                _ => None,
            };
            let existing: HashSet<_> = existing.iter().filter_map(key).collect();
            let mut seen = HashSet::new();
            for e in incoming {
                let k = key(&e);
                if k.as_ref().is_some_and(|k| existing.contains(k)) {
                    p.already += 1;
                } else if k.is_some_and(|k| !seen.insert(k)) {
                    p.repeated += 1;
                } else {
                    p.new.push(e);
                }
            }
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_named_with_the_export_to_import() {
        for (text, kind) in [
            (&b"<!DOCTYPE html><html lang=\"en\">"[..], "an HTML report"),
            (b"\xEF\xBB\xBF\n  <html>", "an HTML report"),
            (b"# Session sheet\n\nSun 1 Nov", "a Markdown report"),
        ] {
            let Err(ImportError::Unusable(e)) = detect(text) else {
                panic!("accepted");
            };
            assert!(e.contains(kind), "{e}");
            assert!(e.contains("`confide export --format json --all`"), "{e}");
        }
        let Err(ImportError::Unusable(e)) = detect(b"date,kind\n") else {
            panic!("accepted");
        };
        assert!(e.contains("one JSON object"), "{e}");
    }

    #[test]
    fn quoted_values_never_reach_a_message() {
        let e = serde_json::from_str::<Vec<u8>>("[\"my secret \\\" text\"]").unwrap_err();
        let m = json_error(&e).to_string();
        assert!(!m.contains("secret"), "{m}");
        assert!(m.contains("line 1"), "{m}");
        assert_eq!(blank_quoted("a \"x\\\"y\" b \"z"), "a \"…\" b \"…\"");
    }

    #[test]
    fn detection() {
        assert_eq!(
            detect(br#"{"format":"confide-export","version":1,"entries":[]}"#),
            Ok(Format::ConfideJson)
        );
        assert_eq!(
            detect(br#"{"schema":1,"entries":[]}"#),
            Ok(Format::ConfideJson)
        );
        assert_eq!(detect(br#"{"tags":{},"entries":[]}"#), Ok(Format::JrnlJson));
        assert!(detect(br#"{"entries":[]}"#).is_err());
        assert!(detect(b"[1,2]").is_err());
        let e = detect(b"{\"format\": \"confide-export\",\n  oops").unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        assert!(is_age(b"age-encryption.org/v1\n-> X25519"));
        assert!(is_age(b"\n-----BEGIN AGE ENCRYPTED FILE-----\n"));
        assert!(!is_age(b"{}"));
    }
}
