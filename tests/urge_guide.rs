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
            ("Numbers or words", b"4, late-night\n"),
            ("What did you try?", b"1, walk\n"),
            ("How did it end", b"resisted\n"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("need the passphrase"), "{said}");
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
    assert!(said.contains("A lapse was recorded with it."), "{said}");
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
