//! Entries: what a person records. Every entry has the same envelope (id, times, tags,
//! privacy) and a kind-specific body.

use super::{EntryId, Timestamp};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// One recorded entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
pub struct Entry {
    /// Unique id.
    #[zeroize(skip)]
    pub id: EntryId,
    /// When it happened (may be backdated).
    #[zeroize(skip)]
    pub occurred_at: Timestamp,
    /// When it was written down.
    #[zeroize(skip)]
    pub recorded_at: Timestamp,
    /// When it was last edited, if ever.
    #[zeroize(skip)]
    pub edited_at: Option<Timestamp>,
    /// Free tags.
    pub tags: Vec<String>,
    /// Private entries never leave the vault in an export unless asked.
    pub private: bool,
    /// What kind of entry this is, with its fields.
    pub body: EntryBody,
}

/// The kind-specific part of an entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Zeroize)]
pub enum EntryBody {
    /// Free writing.
    Journal {
        /// The text.
        text: String,
    },
}

impl EntryBody {
    /// The kind's name as shown and as used in `--json`.
    pub fn kind(&self) -> &'static str {
        match self {
            EntryBody::Journal { .. } => "journal",
        }
    }

    /// A one-line summary for tables.
    pub fn summary(&self) -> String {
        match self {
            EntryBody::Journal { text } => one_line(text),
        }
    }
}

impl Entry {
    /// A new entry with a fresh id, recorded now.
    pub fn new(body: EntryBody, occurred_at: Timestamp) -> Self {
        Entry {
            id: EntryId::random(),
            occurred_at,
            recorded_at: Timestamp::now(),
            edited_at: None,
            tags: Vec::new(),
            private: false,
            body,
        }
    }
}

/// The first line of `text`, whitespace folded.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
