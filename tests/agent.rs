//! The unlock session (issue 20): `confide unlock` leaves an agent holding the vault's
//! key, reads go through it without a passphrase, and it ends on `lock`, the idle
//! timeout, the cap and a key change. Each test gives confide its own
//! XDG_RUNTIME_DIR, so the agents of tests running side by side never meet.

#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common;
use common::*;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// This test's runtime folder (0700, as a login session's).
fn runtime(env: &Env) -> PathBuf {
    let dir = env.dir.path().join("run");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    dir
}

/// confide with this test's runtime folder and no passphrase source.
fn cmd(env: &Env) -> assert_cmd::Command {
    let mut c = env.cmd();
    c.env("XDG_RUNTIME_DIR", runtime(env));
    c
}

/// confide with the passphrase in CONFIDE_PASSPHRASE.
fn with_pass(env: &Env) -> assert_cmd::Command {
    let mut c = cmd(env);
    c.env("CONFIDE_PASSPHRASE", PASS);
    c
}

fn unlock(env: &Env, args: &[&str]) -> String {
    let out = with_pass(env).arg("unlock").args(args).output().unwrap();
    ok(&out)
}

/// `list --json` without any passphrase source: the entries' count, or the exit code.
fn read(env: &Env) -> Result<usize, i32> {
    let out = cmd(env).args(["list", "--json"]).output().unwrap();
    if out.status.success() {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        Ok(v["entries"].as_array().unwrap().len())
    } else {
        Err(out.status.code().unwrap_or(-1))
    }
}

/// The sockets in this test's agent folder.
fn sockets(env: &Env) -> Vec<PathBuf> {
    match std::fs::read_dir(runtime(env).join("confide")) {
        Ok(d) => d.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

/// The pid of this test's agent: the `confide agent` process whose environment
/// names this test's runtime folder.
fn agent_pid(env: &Env) -> Option<u32> {
    let run = runtime(env);
    let want = format!("XDG_RUNTIME_DIR={}", run.display());
    for e in std::fs::read_dir("/proc").ok()? {
        let e = e.ok()?;
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
            continue;
        };
        if !cmdline.ends_with(b"\0agent\0") {
            continue;
        }
        let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
        if environ.split(|b| *b == 0).any(|v| v == want.as_bytes()) {
            return Some(pid);
        }
    }
    None
}

/// Waits up to `secs` for `f` to hold.
fn eventually(secs: u64, mut f: impl FnMut() -> bool) -> bool {
    let until = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < until {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    f()
}

fn lock(env: &Env) {
    cmd(env).arg("lock").assert().success();
}

#[test]
fn reads_go_through_the_session_and_lock_ends_it() {
    let env = Env::new();
    env.init();
    env.journal("first");
    env.journal("second");
    // Locked: no source and no terminal is exit 7 at once.
    assert_eq!(read(&env), Err(7));
    let said = unlock(&env, &["--for", "5m"]);
    assert!(
        said.contains("Unlocked: reads need no passphrase"),
        "{said}"
    );
    assert_eq!(read(&env), Ok(2));
    // A write still needs nothing, and the next read sees it (records folded through
    // the agent too).
    env.journal("third");
    assert_eq!(read(&env), Ok(3));
    // The streaming readers and the whole-vault readers alike.
    let id = env.list_json(PASS)["entries"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    for args in [
        &["review", "--json"][..],
        &["read"][..],
        &["tags"][..],
        &["show", &id][..],
        &["plan"][..],
    ] {
        ok(&cmd(&env).args(args).output().unwrap());
    }
    let status = String::from_utf8(
        cmd(&env)
            .args(["unlock", "--status"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(status.starts_with("Unlocked until "), "{status}");
    // Unlocking again keeps the session.
    assert!(unlock(&env, &[]).contains("Already unlocked"));
    let said = ok(&cmd(&env).arg("lock").output().unwrap());
    assert!(said.contains("Locked."), "{said}");
    assert_eq!(read(&env), Err(7));
    assert!(sockets(&env).is_empty(), "{:?}", sockets(&env));
    assert!(
        agent_pid(&env).is_none(),
        "no process holds the key after lock"
    );
    let said = ok(&cmd(&env).arg("lock").output().unwrap());
    assert!(said.contains("Already locked"), "{said}");
    let status = ok(&cmd(&env).args(["unlock", "--status"]).output().unwrap());
    assert!(status.starts_with("Locked"), "{status}");
}

#[test]
fn the_idle_timeout_and_the_cap_end_it() {
    let env = Env::new();
    env.init();
    env.journal("one");
    unlock(&env, &["--for", "2s"]);
    assert_eq!(read(&env), Ok(1));
    // Each read counts as use, so wait without reading.
    let start = Instant::now();
    assert!(
        eventually(8, || agent_pid(&env).is_none()),
        "the idle timeout ended the session"
    );
    assert!(
        start.elapsed() >= Duration::from_millis(1500),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(read(&env), Err(7));
    assert!(sockets(&env).is_empty());

    // The cap ends it even while it is being used.
    let config = env.dir.path().join("cap.toml");
    std::fs::write(&config, "agent_cap = \"3s\"\n").unwrap();
    let out = with_pass(&env)
        .env("CONFIDE_CONFIG", &config)
        .args(["unlock", "--for", "10m"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--for longer than the cap");
    assert!(String::from_utf8_lossy(&out.stderr).contains("agent_cap"));
    with_pass(&env)
        .env("CONFIDE_CONFIG", &config)
        .arg("unlock")
        .assert()
        .success();
    let start = Instant::now();
    while read(&env).is_ok() {
        assert!(start.elapsed() < Duration::from_secs(10), "the cap held");
        std::thread::sleep(Duration::from_millis(300));
    }
    assert!(
        start.elapsed() >= Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn passwd_and_delete_end_it() {
    let env = Env::new();
    env.init();
    env.journal("keep");
    env.journal("drop");
    unlock(&env, &["--for", "5m"]);
    assert_eq!(read(&env), Ok(2));
    let out = with_pass(&env)
        .env("CONFIDE_NEW_PASSPHRASE", NEW_PASS)
        .arg("passwd")
        .output()
        .unwrap();
    ok(&out);
    assert_eq!(read(&env), Err(7), "after passwd the session is gone");
    assert!(eventually(3, || agent_pid(&env).is_none()));

    // delete rotates the key too.
    let mut c = cmd(&env);
    c.env("CONFIDE_PASSPHRASE", NEW_PASS)
        .args(["unlock", "--for", "5m"])
        .assert()
        .success();
    assert_eq!(read(&env), Ok(2));
    let list = env.list_json(NEW_PASS);
    let id = list["entries"][1]["id"].as_str().unwrap().to_string();
    let mut c = cmd(&env);
    c.env("CONFIDE_PASSPHRASE", NEW_PASS)
        .args(["delete", &id, "--yes"])
        .assert()
        .success();
    assert_eq!(read(&env), Err(7), "after delete the session is gone");
}

#[test]
fn a_key_change_behind_its_back_ends_it() {
    // Another confide (an older one, a copy restored from backup) changes the key
    // without telling the agent: it notices within seconds, and refuses at once.
    let env = Env::new();
    env.init();
    env.journal("x");
    unlock(&env, &["--for", "5m"]);
    let vault = env.vault();
    let other = Env::new();
    other.init();
    std::fs::copy(other.vault(), &vault).unwrap();
    assert_eq!(read(&env), Err(7));
    assert!(eventually(5, || agent_pid(&env).is_none()));
}

#[test]
fn a_killed_agent_leaves_no_socket_that_blocks_a_new_one() {
    let env = Env::new();
    env.init();
    env.journal("x");
    unlock(&env, &["--for", "5m"]);
    let pid = agent_pid(&env).expect("the agent runs");
    clean_command("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(eventually(3, || agent_pid(&env).is_none()));
    assert_eq!(sockets(&env).len(), 1, "the killed agent's socket is left");
    assert_eq!(read(&env), Err(7), "a stale socket is no session");
    let said = unlock(&env, &["--for", "5m"]);
    assert!(said.contains("Unlocked:"), "{said}");
    assert_eq!(read(&env), Ok(1));
    lock(&env);
}

#[test]
fn no_key_material_in_the_agents_environment_arguments_or_files() {
    let env = Env::new();
    env.init();
    env.journal("a private line");
    let before = files_under(env.dir.path());
    unlock(&env, &["--for", "5m"]);
    let pid = agent_pid(&env).expect("the agent runs");
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap();
    let args: Vec<&[u8]> = cmdline
        .split(|b| *b == 0)
        .filter(|a| !a.is_empty())
        .collect();
    assert_eq!(args.len(), 2, "{:?}", String::from_utf8_lossy(&cmdline));
    assert_eq!(args[1], b"agent");
    let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap();
    let vars: Vec<String> = environ
        .split(|b| *b == 0)
        .filter(|v| !v.is_empty())
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .collect();
    for v in &vars {
        assert!(
            v.starts_with("XDG_RUNTIME_DIR=") || v.starts_with("HOME="),
            "only the socket's folder reaches the agent: {v}"
        );
        assert!(!v.contains(PASS) && !v.contains("AGE-SECRET-KEY"), "{v}");
    }
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    assert!(core.split_whitespace().nth(4) == Some("0"), "{core}");
    // Not dumpable: its memory is not readable through /proc by the same user (root
    // reads it anyway, so only the owner of /proc/PID/mem tells): owned by root
    // whatever the process's user.
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    assert!(status.contains("VmLck:"), "{status}");
    // The only new file is the socket (and the lock file beside the vault).
    let after = files_under(env.dir.path());
    let new: Vec<_> = after.difference(&before).collect();
    for f in &new {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("agent-") && name.ends_with(".sock") || name.ends_with(".lock"),
            "unexpected file {f:?}"
        );
    }
    for f in &after {
        if let Ok(bytes) = std::fs::read(f) {
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("AGE-SECRET-KEY") && !text.contains(PASS),
                "{f:?}"
            );
        }
    }
    lock(&env);
}

fn files_under(dir: &Path) -> std::collections::BTreeSet<PathBuf> {
    let mut out = std::collections::BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p);
            }
        }
    }
    out
}

#[test]
fn a_connection_from_another_user_is_refused() {
    if !is_root() {
        return skip("connecting as another user needs root (setpriv)");
    }
    let Some(python) = which("python3") else {
        return skip("python3 is needed to connect as another user");
    };
    let Some(setpriv) = which("setpriv") else {
        return skip("setpriv is needed to connect as another user");
    };
    let env = Env::new();
    env.init();
    unlock(&env, &["--for", "5m"]);
    let socket = sockets(&env).pop().expect("a socket");
    // Open the way to the socket, so that only the agent's own check can refuse.
    let mut p = socket.clone();
    let mut opened = Vec::new();
    while let Some(parent) = p.parent() {
        if parent == Path::new("/") || parent == Path::new("/tmp") {
            break;
        }
        let mode = std::fs::metadata(parent).unwrap().permissions().mode();
        opened.push((parent.to_path_buf(), mode));
        std::fs::set_permissions(parent, std::fs::Permissions::from_mode(mode | 0o711)).unwrap();
        p = parent.to_path_buf();
    }
    std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o666)).unwrap();
    // A status request: one byte, a zero length.
    // Connecting works (the folder and socket are open); the agent then closes the
    // connection without a word, so sending or receiving fails or reads nothing.
    let script = "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\nprint('connected',file=sys.stderr)\nd=b''\ntry:\n  s.sendall(b'\\x01\\x00\\x00\\x00\\x00')\n  s.settimeout(3)\n  d=s.recv(64)\nexcept OSError as e:\n  print(e,file=sys.stderr)\nprint(len(d))\n";
    let run = |as_other: bool| {
        let mut c = if as_other {
            let mut c = clean_command(&setpriv);
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(&python);
            c
        } else {
            clean_command(&python)
        };
        let out = c.args(["-c", script]).arg(&socket).output().unwrap();
        (
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (mine, err) = run(false);
    assert!(
        mine.parse::<usize>().unwrap_or(0) > 5,
        "the owner gets an answer: {mine} {err}"
    );
    let (theirs, err) = run(true);
    assert!(
        err.contains("connected"),
        "the way to the socket is open: {err}"
    );
    assert_eq!(theirs, "0", "another user gets nothing: {err}");
    for (dir, mode) in opened.into_iter().rev() {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o600)).unwrap();
    lock(&env);
}

fn which(tool: &str) -> Option<PathBuf> {
    ["/usr/bin", "/bin", "/usr/local/bin"]
        .iter()
        .map(|d| Path::new(d).join(tool))
        .find(|p| p.is_file())
}

#[test]
fn the_config_can_leave_a_session_behind_every_unlock() {
    let env = Env::new();
    env.init();
    env.journal("x");
    let config = env.dir.path().join("agent.toml");
    std::fs::write(&config, "agent = true\nagent_idle = \"1m\"\n").unwrap();
    let out = with_pass(&env)
        .env("CONFIDE_CONFIG", &config)
        .args(["list"])
        .output()
        .unwrap();
    ok(&out);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("unlocked for 1m"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(read(&env), Ok(1));
    lock(&env);
    // Off by default.
    with_pass(&env).arg("list").assert().success();
    assert_eq!(read(&env), Err(7));
}

#[test]
fn bad_durations_and_a_missing_vault_are_one_line_errors() {
    let env = Env::new();
    for bad in ["soon", "0s", "13h", "-5m"] {
        let out = cmd(&env).args(["unlock", "--for", bad]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
    let out = with_pass(&env).arg("unlock").output().unwrap();
    assert_eq!(out.status.code(), Some(3), "no vault");
}

#[test]
fn export_import_and_wipe_go_through_the_session() {
    let env = Env::new();
    env.init();
    env.journal("carried over");
    unlock(&env, &["--for", "5m"]);
    let out = env.dir.path().join("all.json");
    cmd(&env)
        .args([
            "export",
            "--format",
            "json",
            "--all",
            "--plaintext",
            "--yes",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    // Into a second vault, unlocked in its own session (same runtime folder).
    let other = env.dir.path().join("other.confide");
    let mut init = with_pass(&env);
    init.env("CONFIDE_VAULT", &other)
        .args(["init", "--work-factor", "10"])
        .assert()
        .success();
    let mut u = with_pass(&env);
    u.env("CONFIDE_VAULT", &other)
        .arg("unlock")
        .assert()
        .success();
    let mut import = cmd(&env);
    let said = ok(&import
        .env("CONFIDE_VAULT", &other)
        .arg("import")
        .arg(&out)
        .output()
        .unwrap());
    assert!(said.contains("Imported 1 entr"), "{said}");
    // wipe finds the export it wrote through the session: no passphrase asked.
    let said = cmd(&env).args(["wipe", "--yes"]).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&said.stdout),
        String::from_utf8_lossy(&said.stderr)
    );
    assert!(said.status.success(), "{text}");
    assert!(!out.exists(), "the export was destroyed: {text}");
    // wipe ended the first vault's session; the second's goes on.
    assert_eq!(sockets(&env).len(), 1, "{:?}", sockets(&env));
    let mut l = cmd(&env);
    l.env("CONFIDE_VAULT", &other)
        .arg("lock")
        .assert()
        .success();
}

#[test]
fn reads_without_a_session_leave_no_folder_behind() {
    let env = Env::new();
    env.init();
    env.journal("x");
    with_pass(&env).arg("list").assert().success();
    cmd(&env).args(["unlock", "--status"]).assert().success();
    cmd(&env).arg("lock").assert().success();
    cmd(&env).arg("doctor").output().unwrap();
    assert!(
        !runtime(&env).join("confide").exists(),
        "only `unlock` creates the sessions' folder"
    );
}

#[test]
fn an_edit_outlives_its_session_and_asks_for_the_passphrase_to_save() {
    let env = Env::new();
    env.init();
    env.journal("before");
    let id = env.list_json(PASS)["entries"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    unlock(&env, &["--for", "2s"]);
    // The new text arrives after the session has ended (the edit holds the
    // session's keys meanwhile, as it does while an editor is open).
    let mut slow = clean_command("sh");
    slow.args(["-c", "sleep 4; printf 'after'"])
        .stdout(std::process::Stdio::piped());
    let mut slow = slow.spawn().unwrap();
    let mut edit = env.std_cmd();
    edit.env("XDG_RUNTIME_DIR", runtime(&env))
        .env("CONFIDE_PASSPHRASE", PASS)
        .args(["edit", &id])
        .stdin(slow.stdout.take().unwrap());
    let out = edit.output().unwrap();
    slow.wait().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("the unlock session ended meanwhile"), "{err}");
    assert_eq!(env.list_json(PASS)["entries"][0]["text"], "after");
}

/// Sends `sig` (a name such as "STOP") to `pid`.
fn signal(pid: u32, sig: &str) {
    clean_command("kill")
        .args([&format!("-{sig}"), &pid.to_string()])
        .status()
        .unwrap();
}

#[test]
fn the_agent_keeps_nothing_of_its_caller_open() {
    // A script that passes an extra descriptor (`3>&1`) and reads the pipe to its
    // end must not wait for the session to end.
    let env = Env::new();
    env.init();
    let mut sh = env.command("sh");
    sh.env("XDG_RUNTIME_DIR", runtime(&env))
        .env("CONFIDE_PASSPHRASE", PASS)
        .env("CONFIDE", confide_bin())
        .current_dir(env.dir.path())
        .args([
            "-c",
            "{ \"$CONFIDE\" unlock --for 5m 3>&1 >/dev/null; } | cat >/dev/null; echo done",
        ]);
    let start = Instant::now();
    let out = sh.output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("done"));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "the pipe was held for {:?}",
        start.elapsed()
    );
    let pid = agent_pid(&env).expect("the agent runs");
    let fds: Vec<String> = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let extra: Vec<String> = fds
        .iter()
        .filter(|f| f.parse::<u32>().unwrap() > 2)
        .map(|f| {
            std::fs::read_link(format!("/proc/{pid}/fd/{f}"))
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        })
        .filter(|target| !target.starts_with("socket:"))
        .collect();
    assert!(extra.is_empty(), "only its socket beyond 0-2: {extra:?}");
    let cwd = std::fs::read_link(format!("/proc/{pid}/cwd")).unwrap();
    assert_eq!(cwd, Path::new("/"), "it keeps no folder busy");
    lock(&env);
}

#[test]
fn a_stopped_agent_is_no_session_and_lock_says_it_did_not_answer() {
    let env = Env::new();
    env.init();
    env.journal("x");
    unlock(&env, &["--for", "5m"]);
    let pid = agent_pid(&env).expect("the agent runs");
    signal(pid, "STOP");
    // A read neither hangs nor calls the vault damaged: no session, no source, 7.
    let start = Instant::now();
    assert_eq!(read(&env), Err(7));
    assert!(
        start.elapsed() < Duration::from_secs(8),
        "{:?}",
        start.elapsed()
    );
    // lock does not pretend: it says the session did not answer, and fails.
    let out = cmd(&env).arg("lock").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    signal(pid, "CONT");
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("did not answer"), "{err}");
    // Once it runs again, the lock it was sent takes effect (or this one does).
    let said = ok(&cmd(&env).arg("lock").output().unwrap());
    assert!(
        said.contains("Locked") || said.contains("Already locked"),
        "{said}"
    );
    assert!(eventually(3, || agent_pid(&env).is_none()));
}

#[test]
fn lock_finds_the_session_whichever_runtime_folder_it_was_started_with() {
    // Started without XDG_RUNTIME_DIR (an ssh login, a cron job): its socket is in
    // /tmp/confide-agent-<uid>; a lock from a desktop shell that has the variable
    // still finds it.
    let env = Env::new();
    env.init();
    let mut u = env.cmd();
    u.env("CONFIDE_PASSPHRASE", PASS)
        .args(["unlock", "--for", "5m"])
        .assert()
        .success();
    assert!(sockets(&env).is_empty(), "not in the runtime folder");
    let said = ok(&cmd(&env).arg("lock").output().unwrap());
    assert!(said.contains("Locked."), "{said}");
    assert!(eventually(3, || agent_pid_anywhere(&env).is_none()));
}

/// The agent for this test's vault wherever it listens: found by its socket name in
/// `/proc/net/unix`-free way, through `unlock --status` from both environments.
fn agent_pid_anywhere(env: &Env) -> Option<u32> {
    let plain = env.cmd().args(["unlock", "--status"]).output().unwrap();
    String::from_utf8_lossy(&plain.stdout)
        .starts_with("Unlocked")
        .then_some(0)
}

#[test]
fn removing_the_sockets_folder_ends_the_session() {
    // A logout removes the runtime folder: nothing could reach the agent any more,
    // so it must not go on holding the key.
    let env = Env::new();
    env.init();
    unlock(&env, &["--for", "5m"]);
    assert!(agent_pid(&env).is_some());
    std::fs::remove_dir_all(runtime(&env).join("confide")).unwrap();
    assert!(
        eventually(6, || agent_pid(&env).is_none()),
        "the agent ended once its socket was gone"
    );
}

#[test]
fn a_trickling_client_cannot_keep_the_session_past_its_end() {
    let Some(python) = which("python3") else {
        return skip("python3 is needed for a client that sends slowly");
    };
    let env = Env::new();
    env.init();
    unlock(&env, &["--for", "3s"]);
    let socket = sockets(&env).pop().expect("a socket");
    // A header announcing 60,000 bytes, then one byte every 1.5 s for 30 s.
    let script = "import socket,sys,time\ns=socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\ns.sendall(b'\\x01\\x00\\x00\\xea\\x60')\nfor i in range(20):\n  time.sleep(1.5)\n  try:\n    s.sendall(b'x')\n  except OSError:\n    break\n";
    let mut slow = clean_command(&python);
    let mut slow = slow.args(["-c", script]).arg(&socket).spawn().unwrap();
    let start = Instant::now();
    let ended = eventually(12, || agent_pid(&env).is_none());
    let _ = slow.kill();
    let _ = slow.wait();
    assert!(ended, "the session outlived its 3 s by more than 12 s");
    assert!(
        start.elapsed() < Duration::from_secs(8),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn the_agents_memory_holds_no_copy_of_the_key_as_text() {
    if !is_root() {
        return skip("reading another process's memory needs root");
    }
    let env = Env::new();
    env.init();
    unlock(&env, &["--for", "5m"]);
    let pid = agent_pid(&env).expect("the agent runs");
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
    let mut mem = std::fs::File::open(format!("/proc/{pid}/mem")).unwrap();
    let mut found = Vec::new();
    for line in maps.lines() {
        let mut parts = line.split_whitespace();
        let range = parts.next().unwrap();
        let perms = parts.next().unwrap();
        if !perms.starts_with("rw") {
            continue;
        }
        let (a, b) = range.split_once('-').unwrap();
        let (a, b) = (
            u64::from_str_radix(a, 16).unwrap(),
            u64::from_str_radix(b, 16).unwrap(),
        );
        if b - a > 256 << 20 {
            continue;
        }
        use std::io::{Read, Seek, SeekFrom};
        let mut buf = vec![0u8; (b - a) as usize];
        if mem.seek(SeekFrom::Start(a)).is_err() || mem.read_exact(&mut buf).is_err() {
            continue;
        }
        for needle in [&b"AGE-SECRET-KEY-1"[..], &b"age-secret-key-1"[..]] {
            if buf.windows(needle.len()).any(|w| w == needle) {
                found.push(format!("{} in {line}", String::from_utf8_lossy(needle)));
            }
        }
    }
    lock(&env);
    assert!(
        found.is_empty(),
        "the key as text stays in memory: {found:?}"
    );
}
