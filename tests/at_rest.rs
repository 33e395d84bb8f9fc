//! No plaintext at rest, and no secret in any output: every command runs with HOME,
//! TMPDIR and the XDG directories inside one scratch directory and a canary in every
//! text field; afterwards no file under it holds the canary (but the one explicit
//! `--plaintext` export), and neither the canary nor the passphrase appears in the
//! output of error paths or of a panic.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common;
use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Survives word normalisation (tags, triggers, emotions keep it as it is).
const CANARY: &str = "zqcanary7x";

struct Run<'a> {
    env: &'a Env,
    runtime: PathBuf,
    outputs: Vec<(String, Output)>,
}

impl Run<'_> {
    fn cmd(&self, pass: Option<&str>) -> Command {
        let mut c = self.env.std_cmd();
        c.env("XDG_RUNTIME_DIR", &self.runtime);
        if let Some(p) = pass {
            c.env("CONFIDE_PASSPHRASE", p);
        }
        c
    }

    /// Runs and keeps the output; `ok` says whether it must succeed.
    fn run(&mut self, ok: bool, pass: Option<&str>, args: &[&str]) -> Output {
        let out = self.cmd(pass).args(args).output().unwrap();
        assert_eq!(
            out.status.success(),
            ok,
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.outputs.push((format!("{args:?}"), out.clone()));
        out
    }

    fn id_of(&mut self, kind: &str) -> String {
        let out = self.run(true, Some(PASS), &["list", "--json", "--kind", kind]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["entries"][0]["id"].as_str().unwrap().to_string()
    }
}

fn ram_dir() -> Option<PathBuf> {
    let base = Path::new("/dev/shm");
    if !base.is_dir() {
        return None;
    }
    let dir = base.join(format!("confide-at-rest-{}", std::process::id()));
    fs::create_dir_all(&dir).ok()?;
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).ok()?;
    Some(dir)
}

#[test]
fn no_canary_at_rest_and_no_secret_in_any_output() {
    let env = Env::new();
    fs::create_dir_all(env.dir.path().join("tmp")).unwrap();
    let Some(runtime) = ram_dir() else {
        skip("no /dev/shm here for the RAM folder");
        return;
    };
    let mut r = Run {
        env: &env,
        runtime: runtime.clone(),
        outputs: Vec::new(),
    };
    let c = CANARY;
    r.run(true, Some(PASS), &["init", "--work-factor", "10"]);
    r.run(
        true,
        None,
        &[
            "journal",
            &format!("{c} journal"),
            "--tag",
            c,
            "--feel",
            c,
            "--mood",
            "5",
        ],
    );
    r.run(
        true,
        None,
        &["urge", "6", "--trigger", c, "--coping", c, "--note", c],
    );
    r.run(
        true,
        None,
        &[
            "lapse",
            "--trigger",
            c,
            "--note",
            c,
            "--vulnerability",
            c,
            "--prompting-event",
            c,
            "--thoughts",
            c,
            "--consequences",
            c,
            "--next-time",
            c,
        ],
    );
    r.run(true, None, &["reflect", "--prompt", "three-questions", c]);
    r.run(true, None, &["practice", "hug-6s", "--note", c]);
    r.run(
        true,
        None,
        &[
            "checkin",
            "--mood",
            "6",
            "--feel",
            c,
            "--appreciated",
            c,
            "--note",
            c,
            "--no-questions",
        ],
    );
    // The editor path, on a terminal, with a fake editor that writes the canary.
    let editor = env.dir.path().join("fake-editor");
    // The canary comes from the environment, so the script file itself holds none.
    fs::write(
        &editor,
        "#!/bin/sh\nfor a; do f=\"$a\"; done\necho \"$EDITOR_CANARY from the editor\" > \"$f\"\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
    if clean_command("sh")
        .args(["-c", "command -v script"])
        .status()
        .is_ok_and(|s| s.success())
    {
        let out = env
            .command("script")
            .args([
                "-qec",
                &format!("{} journal", confide_bin().display()),
                "/dev/null",
            ])
            .env("XDG_RUNTIME_DIR", &runtime)
            .env("EDITOR", &editor)
            .env("EDITOR_CANARY", c)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        ok(&out);
        r.outputs.push(("editor journal".into(), out));
    } else {
        skip("`script` (util-linux) is not installed: the editor path is not checked");
    }
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["tags"],
        &["review"],
        &["plan"],
        &["verify"],
    ] {
        r.run(true, Some(PASS), args);
    }
    let journal_id = r.id_of("journal");
    r.run(true, Some(PASS), &["show", &journal_id]);
    r.run(
        true,
        Some(PASS),
        &["edit", &journal_id, "--text", &format!("{c} edited")],
    );
    // Exports: to a recipient, with a passphrase, and one explicit plaintext file.
    let id = age::x25519::Identity::generate();
    let to = id.to_public().to_string();
    let out_dir = env.dir.path().join("exports");
    fs::create_dir_all(&out_dir).unwrap();
    let enc = out_dir.join("r.html.age");
    r.run(
        true,
        Some(PASS),
        &[
            "export",
            "--format",
            "html",
            "--all",
            "--to",
            &to,
            "-o",
            enc.to_str().unwrap(),
        ],
    );
    let pass_export = out_dir.join("backup.json.age");
    let out = r
        .cmd(Some(PASS))
        .env("CONFIDE_EXPORT_PASSPHRASE", NEW_PASS)
        .args([
            "export",
            "--format",
            "json",
            "--all",
            "--passphrase",
            "--work-factor",
            "10",
            "-o",
            pass_export.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    ok(&out);
    r.outputs.push(("export --passphrase".into(), out));
    let plain = out_dir.join("plain.md");
    r.run(
        true,
        Some(PASS),
        &[
            "export",
            "--format",
            "md",
            "--all",
            "--plaintext",
            "-o",
            plain.to_str().unwrap(),
        ],
    );
    // Import into a second vault in the same scratch directory.
    let second = env.dir.path().join("second").join("vault.confide");
    let out = r
        .cmd(Some(PASS))
        .env("CONFIDE_VAULT", &second)
        .args(["init", "--work-factor", "10"])
        .output()
        .unwrap();
    ok(&out);
    r.outputs.push(("second init".into(), out));
    let out = r
        .cmd(Some(PASS))
        .env("CONFIDE_VAULT", &second)
        .env("CONFIDE_IMPORT_PASSPHRASE", NEW_PASS)
        .args(["import", pass_export.to_str().unwrap()])
        .output()
        .unwrap();
    ok(&out);
    r.outputs.push(("import".into(), out));
    // Delete, passwd, and a wipe of the second vault.
    let urge_id = r.id_of("urge");
    r.run(true, Some(PASS), &["delete", "--yes", &urge_id]);
    let out = r
        .cmd(Some(PASS))
        .env("CONFIDE_NEW_PASSPHRASE", NEW_PASS)
        .args(["passwd", "--work-factor", "10"])
        .output()
        .unwrap();
    ok(&out);
    r.outputs.push(("passwd".into(), out));
    let out = r
        .cmd(Some(PASS))
        .env("CONFIDE_VAULT", &second)
        .args(["wipe", "--yes"])
        .output()
        .unwrap();
    ok(&out);
    r.outputs.push(("wipe".into(), out));

    // Error paths with the canary in their arguments and inputs.
    let bad = env.dir.path().join("bad.json");
    fs::write(
        &bad,
        format!(r#"{{"schema":1,"entries":[{{"id":"{c}","text":"{c}"}}]}}"#),
    )
    .unwrap();
    r.run(false, Some(NEW_PASS), &["import", bad.to_str().unwrap()]);
    r.run(
        false,
        None,
        &["urge", &format!("{c} in the wrong place"), "--note", c],
    );
    r.run(
        false,
        None,
        &[
            "journal",
            &format!("{c} text"),
            "--mood",
            &format!("{c} mood words"),
        ],
    );
    r.run(
        false,
        None,
        &[
            "journal",
            &format!("{c} text"),
            "--at",
            &format!("{c} o'clock"),
        ],
    );
    r.run(false, Some(PASS), &["list"]); // the old passphrase: wrong now
    r.run(false, None, &[&format!("{c} as a command")]);
    r.run(
        false,
        None,
        &["urge", "5", "--outcome", &format!("{c} outcome words")],
    );
    r.run(
        false,
        Some(NEW_PASS),
        &["list", "--kind", &format!("{c} kind words")],
    );
    r.run(false, None, &["practice", &format!("{c} practice words")]);
    r.run(false, Some(NEW_PASS), &["show", "0000"]);
    let out = r
        .cmd(Some(NEW_PASS))
        .env(
            "CONFIDE_TEST_PANIC",
            format!("panic payload {c} {NEW_PASS}"),
        )
        .arg("list")
        .output()
        .unwrap();
    assert!(!out.status.success());
    r.outputs.push(("panic".into(), out));

    // Nothing at rest holds the canary, but the plaintext export asked for.
    let hits: Vec<PathBuf> = files_containing(env.dir.path(), CANARY.as_bytes())
        .into_iter()
        .filter(|p| p != &plain && p != &bad)
        .collect();
    assert!(hits.is_empty(), "plaintext at rest: {hits:?}");
    assert!(
        fs::read_to_string(&plain).unwrap().contains(CANARY),
        "the check can see plaintext"
    );
    // The editor's RAM directory is empty again.
    let left: Vec<_> = files_containing(&runtime, CANARY.as_bytes());
    assert!(left.is_empty(), "draft left in RAM: {left:?}");
    let _ = fs::remove_dir_all(&runtime);

    // No passphrase in any output; no canary in the output of an error path.
    for (what, out) in &r.outputs {
        let all = [&out.stdout[..], &out.stderr[..]].concat();
        let text = String::from_utf8_lossy(&all);
        for secret in [PASS, NEW_PASS] {
            assert!(
                !text.contains(secret),
                "{what}: the passphrase appears in its output"
            );
        }
        if !out.status.success() {
            assert!(
                !text.contains(CANARY),
                "{what}: error output quotes the entry: {text}"
            );
        }
    }
}

#[test]
fn a_record_encrypted_to_another_vault_is_refused() {
    let a = Env::new();
    a.init();
    a.journal("mine");
    let b = Env::new();
    b.init();
    b.journal("someone else's");
    let mut f = fs::File::open(b.vault()).unwrap();
    let layout =
        confide::vault::container::scan(&mut f, confide::vault::container::Verify::All).unwrap();
    let rec = layout.records().last().unwrap();
    let bytes = fs::read(b.vault()).unwrap();
    let foreign = &bytes[rec.start as usize..rec.end() as usize];
    let mut mine = fs::read(a.vault()).unwrap();
    mine.extend_from_slice(foreign);
    fs::write(a.vault(), &mine).unwrap();
    let out = a.with_pass(PASS).arg("list").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(fs::read(a.vault()).unwrap(), mine, "nothing written");
}
