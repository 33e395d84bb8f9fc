//! Versioned envelopes around everything confide encodes with postcard.
//!
//! postcard is not self-describing: adding a field changes the bytes, and old bytes
//! no longer decode into the new struct. So every encoded value is wrapped in an enum
//! whose variant index is the version (`StateEnvelope::V1`, `V2`, ...). When the model
//! changes, the old structs are frozen in a `vN` module here, a new variant is added,
//! and `into_current` migrates old variants forward. The committed fixture
//! `tests/testdata/v1.confide` proves that old vaults keep opening.
//!
//! Enum variants are encoded by index: never reorder or remove a variant of any type
//! reachable from here (entry kinds, outcomes, intimacy types, skills); add new ones
//! at the end.

use super::{Entry, EntryId, Partner, Skill, Timestamp};
use serde::{Deserialize, Serialize};

/// The whole decrypted state of a vault.
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// Vault-wide settings.
    pub settings: Settings,
    /// All entries, in the order they were recorded.
    pub entries: Vec<Entry>,
    /// Export files confide wrote, so `confide wipe` can destroy them too.
    pub exports: Vec<ExportRecord>,
    /// Entries deleted from this vault, so that `confide merge` knows a deletion from
    /// an entry the other copy never had. Kept forever (an id and a time each).
    pub tombstones: Vec<Tombstone>,
}

/// A deleted entry: its id and when it was deleted (nothing of what it said).
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tombstone {
    /// The deleted entry's id.
    pub id: EntryId,
    /// When it was deleted.
    pub deleted_at: Timestamp,
}

/// An export file confide wrote.
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportRecord {
    /// Its absolute path, as bytes (paths need not be UTF-8).
    pub path: Vec<u8>,
    /// When it was written.
    pub written_at: Timestamp,
    /// Whether it was encrypted.
    pub encrypted: bool,
    /// SHA-256 of the bytes written: `wipe` destroys the file only while it still
    /// holds them (a file changed or replaced since is someone else's, and left alone).
    pub sha256: Vec<u8>,
    /// Who it was for, so `export --since-last` can find the previous export to the
    /// same people: the recipients' public keys as given (an SSH key without its
    /// comment), trimmed, sorted and without repeats; [`ExportRecord::PASSPHRASE`]
    /// for a one-time passphrase, [`ExportRecord::PLAINTEXT`] for `--plaintext`.
    /// Empty for an export made before format 8. Format 8.
    pub to: Vec<String>,
    /// The end of the range the export covered (the report's `until`): the next
    /// `export --since-last` to the same people starts just after it, so nothing
    /// dated between the end of one report and the writing of it is left out of
    /// both. An export made before format 8 has its `written_at` here. Format 8.
    pub until: Timestamp,
}

impl ExportRecord {
    /// `to` of an export protected with a one-time passphrase (no recipient key
    /// starts like this).
    pub const PASSPHRASE: &'static str = "passphrase";
    /// `to` of a `--plaintext` export.
    pub const PLAINTEXT: &'static str = "plaintext";

    /// `to` for an export encrypted to `recipients` (age recipients or SSH public
    /// keys, as given): each trimmed, an SSH key without its comment (the key is who
    /// it is for, the comment only a label), sorted, each once. The same people give
    /// the same `to` whatever the order or spacing they were given in.
    pub fn to_recipients<'a>(recipients: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let mut to: Vec<String> = recipients
            .into_iter()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(|r| {
                if r.starts_with("ssh-") {
                    r.split_whitespace().take(2).collect::<Vec<_>>().join(" ")
                } else {
                    r.to_string()
                }
            })
            .collect();
        to.sort();
        to.dedup();
        to
    }

    /// The path.
    pub fn path(&self) -> std::path::PathBuf {
        use std::os::unix::ffi::OsStrExt;
        std::path::PathBuf::from(std::ffi::OsStr::from_bytes(&self.path))
    }
}

/// Vault-wide settings.
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// When the vault was created.
    pub created_at: Timestamp,
    /// The recovery start date (`init --start`, `confide start DATE`).
    pub start: Timestamp,
    /// The skills the person chose to focus on (`plan --focus`).
    pub focus: Vec<Skill>,
    /// When a setting last changed (for merging copies later).
    pub updated_at: Option<Timestamp>,
    /// Earlier recovery starts, oldest change first, each with when it was replaced
    /// (`confide start DATE`), so that `merge` can reconcile two copies. Format 6.
    pub start_history: Vec<StartChange>,
    /// Whether the person has a partner (`confide settings --partner`); `None` when
    /// not said in the vault (the config file's `partner`, then "prefer not to
    /// say"). Format 10.
    pub partner: Option<Partner>,
}

/// A recovery start that was replaced.
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartChange {
    /// The start as it was.
    pub start: Timestamp,
    /// When it was replaced.
    pub replaced_at: Timestamp,
}

impl Settings {
    /// Moves the recovery start, keeping the earlier one in the history.
    pub fn move_start(&mut self, start: Timestamp, now: Timestamp) {
        if start == self.start {
            return;
        }
        self.start_history.push(StartChange {
            start: self.start,
            replaced_at: now,
        });
        self.start = start;
        self.updated_at = Some(now);
    }
}

/// The state as stored: a version tag, then the state of that version.
///
/// Wire order: append only, never reorder (postcard stores the variant index).
#[derive(Serialize, Deserialize)]
pub enum StateEnvelope {
    /// Format 1 (journal entries only).
    V1(v1::State),
    /// Format 2 (all entry kinds).
    V2(v2::State),
    /// Format 3 (focus skills in the settings).
    V3(v3::State),
    /// Format 4 (remembered export files).
    V4(v4::State),
    /// Format 5 (tombstones of deleted entries).
    V5(v5::State),
    /// Format 6 (lapses added to an episode by id; the history of the start). The
    /// same layout as format 7: its bytes never hold an agenda entry.
    V6(v7::State),
    /// Format 7: format 6 plus the agenda entry kind. A new version only so that an
    /// older confide says "needs a newer confide" instead of "damaged" for a vault
    /// that holds an agenda point.
    V7(v7::State),
    /// Format 8: each remembered export says who it was for (`ExportRecord::to`)
    /// and where the range it covered ended (`ExportRecord::until`).
    V8(v8::State),
    /// Format 9: an urge may carry a surfing curve (`Urge::curve`).
    V9(v9::State),
    /// Format 10: the settings say whether the person has a partner
    /// (`Settings::partner`).
    V10(State),
}

/// Decodes a [`StateEnvelope`] of the current format while handing each entry to
/// `sink` instead of keeping it: read-only commands over a large vault keep only the
/// entries they show. The returned state has no entries. Formats 6 to 9 are read
/// this way (they differ only in the remembered exports and the urges, which are
/// migrated); older formats are refused (an error), and the caller reads those whole
/// and migrates them.
pub struct StreamingEnvelope<'s> {
    /// Receives every entry, in the stored order.
    pub sink: &'s mut dyn FnMut(Entry),
}

impl<'de> serde::de::DeserializeSeed<'de> for StreamingEnvelope<'_> {
    type Value = State;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<State, D::Error> {
        use serde::de::{self, DeserializeSeed, EnumAccess, SeqAccess, VariantAccess, Visitor};
        use std::fmt;

        struct Envelope<'s>(&'s mut dyn FnMut(Entry));
        /// The entry sink, and the variant index (the format less one).
        struct StateFields<'s>(&'s mut dyn FnMut(Entry), u32);
        /// The entry sink, and whether the entries are today's (format 9 on).
        struct Entries<'s>(&'s mut dyn FnMut(Entry), bool);

        impl<'de> Visitor<'de> for Envelope<'_> {
            type Value = State;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a state envelope")
            }
            fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<State, A::Error> {
                let (version, variant): (u32, _) = data.variant()?;
                if !CURRENT_STATE_VARIANTS.contains(&version) {
                    return Err(de::Error::custom("not the current state format"));
                }
                variant.newtype_variant_seed(StateFields(self.0, version))
            }
        }

        impl<'de> DeserializeSeed<'de> for StateFields<'_> {
            type Value = State;
            fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<State, D::Error> {
                d.deserialize_struct(
                    "State",
                    &["settings", "entries", "exports", "tombstones"],
                    self,
                )
            }
        }

        impl<'de> Visitor<'de> for StateFields<'_> {
            type Value = State;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a state")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<State, A::Error> {
                let settings = if self.1 >= V10_INDEX {
                    seq.next_element::<Settings>()?
                } else {
                    seq.next_element::<v9::Settings>()?
                        .map(v9::Settings::migrate)
                }
                .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                seq.next_element_seed(Entries(self.0, self.1 >= V9_INDEX))?
                    .ok_or_else(|| de::Error::custom("missing entries"))?;
                let exports = if self.1 >= V8_INDEX {
                    seq.next_element::<Vec<ExportRecord>>()?
                } else {
                    seq.next_element::<Vec<v7::ExportRecord>>()?
                        .map(|v| v.into_iter().map(v7::ExportRecord::migrate).collect())
                }
                .ok_or_else(|| de::Error::custom("missing exports"))?;
                let tombstones = seq
                    .next_element::<Vec<Tombstone>>()?
                    .ok_or_else(|| de::Error::custom("missing tombstones"))?;
                Ok(State {
                    settings,
                    entries: Vec::new(),
                    exports,
                    tombstones,
                })
            }
        }

        impl<'de> DeserializeSeed<'de> for Entries<'_> {
            type Value = ();
            fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
                d.deserialize_seq(self)
            }
        }

        impl<'de> Visitor<'de> for Entries<'_> {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("entries")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
                if self.1 {
                    while let Some(entry) = seq.next_element::<Entry>()? {
                        (self.0)(entry);
                    }
                } else {
                    while let Some(entry) = seq.next_element::<v8::Entry>()? {
                        (self.0)(entry.migrate());
                    }
                }
                Ok(())
            }
        }

        d.deserialize_enum(
            "StateEnvelope",
            &["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10"],
            Envelope(self.sink),
        )
    }
}

/// The variant indexes in [`StateEnvelope`] that the streaming decoder reads:
/// formats 6 and 7 (`v7::State`), 8 (`v8::State`), 9 (`v9::State`) and 10 (today's
/// `State`).
const CURRENT_STATE_VARIANTS: [u32; 5] = [5, 6, V8_INDEX, V9_INDEX, V10_INDEX];
/// The variant index of format 8 in [`StateEnvelope`] (exports with `to` and
/// `until` from here on).
const V8_INDEX: u32 = 7;
/// The variant index of format 9 in [`StateEnvelope`] (urges with a curve).
const V9_INDEX: u32 = 8;
/// The variant index of format 10 in [`StateEnvelope`] (settings with the partner).
const V10_INDEX: u32 = 9;

/// The current state, borrowed, for encoding without a copy. Serializes to exactly
/// the same bytes as the current variant of [`StateEnvelope`]; the unused variant
/// keeps the index right.
///
/// Wire order: append only, never reorder (postcard stores the variant index).
#[derive(Serialize)]
pub enum StateEnvelopeRef<'a> {
    /// Never written; holds variant index 0.
    V1(()),
    /// Never written; holds variant index 1.
    V2(()),
    /// Never written; holds variant index 2.
    V3(()),
    /// Never written; holds variant index 3.
    V4(()),
    /// Never written; holds variant index 4.
    V5(()),
    /// Never written; holds variant index 5 (format 6, same layout as 7).
    V6(()),
    /// Never written; holds variant index 6 (format 7).
    V7(()),
    /// Never written; holds variant index 7 (format 8).
    V8(()),
    /// Never written; holds variant index 8 (format 9).
    V9(()),
    /// Format 10.
    V10(&'a State),
}

impl<'a> StateEnvelopeRef<'a> {
    /// Wraps the current state.
    pub fn current(state: &'a State) -> Self {
        StateEnvelopeRef::V10(state)
    }
}

/// An appended record as stored.
///
/// Wire order: append only, never reorder (postcard stores the variant index).
#[derive(Serialize, Deserialize)]
pub enum RecordEnvelope {
    /// Format 1.
    V1(v1::Record),
    /// Format 2 (entries of state formats 2 to 5).
    V2(v5::Record),
    /// Format 3 (entries of state format 6). The same layout as format 4: its
    /// bytes never hold an agenda entry.
    V3(v8::Record),
    /// Format 4 (entries of state formats 7 and 8: format 3 plus the agenda entry
    /// kind).
    V4(v8::Record),
    /// Format 5 (entries of state format 9: an urge may carry a surfing curve).
    V5(Record),
}

/// What an appended record does.
///
/// Wire order: append only, never reorder (postcard stores the variant index).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Record {
    /// Adds one entry.
    Add(Entry),
}

impl StateEnvelope {
    /// Wraps the current state.
    pub fn current(state: State) -> Self {
        StateEnvelope::V10(state)
    }

    /// Migrates any stored version to the current state.
    pub fn into_current(self) -> State {
        match self {
            StateEnvelope::V1(s) => s
                .migrate()
                .migrate()
                .migrate()
                .migrate()
                .migrate()
                .migrate()
                .migrate()
                .migrate(),
            StateEnvelope::V2(s) => s
                .migrate()
                .migrate()
                .migrate()
                .migrate()
                .migrate()
                .migrate()
                .migrate(),
            StateEnvelope::V3(s) => s
                .migrate()
                .migrate()
                .migrate()
                .migrate()
                .migrate()
                .migrate(),
            StateEnvelope::V4(s) => s.migrate().migrate().migrate().migrate().migrate(),
            StateEnvelope::V5(s) => s.migrate().migrate().migrate().migrate(),
            StateEnvelope::V6(s) | StateEnvelope::V7(s) => s.migrate().migrate().migrate(),
            StateEnvelope::V8(s) => s.migrate().migrate(),
            StateEnvelope::V9(s) => s.migrate(),
            StateEnvelope::V10(s) => s,
        }
    }
}

impl RecordEnvelope {
    /// Wraps the current record.
    pub fn current(record: Record) -> Self {
        RecordEnvelope::V5(record)
    }

    /// Migrates any stored version to the current record.
    pub fn into_current(self) -> Record {
        match self {
            RecordEnvelope::V1(v1::Record::Add(e)) => Record::Add(e.migrate().migrate().migrate()),
            RecordEnvelope::V2(v5::Record::Add(e)) => Record::Add(e.migrate().migrate()),
            RecordEnvelope::V3(r) | RecordEnvelope::V4(r) => r.migrate(),
            RecordEnvelope::V5(r) => r,
        }
    }
}

impl State {
    /// An empty state for a new vault.
    pub fn new(created_at: Timestamp, start: Timestamp) -> Self {
        State {
            settings: Settings {
                created_at,
                start,
                focus: Vec::new(),
                updated_at: None,
                start_history: Vec::new(),
                partner: None,
            },
            entries: Vec::new(),
            exports: Vec::new(),
            tombstones: Vec::new(),
        }
    }
}

/// Format 9, frozen: settings without the partner setting. Entries, export records
/// and tombstones are unchanged in format 10, so they are shared. The settings of
/// formats 6 to 8 are these too.
///
/// Wire order: frozen; these types are never changed, only migrated from.
pub mod v9 {
    use super::super::{Skill, Timestamp};
    use serde::{Deserialize, Serialize};

    /// Settings of formats 6 to 9.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct Settings {
        /// Created.
        pub created_at: Timestamp,
        /// Recovery start.
        pub start: Timestamp,
        /// Focus skills.
        pub focus: Vec<Skill>,
        /// Last change.
        pub updated_at: Option<Timestamp>,
        /// Earlier starts.
        pub start_history: Vec<super::StartChange>,
    }

    /// v9 state.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct State {
        /// Settings.
        pub settings: Settings,
        /// Entries.
        pub entries: Vec<super::Entry>,
        /// Remembered exports.
        pub exports: Vec<super::ExportRecord>,
        /// Deleted entries.
        pub tombstones: Vec<super::Tombstone>,
    }

    impl Settings {
        /// To v10: the partner setting not said.
        pub fn migrate(self) -> super::Settings {
            super::Settings {
                created_at: self.created_at,
                start: self.start,
                focus: self.focus,
                updated_at: self.updated_at,
                start_history: self.start_history,
                partner: None,
            }
        }
    }

    impl State {
        /// To v10.
        pub fn migrate(self) -> super::State {
            super::State {
                settings: self.settings.migrate(),
                entries: self.entries,
                exports: self.exports,
                tombstones: self.tombstones,
            }
        }
    }
}

/// Format 8, frozen: urges without a surfing curve. Settings, export records,
/// tombstones and the entry bodies other than the urge are unchanged in format 9, so
/// they are shared. Record formats 3 and 4 hold these entries too.
///
/// Wire order: frozen; these types are never changed, only migrated from.
pub mod v8 {
    use super::super::{EntryId, IntimacyType, Timestamp, entry};
    use serde::{Deserialize, Serialize};

    /// v8 urge (also formats 2 to 7, and record formats 2 to 4).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct Urge {
        /// 1-10.
        pub intensity: u8,
        /// Triggers.
        pub triggers: Vec<String>,
        /// Coping.
        pub coping: Vec<String>,
        /// Outcome.
        pub outcome: Option<entry::Outcome>,
        /// Minutes.
        pub minutes: Option<u32>,
        /// Note.
        pub note: Option<String>,
        /// HALT flags.
        pub halt: entry::Halt,
    }

    /// v8 body: the urge differs (also formats 6 and 7).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub enum EntryBody {
        /// Journal.
        Journal(entry::Journal),
        /// Urge.
        Urge(Urge),
        /// Lapse.
        Lapse(entry::Lapse),
        /// Reflection.
        Reflection(entry::Reflection),
        /// Practice.
        Practice(entry::Practice),
        /// Check-in.
        Checkin(entry::Checkin),
        /// Agenda point.
        Agenda(entry::Agenda),
    }

    /// v8 entry (also formats 6 and 7, and record formats 3 and 4).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct Entry {
        /// Id.
        pub id: EntryId,
        /// When it happened.
        pub occurred_at: Timestamp,
        /// When it was written down.
        pub recorded_at: Timestamp,
        /// Last edit.
        pub edited_at: Option<Timestamp>,
        /// Tags.
        pub tags: Vec<String>,
        /// Private flag.
        pub private: bool,
        /// Intimacy type.
        pub intimacy: Option<IntimacyType>,
        /// Body.
        pub body: EntryBody,
    }

    /// v8 state.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct State {
        /// Settings.
        pub settings: super::v9::Settings,
        /// Entries.
        pub entries: Vec<Entry>,
        /// Remembered exports.
        pub exports: Vec<super::ExportRecord>,
        /// Deleted entries.
        pub tombstones: Vec<super::Tombstone>,
    }

    /// v8 record (record formats 3 and 4).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub enum Record {
        /// Add an entry.
        Add(Entry),
    }

    impl Urge {
        /// To v9: no surfing curve.
        pub fn migrate(self) -> entry::Urge {
            entry::Urge {
                intensity: self.intensity,
                triggers: self.triggers,
                coping: self.coping,
                outcome: self.outcome,
                minutes: self.minutes,
                note: self.note,
                halt: self.halt,
                curve: Vec::new(),
            }
        }
    }

    impl Entry {
        /// To v9: an urge without a curve; every other entry as it was.
        pub fn migrate(self) -> entry::Entry {
            let body = match self.body {
                EntryBody::Journal(x) => entry::EntryBody::Journal(x),
                EntryBody::Urge(x) => entry::EntryBody::Urge(x.migrate()),
                EntryBody::Lapse(x) => entry::EntryBody::Lapse(x),
                EntryBody::Reflection(x) => entry::EntryBody::Reflection(x),
                EntryBody::Practice(x) => entry::EntryBody::Practice(x),
                EntryBody::Checkin(x) => entry::EntryBody::Checkin(x),
                EntryBody::Agenda(x) => entry::EntryBody::Agenda(x),
            };
            entry::Entry {
                id: self.id,
                occurred_at: self.occurred_at,
                recorded_at: self.recorded_at,
                edited_at: self.edited_at,
                tags: self.tags,
                private: self.private,
                intimacy: self.intimacy,
                body,
            }
        }
    }

    impl State {
        /// To v9.
        pub fn migrate(self) -> super::v9::State {
            super::v9::State {
                settings: self.settings,
                entries: self.entries.into_iter().map(Entry::migrate).collect(),
                exports: self.exports,
                tombstones: self.tombstones,
            }
        }
    }

    impl Record {
        /// To record format 5.
        pub fn migrate(self) -> super::Record {
            let Record::Add(e) = self;
            super::Record::Add(e.migrate())
        }
    }
}

/// Formats 6 and 7, frozen: export records without `to` and `until`. Settings,
/// entries (`v8::Entry`) and tombstones are unchanged in format 8, so they are
/// shared.
///
/// Wire order: frozen; these types are never changed, only migrated from.
pub mod v7 {
    use super::super::Timestamp;
    use super::v8::Entry;
    use serde::{Deserialize, Serialize};

    /// v7 export record (also formats 4 to 6).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct ExportRecord {
        /// Absolute path, as bytes.
        pub path: Vec<u8>,
        /// When it was written.
        pub written_at: Timestamp,
        /// Whether it was encrypted.
        pub encrypted: bool,
        /// SHA-256 of the bytes written.
        pub sha256: Vec<u8>,
    }

    /// v7 state (also format 6).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct State {
        /// Settings.
        pub settings: super::v9::Settings,
        /// Entries.
        pub entries: Vec<Entry>,
        /// Remembered exports.
        pub exports: Vec<ExportRecord>,
        /// Deleted entries.
        pub tombstones: Vec<super::Tombstone>,
    }

    impl ExportRecord {
        /// To v8: who it was for is not known, and the range it covered is taken
        /// to end when it was written.
        pub fn migrate(self) -> super::ExportRecord {
            super::ExportRecord {
                path: self.path,
                written_at: self.written_at,
                encrypted: self.encrypted,
                sha256: self.sha256,
                to: Vec::new(),
                until: self.written_at,
            }
        }
    }

    impl State {
        /// To v8.
        pub fn migrate(self) -> super::v8::State {
            super::v8::State {
                settings: self.settings,
                entries: self.entries,
                exports: self
                    .exports
                    .into_iter()
                    .map(ExportRecord::migrate)
                    .collect(),
                tombstones: self.tombstones,
            }
        }
    }
}

/// Format 5, frozen: lapses without `of`, settings without the start's history.
/// Export records (`v7::ExportRecord`) and tombstones are unchanged in format 6, so
/// they are shared; so are the entry bodies other than the lapse.
///
/// Wire order: frozen; these types are never changed, only migrated from.
pub mod v5 {
    use super::super::{EntryId, Timestamp, entry};
    use serde::{Deserialize, Serialize};

    /// v5 settings (also formats 3 and 4).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct Settings {
        /// Created.
        pub created_at: Timestamp,
        /// Recovery start.
        pub start: Timestamp,
        /// Focus skills.
        pub focus: Vec<super::super::Skill>,
        /// Last change.
        pub updated_at: Option<Timestamp>,
    }

    /// v5 state.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct State {
        /// Settings.
        pub settings: Settings,
        /// Entries.
        pub entries: Vec<Entry>,
        /// Remembered exports.
        pub exports: Vec<super::v7::ExportRecord>,
        /// Deleted entries.
        pub tombstones: Vec<super::Tombstone>,
    }

    /// v5 entry (also formats 2 to 4, and record format 2).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct Entry {
        /// Id.
        pub id: EntryId,
        /// When it happened.
        pub occurred_at: Timestamp,
        /// When it was written down.
        pub recorded_at: Timestamp,
        /// Last edit.
        pub edited_at: Option<Timestamp>,
        /// Tags.
        pub tags: Vec<String>,
        /// Private flag.
        pub private: bool,
        /// Intimacy type.
        pub intimacy: Option<super::super::IntimacyType>,
        /// Body.
        pub body: EntryBody,
    }

    /// v5 body: the lapse differs.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub enum EntryBody {
        /// Journal.
        Journal(entry::Journal),
        /// Urge.
        Urge(super::v8::Urge),
        /// Lapse.
        Lapse(Lapse),
        /// Reflection.
        Reflection(entry::Reflection),
        /// Practice.
        Practice(entry::Practice),
        /// Check-in.
        Checkin(entry::Checkin),
    }

    /// v5 lapse.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct Lapse {
        /// Note.
        pub note: Option<String>,
        /// Triggers.
        pub triggers: Vec<String>,
        /// Chain analysis.
        pub chain: Option<entry::Chain>,
        /// The acted urge it was recorded with.
        pub urge: Option<EntryId>,
    }

    /// v5 record (record format 2).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub enum Record {
        /// Add an entry.
        Add(Entry),
    }

    impl Settings {
        /// To v6: no earlier starts.
        pub fn migrate(self) -> super::v9::Settings {
            super::v9::Settings {
                created_at: self.created_at,
                start: self.start,
                focus: self.focus,
                updated_at: self.updated_at,
                start_history: Vec::new(),
            }
        }
    }

    impl State {
        /// To v6 (laid out as v7).
        pub fn migrate(self) -> super::v7::State {
            super::v7::State {
                settings: self.settings.migrate(),
                entries: self.entries.into_iter().map(Entry::migrate).collect(),
                exports: self.exports,
                tombstones: self.tombstones,
            }
        }
    }

    impl Entry {
        /// To v6 (laid out as v8): a lapse that adds to no other by id.
        pub fn migrate(self) -> super::v8::Entry {
            use super::v8::EntryBody as Next;
            let body = match self.body {
                EntryBody::Journal(x) => Next::Journal(x),
                EntryBody::Urge(x) => Next::Urge(x),
                EntryBody::Lapse(l) => Next::Lapse(entry::Lapse {
                    note: l.note,
                    triggers: l.triggers,
                    chain: l.chain,
                    urge: l.urge,
                    of: None,
                }),
                EntryBody::Reflection(x) => Next::Reflection(x),
                EntryBody::Practice(x) => Next::Practice(x),
                EntryBody::Checkin(x) => Next::Checkin(x),
            };
            super::v8::Entry {
                id: self.id,
                occurred_at: self.occurred_at,
                recorded_at: self.recorded_at,
                edited_at: self.edited_at,
                tags: self.tags,
                private: self.private,
                intimacy: self.intimacy,
                body,
            }
        }
    }
}

/// Format 4, frozen: remembered exports, no tombstones. Settings, entries and export
/// records are unchanged in format 5, so they are shared with it.
///
/// Wire order: frozen; these types are never changed, only migrated from.
pub mod v4 {
    use super::v5::Entry;
    use serde::{Deserialize, Serialize};

    /// v4 state.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct State {
        /// Settings.
        pub settings: super::v5::Settings,
        /// Entries.
        pub entries: Vec<Entry>,
        /// Remembered exports.
        pub exports: Vec<super::v7::ExportRecord>,
    }

    impl State {
        /// To v5: no deletions remembered yet.
        pub fn migrate(self) -> super::v5::State {
            super::v5::State {
                settings: self.settings,
                entries: self.entries,
                exports: self.exports,
                tombstones: Vec::new(),
            }
        }
    }
}

/// Format 3, frozen: settings with focus skills, no remembered exports. Settings and
/// entries are unchanged in formats 4 and 5, so they are shared.
///
/// Wire order: frozen; these types are never changed, only migrated from.
pub mod v3 {
    use super::v5::Entry;
    use serde::{Deserialize, Serialize};

    /// v3 state.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct State {
        /// Settings.
        pub settings: super::v5::Settings,
        /// Entries.
        pub entries: Vec<Entry>,
    }

    impl State {
        /// To v4: no exports remembered yet.
        pub fn migrate(self) -> super::v4::State {
            super::v4::State {
                settings: self.settings,
                entries: self.entries,
                exports: Vec::new(),
            }
        }
    }
}

/// Format 2, frozen: every entry kind, settings without focus skills. Entries are
/// unchanged in format 3, so they are shared.
///
/// Wire order: frozen; these types are never changed, only migrated from.
pub mod v2 {
    use super::super::Timestamp;
    use super::v5::Entry;
    use serde::{Deserialize, Serialize};

    /// v2 settings.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct Settings {
        /// Created.
        pub created_at: Timestamp,
        /// Recovery start.
        pub start: Timestamp,
    }

    /// v2 state.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct State {
        /// Settings.
        pub settings: Settings,
        /// Entries.
        pub entries: Vec<Entry>,
    }

    impl State {
        /// To v3: no focus skills chosen yet.
        pub fn migrate(self) -> super::v3::State {
            super::v3::State {
                settings: super::v5::Settings {
                    created_at: self.settings.created_at,
                    start: self.settings.start,
                    focus: Vec::new(),
                    updated_at: None,
                },
                entries: self.entries,
            }
        }
    }
}

/// Format 1, frozen: journal entries with text only.
///
/// Wire order: frozen; these types are never changed, only migrated from.
pub mod v1 {
    use super::super::{EntryId, Timestamp, entry};
    use serde::{Deserialize, Serialize};

    /// v1 state.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct State {
        /// Settings (unchanged in v2).
        pub settings: super::v2::Settings,
        /// Entries.
        pub entries: Vec<Entry>,
    }

    /// v1 entry.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct Entry {
        /// Id.
        pub id: EntryId,
        /// When it happened.
        pub occurred_at: Timestamp,
        /// When it was written down.
        pub recorded_at: Timestamp,
        /// Last edit.
        pub edited_at: Option<Timestamp>,
        /// Tags.
        pub tags: Vec<String>,
        /// Private flag.
        pub private: bool,
        /// Body.
        pub body: EntryBody,
    }

    /// v1 body.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub enum EntryBody {
        /// Journal text.
        Journal {
            /// Text.
            text: String,
        },
    }

    /// v1 record.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub enum Record {
        /// Add an entry.
        Add(Entry),
    }

    impl State {
        /// To v2.
        pub fn migrate(self) -> super::v2::State {
            super::v2::State {
                settings: self.settings,
                entries: self.entries.into_iter().map(Entry::migrate).collect(),
            }
        }
    }

    impl Entry {
        /// To v2: a journal entry without mood or emotions, no intimacy type.
        pub fn migrate(self) -> super::v5::Entry {
            let EntryBody::Journal { text } = self.body;
            super::v5::Entry {
                id: self.id,
                occurred_at: self.occurred_at,
                recorded_at: self.recorded_at,
                edited_at: self.edited_at,
                tags: self.tags,
                private: self.private,
                intimacy: None,
                body: super::v5::EntryBody::Journal(entry::Journal {
                    text,
                    mood: None,
                    emotions: Vec::new(),
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntryId;

    #[test]
    fn recipients_are_remembered_in_one_order_and_spelling() {
        let to = ExportRecord::to_recipients([
            " age1zz ",
            "ssh-ed25519 AAAAkey therapist@clinic",
            "age1aa",
            "ssh-ed25519   AAAAkey",
            "age1zz",
            "",
        ]);
        assert_eq!(to, ["age1aa", "age1zz", "ssh-ed25519 AAAAkey"]);
        assert!(ExportRecord::to_recipients([]).is_empty());
    }

    #[test]
    fn borrowed_envelope_encodes_like_owned() {
        let t = Timestamp {
            unix_ms: 1,
            offset_s: 0,
        };
        let state = State::new(t, t);
        let a = postcard::to_stdvec(&StateEnvelopeRef::current(&state)).unwrap();
        let b = postcard::to_stdvec(&StateEnvelope::current(state.clone())).unwrap();
        assert_eq!(a, b);
        let back: StateEnvelope = postcard::from_bytes(&a).unwrap();
        assert_eq!(back.into_current(), state);
    }

    #[test]
    fn v1_bytes_migrate_to_current() {
        let t = Timestamp {
            unix_ms: 1_772_400_000_000,
            offset_s: 3600,
        };
        let old = v1::State {
            settings: v2::Settings {
                created_at: t,
                start: t,
            },
            entries: vec![v1::Entry {
                id: EntryId([7; 16]),
                occurred_at: t,
                recorded_at: t,
                edited_at: None,
                tags: vec!["evening".into()],
                private: true,
                body: v1::EntryBody::Journal {
                    text: "old words".into(),
                },
            }],
        };
        // The bytes a v1 build wrote: variant 0, then the v1 state.
        let mut bytes = vec![0u8];
        bytes.extend(postcard::to_stdvec(&old).unwrap());
        let env: StateEnvelope = postcard::from_bytes(&bytes).unwrap();
        let state = env.into_current();
        let e = &state.entries[0];
        assert_eq!(e.id, EntryId([7; 16]));
        assert!(e.private);
        assert_eq!(e.tags, ["evening"]);
        assert_eq!(e.intimacy, None);
        assert!(state.settings.focus.is_empty());
        assert!(
            matches!(&e.body, crate::model::EntryBody::Journal(j) if j.text == "old words" && j.mood.is_none())
        );
    }

    #[test]
    fn v2_bytes_migrate_to_current() {
        let t = Timestamp {
            unix_ms: 5,
            offset_s: 0,
        };
        let old = v2::State {
            settings: v2::Settings {
                created_at: t,
                start: t,
            },
            entries: vec![],
        };
        let mut bytes = vec![1u8];
        bytes.extend(postcard::to_stdvec(&old).unwrap());
        let env: StateEnvelope = postcard::from_bytes(&bytes).unwrap();
        let state = env.into_current();
        assert_eq!(state.settings.start, t);
        assert!(state.settings.focus.is_empty() && state.settings.updated_at.is_none());
    }

    #[test]
    fn v3_bytes_migrate_to_current() {
        let t = Timestamp {
            unix_ms: 9,
            offset_s: 0,
        };
        let old = v3::State {
            settings: v5::Settings {
                created_at: t,
                start: t,
                focus: vec![crate::model::Skill::EmotionalPresence],
                updated_at: Some(t),
            },
            entries: vec![],
        };
        let mut bytes = vec![2u8];
        bytes.extend(postcard::to_stdvec(&old).unwrap());
        let env: StateEnvelope = postcard::from_bytes(&bytes).unwrap();
        let state = env.into_current();
        assert_eq!(state.settings, old.settings.clone().migrate().migrate());
        assert!(state.exports.is_empty());
        assert!(state.tombstones.is_empty());
    }

    #[test]
    fn v4_bytes_migrate_to_current() {
        let t = Timestamp {
            unix_ms: 11,
            offset_s: 0,
        };
        let old = v4::State {
            settings: v5::Settings {
                created_at: t,
                start: t,
                focus: vec![],
                updated_at: None,
            },
            entries: vec![],
            exports: vec![v7::ExportRecord {
                path: b"/tmp/x.json".to_vec(),
                written_at: t,
                encrypted: false,
                sha256: vec![1; 32],
            }],
        };
        let mut bytes = vec![3u8];
        bytes.extend(postcard::to_stdvec(&old).unwrap());
        let env: StateEnvelope = postcard::from_bytes(&bytes).unwrap();
        let state = env.into_current();
        assert_eq!(
            state.exports,
            [ExportRecord {
                path: b"/tmp/x.json".to_vec(),
                written_at: t,
                encrypted: false,
                sha256: vec![1; 32],
                to: vec![],
                until: t,
            }],
            "an old export says for no one, and ended when it was written"
        );
        assert!(state.tombstones.is_empty());
    }

    #[test]
    fn v5_bytes_migrate_to_current() {
        let t = Timestamp {
            unix_ms: 17,
            offset_s: 0,
        };
        let lapse = v5::Entry {
            id: EntryId([3; 16]),
            occurred_at: t,
            recorded_at: t,
            edited_at: None,
            tags: vec![],
            private: false,
            intimacy: None,
            body: v5::EntryBody::Lapse(v5::Lapse {
                note: Some("after".into()),
                triggers: vec!["stress".into()],
                chain: None,
                urge: Some(EntryId([2; 16])),
            }),
        };
        let old = v5::State {
            settings: v5::Settings {
                created_at: t,
                start: t,
                focus: vec![],
                updated_at: None,
            },
            entries: vec![lapse.clone()],
            exports: vec![],
            tombstones: vec![Tombstone {
                id: EntryId([4; 16]),
                deleted_at: t,
            }],
        };
        let mut bytes = vec![4u8];
        bytes.extend(postcard::to_stdvec(&old).unwrap());
        let state = postcard::from_bytes::<StateEnvelope>(&bytes)
            .unwrap()
            .into_current();
        assert!(state.settings.start_history.is_empty());
        assert_eq!(state.tombstones, old.tombstones);
        let crate::model::EntryBody::Lapse(l) = &state.entries[0].body else {
            panic!("a lapse")
        };
        assert_eq!(l.urge, Some(EntryId([2; 16])));
        assert_eq!(l.of, None);
        assert_eq!(l.note.as_deref(), Some("after"));
        // A format-2 record of the same entry migrates the same way.
        let mut rec = vec![1u8];
        rec.extend(postcard::to_stdvec(&v5::Record::Add(lapse)).unwrap());
        let Record::Add(e) = postcard::from_bytes::<RecordEnvelope>(&rec)
            .unwrap()
            .into_current();
        assert_eq!(e, state.entries[0]);
    }

    /// A format-7 state (also format 6's layout) read today: its exports say for no
    /// one and end when written, whether it is read whole or streamed; a format-8
    /// state keeps `to` and `until`.
    #[test]
    fn v7_exports_migrate_and_v8_keeps_recipients() {
        let t = Timestamp {
            unix_ms: 19,
            offset_s: 3600,
        };
        let now = State::new(t, t);
        let frozen = |s: &Settings| v9::Settings {
            created_at: s.created_at,
            start: s.start,
            focus: s.focus.clone(),
            updated_at: s.updated_at,
            start_history: s.start_history.clone(),
        };
        let old = v7::State {
            settings: frozen(&now.settings),
            entries: vec![],
            exports: vec![v7::ExportRecord {
                path: b"/r.html.age".to_vec(),
                written_at: t,
                encrypted: true,
                sha256: vec![2; 32],
            }],
            tombstones: vec![],
        };
        let mut want = now.clone();
        want.exports = vec![ExportRecord {
            path: b"/r.html.age".to_vec(),
            written_at: t,
            encrypted: true,
            sha256: vec![2; 32],
            to: vec![],
            until: t,
        }];
        let stream = |bytes: &[u8]| {
            let mut de = postcard::Deserializer::from_bytes(bytes);
            serde::de::DeserializeSeed::deserialize(
                StreamingEnvelope { sink: &mut |_| {} },
                &mut de,
            )
            .unwrap()
        };
        for env in [StateEnvelope::V6(old.clone()), StateEnvelope::V7(old)] {
            let bytes = postcard::to_stdvec(&env).unwrap();
            assert_eq!(stream(&bytes), want, "streamed");
            let back: StateEnvelope = postcard::from_bytes(&bytes).unwrap();
            assert_eq!(back.into_current(), want, "read whole");
        }
        want.exports[0].to = vec!["age1a".into(), "age1b".into()];
        want.exports[0].until = Timestamp {
            unix_ms: 7,
            offset_s: -3600,
        };
        let v8 = v8::State {
            settings: frozen(&want.settings),
            entries: vec![],
            exports: want.exports.clone(),
            tombstones: vec![],
        };
        let bytes = postcard::to_stdvec(&StateEnvelope::V8(v8)).unwrap();
        assert_eq!(bytes[0], 7, "format 8 is variant index 7");
        assert_eq!(stream(&bytes), want, "streamed");
        let back: StateEnvelope = postcard::from_bytes(&bytes).unwrap();
        assert!(matches!(back, StateEnvelope::V8(_)));
        assert_eq!(back.into_current(), want, "read whole");
        // Format 10 keeps them as format 8 did, with the settings' partner.
        let mut want = want;
        want.settings.partner = Some(Partner::No);
        let bytes = postcard::to_stdvec(&StateEnvelopeRef::current(&want)).unwrap();
        assert_eq!(bytes[0], 9, "format 10 is variant index 9");
        assert_eq!(stream(&bytes), want, "streamed");
        let back: StateEnvelope = postcard::from_bytes(&bytes).unwrap();
        assert!(matches!(back, StateEnvelope::V10(_)));
        assert_eq!(back.into_current(), want, "read whole");
    }

    #[test]
    fn tombstones_stream_after_exports() {
        let t = Timestamp {
            unix_ms: 13,
            offset_s: 60,
        };
        let mut state = State::new(t, t);
        state.tombstones.push(Tombstone {
            id: EntryId([9; 16]),
            deleted_at: t,
        });
        let bytes = postcard::to_stdvec(&StateEnvelopeRef::current(&state)).unwrap();
        let mut de = postcard::Deserializer::from_bytes(&bytes);
        let got = serde::de::DeserializeSeed::deserialize(
            StreamingEnvelope { sink: &mut |_| {} },
            &mut de,
        )
        .unwrap();
        assert_eq!(got, state);
    }
}
