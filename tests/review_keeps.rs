//! `confide review` keeps only what its figures read as entries stream past: the
//! entries in the range, and every urge and lapse (the lapse episodes behind the
//! streak reach back to the start), an urge from before the range without its tags
//! and lists. Debug builds keep everything with CONFIDE_TEST_REVIEW_KEEP_ALL, so
//! these tests check that the review is byte for byte the same either way.

use super::common;
use common::*;

/// Every kind of entry, before the default range (30 days up to the as-of time
/// 2025-09-15 12:00) and in it, with urges acted on and lapses linked to them both
/// before and in the range.
fn vault_over_months(env: &Env) {
    env.init_with_start("2025-05-01");
    let run = |args: &[&str]| {
        env.cmd().args(args).assert().success();
    };
    run(&[
        "journal",
        "early days",
        "--at",
        "2025-05-03 21:00",
        "--mood",
        "4",
        "--feel",
        "lonely",
        "--tag",
        "work",
    ]);
    run(&[
        "urge",
        "8",
        "--trigger",
        "tired",
        "--coping",
        "walk",
        "--outcome",
        "acted",
        "--halt",
        "t",
        "--at",
        "2025-06-02 23:00",
    ]);
    run(&[
        "lapse",
        "--note",
        "after a long day",
        "--at",
        "2025-06-02 23:30",
    ]);
    run(&[
        "urge",
        "5",
        "--trigger",
        "bored",
        "--outcome",
        "resisted",
        "--tag",
        "home",
        "--at",
        "2025-07-10 22:00",
    ]);
    run(&["practice", "tech-free-talk", "--at", "2025-07-11 20:00"]);
    run(&[
        "checkin",
        "--mood",
        "6",
        "--feel",
        "hopeful",
        "--urges",
        "1",
        "--at",
        "2025-07-12 21:00",
    ]);
    run(&[
        "reflect",
        "what helped this month",
        "--at",
        "2025-07-31 21:00",
    ]);
    run(&[
        "urge",
        "7",
        "--trigger",
        "stressed",
        "--outcome",
        "acted",
        "--at",
        "2025-08-10 22:00",
    ]);
    // In the range.
    run(&["lapse", "--note", "again", "--at", "2025-08-20 23:00"]);
    run(&[
        "urge",
        "6",
        "--trigger",
        "tired",
        "--coping",
        "shower",
        "--outcome",
        "resisted",
        "--at",
        "2025-09-01 22:00",
    ]);
    run(&[
        "urge",
        "4",
        "--trigger",
        "tired",
        "--at",
        "2025-09-02 22:30",
    ]);
    run(&[
        "journal",
        "a better week",
        "--at",
        "2025-09-03 21:00",
        "--mood",
        "7",
        "--feel",
        "calm",
    ]);
    run(&["practice", "tech-free-talk", "--at", "2025-09-04 20:00"]);
    run(&[
        "checkin",
        "--mood",
        "7",
        "--feel",
        "calm",
        "--urges",
        "0",
        "--at",
        "2025-09-10 21:00",
    ]);
}

fn review(env: &Env, args: &[&str], keep_all: bool) -> String {
    let mut c = env.with_pass(PASS);
    c.args(["review", "--as-of", "2025-09-15 12:00"]).args(args);
    if keep_all {
        c.env("CONFIDE_TEST_REVIEW_KEEP_ALL", "1");
    }
    ok(&c.output().unwrap())
}

#[test]
fn dropping_what_no_figure_reads_changes_no_figure() {
    let env = Env::new();
    vault_over_months(&env);
    for args in [
        &["--json"][..],
        &[],
        &["--since", "2025-07-01", "--json"],
        &["--since", "2025-08-25", "--until", "2025-09-05", "--json"],
        &["--session"],
    ] {
        let kept = review(&env, args, false);
        assert_eq!(kept, review(&env, args, true), "review {args:?}");
    }
    // The streak counts the lapses before the range.
    let v: serde_json::Value = serde_json::from_str(&review(&env, &["--json"], false)).unwrap();
    assert!(
        v["streak"]["lapses_since_start"].as_u64().unwrap() >= 2,
        "{}",
        v["streak"]
    );
}
