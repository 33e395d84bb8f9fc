//! The data confide keeps: entries, their ids and times, and the vault state that
//! holds them. Everything here is plain data with serde derives; the `vault` module
//! decides how it is encrypted, and `envelope` versions it.
//!
//! Every type reachable from `State` and `Record` is encoded with postcard, which
//! writes struct fields in declaration order and enum variants by index. So each
//! such type says "Wire order" in its doc: an enum's variants may only be appended,
//! never reordered or removed, and a struct's fields change only with a new envelope
//! version (docs/FORMAT.md). `tests/format_pin.rs` holds a vault and the bytes of a
//! state written by this format, and fails if either stops matching.

pub mod entry;
pub mod envelope;
pub mod id;
pub mod merge;
pub mod persisted;
pub mod time;

pub use entry::{Entry, EntryBody};
pub use envelope::{Settings, State, Tombstone};
pub use id::EntryId;
pub use persisted::{IntimacyType, Partner, Skill};
pub use time::Timestamp;
