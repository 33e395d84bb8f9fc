//! The harness itself: every process a test starts comes from one builder
//! (`common::clean_command`), which passes on nothing from the environment the tests
//! run in. A developer who exports CONFIDE_PASSPHRASE_COMMAND (as the README
//! recommends), CONFIDE_CONFIG, XDG_CONFIG_HOME or EDITOR gets the same results as CI.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common::{self, Env, PASS};
use std::collections::BTreeSet;

/// In every hostile value, so a leak shows up in any output.
const MARK: &str = "HOSTILE-7f3c";

/// What a developer may have exported, each of which changes what confide does.
fn hostile_vars() -> Vec<(&'static str, String)> {
    vec![
        ("CONFIDE_PASSPHRASE_COMMAND", format!("echo {MARK}")),
        ("CONFIDE_PASSPHRASE_FILE", format!("/nonexistent/{MARK}")),
        ("CONFIDE_CONFIG", format!("/nonexistent/{MARK}.toml")),
        ("CONFIDE_VAULT", format!("/nonexistent/{MARK}.confide")),
        ("CONFIDE_LOCK_TIMEOUT_MS", MARK.to_string()),
        ("XDG_CONFIG_HOME", format!("/nonexistent/{MARK}")),
        ("XDG_DATA_HOME", format!("/nonexistent/{MARK}")),
        ("VISUAL", format!("false {MARK}")),
        ("EDITOR", format!("false {MARK}")),
        ("TZ", MARK.to_string()),
        ("LANG", MARK.to_string()),
        // Would change the width of every help snapshot.
        ("COLUMNS", "41".to_string()),
        ("NO_COLOR", String::new()),
    ]
}

/// Set in the child run of this test, which has the hostile values in its own
/// environment (a test cannot set them in its own process without `unsafe`).
const CHILD: &str = "HARNESS_HOSTILE_CHILD";

/// The test binary runs this test again with the hostile values exported; there, the
/// builders must start every command without them, and the snapshots of confide's
/// help and messages (tests/cmd.rs) must still match.
#[test]
fn the_builders_pass_on_nothing_from_the_test_environment() {
    if std::env::var_os(CHILD).is_some() {
        check_with_hostile_environment();
        return;
    }
    let me = std::env::current_exe().unwrap();
    let mut c = common::clean_command(&me);
    c.args([
        "--exact",
        "harness::the_builders_pass_on_nothing_from_the_test_environment",
        "cmd::help_and_error_messages_match_their_snapshots",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(CHILD, "1");
    for (k, v) in hostile_vars() {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "the child run failed:\n{text}");
    assert!(
        text.contains("2 passed"),
        "the child did not run both tests:\n{text}"
    );
}

fn names(env_output: &str) -> BTreeSet<String> {
    env_output
        .lines()
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.to_string()))
        .collect()
}

fn check_with_hostile_environment() {
    // The hostile values really are in this process's environment.
    for (k, v) in hostile_vars() {
        assert_eq!(std::env::var(k).as_deref(), Ok(v.as_str()), "{k}");
    }
    // Exactly what the builders set, and nothing else.
    let out = common::ok(&common::clean_command("env").output().unwrap());
    assert_eq!(names(&out), BTreeSet::from(["PATH".to_string()]), "{out}");
    let env = Env::new();
    let out = common::ok(&env.command("env").output().unwrap());
    let expected: BTreeSet<String> = [
        "PATH",
        "HOME",
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "XDG_CACHE_HOME",
        "XDG_STATE_HOME",
        "TMPDIR",
        "CONFIDE_VAULT",
        "NO_COLOR",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(names(&out), expected, "{out}");
    assert!(!out.contains(MARK), "{out}");
    // And confide, started by each builder, works as if nothing were exported: with
    // any of the values above it would fail (a passphrase command that answers
    // wrongly, a config or vault that is not there, a lock timeout that is no number).
    env.init();
    env.journal("nothing leaked in");
    assert_eq!(env.texts(PASS), ["nothing leaked in"]);
    let out = env
        .std_cmd()
        .env("CONFIDE_PASSPHRASE", PASS)
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert!(common::ok(&out).contains("nothing leaked in"));
    let out = common::scratch_command(env.dir.path(), &env.vault(), common::confide_bin())
        .env("CONFIDE_PASSPHRASE", PASS)
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert!(common::ok(&out).contains("nothing leaked in"));
}

/// The builders only keep the environment out if every test uses them: no test file
/// but the harness starts a process any other way.
#[test]
fn no_test_starts_a_process_around_the_builder() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut offenders = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|x| x != "rs") || path == root.join("common/mod.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Spelled in pieces so this file does not find itself.
            for needle in [
                concat!("Command::", "new("),
                concat!("cargo", "_bin"),
                concat!("env_", "clear("),
            ] {
                if text.contains(needle) {
                    offenders.push(format!("{}: {needle}", path.display()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "start processes with common::clean_command or Env::command/cmd/std_cmd: {offenders:?}"
    );
}
