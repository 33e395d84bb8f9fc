//! Two `edit`s of one entry at once: neither is lost. The stand-in editor runs a
//! second `confide edit` while the first waits for it, which is exactly the window
//! in which the first has released the vault's lock.

mod common;

use common::{Env, PASS, have_script};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A private directory in RAM for the editor's draft; removed on drop.
pub struct RuntimeDir(pub PathBuf);

impl RuntimeDir {
    pub fn new() -> Option<Self> {
        let shm = Path::new("/dev/shm");
        if !shm.is_dir() || !confide::ui::editor::is_ram_backed(shm) {
            assert!(
                std::env::var_os("CI").is_none(),
                "/dev/shm must be RAM-backed in CI"
            );
            eprintln!("SKIPPED: /dev/shm is not a RAM-backed directory here");
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
    env: &Env,
    runtime: &RuntimeDir,
    editor: &Path,
    args: &str,
    extra_env: &[(&str, &str)],
) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("confide");
    let mut c = Command::new("script");
    c.args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"]);
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.dir.path())
        .env("TMPDIR", env.dir.path().join("tmp"))
        .env("CONFIDE_VAULT", env.vault())
        .env("CONFIDE_PASSPHRASE", PASS)
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
pub fn editor(env: &Env, body: &str) -> PathBuf {
    let path = env.dir.path().join("stand-in-editor");
    fs::write(
        &path,
        format!("#!/bin/sh\nfor a; do f=\"$a\"; done\n{body}\n"),
    )
    .unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// Before the fix both edits said "Saved" and the first one's text was gone.
#[test]
fn an_entry_changed_while_its_editor_was_open_keeps_both_versions() {
    let (Some(runtime), true) = (RuntimeDir::new(), have_script()) else {
        return;
    };
    let env = Env::new();
    env.init();
    env.cmd()
        .args(["journal", "the first words", "--tag", "evening"])
        .assert()
        .success();
    let id = env.entries()[0]["id"].as_str().unwrap().to_string();
    // While this editor is open, another confide edits the same entry.
    let ed = editor(
        &env,
        &format!(
            "CONFIDE_PASSPHRASE=\"$TEST_PASS\" \"$CONFIDE_BIN\" edit {id} --text 'the other window' \
             > /dev/null < /dev/null || exit 9\n\
             printf 'written in the editor\\n' > \"$f\""
        ),
    );
    let out = on_terminal(&env, &runtime, &ed, &format!("edit {id}"), &[("TEST_PASS", PASS)]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("changed while you were editing; your version is saved as a new journal entry"),
        "{said}"
    );
    let all = env.entries();
    assert_eq!(all.len(), 2, "{all:?}");
    let original = all.iter().find(|e| e["id"] == id.as_str()).unwrap();
    assert_eq!(original["text"], "the other window");
    let copy = all.iter().find(|e| e["id"] != id.as_str()).unwrap();
    assert_eq!(copy["text"], "written in the editor");
    assert_eq!(copy["occurred_at"], original["occurred_at"]);
    assert_eq!(copy["tags"], serde_json::json!(["evening", "edit-conflict"]));
    let short = &copy["id"].as_str().unwrap()[..8];
    assert!(said.contains(short), "{said}");

    // Without a second edit, the edit replaces the text as before.
    let ed = editor(&env, "printf 'a calm second look\\n' > \"$f\"");
    let out = on_terminal(&env, &runtime, &ed, &format!("edit {id}"), &[]);
    assert!(out.status.success());
    let all = env.entries();
    assert_eq!(all.len(), 2);
    let original = all.iter().find(|e| e["id"] == id.as_str()).unwrap();
    assert_eq!(original["text"], "a calm second look");
}
