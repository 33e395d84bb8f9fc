//! Insights: plain sentences derived from the review figures, each carrying the
//! numbers behind it, never a judgment. A sentence is only made when the data is
//! there to support it; at most five are returned.

use super::review::{Request, Review};
use crate::model::{Entry, EntryBody};
use chrono::Timelike;

/// Urges in the three-hour window starting at `h` (wrapping past midnight).
fn window(by_hour: &[usize; 24], h: usize) -> usize {
    (0..3).map(|i| by_hour[(h + i) % 24]).sum()
}

/// The sentences, best first.
pub fn insights(r: &Review, entries: &[Entry], req: Request) -> Vec<String> {
    let mut out = Vec::new();
    let u = &r.urges;

    // When urges come.
    if u.total >= 4 {
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
            for e in entries.iter().filter(|e| {
                e.occurred_at.unix_ms >= req.since.unix_ms
                    && e.occurred_at.unix_ms <= req.until.unix_ms.min(req.as_of.unix_ms)
            }) {
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

    // What helps.
    if let Some(c) = u
        .coping
        .iter()
        .filter(|c| c.count >= 3 && c.resisted > 0)
        .max_by(|a, b| {
            (a.resisted * b.count)
                .cmp(&(b.resisted * a.count))
                .then_with(|| a.count.cmp(&b.count))
                .then_with(|| b.name.cmp(&a.name))
        })
    {
        out.push(format!(
            "When you used '{}', you rode out {} of {} urges.",
            c.name, c.resisted, c.count
        ));
    }

    // HALT.
    if let Some(h) = u.halt.first()
        && h.count >= 2
    {
        out.push(format!(
            "Feeling {} was part of {} of {} urges.",
            h.name, h.count, u.total
        ));
    }

    // Mood with and without urges.
    if let (Some(with), Some(without)) = (r.mood.mean_on_urge_days, r.mood.mean_on_other_days) {
        out.push(format!(
            "Your mood averaged {without:.1} on days without urges and {with:.1} on days with them."
        ));
    }

    // Practice.
    if r.practices.days_with_practice > 0 && r.streak.days_in_range >= 7 {
        out.push(format!(
            "You practised on {} of {} days.",
            r.practices.days_with_practice, r.streak.days_in_range
        ));
    }

    // Progress is not erased by a lapse: after a lapse in the range this comes
    // second, so it is never the one cut.
    if r.streak.lapses_since_start > 0 && r.streak.clean_days_since_start > 0 {
        let s = format!(
            "Since you began, {} days have been free of lapses; a lapse does not take them away.",
            r.streak.clean_days_since_start
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
