//! Renderers: one per output format, pure functions from entries to bytes.

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod report;
pub mod secret;

pub use secret::SecretBuf;

/// Unicode bidirectional controls (embeddings, overrides, isolates): shown as U+FFFD
/// in reports so that text cannot reorder how the rest of a line is displayed.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}
