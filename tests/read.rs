//! Reading back (issue 18): `confide read` prints whole entries with human dates and
//! the filters of `list`, through `$PAGER` on a terminal only; `--on-this-day`;
//! `list --full`; `show` with human dates; `list` as wide as the terminal.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common;

use chrono::{Datelike, Days, Months, NaiveDate};
use common::{Env, PASS};
use std::path::Path;

/// A vault with a two-line journal entry, a lapse with a chain analysis and a
/// check-in with its answers, all on 1 Aug 2026 (UTC).
fn filled() -> Env {
    let env = Env::new();
    env.init_with_start("2026-07-01");
    let run = |args: &[&str]| {
        common::ok(&env.cmd().env("TZ", "UTC").args(args).output().unwrap());
    };
    run(&[
        "journal",
        "A long walk by the river.\nThe light was low and I felt calm, the first time in days.",
        "--at",
        "2026-08-01 21:15",
    ]);
    run(&[
        "lapse",
        "--trigger",
        "tired",
        "--chain",
        "--vulnerability",
        "no sleep for two nights",
        "--next-time",
        "call Sam before midnight",
        "--at",
        "2026-08-01 23:30",
    ]);
    run(&[
        "checkin",
        "--mood",
        "6",
        "--appreciated",
        "the neighbour's dog",
        "--note",
        "quiet day",
        "--at",
        "2026-08-01 22:00",
    ]);
    env
}

fn read(env: &Env, args: &[&str]) -> String {
    common::stdout(env.with_pass(PASS).env("TZ", "UTC").args(args))
}

#[test]
fn read_prints_whole_entries_oldest_first_with_human_dates() {
    let env = filled();
    let out = read(&env, &["read"]);
    let journal = out.find("Sat 1 Aug 2026, 21:15 · journal · ").expect(&out);
    let checkin = out.find("Sat 1 Aug 2026, 22:00 · checkin · ").expect(&out);
    let lapse = out.find("Sat 1 Aug 2026, 23:30 · lapse · ").expect(&out);
    assert!(journal < checkin && checkin < lapse, "oldest first: {out}");
    for whole in [
        "A long walk by the river.\nThe light was low and I felt calm, the first time in days.\n",
        "Chain analysis",
        "no sleep for two nights",
        "call Sam before midnight",
        "appreciated   the neighbour's dog",
        "quiet day",
        "mood          6/10",
    ] {
        assert!(out.contains(whole), "{whole:?} missing: {out}");
    }
    assert!(!out.contains("2026-08-01T"), "no machine dates: {out}");
}

#[test]
fn read_takes_the_filters_of_list() {
    let env = filled();
    let out = read(&env, &["read", "--kind", "lapse"]);
    assert!(out.contains("call Sam") && !out.contains("river"), "{out}");
    let out = read(&env, &["read", "--search", "RIVER"]);
    assert!(
        out.contains("the first time in days") && !out.contains("lapse"),
        "{out}"
    );
    let out = read(&env, &["read", "-n", "1"]);
    assert!(
        out.contains("· lapse ·") && !out.contains("· checkin ·"),
        "{out}"
    );
    let out = read(&env, &["read", "--since", "2026-08-02"]);
    assert_eq!(out, "No entries match.\n");
    let bad = env
        .with_pass(PASS)
        .args(["read", "--kind", "nonsense"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2), "a bad filter is a usage error");
}

#[test]
fn list_full_prints_search_matches_whole() {
    let env = filled();
    let out = read(&env, &["list", "--search", "walk", "--full"]);
    assert!(
        out.contains("The light was low and I felt calm, the first time in days."),
        "{out}"
    );
    assert!(
        out.starts_with("Sat 1 Aug 2026, 21:15 · journal · "),
        "{out}"
    );
    let table = read(&env, &["list", "--search", "walk"]);
    assert_eq!(table.lines().count(), 1, "without --full, one row: {table}");
}

#[test]
fn show_prints_human_dates() {
    let env = filled();
    let id = env.list_json(PASS)["entries"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = read(&env, &["show", &id]);
    assert!(
        out.contains("when          Sat 1 Aug 2026, 21:15\n"),
        "{out}"
    );
    assert!(
        out.contains("(written down later)") && !out.contains("T21:15"),
        "{out}"
    );
}

/// `d` as the `--at` form, at noon.
fn at(d: NaiveDate) -> String {
    format!("{} 12:00", d.format("%Y-%m-%d"))
}

#[test]
fn on_this_day_keeps_this_day_of_earlier_months_and_years() {
    let env = Env::new();
    env.init_with_start("2020-01-01");
    // The tests run in UTC; today as confide sees it.
    let today = chrono::Utc::now().date_naive();
    let year_ago = today.checked_sub_months(Months::new(12)).unwrap();
    // The latest earlier month that has today's day (the 31st is not in every month).
    let month_ago = (1..=12)
        .filter_map(|m| today.checked_sub_months(Months::new(m)))
        .find(|d| d.day() == today.day())
        .unwrap();
    let yesterday = today.checked_sub_days(Days::new(1)).unwrap();
    let cases = [
        (year_ago, "a year ago", true),
        (month_ago, "a month ago", true),
        (yesterday, "yesterday", false),
    ];
    for (day, text, _) in &cases {
        common::ok(
            &env.cmd()
                .env("TZ", "UTC")
                .args(["journal", text, "--at", &at(*day)])
                .output()
                .unwrap(),
        );
    }
    env.journal("written today");
    for command in ["read", "list"] {
        let out = read(&env, &[command, "--on-this-day"]);
        for (_, text, kept) in &cases {
            assert_eq!(out.contains(text), *kept, "{command}: {text}: {out}");
        }
        assert!(!out.contains("written today"), "{command}: {out}");
    }
    let empty = Env::new();
    empty.init();
    empty.journal("only today");
    assert_eq!(
        read(&empty, &["read", "--on-this-day"]),
        "Nothing from this day in earlier months or years yet.\n"
    );
}

/// A pager that records its arguments, its environment and what it was given.
fn fake_pager(dir: &Path) -> std::path::PathBuf {
    let pager = dir.join("fake-pager");
    std::fs::write(
        &pager,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{d}/argv'\nenv > '{d}/env'\ncat > '{d}/input'\n",
            d = dir.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pager, std::fs::Permissions::from_mode(0o755)).unwrap();
    pager
}

/// `confide ARGS` on a 120×40 pseudo-terminal through `script`, with `PAGER`;
/// `None`, with a SKIPPED note, without `script` (which CI requires).
fn on_terminal(env: &Env, args: &str, pager: Option<&str>) -> Option<String> {
    if !common::have_script() {
        return None;
    }
    let bin = common::confide_bin();
    let mut c = env.command("script");
    c.args([
        "-qec",
        &format!("stty rows 40 cols 120; exec {} {args}", bin.display()),
        "/dev/null",
    ])
    .env("CONFIDE_PASSPHRASE", PASS)
    .env("TZ", "UTC")
    .stdin(std::process::Stdio::null());
    if let Some(p) = pager {
        c.env("PAGER", p);
    }
    Some(common::ok(&c.output().unwrap()))
}

/// Text with sequences a terminal would act on: a clear screen, OSC 52, a C1 CSI, a
/// right-to-left override.
const HOSTILE: &str = "bad\u{1b}[2J\u{1b}]52;c;aGVsbG8=\u{7}\u{9b}2J\u{202e}end";

#[test]
fn on_a_terminal_read_goes_through_the_pager_sanitised() {
    let env = filled();
    env.journal(HOSTILE);
    let pager = fake_pager(env.dir.path());
    let pager_line = format!("{} --flag 'two words'", pager.display());
    if on_terminal(&env, "read", Some(&pager_line)).is_none() {
        return;
    }
    let given = std::fs::read(env.dir.path().join("input")).unwrap();
    // The same bytes as when streamed to a pipe: sanitised by the one output filter.
    let piped = env
        .with_pass(PASS)
        .env("TZ", "UTC")
        .arg("read")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&given), common::ok(&piped));
    let text = String::from_utf8(given).unwrap();
    assert!(
        text.contains("bad\\e[2J\\e]52;c;aGVsbG8=\\u{7}\\u{9b}2J\\u{202e}end"),
        "{text}"
    );
    assert!(!text.contains(['\u{1b}', '\u{9b}', '\u{202e}']), "{text}");
    let argv = std::fs::read_to_string(env.dir.path().join("argv")).unwrap();
    assert_eq!(
        argv, "--flag\ntwo words\n",
        "split as a shell would, nothing added"
    );
    let environment = std::fs::read_to_string(env.dir.path().join("env")).unwrap();
    for secret in ["river", "call Sam", PASS, "CONFIDE_PASSPHRASE", "bad"] {
        assert!(
            !environment.contains(secret),
            "{secret} in the pager's environment"
        );
    }
}

#[test]
fn ctrl_c_in_the_pager_leaves_confide_waiting_for_it() {
    let env = filled();
    // A pager that, like less, survives Ctrl-C, sends it to its process group (which
    // is confide's: the terminal does the same), then takes its time to read.
    let pager = env.dir.path().join("interrupted-pager");
    std::fs::write(
        &pager,
        format!(
            "#!/bin/sh\ntrap '' INT\nkill -INT 0\nsleep 0.3\ncat > '{}/input'\n",
            env.dir.path().display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pager, std::fs::Permissions::from_mode(0o755)).unwrap();
    if on_terminal(&env, "read", Some(pager.to_str().unwrap())).is_none() {
        return;
    }
    let given = std::fs::read_to_string(env.dir.path().join("input")).unwrap();
    assert!(given.contains("call Sam before midnight"), "{given}");
}

#[test]
fn read_streams_without_a_pager_when_not_on_a_terminal_or_asked() {
    let env = filled();
    let pager = fake_pager(env.dir.path());
    let out = common::stdout(
        env.with_pass(PASS)
            .env("TZ", "UTC")
            .env("PAGER", &pager)
            .arg("read"),
    );
    assert!(out.contains("A long walk by the river."), "{out}");
    assert!(
        !env.dir.path().join("input").exists(),
        "no pager for a pipe"
    );
    let Some(out) = on_terminal(&env, "read --no-pager", Some(pager.to_str().unwrap())) else {
        return;
    };
    assert!(out.contains("A long walk by the river."), "{out}");
    assert!(!env.dir.path().join("input").exists(), "--no-pager");
}

#[test]
fn pager_cat_and_a_missing_pager_still_show_everything() {
    let env = filled();
    let Some(out) = on_terminal(&env, "read", Some("cat")) else {
        return;
    };
    assert!(out.contains("The light was low"), "{out}");
    let out = on_terminal(&env, "read", Some("/nonexistent/pager -R")).unwrap();
    assert!(
        out.contains("could not start the pager") && out.contains("The light was low"),
        "{out}"
    );
    let out = on_terminal(&env, "read", Some("")).unwrap();
    assert!(
        out.contains("The light was low"),
        "an empty PAGER: no pager: {out}"
    );
}

#[test]
fn list_uses_the_whole_width_of_the_terminal() {
    let env = Env::new();
    env.init();
    let long = "word ".repeat(60);
    env.journal(&long);
    let Some(out) = on_terminal(&env, "list", None) else {
        return;
    };
    let row = out
        .lines()
        .find(|l| l.contains("journal"))
        .expect(&out)
        .trim_end_matches('\r');
    let row = row.rsplit('\r').next().unwrap();
    let row = row.strip_prefix("\u{1b}[2K").unwrap_or(row);
    assert_eq!(
        common_width(row),
        120,
        "a 120-column terminal gets a 120-column row: {row:?}"
    );
}

/// Columns of a plain line (ASCII and the ellipsis).
fn common_width(s: &str) -> usize {
    s.chars().count()
}
