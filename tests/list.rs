//! `confide list` of a list too large to keep in memory writes each entry in its turn
//! from a second read of the vault (`Streamed::again`). Debug builds take the size
//! at which that starts from CONFIDE_TEST_LIST_KEEP_BYTES, so these tests make a few
//! entries "too many" and check that every output is byte for byte what the one-read
//! path prints: entries written out of order (backdated), a limit, a filter, with
//! records still to fold, and through an unlock session.

use super::common;
use common::*;
use std::os::unix::fs::PermissionsExt;

/// A vault whose stored order is not the listed order: entries backdated, two at the
/// same minute (ties keep their stored order), a few tagged.
fn vault_out_of_order(env: &Env) {
    env.init();
    let entries: &[(&str, Option<&str>, &[&str])] = &[
        (
            "written first, happened third",
            Some("2026-03-03 10:00"),
            &["work"],
        ),
        (
            "written second, happened first",
            Some("2026-01-01 09:00"),
            &[],
        ),
        ("written third, happened now", None, &["work"]),
        (
            "written fourth, happened second",
            Some("2026-02-02 08:00"),
            &[],
        ),
        ("tie one", Some("2026-02-10 12:00"), &["work"]),
        ("tie two", Some("2026-02-10 12:00"), &[]),
        (
            "written last, happened between",
            Some("2026-03-01 07:30"),
            &["home"],
        ),
    ];
    for (text, at, tags) in entries {
        let mut c = env.cmd();
        c.args(["journal", text]);
        if let Some(at) = at {
            c.args(["--at", at]);
        }
        for t in *tags {
            c.args(["--tag", t]);
        }
        c.assert().success();
    }
}

/// `confide list ARGS` with the passphrase, keeping at most `keep` bytes of entries
/// (none: the default).
fn list(env: &Env, args: &[&str], keep: Option<usize>) -> String {
    let mut c = env.with_pass(PASS);
    c.arg("list").args(args);
    if let Some(k) = keep {
        c.env("CONFIDE_TEST_LIST_KEEP_BYTES", k.to_string());
    }
    ok(&c.output().unwrap())
}

const SHAPES: &[&[&str]] = &[
    &["--json"],
    &[],
    &["--full"],
    &["-n", "3"],
    &["-n", "3", "--json"],
    &["--tag", "work", "--json"],
    &["--tag", "work"],
    &["--kind", "urge"],
    &["--tag", "nothing-has-this", "--json"],
];

#[test]
fn a_list_written_from_the_second_read_is_the_same() {
    let env = Env::new();
    vault_out_of_order(&env);
    // The first read folds the appended records; then nothing is left to fold.
    let json: serde_json::Value = serde_json::from_str(&list(&env, &["--json"], None)).unwrap();
    assert_eq!(json["entries"].as_array().unwrap().len(), 7);
    for args in SHAPES {
        let once = list(&env, args, None);
        for keep in [0, 1, 2000] {
            assert_eq!(
                list(&env, args, Some(keep)),
                once,
                "list {args:?}, keeping {keep} bytes"
            );
        }
    }
}

#[test]
fn the_second_read_folds_records_as_the_first() {
    let env = Env::new();
    vault_out_of_order(&env);
    let once = list(&env, &["--json"], None);
    // Two more, appended as records: the first read folds them and rewrites the vault.
    env.cmd()
        .args([
            "journal",
            "appended, happened long ago",
            "--at",
            "2025-12-24 18:00",
        ])
        .assert()
        .success();
    env.cmd()
        .args(["journal", "appended, happened now"])
        .assert()
        .success();
    assert_eq!(env.records(), 2);
    let spilled = list(&env, &["--json"], Some(0));
    assert_eq!(env.records(), 0, "folded by the first read");
    let v: serde_json::Value = serde_json::from_str(&spilled).unwrap();
    let texts: Vec<&str> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts.len(), 9);
    assert_eq!(texts[0], "appended, happened long ago");
    assert_eq!(spilled, list(&env, &["--json"], None));
    assert_ne!(spilled, once);
}

/// The backup opens read-only: its records are folded in memory, by each read.
#[test]
fn a_read_only_vault_with_records_is_listed_from_the_second_read() {
    let env = Env::new();
    vault_out_of_order(&env);
    env.cmd()
        .args(["journal", "appended", "--at", "2025-12-24 18:00"])
        .assert()
        .success();
    // This read folds the record; the backup keeps the file as it was, record and all.
    list(&env, &[], None);
    let bak = env.bak().to_str().unwrap().to_string();
    let count = |args: &[&str], keep| {
        let mut all = vec!["--vault", &bak];
        all.extend_from_slice(args);
        list(&env, &all, keep)
    };
    let once = count(&["--json"], None);
    assert!(once.contains("appended"), "{once}");
    assert_eq!(count(&["--json"], Some(0)), once);
    assert_eq!(count(&["-n", "2"], Some(0)), count(&["-n", "2"], None));
}

#[test]
fn through_an_unlock_session_the_second_read_needs_no_passphrase() {
    let env = Env::new();
    vault_out_of_order(&env);
    let once = list(&env, &["--json"], None);
    let run = env.dir.path().join("run");
    std::fs::create_dir_all(&run).unwrap();
    std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o700)).unwrap();
    let out = env
        .with_pass(PASS)
        .env("XDG_RUNTIME_DIR", &run)
        .args(["unlock", "--for", "5m"])
        .output()
        .unwrap();
    ok(&out);
    let out = env
        .cmd()
        .env("XDG_RUNTIME_DIR", &run)
        .env("CONFIDE_TEST_LIST_KEEP_BYTES", "0")
        .args(["list", "--json"])
        .output()
        .unwrap();
    let spilled = ok(&out);
    env.cmd()
        .env("XDG_RUNTIME_DIR", &run)
        .arg("lock")
        .assert()
        .success();
    assert_eq!(spilled, once);
}
