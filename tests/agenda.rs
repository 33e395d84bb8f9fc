//! `confide agenda`: points to raise in the next session. Added without the
//! passphrase, listed and closed with it, carried by every export format while open,
//! closed by `export --done-agenda` only when asked, and in no figure.

use super::common;
use common::*;
use std::fs;

fn add(env: &Env, text: &str) -> String {
    let out = env.cmd().args(["agenda", text]).output().unwrap();
    ok(&out)
}

fn agenda(env: &Env, args: &[&str]) -> String {
    let out = env
        .with_pass(PASS)
        .arg("agenda")
        .args(args)
        .output()
        .unwrap();
    ok(&out)
}

fn points(env: &Env, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let v: serde_json::Value = serde_json::from_str(&agenda(env, &all)).unwrap();
    v["entries"].as_array().unwrap().clone()
}

fn id_of(env: &Env, text: &str) -> String {
    points(env, &["--all"])
        .iter()
        .find(|p| p["text"] == text)
        .unwrap_or_else(|| panic!("no point {text}"))["id"]
        .as_str()
        .unwrap()[..8]
        .to_string()
}

#[test]
fn adding_needs_no_passphrase_and_listing_shows_open_points_oldest_first() {
    let env = Env::new();
    env.init();
    // No CONFIDE_PASSPHRASE and no terminal: an append still works.
    let said = add(&env, "FIRST-POINT");
    assert!(said.starts_with("Saved agenda point "), "{said}");
    let out = env
        .cmd()
        .args(["agenda", "-"])
        .write_stdin("SECOND-POINT\nfrom stdin\n")
        .output()
        .unwrap();
    ok(&out);
    // Listing needs the passphrase.
    let out = env.cmd().arg("agenda").output().unwrap();
    assert!(!out.status.success(), "listing without a passphrase worked");
    let list = agenda(&env, &[]);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 2, "{list}");
    assert!(lines[0].contains("FIRST-POINT"), "{list}");
    assert!(lines[1].contains("SECOND-POINT from stdin"), "{list}");
    let json = points(&env, &[]);
    assert_eq!(json.len(), 2);
    assert_eq!(json[0]["kind"], "agenda");
    assert_eq!(json[0]["text"], "FIRST-POINT");
    assert_eq!(json[0]["done_at"], serde_json::Value::Null);
    assert_eq!(json[1]["text"], "SECOND-POINT\nfrom stdin");
    // An empty point is refused, and nothing is saved.
    let out = env.cmd().args(["agenda", "  "]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(points(&env, &["--all"]).len(), 2);
}

#[test]
fn done_closes_one_point_kept_in_history_and_listed_with_all() {
    let env = Env::new();
    env.init();
    add(&env, "KEEP-OPEN");
    add(&env, "TALKED-ABOUT");
    let id = id_of(&env, "TALKED-ABOUT");
    let said = agenda(&env, &["--done", &id]);
    assert!(
        said.contains(&format!("Closed agenda point {id}")),
        "{said}"
    );
    let open = agenda(&env, &[]);
    assert!(
        open.contains("KEEP-OPEN") && !open.contains("TALKED-ABOUT"),
        "{open}"
    );
    let all = points(&env, &["--all"]);
    assert_eq!(all.len(), 2);
    let closed = all.iter().find(|p| p["text"] == "TALKED-ABOUT").unwrap();
    assert!(closed["done_at"].is_string(), "{closed}");
    assert!(closed["edited_at"].is_string(), "{closed}");
    assert!(agenda(&env, &["--all"]).contains("TALKED-ABOUT (done "));
    // `list` and `show` know the kind.
    let list = env.list_json(PASS);
    assert_eq!(list["entries"].as_array().unwrap().len(), 2);
    let out = env.with_pass(PASS).args(["show", &id]).output().unwrap();
    let shown = ok(&out);
    assert!(
        shown.contains("agenda") && shown.contains("TALKED-ABOUT"),
        "{shown}"
    );
    // Closing what is not an agenda point is a usage error that changes nothing.
    env.journal("JOURNAL-TEXT");
    let jid = env.list_json(PASS)["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "journal")
        .unwrap()["id"]
        .as_str()
        .unwrap()[..8]
        .to_string();
    let out = env
        .with_pass(PASS)
        .args(["agenda", "--done", &jid])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not an agenda point"), "{err}");
}

/// An export to a plaintext file in the scratch folder; returns the file's text (for
/// CSV, the directory's `agenda.csv` and `entries.csv` joined).
fn export(env: &Env, format: &str, extra: &[&str]) -> String {
    let name = format!("out-{format}-{}", extra.len());
    let path = env.dir.path().join(&name);
    let out = env
        .with_pass(PASS)
        .args(["export", "--format", format, "--plaintext", "-o"])
        .arg(&path)
        .args(extra)
        .output()
        .unwrap();
    ok(&out);
    if format == "csv" {
        let a = fs::read_to_string(path.join("agenda.csv")).unwrap();
        let e = fs::read_to_string(path.join("entries.csv")).unwrap();
        let _ = fs::remove_dir_all(&path);
        format!("{a}\n{e}")
    } else {
        let s = fs::read_to_string(&path).unwrap();
        let _ = fs::remove_file(&path);
        s
    }
}

#[test]
fn exports_carry_open_points_and_no_closed_ones_and_count_them_in_no_figure() {
    let env = Env::new();
    env.init_with_start("10 days ago");
    add(&env, "OPEN-POINT");
    add(&env, "CLOSED-POINT");
    let id = id_of(&env, "CLOSED-POINT");
    agenda(&env, &["--done", &id]);
    for format in ["html", "md", "json", "csv"] {
        let text = export(&env, format, &[]);
        assert!(text.contains("OPEN-POINT"), "{format}: open point missing");
        assert!(
            !text.contains("CLOSED-POINT"),
            "{format}: closed point leaked"
        );
    }
    let html = export(&env, "html", &[]);
    // On page 1, the session sheet, after the figures.
    let agenda_at = html.find("<h2>Agenda</h2>").expect("an Agenda section");
    assert!(agenda_at > html.find("<td>Urges per week</td>").unwrap());
    assert!(
        agenda_at < html.find("</section>").unwrap(),
        "not on the sheet"
    );
    let md = export(&env, "md", &[]);
    let figures = md.find("| Urges per week |").unwrap();
    let section = md.find("## Agenda").expect("an Agenda section");
    assert!(section > figures && section < md.find("## Patterns").unwrap());
    // A human date, not ISO, on the point's line.
    let line = md.lines().find(|l| l.contains("OPEN-POINT")).unwrap();
    assert!(!line.contains('T') || !line.contains("+00:00"), "{line}");
    assert!(line.contains(", ") && line.starts_with("- "), "{line}");
    // No figure counts an agenda point: no entry on any day, nothing in the list.
    let json: serde_json::Value = serde_json::from_str(&export(&env, "json", &[])).unwrap();
    assert_eq!(
        json["completeness"]["days_with_entries"], 0,
        "{}",
        json["completeness"]
    );
    assert_eq!(json["entries"].as_array().unwrap().len(), 0);
    assert_eq!(json["agenda"].as_array().unwrap().len(), 1);
    assert_eq!(json["agenda"][0]["text"], "OPEN-POINT");
    // --no-text: no free text at all, so no agenda point either.
    let bare = export(&env, "md", &["--no-text"]);
    assert!(!bare.contains("OPEN-POINT"));
    // A full backup keeps every point, open and closed, and imports back.
    let all = export(&env, "json", &["--all"]);
    assert!(all.contains("OPEN-POINT") && all.contains("CLOSED-POINT"));
    let other = Env::new();
    other.init();
    let file = other.dir.path().join("backup.json");
    fs::write(&file, &all).unwrap();
    let out = other
        .with_pass(PASS)
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    ok(&out);
    let back = points(&other, &["--all"]);
    assert_eq!(back.len(), 2);
    let closed = back.iter().find(|p| p["text"] == "CLOSED-POINT").unwrap();
    assert!(
        closed["done_at"].is_string(),
        "the closed point came back open"
    );
}

#[test]
fn the_entries_section_lists_a_point_only_when_asked_by_kind() {
    let env = Env::new();
    env.init_with_start("10 days ago");
    add(&env, "LISTED-POINT");
    for format in ["html", "md"] {
        let entries_heading = if format == "html" {
            "<h2>Entries</h2>"
        } else {
            "## Entries"
        };
        // By default the point is in the Agenda section only.
        let text = export(&env, format, &[]);
        let entries = text.find(entries_heading).expect("an Entries section");
        assert_eq!(text.matches("LISTED-POINT").count(), 1, "{format}: {text}");
        assert!(text.find("LISTED-POINT").unwrap() < entries, "{format}");
        assert!(!text[entries..].contains("LISTED-POINT"), "{format}");
        // `--kind agenda` lists it among the entries too, with its kind, and still
        // marks no day of the daily table (an agenda point is in no figure).
        let text = export(&env, format, &["--kind", "agenda"]);
        let entries = text.find(entries_heading).expect("an Entries section");
        let listed = &text[entries..];
        assert!(listed.contains("LISTED-POINT"), "{format}: {listed}");
        assert!(listed.contains("agenda"), "{format}: {listed}");
        assert!(
            !text.contains("note</td>") && !text.contains("| note |"),
            "{format}: an agenda point marked a day: {text}"
        );
    }
}

#[test]
fn done_agenda_closes_the_points_the_export_carried_and_only_when_asked() {
    let env = Env::new();
    env.init();
    add(&env, "RAISE-THIS");
    // Without the flag nothing closes.
    export(&env, "md", &[]);
    assert_eq!(points(&env, &[]).len(), 1);
    // A private point stays home, and stays open.
    let out = env
        .cmd()
        .args(["agenda", "PRIVATE-POINT", "--private"])
        .output()
        .unwrap();
    ok(&out);
    let path = env.dir.path().join("report.md");
    let out = env
        .with_pass(PASS)
        .args([
            "export",
            "--format",
            "md",
            "--plaintext",
            "--done-agenda",
            "-o",
        ])
        .arg(&path)
        .output()
        .unwrap();
    let said = ok(&out);
    assert!(said.contains("Closed the 1 agenda point"), "{said}");
    let md = fs::read_to_string(&path).unwrap();
    assert!(md.contains("RAISE-THIS") && !md.contains("PRIVATE-POINT"));
    let open = points(&env, &[]);
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0]["text"], "PRIVATE-POINT");
    // --preview writes nothing, so it cannot close anything.
    let out = env
        .with_pass(PASS)
        .args(["export", "--format", "md", "--preview", "--done-agenda"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn hostile_point_text_is_escaped_everywhere_it_goes() {
    let env = Env::new();
    env.init();
    let evil =
        "=HYPERLINK(\"http://x\")\u{1b}[31mRED\u{202e}<script>alert(1)</script>[a](http://x)";
    add(&env, evil);
    let list = env.with_pass(PASS).arg("agenda").output().unwrap();
    ok(&list);
    assert!(
        !list.stdout.contains(&0x1b),
        "an escape reached the terminal"
    );
    let shown = String::from_utf8_lossy(&list.stdout);
    assert!(
        !shown.contains('\u{202e}'),
        "a bidi override reached the terminal"
    );
    let html = export(&env, "html", &[]);
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
    assert!(!html.contains('\u{1b}') && !html.contains('\u{202e}'));
    let md = export(&env, "md", &[]);
    // Markdown shows the markup as text: `<` and `[` escaped, so nothing can form.
    assert!(
        md.contains("\\<script>") && md.contains("\\[a\\](http"),
        "{md}"
    );
    assert!(!md.contains(" <script>") && !md.contains(" [a](http"));
    assert!(!md.contains('\u{1b}'));
    let csv = export(&env, "csv", &[]);
    let row = csv.lines().nth(1).unwrap();
    assert!(row.contains("'=HYPERLINK"), "{row}");
    assert!(!csv.contains('\u{1b}'));
}
