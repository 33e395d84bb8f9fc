//! Renderers: one per output format, pure functions from entries to bytes.

pub mod chains;
pub mod csv;
pub mod html;
pub mod json;
pub mod leaving;
pub mod markdown;
pub mod report;
pub mod secret;
pub mod session;

pub use secret::SecretBuf;
