//! The recovery plan: three overlapping phases, each with a goal, the challenges
//! people commonly meet, the practices that help most, and a word of encouragement;
//! plus the streak milestones and what confide says when you reach one.

use super::Phase;
use serde::Serialize;

/// What the plan shows for one phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PhaseInfo {
    /// The phase described.
    pub phase: Phase,
    /// Its name, e.g. "Neural reset".
    pub name: &'static str,
    /// Streak days covered: first day and last day (`None`: open-ended).
    /// Matches [`Phase::from_streak_days`].
    pub days: (i64, Option<i64>),
    /// The main goal of the phase.
    pub goal: &'static str,
    /// Common challenges, named kindly.
    pub challenges: &'static [&'static str],
    /// Ids of the practices that help most now (see [`super::PRACTICES`]).
    pub key_practices: &'static [&'static str],
    /// A word of encouragement for this phase.
    pub encouragement: &'static str,
}

/// The three phases, in order (`PHASES[n - 1]` is phase `n`).
pub static PHASES: [PhaseInfo; 3] = [
    PhaseInfo {
        phase: Phase::NeuralReset,
        name: "Neural reset",
        days: (0, Some(59)),
        goal: "Take a rest from porn and other artificial sexual stimulation. \
               The guidance confide follows holds that this rest helps your brain respond again to real life and real people.",
        challenges: &[
            "A \"flatline\": desire can feel low or missing for a while. \
             This is common, it usually passes, and it is not a sign that something is wrong with you. \
             If low desire lasts for months, it is worth asking a doctor to check.",
            "Worry about whether closeness will feel good again later. \
             That worry makes sense, and it tends to ease as you heal.",
            "Urges that show up at familiar times and places, often when you are tired, alone or stressed.",
            "Skills of closeness that feel rusty. \
             Watching asks nothing back, so the give and take of real connection got less practice. \
             It comes back as you use it.",
        ],
        key_practices: &[
            "self-compassion",
            "urge-surfing",
            "connection-inventory",
            "body-scan",
        ],
        encouragement: "Go gently. Patience and kindness toward yourself are the work right now, \
                        on easy days and on hard ones.",
    },
    PhaseInfo {
        phase: Phase::EmotionalReconnection,
        name: "Emotional reconnection",
        days: (60, Some(119)),
        goal: "Get comfortable feeling your feelings. \
               Let them be noticed, named and written down, and let safe people see some of them.",
        challenges: &[
            "Feelings that used to be numbed can arrive stronger than you expect.",
            "Opening up can feel risky, especially if you were hurt when you did it before.",
            "Finding words for what is going on inside takes practice.",
        ],
        key_practices: &[
            "mindful-meditation",
            "emotion-journal",
            "safe-disclosure",
            "connection-inventory",
        ],
        encouragement: "Your feelings are coming back into focus. Let them be messy. \
                        Every feeling you name is a step toward connection.",
    },
    PhaseInfo {
        phase: Phase::RelationalIntegration,
        name: "Relational integration",
        days: (120, None),
        goal: "Bring honesty, presence and openness into the real relationships in your life: \
               friends, family, a community, a partner if you have one, and yourself.",
        challenges: &[
            "Deciding when, and how much, to share about your recovery. \
             With a partner who was hurt, a planned and complete conversation, with a therapist's support, is kinder than telling it in pieces.",
            "Staying present when old habits pull you toward distraction.",
            "Balancing openness with healthy boundaries, for you and for the people you love.",
        ],
        key_practices: &[
            "recovery-talk",
            "active-listening",
            "vulnerability-experiment",
            "giving-focus",
        ],
        encouragement: "You are building real connection, one honest moment at a time. \
                        Recovery has seasons. What matters is coming back to your practices.",
    },
];

/// Streak lengths (in days) that confide marks with a message.
pub static MILESTONES: [i64; 8] = [7, 14, 30, 60, 90, 120, 180, 365];

/// One kind line for each of [`MILESTONES`], in the same order.
pub static MILESTONE_MESSAGES: [(i64, &str); 8] = [
    (
        7,
        "One week. Seven days of showing up for yourself, and that is real.",
    ),
    (14, "Two weeks. Your new habits are finding their footing."),
    (
        30,
        "A whole month. Take a moment to notice what has shifted, however quietly.",
    ),
    (
        60,
        "Sixty days. Feelings often come back into focus around now. Be curious about them.",
    ),
    (
        90,
        "Ninety days, a full season of change. The patience this took is worth honouring.",
    ),
    (
        120,
        "120 days. You are turning toward connection. Keep practising presence and honesty.",
    ),
    (
        180,
        "Six months. Look at how much you have learned about yourself along the way.",
    ),
    (
        365,
        "A full year. Whatever it held, you kept coming back to what matters to you.",
    ),
];

impl Phase {
    /// The plan text for this phase.
    pub fn info(self) -> &'static PhaseInfo {
        &PHASES[usize::from(self.number()) - 1]
    }
}

/// The message for a streak of exactly `days`, if that is a milestone.
pub fn milestone_message(days: i64) -> Option<&'static str> {
    MILESTONE_MESSAGES
        .iter()
        .find(|(d, _)| *d == days)
        .map(|(_, m)| *m)
}

/// The next milestone after a streak of `days` (strictly greater), if any is left.
pub fn next_milestone(days: i64) -> Option<i64> {
    MILESTONES.iter().copied().find(|&m| m > days)
}

#[cfg(test)]
mod tests {
    use super::super::practice;
    use super::*;

    #[test]
    fn phases_in_order_and_consistent() {
        for (i, info) in PHASES.iter().enumerate() {
            assert_eq!(info.phase, Phase::ALL[i]);
            assert_eq!(info.phase.info(), info);
            assert_eq!(info.name, info.phase.name());
            let (first, last) = info.days;
            assert_eq!(Phase::from_streak_days(first), info.phase);
            if let Some(last) = last {
                assert!(last >= first);
                assert_eq!(Phase::from_streak_days(last), info.phase);
                assert_ne!(Phase::from_streak_days(last + 1), info.phase);
            } else {
                assert_eq!(info.phase, Phase::RelationalIntegration);
            }
            if i > 0 {
                assert_eq!(PHASES[i - 1].days.1, Some(first - 1), "phases leave no gap");
            }
        }
        assert_eq!(PHASES[0].days.0, 0);
    }

    #[test]
    fn key_practices_exist_and_fit() {
        for info in &PHASES {
            assert!(info.key_practices.len() >= 3);
            for id in info.key_practices {
                let p =
                    practice(id).unwrap_or_else(|| panic!("{}: unknown practice {id}", info.name));
                assert!(
                    p.phases.contains(&info.phase),
                    "{id} is not tagged for {}",
                    info.name
                );
            }
        }
    }

    #[test]
    fn phase_text_covers_the_brief() {
        let p1 = PHASES[0].challenges.join(" ").to_lowercase();
        assert!(p1.contains("flatline"));
        assert!(p1.contains("worry") || p1.contains("anxi"));
        assert!(PHASES[0].key_practices.contains(&"self-compassion"));
        for id in ["mindful-meditation", "emotion-journal", "safe-disclosure"] {
            assert!(PHASES[1].key_practices.contains(&id));
        }
        assert!(PHASES[2].key_practices.contains(&"recovery-talk"));
    }

    #[test]
    fn phase_one_says_the_source_view_and_why_skills_feel_rusty() {
        let p1 = &PHASES[0];
        // The brain claim is the guidance's view, not a fact.
        assert!(p1.goal.contains("holds that"), "{}", p1.goal);
        let challenges = p1.challenges.join(" ");
        assert!(challenges.contains("Watching asks nothing back"));
        assert!(challenges.contains("doctor"));
        // Worth is never tied to a count of days.
        assert!(!p1.encouragement.contains("Every day"));
        assert!(PHASES[2].goal.contains("friends, family"));
        // Key practices suit everyone, whatever the partner setting.
        for info in &PHASES {
            for id in info.key_practices {
                assert_ne!(
                    practice(id).unwrap().audience,
                    super::super::Audience::Partner,
                    "{id}"
                );
            }
        }
    }

    #[test]
    fn phase_texts_are_kind() {
        for info in &PHASES {
            super::super::check_text(info.name, info.name);
            super::super::check_text(info.name, info.goal);
            super::super::check_text(info.name, info.encouragement);
            assert!(!info.challenges.is_empty());
            for c in info.challenges {
                super::super::check_text(info.name, c);
            }
        }
    }

    #[test]
    fn milestones() {
        assert_eq!(MILESTONES, [7, 14, 30, 60, 90, 120, 180, 365]);
        assert!(MILESTONES.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(MILESTONE_MESSAGES.map(|(d, _)| d), MILESTONES);
        for (d, m) in MILESTONE_MESSAGES {
            super::super::check_text("milestone", m);
            assert_eq!(milestone_message(d), Some(m));
        }
        assert_eq!(milestone_message(8), None);
        assert_eq!(next_milestone(0), Some(7));
        assert_eq!(next_milestone(7), Some(14));
        assert_eq!(next_milestone(200), Some(365));
        assert_eq!(next_milestone(365), None);
    }
}
