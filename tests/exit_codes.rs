//! The exit codes have one source, `confide::error::ExitKind`: the table in
//! docs/exit-codes.md and the list in `confide --help` must say what it says.

use super::common::*;
use confide::error::ExitKind;
use std::path::Path;

/// The rows of the first table in docs/exit-codes.md, as (code, meaning).
fn docs_table() -> Vec<(u8, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/exit-codes.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text
        .lines()
        .skip_while(|l| l.trim() != "| code | meaning |");
    assert_eq!(lines.next(), Some("| code | meaning |"), "no table found");
    assert_eq!(lines.next(), Some("|---|---|"));
    lines
        .take_while(|l| l.starts_with('|'))
        .map(|row| {
            let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
            assert_eq!(cells.len(), 2, "a row of two cells: {row}");
            let code = cells[0]
                .parse()
                .unwrap_or_else(|_| panic!("not a code: {row}"));
            (code, cells[1].to_string())
        })
        .collect()
}

#[test]
fn docs_table_is_the_exit_kind_enum() {
    let want: Vec<(u8, String)> = ExitKind::ALL
        .iter()
        .map(|k| (k.code(), k.meaning().to_string()))
        .collect();
    let got = docs_table();
    assert_eq!(
        got.iter().map(|r| r.0).collect::<Vec<_>>(),
        want.iter().map(|r| r.0).collect::<Vec<_>>(),
        "the codes in docs/exit-codes.md"
    );
    for ((code, got), (_, want)) in got.iter().zip(&want) {
        assert_eq!(got, want, "docs/exit-codes.md, code {code}");
    }
}

#[test]
fn docs_have_a_section_for_every_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/exit-codes.md");
    let text = std::fs::read_to_string(&path).unwrap();
    for k in ExitKind::ALL {
        let code = k.code();
        let heading = if k == ExitKind::Internal {
            format!("## Also possible: {code}")
        } else {
            format!("## {code}: ")
        };
        assert!(
            text.lines().any(|l| l.starts_with(&heading)),
            "docs/exit-codes.md has no section `{heading}`"
        );
    }
}

/// The words after "Exit codes:" in `confide --help`, up to the next blank line.
fn help_exit_codes() -> String {
    let env = Env::new();
    let out = env.cmd().arg("--help").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let help = String::from_utf8(out.stdout).unwrap();
    let section: Vec<&str> = help
        .lines()
        .skip_while(|l| l.trim() != "Exit codes:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .collect();
    assert!(!section.is_empty(), "no exit codes in --help:\n{help}");
    section
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn help_lists_the_exit_kind_enum() {
    let want: Vec<String> = ExitKind::ALL
        .iter()
        .filter_map(|k| k.summary().map(|s| format!("{} {s}", k.code())))
        .collect();
    assert_eq!(help_exit_codes(), want.join(", "));
    // Every code a command can end with is in the help; only a panic's is not.
    let left_out: Vec<u8> = ExitKind::ALL
        .iter()
        .filter(|k| k.summary().is_none())
        .map(|k| k.code())
        .collect();
    assert_eq!(left_out, [101]);
}

/// Each kind's code is the number docs/exit-codes.md has always given it (scripts
/// depend on them): written out here, not taken from the enum.
#[test]
fn codes_never_change() {
    let codes: Vec<(ExitKind, u8)> = ExitKind::ALL.iter().map(|k| (*k, k.code())).collect();
    assert_eq!(
        codes,
        [
            (ExitKind::Success, 0),
            (ExitKind::Other, 1),
            (ExitKind::Usage, 2),
            (ExitKind::NotFound, 3),
            (ExitKind::WrongKey, 4),
            (ExitKind::Damaged, 5),
            (ExitKind::Busy, 6),
            (ExitKind::NoSource, 7),
            (ExitKind::Exists, 8),
            (ExitKind::Newer, 9),
            (ExitKind::WillNotWrite, 10),
            (ExitKind::CopyChanged, 11),
            (ExitKind::NotRecorded, 12),
            (ExitKind::VaultChanged, 13),
            (ExitKind::Internal, 101),
        ]
    );
}

/// A few real failures end with their kind's code and their one line, unchanged
/// (the printer now adds an I/O error's reason after its context).
#[test]
fn real_failures_end_with_their_kind() {
    let env = Env::new();
    // No vault: 3.
    let out = env.with_pass(PASS).arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(ExitKind::NotFound.code().into()));
    // A bad value: 2.
    env.init();
    let out = env
        .with_pass(PASS)
        .args(["journal", "--mood", "11", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(ExitKind::Usage.code().into()));
    // A vault already there: 8.
    let out = env
        .cmd()
        .env("CONFIDE_NEW_PASSPHRASE", PASS)
        .args(["init", "--work-factor", "10"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(ExitKind::Exists.code().into()));
    // An import file from a newer confide: 9 (it used to be found by the words of
    // its message).
    let file = env.dir.path().join("v2.json");
    std::fs::write(
        &file,
        br#"{"format":"confide-export","version":2,"entries":[]}"#,
    )
    .unwrap();
    let out = env
        .with_pass(PASS)
        .current_dir(env.dir.path())
        .args(["import", "v2.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(ExitKind::Newer.code().into()));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "error: cannot import `v2.json`: this export is version 2, made by a newer confide; \
         update confide to import it; nothing was imported\n"
    );
}

/// An I/O failure prints what confide was doing, then the system's reason, on one
/// line with code 1: the reason is the error's source now, not part of its text, and
/// the printer adds it.
#[test]
fn io_failure_is_context_then_reason() {
    let env = Env::new();
    let file = env.dir.path().join("file");
    std::fs::write(&file, "").unwrap();
    let out = env
        .with_pass(PASS)
        .env("CONFIDE_VAULT", file.join("sub/vault.confide"))
        .args(["init", "--work-factor", "10"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(ExitKind::Other.code().into()));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: could not create `{}`: Not a directory (os error 20)\n",
            file.join("sub").display()
        )
    );
}
