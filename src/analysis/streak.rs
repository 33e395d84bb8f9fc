//! Streaks and phases (docs/review.md has the definitions in prose).
//!
//! - A lapse event is a lapse entry, or an urge with outcome `acted` that has no lapse
//!   entry linked to it (confide records a linked lapse with every acted urge, and the
//!   pair counts once).
//! - Current streak: whole elapsed 24-hour periods from the latest lapse event at or
//!   before the as-of time, or from the recovery start if there is none.
//! - Longest streak: the largest such span between consecutive lapse events, including
//!   start to first lapse and last lapse to as-of.
//! - Phase: from the current streak (0-59 days, 60-119, 120 and more).

use crate::content::Phase;
use crate::model::entry::Outcome;
use crate::model::{Entry, EntryBody, EntryId};
use std::collections::HashSet;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// The instants (unix ms) of every lapse event, sorted.
pub fn lapse_events(entries: &[Entry]) -> Vec<i64> {
    lapse_moments(entries).iter().map(|t| t.unix_ms).collect()
}

/// Every lapse event with the offset it was recorded in, sorted by time.
pub fn lapse_moments(entries: &[Entry]) -> Vec<crate::model::Timestamp> {
    let linked: HashSet<EntryId> = entries
        .iter()
        .filter_map(|e| match &e.body {
            EntryBody::Lapse(l) => l.urge,
            _ => None,
        })
        .collect();
    let mut out: Vec<crate::model::Timestamp> = entries
        .iter()
        .filter(|e| match &e.body {
            EntryBody::Lapse(_) => true,
            EntryBody::Urge(u) => u.outcome == Some(Outcome::Acted) && !linked.contains(&e.id),
            _ => false,
        })
        .map(|e| e.occurred_at)
        .collect();
    out.sort_unstable_by_key(|t| t.unix_ms);
    out
}

/// Whole days from `from` to `to` (0 when `to` is earlier).
pub fn whole_days(from: i64, to: i64) -> i64 {
    (to - from).max(0) / DAY_MS
}

/// The current streak in whole days at `as_of`.
pub fn current_days(start: i64, lapses: &[i64], as_of: i64) -> i64 {
    // A lapse dated before the recovery start does not move the start.
    let last = lapses
        .iter()
        .copied()
        .filter(|&t| t <= as_of)
        .max()
        .unwrap_or(start);
    whole_days(last.max(start), as_of)
}

/// The longest streak in whole days up to `as_of`.
pub fn longest_days(start: i64, lapses: &[i64], as_of: i64) -> i64 {
    let mut points: Vec<i64> = lapses.iter().copied().filter(|&t| t <= as_of).collect();
    points.sort_unstable();
    let mut longest = 0;
    let mut prev = start;
    for t in points.iter().copied().chain(std::iter::once(as_of)) {
        longest = longest.max(whole_days(prev, t));
        prev = prev.max(t);
    }
    longest
}

/// The phase for a current streak.
pub fn phase(current_days: i64) -> Phase {
    Phase::from_streak_days(current_days)
}

/// Days until the next phase begins, or `None` in the last phase.
pub fn days_to_next_phase(current_days: i64) -> Option<i64> {
    match phase(current_days) {
        Phase::NeuralReset => Some(60 - current_days),
        Phase::EmotionalReconnection => Some(120 - current_days),
        Phase::RelationalIntegration => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const D: i64 = DAY_MS;

    #[test]
    fn hand_computed() {
        // Start at day 0; lapses on day 10 (noon) and day 15; as of day 40.
        let lapses = [10 * D + D / 2, 15 * D];
        assert_eq!(current_days(0, &lapses, 40 * D), 25);
        assert_eq!(longest_days(0, &lapses, 40 * D), 25);
        assert_eq!(longest_days(0, &lapses, 30 * D), 15);
        // As of before the second lapse, it does not count yet.
        assert_eq!(current_days(0, &lapses, 14 * D), 3);
        assert_eq!(longest_days(0, &lapses, 14 * D), 10);
        // A lapse before the start does not count against it.
        assert_eq!(current_days(10 * D, &[5 * D], 20 * D), 10);
        assert_eq!(longest_days(10 * D, &[5 * D], 20 * D), 10);
        // No lapses: from the start.
        assert_eq!(current_days(3 * D, &[], 10 * D - 1), 6);
        assert_eq!(phase(59), Phase::NeuralReset);
        assert_eq!(phase(60), Phase::EmotionalReconnection);
        assert_eq!(phase(120), Phase::RelationalIntegration);
        assert_eq!(days_to_next_phase(25), Some(35));
        assert_eq!(days_to_next_phase(100), Some(20));
        assert_eq!(days_to_next_phase(200), None);
    }

    #[test]
    fn an_acted_urge_and_its_lapse_count_once() {
        use crate::model::Timestamp;
        use crate::model::entry::{Halt, Lapse, Urge};
        let t = |ms| Timestamp {
            unix_ms: ms,
            offset_s: 0,
        };
        let urge = |outcome| {
            Entry::new(
                EntryBody::Urge(Urge {
                    intensity: 8,
                    triggers: vec![],
                    coping: vec![],
                    outcome,
                    minutes: None,
                    note: None,
                    halt: Halt::default(),
                }),
                t(5 * D),
            )
        };
        let acted = urge(Some(Outcome::Acted));
        let linked = Entry::new(
            EntryBody::Lapse(Lapse {
                urge: Some(acted.id),
                ..Lapse::default()
            }),
            t(5 * D),
        );
        let mut lone_acted = urge(Some(Outcome::Acted));
        lone_acted.occurred_at = t(9 * D);
        let resisted = urge(Some(Outcome::Resisted));
        let lapse = Entry::new(EntryBody::Lapse(Lapse::default()), t(2 * D));
        let events = lapse_events(&[acted, linked, lone_acted, resisted, lapse]);
        assert_eq!(events, [2 * D, 5 * D, 9 * D]);
    }

    proptest! {
        #[test]
        fn streak_rules_hold_for_any_lapses(
            mut lapses in proptest::collection::vec(0i64..400 * D, 0..20),
            as_of in 0i64..500 * D,
        ) {
            lapses.sort_unstable();
            let current = current_days(0, &lapses, as_of);
            let longest = longest_days(0, &lapses, as_of);
            // The current streak is one of the spans, so never longer than the longest.
            prop_assert!(current <= longest);
            // It counts from the latest lapse at or before as-of.
            let last = lapses.iter().copied().filter(|&t| t <= as_of).max().unwrap_or(0);
            prop_assert_eq!(current, (as_of - last) / D);
            // The longest span fits in the time since the start.
            prop_assert!(longest <= as_of / D);
            // With no lapse at or before as-of, both equal the days since the start.
            if lapses.iter().all(|&t| t > as_of) {
                prop_assert_eq!(current, as_of / D);
                prop_assert_eq!(longest, as_of / D);
            }
            // Phase follows the current streak.
            let p = phase(current);
            prop_assert_eq!(p.number(), if current < 60 { 1 } else if current < 120 { 2 } else { 3 });
            // A lapse right at as-of restarts the current streak and leaves the longest alone.
            let mut more = lapses.clone();
            more.push(as_of);
            prop_assert_eq!(current_days(0, &more, as_of), 0);
            prop_assert_eq!(longest_days(0, &more, as_of), longest);
        }
    }
}
