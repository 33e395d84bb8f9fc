//! The practice catalogue: small, concrete things to try, each tagged with the skill
//! it builds, the kinds of intimacy it touches, the phases where it fits best and who
//! it is for ([`Audience`]). A practice with touch asks first, accepts a no, and
//! comes once emotional safety has had time to grow (phase 2 on).

use super::{Audience, IntimacyType, Phase, Skill};
use serde::Serialize;

use IntimacyType::{Emotional, Experiential, Intellectual, Physical, Spiritual};
use Phase::{EmotionalReconnection as P2, NeuralReset as P1, RelationalIntegration as P3};
use Skill::{
    AuthenticCommunication as Communication, EmotionalPresence as Presence,
    EmpathicListening as Listening, SustainablePleasure as Pleasure, Vulnerability,
};

use Audience::{Alone, Any, AnyoneClose, Partner};

const ALL_PHASES: &[Phase] = &[P1, P2, P3];
/// Where touch comes in: after the reset, with emotional safety first.
const TOUCH_PHASES: &[Phase] = &[P2, P3];

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
    /// Who it is for.
    pub audience: Audience,
    /// Whether it involves touching another person: such a practice says to ask
    /// first and to accept a no, and comes only from phase 2 on.
    pub touch: bool,
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
        audience: Alone,
        touch: false,
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
        audience: Alone,
        touch: false,
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
        audience: Alone,
        touch: false,
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
        audience: Alone,
        touch: false,
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
        audience: Alone,
        touch: false,
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
        audience: Alone,
        touch: false,
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
        audience: AnyoneClose,
        touch: false,
    },
    Practice {
        id: "screen-free-meal",
        name: "Screen-free meal",
        description: "Eat one meal with no screens at the table, on your own or with others. \
                      Taste the food, and if you are not alone, talk about your day.",
        skill: Presence,
        types: &[Experiential],
        phases: ALL_PHASES,
        minutes: None,
        audience: Any,
        touch: false,
    },
    Practice {
        id: "evening-walk",
        name: "Evening walk",
        description: "Take a short walk in the evening, on your own or with someone. \
                      Alone, notice what you see and feel; side by side, hard things are often easier to say.",
        skill: Presence,
        types: &[Experiential, Physical],
        phases: ALL_PHASES,
        minutes: Some(20),
        audience: Any,
        touch: false,
    },
    Practice {
        id: "bedtime-ritual",
        name: "Bedtime ritual",
        description: "End the day with a small ritual: a few words about the day, a moment of thanks, a page of a book. \
                      If you share a bed, ask whether lying close is welcome tonight, and take a no kindly. \
                      Leave the phone outside the bedroom.",
        skill: Presence,
        types: &[Experiential, Emotional],
        phases: TOUCH_PHASES,
        minutes: Some(10),
        audience: Any,
        touch: true,
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
        audience: AnyoneClose,
        touch: false,
    },
    Practice {
        id: "own-interests",
        name: "Tend your own interests",
        description: "Make time this week for something that is yours: a hobby, a friendship, a question you enjoy thinking about, or an hour alone. \
                      Notice what it gives you.",
        skill: Presence,
        types: &[Experiential],
        phases: ALL_PHASES,
        minutes: None,
        audience: Alone,
        touch: false,
    },
    Practice {
        id: "schedule-connection",
        name: "Schedule connection",
        description: "If life is busy, put time with people you care about on the calendar. \
                      Even fifteen undistracted minutes a day can make a real difference.",
        skill: Presence,
        types: &[Experiential, Emotional],
        phases: &[P2, P3],
        minutes: Some(15),
        audience: AnyoneClose,
        touch: false,
    },
    Practice {
        id: "meditate-together",
        name: "Meditate or pray together",
        description: "Sit in silence, meditate or pray for a few minutes with someone close or with a group. \
                      Afterwards, share a word or two about what came up.",
        skill: Presence,
        types: &[Spiritual, Emotional],
        phases: &[P3],
        minutes: Some(10),
        audience: AnyoneClose,
        touch: false,
    },
    Practice {
        id: "friend-time",
        name: "Time with a friend",
        description: "Make a plan with a friend or a relative you like: a meal, a walk, a call. \
                      Put the phone away and let yourself enjoy their company.",
        skill: Presence,
        types: &[Experiential, Emotional],
        phases: ALL_PHASES,
        minutes: None,
        audience: AnyoneClose,
        touch: false,
    },
    // Self-intimacy: closeness with yourself (it builds presence)
    Practice {
        id: "solo-joy",
        name: "Something just for you",
        description: "Do something you enjoy on your own, like a walk, music, cooking or a craft. \
                      Your own company is a place for closeness too.",
        skill: Presence,
        types: &[Experiential],
        phases: ALL_PHASES,
        minutes: None,
        audience: Alone,
        touch: false,
    },
    Practice {
        id: "enjoy-moving",
        name: "Enjoy moving",
        description: "Move your body in a way it enjoys: stretch, swim, walk fast, dance alone in the kitchen. \
                      Notice how it feels from the inside, not how it looks.",
        skill: Presence,
        types: &[Physical, Experiential],
        phases: ALL_PHASES,
        minutes: Some(15),
        audience: Alone,
        touch: false,
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
        audience: AnyoneClose,
        touch: false,
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
        audience: AnyoneClose,
        touch: false,
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
        audience: AnyoneClose,
        touch: false,
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
        audience: AnyoneClose,
        touch: false,
    },
    Practice {
        id: "needs-vs-preferences",
        name: "Needs and preferences",
        description: "Write two lists about one close relationship: what you truly need, and what you would simply prefer. \
                      If it feels right, talk them through together and look for room to meet.",
        skill: Communication,
        types: &[Emotional],
        phases: &[P3],
        minutes: Some(20),
        audience: AnyoneClose,
        touch: false,
    },
    Practice {
        id: "date-night",
        name: "Date night",
        description: "Once a week, plan an evening with your partner that is mostly about talking with each other. \
                      Ask a question you have never asked before.",
        skill: Communication,
        types: &[Emotional, Experiential],
        phases: &[P3],
        minutes: None,
        audience: Partner,
        touch: false,
    },
    Practice {
        id: "missing-connection",
        name: "Name the connection you miss",
        description: "Name the kind of connection you miss most right now: a conversation, touch, a shared activity, feeling understood. \
                      No single person has to meet every need. \
                      Think of one friend, relative or group who could offer a little of it.",
        skill: Communication,
        types: &[Emotional],
        phases: ALL_PHASES,
        minutes: Some(10),
        audience: Alone,
        touch: false,
    },
    Practice {
        id: "family-as-adults",
        name: "Family, as adults",
        description: "Choose one family relationship and decide what you want it to be now that you are both adults. \
                      A clear, kind boundary can protect closeness, and limiting contact is a fair choice when a relationship harms you.",
        skill: Communication,
        types: &[Emotional],
        phases: &[P2, P3],
        minutes: None,
        audience: AnyoneClose,
        touch: false,
    },
    Practice {
        id: "wishes-and-limits",
        name: "Wishes and limits",
        description: "At a calm time outside the bedroom, tell your partner one wish and one limit about physical closeness, and ask for theirs. \
                      During closeness, check in with each other. \
                      Consent goes on the whole time: either of you can pause or stop at any moment.",
        skill: Communication,
        types: &[Physical, Emotional],
        phases: &[P3],
        minutes: None,
        audience: Partner,
        touch: true,
    },
    Practice {
        id: "desire-differences",
        name: "When desire differs",
        description: "If you and your partner want sex at different times or in different amounts, talk it through openly at a calm moment. \
                      Planned time together and a wider idea of what counts as intimacy can both help, with no pressure on either of you.",
        skill: Communication,
        types: &[Physical, Emotional],
        phases: &[P3],
        minutes: None,
        audience: Partner,
        touch: false,
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
        audience: AnyoneClose,
        touch: false,
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
        audience: AnyoneClose,
        touch: false,
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
        audience: AnyoneClose,
        touch: false,
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
        audience: AnyoneClose,
        touch: false,
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
        audience: AnyoneClose,
        touch: false,
    },
    Practice {
        id: "relative-as-person",
        name: "A relative, as a person",
        description: "Ask a parent, sibling or other relative about a part of their life you know little about. \
                      Listen as you would to a new friend, and let them be a whole person rather than a role.",
        skill: Listening,
        types: &[Emotional, Intellectual],
        phases: &[P2, P3],
        minutes: None,
        audience: AnyoneClose,
        touch: false,
    },
    // Comfort with vulnerability
    Practice {
        id: "honest-page",
        name: "An honest page",
        description: "Write down one thing you usually keep hidden, here, just for you. \
                      Being honest with yourself is where openness with others begins.",
        skill: Vulnerability,
        types: &[Emotional],
        phases: &[P1, P2],
        minutes: Some(10),
        audience: Alone,
        touch: false,
    },
    Practice {
        id: "vulnerability-experiment",
        name: "Vulnerability experiment",
        description: "Pick one area where you usually hide, and share something small and appropriate about it with someone safe. \
                      Notice how it is received, and go deeper only where you are met with acceptance.",
        skill: Vulnerability,
        types: &[Emotional],
        phases: &[P2, P3],
        minutes: None,
        audience: AnyoneClose,
        touch: false,
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
        audience: AnyoneClose,
        touch: false,
    },
    Practice {
        id: "recovery-talk",
        name: "Talk about your recovery",
        description: "With a partner you hurt or kept things from, honesty works best when it is planned, complete on what matters, and supported by a therapist. \
                      Telling it piece by piece can hurt them again. \
                      With a friend or someone you are dating, sharing a little at a time is fine.",
        skill: Vulnerability,
        types: &[Emotional],
        phases: &[P3],
        minutes: None,
        audience: AnyoneClose,
        touch: false,
    },
    Practice {
        id: "apologise-forgive",
        name: "Apologise and forgive",
        description: "Apologise for your part plainly, without excuses or a \"but\", and show it in what you do next. \
                      When you are ready to forgive someone, say it out loud. \
                      Forgiveness is a gift: it can be offered, never demanded.",
        skill: Vulnerability,
        types: &[Emotional],
        phases: &[P2, P3],
        minutes: None,
        audience: AnyoneClose,
        touch: false,
    },
    Practice {
        id: "rebuild-trust",
        name: "Rebuild trust",
        description: "If you broke someone's trust, take full responsibility without explaining it away, and change what you do. \
                      Trust comes back through steady consistency over time, at their pace. \
                      Whether to try again, and whether to forgive, is theirs to decide.",
        skill: Vulnerability,
        types: &[Emotional],
        phases: &[P2, P3],
        minutes: None,
        audience: AnyoneClose,
        touch: false,
    },
    Practice {
        id: "go-deeper",
        name: "Go a little deeper",
        description: "With someone you like, new or long known, share one thing that matters to you and ask what matters to them. \
                      Closeness grows from how deeply people share, more than from how long they have known each other.",
        skill: Vulnerability,
        types: &[Emotional],
        phases: &[P2, P3],
        minutes: None,
        audience: AnyoneClose,
        touch: false,
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
        audience: AnyoneClose,
        touch: false,
    },
    // Sustainable pleasure
    Practice {
        id: "small-kindness",
        name: "A small kindness",
        description: "Do one small, unasked kindness for someone today: make the tea, send a warm message, help with a chore. \
                      Notice the quiet pleasure of giving.",
        skill: Pleasure,
        types: &[Emotional, Experiential],
        phases: ALL_PHASES,
        minutes: None,
        audience: Any,
        touch: false,
    },
    Practice {
        id: "giving-focus",
        name: "Focus on giving",
        description: "For one day, focus on what you can give rather than what you get: attention, kindness, help. \
                      If you would like to offer touch, ask first, and take a no as easily as a yes.",
        skill: Pleasure,
        types: &[Emotional, Physical],
        phases: TOUCH_PHASES,
        minutes: None,
        audience: Any,
        touch: true,
    },
    Practice {
        id: "hug-6s",
        name: "Six-second hug",
        description: "Ask someone close whether they would like a hug. \
                      If they would, hold it for about six seconds and let your breathing slow down. \
                      How much touch feels right varies with culture and comfort, so a no is always fine.",
        skill: Pleasure,
        types: &[Physical],
        phases: TOUCH_PHASES,
        minutes: None,
        audience: AnyoneClose,
        touch: true,
    },
    Practice {
        id: "hand-holding",
        name: "Hold hands",
        description: "Offer your hand on a walk, on the sofa or at the table, and let your partner choose. \
                      Keep part of your attention on the warmth of the touch. \
                      Either of you can let go at any time, and a no is fine.",
        skill: Pleasure,
        types: &[Physical],
        phases: TOUCH_PHASES,
        minutes: None,
        audience: Partner,
        touch: true,
    },
    Practice {
        id: "sit-close",
        name: "Sit close",
        description: "Ask whether they would like to sit close while you read, talk or watch something, and accept a no easily. \
                      Closeness without any goal is a good place to start again.",
        skill: Pleasure,
        types: &[Physical],
        phases: TOUCH_PHASES,
        minutes: None,
        audience: AnyoneClose,
        touch: true,
    },
    Practice {
        id: "shoulder-rub",
        name: "Shoulder or foot rub",
        description: "Offer a shoulder or foot rub with no expectation of anything more, and accept a no easily. \
                      Ask what feels good, listen to the answer, and stop whenever they want.",
        skill: Pleasure,
        types: &[Physical],
        phases: TOUCH_PHASES,
        minutes: Some(10),
        audience: Partner,
        touch: true,
    },
    Practice {
        id: "kitchen-dance",
        name: "Dance in the kitchen",
        description: "Put on a song you both like and invite someone to dance, however badly. \
                      If they would rather not, that is fine. \
                      Playfulness is a kind of closeness too.",
        skill: Pleasure,
        types: &[Physical, Experiential],
        phases: TOUCH_PHASES,
        minutes: Some(5),
        audience: AnyoneClose,
        touch: true,
    },
    Practice {
        id: "sensate-focus",
        name: "Sensate focus",
        description: "A gentle, step-by-step touch exercise from sex therapy, best learned with a therapist's guidance. \
                      Take turns touching with full attention and no goal, going slowly and talking about what feels good. \
                      Ask as you go; either of you can pause or stop at any moment, and connection matters more than performance.",
        skill: Pleasure,
        types: &[Physical, Emotional],
        phases: &[P3],
        minutes: Some(20),
        audience: Partner,
        touch: true,
    },
    Practice {
        id: "new-experience",
        name: "Something new together",
        description: "Once a month, try something neither of you has done before with a friend, relative or partner: a class, a place, a dish. \
                      New experiences shared make new memories together.",
        skill: Pleasure,
        types: &[Experiential],
        phases: &[P2, P3],
        minutes: None,
        audience: AnyoneClose,
        touch: false,
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
        audience: AnyoneClose,
        touch: false,
    },
    Practice {
        id: "volunteer-together",
        name: "Give time to a cause",
        description: "Give an hour to a cause you care about, on your own or alongside others: a food bank, a cleanup, a neighbour who needs help. \
                      Working next to people on something that matters is an easy way to meet them.",
        skill: Pleasure,
        types: &[Experiential, Spiritual],
        phases: ALL_PHASES,
        minutes: None,
        audience: Any,
        touch: false,
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

    /// Words that say to ask and to accept a no (or a stop).
    pub(crate) fn has_consent_wording(text: &str) -> bool {
        let t = text.to_lowercase();
        ["ask", "offer", "invite"].iter().any(|w| t.contains(w))
            && ["a no", "rather not", "stop", "let go"]
                .iter()
                .any(|w| t.contains(w))
    }

    #[test]
    fn every_touch_practice_asks_first_and_accepts_a_no() {
        let touch: Vec<_> = PRACTICES.iter().filter(|p| p.touch).map(|p| p.id).collect();
        for id in [
            "hug-6s",
            "sit-close",
            "hand-holding",
            "bedtime-ritual",
            "giving-focus",
            "shoulder-rub",
            "sensate-focus",
            "kitchen-dance",
        ] {
            assert!(touch.contains(&id), "{id} is not marked as touch");
        }
        for p in PRACTICES {
            // Physical practices with someone else involve touch.
            if p.types.contains(&Physical) && p.audience != Audience::Alone {
                assert!(
                    p.touch || p.id == "evening-walk" || p.id == "desire-differences",
                    "{}: physical with someone, but not marked as touch",
                    p.id
                );
            }
            if p.touch {
                assert!(
                    has_consent_wording(p.description),
                    "{}: a touch practice says to ask and that a no is fine",
                    p.id
                );
                assert!(
                    !p.phases.contains(&P1),
                    "{}: touch comes after the reset, with emotional safety first",
                    p.id
                );
            }
        }
        let text = |id| {
            super::super::practice(id)
                .unwrap()
                .description
                .to_lowercase()
        };
        // Consent goes on throughout, and either person can stop.
        assert!(text("wishes-and-limits").contains("pause or stop"));
        assert!(text("sensate-focus").contains("pause or stop"));
        // Friendship touch depends on culture and comfort.
        assert!(text("hug-6s").contains("culture"));
    }

    #[test]
    fn professional_help_and_repair_are_named() {
        let text = |id| {
            super::super::practice(id)
                .unwrap()
                .description
                .to_lowercase()
        };
        assert!(text("sensate-focus").contains("therapist"));
        assert!(text("recovery-talk").contains("therapist"));
        assert!(text("recovery-talk").contains("complete"));
        assert!(text("apologise-forgive").contains("never demanded"));
        assert!(text("rebuild-trust").contains("responsibility"));
        assert!(text("rebuild-trust").contains("consistency"));
    }

    #[test]
    fn audiences() {
        use Audience::{Alone, AnyoneClose, Partner};
        let partner: Vec<_> = PRACTICES
            .iter()
            .filter(|p| p.audience == Partner)
            .map(|p| p.id)
            .collect();
        for id in ["date-night", "sensate-focus", "hand-holding"] {
            assert!(partner.contains(&id), "{id}");
        }
        assert!(partner.len() * 5 < PRACTICES.len(), "{partner:?}");
        for id in [
            "solo-joy",
            "own-interests",
            "missing-connection",
            "honest-page",
        ] {
            assert_eq!(super::super::practice(id).unwrap().audience, Alone, "{id}");
        }
        for id in ["friend-time", "family-as-adults", "relative-as-person"] {
            assert_eq!(
                super::super::practice(id).unwrap().audience,
                AnyoneClose,
                "{id}"
            );
        }
        // solo-joy is closeness with yourself, not the (shared) sustainable pleasure.
        assert_ne!(super::super::practice("solo-joy").unwrap().skill, Pleasure);
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
