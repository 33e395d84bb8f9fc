//! End-to-end tests of the installed binary: every command of the vault issue, every
//! passphrase source, and the failure modes (wrong passphrase, no terminal, damage,
//! tampering, a torn final record, a busy vault).

use confide::vault::container::{self, Tag, Verify};
use predicates::prelude::*;
use std::fs;
use std::path::Path;

use super::common;
use common::*;

fn layout(path: &Path) -> container::Layout {
    container::scan(&mut fs::File::open(path).unwrap(), Verify::All).unwrap()
}

#[test]
fn init_journal_list_round_trip() {
    let env = Env::new();
    let code = env.init();
    assert_eq!(code.len(), 29);
    env.journal("Walked instead of scrolling tonight.");
    env.cmd()
        .arg("journal")
        .write_stdin("From standard input.\n")
        .assert()
        .success();
    assert_eq!(
        env.texts(PASS),
        [
            "Walked instead of scrolling tonight.",
            "From standard input."
        ]
    );
    let table = env
        .with_pass(PASS)
        .arg("list")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let table = String::from_utf8(table).unwrap();
    assert!(
        table.contains("journal") && table.contains("Walked instead of scrolling"),
        "{table}"
    );
}

#[test]
fn passphrase_sources_in_order() {
    let env = Env::new();
    env.init();
    env.journal("one");
    // File source.
    let file = env.dir.path().join("pass.txt");
    fs::write(&file, format!("{PASS}\n")).unwrap();
    let out = env
        .cmd()
        .env("CONFIDE_PASSPHRASE_FILE", &file)
        .args(["list", "--json"])
        .output()
        .unwrap();
    ok(&out);
    // Command source, which wins over a wrong file and a wrong variable.
    env.cmd()
        .env(
            "CONFIDE_PASSPHRASE_COMMAND",
            format!("printf '%s\\n' '{PASS}'"),
        )
        .env("CONFIDE_PASSPHRASE_FILE", "/nonexistent")
        .env("CONFIDE_PASSPHRASE", "wrong")
        .args(["list", "--json"])
        .assert()
        .success();
    // File wins over the variable.
    env.cmd()
        .env("CONFIDE_PASSPHRASE_FILE", &file)
        .env("CONFIDE_PASSPHRASE", "wrong")
        .args(["list", "--json"])
        .assert()
        .success();
}

#[test]
fn passphrase_command_failures_are_clear() {
    let env = Env::new();
    env.init();
    env.cmd()
        .env("CONFIDE_PASSPHRASE_COMMAND", "exit 3")
        .arg("list")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "CONFIDE_PASSPHRASE_COMMAND failed",
        ));
    env.cmd()
        .env("CONFIDE_PASSPHRASE_COMMAND", "true")
        .arg("list")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("printed nothing"));
    let empty = env.dir.path().join("empty");
    fs::write(&empty, "").unwrap();
    env.cmd()
        .env("CONFIDE_PASSPHRASE_FILE", &empty)
        .arg("list")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is empty"));
}

#[test]
fn wrong_passphrase_changes_nothing() {
    let env = Env::new();
    env.init();
    env.journal("pending record");
    let before = fs::read(env.vault()).unwrap();
    env.with_pass("not the passphrase")
        .arg("list")
        .assert()
        .code(4)
        .stderr(predicate::str::contains("wrong passphrase"))
        .stderr(predicate::str::contains("not the passphrase").not());
    assert_eq!(fs::read(env.vault()).unwrap(), before);
    assert!(!env.bak().exists());
}

#[test]
fn no_terminal_and_no_source_fails_at_once() {
    let env = Env::new();
    env.init();
    let start = std::time::Instant::now();
    env.cmd()
        .arg("list")
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(7)
        .stderr(predicate::str::contains("CONFIDE_PASSPHRASE_COMMAND"))
        .stderr(predicate::str::contains("CONFIDE_PASSPHRASE_FILE"));
    assert!(start.elapsed().as_secs() < 10);
    env.cmd()
        .args(["init"])
        .env("CONFIDE_VAULT", env.dir.path().join("other.confide"))
        .assert()
        .code(7);
}

#[test]
fn appends_need_no_passphrase_and_fold_on_unlock() {
    let env = Env::new();
    env.init();
    let size0 = fs::metadata(env.vault()).unwrap().len();
    for i in 0..3 {
        env.journal(&format!("entry {i}{}", "!".repeat(i * 90)));
    }
    let l = layout(&env.vault());
    assert_eq!(l.records().count(), 3);
    assert!(fs::metadata(env.vault()).unwrap().len() > size0);
    // Padding: entries of different lengths give age payloads of the same size, a
    // multiple of 256 (payload = 16-byte nonce + plaintext + 16-byte tag). The age
    // header itself varies at random (age adds a random "grease" stanza).
    let bytes = fs::read(env.vault()).unwrap();
    let sizes: Vec<usize> = l
        .records()
        .map(|p| {
            let part = &bytes[p.payload as usize..p.end() as usize];
            let mac = part.windows(5).position(|w| w == b"\n--- ").unwrap() + 5;
            let body = mac + part[mac..].iter().position(|b| *b == b'\n').unwrap() + 1;
            part.len() - body - 32
        })
        .collect();
    assert!(sizes.iter().all(|s| *s == 256), "{sizes:?}");

    let expected: Vec<String> = (0..3)
        .map(|i| format!("entry {i}{}", "!".repeat(i * 90)))
        .collect();
    assert_eq!(env.texts(PASS), expected);
    assert_eq!(
        layout(&env.vault()).records().count(),
        0,
        "records were folded"
    );
    assert!(env.bak().exists(), "the previous generation is kept");
    assert_eq!(layout(&env.bak()).records().count(), 3);
    let v: serde_json::Value = serde_json::from_slice(
        &env.with_pass(PASS)
            .args(["verify", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(v["entries"], 3);
    assert_eq!(v["pending_records"], 0);
}

#[test]
fn verify_counts_pending_records_and_changes_nothing() {
    let env = Env::new();
    env.init();
    env.journal("a");
    env.journal("b");
    let before = fs::read(env.vault()).unwrap();
    let out = env
        .with_pass(PASS)
        .args(["verify", "--json"])
        .output()
        .unwrap();
    ok(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["entries"], 2);
    assert_eq!(v["pending_records"], 2);
    assert_eq!(v["work_factor"], 10);
    assert_eq!(fs::read(env.vault()).unwrap(), before);
    env.with_pass(PASS)
        .arg("verify")
        .assert()
        .success()
        .stdout(predicate::str::contains("intact"));
}

#[test]
fn passwd_rotates_identity_and_backup() {
    let env = Env::new();
    let code = env.init();
    env.journal("before the change");
    env.texts(PASS); // fold, so a backup exists
    let old_copy = env.dir.path().join("old-copy.confide");
    fs::copy(env.vault(), &old_copy).unwrap();
    let old_recipient = layout(&env.vault()).header.recipient;

    env.with_pass(PASS)
        .env("CONFIDE_NEW_PASSPHRASE", NEW_PASS)
        .arg("passwd")
        .assert()
        .success();
    env.journal("after the change");

    // The new passphrase opens the vault and the backup; the old one opens neither.
    assert_eq!(
        env.texts(NEW_PASS),
        ["before the change", "after the change"]
    );
    env.with_pass(PASS).arg("list").assert().code(4);
    let bak_copy = env.dir.path().join("bak-copy.confide");
    fs::copy(env.bak(), &bak_copy).unwrap();
    env.with_pass(PASS)
        .env("CONFIDE_VAULT", &bak_copy)
        .arg("list")
        .assert()
        .code(4);
    env.with_pass(NEW_PASS)
        .env("CONFIDE_VAULT", &bak_copy)
        .arg("verify")
        .assert()
        .success();
    assert_ne!(
        layout(&env.vault()).header.recipient,
        old_recipient,
        "identity rotated"
    );

    // An old copy with the old passphrase reveals nothing written after the change:
    // appending the new vault's records to it gives records it cannot decrypt.
    let new_layout = layout(&env.vault());
    assert_eq!(new_layout.records().count(), 0);
    env.journal("written later");
    let vault_bytes = fs::read(env.vault()).unwrap();
    let rec = layout(&env.vault()).records().last().copied().unwrap();
    let mut grafted = fs::read(&old_copy).unwrap();
    grafted.extend_from_slice(&vault_bytes[rec.start as usize..rec.end() as usize]);
    fs::write(&old_copy, grafted).unwrap();
    env.with_pass(PASS)
        .env("CONFIDE_VAULT", &old_copy)
        .arg("list")
        .assert()
        .code(5)
        .stderr(predicate::str::contains(
            "not encrypted to this vault's key",
        ));

    // The recovery code still works after passwd.
    let third = "quiet orchard falcon ember lattice";
    env.cmd()
        .env("CONFIDE_RECOVERY_CODE", &code)
        .env("CONFIDE_NEW_PASSPHRASE", third)
        .arg("recover")
        .assert()
        .success();
    assert_eq!(env.texts(third).len(), 3);
}

#[test]
fn recover_with_code_forgives_typing_and_rejects_wrong_codes() {
    let env = Env::new();
    let code = env.init();
    env.journal("kept safe");
    let typed = code.to_lowercase().replace('-', " ");
    let file = env.dir.path().join("newpass");
    fs::write(&file, format!("{NEW_PASS}\n")).unwrap();
    env.cmd()
        .env("CONFIDE_RECOVERY_CODE", &typed)
        .env("CONFIDE_NEW_PASSPHRASE_FILE", &file)
        .arg("recover")
        .assert()
        .success();
    assert_eq!(env.texts(NEW_PASS), ["kept safe"]);
    env.with_pass(PASS).arg("list").assert().code(4);

    let before = fs::read(env.vault()).unwrap();
    env.cmd()
        .env("CONFIDE_RECOVERY_CODE", "00000-00000-00000-00000-00000")
        .env("CONFIDE_NEW_PASSPHRASE", NEW_PASS)
        .arg("recover")
        .assert()
        .code(4)
        .stderr(predicate::str::contains("recovery code does not open"));
    env.cmd()
        .env("CONFIDE_RECOVERY_CODE", "not a code")
        .env("CONFIDE_NEW_PASSPHRASE", NEW_PASS)
        .arg("recover")
        .assert()
        .code(4);
    assert_eq!(fs::read(env.vault()).unwrap(), before);
    env.cmd()
        .arg("recover")
        .assert()
        .code(7)
        .stderr(predicate::str::contains("CONFIDE_RECOVERY_CODE"));
}

#[test]
fn header_tamper_is_refused() {
    let env = Env::new();
    env.init();
    env.journal("secret");
    let other = Env::new();
    other.init();
    let foreign = layout(&other.vault()).header.recipient;

    let bytes = fs::read(env.vault()).unwrap();
    let l = layout(&env.vault());
    let header_len = 12 + l.header.recipient.len() + 32;
    let mut tampered = container::encode_header(&foreign);
    tampered.extend_from_slice(&bytes[header_len..]);
    fs::write(env.vault(), &tampered).unwrap();
    env.with_pass(PASS)
        .arg("list")
        .assert()
        .code(5)
        .stderr(predicate::str::contains("vault header was tampered with"));
    assert_eq!(fs::read(env.vault()).unwrap(), tampered, "nothing written");
}

#[test]
fn swapped_key_part_from_another_vault_is_refused() {
    let env = Env::new();
    env.init();
    let other = Env::new();
    other.init();
    let mine = fs::read(env.vault()).unwrap();
    let theirs = fs::read(other.vault()).unwrap();
    let (lm, lt) = (layout(&env.vault()), layout(&other.vault()));
    let (km, kt) = (lm.part(Tag::Key), lt.part(Tag::Key));
    let mut spliced = mine[..km.start as usize].to_vec();
    spliced.extend_from_slice(&theirs[kt.start as usize..kt.end() as usize]);
    spliced.extend_from_slice(&mine[km.end() as usize..]);
    fs::write(env.vault(), &spliced).unwrap();
    env.with_pass(PASS)
        .arg("list")
        .assert()
        .code(5)
        .stderr(predicate::str::contains("tampered"));
}

#[test]
fn torn_tail_is_cut() {
    let env = Env::new();
    env.init();
    env.journal("complete");
    env.journal("torn by a crash");
    let full = fs::read(env.vault()).unwrap();
    fs::write(env.vault(), &full[..full.len() - 100]).unwrap();
    // An append first cuts the torn record, with a warning.
    env.cmd()
        .args(["journal", "after the crash"])
        .assert()
        .success()
        .stderr(predicate::str::contains("cut short"));
    assert_eq!(env.texts(PASS), ["complete", "after the crash"]);

    // A torn record at the end is also cut by an unlock.
    env.journal("torn again");
    let full = fs::read(env.vault()).unwrap();
    fs::write(env.vault(), &full[..full.len() - 7]).unwrap();
    env.with_pass(PASS)
        .arg("list")
        .assert()
        .success()
        .stderr(predicate::str::contains("cut short"));
    let l = layout(&env.vault());
    assert_eq!(l.torn_tail, None);
    assert_eq!(l.records().count(), 0);
    assert_eq!(env.texts(PASS), ["complete", "after the crash"]);
}

#[test]
fn hostile_length_is_damage() {
    let env = Env::new();
    env.init();
    env.journal("so that a backup exists");
    env.texts(PASS);
    let mut bytes = fs::read(env.vault()).unwrap();
    let state = layout(&env.vault()).part(Tag::State);
    bytes[state.start as usize + 1..state.start as usize + 9]
        .copy_from_slice(&u64::MAX.to_be_bytes());
    fs::write(env.vault(), &bytes).unwrap();
    let bak = env.bak().display().to_string();
    env.with_pass(PASS)
        .arg("list")
        .assert()
        .code(5)
        .stderr(predicate::str::contains("damaged"))
        .stderr(predicate::str::contains(bak))
        .stderr(predicate::str::contains("confide verify"));
    env.cmd().args(["journal", "x"]).assert().code(5);
    assert_eq!(fs::read(env.vault()).unwrap(), bytes, "nothing written");
}

#[test]
fn flipped_byte_in_state_is_damage_not_wrong_passphrase() {
    let env = Env::new();
    env.init();
    let mut bytes = fs::read(env.vault()).unwrap();
    let state = layout(&env.vault()).part(Tag::State);
    bytes[(state.payload + state.len / 2) as usize] ^= 0x40;
    fs::write(env.vault(), &bytes).unwrap();
    env.with_pass(PASS)
        .arg("list")
        .assert()
        .code(5)
        .stderr(predicate::str::contains("checksum"));
    env.with_pass("wrong passphrase entirely")
        .arg("list")
        .assert()
        .code(5);
}

#[test]
fn init_refuses_existing_vault_and_bad_input() {
    let env = Env::new();
    env.init();
    let before = fs::read(env.vault()).unwrap();
    env.with_pass(PASS)
        .args(["init", "--work-factor", "10"])
        .assert()
        .code(8);
    assert_eq!(fs::read(env.vault()).unwrap(), before);

    let fresh = Env::new();
    fresh
        .with_pass("password1")
        .args(["init", "--work-factor", "10"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("easy to guess")
                .and(predicate::str::contains("--allow-weak-passphrase")),
        );
    assert!(!fresh.vault().exists());
    fresh
        .with_pass("")
        .args(["init", "--work-factor", "10"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty"));
    fresh
        .with_pass(PASS)
        .args(["init", "--work-factor", "30"])
        .assert()
        .code(2);
    fresh
        .with_pass(PASS)
        .args(["init", "--start", "3000-01-01"])
        .assert()
        .code(2);
    fresh
        .with_pass(PASS)
        .args(["init", "--start", "someday"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2026-03-01"));
    assert!(!fresh.vault().exists());
    fresh
        .with_pass("password1")
        .args([
            "init",
            "--work-factor",
            "10",
            "--allow-weak-passphrase",
            "--start",
            "2026-01-05",
        ])
        .assert()
        .success();
}

#[test]
fn journal_validation() {
    let env = Env::new();
    env.init();
    env.cmd()
        .args(["journal", "   "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty"));
    let big = "x".repeat(1024 * 1024 + 1);
    env.cmd()
        .arg("journal")
        .write_stdin(big)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("1 MiB"));
    assert_eq!(layout(&env.vault()).records().count(), 0);
    let missing = Env::new();
    missing
        .cmd()
        .args(["journal", "hello"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("confide init"));
    missing.with_pass(PASS).arg("list").assert().code(3);
}

#[test]
fn busy_vault_waits_then_fails_clearly() {
    let env = Env::new();
    env.init();
    let lock = fs::OpenOptions::new()
        .write(true)
        .open(confide::vault::lock::lock_path(&env.vault()))
        .unwrap();
    lock.lock().unwrap();
    env.cmd()
        .env("CONFIDE_LOCK_TIMEOUT_MS", "300")
        .args(["journal", "waiting"])
        .assert()
        .code(6)
        .stderr(predicate::str::contains("busy"));
    lock.unlock().unwrap();
    env.journal("now it goes in");
    assert_eq!(env.texts(PASS), ["now it goes in"]);
}

#[test]
fn concurrent_appends_and_unlocks_lose_nothing() {
    let env = Env::new();
    env.init();
    let mut children = Vec::new();
    for p in 0..4 {
        let (home, vault) = (env.dir.path().to_path_buf(), env.vault());
        children.push(std::thread::spawn(move || {
            for i in 0..10 {
                let st = common::scratch_command(&home, &vault, common::confide_bin())
                    .args(["journal", &format!("p{p} e{i}")])
                    .stdin(std::process::Stdio::null())
                    .stdout(std::process::Stdio::null())
                    .status()
                    .unwrap();
                assert!(st.success());
            }
        }));
    }
    for _ in 0..5 {
        env.with_pass(PASS)
            .args(["list", "--json"])
            .assert()
            .success();
    }
    for c in children {
        c.join().unwrap();
    }
    let mut texts = env.texts(PASS);
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), 40);
}

#[cfg(unix)]
#[test]
fn files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.init();
    env.journal("x");
    env.texts(PASS);
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&env.vault()), 0o600);
    assert_eq!(mode(&env.bak()), 0o600);
    assert_eq!(mode(env.vault().parent().unwrap()), 0o700);
    // Loose permissions are warned about.
    fs::set_permissions(env.vault(), fs::Permissions::from_mode(0o644)).unwrap();
    env.cmd()
        .args(["journal", "y"])
        .assert()
        .success()
        .stderr(predicate::str::contains("chmod 600"));
}

#[test]
fn default_path_is_in_the_data_dir() {
    let env = Env::new();
    let mut c = env.with_pass(PASS);
    c.env_remove("CONFIDE_VAULT")
        .args(["init", "--work-factor", "10"])
        .assert()
        .success();
    assert!(
        env.dir
            .path()
            .join("xdg-data/confide/vault.confide")
            .is_file()
    );
}

/// The committed v1 fixture (state with two entries plus one appended record) still
/// opens, with its passphrase and with its recovery code.
#[test]
fn v1_fixture_still_opens() {
    let env = Env::new();
    let data = env.vault().parent().unwrap().to_path_buf();
    fs::create_dir_all(&data).unwrap();
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testdata");
    fs::copy(testdata.join("v1.confide"), env.vault()).unwrap();
    let pass = fs::read_to_string(testdata.join("v1.passphrase")).unwrap();
    let pass = pass.trim_end();
    let expected = [
        "The first entry in the v1 fixture.",
        "Second entry: a walk after dinner helped.",
        "Third entry, still an appended record.",
    ];
    let v = env.list_json(pass);
    assert_eq!(v["schema"], 1);
    let entries = v["entries"].as_array().unwrap();
    let texts: Vec<&str> = entries
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, expected);
    assert_eq!(entries[0]["id"], "5b631a2e10f4fb97ebcdde1cadb32af8");
    assert!(entries.iter().all(|e| e["kind"] == "journal"));

    fs::copy(testdata.join("v1.confide"), env.vault()).unwrap();
    let code = fs::read_to_string(testdata.join("v1.recovery-code")).unwrap();
    env.cmd()
        .env("CONFIDE_RECOVERY_CODE", code.trim())
        .env("CONFIDE_NEW_PASSPHRASE", NEW_PASS)
        .arg("recover")
        .assert()
        .success();
    assert_eq!(env.texts(NEW_PASS), expected);
}

#[test]
fn damage_message_names_the_backup_only_when_there_is_one() {
    let env = Env::new();
    env.init();
    fs::write(env.vault(), b"this is not a vault at all").unwrap();
    env.with_pass(PASS)
        .arg("list")
        .assert()
        .code(5)
        .stderr(predicate::str::contains("not a confide vault"))
        .stderr(predicate::str::contains(".bak").not());
}

#[test]
fn hostile_record_length_in_the_middle_is_damage_not_a_torn_tail() {
    let env = Env::new();
    env.init();
    env.journal("first");
    env.journal("second");
    let l = layout(&env.vault());
    let first = *l.records().next().unwrap();
    let mut bytes = fs::read(env.vault()).unwrap();
    bytes[first.start as usize + 1..first.start as usize + 9]
        .copy_from_slice(&(1u64 << 40).to_be_bytes());
    fs::write(env.vault(), &bytes).unwrap();
    env.cmd().args(["journal", "third"]).assert().code(5);
    assert_eq!(fs::read(env.vault()).unwrap(), bytes, "no record was cut");
}

#[test]
fn newer_format_versions_ask_for_a_newer_confide() {
    let env = Env::new();
    env.init();
    let mut bytes = fs::read(env.vault()).unwrap();
    bytes[9] = 2; // header format version 2
    fs::write(env.vault(), &bytes).unwrap();
    env.with_pass(PASS)
        .arg("list")
        .assert()
        .code(9)
        .stderr(predicate::str::contains("newer confide"));

    // A record whose envelope version this build does not know.
    let env = Env::new();
    env.init();
    let l = layout(&env.vault());
    let mut pt = vec![0u8; 256];
    pt[..4].copy_from_slice(&1u32.to_le_bytes());
    pt[4] = 9; // envelope version 10
    let recipient: age::x25519::Recipient = l.header.recipient.parse().unwrap();
    let ct = confide::vault::crypto::encrypt_to(&recipient, &pt, Vec::new()).unwrap();
    let mut bytes = fs::read(env.vault()).unwrap();
    bytes.extend_from_slice(&container::encode_part(Tag::Record, &ct));
    fs::write(env.vault(), &bytes).unwrap();
    env.with_pass(PASS)
        .arg("list")
        .assert()
        .code(9)
        .stderr(predicate::str::contains("newer confide"));
}

#[test]
fn passwd_can_replace_the_recovery_code() {
    let env = Env::new();
    let old_code = env.init();
    env.journal("kept");
    let out = env
        .with_pass(PASS)
        .env("CONFIDE_NEW_PASSPHRASE", NEW_PASS)
        .args(["passwd", "--new-recovery-code"])
        .output()
        .unwrap();
    ok(&out);
    let new_code = recovery_code(&String::from_utf8(out.stdout).unwrap());
    assert_ne!(new_code, old_code);
    let third = "quiet orchard falcon ember lattice";
    env.cmd()
        .env("CONFIDE_RECOVERY_CODE", &old_code)
        .env("CONFIDE_NEW_PASSPHRASE", third)
        .arg("recover")
        .assert()
        .code(4);
    env.cmd()
        .env("CONFIDE_RECOVERY_CODE", &new_code)
        .env("CONFIDE_NEW_PASSPHRASE", third)
        .arg("recover")
        .assert()
        .success()
        .stdout(predicate::str::contains("unchanged"));
    assert_eq!(env.texts(third), ["kept"]);
}
