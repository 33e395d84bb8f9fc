//! Lapse episodes: one lapse, however many entries tell of it.
//!
//! An episode is a group of entries about one lapse: an urge acted on, the lapse
//! recorded with it, and any lapse written later about it. Every count of lapses in
//! confide counts episodes, so writing the chain analysis the next morning never
//! makes one lapse into two. The rules (docs/review.md has them in prose):
//!
//! 1. A lapse whose `urge` field names an entry (recorded with `urge --outcome acted`)
//!    belongs to that entry's episode.
//! 2. A lapse whose `of` field holds an id or id prefix (`confide lapse --for ID`, or
//!    the offer `confide lapse` makes on a terminal) belongs to the episode of the
//!    urge or lapse it names. The prefix was written without the passphrase, so it is
//!    resolved here: among the urges and lapses whose id starts with it, the one
//!    recorded before the lapse that names it; if that is not exactly one, the only
//!    match of all; otherwise (no match, or several) the lapse is an episode of its
//!    own, and [`Episodes::unresolved`] lists it.
//! 3. For data recorded before rule 2 existed: an urge acted on that no lapse is
//!    linked to (rule 1), and a lapse linked to nothing (rules 1 and 2) that
//!    happened or was recorded within 12 hours after that urge, are one episode. With
//!    several such urges, the lapse joins the latest.
//! 4. Any other lapse, or urge acted on, is an episode of its own.
//!
//! An episode happened when its earliest entry did; that time and its date are what
//! the streak and the calendar use.

use crate::model::entry::Outcome;
use crate::model::{Entry, EntryBody, EntryId, Timestamp};
use std::collections::HashMap;

/// How long after an unlinked urge acted on an unlinked lapse still joins it (rule 3).
pub const JOIN_WINDOW_MS: i64 = 12 * 3_600_000;

/// One lapse episode.
#[derive(Clone, Debug, PartialEq)]
pub struct Episode {
    /// When it began: the earliest `occurred_at` of its entries.
    pub at: Timestamp,
    /// Indices into the entries given to [`episodes`], earliest first.
    pub members: Vec<usize>,
}

impl Episode {
    /// Its lapse entries, earliest first.
    pub fn lapses<'a>(&'a self, entries: &'a [Entry]) -> impl Iterator<Item = &'a Entry> + 'a {
        self.members
            .iter()
            .map(move |&i| &entries[i])
            .filter(|e| matches!(e.body, EntryBody::Lapse(_)))
    }

    /// Its urge entries, earliest first.
    pub fn urges<'a>(&'a self, entries: &'a [Entry]) -> impl Iterator<Item = &'a Entry> + 'a {
        self.members
            .iter()
            .map(move |&i| &entries[i])
            .filter(|e| matches!(e.body, EntryBody::Urge(_)))
    }
}

/// Every episode, sorted by when it began.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Episodes {
    /// The episodes.
    pub list: Vec<Episode>,
    /// Lapses written with `--for` whose id prefix matched no urge or lapse, or
    /// several: each counts as an episode of its own.
    pub unresolved: Vec<usize>,
}

impl Episodes {
    /// When each episode began, earliest first.
    pub fn moments(&self) -> Vec<Timestamp> {
        self.list.iter().map(|e| e.at).collect()
    }

    /// The episode an entry belongs to, if any.
    pub fn of_entry(&self, index: usize) -> Option<&Episode> {
        self.list.iter().find(|e| e.members.contains(&index))
    }
}

/// Resolves a lapse's `of` prefix (rule 2): the index it names, if exactly one.
fn resolve_of(entries: &[Entry], lapse: usize, prefix: &str) -> Option<usize> {
    let matches: Vec<usize> = entries
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            *i != lapse
                && matches!(e.body, EntryBody::Urge(_) | EntryBody::Lapse(_))
                && e.id.starts_with_hex(prefix)
        })
        .map(|(i, _)| i)
        .collect();
    let before: Vec<usize> = matches
        .iter()
        .copied()
        .filter(|&i| entries[i].recorded_at.unix_ms <= entries[lapse].recorded_at.unix_ms)
        .collect();
    match (before.as_slice(), matches.as_slice()) {
        ([one], _) => Some(*one),
        (_, [one]) => Some(*one),
        _ => None,
    }
}

struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

/// Groups the lapses and urges acted on in `entries` into episodes.
pub fn episodes(entries: &[Entry]) -> Episodes {
    // The entry a lapse's `urge` names is almost always the one just before it (they
    // are written together); a map of every id is built only if one is not.
    let mut by_id: Option<HashMap<EntryId, usize>> = None;
    let mut find = |lapse: usize, id: &EntryId| -> Option<usize> {
        if let Some(j) = lapse.checked_sub(1)
            && entries[j].id == *id
            && matches!(entries[j].body, EntryBody::Urge(_) | EntryBody::Lapse(_))
        {
            return Some(j);
        }
        by_id
            .get_or_insert_with(|| {
                entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| matches!(e.body, EntryBody::Urge(_) | EntryBody::Lapse(_)))
                    .map(|(i, e)| (e.id, i))
                    .collect()
            })
            .get(id)
            .copied()
    };
    let mut sets = Sets((0..entries.len()).collect());
    let mut member = vec![false; entries.len()];
    let mut linked_urges = vec![false; entries.len()];
    let mut unlinked_lapses = Vec::new();
    let mut unresolved = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        match &e.body {
            EntryBody::Urge(u) if u.outcome == Some(Outcome::Acted) => member[i] = true,
            EntryBody::Lapse(l) => {
                member[i] = true;
                let mut linked = false;
                if let Some(j) = l.urge.as_ref().and_then(|id| find(i, id)) {
                    linked_urges[j] = true;
                    member[j] = true;
                    sets.union(i, j);
                    linked = true;
                }
                if let Some(p) = &l.of {
                    match resolve_of(entries, i, p) {
                        Some(j) => {
                            linked_urges[j] = true;
                            member[j] = true;
                            sets.union(i, j);
                            linked = true;
                        }
                        None => unresolved.push(i),
                    }
                }
                if !linked {
                    unlinked_lapses.push(i);
                }
            }
            _ => {}
        }
    }
    // Rule 3: unlinked acted urges adopt the unlinked lapses written soon after.
    let mut lone_urges: Vec<usize> = entries
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            !linked_urges[*i]
                && matches!(&e.body, EntryBody::Urge(u) if u.outcome == Some(Outcome::Acted))
        })
        .map(|(i, _)| i)
        .collect();
    lone_urges.sort_by_key(|&i| (entries[i].occurred_at.unix_ms, i));
    let urge_times: Vec<i64> = lone_urges
        .iter()
        .map(|&i| entries[i].occurred_at.unix_ms)
        .collect();
    for &l in &unlinked_lapses {
        let lapse = &entries[l];
        // For each of the lapse's two times, the latest urge at or before it is the
        // only candidate: any earlier one is further away. Of the two, the later wins.
        let best = [lapse.occurred_at.unix_ms, lapse.recorded_at.unix_ms]
            .into_iter()
            .filter_map(|t| {
                let k = urge_times.partition_point(|&u| u <= t).checked_sub(1)?;
                (t <= urge_times[k].saturating_add(JOIN_WINDOW_MS)).then_some(k)
            })
            .max();
        if let Some(k) = best {
            sets.union(l, lone_urges[k]);
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in (0..entries.len()).filter(|&i| member[i]) {
        let root = sets.find(i);
        groups.entry(root).or_default().push(i);
    }
    let mut list: Vec<Episode> = groups
        .into_values()
        .map(|mut members| {
            members.sort_by_key(|&i| (entries[i].occurred_at.unix_ms, i));
            Episode {
                at: entries[members[0]].occurred_at,
                members,
            }
        })
        .collect();
    list.sort_by_key(|e| (e.at.unix_ms, e.members[0]));
    Episodes { list, unresolved }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entry::{Halt, Lapse, Urge};

    const H: i64 = 3_600_000;

    fn t(ms: i64) -> Timestamp {
        Timestamp {
            unix_ms: ms,
            offset_s: 0,
        }
    }

    fn urge(at: i64, outcome: Option<Outcome>) -> Entry {
        let mut e = Entry::new(
            EntryBody::Urge(Urge {
                intensity: 8,
                triggers: vec![],
                coping: vec![],
                outcome,
                minutes: None,
                note: None,
                halt: Halt::default(),
                curve: Vec::new(),
            }),
            t(at),
        );
        e.recorded_at = t(at);
        e
    }

    fn lapse(at: i64, l: Lapse) -> Entry {
        let mut e = Entry::new(EntryBody::Lapse(l), t(at));
        e.recorded_at = t(at);
        e
    }

    fn count(entries: &[Entry]) -> usize {
        episodes(entries).list.len()
    }

    #[test]
    fn an_urge_and_its_lapse_are_one() {
        let u = urge(0, Some(Outcome::Acted));
        let l = lapse(
            0,
            Lapse {
                urge: Some(u.id),
                ..Lapse::default()
            },
        );
        assert_eq!(count(&[u.clone(), l.clone()]), 1);
        // Not next to each other (another entry between them): still one.
        let between = urge(1, Some(Outcome::Resisted));
        assert_eq!(count(&[u, between, l]), 1);
    }

    #[test]
    fn a_lapse_for_an_urge_or_a_lapse_joins_its_episode() {
        let u = urge(0, Some(Outcome::Acted));
        let auto = lapse(
            0,
            Lapse {
                urge: Some(u.id),
                ..Lapse::default()
            },
        );
        let chain = lapse(
            9 * H,
            Lapse {
                of: Some(u.id.short()),
                ..Lapse::default()
            },
        );
        let again = lapse(
            30 * H,
            Lapse {
                of: Some(auto.id.to_hex()[..6].to_string()),
                ..Lapse::default()
            },
        );
        let entries = [u, auto, chain, again];
        let eps = episodes(&entries);
        assert_eq!(eps.list.len(), 1);
        assert_eq!(eps.list[0].at, t(0));
        assert_eq!(eps.list[0].members, [0, 1, 2, 3]);
        assert!(eps.unresolved.is_empty());
    }

    #[test]
    fn an_unmatched_prefix_is_its_own_episode_and_reported() {
        let u = urge(0, Some(Outcome::Acted));
        let mut other = u.id.to_hex();
        // A prefix that cannot match: flip its first character.
        let first = if other.starts_with('0') { "1" } else { "0" };
        other.replace_range(0..1, first);
        // More than 12 hours later, so that rule 3 does not join them either.
        let l = lapse(
            13 * H,
            Lapse {
                of: Some(other[..8].to_string()),
                ..Lapse::default()
            },
        );
        let eps = episodes(&[u, l]);
        assert_eq!(eps.list.len(), 2);
        assert_eq!(eps.unresolved, [1]);
    }

    #[test]
    fn old_data_an_unlinked_acted_urge_adopts_a_lapse_within_12_hours() {
        let u = urge(0, Some(Outcome::Acted));
        let next_morning = lapse(9 * H, Lapse::default());
        assert_eq!(count(&[u.clone(), next_morning]), 1);
        // After 12 hours it is a lapse of its own.
        let later = lapse(13 * H, Lapse::default());
        assert_eq!(count(&[u.clone(), later.clone()]), 2);
        // Backdated to the night but recorded in the morning: joins.
        let mut backdated = later.clone();
        backdated.occurred_at = t(20 * H);
        backdated.recorded_at = t(11 * H);
        assert_eq!(count(&[u.clone(), backdated]), 1);
        // An urge whose lapse is linked adopts nothing more.
        let linked = lapse(
            0,
            Lapse {
                urge: Some(u.id),
                ..Lapse::default()
            },
        );
        assert_eq!(
            count(&[u.clone(), linked, lapse(2 * H, Lapse::default())]),
            2
        );
        // A resisted urge never makes an episode.
        assert_eq!(count(&[urge(0, Some(Outcome::Resisted))]), 0);
        assert_eq!(count(&[urge(0, None)]), 0);
    }

    #[test]
    fn prefixes_match_by_nibble() {
        let id = EntryId([0xab, 0xcd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01]);
        assert!(id.starts_with_hex("abcd"));
        assert!(id.starts_with_hex("abc"));
        assert!(!id.starts_with_hex("abce"));
        assert!(id.starts_with_hex(&id.to_hex()));
        assert!(!id.starts_with_hex(&format!("{}0", id.to_hex())));
    }
}
