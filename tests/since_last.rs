//! `confide export` before anything leaves: `--since-last` (the range starts at the
//! last export to the same recipients, which the vault remembers since format 8),
//! `--preview` listing what would leave by category with counts, the question on a
//! terminal ("Write this export? [y/N]", answered in a pseudo-terminal), and
//! `--name`, checked and passed on unchanged.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common;
use common::{Env, PASS, ok};
use std::fs;
use std::path::Path;

fn identity() -> (age::x25519::Identity, String) {
    let id = age::x25519::Identity::generate();
    let r = id.to_public().to_string();
    (id, r)
}

fn decrypt_json(id: &age::x25519::Identity, path: &Path) -> serde_json::Value {
    let bytes = fs::read(path).unwrap();
    serde_json::from_slice(&age::decrypt(id, &bytes).unwrap()).unwrap()
}

fn run(env: &Env, args: &[&str]) -> String {
    ok(&env.with_pass(PASS).args(args).output().unwrap())
}

/// `export --format json --to R... -o NAME` in the scratch directory; its path.
fn export_to(env: &Env, to: &[&str], name: &str, extra: &[&str]) -> std::path::PathBuf {
    let out = env.dir.path().join(name);
    let mut c = env.with_pass(PASS);
    c.args(["export", "--format", "json"]);
    for r in to {
        c.args(["--to", r]);
    }
    ok(&c.args(extra).arg("-o").arg(&out).output().unwrap());
    out
}

fn texts(report: &serde_json::Value) -> Vec<String> {
    report["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["text"].as_str().map(str::to_string))
        .collect()
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn ms(rfc3339: &serde_json::Value) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339.as_str().unwrap())
        .unwrap()
        .timestamp_millis()
}

#[test]
fn since_last_starts_at_the_last_export_to_the_same_recipients() {
    let env = Env::new();
    env.init_with_start("10 days ago");
    let (a_id, a) = identity();
    let (_, b) = identity();
    env.cmd()
        .args(["journal", "BEFORE-ANY-EXPORT", "--at", "3 days ago"])
        .assert()
        .success();
    export_to(&env, &[&a], "a1.json.age", &[]);
    env.journal("AFTER-FIRST-TO-A");
    let before_second = now_ms();
    export_to(&env, &[&a], "a2.json.age", &[]);
    let after_second = now_ms();
    env.journal("AFTER-SECOND-TO-A");
    // To B, and to A and B together: other people, so not where A's range starts.
    export_to(&env, &[&b], "b.json.age", &[]);
    export_to(&env, &[&a, &b], "ab.json.age", &[]);
    env.journal("AFTER-B");

    // The same recipient, given with spaces around it: the same person.
    let spaced = format!("  {a} ");
    let out = export_to(&env, &[&spaced], "since.json.age", &["--since-last"]);
    let report = decrypt_json(&a_id, &out);
    // (The JSON shows the range to the second.)
    let since = ms(&report["range"]["since"]);
    let before_second = before_second - before_second.rem_euclid(1000);
    assert!(
        (before_second..=after_second).contains(&since),
        "the range starts at the second export to A: {since} not in {before_second}..={after_second}"
    );
    let got = texts(&report);
    assert!(got.contains(&"AFTER-SECOND-TO-A".to_string()), "{got:?}");
    assert!(got.contains(&"AFTER-B".to_string()), "{got:?}");
    assert!(!got.contains(&"AFTER-FIRST-TO-A".to_string()), "{got:?}");
    assert!(!got.contains(&"BEFORE-ANY-EXPORT".to_string()), "{got:?}");

    // And that export is now the last one to A: the next --since-last starts there,
    // and --preview (which records nothing) says so.
    let preview = run(
        &env,
        &[
            "export",
            "--format",
            "md",
            "--preview",
            "--since-last",
            "--to",
            &a,
        ],
    );
    assert!(preview.contains("nothing was written"), "{preview}");
    assert!(preview.contains("last export to them"), "{preview}");
    let again = run(
        &env,
        &[
            "export",
            "--format",
            "md",
            "--preview",
            "--since-last",
            "--to",
            &a,
        ],
    );
    assert_eq!(preview, again, "a preview is not remembered as an export");

    // A and B in the other order are the same people as "A and B".
    let preview = run(
        &env,
        &[
            "export",
            "--format",
            "md",
            "--preview",
            "--since-last",
            "--to",
            &b,
            "--to",
            &a,
            "--to",
            &b,
        ],
    );
    assert!(preview.contains("last export to them"), "{preview}");
}

/// The next --since-last starts just after where the last report ended, not when it
/// was written: an urge dated after the first report's --until but before the file
/// was written is in the next report (it was in neither before).
#[test]
fn since_last_starts_where_the_last_report_ended() {
    let env = Env::new();
    env.init_with_start("10 days ago");
    let (a_id, a) = identity();
    env.cmd()
        .args(["journal", "BEFORE-THE-END", "--at", "3 days ago"])
        .assert()
        .success();
    env.cmd()
        .args(["urge", "7", "--outcome", "resisted", "--at", "1 day ago"])
        .assert()
        .success();
    let first = export_to(&env, &[&a], "a1.json.age", &["--until", "2 days ago"]);
    let first = decrypt_json(&a_id, &first);
    let kinds = |r: &serde_json::Value| -> Vec<String> {
        r["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(kinds(&first), ["journal"], "{first}");
    let ended = ms(&first["range"]["until"]);

    // The preview says where the last report to them ended.
    let said = run(
        &env,
        &[
            "export",
            "--format",
            "md",
            "--preview",
            "--since-last",
            "--to",
            &a,
        ],
    );
    let line = said
        .lines()
        .find(|l| l.contains("last export to them"))
        .unwrap_or_else(|| panic!("{said}"));
    assert!(line.contains("covered up to"), "{said}");

    let second = export_to(&env, &[&a], "a2.json.age", &["--since-last"]);
    let second = decrypt_json(&a_id, &second);
    assert_eq!(kinds(&second), ["urge"], "{second}");
    assert_eq!(second["entries"][0]["intensity"], 7, "{second}");
    // It starts just after the first one's end (the JSON shows times to the second).
    let since = ms(&second["range"]["since"]);
    assert!(
        (ended - 1000..=ended + 1).contains(&since),
        "{since} is not just after {ended}"
    );
}

/// The timeline marks the earlier reports to the same people only: a therapist's
/// report does not show when reports were made for others, and a preview for no one
/// yet shows none.
#[test]
fn the_timeline_marks_only_reports_to_the_same_people() {
    let env = Env::new();
    env.init_with_start("10 days ago");
    env.journal("words");
    let (a_id, a) = identity();
    let (_, b) = identity();
    let marks = |html: &str| html.matches(">R</text>").count();
    // Reports for others, and a plaintext one.
    export_to(&env, &[&b], "b.md.age", &[]);
    let plain = env.dir.path().join("p.md");
    ok(&env
        .with_pass(PASS)
        .args(["export", "--format", "md", "--plaintext", "-o"])
        .arg(&plain)
        .output()
        .unwrap());
    let html_to_a = |name: &str| {
        let out = env.dir.path().join(name);
        ok(&env
            .with_pass(PASS)
            .args(["export", "--format", "html", "--to", &a, "-o"])
            .arg(&out)
            .output()
            .unwrap());
        String::from_utf8(age::decrypt(&a_id, &fs::read(&out).unwrap()).unwrap()).unwrap()
    };
    assert_eq!(
        marks(&html_to_a("a1.html.age")),
        0,
        "no earlier report to A"
    );
    assert_eq!(marks(&html_to_a("a2.html.age")), 1, "the first report to A");
}

#[test]
fn since_last_without_an_earlier_export_says_what_to_do() {
    let env = Env::new();
    env.init();
    env.journal("words");
    let (_, a) = identity();
    let (_, c) = identity();
    export_to(&env, &[&a], "a.json.age", &[]);
    let out = env.dir.path().join("c.json.age");
    let o = env
        .with_pass(PASS)
        .args([
            "export",
            "--format",
            "json",
            "--since-last",
            "--to",
            &c,
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("no earlier export to these recipients") && err.contains("--since WHEN"),
        "{err}"
    );
    assert!(!out.exists());
    // A passphrase export is found by the way it was made.
    let o = env
        .with_pass(PASS)
        .args([
            "export",
            "--format",
            "json",
            "--since-last",
            "--passphrase",
            "--preview",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--passphrase"));
    // It needs recipients, conflicts with --since and --all, and a range cannot end
    // before the last export.
    for args in [
        &["--since-last", "--preview"][..],
        &[
            "--since-last",
            "--until",
            "2 days ago",
            "--to",
            &a,
            "--preview",
        ],
        &[
            "--since-last",
            "--since",
            "3 days ago",
            "--to",
            &a,
            "--preview",
        ],
        &["--since-last", "--all", "--to", &a, "--preview"],
    ] {
        let o = env
            .with_pass(PASS)
            .args(["export", "--format", "md"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
}

/// A range that ends before it starts is refused with one line and exit 2, as
/// `review` refuses it, before the vault is opened (no passphrase is needed to hear
/// it), and nothing is written.
#[test]
fn a_range_that_ends_before_it_starts_is_refused() {
    let env = Env::new();
    env.init();
    env.journal("words");
    let out = env.dir.path().join("r.md");
    for (range, says) in [
        (
            &["--since", "3 days ago", "--until", "5 days ago"][..],
            "--since is after --until; give an earlier --since",
        ),
        (
            &["--until", "40 days ago"][..],
            "--until is before the range's default start (30 days ago); give an earlier --since too",
        ),
    ] {
        // No passphrase source: opening the vault would fail with 7.
        let o = env
            .cmd()
            .args(["export", "--format", "md", "--plaintext"])
            .args(range)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{range:?}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err, format!("error: {says}\n"), "{range:?}");
        assert!(!out.exists());
    }
    // The same day for both is a range.
    ok(&env
        .with_pass(PASS)
        .args([
            "export",
            "--format",
            "md",
            "--plaintext",
            "--since",
            "today",
            "--until",
            "today",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap());
}

/// An older vault's exports say for no one: --since-last does not find them, and
/// the vault still opens and exports (the format-7 fixture, with two exports).
#[test]
fn exports_from_before_format_8_match_no_one() {
    let env = Env::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/core/tests/testdata/format-7");
    fs::create_dir_all(env.vault().parent().unwrap()).unwrap();
    fs::copy(fixture.join("vault.confide"), env.vault()).unwrap();
    let pass = fs::read_to_string(fixture.join("passphrase")).unwrap();
    let pass = pass.trim_end();
    let o = env
        .with_pass(pass)
        .args([
            "export",
            "--format",
            "md",
            "--plaintext",
            "--since-last",
            "--preview",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("older exports did not note"));
    let out = env.dir.path().join("r.md");
    ok(&env
        .with_pass(pass)
        .args(["export", "--format", "md", "--all", "--plaintext", "-o"])
        .arg(&out)
        .output()
        .unwrap());
    // Now remembered as a plaintext export.
    let o = env
        .with_pass(pass)
        .args([
            "export",
            "--format",
            "md",
            "--plaintext",
            "--since-last",
            "--preview",
        ])
        .output()
        .unwrap();
    let said = ok(&o);
    assert!(said.contains("last export to them"), "{said}");
    assert!(said.contains("NOT encrypted"), "{said}");
}

/// The preview's lines with runs of spaces made one, for comparing.
fn squeezed(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn data(env: &Env) {
    env.init_with_start("20 days ago");
    let c = |args: &[&str]| {
        env.cmd().args(args).assert().success();
    };
    c(&["journal", "OPEN-1", "--mood", "6", "--at", "5 days ago"]);
    c(&["journal", "OPEN-2", "--at", "4 days ago"]);
    c(&["journal", "PRIVATE", "--private", "--at", "4 days ago"]);
    c(&["reflect", "ANSWER-1", "--at", "3 days ago"]);
    c(&["reflect", "ANSWER-2", "--at", "3 days ago"]);
    c(&[
        "urge",
        "6",
        "--outcome",
        "resisted",
        "--note",
        "NOTE",
        "--at",
        "3 days ago",
    ]);
    c(&["urge", "4", "--outcome", "resisted", "--at", "2 days ago"]);
    c(&[
        "lapse",
        "--note",
        "LAPSE-NOTE",
        "--next-time",
        "CHAIN",
        "--at",
        "2 days ago",
    ]);
    c(&[
        "checkin",
        "--mood",
        "5",
        "--note",
        "CHECKIN-NOTE",
        "--at",
        "1 day ago",
    ]);
    c(&["practice", "hug-6s", "--at", "1 day ago"]);
    c(&["agenda", "POINT"]);
}

#[test]
fn preview_counts_what_leaves_by_category() {
    let env = Env::new();
    data(&env);
    let (_, a) = identity();
    let said = run(
        &env,
        &[
            "export",
            "--format",
            "html",
            "--preview",
            "--to",
            &a,
            "--name",
            "S. R.",
        ],
    );
    let lines = squeezed(&said);
    for want in [
        "This export would contain (nothing was written):",
        "format html",
        &format!("for {a}"),
        "name S. R.",
        "agenda points 1 (included: written for therapy)",
        "chain analyses 1 (text included: written for therapy)",
        "journal entries 2 (text included)",
        "reflections 2 (answers held back: --include-text)",
        "urges 2",
        "lapses 1",
        "practices 1",
        "check-ins 1",
        "urge and lapse notes 2 (text held back: --include-text)",
        "check-in notes 1 (text held back: --include-text)",
        "private entries 1 held back (--include-private)",
        "daily table 30 days (mood, emotions, urges, practice; no free text)",
    ] {
        assert!(lines.iter().any(|l| l == want), "no `{want}` in:\n{said}");
    }
    // The range in human dates, not ISO.
    let range = lines.iter().find(|l| l.starts_with("range ")).unwrap();
    assert!(!range.contains('T') && range.contains(", "), "{range}");
    assert!(
        !lines.iter().any(|l| l.starts_with("last export")),
        "{said}"
    );

    // Asking for text and private entries changes what it says.
    let said = run(
        &env,
        &[
            "export",
            "--format",
            "md",
            "--preview",
            "--include-text",
            "--include-private",
        ],
    );
    let lines = squeezed(&said);
    for want in [
        "for (no protection chosen yet)",
        "journal entries 3 (text included)",
        "reflections 2 (answers included)",
        "urge and lapse notes 2 (text included)",
        "private entries 1 included (--include-private), marked as private",
    ] {
        assert!(lines.iter().any(|l| l == want), "no `{want}` in:\n{said}");
    }
    // No text at all: the agenda stays home too.
    let said = run(
        &env,
        &["export", "--format", "md", "--preview", "--no-text"],
    );
    let lines = squeezed(&said);
    assert!(
        lines
            .iter()
            .any(|l| l == "journal entries 2 (text held back: --no-text)"),
        "{said}"
    );
    assert!(!said.contains("agenda"), "{said}");
}

/// confide on a pseudo-terminal through `script`, answering `keys` once the question
/// is on the screen (`while_asked` runs first, with the question waiting); what it
/// printed and its exit code. `None`, with a SKIPPED note, without `script`.
fn answer(env: &Env, args: &str, keys: &[u8], while_asked: impl FnOnce()) -> Option<(String, i32)> {
    let words = shlex::split(args).expect("test arguments split as a shell would");
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut once = Some(while_asked);
    common::pty_dialogue_with(
        env,
        &words,
        &[("CONFIDE_PASSPHRASE", PASS)],
        &[("[y/N]", keys)],
        &mut |_| {
            if let Some(f) = once.take() {
                f();
            }
        },
    )
}

#[test]
fn on_a_terminal_export_asks_before_anything_is_written() {
    let env = Env::new();
    data(&env);
    let (a_id, a) = identity();
    let out = env.dir.path().join("asked.json.age");
    let args = format!(
        "export --format json --to {a} --name 'S. R.' -o {}",
        out.display()
    );
    // No: nothing written, nothing remembered.
    let Some((said, code)) = answer(&env, &args, b"n\n", || {}) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("This export will contain:"), "{said}");
    assert!(said.contains("journal entries"), "{said}");
    assert!(said.contains("Write this export? [y/N]"), "{said}");
    assert!(said.contains("Nothing was written."), "{said}");
    assert!(!out.exists());
    // Ctrl-D (the end of input): no.
    let (said, code) = answer(&env, &args, b"\x04", || {}).unwrap();
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("Nothing was written."), "{said}");
    assert!(!out.exists());
    // Ctrl-C: confide is interrupted, and nothing is written.
    let (said, code) = answer(&env, &args, b"\x03", || {}).unwrap();
    assert_ne!(code, 0, "{said}");
    assert!(!out.exists());
    // Anything but y or yes is no.
    let (said, _) = answer(&env, &args, b"sure\n", || {}).unwrap();
    assert!(said.contains("Nothing was written."), "{said}");
    assert!(!out.exists());
    assert_no_export_remembered(&env, &a);

    // Yes. The vault is not held locked while the question waits: an urge logged
    // meanwhile from another window goes in, and is kept.
    let (said, code) = answer(&env, &args, b"y\n", || {
        env.cmd()
            .env("CONFIDE_LOCK_TIMEOUT_MS", "2000")
            .args(["urge", "3", "--note", "MEANWHILE"])
            .assert()
            .success();
    })
    .unwrap();
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("Wrote "), "{said}");
    let report = decrypt_json(&a_id, &out);
    assert!(texts(&report).contains(&"OPEN-1".to_string()));
    let notes: Vec<_> = env
        .entries()
        .into_iter()
        .filter(|e| e["note"] == "MEANWHILE")
        .collect();
    assert_eq!(notes.len(), 1, "the entry logged meanwhile was kept");
    // Remembered: --since-last now finds it.
    let said = run(
        &env,
        &[
            "export",
            "--format",
            "md",
            "--preview",
            "--since-last",
            "--to",
            &a,
        ],
    );
    assert!(said.contains("last export to them"), "{said}");

    // --yes on a terminal writes without asking.
    let yes_out = env.dir.path().join("yes.md.age");
    let bin = common::confide_bin();
    let o = env
        .command("script")
        .args([
            "-qec",
            &format!(
                "{} export --format md --to {a} --yes -o {}",
                bin.display(),
                yes_out.display()
            ),
            "/dev/null",
        ])
        .env("CONFIDE_PASSPHRASE", PASS)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let said = ok(&o);
    assert!(!said.contains("[y/N]"), "{said}");
    assert!(yes_out.exists(), "{said}");
}

/// Whatever changes the vault while the question waits, other than an entry added
/// after the report's end, makes "y" write nothing and exit 13: an entry deleted
/// (`delete` also changes the vault's key), or one added inside the range (the counts
/// shown are wrong now; the entry itself is kept). Nothing is remembered either.
#[test]
fn a_change_while_the_question_waits_writes_nothing() {
    let env = Env::new();
    data(&env);
    let (_, a) = identity();
    let out = env.dir.path().join("changed.json.age");
    let args = format!("export --format json --to {a} -o {}", out.display());
    let id = env
        .entries()
        .into_iter()
        .find(|e| e["text"] == "OPEN-2")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let cases: [(&str, &[&str]); 2] = [
        ("deleted", &["delete", "--yes", &id]),
        (
            "added in the range",
            &["journal", "ADDED-IN-RANGE", "--at", "1 hour ago"],
        ),
    ];
    for (what, change) in cases {
        let Some((said, code)) = answer(&env, &args, b"y\n", || {
            env.with_pass(PASS)
                .env("CONFIDE_LOCK_TIMEOUT_MS", "2000")
                .args(change)
                .assert()
                .success();
        }) else {
            return;
        };
        assert_eq!(code, 13, "{what}: {said}");
        let last = said.trim_end().lines().last().unwrap_or_default();
        assert_eq!(
            last.trim(),
            "error: the vault changed while you were asked; nothing was written; run `confide export` again",
            "{what}: {said}"
        );
        assert!(!said.contains("Wrote "), "{what}: {said}");
        assert!(!out.exists(), "{what}: nothing written");
    }
    let texts: Vec<_> = env
        .entries()
        .into_iter()
        .filter_map(|e| e["text"].as_str().map(str::to_string))
        .collect();
    assert!(!texts.contains(&"OPEN-2".to_string()), "{texts:?}");
    assert!(
        texts.contains(&"ADDED-IN-RANGE".to_string()),
        "the entry added meanwhile is kept: {texts:?}"
    );
    assert_no_export_remembered(&env, &a);
}

/// No export to `to` is remembered: `--since-last` to them is refused.
fn assert_no_export_remembered(env: &Env, to: &str) {
    let o = env
        .with_pass(PASS)
        .args([
            "export",
            "--format",
            "md",
            "--preview",
            "--since-last",
            "--to",
            to,
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "no export was remembered");
}

/// Without a terminal there is no question: scripts keep working as before.
#[test]
fn without_a_terminal_nothing_is_asked() {
    let env = Env::new();
    data(&env);
    let out = env.dir.path().join("r.md");
    let o = env
        .with_pass(PASS)
        .args(["export", "--format", "md", "--plaintext", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    ok(&o);
    assert!(!String::from_utf8_lossy(&o.stderr).contains("[y/N]"));
    assert!(out.exists());
}

#[test]
fn the_name_is_checked_and_passed_on_unchanged() {
    let env = Env::new();
    env.init();
    env.journal("words");
    // Hostile but printable: it reaches the report as typed (the renderers escape it).
    for name in [
        "</style><script>x</script>",
        "*/ body { display: none } /*",
        "\\A \\\" '\"}",
        "O'Brien \"Sam\"",
        "Zoë 🌱 李",
        &"x".repeat(40),
        "  padded  ",
    ] {
        let said = run(
            &env,
            &["export", "--format", "html", "--preview", "--name", name],
        );
        let shown = said
            .lines()
            .find_map(|l| l.strip_prefix("  name                 "))
            .unwrap_or_else(|| panic!("no name line for {name:?}:\n{said}"));
        assert_eq!(shown, name.trim(), "{said}");
    }
    for (name, why) in [
        ("", "empty"),
        ("   ", "empty"),
        (&"x".repeat(41), "41 characters"),
        ("a\nb", "line breaks"),
        ("a\rb", "line breaks"),
        ("a\u{2028}b", "line breaks"),
        ("\u{202e}evil", "bidirectional"),
        ("a\u{2066}b", "bidirectional"),
        ("bell\u{7}", "control"),
        ("esc\u{1b}[31m", "control"),
        ("del\u{7f}", "control"),
    ] {
        let o = env
            .with_pass(PASS)
            .args(["export", "--format", "md", "--preview", "--name", name])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{name:?}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{name:?}: {err}");
        assert!(
            err.contains("--name") && err.contains(why),
            "{name:?}: {err}"
        );
        assert!(o.stdout.is_empty(), "{name:?}");
    }
}
