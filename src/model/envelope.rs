//! Versioned envelopes around everything confide encodes with postcard.
//!
//! postcard is not self-describing: adding a field changes the bytes, and old bytes
//! no longer decode into the new struct. So every encoded value is wrapped in an enum
//! whose variant index is the version (`StateEnvelope::V1`, ...). When the model
//! changes, the old structs are frozen in a `vN` module here, a new variant is added,
//! and `into_current` migrates old variants forward. The committed fixture
//! `tests/testdata/v1.confide` proves that old vaults keep opening.

use super::{Entry, Timestamp};
use serde::{Deserialize, Serialize};

/// The whole decrypted state of a vault.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// Vault-wide settings.
    pub settings: Settings,
    /// All entries, in the order they were recorded.
    pub entries: Vec<Entry>,
}

/// Vault-wide settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// When the vault was created.
    pub created_at: Timestamp,
    /// The recovery start date (`init --start`).
    pub start: Timestamp,
}

/// The state as stored: a version tag, then the state of that version.
#[derive(Serialize, Deserialize)]
pub enum StateEnvelope {
    /// Format 1.
    V1(State),
}

/// The current state, borrowed, for encoding without a copy. Serializes to exactly
/// the same bytes as `StateEnvelope::V1(state)`.
#[derive(Serialize)]
pub enum StateEnvelopeRef<'a> {
    /// Format 1.
    V1(&'a State),
}

/// An appended record as stored.
#[derive(Serialize, Deserialize)]
pub enum RecordEnvelope {
    /// Format 1.
    V1(Record),
}

/// What an appended record does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Record {
    /// Adds one entry.
    Add(Entry),
}

impl StateEnvelope {
    /// Wraps the current state.
    pub fn current(state: State) -> Self {
        StateEnvelope::V1(state)
    }

    /// Migrates any stored version to the current state.
    pub fn into_current(self) -> State {
        match self {
            StateEnvelope::V1(s) => s,
        }
    }
}

impl RecordEnvelope {
    /// Wraps the current record.
    pub fn current(record: Record) -> Self {
        RecordEnvelope::V1(record)
    }

    /// Migrates any stored version to the current record.
    pub fn into_current(self) -> Record {
        match self {
            RecordEnvelope::V1(r) => r,
        }
    }
}

impl State {
    /// An empty state for a new vault.
    pub fn new(created_at: Timestamp, start: Timestamp) -> Self {
        State {
            settings: Settings { created_at, start },
            entries: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowed_envelope_encodes_like_owned() {
        let t = Timestamp {
            unix_ms: 1,
            offset_s: 0,
        };
        let state = State::new(t, t);
        let a = postcard::to_stdvec(&StateEnvelopeRef::V1(&state)).unwrap();
        let b = postcard::to_stdvec(&StateEnvelope::current(state.clone())).unwrap();
        assert_eq!(a, b);
        let back: StateEnvelope = postcard::from_bytes(&a).unwrap();
        assert_eq!(back.into_current(), state);
    }
}
