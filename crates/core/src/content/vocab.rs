//! Built-in vocabularies: feeling words grouped by core feeling, common triggers,
//! coping strategies and the HALT check. Entries may use other words too; these
//! lists drive completion, "did you mean" hints and summaries.

/// Feeling words (lowercase, single words), grouped by core feeling id:
/// mad, sad, scared, shame, low (low or restless), joyful, powerful, peaceful.
pub static EMOTIONS: &[(&str, &[&str])] = &[
    (
        "mad",
        &[
            "angry",
            "annoyed",
            "frustrated",
            "irritated",
            "resentful",
            "jealous",
            "bitter",
        ],
    ),
    (
        "sad",
        &[
            "lonely",
            "hurt",
            "disappointed",
            "grieving",
            "discouraged",
            "empty",
            "heartbroken",
        ],
    ),
    (
        "scared",
        &[
            "anxious",
            "afraid",
            "nervous",
            "overwhelmed",
            "insecure",
            "worried",
            "panicky",
        ],
    ),
    (
        "shame",
        &[
            "embarrassed",
            "guilty",
            "exposed",
            "inadequate",
            "humiliated",
            "unworthy",
        ],
    ),
    (
        "low",
        &[
            "bored",
            "restless",
            "numb",
            "tired",
            "flat",
            "drained",
            "apathetic",
        ],
    ),
    (
        "joyful",
        &[
            "hopeful",
            "excited",
            "playful",
            "grateful",
            "cheerful",
            "delighted",
            "amused",
        ],
    ),
    (
        "powerful",
        &[
            "proud",
            "confident",
            "capable",
            "respected",
            "valued",
            "brave",
            "determined",
        ],
    ),
    (
        "peaceful",
        &[
            "calm",
            "content",
            "relaxed",
            "safe",
            "loving",
            "connected",
            "relieved",
        ],
    ),
];

/// The core feeling a word belongs to (case-insensitive). A core id itself
/// ("sad", "low" ...) maps to itself.
pub fn emotion_core(word: &str) -> Option<&'static str> {
    let word = word.trim();
    EMOTIONS
        .iter()
        .find(|(core, words)| {
            core.eq_ignore_ascii_case(word) || words.iter().any(|w| w.eq_ignore_ascii_case(word))
        })
        .map(|(core, _)| *core)
}

/// Every feeling word, grouped by core feeling in the order of [`EMOTIONS`].
pub fn all_emotions() -> impl Iterator<Item = &'static str> {
    EMOTIONS.iter().flat_map(|(_, words)| words.iter().copied())
}

/// Common triggers (kebab-case), starting with the four HALT states.
pub static TRIGGERS: &[&str] = &[
    "hungry",
    "angry",
    "lonely",
    "tired",
    "bored",
    "stressed",
    "anxiety",
    "sadness",
    "shame",
    "rejection",
    "conflict",
    "argument",
    "celebration",
    "late-night",
    "insomnia",
    "alone-with-device",
    "scrolling",
    "social-media",
    "work-pressure",
    "travel",
    "weekend",
    "after-drinking",
    "idle-time",
    "feeling-unseen",
];

/// Coping strategies (kebab-case) to record what helped with an urge.
pub static COPING: &[&str] = &[
    "urge-surfing",
    "delay",
    "leave-the-room",
    "phone-out-of-room",
    "reach-out",
    "call-a-friend",
    "exercise",
    "walk",
    "cold-water",
    "shower",
    "paced-breathing",
    "grounding-5-4-3-2-1",
    "pray-meditate",
    "journal",
    "name-the-feeling",
    "play-music",
    "read",
    "tidy-up",
    "eat-something",
    "stretch",
    "go-to-bed",
];

/// Coping strategies that fit a trigger, for suggestions when an urge is logged by
/// questions; triggers not listed here get the first few of [`COPING`].
pub static COPING_FOR: &[(&str, &[&str])] = &[
    ("hungry", &["eat-something", "delay", "walk"]),
    (
        "angry",
        &["walk", "exercise", "paced-breathing", "name-the-feeling"],
    ),
    ("lonely", &["reach-out", "call-a-friend", "leave-the-room"]),
    ("tired", &["go-to-bed", "phone-out-of-room", "shower"]),
    ("bored", &["walk", "tidy-up", "play-music", "read"]),
    (
        "stressed",
        &["paced-breathing", "exercise", "walk", "journal"],
    ),
    (
        "anxiety",
        &["paced-breathing", "grounding-5-4-3-2-1", "name-the-feeling"],
    ),
    ("sadness", &["reach-out", "name-the-feeling", "journal"]),
    ("shame", &["reach-out", "name-the-feeling", "pray-meditate"]),
    (
        "rejection",
        &["call-a-friend", "name-the-feeling", "journal"],
    ),
    ("conflict", &["walk", "paced-breathing", "journal"]),
    ("argument", &["walk", "paced-breathing", "name-the-feeling"]),
    (
        "late-night",
        &["phone-out-of-room", "go-to-bed", "leave-the-room"],
    ),
    (
        "insomnia",
        &["phone-out-of-room", "read", "paced-breathing"],
    ),
    (
        "alone-with-device",
        &["phone-out-of-room", "leave-the-room", "reach-out"],
    ),
    (
        "scrolling",
        &["phone-out-of-room", "leave-the-room", "stretch"],
    ),
    ("social-media", &["phone-out-of-room", "delay", "walk"]),
    ("work-pressure", &["stretch", "walk", "paced-breathing"]),
    ("idle-time", &["walk", "tidy-up", "play-music"]),
    (
        "feeling-unseen",
        &["reach-out", "name-the-feeling", "journal"],
    ),
];

/// Up to `max` coping strategies that fit `triggers` (in the order the triggers
/// came), topped up with the first of [`COPING`].
pub fn coping_for(triggers: &[String], max: usize) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    let fitting = triggers.iter().flat_map(|t| {
        COPING_FOR
            .iter()
            .filter(move |(k, _)| *k == t.as_str())
            .flat_map(|(_, c)| c.iter().copied())
    });
    for c in fitting.chain(COPING.iter().copied()) {
        if out.len() >= max {
            break;
        }
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// The HALT check: hungry, angry, lonely, tired, each with its letter.
pub static HALT: [(&str, char); 4] = [
    ("hungry", 'h'),
    ("angry", 'a'),
    ("lonely", 'l'),
    ("tired", 't'),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    use super::super::is_kebab;

    #[test]
    fn coping_that_fits() {
        for (t, cs) in COPING_FOR {
            assert!(TRIGGERS.contains(t), "{t} is not a trigger");
            for c in *cs {
                assert!(COPING.contains(c), "{c} is not a coping strategy");
            }
        }
        let got = coping_for(&["tired".to_string(), "lonely".to_string()], 5);
        assert_eq!(
            got,
            [
                "go-to-bed",
                "phone-out-of-room",
                "shower",
                "reach-out",
                "call-a-friend"
            ]
        );
        assert_eq!(coping_for(&[], 3), &COPING[..3]);
        assert_eq!(coping_for(&["weekend".to_string()], 2), &COPING[..2]);
        assert_eq!(coping_for(&[], 100).len(), COPING.len());
    }

    #[test]
    fn emotions() {
        let cores: Vec<_> = EMOTIONS.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            cores,
            [
                "mad", "sad", "scared", "shame", "low", "joyful", "powerful", "peaceful"
            ]
        );
        let n = all_emotions().count();
        assert!((50..=56).contains(&n), "{n} emotion words");
        let mut seen = HashSet::new();
        for (core, words) in EMOTIONS {
            assert!(words.len() >= 5, "{core}: only {} words", words.len());
            for w in *words {
                assert!(
                    w.chars().all(|c| c.is_ascii_lowercase()),
                    "{w:?} is not one lowercase word"
                );
                assert!(seen.insert(*w), "{w} listed twice");
                assert!(!cores.contains(w), "{w} is also a core id");
                assert_eq!(emotion_core(w), Some(*core));
                super::super::check_text("emotion", w);
            }
        }
        for w in [
            "frustrated",
            "lonely",
            "anxious",
            "embarrassed",
            "bored",
            "hopeful",
            "proud",
            "calm",
        ] {
            assert!(seen.contains(w), "missing {w}");
        }
        assert_eq!(emotion_core("Lonely"), Some("sad"));
        assert_eq!(emotion_core(" calm "), Some("peaceful"));
        assert_eq!(emotion_core("LOW"), Some("low"));
        assert_eq!(emotion_core("purple"), None);
        assert_eq!(emotion_core(""), None);
    }

    #[test]
    fn triggers_and_coping() {
        assert!(
            (20..=26).contains(&TRIGGERS.len()),
            "{} triggers",
            TRIGGERS.len()
        );
        assert!(
            (18..=24).contains(&COPING.len()),
            "{} coping strategies",
            COPING.len()
        );
        for list in [TRIGGERS, COPING] {
            let mut seen = HashSet::new();
            for id in list {
                assert!(is_kebab(id), "bad id {id:?}");
                assert!(seen.insert(*id), "{id} listed twice");
                super::super::check_text("vocab", id);
            }
        }
        for id in [
            "hungry",
            "angry",
            "lonely",
            "tired",
            "bored",
            "stressed",
            "late-night",
            "alone-with-device",
            "social-media",
            "conflict",
            "rejection",
            "celebration",
            "anxiety",
            "sadness",
            "insomnia",
            "travel",
            "weekend",
            "after-drinking",
            "scrolling",
            "work-pressure",
            "shame",
            "argument",
        ] {
            assert!(TRIGGERS.contains(&id), "missing trigger {id}");
        }
        for id in [
            "urge-surfing",
            "delay",
            "leave-the-room",
            "reach-out",
            "exercise",
            "cold-water",
            "paced-breathing",
            "journal",
            "pray-meditate",
            "walk",
            "shower",
            "call-a-friend",
            "play-music",
            "read",
            "tidy-up",
            "go-to-bed",
            "grounding-5-4-3-2-1",
            "phone-out-of-room",
        ] {
            assert!(COPING.contains(&id), "missing coping strategy {id}");
        }
    }

    #[test]
    fn halt() {
        for (word, letter) in HALT {
            assert!(TRIGGERS.contains(&word), "{word} is not a trigger");
            assert_eq!(word.chars().next(), Some(letter));
        }
        assert_eq!(HALT.map(|(_, c)| c), ['h', 'a', 'l', 't']);
    }
}
