//! Every export format on one fixed data set (tests/testdata/export-fixture.json, read
//! through the import parser): snapshots of the exact bytes, and the checks that hold
//! for any data: the HTML parses and refers to nothing outside itself, the CSV parses,
//! and free text the person did not allow never appears.
//!
//! `UPDATE_SNAPSHOTS=1 cargo test --test integration export_formats::` rewrites the snapshots; read
//! the diff before committing it.

use confide::export::report::{self, Options, Report, TextPolicy};
use confide::export::{csv as csv_export, html, json, markdown};
use confide::model::{Entry, Timestamp};
use std::path::{Path, PathBuf};

const FIXTURE: &str = include_str!("testdata/export-fixture.json");

/// Free text in the fixture that the default export must hold back: every text of a
/// private entry, and every free text that is neither journal text nor a chain
/// analysis.
const HELD_BACK: [&str; 8] = [
    "SECRET-PRIVATE-JOURNAL",
    "SECRET-URGE-NOTE",
    "SECRET-LAPSE-NOTE",
    "SECRET-REFLECTION",
    "SECRET-PRACTICE-NOTE",
    "SECRET-APPRECIATED",
    "SECRET-CHECKIN-NOTE",
    "SECRET-PRIVATE-URGE",
];

/// The chain analysis of a lapse not marked private: written for therapy, it leaves
/// by default too (issue 17), though the lapse's note does not.
const CHAIN_TEXT: [&str; 3] = [
    "CHAIN-VULNERABILITY-TEXT",
    "CHAIN-EVENT-TEXT",
    "CHAIN-NEXT-TEXT",
];

/// Journal text of entries not marked private, and chain analyses: the only text
/// the default lets out.
const OPEN_TEXT: [&str; 5] = [
    "Walked with R. after dinner",
    "stays text",
    CHAIN_TEXT[0],
    CHAIN_TEXT[1],
    CHAIN_TEXT[2],
];

fn t(s: &str) -> Timestamp {
    Timestamp::from_datetime(chrono::DateTime::parse_from_rfc3339(s).unwrap())
}

fn entries() -> Vec<Entry> {
    confide::import::confide_json::parse(FIXTURE.as_bytes(), t("2026-11-16T09:00:00+00:00"))
        .unwrap()
}

fn options(text: TextPolicy, include_private: bool) -> Options {
    Options {
        include_private,
        text,
        ..Options::new(
            t("2026-11-01T00:00:00+00:00"),
            t("2026-11-15T23:59:59+00:00"),
            t("2026-10-01T00:00:00+00:00"),
            t("2026-11-16T09:00:00+00:00"),
        )
    }
}

/// Every format's bytes: (file name, contents).
fn render(r: &Report) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut b = Vec::new();
    html::write(&mut b, r).unwrap();
    out.push(("report.html".to_string(), b));
    let mut b = Vec::new();
    markdown::write(&mut b, r).unwrap();
    out.push(("report.md".to_string(), b));
    let mut b = Vec::new();
    json::write_report(&mut b, r).unwrap();
    out.push(("report.json".to_string(), b));
    for table in csv_export::TABLES {
        let mut b = Vec::new();
        csv_export::write_table(&mut b, r, table).unwrap();
        out.push((table.to_string(), b));
    }
    out.into_iter()
        .map(|(n, b)| (n, String::from_utf8(b).expect("every format is UTF-8")))
        .collect()
}

fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/export")
}

#[test]
fn each_format_matches_its_snapshot() {
    let all = entries();
    let r = report::build(&all, options(TextPolicy::Default, false));
    let dir = snapshot_dir();
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    if update {
        std::fs::create_dir_all(&dir).unwrap();
    }
    for (name, text) in render(&r) {
        let path = dir.join(&name);
        if update {
            std::fs::write(&path, &text).unwrap();
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{name}: snapshot missing (UPDATE_SNAPSHOTS=1 writes it)"));
        assert_eq!(text, expected, "{name} differs from its snapshot");
    }
}

#[test]
fn held_back_text_never_leaves_in_any_format() {
    let all = entries();
    let r = report::build(&all, options(TextPolicy::Default, false));
    assert_eq!(r.held_back_private, 2);
    for (name, text) in render(&r) {
        for s in HELD_BACK {
            assert!(!text.contains(s), "{s} leaked into {name}");
        }
    }
    // The journal text and the chain analysis do leave by default (in the formats
    // that carry entries, and the lapses table).
    let rendered = render(&r);
    for (name, text) in rendered.iter().filter(|(n, _)| n.starts_with("report")) {
        assert!(text.contains("Walked with R."), "{name} lacks journal text");
    }
    for (name, text) in rendered
        .iter()
        .filter(|(n, _)| n.starts_with("report") || n == "lapses.csv")
    {
        for s in CHAIN_TEXT {
            assert!(text.contains(s), "{name} lacks the chain analysis {s}");
        }
    }

    // --no-text with private entries included: not one free text in any format.
    let r = report::build(&all, options(TextPolicy::None, true));
    assert_eq!(r.held_back_private, 0);
    for (name, text) in render(&r) {
        for s in HELD_BACK.iter().chain(OPEN_TEXT.iter()) {
            assert!(!text.contains(s), "{s} leaked into {name} with --no-text");
        }
    }

    // --include-text --include-private: everything is there, in the full formats.
    let r = report::build(&all, options(TextPolicy::Include, true));
    for (name, text) in render(&r)
        .iter()
        .filter(|(n, _)| n == "report.json" || n == "report.md" || n == "report.html")
    {
        for s in HELD_BACK.iter().chain(OPEN_TEXT.iter()) {
            assert!(
                text.contains(s),
                "{s} missing from {name} with everything asked for"
            );
        }
    }
}

#[test]
fn html_parses_and_is_self_contained() {
    let all = entries();
    for r in [
        report::build(&all, options(TextPolicy::Include, true)),
        report::build(&all, options(TextPolicy::Default, false)),
    ] {
        let mut b = Vec::new();
        html::write(&mut b, &r).unwrap();
        let text = String::from_utf8(b).unwrap();
        let doc = scraper::Html::parse_document(&text);
        assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
        // Nothing that would load anything from elsewhere, and no script at all.
        for tag in [
            "script", "link", "img", "iframe", "object", "embed", "base", "image", "use", "audio",
            "video", "source", "form",
        ] {
            let sel = scraper::Selector::parse(tag).unwrap();
            assert_eq!(doc.select(&sel).count(), 0, "<{tag}> found");
        }
        let any = scraper::Selector::parse("*").unwrap();
        for el in doc.select(&any) {
            for (attr, _) in el.value().attrs() {
                assert!(
                    !matches!(attr, "src" | "href" | "srcset" | "action" | "xlink:href")
                        && !attr.starts_with("on"),
                    "<{}> has {attr}",
                    el.value().name()
                );
            }
        }
        let style = scraper::Selector::parse("style").unwrap();
        let css: String = doc.select(&style).flat_map(|s| s.text()).collect();
        assert!(!css.contains("url(") && !css.contains("@import"), "{css}");
        assert!(css.contains("@media print"));
        // Issue 17: sections flow on paper (no forced break before each one, no
        // cover page), table headings repeat on every printed page, dates stay on
        // one line, and each printed page carries the report date.
        assert!(
            !css.contains("page-break-before:always") && !text.contains("class=\"cover\""),
            "{css}"
        );
        let tables = doc
            .select(&scraper::Selector::parse("table").unwrap())
            .count();
        let theads = doc
            .select(&scraper::Selector::parse("table > thead").unwrap())
            .count();
        assert!(
            tables >= 3 && theads == tables,
            "{theads} of {tables} tables have a <thead>"
        );
        assert!(css.contains("thead{display:table-header-group}"));
        assert!(css.contains(".d{white-space:nowrap}"));
        // The running header, every character but letters, digits and spaces as a
        // CSS escape (a name in it can end nothing).
        assert!(css.contains(
            "@top-right{content:\"Recovery record \\0000B7  report of Mon 16 Nov 2026\\00002C  09\\00003A 00\""
        ));
        assert!(
            text.contains("Fri 6 Nov 2026, 01:20"),
            "the lapse, with a human date"
        );
        assert!(
            !text.contains("2026-11-04 23:10"),
            "an ISO date in the HTML"
        );
        // The fixture's markup is text, not markup.
        assert!(text.contains("&lt;script&gt;alert"));
        // Charts are inline SVG: urges per day, the heatmap, triggers, mood by week.
        let svg = scraper::Selector::parse("svg").unwrap();
        assert!(doc.select(&svg).count() >= 3);
        // Page 1 is the session sheet; then the sections the clinician expects.
        assert!(text.contains("<h1>Session sheet</h1>"));
        for h in [
            "Timeline by day",
            "Flags",
            "Agenda",
            "Lapses",
            "Patterns",
            "Day by day",
        ] {
            assert!(text.contains(&format!("<h2>{h}</h2>")), "no {h} section");
        }
    }
}

#[test]
fn csv_tables_parse_with_iso_times() {
    let all = entries();
    let r = report::build(&all, options(TextPolicy::Include, true));
    for table in csv_export::TABLES {
        let mut b = Vec::new();
        csv_export::write_table(&mut b, &r, table).unwrap();
        let mut rd = csv::Reader::from_reader(&b[..]);
        let headers = rd.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
        if table == "agenda.csv" {
            // The fixture has no agenda point; tests/agenda.rs checks the rows.
            assert_eq!(&headers, vec!["id", "written", "written_at", "text"]);
            continue;
        }
        assert!(!rows.is_empty(), "{table} is empty");
        for row in &rows {
            assert_eq!(row.len(), headers.len(), "{table}: ragged row");
        }
        if table == "daily.csv" {
            // One row per day of the range, dates as YYYY-MM-DD.
            assert_eq!(rows.len(), 15, "daily.csv: one row per day");
            for row in &rows {
                let day = row.get(0).unwrap();
                assert!(
                    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok(),
                    "daily.csv: `{day}` is not a date"
                );
            }
        } else if table != "summary.csv" {
            let col = headers.iter().position(|h| h == "occurred_at").unwrap();
            for row in &rows {
                let when = row.get(col).unwrap();
                assert!(
                    chrono::DateTime::parse_from_rfc3339(when).is_ok(),
                    "{table}: `{when}` is not ISO 8601"
                );
            }
        }
    }
    let mut b = Vec::new();
    csv_export::write_table(&mut b, &r, "entries.csv").unwrap();
    let mut rd = csv::Reader::from_reader(&b[..]);
    let text: Vec<String> = rd
        .records()
        .map(|r| r.unwrap().iter().collect::<Vec<_>>().join("\u{1f}"))
        .collect();
    // Quotes, commas, pipes and line breaks survive RFC 4180 quoting.
    assert!(
        text.iter()
            .any(|r| r.contains("\"quoted\", with | pipes; commas, too.\nSecond line."))
    );
}
