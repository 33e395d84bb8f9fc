//! Prompts that forgive (issue 18): a mistyped passphrase is asked for again, up to
//! three times in all; two new passphrases that differ, or an empty one, ask again;
//! "no" to a weak passphrase asks for another. Driven on a pseudo-terminal.

use super::common;
use common::*;

const WEAK: &str = "abc123";

#[test]
fn a_mistyped_passphrase_is_asked_for_again() {
    let env = Env::new();
    env.init();
    env.journal("STILL-HERE");
    let Some((said, code)) = pty_dialogue(
        &env,
        &["list"],
        &[
            ("Passphrase: ", b"not it\n"),
            ("Passphrase: ", format!("{PASS}\n").as_bytes()),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("That passphrase does not open this vault; try again."));
    assert!(said.contains("STILL-HERE"), "{said}");
}

#[test]
fn three_wrong_passphrases_end_with_exit_4() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = pty_dialogue(
        &env,
        &["list"],
        &[
            ("Passphrase: ", b"one\n"),
            ("Passphrase: ", b"two\n"),
            ("Passphrase: ", b"three\n"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 4, "{said}");
    assert_eq!(said.matches("try again").count(), 2, "{said}");
    assert!(said.contains("wrong passphrase"), "{said}");
}

#[test]
fn a_passphrase_from_a_variable_is_not_tried_again() {
    let env = Env::new();
    env.init();
    let out = env.with_pass("not it").arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("try again"));
}

#[test]
fn new_passphrases_that_differ_or_are_weak_are_asked_for_again() {
    let env = Env::new();
    let strong = "lantern meadow copper thistle";
    let Some((said, code)) = pty_dialogue(
        &env,
        &["init", "--work-factor", "10"],
        &[
            ("New passphrase: ", format!("{strong}\n").as_bytes()),
            ("New passphrase (again): ", b"a typo\n"),
            ("New passphrase: ", format!("{WEAK}\n").as_bytes()),
            ("New passphrase (again): ", format!("{WEAK}\n").as_bytes()),
            ("Use it anyway?", b"n\n"),
            ("New passphrase: ", format!("{strong}\n").as_bytes()),
            ("New passphrase (again): ", format!("{strong}\n").as_bytes()),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("The two did not match; try again."), "{said}");
    assert!(said.contains("Choose another, then."), "{said}");
    assert!(said.contains("Your vault is ready"), "{said}");
    // The strong one, not the weak one, opens it.
    let out = env.with_pass(strong).arg("list").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
