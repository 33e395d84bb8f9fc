//! The stable JSON view of entries (docs/json.md). Field names here are a public
//! contract: add fields, never rename or remove them without a schema version bump.

use crate::content;
use crate::model::{Entry, EntryBody};
use serde_json::{Value, json};

/// Schema version of the JSON entry view.
pub const SCHEMA_VERSION: u32 = 1;

/// Entries recorded more than this long after they happened count as backdated.
pub const BACKDATED_AFTER_MS: i64 = 60 * 60 * 1000;

/// One entry as a JSON object: the common fields, then the kind's own fields.
pub fn entry(e: &Entry) -> EntryJson<'_> {
    EntryJson {
        e,
        text: true,
        chain: true,
    }
}

/// An entry as JSON with its free text removed (fields kept, as null), for exports
/// where the person did not allow the text to leave.
pub fn entry_without_text(e: &Entry) -> EntryJson<'_> {
    EntryJson {
        e,
        text: false,
        chain: false,
    }
}

/// An entry as JSON with its free text as a report allows it: a lapse's chain
/// analysis by [`super::report::Report::chain_text_allowed`] (it leaves by default),
/// every other text by [`super::report::Report::text_allowed`].
pub fn entry_in_report<'a>(r: &super::report::Report<'_>, e: &'a Entry) -> EntryJson<'a> {
    EntryJson {
        e,
        text: r.text_allowed(e),
        chain: r.chain_text_allowed(e),
    }
}

/// An entry's JSON view, serialized straight from the entry: no intermediate tree,
/// so its text is not copied into short-lived strings that are never wiped.
pub struct EntryJson<'a> {
    e: &'a Entry,
    text: bool,
    chain: bool,
}

impl<'a> serde::Serialize for EntryJson<'a> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let e: &'a Entry = self.e;
        let on = self.text;
        let free = |t: &'a Option<String>| -> Option<&'a str> { t.as_deref().filter(|_| on) };
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &e.id.to_hex())?;
        m.serialize_entry("kind", e.body.kind())?;
        m.serialize_entry("occurred_at", &e.occurred_at.to_rfc3339_exact())?;
        m.serialize_entry("recorded_at", &e.recorded_at.to_rfc3339_exact())?;
        m.serialize_entry(
            "backdated",
            &(e.recorded_at.unix_ms - e.occurred_at.unix_ms > BACKDATED_AFTER_MS),
        )?;
        m.serialize_entry("edited_at", &e.edited_at.map(|t| t.to_rfc3339_exact()))?;
        m.serialize_entry("tags", &e.tags)?;
        m.serialize_entry("private", &e.private)?;
        m.serialize_entry("intimacy", &e.intimacy.map(|t| t.as_str()))?;
        let text: Option<&str> = match &e.body {
            EntryBody::Journal(j) => Some(&j.text),
            EntryBody::Reflection(r) => Some(&r.text),
            EntryBody::Agenda(a) => Some(&a.text),
            _ => None,
        };
        m.serialize_entry("text", &text.filter(|_| self.text))?;
        match &e.body {
            EntryBody::Journal(j) => {
                m.serialize_entry("mood", &j.mood)?;
                m.serialize_entry("emotions", &j.emotions)?;
            }
            EntryBody::Urge(u) => {
                m.serialize_entry("intensity", &u.intensity)?;
                m.serialize_entry("triggers", &u.triggers)?;
                m.serialize_entry("coping", &u.coping)?;
                m.serialize_entry("outcome", &u.outcome.map(|o| o.as_str()))?;
                m.serialize_entry("minutes", &u.minutes)?;
                m.serialize_entry("note", &free(&u.note))?;
                m.serialize_entry("halt", &u.halt.names())?;
                m.serialize_entry("curve", &u.curve)?;
            }
            EntryBody::Lapse(l) => {
                m.serialize_entry("note", &free(&l.note))?;
                m.serialize_entry("triggers", &l.triggers)?;
                m.serialize_entry("chain", &l.chain.as_ref().map(|c| Chain(c, self.chain)))?;
                m.serialize_entry("urge", &l.urge.map(|id| id.to_hex()))?;
                m.serialize_entry("adds_to", &l.of)?;
            }
            EntryBody::Reflection(r) => {
                m.serialize_entry("prompt_id", &r.prompt_id)?;
                let prompt = r
                    .prompt_id
                    .as_deref()
                    .and_then(content::prompt)
                    .map(|p| p.text);
                m.serialize_entry("prompt", &prompt)?;
            }
            EntryBody::Practice(p) => {
                m.serialize_entry("practice_id", &p.practice_id)?;
                m.serialize_entry(
                    "practice",
                    &content::practice(&p.practice_id).map(|x| x.name),
                )?;
                m.serialize_entry("note", &free(&p.note))?;
            }
            EntryBody::Checkin(c) => {
                m.serialize_entry("mood", &c.mood)?;
                m.serialize_entry("emotions", &c.emotions)?;
                m.serialize_entry("urges", &c.urges)?;
                m.serialize_entry("practice_id", &c.practice_id)?;
                m.serialize_entry("appreciated", &free(&c.appreciated))?;
                m.serialize_entry("note", &free(&c.note))?;
            }
            EntryBody::Agenda(a) => {
                m.serialize_entry("done_at", &a.done_at.map(|t| t.to_rfc3339_exact()))?;
            }
        }
        m.end()
    }
}

/// A lapse's chain of events, its fields in order; all null without text.
struct Chain<'a>(&'a crate::model::entry::Chain, bool);

impl serde::Serialize for Chain<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        for (key, _, value) in self.0.fields() {
            m.serialize_entry(key, &value.as_deref().filter(|_| self.1))?;
        }
        m.end()
    }
}

/// Writes the document `confide list --json` prints: `{"schema": 1, "entries": [...]}`.
pub fn write_list<W: std::io::Write>(out: W, entries: &[&Entry]) -> std::io::Result<()> {
    let mut list = ListWriter::begin(out)?;
    for e in entries {
        list.entry(e)?;
    }
    list.end()
}

/// The `confide list --json` document written one entry at a time, as the entries
/// come (a large list is never held whole): [`ListWriter::begin`], an
/// [`ListWriter::entry`] for each, [`ListWriter::end`]. Same bytes as [`write_list`].
pub struct ListWriter<W: std::io::Write> {
    out: W,
    written: usize,
}

impl<W: std::io::Write> ListWriter<W> {
    /// Writes the document's start.
    pub fn begin(mut out: W) -> std::io::Result<Self> {
        write!(out, "{{\n  \"schema\": {SCHEMA_VERSION},\n  \"entries\": [")?;
        Ok(ListWriter { out, written: 0 })
    }

    /// Writes one entry.
    pub fn entry(&mut self, e: &Entry) -> std::io::Result<()> {
        if self.written > 0 {
            write!(self.out, ",")?;
        }
        write!(self.out, "\n    ")?;
        crate::sanitize::json::to_writer(&mut self.out, &entry(e))?;
        self.written += 1;
        Ok(())
    }

    /// Writes the document's end (no newline after it).
    pub fn end(mut self) -> std::io::Result<()> {
        if self.written > 0 {
            write!(self.out, "\n  ")?;
        }
        write!(self.out, "]\n}}")
    }
}

/// The export's entries, serialized one at a time: each entry's JSON value exists
/// only while it is written, so the plaintext is never all copied into one tree.
struct Entries<'r, 'a>(&'r super::report::Report<'a>);

impl serde::Serialize for Entries<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let r = self.0;
        let mut seq = s.serialize_seq(Some(r.entries.len()))?;
        for e in &r.entries {
            seq.serialize_element(&entry_in_report(r, e))?;
        }
        seq.end()
    }
}

/// The export document, in its field order (docs/json.md).
#[derive(serde::Serialize)]
struct ExportDoc<'r, 'a> {
    format: &'static str,
    version: u32,
    generated_at: String,
    range: Value,
    start: String,
    options: Value,
    held_back_private: usize,
    completeness: Value,
    recorded_late: usize,
    private_left_out_of_figures: usize,
    summary: &'r crate::analysis::review::Review,
    lapse_episodes: Vec<Value>,
    agenda: Vec<Value>,
    entries: Entries<'r, 'a>,
}

/// The JSON export document (docs/json.md): full fidelity within what the person
/// allowed; also the backup and migration format read by `confide import`.
pub fn write_report<W: std::io::Write>(
    out: W,
    r: &super::report::Report,
) -> serde_json::Result<()> {
    use super::report::TextPolicy;
    let doc = ExportDoc {
        format: "confide-export",
        version: 1,
        generated_at: r.options.generated_at.to_rfc3339(),
        range: json!({ "since": r.options.since.to_rfc3339(), "until": r.options.until.to_rfc3339() }),
        start: r.options.start.to_rfc3339_exact(),
        options: json!({
            "include_private": r.options.include_private,
            "text": match r.options.text { TextPolicy::Default => "default", TextPolicy::Include => "include", TextPolicy::None => "none" },
            "kinds": r.options.kinds,
            "summary_only": r.options.summary_only,
        }),
        held_back_private: r.held_back_private,
        completeness: json!({ "days_with_entries": r.days_with_entries, "days_in_range": r.days_in_range }),
        recorded_late: r.recorded_late,
        private_left_out_of_figures: r.private_left_out,
        summary: &r.summary,
        lapse_episodes: r
            .lapse_episodes
            .iter()
            .map(|ep| {
                json!({
                    "at": ep.at.to_rfc3339(),
                    "entries": ep.entries.iter().map(|e| e.id.to_hex()).collect::<Vec<_>>(),
                })
            })
            .collect(),
        agenda: r
            .agenda
            .iter()
            .filter_map(|e| match &e.body {
                EntryBody::Agenda(a) => Some(json!({
                    "id": e.id.to_hex(),
                    "at": e.occurred_at.to_rfc3339(),
                    "text": a.text,
                })),
                _ => None,
            })
            .collect(),
        entries: Entries(r),
    };
    crate::sanitize::json::to_writer_pretty(out, &doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entry::{Chain, Halt, Journal, Lapse, Outcome, SurfSample, Urge};
    use crate::model::{EntryId, Timestamp};

    fn base(body: EntryBody) -> Entry {
        let t = Timestamp {
            unix_ms: 1_772_400_000_000,
            offset_s: 3600,
        };
        Entry {
            id: EntryId([0xab; 16]),
            occurred_at: t,
            recorded_at: Timestamp {
                unix_ms: t.unix_ms + 3 * 3_600_000,
                offset_s: 3600,
            },
            edited_at: None,
            tags: vec!["evening".into()],
            private: false,
            intimacy: Some(content::IntimacyType::Emotional),
            body,
        }
    }

    fn round(entries: &[&Entry]) -> Value {
        let mut out = Vec::new();
        write_list(&mut out, entries).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn common_fields_are_stable() {
        let e = base(EntryBody::Journal(Journal {
            text: "hello".into(),
            mood: Some(6),
            emotions: vec!["calm".into()],
        }));
        let v = round(&[&e]);
        assert_eq!(v["schema"], 1);
        let e0 = &v["entries"][0];
        assert_eq!(e0["id"], "abababababababababababababababab");
        assert_eq!(e0["kind"], "journal");
        assert_eq!(e0["occurred_at"], "2026-03-01T22:20:00+01:00");
        assert_eq!(e0["recorded_at"], "2026-03-02T01:20:00+01:00");
        assert_eq!(e0["backdated"], true);
        assert_eq!(e0["edited_at"], Value::Null);
        assert_eq!(e0["tags"][0], "evening");
        assert_eq!(e0["intimacy"], "emotional");
        assert_eq!(e0["text"], "hello");
        assert_eq!(e0["mood"], 6);
        assert_eq!(e0["emotions"][0], "calm");
        assert_eq!(round(&[])["entries"], json!([]));
    }

    #[test]
    fn urge_and_lapse_fields() {
        let u = base(EntryBody::Urge(Urge {
            intensity: 7,
            triggers: vec!["tired".into()],
            coping: vec!["walk".into()],
            outcome: Some(Outcome::Resisted),
            minutes: Some(15),
            note: None,
            halt: Halt {
                tired: true,
                lonely: true,
                ..Halt::default()
            },
            curve: vec![
                SurfSample {
                    seconds: 0,
                    intensity: 6,
                },
                SurfSample {
                    seconds: 120,
                    intensity: 3,
                },
            ],
        }));
        let l = base(EntryBody::Lapse(Lapse {
            of: None,
            note: Some("n".into()),
            triggers: vec![],
            chain: Some(Chain {
                next_time: Some("call a friend".into()),
                ..Chain::default()
            }),
            urge: Some(EntryId([1; 16])),
        }));
        let v = round(&[&u, &l]);
        let u = &v["entries"][0];
        assert_eq!(u["intensity"], 7);
        assert_eq!(u["outcome"], "resisted");
        assert_eq!(u["halt"], json!(["lonely", "tired"]));
        assert_eq!(
            u["curve"],
            json!([{"seconds": 0, "intensity": 6}, {"seconds": 120, "intensity": 3}])
        );
        assert_eq!(u["text"], Value::Null);
        let l = &v["entries"][1];
        assert_eq!(l["chain"]["next_time"], "call a friend");
        assert_eq!(l["chain"]["vulnerability"], Value::Null);
        assert_eq!(l["urge"], "01010101010101010101010101010101");
    }
}
