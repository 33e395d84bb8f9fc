//! `confide doctor`: checks a scratch machine state (a fake /proc and /sys through
//! CONFIDE_DOCTOR_ROOT), never asks for the passphrase, exits 0 only when nothing
//! needs attention.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common;
use common::*;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const CHECKS: [&str; 12] = [
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

const HEADER: &str = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";

/// A fake system root with no swap.
fn fake_root(env: &Env) -> PathBuf {
    let root = env.dir.path().join("root");
    write_swaps(&root, "");
    root
}

fn write_swaps(root: &Path, lines: &str) {
    fs::create_dir_all(root.join("proc")).unwrap();
    fs::write(root.join("proc/swaps"), format!("{HEADER}{lines}")).unwrap();
}

/// `/dev/shm` as the RAM folder, when this machine has one that is in RAM; a skip
/// (a failure under CI) otherwise.
fn ram_dir() -> Option<&'static str> {
    let shm = Path::new("/dev/shm");
    let ok = shm.is_dir() && confide::ui::editor::is_ram_backed(shm);
    if !ok {
        common::skip("/dev/shm is not a RAM-backed directory here");
    }
    ok.then_some("/dev/shm")
}

/// `confide doctor` with no passphrase source, vi as the editor, and the fake root.
fn doctor(env: &Env, root: &Path, json: bool) -> std::process::Output {
    let mut c = env.cmd();
    c.env("CONFIDE_DOCTOR_ROOT", root)
        .env("EDITOR", "vi")
        .env_remove("VISUAL")
        .env("XDG_RUNTIME_DIR", "/dev/shm")
        .arg("doctor");
    if json {
        c.arg("--json");
    }
    let out = c.output().unwrap();
    let all = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
    assert!(
        !String::from_utf8_lossy(&all).contains(PASS),
        "doctor printed the passphrase"
    );
    out
}

fn findings(out: &std::process::Output) -> serde_json::Value {
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema"], 1);
    doc
}

fn finding<'a>(doc: &'a serde_json::Value, check: &str) -> &'a serde_json::Value {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == check)
        .unwrap_or_else(|| panic!("no `{check}` finding"))
}

#[test]
fn a_healthy_machine_exits_zero_without_a_passphrase() {
    if ram_dir().is_none() {
        return;
    }
    let env = Env::new();
    env.init();
    let root = fake_root(&env);
    let out = doctor(&env, &root, false);
    let text = String::from_utf8_lossy(&out.stdout);
    common::ok(&out);
    assert!(text.contains("Nothing needs attention"), "{text}");
    assert!(text.contains("Your vault is at"), "{text}");
    assert!(text.contains("No swap"), "{text}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = doctor(&env, &root, true);
    common::ok(&out);
    let doc = findings(&out);
    assert_eq!(doc["needs_attention"], false);
    let ids: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["check"].as_str().unwrap())
        .collect();
    assert_eq!(ids, CHECKS);
    for f in doc["findings"].as_array().unwrap() {
        assert!(["ok", "note", "attention"].contains(&f["status"].as_str().unwrap()));
        assert!(!f["title"].as_str().unwrap().is_empty());
        assert!(!f["title"].as_str().unwrap().contains('\n'));
        assert!(f["fix"].is_null() || f["fix"].is_string());
    }
    assert_eq!(finding(&doc, "vault")["status"], "ok");
    assert_eq!(finding(&doc, "permissions")["status"], "ok");
    assert_eq!(finding(&doc, "ram-temp")["status"], "ok");
    assert_eq!(finding(&doc, "editor")["status"], "ok");
    assert_eq!(finding(&doc, "swap")["status"], "ok");
}

#[test]
fn no_vault_is_a_note_not_a_failure() {
    if ram_dir().is_none() {
        return;
    }
    let env = Env::new();
    let root = fake_root(&env);
    let out = doctor(&env, &root, true);
    common::ok(&out);
    let doc = findings(&out);
    let v = finding(&doc, "vault");
    assert_eq!(v["status"], "note");
    assert!(v["fix"].as_str().unwrap().contains("confide init"));
}

#[test]
fn loose_permissions_need_attention() {
    let env = Env::new();
    env.init();
    let root = fake_root(&env);
    fs::set_permissions(env.vault(), fs::Permissions::from_mode(0o644)).unwrap();
    let out = doctor(&env, &root, true);
    assert_eq!(out.status.code(), Some(1));
    let doc = findings(&out);
    assert_eq!(doc["needs_attention"], true);
    let p = finding(&doc, "permissions");
    assert_eq!(p["status"], "attention");
    assert!(p["detail"].as_str().unwrap().contains("644"));
    let fix = p["fix"].as_str().unwrap();
    assert!(fix.contains("chmod 600"), "{fix}");
    assert!(fix.contains(&env.vault().display().to_string()), "{fix}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.trim(),
        "error: 1 finding needs attention (see above)",
        "one line on stderr"
    );

    // The folder too; the human report says what to run.
    let data = env.vault().parent().unwrap().to_path_buf();
    fs::set_permissions(&data, fs::Permissions::from_mode(0o755)).unwrap();
    let out = doctor(&env, &root, false);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("chmod 700"), "{text}");
    assert!(text.contains("needs attention"), "{text}");
    fs::set_permissions(&data, fs::Permissions::from_mode(0o700)).unwrap();
}

#[test]
fn a_sync_conflict_copy_needs_attention() {
    let env = Env::new();
    env.init();
    let root = fake_root(&env);
    let copy = env
        .vault()
        .with_file_name("vault.sync-conflict-20261120-123456-ABCDEFG.confide");
    fs::copy(env.vault(), &copy).unwrap();
    let out = doctor(&env, &root, true);
    assert_eq!(out.status.code(), Some(1));
    let doc = findings(&out);
    let c = finding(&doc, "conflict-copies");
    assert_eq!(c["status"], "attention");
    assert!(
        c["detail"]
            .as_str()
            .unwrap()
            .contains("vault.sync-conflict-20261120-123456-ABCDEFG.confide")
    );
    let fix = c["fix"].as_str().unwrap();
    assert!(fix.contains("confide merge"), "{fix}");
    assert!(fix.contains("--remove-other"), "{fix}");
    // Doctor only looks: the copy is still there.
    assert!(copy.exists());
}

#[test]
fn unencrypted_swap_needs_attention_and_zram_is_fine() {
    if ram_dir().is_none() {
        return;
    }
    let env = Env::new();
    env.init();
    let root = fake_root(&env);
    write_swaps(
        &root,
        "/dev/sda2                               partition\t8388604\t\t0\t\t-2\n",
    );
    let out = doctor(&env, &root, true);
    assert_eq!(out.status.code(), Some(1));
    let doc = findings(&out);
    let s = finding(&doc, "swap");
    assert_eq!(s["status"], "attention");
    assert!(s["title"].as_str().unwrap().contains("/dev/sda2"));
    assert!(s["fix"].as_str().unwrap().contains("crypttab"));

    write_swaps(
        &root,
        "/dev/zram0                              partition\t4194300\t\t0\t\t100\n",
    );
    let out = doctor(&env, &root, true);
    let doc = findings(&out);
    assert_eq!(finding(&doc, "swap")["status"], "ok");
    common::ok(&out);

    // Swap on dm-crypt.
    let dm = root.join("sys/block/dm-0/dm");
    fs::create_dir_all(&dm).unwrap();
    fs::write(dm.join("uuid"), "CRYPT-PLAIN-cryptswap\n").unwrap();
    fs::write(dm.join("name"), "cryptswap\n").unwrap();
    write_swaps(
        &root,
        "/dev/mapper/cryptswap                   partition\t4194300\t\t0\t\t-2\n",
    );
    let doc = findings(&doctor(&env, &root, true));
    assert_eq!(finding(&doc, "swap")["status"], "ok");
}

#[test]
fn core_dump_handlers_are_a_note() {
    if ram_dir().is_none() {
        return;
    }
    let env = Env::new();
    env.init();
    let root = fake_root(&env);
    fs::create_dir_all(root.join("proc/sys/kernel")).unwrap();
    fs::write(
        root.join("proc/sys/kernel/core_pattern"),
        "|/usr/lib/systemd/systemd-coredump %P %u %g %s %t %c %h\n",
    )
    .unwrap();
    let out = doctor(&env, &root, true);
    common::ok(&out);
    let c = finding(&findings(&out), "core-dumps").clone();
    assert_eq!(c["status"], "note");
    assert!(c["fix"].as_str().unwrap().contains("Storage=none"));
}

#[test]
fn an_editor_confide_cannot_restrain_is_named() {
    if ram_dir().is_none() {
        return;
    }
    let env = Env::new();
    let root = fake_root(&env);
    let out = env
        .cmd()
        .env("CONFIDE_DOCTOR_ROOT", &root)
        .env("VISUAL", "code")
        .env("XDG_RUNTIME_DIR", "/dev/shm")
        .args(["doctor", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc = findings(&out);
    let e = finding(&doc, "editor");
    assert_eq!(e["status"], "attention");
    assert!(e["fix"].as_str().unwrap().contains("--wait"));
}

/// One line per finding; what it means and what to do only where something needs
/// attention, unless `--verbose`; a passphrase in the environment is named (by the
/// variable, never its value) and needs attention.
#[test]
fn one_line_per_finding_and_a_passphrase_in_the_environment_needs_attention() {
    let env = Env::new();
    env.init();
    let root = fake_root(&env);
    let out = doctor(&env, &root, false);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    // Eleven findings and the summary, nothing indented under an ok or a note.
    assert!(
        lines.iter().all(|l| !l.starts_with("     ")) || !out.status.success(),
        "{text}"
    );
    assert!(
        text.contains("No passphrase is set in the environment"),
        "{text}"
    );
    let mut c = env.cmd();
    let out = c
        .env("CONFIDE_DOCTOR_ROOT", &root)
        .env("EDITOR", "vi")
        .env("XDG_RUNTIME_DIR", "/dev/shm")
        .env("CONFIDE_PASSPHRASE", "SECRET-IN-ENV")
        .args(["doctor"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("!!   A passphrase is set in the environment (CONFIDE_PASSPHRASE)"),
        "{text}"
    );
    assert!(text.contains("What to do: Unset it"), "{text}");
    assert!(!text.contains("SECRET-IN-ENV"));
    let verbose = env
        .cmd()
        .env("CONFIDE_DOCTOR_ROOT", &root)
        .env("EDITOR", "vi")
        .env("XDG_RUNTIME_DIR", "/dev/shm")
        .args(["doctor", "--verbose"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&verbose.stdout).into_owned();
    assert!(
        text.contains("It is encrypted: without your passphrase or recovery code"),
        "{text}"
    );
}
