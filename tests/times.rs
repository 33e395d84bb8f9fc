//! Natural times on the command line, end to end: `--at "last night"` lands at 21:00
//! the day before, a time in the future is refused on one line with a form that
//! works, and `--until` with a day-only form takes in the whole day. Each command
//! runs with a fixed TZ, so the binary's local time is known to the test.

use super::common;
use chrono::{Duration, FixedOffset, NaiveDate, Timelike, Utc};

/// The entries' `occurred_at` values, read with the same TZ the entries were written in.
fn occurred(env: &common::Env, tz: &str) -> Vec<String> {
    let out = common::stdout(
        env.with_pass(common::PASS)
            .env("TZ", tz)
            .args(["list", "--json"]),
    );
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["occurred_at"].as_str().unwrap().to_string())
        .collect()
}

/// Yesterday's date where the local time is UTC plus `offset_h` hours.
fn yesterday(offset_h: i32) -> NaiveDate {
    let zone = FixedOffset::east_opt(offset_h * 3600).unwrap();
    Utc::now().with_timezone(&zone).date_naive() - Duration::days(1)
}

#[test]
fn last_night_is_nine_in_the_evening_the_day_before() {
    let env = common::Env::new();
    env.init();
    // The binary runs with TZ=UTC, so its local date is the UTC date. The date is
    // read before and after, in case the test runs across midnight.
    let before = yesterday(0);
    let out = env
        .cmd()
        .env("TZ", "UTC")
        .args(["journal", "--at", "last night", "text"])
        .output()
        .unwrap();
    common::ok(&out);
    let after = yesterday(0);
    let got = occurred(&env, "UTC");
    let expected: Vec<String> = [before, after]
        .iter()
        .map(|d| format!("{d}T21:00:00+00:00"))
        .collect();
    assert_eq!(got.len(), 1);
    assert!(expected.contains(&got[0]), "{got:?} not in {expected:?}");
}

#[test]
fn a_time_in_the_future_is_refused_with_a_form_that_works() {
    let env = common::Env::new();
    env.init();
    // A zone where it is now between 00:00 and 13:00, so 23:00 today is hours ahead
    // whenever the test runs: UTC in the UTC morning, else UTC-12 (POSIX TZ signs
    // are west-positive).
    let (tz, offset_h) = if Utc::now().hour() < 12 {
        ("UTC0", 0)
    } else {
        ("XXX+12", -12)
    };
    let out = env
        .cmd()
        .env("TZ", tz)
        .args(["journal", "--at", "today 23:00", "text"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err,
        "error: --at: that is in the future; for yesterday evening, try --at \"yesterday 23:00\"\n"
    );
    // The suggestion works as given.
    let before = yesterday(offset_h);
    let out = env
        .cmd()
        .env("TZ", tz)
        .args(["journal", "--at", "yesterday 23:00", "text"])
        .output()
        .unwrap();
    common::ok(&out);
    let after = yesterday(offset_h);
    let zone = if offset_h == 0 { "+00:00" } else { "-12:00" };
    let expected: Vec<String> = [before, after]
        .iter()
        .map(|d| format!("{d}T23:00:00{zone}"))
        .collect();
    let got = occurred(&env, tz);
    assert_eq!(got.len(), 1);
    assert!(expected.contains(&got[0]), "{got:?} not in {expected:?}");
}

#[test]
fn unreadable_times_list_examples_and_keep_private_text_out() {
    let env = common::Env::new();
    env.init();
    for at in [
        "after the argument with J about money",
        "sometime around dinner",
        "25:00",
        &"9".repeat(500),
    ] {
        let out = env
            .cmd()
            .env("TZ", "UTC")
            .args(["journal", "--at", at, "text"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{at}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(err.starts_with("error: --at: "), "{err}");
        assert!(
            err.contains("\"yesterday 23:45\", \"last night\", \"2 days ago 22:00\""),
            "{err}"
        );
        for private in ["argument", "money", "dinner", "99999"] {
            assert!(!err.contains(private), "echoed `{private}`: {err}");
        }
    }
    assert_eq!(env.records(), 0, "nothing was written");
}

#[test]
fn until_a_day_named_in_words_takes_in_the_whole_day() {
    let env = common::Env::new();
    env.init();
    for at in ["2026-01-12 23:30", "2026-01-13 00:30"] {
        let out = env
            .cmd()
            .env("TZ", "UTC")
            .args(["journal", "--at", at, at])
            .output()
            .unwrap();
        common::ok(&out);
    }
    let texts = |until: &str| -> Vec<String> {
        let out = common::stdout(
            env.with_pass(common::PASS)
                .env("TZ", "UTC")
                .args(["list", "--json", "--until", until]),
        );
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        doc["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["text"].as_str().unwrap().to_string())
            .collect()
    };
    for day in ["Jan 12 2026", "12 January 2026", "2026-01-12"] {
        assert_eq!(texts(day), ["2026-01-12 23:30"], "--until {day}");
    }
    assert!(texts("Jan 12 2026 at 11pm").is_empty());
    assert_eq!(texts("Jan 13 2026").len(), 2);
}
