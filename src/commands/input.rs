//! Shared request parsing for the recording commands: values checked before anything
//! is written, words normalised and checked against the vocabularies, entry text from
//! the arguments, the editor or standard input, and id prefixes resolved.

use crate::cli::{CommonArgs, ComposeArgs};
use crate::content::{self, IntimacyType};
use crate::error::usage;
use crate::model::{Entry, Timestamp, time};
use crate::ui;
use anyhow::{Context, Result};
use std::io::{IsTerminal, Read};
use zeroize::Zeroizing;

/// The longest text accepted for one field.
pub const MAX_TEXT: usize = 1024 * 1024;

/// A 1-10 value (mood, intensity).
pub fn one_to_ten(what: &str, v: i64) -> Result<u8> {
    if (1..=10).contains(&v) {
        Ok(v as u8)
    } else {
        Err(usage(format!(
            "{what} must be a whole number from 1 to 10 (got {v}); nothing was saved"
        )))
    }
}

/// A non-negative count or duration.
pub fn count(what: &str, v: i64) -> Result<u32> {
    u32::try_from(v).map_err(|_| {
        usage(format!(
            "{what} must be zero or a positive whole number (got {v}); nothing was saved"
        ))
    })
}

/// Parses `--at`/`--since`/`--as-of`, refusing times more than a minute ahead with
/// a one-line error that suggests a form that works.
pub fn when(flag: &str, s: &str) -> Result<Timestamp> {
    Ok(when_in_bounds(flag, s)?.at)
}

/// Reads a time given on the command line, from 1900 to now (plus a minute): the
/// same bounds for every flag, so no range can ask for millennia of days.
fn when_in_bounds(flag: &str, s: &str) -> Result<time::When> {
    let now = chrono::Local::now();
    let w = time::read_when_at(s, now).map_err(|e| usage(format!("{flag}: {e}")))?;
    if w.at.unix_ms > now.timestamp_millis().saturating_add(time::GRACE_MS) {
        return Err(usage(format!(
            "{flag}: that is in the future; {}",
            time::future_hint(flag, &w, &now)
        )));
    }
    Ok(w)
}

/// The occurred-at time from `--at`, or now.
pub fn occurred(common: &CommonArgs) -> Result<Timestamp> {
    match &common.at {
        Some(s) => when("--at", s),
        None => Ok(Timestamp::now()),
    }
}

pub use crate::model::entry::{normalize_word, shown};

/// Normalises a list of words (each may also be comma-separated), rejecting empty
/// ones, and prints a "did you mean" for near-misses of known words. Free words are
/// kept as given.
pub fn words(what: &str, given: &[String], known: &[&str]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for raw in given.iter().flat_map(|g| g.split(',')) {
        let w = normalize_word(raw);
        if w.is_empty() {
            if given.len() == 1 && raw.trim().is_empty() {
                return Err(usage(format!(
                    "an empty {what} was given; nothing was saved"
                )));
            }
            continue;
        }
        if w.len() > 100 {
            return Err(usage(format!(
                "a {what} is at most 100 characters; use a note for more"
            )));
        }
        if !known.is_empty()
            && !known.contains(&w.as_str())
            && let Some(s) = content::suggest(&w, known)
        {
            ui::note(&format!(
                "`{w}` is not in confide's list of {}; did you mean `{s}`? (saved as you wrote it)",
                plural(what)
            ));
        }
        if !out.contains(&w) {
            out.push(w);
        }
    }
    Ok(out)
}

/// "trigger" -> "triggers", "coping strategy" -> "coping strategies".
fn plural(what: &str) -> String {
    match what.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{stem}ies"),
        _ => format!("{what}s"),
    }
}

/// Every emotion word confide knows.
pub fn emotion_words() -> Vec<&'static str> {
    content::vocab::all_emotions().collect()
}

/// Parses an intimacy type.
pub fn intimacy(s: &str) -> Result<IntimacyType> {
    IntimacyType::parse(s).ok_or_else(|| {
        usage(format!(
            "unknown intimacy type `{}`; use one of: {}",
            shown(s),
            IntimacyType::IDS.join(", ")
        ))
    })
}

/// Parses a skill.
pub fn skill(s: &str) -> Result<content::Skill> {
    content::Skill::parse(s).ok_or_else(|| {
        usage(format!(
            "unknown skill `{}`; use one of: {}",
            shown(s),
            content::Skill::IDS.join(", ")
        ))
    })
}

/// Checks a practice id against the catalogue.
pub fn practice_id(s: &str) -> Result<String> {
    match content::practice(s) {
        Some(p) => Ok(p.id.to_string()),
        None => {
            let hint = closest_practice(s)
                .map(|s| format!(" Did you mean `{s}`?"))
                .unwrap_or_default();
            Err(usage(format!(
                "unknown practice `{}`.{hint} See `confide prompts` for the catalogue; nothing was saved",
                shown(s)
            )))
        }
    }
}

/// The practice someone most likely meant by `s`: the only id that starts with it
/// (`hug` is `hug-6s`), else the nearest by spelling.
pub fn closest_practice(s: &str) -> Option<&'static str> {
    let w = normalize_word(s);
    if w.is_empty() {
        return None;
    }
    let ids: Vec<&'static str> = content::practices::PRACTICES.iter().map(|p| p.id).collect();
    let mut starting = ids.iter().filter(|id| id.starts_with(w.as_str()));
    if let (Some(only), None) = (starting.next(), starting.next()) {
        return Some(only);
    }
    content::suggest(&w, &ids)
}

/// Checks a prompt id against the library.
pub fn prompt_id(s: &str) -> Result<&'static content::prompts::Prompt> {
    content::prompt(s).ok_or_else(|| {
        let ids: Vec<&str> = content::prompts::PROMPTS.iter().map(|p| p.id).collect();
        let hint = content::suggest(&normalize_word(s), &ids)
            .map(|s| format!(" Did you mean `{s}`?"))
            .unwrap_or_default();
        usage(format!(
            "unknown prompt `{}`.{hint} See `confide prompts`; nothing was saved",
            shown(s)
        ))
    })
}

/// Checks optional free text (a note): not blank, not over 1 MiB.
pub fn note(what: &str, s: Option<&String>) -> Result<Option<String>> {
    match s {
        None => Ok(None),
        Some(t) => {
            validate_text(what, t)?;
            Ok(Some(t.trim_end().to_string()))
        }
    }
}

/// Rejects empty and oversized text.
pub fn validate_text(what: &str, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(usage(format!("the {what} is empty; nothing was saved")));
    }
    if text.len() > MAX_TEXT {
        return Err(usage(format!(
            "the {what} is longer than 1 MiB; split it into several entries"
        )));
    }
    Ok(())
}

/// Applies the common flags to a new entry.
pub fn apply_common(entry: &mut Entry, common: &CommonArgs) -> Result<()> {
    entry.tags = words("tag", &common.tags, &[])?;
    entry.private = common.private;
    Ok(())
}

/// The entry text: the arguments joined; else, on a terminal, the editor; else
/// standard input.
pub fn text(
    args: &[String],
    compose: &ComposeArgs,
    header: Option<&str>,
    initial: &str,
) -> Result<Zeroizing<String>> {
    let text = if !args.is_empty() {
        Zeroizing::new(args.join(" "))
    } else if std::io::stdin().is_terminal() {
        ui::editor::compose(initial, header, compose.allow_disk_temp)?
    } else {
        read_stdin()?
    };
    validate_text("text", &text)?;
    Ok(Zeroizing::new(
        text.trim_end_matches(['\n', '\r']).to_string(),
    ))
}

/// All of standard input, up to just over the size limit.
pub fn read_stdin() -> Result<Zeroizing<String>> {
    let mut buf = Zeroizing::new(Vec::new());
    std::io::stdin()
        .lock()
        .take(MAX_TEXT as u64 + 1)
        .read_to_end(&mut buf)
        .context("could not read the text from standard input")?;
    // The length first: the cut at the limit can split a character in two, and that
    // text is too long, not "not UTF-8".
    if buf.len() > MAX_TEXT {
        return Err(usage(
            "the text on standard input is longer than 1 MiB; split it into several entries",
        ));
    }
    let s =
        std::str::from_utf8(&buf).map_err(|_| usage("the text on standard input is not UTF-8"))?;
    Ok(Zeroizing::new(s.to_string()))
}

/// Finds the entry whose id starts with `prefix` (like git): exactly one must match.
pub fn resolve<'a>(entries: &'a [Entry], prefix: &str) -> Result<&'a Entry> {
    let i = resolve_index(entries, prefix)?;
    Ok(&entries[i])
}

/// Checks that `prefix` could be the start of an entry id (1 to 32 hex digits), and
/// returns it in lowercase. Commands call it before asking for the passphrase, so
/// `show zz` says what is wrong without a passphrase typed for nothing.
pub fn id_prefix(prefix: &str) -> Result<String> {
    let p = prefix.trim().to_ascii_lowercase();
    if p.is_empty() || p.len() > 32 || !p.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(usage(format!(
            "`{}` is not an entry id; ids are hex, like the ones `confide list` shows",
            shown(prefix)
        )));
    }
    Ok(p)
}

/// Like [`resolve`], returning the index.
pub fn resolve_index(entries: &[Entry], prefix: &str) -> Result<usize> {
    let p = id_prefix(prefix)?;
    let matches: Vec<usize> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.id.starts_with_hex(&p))
        .map(|(i, _)| i)
        .collect();
    match matches.as_slice() {
        [i] => Ok(*i),
        [] => Err(usage(format!(
            "no entry has an id starting with `{p}`; see `confide list`"
        ))),
        many => Err(usage(format!(
            "the id prefix `{p}` matches {} entries; type more characters of the id",
            many.len()
        ))),
    }
}

/// Parses `--until`: a day given without a time of day (`2026-03-01`, `Nov 20`,
/// `yesterday`, `last monday`, `friday`, `today`) means the end of that day, so
/// `--until 2026-03-01` includes the evening of March 1st.
pub fn when_until(flag: &str, s: &str) -> Result<Timestamp> {
    let w = when_in_bounds(flag, s)?;
    Ok(w.day_end.unwrap_or(w.at))
}

/// Checks `--kind` values, accepting "check-in" for checkin.
pub fn kinds(given: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for given_kind in given {
        let k = normalize_word(given_kind).replace("check-in", "checkin");
        if !crate::model::entry::KINDS.contains(&k.as_str()) {
            return Err(usage(format!(
                "unknown kind `{}`; use one of: {}",
                shown(given_kind),
                crate::model::entry::KINDS.join(", ")
            )));
        }
        out.push(k);
    }
    Ok(out)
}

/// The instant `day` begins here, as `--since DAY` reads it (the local time zone's
/// offset on that day): the session sheet's previous period starts and ends on these.
pub fn local_midnight(day: chrono::NaiveDate) -> Option<Timestamp> {
    when("--since", &day.format("%Y-%m-%d").to_string()).ok()
}

/// Whether `t` falls on the same calendar day as `now`, in `t`'s own offset.
pub fn same_day(t: Timestamp, now: Timestamp) -> bool {
    let day = |x: Timestamp| {
        Timestamp {
            unix_ms: x.unix_ms,
            offset_s: t.offset_s,
        }
        .to_datetime()
        .date_naive()
    };
    day(t) == day(now)
}

/// "today", "yesterday" or "on Sat 28 Nov": the day of `t`, as a question about it
/// says it.
pub fn day_said(t: Timestamp, now: Timestamp) -> String {
    let d = t.to_datetime().date_naive();
    let today = Timestamp {
        unix_ms: now.unix_ms,
        offset_s: t.offset_s,
    }
    .to_datetime()
    .date_naive();
    if d == today {
        "today".into()
    } else if today.pred_opt() == Some(d) {
        "yesterday".into()
    } else {
        format!("on {}", d.format("%a %-d %b"))
    }
}
