//! Where passphrases come from, under attack: bytes that are not UTF-8, a byte order
//! mark, endless files and commands, a readable passphrase file, secrets leaking to
//! child processes, and passphrases too long for a stock `age` prompt.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common;
use super::editor_harness;

use editor_harness as harness;

use common::{Env, NEW_PASS, PASS};
use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

fn run(c: &mut assert_cmd::Command) -> (i32, String) {
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Before the fix, `to_string_lossy` made "pass\xe9" and "pass\xe8" the same
/// passphrase (both became "pass\u{fffd}"); now each source refuses what is not UTF-8.
#[test]
fn sources_that_are_not_utf8_are_refused_and_named() {
    let env = Env::new();
    env.init();
    let latin1 = OsStr::from_bytes(b"caf\xe9 au lait sous la pluie");
    let (code, err) = run(env.cmd().env("CONFIDE_PASSPHRASE", latin1).arg("list"));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("CONFIDE_PASSPHRASE is not UTF-8 text"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    let file = env.dir.path().join("latin1.txt");
    fs::write(&file, b"caf\xe9 au lait\n").unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
    let (code, err) = run(env.cmd().env("CONFIDE_PASSPHRASE_FILE", &file).arg("list"));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("(CONFIDE_PASSPHRASE_FILE) is not UTF-8 text"),
        "{err}"
    );

    let (code, err) = run(env
        .cmd()
        .env("CONFIDE_PASSPHRASE_COMMAND", "printf 'caf\\351 au lait\\n'")
        .arg("list"));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("what CONFIDE_PASSPHRASE_COMMAND printed is not UTF-8 text"),
        "{err}"
    );

    // Nor is a new passphrase or a recovery code taken lossily.
    let (code, err) = run(env
        .with_pass(PASS)
        .env("CONFIDE_NEW_PASSPHRASE", latin1)
        .arg("passwd"));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("CONFIDE_NEW_PASSPHRASE is not UTF-8"), "{err}");
    assert_eq!(
        env.texts(PASS).len(),
        0,
        "the old passphrase still opens it"
    );
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_passphrase() {
    let env = Env::new();
    env.init();
    let file = env.dir.path().join("bom.txt");
    fs::write(&file, format!("\u{feff}{PASS}\r\nsecond line is ignored\n")).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
    let out = env
        .cmd()
        .env("CONFIDE_PASSPHRASE_FILE", &file)
        .arg("list")
        .output()
        .unwrap();
    common::ok(&out);
    assert!(out.stderr.is_empty(), "a 0600 file gets no warning");
}

/// Before the fix `CONFIDE_PASSPHRASE_FILE=/dev/zero` grew to gigabytes.
#[test]
fn endless_files_and_commands_fail_fast_as_too_long() {
    let env = Env::new();
    env.init();
    let t = Instant::now();
    let (code, err) = run(env
        .cmd()
        .env("CONFIDE_PASSPHRASE_FILE", "/dev/zero")
        .arg("list"));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("too long (over 64 KiB)"), "{err}");
    // A command that prints without end: its first line is cut at 64 KiB, and it is
    // stopped.
    let (code, err) = run(env
        .cmd()
        .env("CONFIDE_PASSPHRASE_COMMAND", "tr '\\0' a < /dev/zero")
        .env("CONFIDE_PASSPHRASE_COMMAND_TIMEOUT", "2")
        .arg("list"));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("CONFIDE_PASSPHRASE_COMMAND"), "{err}");
    assert!(t.elapsed() < Duration::from_secs(20), "{:?}", t.elapsed());
    // Just under the limit is still a passphrase (a wrong one here).
    let file = env.dir.path().join("long.txt");
    fs::write(&file, format!("{}\n", "a".repeat(64 * 1024))).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
    let (code, err) = run(env.cmd().env("CONFIDE_PASSPHRASE_FILE", &file).arg("list"));
    assert_eq!(code, 4, "{err}");
}

/// Processes whose command line is exactly `sleep <secs>` and that are still alive
/// (not zombies).
fn sleeping(secs: &str) -> usize {
    let mut n = 0;
    for p in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(cmd) = fs::read(p.path().join("cmdline")) else {
            continue;
        };
        if cmd != format!("sleep\0{secs}\0").as_bytes() {
            continue;
        }
        let stat = fs::read_to_string(p.path().join("stat")).unwrap_or_default();
        let state = stat.rsplit(')').next().unwrap_or("").trim_start();
        if !state.starts_with('Z') {
            n += 1;
        }
    }
    n
}

/// Before the fix `CONFIDE_PASSPHRASE_COMMAND='sleep 3600'` waited forever.
#[test]
fn a_passphrase_command_that_hangs_is_stopped_with_everything_it_started() {
    let env = Env::new();
    env.init();
    let t = Instant::now();
    let (code, err) = run(env
        .cmd()
        .env("CONFIDE_PASSPHRASE_COMMAND", "sleep 3607 & sleep 3608")
        .env("CONFIDE_PASSPHRASE_COMMAND_TIMEOUT", "1")
        .arg("list"));
    let took = t.elapsed();
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("CONFIDE_PASSPHRASE_COMMAND did not finish within 1 s"),
        "{err}"
    );
    assert!(took < Duration::from_secs(10), "{took:?}");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(sleeping("3607"), 0, "the background child was left running");
    assert_eq!(sleeping("3608"), 0, "the command was left running");
    // A timeout that is not a number of seconds in range is refused.
    for bad in ["0", "soon", "99999"] {
        let (code, err) = run(env
            .cmd()
            .env("CONFIDE_PASSPHRASE_COMMAND", format!("echo '{PASS}'"))
            .env("CONFIDE_PASSPHRASE_COMMAND_TIMEOUT", bad)
            .arg("list"));
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("from 1 to 3600"), "{err}");
    }
    // A prompt command that answers opens the vault.
    env.cmd()
        .env("CONFIDE_PASSPHRASE_COMMAND", format!("echo '{PASS}'"))
        .arg("list")
        .assert()
        .success();
}

#[test]
fn a_passphrase_file_others_can_read_gets_a_warning() {
    let env = Env::new();
    env.init();
    let file = env.dir.path().join("pass file.txt");
    fs::write(&file, format!("{PASS}\n")).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
    let out = env
        .cmd()
        .env("CONFIDE_PASSPHRASE_FILE", &file)
        .arg("list")
        .output()
        .unwrap();
    common::ok(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.matches("can be read by other users").count(),
        1,
        "{err}"
    );
    assert!(
        err.contains(&format!("chmod 600 '{}'", file.display())),
        "{err}"
    );
    fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
    let out = env
        .cmd()
        .env("CONFIDE_PASSPHRASE_FILE", &file)
        .arg("list")
        .output()
        .unwrap();
    common::ok(&out);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn secret_names(dump: &str) -> Vec<String> {
    dump.lines()
        .filter_map(|l| l.split_once('=').map(|(k, _)| k))
        .filter(|k| k.starts_with("CONFIDE_") && k.contains("PASSPHRASE"))
        .map(str::to_string)
        .collect()
}

const SECRETS: [(&str, &str); 6] = [
    ("CONFIDE_OTHER_PASSPHRASE", "other secret"),
    ("CONFIDE_OTHER_PASSPHRASE_FILE", "/nonexistent/other"),
    ("CONFIDE_NEW_PASSPHRASE", "new secret"),
    ("CONFIDE_EXPORT_PASSPHRASE", "export secret"),
    ("CONFIDE_IMPORT_PASSPHRASE", "import secret"),
    ("CONFIDE_PASSPHRASE_COMMAND_TIMEOUT", "30"),
];

/// Before the fix, the passphrase command saw every `CONFIDE_*PASSPHRASE*` variable.
#[test]
fn a_passphrase_command_sees_no_passphrase_variable() {
    let env = Env::new();
    env.init();
    let dump = env.dir.path().join("command-env.txt");
    let mut c = env.cmd();
    c.env(
        "CONFIDE_PASSPHRASE_COMMAND",
        format!("env > '{}'; echo '{PASS}'", dump.display()),
    )
    .env("CONFIDE_PASSPHRASE", "the plain one")
    .envs(SECRETS)
    .arg("list");
    c.assert().success();
    let seen = fs::read_to_string(&dump).unwrap();
    assert!(seen.contains("CONFIDE_VAULT="), "the dump worked: {seen}");
    assert_eq!(secret_names(&seen), Vec::<String>::new());
}

/// Before the fix, the editor saw `CONFIDE_PASSPHRASE` itself.
#[test]
fn the_editor_sees_no_passphrase_variable() {
    let (Some(runtime), true) = (harness::RuntimeDir::new(), common::have_script()) else {
        return;
    };
    let env = Env::new();
    env.init();
    let dump = env.dir.path().join("editor-env.txt");
    let ed = harness::editor(
        env.dir.path(),
        &format!(
            "env > '{}'\nprintf 'from the editor\\n' > \"$f\"",
            dump.display()
        ),
    );
    let out = harness::on_terminal(
        env.dir.path(),
        &env.vault(),
        &runtime,
        &ed,
        "journal",
        PASS,
        &SECRETS,
    );
    common::ok(&out);
    let seen = fs::read_to_string(&dump).unwrap();
    assert!(seen.contains("CONFIDE_VAULT="), "the dump worked: {seen}");
    assert_eq!(secret_names(&seen), Vec::<String>::new());
    assert_eq!(env.texts(PASS), ["from the editor"]);
}

/// A passphrase over 4,095 bytes works in confide but not at a stock `age` prompt,
/// so the recovery steps would fail: `init`, `passwd` and `recover` warn (and go on).
#[test]
fn a_passphrase_too_long_for_age_gets_a_warning_at_init_and_passwd() {
    let long = format!("{NEW_PASS} ").repeat(120);
    assert!(long.len() > 4095);
    let env = Env::new();
    let out = env
        .with_pass(&long)
        .args(["init", "--work-factor", "10"])
        .output()
        .unwrap();
    common::ok(&out);
    let code = common::recovery_code(&String::from_utf8_lossy(&out.stdout));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("longer than 4095 bytes"), "{err}");
    let out = env
        .with_pass(&long)
        .env("CONFIDE_NEW_PASSPHRASE", PASS)
        .args(["passwd", "--work-factor", "10"])
        .output()
        .unwrap();
    common::ok(&out);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("longer than"));
    let out = env
        .with_pass(PASS)
        .env("CONFIDE_NEW_PASSPHRASE", &long)
        .args(["passwd", "--work-factor", "10"])
        .output()
        .unwrap();
    common::ok(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("longer than 4095 bytes"));
    assert!(env.texts(&long).is_empty());
    // recover sets a new passphrase too.
    let out = env
        .cmd()
        .env("CONFIDE_RECOVERY_CODE", &code)
        .env("CONFIDE_NEW_PASSPHRASE", format!("{long}again"))
        .args(["recover"])
        .output()
        .unwrap();
    common::ok(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("longer than 4095 bytes"));
}

/// On a terminal, the passphrase command may ask there itself (a password manager
/// unlocking, such as `bw get password`): it stays in confide's process group, so
/// reading the terminal does not stop it. Before, it ran in a group of its own,
/// outside the terminal's foreground, was stopped by SIGTTIN at its first read, and
/// confide gave up after the timeout.
#[test]
fn a_passphrase_command_may_ask_on_the_terminal() {
    if !common::have_script() {
        return;
    }
    let env = Env::new();
    env.init();
    env.journal("asked for on the terminal");
    let inner = format!(
        "'{}' list --json",
        common::confide_bin()
            .display()
            .to_string()
            .replace('\'', "'\\''")
    );
    let mut c = env.command("script");
    c.args(["-qec", &inner, "/dev/null"])
        .env(
            "CONFIDE_PASSPHRASE_COMMAND",
            "printf 'Master password: ' >&2; read -r p; printf '%s\\n' \"$p\"",
        )
        .env("CONFIDE_PASSPHRASE_COMMAND_TIMEOUT", "5")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        use std::io::Write;
        std::thread::sleep(Duration::from_millis(700));
        let _ = writeln!(stdin, "{PASS}");
        std::thread::sleep(Duration::from_millis(300));
    });
    let started = Instant::now();
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && shown.contains("asked for on the terminal"),
        "the command's own prompt was answered on the terminal: {shown}"
    );
    assert!(started.elapsed() < Duration::from_secs(5), "no timeout");
}
