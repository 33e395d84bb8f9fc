//! `confide urge` with no INTENSITY on a terminal asks for it, the triggers, what was
//! tried and the outcome, then saves as the flags do (issue 18). Driven on a
//! pseudo-terminal.

use super::common;
use common::*;

#[test]
fn the_questions_save_the_urge_as_the_flags_would() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = pty_dialogue(
        &env,
        &["urge"],
        &[
            ("How strong is it, from 1 to 10?", b"7\n"),
            ("Passphrase (Enter to skip)", b"\n"),
            ("Numbers or words", b"4, late-night\n"),
            ("What did you try?", b"1, walk\n"),
            ("How did it end", b"resisted\n"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("need your passphrase"), "{said}");
    // Ideas that fit "tired" come first.
    assert!(said.contains("1. go-to-bed"), "{said}");
    assert!(said.contains("Saved urge"), "{said}");
    assert!(said.contains("You rode it out."), "{said}");
    let e = &env.list_json(PASS)["entries"][0];
    assert_eq!(e["kind"], "urge", "{e}");
    assert_eq!(e["intensity"], 7, "{e}");
    assert_eq!(
        e["triggers"],
        serde_json::json!(["tired", "late-night"]),
        "{e}"
    );
    assert_eq!(e["coping"], serde_json::json!(["go-to-bed", "walk"]), "{e}");
    assert_eq!(e["outcome"], "resisted", "{e}");
}

#[test]
fn enter_skips_and_leaves_the_outcome_for_later() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = pty_dialogue(
        &env,
        &["urge"],
        &[
            ("How strong is it, from 1 to 10?", b"3\n"),
            ("Passphrase (Enter to skip)", b"\n"),
            ("Numbers or words", b"\n"),
            ("What did you try?", b"\n"),
            ("How did it end", b"\n"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    let list = env.list_json(PASS);
    let e = &list["entries"][0];
    assert_eq!(e["intensity"], 3, "{e}");
    assert!(e["outcome"].is_null(), "{e}");
    assert_eq!(list["entries"].as_array().unwrap().len(), 1, "{list}");
}

#[test]
fn a_bad_intensity_or_number_is_asked_again() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = pty_dialogue(
        &env,
        &["urge"],
        &[
            ("How strong is it, from 1 to 10?", b"11\n"),
            ("How strong is it, from 1 to 10?", b"seven\n"),
            ("How strong is it, from 1 to 10?", b"8\n"),
            ("Passphrase (Enter to skip)", b"\n"),
            ("Numbers or words", b"99\n"),
            ("Numbers or words", b"2\n"),
            ("What did you try?", b"\n"),
            ("How did it end", b"maybe\n"),
            ("How did it end", b"acted\n"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert_eq!(
        said.matches("from 1 to 10 (Ctrl-D to stop)").count(),
        2,
        "{said}"
    );
    assert!(said.contains("There is no number 99 here"), "{said}");
    assert!(said.contains("A lapse was recorded with it"), "{said}");
    let list = env.list_json(PASS);
    let entries = list["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "an urge acted on and its lapse: {list}");
    let urge = entries.iter().find(|e| e["kind"] == "urge").unwrap();
    assert_eq!(urge["intensity"], 8, "{urge}");
    assert_eq!(urge["triggers"], serde_json::json!(["angry"]), "{urge}");
}

#[test]
fn ctrl_d_stops_and_saves_nothing() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = pty_dialogue(
        &env,
        &["urge"],
        &[
            ("How strong is it, from 1 to 10?", b"6\n"),
            ("Passphrase (Enter to skip)", b"\n"),
            ("Numbers or words", b"\x04"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("Nothing was saved."), "{said}");
    assert!(!said.contains("Saved urge"), "{said}");
    let list = env.list_json(PASS);
    assert_eq!(list["entries"].as_array().unwrap().len(), 0, "{list}");
}

#[test]
fn without_a_terminal_a_missing_intensity_is_still_a_usage_error() {
    let env = Env::new();
    env.init();
    let out = env.cmd().arg("urge").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("<INTENSITY>"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        env.list_json(PASS)["entries"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn flags_given_skip_their_question() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = pty_dialogue(
        &env,
        &["urge", "--trigger", "bored", "--outcome", "resisted"],
        &[
            ("How strong is it, from 1 to 10?", b"4\n"),
            ("Passphrase (Enter to skip)", b"\n"),
            ("What did you try?", b"1\n"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(!said.contains("What set it off?"), "{said}");
    assert!(!said.contains("How did it end"), "{said}");
    let e = &env.list_json(PASS)["entries"][0];
    assert_eq!(e["triggers"], serde_json::json!(["bored"]), "{e}");
    // The first idea that fits "bored".
    assert_eq!(e["coping"], serde_json::json!(["walk"]), "{e}");
    assert_eq!(e["outcome"], "resisted", "{e}");
}

/// Logs urges with flags: `n` times the triggers and coping given, with `outcome`.
fn log(env: &Env, n: usize, trigger: &str, coping: &str, outcome: &str) {
    for _ in 0..n {
        env.cmd()
            .args([
                "urge",
                "5",
                "--trigger",
                trigger,
                "--coping",
                coping,
                "--outcome",
                outcome,
            ])
            .assert()
            .success();
    }
}

#[test]
fn with_the_passphrase_your_own_triggers_and_what_helped_come_first() {
    let env = Env::new();
    env.init();
    log(&env, 3, "stressed", "cold-shower", "resisted");
    log(&env, 1, "stressed", "cold-shower", "acted");
    log(&env, 2, "late-night", "walk", "resisted");
    log(&env, 1, "stressed", "scrolling", "acted");
    let Some((said, code)) = pty_dialogue(
        &env,
        &["urge"],
        &[
            ("How strong is it, from 1 to 10?", b"6\n"),
            ("Passphrase (Enter to skip)", b"not it\n"),
            ("try again", format!("{PASS}\n").as_bytes()),
            ("Numbers or words", b"1\n"),
            ("What did you try?", b"1\n"),
            ("How did it end", b"resisted\n"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("Your most frequent triggers come first"),
        "{said}"
    );
    assert!(said.contains("1. stressed"), "{said}");
    assert!(said.contains("2. late-night"), "{said}");
    // Under "stressed": the shower helped 3 of 4 times; scrolling never helped.
    assert!(
        said.contains("1. cold-shower - helped 3 of 4 times (trigger: stressed)"),
        "{said}"
    );
    assert!(!said.contains("scrolling - helped"), "{said}");
    assert!(!said.contains("walk - helped"), "{said}");
    let e = &env.list_json(PASS)["entries"];
    let last = e
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["intensity"] == 6)
        .expect("the guided urge");
    assert_eq!(last["triggers"], serde_json::json!(["stressed"]), "{last}");
    assert_eq!(last["coping"], serde_json::json!(["cold-shower"]), "{last}");
}

#[test]
fn a_passphrase_source_is_used_without_asking() {
    let env = Env::new();
    env.init();
    log(&env, 2, "lonely", "call-a-friend", "resisted");
    let Some((said, code)) = pty_dialogue_with(
        &env,
        &["urge"],
        &[("CONFIDE_PASSPHRASE", PASS)],
        &[
            ("How strong is it, from 1 to 10?", b"4\n"),
            ("Numbers or words", b"lonely\n"),
            ("What did you try?", b"\n"),
            ("How did it end", b"\n"),
        ],
        &mut |_| {},
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(!said.contains("Passphrase (Enter to skip)"), "{said}");
    assert!(
        said.contains("1. call-a-friend - helped 2 of 2 times (trigger: lonely)"),
        "{said}"
    );
}

#[test]
fn without_a_history_the_catalogue_is_shown_and_the_urge_still_saves() {
    let env = Env::new();
    env.init();
    // A source that cannot open the vault: one note, then the catalogue; still saved.
    let Some((said, code)) = pty_dialogue_with(
        &env,
        &["urge"],
        &[("CONFIDE_PASSPHRASE", "wrong wrong wrong")],
        &[
            ("How strong is it, from 1 to 10?", b"9\n"),
            ("Numbers or words", b"tired\n"),
            ("What did you try?", b"1\n"),
            ("How did it end", b"\n"),
        ],
        &mut |_| {},
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("your own history could not be read"),
        "{said}"
    );
    assert!(said.contains("Some common triggers"), "{said}");
    assert!(said.contains("Saved urge"), "{said}");
    assert_eq!(env.list_json(PASS)["entries"][0]["intensity"], 9);
}

#[test]
fn an_unlock_session_gives_your_own_ideas_without_a_question() {
    let env = Env::new();
    env.init();
    log(&env, 2, "bored", "call-a-friend", "resisted");
    let run = env.dir.path().join("run");
    std::fs::create_dir_all(&run).unwrap();
    let run = run.to_str().unwrap().to_string();
    env.with_pass(PASS)
        .env("XDG_RUNTIME_DIR", &run)
        .args(["unlock", "--for", "1m"])
        .assert()
        .success();
    let Some((said, code)) = pty_dialogue_with(
        &env,
        &["urge"],
        &[("XDG_RUNTIME_DIR", &run)],
        &[
            ("How strong is it, from 1 to 10?", b"5\n"),
            ("Numbers or words", b"1\n"),
            ("What did you try?", b"1\n"),
            ("How did it end", b"\n"),
        ],
        &mut |_| {},
    ) else {
        return;
    };
    env.cmd()
        .env("XDG_RUNTIME_DIR", &run)
        .arg("lock")
        .assert()
        .success();
    assert_eq!(code, 0, "{said}");
    assert!(!said.contains("Passphrase"), "{said}");
    assert!(said.contains("1. bored"), "{said}");
    assert!(
        said.contains("1. call-a-friend - helped 2 of 2 times (trigger: bored)"),
        "{said}"
    );
}
