//! `confide surf`, the guided urge-surfing session (issue 18): driven on a
//! pseudo-terminal, a short session saves one urge with its curve; Ctrl-C keeps what
//! was answered (or saves nothing before the first answer); no terminal is exit 2;
//! `review` reads how the recorded curves crest and fall.

use super::common;
use common::*;
use serde_json::json;

/// `confide ARGS` on a pseudo-terminal that can redraw a line (`TERM=xterm`),
/// answering `steps`, within `seconds`.
fn surf(env: &Env, args: &[&str], steps: &[(&str, &[u8])], seconds: u64) -> Option<(String, i32)> {
    pty_dialogue_within(env, args, &[("TERM", "xterm")], steps, &mut |_| {}, seconds)
}

/// The only urge in the vault, as `list --json` shows it.
fn the_urge(env: &Env) -> serde_json::Value {
    let list = env.list_json(PASS);
    let entries = list["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{list}");
    assert_eq!(entries[0]["kind"], "urge", "{list}");
    entries[0].clone()
}

#[test]
fn a_short_session_asks_on_time_and_saves_the_curve() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = surf(
        &env,
        &["surf", "--minutes", "1", "--every", "30s"],
        &[
            ("How strong is the urge right now, from 1 to 10?", b"6\n"),
            ("How strong is it now, from 1 to 10?", b"8\n"),
            ("Time is up. How strong is it now", b"3\n"),
            ("How did it end", b"acted\n"),
        ],
        120,
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    // One line of guidance at a time, and the breath with the time left.
    assert!(
        said.contains("An urge is like a wave: it rises, crests and falls."),
        "{said}"
    );
    assert!(said.contains("Notice where you feel it"), "{said}");
    assert!(said.contains("Breathe in"), "{said}");
    assert!(said.contains("Breathe out"), "{said}");
    assert!(said.contains("0:59 left"), "{said}");
    assert!(said.contains("Saved urge"), "{said}");
    assert!(
        said.contains("You stayed with it. The lapse saved with it is information to learn from."),
        "{said}"
    );
    // Acted on: the one quiet line, as `confide urge 8 --outcome acted` gives.
    assert!(said.contains("`confide help crisis`"), "{said}");
    // And the lapse recorded with it, as `confide urge --outcome acted` does.
    let list = env.list_json(PASS);
    let entries = list["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{list}");
    let u = entries.iter().find(|e| e["kind"] == "urge").unwrap();
    let lapse = entries.iter().find(|e| e["kind"] == "lapse").unwrap();
    assert_eq!(lapse["urge"], u["id"], "{list}");
    assert_eq!(
        u["curve"],
        json!([
            {"seconds": 0, "intensity": 6},
            {"seconds": 30, "intensity": 8},
            {"seconds": 60, "intensity": 3}
        ]),
        "{u}"
    );
    assert_eq!(u["intensity"], 8, "the peak: {u}");
    assert_eq!(u["minutes"], 1, "{u}");
    assert_eq!(u["outcome"], "acted", "{u}");
    assert_eq!(u["coping"], json!(["urge-surfing"]), "{u}");
}

#[test]
fn ctrl_c_while_waiting_keeps_the_first_answer() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = surf(
        &env,
        &["surf"],
        &[
            ("How strong is the urge right now, from 1 to 10?", b"9\n"),
            ("left", b"\x03"),
        ],
        30,
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("Stopped early; what you answered is kept."),
        "{said}"
    );
    assert!(said.contains("--outcome resisted (or acted)"), "{said}");
    // Intensity 9: the one quiet line, as `confide urge 9` gives.
    assert!(said.contains("`confide help crisis`"), "{said}");
    let u = the_urge(&env);
    assert_eq!(u["curve"], json!([{"seconds": 0, "intensity": 9}]), "{u}");
    assert_eq!(u["intensity"], 9, "{u}");
    assert_eq!(u["minutes"], 0, "{u}");
    assert!(u["outcome"].is_null(), "no outcome asked after Ctrl-C: {u}");
}

/// Ctrl-C at a question (a signal while the terminal is read) ends the session at
/// once, without waiting for Enter, and keeps the answers before it.
#[test]
fn ctrl_c_at_a_later_question_keeps_the_answers_before_it() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = surf(
        &env,
        &["surf", "--every", "15s"],
        &[
            ("How strong is the urge right now, from 1 to 10?", b"4\n"),
            ("How strong is it now, from 1 to 10?", b"\x03"),
        ],
        30,
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("Stopped early"), "{said}");
    let u = the_urge(&env);
    assert_eq!(u["curve"], json!([{"seconds": 0, "intensity": 4}]), "{u}");
}

#[test]
fn ctrl_c_before_the_first_answer_saves_nothing() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = pty_dialogue(
        &env,
        &["surf"],
        &[("How strong is the urge right now, from 1 to 10?", b"\x03")],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("Nothing was saved"), "{said}");
    assert!(!said.contains("Saved urge"), "{said}");
    let list = env.list_json(PASS);
    assert_eq!(list["entries"], json!([]), "{list}");
}

/// With `TERM=dumb` (or no `TERM`) no line can be redrawn: the guidance still shows,
/// with the breath and the time left once under it, and the question is read without
/// the line editor, so nothing on the screen is an escape sequence.
#[test]
fn a_dumb_terminal_gets_the_guidance_and_the_breath_as_lines() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = pty_dialogue_with(
        &env,
        &["surf"],
        &[("TERM", "dumb")],
        &[
            ("How strong is the urge right now, from 1 to 10?", b"5\n"),
            ("left)", b"\x03"),
        ],
        &mut |_| {},
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("An urge is like a wave"), "{said}");
    assert!(
        said.contains("(Breathe in for 4, breathe out for 6; 10:00 left)"),
        "{said}"
    );
    assert!(!said.contains("\x1b["), "{said}");
    assert_eq!(
        the_urge(&env)["curve"],
        json!([{"seconds": 0, "intensity": 5}])
    );
}

#[test]
fn a_wrong_answer_is_asked_again() {
    let env = Env::new();
    env.init();
    let Some((said, code)) = surf(
        &env,
        &["surf"],
        &[
            ("How strong is the urge right now, from 1 to 10?", b"11\n"),
            ("Please give a whole number from 1 to 10", b"seven\n"),
            ("How strong is the urge right now, from 1 to 10?", b"7\n"),
            ("left", b"\x03"),
        ],
        30,
    ) else {
        return;
    };
    assert_eq!(code, 0, "{said}");
    let u = the_urge(&env);
    assert_eq!(u["curve"], json!([{"seconds": 0, "intensity": 7}]), "{u}");
}

#[test]
fn without_a_terminal_or_within_bounds_it_says_what_to_do() {
    let env = Env::new();
    env.init();
    let out = env.cmd().arg("surf").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(err.contains("confide urge N"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    for (args, says) in [
        (
            &["--minutes", "0"][..],
            "--minutes must be a whole number from 1 to 60",
        ),
        (&["--minutes", "61"], "--minutes must be"),
        (&["--every", "10s"], "not a time from 15s to 10m"),
        (&["--every", "11m"], "not a time from 15s to 10m"),
        (&["--every", "soon"], "not a time from 15s to 10m"),
        (&["--minutes", "60", "--every", "15s"], "at most 120"),
    ] {
        let out = env.cmd().arg("surf").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let list = env.list_json(PASS);
    assert_eq!(list["entries"], json!([]), "{list}");
}

/// Urges with curves, imported: peaks at 240, 240 and 120 s (median 240, "about 4
/// minutes in"); falls to half at 480 and 720 s (median 600, "by minute 10"); one
/// never fell to half; one curve of a single answer and one urge without a curve
/// count in no figure.
#[test]
fn review_says_how_the_curves_crest_and_fall() {
    let env = Env::new();
    env.init();
    let urge = |id: u8, curve: serde_json::Value| {
        json!({
            "id": format!("{id:02x}").repeat(16),
            "kind": "urge",
            "occurred_at": format!("2026-11-{:02}T21:00:00Z", 10 + id),
            "intensity": 8,
            "curve": curve,
        })
    };
    let doc = json!({"schema": 1, "entries": [
        urge(1, json!([{"seconds": 0, "intensity": 5}, {"seconds": 240, "intensity": 8},
                       {"seconds": 480, "intensity": 4}])),
        urge(2, json!([{"seconds": 0, "intensity": 6}, {"seconds": 240, "intensity": 9},
                       {"seconds": 480, "intensity": 6}, {"seconds": 720, "intensity": 3}])),
        urge(3, json!([{"seconds": 0, "intensity": 7}, {"seconds": 120, "intensity": 8},
                       {"seconds": 600, "intensity": 7}])),
        urge(4, json!([{"seconds": 0, "intensity": 9}])),
        urge(5, json!([])),
    ]});
    let file = env.dir.path().join("curves.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = env
        .with_pass(PASS)
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    ok(&out);
    // `show` spells the curve out: minutes:seconds into the session, then the strength.
    let shown = ok(&env
        .with_pass(PASS)
        .args(["show", &"02".repeat(16)])
        .output()
        .unwrap());
    assert!(
        shown.contains("surfed        0:00 6 · 4:00 9 · 8:00 6 · 12:00 3"),
        "{shown}"
    );
    let review = |json: bool| {
        let mut c = env.with_pass(PASS);
        c.env("TZ", "UTC").args([
            "review",
            "--since",
            "2026-11-01",
            "--as-of",
            "2026-11-29 12:00",
        ]);
        if json {
            c.arg("--json");
        }
        ok(&c.output().unwrap())
    };
    let v: serde_json::Value = serde_json::from_str(&review(true)).unwrap();
    assert_eq!(
        v["urges"]["surfing"],
        json!({
            "sessions": 3,
            "peak_s": 240.0,
            "half_s": 600.0,
            "fell_to_half": 2,
            "not_to_half": 1
        }),
        "{}",
        v["urges"]
    );
    let text = review(false).replace("\n  ", " ");
    assert!(
        text.contains(
            "Your urges peaked about 4 minutes in and fell to half or below by minute 10 \
             (from 3 surfing sessions; 1 of them had not by the end)."
        ),
        "{text}"
    );
    // The curve in the CSV export of urges.
    let dir = env.dir.path().join("csv");
    ok(&env
        .with_pass(PASS)
        .args(["export", "--format", "csv", "--all", "--plaintext", "-o"])
        .arg(&dir)
        .output()
        .unwrap());
    let csv = std::fs::read_to_string(dir.join("urges.csv")).unwrap();
    assert!(
        csv.lines().next().unwrap().ends_with(",note,curve"),
        "{csv}"
    );
    assert!(csv.contains(",0:5 240:8 480:4"), "{csv}");
}

#[test]
fn review_without_curves_says_nothing_of_them() {
    let env = Env::new();
    env.init();
    ok(&env.cmd().args(["urge", "6"]).output().unwrap());
    let out = env
        .with_pass(PASS)
        .args(["review", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    assert!(v["urges"]["surfing"].is_null(), "{}", v["urges"]);
    let out = env.with_pass(PASS).arg("review").output().unwrap();
    assert!(!ok(&out).contains("surfing"));
}
