//! Lapse chains side by side (issue 17), through the command line: three lapses
//! that share a trigger and a vulnerability show them as recurring ("in 3 of 3") in
//! the HTML and the Markdown report; chain analyses leave by default and lapse notes
//! do not; `--no-text` leaves every chain answer out, and the plan check with it.

use super::common;
use common::*;
use std::fs;

fn fixture() -> Env {
    let env = Env::new();
    env.init_with_start("30 days ago");
    let run = |args: &[&str]| {
        let out = env.cmd().args(args).output().unwrap();
        ok(&out);
    };
    let lapse = |at: &str, n: usize, vulnerability: &str, next: Option<&str>| {
        let note = format!("LAPSE-NOTE-{n}");
        let mut args = vec![
            "lapse",
            "--trigger",
            "alone with device",
            "--note",
            &note,
            "--vulnerability",
            vulnerability,
            "--at",
            at,
        ];
        if let Some(next) = next {
            args.extend(["--next-time", next]);
        }
        run(&args);
    };
    lapse(
        "20 days ago",
        1,
        "Alone with the phone",
        Some("CHAIN-NEXT-ONE: go for a walk"),
    );
    // Between the first and the second: the plan's walk, logged.
    run(&[
        "urge",
        "6",
        "--coping",
        "walk",
        "--outcome",
        "resisted",
        "--at",
        "15 days ago",
    ]);
    lapse(
        "12 days ago",
        2,
        " alone with the PHONE ",
        Some("CHAIN-NEXT-TWO: the phone charges in the kitchen"),
    );
    // Between the second and the third: nothing the kitchen plan names.
    run(&[
        "urge",
        "5",
        "--coping",
        "breathing",
        "--outcome",
        "resisted",
        "--at",
        "6 days ago",
    ]);
    lapse("4 days ago", 3, "A long day at work", None);
    env
}

fn export(env: &Env, format: &str, extra: &[&str]) -> String {
    let out = env
        .dir
        .path()
        .join(format!("r-{}.{format}", extra.join("")));
    env.with_pass(PASS)
        .args(["export", "--format", format, "--plaintext", "--force"])
        .args(extra)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    fs::read_to_string(out).unwrap()
}

#[test]
fn recurring_links_show_in_html_and_markdown_with_chain_text_by_default() {
    let env = fixture();
    for format in ["html", "md"] {
        let text = export(&env, format, &[]);
        // The trigger and the vulnerability (compared after trim and lowercase)
        // recur in the list above the table and in the cells.
        assert!(
            text.contains("alone-with-device</strong>: trigger in 3 of 3")
                || text.contains("alone-with-device**: trigger in 3 of 3"),
            "{format}: no recurring trigger\n{text}"
        );
        assert!(
            text.contains("Alone with the phone</strong>: vulnerability in 2 of 3")
                || text.contains("Alone with the phone**: vulnerability in 2 of 3"),
            "{format}: no recurring vulnerability\n{text}"
        );
        assert!(text.contains("(in 3 of 3)"), "{format}: no marked cell");
        // The chain analyses leave by default; the lapse notes do not.
        for s in ["CHAIN-NEXT-ONE", "CHAIN-NEXT-TWO", "A long day at work"] {
            assert!(text.contains(s), "{format}: {s} missing");
        }
        for n in 1..=3 {
            assert!(
                !text.contains(&format!("LAPSE-NOTE-{n}")),
                "{format}: note leaked"
            );
        }
        // The plan check: the walk was logged after the first plan, the kitchen
        // plan names nothing logged after it; and the note says what it looked for.
        assert!(
            text.contains("tried: \u{201c}walk\u{201d} on"),
            "{format}\n{text}"
        );
        assert!(text.contains("not seen in the urge log"), "{format}");
        assert!(text.contains("whose name appears in the words"), "{format}");
        assert!(text.contains("72 h before"), "{format}");
    }
    let html = export(&env, "html", &[]);
    let doc = scraper::Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    // Three episodes: one column each, under a <thead>.
    let heads = doc
        .select(&scraper::Selector::parse("table.chains > thead th").unwrap())
        .count();
    assert_eq!(heads, 4, "the heading column and three episodes");

    // With --include-text the notes go too.
    let md = export(&env, "md", &["--include-text"]);
    assert!(md.contains("LAPSE-NOTE-2"));
}

#[test]
fn no_text_leaves_out_every_chain_answer_and_the_plan_check() {
    let env = fixture();
    for format in ["html", "md"] {
        let text = export(&env, format, &["--no-text"]);
        for s in [
            "CHAIN-NEXT-ONE",
            "CHAIN-NEXT-TWO",
            "Alone with the phone",
            "A long day at work",
            "LAPSE-NOTE-1",
        ] {
            assert!(!text.contains(s), "{format}: {s} leaked with --no-text");
        }
        assert!(text.contains("(not included)"), "{format}");
        // The plan check would tell of the plan's words: it is not made.
        assert!(!text.contains("tried:") && !text.contains("not seen in the urge log"));
        // Triggers are names the person chose: they still recur.
        assert!(text.contains("trigger in 3 of 3"), "{format}");
    }
}
