//! Terminal presentation: the unlock spinner, warnings, colour decisions and simple
//! tables, the editor. Nothing here knows about the vault format.

pub mod charts;
pub mod editor;
pub mod out;

use crate::cli::ColorChoice;
use std::time::Duration;

/// A spinner on stderr while scrypt runs, shown only when stderr is a terminal.
pub struct Spinner {
    bar: Option<indicatif::ProgressBar>,
    message: &'static str,
}

impl Spinner {
    /// A spinner that will show `message` once started.
    pub fn new(message: &'static str) -> Self {
        Spinner { bar: None, message }
    }

    /// The callback the vault calls around the key derivation.
    pub fn callback(&mut self) -> impl FnMut(bool) + '_ {
        move |start| {
            if start {
                if out::stderr_is_terminal() {
                    let bar = indicatif::ProgressBar::with_draw_target(
                        None,
                        indicatif::ProgressDrawTarget::stderr(),
                    );
                    bar.set_style(indicatif::ProgressStyle::default_spinner());
                    bar.set_message(self.message);
                    bar.enable_steady_tick(Duration::from_millis(80));
                    self.bar = Some(bar);
                }
            } else if let Some(bar) = self.bar.take() {
                bar.finish_and_clear();
            }
        }
    }
}

/// Prints a note (a hint, not a problem) on stderr, as one line: whatever it quotes
/// (a path, a name) is sanitised as a field.
pub fn note(msg: &str) {
    crate::errln!("note: {}", crate::sanitize::field(msg));
}

/// Asks a question on the terminal and returns the trimmed answer ("" to skip, and
/// at the end of input). See [`ask_or_end`] for how it is read.
pub fn ask(question: &str) -> std::io::Result<zeroize::Zeroizing<String>> {
    Ok(ask_or_end(question)?.unwrap_or_default())
}

/// What a person typed at a prompt, without the terminal's control sequences: arrow
/// and function keys arrive as escape sequences (`ESC [ D`) on a line read without a
/// line editor, and must not be stored as if they were words. Tabs become spaces;
/// other control characters (C0, DEL, C1) are dropped.
pub fn typed_text(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.next() {
                // CSI: parameters and intermediates, then one final byte.
                Some('[') => {
                    for f in chars.by_ref() {
                        if ('\u{40}'..='\u{7e}').contains(&f) {
                            break;
                        }
                    }
                }
                // SS3 (arrow keys in application mode): one more character.
                Some('O') => {
                    chars.next();
                }
                _ => {}
            },
            '\u{9b}' => {
                for f in chars.by_ref() {
                    if ('\u{40}'..='\u{7e}').contains(&f) {
                        break;
                    }
                }
            }
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Like [`ask`], telling the end of input (Ctrl-D) apart from an empty answer:
/// `None` when input ended.
///
/// When standard input is a terminal, the answer is typed in a line editor
/// (rustyline): arrows, Home/End, Ctrl-W and Alt-Backspace, Ctrl-U. It keeps no
/// history (an answer is never offered again at the next question) and writes nothing
/// to disk; the question and the echo go to the terminal itself, never to standard
/// output. Ctrl-C there is an error of kind [`std::io::ErrorKind::Interrupted`], which
/// `run` turns into "stopped (Ctrl-C); nothing was saved" and exit code 130, as
/// Ctrl-C anywhere else ends confide. Without a terminal (answers piped in), the line
/// is read as it comes. Either way the answer goes through [`typed_text`] and is
/// trimmed.
pub fn ask_or_end(question: &str) -> std::io::Result<Option<zeroize::Zeroizing<String>>> {
    use std::io::IsTerminal;
    let line = if std::io::stdin().is_terminal() && line_editor_usable() {
        edit_line(question)?
    } else {
        read_plain_line(question)?
    };
    Ok(line.map(|line| {
        let typed = zeroize::Zeroizing::new(typed_text(&line));
        zeroize::Zeroizing::new(typed.trim().to_string())
    }))
}

/// Terminals rustyline cannot drive: for them it would write the question to standard
/// output, so confide reads the line as it comes instead.
const UNSUPPORTED_TERMS: [&str; 3] = ["dumb", "cons25", "emacs"];

/// Whether the line editor can be used: the terminal is one it can drive, and the
/// controlling terminal opens (where it would otherwise fall back to standard output).
fn line_editor_usable() -> bool {
    let term = std::env::var("TERM").unwrap_or_default();
    if UNSUPPORTED_TERMS
        .iter()
        .any(|t| t.eq_ignore_ascii_case(&term))
    {
        return false;
    }
    if cfg!(unix) {
        return std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .is_ok();
    }
    true
}

thread_local! {
    /// The line editor, made at the first question. One for the whole command, so
    /// that keys typed ahead (before the next question shows) are kept for it; it
    /// adds nothing to its history, so no answer comes back at a later question.
    static EDITOR: std::cell::RefCell<Option<rustyline::DefaultEditor>> =
        const { std::cell::RefCell::new(None) };
}

/// One answer typed in the line editor, with every line break of a paste made a
/// space; `None` at Ctrl-D on an empty line.
fn edit_line(question: &str) -> std::io::Result<Option<zeroize::Zeroizing<String>>> {
    use rustyline::error::{ReadlineError, Signal};
    use std::io::{Error, ErrorKind};
    // The question as one safe line (it may quote a name).
    let prompt = format!("{} ", crate::sanitize::field(question));
    let read = EDITOR.with_borrow_mut(|editor| {
        let editor = match editor {
            Some(e) => e,
            None => editor.insert(new_editor()?),
        };
        editor.readline(&prompt)
    });
    match read {
        Ok(line) => {
            let line = zeroize::Zeroizing::new(line);
            Ok(Some(zeroize::Zeroizing::new(
                line.replace(['\n', '\r'], " "),
            )))
        }
        Err(ReadlineError::Eof) => Ok(None),
        Err(ReadlineError::Interrupted | ReadlineError::Signal(Signal::Interrupt)) => Err(
            Error::new(ErrorKind::Interrupted, "stopped (Ctrl-C) at a question"),
        ),
        Err(e) => Err(io_error(e)),
    }
}

/// A line editor on the controlling terminal that keeps no history.
fn new_editor() -> rustyline::Result<rustyline::DefaultEditor> {
    let config = rustyline::Config::builder()
        // The controlling terminal for the question, the echo and the keys: standard
        // output may be a pipe or a file.
        .behavior(rustyline::Behavior::PreferTerm)
        .auto_add_history(false)
        .max_history_size(0)?
        .color_mode(rustyline::ColorMode::Disabled)
        .bell_style(rustyline::config::BellStyle::None)
        .build();
    rustyline::DefaultEditor::with_config(config)
}

/// rustyline's error as an I/O error.
fn io_error(e: rustyline::error::ReadlineError) -> std::io::Error {
    match e {
        rustyline::error::ReadlineError::Io(e) => e,
        rustyline::error::ReadlineError::Errno(e) => std::io::Error::from(e),
        e => std::io::Error::other(e.to_string()),
    }
}

/// The question on stderr and a line read from standard input as it comes (answers
/// piped in); `None` at the end of input.
fn read_plain_line(question: &str) -> std::io::Result<Option<zeroize::Zeroizing<String>>> {
    use std::io::Write;
    let mut err = out::stderr();
    write!(err, "{question} ")?;
    err.flush()?;
    drop(err);
    let mut line = zeroize::Zeroizing::new(String::new());
    if std::io::stdin().read_line(&mut line)? == 0 {
        crate::errln!();
        return Ok(None);
    }
    Ok(Some(line))
}

/// A yes/no question whose default (Enter) is yes; `None` when input ended.
pub fn confirm_yes(question: &str) -> std::io::Result<Option<bool>> {
    loop {
        match ask_or_end(&format!("{question} [Y/n]"))? {
            None => return Ok(None),
            Some(a) => match a.to_ascii_lowercase().as_str() {
                "" | "y" | "yes" => return Ok(Some(true)),
                "n" | "no" => return Ok(Some(false)),
                _ => crate::errln!("Please answer y or n (Ctrl-D to stop)."),
            },
        }
    }
}

/// Prints a warning line on stderr, sanitised as a field like [`note`].
pub fn warn(msg: &str) {
    crate::errln!("warning: {}", crate::sanitize::field(msg));
}

static COLOR_FLAG: std::sync::OnceLock<Option<ColorChoice>> = std::sync::OnceLock::new();

/// Records `--color` (or `CONFIDE_COLOR`), which beats everything else.
pub fn set_color_flag(choice: Option<ColorChoice>) {
    let _ = COLOR_FLAG.set(choice);
}

/// Whether to colour stdout. `--color` (or `CONFIDE_COLOR`) decides if given; else a
/// set `NO_COLOR` means never; else the config file's `color`; else colour only on
/// a terminal.
pub fn color_stdout() -> bool {
    color_for(
        COLOR_FLAG.get().copied().flatten(),
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        crate::config::get().color,
        out::stdout_is_terminal(),
    )
}

/// The colour decision, pure: flag, then `NO_COLOR`, then config, then the terminal.
pub fn color_for(
    flag: Option<ColorChoice>,
    no_color: bool,
    config: Option<ColorChoice>,
    terminal: bool,
) -> bool {
    let choice = match (flag, no_color) {
        (Some(c), _) => c,
        (None, true) => ColorChoice::Never,
        (None, false) => config.unwrap_or(ColorChoice::Auto),
    };
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal,
    }
}

/// Width to fit tables into: `COLUMNS` if set (40 at the least, the narrowest layout
/// the reports are drawn for), else the width of the terminal standard output goes
/// to (through `terminal_size`), else 80 (a pipe or a file).
pub fn width() -> usize {
    let columns = std::env::var("COLUMNS").ok();
    if columns.is_some() {
        return width_from(columns.as_deref());
    }
    let terminal = out::stdout_is_terminal()
        .then(terminal_size::terminal_size)
        .flatten()
        .map(|(terminal_size::Width(w), _)| usize::from(w).to_string());
    width_from(terminal.as_deref())
}

/// [`width`] from the value of `COLUMNS`, pure.
pub fn width_from(columns: Option<&str>) -> usize {
    columns
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&w| w > 0)
        .map_or(80, |w| w.max(MIN_WIDTH))
}

/// The narrowest width the reports are laid out for.
pub const MIN_WIDTH: usize = 40;

/// How many terminal columns `s` takes: CJK characters and most emoji take two,
/// combining marks none. Lines are fitted by this, never by bytes or characters.
pub fn text_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// The longest start of `s`, cut at a character boundary, at most `max` columns wide.
/// The cut is never made just before a zero-width character (a combining mark, a
/// variation selector) or just after a zero-width joiner, so those stay with their
/// base character.
fn prefix_within(s: &str, max: usize) -> &str {
    use unicode_width::UnicodeWidthChar;
    // Summing character widths finds the place quickly; the string width (which
    // knows emoji sequences) has the last word, stepping back while it is too wide.
    let mut sum = 0;
    let mut end = s.len();
    for (i, c) in s.char_indices() {
        sum += c.width().unwrap_or(0);
        if sum > max {
            end = i;
            break;
        }
    }
    let ok = |i: usize| {
        i == s.len()
            || (s[i..].chars().next().is_some_and(|c| c.width() != Some(0))
                && !s[..i].ends_with('\u{200d}'))
    };
    while end > 0 && (!ok(end) || text_width(&s[..end]) > max) {
        end = s[..end].char_indices().next_back().map_or(0, |(i, _)| i);
    }
    &s[..end]
}

/// Cuts `s` to at most `max` columns, ending in an ellipsis when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if text_width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = prefix_within(s, max - 1).trim_end().to_string();
    out.push('…');
    out
}

/// `raw` (a person's text) sanitised as a field ([`crate::sanitize::field`]) and
/// cut to `max` columns, ending in an ellipsis when cut. The cut comes after
/// sanitising, so a control sequence is never cut in half and written raw, and it
/// never falls inside a visible escape such as `\u{202e}` either.
pub fn fit(raw: &str, max: usize) -> String {
    use crate::sanitize::{Mode, escaped_len, field};
    let s = field(raw);
    if text_width(&s) <= max {
        return s.into_owned();
    }
    let cut = truncate(&s, max);
    let kept = cut.strip_suffix('…').unwrap_or(&cut).len();
    // The end of the last whole character or escape within what `truncate` kept.
    let mut end = 0;
    for c in raw.chars() {
        let next = end + escaped_len(c, Mode::Field);
        if next > kept {
            break;
        }
        end = next;
    }
    let mut out = s[..end].trim_end().to_string();
    if max > 0 {
        out.push('…');
    }
    out
}

/// `s` with spaces after it to fill `w` columns (unchanged if already as wide).
pub fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    for _ in text_width(s)..w {
        out.push(' ');
    }
    out
}

/// Greedy word wrap to `width` columns. A word wider than a whole line is split
/// across lines (it cannot fit otherwise); every other break is between words.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_w = 0;
    for word in text.split_whitespace() {
        let mut word = word;
        let mut w = text_width(word);
        if line_w > 0 && line_w + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            line_w = 0;
        }
        while w > width {
            let mut head = prefix_within(word, width);
            if head.is_empty() {
                // Not even one character fits: give it a line of its own.
                head = &word[..word.chars().next().map_or(0, char::len_utf8)];
            }
            lines.push(head.to_string());
            word = &word[head.len()..];
            w = text_width(word);
        }
        if word.is_empty() {
            continue;
        }
        if line_w > 0 {
            line.push(' ');
            line_w += 1;
        }
        line.push_str(word);
        line_w += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// "name tail" (a tail such as a count), fitted to `max` columns by shortening the
/// name only, so the tail is always whole and next to its name.
pub fn name_with(name: &str, tail: &str, max: usize) -> String {
    if tail.is_empty() {
        return truncate(name, max);
    }
    let tail_w = text_width(tail);
    let name = truncate(name, max.saturating_sub(tail_w + 1).max(1));
    format!("{name} {tail}")
}

/// Lays out `items` (each a name and its tail, see [`name_with`]) after `lead`, as
/// many on a line as fit in `width` columns, `sep` after every item but the last;
/// continued lines start with `indent`. Lines break only between items, so a name
/// never ends up on another line than its count.
pub fn wrap_items(
    lead: &str,
    indent: &str,
    items: &[(String, String)],
    sep: &str,
    width: usize,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = lead.to_string();
    let mut line_w = text_width(lead);
    let mut empty = true;
    let indent_w = text_width(indent);
    let sep_w = text_width(sep);
    for (k, (name, tail)) in items.iter().enumerate() {
        let sep = if k + 1 == items.len() { "" } else { sep };
        let item_sep_w = if sep.is_empty() { 0 } else { sep_w };
        // Fitted to a line of its own, so it fits wherever it is put.
        let item = name_with(name, tail, width.saturating_sub(indent_w + item_sep_w));
        let w = text_width(&item) + item_sep_w;
        let gap = usize::from(!empty);
        if line_w + gap + w > width && (!empty || line_w > indent_w) {
            let done = std::mem::replace(&mut line, indent.to_string());
            lines.push(done.trim_end().to_string());
            line_w = indent_w;
            empty = true;
        }
        if !empty {
            line.push(' ');
            line_w += 1;
        }
        line.push_str(&item);
        line.push_str(sep);
        line_w += w;
        empty = false;
    }
    if !empty || lines.is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Cells laid out in columns, left to right and then down, within `width` columns
/// after `indent`; every cell is padded to the widest, with `gap` spaces between.
pub fn columns(cells: &[String], indent: &str, gap: usize, width: usize) -> Vec<String> {
    let cell_w = cells.iter().map(|c| text_width(c)).max().unwrap_or(0);
    let room = width.saturating_sub(text_width(indent));
    let per_line = ((room + gap) / (cell_w + gap).max(1)).max(1);
    cells
        .chunks(per_line)
        .map(|row| {
            let mut line = indent.to_string();
            for (i, c) in row.iter().enumerate() {
                if i > 0 {
                    line.push_str(&" ".repeat(gap));
                }
                line.push_str(&pad(c, cell_w));
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// The styles confide uses (rendered by anstyle; `ui::out` lets exactly these
/// through).
pub mod style {
    use anstyle::{AnsiColor, Color, Style};

    const fn fg(c: AnsiColor) -> Style {
        Style::new().fg_color(Some(Color::Ansi(c)))
    }
    /// Headings.
    pub const HEADING: Style = Style::new().bold();
    /// Secondary text: times, skills, durations.
    pub const DIM: Style = Style::new().dimmed();
    /// Ids and names to type.
    pub const ID: Style = fg(AnsiColor::Yellow);
    /// Something fine: a clean day, a doctor finding that is ok.
    pub const GOOD: Style = fg(AnsiColor::Green);
    /// A note.
    pub const NOTE: Style = fg(AnsiColor::Cyan);
    /// Something that needs attention.
    pub const ATTENTION: Style = fg(AnsiColor::Yellow).bold();
    /// Urges.
    pub const URGE: Style = fg(AnsiColor::Magenta);
    /// Lapses (blue, not red: information, not alarm).
    pub const LAPSE: Style = fg(AnsiColor::Blue);
}

/// Wraps text in a style when `on`.
pub fn paint(on: bool, style: anstyle::Style, text: &str) -> String {
    if on {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}

/// Asks a yes/no question on the terminal (through [`ask_or_end`]); anything but
/// y/yes is no, and so is the end of input.
pub fn confirm(question: &str) -> std::io::Result<bool> {
    Ok(ask_or_end(&format!("{question} [y/N]"))?
        .is_some_and(|a| matches!(a.to_ascii_lowercase().as_str(), "y" | "yes")))
}

/// A path as it may be shown on one line: every control character (a newline
/// included) as a visible escape.
pub fn path(p: &std::path::Path) -> String {
    crate::sanitize::field(&p.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_drops_arrow_keys_and_controls() {
        assert_eq!(
            typed_text("slept badly\u{1b}[D\u{1b}[D\u{1b}[A\n"),
            "slept badly"
        );
        assert_eq!(typed_text("a\u{1b}OAb\u{9b}2Jc\td\u{7f}\u{7}"), "abc d");
        assert_eq!(typed_text("\u{1b}[1;5Cwörd"), "wörd");
        assert_eq!(typed_text("plain"), "plain");
    }

    #[test]
    fn truncation() {
        assert_eq!(truncate("hello", 10), "hello");
        assert_eq!(truncate("hello world", 6), "hello…");
    }

    #[test]
    fn width_counts_columns_not_characters() {
        assert_eq!(text_width("abc"), 3);
        assert_eq!(text_width("工作压力"), 8);
        assert_eq!(text_width("🙂"), 2);
        assert_eq!(text_width("e\u{301}"), 1);
    }

    #[test]
    fn truncation_counts_columns() {
        assert_eq!(truncate("工作压力", 8), "工作压力");
        // Seven columns: three wide characters and the ellipsis.
        assert_eq!(truncate("工作压力", 7), "工作压…");
        assert_eq!(truncate("工作压力", 6), "工作…");
        assert!(text_width(&truncate("🙂🙂🙂🙂", 5)) <= 5);
        // A combining accent stays with its letter, or both go.
        assert_eq!(truncate("cafe\u{301}s!", 5), "cafe\u{301}…");
        assert_eq!(truncate("ab\u{301}cd", 3), "ab\u{301}…");
        for s in [
            "工作压力 and more",
            "🙂🙂 x 🙂🙂",
            "a❤\u{fe0f}b❤\u{fe0f}c",
            "👨\u{200d}👩\u{200d}👧 family",
        ] {
            for max in 1..=text_width(s) {
                let t = truncate(s, max);
                assert!(text_width(&t) <= max, "{s:?} at {max}: {t:?}");
            }
        }
    }

    #[test]
    fn fitting_sanitises_first_and_never_cuts_an_escape() {
        let raw = "ab\u{1b}[2J\u{202e}cd\u{9b}2J\nend";
        let whole = "ab\\e[2J\\u{202e}cd\\u{9b}2J\\nend";
        assert_eq!(fit(raw, 80), whole);
        for max in 1..=text_width(whole) {
            let t = fit(raw, max);
            assert!(text_width(&t) <= max, "{max}: {t:?}");
            assert!(!t.chars().any(crate::sanitize::is_unsafe), "{max}: {t:?}");
            let kept = t.strip_suffix('…').unwrap_or(&t);
            assert!(whole.starts_with(kept), "{max}: {t:?}");
            // Cut only where a character or an escape ends.
            let ends = [0, 1, 2, 4, 5, 6, 7, 15, 16, 17, 23, 24, 25, 27, 28, 29, 30];
            assert!(ends.contains(&kept.len()), "{max}: {t:?} cuts an escape");
        }
        assert_eq!(fit(raw, 10), "ab\\e[2J…");
        assert_eq!(fit(raw, 9), "ab\\e[2J…");
        assert_eq!(fit(raw, 8), "ab\\e[2J…");
        assert_eq!(fit(raw, 7), "ab\\e[2…");
        assert_eq!(fit(raw, 5), "ab\\e…");
        assert_eq!(fit(raw, 4), "ab…");
        assert_eq!(fit(raw, 15), "ab\\e[2J…");
        assert_eq!(fit(raw, 16), "ab\\e[2J\\u{202e}…");
    }

    #[test]
    fn padding_counts_columns() {
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("工作", 6), "工作  ");
        assert_eq!(pad("toolong", 3), "toolong");
    }

    #[test]
    fn wrapping_counts_columns_and_splits_only_overlong_words() {
        let text = "今日は 長い 一日だった。散歩に行って、友達に電話した。 and then 🙂🙂 home";
        let lines = wrap(text, 20);
        assert!(lines.iter().all(|l| text_width(l) <= 20), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn items_break_only_between_items() {
        let items: Vec<(String, String)> = [
            ("lonely", "39"),
            ("frustrated-and-overwhelmed-by-everything", "16"),
            ("寂しい", "15"),
            ("anxious", "14"),
        ]
        .iter()
        .map(|(n, c)| (n.to_string(), c.to_string()))
        .collect();
        let lines = wrap_items("  Named most: ", "    ", &items, ",", 40);
        assert_eq!(
            lines,
            [
                "  Named most: lonely 39,",
                "    frustrated-and-overwhelmed-by-e… 16,",
                "    寂しい 15, anxious 14",
            ]
        );
        assert!(lines.iter().all(|l| text_width(l) <= 40), "{lines:?}");
        let one = wrap_items("  HALT  ", "    ", &items[..1], ",", 40);
        assert_eq!(one, ["  HALT  lonely 39"]);
    }

    #[test]
    fn columns_fill_the_width() {
        let cells: Vec<String> = (1..=7).map(|i| format!("cell {i}")).collect();
        let lines = columns(&cells, "  ", 2, 26);
        assert_eq!(
            lines,
            [
                "  cell 1  cell 2  cell 3",
                "  cell 4  cell 5  cell 6",
                "  cell 7"
            ]
        );
    }

    #[test]
    fn columns_from_the_environment() {
        assert_eq!(width_from(None), 80);
        assert_eq!(width_from(Some("120")), 120);
        assert_eq!(width_from(Some("30")), MIN_WIDTH);
        assert_eq!(width_from(Some("0")), 80);
        assert_eq!(width_from(Some("wide")), 80);
    }
}
