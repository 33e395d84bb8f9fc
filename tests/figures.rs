//! Figures people can trust: one test per observation of the truthful-figures issue,
//! through the installed binary. A 120-day history (2026-07-01 to 2026-10-28) with
//! three lapse episodes recorded the ways a person records them:
//!
//! | lapse day  | how it was recorded                                                      |
//! |------------|--------------------------------------------------------------------------|
//! | 2026-07-20 | `urge 8 --outcome acted` at 23:40, then `lapse --for URGE` next morning   |
//! | 2026-08-25 | `urge 9 --outcome acted` at 22:00, then (old habit) its lapse deleted and |
//! |            | `lapse --new` written at 07:30 the next morning                            |
//! | 2026-10-10 | `lapse --new` with a note                                                |

use super::common;
use common::*;
use std::fs;

fn run(env: &Env, args: &[&str]) -> String {
    stdout(env.with_pass(PASS).env("TZ", "UTC").args(args))
}

fn json(env: &Env, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&run(env, args)).unwrap()
}

fn id_of(env: &Env, kind: &str, date: &str) -> String {
    let list = json(env, &["list", "--json", "--kind", kind]);
    list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == kind && e["occurred_at"].as_str().unwrap().starts_with(date))
        .unwrap_or_else(|| panic!("no {kind} on {date}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Daily check-ins with a mood, and resisted or open urges: many early on, few later.
fn bulk(env: &Env) {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
    let mut entries = Vec::new();
    let mut n = 0u32;
    let mut id = || {
        n += 1;
        format!("\"{:032x}\"", 0xb000_0000u64 + u64::from(n))
    };
    for day in 0..120 {
        let d = start + chrono::Duration::days(day);
        let mood = 4 + (day / 30).min(4);
        entries.push(format!(
            r#"{{"id":{},"kind":"checkin","occurred_at":"{d}T21:00:00+00:00","mood":{mood}}}"#,
            id()
        ));
        // 3 urges a day in the first 4 weeks, then one every third day.
        let urges = if day < 28 {
            3
        } else {
            usize::from(day % 3 == 0)
        };
        for k in 0..urges {
            // Every fifth early urge has no outcome recorded.
            let outcome = if day < 28 && k == 2 && day % 5 == 0 {
                String::new()
            } else {
                r#","outcome":"resisted""#.to_string()
            };
            entries.push(format!(
                r#"{{"id":{},"kind":"urge","occurred_at":"{d}T{:02}:15:00+00:00","intensity":{},"triggers":["stressed"],"coping":["walk"]{outcome}}}"#,
                id(),
                13 + 3 * k,
                7 - day / 30
            ));
        }
    }
    let doc = format!(
        r#"{{"format":"confide-export","version":1,"entries":[{}]}}"#,
        entries.join(",")
    );
    let path = env.dir.path().join("bulk.json");
    fs::write(&path, doc).unwrap();
    run(env, &["import", path.to_str().unwrap()]);
}

fn history() -> Env {
    let env = Env::new();
    env.init_with_start("2026-07-01");
    bulk(&env);
    // Episode 1: an acted urge, and the chain analysis the next morning, added to it.
    run(
        &env,
        &[
            "urge",
            "8",
            "--trigger",
            "alone-with-device",
            "--outcome",
            "acted",
            "--at",
            "2026-07-20 23:40",
        ],
    );
    let urge = id_of(&env, "urge", "2026-07-20T23:40");
    run(
        &env,
        &[
            "lapse",
            "--for",
            &urge[..8],
            "--vulnerability",
            "slept badly all week",
            "--next-time",
            "phone out of the bedroom",
            "--at",
            "2026-07-21 08:00",
        ],
    );
    // Episode 2: recorded before `--for` existed: the linked lapse deleted, and a
    // new lapse written the next morning.
    run(
        &env,
        &[
            "urge",
            "9",
            "--outcome",
            "acted",
            "--at",
            "2026-08-25 22:00",
        ],
    );
    let linked = id_of(&env, "lapse", "2026-08-25T22:00");
    run(&env, &["delete", "--yes", &linked]);
    run(
        &env,
        &[
            "lapse",
            "--new",
            "--note",
            "the chain, written the morning after",
            "--at",
            "2026-08-26 07:30",
        ],
    );
    // Episode 3: a lapse on its own.
    run(
        &env,
        &[
            "lapse",
            "--new",
            "--note",
            "after the party",
            "--at",
            "2026-10-10 23:00",
        ],
    );
    env
}

const AS_OF: &str = "2026-10-28 12:00";

#[test]
fn one_lapse_per_episode_and_every_output_agrees() {
    let env = history();
    // Observation 1 (and 4, 5): as of day 120.
    let r = json(
        &env,
        &[
            "review",
            "--json",
            "--since",
            "2026-07-01",
            "--as-of",
            AS_OF,
        ],
    );
    let s = &r["streak"];
    assert_eq!(s["lapses_in_range"], 3, "{s}");
    assert_eq!(s["lapses_since_start"], 3);
    assert_eq!(s["days_since_start"], 119); // 10-28 is day 120
    assert_eq!(s["clean_days_since_start"], 117);
    assert_eq!(s["current_days"], 18); // 10-11 to 10-28
    assert_eq!(s["longest_days"], 45); // 08-26 to 10-09
    // The phase comes from the clean days, not from the streak of 18 days.
    assert_eq!(r["phase"]["number"], 2);
    assert_eq!(r["phase"]["clean_days"], 117);
    assert_eq!(r["phase"]["days_to_next"], 3);
    let lapse_days: Vec<&str> = r["days"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["lapse"] == true)
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(lapse_days, ["2026-07-20", "2026-08-25", "2026-10-10"]);
    let text = run(&env, &["review", "--since", "2026-07-01", "--as-of", AS_OF]);
    assert!(text.contains("3 lapses"), "{text}");
    assert!(
        text.contains("today is day 120; 117 of those free of lapses"),
        "{text}"
    );
    assert!(text.contains("Phase 2: Emotional reconnection"), "{text}");
    assert!(!text.contains("Phase 1"), "{text}");

    // Now (no --as-of), the review and every export count the same episodes.
    let now = json(&env, &["review", "--json", "--since", "2026-07-01"]);
    let want = now["streak"]["lapses_in_range"].as_u64().unwrap();
    assert_eq!(want, 3);
    let export = |format: &str, name: &str| {
        let path = env.dir.path().join(name);
        run(
            &env,
            &[
                "export",
                "--format",
                format,
                "--plaintext",
                "--include-text",
                "--since",
                "2026-07-01",
                "-o",
                path.to_str().unwrap(),
            ],
        );
        path
    };
    let j: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(export("json", "r.json")).unwrap()).unwrap();
    assert_eq!(j["summary"]["streak"], now["streak"]);
    assert_eq!(j["summary"]["phase"], now["phase"]);
    assert_eq!(j["lapse_episodes"].as_array().unwrap().len() as u64, want);
    assert_eq!(j["private_left_out_of_figures"], 0);
    let html = fs::read_to_string(export("html", "r.html")).unwrap();
    assert!(
        html.contains(&format!("<tr><td>Lapse episodes</td><td>{want}</td>")),
        "HTML summary"
    );
    let lapses_section = html.split("<h2>Lapses</h2>").nth(1).unwrap();
    let lapses_section = lapses_section.split("</section>").next().unwrap();
    // Side by side: one column per episode, headed by its date.
    assert_eq!(
        lapses_section.matches("<th><span class=\"d\">").count() as u64,
        want,
        "{lapses_section}"
    );
    assert!(lapses_section.contains("slept badly all week"));
    let intensity = lapses_section
        .split("Urge intensity</th>")
        .nth(1)
        .and_then(|row| row.split("</tr>").next())
        .unwrap_or_default();
    assert!(intensity.contains("<td>8</td>"), "{lapses_section}");
    let md = fs::read_to_string(export("md", "r.md")).unwrap();
    assert!(md.contains(&format!("| Lapse episodes | {want} |")));
    let md_lapses = md
        .split("## Lapses")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let episodes = md_lapses
        .lines()
        .find(|l| l.starts_with("| Episode |"))
        .map_or(0, |l| l.matches(" | ").count());
    assert_eq!(episodes as u64, want, "{md_lapses}");
    let dir = export("csv", "tables");
    let rows = csv::Reader::from_path(dir.join("lapses.csv"))
        .unwrap()
        .records()
        .count();
    assert_eq!(rows as u64, want);
    let summary = fs::read_to_string(dir.join("summary.csv")).unwrap();
    assert!(
        summary.contains(&format!("lapses_in_range,{want}")),
        "{summary}"
    );
}

#[test]
fn honest_statistics_show_no_outcome_and_samples() {
    let env = history();
    let r = json(
        &env,
        &[
            "review",
            "--json",
            "--since",
            "2026-07-01",
            "--as-of",
            AS_OF,
        ],
    );
    let u = &r["urges"];
    // Observation 6: urges without an outcome are counted as such, everywhere.
    let no_outcome = u["no_outcome"].as_u64().unwrap();
    assert_eq!(no_outcome, 6); // days 0, 5, ..., 25 of the first four weeks
    assert_eq!(
        u["total"].as_u64().unwrap(),
        u["resisted"].as_u64().unwrap() + u["acted"].as_u64().unwrap() + no_outcome
    );
    let walk = &u["coping"][0];
    assert_eq!(walk["name"], "walk");
    assert_eq!(walk["no_outcome"], 6);
    assert_eq!(walk["acted"], 0);
    // Observation 8: each week's mean intensity comes with its count.
    for w in u["weekly_intensity"].as_array().unwrap() {
        assert!(w["count"].as_u64().unwrap() > 0);
    }
    // Observation 7: mood with and without urges only within the same weeks, with
    // the sample stated.
    let c = &r["mood"]["comparison"];
    assert!(c["urge_days"].as_u64().unwrap() >= 5 && c["other_days"].as_u64().unwrap() >= 5);
    assert!(r["mood"]["mean_on_urge_days"].is_number());
    assert!(r["mood"]["mean_on_other_days"].is_number());
    let insights = r["insights"].as_array().unwrap();
    let mood = insights
        .iter()
        .map(|i| i.as_str().unwrap())
        .find(|i| i.contains("your mood averaged"));
    if let Some(m) = mood {
        assert!(m.contains(&format!("{} weeks", c["weeks"])), "{m}");
    }
    let coping = insights
        .iter()
        .map(|i| i.as_str().unwrap())
        .find(|i| i.contains("'walk'"))
        .expect("a coping insight");
    assert!(
        coping.contains("whose outcome you recorded") && coping.contains("6 more had no outcome")
    );
}

#[test]
fn too_little_data_gives_no_insight() {
    let env = Env::new();
    env.init_with_start("2026-11-01");
    // One day with an urge and a mood, one without: "6.8 without urges, 7.0 with".
    run(
        &env,
        &["journal", "x", "--mood", "7", "--at", "2026-11-02 20:00"],
    );
    run(&env, &["urge", "5", "--at", "2026-11-02 21:00"]);
    run(
        &env,
        &["journal", "y", "--mood", "6", "--at", "2026-11-03 20:00"],
    );
    let r = json(&env, &["review", "--json", "--as-of", "2026-11-05 12:00"]);
    assert_eq!(r["mood"]["mean_on_urge_days"], serde_json::Value::Null);
    assert!(
        !r["insights"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i.as_str().unwrap().contains("mood")),
        "{}",
        r["insights"]
    );
}

#[test]
fn the_start_counts_from_day_one_and_can_move() {
    let env = Env::new();
    env.init();
    // Observation 3: on day one, one day, not thirty, and "day 1".
    let r = json(&env, &["review", "--json"]);
    assert_eq!(r["streak"]["counted_days_in_range"], 1);
    assert_eq!(r["streak"]["clean_days_in_range"], 1);
    assert_eq!(r["streak"]["days_since_start"], 0);
    let text = run(&env, &["review"]);
    assert!(text.contains("1 of 1 days without a lapse"), "{text}");
    assert!(text.contains("today is day 1;"), "{text}");
    let plan = json(&env, &["plan", "--json"]);
    assert_eq!(plan["days_since_start"], 0);
    assert_eq!(plan["current_days"], 1);
    // An entry dated before the start is written (no passphrase), and the next
    // unlock says so once, naming the command that moves the start.
    env.cmd()
        .args(["lapse", "--new", "--at", "10 days ago"])
        .assert()
        .success();
    let out = env.with_pass(PASS).args(["review"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("before your recovery start") && err.contains("confide start "),
        "{err}"
    );
    let again = env.with_pass(PASS).args(["review"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&again.stderr).contains("before your recovery start"));
    // Days before the start count in no figure: the lapse is not counted yet.
    let r = json(&env, &["review", "--json"]);
    assert_eq!(r["streak"]["lapses_since_start"], 0);
    // Moving the start keeps the earlier one.
    let before = json(&env, &["start", "--json"]);
    let moved = run(&env, &["start", "11 days ago"]);
    assert!(moved.contains("Your recovery start is now"), "{moved}");
    let after = json(&env, &["start", "--json"]);
    assert_eq!(after["history"][0]["start"], before["start"]);
    assert_eq!(after["days_since_start"], 11);
    let r = json(&env, &["review", "--json"]);
    assert_eq!(r["streak"]["lapses_since_start"], 1);
    assert_eq!(r["streak"]["clean_days_since_start"], 11);
    assert_eq!(r["phase"]["number"], 1);
    // A start in the future is refused.
    env.with_pass(PASS)
        .args(["start", "2099-01-01"])
        .assert()
        .code(2);
}

#[test]
fn private_entries_are_named_when_figures_leave_them_out() {
    let env = Env::new();
    env.init_with_start("20 days ago");
    run(&env, &["lapse", "--new", "--private", "--at", "5 days ago"]);
    run(&env, &["journal", "open", "--at", "3 days ago"]);
    // The review on the person's own screen counts everything.
    let r = json(&env, &["review", "--json"]);
    assert_eq!(r["streak"]["lapses_since_start"], 1);
    let path = env.dir.path().join("r.md");
    run(
        &env,
        &[
            "export",
            "--format",
            "md",
            "--plaintext",
            "-o",
            path.to_str().unwrap(),
        ],
    );
    let md = fs::read_to_string(&path).unwrap();
    assert!(
        md.contains("These figures leave out 1 private entry."),
        "{md}"
    );
    assert!(md.contains("| Lapse episodes | 0 |"), "{md}");
}

#[test]
fn edit_sets_chain_fields_and_an_empty_chain_is_not_shown() {
    let env = Env::new();
    env.init_with_start("20 days ago");
    run(
        &env,
        &["urge", "8", "--outcome", "acted", "--at", "2 days ago"],
    );
    let urge = id_of_kind(&env, "urge");
    // Chain answers given for the urge go to its lapse.
    let out = run(&env, &["edit", &urge[..8], "--next-time", "call a friend"]);
    assert!(out.contains("goes with the lapse"), "{out}");
    let lapse = id_of_kind(&env, "lapse");
    let shown = run(&env, &["show", &lapse[..8]]);
    assert!(
        shown.contains("Chain analysis") && shown.contains("call a friend"),
        "{shown}"
    );
    assert!(
        shown.contains("One lapse, counted once, with: urge"),
        "{shown}"
    );
    // --for with nothing to add saves nothing.
    env.cmd()
        .args(["lapse", "--for", &urge[..8]])
        .assert()
        .code(2);
    // A prefix that is not an id is refused before anything is written.
    env.cmd().args(["lapse", "--for", "xyz"]).assert().code(2);
    assert_eq!(env.entries().len(), 2);
}

fn id_of_kind(env: &Env, kind: &str) -> String {
    json(env, &["list", "--json", "--kind", kind])["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == kind)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// `confide` on a pseudo-terminal through `script`, with `keys` typed, from a
/// cleared environment (only PATH kept; HOME and the XDG directories in the scratch
/// directory). `None`, with a SKIPPED note, without `script` (which CI requires).
fn on_terminal(env: &Env, args: &str, keys: &[u8]) -> Option<String> {
    if !have_script() {
        return None;
    }
    let bin = confide_bin();
    let mut c = env.command("script");
    c.args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .env("CONFIDE_PASSPHRASE", PASS)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(keys).unwrap();
    let out = child.wait_with_output().unwrap();
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn on_a_terminal_nothing_is_recorded_by_accident() {
    let env = Env::new();
    env.init_with_start("20 days ago");
    // Observation 2: `confide lapse` with no arguments asks first; Ctrl-D saves nothing.
    let Some(out) = on_terminal(&env, "lapse", b"\x04") else {
        return;
    };
    assert!(out.contains("Nothing was saved"), "{out}");
    // Ctrl-D in the middle of the chain questions saves nothing either.
    let out = on_terminal(&env, "lapse --chain --new", b"tired\n\x04").unwrap();
    assert!(out.contains("nothing was saved"), "{out}");
    assert_eq!(env.entries().len(), 0);
    // Every question skipped: the lapse is saved, without an empty chain.
    let out = on_terminal(&env, "lapse --chain --new", b"\n\n\n\n\n").unwrap();
    assert!(out.contains("no chain analysis was saved"), "{out}");
    let lapse = id_of_kind(&env, "lapse");
    let shown = run(&env, &["show", &lapse[..8]]);
    assert!(!shown.contains("Chain analysis"), "{shown}");

    // The offer: an urge acted on, then the chain on a terminal, added to it.
    run(
        &env,
        &["urge", "8", "--outcome", "acted", "--at", "3 hours ago"],
    );
    // The latest first: the lapse just saved (no), then the urge (yes).
    let out = on_terminal(&env, "lapse --chain", b"y\nn\n\nstress at work\n\n\n\n\n").unwrap();
    assert!(
        out.contains("Is this about the lapse you logged today"),
        "{out}"
    );
    assert!(
        out.contains("Is this about the urge (intensity 8) you logged"),
        "{out}"
    );
    assert!(out.contains("it counts once"), "{out}");
    let r = json(&env, &["review", "--json"]);
    // The lapse saved above, and the urge with its chain: two episodes, not three.
    assert_eq!(r["streak"]["lapses_since_start"], 2, "{}", r["streak"]);
}
