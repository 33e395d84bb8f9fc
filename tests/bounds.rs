//! Every input is bounded: dates from 1900 to now, ranges whose cost does not grow
//! with their length, standard input over the limit, imports that keep deletions
//! deleted, an export whose recording fails, and the recovery kit.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common;

use common::{Env, PASS};
use std::path::Path;

/// Runs `c` and returns (exit code, stderr).
fn fails(c: &mut assert_cmd::Command) -> (i32, String) {
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn dates_go_from_1900_to_now_for_every_flag() {
    let env = Env::new();
    env.init();
    env.journal("one quiet evening");
    let before = env.records();
    let x = env.dir.path().join("x.json");
    let x = x.to_str().unwrap();
    let uses: &[&[&str]] = &[
        &["journal", "text", "--at"],
        &["urge", "5", "--at"],
        &["list", "--since"],
        &["list", "--until"],
        &["review", "--since"],
        &["review", "--until"],
        &["review", "--as-of"],
        &["plan", "--as-of"],
        &[
            "export",
            "--plaintext",
            "--format",
            "json",
            "-o",
            x,
            "--since",
        ],
        &[
            "export",
            "--plaintext",
            "--format",
            "json",
            "-o",
            x,
            "--until",
        ],
        &["start"],
    ];
    for args in uses {
        for (date, says) in [
            ("0000-01-01", "dates go from 1900 to now; got 0000-01-01"),
            (
                "1899-12-31 23:59",
                "dates go from 1900 to now; got 1899-12-31",
            ),
            (
                "3000000 days ago",
                "dates go from 1900 to now; got the year -6",
            ),
            ("2999-01-01", "that is in the future"),
        ] {
            let (code, err) = fails(env.with_pass(PASS).args(*args).arg(date));
            assert_eq!(code, 2, "{args:?} {date}: {err}");
            assert!(err.contains(says), "{args:?} {date}: {err}");
            assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        }
    }
    assert_eq!(env.records(), before, "nothing was written");
    assert!(!Path::new(x).exists());
    // `init --start` too, before any vault exists.
    let fresh = Env::new();
    for date in ["1066-10-14", "2999-01-01"] {
        let (code, err) =
            fails(
                fresh
                    .with_pass(PASS)
                    .args(["init", "--work-factor", "10", "--start", date]),
            );
        assert_eq!(code, 2, "{err}");
        assert!(!fresh.vault().exists());
    }
    // The bounds themselves are fine.
    env.cmd()
        .args(["journal", "the first day", "--at", "1900-01-01"])
        .assert()
        .success();
    env.with_pass(PASS)
        .args(["list", "--until", "now"])
        .assert()
        .success();
}

/// Before the fix, a range back to 1900 listed every one of its 46,000 days: an
/// `export --all` of three entries was 7.7 MB (and a range back to year -100000 took
/// gigabytes). Now at most the last 371 days are listed, and the counts still cover
/// the whole range.
#[test]
fn a_range_back_to_1900_costs_no_more_than_a_year() {
    let env = Env::new();
    env.init_with_start("1900-01-01");
    env.cmd()
        .args(["journal", "a very old note", "--at", "1900-01-02"])
        .assert()
        .success();
    env.journal("today's note");
    env.cmd()
        .args(["urge", "5", "--at", "yesterday"])
        .assert()
        .success();

    let out =
        common::stdout(
            env.with_pass(PASS)
                .args(["review", "--json", "--since", "1900-01-01"]),
        );
    assert!(out.len() < 200_000, "review --json is {} bytes", out.len());
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let days = r["days"].as_array().unwrap();
    assert_eq!(days.len(), 371);
    assert_eq!(r["urges_per_day"].as_array().unwrap().len(), 371);
    let today = chrono::Local::now().date_naive();
    let all = (today - chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap()).num_days() + 1;
    assert_eq!(r["streak"]["days_in_range"], all);
    assert_eq!(r["streak"]["counted_days_in_range"], all);
    assert_eq!(r["streak"]["clean_days_in_range"], all);
    assert_eq!(days.last().unwrap()["date"], today.to_string());
    assert_eq!(r["urges"]["total"], 1);

    // The terminal names the whole range.
    let text = common::stdout(
        env.with_pass(PASS)
            .args(["review", "--since", "1900-01-01"]),
    );
    assert!(
        text.starts_with(&format!("Your review  1900-01-01 to {today}")),
        "{text}"
    );
    assert!(text.len() < 20_000, "{text}");

    let dir = env.dir.path();
    for (name, extra) in [
        ("since.json", &["--since", "1900-01-01"][..]),
        ("all.json", &["--all"][..]),
        ("all.html", &["--all"][..]),
    ] {
        let path = dir.join(name);
        let format = name.rsplit('.').next().unwrap();
        env.with_pass(PASS)
            .args(["export", "--plaintext", "--format", format, "-o"])
            .arg(&path)
            .args(extra)
            .assert()
            .success();
        let len = std::fs::metadata(&path).unwrap().len();
        assert!(len < 300_000, "{name} is {len} bytes");
        if format == "html" {
            // The timeline shows the last days only (by week), and says so.
            let html = std::fs::read_to_string(&path).unwrap();
            assert!(
                html.contains("The chart shows the days from "),
                "the timeline says it covers part of the range"
            );
            assert!(html.contains("<h2>Timeline by week</h2>"));
        }
    }
    // The full backup still imports (an entry dated 1900 is not refused).
    let other = Env::new();
    other.init();
    other
        .with_pass(PASS)
        .args(["import"])
        .arg(dir.join("all.json"))
        .assert()
        .success();
}

/// Whether python3 is here (required in CI).
fn have_python() -> bool {
    let ok = common::clean_command("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        common::skip("python3 is not installed");
    }
    ok
}

/// Before the fix, `split-vault.py --decode` stopped with an OverflowError at the
/// first time Python cannot show (the documented recovery without confide broke on
/// one odd entry); now that time comes out as its raw numbers.
#[test]
fn split_vault_shows_raw_milliseconds_for_a_time_python_cannot_show() {
    if !have_python() {
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/split-vault.py");
    let program = r#"
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("sv", sys.argv[1])
sv = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sv)
print(json.dumps([sv.rfc3339((0, 3600)), sv.rfc3339((-99999999999999999, 0)),
                  sv.rfc3339((10**18, 0)), sv.rfc3339((0, 10**6))]))
"#;
    // -B: no __pycache__ written into docs/ beside the script.
    let out = common::clean_command("python3")
        .args(["-B", "-c", program])
        .arg(&script)
        .output()
        .unwrap();
    common::ok(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0], "1970-01-01T01:00:00+01:00");
    assert_eq!(
        v[1],
        serde_json::json!({"unix_ms": -99999999999999999i64, "offset_s": 0})
    );
    assert_eq!(v[2]["unix_ms"], 1_000_000_000_000_000_000i64);
    assert_eq!(v[3], serde_json::json!({"unix_ms": 0, "offset_s": 1000000}));
}

/// Before the fix, 1 MiB and a little of "é" on standard input was cut inside a
/// character at the limit and reported as "not UTF-8".
#[test]
fn more_than_1_mib_of_multibyte_stdin_is_too_long() {
    let env = Env::new();
    env.init();
    let text = "é".repeat(512 * 1024 + 3);
    assert!(text.len() > 1024 * 1024);
    let (code, err) = fails(env.cmd().arg("journal").write_stdin(text.as_bytes()));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("longer than 1 MiB"), "{err}");
    assert!(!err.contains("not UTF-8"), "{err}");
    // At the limit, it is kept.
    let text = "é".repeat(512 * 1024);
    env.cmd()
        .arg("journal")
        .write_stdin(text.as_bytes())
        .assert()
        .success();
    assert_eq!(env.texts(PASS)[0].len(), 1024 * 1024);
}

/// Before the fix, importing a full backup brought back every entry deleted since.
#[test]
fn importing_a_backup_keeps_deleted_entries_deleted() {
    let env = Env::new();
    env.init();
    env.journal("keep this one");
    env.journal("this one goes");
    env.journal("this one goes too, but is edited in the backup later");
    let backup = env.dir.path().join("backup.json");
    env.with_pass(PASS)
        .args(["export", "--all", "--plaintext", "--format", "json", "-o"])
        .arg(&backup)
        .assert()
        .success();
    let id_of = |text: &str| {
        env.entries()
            .iter()
            .find(|e| e["text"] == text)
            .map(|e| e["id"].as_str().unwrap().to_string())
            .unwrap()
    };
    let gone = id_of("this one goes");
    let edited = id_of("this one goes too, but is edited in the backup later");
    for id in [&gone, &edited] {
        env.with_pass(PASS)
            .args(["delete", "--yes", id])
            .assert()
            .success();
    }
    // The second entry was edited (in another copy) after it was deleted here: as in
    // `merge`, that edit brings it back.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&backup).unwrap()).unwrap();
    let now = chrono::Local::now().fixed_offset().to_rfc3339();
    for e in doc["entries"].as_array_mut().unwrap() {
        if e["id"] == edited.as_str() {
            e["edited_at"] = serde_json::Value::String(now.clone());
            e["text"] = "edited after the delete".into();
        }
    }
    std::fs::write(&backup, serde_json::to_vec(&doc).unwrap()).unwrap();

    let said = common::stdout(env.with_pass(PASS).arg("import").arg(&backup));
    assert!(
        said.contains("Skipped 1 entry you deleted from this vault"),
        "{said}"
    );
    assert!(said.contains("Imported 1 entry"), "{said}");
    let mut texts = env.texts(PASS);
    texts.sort();
    assert_eq!(texts, ["edited after the delete", "keep this one"]);
    // Importing again changes nothing, and deleting the one that came back works.
    let said = common::stdout(env.with_pass(PASS).arg("import").arg(&backup));
    assert!(said.contains("Imported 0 entries"), "{said}");
    env.with_pass(PASS)
        .args(["delete", "--yes", &edited])
        .assert()
        .success();
    let said = common::stdout(env.with_pass(PASS).arg("import").arg(&backup));
    assert!(said.contains("Skipped 2 entries you deleted"), "{said}");
    assert_eq!(env.texts(PASS), ["keep this one"]);
}

/// Fills the file system holding `dir` until it has no space left.
fn fill(dir: &Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(dir.join("filler")).unwrap();
    let block = vec![0x5a; 4096];
    loop {
        if f.write_all(&block).is_err() {
            break;
        }
    }
    let _ = f.sync_all();
}

/// Before the fix, `export` exited 0 when the vault could not record the file it
/// wrote (so `wipe` would leave it). A real full file system under the vault: the
/// export, in another directory, is written and kept; the exit code is 12.
#[test]
fn an_export_the_vault_could_not_record_exits_with_12_and_is_kept() {
    let env = Env::new();
    if !common::is_root() {
        common::skip("mounting a small tmpfs needs root");
        return;
    }
    let _mount = common::Tmpfs::mount(&env.dir.path().join("data"), "2m");
    env.init();
    env.journal("a note for the therapist");
    // Fold the appended record, so that opening the vault needs no space.
    env.with_pass(PASS).arg("list").assert().success();
    fill(&env.dir.path().join("data"));
    let out_file = env.dir.path().join("report.json");
    let out = env
        .with_pass(PASS)
        .args(["export", "--plaintext", "--format", "json", "-o"])
        .arg(&out_file)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(12), "{err}");
    assert!(err.contains("the vault could not note where"), "{err}");
    assert!(err.contains("is kept but not noted in the vault"), "{err}");
    let kept = std::fs::read_to_string(&out_file).unwrap();
    assert!(kept.contains("a note for the therapist"));
    // The vault is as it was.
    std::fs::remove_file(env.dir.path().join("data/filler")).unwrap();
    assert_eq!(env.texts(PASS), ["a note for the therapist"]);
}

/// `split-vault.py` was only in the source tree; the binary now writes the kit.
#[test]
fn recovery_kit_writes_the_steps_and_the_script_into_a_private_folder() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let kit = env.dir.path().join("kit");
    // No vault and no passphrase needed.
    let said = common::stdout(env.cmd().arg("recovery-kit").arg(&kit));
    assert!(said.contains("RECOVERY.md"), "{said}");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&kit), 0o700);
    assert_eq!(mode(&kit.join("RECOVERY.md")), 0o600);
    assert_eq!(mode(&kit.join("split-vault.py")), 0o700);
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    assert_eq!(
        std::fs::read(kit.join("split-vault.py")).unwrap(),
        std::fs::read(docs.join("split-vault.py")).unwrap()
    );
    let steps = std::fs::read_to_string(kit.join("RECOVERY.md")).unwrap();
    assert!(
        steps.contains("age -d -o identity.txt parts/key.age"),
        "{steps}"
    );

    // It never replaces the files unless asked.
    std::fs::write(kit.join("RECOVERY.md"), "my own notes").unwrap();
    let (code, err) = fails(env.cmd().arg("recovery-kit").arg(&kit));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(kit.join("RECOVERY.md")).unwrap(),
        "my own notes"
    );
    env.cmd()
        .args(["recovery-kit", "--force"])
        .arg(&kit)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(kit.join("RECOVERY.md")).unwrap(),
        steps
    );

    // init and --help point to it.
    let out = env
        .with_pass(PASS)
        .args(["init", "--work-factor", "10"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("confide recovery-kit DIR"));
    let help = common::stdout(env.cmd().arg("--help"));
    assert!(help.contains("recovery-kit"), "{help}");

    // The script from the kit splits a real vault.
    if have_python() {
        env.journal("read me without confide");
        let parts = env.dir.path().join("parts");
        let out = common::clean_command("python3")
            .arg(kit.join("split-vault.py"))
            .arg(env.vault())
            .arg(&parts)
            .output()
            .unwrap();
        common::ok(&out);
        for part in ["key.age", "recovery.age", "state.age", "record-1.age"] {
            assert!(parts.join(part).is_file(), "{part}");
        }
    }
}

#[test]
fn a_recipients_file_is_read_up_to_64_kib() {
    let env = Env::new();
    env.init();
    let big = env.dir.path().join("recipients.txt");
    let line = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n";
    std::fs::write(&big, line.repeat(70 * 1024 / line.len() + 1)).unwrap();
    for file in [big.as_path(), Path::new("/dev/zero")] {
        let out = env.dir.path().join("r.md.age");
        let (code, err) = fails(
            env.with_pass(PASS)
                .args(["export", "--format", "md", "-o"])
                .arg(&out)
                .arg("--to-file")
                .arg(file),
        );
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("is larger than 64 KiB"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!out.exists());
    }
}
