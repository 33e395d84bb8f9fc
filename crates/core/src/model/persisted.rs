//! The enums the vault stores that `content` also describes: the five skills and the
//! five kinds of intimacy. They live here, in the model, because their variant order
//! is part of the vault's byte format (postcard encodes a variant by its index; see
//! docs/FORMAT.md). `content` adds what people see (ids, labels, aliases, parsing and
//! the display order in `ALL`) and re-exports them as `content::Skill` and
//! `content::IntimacyType`.
//!
//! `tests/format_pin.rs` fails if a variant moves.

use serde::{Deserialize, Serialize};

/// One of the five core relational skills recovery rebuilds. Stored in
/// `Settings.focus`.
///
/// Wire order: append only, never reorder. Each variant is stored as the index
/// its doc gives; the display order is `Skill::ALL` in `content`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Skill {
    /// Index 0: Staying with your own and others' feelings without numbing, avoiding or
    /// controlling them.
    EmotionalPresence,
    /// Index 1: Saying what you need, want and won't accept, while staying open.
    AuthenticCommunication,
    /// Index 2: Hearing someone else without turning it back to yourself.
    EmpathicListening,
    /// Index 3: Letting yourself be seen, a little at a time, for deeper connection.
    Vulnerability,
    /// Index 4: Finding satisfaction in shared connection rather than self-focused
    /// gratification.
    SustainablePleasure,
}

/// One of the five kinds of intimacy; tags for entries, prompts and practices. Stored
/// in `Entry.intimacy`.
///
/// Wire order: append only, never reorder. Each variant is stored as the index
/// its doc gives; the display order is `IntimacyType::ALL` in `content`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IntimacyType {
    /// Index 0: Sharing feelings, fears and formative experiences.
    Emotional,
    /// Index 1: Touch: holding hands, hugs, cuddling, and sex when the time is right.
    Physical,
    /// Index 2: Sharing ideas, books and questions; learning from each other.
    Intellectual,
    /// Index 3: Doing things together: rituals, classes, travel, volunteering.
    Experiential,
    /// Index 4: Meaning, values, meditation or prayer shared with someone.
    Spiritual,
}

/// Whether the person has a partner: what `plan`, `prompts`, `reflect --random` and
/// the review offer depends on it (`content::audience`). Stored in
/// `Settings.partner` (format 10; `confide settings --partner`); the config file's
/// `partner` key is used when the vault does not say.
///
/// Wire order: append only, never reorder. Each variant is stored as the index its
/// doc gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Partner {
    /// Index 0: has a romantic partner: every item is offered, and a partnership's
    /// balance of all five kinds of intimacy is encouraged.
    Yes,
    /// Index 1: has no partner: partner items are neither offered nor listed.
    No,
    /// Index 2: not said (the default): partner items are not offered unasked, but
    /// `prompts` lists them, marked, for anyone who wants to choose one.
    #[default]
    PreferNotToSay,
}
