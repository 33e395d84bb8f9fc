//! The guided questions read through a line editor on a terminal (issue 18, "prompts
//! that forgive"): arrows, Home/End and word delete change the answer in place, no
//! answer comes back at a later question, Ctrl-C stops the command and Ctrl-D the
//! check-in, and nothing is saved then. Driven on a pseudo-terminal.

use super::common;
use common::*;

fn no_entries(env: &Env) {
    let list = env.list_json(PASS);
    assert!(list["entries"].as_array().unwrap().is_empty(), "{list}");
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
