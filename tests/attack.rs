//! Issue 15's findings about places and people: `merge --remove-other` racing with
//! writers to the other copy, a vault reached through a symbolic link, a read-only
//! vault and a backup opened by mistake, a planted lock file, and folders that belong
//! to another user. Each test failed before its fix.
//!
//! Several need root (a read-only mount, running confide as other users); CI runs as
//! root. Elsewhere they say SKIPPED, and fail under `CI=true`.
// Tests report SKIPPED on stderr; the product's output rule (clippy.toml) is for src/.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common;

use common::{Env, PASS};
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// True when the test can run as root; otherwise says SKIPPED (and fails in CI, which
/// runs as root).
fn root_or_skip(test: &str) -> bool {
    common::is_root() || {
        common::skip(&format!("{test} needs root (mounts, other users)"));
        false
    }
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn texts_at(env: &Env, vault: &Path) -> Vec<String> {
    let out = env
        .with_pass(PASS)
        .args(["list", "--json", "--vault"])
        .arg(vault)
        .output()
        .unwrap();
    common::ok(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["text"].as_str().map(str::to_string))
        .collect()
}

fn wait_for(path: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !path.exists() {
        assert!(
            Instant::now() < deadline,
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Starts `merge OTHER --remove-other` and waits until it stands just before
/// destroying the other copy; it goes on when the returned file is created.
fn merge_paused_before_removing(env: &Env, other: &Path) -> (std::process::Child, PathBuf) {
    let go = env.dir.path().join("go");
    let merge = spawn(
        env,
        &[
            ("CONFIDE_TEST_PAUSE_AT", Path::new("destroy-copy")),
            ("CONFIDE_TEST_PAUSE_FILE", &go),
        ],
        &[
            "merge".as_ref(),
            "--remove-other".as_ref(),
            other.as_os_str(),
        ],
    );
    wait_for(&env.dir.path().join("go.reached"));
    (merge, go)
}

/// Two vaults with the same passphrase: this one (env.vault()) and another copy.
fn two_copies(env: &Env) -> PathBuf {
    env.init();
    env.journal("written here");
    let other = env.dir.path().join("elsewhere").join("vault.confide");
    env.with_pass(PASS)
        .args(["init", "--work-factor", "10", "--vault"])
        .arg(&other)
        .assert()
        .success();
    env.cmd()
        .args(["journal", "written on the other device", "--vault"])
        .arg(&other)
        .assert()
        .success();
    other
}

/// Finding 1, deterministic: `merge --remove-other` stands between reading the other
/// copy and destroying it; a `journal` into the other copy then must not succeed
/// (it would be destroyed unread). Before the fix it exited 0 and its entry was
/// overwritten with random bytes.
#[test]
fn merge_remove_other_holds_the_other_copys_lock_until_it_is_destroyed() {
    let env = Env::new();
    let other = two_copies(&env);
    let (merge, go) = merge_paused_before_removing(&env, &other);
    let late = env
        .cmd()
        .env("CONFIDE_LOCK_TIMEOUT_MS", "300")
        .args(["journal", "added during the merge", "--vault"])
        .arg(&other)
        .output()
        .unwrap();
    fs::write(&go, b"").unwrap();
    let merged = merge.wait_with_output().unwrap();
    common::ok(&merged);
    assert_eq!(
        late.status.code(),
        Some(6),
        "a journal into the other copy during the merge must wait and fail as busy, not be saved and destroyed: {}",
        stderr_of(&late)
    );
    assert!(!other.exists(), "the other copy was removed");
    let texts = texts_at(&env, &env.vault());
    assert!(texts.contains(&"written on the other device".to_string()));
}

/// Finding 1, as the review ran it: writers hammer the other copy during a merge.
/// Every `journal` that exited 0 must be somewhere: in the merged vault, or in the
/// other copy if it was kept.
#[test]
fn merge_remove_other_loses_no_entry_that_was_reported_saved() {
    let env = Env::new();
    let other = two_copies(&env);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let other = other.clone();
        let home = env.dir.path().to_path_buf();
        let vault = env.vault();
        std::thread::spawn(move || {
            let mut saved = Vec::new();
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) && i < 200 {
                let text = format!("concurrent entry {i}");
                let ok = common::clean_command(common::confide_bin())
                    .env("HOME", &home)
                    .env("CONFIDE_VAULT", &vault)
                    .env("CONFIDE_LOCK_TIMEOUT_MS", "20000")
                    .args(["journal", &text, "--vault"])
                    .arg(&other)
                    .stdin(Stdio::null())
                    .output()
                    .unwrap()
                    .status
                    .success();
                if ok {
                    saved.push(text);
                }
                i += 1;
            }
            saved
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    let merged = env
        .with_pass(PASS)
        .args(["merge", "--remove-other"])
        .arg(&other)
        .output()
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let saved = writer.join().unwrap();
    assert!(
        merged.status.success() || merged.status.code() == Some(11),
        "merge: {}",
        stderr_of(&merged)
    );
    assert!(!saved.is_empty(), "some journal calls got through");
    let mut found = texts_at(&env, &env.vault());
    if other.exists() {
        found.extend(texts_at(&env, &other));
    }
    let lost: Vec<_> = saved.iter().filter(|t| !found.contains(t)).collect();
    assert!(
        lost.is_empty(),
        "{} of {} entries reported saved were lost: {lost:?}",
        lost.len(),
        saved.len()
    );
}

/// Finding 1: something that ignores the lock (a sync service) changes the other copy
/// after it was read: it is not removed, and confide says why.
#[test]
fn merge_remove_other_refuses_when_the_other_copy_changed() {
    let env = Env::new();
    let other = two_copies(&env);
    let (merge, go) = merge_paused_before_removing(&env, &other);
    // A sync client replaces the file with a newer version (here: the same bytes
    // and one more, through a rename, as sync clients do).
    let mut bytes = fs::read(&other).unwrap();
    bytes.push(0);
    let tmp = other.with_file_name("incoming");
    fs::write(&tmp, &bytes).unwrap();
    fs::rename(&tmp, &other).unwrap();
    fs::write(&go, b"").unwrap();
    let out = merge.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(11), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("changed after it was read") && err.contains("not removed"),
        "{err}"
    );
    assert_eq!(
        fs::read(&other).unwrap(),
        bytes,
        "the other copy is untouched"
    );
}

/// Starts confide in the background, from the same cleared environment as
/// `Env::cmd`, with `vars` added.
fn spawn(env: &Env, vars: &[(&str, &Path)], args: &[&std::ffi::OsStr]) -> std::process::Child {
    let mut c = env.command(common::confide_bin());
    c.env("CONFIDE_PASSPHRASE", PASS);
    for (k, v) in vars {
        c.env(k, v);
    }
    c.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Finding 5: the vault path is a symbolic link into a synced folder. Folds keep
/// writing the real file (the link stays a link), the lock is taken beside the real
/// file, `delete` works, `doctor` sees the synced folder, and `wipe` destroys the
/// real vault and only says "removed" about the link.
#[test]
fn a_vault_reached_through_a_symbolic_link_is_the_real_file_throughout() {
    let env = Env::new();
    let synced = env.dir.path().join("Dropbox").join("private");
    fs::create_dir_all(&synced).unwrap();
    fs::set_permissions(&synced, fs::Permissions::from_mode(0o700)).unwrap();
    let real = synced.join("vault.confide");
    let link = env.dir.path().join("data").join("vault.confide");
    fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();

    env.init();
    assert!(real.is_file(), "init created the vault behind the link");
    env.journal("kept in the synced copy");
    env.journal("to be deleted");
    assert!(texts_at(&env, &link).len() == 2);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "a fold replaced the link with a local file"
    );
    assert!(
        synced.join("vault.confide.lock").exists(),
        "the lock is beside the real file"
    );
    assert!(
        !env.dir
            .path()
            .join("data")
            .join("vault.confide.lock")
            .exists()
    );
    let list = env.list_json(PASS);
    let id = list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["text"] == "to be deleted")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = env
        .with_pass(PASS)
        .args(["delete", "--yes", &id])
        .output()
        .unwrap();
    common::ok(&out);
    assert_eq!(texts_at(&env, &real), vec!["kept in the synced copy"]);

    let doctor = env.cmd().args(["doctor", "--json"]).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&doctor.stdout).unwrap();
    let synced_finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "synced-folder")
        .unwrap()
        .to_string();
    assert!(
        synced_finding.contains("Dropbox"),
        "doctor sees the synced folder behind the link: {synced_finding}"
    );

    let out = env.cmd().args(["wipe", "--yes"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    common::ok(&out);
    assert!(!real.exists(), "the real vault is destroyed");
    assert!(fs::symlink_metadata(&link).is_err(), "the link is removed");
    for line in stdout.lines().filter(|l| l.starts_with("destroyed")) {
        assert!(
            !line.contains(&link.display().to_string()),
            "never 'destroyed' about a link: {line}"
        );
    }
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("removed") && l.contains("link")),
        "{stdout}"
    );
}

/// Finding 11: a lock file planted as a symbolic link (by another user, in a shared
/// folder) is refused, and nothing is created where it points.
#[test]
fn a_planted_lock_link_is_refused() {
    let env = Env::new();
    env.init();
    let lock = env.dir.path().join("data").join("vault.confide.lock");
    let _ = fs::remove_file(&lock);
    let target = env.dir.path().join("planted-target");
    std::os::unix::fs::symlink(&target, &lock).unwrap();
    let out = env
        .cmd()
        .args(["journal", "nothing to see"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(10), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("symbolic link") && err.contains("remove it"),
        "{err}"
    );
    assert!(!target.exists(), "nothing was created through the link");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
}

/// Runs confide as another (numeric) user, from a cleared environment.
fn as_user(uid: u32, home: &Path, args: &[&str]) -> std::process::Output {
    common::clean_command("setpriv")
        .args([
            &format!("--reuid={uid}"),
            &format!("--regid={uid}"),
            "--clear-groups",
        ])
        .arg(common::confide_bin())
        .args(args)
        .env("HOME", home)
        .env("PATH", "/usr/bin:/bin")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn chown_tree(path: &Path, uid: u32) {
    let ok = common::clean_command("chown")
        .args(["-R", &format!("{uid}:{uid}")])
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

/// Finding 11: a folder that belongs to another user. She can swap in her own vault;
/// the victim's next entry would be encrypted to her key. confide refuses to write
/// there, in one line, and writes nothing.
#[test]
fn a_vault_in_another_users_folder_is_not_written() {
    if !root_or_skip("a_vault_in_another_users_folder_is_not_written") {
        return;
    }
    const VICTIM: u32 = 54_301;
    const MALLORY: u32 = 54_302;
    let env = Env::new();
    fs::set_permissions(env.dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let home = env.dir.path().join("victim");
    fs::create_dir_all(&home).unwrap();
    chown_tree(&home, VICTIM);
    // Mallory's folder, where she placed a vault of her own (made here as root and
    // handed to her).
    let shared = env.dir.path().join("shared");
    let vault = shared.join("vault.confide");
    env.with_pass(PASS)
        .args(["init", "--work-factor", "10", "--vault"])
        .arg(&vault)
        .assert()
        .success();
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o777)).unwrap();
    fs::set_permissions(&vault, fs::Permissions::from_mode(0o666)).unwrap();
    fs::remove_file(shared.join("vault.confide.lock")).unwrap();
    chown_tree(&shared, MALLORY);
    let before = fs::read(&vault).unwrap();
    let out = as_user(
        VICTIM,
        &home,
        &[
            "journal",
            "a private thought",
            "--vault",
            vault.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(10), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("belongs to another user"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert_eq!(fs::read(&vault).unwrap(), before, "nothing was appended");
    assert!(
        !shared.join("vault.confide.lock").exists(),
        "nothing was created in her folder"
    );

    // Her vault file in the victim's own folder: refused too.
    let own = home.join("mine");
    fs::create_dir_all(&own).unwrap();
    chown_tree(&own, VICTIM);
    fs::set_permissions(&own, fs::Permissions::from_mode(0o700)).unwrap();
    let planted = own.join("vault.confide");
    fs::copy(&vault, &planted).unwrap();
    let ok = common::clean_command("chown")
        .arg(format!("{MALLORY}:{MALLORY}"))
        .arg(&planted)
        .status()
        .unwrap()
        .success();
    assert!(ok);
    fs::set_permissions(&planted, fs::Permissions::from_mode(0o666)).unwrap();
    let out = as_user(
        VICTIM,
        &home,
        &[
            "journal",
            "a private thought",
            "--vault",
            planted.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(10), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("belongs to another user"));
    assert_eq!(fs::metadata(&planted).unwrap().len(), before.len() as u64);
}

/// Finding 11: the permission warning says what the danger is (a writable folder lets
/// others replace the vault), and its `chmod` hint is quoted for a shell.
#[test]
fn the_permission_warning_names_the_danger_and_quotes_the_path() {
    let env = Env::new();
    let dir = env.dir.path().join("my private notes");
    let vault = dir.join("vault.confide");
    env.with_pass(PASS)
        .args(["init", "--work-factor", "10", "--vault"])
        .arg(&vault)
        .assert()
        .success();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
    let out = env
        .cmd()
        .args(["journal", "hello", "--vault"])
        .arg(&vault)
        .output()
        .unwrap();
    common::ok(&out);
    let err = stderr_of(&out);
    assert!(err.contains("can replace your vault"), "{err}");
    assert!(
        err.contains(&format!("chmod 700 '{}'", dir.display())),
        "quoted: {err}"
    );
}

/// Finding 7: a vault on a read-only file system (a restored backup, a snapshot) can
/// be read and verified, with a one-line note; appended entries are folded in memory
/// only; a command that writes says so before anything is typed.
#[test]
fn a_read_only_vault_can_be_read() {
    if !root_or_skip("a_read_only_vault_can_be_read") {
        return;
    }
    let env = Env::new();
    let mount = common::Tmpfs::mount(&env.dir.path().join("data"), "4m");
    env.init();
    env.journal("first");
    env.journal("second, not folded yet");
    fs::remove_file(env.dir.path().join("data").join("vault.confide.lock")).unwrap();
    let before = fs::read(env.vault()).unwrap();
    mount.remount_read_only();

    let out = env
        .with_pass(PASS)
        .args(["list", "--json"])
        .output()
        .unwrap();
    common::ok(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["entries"].as_array().unwrap().len(), 2);
    let err = stderr_of(&out);
    assert!(
        err.contains("read-only file system") && err.contains("nothing will be saved"),
        "{err}"
    );
    for args in [&["verify"][..], &["review"][..], &["tags"][..]] {
        let out = env.with_pass(PASS).args(args).output().unwrap();
        common::ok(&out);
    }
    let out = env.cmd().args(["journal", "third"]).output().unwrap();
    assert_eq!(out.status.code(), Some(10), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("read-only file system"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(fs::read(env.vault()).unwrap(), before, "nothing changed");
}

/// Finding 4: opening the `.bak`, as a damage message suggests, reads it and writes
/// nothing (before: it folded the backup and left `vault.confide.bak.bak` behind,
/// which `wipe` did not remove).
#[test]
fn the_backup_opens_read_only() {
    let env = Env::new();
    env.init();
    env.journal("one");
    env.with_pass(PASS).arg("list").assert().success();
    env.journal("two");
    env.with_pass(PASS).arg("list").assert().success();
    let bak = env.bak();
    assert!(bak.is_file());
    let before = fs::read(&bak).unwrap();
    let out = env
        .with_pass(PASS)
        .args(["list", "--vault"])
        .arg(&bak)
        .output()
        .unwrap();
    common::ok(&out);
    assert!(
        stderr_of(&out).contains("it is a backup"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(fs::read(&bak).unwrap(), before, "the backup is unchanged");
    let data = env.dir.path().join("data");
    let mut names: Vec<_> = fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["vault.confide", "vault.confide.bak", "vault.confide.lock"],
        "no .bak.bak, no lock beside the backup"
    );
    let out = env
        .cmd()
        .args(["journal", "three", "--vault"])
        .arg(&bak)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(10));
    let err = stderr_of(&out);
    assert!(err.contains("cp ") && err.contains("backup"), "{err}");
    let _ = fs::metadata(&bak).unwrap().ino();
}
