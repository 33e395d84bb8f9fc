//! A stand-in editor on a pseudo-terminal (`script`), with the draft in RAM: for
//! tests of what the editor sees and of what happens while it is open.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(unreachable_pub, clippy::disallowed_macros, clippy::disallowed_methods)]
#![allow(dead_code)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// A private directory in RAM for the editor's draft; removed on drop.
pub struct RuntimeDir(pub PathBuf);

impl RuntimeDir {
    pub fn new() -> Option<Self> {
        let shm = Path::new("/dev/shm");
        if !shm.is_dir() || !confide::ui::editor::is_ram_backed(shm) {
            crate::common::skip("/dev/shm is not a RAM-backed directory here");
            return None;
        }
        let d = tempfile::Builder::new()
            .prefix("confide-test-")
            .tempdir_in(shm)
            .unwrap()
            .keep();
        fs::set_permissions(&d, fs::Permissions::from_mode(0o700)).unwrap();
        Some(RuntimeDir(d))
    }
}

impl Drop for RuntimeDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Runs `confide ARGS` on a pseudo-terminal (so it opens `editor`).
pub fn on_terminal(
    dir: &Path,
    vault: &Path,
    runtime: &RuntimeDir,
    editor: &Path,
    args: &str,
    common_pass: &str,
    extra_env: &[(&str, &str)],
) -> std::process::Output {
    let bin = crate::common::confide_bin();
    let mut c = crate::common::clean_command("script");
    c.args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"]);
    c.env("HOME", dir)
        .env("TMPDIR", dir.join("tmp"))
        .env("CONFIDE_VAULT", vault)
        .env("CONFIDE_PASSPHRASE", common_pass)
        .env("CONFIDE_BIN", &bin)
        .env("XDG_RUNTIME_DIR", &runtime.0)
        .env("NO_COLOR", "1")
        .env("EDITOR", editor);
    for (k, v) in extra_env {
        c.env(k, v);
    }
    c.stdin(std::process::Stdio::null()).output().unwrap()
}

/// Writes an executable stand-in editor; `$f` is the draft.
pub fn editor(dir: &Path, body: &str) -> PathBuf {
    let path = dir.join("stand-in-editor");
    fs::write(
        &path,
        format!("#!/bin/sh\nfor a; do f=\"$a\"; done\n{body}\n"),
    )
    .unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}
