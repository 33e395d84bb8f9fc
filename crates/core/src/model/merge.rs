//! Uniting two copies of a vault's state (`confide merge`): pure, no disk, no clock,
//! no cryptography.
//!
//! The rules:
//! - Entries are united by id. An entry on one side only is kept, unless the other
//!   side remembers deleting it (a tombstone).
//! - An entry on both sides that differs: the later version wins (its `edited_at`,
//!   else its `recorded_at`; a tie keeps this side). When both sides edited it, that
//!   is reported as a conflict, naming the side that won.
//! - An entry on one side, a tombstone on the other: the deletion wins, unless the
//!   entry was edited after it was deleted; then the entry is kept and that is
//!   reported as a conflict.
//! - Tombstones are united by id, keeping the earliest deletion time; a tombstone
//!   whose entry is kept (edited after the deletion) is dropped, so that merging
//!   again changes nothing and a later delete starts afresh.
//! - Settings: the side whose `updated_at` is later wins (never changed counts as
//!   oldest; a tie keeps this side).
//! - Remembered exports are united by path (each whole, with whom it was for).
//! - Order: this side's entries in their order, then the other's new ones in theirs.
//!
//! Merging the result with the same other state again changes nothing.

use super::envelope::{State, Tombstone};
use super::{Entry, EntryId, Timestamp};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Which copy something came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The vault being merged into.
    This,
    /// The other copy.
    Other,
}

impl Side {
    /// "this vault" or "the other copy".
    pub fn describe(self) -> &'static str {
        match self {
            Side::This => "this vault",
            Side::Other => "the other copy",
        }
    }
}

/// An entry named without its content: short id and kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntryRef {
    /// The full id.
    #[serde(serialize_with = "hex_id")]
    pub id: EntryId,
    /// The first characters of the id, as `list` shows them.
    pub short_id: String,
    /// The entry's kind (`journal`, `urge`, ...).
    pub kind: &'static str,
    /// When it happened (RFC 3339 in JSON), so a person can tell which entry it is.
    #[serde(serialize_with = "Timestamp::serialize_rfc3339")]
    pub occurred_at: Timestamp,
}

fn hex_id<S: serde::Serializer>(id: &EntryId, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&id.to_hex())
}

impl EntryRef {
    fn of(e: &Entry) -> Self {
        EntryRef {
            id: e.id,
            short_id: e.id.short(),
            kind: e.body.kind(),
            occurred_at: e.occurred_at,
        }
    }
}

/// What a conflict was about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Both copies edited the entry; the later edit won.
    BothEdited,
    /// One copy deleted the entry, the other edited it after that; the edit won.
    EditedAfterDelete,
}

/// An entry the two copies disagreed on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The entry.
    #[serde(flatten)]
    pub entry: EntryRef,
    /// What the disagreement was.
    pub conflict: ConflictKind,
    /// Whose version is in the merged vault.
    pub kept: Side,
}

impl Conflict {
    /// One plain line, without the entry's content.
    pub fn describe(&self) -> String {
        let EntryRef {
            short_id,
            kind,
            occurred_at,
            ..
        } = &self.entry;
        let when = occurred_at.to_datetime().format("%a %-d %b %Y, %H:%M");
        match (self.conflict, self.kept) {
            (ConflictKind::BothEdited, side) => format!(
                "{kind} of {when} ({short_id}) was edited in both copies; the later edit, from {}, was kept",
                side.describe()
            ),
            (ConflictKind::EditedAfterDelete, side) => format!(
                "{kind} of {when} ({short_id}) was deleted in {} but edited afterwards in {}; the edited entry was kept",
                other(side).describe(),
                side.describe()
            ),
        }
    }
}

fn other(side: Side) -> Side {
    match side {
        Side::This => Side::Other,
        Side::Other => Side::This,
    }
}

/// What a merge did to this vault.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Entries the other copy had and this one did not.
    pub added: Vec<EntryRef>,
    /// Entries replaced by the other copy's later version.
    pub updated: Vec<EntryRef>,
    /// Entries removed because the other copy deleted them.
    pub deleted: Vec<EntryRef>,
    /// Entries the copies disagreed on (also counted above when the other side won).
    pub conflicts: Vec<Conflict>,
    /// Entries the same in both copies, or newer here.
    pub unchanged: usize,
    /// Whether the other copy's settings replaced these (they changed later there).
    pub settings_from_other: bool,
    /// Deletions learned from the other copy (entries this one never had, or had).
    pub tombstones_added: usize,
    /// Export files the other copy remembers that this one did not.
    pub exports_added: usize,
}

impl Report {
    /// True when the merge changes nothing in this vault's entries or settings.
    pub fn no_entry_changes(&self) -> bool {
        self.added.is_empty()
            && self.updated.is_empty()
            && self.deleted.is_empty()
            && !self.settings_from_other
    }
}

/// The time of an entry's latest version: its last edit, else when it was recorded.
fn version_time(e: &Entry) -> i64 {
    e.edited_at.unwrap_or(e.recorded_at).unix_ms
}

/// Whether `e` was edited after `t`: an entry deleted at `t` comes back (in `merge`
/// and in `import`) only then.
pub fn edited_after(e: &Entry, t: Timestamp) -> bool {
    e.edited_at.is_some_and(|ed| ed.unix_ms > t.unix_ms)
}

/// Unites `this` and `other` by the rules above. `this` is not changed; the merged
/// state and what happened are returned.
pub fn merge(this: &State, other: &State) -> (State, Report) {
    let mut report = Report::default();
    let other_entries: HashMap<EntryId, &Entry> = other.entries.iter().map(|e| (e.id, e)).collect();
    let this_ids: HashSet<EntryId> = this.entries.iter().map(|e| e.id).collect();
    let this_graves: HashMap<EntryId, Timestamp> = this
        .tombstones
        .iter()
        .map(|t| (t.id, t.deleted_at))
        .collect();
    let other_graves: HashMap<EntryId, Timestamp> = other
        .tombstones
        .iter()
        .map(|t| (t.id, t.deleted_at))
        .collect();

    let mut entries = Vec::with_capacity(this.entries.len());
    for mine in &this.entries {
        match other_entries.get(&mine.id) {
            Some(theirs) if *theirs == mine => {
                report.unchanged += 1;
                entries.push(mine.clone());
            }
            Some(theirs) => {
                let other_wins = version_time(theirs) > version_time(mine);
                let both_edited = matches!((mine.edited_at, theirs.edited_at), (Some(_), Some(_)));
                if both_edited {
                    report.conflicts.push(Conflict {
                        entry: EntryRef::of(mine),
                        conflict: ConflictKind::BothEdited,
                        kept: if other_wins { Side::Other } else { Side::This },
                    });
                }
                if other_wins {
                    report.updated.push(EntryRef::of(theirs));
                    entries.push((*theirs).clone());
                } else {
                    report.unchanged += 1;
                    entries.push(mine.clone());
                }
            }
            None => match other_graves.get(&mine.id) {
                Some(&deleted_at) if edited_after(mine, deleted_at) => {
                    report.conflicts.push(Conflict {
                        entry: EntryRef::of(mine),
                        conflict: ConflictKind::EditedAfterDelete,
                        kept: Side::This,
                    });
                    report.unchanged += 1;
                    entries.push(mine.clone());
                }
                Some(_) => report.deleted.push(EntryRef::of(mine)),
                None => {
                    report.unchanged += 1;
                    entries.push(mine.clone());
                }
            },
        }
    }
    for theirs in &other.entries {
        if this_ids.contains(&theirs.id) {
            continue;
        }
        match this_graves.get(&theirs.id) {
            Some(&deleted_at) if edited_after(theirs, deleted_at) => {
                report.conflicts.push(Conflict {
                    entry: EntryRef::of(theirs),
                    conflict: ConflictKind::EditedAfterDelete,
                    kept: Side::Other,
                });
            }
            // Deleted here: it stays deleted.
            Some(_) => continue,
            None => {}
        }
        report.added.push(EntryRef::of(theirs));
        entries.push(theirs.clone());
    }

    // Tombstones: united, earliest deletion kept, none for an entry still here.
    let live: HashSet<EntryId> = entries.iter().map(|e| e.id).collect();
    let mut tombstones: Vec<Tombstone> = Vec::with_capacity(this.tombstones.len());
    let mut index: HashMap<EntryId, usize> = HashMap::new();
    for (t, from_other) in this
        .tombstones
        .iter()
        .map(|t| (t, false))
        .chain(other.tombstones.iter().map(|t| (t, true)))
    {
        if live.contains(&t.id) {
            continue;
        }
        match index.get(&t.id) {
            Some(&i) => {
                if t.deleted_at.unix_ms < tombstones[i].deleted_at.unix_ms {
                    tombstones[i].deleted_at = t.deleted_at;
                }
            }
            None => {
                index.insert(t.id, tombstones.len());
                tombstones.push(*t);
                if from_other {
                    report.tombstones_added += 1;
                }
            }
        }
    }

    let settings_from_other =
        other.settings.updated_at.map(|t| t.unix_ms) > this.settings.updated_at.map(|t| t.unix_ms);
    report.settings_from_other = settings_from_other && other.settings != this.settings;
    let (winner, loser) = if settings_from_other {
        (&other.settings, &this.settings)
    } else {
        (&this.settings, &other.settings)
    };
    let mut settings = winner.clone();
    // Every start either copy ever had is kept: both histories, and the other
    // copy's start when it lost, replaced when the winning settings changed.
    let mut history = winner.start_history.clone();
    history.extend(loser.start_history.iter().copied());
    if loser.start != winner.start {
        history.push(super::envelope::StartChange {
            start: loser.start,
            replaced_at: winner.updated_at.unwrap_or(winner.created_at),
        });
    }
    // A start replaced in both copies is kept once, with its earliest replacement.
    history.sort_by_key(|c| (c.replaced_at.unix_ms, c.start.unix_ms));
    let mut seen = std::collections::HashSet::new();
    history.retain(|c| seen.insert(c.start.unix_ms));
    settings.start_history = history;
    // A partner setting said in only one copy is kept (the newer settings win when
    // both say it).
    settings.partner = winner.partner.or(loser.partner);

    let mut exports = this.exports.clone();
    for e in &other.exports {
        if !exports.iter().any(|mine| mine.path == e.path) {
            exports.push(e.clone());
            report.exports_added += 1;
        }
    }

    (
        State {
            settings,
            entries,
            exports,
            tombstones,
        },
        report,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntryBody;
    use crate::model::entry::Journal;

    fn t(min: i64) -> Timestamp {
        Timestamp {
            unix_ms: 1_750_000_000_000 + min * 60_000,
            offset_s: 0,
        }
    }

    fn entry(n: u8, text: &str) -> Entry {
        Entry {
            id: EntryId([n; 16]),
            occurred_at: t(n as i64),
            recorded_at: t(n as i64),
            edited_at: None,
            tags: Vec::new(),
            private: false,
            intimacy: None,
            body: EntryBody::Journal(Journal {
                text: text.into(),
                mood: None,
                emotions: Vec::new(),
            }),
        }
    }

    fn edited(mut e: Entry, at: i64, text: &str) -> Entry {
        e.edited_at = Some(t(at));
        e.body = EntryBody::Journal(Journal {
            text: text.into(),
            mood: None,
            emotions: Vec::new(),
        });
        e
    }

    fn state(entries: Vec<Entry>) -> State {
        let mut s = State::new(t(0), t(0));
        s.entries = entries;
        s
    }

    fn tomb(n: u8, at: i64) -> Tombstone {
        Tombstone {
            id: EntryId([n; 16]),
            deleted_at: t(at),
        }
    }

    fn ids(v: &[EntryRef]) -> Vec<u8> {
        v.iter().map(|r| r.id.0[0]).collect()
    }

    fn texts(s: &State) -> Vec<String> {
        s.entries
            .iter()
            .map(|e| match &e.body {
                EntryBody::Journal(j) => j.text.clone(),
                _ => unreachable!(),
            })
            .collect()
    }

    /// Merging the result with the other side again changes nothing.
    fn assert_idempotent(merged: &State, other: &State) {
        let (again, report) = merge(merged, other);
        assert_eq!(&again, merged, "a second merge changed the state");
        assert!(report.no_entry_changes());
        assert_eq!(report.tombstones_added + report.exports_added, 0);
    }

    #[test]
    fn disjoint_copies_are_united_in_order() {
        let a = state(vec![entry(1, "a1"), entry(2, "a2")]);
        let b = state(vec![entry(3, "b3"), entry(4, "b4")]);
        let (m, r) = merge(&a, &b);
        assert_eq!(texts(&m), ["a1", "a2", "b3", "b4"]);
        assert_eq!(ids(&r.added), [3, 4]);
        assert_eq!(r.unchanged, 2);
        assert!(r.conflicts.is_empty() && r.deleted.is_empty() && r.updated.is_empty());
        assert_idempotent(&m, &b);
    }

    #[test]
    fn identical_copies_merge_to_themselves() {
        let a = state(vec![entry(1, "a"), entry(2, "b")]);
        let (m, r) = merge(&a, &a.clone());
        assert_eq!(m, a);
        assert!(r.no_entry_changes());
        assert_eq!(r.unchanged, 2);
    }

    #[test]
    fn an_edit_on_one_side_wins_without_conflict() {
        let a = state(vec![entry(1, "old"), entry(2, "two")]);
        let b = state(vec![edited(entry(1, "old"), 50, "new"), entry(2, "two")]);
        let (m, r) = merge(&a, &b);
        assert_eq!(texts(&m), ["new", "two"]);
        assert_eq!(ids(&r.updated), [1]);
        assert!(r.conflicts.is_empty());
        // And from the other direction, this side's edit stays.
        let (m2, r2) = merge(&b, &a);
        assert_eq!(m2, b);
        assert!(r2.no_entry_changes());
        assert_idempotent(&m, &b);
    }

    #[test]
    fn both_edited_keeps_the_latest_and_reports_a_conflict() {
        let a = state(vec![edited(entry(1, "x"), 40, "mine")]);
        let b = state(vec![edited(entry(1, "x"), 60, "theirs")]);
        let (m, r) = merge(&a, &b);
        assert_eq!(texts(&m), ["theirs"]);
        assert_eq!(ids(&r.updated), [1]);
        assert_eq!(r.conflicts.len(), 1);
        assert_eq!(r.conflicts[0].conflict, ConflictKind::BothEdited);
        assert_eq!(r.conflicts[0].kept, Side::Other);
        assert!(!r.conflicts[0].describe().contains("theirs"));
        let (m2, r2) = merge(&b, &a);
        assert_eq!(texts(&m2), ["theirs"]);
        assert_eq!(r2.conflicts[0].kept, Side::This);
        assert_idempotent(&m, &b);
    }

    #[test]
    fn a_deletion_wins_over_an_unchanged_entry() {
        let a = state(vec![entry(1, "keep"), entry(2, "gone")]);
        let mut b = state(vec![entry(1, "keep")]);
        b.tombstones.push(tomb(2, 30));
        let (m, r) = merge(&a, &b);
        assert_eq!(texts(&m), ["keep"]);
        assert_eq!(ids(&r.deleted), [2]);
        assert_eq!(m.tombstones, [tomb(2, 30)]);
        assert_eq!(r.tombstones_added, 1);
        assert_idempotent(&m, &b);
        // The other way round: not brought back.
        let (m2, r2) = merge(&b, &a);
        assert_eq!(m2, b);
        assert!(r2.no_entry_changes());
    }

    #[test]
    fn an_edit_after_the_deletion_keeps_the_entry_with_a_conflict() {
        let a = state(vec![edited(entry(2, "x"), 90, "rewritten")]);
        let mut b = state(vec![]);
        b.tombstones.push(tomb(2, 30));
        let (m, r) = merge(&a, &b);
        assert_eq!(texts(&m), ["rewritten"]);
        assert!(m.tombstones.is_empty());
        assert_eq!(r.conflicts[0].conflict, ConflictKind::EditedAfterDelete);
        assert_eq!(r.conflicts[0].kept, Side::This);
        assert_idempotent(&m, &b);
        // The other way round: it comes back.
        let (m2, r2) = merge(&b, &a);
        assert_eq!(texts(&m2), ["rewritten"]);
        assert_eq!(ids(&r2.added), [2]);
        assert_eq!(r2.conflicts[0].kept, Side::Other);
        assert!(m2.tombstones.is_empty());
        assert_idempotent(&m2, &a);
    }

    #[test]
    fn an_edit_before_the_deletion_loses() {
        let a = state(vec![edited(entry(2, "x"), 20, "early edit")]);
        let mut b = state(vec![]);
        b.tombstones.push(tomb(2, 30));
        let (m, r) = merge(&a, &b);
        assert!(m.entries.is_empty());
        assert_eq!(ids(&r.deleted), [2]);
        assert!(r.conflicts.is_empty());
    }

    #[test]
    fn tombstones_unite_keeping_the_earliest() {
        let mut a = state(vec![]);
        a.tombstones = vec![tomb(1, 10), tomb(2, 50)];
        let mut b = state(vec![]);
        b.tombstones = vec![tomb(2, 20), tomb(3, 5)];
        let (m, r) = merge(&a, &b);
        assert_eq!(m.tombstones, [tomb(1, 10), tomb(2, 20), tomb(3, 5)]);
        assert_eq!(r.tombstones_added, 1);
        assert_idempotent(&m, &b);
    }

    #[test]
    fn both_copies_starts_are_kept() {
        let a = state(Vec::new());
        let mut b = a.clone();
        let mut c = a.clone();
        b.settings.move_start(t(-1000), t(5));
        c.settings.move_start(t(-2000), t(9));
        let (m, r) = merge(&b, &c);
        assert!(r.settings_from_other);
        assert_eq!(m.settings.start, t(-2000));
        let starts: Vec<_> = m.settings.start_history.iter().map(|h| h.start).collect();
        // The first start (replaced in both) once, and b's start, replaced by c's.
        assert_eq!(starts, [a.settings.start, t(-1000)]);
        // Merging again changes nothing.
        let (again, _) = merge(&m, &c);
        assert_eq!(again.settings, m.settings);
    }

    #[test]
    fn settings_follow_the_latest_change() {
        let a = state(vec![]);
        let mut b = state(vec![]);
        b.settings.start = t(-1000);
        b.settings.updated_at = Some(t(5));
        let (m, r) = merge(&a, &b);
        assert_eq!(m.settings.start, b.settings.start);
        assert_eq!(m.settings.updated_at, b.settings.updated_at);
        // The start this copy had is remembered.
        assert_eq!(m.settings.start_history[0].start, a.settings.start);
        assert!(r.settings_from_other);
        // Never changed counts as oldest; a later change here wins.
        let mut c = state(vec![]);
        c.settings.updated_at = Some(t(9));
        let (m2, r2) = merge(&c, &b);
        assert_eq!(m2.settings.start, c.settings.start);
        assert!(!r2.settings_from_other);
        // A tie keeps this side.
        let mut d = b.clone();
        d.settings.start = t(-5);
        let (m3, _) = merge(&d, &b);
        assert_eq!(m3.settings.start, d.settings.start);
        assert_idempotent(&m, &b);
    }

    #[test]
    fn exports_unite_by_path() {
        // Each says who it was for and where its range ended (format 8), and keeps
        // both through the merge.
        let rec = |p: &str| crate::model::envelope::ExportRecord {
            path: p.as_bytes().to_vec(),
            written_at: t(1),
            encrypted: true,
            sha256: vec![0; 32],
            to: vec![format!("age1for{}", &p[1..])],
            until: t(0),
        };
        let mut a = state(vec![]);
        a.exports = vec![rec("/a"), rec("/b")];
        let mut b = state(vec![]);
        b.exports = vec![rec("/b"), rec("/c")];
        let (m, r) = merge(&a, &b);
        assert_eq!(m.exports, [rec("/a"), rec("/b"), rec("/c")]);
        assert_eq!(m.exports[2].to, ["age1forc"], "the other copy's recipients");
        assert_eq!(r.exports_added, 1);
        assert_idempotent(&m, &b);
    }
}
