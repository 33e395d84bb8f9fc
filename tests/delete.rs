//! Deleting an entry: gone from the vault and its backup, under a new key, with the
//! superseded files overwritten in place; and a crash at any step leaves a vault
//! that opens.

use super::common;
use common::*;
use confide::vault::container::{self, Tag};
use confide::vault::crypto;
use std::fs;
use std::path::Path;

const GONE: &str = "DELETE-ME-TEXT-4f1c";
const KEPT: &str = "KEEP-THIS-TEXT-92ab";

/// A vault with two entries, folded (so the vault and its backup both exist).
fn setup() -> (Env, String) {
    let env = Env::new();
    env.init();
    env.journal(KEPT);
    env.journal(GONE);
    let entries = env.entries();
    assert_eq!(entries.len(), 2);
    env.journal("one more, appended after the fold");
    env.entries();
    let id = env.entries().iter().find(|e| e["text"] == GONE).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    (env, id)
}

/// The identity inside a vault file, opened with the passphrase.
fn identity_of(path: &Path) -> age::x25519::Identity {
    let mut f = fs::File::open(path).unwrap();
    let layout = container::scan(&mut f, container::Verify::All).unwrap();
    let bytes = fs::read(path).unwrap();
    let key = layout.part(Tag::Key);
    let ct = &bytes[key.payload as usize..(key.payload + key.len) as usize];
    let pt =
        crypto::decrypt_with_passphrase(&age::secrecy::SecretString::from(PASS.to_string()), ct)
            .unwrap();
    crypto::parse_identity_file(&pt).unwrap().0
}

/// Every decryptable plaintext in the vault-format files under `dir`, for each identity.
fn plaintexts(dir: &Path, ids: &[&age::x25519::Identity]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        if !entry.path().is_file() {
            continue;
        }
        let bytes = fs::read(entry.path()).unwrap();
        let mut cur = std::io::Cursor::new(&bytes);
        let Ok(layout) = container::scan(&mut cur, container::Verify::None) else {
            continue;
        };
        let mut parts = vec![layout.part(Tag::State)];
        parts.extend(layout.records().copied());
        for part in parts {
            let ct = &bytes[part.payload as usize..(part.payload + part.len) as usize];
            for id in ids {
                if let Ok(pt) = crypto::decrypt_from(*id, ct, ct.len()) {
                    out.push(pt.to_vec());
                }
            }
        }
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_deleted_entry_is_gone_from_every_file_under_the_old_and_new_key() {
    let (env, id) = setup();
    let data = env.vault().parent().unwrap().to_path_buf();
    // What an attacker might hold: the old generation (with its key part) and hard
    // links to the files the delete replaces.
    let previous = env.dir.path().join("previous.confide");
    fs::copy(env.vault(), &previous).unwrap();
    let old_bak_bytes = fs::read(env.bak()).unwrap();
    let vault_link = env.dir.path().join("vault-link");
    let bak_link = env.dir.path().join("bak-link");
    fs::hard_link(env.vault(), &vault_link).unwrap();
    fs::hard_link(env.bak(), &bak_link).unwrap();
    let old_id = identity_of(&previous);
    // An entry appended after the last fold is pending when the delete runs: the
    // delete must not fold it first with an ordinary save (that would release the
    // old backup without overwriting it).
    env.journal("pending when deleting");
    let old_vault_bytes = fs::read(env.vault()).unwrap();
    // The old key opens the old generation (the check below is meaningful).
    assert!(
        plaintexts(&data, &[&old_id])
            .iter()
            .any(|p| contains(p, GONE.as_bytes()))
    );

    env.with_pass(PASS)
        .args(["delete", "--yes", &id])
        .assert()
        .success();

    let new_id = identity_of(&env.vault());
    assert_ne!(
        old_id.to_public().to_string(),
        new_id.to_public().to_string(),
        "the identity was rotated"
    );
    let texts = plaintexts(&data, &[&old_id, &new_id]);
    assert!(!texts.is_empty(), "the new generation decrypts");
    for p in &texts {
        assert!(!contains(p, GONE.as_bytes()), "deleted text still decrypts");
    }
    assert!(texts.iter().any(|p| contains(p, KEPT.as_bytes())));
    assert!(
        plaintexts(&data, &[&old_id]).is_empty(),
        "nothing in the vault directory opens with the old key"
    );
    for f in fs::read_dir(&data).unwrap().flatten() {
        assert!(!contains(&fs::read(f.path()).unwrap(), GONE.as_bytes()));
    }

    // The superseded files were overwritten in place: the links show random bytes of
    // the same length, not the old ciphertext.
    for (link, old) in [(&vault_link, &old_vault_bytes), (&bak_link, &old_bak_bytes)] {
        let now = fs::read(link).unwrap();
        assert_eq!(now.len(), old.len());
        assert!(
            !now.starts_with(b"\x89CFD"),
            "{} still has a vault header",
            link.display()
        );
        let shared = old
            .chunks(32)
            .filter(|c| c.len() == 32 && contains(&now, c))
            .count();
        assert_eq!(shared, 0, "{} still holds old ciphertext", link.display());
    }
    assert!(
        plaintexts(env.dir.path(), &[&old_id]).len() <= 2,
        "only the test's own copy opens"
    );
    assert_eq!(env.entries().len(), 3);
    // The vault still works with the same passphrase and the same recovery code.
    env.with_pass(PASS).arg("verify").assert().success();
}

#[test]
fn a_crash_at_any_step_of_a_delete_leaves_a_vault_that_opens() {
    for point in [
        "rotate:temp-written",
        "install:before-rename",
        "install:after-rename",
        "install:after-backup",
        "install:after-overwrite",
    ] {
        let (env, id) = setup();
        let out = env
            .with_pass(PASS)
            .env("CONFIDE_TEST_CRASH_AT", point)
            .args(["delete", "--yes", &id])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{point}: the process was killed");
        env.with_pass(PASS).arg("verify").assert().success();
        let texts: Vec<String> = env
            .entries()
            .iter()
            .map(|e| e["text"].as_str().unwrap().to_string())
            .collect();
        assert!(texts.iter().any(|t| t == KEPT), "{point}: kept entry lost");
        assert!(
            texts.len() == 3 || texts.len() == 2,
            "{point}: old or new generation, got {texts:?}"
        );
        // And deleting again finishes the job.
        if texts.iter().any(|t| t == GONE) {
            env.with_pass(PASS)
                .args(["delete", "--yes", &id])
                .assert()
                .success();
        }
        assert_eq!(env.entries().len(), 2, "{point}");
    }
}
