//! Shared test harness: a scratch environment per test, and the one place where tests
//! start processes. Every command starts from a cleared environment (`clean_command`),
//! so nothing the developer exported (CONFIDE_PASSPHRASE_COMMAND, CONFIDE_CONFIG,
//! XDG_CONFIG_HOME, VISUAL, EDITOR, TZ, ...) reaches confide or the tools a test
//! drives; the test sets what it needs. `Env` adds HOME and the XDG dirs inside the
//! scratch directory, TMPDIR, CONFIDE_VAULT and NO_COLOR.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]
#![allow(dead_code, unreachable_pub)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

/// The confide binary under test.
pub fn confide_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_confide"))
}

/// The one way a test starts a process: `program` with a cleared environment, in
/// which only PATH (to find sh, script, age) is passed on. Everything else the test
/// sets itself.
pub fn clean_command(program: impl AsRef<OsStr>) -> std::process::Command {
    let mut c = std::process::Command::new(program);
    c.env_clear();
    if let Some(path) = std::env::var_os("PATH") {
        c.env("PATH", path);
    }
    c
}

/// [`Env::command`] for a scratch directory `home` and a vault path, for threads that
/// cannot borrow the `Env`.
pub fn scratch_command(
    home: &Path,
    vault: &Path,
    program: impl AsRef<OsStr>,
) -> std::process::Command {
    let mut c = clean_command(program);
    c.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .env("XDG_CACHE_HOME", home.join("xdg-cache"))
        .env("XDG_STATE_HOME", home.join("xdg-state"))
        .env("TMPDIR", home.join("tmp"))
        .env("CONFIDE_VAULT", vault)
        .env("NO_COLOR", "1");
    c
}

/// Panics, with the exit status, stderr and the start of stdout (where a command run
/// through `script` writes everything), unless `out` is a success; its stdout as text
/// (invalid UTF-8 replaced: a test of exact bytes reads `out.stdout`).
#[track_caller]
pub fn ok(out: &Output) -> String {
    if !out.status.success() {
        let stdout = String::from_utf8_lossy(&out.stdout);
        let head: String = stdout.chars().take(4000).collect();
        panic!(
            "expected success, got {}\nstderr: {}\nstdout: {head}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub const PASS: &str = "maple quietly orbit velvet canyon";
pub const NEW_PASS: &str = "harbor lantern thistle mosaic drift";

pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn vault(&self) -> PathBuf {
        self.dir.path().join("data").join("vault.confide")
    }

    pub fn bak(&self) -> PathBuf {
        self.dir.path().join("data").join("vault.confide.bak")
    }

    /// `program` from a cleared environment with HOME, the XDG dirs and TMPDIR inside
    /// the scratch directory, CONFIDE_VAULT set to [`Env::vault`] and NO_COLOR.
    pub fn command(&self, program: impl AsRef<OsStr>) -> std::process::Command {
        scratch_command(self.dir.path(), &self.vault(), program)
    }

    /// confide from the scratch environment ([`Env::command`]), no standard input.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut c = self.command(confide_bin());
        c.stdin(Stdio::null());
        c
    }

    /// [`Env::std_cmd`] as an `assert_cmd` command.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut c = assert_cmd::Command::from_std(self.command(confide_bin()));
        c.write_stdin("");
        c
    }

    pub fn with_pass(&self, pass: &str) -> assert_cmd::Command {
        let mut c = self.cmd();
        c.env("CONFIDE_PASSPHRASE", pass);
        c
    }

    /// Creates the vault (work factor 10 to keep tests fast); returns the recovery code.
    pub fn init(&self) -> String {
        self.init_with(&[])
    }

    /// Like [`Env::init`], with the recovery start (`--start`), for data backdated
    /// before today: days before the start count in no figure.
    pub fn init_with_start(&self, start: &str) -> String {
        self.init_with(&["--start", start])
    }

    fn init_with(&self, extra: &[&str]) -> String {
        let out = self
            .with_pass(PASS)
            .args(["init", "--work-factor", "10"])
            .args(extra)
            .output()
            .unwrap();
        recovery_code(&ok(&out))
    }

    pub fn journal(&self, text: &str) {
        self.cmd().args(["journal", text]).assert().success();
    }

    pub fn list_json(&self, pass: &str) -> serde_json::Value {
        let out = self
            .with_pass(pass)
            .args(["list", "--json"])
            .output()
            .unwrap();
        serde_json::from_str(&ok(&out)).unwrap()
    }

    pub fn texts(&self, pass: &str) -> Vec<String> {
        self.list_json(pass)["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["text"].as_str().unwrap().to_string())
            .collect()
    }
}

pub fn recovery_code(init_stdout: &str) -> String {
    init_stdout
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 29 && l.chars().filter(|c| *c == '-').count() == 4)
        .expect("init prints a recovery code")
        .to_string()
}

impl Env {
    /// The number of appended records (entries written since the last unlock).
    pub fn records(&self) -> usize {
        let mut f = std::fs::File::open(self.vault()).unwrap();
        confide::vault::container::scan(&mut f, confide::vault::container::Verify::All)
            .unwrap()
            .records()
            .count()
    }

    /// All entries as JSON values (unlocks).
    pub fn entries(&self) -> Vec<serde_json::Value> {
        self.list_json(PASS)["entries"].as_array().unwrap().clone()
    }
}

/// Every file under `root` whose bytes contain `needle`.
pub fn files_containing(root: &Path, needle: &[u8]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(p) = stack.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(rd) = std::fs::read_dir(&p) {
                stack.extend(rd.flatten().map(|e| e.path()));
            }
        } else if meta.is_file()
            && let Ok(bytes) = std::fs::read(&p)
            && bytes.windows(needle.len()).any(|w| w == needle)
        {
            found.push(p);
        }
    }
    found
}

/// Runs `c`, failing the test with its stderr unless it succeeds; its stdout.
pub fn stdout(c: &mut assert_cmd::Command) -> String {
    let out = c.output().unwrap();
    ok(&out);
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// Whether `script` (util-linux) is here to drive a pseudo-terminal; required in CI,
/// a clear SKIPPED note otherwise.
pub fn have_script() -> bool {
    let ok = clean_command("sh")
        .args(["-c", "command -v script"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        skip("`script` (util-linux) is not installed");
    }
    ok
}

/// Says why a test is skipped; fails instead under `CI=true`, where nothing may be
/// skipped (CI runs as root, and .ci/run installs the tools the tests need).
pub fn skip(why: &str) {
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true, but {why}: CI runs as root and .ci/run installs the tools"
    );
    eprintln!("SKIPPED: {why}");
}

/// Whether the tests run as root (needed to mount a tmpfs or act as other users).
pub fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// A tmpfs mounted on a directory for one test, unmounted when dropped (also when the
/// test fails). Needs root.
pub struct Tmpfs {
    pub dir: PathBuf,
}

impl Tmpfs {
    /// Mounts a tmpfs of `size` (bytes, or with a suffix: "2m") at `dir`.
    pub fn mount(dir: &Path, size: &str) -> Tmpfs {
        std::fs::create_dir_all(dir).unwrap();
        let ok = clean_command("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "as root, mount -t tmpfs must work");
        Tmpfs {
            dir: dir.to_path_buf(),
        }
    }

    /// Makes the mount read-only.
    pub fn remount_read_only(&self) {
        let ok = clean_command("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "could not remount read-only");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = clean_command("umount").arg("-l").arg(&self.dir).status();
    }
}

/// Runs confide with `args` on a pseudo-terminal (through `script`) and holds a
/// dialogue: for each step, waits until the output shows `prompt` once more, then
/// types `keys`. Returns everything shown and the exit code; `None` (SKIPPED)
/// without `script`. Fails, never hangs, when a prompt does not come or confide does
/// not end within 30 s. SIGINT is reset to its default for confide, so Ctrl-C works
/// even where the test runner ignores it.
pub fn pty_dialogue(env: &Env, args: &[&str], steps: &[(&str, &[u8])]) -> Option<(String, i32)> {
    pty_dialogue_with(env, args, &[], steps, &mut |_| {})
}

/// [`pty_dialogue`] with variables `vars` set for confide, and `before` called with
/// each step's index once its prompt is on the screen, before the keys are typed
/// (to do something else while confide waits).
pub fn pty_dialogue_with(
    env: &Env,
    args: &[&str],
    vars: &[(&str, &str)],
    steps: &[(&str, &[u8])],
    before: &mut dyn FnMut(usize),
) -> Option<(String, i32)> {
    pty_dialogue_inner(env, args, vars, None, steps, before, 30)
}

/// [`pty_dialogue`] with confide's standard output going to the file `stdout` (as
/// `confide ... > file` in a shell on the terminal); standard input and standard error
/// stay the terminal. What was shown is what reached the terminal.
pub fn pty_dialogue_stdout_to(
    env: &Env,
    args: &[&str],
    stdout: &Path,
    steps: &[(&str, &[u8])],
) -> Option<(String, i32)> {
    pty_dialogue_inner(env, args, &[], Some(stdout), steps, &mut |_| {}, 30)
}

/// [`pty_dialogue_with`] for a command that takes its time (a `surf` session): the
/// whole dialogue may last `seconds` instead of 30.
pub fn pty_dialogue_within(
    env: &Env,
    args: &[&str],
    vars: &[(&str, &str)],
    steps: &[(&str, &[u8])],
    before: &mut dyn FnMut(usize),
    seconds: u64,
) -> Option<(String, i32)> {
    pty_dialogue_inner(env, args, vars, None, steps, before, seconds)
}

fn pty_dialogue_inner(
    env: &Env,
    args: &[&str],
    vars: &[(&str, &str)],
    redirect: Option<&Path>,
    steps: &[(&str, &[u8])],
    before: &mut dyn FnMut(usize),
    seconds: u64,
) -> Option<(String, i32)> {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};
    if !have_script() {
        return None;
    }
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    // `exec`: confide alone in the terminal's foreground, so that a Ctrl-C typed
    // reaches it and not a shell waiting for it (which would die of it).
    let mut line = format!(
        "exec env --default-signal=INT {}",
        quote(&confide_bin().display().to_string())
    );
    for a in args {
        line.push(' ');
        line.push_str(&quote(a));
    }
    if let Some(path) = redirect {
        line.push_str(" > ");
        line.push_str(&quote(&path.display().to_string()));
    }
    let mut command = env.command("script");
    command.args(["-qec", &line, "/dev/null"]);
    for (k, v) in vars {
        command.env(k, v);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut stdin = child.stdin.take().unwrap();
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut counts: std::collections::HashMap<&str, usize> = Default::default();
    for (i, (prompt, keys)) in steps.iter().enumerate() {
        let want = counts.entry(prompt).or_default();
        *want += 1;
        while String::from_utf8_lossy(&seen).matches(prompt).count() < *want {
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(bytes) => seen.extend(bytes),
                Err(_) => {
                    let _ = child.kill();
                    panic!(
                        "{prompt:?} (time {want}) never came:\n{}",
                        String::from_utf8_lossy(&seen)
                    );
                }
            }
        }
        // The prompt is on the screen; give the reader a moment to be waiting.
        std::thread::sleep(Duration::from_millis(50));
        before(i);
        stdin.write_all(keys).unwrap();
        stdin.flush().unwrap();
    }
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!(
                "confide did not end within {seconds} s:\n{}",
                String::from_utf8_lossy(&seen)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(stdin);
    reader.join().unwrap();
    seen.extend(rx.try_iter().flatten());
    Some((
        String::from_utf8_lossy(&seen).into_owned(),
        status.code().unwrap_or(-1),
    ))
}
