//! The session sheet (issue 17): every figure on page 1 of the Markdown and HTML
//! reports, and in `review --session`, is a figure of `review --json` for the same
//! range, and the previous column and the change are those of `review --json` for
//! the previous period of equal length. The flags find what was planted in the data.

use super::common;
use common::*;
use serde_json::Value;
use std::fmt::Write as _;

/// 60 days ending Sun 15 Nov 2026, from a start on 1 Jun: check-ins most days,
/// urges most days (intensity 10 on 5 Nov), a lapse on 20 Oct and 8 Nov, nothing
/// at all from 10 to 13 Nov, the lowest mood (2) on 3 Nov.
fn data_set() -> String {
    let end = chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
    let mut json = String::from(
        "{\"format\":\"confide-export\",\"version\":1,\"start\":\"2026-06-01T00:00:00+00:00\",\"entries\":[",
    );
    let mut n = 0u32;
    let mut push = |json: &mut String, body: String| {
        n += 1;
        if n > 1 {
            json.push(',');
        }
        let _ = write!(json, "{{\"id\":\"0d{n:030x}\",{body}}}");
        n
    };
    for i in 0..60i64 {
        let d = end - chrono::Duration::days(59 - i);
        let day = d.format("%-d %b").to_string();
        if ["10 Nov", "11 Nov", "12 Nov", "13 Nov"].contains(&day.as_str()) {
            continue;
        }
        let k = i as usize;
        let at = |h: u32| format!("{d}T{h:02}:00:00+00:00");
        if k % 4 != 1 {
            let mood = if day == "3 Nov" { 2 } else { 4 + k % 5 };
            push(
                &mut json,
                format!(
                    "\"kind\":\"checkin\",\"occurred_at\":\"{}\",\"mood\":{mood},\"urges\":{}",
                    at(21),
                    k % 3
                ),
            );
        }
        if !k.is_multiple_of(3) {
            let acted = day == "20 Oct" || day == "8 Nov";
            let intensity = if day == "5 Nov" { 10 } else { 3 + k % 5 };
            let outcome = if acted {
                ",\"outcome\":\"acted\""
            } else if k.is_multiple_of(7) {
                ""
            } else {
                ",\"outcome\":\"resisted\""
            };
            let urge = push(
                &mut json,
                format!(
                    "\"kind\":\"urge\",\"occurred_at\":\"{}\",\"intensity\":{intensity},\"triggers\":[\"tired\"]{outcome}",
                    at(22)
                ),
            );
            if acted {
                push(
                    &mut json,
                    format!(
                        "\"kind\":\"lapse\",\"occurred_at\":\"{}\",\"urge\":\"0d{urge:030x}\"",
                        at(23)
                    ),
                );
            }
        }
        if k.is_multiple_of(5) {
            push(
                &mut json,
                format!(
                    "\"kind\":\"journal\",\"occurred_at\":\"{}\",\"mood\":{},\"text\":\"Day {i}.\"",
                    at(19),
                    5 + k % 3
                ),
            );
        }
    }
    json.push_str("]}");
    json
}

fn setup() -> Env {
    let env = Env::new();
    env.init_with_start("2026-06-01");
    let file = env.dir.path().join("data.json");
    std::fs::write(&file, data_set()).unwrap();
    ok(&env
        .with_pass(PASS)
        .arg("import")
        .arg(&file)
        .output()
        .unwrap());
    ok(&env
        .cmd()
        .args(["agenda", "SESSION-AGENDA-POINT: evenings alone"])
        .output()
        .unwrap());
    env
}

fn review_json(env: &Env, args: &[&str]) -> Value {
    let out = env
        .with_pass(PASS)
        .args(["review", "--json"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_str(&ok(&out)).unwrap()
}

fn f1(v: &Value) -> String {
    v.as_f64()
        .map(|x| format!("{x:.1}"))
        .unwrap_or_else(|| "–".into())
}

fn pct(part: &Value, whole: &Value) -> Option<i64> {
    let (p, w) = (part.as_f64().unwrap(), whole.as_f64().unwrap());
    (w > 0.0).then(|| (p * 100.0 / w).round() as i64)
}

/// The cells a figure's row must show, worked out from `review --json` alone:
/// (label, this period, previous period).
fn expected_cells(now: &Value, before: &Value) -> Vec<(&'static str, String, String)> {
    let days = |n: &Value| {
        let n = n.as_u64().unwrap();
        format!("{n} day{}", if n == 1 { "" } else { "s" })
    };
    let per_week = |r: &Value| {
        format!(
            "{} ({} in all)",
            f1(&r["urges"]["per_week"]),
            r["urges"]["total"]
        )
    };
    let of = |r: &Value, k: &str| {
        let (p, w) = (&r["urges"][k], &r["urges"]["total"]);
        match pct(p, w) {
            Some(x) => format!("{p} of {w} urges ({x}%)"),
            None => format!("{p} of {w} urges"),
        }
    };
    let mood = |r: &Value| {
        format!(
            "{} ({} entries)",
            f1(&r["mood"]["mean"]),
            r["mood"]["entries"]
        )
    };
    let clean = |r: &Value| {
        format!(
            "{} of {}",
            r["streak"]["clean_days_in_range"],
            days(&r["streak"]["counted_days_in_range"])
        )
    };
    let checkins = |r: &Value| {
        format!(
            "on {} of {}",
            r["checkins"]["days_with_checkin"],
            days(&r["checkins"]["days"])
        )
    };
    let both = |f: &dyn Fn(&Value) -> String| (f(now), f(before));
    let rows: Vec<(&str, (String, String))> = vec![
        ("Urges per week", both(&per_week)),
        ("Resisted", both(&|r| of(r, "resisted"))),
        ("Acted on", both(&|r| of(r, "acted"))),
        ("No outcome recorded", both(&|r| of(r, "no_outcome"))),
        (
            "Mean intensity",
            both(&|r| f1(&r["urges"]["mean_intensity"])),
        ),
        ("Mean mood (1-10)", both(&mood)),
        (
            "Lapse episodes",
            both(&|r| r["streak"]["lapses_in_range"].to_string()),
        ),
        // The range ends before the report's day: the streak on the report's day is
        // not compared with the one at the end of the previous period.
        (
            "Current streak",
            (days(&now["streak"]["current_days"]), "–".into()),
        ),
        ("Clean days", both(&clean)),
        ("Check-ins", both(&checkins)),
    ];
    rows.into_iter().map(|(l, (a, b))| (l, a, b)).collect()
}

/// The change a row must show: from the two values as printed.
fn expected_change(now: &str, before: &str) -> String {
    let lead = |s: &str| -> Option<f64> {
        // "7.2 (31 in all)" -> 7.2; "3 of 4 urges (75%)" -> 75 (points); "11 days" -> 11
        if let Some(p) = s.rsplit_once('(').and_then(|(_, p)| p.strip_suffix("%)")) {
            return p.parse().ok();
        }
        if let Some(rest) = s.strip_prefix("on ") {
            let mut it = rest.split(' ');
            let (a, _, b): (f64, _, f64) = (
                it.next()?.parse().ok()?,
                it.next(),
                it.next()?.parse().ok()?,
            );
            return Some((a * 100.0 / b).round());
        }
        if s.contains(" of ") {
            let mut it = s.split(' ');
            let a: f64 = it.next()?.parse().ok()?;
            it.next();
            let b: f64 = it.next()?.parse().ok()?;
            return Some((a * 100.0 / b).round());
        }
        s.split(' ').next()?.parse().ok()
    };
    let points = now.contains('%') || now.contains(" of ");
    match (lead(now), lead(before)) {
        (Some(a), Some(b)) => {
            let d = ((a - b) * 10.0).round() / 10.0;
            let by = if points {
                let n = d.abs() as i64;
                format!("{n} point{}", if n == 1 { "" } else { "s" })
            } else if now.contains('.') {
                format!("{:.1}", d.abs())
            } else {
                format!("{}", d.abs() as i64)
            };
            if d > 0.0 {
                format!("▲ up {by}")
            } else if d < 0.0 {
                format!("▼ down {by}")
            } else {
                "= same".into()
            }
        }
        _ => "–".into(),
    }
}

fn export(env: &Env, format: &str, name: &str) -> String {
    let out = env.dir.path().join(name);
    ok(&env
        .with_pass(PASS)
        .args(["export", "--format", format, "--plaintext"])
        .args(["--since", "2026-10-17", "--until", "2026-11-15", "-o"])
        .arg(&out)
        .output()
        .unwrap());
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn page_one_figures_are_review_json_figures_for_this_and_the_previous_period() {
    let env = setup();
    let now = review_json(&env, &["--since", "2026-10-17", "--until", "2026-11-15"]);
    // The previous 30 days, as of their end.
    let before = review_json(
        &env,
        &[
            "--since",
            "2026-09-17",
            "--until",
            "2026-10-16",
            "--as-of",
            "2026-10-16T23:59:59.999+00:00",
        ],
    );
    assert!(
        before["urges"]["total"].as_u64().unwrap() > 0,
        "the previous period has data to compare"
    );
    let cells = expected_cells(&now, &before);
    let md = export(&env, "md", "report.md");
    let html = export(&env, "html", "report.html");
    let sheet = ok(&env
        .with_pass(PASS)
        .args([
            "review",
            "--session",
            "--since",
            "2026-10-17",
            "--until",
            "2026-11-15",
        ])
        .output()
        .unwrap());
    let md_sheet = &md[..md.find("## Flags").expect("a Flags heading")];
    assert!(md.starts_with("# Session sheet"), "{md}");
    assert!(
        md_sheet
            .contains("Compared with the previous 30 days (Thu 17 Sep 2026 to Fri 16 Oct 2026)."),
        "{md_sheet}"
    );
    for (label, a, b) in &cells {
        let change = expected_change(a, b);
        let row = format!("| {label} | {a} | {b} | {change} |");
        assert!(
            md_sheet.contains(&row),
            "Markdown lacks {row:?}:\n{md_sheet}"
        );
        let cell = format!(
            "<tr><td>{label}</td><td>{a}</td><td>{b}</td><td class=\"d\">{change}</td></tr>"
        );
        assert!(html.contains(&cell), "HTML lacks {cell:?}");
        let line = sheet
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("review --session lacks {label}:\n{sheet}"));
        for part in [a, b, &change] {
            assert!(line.contains(part.as_str()), "{line:?} lacks {part:?}");
        }
    }
    // The phase and the days since the start, once, on page 1.
    let since = format!(
        "day {} since the start; {} clean days",
        now["streak"]["days_since_start"].as_i64().unwrap() + 1,
        now["streak"]["clean_days_since_start"]
    );
    assert!(
        md_sheet.contains(&since) && sheet.contains(&since),
        "{since}"
    );
    // The flags find what the data set holds: the gap, the intensity-10 urge, the
    // lowest mood; the agenda is on page 1.
    for text in [&md[..], &html, &sheet] {
        for want in [
            "Nothing logged for 3 days or more: Tue 10 Nov to Fri 13 Nov (4 days)",
            "Urges of intensity 9-10: 10 on Thu 5 Nov, 22:00",
            "Lowest mood: 2.0 on Tue 3 Nov",
            "SESSION-AGENDA-POINT: evenings alone",
        ] {
            assert!(text.contains(want), "{want:?} missing");
        }
    }
    // In the HTML, everything above comes before the first section after page 1.
    let sheet_end = html.find("</section>").unwrap();
    for want in [
        "Urges per week",
        "Nothing logged for 3 days",
        "SESSION-AGENDA-POINT",
    ] {
        assert!(
            html[..sheet_end].contains(want),
            "{want} is not on the sheet"
        );
    }
}

#[test]
fn the_first_period_has_nothing_to_compare_and_says_so() {
    let env = Env::new();
    env.init();
    env.journal("first words");
    let sheet = ok(&env
        .with_pass(PASS)
        .args(["review", "--session"])
        .output()
        .unwrap());
    assert!(
        sheet.contains("No earlier period to compare with: it falls before the recovery start."),
        "{sheet}"
    );
    let row = sheet
        .lines()
        .find(|l| l.starts_with("Urges per week"))
        .unwrap();
    assert!(
        row.contains("0.0 (0 in all)") && row.ends_with('–'),
        "{row}"
    );
    assert!(
        sheet.contains("Check-ins           on 0 of 1 day"),
        "{sheet}"
    );
    assert!(sheet.contains("Nothing flagged."), "{sheet}");
    assert!(sheet.contains("No open points."), "{sheet}");
    for line in sheet.lines() {
        assert!(
            line.chars().count() <= 80,
            "wider than 80 columns: {line:?}"
        );
    }
}

#[test]
fn a_report_says_what_is_new_since_the_last_one() {
    let env = setup();
    export(&env, "md", "first.md");
    env.journal("written after the first report");
    let sheet = ok(&env
        .with_pass(PASS)
        .args(["review", "--session"])
        .output()
        .unwrap());
    let line = sheet
        .lines()
        .skip_while(|l| !l.starts_with("Since the last report ("))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        line.contains("0 urges, 0 lapses, 0 check-ins, 1 journal entry, 0 chain analyses, 0 new agenda points."),
        "{sheet}"
    );
}

#[test]
fn the_name_and_what_is_new_since_the_last_report_reach_page_one() {
    let env = setup();
    let export = |extra: &[&str], name: &str| {
        let out = env.dir.path().join(name);
        ok(&env
            .with_pass(PASS)
            .args(["export", "--plaintext", "-o"])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap());
        std::fs::read_to_string(out).unwrap()
    };
    let first = export(&["--format", "md"], "first.md");
    assert!(!first.contains("Since the last report"), "there was none");
    env.journal("NEW-SINCE-THEN");
    // The next plain export finds the last plain one: page 1 counts what came after.
    let md = export(
        &["--format", "md", "--since-last", "--name", "J.B. </style>"],
        "second.md",
    );
    let sheet = &md[..md.find("## Lapses").or(md.find("## Patterns")).unwrap()];
    assert!(
        sheet.starts_with("# Session sheet: J.B. \\</style>"),
        "{sheet}"
    );
    assert!(
        sheet.contains("0 urges, 0 lapses, 0 check-ins, 1 journal entry, 0 chain analyses, 0 new agenda points."),
        "{sheet}"
    );
    let html = export(
        &["--format", "html", "--name", "J.B. </style>"],
        "named.html",
    );
    assert!(html.contains("<h1>Session sheet: J.B. &lt;/style&gt;</h1>"));
    assert_eq!(
        html.matches("</style>").count(),
        1,
        "the name ends no style element"
    );
    assert!(html.contains(
        "content:\"J\\00002E B\\00002E  \\00003C \\00002F style\\00003E  \\0000B7  Recovery record"
    ));
    // Two reports were written before this one: the timeline marks their day.
    assert!(html.contains(", 2 reports were written</title>"), "{html}");
}

/// Across a change of clocks, the previous period starts where `review --since`
/// starts it: at local midnight, in summer time, though the report is made in winter.
#[test]
fn the_previous_period_begins_at_local_midnight_across_a_clock_change() {
    let env = Env::new();
    env.init_with_start("2026-06-01");
    let berlin = |c: &mut assert_cmd::Command| {
        c.env("TZ", "Europe/Berlin");
    };
    // Half an hour into the previous period's first day, in summer time (+02:00):
    // before midnight in the winter offset the report is made in.
    let mut c = env.cmd();
    berlin(&mut c);
    ok(&c
        .args([
            "urge",
            "6",
            "--outcome",
            "resisted",
            "--at",
            "2026-10-17T00:30:00+02:00",
        ])
        .output()
        .unwrap());
    let mut c = env.with_pass(PASS);
    berlin(&mut c);
    let sheet = ok(&c
        .args([
            "review",
            "--session",
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-15",
            "--as-of",
            "2026-11-15T23:00:00+01:00",
        ])
        .output()
        .unwrap());
    assert!(
        sheet.contains("(Sat 17 Oct 2026 to Sat 31 Oct 2026)"),
        "{sheet}"
    );
    let mut c = env.with_pass(PASS);
    berlin(&mut c);
    let before: Value = serde_json::from_str(&ok(&c
        .args([
            "review",
            "--json",
            "--since",
            "2026-10-17",
            "--until",
            "2026-10-31",
            "--as-of",
            "2026-10-31T23:59:59.999+01:00",
        ])
        .output()
        .unwrap()))
    .unwrap();
    assert_eq!(before["urges"]["total"], 1);
    let row = sheet
        .lines()
        .find(|l| l.starts_with("Urges per week"))
        .unwrap();
    let previous = format!(
        "{:.1} (1 in all)",
        before["urges"]["per_week"].as_f64().unwrap()
    );
    assert!(row.contains(&previous), "{row} lacks {previous}");
}
