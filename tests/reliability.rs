//! Trying to break the vault: SIGKILL at random moments (appends, folds, edits,
//! deletes, passwd), a full disk, many writers at
//! once, and every kind of corruption. CI-sized; `CONFIDE_CRASH_KILLS=5000` (see
//! bench/soak.sh) runs the crash harness as a soak.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common;
use common::*;
use confide::vault::{Error, OpenOptions, Vault};
use std::collections::HashSet;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A small deterministic generator (no dependency, reproducible from the seed).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn confide(env: &Env, pass: &str) -> Command {
    let mut c = env.std_cmd();
    c.env("CONFIDE_PASSPHRASE", pass)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// (text, id) of every entry in the vault, opened with whichever of the passphrases
/// works, and that passphrase.
fn entries_with(env: &Env, passes: &[&str]) -> (Vec<(String, String)>, String) {
    for p in passes {
        let out = env
            .std_cmd()
            .env("CONFIDE_PASSPHRASE", p)
            .args(["list", "--json"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        if out.status.code() == Some(4) {
            continue;
        }
        ok(&out);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let entries = v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["text"].as_str().unwrap_or_default().to_string(),
                    e["id"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        return (entries, p.to_string());
    }
    panic!("neither passphrase opens the vault after a kill");
}

#[test]
fn sigkill_at_random_moments_never_loses_a_committed_entry() {
    let kills: usize = std::env::var("CONFIDE_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed = std::env::var("CONFIDE_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_c0ff_ee00_0001u64);
    let mut rng = Rng(seed);
    let env = Env::new();
    env.init();
    let mut pass = PASS.to_string();
    // Texts whose append exited 0 (must be present) and texts whose delete exited 0
    // (must be absent); texts of killed commands may be either.
    let mut committed: HashSet<String> = HashSet::new();
    let mut deleted: HashSet<String> = HashSet::new();
    let mut either: Vec<(String, String)> = Vec::new();
    let mut n = 0usize;
    // The vault's entries as the check after the previous command saw them.
    let mut listed: Vec<(String, String)> = Vec::new();
    let mut killed = 0usize;
    let mut finished = 0usize;
    while killed < kills {
        n += 1;
        let text = format!("entry {n}");
        let op = rng.below(11);
        let mut cmd = confide(&env, &pass);
        let mut deleting = None;
        let mut editing = None;
        let mut new_pass = None;
        match op {
            0..=5 => {
                cmd.args(["journal", &text]);
            }
            6 | 7 => {
                cmd.args(["list"]);
            }
            8 | 9 => {
                // Delete or edit one committed entry, by the id the last check listed.
                let Some((victim, id)) =
                    listed.iter().find(|(t, _)| committed.contains(t)).cloned()
                else {
                    continue;
                };
                if op == 8 {
                    cmd.args(["delete", "--yes", &id]);
                    deleting = Some(victim);
                } else {
                    let edited = format!("{victim} edited {n}");
                    cmd.args(["edit", &id, "--text", &edited]);
                    editing = Some((victim, edited));
                }
            }
            _ => {
                let next = if pass == PASS { NEW_PASS } else { PASS };
                cmd.env("CONFIDE_NEW_PASSPHRASE", next)
                    .args(["passwd", "--work-factor", "10"]);
                new_pass = Some(next.to_string());
            }
        }
        let mut child = cmd.spawn().unwrap();
        // Kill somewhere in the first 40 ms (debug builds: most commands take 5-60 ms).
        let delay = Duration::from_micros(rng.below(40_000));
        let start = Instant::now();
        let mut status = None;
        while start.elapsed() < delay {
            if let Some(s) = child.try_wait().unwrap() {
                status = Some(s);
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        match status {
            Some(s) => {
                assert!(s.success(), "command {op} failed without being killed");
                finished += 1;
                if op <= 5 {
                    committed.insert(text);
                }
                if let Some(v) = deleting {
                    committed.remove(&v);
                    deleted.insert(v);
                }
                if let Some((old, new)) = editing {
                    committed.remove(&old);
                    committed.insert(new);
                }
                if let Some(p) = new_pass {
                    pass = p;
                }
            }
            None => {
                let _ = child.kill();
                let _ = child.wait();
                killed += 1;
                if let Some(v) = deleting {
                    // Either outcome is fine; it is no longer required to be present.
                    committed.remove(&v);
                }
                if let Some((old, new)) = editing {
                    // The old text or the new one, never neither.
                    committed.remove(&old);
                    either.push((old, new));
                }
            }
        }
        // After every command: the vault opens, verify passes, committed entries are
        // all there, deleted ones are not, and nothing appears twice.
        let (entries, which) = entries_with(&env, &[&pass, PASS, NEW_PASS]);
        let texts: Vec<String> = entries.iter().map(|(t, _)| t.clone()).collect();
        listed = entries;
        pass = which;
        let st = confide(&env, &pass).arg("verify").status().unwrap();
        assert!(st.success(), "verify failed after {killed} kills");
        let set: HashSet<&String> = texts.iter().collect();
        assert_eq!(set.len(), texts.len(), "an entry appears twice: {texts:?}");
        for t in &committed {
            assert!(set.contains(t), "committed `{t}` lost after {killed} kills");
        }
        for t in &deleted {
            assert!(!set.contains(t), "deleted `{t}` came back");
        }
        for (old, new) in &either {
            assert!(
                set.contains(old) || set.contains(new),
                "an edit killed midway lost the entry `{old}`"
            );
        }
    }
    eprintln!(
        "{killed} kills, {finished} commands finished, {} entries kept",
        committed.len()
    );
}

#[test]
fn a_full_disk_ends_in_a_clear_error_and_an_intact_vault() {
    let env = Env::new();
    env.init();
    for i in 0..20 {
        env.journal(&format!("before the disk filled {i} {}", "x".repeat(400)));
    }
    env.entries();
    // The folded vault with 20 entries: the fold below writes one with 21, which is
    // larger (though it can be smaller than the vault with the appended record).
    let folded = fs::metadata(env.vault()).unwrap().len() as usize;
    env.journal("appended, not yet folded");
    let before = fs::read(env.vault()).unwrap();
    let blocks = folded / 512; // ulimit -f counts 512-byte blocks here
    // The fold rewrites the whole vault: with the file size limit just under the
    // smallest size it can have, the write fails with EFBIG (SIGXFSZ ignored, as a
    // full disk fails with ENOSPC).
    let bin = confide_bin();
    let out = env
        .command("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {}; exec '{}' list",
            blocks.saturating_sub(1),
            bin.display()
        ))
        .env("CONFIDE_PASSPHRASE", PASS)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "the write should have failed (vault {} bytes folded, {} before, {} after, limit {} bytes): {stderr}",
        folded,
        before.len(),
        fs::metadata(env.vault()).map(|m| m.len()).unwrap_or(0),
        blocks.saturating_sub(1) * 512
    );
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("the vault is unchanged") || stderr.contains("could not"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        fs::read(env.vault()).unwrap(),
        before,
        "the vault is untouched"
    );
    let leftovers: Vec<_> = fs::read_dir(env.vault().parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temp files left behind: {leftovers:?}"
    );

    // An append that cannot grow the file fails cleanly and leaves no partial record.
    let out = env
        .command("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {}; exec '{}' journal 'does not fit {}'",
            // Room for part of the record: the write is cut midway, and the part that
            // got in must be trimmed off again.
            blocks + 2,
            bin.display(),
            "y".repeat(2000)
        ))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("the entry was not saved"));
    assert_eq!(fs::read(env.vault()).unwrap(), before);
    // And everything is still there.
    let texts: Vec<String> = env
        .entries()
        .iter()
        .map(|e| e["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts.len(), 21);
    env.with_pass(PASS).arg("verify").assert().success();
}

#[test]
fn eight_writers_and_a_folder_lose_and_duplicate_nothing() {
    let env = Env::new();
    env.init();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let home = env.dir.path().to_path_buf();
    let folder = {
        let (home, vault, stop) = (home.clone(), env.vault(), stop.clone());
        std::thread::spawn(move || {
            let mut runs = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let st = scratch_command(&home, &vault, confide_bin())
                    .env("CONFIDE_PASSPHRASE", PASS)
                    .env("CONFIDE_LOCK_TIMEOUT_MS", "60000")
                    .args(["list"])
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .status()
                    .unwrap();
                assert!(st.success());
                runs += 1;
            }
            runs
        })
    };
    let writers: Vec<_> = (0..8)
        .map(|p| {
            let (home, vault) = (home.clone(), env.vault());
            std::thread::spawn(move || {
                for i in 0..50 {
                    let st = scratch_command(&home, &vault, confide_bin())
                        .env("CONFIDE_LOCK_TIMEOUT_MS", "60000")
                        .args(["journal", &format!("writer {p} entry {i}")])
                        .stdin(Stdio::null())
                        .stdout(Stdio::null())
                        .status()
                        .unwrap();
                    assert!(st.success());
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let folds = folder.join().unwrap();
    assert!(folds > 0);
    let entries = env.entries();
    assert_eq!(entries.len(), 400);
    let texts: HashSet<&str> = entries
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts.len(), 400, "no duplicates");
    let ids: HashSet<&str> = entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 400);
}

/// A small vault with a folded state and two appended records; returns its bytes
/// and where the last record starts.
fn corruption_subject(env: &Env) -> (Vec<u8>, u64) {
    env.init();
    env.journal("folded one");
    env.journal("folded two");
    env.entries();
    env.journal("appended one");
    env.journal("appended two");
    let bytes = fs::read(env.vault()).unwrap();
    let mut f = fs::File::open(env.vault()).unwrap();
    let layout =
        confide::vault::container::scan(&mut f, confide::vault::container::Verify::All).unwrap();
    let last = layout.records().last().unwrap().start;
    (bytes, last)
}

/// Opens `bytes` as a vault in `dir`; the outcome, and whether the file changed.
fn open_copy(dir: &Path, bytes: &[u8]) -> (Result<usize, Error>, bool) {
    let path = dir.join("copy.confide");
    let _ = fs::remove_file(dir.join("copy.confide.bak"));
    fs::write(&path, bytes).unwrap();
    // Private, so the only warnings are about the vault's contents.
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    let pass = age::secrecy::SecretString::from(PASS.to_string());
    let result = std::panic::catch_unwind(|| {
        Vault::at(&path)
            .open(OpenOptions::passphrase(&pass), &mut |_| {})
            .map(|u| u.state.entries.len() + u.warnings.len() * 1000)
    })
    .unwrap_or_else(|_| panic!("confide panicked on a corrupted vault"));
    let changed = fs::read(&path).unwrap() != bytes;
    (result, changed)
}

#[test]
fn every_corruption_is_reported_as_damage_and_nothing_is_written() {
    let env = Env::new();
    let (good, last_record) = corruption_subject(&env);
    let scratch = tempfile::tempdir().unwrap();
    let mut rng = Rng(0xc0ff_ee12_3456_789a);
    // A small vault is a few KiB: flip a bit in every byte when it is under 8 KiB,
    // else in a sample of 2,000 positions (always including the header).
    let positions: Vec<usize> = if good.len() <= 8192 {
        (0..good.len()).collect()
    } else {
        let mut p: Vec<usize> = (0..64).collect();
        while p.len() < 2000 {
            p.push(rng.below(good.len() as u64) as usize);
        }
        p
    };
    let mut damaged = 0;
    for &pos in &positions {
        let mut bad = good.clone();
        bad[pos] ^= 1 << rng.below(8);
        let (result, changed) = open_copy(scratch.path(), &bad);
        match result {
            Err(Error::Damaged { .. } | Error::Tampered { .. }) => {
                assert!(!changed, "a damaged vault was written (byte {pos})");
                damaged += 1;
            }
            Err(Error::Unsupported(_)) => {
                // The format-version bytes: "needs a newer confide".
                assert!((8..10).contains(&pos), "unsupported at byte {pos}");
                assert!(!changed);
            }
            Ok(n) => {
                // Only the final appended record may be cut off, with a warning.
                assert!(
                    pos as u64 >= last_record,
                    "byte {pos} flipped and opened: {n}"
                );
                assert!(n >= 1000, "cut without a warning (byte {pos})");
            }
            Err(e) => panic!("byte {pos}: unexpected {e}"),
        }
    }
    assert!(damaged > positions.len() / 2);
    // Truncation at every length. Cut exactly between two records, the file is a
    // complete older vault (nothing in it can tell otherwise): it opens, silently.
    let boundaries = record_starts(&good);
    for len in 0..good.len() {
        let (result, changed) = open_copy(scratch.path(), &good[..len]);
        match result {
            Err(Error::Damaged { .. }) => assert!(!changed, "truncated to {len} and written"),
            Ok(n) => {
                assert!(len as u64 >= boundaries[0], "len {len}");
                if !boundaries.contains(&(len as u64)) {
                    assert!(n >= 1000, "truncated to {len} without a warning");
                }
            }
            Err(e) => panic!("truncated to {len}: unexpected {e}"),
        }
    }
    // Through the binary: exit 5, and the message points to the backup and verify.
    let mut bad = good.clone();
    bad[good.len() / 3] ^= 0x40;
    fs::write(env.vault(), &bad).unwrap();
    let out = env.with_pass(PASS).arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(".bak") && stderr.contains("confide verify"),
        "{stderr}"
    );
    assert_eq!(fs::read(env.vault()).unwrap(), bad);
}

/// Where each appended record begins (the first is the end of the state part).
fn record_starts(good: &[u8]) -> Vec<u64> {
    let mut c = std::io::Cursor::new(good);
    let layout =
        confide::vault::container::scan(&mut c, confide::vault::container::Verify::All).unwrap();
    layout.records().map(|r| r.start).collect()
}

/// Inputs the fuzzers found (tests/testdata/fuzz-regressions): each once panicked.
#[test]
fn fuzz_regressions_parse_without_panicking() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testdata/fuzz-regressions");
    let mut n = 0;
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let bytes = fs::read(entry.path()).unwrap();
        for verify in [
            confide::vault::container::Verify::All,
            confide::vault::container::Verify::None,
        ] {
            let _ = confide::vault::container::scan(&mut std::io::Cursor::new(&bytes), verify);
        }
        n += 1;
    }
    assert!(n >= 1);
}
