//! Streaks, clean days and phases, in calendar days (docs/review.md has the
//! definitions in prose).
//!
//! - A lapse is a lapse episode (see [`super::episodes`]); it falls on the date it
//!   began, in the offset it was recorded in.
//! - Only the days from the recovery start's date to today count. Days before the
//!   start are neither clean days nor lapse days.
//! - A clean day is such a day without a lapse. Today counts as soon as it begins.
//! - Current streak: the clean days in a row that end today (0 on the day of a lapse).
//! - Longest streak: the longest such run of clean days up to today.
//! - Phase: from the clean days since the start (0-59, 60-119, 120 and more), so it
//!   only moves forward: a lapse restarts the streak, never the phase.

use crate::content::Phase;
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// When every lapse episode began, sorted.
pub fn lapse_moments(entries: &[crate::model::Entry]) -> Vec<crate::model::Timestamp> {
    super::episodes::episodes(entries).moments()
}

/// The day figures of a recovery, as of `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Days {
    /// Calendar days from the start's date to today: 0 on the first day (which a
    /// person reads as "day 1").
    pub since_start: i64,
    /// Clean days from the start to today, both included.
    pub clean: i64,
    /// Days with a lapse from the start to today.
    pub lapse_days: i64,
    /// Clean days in a row ending today.
    pub current: i64,
    /// The longest run of clean days.
    pub longest: i64,
}

/// Counts the days from `start` to `today` (both included) with lapses on
/// `lapse_days` (dates outside that span are ignored).
pub fn days(start: NaiveDate, lapse_days: &BTreeSet<NaiveDate>, today: NaiveDate) -> Days {
    if today < start {
        return Days {
            since_start: 0,
            clean: 0,
            lapse_days: 0,
            current: 0,
            longest: 0,
        };
    }
    let span = (today - start).num_days() + 1;
    let inside: Vec<NaiveDate> = lapse_days.range(start..=today).copied().collect();
    let mut longest = 0;
    let mut prev = start.pred_opt().unwrap_or(start);
    for d in inside.iter().copied() {
        longest = longest.max((d - prev).num_days() - 1);
        prev = d;
    }
    let current = match inside.last() {
        Some(&last) => (today - last).num_days(),
        None => span,
    };
    longest = longest.max(current);
    Days {
        since_start: span - 1,
        clean: span - inside.len() as i64,
        lapse_days: inside.len() as i64,
        current,
        longest,
    }
}

/// The day figures as of `as_of`, from every lapse episode in `entries`: dates are
/// each episode's own, the start's and today's are taken in `as_of`'s offset.
pub fn standing(
    entries: &[crate::model::Entry],
    start: crate::model::Timestamp,
    as_of: crate::model::Timestamp,
) -> Days {
    let in_offset = |t: crate::model::Timestamp| {
        crate::model::Timestamp {
            unix_ms: t.unix_ms,
            offset_s: as_of.offset_s,
        }
        .to_datetime()
        .date_naive()
    };
    let lapse_days: BTreeSet<NaiveDate> = lapse_moments(entries)
        .into_iter()
        .filter(|t| t.unix_ms <= as_of.unix_ms)
        .map(|t| t.to_datetime().date_naive())
        .collect();
    days(in_offset(start), &lapse_days, in_offset(as_of))
}

/// The warning for entries dated before the recovery start (`times`), or `None` when
/// there are none: those days count in no figure, and `confide start` can move it.
pub fn before_start_warning(
    start: crate::model::Timestamp,
    times: &[crate::model::Timestamp],
) -> Option<String> {
    let in_start_offset = |t: crate::model::Timestamp| {
        crate::model::Timestamp {
            unix_ms: t.unix_ms,
            offset_s: start.offset_s,
        }
        .to_datetime()
        .date_naive()
    };
    let start_day = in_start_offset(start);
    let earliest = times
        .iter()
        .map(|t| in_start_offset(*t))
        .filter(|d| *d < start_day)
        .min()?;
    let n = times
        .iter()
        .filter(|t| in_start_offset(**t) < start_day)
        .count();
    let what = if n == 1 {
        "an entry is".to_string()
    } else {
        format!("{n} entries are")
    };
    Some(format!(
        "{what} dated before your recovery start ({start_day}), so {} in no figure; \
         `confide start {earliest}` moves the start if it began earlier",
        if n == 1 {
            "its day counts"
        } else {
            "their days count"
        }
    ))
}

/// The phase for a number of clean days since the start.
pub fn phase(clean_days: i64) -> Phase {
    Phase::from_streak_days(clean_days)
}

/// Clean days until the next phase begins, or `None` in the last phase.
pub fn days_to_next_phase(clean_days: i64) -> Option<i64> {
    match phase(clean_days) {
        Phase::NeuralReset => Some(60 - clean_days.max(0)),
        Phase::EmotionalReconnection => Some(120 - clean_days),
        Phase::RelationalIntegration => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(n)
    }

    fn set(v: &[i64]) -> BTreeSet<NaiveDate> {
        v.iter().map(|&n| d(n)).collect()
    }

    #[test]
    fn hand_computed() {
        // Start on day 0; lapses on days 10 and 15; today is day 40.
        let x = days(d(0), &set(&[10, 15]), d(40));
        assert_eq!(x.since_start, 40);
        assert_eq!(x.clean, 41 - 2);
        assert_eq!(x.lapse_days, 2);
        assert_eq!(x.current, 25); // days 16..=40
        assert_eq!(x.longest, 25);
        // Before the second lapse.
        let y = days(d(0), &set(&[10, 15]), d(14));
        assert_eq!((y.current, y.longest, y.clean), (4, 10, 14));
        // On the day of a lapse the streak is 0, and the day is not clean.
        let z = days(d(0), &set(&[10]), d(10));
        assert_eq!((z.current, z.clean, z.longest), (0, 10, 10));
        // The first day, no lapse: one clean day, the streak is 1 ("day 1").
        let first = days(d(0), &set(&[]), d(0));
        assert_eq!((first.since_start, first.clean, first.current), (0, 1, 1));
        // Lapses before the start are not lapse days; days before it are not clean.
        let w = days(d(10), &set(&[5]), d(20));
        assert_eq!(
            (w.clean, w.lapse_days, w.current, w.longest),
            (11, 0, 11, 11)
        );
        // Today before the start: nothing yet.
        assert_eq!(days(d(10), &set(&[]), d(3)).clean, 0);
        // The phase follows the clean days, not the streak.
        assert_eq!(phase(59), Phase::NeuralReset);
        assert_eq!(phase(60), Phase::EmotionalReconnection);
        assert_eq!(phase(120), Phase::RelationalIntegration);
        assert_eq!(days_to_next_phase(25), Some(35));
        assert_eq!(days_to_next_phase(100), Some(20));
        assert_eq!(days_to_next_phase(200), None);
    }

    #[test]
    fn a_lapse_restarts_the_streak_not_the_phase() {
        // 120 days with 3 lapse days, the last one yesterday.
        let x = days(d(0), &set(&[30, 70, 118]), d(119));
        assert_eq!(x.clean, 117);
        assert_eq!(x.current, 1);
        assert_eq!(phase(x.clean), Phase::EmotionalReconnection);
        let later = days(d(0), &set(&[30, 70, 118]), d(122));
        assert_eq!(phase(later.clean), Phase::RelationalIntegration);
    }

    proptest! {
        #[test]
        fn day_rules_hold(
            lapses in proptest::collection::btree_set(0i64..400, 0..20),
            today in 0i64..500,
        ) {
            let lapse_days: BTreeSet<NaiveDate> = lapses.iter().map(|&n| d(n)).collect();
            let x = days(d(0), &lapse_days, d(today));
            // Clean and lapse days add up to the days since the start, today included.
            prop_assert_eq!(x.clean + x.lapse_days, x.since_start + 1);
            prop_assert!(x.current <= x.longest && x.longest <= x.clean);
            // The current streak counts from the latest lapse at or before today.
            match lapses.iter().copied().filter(|&n| n <= today).max() {
                Some(last) => prop_assert_eq!(x.current, today - last),
                None => prop_assert_eq!(x.current, today + 1),
            }
            // The phase never goes back as the days pass, lapses or not.
            let tomorrow = days(d(0), &lapse_days, d(today + 1));
            prop_assert!(phase(tomorrow.clean).number() >= phase(x.clean).number());
            // One more lapse today removes at most one clean day and restarts the streak.
            let mut more = lapse_days.clone();
            more.insert(d(today));
            let y = days(d(0), &more, d(today));
            prop_assert_eq!(y.current, 0);
            prop_assert!(x.clean - y.clean <= 1);
            prop_assert!(y.longest <= x.longest);
        }
    }
}
