//! `confide merge`: two copies of one vault that diverged (a sync conflict) are
//! united into this one; the other copy is only read, and merging twice changes
//! nothing.

use super::common;
use common::*;
use std::fs;
use std::path::{Path, PathBuf};

const SHARED: &str = "SHARED-ENTRY-TEXT-77c1";
const SECOND: &str = "SECOND-ENTRY-TEXT-1e0f";

/// A vault with two entries, folded, and a copy of it beside (as a sync tool would
/// leave one): the two share their key and their entry ids.
fn setup() -> (Env, PathBuf) {
    let env = Env::new();
    env.init();
    env.journal(SHARED);
    env.journal(SECOND);
    assert_eq!(env.entries().len(), 2);
    let sync = env.dir.path().join("sync");
    fs::create_dir_all(&sync).unwrap();
    let other = sync.join("vault.sync-conflict-20261120.confide");
    fs::copy(env.vault(), &other).unwrap();
    (env, other)
}

/// A command on the other copy (same passphrase unless changed).
fn on_other(env: &Env, other: &Path, pass: &str) -> assert_cmd::Command {
    let mut c = env.with_pass(pass);
    c.arg("--vault").arg(other);
    c
}

fn id_of(env: &Env, text: &str) -> String {
    env.entries().iter().find(|e| e["text"] == text).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn other_texts(env: &Env, other: &Path, pass: &str) -> Vec<String> {
    let out = on_other(env, other, pass)
        .args(["list", "--json"])
        .output()
        .unwrap();
    ok(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap().to_string())
        .collect()
}

/// Runs `merge OTHER --json` (plus `extra`) with the vault's passphrase; the report.
fn merge_json(env: &Env, other: &Path, extra: &[&str]) -> serde_json::Value {
    let out = env
        .with_pass(PASS)
        .arg("merge")
        .arg(other)
        .arg("--json")
        .args(extra)
        .output()
        .unwrap();
    ok(&out);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs `merge OTHER` and returns stdout, asserting success and no entry text.
fn merge_text(env: &Env, other: &Path) -> String {
    let out = env
        .with_pass(PASS)
        .arg("merge")
        .arg(other)
        .output()
        .unwrap();
    let stdout = ok(&out);
    let stderr = String::from_utf8(out.stderr).unwrap();
    for t in [SHARED, SECOND, "TEXT"] {
        assert!(
            !stdout.contains(t) && !stderr.contains(t),
            "{stdout}{stderr}"
        );
    }
    stdout
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn disjoint_additions_are_united() {
    let (env, other) = setup();
    env.journal("written on the laptop");
    on_other(&env, &other, PASS)
        .args([
            "journal",
            "written on the phone",
            "--at",
            "2026-11-20 21:05",
        ])
        .assert()
        .success();
    let before_other = fs::read(&other).unwrap();
    let other_lock = PathBuf::from(format!("{}.lock", other.display()));
    fs::remove_file(&other_lock).unwrap();

    let out = merge_text(&env, &other);
    assert!(out.contains("1 entry added"), "{out}");
    // Each entry listed with its kind and when it happened, not by id alone.
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("added"))
        .unwrap();
    assert!(
        line.contains("journal") && line.contains("Fri 20 Nov 2026, 21:05"),
        "{line}"
    );
    let mut texts = env.texts(PASS);
    texts.sort();
    let mut want = [
        SHARED,
        SECOND,
        "written on the laptop",
        "written on the phone",
    ]
    .map(String::from)
    .to_vec();
    want.sort();
    assert_eq!(texts, want);
    assert_eq!(
        fs::read(&other).unwrap(),
        before_other,
        "the other copy is only read (its appended entry is not folded)"
    );
    assert!(
        !other_lock.exists(),
        "no lock file is made beside the other copy"
    );
}

#[test]
fn identical_copies_are_already_up_to_date() {
    let (env, other) = setup();
    let before = fs::read(env.vault()).unwrap();
    let out = merge_text(&env, &other);
    assert!(out.contains("Already up to date"), "{out}");
    assert_eq!(fs::read(env.vault()).unwrap(), before);
    let v = merge_json(&env, &other, &[]);
    assert_eq!(v["changed"], false);
    assert_eq!(v["unchanged"], 2);
}

#[test]
fn an_entry_edited_on_both_sides_keeps_the_latest_edit_and_reports_it() {
    let (env, other) = setup();
    let id = id_of(&env, SECOND);
    env.with_pass(PASS)
        .args(["edit", &id, "--text", "edited on the laptop"])
        .assert()
        .success();
    std::thread::sleep(std::time::Duration::from_millis(5));
    on_other(&env, &other, PASS)
        .args(["edit", &id, "--text", "edited on the phone, later"])
        .assert()
        .success();

    let v = merge_json(&env, &other, &["--dry-run"]);
    assert_eq!(v["conflicts"][0]["conflict"], "both_edited");
    let out = merge_text(&env, &other);
    assert!(out.contains("conflict") && out.contains(&id[..8]), "{out}");
    assert!(out.contains("from the other copy, was kept"), "{out}");
    assert_eq!(env.texts(PASS), [SHARED, "edited on the phone, later"]);

    // Merged the other way round, the later edit wins too.
    let out = env
        .with_pass(PASS)
        .arg("--vault")
        .arg(&other)
        .arg("merge")
        .arg(env.vault())
        .output()
        .unwrap();
    ok(&out);
    assert_eq!(
        other_texts(&env, &other, PASS),
        [SHARED, "edited on the phone, later"]
    );
}

#[test]
fn a_deletion_wins_over_an_unchanged_entry() {
    let (env, other) = setup();
    let id = id_of(&env, SECOND);
    let original = env.dir.path().join("original.confide");
    fs::copy(&other, &original).unwrap();
    on_other(&env, &other, PASS)
        .args(["delete", "--yes", &id])
        .assert()
        .success();

    let v = merge_json(&env, &other, &[]);
    assert_eq!(v["deleted"][0]["short_id"], &id[..8]);
    assert_eq!(v["deleted"][0]["kind"], "journal");
    assert_eq!(env.texts(PASS), [SHARED]);
    let data = env.vault().parent().unwrap().to_path_buf();
    assert!(
        files_containing(&data, SECOND.as_bytes()).is_empty(),
        "nothing in plain text anyway"
    );

    // And a copy from before the deletion, which still has the entry unchanged, does
    // not bring it back: the deletion is remembered here now.
    let v = merge_json(&env, &original, &[]);
    assert_eq!(v["changed"], false);
    assert_eq!(env.texts(PASS), [SHARED]);
}

#[test]
fn an_old_copy_does_not_resurrect_a_deleted_entry() {
    let (env, other) = setup();
    let id = id_of(&env, SECOND);
    // This vault deletes; the other copy still has the entry, unchanged.
    env.with_pass(PASS)
        .args(["delete", "--yes", &id])
        .assert()
        .success();
    let out = merge_text(&env, &other);
    assert!(out.contains("Already up to date"), "{out}");
    assert_eq!(env.texts(PASS), [SHARED]);
    // Merged into the other copy, the deletion travels there.
    let out = env
        .with_pass(PASS)
        .arg("--vault")
        .arg(&other)
        .args(["merge", "--json"])
        .arg(env.vault())
        .output()
        .unwrap();
    ok(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["deleted"].as_array().unwrap().len(), 1);
    assert_eq!(other_texts(&env, &other, PASS), [SHARED]);
}

#[test]
fn an_entry_edited_after_its_deletion_elsewhere_is_kept_with_a_conflict() {
    let (env, other) = setup();
    let id = id_of(&env, SECOND);
    on_other(&env, &other, PASS)
        .args(["delete", "--yes", &id])
        .assert()
        .success();
    std::thread::sleep(std::time::Duration::from_millis(5));
    env.with_pass(PASS)
        .args(["edit", &id, "--text", "rewritten after the deletion"])
        .assert()
        .success();

    let v = merge_json(&env, &other, &[]);
    assert_eq!(v["conflicts"][0]["conflict"], "edited_after_delete");
    assert_eq!(v["conflicts"][0]["kept"], "this");
    assert_eq!(env.texts(PASS), [SHARED, "rewritten after the deletion"]);
    // Nothing else to do on a second merge.
    let before = fs::read(env.vault()).unwrap();
    let v = merge_json(&env, &other, &[]);
    assert_eq!(v["changed"], false);
    assert_eq!(fs::read(env.vault()).unwrap(), before);
}

#[test]
fn merging_twice_changes_nothing() {
    let (env, other) = setup();
    let id = id_of(&env, SECOND);
    env.journal("laptop");
    on_other(&env, &other, PASS)
        .args(["journal", "phone"])
        .assert()
        .success();
    on_other(&env, &other, PASS)
        .args(["edit", &id, "--text", "phone edit"])
        .assert()
        .success();
    let first = merge_json(&env, &other, &[]);
    assert_eq!(first["written"], true);
    let vault = fs::read(env.vault()).unwrap();
    let bak = fs::read(env.bak()).unwrap();

    let out = merge_text(&env, &other);
    assert!(out.contains("Already up to date"), "{out}");
    assert_eq!(fs::read(env.vault()).unwrap(), vault, "byte-identical");
    assert_eq!(fs::read(env.bak()).unwrap(), bak);
    assert_eq!(
        sorted(env.texts(PASS)),
        sorted(vec![
            SHARED.into(),
            "phone edit".into(),
            "laptop".into(),
            "phone".into()
        ])
    );
}

#[test]
fn another_passphrase_for_the_other_copy() {
    let (env, other) = setup();
    on_other(&env, &other, PASS)
        .env("CONFIDE_NEW_PASSPHRASE", NEW_PASS)
        .arg("passwd")
        .assert()
        .success();
    on_other(&env, &other, NEW_PASS)
        .args(["journal", "behind another passphrase"])
        .assert()
        .success();
    let before = fs::read(env.vault()).unwrap();

    // No source for it and no terminal: say which variables to set.
    let out = env
        .with_pass(PASS)
        .arg("merge")
        .arg(&other)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("CONFIDE_OTHER_PASSPHRASE"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");

    // A wrong one: exit 4, nothing written.
    let out = env
        .with_pass(PASS)
        .env("CONFIDE_OTHER_PASSPHRASE", "not the right words at all")
        .arg("merge")
        .arg(&other)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("not the right words"), "{err}");
    assert_eq!(
        fs::read(env.vault()).unwrap(),
        before,
        "nothing was written"
    );

    // The right one, from a file.
    let file = env.dir.path().join("other-pass");
    fs::write(&file, format!("{NEW_PASS}\n")).unwrap();
    env.with_pass(PASS)
        .env("CONFIDE_OTHER_PASSPHRASE_FILE", &file)
        .arg("merge")
        .arg(&other)
        .assert()
        .success();
    assert_eq!(
        env.texts(PASS),
        [SHARED, SECOND, "behind another passphrase"]
    );
    // This vault keeps its own passphrase.
    env.with_pass(PASS).arg("verify").assert().success();
}

#[test]
fn a_wrong_passphrase_for_this_vault_changes_nothing() {
    let (env, other) = setup();
    let before = fs::read(env.vault()).unwrap();
    env.with_pass("wrong words entirely here")
        .arg("merge")
        .arg(&other)
        .assert()
        .code(4);
    assert_eq!(fs::read(env.vault()).unwrap(), before);
}

#[test]
fn a_vault_is_not_merged_with_itself_and_a_missing_copy_is_named() {
    let (env, _) = setup();
    let same = env
        .vault()
        .parent()
        .unwrap()
        .join("..")
        .join("data")
        .join("vault.confide");
    let out = env
        .with_pass(PASS)
        .arg("merge")
        .arg(&same)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("this vault itself"), "{err}");
    assert_eq!(err.trim().lines().count(), 1);

    let link = env.dir.path().join("hard-link.confide");
    fs::hard_link(env.vault(), &link).unwrap();
    env.with_pass(PASS).arg("merge").arg(&link).assert().code(2);

    let missing = env.dir.path().join("nowhere.confide");
    let out = env
        .with_pass(PASS)
        .arg("merge")
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere.confide"));
}

#[test]
fn a_dry_run_writes_nothing() {
    let (env, other) = setup();
    let id = id_of(&env, SECOND);
    on_other(&env, &other, PASS)
        .args(["delete", "--yes", &id])
        .assert()
        .success();
    on_other(&env, &other, PASS)
        .args(["journal", "new elsewhere"])
        .assert()
        .success();
    let before = fs::read(env.vault()).unwrap();
    let before_bak = fs::read(env.bak()).unwrap();
    let before_other = fs::read(&other).unwrap();
    let out = env
        .with_pass(PASS)
        .args(["merge", "--dry-run", "--remove-other"])
        .arg(&other)
        .output()
        .unwrap();
    ok(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("Dry run") && stdout.contains("1 deleted"),
        "{stdout}"
    );
    assert_eq!(fs::read(env.vault()).unwrap(), before);
    assert_eq!(fs::read(env.bak()).unwrap(), before_bak);
    assert_eq!(fs::read(&other).unwrap(), before_other, "not removed");
    assert_eq!(env.texts(PASS), [SHARED, SECOND]);
}

#[test]
fn remove_other_destroys_the_other_copy_after_merging() {
    let (env, other) = setup();
    on_other(&env, &other, PASS)
        .args(["journal", "only in the copy"])
        .assert()
        .success();
    // Give the copy a backup too (a fold writes one).
    other_texts(&env, &other, PASS);
    let other_bak = PathBuf::from(format!("{}.bak", other.display()));
    assert!(other_bak.exists());

    let out = env
        .with_pass(PASS)
        .args(["merge", "--remove-other"])
        .arg(&other)
        .output()
        .unwrap();
    ok(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("destroyed"), "{stdout}");
    assert!(!other.exists() && !other_bak.exists());
    let sync = other.parent().unwrap();
    assert_eq!(
        fs::read_dir(sync).unwrap().count(),
        0,
        "nothing left of the copy"
    );
    assert_eq!(env.texts(PASS), [SHARED, SECOND, "only in the copy"]);
}

#[test]
fn settings_follow_the_latest_change() {
    let (env, other) = setup();
    on_other(&env, &other, PASS)
        .args(["plan", "--focus", "vulnerability"])
        .assert()
        .success();
    let v = merge_json(&env, &other, &[]);
    assert_eq!(v["settings_from_other"], true);
    let out = env
        .with_pass(PASS)
        .args(["plan", "--json"])
        .output()
        .unwrap();
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["focus"], serde_json::json!(["vulnerability"]));

    // A later change here wins over the older one there.
    env.with_pass(PASS)
        .args(["plan", "--focus", "empathic-listening"])
        .assert()
        .success();
    let v = merge_json(&env, &other, &[]);
    assert_eq!(v["settings_from_other"], false);
    assert_eq!(v["changed"], false);
}
