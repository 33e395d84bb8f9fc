//! `review`, `plan` and `list` fit an 80-column terminal: every line at most 80
//! columns wide (counted in display columns: CJK and emoji take two), names next to
//! their counts, weekly figures with their counts, and a per-day chart that covers
//! the whole range and says which dates it spans.

use super::common;
use common::*;
use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

const AS_OF: &str = "2026-11-29 21:00";
/// 120 days up to the as-of date: Sunday 2026-08-02 to Sunday 2026-11-29.
const SINCE: &str = "2026-08-02";
const FIRST: &str = "2026-08-02";
const LAST: &str = "2026-11-29";

const TRIGGERS: [&str; 7] = [
    "stress",
    "alone-with-device-late-at-night-after-a-long-and-difficult-day",
    "工作压力和家庭压力",
    "bored",
    "tired",
    "scrolling-social-media-in-bed-until-two-in-the-morning",
    "sad-😔-evenings",
];
const COPING: [&str; 5] = [
    "walk",
    "cold-shower-and-then-call-a-friend-from-the-group",
    "深呼吸",
    "reach-out",
    "journal",
];
const EMOTIONS: [&str; 7] = [
    "lonely",
    "hopeful-🌱",
    "anxious",
    "寂しい",
    "frustrated-and-overwhelmed-by-absolutely-everything-today",
    "calm",
    "grateful",
];

/// A small deterministic generator, so the history is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    fn pick<'a>(&mut self, from: &[&'a str], k: usize) -> Vec<&'a str> {
        let mut out = Vec::new();
        while out.len() < k {
            let x = from[self.next(from.len() as u64) as usize];
            if !out.contains(&x) {
                out.push(x);
            }
        }
        out
    }
}

/// A vault with 120 days of urges (most days, some with no outcome), journal
/// entries with moods and feelings in CJK and emoji, practices, reflections and
/// lapses; imported from a confide export, which is much faster than one command
/// per entry.
fn history() -> Env {
    let env = Env::new();
    env.init();
    let mut rng = Lcg(7);
    let mut entries = Vec::new();
    let mut id = 0u32;
    let mut next_id = || {
        id += 1;
        format!("0b{id:030x}")
    };
    let first = chrono::NaiveDate::from_ymd_opt(2026, 8, 2).unwrap();
    for d in 0..120 {
        let day = first + chrono::Duration::days(d);
        for k in 0..[0, 1, 1, 2, 3][rng.next(5) as usize] {
            let hour = [8, 13, 21, 22, 23][rng.next(5) as usize];
            let n_triggers = 1 + rng.next(2) as usize;
            let n_coping = rng.next(3) as usize;
            let n_halt = rng.next(3) as usize;
            let mut e = json!({
                "id": next_id(),
                "kind": "urge",
                "occurred_at": format!("{day}T{hour:02}:{:02}:00+00:00", 10 * k),
                "intensity": 2 + rng.next(8),
                "triggers": rng.pick(&TRIGGERS, n_triggers),
                "coping": rng.pick(&COPING, n_coping),
                "halt": rng.pick(&["hungry", "angry", "lonely", "tired"], n_halt),
                "note": "夜遅くに強い衝動があった 🌙 but I went for a walk instead and it passed",
            });
            match rng.next(8) {
                0 => e["outcome"] = json!("acted"),
                1 => {}
                _ => e["outcome"] = json!("resisted"),
            }
            entries.push(e);
        }
        if d % 2 == 0 {
            entries.push(json!({
                "id": next_id(),
                "kind": "journal",
                "occurred_at": format!("{day}T20:00:00+00:00"),
                "text": "今日はとても長い一日だった。散歩に行って、友達に電話した。🙂🌿 Felt better afterwards, talked about the week and what comes next.",
                "mood": 3 + rng.next(6),
                "emotions": rng.pick(&EMOTIONS, 2),
            }));
        }
        if d % 5 == 0 {
            entries.push(json!({
                "id": next_id(),
                "kind": "practice",
                "occurred_at": format!("{day}T08:00:00+00:00"),
                "intimacy": "physical",
                "practice_id": "hug-6s",
            }));
        }
        if d % 9 == 0 {
            entries.push(json!({
                "id": next_id(),
                "kind": "reflection",
                "occurred_at": format!("{day}T21:30:00+00:00"),
                "intimacy": "emotional",
                "prompt_id": "three-questions",
                "text": "感謝していること: 家族、友達、そして自分自身 🙏🙏🙏 and a long tail of English words after it",
            }));
        }
    }
    entries.push(json!({
        "id": next_id(),
        "kind": "lapse",
        "occurred_at": "2026-09-14T23:40:00+00:00",
        "triggers": ["stress"],
    }));
    let file = env.dir.path().join("history.json");
    let doc = json!({
        "format": "confide-export",
        "version": 1,
        "start": "2026-07-01T00:00:00+00:00",
        "entries": entries,
    });
    std::fs::write(&file, serde_json::to_string(&doc).unwrap()).unwrap();
    let out = env
        .with_pass(PASS)
        .env("TZ", "UTC")
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    ok(&out);
    env
}

/// Runs confide at 80 columns without colour; returns its standard output.
fn at_80(env: &Env, args: &[&str]) -> String {
    let out = env
        .with_pass(PASS)
        .env("TZ", "UTC")
        .env("COLUMNS", "80")
        .args(args)
        .output()
        .unwrap();
    ok(&out);
    String::from_utf8(out.stdout).unwrap()
}

fn json_of(env: &Env, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    serde_json::from_str(&at_80(env, &all)).unwrap()
}

/// Every line at most `max` display columns wide.
fn assert_fits(text: &str, max: usize) {
    for (n, line) in text.lines().enumerate() {
        assert!(
            line.width() <= max,
            "line {} is {} columns wide:\n{line}\n\n{text}",
            n + 1,
            line.width()
        );
    }
}

/// No number (such as "4.0" or "123") runs from the end of one line into the next.
fn assert_no_split_numbers(text: &str) {
    let lines: Vec<&str> = text.lines().collect();
    for pair in lines.windows(2) {
        let (a, b) = (pair[0].trim_end(), pair[1].trim_start());
        let ends_in_number = a.ends_with(|c: char| c.is_ascii_digit())
            || (a.ends_with('.') && a[..a.len() - 1].ends_with(|c: char| c.is_ascii_digit()));
        let starts_number = b.starts_with(|c: char| c.is_ascii_digit() || c == '.');
        assert!(
            !(ends_in_number && starts_number && !pair[1].starts_with(' ')),
            "a number split across lines:\n{}\n{}",
            pair[0],
            pair[1]
        );
    }
}

/// The lines of a section: from the line starting with `title` to the next blank line.
fn section<'a>(text: &'a str, title: &str) -> Vec<&'a str> {
    text.lines()
        .skip_while(|l| !l.starts_with(title))
        .take_while(|l| !l.is_empty())
        .collect()
}

/// The lines from the one whose trimmed text starts with `heading` up to the next
/// line that is indented no more than the heading.
fn block<'a>(lines: &[&'a str], heading: &str) -> Vec<&'a str> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let Some(start) = lines
        .iter()
        .position(|l| l.trim_start().starts_with(heading))
    else {
        panic!("no `{heading}` in\n{}", lines.join("\n"));
    };
    let head = indent(lines[start]);
    let mut out = vec![lines[start]];
    out.extend(
        lines[start + 1..]
            .iter()
            .take_while(|l| indent(l) > head)
            .copied(),
    );
    out
}

/// The whole numbers in `s`, in order ("5.2" gives none; "(12)" gives 12).
fn whole_numbers(s: &str) -> Vec<u64> {
    s.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|w| !w.is_empty() && !w.contains('.'))
        .map(|w| w.parse().unwrap())
        .collect()
}

/// The line of `lines` that shows `name` (whole, or cut with an ellipsis).
fn line_naming<'a>(lines: &[&'a str], name: &str) -> &'a str {
    let found: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| {
            l.contains(name)
                || l.split_whitespace().any(|w| {
                    let w = w.trim_end_matches(',');
                    w.chars().count() > 4
                        && w.ends_with('…')
                        && name.starts_with(w.trim_end_matches('…'))
                })
        })
        .collect();
    assert_eq!(found.len(), 1, "`{name}` once in\n{}", lines.join("\n"));
    found[0]
}

/// Each "name count" item of a wrapped list is on one line, with its count.
fn assert_items_whole(lines: &[&str], items: &Value) {
    for item in items.as_array().unwrap() {
        let name = item["name"].as_str().unwrap();
        let count = item["count"].as_u64().unwrap();
        let line = line_naming(lines, name);
        let shown = line
            .split(", ")
            .find(|part| {
                part.contains(name)
                    || part
                        .split_whitespace()
                        .any(|w| w.ends_with('…') && name.starts_with(w.trim_end_matches('…')))
            })
            .unwrap();
        assert!(
            shown.trim_end_matches(',').ends_with(&format!(" {count}")),
            "`{name}` with {count} in `{line}`"
        );
    }
}

#[test]
fn review_of_120_days_fits_80_columns() {
    let env = history();
    let args = ["review", "--since", SINCE, "--as-of", AS_OF];
    let text = at_80(&env, &args);
    let r = json_of(&env, &args);
    assert_eq!(r["streak"]["days_in_range"], 120, "the range is 120 days");
    assert!(r["urges"]["total"].as_u64().unwrap() > 100, "many urges");
    assert!(
        r["urges"]["no_outcome"].as_u64().unwrap() > 0,
        "some with no outcome"
    );
    assert!(r["urges"]["weekly_intensity"].as_array().unwrap().len() > 15);

    assert_fits(&text, 80);
    assert_no_split_numbers(&text);
    assert!(!text.contains('\x1b'), "no colour with NO_COLOR");

    let urges = section(&text, "Urges");
    let u = &r["urges"];

    // The summary: how every urge ended, no outcome included.
    let summary = urges[1..]
        .iter()
        .take_while(|l| !l.trim_start().starts_with("Weekly"))
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(
        summary,
        format!(
            "{} in all: {} resisted, {} acted on, {} with no outcome recorded, mean intensity {:.1}",
            u["total"],
            u["resisted"],
            u["acted"],
            u["no_outcome"],
            u["mean_intensity"].as_f64().unwrap()
        )
    );

    // Weekly figures: every week with its mean and its count, in order.
    let weekly = |lines: &[&str], heading: &str, weeks: &Value| {
        let block = block(lines, heading);
        let cells = block[1..].join(" ");
        let weeks = weeks.as_array().unwrap();
        let means: Vec<String> = cells
            .split_whitespace()
            .filter(|w| w.contains('.'))
            .map(str::to_string)
            .collect();
        let want: Vec<String> = weeks
            .iter()
            .map(|w| format!("{:.1}", w["mean"].as_f64().unwrap()))
            .collect();
        assert_eq!(means, want, "{heading}:\n{}", block.join("\n"));
        let counts: Vec<u64> = cells
            .split('(')
            .skip(1)
            .map(|c| c.split(')').next().unwrap().parse().unwrap())
            .collect();
        let want: Vec<u64> = weeks.iter().map(|w| w["count"].as_u64().unwrap()).collect();
        assert_eq!(counts, want, "{heading}:\n{}", block.join("\n"));
    };
    weekly(
        &urges,
        "Weekly mean intensity (urges that week)",
        &u["weekly_intensity"],
    );
    let mood = section(&text, "Mood and feelings");
    weekly(
        &mood,
        "Weekly mean mood (entries that week)",
        &r["mood"]["weekly"],
    );

    // The chart: 120 days do not fit in 80 columns, so one mark per week; it is
    // labelled with the first and last date of the range and the tallest bar.
    let chart = block(&urges, "Urges per");
    assert!(
        chart[0].contains("per week"),
        "says it is per week:\n{}",
        chart.join("\n")
    );
    let per_day: Vec<u64> = r["urges_per_day"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["urges"].as_u64().unwrap())
        .collect();
    assert_eq!(per_day.len(), 120);
    // Weeks run Monday to Sunday: the range starts on a Sunday, so the first week
    // has one day of it, then 17 whole weeks.
    let mut weeks = vec![per_day[0]];
    weeks.extend(per_day[1..].chunks(7).map(|w| w.iter().sum::<u64>()));
    assert_eq!(weeks.len(), 18);
    let tallest = weeks.iter().max().unwrap();
    assert!(
        chart[0].contains(&format!("the tallest bar stands for {tallest} urges")),
        "{}",
        chart.join("\n")
    );
    let bars = chart[1].strip_prefix("    ").unwrap().trim_end();
    assert_eq!(bars.chars().count(), weeks.len(), "one mark per week");
    let labels = chart[2];
    let (at_first, at_last) = (
        labels.find(FIRST).expect("first date"),
        labels.find(LAST).expect("last date"),
    );
    assert!(at_first < at_last, "{labels}");

    // Triggers and coping: each name on one line with its three counts.
    for (heading, field) in [("Triggers", "triggers"), ("What you tried", "coping")] {
        let table = block(&urges, heading);
        let head = table[0];
        let cols = ["resisted", "acted", "no outcome"];
        let mut at = 0;
        for c in cols {
            at += head[at..]
                .find(c)
                .unwrap_or_else(|| panic!("`{c}` in `{head}`"));
        }
        let rows = u[field].as_array().unwrap();
        assert!(rows.len() >= 5);
        for row in rows.iter().take(6) {
            let name = row["name"].as_str().unwrap();
            let line = line_naming(&table[1..], name);
            let want: Vec<u64> = ["count", "resisted", "acted", "no_outcome"]
                .iter()
                .map(|k| row[k].as_u64().unwrap())
                .collect();
            let nums = whole_numbers(line);
            assert_eq!(nums[nums.len() - 4..], want[..], "`{name}` in `{line}`");
        }
    }

    // Wrapped lists break only between items.
    assert_items_whole(&block(&urges, "HALT"), &u["halt"]);
    let named = block(&mood, "Named most");
    let shown: Vec<Value> = r["emotions"].as_array().unwrap()[..7].to_vec();
    assert_items_whole(&named, &Value::Array(shown));
}

#[test]
fn the_calendar_and_the_chart_say_what_they_leave_out_over_a_long_range() {
    let env = history();
    // 730 days: more weeks than the calendar has room for, and more than one mark
    // a week can show.
    let args = ["review", "--since", "2024-11-30", "--as-of", AS_OF];
    let text = at_80(&env, &args);
    assert_fits(&text, 80);
    assert_no_split_numbers(&text);
    let urges = section(&text, "Urges");
    let chart = block(&urges, "Urges per");
    assert!(chart[0].contains("per 2 weeks"), "{}", chart.join("\n"));
    assert!(
        chart[2].contains("2024-11-30") && chart[2].contains(LAST),
        "{}",
        chart.join("\n")
    );
    let calendar = section(&text, "Calendar");
    let from = calendar
        .iter()
        .find(|l| l.contains("from "))
        .unwrap_or_else(|| panic!("says where it starts:\n{}", calendar.join("\n")));
    // The last 37 whole columns fit; the first is the week of Monday 2026-03-16.
    assert!(from.contains("Mon 2026-03-16"), "{from}");
    let rows: Vec<&&str> = calendar
        .iter()
        .filter(|l| l.starts_with("  Mon ") || l.starts_with("  Sun "))
        .collect();
    assert_eq!(rows.len(), 2, "{}", calendar.join("\n"));
    assert_eq!(rows[1].matches(['■', '✕', '·']).count(), 37);
}

#[test]
fn plan_fits_80_columns() {
    let env = history();
    let text = at_80(&env, &["plan", "--as-of", AS_OF]);
    assert_fits(&text, 80);
    assert_no_split_numbers(&text);
    // A practice's name stays on the line of its id.
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim_start().starts_with("Key practices:"))
        .expect("key practices");
    let end = start
        + lines[start..]
            .iter()
            .position(|l| l.ends_with('.'))
            .unwrap();
    for line in &lines[start..=end] {
        assert_eq!(
            line.matches('(').count(),
            line.matches(')').count(),
            "a name and its id on one line: `{line}`"
        );
    }
    let focused = at_80(
        &env,
        &[
            "plan",
            "--as-of",
            AS_OF,
            "--focus",
            "emotional-presence",
            "--focus",
            "authentic-communication",
            "--focus",
            "empathic-listening",
            "--focus",
            "vulnerability",
        ],
    );
    assert_fits(&focused, 80);
}

#[test]
fn list_fits_80_columns_with_wide_text() {
    let env = history();
    let text = at_80(&env, &["list"]);
    let entries = env.entries().len();
    assert!(entries > 250, "the whole history");
    assert_eq!(text.lines().count(), entries, "one line per entry");
    assert_fits(&text, 80);
    // Cut summaries end in an ellipsis, and wide text is cut by its columns.
    let journal = text
        .lines()
        .find(|l| l.contains("今日は"))
        .expect("a journal line");
    assert!(journal.ends_with('…'), "{journal}");
    assert!(journal.width() >= 78, "filled, not cut short: {journal}");

    // A date format with wide characters pads by columns too.
    let config = env.dir.path().join("xdg-config").join("confide");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "date_format = \"%Y年%m月%d日 %H:%M\"\n",
    )
    .unwrap();
    let text = at_80(&env, &["list"]);
    assert_fits(&text, 80);
    let starts: Vec<usize> = text
        .lines()
        .map(|l| {
            let kind = l.find("  ").unwrap();
            l[..kind].width()
        })
        .collect();
    assert!(starts.iter().all(|&s| s == starts[0]), "dates line up");
}

#[test]
fn the_session_sheet_of_120_days_fits_80_columns() {
    let env = history();
    let args = ["review", "--session", "--since", SINCE, "--as-of", AS_OF];
    let text = at_80(&env, &args);
    assert_fits(&text, 80);
    assert_no_split_numbers(&text);
    let r = json_of(&env, &["review", "--since", SINCE, "--as-of", AS_OF]);
    let row = text
        .lines()
        .find(|l| l.starts_with("Urges per week"))
        .unwrap();
    assert!(
        row.contains(&format!("({} in all)", r["urges"]["total"])),
        "{row}"
    );
    // 120 days are charted by week, a line each, every week's urges adding up.
    let weeks: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("Timeline by week"))
        .skip(1)
        .take_while(|l| l.starts_with("  week of "))
        .collect();
    assert!(weeks.len() >= 17, "{text}");
    let urges: u64 = weeks
        .iter()
        .map(|l| {
            let after = l.split("urges").nth(1).unwrap().trim_start();
            after
                .split_whitespace()
                .next()
                .unwrap()
                .parse::<u64>()
                .unwrap()
        })
        .sum();
    assert_eq!(urges, r["urges"]["total"].as_u64().unwrap());
}

/// `--help` at 80 columns: each command's own options first, then the global ones;
/// and the long sections (environment, exit codes, what export and wipe do) are
/// written to fit, so nothing is re-wrapped into a ragged fragment.
#[test]
fn help_fits_80_columns_with_the_global_options_last() {
    let env = Env::new();
    let help = |args: &[&str]| {
        let out = env.cmd().env("COLUMNS", "80").args(args).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let urge = help(&["urge", "--help"]);
    let pos = |s: &str| {
        urge.find(s)
            .unwrap_or_else(|| panic!("{s} missing:\n{urge}"))
    };
    assert!(pos("--trigger") < pos("--vault") && pos("--private") < pos("--color"));
    for args in [&["--help"][..], &["export", "--help"], &["wipe", "--help"]] {
        let text = help(args);
        assert_fits(&text, 80);
        // A paragraph line re-wrapped by clap leaves a fragment of a few words
        // before the next line; confide's own text never does.
        let lines: Vec<&str> = text.lines().collect();
        for pair in lines.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let fragment = !a.trim().is_empty()
                && a.len() < 30
                && !b.trim().is_empty()
                && !a.ends_with(':')
                && !a.trim_start().starts_with('-')
                && !a.starts_with("  ")
                && !b.starts_with("  ");
            assert!(!fragment, "{args:?}: a ragged line {a:?} before {b:?}");
        }
    }
}
