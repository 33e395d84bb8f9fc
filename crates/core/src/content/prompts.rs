//! Reflection prompts: the questions confide offers when you write an entry, each
//! tagged with the skill it exercises, the kinds of intimacy it touches, the phases
//! where it fits, a theme and who it is about ([`Audience`]).

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

/// Every theme a prompt can have.
pub const THEMES: &[&str] = &[
    "skill",
    "barrier",
    "codependence-check",
    "self-intimacy",
    "practical-step",
    "phase",
    "lapse",
];

/// One reflection prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Prompt {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// The question, in one to three short sentences.
    pub text: &'static str,
    /// The core skill it exercises, if one stands out.
    pub skill: Option<Skill>,
    /// The kinds of intimacy it touches.
    pub types: &'static [IntimacyType],
    /// The phases where it fits best.
    pub phases: &'static [Phase],
    /// One of [`THEMES`].
    pub theme: &'static str,
    /// Who it is about: a prompt for a partner is offered only to someone who has one.
    pub audience: Audience,
}

/// Every reflection prompt, grouped by theme.
pub static PROMPTS: &[Prompt] = &[
    // ---- skill: emotional presence
    Prompt {
        id: "connection-inventory",
        text: "Take ten quiet minutes. What feelings are here right now? \
               Name each one as exactly as you can, and let it be there without judging it.",
        skill: Some(Presence),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "skill",
        audience: Alone,
    },
    Prompt {
        id: "name-it-precisely",
        text: "Pick one feeling from today and look for a more exact word for it. \
               Was it lonely, tense, let down, restless? What changes when it has the right name?",
        skill: Some(Presence),
        types: &[Emotional],
        phases: &[P1, P2],
        theme: "skill",
        audience: Alone,
    },
    Prompt {
        id: "numbing-moments",
        text: "When did you want to numb out or distract yourself today? \
               What feeling was there just before?",
        skill: Some(Presence),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "skill",
        audience: Alone,
    },
    Prompt {
        id: "stay-with-it",
        text: "Think of a moment today when a feeling rose and you stayed with it for a while. \
               What was that like?",
        skill: Some(Presence),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "skill",
        audience: Alone,
    },
    Prompt {
        id: "others-feelings",
        text: "Whose feelings did you notice today? \
               Could you let them be there without fixing or steering them?",
        skill: Some(Presence),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "skill",
        audience: Any,
    },
    Prompt {
        id: "feeling-location",
        text: "Where in your body do you feel today's strongest emotion? \
               Describe it as if to someone who cannot see you.",
        skill: Some(Presence),
        types: &[Emotional, Physical],
        phases: &[P1, P2],
        theme: "skill",
        audience: Alone,
    },
    // ---- skill: authentic communication
    Prompt {
        id: "notice-feel-need",
        text: "Think of a conversation you have been putting off. \
               Draft it in three parts: I notice ..., I feel ..., I need ...",
        skill: Some(Communication),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "skill",
        audience: Any,
    },
    Prompt {
        id: "unsaid-need",
        text: "What is one need you did not say out loud this week? \
               What made it hard to say?",
        skill: Some(Communication),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "skill",
        audience: Any,
    },
    Prompt {
        id: "boundary-check",
        text: "Is there a boundary you would like to set or say again? \
               Write it here in one plain, kind sentence.",
        skill: Some(Communication),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "skill",
        audience: Any,
    },
    Prompt {
        id: "desire-in-words",
        text: "What is something you want, in closeness, time or touch, that you have never quite put into words? \
               Try the words here first.",
        skill: Some(Communication),
        types: &[Emotional, Physical],
        phases: &[P2, P3],
        theme: "skill",
        audience: Any,
    },
    Prompt {
        id: "open-while-asking",
        text: "The last time you asked for something, did you stay open to the other person's side? \
               What helped, or what got in the way?",
        skill: Some(Communication),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "skill",
        audience: Any,
    },
    Prompt {
        id: "expectations-talk",
        text: "What expectations, boundaries or desires about physical closeness would you like to talk about with your partner? \
               Which one could you name first, at a calm time outside the bedroom?",
        skill: Some(Communication),
        types: &[Physical, Emotional],
        phases: &[P3],
        theme: "skill",
        audience: Partner,
    },
    // ---- skill: empathic listening
    Prompt {
        id: "three-questions",
        text: "In your next real conversation, ask three follow-up questions before you share your own story. \
               Afterwards, write down what you learned about the other person.",
        skill: Some(Listening),
        types: &[Emotional, Intellectual],
        phases: &[P2, P3],
        theme: "skill",
        audience: Any,
    },
    Prompt {
        id: "turning-it-back",
        text: "Was there a moment today when a conversation drifted back to you? \
               What might have happened if you had asked one more question first?",
        skill: Some(Listening),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "skill",
        audience: Any,
    },
    Prompt {
        id: "urge-to-fix",
        text: "Think of someone who told you about a problem lately. \
               Did you rush to fix it? What might they have needed instead?",
        skill: Some(Listening),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "skill",
        audience: Any,
    },
    Prompt {
        id: "truly-heard",
        text: "Remember a time you felt truly listened to. What did the other person do? \
               Which of those things could you offer someone else?",
        skill: Some(Listening),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "skill",
        audience: Any,
    },
    Prompt {
        id: "ideas-without-ego",
        text: "What idea, book or question would you like to explore with someone? \
               Could you talk it through with curiosity, without needing to win?",
        skill: Some(Listening),
        types: &[Intellectual],
        phases: &[P2, P3],
        theme: "skill",
        audience: Any,
    },
    // ---- skill: comfort with vulnerability
    Prompt {
        id: "vulnerability-experiment",
        text: "Choose one area where you usually hide. \
               What is a small, appropriate thing you could share about it, and with whom?",
        skill: Some(Vulnerability),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "skill",
        audience: Any,
    },
    Prompt {
        id: "admitting-fear",
        text: "What is a fear you rarely admit, even to yourself? \
               You can write it down here. This page is safe.",
        skill: Some(Vulnerability),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "skill",
        audience: Alone,
    },
    Prompt {
        id: "formative-story",
        text: "What experience from growing up shaped how you handle closeness? \
               Is there someone you might tell about it one day?",
        skill: Some(Vulnerability),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "skill",
        audience: Alone,
    },
    Prompt {
        id: "less-polished",
        text: "When did you last let someone see a less polished side of you? \
               What happened, and what did you learn about them?",
        skill: Some(Vulnerability),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "skill",
        audience: Any,
    },
    Prompt {
        id: "cost-of-hiding",
        text: "What does hiding cost you? \
               What might one of your relationships feel like if you hid a little less?",
        skill: Some(Vulnerability),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "skill",
        audience: Any,
    },
    Prompt {
        id: "meaning-and-values",
        text: "What gives your life meaning right now? \
               Is there someone you could share that with, in conversation, prayer, meditation or shared work?",
        skill: Some(Vulnerability),
        types: &[Spiritual],
        phases: &[P2, P3],
        theme: "skill",
        audience: Any,
    },
    // ---- skill: sustainable pleasure
    Prompt {
        id: "giving-focus",
        text: "How could you focus on giving today, with attention, kindness or help, rather than on what you get? \
               Afterwards, notice how it felt.",
        skill: Some(Pleasure),
        types: &[Emotional, Physical],
        phases: &[P2, P3],
        theme: "skill",
        audience: Any,
    },
    Prompt {
        id: "connection-not-performance",
        text: "What would a good moment of closeness look like if success meant connection, not performance? \
               Describe it in your own words.",
        skill: Some(Pleasure),
        types: &[Physical, Emotional],
        phases: &[P2, P3],
        theme: "skill",
        audience: Any,
    },
    Prompt {
        id: "going-slow",
        text: "What helps you feel emotionally safe before physical closeness? \
               What pace feels right for you now?",
        skill: Some(Pleasure),
        types: &[Physical, Emotional],
        phases: &[P2, P3],
        theme: "skill",
        audience: Any,
    },
    Prompt {
        id: "present-in-touch",
        text: "During a hug or a held hand today that you both wanted, could you keep your attention on the touch itself? \
               What did you notice?",
        skill: Some(Pleasure),
        types: &[Physical],
        phases: &[P2, P3],
        theme: "skill",
        audience: AnyoneClose,
    },
    Prompt {
        id: "shared-enjoyment",
        text: "Think of a moment you enjoyed together with someone: a laugh, a meal, a shared task. \
               What made it good for both of you?",
        skill: Some(Pleasure),
        types: &[Experiential, Emotional],
        phases: ALL_PHASES,
        theme: "skill",
        audience: AnyoneClose,
    },
    Prompt {
        id: "real-bodies",
        text: "Have images you have seen shaped what you expect from your own body or other people's? \
               What would you like to believe instead?",
        skill: Some(Pleasure),
        types: &[Physical],
        phases: &[P1, P2],
        theme: "skill",
        audience: Any,
    },
    // ---- practical steps
    Prompt {
        id: "gradual-share",
        text: "Share something slightly uncomfortable with someone safe. How was it received? \
               Go deeper only where you were met with acceptance.",
        skill: Some(Vulnerability),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "practical-step",
        audience: Any,
    },
    Prompt {
        id: "sounds-like",
        text: "Try reflecting back once today: \"It sounds like you are saying ...\". \
               How did the other person respond?",
        skill: Some(Listening),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "practical-step",
        audience: Any,
    },
    Prompt {
        id: "phones-down",
        text: "In your last conversation, where was your phone, and where were your eyes? \
               What changes when both are with the person in front of you?",
        skill: Some(Listening),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "practical-step",
        audience: Any,
    },
    Prompt {
        id: "quality-time",
        text: "Where could twenty minutes of screen-free time with someone fit into your day? \
               What usually gets in the way, and what could make it easier?",
        skill: Some(Presence),
        types: &[Experiential, Emotional],
        phases: ALL_PHASES,
        theme: "practical-step",
        audience: AnyoneClose,
    },
    Prompt {
        id: "new-together",
        text: "What new experience could you try with someone this month: a class, a trip, volunteering? \
               What draws you to it?",
        skill: Some(Pleasure),
        types: &[Experiential],
        phases: &[P2, P3],
        theme: "practical-step",
        audience: AnyoneClose,
    },
    Prompt {
        id: "appreciation-three",
        text: "Write three specific things you appreciate about someone close to you: an effort, a quality, a small kind act. \
               Could you tell them one of them today?",
        skill: Some(Communication),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "practical-step",
        audience: AnyoneClose,
    },
    Prompt {
        id: "raise-it-early",
        text: "Is something small bothering you that you have not raised yet? \
               How could you bring it up early and gently, starting with \"I feel\"?",
        skill: Some(Communication),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "practical-step",
        audience: Any,
    },
    Prompt {
        id: "understand-first",
        text: "Think of your last disagreement. Could you sum up the other person's side in one sentence they would agree with? \
               Try it here.",
        skill: Some(Listening),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "practical-step",
        audience: Any,
    },
    Prompt {
        id: "pause-signal",
        text: "When emotions run high in a conflict, what tells you it is time for a break? \
               How could you ask for one kindly, and say when you will come back?",
        skill: Some(Presence),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "practical-step",
        audience: Any,
    },
    Prompt {
        id: "apology-forgiveness",
        text: "Is there an apology you would like to give, or a forgiveness you would like to say out loud? \
               What words would you use?",
        skill: Some(Vulnerability),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "practical-step",
        audience: Any,
    },
    Prompt {
        id: "own-identity",
        text: "Which interests, friendships or opinions are yours alone? \
               When did you last make room for one of them?",
        skill: Some(Presence),
        types: &[Experiential],
        phases: ALL_PHASES,
        theme: "practical-step",
        audience: Alone,
    },
    Prompt {
        id: "touch-beyond-sex",
        text: "Which kinds of non-sexual touch feel good to you: a long hug, holding hands, a foot rub, dancing in the kitchen? \
               Which could you offer this week, asking first and taking a no kindly?",
        skill: Some(Pleasure),
        types: &[Physical],
        phases: &[P2, P3],
        theme: "practical-step",
        audience: AnyoneClose,
    },
    // ---- barriers
    Prompt {
        id: "barrier-fear",
        text: "Has an old hurt taught you that opening up is not safe? \
               What is one low-stakes thing you could share with someone safe? \
               If the wound feels deep, a therapist can help you tend it.",
        skill: Some(Vulnerability),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "barrier",
        audience: Any,
    },
    Prompt {
        id: "barrier-skills",
        text: "Which conversations are hardest to find words for? \
               Write one need as plainly as you can. \
               A short request like \"Could you just listen for a minute?\" is often enough.",
        skill: Some(Communication),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "barrier",
        audience: Any,
    },
    Prompt {
        id: "barrier-mismatch",
        text: "Where do your needs and someone else's not line up? \
               Which of yours are must-haves, and which are preferences you could be flexible about?",
        skill: Some(Communication),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "barrier",
        audience: Any,
    },
    Prompt {
        id: "barrier-trauma",
        text: "Do old wounds or past relationships still shape how you react to closeness? \
               Which triggers would help someone close to you to know about? \
               Therapy that focuses on attachment, with a trained professional, can help those wounds heal.",
        skill: Some(Vulnerability),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "barrier",
        audience: Any,
    },
    Prompt {
        id: "barrier-family-messages",
        text: "What did you learn growing up about sex, bodies or feelings? \
               Which of those beliefs do you want to keep, and which are you ready to set down?",
        skill: Some(Vulnerability),
        types: &[Spiritual, Emotional],
        phases: ALL_PHASES,
        theme: "barrier",
        audience: Alone,
    },
    Prompt {
        id: "barrier-busy",
        text: "If life feels too full for connection, where could fifteen undistracted minutes fit today? \
               What would you do with them?",
        skill: Some(Presence),
        types: &[Experiential],
        phases: ALL_PHASES,
        theme: "barrier",
        audience: AnyoneClose,
    },
    // ---- codependence self-check
    Prompt {
        id: "codependence-disagree",
        text: "Can you disagree with someone close to you without fearing they will leave? \
               Think of a recent example.",
        skill: Some(Communication),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "codependence-check",
        audience: AnyoneClose,
    },
    Prompt {
        id: "codependence-outside",
        text: "Do you keep friendships and interests outside your closest relationship? \
               Which ones would you like to tend to?",
        skill: Some(Presence),
        types: &[Experiential],
        phases: ALL_PHASES,
        theme: "codependence-check",
        audience: AnyoneClose,
    },
    Prompt {
        id: "codependence-own-needs",
        text: "Can you meet some of your own emotional needs? \
               What is one way you have comforted or encouraged yourself lately?",
        skill: Some(Presence),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "codependence-check",
        audience: Alone,
    },
    // ---- self-intimacy
    Prompt {
        id: "self-friend",
        text: "What are you being hard on yourself about? \
               What would you say to a dear friend in the same place? Try saying it to yourself.",
        skill: Some(Presence),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "self-intimacy",
        audience: Alone,
    },
    Prompt {
        id: "body-sensations",
        text: "Pause and scan your body from head to toe. \
               What do you notice, without needing to change it?",
        skill: Some(Presence),
        types: &[Physical],
        phases: ALL_PHASES,
        theme: "self-intimacy",
        audience: Alone,
    },
    Prompt {
        id: "solo-joy",
        text: "What do you enjoy doing on your own? \
               When could you give yourself time for it this week?",
        skill: Some(Presence),
        types: &[Experiential],
        phases: ALL_PHASES,
        theme: "self-intimacy",
        audience: Alone,
    },
    Prompt {
        id: "free-write",
        text: "Write freely for a few minutes. What is on your mind, and what is in your heart?",
        skill: Some(Presence),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "self-intimacy",
        audience: Alone,
    },
    Prompt {
        id: "quietly-proud",
        text: "What is one thing you did this week that you are quietly proud of, however small?",
        skill: Some(Presence),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "self-intimacy",
        audience: Alone,
    },
    // ---- relationships of every kind, sex and repair
    Prompt {
        id: "missing-connection",
        text: "Which kind of connection do you miss most right now: a conversation, touch, a shared activity, being understood? \
               Who could offer a little of it? It does not have to be one person.",
        skill: Some(Communication),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "practical-step",
        audience: Alone,
    },
    Prompt {
        id: "what-intimacy-is",
        text: "Intimacy means being known, accepted and connected, with other people or with yourself. \
               Where in your life do you feel most known right now?",
        skill: Some(Vulnerability),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "self-intimacy",
        audience: Alone,
    },
    Prompt {
        id: "self-company",
        text: "When did you last enjoy your own company? \
               What were you doing, and what makes you good company for yourself?",
        skill: Some(Presence),
        types: &[Emotional, Experiential],
        phases: ALL_PHASES,
        theme: "self-intimacy",
        audience: Alone,
    },
    Prompt {
        id: "friend-closeness",
        text: "Which friend or relative do you feel most yourself with? \
               What do you share with them, and what could you offer them this week?",
        skill: Some(Pleasure),
        types: &[Emotional, Experiential],
        phases: ALL_PHASES,
        theme: "practical-step",
        audience: AnyoneClose,
    },
    Prompt {
        id: "depth-not-time",
        text: "Think of someone you feel close to though you have not known them long, or someone you have known for years but rarely share with. \
               What makes the difference? Often it is how deeply you share, more than how long.",
        skill: Some(Vulnerability),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "practical-step",
        audience: Any,
    },
    Prompt {
        id: "belonging",
        text: "Is there a group, class or community where you could feel you belong? \
               What small step could bring you a little closer to it?",
        skill: Some(Pleasure),
        types: &[Experiential, Spiritual],
        phases: &[P2, P3],
        theme: "practical-step",
        audience: Any,
    },
    Prompt {
        id: "family-roles",
        text: "With one relative, which old role do you still slip into: the peacemaker, the child, the one who copes? \
               What might change if you met them as one adult to another?",
        skill: Some(Listening),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "practical-step",
        audience: AnyoneClose,
    },
    Prompt {
        id: "family-boundary",
        text: "Is there a family relationship that leaves you worse off after each contact? \
               What boundary would protect you? Limiting contact is a fair choice when a relationship does harm.",
        skill: Some(Communication),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "practical-step",
        audience: AnyoneClose,
    },
    Prompt {
        id: "repair-trust",
        text: "If you broke someone's trust, what does taking responsibility look like beyond saying sorry? \
               What could you do steadily, week after week, that they could see? Whether and when they forgive is theirs to decide.",
        skill: Some(Vulnerability),
        types: &[Emotional],
        phases: &[P2, P3],
        theme: "practical-step",
        audience: AnyoneClose,
    },
    Prompt {
        id: "body-curiosity",
        text: "Bodies change with age, health and stress, yours and other people's. \
               What would it be like to meet those changes with curiosity instead of pressure?",
        skill: Some(Presence),
        types: &[Physical],
        phases: &[P2, P3],
        theme: "self-intimacy",
        audience: Any,
    },
    Prompt {
        id: "consent-check",
        text: "Consent goes on through any closeness, and either person can pause or stop at any moment. \
               How would you like to check in, and how would you say \"let's pause\"?",
        skill: Some(Communication),
        types: &[Physical, Emotional],
        phases: &[P3],
        theme: "skill",
        audience: Any,
    },
    Prompt {
        id: "desire-differences",
        text: "Where do your desire and your partner's differ? \
               Which might help: planned time together, a wider idea of what counts as intimacy, or an open talk at a calm moment?",
        skill: Some(Communication),
        types: &[Physical, Emotional],
        phases: &[P3],
        theme: "barrier",
        audience: Partner,
    },
    // ---- phases
    Prompt {
        id: "flatline",
        text: "If your desire feels low or flat right now, that is common during the reset and usually passes. \
               How can you be patient and gentle with yourself meanwhile? \
               If low desire lasts for months, it is worth asking a doctor to check.",
        skill: Some(Presence),
        types: &[Physical, Emotional],
        phases: &[P1],
        theme: "phase",
        audience: Alone,
    },
    Prompt {
        id: "future-closeness",
        text: "Are you worried about what closeness will be like later on? \
               Write the worry down, then write what you would tell a friend who felt the same.",
        skill: Some(Vulnerability),
        types: &[Emotional, Physical],
        phases: &[P1],
        theme: "phase",
        audience: Alone,
    },
    Prompt {
        id: "why-recovery",
        text: "What do you hope your life and relationships will feel like as you recover? \
               Describe one ordinary, good day.",
        skill: Some(Vulnerability),
        types: &[Spiritual],
        phases: &[P1],
        theme: "phase",
        audience: Alone,
    },
    Prompt {
        id: "feelings-returning",
        text: "As feelings come back into focus, which ones are surprising you? \
               Which one would you like to understand better?",
        skill: Some(Presence),
        types: &[Emotional],
        phases: &[P2],
        theme: "phase",
        audience: Alone,
    },
    Prompt {
        id: "safe-people",
        text: "Who in your life feels safe enough for honest feelings? \
               What makes them feel safe to you?",
        skill: Some(Vulnerability),
        types: &[Emotional],
        phases: &[P2],
        theme: "phase",
        audience: Any,
    },
    Prompt {
        id: "recovery-honesty",
        text: "Is there someone who would benefit from knowing about your recovery? What would you want them to understand? \
               With a partner who was hurt, plan it, tell what matters fully, and if you can, get a therapist's support.",
        skill: Some(Communication),
        types: &[Emotional],
        phases: &[P3],
        theme: "phase",
        audience: Any,
    },
    Prompt {
        id: "presence-today",
        text: "Think of one conversation today. How present were you, from 1 to 10? \
               What helped you be there?",
        skill: Some(Presence),
        types: &[Emotional],
        phases: &[P3],
        theme: "phase",
        audience: Any,
    },
    Prompt {
        id: "how-much-to-share",
        text: "How much of yourself feels right to share in a new or growing relationship? \
               What would appropriate openness look like this week?",
        skill: Some(Vulnerability),
        types: &[Emotional],
        phases: &[P3],
        theme: "phase",
        audience: Any,
    },
    // ---- lapses and urges
    Prompt {
        id: "urge-aftermath",
        text: "An urge came and went. What was happening just before it? \
               What helped, or what might help next time?",
        skill: Some(Presence),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "lapse",
        audience: Alone,
    },
    Prompt {
        id: "after-a-lapse",
        text: "If you had a lapse, take a slow breath. It is information, not a verdict. \
               What was going on beforehand, and what does it tell you about what you needed?",
        skill: Some(Presence),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "lapse",
        audience: Alone,
    },
    Prompt {
        id: "lapse-next-step",
        text: "After a lapse, what is one small practice you can come back to today? \
               Everything you have learned is still yours.",
        skill: Some(Presence),
        types: &[Emotional],
        phases: ALL_PHASES,
        theme: "lapse",
        audience: Alone,
    },
    Prompt {
        id: "halt-check",
        text: "Right now, are you hungry, angry, lonely or tired? \
               What would meet that need directly?",
        skill: Some(Presence),
        types: &[Emotional, Physical],
        phases: ALL_PHASES,
        theme: "lapse",
        audience: Alone,
    },
    Prompt {
        id: "urge-wave",
        text: "Next time an urge rises, try watching it like a wave: notice it build, peak and pass. \
               What did you notice when you tried?",
        skill: Some(Presence),
        types: &[Emotional, Physical],
        phases: &[P1, P2],
        theme: "lapse",
        audience: Alone,
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
        "appreciation-three",
        "barrier-fear",
        "barrier-skills",
        "barrier-mismatch",
        "barrier-trauma",
        "barrier-family-messages",
        "barrier-busy",
        "codependence-disagree",
        "codependence-outside",
        "codependence-own-needs",
        "self-friend",
        "body-sensations",
        "flatline",
        "urge-aftermath",
    ];

    use super::super::is_kebab;

    fn with_theme(theme: &str) -> impl Iterator<Item = &'static Prompt> + '_ {
        PROMPTS.iter().filter(move |p| p.theme == theme)
    }

    #[test]
    fn count_and_unique_ids() {
        assert!(PROMPTS.len() >= 44, "only {} prompts", PROMPTS.len());
        let mut ids = HashSet::new();
        for p in PROMPTS {
            assert!(is_kebab(p.id), "bad id {:?}", p.id);
            assert!(p.id.len() <= 32, "long id {:?}", p.id);
            assert!(ids.insert(p.id), "duplicate prompt id {}", p.id);
        }
    }

    #[test]
    fn required_ids_exist() {
        for id in REQUIRED {
            assert!(PROMPTS.iter().any(|p| p.id == *id), "missing prompt {id}");
        }
    }

    #[test]
    fn coverage() {
        for s in Skill::ALL {
            let n = PROMPTS.iter().filter(|p| p.skill == Some(s)).count();
            assert!(n >= 6, "{} has only {n} prompts", s.as_str());
        }
        for t in IntimacyType::ALL {
            assert!(
                PROMPTS.iter().any(|p| p.types.contains(&t)),
                "no prompt for {}",
                t.as_str()
            );
        }
        for ph in Phase::ALL {
            assert!(
                PROMPTS.iter().any(|p| p.phases.contains(&ph)),
                "no prompt for {}",
                ph.as_str()
            );
            assert!(
                with_theme("phase").any(|p| p.phases.contains(&ph)),
                "no phase-themed prompt for {}",
                ph.as_str()
            );
        }
        for theme in THEMES {
            assert!(
                with_theme(theme).next().is_some(),
                "no prompt with theme {theme}"
            );
        }
        assert!(with_theme("practical-step").count() >= 7);
        assert!(with_theme("barrier").count() >= 6);
        assert!(with_theme("self-intimacy").count() >= 4);
        let codependence: Vec<_> = with_theme("codependence-check").map(|p| p.id).collect();
        assert_eq!(
            codependence,
            [
                "codependence-disagree",
                "codependence-outside",
                "codependence-own-needs"
            ]
        );
        assert!(
            PROMPTS
                .iter()
                .filter(|p| p.id.starts_with("barrier-"))
                .all(|p| p.theme == "barrier")
        );
    }

    #[test]
    fn tags_are_sane() {
        for p in PROMPTS {
            assert!(
                THEMES.contains(&p.theme),
                "{}: unknown theme {}",
                p.id,
                p.theme
            );
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
        }
    }

    #[test]
    fn every_prompt_has_a_skill_so_the_plan_can_pick_it() {
        for id in [
            "flatline",
            "why-recovery",
            "lapse-next-step",
            "codependence-outside",
            "barrier-family-messages",
            "own-identity",
            "solo-joy",
            "quietly-proud",
        ] {
            let p = PROMPTS.iter().find(|p| p.id == id).unwrap();
            assert!(p.skill.is_some(), "{id}");
        }
        assert!(PROMPTS.iter().all(|p| p.skill.is_some()));
        // solo-joy is closeness with yourself, not the (shared) sustainable pleasure.
        let solo = PROMPTS.iter().find(|p| p.id == "solo-joy").unwrap();
        assert_eq!(solo.theme, "self-intimacy");
        assert_ne!(solo.skill, Some(Pleasure));
    }

    #[test]
    fn audiences() {
        let with = |a: Audience| PROMPTS.iter().filter(move |p| p.audience == a);
        let partner: Vec<_> = with(Partner).map(|p| p.id).collect();
        assert!(partner.contains(&"expectations-talk"));
        assert!(partner.len() * 10 < PROMPTS.len(), "{partner:?}");
        assert!(with(Alone).count() >= 25);
        assert!(with(AnyoneClose).count() >= 10);
        for p in with(Partner) {
            assert!(
                p.text.contains("partner"),
                "{}: says it is about a partner",
                p.id
            );
        }
        // Prompts not for a partner do not assume one.
        for p in PROMPTS.iter().filter(|p| p.audience != Partner) {
            let t = p.text.to_lowercase();
            assert!(
                !t.contains("your partner")
                    && !t.contains("a partner's")
                    && !t.contains("this relationship"),
                "{}: assumes a partner: {}",
                p.id,
                p.text
            );
        }
    }

    #[test]
    fn the_missing_ideas_and_the_rewrites_are_there() {
        let text = |id: &str| {
            PROMPTS
                .iter()
                .find(|p| p.id == id)
                .unwrap_or_else(|| panic!("missing prompt {id}"))
                .text
                .to_lowercase()
        };
        assert!(text("flatline").contains("doctor"));
        assert!(text("barrier-trauma").contains("attachment"));
        assert!(text("barrier-trauma").contains("professional"));
        assert!(!text("turning-it-back").contains("catch yourself"));
        assert!(text("repair-trust").contains("responsibility"));
        assert!(text("repair-trust").contains("theirs to decide"));
        assert!(text("what-intimacy-is").contains("known, accepted and connected"));
        assert!(text("depth-not-time").contains("deeply"));
        assert!(text("family-boundary").contains("limiting contact"));
        assert!(text("body-curiosity").contains("curiosity"));
        assert!(text("consent-check").contains("pause or stop"));
        assert!(text("desire-differences").contains("planned time"));
        assert!(text("missing-connection").contains("connection do you miss"));
        assert!(text("recovery-honesty").contains("therapist"));
    }

    #[test]
    fn texts_are_kind_and_tidy() {
        for p in PROMPTS {
            super::super::check_text(p.id, p.text);
            assert!(
                p.text.ends_with(['.', '?', '!']),
                "{}: text should end a sentence: {:?}",
                p.id,
                p.text
            );
        }
    }
}
