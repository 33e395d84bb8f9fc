//! Gone means gone, under real faults: a real full tmpfs, EIO injected on the
//! directory fsync by strace, a save killed at its rename, and `wipe` with every
//! sibling confide may leave. Deleted text must not decrypt from any file left, the
//! superseded files must be overwritten, no temp file may remain, and the messages
//! must say what happened.
//!
//! The tmpfs test needs root and the EIO test needs strace; without them each prints
//! "SKIPPED: ..." and passes, except with CI=true (CI runs as root, and .ci/run
//! installs strace), where it fails.
// Tests report SKIPPED on stderr; the product's output rule (clippy.toml) is for src/.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common;
use common::*;
use confide::vault::container::{self, Tag};
use confide::vault::crypto;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

const GONE: &str = "GONE-FOR-GOOD-TEXT-5e2d";
const KEPT: &str = "STILL-HERE-TEXT-a71c";

/// The absolute path of `strace`, if it is installed.
fn strace() -> Option<PathBuf> {
    let out = clean_command("sh")
        .args(["-c", "command -v strace"])
        .output()
        .ok()?;
    let p = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !p.is_empty()).then(|| PathBuf::from(p))
}

/// A confide command on `vault` from a cleared environment, the way the harness
/// starts them, optionally under `wrapper` (strace and its options).
fn confide_at(env: &Env, vault: &Path, wrapper: &[String], args: &[&str]) -> Output {
    let bin = confide_bin();
    let mut c = match wrapper.split_first() {
        Some((w, rest)) => {
            let mut c = clean_command(w);
            c.args(rest).arg(&bin);
            c
        }
        None => clean_command(&bin),
    };
    let home = env.dir.path();
    c.env("PATH", "/usr/bin:/bin")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .env("CONFIDE_VAULT", vault)
        .env("CONFIDE_PASSPHRASE", PASS)
        .env("NO_COLOR", "1")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// A vault of about 60 KB (as in the report that found this) holding GONE and
/// KEPT, folded (so it has a backup), with one more entry appended after the fold;
/// the id of GONE.
fn setup(env: &Env) -> String {
    env.init();
    env.journal(GONE);
    env.journal(KEPT);
    for i in 0..18 {
        env.journal(&format!("filler {i} {}", "words ".repeat(500)));
    }
    env.entries();
    env.journal("appended after the fold");
    env.entries().iter().find(|e| e["text"] == GONE).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Every plaintext inside the vault-format files directly in `dir`, each opened
/// with its own key part and either passphrase: what anyone with the passphrase
/// could read from the files left there.
fn readable(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        out.extend(readable_file(&path).into_iter().map(|p| (path.clone(), p)));
    }
    out
}

fn readable_file(path: &Path) -> Vec<Vec<u8>> {
    let bytes = fs::read(path).unwrap();
    let mut cur = std::io::Cursor::new(&bytes);
    let Ok(layout) = container::scan(&mut cur, container::Verify::None) else {
        return Vec::new();
    };
    let slice = |p: &container::PartRef| {
        let end = (p.payload + p.len).min(bytes.len() as u64) as usize;
        &bytes[(p.payload as usize).min(end)..end]
    };
    let key = slice(&layout.part(Tag::Key));
    let identity = [PASS, NEW_PASS].iter().find_map(|pass| {
        let pt = crypto::decrypt_with_passphrase(
            &age::secrecy::SecretString::from(pass.to_string()),
            key,
        )
        .ok()?;
        crypto::parse_identity_file(&pt).ok().map(|(id, _)| id)
    });
    let Some(identity) = identity else {
        return Vec::new();
    };
    let mut parts = vec![layout.part(Tag::State)];
    parts.extend(layout.records().copied());
    parts
        .iter()
        .filter_map(|p| {
            let ct = slice(p);
            crypto::decrypt_from(&identity, ct, ct.len())
                .ok()
                .map(|pt| pt.to_vec())
        })
        .collect()
}

fn holds(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Files in `dir` named like confide's temp files.
fn temps(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains(".tmp-"))
        .collect()
}

/// GONE decrypts from no file in `dir`, and KEPT still does (the check can see).
fn assert_gone(dir: &Path) {
    let texts = readable(dir);
    assert!(
        texts.iter().any(|(_, p)| holds(p, KEPT)),
        "the vault no longer opens"
    );
    let still: Vec<_> = texts
        .iter()
        .filter(|(_, p)| holds(p, GONE))
        .map(|(f, _)| f)
        .collect();
    assert!(
        still.is_empty(),
        "the deleted text still decrypts from {still:?}"
    );
    assert!(temps(dir).is_empty(), "temp files left: {:?}", temps(dir));
}

/// What a hard link to a superseded file must hold now: random bytes, no vault.
fn assert_overwritten(link: &Path, old: &[u8]) {
    let now = fs::read(link).unwrap();
    assert_eq!(now.len(), old.len(), "{} changed size", link.display());
    assert!(
        !now.starts_with(b"\x89CFD"),
        "{} still has a vault header",
        link.display()
    );
    let shared = old
        .chunks(32)
        .filter(|c| c.len() == 32 && now.windows(32).any(|w| w == *c))
        .count();
    assert_eq!(shared, 0, "{} still holds old ciphertext", link.display());
    assert!(readable_file(link).is_empty());
}

fn pages(bytes: u64) -> u64 {
    bytes.div_ceil(4096) * 4096
}

/// A vault as [`setup`] makes it, copied onto a tmpfs with room for the old vault,
/// the old backup and the new generation a delete writes, but not for a copy of that
/// (checked). Returns the mount, the id of GONE, and hard links to the old vault and
/// backup (on the same tmpfs, taking no room) with their bytes.
fn full_tmpfs(env: &Env) -> (Tmpfs, String, [(PathBuf, Vec<u8>); 2]) {
    let id = setup(env);
    let data = env.vault().parent().unwrap().to_path_buf();
    // The size of the new generation, from the same delete on a scratch copy.
    let probe = env.dir.path().join("probe");
    fs::create_dir(&probe).unwrap();
    for n in ["vault.confide", "vault.confide.bak"] {
        fs::copy(data.join(n), probe.join(n)).unwrap();
    }
    let out = confide_at(
        env,
        &probe.join("vault.confide"),
        &[],
        &["delete", "--yes", &id],
    );
    ok(&out);
    let new_len = fs::metadata(probe.join("vault.confide")).unwrap().len();
    let (vault_len, bak_len) = (
        fs::metadata(env.vault()).unwrap().len(),
        fs::metadata(env.bak()).unwrap().len(),
    );
    assert!(vault_len > 50_000, "a vault of about 60 KB ({vault_len})");

    let mnt = env.dir.path().join("full");
    let size = pages(vault_len) + pages(bak_len) + pages(new_len) + pages(new_len / 2);
    let guard = Tmpfs::mount(&mnt, &size.to_string());
    let vault = mnt.join("vault.confide");
    let bak = mnt.join("vault.confide.bak");
    fs::copy(env.vault(), &vault).unwrap();
    fs::copy(env.bak(), &bak).unwrap();
    // What someone might hold: second names of the files the delete supersedes.
    let vault_link = mnt.join("old-vault-link");
    let bak_link = mnt.join("old-bak-link");
    fs::hard_link(&vault, &vault_link).unwrap();
    fs::hard_link(&bak, &bak_link).unwrap();
    let links = [
        (vault_link, fs::read(&vault).unwrap()),
        (bak_link, fs::read(&bak).unwrap()),
    ];
    assert!(readable(&mnt).iter().any(|(_, p)| holds(p, GONE)));
    // The disk is really that full: the new generation fits, a copy of it does not.
    let (one, two) = (mnt.join("filler-1"), mnt.join("filler-2"));
    fs::write(&one, vec![0u8; new_len as usize]).expect("the new generation fits");
    assert!(
        fs::write(&two, vec![0u8; new_len as usize]).is_err(),
        "the tmpfs is not full enough"
    );
    fs::remove_file(&one).unwrap();
    fs::remove_file(&two).unwrap();
    (guard, id, links)
}

#[test]
fn on_a_full_tmpfs_the_deleted_text_is_gone_from_every_file_and_both_old_inodes() {
    if !is_root() {
        skip("mounting a tmpfs needs root");
        return;
    }
    let env = Env::new();
    let (mnt, id, links) = full_tmpfs(&env);
    let vault = mnt.dir.join("vault.confide");
    let out = confide_at(&env, &vault, &[], &["delete", "--yes", &id]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    ok(&out);
    assert!(stdout.contains("Deleted 1 entry"), "{stdout}");
    assert!(
        stderr.contains("no room for a separate copy of the backup"),
        "says what happened to the backup: {stderr}"
    );
    assert!(!stderr.contains("error:"), "{stderr}");
    for (link, old) in &links {
        assert_overwritten(link, old);
        fs::remove_file(link).unwrap();
    }
    assert_gone(&mnt.dir);
    // The backup opens and is the new generation.
    assert!(
        readable_file(&mnt.dir.join("vault.confide.bak"))
            .iter()
            .any(|p| holds(p, KEPT))
    );
    let out = confide_at(&env, &vault, &[], &["verify"]);
    ok(&out);
}

#[test]
fn on_a_full_tmpfs_without_hard_links_the_old_backup_goes_and_the_message_says_so() {
    if !is_root() {
        skip("mounting a tmpfs needs root");
        return;
    }
    let Some(strace) = strace() else {
        skip("strace is not installed");
        return;
    };
    let env = Env::new();
    let (mnt, id, links) = full_tmpfs(&env);
    let vault = mnt.dir.join("vault.confide");
    // No room for a backup copy, and no hard link can be made either (as on a file
    // system without them): the old backup, which holds the entry, must still go.
    let no_links = [
        strace.display().to_string(),
        "-f".into(),
        "-qq".into(),
        "-o".into(),
        "/dev/null".into(),
        "-e".into(),
        "trace=link,linkat".into(),
        "-e".into(),
        "inject=link,linkat:error=EPERM".into(),
    ];
    let out = confide_at(&env, &vault, &no_links, &["delete", "--yes", &id]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    ok(&out);
    assert!(stdout.contains("Deleted 1 entry"), "{stdout}");
    assert!(
        stderr.contains("no room for a new backup")
            && stderr.contains("the old one was overwritten and removed")
            && stderr.contains("confide delete --finish"),
        "{stderr}"
    );
    // The old vault overwritten through its handle; the old backup overwritten, then
    // truncated and removed.
    let [(vault_link, old_vault), (bak_link, _)] = &links;
    assert_overwritten(vault_link, old_vault);
    assert!(fs::read(bak_link).unwrap().is_empty());
    for (link, _) in &links {
        fs::remove_file(link).unwrap();
    }
    assert!(!mnt.dir.join("vault.confide.bak").exists());
    assert_gone(&mnt.dir);
    // With room again, --finish writes the backup.
    let out = confide_at(&env, &vault, &[], &["delete", "--finish"]);
    ok(&out);
    assert!(
        readable_file(&mnt.dir.join("vault.confide.bak"))
            .iter()
            .any(|p| holds(p, KEPT))
    );
    assert_gone(&mnt.dir);
}

#[test]
fn eio_on_the_directory_fsync_is_reported_as_it_is_and_delete_again_finishes() {
    let Some(strace) = strace() else {
        skip("strace is not installed");
        return;
    };
    let env = Env::new();
    let id = setup(&env);
    let data = fs::canonicalize(env.vault().parent().unwrap()).unwrap();
    let vault = data.join("vault.confide");
    // Every fsync of the vault's directory fails with EIO.
    let fault = |when: &str| {
        vec![
            strace.display().to_string(),
            "-f".into(),
            "-qq".into(),
            "-o".into(),
            "/dev/null".into(),
            "-P".into(),
            data.display().to_string(),
            "-e".into(),
            "trace=fsync".into(),
            "-e".into(),
            format!("inject=fsync:error=EIO:when={when}"),
        ]
    };
    let out = confide_at(&env, &vault, &fault("1+"), &["delete", "--yes", &id]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        !stderr.contains("could not replace"),
        "the vault was replaced: {stderr}"
    );
    assert!(
        stderr.contains("was replaced, but its folder could not be synced")
            && stderr.contains("confide delete --finish")
            && stderr.contains("Input/output error"),
        "{stderr}"
    );
    // It was indeed replaced: the vault no longer holds the entry.
    assert!(!readable_file(&vault).iter().any(|p| holds(p, GONE)));
    assert!(readable_file(&vault).iter().any(|p| holds(p, KEPT)));

    // Deleting again finishes the job, instead of "no entry has an id".
    let out = confide_at(&env, &vault, &[], &["delete", "--yes", &id]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    ok(&out);
    assert!(stdout.contains("was deleted before"), "{stdout}");
    assert_gone(&data);

    // Only the first directory fsync failing: the second one makes the rename
    // durable, and the delete completes.
    let env = Env::new();
    let id = setup(&env);
    let data = fs::canonicalize(env.vault().parent().unwrap()).unwrap();
    let link = env.dir.path().join("old-bak-link");
    fs::hard_link(data.join("vault.confide.bak"), &link).unwrap();
    let old_bak = fs::read(&link).unwrap();
    let fault = |when: &str| {
        vec![
            strace.display().to_string(),
            "-f".into(),
            "-qq".into(),
            "-o".into(),
            "/dev/null".into(),
            "-P".into(),
            data.display().to_string(),
            "-e".into(),
            "trace=fsync".into(),
            "-e".into(),
            format!("inject=fsync:error=EIO:when={when}"),
        ]
    };
    let out = confide_at(
        &env,
        &data.join("vault.confide"),
        &fault("1"),
        &["delete", "--yes", &id],
    );
    ok(&out);
    assert_overwritten(&link, &old_bak);
    assert_gone(&data);
}

#[test]
fn a_fold_killed_at_its_rename_leaves_a_temp_that_doctor_names_and_delete_destroys() {
    let env = Env::new();
    let id = setup(&env);
    let data = env.vault().parent().unwrap().to_path_buf();
    env.journal("appended again, so the next unlock folds");
    let out = env
        .with_pass(PASS)
        .env("CONFIDE_TEST_CRASH_AT", "save:before-rename")
        .arg("list")
        .output()
        .unwrap();
    assert!(!out.status.success(), "the fold was killed at its rename");
    let left = temps(&data);
    assert_eq!(left.len(), 1, "{left:?}");
    let temp = &left[0];
    assert!(
        readable_file(temp).iter().any(|p| holds(p, GONE)),
        "a complete generation, holding the entry"
    );
    let temp_link = env.dir.path().join("temp-link");
    fs::hard_link(temp, &temp_link).unwrap();

    let out = env.cmd().args(["doctor", "--json"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let backup = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "backup")
        .unwrap()
        .clone();
    assert_eq!(backup["status"], "attention", "{backup}");
    let name = temp.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        backup["detail"].as_str().unwrap().contains(&name),
        "{backup}"
    );
    assert!(
        backup["fix"]
            .as_str()
            .unwrap()
            .contains("confide delete --finish"),
        "{backup}"
    );

    let out = env
        .with_pass(PASS)
        .args(["delete", "--yes", &id])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    ok(&out);
    assert!(
        stdout.contains("Also destroyed a leftover copy") && stdout.contains(&name),
        "{stdout}"
    );
    assert_gone(&data);
    assert!(
        fs::read(&temp_link).unwrap().is_empty(),
        "the temp was overwritten and truncated, not only unlinked"
    );
    // And doctor is content again.
    let out = env.cmd().args(["doctor", "--json"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["check"] == "backup" && f["status"] == "ok"),
        "{doc}"
    );
}

#[test]
fn passwd_leaves_no_leftover_generation_under_the_old_key() {
    let env = Env::new();
    setup(&env);
    let data = env.vault().parent().unwrap().to_path_buf();
    env.journal("appended again, so the next unlock folds");
    let out = env
        .with_pass(PASS)
        .env("CONFIDE_TEST_CRASH_AT", "save:before-rename")
        .arg("list")
        .output()
        .unwrap();
    assert!(!out.status.success());
    // Also a copy made by opening the backup as a vault.
    fs::copy(env.bak(), data.join("vault.confide.bak.bak")).unwrap();
    assert_eq!(temps(&data).len(), 1);
    let out = env
        .with_pass(PASS)
        .env("CONFIDE_NEW_PASSPHRASE", NEW_PASS)
        .args(["passwd", "--work-factor", "10"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    ok(&out);
    assert_eq!(
        stdout.matches("Also destroyed a leftover copy").count(),
        2,
        "{stdout}"
    );
    assert!(temps(&data).is_empty());
    assert!(!data.join("vault.confide.bak.bak").exists());
    // Nothing left there opens with the old passphrase.
    for entry in fs::read_dir(&data).unwrap().flatten() {
        let bytes = fs::read(entry.path()).unwrap();
        let mut cur = std::io::Cursor::new(&bytes);
        let Ok(layout) = container::scan(&mut cur, container::Verify::None) else {
            continue;
        };
        let key = layout.part(Tag::Key);
        let ct = &bytes[key.payload as usize..(key.payload + key.len) as usize];
        assert!(
            crypto::decrypt_with_passphrase(
                &age::secrecy::SecretString::from(PASS.to_string()),
                ct
            )
            .is_err(),
            "{} opens with the old passphrase",
            entry.path().display()
        );
    }
}

#[test]
fn an_ordinary_save_destroys_stale_temps_but_nothing_else() {
    let env = Env::new();
    env.init();
    env.journal(KEPT);
    env.entries();
    let data = env.vault().parent().unwrap().to_path_buf();
    let stale = data.join(".vault.confide.tmp-0123456789ab");
    let stale_bak = data.join(".vault.confide.bak.tmp-abcdef012345");
    // Not confide's names for this vault: never touched.
    let others = [
        data.join(".vault.confide.tmp-mine"),
        data.join(".other.confide.tmp-0123456789ab"),
        data.join("vault.confide.tmp-0123456789ab"),
        data.join("notes.txt"),
    ];
    for p in [&stale, &stale_bak].into_iter().chain(others.iter()) {
        fs::write(p, GONE).unwrap();
    }
    env.journal("to fold");
    env.entries();
    assert!(!stale.exists() && !stale_bak.exists());
    for p in &others {
        assert_eq!(fs::read_to_string(p).unwrap(), GONE, "{}", p.display());
    }
}

#[test]
fn wipe_destroys_extra_backup_copies_temps_and_lock_siblings() {
    let env = Env::new();
    setup(&env);
    let data = env.vault().parent().unwrap().to_path_buf();
    let bakbak = data.join("vault.confide.bak.bak");
    let siblings = [
        bakbak.clone(),
        data.join("vault.confide.bak.bak.bak"),
        data.join("vault.confide.bak.lock"),
        data.join("vault.confide.bak.bak.lock"),
        data.join(".vault.confide.tmp-0123456789ab"),
        data.join(".vault.confide.bak.tmp-0123456789ab"),
        data.join(".vault.confide.bak.bak.tmp-0123456789ab"),
    ];
    for p in &siblings {
        fs::copy(env.bak(), p).unwrap();
    }
    let unrelated = [
        data.join("notes.txt"),
        data.join("vault.confide.backup-mine"),
    ];
    for p in &unrelated {
        fs::write(p, "mine").unwrap();
    }
    let link = env.dir.path().join("bakbak-link");
    fs::hard_link(&bakbak, &link).unwrap();

    let out = env
        .with_pass(PASS)
        .args(["wipe", "--yes"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    ok(&out);
    for p in siblings
        .iter()
        .chain([env.vault(), env.bak(), data.join("vault.confide.lock")].iter())
    {
        assert!(!p.exists(), "{} survived the wipe", p.display());
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with("destroyed") && l.ends_with(&*p.to_string_lossy())),
            "{} not reported: {stdout}",
            p.display()
        );
    }
    assert!(stdout.contains("destroyed  backup copy"), "{stdout}");
    assert!(
        fs::read(&link).unwrap().is_empty(),
        "overwritten, then truncated"
    );
    let mut left: Vec<_> = fs::read_dir(&data)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    left.sort();
    assert_eq!(
        left, unrelated,
        "only the files that are not confide's remain"
    );
}
