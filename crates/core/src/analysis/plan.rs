//! The personal recovery plan: where the person stands, what the phase asks, and
//! today's suggested practice and reflection, chosen deterministically per day.
//!
//! Only items that suit the person are offered: their audience fits the partner
//! setting ([`Audience::suits`]: partner items only for someone with a partner) and
//! they are meant for the current phase (no partner talk about expectations on day
//! 2, no touch during the reset). Among those, the suggestion favours, in this order
//! of weight: the focus skills the person chose (+3), the prompts written for the
//! days after a lapse while one is recent (+3), the skills least practised in the
//! last 14 days (+0..2), the intimacy types least touched in the last 14 days
//! (+0..2; physical intimacy is weighed only with a partner), and items meant for
//! this phase in particular rather than every phase (+1). Among the best-scoring
//! items, the one done or answered longest ago (or never) comes first, and the day's
//! date picks among those, so the suggestion is stable for a day, changes from day to
//! day, and, for someone who follows it, works through the whole catalogue.

use super::streak;
use crate::content::{self, Audience, IntimacyType, Partner, Phase, Skill};
use crate::model::{Entry, EntryBody, Timestamp};
use serde::Serialize;
use std::collections::HashMap;

/// How long after a lapse the prompts written for it are favoured.
pub const LAPSE_DAYS: i64 = 7;
/// After how many days a practice done (or a prompt answered) counts as fresh again.
pub const FRESH_DAYS: i64 = 90;

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
    /// The partner setting the suggestions were chosen for.
    pub partner: Partner,
    /// What intimacy is, for a person who has not said they have a partner.
    pub note: Option<&'static str>,
    /// Focus skills chosen.
    pub focus: Vec<&'static str>,
    /// What each focus skill is, in the order of `focus`.
    pub focus_definitions: Vec<&'static str>,
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
    /// What that skill is, in one plain line.
    pub skill_definition: Option<&'static str>,
    /// Who it is for.
    pub audience: Audience,
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

/// What the scores are computed from.
struct Context<'a> {
    focus: &'a [Skill],
    phase: Phase,
    partner: Partner,
    skills: HashMap<Skill, usize>,
    types: HashMap<IntimacyType, usize>,
    lapse_recent: bool,
    as_of_ms: i64,
}

/// One catalogue item, as the scoring sees it.
struct Item<'a> {
    skill: Option<Skill>,
    types: &'a [IntimacyType],
    phases: &'a [Phase],
    audience: Audience,
    theme: Option<&'a str>,
}

struct Scored<T> {
    item: T,
    score: i64,
    /// When it was last done or answered (unix ms), `None` for never.
    last: Option<i64>,
    why: Vec<String>,
}

impl Context<'_> {
    /// Whether the item may be offered at all: its audience fits the partner setting
    /// and it is meant for the current phase.
    fn offers(&self, item: &Item<'_>) -> bool {
        item.audience.suits(self.partner) && item.phases.contains(&self.phase)
    }

    /// The intimacy types weighed for balance: physical only with a partner.
    fn weighs(&self, t: IntimacyType) -> bool {
        t != IntimacyType::Physical || self.partner.balances_physical()
    }

    fn score(&self, item: &Item<'_>, last: Option<i64>) -> (i64, Vec<String>) {
        let mut s = 0;
        let mut why = Vec::new();
        let least_skill = Skill::ALL
            .iter()
            .map(|k| self.skills.get(k).copied().unwrap_or(0))
            .min()
            .unwrap_or(0);
        let count = |t: &IntimacyType| self.types.get(t).copied().unwrap_or(0);
        let least_type = IntimacyType::ALL
            .iter()
            .filter(|t| self.weighs(**t))
            .map(count)
            .min()
            .unwrap_or(0);
        if let Some(k) = item.skill {
            if self.focus.contains(&k) {
                s += 3;
                why.push(format!("{} is one of your focus skills", k.label()));
            }
            let n = self.skills.get(&k).copied().unwrap_or(0);
            if n == least_skill {
                s += 2;
                why.push(format!("it gives {} a turn", k.label().to_lowercase()));
            } else if n <= least_skill + 1 {
                s += 1;
            }
        }
        if self.lapse_recent && item.theme == Some("lapse") {
            s += 3;
            why.push("it is written for the days after a lapse".to_string());
        }
        if let Some(t) = item
            .types
            .iter()
            .filter(|t| self.weighs(**t))
            .min_by_key(|t| count(t))
        {
            let n = count(t);
            if n == least_type {
                s += 2;
                why.push(format!(
                    "it adds some {} closeness",
                    t.label().to_lowercase()
                ));
            } else if n <= least_type + 1 {
                s += 1;
            }
        }
        // Not said when never done: that is nearly everything at first.
        match last {
            None => s += 2,
            Some(t) if t <= self.as_of_ms - FRESH_DAYS * streak::DAY_MS => {
                s += 2;
                why.push("it has been a while since the last time".to_string());
            }
            Some(_) => {}
        }
        if item.phases.len() < Phase::ALL.len() {
            s += 1;
            why.push(format!("it fits {}", self.phase.name().to_lowercase()));
        }
        (s, why)
    }
}

/// The best of `scored`: highest score, then done longest ago (never first), then the
/// day's pick among those. `None` only for an empty list.
fn pick<T>(mut scored: Vec<Scored<T>>, day: u64) -> Option<Scored<T>> {
    let best = scored.iter().map(|s| s.score).max()?;
    scored.retain(|s| s.score == best);
    let oldest = scored.iter().map(|s| s.last).min()?;
    scored.retain(|s| s.last == oldest);
    let i = (day % scored.len() as u64) as usize;
    Some(scored.swap_remove(i))
}

/// When each practice was last done (first map) and each prompt last answered
/// (second map), by id (unix ms), up to `as_of`. A practice and a prompt may share
/// an id, so they are kept apart.
fn last_done(entries: &[Entry], as_of: Timestamp) -> [HashMap<&str, i64>; 2] {
    let mut last: [HashMap<&str, i64>; 2] = Default::default();
    for e in entries
        .iter()
        .filter(|e| e.occurred_at.unix_ms <= as_of.unix_ms)
    {
        let (map, id) = match &e.body {
            EntryBody::Practice(p) => (0, Some(p.practice_id.as_str())),
            EntryBody::Checkin(c) => (0, c.practice_id.as_deref()),
            EntryBody::Reflection(r) => (1, r.prompt_id.as_deref()),
            _ => continue,
        };
        if let Some(id) = id {
            let t = last[map].entry(id).or_insert(e.occurred_at.unix_ms);
            *t = (*t).max(e.occurred_at.unix_ms);
        }
    }
    last
}

/// Whether a lapse was recorded in the [`LAPSE_DAYS`] days up to `as_of`.
fn lapse_recent(entries: &[Entry], as_of: Timestamp) -> bool {
    let from = as_of.unix_ms - LAPSE_DAYS * streak::DAY_MS;
    entries.iter().any(|e| {
        matches!(e.body, EntryBody::Lapse(_))
            && e.occurred_at.unix_ms > from
            && e.occurred_at.unix_ms <= as_of.unix_ms
    })
}

/// The practices and prompts this plan may offer: suited to `partner` and meant
/// for `phase`. Never empty for any partner setting and phase (the content tests
/// check it).
pub fn offered(
    phase: Phase,
    partner: Partner,
) -> (
    Vec<&'static content::Practice>,
    Vec<&'static content::Prompt>,
) {
    let ctx = Context {
        focus: &[],
        phase,
        partner,
        skills: HashMap::new(),
        types: HashMap::new(),
        lapse_recent: false,
        as_of_ms: 0,
    };
    (
        content::PRACTICES
            .iter()
            .filter(|p| ctx.offers(&practice_item(p)))
            .collect(),
        content::PROMPTS
            .iter()
            .filter(|q| ctx.offers(&prompt_item(q)))
            .collect(),
    )
}

fn practice_item(p: &content::Practice) -> Item<'_> {
    Item {
        skill: Some(p.skill),
        types: p.types,
        phases: p.phases,
        audience: p.audience,
        theme: None,
    }
}

fn prompt_item(q: &content::Prompt) -> Item<'_> {
    Item {
        skill: q.skill,
        types: q.types,
        phases: q.phases,
        audience: q.audience,
        theme: Some(q.theme),
    }
}

/// Scores every item `ctx` offers and picks one. If it offered none (the content
/// tests make sure it always does), any item suited to the partner setting, whatever
/// its phase, so there is always a suggestion.
fn choose<T: Copy>(
    ctx: &Context<'_>,
    items: &'static [T],
    item: fn(&'static T) -> Item<'static>,
    id: fn(&T) -> &'static str,
    last: &HashMap<&str, i64>,
    day: u64,
) -> Scored<&'static T> {
    let scored = |all: bool| -> Vec<Scored<&'static T>> {
        items
            .iter()
            .filter(|x| {
                let i = item(x);
                if all {
                    i.audience.suits(ctx.partner)
                } else {
                    ctx.offers(&i)
                }
            })
            .map(|x| {
                let last = last.get(id(x)).copied();
                let (score, why) = ctx.score(&item(x), last);
                Scored {
                    item: x,
                    score,
                    last,
                    why,
                }
            })
            .collect()
    };
    pick(scored(false), day)
        .or_else(|| pick(scored(true), day))
        .expect("the catalogue has items for every audience")
}

/// Builds the plan for a person with the partner setting `partner`.
pub fn plan(
    entries: &[Entry],
    start: Timestamp,
    focus: &[Skill],
    as_of: Timestamp,
    partner: Partner,
) -> Plan {
    let days = streak::standing(entries, start, as_of);
    let current = days.current;
    let phase = streak::phase(days.clean);
    let info = phase.info();
    let (skills, types) = recent(entries, as_of);
    let day = day_number(as_of);
    let last = last_done(entries, as_of);
    let ctx = Context {
        focus,
        phase,
        partner,
        skills,
        types,
        lapse_recent: lapse_recent(entries, as_of),
        as_of_ms: as_of.unix_ms,
    };
    let p = choose(
        &ctx,
        content::PRACTICES,
        practice_item,
        |p| p.id,
        &last[0],
        day,
    );
    let q = choose(
        &ctx,
        content::PROMPTS,
        prompt_item,
        |q| q.id,
        &last[1],
        day.rotate_left(17),
    );

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
        partner,
        note: partner.note(),
        focus: focus.iter().map(|s| s.as_str()).collect(),
        focus_definitions: focus.iter().map(|s| s.definition()).collect(),
        practice: Suggestion {
            id: p.item.id,
            text: p.item.description,
            title: p.item.name,
            skill: Some(p.item.skill.as_str()),
            skill_definition: Some(p.item.skill.definition()),
            audience: p.item.audience,
            why: p.why,
        },
        prompt: Suggestion {
            id: q.item.id,
            text: q.item.text,
            title: q.item.theme,
            skill: q.item.skill.map(|s| s.as_str()),
            skill_definition: q.item.skill.map(|s| s.definition()),
            audience: q.item.audience,
            why: q.why,
        },
        next_milestone: content::phases::next_milestone(current),
        recent_by_skill: Skill::ALL
            .iter()
            .map(|s| (s.as_str(), ctx.skills.get(s).copied().unwrap_or(0)))
            .collect(),
        recent_by_type: IntimacyType::ALL
            .iter()
            .map(|t| (t.as_str(), ctx.types.get(t).copied().unwrap_or(0)))
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
        let a = plan(&[], start, &[], morning, Partner::Yes);
        let b = plan(&[], start, &[], evening, Partner::Yes);
        assert_eq!(a.practice.id, b.practice.id);
        assert_eq!(a.prompt.id, b.prompt.id);
        assert_eq!(a.phase.number, 2);
        // Day 101 since the start, all of them clean (calendar days, today included).
        assert_eq!(a.current_days, 101);
        assert_eq!(a.days_since_start, 100);
        assert_eq!(a.clean_days, 101);
        // Suggestions vary across days.
        let ids: std::collections::BTreeSet<_> = (0..14)
            .map(|i| {
                plan(&[], start, &[], at((100 + i) * d), Partner::Yes)
                    .practice
                    .id
            })
            .collect();
        assert!(ids.len() > 1);
        // A focus skill is favoured.
        let f = plan(
            &[],
            start,
            &[Skill::EmpathicListening],
            morning,
            Partner::Yes,
        );
        assert_eq!(f.practice.skill, Some("empathic-listening"));
        assert_eq!(f.focus, ["empathic-listening"]);
    }

    #[test]
    fn least_practised_skill_is_favoured() {
        let d = streak::DAY_MS;
        let as_of = at(70 * d);
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
                at(69 * d),
            );
            e.intimacy = content::practice(p).and_then(|x| x.types.first().copied());
            entries.push(e);
        }
        let p = plan(&entries, at(0), &[], as_of, Partner::Yes);
        assert_eq!(p.practice.skill, Some("vulnerability"), "{:?}", p.practice);
        assert!(p.practice.why.iter().any(|w| w.contains("a turn")));
    }

    /// A year of following the plan day by day: each morning the plan is made, and
    /// the person does the practice and answers the prompt it suggests (recorded
    /// with their first intimacy type, as `confide practice` and `reflect` do). A
    /// lapse on each day of `lapses`, before the plan. Returns each day's plan.
    pub(crate) fn simulate_year(partner: Partner, lapses: &[i64]) -> Vec<Plan> {
        use crate::model::entry::{Lapse, Reflection};
        let d = streak::DAY_MS;
        let h = 3_600_000;
        let start = at(0);
        let mut entries = Vec::new();
        let mut plans = Vec::new();
        for day in 0..365 {
            if lapses.contains(&day) {
                entries.push(Entry::new(
                    EntryBody::Lapse(Lapse::default()),
                    at(day * d + 7 * h),
                ));
            }
            let p = plan(&entries, start, &[], at(day * d + 8 * h), partner);
            let mut e = Entry::new(
                EntryBody::Practice(Practice {
                    practice_id: p.practice.id.into(),
                    note: None,
                }),
                at(day * d + 9 * h),
            );
            e.intimacy = content::practice(p.practice.id).and_then(|x| x.types.first().copied());
            entries.push(e);
            let mut e = Entry::new(
                EntryBody::Reflection(Reflection {
                    prompt_id: Some(p.prompt.id.into()),
                    text: "an answer".into(),
                }),
                at(day * d + 10 * h),
            );
            e.intimacy = content::prompt(p.prompt.id).and_then(|x| x.types.first().copied());
            entries.push(e);
            plans.push(p);
        }
        plans
    }

    #[test]
    fn a_year_without_a_partner_never_offers_a_partner_item_and_fits_each_phase() {
        for partner in [Partner::No, Partner::PreferNotToSay] {
            for (day, p) in simulate_year(partner, &[20, 150]).iter().enumerate() {
                let phase = Phase::from_number(p.phase.number).unwrap();
                let practice = content::practice(p.practice.id).unwrap();
                let prompt = content::prompt(p.prompt.id).unwrap();
                assert_ne!(
                    practice.audience,
                    Audience::Partner,
                    "day {day}: {}",
                    practice.id
                );
                assert_ne!(
                    prompt.audience,
                    Audience::Partner,
                    "day {day}: {}",
                    prompt.id
                );
                assert!(
                    practice.phases.contains(&phase),
                    "day {day}: {}",
                    practice.id
                );
                assert!(prompt.phases.contains(&phase), "day {day}: {}", prompt.id);
                for why in p.practice.why.iter().chain(&p.prompt.why) {
                    assert!(!why.contains("physical"), "day {day}: {why}");
                    content::check_text("why", why);
                }
            }
        }
    }

    #[test]
    fn every_suitable_item_is_suggested_within_a_year() {
        for partner in Partner::ALL {
            let plans = simulate_year(partner, &[20, 150]);
            let practices: std::collections::BTreeSet<_> =
                plans.iter().map(|p| p.practice.id).collect();
            let prompts: std::collections::BTreeSet<_> =
                plans.iter().map(|p| p.prompt.id).collect();
            let missing: Vec<_> = content::PRACTICES
                .iter()
                .filter(|p| p.audience.suits(partner) && !practices.contains(p.id))
                .map(|p| format!("practice {}", p.id))
                .chain(
                    content::PROMPTS
                        .iter()
                        .filter(|q| q.audience.suits(partner) && !prompts.contains(q.id))
                        .map(|q| format!("prompt {}", q.id)),
                )
                .collect();
            assert!(
                missing.is_empty(),
                "{partner:?}: never suggested: {missing:?}"
            );
            // Phases reached: all three.
            let phases: std::collections::BTreeSet<_> =
                plans.iter().map(|p| p.phase.number).collect();
            assert_eq!(phases.len(), 3);
        }
    }

    #[test]
    fn touch_waits_for_phase_two_and_partner_talk_for_phase_three() {
        for partner in Partner::ALL {
            let early = plan(&[], at(0), &[], at(streak::DAY_MS), partner);
            assert_eq!(early.phase.number, 1);
            let (practices, prompts) = offered(Phase::NeuralReset, partner);
            assert!(practices.iter().all(|p| !p.touch), "{partner:?}");
            assert!(prompts.iter().all(|q| q.id != "expectations-talk"));
        }
    }

    #[test]
    fn a_full_plan_in_every_phase_for_every_partner_setting() {
        for partner in Partner::ALL {
            for phase in Phase::ALL {
                let (practices, prompts) = offered(phase, partner);
                assert!(
                    practices.len() >= 12,
                    "{partner:?} {phase:?}: {}",
                    practices.len()
                );
                assert!(
                    prompts.len() >= 25,
                    "{partner:?} {phase:?}: {}",
                    prompts.len()
                );
                for s in Skill::ALL {
                    assert!(
                        practices.iter().any(|p| p.skill == s),
                        "{partner:?} {phase:?}: no practice for {}",
                        s.as_str()
                    );
                    assert!(
                        prompts.iter().any(|p| p.skill == Some(s)),
                        "{partner:?} {phase:?}: no prompt for {}",
                        s.as_str()
                    );
                }
                let alone = practices
                    .iter()
                    .filter(|p| p.audience == Audience::Alone)
                    .count();
                let close = practices
                    .iter()
                    .filter(|p| p.audience != Audience::Alone)
                    .count();
                assert!(
                    alone >= 4 && close >= 4,
                    "{partner:?} {phase:?}: {alone} alone, {close} with others"
                );
            }
        }
    }

    #[test]
    fn physical_balance_only_with_a_partner() {
        // Nothing physical in two weeks, everything else touched.
        let d = streak::DAY_MS;
        let mut entries = Vec::new();
        for (i, t) in [
            IntimacyType::Emotional,
            IntimacyType::Intellectual,
            IntimacyType::Experiential,
            IntimacyType::Spiritual,
        ]
        .into_iter()
        .enumerate()
        {
            let mut e = Entry::new(
                EntryBody::Reflection(crate::model::entry::Reflection {
                    prompt_id: None,
                    text: "x".into(),
                }),
                at(200 * d + i as i64),
            );
            e.intimacy = Some(t);
            entries.push(e);
        }
        let as_of = at(201 * d);
        let with = plan(&entries, at(0), &[], as_of, Partner::Yes);
        assert!(
            with.practice.why.iter().any(|w| w.contains("physical")),
            "{:?}",
            with.practice
        );
        for partner in [Partner::No, Partner::PreferNotToSay] {
            let p = plan(&entries, at(0), &[], as_of, partner);
            for why in p.practice.why.iter().chain(&p.prompt.why) {
                assert!(!why.contains("physical"), "{why}");
            }
            assert_eq!(p.note, Some(content::audience::INTIMACY_NOTE));
        }
        assert_eq!(with.note, None);
    }

    #[test]
    fn after_a_lapse_the_lapse_prompts_come_first() {
        let d = streak::DAY_MS;
        let lapse = Entry::new(
            EntryBody::Lapse(crate::model::entry::Lapse::default()),
            at(30 * d),
        );
        let p = plan(
            std::slice::from_ref(&lapse),
            at(0),
            &[],
            at(31 * d),
            Partner::No,
        );
        assert_eq!(
            content::prompt(p.prompt.id).unwrap().theme,
            "lapse",
            "{:?}",
            p.prompt
        );
        let later = plan(&[lapse], at(0), &[], at(40 * d), Partner::No);
        assert!(!later.prompt.why.iter().any(|w| w.contains("lapse")));
    }
}
