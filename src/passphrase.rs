//! Where passphrases come from, in order: `CONFIDE_PASSPHRASE_COMMAND` (its standard
//! output), `CONFIDE_PASSPHRASE_FILE` (the file's first line), `CONFIDE_PASSPHRASE`,
//! then a prompt on the terminal. Without a terminal and without a source, fail at once
//! and name the variables: never hang waiting for input that cannot come.
//!
//! Files and commands give their first line, at most 64 KiB (a file may start with a
//! UTF-8 byte order mark, which is dropped); a command gets
//! `CONFIDE_PASSPHRASE_COMMAND_TIMEOUT` seconds (120 by default). Every source must
//! be UTF-8. No child process (a passphrase command, the editor) sees a
//! `CONFIDE_*PASSPHRASE*` or recovery-code variable.
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

pub use confide_core::vault::SourceError;

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

/// The most a passphrase file or command may give before its first newline.
pub const MAX_SOURCE: usize = 64 * 1024;

/// The longest passphrase a stock `age` prompt takes (its terminal reads at most
/// 4,095 bytes a line); a longer one works in confide, not in the recovery steps.
pub const MAX_TYPABLE: usize = 4095;

/// How long a passphrase command may run, unless `CONFIDE_PASSPHRASE_COMMAND_TIMEOUT`
/// says otherwise (seconds, 1 to [`MAX_TIMEOUT_S`]).
const DEFAULT_TIMEOUT_S: u64 = 120;

/// The longest timeout `CONFIDE_PASSPHRASE_COMMAND_TIMEOUT` accepts: one hour.
pub const MAX_TIMEOUT_S: u64 = 3600;

/// True for a variable that holds or names a secret (`CONFIDE_PASSPHRASE`,
/// `CONFIDE_OTHER_PASSPHRASE_FILE`, `CONFIDE_NEW_PASSPHRASE`, `CONFIDE_RECOVERY_CODE`,
/// ...): none of them reaches a child process.
pub fn is_secret_var(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with("CONFIDE_") && (name.contains("PASSPHRASE") || name.contains("RECOVERY_CODE"))
}

/// Removes every secret variable (see [`is_secret_var`]) from `cmd`'s environment.
pub fn scrub_env(cmd: &mut Command) -> &mut Command {
    for (name, _) in std::env::vars_os() {
        if is_secret_var(&name) {
            cmd.env_remove(name);
        }
    }
    cmd
}

/// The first line of what `read` gives, without its line ending: at most
/// [`MAX_SOURCE`] bytes are read, so `/dev/zero` fails fast. `None` when there is
/// no newline within that many bytes and more follows.
fn first_line(read: &mut dyn Read) -> std::io::Result<Option<Zeroizing<Vec<u8>>>> {
    let mut buf = Zeroizing::new(vec![0u8; MAX_SOURCE + 1]);
    let mut len = 0;
    loop {
        if let Some(i) = buf[..len].iter().position(|b| *b == b'\n') {
            len = i;
            break;
        }
        if len > MAX_SOURCE {
            return Ok(None);
        }
        match read.read(&mut buf[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    if len > MAX_SOURCE {
        return Ok(None);
    }
    let mut line = Zeroizing::new(buf[..len].to_vec());
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(line))
}

/// Text from bytes, refusing what is not UTF-8: two different Latin-1 passphrases
/// must never become the same one.
fn utf8(bytes: &[u8], source: &str) -> Result<SecretString, SourceError> {
    std::str::from_utf8(bytes)
        .map(|s| SecretString::from(s.to_string()))
        .map_err(|_| {
            SourceError::Bad(format!(
                "{source} is not UTF-8 text; save the passphrase as UTF-8 (nothing was opened)"
            ))
        })
}

/// A secret given in the environment variable `var`, refused if it is not UTF-8.
pub fn from_env_value(var: &str) -> Result<Option<SecretString>, SourceError> {
    match std::env::var_os(var) {
        None => Ok(None),
        Some(v) => {
            let bytes = Zeroizing::new(v.into_encoded_bytes());
            utf8(&bytes, var).map(Some)
        }
    }
}

static WARNED_MODE: std::sync::Once = std::sync::Once::new();

fn from_file(var: &str, path: &std::ffi::OsStr) -> Result<SecretString, SourceError> {
    let shown = path.to_string_lossy();
    let mut file = std::fs::File::open(path).map_err(|e| {
        SourceError::Bad(format!("{var} names `{shown}`, which cannot be read ({e})"))
    })?;
    if let Ok(meta) = file.metadata() {
        use std::os::unix::fs::PermissionsExt;
        if meta.is_file() && meta.permissions().mode() & 0o044 != 0 {
            WARNED_MODE.call_once(|| {
                crate::ui::warn(&format!(
                    "the passphrase file `{shown}` ({var}) can be read by other users; run `chmod 600 {}`",
                    crate::sanitize::shell_quote(std::path::Path::new(path))
                ));
            });
        }
    }
    let line = first_line(&mut file)
        .map_err(|e| SourceError::Bad(format!("{var} names `{shown}`, which cannot be read ({e})")))?
        .ok_or_else(|| {
            SourceError::Bad(format!(
                "{var} names `{shown}`, whose first line is too long (over 64 KiB); put the passphrase alone on its first line"
            ))
        })?;
    let text = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&line);
    if text.is_empty() {
        return Err(SourceError::Bad(format!(
            "{var} names `{shown}`, which is empty; put the passphrase on its first line"
        )));
    }
    utf8(text, &format!("the first line of `{shown}` ({var})"))
}

/// How long a passphrase command may run, from `CONFIDE_PASSPHRASE_COMMAND_TIMEOUT`.
fn command_timeout() -> Result<std::time::Duration, SourceError> {
    const VAR: &str = "CONFIDE_PASSPHRASE_COMMAND_TIMEOUT";
    let Some(v) = std::env::var_os(VAR) else {
        return Ok(std::time::Duration::from_secs(DEFAULT_TIMEOUT_S));
    };
    v.to_str()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|s| (1..=MAX_TIMEOUT_S).contains(s))
        .map(std::time::Duration::from_secs)
        .ok_or_else(|| {
            SourceError::Bad(format!(
                "{VAR} must be a whole number of seconds from 1 to {MAX_TIMEOUT_S}"
            ))
        })
}

fn from_command(var: &str, cmd: &str) -> Result<SecretString, SourceError> {
    use std::os::unix::process::CommandExt;
    let timeout = command_timeout()?;
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(cmd)
        .stdin(Stdio::inherit())
        .stderr(Stdio::inherit())
        .stdout(Stdio::piped());
    // Without a terminal, the command gets its own process group, so a timeout stops
    // everything it started. On a terminal it stays in ours: it may ask there (a
    // password manager's own unlock prompt), and a process outside the terminal's
    // foreground group would be stopped as soon as it read from it.
    let own_group = !std::io::stdin().is_terminal();
    if own_group {
        command.process_group(0);
    }
    let mut child = scrub_env(&mut command)
        .spawn()
        .map_err(|e| SourceError::Bad(format!("{var} could not be started ({e})")))?;
    let Some(mut stdout) = child.stdout.take() else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(SourceError::Bad(format!("{var} could not be started")));
    };
    // A reader thread hands over the first line as soon as it has it, then drains the
    // rest, so the command never blocks on a full pipe, and something it left running
    // with the pipe open cannot keep confide waiting.
    let (sender, first) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(first_line(&mut stdout));
        let _ = std::io::copy(&mut stdout, &mut std::io::sink());
    });
    let deadline = std::time::Instant::now() + timeout;
    let stop = |child: &mut std::process::Child| {
        if own_group {
            kill_group(child);
        } else {
            let _ = child.kill();
            let _ = child.wait();
        }
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => {
                stop(&mut child);
                let why = match other {
                    Err(e) => format!("could not be waited for ({e})"),
                    _ => format!(
                        "did not finish within {} s; check the command on its own, or set \
                         CONFIDE_PASSPHRASE_COMMAND_TIMEOUT (seconds)",
                        timeout.as_secs()
                    ),
                };
                return Err(SourceError::Bad(format!("{var} {why}")));
            }
        }
    };
    // Whatever it left running in its own group must not hold the pipe open.
    if own_group {
        kill_group(&mut child);
    }
    let wait = deadline
        .saturating_duration_since(std::time::Instant::now())
        .max(std::time::Duration::from_secs(1));
    let line = match first.recv_timeout(wait) {
        Ok(Ok(line)) => line,
        _ => return Err(SourceError::Bad(format!("{var} could not be read"))),
    };
    if !status.success() {
        return Err(SourceError::Bad(format!(
            "{var} failed ({status}); check the command on its own"
        )));
    }
    let line = line.ok_or_else(|| {
        SourceError::Bad(format!(
            "{var} printed a first line that is too long (over 64 KiB); it must print the passphrase"
        ))
    })?;
    if line.is_empty() {
        return Err(SourceError::Bad(format!(
            "{var} printed nothing; it must print the passphrase"
        )));
    }
    utf8(&line, &format!("what {var} printed"))
}

/// Stops a passphrase command's whole process group.
fn kill_group(child: &mut std::process::Child) {
    if let Some(pid) = i32::try_from(child.id())
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Asks once on the terminal (no echo).
pub fn prompt(label: &str) -> Result<SecretString, SourceError> {
    let text = Zeroizing::new(
        rpassword::prompt_password(label).map_err(|e| match e.kind() {
            // Ctrl-D: the person chose not to type one.
            std::io::ErrorKind::UnexpectedEof => {
                SourceError::Bad("no passphrase was typed (Ctrl-D); nothing was opened".into())
            }
            _ => SourceError::Bad(format!("could not read from the terminal ({e})")),
        })?,
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
    if let Some(p) = from_env_value(var)? {
        return non_empty((p, false));
    }
    if !have_terminal() {
        return Err(none());
    }
    non_empty((prompt(&format!("{what}: "))?, true))
}

/// True when one of the variables named by `var` (see [`read_passphrase_from`]) is set.
fn source_configured_from(var: &str) -> bool {
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
    // A slip of the finger asks again, as passwd(1) does: three tries.
    let mut last = SourceError::Empty;
    for attempt in 1..=TRIES {
        let a = prompt(&format!("{what}: "))?;
        if a.expose_secret().is_empty() {
            last = SourceError::Empty;
        } else {
            let b = prompt(&format!("{what} (again): "))?;
            if constant_time_eq(a.expose_secret().as_bytes(), b.expose_secret().as_bytes()) {
                return Ok(a);
            }
            last = SourceError::Mismatch;
        }
        if attempt < TRIES {
            crate::errln!(
                "{}; try again.",
                match last {
                    SourceError::Empty => "That was empty",
                    _ => "The two did not match",
                }
            );
        }
    }
    Err(last)
}

/// How many times a typed passphrase is asked for before confide gives up (as sudo
/// and ssh allow).
pub const TRIES: u32 = 3;

/// A new passphrase for `passwd`/`recover`. The flag says whether it was typed.
pub fn read_new_passphrase() -> Result<(SecretString, bool), SourceError> {
    if let Some(path) = std::env::var_os("CONFIDE_NEW_PASSPHRASE_FILE") {
        return from_file("CONFIDE_NEW_PASSPHRASE_FILE", &path)
            .map(|p| (p, false))
            .and_then(non_empty);
    }
    if let Some(p) = from_env_value("CONFIDE_NEW_PASSPHRASE")? {
        return non_empty((p, false));
    }
    if !have_terminal() {
        return Err(SourceError::NoNewSource);
    }
    Ok((prompt_twice("New passphrase")?, true))
}

/// A warning for a new passphrase longer than a stock `age` prompt takes
/// ([`MAX_TYPABLE`] bytes): confide accepts it, but the recovery steps without
/// confide (docs/FORMAT.md) would fail.
pub fn untypable_warning(p: &SecretString) -> Option<String> {
    (p.expose_secret().len() > MAX_TYPABLE).then(|| {
        format!(
            "this passphrase is longer than {MAX_TYPABLE} bytes, which the `age` tool cannot take \
             at its prompt, so the recovery steps without confide (docs/FORMAT.md) would fail; \
             a shorter one is safer to keep"
        )
    })
}

/// The recovery code for `recover`.
pub fn read_recovery_code() -> Result<SecretString, SourceError> {
    if let Some(p) = from_env_value("CONFIDE_RECOVERY_CODE")? {
        return Ok(p);
    }
    if !have_terminal() {
        return Err(SourceError::NoCodeSource);
    }
    prompt("Recovery code: ")
}

/// Compares without an early exit on the first differing byte.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    subtle::ConstantTimeEq::ct_eq(a, b).into()
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
