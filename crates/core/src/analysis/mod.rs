//! Pure functions over entries: streaks, phases, patterns. Nothing here touches the
//! disk, the clock or cryptography: every function takes the entries, the settings
//! and the as-of time it should compute for, so it can be tested with fixed data.

pub mod episodes;
pub mod history;
pub mod insights;
pub mod plan;
pub mod review;
pub mod streak;
pub mod surfing;
