//! Where passphrases come from, in order: `CONFIDE_PASSPHRASE_COMMAND` (its standard
//! output), `CONFIDE_PASSPHRASE_FILE` (the file's first line), `CONFIDE_PASSPHRASE`,
//! then a prompt on the terminal. Without a terminal and without a source, fail at once
//! and name the variables: never hang waiting for input that cannot come.
//!
//! The same order, with `CONFIDE_OTHER_PASSPHRASE_COMMAND`, `_FILE` and
//! `CONFIDE_OTHER_PASSPHRASE`, gives the passphrase of another copy (`merge`).
//!
//! New passphrases (`passwd`, `recover`) come from `CONFIDE_NEW_PASSPHRASE_FILE` or
//! `CONFIDE_NEW_PASSPHRASE`, else the terminal (asked twice). The recovery code comes
//! from `CONFIDE_RECOVERY_CODE`, else the terminal.

use age::secrecy::{ExposeSecret, SecretString};
use std::io::{IsTerminal, Read};
use std::process::{Command, Stdio};
use zeroize::Zeroizing;

/// Why no passphrase could be had.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// Nothing to read from.
    #[error(
        "no passphrase available: there is no terminal to ask on; set CONFIDE_PASSPHRASE_COMMAND, \
         CONFIDE_PASSPHRASE_FILE or CONFIDE_PASSPHRASE"
    )]
    NoSource,
    /// Nothing to read a new passphrase from.
    #[error(
        "no new passphrase available: there is no terminal to ask on; set \
         CONFIDE_NEW_PASSPHRASE_FILE or CONFIDE_NEW_PASSPHRASE"
    )]
    NoNewSource,
    /// Nothing to read a recovery code from.
    #[error(
        "no recovery code available: there is no terminal to ask on; set CONFIDE_RECOVERY_CODE"
    )]
    NoCodeSource,
    /// Nothing to read another secret (an export or import passphrase) from; the
    /// message names what to set.
    #[error("{0}")]
    NoSourceFor(String),
    /// A source was set but gave nothing usable.
    #[error("{0}")]
    Bad(String),
    /// The two entries on the terminal differed.
    #[error("the two passphrases differ; nothing was changed, please try again")]
    Mismatch,
    /// An empty passphrase was given.
    #[error("an empty passphrase cannot protect anything; choose a passphrase of several words")]
    Empty,
}

static STDIN_IS_DATA: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Says that standard input carries data (`confide import -`), so a pipe there does
/// not mean there is no one to ask: prompts go to the controlling terminal.
pub fn stdin_is_data() {
    STDIN_IS_DATA.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// True when confide may prompt: standard input is a terminal, or standard input
/// carries data and the process has a controlling terminal (prompts read `/dev/tty`).
pub fn have_terminal() -> bool {
    std::io::stdin().is_terminal()
        || (STDIN_IS_DATA.load(std::sync::atomic::Ordering::Relaxed)
            && std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open("/dev/tty")
                .is_ok())
}

fn strip_newline(mut s: Zeroizing<String>) -> Zeroizing<String> {
    if s.ends_with('\n') {
        s.pop();
        if s.ends_with('\r') {
            s.pop();
        }
    }
    s
}

fn from_env_value(var: &str) -> Option<SecretString> {
    std::env::var_os(var).map(|v| SecretString::from(v.to_string_lossy().into_owned()))
}

fn from_file(var: &str, path: &std::ffi::OsStr) -> Result<SecretString, SourceError> {
    let mut file = std::fs::File::open(path).map_err(|e| {
        SourceError::Bad(format!(
            "{var} names `{}`, which cannot be read ({e})",
            path.to_string_lossy()
        ))
    })?;
    let mut text = Zeroizing::new(String::new());
    file.read_to_string(&mut text).map_err(|_| {
        SourceError::Bad(format!(
            "{var} names `{}`, which is not readable text",
            path.to_string_lossy()
        ))
    })?;
    let first = Zeroizing::new(text.lines().next().unwrap_or("").to_string());
    if first.is_empty() {
        return Err(SourceError::Bad(format!(
            "{var} names `{}`, which is empty; put the passphrase on its first line",
            path.to_string_lossy()
        )));
    }
    Ok(SecretString::from(first.to_string()))
}

fn from_command(var: &str, cmd: &str) -> Result<SecretString, SourceError> {
    let output = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(Stdio::inherit())
        .stderr(Stdio::inherit())
        .stdout(Stdio::piped())
        .output()
        .map_err(|e| SourceError::Bad(format!("{var} could not be started ({e})")))?;
    let stdout = Zeroizing::new(output.stdout);
    if !output.status.success() {
        return Err(SourceError::Bad(format!(
            "{var} failed ({}); check the command on its own",
            output.status
        )));
    }
    let text = Zeroizing::new(
        String::from_utf8(stdout.to_vec())
            .map_err(|_| SourceError::Bad(format!("{var} printed something that is not text")))?,
    );
    let text = strip_newline(text);
    if text.is_empty() {
        return Err(SourceError::Bad(format!(
            "{var} printed nothing; it must print the passphrase"
        )));
    }
    Ok(SecretString::from(text.to_string()))
}

/// Asks once on the terminal (no echo).
pub fn prompt(label: &str) -> Result<SecretString, SourceError> {
    let text = Zeroizing::new(
        rpassword::prompt_password(label)
            .map_err(|e| SourceError::Bad(format!("could not read from the terminal ({e})")))?,
    );
    Ok(SecretString::from(text.to_string()))
}

/// True when one of the passphrase variables is set (so no prompt is needed).
pub fn source_configured() -> bool {
    source_configured_from("CONFIDE_PASSPHRASE")
}

/// The passphrase of an existing vault (or of a new vault at `init`, from the same
/// variables), from the first source that is set. `what` names it in the prompt.
pub fn read_passphrase(what: &str) -> Result<(SecretString, bool), SourceError> {
    read_passphrase_from("CONFIDE_PASSPHRASE", what, || SourceError::NoSource)
}

/// A passphrase from the sources named by `var`, in order: `<var>_COMMAND` (its
/// standard output), `<var>_FILE` (the file's first line), `<var>`, then a prompt
/// labelled `what` on the terminal; `none()` when there is no terminal either. The
/// flag says whether it was typed. (`merge` reads the other copy's passphrase from
/// `CONFIDE_OTHER_PASSPHRASE*` this way.)
pub fn read_passphrase_from(
    var: &str,
    what: &str,
    none: impl FnOnce() -> SourceError,
) -> Result<(SecretString, bool), SourceError> {
    let command = format!("{var}_COMMAND");
    if let Some(cmd) = std::env::var_os(&command) {
        return from_command(&command, &cmd.to_string_lossy())
            .map(|p| (p, false))
            .and_then(non_empty);
    }
    let file = format!("{var}_FILE");
    if let Some(path) = std::env::var_os(&file) {
        return from_file(&file, &path)
            .map(|p| (p, false))
            .and_then(non_empty);
    }
    if let Some(p) = from_env_value(var) {
        return non_empty((p, false));
    }
    if !have_terminal() {
        return Err(none());
    }
    non_empty((prompt(&format!("{what}: "))?, true))
}

/// True when one of the variables named by `var` (see [`read_passphrase_from`]) is set.
pub fn source_configured_from(var: &str) -> bool {
    [
        format!("{var}_COMMAND"),
        format!("{var}_FILE"),
        var.to_string(),
    ]
    .iter()
    .any(|v| std::env::var_os(v).is_some())
}

fn non_empty(p: (SecretString, bool)) -> Result<(SecretString, bool), SourceError> {
    if p.0.expose_secret().is_empty() {
        Err(SourceError::Empty)
    } else {
        Ok(p)
    }
}

/// Asks twice on the terminal and compares.
pub fn prompt_twice(what: &str) -> Result<SecretString, SourceError> {
    let a = prompt(&format!("{what}: "))?;
    if a.expose_secret().is_empty() {
        return Err(SourceError::Empty);
    }
    let b = prompt(&format!("{what} (again): "))?;
    if !constant_time_eq(a.expose_secret().as_bytes(), b.expose_secret().as_bytes()) {
        return Err(SourceError::Mismatch);
    }
    Ok(a)
}

/// A new passphrase for `passwd`/`recover`. The flag says whether it was typed.
pub fn read_new_passphrase() -> Result<(SecretString, bool), SourceError> {
    if let Some(path) = std::env::var_os("CONFIDE_NEW_PASSPHRASE_FILE") {
        return from_file("CONFIDE_NEW_PASSPHRASE_FILE", &path)
            .map(|p| (p, false))
            .and_then(non_empty);
    }
    if let Some(p) = from_env_value("CONFIDE_NEW_PASSPHRASE") {
        return non_empty((p, false));
    }
    if !have_terminal() {
        return Err(SourceError::NoNewSource);
    }
    Ok((prompt_twice("New passphrase")?, true))
}

/// The recovery code for `recover`.
pub fn read_recovery_code() -> Result<SecretString, SourceError> {
    if let Some(p) = from_env_value("CONFIDE_RECOVERY_CODE") {
        return Ok(p);
    }
    if !have_terminal() {
        return Err(SourceError::NoCodeSource);
    }
    prompt("Recovery code: ")
}

/// Compares without an early exit on the first differing byte.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// How strong a new passphrase looks.
pub struct Strength {
    /// log10 of zxcvbn's guesses estimate.
    pub guesses_log10: f64,
    /// True when it falls under [`WEAK_BELOW_LOG10`].
    pub weak: bool,
}

/// Passphrases estimated at fewer than 10^12 guesses count as weak. zxcvbn's own score
/// tops out at 10^10 guesses, which a GPU rig gets through quickly even against scrypt.
pub const WEAK_BELOW_LOG10: f64 = 12.0;

/// Estimates strength with zxcvbn's guesses (not its lenient score).
pub fn strength(p: &SecretString) -> Strength {
    let e = zxcvbn::zxcvbn(
        p.expose_secret(),
        &["confide", "recovery", "journal", "vault"],
    );
    let guesses_log10 = e.guesses_log10();
    Strength {
        guesses_log10,
        weak: guesses_log10 < WEAK_BELOW_LOG10,
    }
}

/// The passphrase for a new vault: from the usual sources, or asked twice on the
/// terminal. The flag says whether it was typed.
pub fn read_initial_passphrase() -> Result<(SecretString, bool), SourceError> {
    if source_configured() {
        return read_passphrase("Passphrase");
    }
    if !have_terminal() {
        return Err(SourceError::NoSource);
    }
    Ok((prompt_twice("New passphrase")?, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strength_judges_by_guesses() {
        assert!(strength(&SecretString::from("password1".to_string())).weak);
        assert!(strength(&SecretString::from("Tr0ub4dor&3".to_string())).weak);
        assert!(
            !strength(&SecretString::from(
                "maple quietly orbit velvet canyon".to_string()
            ))
            .weak
        );
    }

    #[test]
    fn ct_eq() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
