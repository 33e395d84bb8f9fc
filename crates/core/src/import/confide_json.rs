//! confide's own JSON (docs/json.md): the export document (`"format":
//! "confide-export"`) and the `confide list --json` document (`"schema": 1`). Ids,
//! times, tags and every kind's fields come back as they were exported. Fields that
//! are derived on export (`backdated`, `prompt`, `practice`) are ignored, and free text
//! that was held back on export (`null`) comes back empty.

use super::{ImportError, MAX_TEXT, NEWER, json_error};
use crate::content::IntimacyType;
use crate::model::entry::{
    Agenda, Chain, Checkin, Halt, Journal, KINDS, Lapse, Outcome, Practice, Reflection, SurfSample,
    Urge,
};
use crate::model::{Entry, EntryBody, EntryId, Timestamp};
use serde::Deserialize;
use zeroize::Zeroize;

/// The export versions this build reads.
pub const VERSION: u64 = 1;

/// Everything but the entries (read first, without keeping the entries).
#[derive(Deserialize)]
struct Doc {
    format: Option<String>,
    version: Option<u64>,
    schema: Option<u64>,
    start: Option<String>,
    options: Option<DocOptions>,
}

#[derive(Deserialize)]
struct DocOptions {
    text: Option<String>,
    summary_only: Option<bool>,
}

/// What a confide document holds besides its entries.
#[derive(Debug, Default, PartialEq)]
pub struct Meta {
    /// The recovery start the export carries.
    pub start: Option<Timestamp>,
    /// The export's text policy when it held free text back ("default" or "none").
    pub text_held_back: Option<String>,
}

#[derive(Deserialize, Default, Zeroize)]
#[serde(default)]
struct JsonChain {
    vulnerability: Option<String>,
    prompting_event: Option<String>,
    thoughts_feelings: Option<String>,
    consequences: Option<String>,
    next_time: Option<String>,
}

/// One point of an urge's surfing curve (`curve`).
#[derive(Deserialize, Default, Zeroize)]
#[serde(default)]
struct JsonSample {
    seconds: Option<i64>,
    intensity: Option<i64>,
}

/// One entry as docs/json.md describes it; every field optional here so that a missing
/// one gets confide's own message rather than serde's.
#[derive(Deserialize, Default, Zeroize)]
#[serde(default)]
struct JsonEntry {
    id: Option<String>,
    kind: Option<String>,
    occurred_at: Option<String>,
    recorded_at: Option<String>,
    edited_at: Option<String>,
    tags: Vec<String>,
    private: bool,
    intimacy: Option<String>,
    text: Option<String>,
    mood: Option<i64>,
    emotions: Vec<String>,
    intensity: Option<i64>,
    triggers: Vec<String>,
    coping: Vec<String>,
    outcome: Option<String>,
    minutes: Option<i64>,
    note: Option<String>,
    halt: Vec<String>,
    curve: Vec<JsonSample>,
    chain: Option<JsonChain>,
    urge: Option<String>,
    adds_to: Option<String>,
    done_at: Option<String>,
    prompt_id: Option<String>,
    practice_id: Option<String>,
    urges: Option<i64>,
    appreciated: Option<String>,
}

/// Parses a confide JSON document.
pub fn parse(bytes: &[u8], now: Timestamp) -> Result<Vec<Entry>, ImportError> {
    parse_with_meta(bytes, now).map(|(entries, _)| entries)
}

/// Parses a confide JSON document, with what it says besides its entries.
pub fn parse_with_meta(bytes: &[u8], now: Timestamp) -> Result<(Vec<Entry>, Meta), ImportError> {
    super::object_check(bytes)?;
    let mut doc: Doc = serde_json::from_slice(bytes).map_err(|e| json_error(&e))?;
    match (doc.format.as_deref(), doc.version, doc.schema) {
        (Some("confide-export"), Some(v), _) if v > VERSION => {
            return Err(ImportError::Newer(format!(
                "this export is version {v}, {NEWER}; update confide to import it"
            )));
        }
        (Some("confide-export"), Some(_), _) => {}
        (Some("confide-export"), None, _) => {
            return Err(ImportError::Unusable(
                "the export has no `version` field".into(),
            ));
        }
        (Some(_), _, _) => {
            return Err(ImportError::Unusable(
                "the `format` field does not say confide-export, so this is not a confide export"
                    .into(),
            ));
        }
        (None, _, Some(s)) if s > 1 => {
            return Err(ImportError::Newer(format!(
                "this document is schema {s}, {NEWER}; update confide to import it"
            )));
        }
        (None, _, Some(_)) => {}
        (None, _, None) => {
            return Err(ImportError::Unusable(
                "this has neither a `format` nor a `schema` field, so it is not confide JSON"
                    .into(),
            ));
        }
    }
    let options = doc.options.take();
    if options.as_ref().and_then(|o| o.summary_only) == Some(true) {
        return Err(ImportError::Unusable(
            "this export holds only the summary figures (it was made with --summary-only), no entries to import".into(),
        ));
    }
    let entries = super::read_entries(bytes, |_, e: &mut JsonEntry| entry(e, now))?
        .ok_or_else(|| ImportError::Unusable("the document has no `entries` list".into()))?;
    let start = match doc.start.as_deref() {
        Some(s) => Some(time("start", s, now).map_err(ImportError::Unusable)?),
        None => None,
    };
    let text_held_back = options.and_then(|o| o.text).filter(|t| t != "include");
    Ok((
        entries,
        Meta {
            start,
            text_held_back,
        },
    ))
}

fn time(field: &str, s: &str, now: Timestamp) -> Result<Timestamp, String> {
    let t = chrono::DateTime::parse_from_rfc3339(s)
        .map(Timestamp::from_datetime)
        .map_err(|_| format!("`{field}` is not an RFC 3339 time like 2026-03-01T21:30:00+01:00"))?;
    super::plausible(field, t, now)
}

fn text(field: &str, s: Option<String>) -> Result<Option<String>, String> {
    match s {
        Some(mut s) if s.len() > MAX_TEXT => {
            s.zeroize();
            Err(format!("`{field}` is longer than 1 MiB"))
        }
        Some(s) if s.trim().is_empty() => Ok(None),
        other => Ok(other),
    }
}

use super::words;

fn one_to_ten(field: &str, v: Option<i64>) -> Result<Option<u8>, String> {
    match v {
        None => Ok(None),
        Some(n @ 1..=10) => Ok(Some(n as u8)),
        Some(_) => Err(format!("`{field}` must be a whole number from 1 to 10")),
    }
}

fn count(field: &str, v: Option<i64>) -> Result<Option<u32>, String> {
    match v {
        None => Ok(None),
        Some(n) if (0..=i64::from(u32::MAX)).contains(&n) => Ok(Some(n as u32)),
        Some(_) => Err(format!("`{field}` must be a whole number, 0 or more")),
    }
}

/// An urge's surfing curve, checked as `confide surf` writes it.
fn curve(samples: &[JsonSample]) -> Result<Vec<SurfSample>, String> {
    if samples.len() > SurfSample::MAX_SAMPLES {
        return Err(format!(
            "`curve` holds at most {} samples",
            SurfSample::MAX_SAMPLES
        ));
    }
    let mut out = Vec::with_capacity(samples.len());
    for s in samples {
        let seconds = match s.seconds {
            Some(n) if (0..=i64::from(SurfSample::MAX_SECONDS)).contains(&n) => n as u32,
            Some(_) => {
                return Err(format!(
                    "`curve` seconds must be a whole number from 0 to {} (24 hours)",
                    SurfSample::MAX_SECONDS
                ));
            }
            None => return Err("each `curve` sample needs `seconds`".into()),
        };
        let intensity = one_to_ten("curve intensity", s.intensity)?
            .ok_or("each `curve` sample needs `intensity`")?;
        out.push(SurfSample { seconds, intensity });
    }
    match SurfSample::curve_problem(&out) {
        Some(p) => Err(format!("`curve`: {p}")),
        None => Ok(out),
    }
}

fn id(field: &str, s: &str) -> Result<EntryId, String> {
    EntryId::from_hex(s).ok_or_else(|| format!("`{field}` must be 32 hexadecimal characters"))
}

fn entry(e: &mut JsonEntry, now: Timestamp) -> Result<Entry, String> {
    let entry_id = id("id", e.id.as_deref().ok_or("`id` is missing")?)?;
    let kind = e.kind.take().ok_or("`kind` is missing")?;
    if !KINDS.contains(&kind.as_str()) {
        return Err(format!("`kind` must be one of {}", KINDS.join(", ")));
    }
    let occurred_at = time(
        "occurred_at",
        e.occurred_at.as_deref().ok_or("`occurred_at` is missing")?,
        now,
    )?;
    let recorded_at = match e.recorded_at.as_deref() {
        Some(s) => time("recorded_at", s, now)?,
        None => occurred_at,
    };
    let edited_at = match e.edited_at.as_deref() {
        Some(s) => Some(time("edited_at", s, now)?),
        None => None,
    };
    let intimacy =
        match e.intimacy.as_deref() {
            Some(s) => Some(IntimacyType::parse(s).ok_or(
                "`intimacy` is not one of the five intimacy types (see `confide prompts`)",
            )?),
            None => None,
        };
    let tags = words("tags", &mut e.tags)?;
    let body = match kind.as_str() {
        "journal" => EntryBody::Journal(Journal {
            text: text("text", e.text.take())?.unwrap_or_default(),
            mood: one_to_ten("mood", e.mood)?,
            emotions: words("emotions", &mut e.emotions)?,
        }),
        "urge" => {
            let mut halt = Halt::default();
            for h in &e.halt {
                match h.as_str() {
                    "hungry" => halt.hungry = true,
                    "angry" => halt.angry = true,
                    "lonely" => halt.lonely = true,
                    "tired" => halt.tired = true,
                    _ => return Err("`halt` may hold only hungry, angry, lonely, tired".into()),
                }
            }
            EntryBody::Urge(Urge {
                intensity: one_to_ten("intensity", e.intensity)?
                    .ok_or("`intensity` is missing (an urge needs one, 1 to 10)")?,
                triggers: words("triggers", &mut e.triggers)?,
                coping: words("coping", &mut e.coping)?,
                outcome: match e.outcome.as_deref() {
                    None => None,
                    Some("resisted") => Some(Outcome::Resisted),
                    Some("acted") => Some(Outcome::Acted),
                    Some(_) => return Err("`outcome` must be resisted or acted".into()),
                },
                minutes: count("minutes", e.minutes)?,
                note: text("note", e.note.take())?,
                halt,
                curve: curve(&e.curve)?,
            })
        }
        "lapse" => EntryBody::Lapse(Lapse {
            note: text("note", e.note.take())?,
            triggers: words("triggers", &mut e.triggers)?,
            // A chain whose text was held back on export comes back as no chain.
            chain: match e.chain.as_mut() {
                None => None,
                Some(c) => Some(Chain {
                    vulnerability: text("chain.vulnerability", c.vulnerability.take())?,
                    prompting_event: text("chain.prompting_event", c.prompting_event.take())?,
                    thoughts_feelings: text("chain.thoughts_feelings", c.thoughts_feelings.take())?,
                    consequences: text("chain.consequences", c.consequences.take())?,
                    next_time: text("chain.next_time", c.next_time.take())?,
                })
                .filter(|c| c.fields().iter().any(|(_, _, v)| v.is_some())),
            },
            urge: match e.urge.as_deref() {
                Some(s) => Some(id("urge", s)?),
                None => None,
            },
            of: match e.adds_to.as_deref() {
                Some(s) => Some(crate::model::EntryId::prefix(s).ok_or(
                    "`adds_to` must be an entry id or a prefix of one (4 to 32 hex characters)",
                )?),
                None => None,
            },
        }),
        "reflection" => EntryBody::Reflection(Reflection {
            prompt_id: super::content_id("prompt_id", e.prompt_id.take())?,
            text: text("text", e.text.take())?.unwrap_or_default(),
        }),
        "practice" => EntryBody::Practice(Practice {
            practice_id: super::content_id("practice_id", e.practice_id.take())?
                .ok_or("`practice_id` is missing (a practice entry needs one)")?,
            note: text("note", e.note.take())?,
        }),
        "checkin" => EntryBody::Checkin(Checkin {
            mood: one_to_ten("mood", e.mood)?,
            emotions: words("emotions", &mut e.emotions)?,
            urges: count("urges", e.urges)?,
            practice_id: super::content_id("practice_id", e.practice_id.take())?,
            appreciated: text("appreciated", e.appreciated.take())?,
            note: text("note", e.note.take())?,
        }),
        "agenda" => EntryBody::Agenda(Agenda {
            text: text("text", e.text.take())?.unwrap_or_default(),
            done_at: match e.done_at.as_deref() {
                Some(s) => Some(time("done_at", s, now)?),
                None => None,
            },
        }),
        _ => unreachable!("checked against KINDS above"),
    };
    Ok(Entry {
        id: entry_id,
        occurred_at,
        recorded_at,
        edited_at,
        tags,
        private: e.private,
        intimacy,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        Timestamp {
            unix_ms: 1_790_000_000_000,
            offset_s: 0,
        }
    }

    fn one(entry: &str) -> Result<Entry, ImportError> {
        let doc = format!(r#"{{"schema":1,"entries":[{entry}]}}"#);
        parse(doc.as_bytes(), now()).map(|mut v| v.remove(0))
    }

    const ID: &str = r#""id":"00112233445566778899aabbccddeeff""#;

    #[test]
    fn every_kind_reads_back() {
        let u = one(&format!(
            r#"{{{ID},"kind":"urge","occurred_at":"2026-03-01T21:30:00+01:00","intensity":7,"triggers":["Late night"],"halt":["tired"],"outcome":"acted","minutes":20,"backdated":true}}"#
        ))
        .unwrap();
        assert_eq!(u.id.to_hex(), "00112233445566778899aabbccddeeff");
        assert_eq!(u.occurred_at.offset_s, 3600);
        assert_eq!(u.recorded_at, u.occurred_at);
        let EntryBody::Urge(x) = &u.body else {
            panic!("an urge")
        };
        assert_eq!(x.intensity, 7);
        assert_eq!(x.triggers, ["late-night"]);
        assert!(x.halt.tired && !x.halt.angry);
        assert_eq!(x.outcome, Some(Outcome::Acted));
        let j = one(&format!(
            r#"{{{ID},"kind":"journal","occurred_at":"2026-03-01T21:30:00Z","text":null,"private":true,"tags":["a","a"]}}"#
        ))
        .unwrap();
        assert!(j.private);
        assert_eq!(j.tags, ["a"]);
        let EntryBody::Journal(x) = &j.body else {
            panic!("a journal entry")
        };
        assert_eq!(x.text, "");
    }

    #[test]
    fn an_urge_curve_reads_back_within_its_bounds() {
        let with = |curve: &str| {
            one(&format!(
                r#"{{{ID},"kind":"urge","occurred_at":"2026-03-01T21:30:00Z","intensity":8,"curve":{curve}}}"#
            ))
        };
        let u = with(r#"[{"seconds":0,"intensity":6},{"seconds":120,"intensity":8}]"#).unwrap();
        let EntryBody::Urge(x) = &u.body else {
            panic!("an urge")
        };
        assert_eq!(
            x.curve,
            [
                SurfSample {
                    seconds: 0,
                    intensity: 6
                },
                SurfSample {
                    seconds: 120,
                    intensity: 8
                }
            ]
        );
        let too_many: Vec<String> = (0..121)
            .map(|i| format!(r#"{{"seconds":{i},"intensity":5}}"#))
            .collect();
        for (curve, says) in [
            (
                r#"[{"seconds":0,"intensity":11}]"#,
                "must be a whole number from 1 to 10",
            ),
            (r#"[{"seconds":86401,"intensity":3}]"#, "24 hours"),
            (r#"[{"seconds":-1,"intensity":3}]"#, "24 hours"),
            (r#"[{"intensity":3}]"#, "needs `seconds`"),
            (r#"[{"seconds":3}]"#, "needs `intensity`"),
            (
                r#"[{"seconds":60,"intensity":3},{"seconds":60,"intensity":4}]"#,
                "must rise",
            ),
            (&format!("[{}]", too_many.join(",")), "at most 120 samples"),
        ] {
            let err = with(curve).unwrap_err().to_string();
            assert!(err.contains(says), "{curve}: {err}");
        }
    }

    #[test]
    fn errors_name_the_entry_and_field_but_not_the_value() {
        let cases = [
            (r#"{"kind":"journal"}"#, "`id` is missing"),
            (
                &format!(r#"{{{ID},"kind":"diary","occurred_at":"2026-03-01T21:30:00Z"}}"#),
                "`kind` must be one of",
            ),
            (
                &format!(r#"{{{ID},"kind":"urge","occurred_at":"2026-03-01T21:30:00Z"}}"#),
                "`intensity` is missing",
            ),
            (
                &format!(
                    r#"{{{ID},"kind":"urge","occurred_at":"2026-03-01T21:30:00Z","intensity":11}}"#
                ),
                "`intensity` must be",
            ),
            (
                &format!(r#"{{{ID},"kind":"journal","occurred_at":"secret-when"}}"#),
                "`occurred_at` is not an RFC 3339 time",
            ),
            (
                &format!(r#"{{{ID},"kind":"journal","occurred_at":"2099-01-01T00:00:00Z"}}"#),
                "in the future",
            ),
            (
                &format!(
                    r#"{{{ID},"kind":"urge","occurred_at":"2026-03-01T21:30:00Z","intensity":3,"outcome":"secret-outcome"}}"#
                ),
                "`outcome` must be",
            ),
        ];
        for (entry, expected) in cases {
            let e = one(entry).unwrap_err().to_string();
            assert!(e.starts_with("entry 1: "), "{e}");
            assert!(e.contains(expected), "{e}");
            assert!(!e.contains("secret"), "{e}");
        }
        let e = one(&format!(
            r#"{{{ID},"kind":"journal","occurred_at":"2026-03-01T21:30:00Z","mood":"secret text"}}"#
        ))
        .unwrap_err()
        .to_string();
        assert!(e.contains("line 1") && !e.contains("secret"), "{e}");
    }

    #[test]
    fn the_first_bad_entry_stops_the_parse_and_times_are_bounded() {
        // A million empty objects fail at the first, before the rest is held.
        let mut doc = String::from(r#"{"schema":1,"entries":["#);
        doc.push_str(&"{},".repeat(1_000_000));
        doc.push_str("{}]}");
        let e = parse(doc.as_bytes(), now()).unwrap_err().to_string();
        assert!(e.starts_with("entry 1: `id` is missing"), "{e}");
        let e = one(&format!(
            r#"{{{ID},"kind":"journal","occurred_at":"0001-01-01T00:00:00Z"}}"#
        ))
        .unwrap_err()
        .to_string();
        assert!(e.contains("before 1900"), "{e}");
        let e = one(&format!(
            r#"{{{ID},"kind":"practice","occurred_at":"2026-01-01T00:00:00Z","practice_id":"a\nb"}}"#
        ))
        .unwrap_err()
        .to_string();
        assert!(e.contains("`practice_id` must be"), "{e}");
        assert!(one(r#"{"id":"+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1","kind":"journal","occurred_at":"2026-01-01T00:00:00Z"}"#).is_err());
    }

    #[test]
    fn versions_are_checked() {
        let e = parse(
            br#"{"format":"confide-export","version":2,"entries":[]}"#,
            now(),
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("newer confide") && matches!(e, ImportError::Newer(_)),
            "{e}"
        );
        assert!(
            parse(br#"{"format":"confide-export","version":1}"#, now())
                .unwrap_err()
                .to_string()
                .contains("no `entries`")
        );
        assert!(parse(br#"{"format":"other","entries":[]}"#, now()).is_err());
        assert!(
            parse(
                br#"{"format":"confide-export","version":1,"options":{"summary_only":true},"entries":[]}"#,
                now()
            )
            .unwrap_err()
            .to_string()
            .contains("--summary-only")
        );
        assert!(
            parse(
                br#"{"format":"confide-export","version":1,"entries":[]}"#,
                now()
            )
            .unwrap()
            .is_empty()
        );
    }
}
