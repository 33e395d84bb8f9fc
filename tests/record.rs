//! End-to-end tests of the recording commands: every kind, every validation error,
//! backdating, id prefixes, edit and delete, the editor path (with a fake $EDITOR,
//! driven through a pseudo-terminal by `script`), and the vocabulary hints.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common;
use super::editor_harness::RuntimeDir;
use common::*;
use predicates::prelude::*;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn ok(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().args(args).output().unwrap();
    common::ok(&out);
    String::from_utf8(out.stdout).unwrap()
}

fn by_kind<'a>(entries: &'a [serde_json::Value], kind: &str) -> Vec<&'a serde_json::Value> {
    entries.iter().filter(|e| e["kind"] == kind).collect()
}

#[test]
fn every_kind_round_trips_with_its_fields() {
    let env = Env::new();
    env.init();
    ok(
        &env,
        &[
            "journal",
            "Long day.",
            "--mood",
            "5",
            "--feel",
            "tired",
            "--feel",
            "Hopeful",
            "--tag",
            "Work Life",
            "--type",
            "emotional",
        ],
    );
    ok(
        &env,
        &[
            "urge",
            "7",
            "--trigger",
            "tired",
            "--trigger",
            "late night",
            "--coping",
            "walk,cold-water",
            "--outcome",
            "resisted",
            "--minutes",
            "15",
            "--halt",
            "h,t",
            "--note",
            "passed",
        ],
    );
    ok(
        &env,
        &[
            "lapse",
            "--trigger",
            "stressed",
            "--note",
            "after the argument",
            "--vulnerability",
            "slept badly",
            "--next-time",
            "phone out of the bedroom",
        ],
    );
    ok(
        &env,
        &[
            "reflect",
            "--prompt",
            "three-questions",
            "I asked and listened.",
        ],
    );
    ok(&env, &["reflect", "Just thinking out loud."]);
    ok(
        &env,
        &["practice", "hug-6s", "--note", "before work", "--private"],
    );
    ok(
        &env,
        &[
            "checkin",
            "--mood",
            "6",
            "--feel",
            "hopeful",
            "--urges",
            "1",
            "--practice",
            "tech-free-talk",
            "--appreciated",
            "her laugh",
        ],
    );
    let all = env.entries();
    assert_eq!(all.len(), 7);

    let j = by_kind(&all, "journal")[0];
    assert_eq!(j["text"], "Long day.");
    assert_eq!(j["mood"], 5);
    assert_eq!(j["emotions"], serde_json::json!(["tired", "hopeful"]));
    assert_eq!(j["tags"], serde_json::json!(["work-life"]));
    assert_eq!(j["intimacy"], "emotional");

    let u = by_kind(&all, "urge")[0];
    assert_eq!(u["intensity"], 7);
    assert_eq!(u["triggers"], serde_json::json!(["tired", "late-night"]));
    assert_eq!(u["coping"], serde_json::json!(["walk", "cold-water"]));
    assert_eq!(u["outcome"], "resisted");
    assert_eq!(u["minutes"], 15);
    assert_eq!(u["halt"], serde_json::json!(["hungry", "tired"]));
    assert_eq!(u["note"], "passed");

    let l = by_kind(&all, "lapse")[0];
    assert_eq!(l["chain"]["vulnerability"], "slept badly");
    assert_eq!(l["chain"]["next_time"], "phone out of the bedroom");
    assert_eq!(l["chain"]["consequences"], serde_json::Value::Null);

    let r = by_kind(&all, "reflection");
    let prompted = r
        .iter()
        .find(|e| e["prompt_id"] == "three-questions")
        .unwrap();
    assert!(prompted["prompt"].as_str().unwrap().len() > 20);
    assert!(
        r.iter()
            .any(|e| e["prompt_id"].is_null() && e["text"] == "Just thinking out loud.")
    );

    let p = by_kind(&all, "practice")[0];
    assert_eq!(p["practice_id"], "hug-6s");
    assert_eq!(p["private"], true);
    assert_eq!(p["intimacy"], "physical");

    let c = by_kind(&all, "checkin")[0];
    assert_eq!(c["mood"], 6);
    assert_eq!(c["urges"], 1);
    assert_eq!(c["practice_id"], "tech-free-talk");
    assert_eq!(c["appreciated"], "her laugh");

    // The table shows every kind; private entries are marked.
    let table =
        String::from_utf8(env.with_pass(PASS).arg("list").output().unwrap().stdout).unwrap();
    for kind in [
        "journal",
        "urge",
        "lapse",
        "reflection",
        "practice",
        "checkin",
    ] {
        assert!(table.contains(kind), "{kind} missing from\n{table}");
    }
    assert!(table.contains("(private)"));
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
}

#[test]
fn writes_need_no_passphrase_and_do_not_read() {
    let env = Env::new();
    env.init();
    // No passphrase source at all, no terminal: every write still works.
    ok(&env, &["urge", "6", "--trigger", "bored"]);
    ok(&env, &["practice", "evening-walk"]);
    ok(&env, &["checkin", "--mood", "4"]);
    assert_eq!(env.records(), 3);
    env.cmd().arg("list").assert().code(7);
}

#[test]
fn acted_urge_records_a_linked_lapse_in_one_write() {
    let env = Env::new();
    env.init();
    let out = ok(
        &env,
        &[
            "urge",
            "8",
            "--trigger",
            "alone-with-device",
            "--outcome",
            "acted",
        ],
    );
    assert!(out.contains("information to learn from"), "{out}");
    assert_eq!(confide_core::content::shaming_word(&out), None, "{out}");
    assert!(
        !out.to_lowercase().contains("fail "),
        "never shaming: {out}"
    );
    assert_eq!(env.records(), 2);
    let all = env.entries();
    let u = by_kind(&all, "urge")[0];
    let l = by_kind(&all, "lapse")[0];
    assert_eq!(l["urge"], u["id"]);
    assert_eq!(l["triggers"], serde_json::json!(["alone-with-device"]));
    assert_eq!(l["occurred_at"], u["occurred_at"]);
}

#[test]
fn validation_errors_write_nothing() {
    let env = Env::new();
    env.init();
    let bad: &[&[&str]] = &[
        &["urge", "0"],
        &["urge", "11"],
        &["urge", "5", "--outcome", "maybe"],
        &["urge", "5", "--halt", "x"],
        &["urge", "5", "--minutes", "-3"],
        &["urge", "5", "--at", "next blursday"],
        &["urge", "5", "--at", "2999-01-01"],
        &["journal", "text", "--mood", "11"],
        &["journal", "text", "--type", "romantic"],
        &["journal", "   "],
        &["journal", "text", "--at", "in 3 hours"],
        &["practice", "no-such-practice"],
        &["practice", "hug-6"],
        &["reflect", "--prompt", "no-such-prompt", "answer"],
        &["reflect", "--skill", "juggling", "answer"],
        &["lapse", "--note", " "],
        &["checkin", "--mood", "0"],
        &["checkin", "--urges", "-1"],
        &["checkin"],
        &["lapse", "--chain"],
    ];
    for args in bad {
        let out = env.cmd().args(*args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            err.trim().lines().count(),
            1,
            "one-line error for {args:?}: {err}"
        );
        assert!(!err.contains("panicked"));
    }
    assert_eq!(env.records(), 0, "nothing was written");
    let big = "x".repeat(1024 * 1024 + 1);
    env.cmd()
        .arg("journal")
        .write_stdin(big.clone())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("1 MiB"));
    assert_eq!(env.records(), 0);
    // Specific messages say what to do.
    env.cmd()
        .args(["urge", "5", "--at", "soonish"])
        .assert()
        .stderr(predicate::str::contains("2 hours ago"));
    env.cmd()
        .args(["practice", "hug-6"])
        .assert()
        .stderr(predicate::str::contains("hug-6s"));
    env.with_pass(PASS)
        .args(["list", "--kind", "dream"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("journal, urge"));
}

#[test]
fn backdated_entries_are_told_apart() {
    let env = Env::new();
    env.init();
    ok(&env, &["urge", "6", "--at", "yesterday 23:00"]);
    ok(&env, &["journal", "now"]);
    let all = env.entries();
    let u = by_kind(&all, "urge")[0];
    let yesterday = (chrono::Local::now() - chrono::Duration::days(1))
        .format("%Y-%m-%dT23:00:00")
        .to_string();
    assert!(
        u["occurred_at"].as_str().unwrap().starts_with(&yesterday),
        "{}",
        u["occurred_at"]
    );
    assert_eq!(u["backdated"], true);
    assert_eq!(by_kind(&all, "journal")[0]["backdated"], false);
    // Sorted by when it happened, not when it was written.
    assert_eq!(all[0]["kind"], "urge");
    let shown = String::from_utf8(
        env.with_pass(PASS)
            .args(["show", u["id"].as_str().unwrap()])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(shown.contains("written down later"), "{shown}");
}

#[test]
fn ids_resolve_by_unique_prefix() {
    let env = Env::new();
    env.init();
    for i in 0..17 {
        ok(&env, &["journal", &format!("entry {i}")]);
    }
    let all = env.entries();
    let ids: Vec<String> = all
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    // 17 ids over 16 hex digits: two share a first character (pigeonhole).
    let ambiguous = (0..16)
        .map(|d| format!("{d:x}"))
        .find(|p| ids.iter().filter(|i| i.starts_with(p)).count() > 1)
        .unwrap();
    env.with_pass(PASS)
        .args(["show", &ambiguous])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("type more characters"));
    let target = &ids[3];
    let unique = (1..=32)
        .map(|n| &target[..n])
        .find(|p| ids.iter().filter(|i| i.starts_with(p)).count() == 1)
        .unwrap();
    let out = env
        .with_pass(PASS)
        .args(["show", unique, "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], target.as_str());
    assert_eq!(v["text"], "entry 3");
    env.with_pass(PASS)
        .args(["show", "zz"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not an entry id"));
    env.with_pass(PASS)
        .args(["show", &"0".repeat(31)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no entry"));
}

#[test]
fn list_filters() {
    let env = Env::new();
    env.init();
    ok(
        &env,
        &[
            "journal",
            "An old evening walk",
            "--at",
            "2026-01-10 21:00",
            "--tag",
            "walk",
        ],
    );
    ok(
        &env,
        &[
            "urge",
            "5",
            "--trigger",
            "bored",
            "--at",
            "2026-01-11 22:00",
        ],
    );
    ok(
        &env,
        &[
            "urge",
            "7",
            "--trigger",
            "tired",
            "--at",
            "2026-01-12 23:00",
        ],
    );
    ok(
        &env,
        &["practice", "evening-walk", "--at", "2026-01-12 19:00"],
    );
    let ids = |args: &[&str]| -> Vec<String> {
        let out = env
            .with_pass(PASS)
            .args(["list", "--json"])
            .args(args)
            .output()
            .unwrap();
        common::ok(&out);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&[]), ["journal", "urge", "practice", "urge"]);
    assert_eq!(ids(&["--kind", "urge"]), ["urge", "urge"]);
    assert_eq!(ids(&["--kind", "urge", "--kind", "journal"]).len(), 3);
    assert_eq!(
        ids(&["--since", "2026-01-11", "--until", "2026-01-11"]),
        ["urge"]
    );
    assert_eq!(
        ids(&["--until", "2026-01-12"]).len(),
        4,
        "--until a date includes that whole day"
    );
    assert_eq!(ids(&["--trigger", "tired"]), ["urge"]);
    assert_eq!(ids(&["--tag", "walk"]), ["journal"]);
    assert_eq!(ids(&["--search", "EVENING"]), ["journal"]);
    assert_eq!(ids(&["-n", "2"]), ["practice", "urge"]);
    env.with_pass(PASS)
        .args(["list", "--search", "nothing like this"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No entries match"));
}

#[test]
fn edit_with_flags_and_delete() {
    let env = Env::new();
    env.init();
    ok(&env, &["urge", "5", "--trigger", "bored"]);
    ok(&env, &["journal", "keep me"]);
    ok(&env, &["journal", "remove me"]);
    let all = env.entries();
    let urge = by_kind(&all, "urge")[0]["id"].as_str().unwrap().to_string();
    env.with_pass(PASS)
        .args([
            "edit",
            &urge[..10],
            "--intensity",
            "8",
            "--outcome",
            "resisted",
            "--trigger",
            "tired",
        ])
        .assert()
        .success();
    env.with_pass(PASS)
        .args(["edit", &urge[..10], "--mood", "5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not apply to an urge"));
    let all = env.entries();
    let u = by_kind(&all, "urge")[0];
    assert_eq!(u["intensity"], 8);
    assert_eq!(u["triggers"], serde_json::json!(["tired"]));
    assert!(u["edited_at"].is_string());

    let remove = all.iter().find(|e| e["text"] == "remove me").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    env.with_pass(PASS)
        .args(["delete", &remove[..8]])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes"));
    env.with_pass(PASS)
        .args(["delete", &remove[..8], "--yes"])
        .assert()
        .success();
    let texts: Vec<_> = env
        .entries()
        .iter()
        .filter_map(|e| e["text"].as_str().map(str::to_string))
        .collect();
    assert_eq!(texts, ["keep me"]);
    // The backup does not keep what was deleted.
    let bak = env.dir.path().join("bak-copy.confide");
    fs::copy(env.bak(), &bak).unwrap();
    let out = env
        .with_pass(PASS)
        .env("CONFIDE_VAULT", &bak)
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("remove me"));
}

#[test]
fn vocabulary_hints_keep_free_words() {
    let env = Env::new();
    env.init();
    env.cmd()
        .args([
            "urge",
            "5",
            "--trigger",
            "lonley",
            "--trigger",
            "my-own-word",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("did you mean `lonely`"))
        .stderr(predicate::str::contains("my-own-word").not());
    let all = env.entries();
    assert_eq!(
        all[0]["triggers"],
        serde_json::json!(["lonley", "my-own-word"])
    );
}

#[test]
fn vocabulary_hints_say_strategies() {
    let env = Env::new();
    env.init();
    env.cmd()
        .args(["urge", "5", "--coping", "walkk"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "not in confide's list of coping strategies; did you mean `walk`?",
        ));
}

#[test]
fn prompts_and_tags() {
    let env = Env::new();
    let out = env.cmd().args(["prompts", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["prompts"].as_array().unwrap().len() >= 40);
    assert!(v["practices"].as_array().unwrap().len() >= 20);
    let out = env
        .cmd()
        .args(["prompts", "--skill", "empathic-listening", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["prompts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["skill"] == "empathic-listening")
    );
    let text = String::from_utf8(env.cmd().arg("prompts").output().unwrap().stdout).unwrap();
    assert!(text.contains("connection-inventory") && text.contains("hug-6s"));
    env.cmd()
        .args(["prompts", "--type", "romantic"])
        .assert()
        .code(2);

    env.init();
    ok(
        &env,
        &["urge", "5", "--trigger", "tired", "--coping", "walk"],
    );
    ok(
        &env,
        &["urge", "6", "--trigger", "tired", "--trigger", "bored"],
    );
    ok(&env, &["journal", "x", "--feel", "calm", "--tag", "home"]);
    let out = env
        .with_pass(PASS)
        .args(["tags", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["triggers"][0],
        serde_json::json!({"name": "tired", "count": 2})
    );
    assert_eq!(
        v["triggers"][1],
        serde_json::json!({"name": "bored", "count": 1})
    );
    assert_eq!(v["coping"][0]["name"], "walk");
    assert_eq!(v["emotions"][0]["name"], "calm");
    assert_eq!(v["tags"][0]["name"], "home");
}

#[test]
fn reflect_reads_piped_answers_and_shows_the_prompt() {
    let env = Env::new();
    env.init();
    env.cmd()
        .args(["reflect", "--skill", "vulnerability"])
        .write_stdin("I told him I was scared.\n")
        .assert()
        .success();
    let all = env.entries();
    let r = by_kind(&all, "reflection")[0];
    let prompt = confide::content::prompt(r["prompt_id"].as_str().unwrap()).unwrap();
    assert_eq!(prompt.skill, Some(confide::content::Skill::Vulnerability));
    assert_eq!(r["text"], "I told him I was scared.");
}

// ---- the editor path ----

/// Writes an executable fake editor script.
fn fake_editor(env: &Env, body: &str) -> PathBuf {
    let path = env.dir.path().join("fake-editor");
    fs::write(
        &path,
        format!("#!/bin/sh\nfor a; do f=\"$a\"; done\necho \"$f\" >> \"$EDITOR_LOG\"\n{body}\n"),
    )
    .unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// Runs confide on a pseudo-terminal (so it opens the editor) and waits.
fn on_terminal(env: &Env, runtime: &RuntimeDir, editor: &Path, args: &str) -> std::process::Output {
    let bin = confide_bin();
    let mut c = env.command("script");
    c.args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"]);
    c.env("CONFIDE_PASSPHRASE", PASS)
        .env("XDG_RUNTIME_DIR", &runtime.0)
        .env("EDITOR_LOG", env.dir.path().join("editor.log"))
        .env("EDITOR", editor)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn a_bad_config_editor_stops_only_where_the_editor_opens() {
    let (Some(runtime), true) = (RuntimeDir::new(), have_script()) else {
        return;
    };
    let env = Env::new();
    env.init();
    let dir = env.dir.path().join("xdg-config/confide");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("config.toml"), "editor = \" \"\n").unwrap();
    // Text on the command line needs no editor: saved, with a warning.
    env.cmd()
        .args(["journal", "a line"])
        .assert()
        .success()
        .stderr(predicate::str::contains("`editor` is empty"));
    // On a terminal without VISUAL or EDITOR, the config's editor would open: stop
    // (before, `vi` opened and waited; the timeout ends that).
    let bin = confide_bin();
    let out = env
        .command("timeout")
        .args([
            "20",
            "script",
            "-qec",
            &format!("{} journal", bin.display()),
            "/dev/null",
        ])
        .env("XDG_RUNTIME_DIR", &runtime.0)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error: config file"), "{text}");
    assert!(text.contains("`editor` is empty"), "{text}");
    // $EDITOR beats the config: the editor opens and the entry is saved.
    let editor = fake_editor(&env, "printf 'from the editor\\n' >> \"$f\"");
    common::ok(&on_terminal(&env, &runtime, &editor, "journal"));
    assert_eq!(env.entries().len(), 2);
}

#[test]
fn editor_draft_lives_in_ram_and_is_gone_afterwards() {
    let (Some(runtime), true) = (RuntimeDir::new(), have_script()) else {
        return;
    };
    let env = Env::new();
    env.init();
    let editor = fake_editor(
        &env,
        "printf 'CANARY-%s written in the editor\\n' 7f3a >> \"$f\"",
    );
    let out = on_terminal(&env, &runtime, &editor, "journal --mood 6");
    common::ok(&out);
    let all = env.entries();
    assert_eq!(all[0]["text"], "CANARY-7f3a written in the editor");
    assert_eq!(all[0]["mood"], 6);

    let log = fs::read_to_string(env.dir.path().join("editor.log")).unwrap();
    let draft = PathBuf::from(log.trim());
    assert!(
        draft.starts_with(&runtime.0),
        "draft {draft:?} must be in the RAM-backed dir"
    );
    assert!(
        !draft.exists() && !draft.parent().unwrap().exists(),
        "draft and its directory are removed"
    );
    assert!(files_containing(env.dir.path(), b"CANARY-7f3a").is_empty());
    assert!(files_containing(&runtime.0, b"CANARY-7f3a").is_empty());
}

#[test]
fn reflect_in_the_editor_shows_the_prompt_and_strips_it() {
    let (Some(runtime), true) = (RuntimeDir::new(), have_script()) else {
        return;
    };
    let env = Env::new();
    env.init();
    let editor = fake_editor(
        &env,
        "grep -q '^# confide:' \"$f\" || exit 1\nprintf 'My answer.\\n' >> \"$f\"",
    );
    let out = on_terminal(&env, &runtime, &editor, "reflect --prompt notice-feel-need");
    common::ok(&out);
    let all = env.entries();
    assert_eq!(all[0]["text"], "My answer.");
    assert_eq!(all[0]["prompt_id"], "notice-feel-need");
}

#[test]
fn edit_in_the_editor_keeps_entries_added_meanwhile() {
    let (Some(runtime), true) = (RuntimeDir::new(), have_script()) else {
        return;
    };
    let env = Env::new();
    env.init();
    ok(&env, &["journal", "first version"]);
    let id = env.entries()[0]["id"].as_str().unwrap().to_string();
    let bin = confide_bin();
    // While the editor is open, another process logs an urge.
    let editor = fake_editor(
        &env,
        &format!(
            "'{}' urge 6 --trigger tired >/dev/null || exit 1\nprintf 'second version\\n' > \"$f\"",
            bin.display()
        ),
    );
    let out = on_terminal(&env, &runtime, &editor, &format!("edit {}", &id[..8]));
    common::ok(&out);
    let all = env.entries();
    assert_eq!(all.len(), 2, "the urge added during the edit is kept");
    let j = by_kind(&all, "journal")[0];
    assert_eq!(j["text"], "second version");
    assert!(j["edited_at"].is_string());
    assert_eq!(by_kind(&all, "urge").len(), 1);
}

#[test]
fn draft_is_removed_when_the_terminal_hangs_up() {
    let (Some(runtime), true) = (RuntimeDir::new(), have_script()) else {
        return;
    };
    let env = Env::new();
    env.init();
    let pids = env.dir.path().join("pids");
    let editor = fake_editor(
        &env,
        &format!(
            "printf 'CANARY-%s draft\\n' hup >> \"$f\"\necho \"$PPID $$\" > '{}'\nsleep 30",
            pids.display()
        ),
    );
    let handle = {
        let env_dir = env.dir.path().to_path_buf();
        let vault = env.vault();
        let runtime = runtime.0.clone();
        let editor = editor.clone();
        std::thread::spawn(move || {
            let bin = confide_bin();
            scratch_command(&env_dir, &vault, "script")
                .args(["-qec", &format!("{} journal", bin.display()), "/dev/null"])
                .env("XDG_RUNTIME_DIR", runtime)
                .env("EDITOR_LOG", env_dir.join("editor.log"))
                .env("EDITOR", editor)
                .stdin(std::process::Stdio::null())
                .output()
                .unwrap()
        })
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !pids.exists()
        || fs::read_to_string(&pids)
            .unwrap()
            .split_whitespace()
            .count()
            < 2
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the editor never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let text = fs::read_to_string(&pids).unwrap();
    let mut it = text.split_whitespace();
    let (confide_pid, editor_pid) = (
        it.next().unwrap().to_string(),
        it.next().unwrap().to_string(),
    );
    let draft = PathBuf::from(
        fs::read_to_string(env.dir.path().join("editor.log"))
            .unwrap()
            .trim(),
    );
    assert!(draft.exists());
    clean_command("kill")
        .args(["-HUP", &confide_pid])
        .status()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while draft.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = clean_command("kill").args([&editor_pid]).status();
    let _ = handle.join();
    assert!(!draft.exists(), "the draft is removed on SIGHUP");
    assert!(files_containing(&runtime.0, b"CANARY-hup").is_empty());
    assert!(files_containing(env.dir.path(), b"CANARY-hup").is_empty());
    assert_eq!(env.records(), 0, "nothing half-written");
}

#[test]
fn review_fixes_hold() {
    let env = Env::new();
    env.init();
    // A prompt picked at random cannot be answered before it is seen.
    env.cmd()
        .args(["reflect", "--skill", "vulnerability", "an answer"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--prompt ID"));
    // Marking an urge as acted on later records its lapse, once.
    ok(&env, &["urge", "6", "--trigger", "bored"]);
    let id = env.entries()[0]["id"].as_str().unwrap().to_string();
    env.with_pass(PASS)
        .args(["edit", &id[..8], "--outcome", "acted"])
        .assert()
        .success();
    env.with_pass(PASS)
        .args(["edit", &id[..8], "--outcome", "acted"])
        .assert()
        .success();
    let all = env.entries();
    let lapses = by_kind(&all, "lapse");
    assert_eq!(lapses.len(), 1);
    assert_eq!(lapses[0]["urge"], id.as_str());
    assert_eq!(lapses[0]["triggers"], serde_json::json!(["bored"]));
    env.with_pass(PASS)
        .args(["edit", &id[..8], "--mood", "3"])
        .assert()
        .stderr(predicate::str::contains("an urge entry"));
    // A missing argument is named, on one line.
    let out = env.cmd().arg("urge").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("INTENSITY") && err.trim().lines().count() == 1,
        "{err}"
    );
    // A closed pipe ends quietly with success.
    let bin = confide_bin();
    let st = env
        .command("bash")
        .args([
            "-c",
            &format!(
                "set -o pipefail; '{}' prompts --json | head -c 1 >/dev/null",
                bin.display()
            ),
        ])
        .status()
        .unwrap();
    assert!(st.success());
}
