//! `confide import`: a confide export comes back exactly (round trip), jrnl entries
//! come in as journal entries, encrypted files open with a passphrase or an identity,
//! and bad input changes nothing.

use super::common;
use common::*;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

const FIXTURE: &str = "tests/testdata/export-fixture.json";
const JRNL: &str = "tests/testdata/jrnl-export.json";
const EXPORT_PASS: &str = "a one-time passphrase to share in person";

fn fixture_path(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn import(env: &Env, file: &Path) -> assert_cmd::assert::Assert {
    env.with_pass(PASS)
        .env("TZ", "UTC")
        .arg("import")
        .arg(file)
        .assert()
}

/// `confide export --format json --all --plaintext` into `out`; returns the text with
/// the generation time replaced by GENERATED.
fn export_all(env: &Env, out: &Path) -> String {
    env.with_pass(PASS)
        .env("TZ", "UTC")
        .args(["export", "--format", "json", "--all", "--plaintext", "-o"])
        .arg(out)
        .assert()
        .success();
    let text = fs::read_to_string(out).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let generated = v["generated_at"].as_str().unwrap().to_string();
    text.replace(&generated, "GENERATED")
}

#[test]
fn export_then_import_gives_an_identical_export() {
    let a = Env::new();
    a.init();
    import(&a, &fixture_path(FIXTURE))
        .success()
        .stdout(predicate::str::contains("Imported 10 entries"))
        .stdout(predicate::str::contains("2 of them are marked private"))
        .stdout(predicate::str::contains(
            "recovery start moved back to 2026-10-01",
        ));
    let first = export_all(&a, &a.dir.path().join("first.json"));

    // Ids, times and every field given in the fixture are kept.
    let exported: serde_json::Value = serde_json::from_str(&first).unwrap();
    let fixture: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(fixture_path(FIXTURE)).unwrap()).unwrap();
    let out = exported["entries"].as_array().unwrap();
    for want in fixture["entries"].as_array().unwrap() {
        let got = out
            .iter()
            .find(|e| e["id"] == want["id"])
            .unwrap_or_else(|| panic!("{} missing", want["id"]));
        for (k, v) in want.as_object().unwrap() {
            let same = if k.ends_with("_at") {
                // Same instant in the same offset (RFC 3339 has several spellings).
                let t = |v: &serde_json::Value| {
                    chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap()
                };
                t(v) == t(&got[k]) && t(v).offset() == t(&got[k]).offset()
            } else if k == "halt" || k == "triggers" {
                let mut a: Vec<_> = v.as_array().unwrap().clone();
                let mut b: Vec<_> = got[k].as_array().unwrap().clone();
                a.sort_by_key(|x| x.to_string());
                b.sort_by_key(|x| x.to_string());
                a == b
            } else {
                &got[k] == v
            };
            assert!(
                same,
                "{}: {k} is {} in the export, {v} in the fixture",
                want["id"], got[k]
            );
        }
    }

    // Into a fresh vault, and out again: byte for byte the same.
    let b = Env::new();
    b.init();
    import(&b, &a.dir.path().join("first.json"))
        .success()
        .stdout(predicate::str::contains("Imported 10 entries"));
    let second = export_all(&b, &b.dir.path().join("second.json"));
    assert_eq!(first, second);

    // A second import adds nothing and says so; a changed copy keeps the vault's.
    import(&b, &a.dir.path().join("first.json"))
        .success()
        .stdout(predicate::str::contains("Imported 0 entries"))
        .stdout(predicate::str::contains(
            "Skipped 10 entries already in the vault",
        ));
    // A vault with entries keeps its own recovery start.
    let c = Env::new();
    c.init();
    c.journal("already here");
    import(&c, &a.dir.path().join("first.json"))
        .success()
        .stdout(predicate::str::contains("this vault keeps its own"));
    let changed = first.replace("Walked with R.", "Walked with R. (changed)");
    let changed_path = b.dir.path().join("changed.json");
    fs::write(&changed_path, changed).unwrap();
    import(&b, &changed_path)
        .success()
        .stdout(predicate::str::contains("1 in the file differ"));
    assert!(
        !b.entries()
            .iter()
            .any(|e| e["text"].as_str().is_some_and(|t| t.contains("(changed)")))
    );
}

#[test]
fn jrnl_entries_become_journal_entries() {
    let env = Env::new();
    env.init();
    let path = fixture_path(JRNL);
    env.with_pass(PASS)
        .env("TZ", "UTC")
        .args(["import", "--dry-run"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Would import 3 entries (3 journal) from a jrnl export",
        ))
        .stdout(predicate::str::contains("nothing was imported"));
    assert!(env.entries().is_empty(), "a dry run adds nothing");
    import(&env, &path).success();
    let entries = env.entries();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0]["kind"], "journal");
    assert_eq!(entries[0]["occurred_at"], "2026-09-14T21:30:00+00:00");
    assert_eq!(
        entries[0]["text"],
        "Hard day at work.\nCame home tired and wanted to zone out. Went for a walk instead."
    );
    assert_eq!(entries[0]["tags"], serde_json::json!(["work", "evening"]));
    assert_eq!(
        entries[1]["tags"],
        serde_json::json!(["evening", "starred"])
    );
    assert_eq!(entries[1]["text"], "Talked with R. about last month.");
    assert_eq!(
        entries[2]["text"],
        "Morning pages\nSlept well. Émotions: calm, hopeful."
    );
    // Importing the same jrnl file again adds nothing.
    import(&env, &path)
        .success()
        .stdout(predicate::str::contains(
            "Skipped 3 entries already in the vault",
        ));
    assert_eq!(env.entries().len(), 3);
}

#[test]
fn encrypted_files_open_with_a_passphrase_or_an_identity() {
    let a = Env::new();
    a.init();
    import(&a, &fixture_path(FIXTURE)).success();

    // A passphrase export, armored.
    let pass_file = a.dir.path().join("backup.json.age.asc");
    a.with_pass(PASS)
        .env("CONFIDE_EXPORT_PASSPHRASE", EXPORT_PASS)
        .args([
            "export",
            "--format",
            "json",
            "--all",
            "--passphrase",
            "--armor",
            "--work-factor",
            "10",
            "-o",
        ])
        .arg(&pass_file)
        .assert()
        .success();
    let b = Env::new();
    b.init();
    let before = fs::read(b.vault()).unwrap();
    b.with_pass(PASS)
        .env("CONFIDE_IMPORT_PASSPHRASE", "not the passphrase")
        .arg("import")
        .arg(&pass_file)
        .assert()
        .code(4)
        .stderr(predicate::str::contains("does not open"));
    assert_eq!(
        fs::read(b.vault()).unwrap(),
        before,
        "a wrong passphrase changes nothing"
    );
    b.with_pass(PASS)
        .arg("import")
        .arg(&pass_file)
        .assert()
        .failure()
        .stderr(predicate::str::contains("CONFIDE_IMPORT_PASSPHRASE"));
    b.with_pass(PASS)
        .env("CONFIDE_IMPORT_PASSPHRASE", EXPORT_PASS)
        .arg("import")
        .arg(&pass_file)
        .assert()
        .success()
        .stdout(predicate::str::contains("Imported 10 entries"));

    // A recipient export opens with the identity file.
    let id = age::x25519::Identity::generate();
    let idfile = a.dir.path().join("key.txt");
    fs::write(
        &idfile,
        format!(
            "# test key\n{}\n",
            age::secrecy::ExposeSecret::expose_secret(&id.to_string())
        ),
    )
    .unwrap();
    let key_file = a.dir.path().join("backup.json.age");
    a.with_pass(PASS)
        .args(["export", "--format", "json", "--all", "--to"])
        .arg(id.to_public().to_string())
        .arg("-o")
        .arg(&key_file)
        .assert()
        .success();
    let c = Env::new();
    c.init();
    c.with_pass(PASS)
        .arg("import")
        .arg(&key_file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--identity"));
    let other = a.dir.path().join("other.txt");
    fs::write(
        &other,
        age::secrecy::ExposeSecret::expose_secret(&age::x25519::Identity::generate().to_string()),
    )
    .unwrap();
    c.with_pass(PASS)
        .arg("import")
        .arg(&key_file)
        .arg("--identity")
        .arg(&other)
        .assert()
        .code(4);
    c.with_pass(PASS)
        .arg("import")
        .arg(&key_file)
        .arg("--identity")
        .arg(&idfile)
        .assert()
        .success()
        .stdout(predicate::str::contains("Imported 10 entries"));
    assert_eq!(c.entries().len(), 10);
}

#[test]
fn bad_input_names_the_place_and_changes_nothing() {
    let env = Env::new();
    env.init();
    let before = fs::read(env.vault()).unwrap();
    let cases: [(&str, &str); 5] = [
        (
            "{\"format\": \"confide-export\", \"version\": 1,\n \"entries\": [\n {\"id\": SECRET-WORD}]}",
            "line 3",
        ),
        (
            r#"{"format":"confide-export","version":1,"entries":[{"id":"0a000000000000000000000000000001","kind":"journal","occurred_at":"2026-11-02T20:00:00Z","text":"fine"},{"id":"0a000000000000000000000000000002","kind":"urge","occurred_at":"2026-11-02T20:00:00Z","intensity":12,"note":"SECRET-WORD"}]}"#,
            "entry 2: `intensity` must be a whole number from 1 to 10",
        ),
        (
            r#"{"format":"confide-export","version":1,"entries":[{"id":"0a000000000000000000000000000001","kind":"journal","occurred_at":"2026-11-02T20:00:00Z","mood":"SECRET-WORD"}]}"#,
            "unexpected value",
        ),
        (
            r#"{"format":"confide-export","version":7,"entries":[]}"#,
            "newer confide",
        ),
        (r#"{"notes":["SECRET-WORD"]}"#, "--from"),
    ];
    for (i, (text, expected)) in cases.iter().enumerate() {
        let path = env.dir.path().join(format!("bad-{i}.json"));
        fs::write(&path, text).unwrap();
        let out = env
            .with_pass(PASS)
            .arg("import")
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = if expected == &"newer confide" { 9 } else { 2 };
        assert_eq!(out.status.code(), Some(code), "case {i}: {stderr}");
        assert!(stderr.contains(expected), "case {i}: {stderr}");
        assert!(
            stderr.contains("nothing was imported"),
            "case {i}: {stderr}"
        );
        assert!(
            !stderr.contains("SECRET-WORD"),
            "case {i} quoted the file: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "case {i}: one line: {stderr}");
        assert_eq!(
            fs::read(env.vault()).unwrap(),
            before,
            "case {i} changed the vault"
        );
    }
    env.with_pass(PASS)
        .args(["import", "no-such-file.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot open"));
    // Forcing the wrong format is caught too.
    env.with_pass(PASS)
        .args(["import", "--from", "jrnl-json"])
        .arg(fixture_path(FIXTURE))
        .assert()
        .code(2);
    assert!(env.entries().is_empty());
}
