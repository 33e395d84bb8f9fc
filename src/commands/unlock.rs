//! `confide unlock` and `confide lock`: an unlock session for one sitting. `unlock`
//! reads the passphrase once and starts the agent (this same program, run as the
//! hidden `confide agent`), handing it the vault's identity on a pipe, never in its
//! arguments or environment. What the agent does is in `confide_core::vault::agent`.

use crate::cli::UnlockArgs;
use crate::ui;
use crate::vault::Vault;
use crate::vault::agent::{self, Handoff};
use anyhow::{Context, Result};
use std::io::{BufRead, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The idle timeout and the cap in effect: `--for` (or `agent_idle`) and `agent_cap`
/// from the config file, the defaults otherwise. The idle timeout is never longer
/// than the cap.
pub(super) fn timeouts(for_: Option<&str>) -> Result<(Duration, Duration)> {
    let config = crate::config::get();
    let cap = config.agent_cap.unwrap_or(agent::DEFAULT_CAP);
    let idle = match for_ {
        Some(s) => {
            let d = crate::config::parse_duration(s).ok_or_else(|| {
                crate::error::usage(
                    "--for needs a duration such as 30m, 1h or 90s; nothing was unlocked",
                )
            })?;
            if d > cap {
                return Err(crate::error::usage(format!(
                    "--for {} is longer than the cap of {}; set agent_cap in the config file (at most 12h) for longer",
                    span(d),
                    span(cap)
                )));
            }
            d
        }
        None => config.agent_idle.unwrap_or(agent::DEFAULT_IDLE).min(cap),
    };
    Ok((idle, cap))
}

/// "10m", "1h", "1h30m", "45s".
fn span(d: Duration) -> String {
    let s = d.as_secs();
    let (h, m, sec) = (s / 3600, s % 3600 / 60, s % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if sec > 0 || out.is_empty() {
        out.push_str(&format!("{sec}s"));
    }
    out
}

/// A time the session ends, as the clock on the wall shows it.
fn clock(unix: i64) -> String {
    use chrono::TimeZone;
    match chrono::Local.timestamp_opt(unix, 0).single() {
        Some(t) => t.format("%H:%M:%S").to_string(),
        None => "an unknown time".into(),
    }
}

pub(super) fn run(vault: &Vault, args: UnlockArgs) -> Result<()> {
    if args.status {
        return status(vault);
    }
    let (idle, cap) = timeouts(args.for_.as_deref())?;
    // Only Linux tells a socket's peer (SO_PEERCRED): elsewhere the agent would have
    // to refuse everyone.
    if !cfg!(target_os = "linux") {
        return Err(crate::error::usage(
            "unlock sessions work only on Linux for now; each read asks for the passphrase",
        ));
    }
    super::require_vault(vault)?;
    if let Some(s) = agent::status(vault.path()) {
        crate::outln!(
            "Already unlocked, until {} unless used again (`confide lock` locks it now).",
            clock(s.ends())
        )?;
        return Ok(());
    }
    let (handoff, _) = super::with_tries(vault, "Passphrase", |pass| {
        let mut spinner = ui::Spinner::new("Unlocking...");
        vault.agent_handoff(pass, idle, cap, &mut spinner.callback())
    })?;
    start(&handoff)?;
    crate::outln!(
        "Unlocked: reads need no passphrase until {} unused, or {} at most.",
        span(idle),
        span(cap)
    )?;
    crate::outln!("`confide lock` locks it now; do that before you step away.")?;
    Ok(())
}

/// `confide unlock --status`: whether a session is running and until when; nothing
/// else about it.
fn status(vault: &Vault) -> Result<()> {
    match agent::status(vault.path()) {
        Some(s) => {
            crate::outln!(
                "Unlocked until {} unless used again; {} at the latest.",
                clock(s.idle_until),
                clock(s.cap_until)
            )?;
            if !s.memory_locked {
                ui::note(
                    "the system does not let the session lock its memory, so the key could reach swap",
                );
            }
        }
        None => crate::outln!("Locked: no unlock session is running for this vault.")?,
    }
    Ok(())
}

/// `confide lock`.
pub(super) fn lock(vault: &Vault) -> Result<()> {
    match agent::lock(vault.path()) {
        agent::Locked::Ended => {
            crate::outln!("Locked. The next read asks for the passphrase.")?;
            Ok(())
        }
        agent::Locked::NoneRunning => {
            crate::outln!("Already locked: no unlock session was running for this vault.")?;
            Ok(())
        }
        agent::Locked::NoAnswer(socket) => Err(not_answering(&socket)),
    }
}

/// The error for a session that takes connections but does not answer.
fn not_answering(socket: &std::path::Path) -> anyhow::Error {
    anyhow::anyhow!(
        "an unlock session at `{}` did not answer, so it may still hold the key; try `confide lock` again, or end the `confide agent` process",
        ui::path(socket)
    )
}

/// Ends the unlock sessions at `sockets` (found before the command ran: its key has
/// changed, or the vault is gone).
pub(super) fn end_session(sockets: &[std::path::PathBuf]) {
    match agent::lock_all(sockets) {
        agent::Locked::Ended => ui::note(
            "the unlock session for this vault was ended; `confide unlock` starts a new one",
        ),
        agent::Locked::NoneRunning => {}
        agent::Locked::NoAnswer(socket) => ui::warn(&not_answering(&socket).to_string()),
    }
}

/// Starts the agent with `handoff` and waits until it listens (or says why not).
pub(super) fn start(handoff: &Handoff) -> Result<()> {
    let exe = std::env::current_exe().context("could not find confide's own program")?;
    let mut cmd = Command::new(exe);
    // Its environment holds only what names the socket's folder: nothing of the
    // passphrase sources, nothing else of this shell's.
    cmd.arg("agent")
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for var in ["XDG_RUNTIME_DIR", "HOME"] {
        if let Some(v) = std::env::var_os(var) {
            cmd.env(var, v);
        }
    }
    let mut child = cmd.spawn().context("could not start the unlock session")?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(&handoff.encode())
            .context("could not start the unlock session")?;
    }
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        let mut out = std::io::BufReader::new(out);
        out.read_line(&mut line)
            .context("could not start the unlock session")?;
    }
    match line.trim_end() {
        "ready" => Ok(()),
        "" => {
            let _ = child.wait();
            anyhow::bail!("the unlock session ended as it started; nothing was unlocked")
        }
        other => {
            let _ = child.wait();
            anyhow::bail!(
                "{}; nothing was unlocked",
                crate::sanitize::field(other.strip_prefix("error: ").unwrap_or(other))
            )
        }
    }
}

/// Leaves an unlock session behind after an unlock with the passphrase, when the
/// config file says `agent = true` and none is running. Any failure is one note.
pub(super) fn leave_behind(vault: &Vault, unlocked: &crate::vault::Unlocked) {
    if crate::config::get().agent != Some(true) || agent::status(vault.path()).is_some() {
        return;
    }
    let Ok((idle, cap)) = timeouts(None) else {
        return;
    };
    let Some(handoff) = unlocked.agent_handoff(idle, cap) else {
        return;
    };
    match start(&handoff) {
        Ok(()) => ui::note(&format!(
            "unlocked for {} unused (agent = true in the config file); `confide lock` locks it now",
            span(idle)
        )),
        Err(e) => ui::note(&format!("no unlock session was left behind: {e}")),
    }
}

/// The hidden `confide agent`: reads its handoff from standard input, leaves the
/// terminal's session, says "ready" once it listens, then serves until it ends.
pub(super) fn agent() -> Result<()> {
    // Nothing of the caller's stays open in the agent: only standard input, output and
    // error, which are confide's own pipes and /dev/null. (A descriptor passed down,
    // `3>&1` in a script, would otherwise be held until the session ends, and a
    // reader of it would wait that long.) Nor its working folder (a mount kept busy).
    close_inherited();
    let _ = std::env::set_current_dir("/");
    // A fresh descriptor of standard input, read without std's buffer, which is never
    // wiped: the identity comes through here.
    let handoff = match std::fs::File::open("/dev/stdin") {
        Ok(mut f) => Handoff::decode(&mut f),
        Err(e) => Err(agent::AgentError::Io {
            what: "could not read what the unlock session was given",
            err: e,
        }),
    };
    // Not killed with the terminal it was started from (a hang-up, Ctrl-C there).
    let _ = rustix::process::setsid();
    let handoff = match handoff {
        Ok(h) => h,
        Err(e) => {
            crate::outln!("error: {e}")?;
            return Ok(());
        }
    };
    let served = agent::serve(handoff, &mut || crate::outln!("ready"));
    if let Err(e) = served {
        // Before "ready" the parent is still reading.
        let _ = crate::outln!("error: {e}");
    }
    Ok(())
}

/// Closes every descriptor above standard error that this process inherited.
fn close_inherited() {
    let Ok(dir) = std::fs::read_dir("/proc/self/fd") else {
        return;
    };
    let fds: Vec<i32> = dir
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .filter(|fd| *fd > 2)
        .collect();
    // The folder's own descriptor is closed by now (and closing it again fails
    // harmlessly).
    for fd in fds {
        let _ = nix::unistd::close(fd);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_back() {
        assert_eq!(span(Duration::from_secs(600)), "10m");
        assert_eq!(span(Duration::from_secs(3600)), "1h");
        assert_eq!(span(Duration::from_secs(5400)), "1h30m");
        assert_eq!(span(Duration::from_secs(45)), "45s");
    }
}
