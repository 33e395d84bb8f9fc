//! The one sanitiser: what a person (or an import) wrote, made safe to show on a
//! terminal, in a spreadsheet or in a report. It depends on nothing else in confide,
//! so the terminal output and every export use the same rules.
//!
//! A character is *unsafe* when a terminal or a text viewer would act on it instead
//! of showing it: the C0 controls (U+0000–U+001F, `ESC` among them), DEL (U+007F),
//! the C1 controls (U+0080–U+009F, among them the one-byte CSI U+009B), the Unicode
//! bidirectional controls (embeddings, overrides, isolates and marks, which reorder
//! how the rest of a line is displayed) and the line and paragraph separators
//! U+2028/U+2029 (a line break that many tools do not count as one).
//!
//! Unsafe characters are shown as visible escapes, in Rust's notation:
//! `\e` (ESC), `\n`, `\r`, `\t`, and `\u{hex}` for every other one (`\u{7f}`,
//! `\u{9b}`, `\u{202e}`, `\u{2028}`). Escapes are plain ASCII, one column per
//! character, so widths are right once a string is sanitised; a backslash someone
//! typed is left as it is (the escapes are for showing, not for reading back).
//!
//! Two modes: [`field`] for single-line values (tags, triggers, coping, feelings,
//! titles, names, paths: every unsafe character escaped, line breaks and tabs too)
//! and [`body`] for text that is shown as paragraphs (journal text, notes): `\n`
//! and `\t` are kept, everything else unsafe is escaped.

use std::borrow::Cow;

/// Unicode bidirectional controls: embeddings and overrides (U+202A–U+202E),
/// isolates (U+2066–U+2069) and the marks LRM, RLM and ALM. Each can reorder how
/// the rest of a line is displayed, so none is ever written raw.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
    )
}

/// Whether `c` is never written raw to a terminal, a spreadsheet or a report: C0,
/// DEL, C1, a bidirectional control, or U+2028/U+2029. (`\n` and `\t` are unsafe
/// too; [`body`] lets those two through on purpose.)
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// How a sanitiser treats line breaks and tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// One line: `\n` and `\t` are escaped like every other control.
    Field,
    /// Paragraphs: `\n` and `\t` are kept.
    Body,
}

impl Mode {
    fn keeps(self, c: char) -> bool {
        self == Mode::Body && matches!(c, '\n' | '\t')
    }
}

/// Appends the visible escape for `c` (see the module docs for the notation).
pub fn push_escape(out: &mut String, c: char) {
    match c {
        '\u{1b}' => out.push_str("\\e"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => {
            use std::fmt::Write as _;
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// How many bytes (= columns: escapes are ASCII) `c` takes once sanitised in `mode`.
pub fn escaped_len(c: char, mode: Mode) -> usize {
    if !is_unsafe(c) || mode.keeps(c) {
        return c.len_utf8();
    }
    match c {
        '\u{1b}' | '\n' | '\r' | '\t' => 2,
        c => {
            let digits = (32 - u32::from(c).leading_zeros()).div_ceil(4).max(1) as usize;
            4 + digits
        }
    }
}

/// `s` with every unsafe character shown as a visible escape, as `mode` says.
pub fn sanitize(s: &str, mode: Mode) -> Cow<'_, str> {
    let Some(first) = s.find(|c: char| is_unsafe(c) && !mode.keeps(c)) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        if is_unsafe(c) && !mode.keeps(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A single-line value made safe to show: see [`Mode::Field`].
pub fn field(s: &str) -> Cow<'_, str> {
    sanitize(s, Mode::Field)
}

/// Text shown as paragraphs made safe to show: see [`Mode::Body`].
pub fn body(s: &str) -> Cow<'_, str> {
    sanitize(s, Mode::Body)
}

/// Values joined with `sep`, each sanitised as a field.
pub fn fields(values: &[String], sep: &str) -> String {
    let mut out = String::new();
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&field(v));
    }
    out
}

/// JSON that is safe on a terminal and still the same data: serde_json escapes C0,
/// `"` and `\`, and this also writes DEL, C1, the bidirectional controls and
/// U+2028/U+2029 as `\uXXXX`, which every JSON reader turns back into the same
/// characters. Every `--json` output and the JSON export are written with it.
pub mod json {
    use serde::Serialize;
    use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
    use std::io::{self, Write};

    /// A serde_json formatter that escapes the characters [`super::is_unsafe`]
    /// names, around an inner formatter that decides the layout.
    pub struct Safe<F>(pub F);

    fn write_safe<W: ?Sized + Write>(w: &mut W, fragment: &str) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if super::is_unsafe(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                // Every unsafe character is in the Basic Multilingual Plane.
                write!(w, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    impl<F: Formatter> Formatter for Safe<F> {
        fn write_string_fragment<W: ?Sized + Write>(
            &mut self,
            w: &mut W,
            fragment: &str,
        ) -> io::Result<()> {
            write_safe(w, fragment)
        }
        fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.begin_array(w)
        }
        fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.end_array(w)
        }
        fn begin_array_value<W: ?Sized + Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> io::Result<()> {
            self.0.begin_array_value(w, first)
        }
        fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.end_array_value(w)
        }
        fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.begin_object(w)
        }
        fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.end_object(w)
        }
        fn begin_object_key<W: ?Sized + Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> io::Result<()> {
            self.0.begin_object_key(w, first)
        }
        fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.end_object_key(w)
        }
        fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.begin_object_value(w)
        }
        fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.end_object_value(w)
        }
    }

    /// Like `serde_json::to_writer`, with [`Safe`] escaping.
    pub fn to_writer<W: Write, T: ?Sized + Serialize>(w: W, value: &T) -> serde_json::Result<()> {
        let mut ser = serde_json::Serializer::with_formatter(w, Safe(CompactFormatter));
        value.serialize(&mut ser)
    }

    /// Like `serde_json::to_writer_pretty`, with [`Safe`] escaping.
    pub fn to_writer_pretty<W: Write, T: ?Sized + Serialize>(
        w: W,
        value: &T,
    ) -> serde_json::Result<()> {
        let mut ser = serde_json::Serializer::with_formatter(w, Safe(PrettyFormatter::new()));
        value.serialize(&mut ser)
    }

    /// Like `serde_json::to_string_pretty`, with [`Safe`] escaping.
    pub fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
        let mut buf = Vec::new();
        to_writer_pretty(&mut buf, value)?;
        // The serializer writes only UTF-8 (and the escapes are ASCII).
        Ok(String::from_utf8_lossy(&buf).into_owned())
    }
}

/// `path` quoted for a shell when it needs it. A path with a control or
/// bidirectional character is written in bash's `$'...'` quoting with escapes
/// (`\n`, `\e`, `\x7f`, `\u202e`), so the hint shows no raw control and still
/// names the path when pasted.
pub fn shell_quote(path: &std::path::Path) -> String {
    let s = path.display().to_string();
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%=".contains(c));
    if plain {
        s
    } else if s.chars().any(is_unsafe) {
        let mut out = String::from("$'");
        for c in s.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\'' => out.push_str("\\'"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{1b}' => out.push_str("\\e"),
                c if u32::from(c) < 0x80 && is_unsafe(c) => {
                    out.push_str(&format!("\\x{:02x}", u32::from(c)))
                }
                c if is_unsafe(c) => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => out.push(c),
            }
        }
        out.push('\'');
        out
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_of_unsafe_character_is_escaped_in_a_field() {
        assert_eq!(
            field("plain words, ünïcode 工作 🙂"),
            "plain words, ünïcode 工作 🙂"
        );
        assert_eq!(field("a\u{1b}[2Jb"), "a\\e[2Jb");
        assert_eq!(
            field("\u{1b}]52;c;aGVsbG8=\u{7}"),
            "\\e]52;c;aGVsbG8=\\u{7}"
        );
        assert_eq!(field("one\ntwo\rthree\tfour"), "one\\ntwo\\rthree\\tfour");
        assert_eq!(field("\u{0}\u{7f}"), "\\u{0}\\u{7f}");
        assert_eq!(field("\u{9b}2J \u{85}"), "\\u{9b}2J \\u{85}");
        assert_eq!(field("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(
            field("\u{2066}\u{2069}\u{200e}\u{200f}\u{61c}"),
            "\\u{2066}\\u{2069}\\u{200e}\\u{200f}\\u{61c}"
        );
        assert_eq!(field("a\u{2028}b\u{2029}c"), "a\\u{2028}b\\u{2029}c");
        // Joiners that emoji and scripts need are not controls.
        assert_eq!(field("👨\u{200d}👩"), "👨\u{200d}👩");
    }

    #[test]
    fn body_keeps_line_breaks_and_tabs_only() {
        assert_eq!(body("one\ntwo\tthree"), "one\ntwo\tthree");
        assert_eq!(
            body("fake\u{1b}[2K\rPassphrase: "),
            "fake\\e[2K\\rPassphrase: "
        );
        assert_eq!(
            body("\u{9b}2J\u{202e}\u{2028}"),
            "\\u{9b}2J\\u{202e}\\u{2028}"
        );
    }

    #[test]
    fn escapes_are_plain_ascii_and_their_length_is_known() {
        for c in [
            '\u{0}', '\u{7}', '\u{1b}', '\n', '\r', '\t', '\u{7f}', '\u{9b}', '\u{202e}',
            '\u{2028}', 'a', 'é', '工',
        ] {
            for mode in [Mode::Field, Mode::Body] {
                let s = sanitize(&c.to_string(), mode).into_owned();
                assert_eq!(s.len(), escaped_len(c, mode), "{c:?} {mode:?}");
                if is_unsafe(c) && !mode.keeps(c) {
                    assert!(s.bytes().all(|b| (0x20..0x7f).contains(&b)), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn unchanged_text_is_not_copied() {
        assert!(matches!(field("nothing to do"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_escapes_unsafe_characters_and_round_trips() {
        let text = "a\u{1b}[2J\u{9b}\u{7f}\u{202e}\u{2028}\u{85}\n\"\\ 工🙂";
        for s in [
            json::to_string_pretty(&serde_json::json!({ "t": text })).unwrap(),
            {
                let mut v = Vec::new();
                json::to_writer(&mut v, &serde_json::json!({ "t": text })).unwrap();
                String::from_utf8(v).unwrap()
            },
        ] {
            assert!(s.chars().all(|c| !is_unsafe(c) || c == '\n'), "{s:?}");
            assert!(
                s.contains("\\u009b") && s.contains("\\u202e") && s.contains("\\u007f"),
                "{s}"
            );
            let back: serde_json::Value = serde_json::from_str(&s).unwrap();
            assert_eq!(back["t"], text);
        }
        // The layout is serde_json's own.
        let v = serde_json::json!({"a": [1, 2], "b": {"c": null}});
        assert_eq!(
            json::to_string_pretty(&v).unwrap(),
            serde_json::to_string_pretty(&v).unwrap()
        );
    }
}
