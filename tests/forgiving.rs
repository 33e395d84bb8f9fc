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

#[test]
fn a_backdated_check_in_asks_about_that_day() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = pty_dialogue(
        &env,
        &["checkin", "--at", "2026-11-20 21:00"],
        &[
            ("How was your mood on Fri 20 Nov", b"6\n"),
            ("Which feelings", b"\n"),
            ("How many urges", b"\n"),
            ("Did you do a practice on Fri 20 Nov?", b"\n"),
            ("One thing you appreciated on Fri 20 Nov:", b"\n"),
            ("Anything else", b"\n"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("Check-in for Fri 20 Nov. Press Enter"),
        "{said}"
    );
    assert!(!said.contains("today?"), "{said}");
    let e = &env.list_json(PASS)["entries"][0];
    assert_eq!(e["mood"], 6, "{e}");
}

#[test]
fn a_backdated_chain_analysis_names_the_lapse_it_is_about() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = pty_dialogue(
        &env,
        &["lapse", "--new", "--chain", "--at", "2026-11-20 22:00"],
        &[
            ("What made you more vulnerable", b"Slept badly\n"),
            ("What happened just before", b"\n"),
            ("What thoughts and feelings", b"\n"),
            ("What followed", b"\n"),
            ("What would you like to try next time", b"\n"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("the links that led to the lapse on Fri 20 Nov at 22:00"),
        "{said}"
    );
}

#[test]
fn an_unknown_practice_or_feeling_offers_the_closest_as_the_default() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = pty_dialogue(
        &env,
        &["checkin"],
        &[
            ("How is your mood", b"7\n"),
            ("Which feelings", b"hopefull, tierd\n"),
            ("did you mean `hopeful`?", b"\n"),
            ("did you mean `tired`?", b"n\n"),
            ("How many urges", b"0\n"),
            ("Did you do a practice today?", b"hug\n"),
            ("Did you mean `hug-6s`?", b"\n"),
            ("One thing you appreciated", b"\n"),
            ("Anything else", b"\n"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    let e = &env.list_json(PASS)["entries"][0];
    assert_eq!(e["practice_id"], "hug-6s", "{e}");
    assert_eq!(
        e["emotions"],
        serde_json::json!(["hopeful", "tierd"]),
        "{e}"
    );
}

#[test]
fn after_an_import_files_passphrase_the_vaults_prompt_says_it_is_the_vaults() {
    let env = Env::new();
    env.init();
    env.journal("TO-AND-FRO");
    let file = env.dir.path().join("backup.json.age");
    ok(&env
        .with_pass(PASS)
        .env(
            "CONFIDE_EXPORT_PASSPHRASE",
            "a one-time export passphrase here",
        )
        .args(["export", "--all", "--format", "json", "--passphrase", "-o"])
        .arg(&file)
        .output()
        .unwrap());
    let name = file.display().to_string();
    let Some((said, code)) = pty_dialogue(
        &env,
        &["import", "--dry-run", &name],
        &[
            ("Passphrase for `", b"a one-time export passphrase here\n"),
            ("Vault passphrase: ", format!("{PASS}\n").as_bytes()),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
}

#[test]
fn recover_checks_the_code_before_asking_for_a_new_passphrase() {
    let env = Env::new();
    let code = env.init();
    env.journal("kept safe");
    let Some((said, code_wrong)) = pty_dialogue(
        &env,
        &["recover"],
        &[("Recovery code: ", b"00000-00000-00000-00000-00000\n")],
    ) else {
        return;
    };
    assert_eq!(code_wrong, 4, "{said}");
    assert!(
        !said.contains("New passphrase"),
        "asked for nothing: {said}"
    );
    let strong = "lantern meadow copper thistle";
    let Some((said, ok_code)) = pty_dialogue(
        &env,
        &["recover"],
        &[
            ("Recovery code: ", format!("{code}\n").as_bytes()),
            ("New passphrase: ", format!("{strong}\n").as_bytes()),
            ("New passphrase (again): ", format!("{strong}\n").as_bytes()),
        ],
    ) else {
        return;
    };
    assert_eq!(ok_code, 0, "{said}");
    assert!(said.contains("The recovery code is right."), "{said}");
    assert_eq!(env.texts(strong), ["kept safe"]);
}

#[test]
fn ctrl_d_at_the_passphrase_says_none_was_typed() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = pty_dialogue(&env, &["list"], &[("Passphrase: ", b"\x04")]) else {
        return;
    };
    assert_ne!(code, 0, "{said}");
    assert!(
        said.contains("no passphrase was typed (Ctrl-D); nothing was opened"),
        "{said}"
    );
    assert!(!said.contains("unexpected end of file"), "{said}");
}
