//! Interop with the stock `age` CLI (Debian package `age`): every encrypted part of a
//! vault is a standard age file. The key part opens with the passphrase, the recovery
//! part with the recovery code, and the state and records with the identity from the
//! key part. This is the "reading your vault without confide" path of docs/FORMAT.md.
//!
//! age 1.x reads passphrases only from a terminal, so it is driven through `script`,
//! which gives it a pseudo-terminal, with the passphrase fed after a short delay.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common::{self, PASS};
use confide::model::envelope::{Record, RecordEnvelope, StateEnvelope};
use confide::vault::container::{self, Tag, Verify};
use confide::vault::crypto;
use std::fs;
use std::path::Path;
use std::process::Stdio;

/// The stock tools, or `None` with a clear note when they are missing locally. In CI
/// (`CI` set) a missing tool is a failure: `.ci/run` installs them.
fn stock_age() -> Option<()> {
    let have = |bin: &str| {
        common::clean_command("sh")
            .arg("-c")
            .arg(format!("command -v {bin}"))
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if have("age") && have("script") {
        return Some(());
    }
    common::skip(
        "the stock `age` CLI (Debian package `age`) or `script` (util-linux) is not installed; \
         run `apt-get install -y age` to run the interop tests",
    );
    None
}

/// Runs `age -d` with a passphrase typed into a pseudo-terminal.
fn age_decrypt_with_passphrase(input: &Path, output: &Path, passphrase: &str) {
    let cmd = format!("age -d -o '{}' '{}'", output.display(), input.display());
    let mut child = common::clean_command("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let pass = passphrase.to_string();
    let feeder = std::thread::spawn(move || {
        use std::io::Write;
        std::thread::sleep(std::time::Duration::from_millis(700));
        let _ = writeln!(stdin, "{pass}");
        std::thread::sleep(std::time::Duration::from_millis(300));
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert!(
        out.status.success() && output.exists(),
        "age -d failed: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

fn age_decrypt_with_identity(input: &Path, identity: &Path) -> Vec<u8> {
    let out = common::clean_command("age")
        .arg("-d")
        .arg("-i")
        .arg(identity)
        .arg(input)
        .output()
        .unwrap();
    common::ok(&out);
    out.stdout
}

/// confide on `vault` from a cleared environment, HOME in the vault's folder.
fn confide(vault: &Path) -> assert_cmd::Command {
    let home = vault.parent().expect("the vault is in a folder");
    let mut c =
        assert_cmd::Command::from_std(common::scratch_command(home, vault, common::confide_bin()));
    c.env("CONFIDE_PASSPHRASE", PASS).write_stdin("");
    c
}

#[test]
fn stock_age_decrypts_every_part() {
    if stock_age().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault.confide");
    let init = confide(&vault)
        .args(["init", "--work-factor", "10"])
        .output()
        .unwrap();
    common::ok(&init);
    let code = String::from_utf8(init.stdout)
        .unwrap()
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 29 && l.matches('-').count() == 4)
        .unwrap()
        .to_string();
    confide(&vault)
        .args(["journal", "folded into the state"])
        .assert()
        .success();
    confide(&vault).args(["list", "--json"]).assert().success();
    confide(&vault)
        .args(["journal", "still an appended record"])
        .assert()
        .success();

    // Split the vault into standalone age files.
    let bytes = fs::read(&vault).unwrap();
    let layout = container::scan(&mut fs::File::open(&vault).unwrap(), Verify::All).unwrap();
    let write_part = |name: &str, p: &container::PartRef| {
        let path = dir.path().join(name);
        fs::write(&path, &bytes[p.payload as usize..p.end() as usize]).unwrap();
        path
    };
    let key = write_part("key.age", &layout.part(Tag::Key));
    let recovery = write_part("recovery.age", &layout.part(Tag::Recovery));
    let state = write_part("state.age", &layout.part(Tag::State));
    let record = write_part("record-0.age", layout.records().next().unwrap());

    // The key part opens with the passphrase and is an age identity file.
    let identity = dir.path().join("identity.txt");
    age_decrypt_with_passphrase(&key, &identity, PASS);
    let id_text = fs::read_to_string(&identity).unwrap();
    assert!(id_text.contains("AGE-SECRET-KEY-1"));
    assert!(id_text.contains(&format!("# recovery code: {code}")));

    // The recovery part opens with the recovery code and holds the same identity.
    let identity2 = dir.path().join("identity-from-code.txt");
    age_decrypt_with_passphrase(&recovery, &identity2, &code);
    let key_line = |t: &str| {
        t.lines()
            .find(|l| l.starts_with("AGE-SECRET-KEY-"))
            .unwrap()
            .to_string()
    };
    assert_eq!(
        key_line(&fs::read_to_string(&identity2).unwrap()),
        key_line(&id_text)
    );

    // The state and the record open with the identity and decode as documented.
    let state_pt = age_decrypt_with_identity(&state, &identity);
    assert_eq!(state_pt.len() % crypto::PAD_TO, 0);
    let env: StateEnvelope = crypto::decode_padded(&state_pt).unwrap();
    let state = env.into_current();
    assert_eq!(state.entries.len(), 1);
    assert!(
        matches!(&state.entries[0].body, confide::model::EntryBody::Journal(j) if j.text == "folded into the state")
    );

    let record_pt = age_decrypt_with_identity(&record, &identity);
    let env: RecordEnvelope = crypto::decode_padded(&record_pt).unwrap();
    let Record::Add(entry) = env.into_current();
    assert!(
        matches!(&entry.body, confide::model::EntryBody::Journal(j) if j.text == "still an appended record")
    );
}

#[test]
fn confide_reads_what_stock_age_encrypts_to_the_vault_recipient() {
    if stock_age().is_none() {
        return;
    }
    // A record made entirely by stock age (the documented plaintext layout encrypted
    // to the header's recipient) is accepted by confide: the format has no private
    // parts beyond what FORMAT.md says.
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault.confide");
    confide(&vault)
        .args(["init", "--work-factor", "10"])
        .assert()
        .success();
    confide(&vault)
        .args(["journal", "template"])
        .assert()
        .success();
    let layout = container::scan(&mut fs::File::open(&vault).unwrap(), Verify::All).unwrap();
    let recipient = layout.header.recipient.clone();
    let rec = *layout.records().next().unwrap();
    let mut bytes = fs::read(&vault).unwrap();
    bytes.truncate(rec.start as usize);

    let entry = confide::model::Entry::new(
        confide::model::EntryBody::Journal(confide::model::entry::Journal {
            text: "written by stock age".into(),
            mood: None,
            emotions: Vec::new(),
        }),
        confide::model::Timestamp::now(),
    );
    let pt = crypto::encode_padded(&RecordEnvelope::current(Record::Add(entry))).unwrap();
    let pt_path = dir.path().join("record.bin");
    fs::write(&pt_path, &pt[..]).unwrap();
    let out = common::clean_command("age")
        .args(["-e", "-r", &recipient])
        .arg(&pt_path)
        .output()
        .unwrap();
    common::ok(&out);
    bytes.extend_from_slice(&container::encode_part(Tag::Record, &out.stdout));
    fs::write(&vault, &bytes).unwrap();
    let out = confide(&vault).args(["list", "--json"]).output().unwrap();
    common::ok(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["entries"][0]["text"], "written by stock age");
}

#[test]
fn stock_age_decrypts_every_export() {
    if stock_age().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v.confide");
    confide(&vault)
        .args(["init", "--work-factor", "10"])
        .assert()
        .success();
    confide(&vault)
        .args(["journal", "interop export text", "--mood", "6"])
        .assert()
        .success();
    confide(&vault)
        .args(["urge", "5", "--trigger", "tired", "--outcome", "resisted"])
        .assert()
        .success();
    let id = age::x25519::Identity::generate();
    let idfile = dir.path().join("key.txt");
    std::fs::write(
        &idfile,
        format!(
            "{}\n",
            age::secrecy::ExposeSecret::expose_secret(&id.to_string())
        ),
    )
    .unwrap();
    let to = id.to_public().to_string();
    // Every format to a recipient, armored and not; CSV as a directory of tables.
    for (format, armor) in [
        ("html", false),
        ("md", true),
        ("json", false),
        ("csv", false),
    ] {
        let out = dir.path().join(format!("report-{format}"));
        let mut c = confide(&vault);
        c.args([
            "export",
            "--format",
            format,
            "--include-text",
            "--to",
            &to,
            "-o",
        ])
        .arg(&out);
        if armor {
            c.arg("--armor");
        }
        c.assert().success();
        let files: Vec<std::path::PathBuf> = if format == "csv" {
            std::fs::read_dir(&out)
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .collect()
        } else {
            vec![out.clone()]
        };
        assert!(!files.is_empty());
        for f in files {
            let plain = age_decrypt_with_identity(&f, &idfile);
            assert!(!plain.is_empty(), "{} decrypted to nothing", f.display());
            if format != "csv" || f.to_string_lossy().contains("entries") {
                assert!(
                    String::from_utf8_lossy(&plain).contains("interop export text"),
                    "{}",
                    f.display()
                );
            }
        }
    }
    // A one-time passphrase export, typed into the stock CLI.
    let out = dir.path().join("report.json.age");
    confide(&vault)
        .env(
            "CONFIDE_EXPORT_PASSPHRASE",
            "a one-time passphrase for interop",
        )
        .args([
            "export",
            "--format",
            "json",
            "--passphrase",
            "--work-factor",
            "10",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let plain = dir.path().join("report.json");
    age_decrypt_with_passphrase(&out, &plain, "a one-time passphrase for interop");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&plain).unwrap()).unwrap();
    assert_eq!(v["format"], "confide-export");
}

/// The documented recovery without confide, end to end, on a vault written by today's
/// confide: `split-vault.py` splits it, the stock `age` decrypts the key part with the
/// passphrase and the state and a record with the identity, and `split-vault.py
/// --decode` reads them. Every entry comes out as `confide list --json` shows it.
/// Before: the script stopped at state format 6 ("needs a newer confide"), so no
/// vault written since format 6 could be read without confide.
#[test]
fn the_recovery_script_reads_what_confide_writes_today() {
    let listed = |vault: &Path| -> Vec<serde_json::Value> {
        let out = confide(vault).args(["list", "--json"]).output().unwrap();
        let v: serde_json::Value = serde_json::from_str(&common::ok(&out)).unwrap();
        v["entries"].as_array().unwrap().clone()
    };
    let listed_ids = |vault: &Path, text: &str| -> String {
        listed(vault)
            .iter()
            .find(|e| e["text"] == text)
            .unwrap_or_else(|| panic!("no entry {text}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    if stock_age().is_none() {
        return;
    }
    if !common::clean_command("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        common::skip("python3 is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault.confide");
    common::ok(
        &confide(&vault)
            .args(["init", "--work-factor", "10", "--start", "2026-01-01"])
            .output()
            .unwrap(),
    );
    // Every field format 6 added: a moved start (start_history) and a lapse that adds
    // to an episode (`of`); and a tombstone.
    confide(&vault)
        .args(["journal", "first words", "--at", "2026-02-01 09:00"])
        .assert()
        .success();
    confide(&vault)
        .args([
            "urge",
            "8",
            "--outcome",
            "acted",
            "--at",
            "2026-02-02 22:00",
        ])
        .assert()
        .success();
    let urge_id = {
        let out = confide(&vault).args(["list", "--json"]).output().unwrap();
        let v: serde_json::Value = serde_json::from_str(&common::ok(&out)).unwrap();
        v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "urge")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    confide(&vault)
        .args(["start", "2026-01-15"])
        .assert()
        .success();
    confide(&vault)
        .args(["journal", "to be deleted", "--at", "2026-02-03 10:00"])
        .assert()
        .success();
    // Format 7 added the agenda kind: a point closed before the last rewrite (in the
    // state, with its done_at), and one still open appended after it (a record).
    confide(&vault)
        .args(["agenda", "SETTLED-POINT"])
        .assert()
        .success();
    let settled = listed_ids(&vault, "SETTLED-POINT");
    confide(&vault)
        .args(["agenda", "--done", &settled[..8]])
        .assert()
        .success();
    // Format 9: an urge with its surfing curve (as `confide surf` saves it), imported
    // into the state part.
    let surfed = dir.path().join("surfed.json");
    fs::write(
        &surfed,
        r#"{"schema":1,"entries":[{"id":"5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f","kind":"urge","occurred_at":"2026-02-04T20:00:00Z","intensity":8,"outcome":"resisted","minutes":10,"curve":[{"seconds":0,"intensity":6},{"seconds":120,"intensity":8},{"seconds":600,"intensity":3}]}]}"#,
    )
    .unwrap();
    confide(&vault)
        .arg("import")
        .arg(&surfed)
        .assert()
        .success();
    // Format 8: each remembered export says whom it was for (recipients sorted,
    // each once; a marker for --plaintext) and where its range ended (--until, a day:
    // its end; or when it was made).
    let recipient = || age::x25519::Identity::generate().to_public().to_string();
    let (a, b) = (recipient(), recipient());
    let (first, second) = if a < b { (a, b) } else { (b, a) };
    let sealed = dir.path().join("r.json.age");
    confide(&vault)
        .args([
            "export", "--format", "json", "--to", &second, "--to", &first,
        ])
        .args([
            "--to",
            &second,
            "--since",
            "2026-01-20",
            "--until",
            "2026-02-02",
            "-o",
        ])
        .arg(&sealed)
        .assert()
        .success();
    let plain = dir.path().join("r.md");
    confide(&vault)
        .args(["export", "--format", "md", "--plaintext", "-o"])
        .arg(&plain)
        .assert()
        .success();
    confide(&vault)
        .args(["settings", "--partner", "no"])
        .assert()
        .success();
    let doomed = listed_ids(&vault, "to be deleted");
    confide(&vault)
        .args(["delete", "--yes", &doomed])
        .assert()
        .success();
    // Appended after the last rewrite: stays a record.
    confide(&vault)
        .args(["lapse", "--for", &urge_id[..8], "--note", "added later"])
        .assert()
        .success();
    confide(&vault)
        .args(["agenda", "OPEN-POINT"])
        .assert()
        .success();

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/split-vault.py");
    let parts = dir.path().join("parts");
    common::ok(
        &common::clean_command("python3")
            .arg(&script)
            .arg(&vault)
            .arg(&parts)
            .output()
            .unwrap(),
    );
    let identity = dir.path().join("identity.txt");
    age_decrypt_with_passphrase(&parts.join("key.age"), &identity, PASS);
    let decode = |kind: &str, age_file: &Path| -> serde_json::Value {
        let plain = dir.path().join(format!("{kind}.bin"));
        fs::write(&plain, age_decrypt_with_identity(age_file, &identity)).unwrap();
        let out = common::clean_command("python3")
            .arg(&script)
            .args(["--decode", kind])
            .arg(&plain)
            .output()
            .unwrap();
        serde_json::from_str(&common::ok(&out)).unwrap()
    };
    let state = decode("state", &parts.join("state.age"));
    let record = decode("record", &parts.join("record-1.age"));
    let point = decode("record", &parts.join("record-2.age"));
    assert_eq!(state["envelope_version"], 10);
    assert_eq!(state["partner"], "no");
    assert_eq!(record["envelope_version"], 5);
    assert_eq!(point["envelope_version"], 5);
    assert_eq!(state["start"].as_str().unwrap()[..10], *"2026-01-15");
    assert_eq!(state["start_history"].as_array().unwrap().len(), 1);
    assert_eq!(state["tombstones"][0]["id"], doomed);
    let exports = state["exports"].as_array().unwrap();
    assert_eq!(exports.len(), 2, "{exports:?}");
    assert_eq!(exports[0]["path"], sealed.to_str().unwrap());
    assert_eq!(exports[0]["to"], serde_json::json!([first, second]));
    assert_eq!(exports[0]["encrypted"], true);
    assert_eq!(exports[0]["until"], "2026-02-02T23:59:59.999+00:00");
    let until = |e: &serde_json::Value| {
        chrono::DateTime::parse_from_rfc3339(e["until"].as_str().unwrap()).unwrap()
    };
    let written = |e: &serde_json::Value| {
        chrono::DateTime::parse_from_rfc3339(e["written_at"].as_str().unwrap()).unwrap()
    };
    assert!(until(&exports[0]) < written(&exports[0]));
    // Without --until the range ends when the report was made, just before the file
    // was written.
    assert!(until(&exports[1]) <= written(&exports[1]));
    assert!(written(&exports[1]) - until(&exports[1]) < chrono::Duration::seconds(60));
    assert_eq!(exports[1]["path"], plain.to_str().unwrap());
    assert_eq!(exports[1]["to"], serde_json::json!(["plaintext"]));
    assert_eq!(exports[1]["encrypted"], false);

    let mut decoded: Vec<serde_json::Value> = state["entries"].as_array().unwrap().clone();
    decoded.push(record["add"].clone());
    decoded.push(point["add"].clone());
    let shown = listed(&vault);
    assert_eq!(decoded.len(), shown.len());
    for e in &shown {
        let d = decoded
            .iter()
            .find(|d| d["id"] == e["id"])
            .unwrap_or_else(|| panic!("entry {} not decoded", e["id"]));
        for (k, v) in d.as_object().unwrap() {
            assert_eq!(&e[k.as_str()], v, "field {k} of a {} entry", e["kind"]);
        }
    }
    let added = &record["add"];
    assert_eq!(added["kind"], "lapse");
    assert_eq!(added["adds_to"], urge_id[..8]);
    // The agenda points, closed and open, as `list --json` shows them (compared
    // field by field above).
    let open = &point["add"];
    assert_eq!(open["kind"], "agenda");
    assert_eq!(open["text"], "OPEN-POINT");
    assert!(open["done_at"].is_null(), "{open}");
    let closed = decoded.iter().find(|d| d["id"] == settled).unwrap();
    assert_eq!(closed["kind"], "agenda");
    assert_eq!(closed["text"], "SETTLED-POINT");
    assert!(closed["done_at"].is_string(), "{closed}");
    // The surfing curve, as `list --json` shows it (compared field by field above).
    let surfed = decoded
        .iter()
        .find(|d| d["id"] == "5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f")
        .unwrap();
    assert_eq!(
        surfed["curve"],
        serde_json::json!([
            {"seconds": 0, "intensity": 6},
            {"seconds": 120, "intensity": 8},
            {"seconds": 600, "intensity": 3}
        ])
    );
}
