//! The personal recovery plan: where the person stands, what the phase asks, and
//! today's suggested practice and reflection, chosen deterministically per day.
//!
//! The suggestion favours, in this order of weight: the focus skills the person
//! chose (+3), the skills least practised in the last 14 days (+0..2), the intimacy
//! types least touched in the last 14 days (+0..2), and items that fit the current
//! phase (+1). Among the best-scoring items, the day's date picks one, so the
//! suggestion is stable for a day and changes from day to day.

use super::streak;
use crate::content::{self, IntimacyType, Phase, Skill};
use crate::model::{Entry, EntryBody, Timestamp};
use serde::Serialize;
use std::collections::HashMap;

/// The plan.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Plan {
    /// Schema version.
    pub schema: u32,
    /// RFC 3339.
    pub as_of: String,
    /// Clean days in a row ending today (see `analysis::streak`).
    pub current_days: i64,
    /// Calendar days since the start's date: 0 on the first day ("day 1").
    pub days_since_start: i64,
    /// Clean days since the start, today included; the phase comes from these.
    pub clean_days: i64,
    /// The phase.
    pub phase: PhaseView,
    /// Focus skills chosen.
    pub focus: Vec<&'static str>,
    /// Today's suggested practice.
    pub practice: Suggestion,
    /// Today's suggested reflection prompt.
    pub prompt: Suggestion,
    /// Next milestone in days, null past the last.
    pub next_milestone: Option<i64>,
    /// Practices and reflections per skill in the last 14 days.
    pub recent_by_skill: Vec<(&'static str, usize)>,
    /// Entries per intimacy type in the last 14 days.
    pub recent_by_type: Vec<(&'static str, usize)>,
}

/// The phase with its content.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PhaseView {
    /// 1-3.
    pub number: u8,
    /// Name.
    pub name: &'static str,
    /// Goal.
    pub goal: &'static str,
    /// Common challenges.
    pub challenges: &'static [&'static str],
    /// Key practices (ids).
    pub key_practices: &'static [&'static str],
    /// A kind word.
    pub encouragement: &'static str,
    /// Clean days until the next phase, null in the last.
    pub days_to_next: Option<i64>,
}

/// A suggested item.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Suggestion {
    /// Its id.
    pub id: &'static str,
    /// Its text or description.
    pub text: &'static str,
    /// Its name (practices) or theme (prompts).
    pub title: &'static str,
    /// The skill it builds.
    pub skill: Option<&'static str>,
    /// Why it was chosen.
    pub why: Vec<String>,
}

/// Counts of practices/reflections per skill and entries per intimacy type in the 14
/// days before `as_of`.
fn recent(
    entries: &[Entry],
    as_of: Timestamp,
) -> (HashMap<Skill, usize>, HashMap<IntimacyType, usize>) {
    let from = as_of.unix_ms - 14 * streak::DAY_MS;
    let mut skills = HashMap::new();
    let mut types = HashMap::new();
    for e in entries
        .iter()
        .filter(|e| e.occurred_at.unix_ms > from && e.occurred_at.unix_ms <= as_of.unix_ms)
    {
        let skill = match &e.body {
            EntryBody::Practice(p) => content::practice(&p.practice_id).map(|p| p.skill),
            EntryBody::Reflection(r) => r
                .prompt_id
                .as_deref()
                .and_then(content::prompt)
                .and_then(|p| p.skill),
            EntryBody::Checkin(c) => c
                .practice_id
                .as_deref()
                .and_then(content::practice)
                .map(|p| p.skill),
            _ => None,
        };
        if let Some(s) = skill {
            *skills.entry(s).or_insert(0) += 1;
        }
        if let Some(t) = e.intimacy {
            *types.entry(t).or_insert(0) += 1;
        }
        // A practice named in a check-in touches its intimacy type, as in review.
        if let EntryBody::Checkin(c) = &e.body
            && let Some(t) = c
                .practice_id
                .as_deref()
                .and_then(content::practice)
                .and_then(|p| p.types.first())
        {
            *types.entry(*t).or_insert(0) += 1;
        }
    }
    (skills, types)
}

/// A number that is the same all day and differs from day to day.
fn day_number(as_of: Timestamp) -> u64 {
    let d = as_of.to_datetime().date_naive();
    let n = chrono::Datelike::num_days_from_ce(&d) as u64;
    // Spread consecutive days apart (SplitMix64 finaliser).
    let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

struct Scored<T> {
    item: T,
    score: i64,
    why: Vec<String>,
}

fn score(
    skill: Option<Skill>,
    types: &[IntimacyType],
    phases: &[Phase],
    focus: &[Skill],
    phase: Phase,
    skills: &HashMap<Skill, usize>,
    recent_types: &HashMap<IntimacyType, usize>,
) -> (i64, Vec<String>) {
    let mut s = 0;
    let mut why = Vec::new();
    let least_skill = Skill::ALL
        .iter()
        .map(|k| skills.get(k).copied().unwrap_or(0))
        .min()
        .unwrap_or(0);
    let least_type = IntimacyType::ALL
        .iter()
        .map(|t| recent_types.get(t).copied().unwrap_or(0))
        .min()
        .unwrap_or(0);
    if let Some(k) = skill {
        if focus.contains(&k) {
            s += 3;
            why.push(format!("{} is one of your focus skills", k.label()));
        }
        let n = skills.get(&k).copied().unwrap_or(0);
        if n == least_skill {
            s += 2;
            why.push(format!(
                "{} had the least practice in the last 14 days ({n})",
                k.label()
            ));
        } else if n <= least_skill + 1 {
            s += 1;
        }
    }
    if let Some(t) = types
        .iter()
        .min_by_key(|t| recent_types.get(t).copied().unwrap_or(0))
    {
        let n = recent_types.get(t).copied().unwrap_or(0);
        if n == least_type {
            s += 2;
            why.push(format!(
                "{} intimacy has been quiet lately ({n} in 14 days)",
                t.label().to_lowercase()
            ));
        } else if n <= least_type + 1 {
            s += 1;
        }
    }
    if phases.contains(&phase) {
        s += 1;
        why.push(format!("it fits {}", phase.name().to_lowercase()));
    }
    (s, why)
}

fn pick<T>(mut scored: Vec<Scored<T>>, day: u64) -> Scored<T> {
    let best = scored
        .iter()
        .map(|s| s.score)
        .max()
        .expect("the catalogue is not empty");
    scored.retain(|s| s.score == best);
    let i = (day % scored.len() as u64) as usize;
    scored.swap_remove(i)
}

/// Builds the plan.
pub fn plan(entries: &[Entry], start: Timestamp, focus: &[Skill], as_of: Timestamp) -> Plan {
    let days = streak::standing(entries, start, as_of);
    let current = days.current;
    let phase = streak::phase(days.clean);
    let info = phase.info();
    let (skills, types) = recent(entries, as_of);
    let day = day_number(as_of);

    let practices = content::practices::PRACTICES
        .iter()
        .map(|p| {
            let (score, why) = score(
                Some(p.skill),
                p.types,
                p.phases,
                focus,
                phase,
                &skills,
                &types,
            );
            Scored {
                item: p,
                score,
                why,
            }
        })
        .collect();
    let p = pick(practices, day);
    let prompts = content::prompts::PROMPTS
        .iter()
        .map(|q| {
            let (score, why) = score(q.skill, q.types, q.phases, focus, phase, &skills, &types);
            Scored {
                item: q,
                score,
                why,
            }
        })
        .collect();
    let q = pick(prompts, day.rotate_left(17));

    Plan {
        schema: 1,
        as_of: as_of.to_rfc3339(),
        current_days: current,
        days_since_start: days.since_start,
        clean_days: days.clean,
        phase: PhaseView {
            number: phase.number(),
            name: info.name,
            goal: info.goal,
            challenges: info.challenges,
            key_practices: info.key_practices,
            encouragement: info.encouragement,
            days_to_next: streak::days_to_next_phase(days.clean),
        },
        focus: focus.iter().map(|s| s.as_str()).collect(),
        practice: Suggestion {
            id: p.item.id,
            text: p.item.description,
            title: p.item.name,
            skill: Some(p.item.skill.as_str()),
            why: p.why,
        },
        prompt: Suggestion {
            id: q.item.id,
            text: q.item.text,
            title: q.item.theme,
            skill: q.item.skill.map(|s| s.as_str()),
            why: q.why,
        },
        next_milestone: content::phases::next_milestone(current),
        recent_by_skill: Skill::ALL
            .iter()
            .map(|s| (s.as_str(), skills.get(s).copied().unwrap_or(0)))
            .collect(),
        recent_by_type: IntimacyType::ALL
            .iter()
            .map(|t| (t.as_str(), types.get(t).copied().unwrap_or(0)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entry::Practice;

    fn at(ms: i64) -> Timestamp {
        Timestamp {
            unix_ms: ms,
            offset_s: 0,
        }
    }

    #[test]
    fn same_day_same_suggestion_and_focus_wins() {
        let d = streak::DAY_MS;
        let start = at(0);
        let morning = at(100 * d + 8 * 3_600_000);
        let evening = at(100 * d + 20 * 3_600_000);
        let a = plan(&[], start, &[], morning);
        let b = plan(&[], start, &[], evening);
        assert_eq!(a.practice.id, b.practice.id);
        assert_eq!(a.prompt.id, b.prompt.id);
        assert_eq!(a.phase.number, 2);
        // Day 101 since the start, all of them clean (calendar days, today included).
        assert_eq!(a.current_days, 101);
        assert_eq!(a.days_since_start, 100);
        assert_eq!(a.clean_days, 101);
        // Suggestions vary across days.
        let ids: std::collections::BTreeSet<_> = (0..14)
            .map(|i| plan(&[], start, &[], at((100 + i) * d)).practice.id)
            .collect();
        assert!(ids.len() > 1);
        // A focus skill is favoured.
        let f = plan(&[], start, &[Skill::EmpathicListening], morning);
        assert_eq!(f.practice.skill, Some("empathic-listening"));
        assert_eq!(f.focus, ["empathic-listening"]);
    }

    #[test]
    fn least_practised_skill_is_favoured() {
        let d = streak::DAY_MS;
        let as_of = at(50 * d);
        // Practise everything but vulnerability recently.
        let mut entries = Vec::new();
        for p in [
            "hug-6s",
            "tech-free-talk",
            "three-questions",
            "notice-feel-need",
            "connection-inventory",
            "giving-focus",
        ] {
            let mut e = Entry::new(
                EntryBody::Practice(Practice {
                    practice_id: p.into(),
                    note: None,
                }),
                at(49 * d),
            );
            e.intimacy = content::practice(p).and_then(|x| x.types.first().copied());
            entries.push(e);
        }
        let p = plan(&entries, at(0), &[], as_of);
        assert_eq!(p.practice.skill, Some("vulnerability"), "{:?}", p.practice);
        assert!(p.practice.why.iter().any(|w| w.contains("least practice")));
    }
}
