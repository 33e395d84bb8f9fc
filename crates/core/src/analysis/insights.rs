//! Insights: plain sentences derived from the review figures, each carrying the
//! numbers behind it (its sample), never a judgment. A sentence is only made when
//! the data reaches the minimum below; at most five are returned.

/// Urges in the range before "most urges came between ..." is said.
pub const MIN_URGES_FOR_TIMING: usize = 8;
/// Urges with an outcome recorded, where a strategy was used, before "what helps".
pub const MIN_OUTCOMES_FOR_COPING: usize = 5;
/// Urges in the range, and urges with the flag, before a HALT sentence.
pub const MIN_URGES_FOR_HALT: usize = 5;
/// Urges with the HALT flag before it is named.
pub const MIN_FLAGGED_FOR_HALT: usize = 3;
/// Days in the range (from the start) before "you practised on N of M days".
pub const MIN_DAYS_FOR_PRACTICE: usize = 7;

use super::review::{Request, Review};
use crate::content::{IntimacyType, Partner};
use crate::model::{Entry, EntryBody};
use chrono::Timelike;

/// The review's gentle suggestion for the kinds of intimacy with nothing in the range
/// (`quiet`, ids in display order), fitted to the partner setting: with a partner,
/// every quiet kind, and a word that a partnership does best with all five; otherwise
/// physical intimacy is not named (no one is told touch "has been quiet"), and the
/// suggestion says friends, family, a community and oneself count. `None` when there
/// is nothing to suggest.
pub fn quiet_types_suggestion(quiet: &[&str], partner: Partner) -> Option<String> {
    let named: Vec<&str> = quiet
        .iter()
        .copied()
        .filter(|t| partner.balances_physical() || *t != IntimacyType::Physical.as_str())
        .collect();
    let first = named.first()?;
    let why = if partner.balances_physical() {
        "a partnership tends to do best with all five kinds"
    } else {
        "friends, family, a community and your own company all count"
    };
    Some(format!(
        "Nothing yet for {} intimacy in this range; {why}. `confide prompts --type {first}` has ideas if you would like one.",
        named.join(", ")
    ))
}

/// Urges in the three-hour window starting at `h` (wrapping past midnight).
fn window(by_hour: &[usize; 24], h: usize) -> usize {
    (0..3).map(|i| by_hour[(h + i) % 24]).sum()
}

/// The sentences, best first.
pub fn insights(r: &Review, entries: &[Entry], req: Request) -> Vec<String> {
    let mut out = Vec::new();
    let u = &r.urges;

    // When urges come.
    if u.total >= MIN_URGES_FOR_TIMING {
        let (h, n) = (0..24)
            .map(|h| (h, window(&u.by_hour, h)))
            .max_by_key(|&(h, n)| (n, std::cmp::Reverse(h)))
            .expect("24 hours");
        if n * 2 > u.total {
            let mut s = format!(
                "Most urges ({n} of {}) came between {h:02}:00 and {:02}:00.",
                u.total,
                (h + 3) % 24
            );
            // The trigger named most often in that window.
            let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
            for e in entries
                .iter()
                .filter(|e| super::review::in_range_at(e.occurred_at, req))
            {
                if let EntryBody::Urge(x) = &e.body {
                    let hour = e.occurred_at.to_datetime().hour() as usize;
                    if (hour + 24 - h) % 24 < 3 {
                        for t in &x.triggers {
                            *counts.entry(t.as_str()).or_default() += 1;
                        }
                    }
                }
            }
            if let Some((t, k)) = counts
                .into_iter()
                .max_by_key(|&(t, k)| (k, std::cmp::Reverse(t)))
                && k >= 2
            {
                s.push_str(&format!(" '{t}' came before {k} of them."));
            }
            out.push(s);
        }
    }

    // What helps: only urges whose outcome was recorded count either way.
    if let Some(c) = u
        .coping
        .iter()
        .filter(|c| c.resisted + c.acted >= MIN_OUTCOMES_FOR_COPING && c.resisted > 0)
        .max_by(|a, b| {
            let (na, nb) = (a.resisted + a.acted, b.resisted + b.acted);
            (a.resisted * nb)
                .cmp(&(b.resisted * na))
                .then_with(|| na.cmp(&nb))
                .then_with(|| b.name.cmp(&a.name))
        })
    {
        let mut s = format!(
            "When you used '{}', you rode out {} of {} urges whose outcome you recorded.",
            c.name,
            c.resisted,
            c.resisted + c.acted
        );
        if c.no_outcome > 0 {
            s.push_str(&format!(" {} more had no outcome recorded.", c.no_outcome));
        }
        out.push(s);
    }

    // HALT.
    if let Some(h) = u.halt.first()
        && u.total >= MIN_URGES_FOR_HALT
        && h.count >= MIN_FLAGGED_FOR_HALT
    {
        out.push(format!(
            "Feeling {} was part of {} of {} urges.",
            h.name, h.count, u.total
        ));
    }

    // Mood with and without urges: within the same weeks, and only with enough days
    // on each side (the review leaves the means out otherwise).
    if let (Some(with), Some(without)) = (r.mood.mean_on_urge_days, r.mood.mean_on_other_days) {
        let c = &r.mood.comparison;
        out.push(format!(
            "In the {} weeks that had both, your mood averaged {without:.1} on the {} days without urges \
             and {with:.1} on the {} days with them.",
            c.weeks, c.other_days, c.urge_days
        ));
    }

    // Practice.
    if r.practices.days_with_practice > 0 && r.streak.days_in_range >= MIN_DAYS_FOR_PRACTICE {
        out.push(format!(
            "You practised on {} of {} days.",
            r.practices.days_with_practice, r.streak.days_in_range
        ));
    }

    // Progress is not erased by a lapse: after a lapse in the range this comes
    // second, so it is never the one cut.
    if r.streak.lapses_since_start > 0 && r.streak.clean_days_since_start > 0 {
        let s = format!(
            "Since you began, {} of {} days have been free of lapses; a lapse does not take them away, \
             and your phase stays where they brought you.",
            r.streak.clean_days_since_start,
            r.streak.days_since_start + 1
        );
        if r.streak.lapses_in_range > 0 {
            out.insert(out.len().min(1), s);
        } else {
            out.push(s);
        }
    }

    out.truncate(5);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quiet_kinds_fit_the_partner_setting() {
        let quiet = ["physical", "spiritual"];
        let yes = quiet_types_suggestion(&quiet, Partner::Yes).unwrap();
        assert!(
            yes.starts_with("Nothing yet for physical, spiritual intimacy"),
            "{yes}"
        );
        assert!(yes.contains("all five"), "{yes}");
        assert!(yes.contains("--type physical"), "{yes}");
        for partner in [Partner::No, Partner::PreferNotToSay] {
            let s = quiet_types_suggestion(&quiet, partner).unwrap();
            assert!(!s.contains("physical"), "{s}");
            assert!(!s.contains("all five"), "{s}");
            assert!(
                s.contains("--type spiritual") && s.contains("friends, family"),
                "{s}"
            );
            assert_eq!(quiet_types_suggestion(&["physical"], partner), None);
            assert!(crate::content::shaming_word(&s).is_none());
        }
        assert_eq!(quiet_types_suggestion(&[], Partner::Yes), None);
    }
}
