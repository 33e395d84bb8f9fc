//! The stable JSON view of entries (docs/json.md). Field names here are a public
//! contract: add fields, never rename or remove them without a schema version bump.

use crate::model::{Entry, EntryBody};
use serde::Serialize;

/// Schema version of the JSON entry view.
pub const SCHEMA_VERSION: u32 = 1;

/// One entry as JSON.
#[derive(Debug, Serialize)]
pub struct EntryJson<'a> {
    /// Full id, 32 hex characters.
    pub id: String,
    /// Entry kind (`journal`, ...).
    pub kind: &'static str,
    /// RFC 3339 with the offset it was recorded in.
    pub occurred_at: String,
    /// RFC 3339.
    pub recorded_at: String,
    /// RFC 3339 or null.
    pub edited_at: Option<String>,
    /// Tags.
    pub tags: &'a [String],
    /// Private flag.
    pub private: bool,
    /// Free text, where the kind has one.
    pub text: Option<&'a str>,
}

impl<'a> EntryJson<'a> {
    /// The view of one entry.
    pub fn of(e: &'a Entry) -> Self {
        let text = match &e.body {
            EntryBody::Journal { text } => Some(text.as_str()),
        };
        EntryJson {
            id: e.id.to_hex(),
            kind: e.body.kind(),
            occurred_at: e.occurred_at.to_rfc3339(),
            recorded_at: e.recorded_at.to_rfc3339(),
            edited_at: e.edited_at.map(|t| t.to_rfc3339()),
            tags: &e.tags,
            private: e.private,
            text,
        }
    }
}

/// The document `confide list --json` prints.
#[derive(Debug, Serialize)]
pub struct ListJson<'a> {
    /// Schema version.
    pub schema: u32,
    /// The entries, oldest first.
    pub entries: Vec<EntryJson<'a>>,
}

/// Writes the list document.
pub fn write_list<W: std::io::Write>(out: W, entries: &[&Entry]) -> serde_json::Result<()> {
    let doc = ListJson {
        schema: SCHEMA_VERSION,
        entries: entries.iter().map(|e| EntryJson::of(e)).collect(),
    };
    serde_json::to_writer_pretty(out, &doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntryId, Timestamp};

    #[test]
    fn schema_fields_are_stable() {
        let t = Timestamp {
            unix_ms: 1_772_400_000_000,
            offset_s: 3600,
        };
        let e = Entry {
            id: EntryId([0xab; 16]),
            occurred_at: t,
            recorded_at: t,
            edited_at: None,
            tags: vec!["evening".into()],
            private: false,
            body: EntryBody::Journal {
                text: "hello".into(),
            },
        };
        let mut out = Vec::new();
        write_list(&mut out, &[&e]).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["schema"], 1);
        let e0 = &v["entries"][0];
        assert_eq!(e0["id"], "abababababababababababababababab");
        assert_eq!(e0["kind"], "journal");
        assert_eq!(e0["occurred_at"], "2026-03-01T22:20:00+01:00");
        assert_eq!(e0["edited_at"], serde_json::Value::Null);
        assert_eq!(e0["tags"][0], "evening");
        assert_eq!(e0["text"], "hello");
    }
}
