//! Terminal presentation: the unlock spinner, warnings, colour decisions and simple
//! tables, the editor. Nothing here knows about the vault format.

pub mod charts;
pub mod editor;

use crate::cli::ColorChoice;
use std::io::IsTerminal;
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
                if std::io::stderr().is_terminal() {
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

/// Prints a note (a hint, not a problem) on stderr.
pub fn note(msg: &str) {
    eprintln!("note: {msg}");
}

/// Asks a question on the terminal and returns the trimmed answer ("" to skip).
pub fn ask(question: &str) -> std::io::Result<zeroize::Zeroizing<String>> {
    use std::io::Write;
    eprint!("{question} ");
    std::io::stderr().flush()?;
    let mut line = zeroize::Zeroizing::new(String::new());
    std::io::stdin().read_line(&mut line)?;
    Ok(zeroize::Zeroizing::new(line.trim().to_string()))
}

/// Like [`ask`], telling the end of input (Ctrl-D) apart from an empty answer:
/// `None` when input ended.
pub fn ask_or_end(question: &str) -> std::io::Result<Option<zeroize::Zeroizing<String>>> {
    use std::io::Write;
    eprint!("{question} ");
    std::io::stderr().flush()?;
    let mut line = zeroize::Zeroizing::new(String::new());
    if std::io::stdin().read_line(&mut line)? == 0 {
        eprintln!();
        return Ok(None);
    }
    Ok(Some(zeroize::Zeroizing::new(line.trim().to_string())))
}

/// A yes/no question whose default (Enter) is yes; `None` when input ended.
pub fn confirm_yes(question: &str) -> std::io::Result<Option<bool>> {
    loop {
        match ask_or_end(&format!("{question} [Y/n]"))? {
            None => return Ok(None),
            Some(a) => match a.to_ascii_lowercase().as_str() {
                "" | "y" | "yes" => return Ok(Some(true)),
                "n" | "no" => return Ok(Some(false)),
                _ => eprintln!("Please answer y or n (Ctrl-D to stop)."),
            },
        }
    }
}

/// Prints a warning line on stderr.
pub fn warn(msg: &str) {
    eprintln!("warning: {msg}");
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
        std::io::stdout().is_terminal(),
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

/// Width to fit tables into: `COLUMNS` if set, else 80 when not a terminal.
pub fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(80)
}

/// Cuts `s` to at most `max` characters, ending in an ellipsis when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Wraps text in an ANSI style when `on`.
pub fn paint(on: bool, code: &str, text: &str) -> String {
    if on {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Asks a yes/no question on the terminal; anything but y/yes is no.
pub fn confirm(question: &str) -> std::io::Result<bool> {
    use std::io::Write;
    eprint!("{question} [y/N] ");
    std::io::stderr().flush()?;
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(matches!(
        line.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation() {
        assert_eq!(truncate("hello", 10), "hello");
        assert_eq!(truncate("hello world", 6), "hello…");
    }
}
