//! The practice catalogue: small, concrete things to try, each tagged with the skill
//! it builds, the kinds of intimacy it touches and the phases where it fits best.

use super::{IntimacyType, Phase, Skill};
use serde::Serialize;

use IntimacyType::{Emotional, Experiential, Intellectual, Physical, Spiritual};
use Phase::{EmotionalReconnection as P2, NeuralReset as P1, RelationalIntegration as P3};
use Skill::{
    AuthenticCommunication as Communication, EmotionalPresence as Presence,
    EmpathicListening as Listening, SustainablePleasure as Pleasure, Vulnerability,
};

const ALL_PHASES: &[Phase] = &[P1, P2, P3];

/// One practice from the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Practice {
    /// Stable kebab-case id (command line, JSON, [`super::PhaseInfo::key_practices`]).
    pub id: &'static str,
    /// Short human name.
    pub name: &'static str,
    /// What to do, in one to three sentences.
    pub description: &'static str,
    /// The core skill it builds.
    pub skill: Skill,
    /// The kinds of intimacy it touches.
    pub types: &'static [IntimacyType],
    /// The phases where it fits best.
    pub phases: &'static [Phase],
    /// Typical length in minutes, when the practice has one.
    pub minutes: Option<u32>,
}

/// Every practice, grouped loosely by skill.
pub static PRACTICES: &[Practice] = &[
    // Emotional presence
    Practice {
        id: "connection-inventory",
        name: "Connection inventory",
        description: "Once a day, take ten quiet minutes to notice what you feel. \
                      Name each feeling as precisely as you can, without judging it.",
        skill: Presence,
        types: &[Emotional],
        phases: ALL_PHASES,
        minutes: Some(10),
    },
    Practice {
        id: "mindful-meditation",
        name: "Mindful meditation",
        description: "Sit comfortably and follow your breath. \
                      When a feeling shows up, notice where it lives in your body, name it, and let it pass.",
        skill: Presence,
        types: &[Emotional, Spiritual],
        phases: &[P1, P2],
        minutes: Some(10),
    },
    Practice {
        id: "emotion-journal",
        name: "Emotion journal",
        description: "Write about a feeling that came up today: when it arrived, what it wanted, and what you did with it. \
                      There are no wrong answers here.",
        skill: Presence,
        types: &[Emotional],
        phases: &[P2, P3],
        minutes: Some(10),
    },
    Practice {
        id: "self-compassion",
        name: "Self-compassion pause",
        description: "When things feel hard, put a hand on your chest and speak to yourself as you would to a dear friend. \
                      Something like: this is hard, I am not alone in it, and I can be kind to myself right now.",
        skill: Presence,
        types: &[Emotional],
        phases: &[P1, P2],
        minutes: Some(3),
    },
    Practice {
        id: "urge-surfing",
        name: "Urge surfing",
        description: "When an urge rises, watch it like a wave. \
                      Notice it build, peak and fall away, without acting on it or fighting it.",
        skill: Presence,
        types: &[Emotional, Physical],
        phases: &[P1, P2],
        minutes: Some(15),
    },
    Practice {
        id: "body-scan",
        name: "Body scan",
        description: "Move your attention slowly from your head to your feet. \
                      Notice warmth, tension and ease without needing to change anything.",
        skill: Presence,
        types: &[Physical],
        phases: &[P1, P2],
        minutes: Some(5),
    },
    Practice {
        id: "tech-free-talk",
        name: "Tech-free talk",
        description: "Spend twenty minutes talking with someone close, with phones and screens out of reach. \
                      Let the conversation wander wherever it goes.",
        skill: Presence,
        types: &[Emotional, Intellectual],
        phases: &[P2, P3],
        minutes: Some(20),
    },
    Practice {
        id: "screen-free-meal",
        name: "Screen-free meal",
        description: "Share a meal with no screens at the table. Taste the food and talk about your day.",
        skill: Presence,
        types: &[Experiential],
        phases: ALL_PHASES,
        minutes: None,
    },
    Practice {
        id: "evening-walk",
        name: "Evening walk",
        description: "Take a short walk together in the evening. \
                      Side by side, hard things are often easier to say.",
        skill: Presence,
        types: &[Experiential, Physical],
        phases: ALL_PHASES,
        minutes: Some(20),
    },
    Practice {
        id: "bedtime-ritual",
        name: "Bedtime ritual",
        description: "End the day with a small ritual: a few words about the day, a moment of thanks, or simply lying close. \
                      Leave the phone outside the bedroom.",
        skill: Presence,
        types: &[Experiential, Emotional],
        phases: ALL_PHASES,
        minutes: Some(10),
    },
    Practice {
        id: "take-a-break",
        name: "Take a break",
        description: "When a conflict heats up, agree to pause for twenty minutes and say when you will come back. \
                      Use the time to breathe and calm down, not to rehearse your side.",
        skill: Presence,
        types: &[Emotional],
        phases: &[P2, P3],
        minutes: Some(20),
    },
    Practice {
        id: "own-interests",
        name: "Tend your own interests",
        description: "Make time for a hobby, a friendship or some time alone that is yours alone. \
                      A relationship grows stronger when both people have their own lives too.",
        skill: Presence,
        types: &[Experiential],
        phases: ALL_PHASES,
        minutes: None,
    },
    Practice {
        id: "schedule-connection",
        name: "Schedule connection",
        description: "If life is busy, put connection on the calendar. \
                      Even fifteen undistracted minutes a day can make a real difference.",
        skill: Presence,
        types: &[Experiential, Emotional],
        phases: &[P2, P3],
        minutes: Some(15),
    },
    Practice {
        id: "meditate-together",
        name: "Meditate or pray together",
        description: "Sit in silence, meditate or pray together for a few minutes. \
                      Afterwards, share a word or two about what came up.",
        skill: Presence,
        types: &[Spiritual, Emotional],
        phases: &[P3],
        minutes: Some(10),
    },
    // Authentic communication
    Practice {
        id: "notice-feel-need",
        name: "I notice, I feel, I need",
        description: "For a hard conversation, use three parts. \
                      \"I notice ...\" for what happened, \"I feel ...\" for your emotion, and \"I need ...\" or \"I would like ...\" for your request.",
        skill: Communication,
        types: &[Emotional],
        phases: &[P2, P3],
        minutes: None,
    },
    Practice {
        id: "appreciation-three",
        name: "Three appreciations",
        description: "Tell someone specifically what you appreciate: an effort, a quality, a small kind act, a way they have grown. \
                      Aim for three warm observations for every criticism.",
        skill: Communication,
        types: &[Emotional],
        phases: ALL_PHASES,
        minutes: None,
    },
    Practice {
        id: "conflict-i-feel",
        name: "Start with \"I feel\"",
        description: "Raise an issue early, while it is still small. \
                      Begin with \"I feel ...\" rather than \"you always ...\", and try to understand before you solve.",
        skill: Communication,
        types: &[Emotional],
        phases: &[P2, P3],
        minutes: None,
    },
    Practice {
        id: "plain-request",
        name: "A plain request",
        description: "Say one need in one short, plain sentence, such as \"Could you just listen for a few minutes?\" \
                      Simple words are easier to hear.",
        skill: Communication,
        types: &[Emotional],
        phases: ALL_PHASES,
        minutes: None,
    },
    Practice {
        id: "needs-vs-preferences",
        name: "Needs and preferences",
        description: "Write two lists: what you truly need in a relationship, and what you would simply prefer. \
                      Then talk them through together and look for room to meet.",
        skill: Communication,
        types: &[Emotional],
        phases: &[P3],
        minutes: Some(20),
    },
    Practice {
        id: "date-night",
        name: "Date night",
        description: "Once a week, plan an evening that is mostly about talking with each other. \
                      Ask a question you have never asked before.",
        skill: Communication,
        types: &[Emotional, Experiential],
        phases: &[P3],
        minutes: None,
    },
    // Empathic listening
    Practice {
        id: "three-questions",
        name: "Three questions first",
        description: "When someone shares something, ask three follow-up questions before you share your own experience. \
                      Let their story stay theirs a little longer.",
        skill: Listening,
        types: &[Emotional, Intellectual],
        phases: &[P2, P3],
        minutes: None,
    },
    Practice {
        id: "active-listening",
        name: "Active listening",
        description: "Put the phone away, look at the person and give them your full attention. \
                      Ask clarifying questions, and hold off on fixing unless they ask for it.",
        skill: Listening,
        types: &[Emotional],
        phases: ALL_PHASES,
        minutes: None,
    },
    Practice {
        id: "reflect-back",
        name: "Reflect back",
        description: "Before you respond, sum up what you heard: \"It sounds like you are saying ...\". \
                      Let them correct you until they feel understood.",
        skill: Listening,
        types: &[Emotional],
        phases: ALL_PHASES,
        minutes: None,
    },
    Practice {
        id: "book-swap",
        name: "Book swap",
        description: "Share a book, an article or a podcast with someone and talk about it afterwards. \
                      Stay curious about what they took from it, even where you disagree.",
        skill: Listening,
        types: &[Intellectual],
        phases: &[P2, P3],
        minutes: None,
    },
    Practice {
        id: "teach-each-other",
        name: "Teach each other",
        description: "Take turns teaching each other something you know well, from a recipe to a song. \
                      Being a patient student is a way of listening too.",
        skill: Listening,
        types: &[Intellectual, Experiential],
        phases: &[P3],
        minutes: Some(30),
    },
    // Comfort with vulnerability
    Practice {
        id: "vulnerability-experiment",
        name: "Vulnerability experiment",
        description: "Pick one area where you usually hide, and share something small and appropriate about it with someone safe. \
                      Notice how it is received, and go deeper only where you are met with acceptance.",
        skill: Vulnerability,
        types: &[Emotional],
        phases: &[P2, P3],
        minutes: None,
    },
    Practice {
        id: "safe-disclosure",
        name: "Safe disclosure",
        description: "Tell a trusted friend, partner or therapist about a feeling you would usually keep to yourself. \
                      Start with something slightly uncomfortable, not the hardest thing.",
        skill: Vulnerability,
        types: &[Emotional],
        phases: &[P2, P3],
        minutes: None,
    },
    Practice {
        id: "recovery-talk",
        name: "Talk about your recovery",
        description: "When the relationship feels safe and the timing is right, share a little about your recovery. \
                      You choose how much to say, and you can say more later.",
        skill: Vulnerability,
        types: &[Emotional],
        phases: &[P3],
        minutes: None,
    },
    Practice {
        id: "apologise-forgive",
        name: "Apologise and forgive",
        description: "Apologise for your part plainly, without excuses or a \"but\". \
                      When you forgive someone, say it out loud, so they can hear it.",
        skill: Vulnerability,
        types: &[Emotional],
        phases: &[P2, P3],
        minutes: None,
    },
    Practice {
        id: "meaning-talk",
        name: "Talk about meaning",
        description: "Share what gives your life meaning, or a value you try to live by. \
                      Ask the other person the same, and listen closely.",
        skill: Vulnerability,
        types: &[Spiritual, Intellectual],
        phases: &[P2, P3],
        minutes: None,
    },
    // Sustainable pleasure
    Practice {
        id: "giving-focus",
        name: "Focus on giving",
        description: "For one day, focus on what you can give rather than what you get. \
                      That might be attention, kindness, help or gentle touch.",
        skill: Pleasure,
        types: &[Emotional, Physical],
        phases: &[P2, P3],
        minutes: None,
    },
    Practice {
        id: "hug-6s",
        name: "Six-second hug",
        description: "Hug someone you love for at least six seconds. \
                      Let your breathing slow down and stay with the feeling of being held.",
        skill: Pleasure,
        types: &[Physical],
        phases: ALL_PHASES,
        minutes: None,
    },
    Practice {
        id: "hand-holding",
        name: "Hold hands",
        description: "Hold hands on a walk, on the sofa or at the table. \
                      Keep part of your attention on the warmth of the touch.",
        skill: Pleasure,
        types: &[Physical],
        phases: ALL_PHASES,
        minutes: None,
    },
    Practice {
        id: "sit-close",
        name: "Sit close",
        description: "Sit close together while you read, talk or watch something. \
                      Closeness without any goal is a good place to start again.",
        skill: Pleasure,
        types: &[Physical],
        phases: ALL_PHASES,
        minutes: None,
    },
    Practice {
        id: "shoulder-rub",
        name: "Shoulder or foot rub",
        description: "Offer a shoulder or foot rub with no expectation of anything more. \
                      Ask what feels good and listen to the answer.",
        skill: Pleasure,
        types: &[Physical],
        phases: &[P2, P3],
        minutes: Some(10),
    },
    Practice {
        id: "kitchen-dance",
        name: "Dance in the kitchen",
        description: "Put on a song you both like and dance, however badly. \
                      Playfulness is a kind of closeness too.",
        skill: Pleasure,
        types: &[Physical, Experiential],
        phases: &[P2, P3],
        minutes: Some(5),
    },
    Practice {
        id: "sensate-focus",
        name: "Sensate focus",
        description: "A gentle, step-by-step touch exercise used by sex therapists. \
                      Take turns touching with full attention and no goal, going slowly and talking about what feels good. \
                      Safety and connection come first, performance not at all.",
        skill: Pleasure,
        types: &[Physical, Emotional],
        phases: &[P3],
        minutes: Some(20),
    },
    Practice {
        id: "new-experience",
        name: "Something new together",
        description: "Once a month, try something neither of you has done before: a class, a place, a dish. \
                      New experiences shared make new memories together.",
        skill: Pleasure,
        types: &[Experiential],
        phases: &[P2, P3],
        minutes: None,
    },
    Practice {
        id: "joint-project",
        name: "Joint project",
        description: "Start something you build together, like a garden, a trip plan or a room to repaint. \
                      Enjoy the working side by side as much as the result.",
        skill: Pleasure,
        types: &[Experiential, Intellectual],
        phases: &[P3],
        minutes: None,
    },
    Practice {
        id: "volunteer-together",
        name: "Volunteer together",
        description: "Give some time to a cause you both care about. \
                      Shared values grow stronger when you act on them side by side.",
        skill: Pleasure,
        types: &[Experiential, Spiritual],
        phases: &[P3],
        minutes: None,
    },
    Practice {
        id: "solo-joy",
        name: "Something just for you",
        description: "Do something you enjoy on your own, like a walk, music, cooking or a craft. \
                      Real, unhurried pleasure is part of recovery too.",
        skill: Pleasure,
        types: &[Experiential],
        phases: ALL_PHASES,
        minutes: None,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const REQUIRED: &[&str] = &[
        "connection-inventory",
        "notice-feel-need",
        "three-questions",
        "vulnerability-experiment",
        "giving-focus",
        "appreciation-three",
        "hug-6s",
        "tech-free-talk",
        "screen-free-meal",
        "evening-walk",
        "bedtime-ritual",
        "date-night",
        "new-experience",
        "joint-project",
        "active-listening",
        "reflect-back",
        "conflict-i-feel",
        "take-a-break",
        "apologise-forgive",
        "own-interests",
        "sensate-focus",
        "hand-holding",
        "sit-close",
        "mindful-meditation",
        "emotion-journal",
        "safe-disclosure",
        "self-compassion",
    ];

    use super::super::is_kebab;

    #[test]
    fn count_and_unique_ids() {
        assert!(PRACTICES.len() >= 24, "only {} practices", PRACTICES.len());
        let mut ids = HashSet::new();
        for p in PRACTICES {
            assert!(is_kebab(p.id), "bad id {:?}", p.id);
            assert!(ids.insert(p.id), "duplicate practice id {}", p.id);
        }
    }

    #[test]
    fn required_ids_exist() {
        for id in REQUIRED {
            assert!(
                PRACTICES.iter().any(|p| p.id == *id),
                "missing practice {id}"
            );
        }
        let minutes = |id: &str| {
            PRACTICES
                .iter()
                .find(|p| p.id == id)
                .and_then(|p| p.minutes)
        };
        assert_eq!(minutes("connection-inventory"), Some(10));
        assert_eq!(minutes("tech-free-talk"), Some(20));
    }

    #[test]
    fn coverage() {
        for s in Skill::ALL {
            let n = PRACTICES.iter().filter(|p| p.skill == s).count();
            assert!(n >= 3, "{} has only {n} practices", s.as_str());
        }
        for t in IntimacyType::ALL {
            assert!(
                PRACTICES.iter().any(|p| p.types.contains(&t)),
                "no practice for {}",
                t.as_str()
            );
        }
        for ph in Phase::ALL {
            assert!(
                PRACTICES.iter().any(|p| p.phases.contains(&ph)),
                "no practice for {}",
                ph.as_str()
            );
        }
    }

    #[test]
    fn tags_are_sane() {
        for p in PRACTICES {
            assert!(!p.types.is_empty(), "{}: no intimacy type", p.id);
            assert!(!p.phases.is_empty(), "{}: no phase", p.id);
            assert!(
                p.types.iter().collect::<HashSet<_>>().len() == p.types.len(),
                "{}: repeated type",
                p.id
            );
            assert!(
                p.phases.windows(2).all(|w| w[0] < w[1]),
                "{}: phases out of order",
                p.id
            );
            assert!(
                p.minutes.is_none_or(|m| (1..=180).contains(&m)),
                "{}: odd length",
                p.id
            );
        }
    }

    #[test]
    fn texts_are_kind_and_tidy() {
        for p in PRACTICES {
            super::super::check_text(p.id, p.name);
            super::super::check_text(p.id, p.description);
            assert!(
                p.description.ends_with(['.', '?', '!']),
                "{}: description should end a sentence",
                p.id
            );
            let sentences = p.description.matches(". ").count() + 1;
            assert!(sentences <= 3, "{}: {sentences} sentences", p.id);
        }
    }
}
