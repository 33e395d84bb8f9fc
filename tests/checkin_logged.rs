//! The guided check-in shows the urges already logged since the last check-in and
//! asks only whether there were others (issue 18), when the vault can be read without
//! a question: through an unlock session or a passphrase source.

use super::common;
use common::*;

fn urge(env: &Env, args: &[&str]) {
    env.cmd().arg("urge").args(args).assert().success();
}

/// The urges count of the newest check-in.
fn newest_checkin_urges(env: &Env) -> serde_json::Value {
    let list = env.list_json(PASS);
    list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "checkin")
        .max_by_key(|e| e["occurred_at"].as_str().unwrap().to_string())
        .expect("a check-in")["urges"]
        .clone()
}

#[test]
fn the_urges_logged_since_the_last_checkin_are_counted_and_others_added() {
    let env = Env::new();
    env.init();
    urge(&env, &["4", "--at", "2 hours ago"]);
    env.cmd()
        .args(["checkin", "--mood", "5", "--at", "90 minutes ago"])
        .assert()
        .success();
    urge(&env, &["6", "--outcome", "resisted", "--at", "1 hour ago"]);
    urge(&env, &["8", "--outcome", "acted", "--at", "30 minutes ago"]);
    let Some((said, code)) = pty_dialogue_with(
        &env,
        &["checkin", "--mood", "6", "--feel", "calm"],
        &[("CONFIDE_PASSPHRASE", PASS)],
        &[
            ("Were there others you did not log?", b"1\n"),
            ("Did you do a practice", b"\n"),
            ("appreciated", b"\n"),
            ("Anything else", b"\n"),
        ],
        &mut |_| {},
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    // The urge before the last check-in is not counted; the two after it are.
    assert!(said.contains("you logged 2 urges:"), "{said}");
    assert!(said.contains("intensity 6, resisted"), "{said}");
    assert!(said.contains("intensity 8, acted on"), "{said}");
    assert!(!said.contains("intensity 4"), "{said}");
    assert!(!said.contains("How many urges since"), "{said}");
    assert_eq!(newest_checkin_urges(&env), 3, "2 logged + 1 more");
}

#[test]
fn enter_means_no_others_and_without_a_readable_vault_the_number_is_asked() {
    let env = Env::new();
    env.init();
    urge(&env, &["5"]);
    let Some((said, code)) = pty_dialogue_with(
        &env,
        &["checkin", "--mood", "6", "--feel", "calm"],
        &[("CONFIDE_PASSPHRASE", PASS)],
        &[
            ("Were there others", b"\n"),
            ("Did you do a practice", b"\n"),
            ("appreciated", b"\n"),
            ("Anything else", b"\n"),
        ],
        &mut |_| {},
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    // No check-in before: counted from the start of the day.
    assert!(
        said.contains("Since the start of today you logged 1 urge:"),
        "{said}"
    );
    assert_eq!(newest_checkin_urges(&env), 1);

    // No session and no source: the number is asked, as before; nothing else asked.
    let Some((said, code)) = pty_dialogue(
        &env,
        &["checkin", "--mood", "7", "--feel", "calm"],
        &[
            ("How many urges since your last check-in?", b"2\n"),
            ("Did you do a practice", b"\n"),
            ("appreciated", b"\n"),
            ("Anything else", b"\n"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(!said.contains("Passphrase"), "{said}");
    assert_eq!(newest_checkin_urges(&env), 2);
}
