//! Renderers: one per output format, pure functions from entries to bytes.

pub mod csv;
pub mod html;
pub mod json;
pub mod leaving;
pub mod markdown;
pub mod report;
pub mod secret;

pub use secret::SecretBuf;
