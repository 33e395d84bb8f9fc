//! `confide export`: encrypted by default, private entries and free text held back
//! unless asked, never overwriting, and readable with the stock tools.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common;
use common::*;
use predicates::prelude::*;
use std::fs;
use std::str::FromStr;

fn fixture() -> Env {
    let env = Env::new();
    env.init_with_start("30 days ago");
    let run = |args: &[&str]| {
        let out = env.cmd().args(args).output().unwrap();
        ok(&out);
    };
    run(&[
        "journal",
        "OPEN-JOURNAL-TEXT",
        "--mood",
        "6",
        "--at",
        "2 days ago",
    ]);
    run(&[
        "journal",
        "PRIVATE-JOURNAL-TEXT",
        "--private",
        "--at",
        "2 days ago",
    ]);
    run(&[
        "urge",
        "7",
        "--trigger",
        "tired",
        "--coping",
        "walk",
        "--outcome",
        "resisted",
        "--note",
        "URGE-NOTE-TEXT",
        "--at",
        "1 day ago",
    ]);
    run(&[
        "lapse",
        "--trigger",
        "stressed",
        "--note",
        "LAPSE-NOTE-TEXT",
        "--next-time",
        "CHAIN-TEXT",
        "--at",
        "1 day ago",
    ]);
    run(&[
        "reflect",
        "--prompt",
        "three-questions",
        "REFLECTION-TEXT",
        "--at",
        "3 hours ago",
    ]);
    env
}

/// Every free text of the fixture but the open journal's: all of it with
/// `--include-text --include-private`, none with `--no-text`.
const SECRETS: [&str; 5] = [
    "PRIVATE-JOURNAL-TEXT",
    "URGE-NOTE-TEXT",
    "LAPSE-NOTE-TEXT",
    "CHAIN-TEXT",
    "REFLECTION-TEXT",
];

/// The chain analysis is written for therapy: it leaves by default (issue 17),
/// while the lapse's note, like every other note, needs `--include-text`.
const CHAIN: &str = "CHAIN-TEXT";

/// What the default export holds back.
fn held_back_by_default() -> impl Iterator<Item = &'static str> {
    SECRETS.into_iter().filter(|s| *s != CHAIN)
}

fn identity() -> (age::x25519::Identity, String) {
    let id = age::x25519::Identity::generate();
    let r = id.to_public().to_string();
    (id, r)
}

fn decrypt(id: &age::x25519::Identity, path: &std::path::Path) -> String {
    let bytes = fs::read(path).unwrap();
    String::from_utf8(age::decrypt(id, &bytes).unwrap()).unwrap()
}

#[test]
fn markdown_to_a_recipient_holds_back_private_entries_and_text() {
    let env = fixture();
    let (id, r) = identity();
    let out = env.dir.path().join("report.md.age");
    env.with_pass(PASS)
        .args(["export", "--format", "md", "--to", &r, "-o"])
        .arg(&out)
        .assert()
        .success();
    let text = decrypt(&id, &out);
    assert!(text.contains("OPEN-JOURNAL-TEXT"));
    assert!(text.contains(CHAIN), "the chain analysis leaves by default");
    for s in held_back_by_default() {
        assert!(!text.contains(s), "{s} leaked");
    }
    assert!(text.contains("Private entries held back: 1"));
    assert!(text.contains("| tired | 1 | 1 |"));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // Never overwritten without --force.
    let before = fs::read(&out).unwrap();
    env.with_pass(PASS)
        .args(["export", "--format", "md", "--to", &r, "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(fs::read(&out).unwrap(), before);
    env.with_pass(PASS)
        .args(["export", "--format", "md", "--to", &r, "--force", "-o"])
        .arg(&out)
        .assert()
        .success();
}

#[test]
fn json_with_everything_asked_for_and_no_text() {
    let env = fixture();
    let (id, r) = identity();
    let all = env.dir.path().join("all.json.age");
    env.with_pass(PASS)
        .args([
            "export",
            "--format",
            "json",
            "--include-private",
            "--include-text",
            "--to",
            &r,
            "-o",
        ])
        .arg(&all)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&decrypt(&id, &all)).unwrap();
    assert_eq!(v["format"], "confide-export");
    assert_eq!(v["held_back_private"], 0);
    let dump = v.to_string();
    for s in SECRETS {
        assert!(dump.contains(s), "{s} missing");
    }
    let none = env.dir.path().join("none.json.age");
    env.with_pass(PASS)
        .args([
            "export",
            "--format",
            "json",
            "--include-private",
            "--no-text",
            "--to",
            &r,
            "-o",
        ])
        .arg(&none)
        .assert()
        .success();
    let dump = decrypt(&id, &none);
    for s in SECRETS.iter().chain(["OPEN-JOURNAL-TEXT"].iter()) {
        assert!(!dump.contains(s), "{s} leaked with --no-text");
    }
    let v: serde_json::Value = serde_json::from_str(&dump).unwrap();
    assert_eq!(v["entries"].as_array().unwrap().len(), 5);
}

#[test]
fn csv_tables_parse() {
    let env = fixture();
    let dir = env.dir.path().join("tables");
    env.with_pass(PASS)
        .args(["export", "--format", "csv", "--plaintext", "-o"])
        .arg(&dir)
        .assert()
        .success()
        .stderr(predicate::str::contains("NOT encrypted"));
    for t in ["urges.csv", "lapses.csv", "entries.csv", "summary.csv"] {
        let mut rd = csv::Reader::from_path(dir.join(t)).unwrap();
        let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
        assert!(!rows.is_empty(), "{t} is empty");
    }
    let urges = fs::read_to_string(dir.join("urges.csv")).unwrap();
    assert!(urges.contains("tired") && !urges.contains("URGE-NOTE-TEXT"));
    let single = env.dir.path().join("entries.csv");
    env.with_pass(PASS)
        .args(["export", "--format", "csv", "--plaintext", "-o"])
        .arg(&single)
        .assert()
        .success();
    assert_eq!(
        csv::Reader::from_path(&single).unwrap().records().count(),
        4
    );
}

#[test]
fn passphrase_and_armor_and_stock_age() {
    let env = fixture();
    let out = env.dir.path().join("report.md.age.asc");
    env.with_pass(PASS)
        .env(
            "CONFIDE_EXPORT_PASSPHRASE",
            "share this with the therapist in person",
        )
        .args([
            "export",
            "--format",
            "md",
            "--passphrase",
            "--armor",
            "--work-factor",
            "10",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let armored = fs::read_to_string(&out).unwrap();
    assert!(armored.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    let id = age::scrypt::Identity::new(age::secrecy::SecretString::from(
        "share this with the therapist in person".to_string(),
    ));
    let reader = age::armor::ArmoredReader::new(armored.as_bytes());
    let d = age::Decryptor::new(reader).unwrap();
    let mut text = String::new();
    use std::io::Read;
    d.decrypt(std::iter::once(&id as &dyn age::Identity))
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    assert!(text.contains("OPEN-JOURNAL-TEXT"));

    // The stock age CLI opens a recipient export (HTML) with an identity file.
    if common::clean_command("sh")
        .args(["-c", "command -v age"])
        .output()
        .is_ok_and(|o| o.status.success())
    {
        let (id, r) = identity();
        let idfile = env.dir.path().join("id.txt");
        fs::write(
            &idfile,
            format!(
                "{}\n",
                age::secrecy::ExposeSecret::expose_secret(&id.to_string())
            ),
        )
        .unwrap();
        let out = env.dir.path().join("r.html.age");
        env.with_pass(PASS)
            .args(["export", "--format", "html", "--to", &r, "-o"])
            .arg(&out)
            .assert()
            .success();
        let o = common::clean_command("age")
            .arg("-d")
            .arg("-i")
            .arg(&idfile)
            .arg(&out)
            .output()
            .unwrap();
        ok(&o);
        let html = String::from_utf8_lossy(&o.stdout);
        assert!(html.starts_with("<!DOCTYPE html>") && html.contains("OPEN-JOURNAL-TEXT"));
        assert!(html.contains(CHAIN), "the chain analysis leaves by default");
        for secret in held_back_by_default() {
            assert!(!html.contains(secret), "{secret} leaked into the HTML");
        }
    } else {
        skip("the stock age CLI is not installed");
    }
    assert!(age::x25519::Recipient::from_str("age1invalid").is_err());
}

#[test]
fn choices_are_checked_and_preview_writes_nothing() {
    let env = fixture();
    let out = env.dir.path().join("x.md");
    env.with_pass(PASS)
        .args(["export", "--format", "md", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--plaintext"));
    env.with_pass(PASS)
        .args([
            "export",
            "--format",
            "md",
            "--plaintext",
            "--passphrase",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(2);
    env.with_pass(PASS)
        .args(["export", "--format", "md", "--to", "bob", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a recipient"));
    env.with_pass(PASS)
        .args(["export", "--format", "md", "--plaintext", "--armor", "-o"])
        .arg(&out)
        .assert()
        .code(2);
    let before: Vec<_> = fs::read_dir(env.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    env.with_pass(PASS)
        .args(["export", "--format", "md", "--preview"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 held back"))
        .stdout(predicate::str::contains("nothing was written"));
    let after: Vec<_> = fs::read_dir(env.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(before.len(), after.len());
    assert!(!out.exists());
}
