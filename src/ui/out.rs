//! The only way out to the terminal: everything confide writes to stdout or stderr
//! goes through this module ([`stdout`], [`stderr`], and the macros `outln!`,
//! `out!`, `errln!`, `err!`). clippy.toml forbids `println!`, `eprintln!`,
//! `print!`, `eprint!`, `dbg!`, `std::io::stdout` and `std::io::stderr` everywhere
//! else, so CI fails on any other way out.
//!
//! Fields are sanitised where they are formatted ([`crate::sanitize`]), so that a
//! line break inside a tag shows as `\n` and truncation is right. The writer here
//! is the last line of defence: it lets through only confide's own colour
//! sequences (SGR: `ESC [` digits and `;` then `m`), `\n` and `\t`, and shows every
//! other control, C1 or bidirectional character as a visible escape, in the
//! sanitiser's notation.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use crate::sanitize;
use std::io::{self, IsTerminal, Write};

/// The longest SGR parameter string passed through (confide writes at most `2;33`).
const MAX_SGR: usize = 16;

/// Whether `ESC [ params m` is one of the styles confide uses: reset, bold, dim,
/// italic, underline, their resets and the foreground colours. Others (conceal,
/// blink, reverse, backgrounds) never come from confide and are escaped.
fn sgr_allowed(params: &[u8]) -> bool {
    params.split(|&b| b == b';').all(|p| {
        matches!(
            p,
            b"" | b"0" | b"1" | b"2" | b"3" | b"4" | b"22" | b"23" | b"24" | b"39"
        ) || (p.len() == 2 && matches!(p[0], b'3' | b'9') && (b'0'..=b'7').contains(&p[1]))
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Text,
    /// After an ESC.
    Esc,
    /// After `ESC [`, parameters in `csi`.
    Csi,
}

/// A writer that passes text and confide's colours, and escapes every other
/// control, C1 or bidirectional character (see the module docs). Sequences and
/// characters split across writes are put together first.
pub struct Safe<W: Write> {
    inner: W,
    state: State,
    csi: Vec<u8>,
    /// The first bytes of a UTF-8 character not yet complete.
    utf8: Vec<u8>,
    scratch: Vec<u8>,
}

impl<W: Write> Safe<W> {
    pub fn new(inner: W) -> Self {
        Safe {
            inner,
            state: State::Text,
            csi: Vec::new(),
            utf8: Vec::new(),
            scratch: Vec::new(),
        }
    }

    fn escape(out: &mut Vec<u8>, c: char) {
        let mut s = String::new();
        sanitize::push_escape(&mut s, c);
        out.extend_from_slice(s.as_bytes());
    }

    /// What was held back (an ESC or a CSI that did not end, a broken character),
    /// written escaped.
    fn release(&mut self, out: &mut Vec<u8>) {
        match self.state {
            State::Text => {}
            State::Esc => out.extend_from_slice(b"\\e"),
            State::Csi => {
                out.extend_from_slice(b"\\e[");
                out.extend_from_slice(&self.csi);
            }
        }
        self.state = State::Text;
        self.csi.clear();
        if !self.utf8.is_empty() {
            self.utf8.clear();
            out.extend_from_slice("\u{fffd}".as_bytes());
        }
    }

    fn feed(&mut self, b: u8, out: &mut Vec<u8>) {
        match self.state {
            State::Esc => {
                if b == b'[' {
                    self.state = State::Csi;
                    self.csi.clear();
                    return;
                }
                self.release(out);
            }
            State::Csi => {
                if (b.is_ascii_digit() || b == b';') && self.csi.len() < MAX_SGR {
                    self.csi.push(b);
                    return;
                }
                if b == b'm' && sgr_allowed(&self.csi) {
                    out.extend_from_slice(b"\x1b[");
                    out.extend_from_slice(&self.csi);
                    out.push(b'm');
                    self.state = State::Text;
                    self.csi.clear();
                    return;
                }
                self.release(out);
            }
            State::Text => {}
        }
        if !self.utf8.is_empty() {
            if (0x80..0xc0).contains(&b) {
                self.utf8.push(b);
                let need = match self.utf8[0] {
                    0xc2..=0xdf => 2,
                    0xe0..=0xef => 3,
                    _ => 4,
                };
                if self.utf8.len() == need {
                    match std::str::from_utf8(&self.utf8)
                        .ok()
                        .and_then(|s| s.chars().next())
                    {
                        Some(c) if sanitize::is_unsafe(c) => Self::escape(out, c),
                        Some(_) => out.extend_from_slice(&self.utf8),
                        None => out.extend_from_slice("\u{fffd}".as_bytes()),
                    }
                    self.utf8.clear();
                }
                return;
            }
            self.release(out);
        }
        match b {
            b'\n' | b'\t' | 0x20..=0x7e => out.push(b),
            0x1b => self.state = State::Esc,
            0x00..=0x7f => Self::escape(out, char::from(b)),
            0xc2..=0xf4 => self.utf8.push(b),
            _ => out.extend_from_slice("\u{fffd}".as_bytes()),
        }
    }
}

impl<W: Write> Write for Safe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = std::mem::take(&mut self.scratch);
        out.clear();
        let mut rest = buf;
        while !rest.is_empty() {
            if self.state == State::Text && self.utf8.is_empty() {
                // The common case, copied in one go: printable ASCII, `\n`, `\t`.
                let n = rest
                    .iter()
                    .position(|&b| !matches!(b, b'\n' | b'\t' | 0x20..=0x7e))
                    .unwrap_or(rest.len());
                out.extend_from_slice(&rest[..n]);
                rest = &rest[n..];
                if rest.is_empty() {
                    break;
                }
            }
            self.feed(rest[0], &mut out);
            rest = &rest[1..];
        }
        let r = self.inner.write_all(&out);
        self.scratch = out;
        r.map(|()| buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for Safe<W> {
    fn drop(&mut self) {
        let mut out = Vec::new();
        self.release(&mut out);
        if !out.is_empty() {
            let _ = self.inner.write_all(&out);
        }
        let _ = self.inner.flush();
    }
}

/// Standard output, through [`Safe`]. Line-buffered like `std::io::stdout`; wrap
/// it in a `BufWriter` for long output.
pub fn stdout() -> Safe<io::StdoutLock<'static>> {
    Safe::new(io::stdout().lock())
}

/// Standard error, through [`Safe`].
pub fn stderr() -> Safe<io::StderrLock<'static>> {
    Safe::new(io::stderr().lock())
}

/// Whether standard output is a terminal.
pub fn stdout_is_terminal() -> bool {
    io::stdout().is_terminal()
}

/// Whether standard error is a terminal.
pub fn stderr_is_terminal() -> bool {
    io::stderr().is_terminal()
}

/// What `outln!` and `out!` call: `args` to standard output, through [`Safe`].
pub fn print_out(args: std::fmt::Arguments) -> io::Result<()> {
    let mut w = stdout();
    w.write_fmt(args)?;
    w.flush()
}

/// What `errln!` and `err!` call: `args` to standard error, through [`Safe`]. A
/// failure to write to stderr has nowhere to be reported, and is ignored.
pub fn print_err(args: std::fmt::Arguments) {
    let mut w = stderr();
    let _ = w.write_fmt(args);
    let _ = w.flush();
}

/// `println!` through [`Safe`]: a line on standard output. Returns the
/// `io::Result`, so a broken pipe ends the command quietly (`?`).
#[macro_export]
macro_rules! outln {
    () => {
        $crate::ui::out::print_out(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::ui::out::print_out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` through [`Safe`]; returns the `io::Result`.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::ui::out::print_out(format_args!($($arg)*))
    };
}

/// `eprintln!` through [`Safe`]: a line on standard error.
#[macro_export]
macro_rules! errln {
    () => {
        $crate::ui::out::print_err(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::ui::out::print_err(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprint!` through [`Safe`].
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::ui::out::print_err(format_args!($($arg)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(pieces: &[&[u8]]) -> String {
        let mut buf = Vec::new();
        {
            let mut w = Safe::new(&mut buf);
            for p in pieces {
                w.write_all(p).unwrap();
            }
        }
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn colours_text_newlines_and_tabs_pass() {
        let s = "\x1b[1mbold\x1b[0m \x1b[2;33mdim\x1b[0m\tgap\nnext 工作 🙂 é";
        assert_eq!(through(&[s.as_bytes()]), s);
    }

    #[test]
    fn every_other_control_is_escaped() {
        assert_eq!(through(&[b"\x1b[2J"]), "\\e[2J");
        assert_eq!(
            through(&[b"\x1b[2K\rPassphrase: "]),
            "\\e[2K\\rPassphrase: "
        );
        assert_eq!(
            through(&[b"\x1b]52;c;aGVsbG8=\x07"]),
            "\\e]52;c;aGVsbG8=\\u{7}"
        );
        assert_eq!(
            through(&["\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\".as_bytes()]),
            "\\e]8;;http://evil.example\\e\\link\\e]8;;\\e\\"
        );
        assert_eq!(
            through(&["\u{9b}2J \u{202e}x\u{7f}\u{2028}".as_bytes()]),
            "\\u{9b}2J \\u{202e}x\\u{7f}\\u{2028}"
        );
        assert_eq!(through(&[b"end\x1b"]), "end\\e");
        assert_eq!(through(&[b"\x1b[12"]), "\\e[12");
        assert_eq!(
            through(&[b"\x1b[1;2;3;4;5;6;7;8;9m"]),
            "\\e[1;2;3;4;5;6;7;8;9m"
        );
        // Styles confide never writes (conceal hides text) are escaped too.
        assert_eq!(through(&[b"\x1b[8mhidden"]), "\\e[8mhidden");
        assert_eq!(through(&[b"\x1b[1;8m"]), "\\e[1;8m");
    }

    #[test]
    fn pieces_split_across_writes_are_put_together() {
        assert_eq!(through(&[b"\x1b", b"[", b"1", b"m"]), "\x1b[1m");
        assert_eq!(through(&[b"\x1b", b"[2", b"J"]), "\\e[2J");
        let c1 = "\u{9b}".as_bytes();
        assert_eq!(through(&[&c1[..1], &c1[1..]]), "\\u{9b}");
        let wide = "工".as_bytes();
        assert_eq!(through(&[&wide[..1], &wide[1..2], &wide[2..]]), "工");
        // A character cut short shows as U+FFFD, never as raw bytes.
        assert_eq!(through(&[&wide[..2], b"x"]), "\u{fffd}x");
    }
}
