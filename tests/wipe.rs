//! `confide wipe`: everything confide kept is overwritten and removed, exports
//! included when the passphrase is at hand; nothing happens without confirmation.

use super::common;
use common::*;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

const SECRET: &str = "WIPE-ME-SECRET-77c1";

/// A vault with an entry, folded, an encrypted and a plaintext export, and a
/// leftover temp file.
fn setup(env: &Env) -> (std::path::PathBuf, std::path::PathBuf) {
    env.init();
    env.journal(SECRET);
    env.entries();
    let plain = env.dir.path().join("report.md");
    let enc = env.dir.path().join("report.html.age");
    env.with_pass(PASS)
        .args(["export", "--format", "md", "--plaintext", "-o"])
        .arg(&plain)
        .assert()
        .success();
    let id = age::x25519::Identity::generate();
    env.with_pass(PASS)
        .args(["export", "--format", "html", "--to"])
        .arg(id.to_public().to_string())
        .arg("-o")
        .arg(&enc)
        .assert()
        .success();
    let data = env.vault().parent().unwrap().to_path_buf();
    fs::write(data.join(".vault.confide.tmp-0123456789ab"), SECRET).unwrap();
    (plain, enc)
}

fn no_file_contains(root: &Path, needle: &[u8]) {
    let hits = files_containing(root, needle);
    assert!(hits.is_empty(), "still holding the secret: {hits:?}");
}

#[test]
fn wipe_destroys_the_vault_its_backup_temp_files_and_exports() {
    let env = Env::new();
    let (plain, enc) = setup(&env);
    let data = env.vault().parent().unwrap().to_path_buf();
    assert!(env.bak().exists() && plain.exists() && enc.exists());
    let vault_link = env.dir.path().join("vault-link");
    let export_link = env.dir.path().join("export-link");
    fs::hard_link(env.vault(), &vault_link).unwrap();
    fs::hard_link(&plain, &export_link).unwrap();
    let old = fs::read(&vault_link).unwrap();

    env.with_pass(PASS)
        .args(["wipe", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("destroyed  vault"))
        .stdout(predicate::str::contains("destroyed  backup"))
        .stdout(predicate::str::contains("destroyed  temporary file"))
        .stdout(predicate::str::contains("destroyed  export"));
    // The directory is emptied (and kept: only a directory named `confide` is removed).
    assert_eq!(fs::read_dir(&data).unwrap().count(), 0);
    assert!(!plain.exists() && !enc.exists());
    // Other links to the destroyed files see neither the old bytes nor the text.
    let now = fs::read(&vault_link).unwrap();
    assert_ne!(now, old);
    assert!(now.is_empty(), "overwritten, then truncated");
    assert!(fs::read(&export_link).unwrap().is_empty());
    no_file_contains(env.dir.path(), SECRET.as_bytes());
    env.with_pass(PASS).args(["wipe", "--yes"]).assert().code(3);
}

#[test]
fn keep_exports_and_changed_exports_are_left_alone() {
    let env = Env::new();
    let (plain, enc) = setup(&env);
    // --keep-exports: the vault goes, the exports stay.
    env.with_pass(PASS)
        .args(["wipe", "--yes", "--keep-exports"])
        .assert()
        .success();
    assert!(!env.vault().exists() && plain.exists() && enc.exists());

    // An export changed since confide wrote it is someone else's now: left, reported.
    let env = Env::new();
    let (plain, enc) = setup(&env);
    fs::write(&plain, "my own notes now").unwrap();
    env.with_pass(PASS)
        .args(["wipe", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("left       export"))
        .stdout(predicate::str::contains("changed since confide wrote it"));
    assert!(plain.exists() && !enc.exists() && !env.vault().exists());

    // Without a passphrase the export list cannot be read; the vault still goes.
    let env = Env::new();
    let (plain, _) = setup(&env);
    env.cmd()
        .args(["wipe", "--yes"])
        .assert()
        .success()
        .stderr(predicate::str::contains("cannot be found"))
        .stdout(predicate::str::contains("not found  exports"));
    assert!(!env.vault().exists() && plain.exists());
}

#[test]
fn wipe_refuses_without_confirmation() {
    let env = Env::new();
    setup(&env);
    let before = fs::read(env.vault()).unwrap();
    env.with_pass(PASS)
        .arg("wipe")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes"));
    assert_eq!(fs::read(env.vault()).unwrap(), before);

    if !have_script() {
        return;
    }
    let on_terminal = |answer: &str| {
        let mut c = env.command("sh");
        c.arg("-c").arg(format!(
            "printf '{answer}\\n' | script -qec '{} wipe' /dev/null",
            confide_bin().display()
        ));
        c.env("CONFIDE_PASSPHRASE", PASS).output().unwrap()
    };
    let out = on_terminal("wipe it");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing was destroyed"));
    assert_eq!(fs::read(env.vault()).unwrap(), before);
    let out = on_terminal("wipe");
    ok(&out);
    assert!(!env.vault().exists());
}

#[test]
fn a_wipe_killed_midway_can_be_run_again_to_finish() {
    let env = Env::new();
    setup(&env);
    let data = env.vault().parent().unwrap().to_path_buf();
    let out = env
        .with_pass(PASS)
        .env("CONFIDE_TEST_CRASH_AT", "wipe:after-file")
        .args(["wipe", "--yes", "--keep-exports"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "killed after the first file");
    assert!(!env.vault().exists(), "the vault went first");
    assert!(env.bak().exists(), "the rest was still to do");
    env.cmd().args(["wipe", "--yes"]).assert().success();
    assert_eq!(fs::read_dir(&data).unwrap().count(), 0);
}

/// A CSV export made its own folder: once its tables are destroyed, the empty folder
/// goes too. A folder that holds something else stays.
#[test]
fn wipe_removes_the_empty_folder_a_csv_export_made() {
    let env = Env::new();
    env.init();
    env.journal(SECRET);
    let tables = env.dir.path().join("tables");
    let kept = env.dir.path().join("kept");
    for dir in [&tables, &kept] {
        env.with_pass(PASS)
            .args(["export", "--format", "csv", "--plaintext", "-o"])
            .arg(dir)
            .assert()
            .success();
    }
    fs::write(kept.join("my-notes.txt"), "mine").unwrap();
    env.with_pass(PASS)
        .args(["wipe", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "(the folder export made, now empty)",
        ));
    assert!(!tables.exists(), "the export's own folder is gone");
    assert!(
        kept.join("my-notes.txt").exists(),
        "the person's file stays"
    );
    assert_eq!(fs::read_dir(&kept).unwrap().count(), 1);
}
