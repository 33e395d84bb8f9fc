//! The guidance confide is built around: the recovery plan, the reflection prompts,
//! the practice catalogue and the built-in vocabularies (feelings, triggers, coping).
//!
//! Everything here is static data written in confide's own voice: warm, plain,
//! second person, never shaming. A lapse is information about what happened; the
//! plan shows where you stand and what to focus on next.
//!
//! - [`audience`]: who each practice and prompt is for, and the partner setting.
//! - [`phases`]: the three recovery phases and the streak milestones.
//! - [`prompts`]: reflection prompts, tagged by skill, intimacy type, phase and theme.
//! - [`practices`]: the practice catalogue, tagged the same way.
//! - [`vocab`]: emotion words, triggers, coping strategies and the HALT check.
//! - [`surf`]: the guidance and breathing cues of `confide surf`.
//!
//! The enums here ([`Skill`], [`IntimacyType`], [`Phase`]) use kebab-case ids
//! ([`Skill::as_str`]) on the command line and in JSON, and human labels
//! ([`Skill::label`]) in text output. [`suggest`] offers a "did you mean" for typos.
//! `Skill` and `IntimacyType` are stored in the vault, so their types (and variant
//! order) live in `model::persisted`; this module adds their ids, labels, aliases and
//! display order (`ALL`), which may change freely.

pub mod audience;
pub mod phases;
pub mod practices;
pub mod prompts;
pub mod surf;
pub mod vocab;

pub use audience::{Audience, Partner};
pub use phases::{
    MILESTONE_MESSAGES, MILESTONES, PHASES, PhaseInfo, milestone_message, next_milestone,
};
pub use practices::{PRACTICES, Practice};
pub use prompts::{PROMPTS, Prompt, THEMES};
pub use vocab::{COPING, EMOTIONS, HALT, TRIGGERS, all_emotions, emotion_core};

pub use crate::model::persisted::{IntimacyType, Skill};
use serde::{Deserialize, Serialize};

/// Lowercases `s` and turns every run of non-alphanumeric characters into one `-`,
/// so "Comfort with vulnerability", "comfort_with_vulnerability" and
/// "comfort-with-vulnerability" all compare equal.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

impl Skill {
    /// Every skill, in display order (free to change: the stored order is the
    /// declaration order in `model::persisted`).
    pub const ALL: [Skill; 5] = [
        Skill::EmotionalPresence,
        Skill::AuthenticCommunication,
        Skill::EmpathicListening,
        Skill::Vulnerability,
        Skill::SustainablePleasure,
    ];

    /// Every skill id, in the order of [`Skill::ALL`] (handy for [`suggest`]).
    pub const IDS: [&'static str; 5] = [
        "emotional-presence",
        "authentic-communication",
        "empathic-listening",
        "vulnerability",
        "sustainable-pleasure",
    ];

    /// The kebab-case id used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Skill::EmotionalPresence => "emotional-presence",
            Skill::AuthenticCommunication => "authentic-communication",
            Skill::EmpathicListening => "empathic-listening",
            Skill::Vulnerability => "vulnerability",
            Skill::SustainablePleasure => "sustainable-pleasure",
        }
    }

    /// What the skill is, in one plain line (`plan` and `prompts --skill` show it).
    pub fn definition(self) -> &'static str {
        match self {
            Skill::EmotionalPresence => {
                "Staying with your own and other people's feelings, without numbing, avoiding or steering them."
            }
            Skill::AuthenticCommunication => {
                "Saying what you need, want and will not do, while staying open to the other person."
            }
            Skill::EmpathicListening => {
                "Hearing someone out without turning the conversation back to yourself."
            }
            Skill::Vulnerability => {
                "Letting yourself be seen a little more, at a pace that feels safe, so closeness can grow."
            }
            Skill::SustainablePleasure => {
                "Finding joy in shared connection and in giving, rather than in pleasure that is only about you."
            }
        }
    }

    /// The human label.
    pub fn label(self) -> &'static str {
        match self {
            Skill::EmotionalPresence => "Emotional presence",
            Skill::AuthenticCommunication => "Authentic communication",
            Skill::EmpathicListening => "Empathic listening",
            Skill::Vulnerability => "Comfort with vulnerability",
            Skill::SustainablePleasure => "Sustainable pleasure",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            Skill::EmotionalPresence => &["presence", "emotional", "emotions"],
            Skill::AuthenticCommunication => &["communication", "authentic", "communicating"],
            Skill::EmpathicListening => &["listening", "empathy", "empathic", "listen"],
            Skill::Vulnerability => &["vulnerable", "comfort-with-vulnerability", "openness"],
            Skill::SustainablePleasure => &["pleasure", "sustainable", "giving"],
        }
    }

    /// Parses an id, the label or a natural alias ("presence", "listening",
    /// "pleasure" ...), ignoring case, spaces and underscores.
    pub fn parse(s: &str) -> Option<Skill> {
        let n = normalize(s);
        Skill::ALL.into_iter().find(|k| {
            k.as_str() == n || normalize(k.label()) == n || k.aliases().contains(&n.as_str())
        })
    }
}

impl IntimacyType {
    /// Every intimacy type, in display order (free to change: the stored order is
    /// the declaration order in `model::persisted`).
    pub const ALL: [IntimacyType; 5] = [
        IntimacyType::Emotional,
        IntimacyType::Physical,
        IntimacyType::Intellectual,
        IntimacyType::Experiential,
        IntimacyType::Spiritual,
    ];

    /// Every intimacy type id, in the order of [`IntimacyType::ALL`].
    pub const IDS: [&'static str; 5] = [
        "emotional",
        "physical",
        "intellectual",
        "experiential",
        "spiritual",
    ];

    /// The kebab-case id used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            IntimacyType::Emotional => "emotional",
            IntimacyType::Physical => "physical",
            IntimacyType::Intellectual => "intellectual",
            IntimacyType::Experiential => "experiential",
            IntimacyType::Spiritual => "spiritual",
        }
    }

    /// The human label.
    pub fn label(self) -> &'static str {
        match self {
            IntimacyType::Emotional => "Emotional",
            IntimacyType::Physical => "Physical",
            IntimacyType::Intellectual => "Intellectual",
            IntimacyType::Experiential => "Experiential",
            IntimacyType::Spiritual => "Spiritual / values",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            IntimacyType::Emotional => &["emotion", "emotions", "feelings"],
            IntimacyType::Physical => &["touch", "body"],
            IntimacyType::Intellectual => &["mind", "ideas", "mental"],
            IntimacyType::Experiential => &["experience", "experiences", "shared", "activities"],
            IntimacyType::Spiritual => &[
                "values",
                "spirit",
                "spirituality",
                "values-based",
                "meaning",
            ],
        }
    }

    /// Parses an id, the label or a natural alias ("values", "touch", "ideas" ...),
    /// ignoring case, spaces and underscores.
    pub fn parse(s: &str) -> Option<IntimacyType> {
        let n = normalize(s);
        IntimacyType::ALL.into_iter().find(|k| {
            k.as_str() == n || normalize(k.label()) == n || k.aliases().contains(&n.as_str())
        })
    }
}

/// One of the three phases of the recovery plan. Phases overlap in real life;
/// the plan picks one from the current streak so it can say what to focus on now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Giving the brain a rest from artificial stimulation (streak days 0 to 59).
    NeuralReset = 1,
    /// Getting comfortable with feelings and safe openness (streak days 60 to 119).
    EmotionalReconnection = 2,
    /// Bringing presence and honesty into real relationships (streak day 120 on).
    RelationalIntegration = 3,
}

impl Phase {
    /// Every phase, in order.
    pub const ALL: [Phase; 3] = [
        Phase::NeuralReset,
        Phase::EmotionalReconnection,
        Phase::RelationalIntegration,
    ];

    /// Every phase id, in the order of [`Phase::ALL`].
    pub const IDS: [&'static str; 3] = [
        "neural-reset",
        "emotional-reconnection",
        "relational-integration",
    ];

    /// The kebab-case id used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::NeuralReset => "neural-reset",
            Phase::EmotionalReconnection => "emotional-reconnection",
            Phase::RelationalIntegration => "relational-integration",
        }
    }

    /// The phase number, 1 to 3.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The phase name, e.g. "Neural reset".
    pub fn name(self) -> &'static str {
        match self {
            Phase::NeuralReset => "Neural reset",
            Phase::EmotionalReconnection => "Emotional reconnection",
            Phase::RelationalIntegration => "Relational integration",
        }
    }

    /// The human label with its number, e.g. "Phase 1: Neural reset".
    pub fn label(self) -> &'static str {
        match self {
            Phase::NeuralReset => "Phase 1: Neural reset",
            Phase::EmotionalReconnection => "Phase 2: Emotional reconnection",
            Phase::RelationalIntegration => "Phase 3: Relational integration",
        }
    }

    /// The phase with this number (1 to 3).
    pub fn from_number(n: u8) -> Option<Phase> {
        match n {
            1 => Some(Phase::NeuralReset),
            2 => Some(Phase::EmotionalReconnection),
            3 => Some(Phase::RelationalIntegration),
            _ => None,
        }
    }

    /// The phase for a streak of `days` (days since the start or the last lapse):
    /// 0 to 59 is phase 1, 60 to 119 is phase 2, 120 and more is phase 3.
    /// Negative values (a clock that went backwards) count as phase 1.
    pub fn from_streak_days(days: i64) -> Phase {
        match days {
            ..60 => Phase::NeuralReset,
            60..120 => Phase::EmotionalReconnection,
            _ => Phase::RelationalIntegration,
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            Phase::NeuralReset => &["1", "p1", "phase-1", "phase1", "reset", "neural"],
            Phase::EmotionalReconnection => &["2", "p2", "phase-2", "phase2", "reconnection"],
            Phase::RelationalIntegration => {
                &["3", "p3", "phase-3", "phase3", "integration", "relational"]
            }
        }
    }

    /// Parses an id, the name, the label, the number ("2", "phase-2", "p2") or a
    /// short alias ("reset", "reconnection", "integration"), ignoring case.
    pub fn parse(s: &str) -> Option<Phase> {
        let n = normalize(s);
        Phase::ALL.into_iter().find(|k| {
            k.as_str() == n
                || normalize(k.name()) == n
                || normalize(k.label()) == n
                || k.aliases().contains(&n.as_str())
        })
    }
}

/// The reflection prompt with this id (case-insensitive).
pub fn prompt(id: &str) -> Option<&'static Prompt> {
    let id = id.trim();
    PROMPTS.iter().find(|p| p.id.eq_ignore_ascii_case(id))
}

/// The practice with this id (case-insensitive).
pub fn practice(id: &str) -> Option<&'static Practice> {
    let id = id.trim();
    PRACTICES.iter().find(|p| p.id.eq_ignore_ascii_case(id))
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions)
/// between two strings, compared by lowercased characters.
fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(&a.to_lowercase(), &b.to_lowercase())
}

/// "Did you mean ...?": the entry of `known` closest to `word`, if it is close
/// enough to be a likely typo. Close enough means an edit distance (insertions,
/// deletions, substitutions, adjacent swaps; case-insensitive) of at most 2 and at
/// most a third of the word's length, rounded up. Returns `None` when `word` is
/// already in `known` (ignoring case), and on ties returns the earliest entry.
pub fn suggest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let word = word.trim();
    if word.is_empty() {
        return None;
    }
    let lower = word.to_lowercase();
    if known.iter().any(|k| k.to_lowercase() == lower) {
        return None;
    }
    let limit = word.chars().count().div_ceil(3).min(2);
    known
        .iter()
        .map(|k| (edit_distance(&lower, k), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// An id in kebab case: lowercase letters, digits and single inner hyphens.
#[cfg(test)]
pub(crate) fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// Words confide never uses about a person or a lapse, not even negated ("not
/// failure" still puts the word in front of someone who may believe it).
pub const SHAMING_WORDS: &[&str] = &[
    "failure",
    "failures",
    "failed",
    "fail",
    "fails",
    "failing",
    "relapse",
    "relapses",
    "relapsed",
    "relapsing",
    "weak",
    "weakness",
    "disgusting",
    "dirty",
    "pathetic",
    "shameful",
    "addict",
    "addicts",
    "loser",
    "losers",
    "sinful",
    "clean",
    "unclean",
    "pervert",
    "degenerate",
];

/// Phrases confide never uses.
pub const SHAMING_PHRASES: &[&str] = &["should be ashamed", "ashamed of yourself", "no excuse"];

/// The first shaming word or phrase in `text` (any case, negated or not), if any:
/// the test for every text confide shows, here and in the commands' own tests.
pub fn shaming_word(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    for word in lower.split(|c: char| !c.is_alphanumeric()) {
        if let Some(w) = SHAMING_WORDS.iter().find(|w| **w == word) {
            return Some(w);
        }
    }
    SHAMING_PHRASES.iter().find(|p| lower.contains(*p)).copied()
}

/// Checks one piece of user-facing text: not empty, no stray whitespace at either
/// end or doubled inside, no shaming words (even negated), and sentences kept short.
#[cfg(test)]
pub(crate) fn check_text(what: &str, text: &str) {
    assert!(!text.is_empty(), "{what}: empty text");
    assert_eq!(text, text.trim(), "{what}: leading or trailing whitespace");
    assert!(!text.contains("  "), "{what}: doubled space");
    if let Some(w) = shaming_word(text) {
        panic!("{what}: shaming word {w:?} in {text:?}");
    }
    for sentence in text.split(['.', '?', '!', ':', ';']) {
        let words = sentence.split_whitespace().count();
        assert!(words <= 28, "{what}: sentence of {words} words in {text:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_all_and_round_trip() {
        assert_eq!(Skill::ALL.map(Skill::as_str), Skill::IDS);
        assert_eq!(
            IntimacyType::ALL.map(IntimacyType::as_str),
            IntimacyType::IDS
        );
        assert_eq!(Phase::ALL.map(Phase::as_str), Phase::IDS);
        for s in Skill::ALL {
            assert_eq!(Skill::parse(s.as_str()), Some(s));
            assert_eq!(Skill::parse(s.label()), Some(s));
            assert_eq!(Skill::parse(&s.as_str().to_uppercase()), Some(s));
        }
        for t in IntimacyType::ALL {
            assert_eq!(IntimacyType::parse(t.as_str()), Some(t));
            assert_eq!(IntimacyType::parse(t.label()), Some(t));
        }
        for p in Phase::ALL {
            assert_eq!(Phase::parse(p.as_str()), Some(p));
            assert_eq!(Phase::parse(p.name()), Some(p));
            assert_eq!(Phase::parse(p.label()), Some(p));
            assert_eq!(Phase::from_number(p.number()), Some(p));
        }
    }

    #[test]
    fn labels() {
        assert_eq!(Skill::Vulnerability.label(), "Comfort with vulnerability");
        assert_eq!(Skill::Vulnerability.as_str(), "vulnerability");
        assert_eq!(IntimacyType::Spiritual.label(), "Spiritual / values");
        assert_eq!(Phase::NeuralReset.name(), "Neural reset");
        assert_eq!(
            Phase::EmotionalReconnection.name(),
            "Emotional reconnection"
        );
        assert_eq!(
            Phase::RelationalIntegration.name(),
            "Relational integration"
        );
        assert_eq!(Phase::ALL.map(Phase::number), [1, 2, 3]);
    }

    #[test]
    fn aliases_parse() {
        assert_eq!(Skill::parse("Presence"), Some(Skill::EmotionalPresence));
        assert_eq!(Skill::parse("listening"), Some(Skill::EmpathicListening));
        assert_eq!(
            Skill::parse("comfort_with_vulnerability"),
            Some(Skill::Vulnerability)
        );
        assert_eq!(
            Skill::parse("  PLEASURE "),
            Some(Skill::SustainablePleasure)
        );
        assert_eq!(
            Skill::parse("communication"),
            Some(Skill::AuthenticCommunication)
        );
        assert_eq!(IntimacyType::parse("values"), Some(IntimacyType::Spiritual));
        assert_eq!(IntimacyType::parse("VALUES"), Some(IntimacyType::Spiritual));
        assert_eq!(
            IntimacyType::parse("spiritual/values"),
            Some(IntimacyType::Spiritual)
        );
        assert_eq!(IntimacyType::parse("touch"), Some(IntimacyType::Physical));
        assert_eq!(Phase::parse("2"), Some(Phase::EmotionalReconnection));
        assert_eq!(Phase::parse("Phase 3"), Some(Phase::RelationalIntegration));
        assert_eq!(Phase::parse("reset"), Some(Phase::NeuralReset));
        assert_eq!(Skill::parse(""), None);
        assert_eq!(Skill::parse("courage"), None);
        assert_eq!(IntimacyType::parse("romantic"), None);
        assert_eq!(Phase::parse("4"), None);
        assert_eq!(Phase::from_number(0), None);
    }

    #[test]
    fn aliases_are_unambiguous() {
        let mut seen = std::collections::HashSet::new();
        for s in Skill::ALL {
            for a in s.aliases().iter().chain([&s.as_str()]) {
                assert!(seen.insert(*a), "skill alias {a} used twice");
            }
        }
        let mut seen = std::collections::HashSet::new();
        for t in IntimacyType::ALL {
            for a in t.aliases().iter().chain([&t.as_str()]) {
                assert!(seen.insert(*a), "intimacy alias {a} used twice");
            }
        }
        let mut seen = std::collections::HashSet::new();
        for p in Phase::ALL {
            for a in p.aliases().iter().chain([&p.as_str()]) {
                assert!(seen.insert(*a), "phase alias {a} used twice");
            }
        }
    }

    #[test]
    fn serde_uses_kebab_case_ids() {
        use serde::de::IntoDeserializer;
        use serde::de::value::Error;
        fn from_id<T: serde::de::DeserializeOwned>(id: &str) -> Option<T> {
            T::deserialize(IntoDeserializer::<Error>::into_deserializer(id)).ok()
        }
        for s in Skill::ALL {
            assert_eq!(from_id::<Skill>(s.as_str()), Some(s));
        }
        for t in IntimacyType::ALL {
            assert_eq!(from_id::<IntimacyType>(t.as_str()), Some(t));
        }
        for p in Phase::ALL {
            assert_eq!(from_id::<Phase>(p.as_str()), Some(p));
        }
        assert_eq!(from_id::<Skill>("EmotionalPresence"), None);
    }

    #[test]
    fn phase_from_streak_days() {
        assert_eq!(Phase::from_streak_days(-3), Phase::NeuralReset);
        assert_eq!(Phase::from_streak_days(0), Phase::NeuralReset);
        assert_eq!(Phase::from_streak_days(59), Phase::NeuralReset);
        assert_eq!(Phase::from_streak_days(60), Phase::EmotionalReconnection);
        assert_eq!(Phase::from_streak_days(119), Phase::EmotionalReconnection);
        assert_eq!(Phase::from_streak_days(120), Phase::RelationalIntegration);
        assert_eq!(
            Phase::from_streak_days(10_000),
            Phase::RelationalIntegration
        );
        assert!(Phase::NeuralReset < Phase::RelationalIntegration);
    }

    #[test]
    fn lookups() {
        assert_eq!(prompt("flatline").map(|p| p.id), Some("flatline"));
        assert_eq!(prompt(" Self-Friend ").map(|p| p.id), Some("self-friend"));
        assert!(prompt("no-such-prompt").is_none());
        assert_eq!(practice("hug-6s").map(|p| p.id), Some("hug-6s"));
        assert_eq!(
            practice("TECH-FREE-TALK").map(|p| p.minutes),
            Some(Some(20))
        );
        assert!(practice("no-such-practice").is_none());
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("lonley", "lonely"), 1);
        assert_eq!(edit_distance("strssed", "stressed"), 1);
        assert_eq!(edit_distance("CALM", "calm"), 0);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }

    #[test]
    fn suggest_did_you_mean() {
        assert_eq!(suggest("lonley", TRIGGERS), Some("lonely"));
        assert_eq!(suggest("strssed", TRIGGERS), Some("stressed"));
        assert_eq!(
            suggest("Lonley", &all_emotions().collect::<Vec<_>>()),
            Some("lonely")
        );
        assert_eq!(
            suggest("anxous", &all_emotions().collect::<Vec<_>>()),
            Some("anxious")
        );
        assert_eq!(suggest("xyz", TRIGGERS), None);
        assert_eq!(suggest("xyz", &all_emotions().collect::<Vec<_>>()), None);
        assert_eq!(suggest("xyz", COPING), None);
        assert_eq!(suggest("lonely", TRIGGERS), None);
        assert_eq!(suggest("LONELY", TRIGGERS), None);
        assert_eq!(suggest("", TRIGGERS), None);
        assert_eq!(suggest("anything", &[]), None);
        assert_eq!(suggest("vulnerabilty", &Skill::IDS), Some("vulnerability"));
        assert_eq!(suggest("spirtual", &IntimacyType::IDS), Some("spiritual"));
        assert_eq!(
            suggest("hug-6", &PRACTICES.iter().map(|p| p.id).collect::<Vec<_>>()),
            Some("hug-6s")
        );
        // Short words allow fewer edits: a 3-letter word allows only one.
        assert_eq!(suggest("sed", &["sad"]), Some("sad"));
        assert_eq!(suggest("sxx", &["sad"]), None);
        // Ties go to the earliest entry.
        assert_eq!(suggest("bat", &["cat", "hat"]), Some("cat"));
    }

    #[test]
    fn check_text_catches_shaming_words() {
        let bad = [
            "You failed again.",
            "That was weak.",
            "Another relapse.",
            "You should be ashamed.",
            "A lapse is information, not failure.",
            "This is not a relapse.",
            "You are not weak.",
        ];
        for text in bad {
            assert!(
                std::panic::catch_unwind(|| check_text("test", text)).is_err(),
                "{text}"
            );
        }
        check_text("test", "A lapse is information. What did you learn?");
        assert_eq!(shaming_word("Not a FAILURE at all"), Some("failure"));
        assert_eq!(shaming_word("A lapse is information."), None);
    }

    #[test]
    fn skill_definitions_are_one_plain_line() {
        for s in Skill::ALL {
            let d = s.definition();
            check_text(s.as_str(), d);
            assert!(!d.contains('\n') && d.ends_with('.'), "{d}");
            assert_eq!(d.matches(". ").count(), 0, "{}: one sentence", s.as_str());
            assert!(
                d.chars().count() <= 100,
                "{}: {} characters",
                s.as_str(),
                d.len()
            );
        }
    }
}
