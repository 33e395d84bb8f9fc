//! Snapshots of what confide says: the full stdout, stderr and exit status of every
//! `--help` and of the error messages that can be caused without a terminal, one case
//! per file in tests/cmd/ (the way rage keeps its tests/cmd, in a subset of trycmd's
//! `.toml` case format). A changed word in a message shows up as a failing case.
//!
//! Each case runs from a cleared environment (`Env::command`: HOME, the XDG dirs,
//! TMPDIR and CONFIDE_VAULT in a fresh scratch directory, NO_COLOR) in the scratch
//! directory, with the case's `[env]` added. A case file holds:
//!
//! ```toml
//! # What the case shows (comment lines at the top are kept).
//! args = ["list"]
//! status = 4
//! stdout = ''
//! stderr = '''
//! error: ...
//! '''
//!
//! [env]
//! CONFIDE_PASSPHRASE = "not the passphrase"
//!
//! [copy]   # files copied into the scratch directory, from tests/cmd/
//! "data/vault.confide" = "fixture.confide"
//!
//! [files]  # files written into the scratch directory
//! "bad.json" = "{ oops"
//! ```
//!
//! `[SCRATCH]` in args, env and files stands for the scratch directory, and replaces
//! it in the output; `[ID]` replaces the random id in a "Saved urge 3fa2c1d0." line.
//! `fixture.confide` is a vault made with `init --work-factor 10` and the passphrase
//! in `fixture.passphrase`; it holds no entries.
//!
//! `UPDATE_SNAPSHOTS=1 cargo test --test integration cmd::` writes the actual status,
//! stdout and stderr into every case file (and fills in a new case that has only
//! `args`); read the diff before committing it.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common::{self, Env};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd")
}

struct Case {
    comments: String,
    args: Vec<String>,
    status: Option<i64>,
    stdin: Option<String>,
    stdout: Option<String>,
    stderr: Option<String>,
    env: BTreeMap<String, String>,
    copy: BTreeMap<String, String>,
    files: BTreeMap<String, String>,
}

fn table(v: &toml::Table, key: &str, path: &Path) -> BTreeMap<String, String> {
    let Some(t) = v.get(key) else {
        return BTreeMap::new();
    };
    t.as_table()
        .unwrap_or_else(|| panic!("{}: [{key}] must be a table", path.display()))
        .iter()
        .map(|(k, v)| {
            let v = v
                .as_str()
                .unwrap_or_else(|| panic!("{}: {key}.{k} must be a string", path.display()));
            (k.clone(), v.to_string())
        })
        .collect()
}

impl Case {
    fn load(path: &Path) -> Case {
        let text = fs::read_to_string(path).unwrap();
        let v: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let known = [
            "args", "status", "stdin", "stdout", "stderr", "env", "copy", "files",
        ];
        for k in v.keys() {
            assert!(
                known.contains(&k.as_str()),
                "{}: unknown key `{k}`",
                path.display()
            );
        }
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        Case {
            comments: text
                .lines()
                .take_while(|l| l.starts_with('#'))
                .map(|l| format!("{l}\n"))
                .collect(),
            args: v
                .get("args")
                .and_then(|a| a.as_array())
                .unwrap_or_else(|| panic!("{}: `args` must be a list", path.display()))
                .iter()
                .map(|a| a.as_str().expect("each argument is a string").to_string())
                .collect(),
            status: v.get("status").and_then(|x| x.as_integer()),
            stdin: s("stdin"),
            stdout: s("stdout"),
            stderr: s("stderr"),
            env: table(&v, "env", path),
            copy: table(&v, "copy", path),
            files: table(&v, "files", path),
        }
    }

    fn save(&self, path: &Path) {
        let mut t = self.comments.clone();
        let args: Vec<toml::Value> = self
            .args
            .iter()
            .map(|a| toml::Value::String(a.clone()))
            .collect();
        writeln!(t, "args = {}", toml::Value::Array(args)).unwrap();
        if let Some(s) = &self.stdin {
            writeln!(t, "stdin = {}", toml_string(s)).unwrap();
        }
        writeln!(t, "status = {}", self.status.expect("a status to save")).unwrap();
        writeln!(
            t,
            "stdout = {}",
            toml_string(self.stdout.as_deref().unwrap_or(""))
        )
        .unwrap();
        writeln!(
            t,
            "stderr = {}",
            toml_string(self.stderr.as_deref().unwrap_or(""))
        )
        .unwrap();
        for (name, map) in [
            ("env", &self.env),
            ("copy", &self.copy),
            ("files", &self.files),
        ] {
            if map.is_empty() {
                continue;
            }
            write!(t, "\n[{name}]\n").unwrap();
            for (k, v) in map {
                writeln!(t, "{} = {}", toml_key(k), toml_string(v)).unwrap();
            }
        }
        fs::write(path, t).unwrap();
    }
}

fn toml_key(k: &str) -> String {
    if k.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        toml::Value::String(k.to_string()).to_string()
    }
}

/// A multi-line literal string where that can hold `s` as it is (easy to read in a
/// diff); a quoted string otherwise.
fn toml_string(s: &str) -> String {
    let plain = !s.contains("'''") && !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t');
    if s.contains('\n') && plain {
        format!("'''\n{s}'''")
    } else {
        toml::Value::String(s.to_string()).to_string()
    }
}

struct Actual {
    status: i64,
    stdout: String,
    stderr: String,
}

fn run(case: &Case) -> Actual {
    let env = Env::new();
    let scratch = env.dir.path();
    let put = |s: &str| s.replace("[SCRATCH]", &scratch.display().to_string());
    for (to, from) in &case.copy {
        // Private, as confide makes them, so no permission warning depends on the
        // checkout's modes or the umask.
        use std::os::unix::fs::PermissionsExt;
        let to = scratch.join(to);
        let parent = to.parent().unwrap();
        fs::create_dir_all(parent).unwrap();
        fs::set_permissions(parent, fs::Permissions::from_mode(0o700)).unwrap();
        fs::copy(dir().join(from), &to).unwrap();
        fs::set_permissions(&to, fs::Permissions::from_mode(0o600)).unwrap();
    }
    for (to, text) in &case.files {
        use std::os::unix::fs::PermissionsExt;
        let to = scratch.join(to);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::write(&to, put(text)).unwrap();
        fs::set_permissions(&to, fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut c = env.command(common::confide_bin());
    c.current_dir(scratch)
        .args(case.args.iter().map(|a| put(a)))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in &case.env {
        c.env(k, put(v));
    }
    let mut child = c.spawn().unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        if let Some(s) = &case.stdin {
            stdin.write_all(s.as_bytes()).unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    let take = |b: &[u8]| {
        ids(&String::from_utf8_lossy(b).replace(&scratch.display().to_string(), "[SCRATCH]"))
    };
    Actual {
        // A signal (no code) shows as -1.
        status: out.status.code().map_or(-1, i64::from),
        stdout: take(&out.stdout),
        stderr: take(&out.stderr),
    }
}

/// A new entry's id is random: "Saved urge 3fa2c1d0." shows as "Saved urge [ID].".
fn ids(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let id = body
            .strip_prefix("Saved ")
            .and_then(|rest| rest.strip_suffix('.'))
            .and_then(|rest| rest.rsplit_once(' '))
            .map(|(_, id)| id)
            .filter(|id| id.len() == 8 && id.bytes().all(|b| b.is_ascii_hexdigit()));
        match id {
            Some(id) => {
                out.push_str(&body[..body.len() - id.len() - 1]);
                out.push_str("[ID].");
                out.push_str(&line[body.len()..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

fn first_difference(what: &str, expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(e, a)| e != a)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    Some(format!(
        "{what} differs from line {}:\n  expected: {:?}\n  actual:   {:?}\n--- actual {what} ---\n{actual}",
        line + 1,
        expected.lines().nth(line).unwrap_or("<end>"),
        actual.lines().nth(line).unwrap_or("<end>"),
    ))
}

fn cases() -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = fs::read_dir(dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    all.sort();
    all
}

#[test]
fn help_and_error_messages_match_their_snapshots() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let all = cases();
    assert!(all.len() > 40, "the cases are in tests/cmd/*.toml");
    let mut failures = Vec::new();
    for path in &all {
        let mut case = Case::load(path);
        let actual = run(&case);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if update {
            case.status = Some(actual.status);
            case.stdout = Some(actual.stdout);
            case.stderr = Some(actual.stderr);
            case.save(path);
            continue;
        }
        let mut problems = Vec::new();
        match case.status {
            Some(s) if s == actual.status => {}
            s => problems.push(format!("status {} instead of {s:?}", actual.status)),
        }
        let (Some(stdout), Some(stderr)) = (&case.stdout, &case.stderr) else {
            failures.push(format!(
                "{name}: no snapshot yet; run with UPDATE_SNAPSHOTS=1"
            ));
            continue;
        };
        problems.extend(first_difference("stdout", stdout, &actual.stdout));
        problems.extend(first_difference("stderr", stderr, &actual.stderr));
        if !problems.is_empty() {
            failures.push(format!("{name}: {}", problems.join("\n")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ (UPDATE_SNAPSHOTS=1 rewrites them; read the diff):\n\n{}",
        failures.len(),
        all.len(),
        failures.join("\n\n")
    );
}

/// Every command in `confide --help` has its own help snapshot, so a new command
/// cannot go without one.
#[test]
fn every_command_has_a_help_snapshot() {
    let env = Env::new();
    let stdout = common::ok(
        &env.command(common::confide_bin())
            .arg("--help")
            .output()
            .unwrap(),
    );
    let commands: Vec<&str> = stdout
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(commands.len() > 20, "{stdout}");
    let missing: Vec<&&str> = commands
        .iter()
        .filter(|c| !dir().join(format!("help-{c}.toml")).exists())
        .collect();
    assert!(
        missing.is_empty(),
        "add tests/cmd/help-<command>.toml for {missing:?}"
    );
}
