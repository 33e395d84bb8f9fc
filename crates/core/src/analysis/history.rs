//! What a person's own urges suggest in the moment (the guided `confide urge`): the
//! triggers they name most often, and what helped them before with the triggers they
//! name now. Kept apart from `review` because it is read while an urge is happening:
//! it keeps only the three fields it needs from each urge, and wipes them when dropped.

use crate::model::entry::Outcome;
use crate::model::{Entry, EntryBody, Timestamp};
use std::collections::BTreeMap;
use zeroize::Zeroize;

/// The triggers, coping and outcome of every urge seen, in the order added, and when
/// each check-in was.
#[derive(Default)]
pub struct History {
    urges: Vec<Seen>,
    checkins: Vec<Timestamp>,
}

/// One urge, reduced to what the suggestions use.
#[derive(Zeroize)]
struct Seen {
    at: i64,
    offset_s: i32,
    intensity: u8,
    triggers: Vec<String>,
    coping: Vec<String>,
    resisted: Option<bool>,
}

/// An urge logged since the last check-in (for the check-in's question).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Logged {
    /// When it happened.
    pub at: Timestamp,
    /// 1-10.
    pub intensity: u8,
    /// Resisted (`Some(true)`), acted on (`Some(false)`), or not said.
    pub resisted: Option<bool>,
}

impl Drop for History {
    fn drop(&mut self) {
        self.urges.zeroize();
    }
}

/// One coping strategy and how it went before: it "helped" when the urge was resisted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Helped {
    /// The coping strategy, as it was written.
    pub coping: String,
    /// The trigger it was counted for (one the person named now); `None` when no
    /// trigger was named and every urge counts.
    pub trigger: Option<String>,
    /// Urges with this trigger and this strategy that were resisted.
    pub resisted: usize,
    /// Urges with this trigger and this strategy whose outcome is known.
    pub tried: usize,
}

impl History {
    /// An empty history.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps what the suggestions need from `entry` when it is an urge.
    pub fn add(&mut self, entry: &Entry) {
        if let EntryBody::Checkin(_) = &entry.body {
            self.checkins.push(entry.occurred_at);
        }
        if let EntryBody::Urge(u) = &entry.body {
            self.urges.push(Seen {
                at: entry.occurred_at.unix_ms,
                offset_s: entry.occurred_at.offset_s,
                intensity: u.intensity,
                triggers: u.triggers.clone(),
                coping: u.coping.clone(),
                resisted: u.outcome.map(|o| o == Outcome::Resisted),
            });
        }
    }

    /// How many urges were seen.
    pub fn len(&self) -> usize {
        self.urges.len()
    }

    /// True when no urge was seen.
    pub fn is_empty(&self) -> bool {
        self.urges.is_empty()
    }

    /// For a check-in at `at`: the last check-in before it, and the urges logged after
    /// that one up to `at` (after `day_start`, the start of `at`'s day, when there was
    /// no check-in before), oldest first. These are what the check-in's "urges since
    /// the last check-in" counts.
    pub fn since_last_checkin(
        &self,
        at: Timestamp,
        day_start: Timestamp,
    ) -> (Option<Timestamp>, Vec<Logged>) {
        let last = self
            .checkins
            .iter()
            .filter(|c| c.unix_ms < at.unix_ms)
            .max_by_key(|c| c.unix_ms)
            .copied();
        let from = last.map_or(day_start.unix_ms, |c| c.unix_ms);
        let mut out: Vec<Logged> = self
            .urges
            .iter()
            .filter(|u| u.at > from && u.at <= at.unix_ms)
            .map(|u| Logged {
                at: Timestamp {
                    unix_ms: u.at,
                    offset_s: u.offset_s,
                },
                intensity: u.intensity,
                resisted: u.resisted,
            })
            .collect();
        out.sort_by_key(|l| l.at.unix_ms);
        (last, out)
    }

    /// Every trigger named, most frequent first (ties by name), with its count.
    pub fn frequent_triggers(&self) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for u in &self.urges {
            for t in &u.triggers {
                *counts.entry(t.as_str()).or_default() += 1;
            }
        }
        let mut out: Vec<(String, usize)> = counts
            .into_iter()
            .map(|(t, n)| (t.to_string(), n))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// Up to `max` coping strategies that helped before with one of `triggers` (with
    /// any urge when `triggers` is empty), each once, under the trigger where it
    /// helped most often. Only urges with a known outcome count; a strategy that never
    /// helped is left out. Ordered by how often it helped, then by the share of tries
    /// it helped, then by name.
    pub fn helped(&self, triggers: &[String], max: usize) -> Vec<Helped> {
        // (coping, trigger) -> (resisted, tried)
        let mut pairs: BTreeMap<(&str, Option<&str>), (usize, usize)> = BTreeMap::new();
        for u in &self.urges {
            let Some(resisted) = u.resisted else { continue };
            let under: Vec<Option<&str>> = if triggers.is_empty() {
                vec![None]
            } else {
                triggers
                    .iter()
                    .filter(|t| u.triggers.contains(t))
                    .map(|t| Some(t.as_str()))
                    .collect()
            };
            for t in under {
                for c in &u.coping {
                    let n = pairs.entry((c.as_str(), t)).or_default();
                    n.0 += usize::from(resisted);
                    n.1 += 1;
                }
            }
        }
        let mut all: Vec<Helped> = pairs
            .into_iter()
            .filter(|(_, (resisted, _))| *resisted > 0)
            .map(|((c, t), (resisted, tried))| Helped {
                coping: c.to_string(),
                trigger: t.map(str::to_string),
                resisted,
                tried,
            })
            .collect();
        all.sort_by(|a, b| {
            b.resisted
                .cmp(&a.resisted)
                // a/b > c/d  <=>  a*d > c*b (no floats, no division by zero: tried >= 1)
                .then_with(|| (b.resisted * a.tried).cmp(&(a.resisted * b.tried)))
                .then_with(|| a.coping.cmp(&b.coping))
                .then_with(|| a.trigger.cmp(&b.trigger))
        });
        let mut out: Vec<Helped> = Vec::new();
        for h in all {
            if out.len() >= max {
                break;
            }
            if !out.iter().any(|o| o.coping == h.coping) {
                out.push(h);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entry::{Checkin, Urge};

    fn urge(triggers: &[&str], coping: &[&str], outcome: Option<Outcome>) -> Entry {
        Entry::new(
            EntryBody::Urge(Urge {
                intensity: 6,
                triggers: triggers.iter().map(|s| s.to_string()).collect(),
                coping: coping.iter().map(|s| s.to_string()).collect(),
                outcome,
                minutes: None,
                note: None,
                halt: Default::default(),
                curve: Vec::new(),
            }),
            Timestamp {
                unix_ms: 0,
                offset_s: 0,
            },
        )
    }

    fn history(entries: &[Entry]) -> History {
        let mut h = History::new();
        for e in entries {
            h.add(e);
        }
        h
    }

    #[test]
    fn triggers_most_frequent_first_ties_by_name() {
        let h = history(&[
            urge(&["stressed", "tired"], &[], None),
            urge(&["lonely"], &[], None),
            urge(&["stressed"], &[], None),
            urge(&["bored"], &[], None),
            Entry::new(
                EntryBody::Journal(Default::default()),
                Timestamp {
                    unix_ms: 0,
                    offset_s: 0,
                },
            ),
        ]);
        assert_eq!(h.len(), 4);
        assert_eq!(
            h.frequent_triggers(),
            [
                ("stressed".to_string(), 2),
                ("bored".to_string(), 1),
                ("lonely".to_string(), 1),
                ("tired".to_string(), 1)
            ]
        );
    }

    #[test]
    fn helped_counts_known_outcomes_under_the_named_triggers() {
        use Outcome::*;
        let mut entries = Vec::new();
        // walk with stress: 3 resisted, 1 acted, 1 unknown (not counted)
        for o in [
            Some(Resisted),
            Some(Resisted),
            Some(Resisted),
            Some(Acted),
            None,
        ] {
            entries.push(urge(&["stressed"], &["walk"], o));
        }
        // shower with stress: 1 of 1
        entries.push(urge(&["stressed"], &["cold-shower"], Some(Resisted)));
        // call-a-friend only with loneliness: 2 of 2
        entries.push(urge(&["lonely"], &["call-a-friend"], Some(Resisted)));
        entries.push(urge(&["lonely"], &["call-a-friend"], Some(Resisted)));
        // scrolling never helped: left out
        entries.push(urge(&["stressed"], &["scrolling"], Some(Acted)));
        let h = history(&entries);

        let got = h.helped(&["stressed".to_string()], 5);
        assert_eq!(
            got,
            [
                Helped {
                    coping: "walk".into(),
                    trigger: Some("stressed".into()),
                    resisted: 3,
                    tried: 4
                },
                Helped {
                    coping: "cold-shower".into(),
                    trigger: Some("stressed".into()),
                    resisted: 1,
                    tried: 1
                },
            ]
        );
        // Two triggers: each strategy once, under the trigger where it helped most.
        let got = h.helped(&["lonely".to_string(), "stressed".to_string()], 5);
        let names: Vec<_> = got.iter().map(|h| h.coping.as_str()).collect();
        assert_eq!(names, ["walk", "call-a-friend", "cold-shower"]);
        assert_eq!(got[1].trigger.as_deref(), Some("lonely"));
        // No trigger named: every urge counts.
        let all = h.helped(&[], 1);
        assert_eq!(
            all,
            [Helped {
                coping: "walk".into(),
                trigger: None,
                resisted: 3,
                tried: 4
            }]
        );
        // A trigger never seen: nothing.
        assert!(h.helped(&["bored".to_string()], 5).is_empty());
    }

    #[test]
    fn urges_since_the_last_checkin() {
        let at = |ms: i64| Timestamp {
            unix_ms: ms,
            offset_s: 0,
        };
        let mut u1 = urge(&[], &[], Some(Outcome::Resisted));
        u1.occurred_at = at(100);
        let mut c = Entry::new(EntryBody::Checkin(Checkin::default()), at(200));
        c.occurred_at = at(200);
        let mut u2 = urge(&[], &[], Some(Outcome::Acted));
        u2.occurred_at = at(300);
        let mut u3 = urge(&[], &[], None);
        u3.occurred_at = at(250);
        let mut later = urge(&[], &[], None);
        later.occurred_at = at(900);
        let h = history(&[u1, c, u2, u3, later]);
        // A check-in at 500: the one at 200 was the last; urges at 250 and 300.
        let (last, logged) = h.since_last_checkin(at(500), at(0));
        assert_eq!(last, Some(at(200)));
        let times: Vec<i64> = logged.iter().map(|l| l.at.unix_ms).collect();
        assert_eq!(times, [250, 300]);
        assert_eq!(logged[1].resisted, Some(false));
        // A backdated check-in at 150: no check-in before it, so from the day's start.
        let (last, logged) = h.since_last_checkin(at(150), at(50));
        assert_eq!(last, None);
        assert_eq!(logged.len(), 1);
        assert_eq!(logged[0].at, at(100));
    }

    #[test]
    fn equal_help_prefers_the_better_share() {
        use Outcome::*;
        let h = history(&[
            urge(&["tired"], &["nap"], Some(Resisted)),
            urge(&["tired"], &["nap"], Some(Acted)),
            urge(&["tired"], &["walk"], Some(Resisted)),
        ]);
        let got = h.helped(&["tired".to_string()], 5);
        assert_eq!(got[0].coping, "walk");
        assert_eq!((got[1].resisted, got[1].tried), (1, 2));
    }
}
