//! `confide remind`: a daily check-in reminder, set up with the system's own
//! scheduler. On Linux with systemd, a user timer and service in
//! `$XDG_CONFIG_HOME/systemd/user/` that show a desktop notification through
//! `notify-send` when there is one; on macOS, a launchd agent in
//! `~/Library/LaunchAgents/`; elsewhere, the crontab line to add. The reminder shows
//! no content: it says it is time for a check-in, nothing more, and it never touches
//! the vault. `--off` removes what `remind` set up.

use crate::cli::RemindArgs;
use crate::error::usage;
use crate::ui;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The one thing a reminder says: nothing from the journal, and not even the app's
/// name, so a glance at the screen gives nothing away.
const MESSAGE: &str = "Time for your daily check-in";

const UNIT: &str = "confide-checkin";
const LABEL: &str = "org.confide.checkin";

/// Where reminders go on this machine.
#[derive(Debug, PartialEq)]
enum Scheduler {
    /// A systemd user timer, in this folder.
    Systemd(PathBuf),
    /// A launchd agent, in this folder.
    Launchd(PathBuf),
    /// Nothing confide can set up: print a crontab line.
    Cron,
}

pub(super) fn run(args: &RemindArgs) -> Result<()> {
    let at = match (&args.at, args.off) {
        (Some(at), false) => Some(time_of_day(at)?),
        (None, true) => None,
        _ => {
            return Err(usage(
                "say when with --at HH:MM (e.g. --at 21:30), or --off to remove the reminder",
            ));
        }
    };
    match (scheduler(), at) {
        (Scheduler::Systemd(dir), Some((h, m))) => systemd_on(&dir, h, m),
        (Scheduler::Systemd(dir), None) => systemd_off(&dir),
        (Scheduler::Launchd(dir), Some((h, m))) => launchd_on(&dir, h, m),
        (Scheduler::Launchd(dir), None) => launchd_off(&dir),
        (Scheduler::Cron, Some((h, m))) => {
            crate::outln!(
                "confide cannot set up a reminder here by itself (no systemd user session or launchd)."
            )?;
            crate::outln!("Add this line with `crontab -e`:")?;
            crate::outln!()?;
            crate::outln!("{m} {h} * * * {}", cron_command())?;
            Ok(())
        }
        (Scheduler::Cron, None) => {
            crate::outln!(
                "confide set up nothing here to remove; if you added a crontab line for the reminder, remove it with `crontab -e`."
            )?;
            Ok(())
        }
    }
}

/// "21:30" → (21, 30); one clear line for anything else.
fn time_of_day(s: &str) -> Result<(u32, u32)> {
    let parsed = chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M");
    match parsed {
        Ok(t) => {
            use chrono::Timelike;
            Ok((t.hour(), t.minute()))
        }
        Err(_) => Err(usage(format!(
            "--at takes a time of day as HH:MM, e.g. 21:30 (got `{}`)",
            super::input::shown(s)
        ))),
    }
}

fn scheduler() -> Scheduler {
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from);
    if cfg!(target_os = "macos")
        && let Some(home) = &home
    {
        return Scheduler::Launchd(home.join("Library/LaunchAgents"));
    }
    // systemd, and a user session it can reach (a server or a container often has
    // systemctl but no user bus).
    if !on_path("systemctl") || run_tool("systemctl", &["--user", "show-environment"]).is_err() {
        return Scheduler::Cron;
    }
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|c| !c.is_empty())
        .map(PathBuf::from)
        .or_else(|| home.map(|h| h.join(".config")));
    match config {
        Some(c) => Scheduler::Systemd(c.join("systemd/user")),
        None => Scheduler::Cron,
    }
}

/// Whether `program` is on `$PATH`.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|d| {
            let p = d.join(program);
            p.is_file()
                && std::fs::metadata(&p).is_ok_and(|m| {
                    std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o111 != 0
                })
        })
    })
}

/// What the reminder runs: a desktop notification when `notify-send` is here, else a
/// line in the journal of the user's session (`systemd-cat`), else nothing visible
/// but the timer itself.
fn notify_command() -> String {
    if on_path("notify-send") {
        format!("notify-send Reminder '{MESSAGE}'")
    } else {
        format!("sh -c 'echo \"{MESSAGE}\" | systemd-cat -t reminder'")
    }
}

fn cron_command() -> String {
    if on_path("notify-send") {
        format!("DISPLAY=:0 notify-send Reminder '{MESSAGE}'")
    } else {
        // cron mails what a job prints to its owner alone (`wall` would tell every
        // user on the machine).
        format!("echo '{MESSAGE}'")
    }
}

/// Runs a scheduler command; its failure is reported, with what to run by hand.
fn run_tool(program: &str, args: &[&str]) -> Result<()> {
    let mut c = Command::new(program);
    c.args(args);
    crate::passphrase::scrub_env(&mut c);
    let out = c
        .output()
        .with_context(|| format!("could not run `{program}`"))?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        return Err(anyhow::anyhow!(
            "`{program} {}` failed ({}); the files are in place, run it yourself once the session works",
            args.join(" "),
            crate::sanitize::field(why.trim())
        ));
    }
    Ok(())
}

/// Writes a unit or agent file (it holds a time and a command, nothing of the journal).
fn write_unit(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("could not create `{}`", dir.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("could not write `{}`", path.display()))
}

fn systemd_on(dir: &Path, h: u32, m: u32) -> Result<()> {
    let service = format!(
        "[Unit]\nDescription=confide: a reminder to check in (shows no journal content)\n\n[Service]\nType=oneshot\nExecStart={}\n",
        notify_command()
    );
    let timer = format!(
        "[Unit]\nDescription=confide: daily check-in reminder\n\n[Timer]\nOnCalendar=*-*-* {h:02}:{m:02}:00\nPersistent=false\n\n[Install]\nWantedBy=timers.target\n"
    );
    write_unit(&dir.join(format!("{UNIT}.service")), &service)?;
    write_unit(&dir.join(format!("{UNIT}.timer")), &timer)?;
    run_tool("systemctl", &["--user", "daemon-reload"])?;
    run_tool(
        "systemctl",
        &["--user", "enable", "--now", &format!("{UNIT}.timer")],
    )?;
    crate::outln!(
        "A reminder to check in is set for {h:02}:{m:02} every day (a systemd user timer, `{UNIT}.timer`)."
    )?;
    crate::outln!(
        "It says only that it is time for a check-in. `confide remind --off` removes it."
    )?;
    Ok(())
}

fn systemd_off(dir: &Path) -> Result<()> {
    let timer = dir.join(format!("{UNIT}.timer"));
    let service = dir.join(format!("{UNIT}.service"));
    if !timer.exists() && !service.exists() {
        crate::outln!("There is no reminder to remove.")?;
        return Ok(());
    }
    // Stopped first; a timer already gone from systemd's view is fine.
    if let Err(e) = run_tool(
        "systemctl",
        &["--user", "disable", "--now", &format!("{UNIT}.timer")],
    ) {
        ui::warn(&format!("{e:#}"));
    }
    for f in [&timer, &service] {
        match std::fs::remove_file(f) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("could not remove `{}`", f.display())),
        }
    }
    run_tool("systemctl", &["--user", "daemon-reload"])?;
    crate::outln!("The check-in reminder is removed.")?;
    Ok(())
}

fn launchd_on(dir: &Path, h: u32, m: u32) -> Result<()> {
    let plist = dir.join(format!("{LABEL}.plist"));
    let text = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\"><dict>\n<key>Label</key><string>{LABEL}</string>\n<key>ProgramArguments</key><array><string>osascript</string><string>-e</string><string>display notification \"{MESSAGE}\" with title \"Reminder\"</string></array>\n<key>StartCalendarInterval</key><dict><key>Hour</key><integer>{h}</integer><key>Minute</key><integer>{m}</integer></dict>\n</dict></plist>\n"
    );
    write_unit(&plist, &text)?;
    run_tool("launchctl", &["load", "-w", &plist.display().to_string()])?;
    crate::outln!(
        "A reminder to check in is set for {h:02}:{m:02} every day (a launchd agent). `confide remind --off` removes it."
    )?;
    Ok(())
}

fn launchd_off(dir: &Path) -> Result<()> {
    let plist = dir.join(format!("{LABEL}.plist"));
    if !plist.exists() {
        crate::outln!("There is no reminder to remove.")?;
        return Ok(());
    }
    if let Err(e) = run_tool("launchctl", &["unload", "-w", &plist.display().to_string()]) {
        ui::warn(&format!("{e:#}"));
    }
    std::fs::remove_file(&plist)
        .with_context(|| format!("could not remove `{}`", plist.display()))?;
    crate::outln!("The check-in reminder is removed.")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_of_day_are_hours_and_minutes() {
        assert_eq!(super::time_of_day("21:30").unwrap(), (21, 30));
        assert_eq!(super::time_of_day(" 07:05 ").unwrap(), (7, 5));
        for bad in ["25:00", "9pm", "21:60", "", "21:30:00"] {
            assert!(super::time_of_day(bad).is_err(), "{bad}");
        }
    }
}
