//! `confide doctor`'s checks: what on this machine could expose the vault, each as a
//! finding that says what it means and what to do. Nothing here asks for or reads the
//! passphrase, and nothing is decrypted: the checks look at file names, permissions,
//! file systems and system settings only. Rendering is `src/commands/doctor.rs`'s job.

mod editor;
mod files;
mod system;

use serde::Serialize;
use std::path::{Path, PathBuf};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nothing to do.
    Ok,
    /// Worth knowing; nothing has to change.
    Note,
    /// Something could expose your entries, or is wrong; `doctor` exits 1.
    Attention,
}

/// One check's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// A stable id for scripts (see [`CHECKS`]).
    pub check: &'static str,
    pub status: Status,
    /// One line.
    pub title: String,
    /// What it means, in plain words.
    pub detail: String,
    /// What to do, when there is something to do.
    pub fix: Option<String>,
}

impl Finding {
    fn new(check: &'static str, status: Status, title: impl Into<String>) -> Self {
        Finding {
            check,
            status,
            title: title.into(),
            detail: String::new(),
            fix: None,
        }
    }

    fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }
}

/// Every check id, in the order the findings come out. Each check gives exactly one
/// finding.
pub const CHECKS: [&str; 12] = [
    "vault",
    "backup",
    "permissions",
    "conflict-copies",
    "synced-folder",
    "copy-on-write",
    "ram-temp",
    "editor",
    "swap",
    "core-dumps",
    "passphrase-in-environment",
    "unlock-session",
];

/// What the checks look at, gathered once so tests can give their own.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The vault's path (it need not exist).
    pub vault: PathBuf,
    /// Where system facts are read from: `/` normally (`/proc/swaps`, `/sys/...`).
    pub root: PathBuf,
    /// The editor command confide would run, split on whitespace.
    pub editor: Vec<String>,
    /// The RAM-backed directory for drafts, if there is one.
    pub ram_dir: Option<PathBuf>,
    /// The home directory, for editor configuration files.
    pub home: Option<PathBuf>,
    /// `$XDG_CONFIG_HOME` when set (else `~/.config` is used).
    pub config_home: Option<PathBuf>,
    /// `CONFIDE_PASSPHRASE` (or `CONFIDE_NEW_PASSPHRASE`, `CONFIDE_OTHER_PASSPHRASE`)
    /// is set in this environment: the names of those set, never their values.
    pub passphrase_vars: Vec<&'static str>,
    /// The vault's unlock session (`confide unlock`), if one is running.
    pub session: Option<confide_core::vault::agent::Status>,
}

impl Inputs {
    /// The inputs for this machine and process.
    ///
    /// Test hook: `CONFIDE_DOCTOR_ROOT`, when set, is the directory system facts are
    /// read from instead of `/` (`$ROOT/proc/swaps`, `$ROOT/sys/block/...`,
    /// `$ROOT/proc/sys/kernel/core_pattern`, `$ROOT/etc/systemd/...`), so tests can
    /// fake the machine's swap and core-dump set-up. It only changes where doctor
    /// reads; it is harmless in release builds too.
    pub fn from_environment(vault: &Path) -> Self {
        let root = std::env::var_os("CONFIDE_DOCTOR_ROOT")
            .filter(|r| !r.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/"));
        Inputs {
            vault: vault.to_path_buf(),
            root,
            editor: crate::ui::editor::editor_command(),
            ram_dir: crate::ui::editor::ram_dir(),
            home: std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(PathBuf::from),
            config_home: std::env::var_os("XDG_CONFIG_HOME")
                .filter(|h| !h.is_empty())
                .map(PathBuf::from),
            passphrase_vars: PASSPHRASE_VARS
                .iter()
                .copied()
                .filter(|v| std::env::var_os(v).is_some())
                .collect(),
            session: confide_core::vault::agent::status(vault),
        }
    }

    /// `path` (absolute, like `/proc/swaps`) under [`Inputs::root`].
    fn sys(&self, path: &str) -> PathBuf {
        self.root.join(path.trim_start_matches('/'))
    }
}

/// The variables that hold a passphrase itself (not a file or command that gives it).
const PASSPHRASE_VARS: [&str; 4] = [
    "CONFIDE_PASSPHRASE",
    "CONFIDE_NEW_PASSPHRASE",
    "CONFIDE_OTHER_PASSPHRASE",
    "CONFIDE_EXPORT_PASSPHRASE",
];

/// A passphrase in the environment is readable by every process this user runs
/// (`/proc/PID/environ`), is inherited by what the shell starts, and often ends up in
/// shell history or a dotfile.
fn passphrase_in_environment(inputs: &Inputs) -> Finding {
    if inputs.passphrase_vars.is_empty() {
        return Finding::new(
            "passphrase-in-environment",
            Status::Ok,
            "No passphrase is set in the environment",
        )
        .detail("confide asks for it, or reads it from a file or a command you chose.");
    }
    Finding::new(
        "passphrase-in-environment",
        Status::Attention,
        format!(
            "A passphrase is set in the environment ({})",
            inputs.passphrase_vars.join(", ")
        ),
    )
    .detail(
        "Every program you run can read it, and it is easily left in shell history or a startup file.",
    )
    .fix(
        "Unset it and let confide ask, or use CONFIDE_PASSPHRASE_COMMAND with a password manager, or CONFIDE_PASSPHRASE_FILE (mode 600).",
    )
}

/// An unlock session lets anyone at this machine, signed in as this user, read the
/// vault without the passphrase until it ends.
fn unlock_session(inputs: &Inputs) -> Finding {
    let Some(s) = inputs.session else {
        return Finding::new("unlock-session", Status::Ok, "No unlock session is running")
            .detail("Every read asks for the passphrase (or reads it from its source).");
    };
    use chrono::TimeZone;
    let at = |t: i64| {
        chrono::Local.timestamp_opt(t, 0).single().map_or_else(
            || "an unknown time".into(),
            |t| t.format("%H:%M").to_string(),
        )
    };
    let swap = if s.memory_locked {
        ""
    } else {
        " The system did not let it lock its memory, so its key could reach swap."
    };
    Finding::new(
        "unlock-session",
        Status::Note,
        format!(
            "An unlock session is running: until {} if unused, {} at the latest",
            at(s.idle_until),
            at(s.cap_until)
        ),
    )
    .detail(format!(
        "Until it ends, anyone at this machine signed in as you can read your entries without the passphrase.{swap}"
    ))
    .fix("Run `confide lock` before you step away.")
}

/// Runs every check, in the order of [`CHECKS`].
pub fn run(inputs: &Inputs) -> Vec<Finding> {
    vec![
        files::vault(inputs),
        files::backup(inputs),
        files::permissions(inputs),
        files::conflict_copies(inputs),
        files::synced_folder(inputs),
        files::copy_on_write(inputs),
        ram_temp(inputs),
        editor::check(inputs),
        system::swap(inputs),
        system::core_dumps(inputs),
        passphrase_in_environment(inputs),
        unlock_session(inputs),
    ]
}

/// Whether any finding needs attention.
pub fn needs_attention(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.status == Status::Attention)
}

/// A RAM-backed folder for the editor's drafts.
fn ram_temp(inputs: &Inputs) -> Finding {
    match &inputs.ram_dir {
        Some(dir) => Finding::new(
            "ram-temp",
            Status::Ok,
            format!("Editor drafts stay in RAM, in `{}`", dir.display()),
        )
        .detail(
            "When you write an entry in your editor, the draft lives in this RAM-backed \
             folder and is overwritten and removed afterwards, so it never touches the disk.",
        ),
        None => Finding::new(
            "ram-temp",
            Status::Attention,
            "No RAM-backed folder for editor drafts",
        )
        .detail(
            "Neither $XDG_RUNTIME_DIR nor /dev/shm is a RAM-backed (tmpfs) folder here, so \
             confide will not open your editor (unless you pass --allow-disk-temp, which puts \
             the draft on the disk). Text given on the command line or through standard input \
             still works.",
        )
        .fix(
            "Set XDG_RUNTIME_DIR to a tmpfs folder of your own (most desktop sessions do, as \
             /run/user/<your uid>), or mount /dev/shm as tmpfs.",
        ),
    }
}

pub(crate) use crate::sanitize::shell_quote;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(shell_quote(Path::new("/a/b.confide")), "/a/b.confide");
        assert_eq!(
            shell_quote(Path::new("/a/vault (Jo's conflicted copy).confide")),
            r"'/a/vault (Jo'\''s conflicted copy).confide'"
        );
        assert_eq!(
            shell_quote(Path::new("/a/new\nline\u{1b}[2J\u{202e}'s\\.confide")),
            r"$'/a/new\nline\e[2J\u202e\'s\\.confide'"
        );
    }
}
