//! The guided questions read through a line editor on a terminal (issue 18, "prompts
//! that forgive"): arrows, Home/End and word delete change the answer in place, no
//! answer comes back at a later question, Ctrl-C stops the command and Ctrl-D the
//! check-in, and nothing is saved then. Driven on a pseudo-terminal.

use super::common;
use common::*;

const LEFT: &[u8] = b"\x1b[D";
const HOME: &[u8] = b"\x1b[H";
const END: &[u8] = b"\x1b[F";
const UP: &[u8] = b"\x1b[A";
const CTRL_W: &[u8] = b"\x17";
const CTRL_U: &[u8] = b"\x15";
const ALT_BACKSPACE: &[u8] = b"\x1b\x7f";

/// The keys, one after the other.
fn keys(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// The only entry of the vault (the test checks there is one).
fn only_entry(env: &Env) -> serde_json::Value {
    let list = env.list_json(PASS);
    let entries = list["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{list}");
    entries[0].clone()
}

fn no_entries(env: &Env) {
    let list = env.list_json(PASS);
    assert!(list["entries"].as_array().unwrap().is_empty(), "{list}");
}

#[test]
fn arrows_home_end_and_word_delete_edit_the_answer() {
    let env = Env::new();
    env.init();
    // "slept bdly", three left, "a": "slept badly"; End, " but walked"; Home,
    // "oops " taken back with Ctrl-W; End, " xyz" taken back with Alt-Backspace.
    let appreciated = keys(&[
        b"slept bdly",
        LEFT,
        LEFT,
        LEFT,
        b"a",
        END,
        b" but walked",
        HOME,
        b"oops ",
        CTRL_W,
        END,
        b" xyz",
        ALT_BACKSPACE,
        b"\r",
    ]);
    // Ctrl-U takes back the whole line before the cursor.
    let note = keys(&[b"not this", CTRL_U, b"rain", LEFT, LEFT, b"-", END, b"\r"]);
    let Some((said, code)) = pty_dialogue(
        &env,
        &["checkin", "--mood", "6", "--feel", "tired", "--urges", "0"],
        &[
            ("Did you do a practice", b"\r"),
            ("One thing you appreciated", &appreciated),
            ("Anything else you want to note?", &note),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("Checked in."), "{said}");
    let e = only_entry(&env);
    assert_eq!(e["appreciated"], "slept badly but walked", "{e}");
    assert_eq!(e["note"], "ra-in", "{e}");
    // The arrow keys moved the cursor; none of them is in what was kept.
    assert!(!e.to_string().contains('\u{1b}'), "{e}");
}

#[test]
fn an_earlier_answer_does_not_come_back_with_up() {
    let env = Env::new();
    env.init();
    let up_then = keys(&[UP, UP, b"second", b"\r"]);
    let Some((said, code)) = pty_dialogue(
        &env,
        &["checkin", "--mood", "6", "--feel", "tired", "--urges", "0"],
        &[
            ("Did you do a practice", b"\r"),
            ("One thing you appreciated", b"first answer\r"),
            ("Anything else you want to note?", &up_then),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    let e = only_entry(&env);
    assert_eq!(e["appreciated"], "first answer", "{e}");
    assert_eq!(e["note"], "second", "{e}");
}

#[test]
fn ctrl_c_at_a_question_stops_and_saves_nothing() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = pty_dialogue(
        &env,
        &["checkin"],
        &[
            ("How is your mood", b"7\r"),
            ("Which feelings", b"tired\r"),
            ("How many urges", b"\x03"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 130, "{said}");
    assert_eq!(
        said.matches("stopped (Ctrl-C); nothing was saved").count(),
        1,
        "{said}"
    );
    assert!(!said.contains("error:"), "{said}");
    assert!(!said.contains("Checked in."), "{said}");
    no_entries(&env);

    // The urge guide, the same way.
    let Some((said, code)) = pty_dialogue(
        &env,
        &["urge"],
        &[("How strong is it, from 1 to 10?", b"8\x03")],
    ) else {
        return;
    };
    assert_eq!(code, 130, "{said}");
    assert!(
        said.contains("stopped (Ctrl-C); nothing was saved"),
        "{said}"
    );
    no_entries(&env);
}

#[test]
fn ctrl_c_at_wipe_question_destroys_nothing() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = pty_dialogue(
        &env,
        &["wipe", "--keep-exports"],
        &[("to destroy it all", b"wi\x03")],
    ) else {
        return;
    };
    assert_eq!(code, 130, "{said}");
    assert!(
        said.contains("stopped (Ctrl-C); nothing was saved"),
        "{said}"
    );
    assert!(env.vault().exists());
}

#[test]
fn ctrl_d_ends_the_check_in_and_saves_nothing() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = pty_dialogue(
        &env,
        &["checkin"],
        &[
            ("How is your mood", b"7\r"),
            // Enter skips a question; Ctrl-D ends them all.
            ("Which feelings", b"\r"),
            ("How many urges", b"\x04"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("Ctrl-D stops the check-in without saving anything."),
        "{said}"
    );
    assert!(said.contains("nothing was saved"), "{said}");
    assert!(!said.contains("Did you do a practice"), "{said}");
    assert!(!said.contains("Checked in."), "{said}");
    no_entries(&env);

    // Ctrl-D at a "did you mean" question ends it too.
    let Some((said, code)) = pty_dialogue(
        &env,
        &["checkin", "--mood", "5"],
        &[
            ("Which feelings", b"tirde\r"),
            ("did you mean `tired`?", b"\x04"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("nothing was saved"), "{said}");
    no_entries(&env);
}

#[test]
fn ctrl_d_in_the_chain_questions_saves_nothing_and_says_so_first() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = pty_dialogue(
        &env,
        &["lapse", "--new", "--chain"],
        &[
            ("What made you more vulnerable", b"no sleep\r"),
            ("What happened just before", b"\x04"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    let intro = said.find("Ctrl-D stops the questions without saving anything.");
    let first = said.find("What made you more vulnerable");
    assert!(intro.is_some() && intro < first, "{said}");
    assert!(said.contains("nothing was saved"), "{said}");
    no_entries(&env);
}

#[test]
fn the_questions_stay_on_the_terminal_when_stdout_is_a_file() {
    let env = Env::new();
    env.init();
    let file = env.dir.path().join("out.txt");
    let Some((said, code)) = pty_dialogue_stdout_to(
        &env,
        &["checkin", "--mood", "6", "--feel", "tired", "--urges", "0"],
        &file,
        &[
            ("Did you do a practice", b"\r"),
            ("One thing you appreciated", b"tea\r"),
            ("Anything else you want to note?", b"\r"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    let out = std::fs::read_to_string(&file).unwrap();
    assert!(out.contains("Checked in."), "{out}");
    assert!(!out.contains("appreciated"), "{out}");
    assert!(!out.contains("note?"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert_eq!(only_entry(&env)["appreciated"], "tea");
}

#[test]
fn answers_typed_ahead_are_kept_for_their_questions() {
    let env = Env::new();
    env.init();
    // Three answers at once, before the second and third questions show.
    let Some((said, code)) = pty_dialogue(
        &env,
        &["checkin", "--mood", "6", "--feel", "tired", "--urges", "0"],
        &[("Did you do a practice", b"\rtea\ran early night\r")],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    let e = only_entry(&env);
    assert_eq!(e["appreciated"], "tea", "{e}");
    assert_eq!(e["note"], "an early night", "{e}");
}
