//! jrnl's JSON export (`jrnl --export json`, jrnl 2 to 4):
//! `{"tags": {...}, "entries": [{"title", "body", "date": "YYYY-MM-DD",
//! "time": "HH:MM", "tags": ["@work"], "starred": bool}, ...]}`.
//!
//! Each entry becomes a journal entry: the text is the title, then the body on the
//! next line (as jrnl writes them in its own file); tags lose jrnl's tag symbol
//! (`@work` becomes `work`); a starred entry gets the tag `starred`. jrnl keeps no
//! time zone, so dates are read in the person's local time, and no record of when an
//! entry was written, so confide takes the entry's own date for both.

use super::{ImportError, MAX_TEXT};
use crate::model::entry::Journal;
use crate::model::{Entry, EntryBody, EntryId, Timestamp};
use chrono::{NaiveDate, NaiveTime, TimeZone};
use serde::Deserialize;
use zeroize::Zeroize;

#[derive(Deserialize, Default, Zeroize)]
#[serde(default)]
struct JrnlEntry {
    title: String,
    body: String,
    date: Option<String>,
    time: Option<String>,
    tags: Vec<String>,
    starred: bool,
}

/// Parses a jrnl JSON export, placing its dates in `local`.
pub fn parse<Tz: TimeZone>(
    bytes: &[u8],
    now: Timestamp,
    local: &Tz,
) -> Result<Vec<Entry>, ImportError> {
    super::object_check(bytes)?;
    super::read_entries(bytes, |_, e: &mut JrnlEntry| entry(e, now, local))?
        .ok_or_else(|| ImportError::Unusable("the file has no `entries` list".into()))
}

fn entry<Tz: TimeZone>(e: &mut JrnlEntry, now: Timestamp, local: &Tz) -> Result<Entry, String> {
    let date = e.date.as_deref().ok_or("`date` is missing")?;
    // Exactly YYYY-MM-DD: chrono's %Y alone would take signed and short years.
    let shape_ok = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .filter(|_| shape_ok)
        .ok_or("`date` is not a date like 2026-03-01")?;
    let time = match e.time.as_deref() {
        None => NaiveTime::MIN,
        Some(t) if t.len() == 5 || t.len() == 8 => NaiveTime::parse_from_str(t, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
            .map_err(|_| "`time` is not a time like 21:30".to_string())?,
        Some(_) => return Err("`time` is not a time like 21:30".into()),
    };
    // A time skipped by a daylight-saving change is read an hour later.
    let naive = date.and_time(time);
    let when = local
        .from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            let later = naive.checked_add_signed(chrono::Duration::hours(1))?;
            local.from_local_datetime(&later).earliest()
        })
        .ok_or("`date` and `time` do not exist in the local time zone")?;
    let occurred_at = super::plausible("date", Timestamp::from_datetime(when.fixed_offset()), now)?;
    let title = e.title.trim();
    let body = e.body.trim();
    if title.is_empty() && body.is_empty() {
        return Err("the entry has no text (`title` and `body` are empty)".into());
    }
    let mut text = String::with_capacity(title.len() + body.len() + 1);
    text.push_str(title);
    if !body.is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(body);
    }
    if text.len() > MAX_TEXT {
        text.zeroize();
        return Err("the entry's text is longer than 1 MiB".into());
    }
    let mut tags = super::words("tags", &mut e.tags)?;
    if e.starred && !tags.iter().any(|t| t == "starred") {
        tags.push("starred".into());
    }
    Ok(Entry {
        id: EntryId::random(),
        occurred_at,
        recorded_at: occurred_at,
        edited_at: None,
        tags,
        private: false,
        intimacy: None,
        body: EntryBody::Journal(Journal {
            text,
            mood: None,
            emotions: Vec::new(),
        }),
    })
}

/// True when `a` and `b` are the same jrnl entry: journal entries at the same minute
/// with the same text (jrnl has no ids, so this is how a second import of the same
/// file is recognised).
pub fn same(a: &Entry, b: &Entry) -> bool {
    match (&a.body, &b.body) {
        (EntryBody::Journal(x), EntryBody::Journal(y)) => {
            a.occurred_at.unix_ms.div_euclid(60_000) == b.occurred_at.unix_ms.div_euclid(60_000)
                && x.text == y.text
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn now() -> Timestamp {
        Timestamp {
            unix_ms: 1_790_000_000_000,
            offset_s: 0,
        }
    }

    #[test]
    fn entries_become_journal_entries() {
        let doc = br#"{"tags":{"@work":1},"entries":[
            {"title":"Long day.","body":"Walked home instead of scrolling.\n","date":"2026-03-01","time":"21:30","tags":["@Work","@late_night"],"starred":true},
            {"title":"Short one","body":"","date":"2026-03-02","time":"07:05","tags":[],"starred":false}
        ]}"#;
        let tz = FixedOffset::east_opt(3600).unwrap();
        let v = parse(doc, now(), &tz).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].occurred_at.to_rfc3339(), "2026-03-01T21:30:00+01:00");
        assert_eq!(v[0].recorded_at, v[0].occurred_at);
        assert_eq!(v[0].tags, ["work", "late-night", "starred"]);
        let EntryBody::Journal(j) = &v[0].body else {
            panic!("journal")
        };
        assert_eq!(j.text, "Long day.\nWalked home instead of scrolling.");
        let EntryBody::Journal(j) = &v[1].body else {
            panic!("journal")
        };
        assert_eq!(j.text, "Short one");
        assert!(same(&v[0], &v[0]) && !same(&v[0], &v[1]));
    }

    #[test]
    fn bad_entries_are_named() {
        let tz = FixedOffset::east_opt(0).unwrap();
        let e = parse(
            br#"{"tags":{},"entries":[{"title":"a","body":"","date":"2026-03-01","time":"21:30"},{"title":"secret","date":"01/03/2026"}]}"#,
            now(),
            &tz,
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("entry 2: `date`"), "{e}");
        assert!(!e.contains("secret"));
        for date in ["-1-01-01", "1-1-1", "0001-01-01", "2026-1-01"] {
            let doc = format!(
                r#"{{"tags":{{}},"entries":[{{"title":"x","date":"{date}","time":"10:00"}}]}}"#
            );
            let e = parse(doc.as_bytes(), now(), &tz).unwrap_err().to_string();
            assert!(e.starts_with("entry 1: `date`"), "{date}: {e}");
        }
        let e = parse(br#"{"tags":{}}"#, now(), &tz)
            .unwrap_err()
            .to_string();
        assert!(e.contains("entries"), "{e}");
    }
}
