//! The data confide keeps: entries, their ids and times, and the vault state that
//! holds them. Everything here is plain data with serde derives; the `vault` module
//! decides how it is encoded and encrypted, and `envelope` versions it.

pub mod entry;
pub mod envelope;
pub mod id;
pub mod merge;
pub mod time;

pub use entry::{Entry, EntryBody};
pub use envelope::{Settings, State, Tombstone};
pub use id::EntryId;
pub use time::Timestamp;
