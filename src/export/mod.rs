//! Renderers: one per output format, pure functions from entries to bytes.

pub mod csv;
pub mod json;
pub mod markdown;
pub mod report;
