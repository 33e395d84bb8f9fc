//! Guidance that fits every person (issue 19): the config file's `partner` key
//! decides what `plan`, `prompts`, `reflect` and `review` offer; every item says who
//! it is for; no shaming word reaches the screen, not even negated. (The simulated
//! year of `plan` is a unit test in crates/core/src/analysis/plan.rs.)

use super::common;
use common::*;
use serde_json::Value;

fn with_partner(env: &Env, value: &str) -> std::path::PathBuf {
    let config = env.dir.path().join(format!("partner-{}.toml", value.len()));
    std::fs::write(&config, format!("partner = \"{value}\"\n")).unwrap();
    config
}

fn prompts_json(env: &Env, partner: Option<&str>, args: &[&str]) -> Value {
    let mut c = env.cmd();
    if let Some(p) = partner {
        c.env("CONFIDE_CONFIG", with_partner(env, p));
    }
    let out = c.arg("prompts").args(args).arg("--json").output().unwrap();
    serde_json::from_str(&ok(&out)).unwrap()
}

fn items(v: &Value) -> Vec<Value> {
    let mut all = v["prompts"].as_array().unwrap().clone();
    all.extend(v["practices"].as_array().unwrap().iter().cloned());
    all
}

#[test]
fn every_item_says_who_it_is_for_and_partner_no_leaves_partner_items_out() {
    let env = Env::new();
    let unset = prompts_json(&env, None, &[]);
    assert_eq!(unset["partner"], "prefer-not-to-say");
    let all = items(&unset);
    for item in &all {
        let a = item["audience"]
            .as_str()
            .unwrap_or_else(|| panic!("{item}"));
        assert!(
            ["alone", "partner", "anyone-close", "any"].contains(&a),
            "{item}"
        );
    }
    let partner_items = all.iter().filter(|i| i["audience"] == "partner").count();
    assert!(partner_items > 0);
    assert_eq!(
        unset["left_out"], 0,
        "prefer-not-to-say lists partner items"
    );

    let no = prompts_json(&env, Some("no"), &[]);
    assert_eq!(no["partner"], "no");
    assert!(items(&no).iter().all(|i| i["audience"] != "partner"));
    assert_eq!(no["left_out"], partner_items);
    assert_eq!(items(&no).len() + partner_items, all.len());

    let yes = prompts_json(&env, Some("yes"), &[]);
    assert_eq!(items(&yes).len(), all.len());

    // The text says how many were left out, and who each item is for.
    let out = env
        .cmd()
        .env("CONFIDE_CONFIG", with_partner(&env, "no"))
        .arg("prompts")
        .output()
        .unwrap();
    let text = ok(&out);
    assert!(
        text.contains(&format!(
            "{partner_items} prompts and practices written for a partner are left out"
        )),
        "{text}"
    );
    assert!(
        text.contains("hug-6s  sustainable-pleasure, with someone close"),
        "{text}"
    );
    assert!(!text.contains("sensate-focus"), "{text}");
}

#[test]
fn prompts_for_a_skill_start_with_what_the_skill_is() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["prompts", "--skill", "listening"])
        .output()
        .unwrap();
    let text = ok(&out);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("Empathic listening"));
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("  Hearing someone out without turning the conversation back"),
        "{text}"
    );
    let v = prompts_json(&env, None, &["--skill", "pleasure"]);
    assert_eq!(v["skill"]["id"], "sustainable-pleasure");
    assert!(
        v["skill"]["definition"]
            .as_str()
            .unwrap()
            .contains("giving")
    );
    assert!(prompts_json(&env, None, &[])["skill"].is_null());
}

#[test]
fn a_partner_value_confide_cannot_use_stops_only_the_commands_that_use_it() {
    let env = Env::new();
    env.init();
    let config = with_partner(&env, "sometimes");
    for args in [
        &["prompts"][..],
        &["plan"],
        &["review"],
        &["reflect", "--random"],
    ] {
        let out = env
            .with_pass(PASS)
            .env("CONFIDE_CONFIG", &config)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("`partner` must be \"yes\", \"no\" or \"prefer-not-to-say\""),
            "{args:?}: {err}"
        );
    }
    // Writing never depends on it: a warning, and the entry is saved.
    let out = env
        .cmd()
        .env("CONFIDE_CONFIG", &config)
        .args(["journal", "still saved"])
        .output()
        .unwrap();
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("`partner`"));
    // A prompt named with --prompt needs no partner setting either.
    let out = env
        .cmd()
        .env("CONFIDE_CONFIG", &config)
        .args(["reflect", "--prompt", "free-write", "an answer"])
        .output()
        .unwrap();
    ok(&out);
}

fn plan_json(env: &Env, partner: &str, as_of: &str) -> Value {
    let out = env
        .with_pass(PASS)
        .env("CONFIDE_CONFIG", with_partner(env, partner))
        .env("TZ", "UTC")
        .args(["plan", "--json", "--as-of", as_of])
        .output()
        .unwrap();
    serde_json::from_str(&ok(&out)).unwrap()
}

#[test]
fn plan_follows_the_partner_setting_and_the_phase() {
    let env = Env::new();
    env.init_with_start("2026-01-01");
    // Day 2, day 70, day 200: phases 1, 2, 3.
    for (as_of, phase) in [
        ("2026-01-02 09:00", 1),
        ("2026-03-11 09:00", 2),
        ("2026-07-19 09:00", 3),
    ] {
        for partner in ["no", "prefer-not-to-say", "yes"] {
            let p = plan_json(&env, partner, as_of);
            assert_eq!(p["phase"]["number"], phase, "{as_of}");
            assert_eq!(p["partner"], partner);
            let phase_id = [
                "neural-reset",
                "emotional-reconnection",
                "relational-integration",
            ][phase as usize - 1];
            for kind in ["practice", "prompt"] {
                let s = &p[kind];
                let id = s["id"].as_str().unwrap();
                if partner != "yes" {
                    assert_ne!(s["audience"], "partner", "{partner} {as_of}: {id}");
                }
                let list = prompts_json(&env, Some("yes"), &[]);
                let item = list[if kind == "practice" {
                    "practices"
                } else {
                    "prompts"
                }]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["id"] == id)
                .unwrap()
                .clone();
                assert!(
                    item["phases"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|x| x == phase_id),
                    "{as_of}: {id} is not meant for phase {phase}"
                );
                for why in s["why"].as_array().unwrap() {
                    let why = why.as_str().unwrap();
                    assert!(
                        !why.contains("least practice") && !why.contains("(0"),
                        "{why}"
                    );
                    if partner != "yes" {
                        assert!(!why.contains("physical"), "{why}");
                    }
                }
            }
            assert_eq!(p["note"].is_null(), partner == "yes");
        }
    }
    // The text: the skills explained, and the note on what intimacy is.
    let out = env
        .with_pass(PASS)
        .env("CONFIDE_CONFIG", with_partner(&env, "no"))
        .env("COLUMNS", "80")
        .args(["plan", "--as-of", "2026-03-11 09:00"])
        .output()
        .unwrap();
    let text = ok(&out);
    assert!(
        text.contains("Intimacy means being known, accepted and connected."),
        "{text}"
    );
    assert!(
        text.contains("  empathic-listening: Hearing someone out"),
        "{text}"
    );
    assert!(text.contains("It builds "), "{text}");
    assert_eq!(confide_core::content::shaming_word(&text), None, "{text}");
}

#[test]
fn reviews_suggestion_names_physical_intimacy_only_with_a_partner() {
    let env = Env::new();
    env.init();
    env.cmd()
        .args(["reflect", "--prompt", "free-write", "a few words"])
        .assert()
        .success();
    let review = |partner: &str| {
        let out = env
            .with_pass(PASS)
            .env("CONFIDE_CONFIG", with_partner(&env, partner))
            .env("COLUMNS", "200")
            .arg("review")
            .output()
            .unwrap();
        ok(&out)
    };
    let yes = review("yes");
    assert!(
        yes.contains("Nothing yet for physical, intellectual"),
        "{yes}"
    );
    assert!(yes.contains("all five kinds"), "{yes}");
    for partner in ["no", "prefer-not-to-say"] {
        let text = review(partner);
        let line = text
            .lines()
            .find(|l| l.contains("Nothing yet for"))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(!line.contains("physical"), "{line}");
        assert!(text.contains("your own company all count"), "{text}");
    }
}

#[test]
fn no_shaming_word_reaches_the_screen_even_negated() {
    let env = Env::new();
    env.init();
    let shown = |args: &[&str]| {
        let out = env.with_pass(PASS).args(args).output().unwrap();
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    for args in [
        &["lapse", "--trigger", "tired"][..],
        &["urge", "8", "--outcome", "acted"],
        &["crisis"],
        &["--help"],
        &["lapse", "--help"],
        &["prompts"],
        &["plan"],
    ] {
        let text = shown(args);
        assert_eq!(
            confide_core::content::shaming_word(&text),
            None,
            "{args:?}: {text}"
        );
    }
}

#[test]
fn reflects_random_prompt_fits_the_phase_when_the_vault_is_readable_and_every_phase_otherwise() {
    let env = Env::new();
    env.init();
    let config = with_partner(&env, "no");
    let catalogue = prompts_json(&env, Some("yes"), &[]);
    let by_text = |text: &str| -> Value {
        catalogue["prompts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["text"] == text)
            .unwrap_or_else(|| panic!("no prompt says {text:?}"))
            .clone()
    };
    for readable in [true, false] {
        for _ in 0..12 {
            let mut c = if readable {
                env.with_pass(PASS)
            } else {
                env.cmd()
            };
            let out = c
                .env("CONFIDE_CONFIG", &config)
                .args(["reflect", "--random"])
                .write_stdin("an answer\n")
                .output()
                .unwrap();
            ok(&out);
            let err = String::from_utf8_lossy(&out.stderr).into_owned();
            let prompt = by_text(err.lines().next().unwrap_or_default());
            assert_ne!(prompt["audience"], "partner", "{prompt}");
            let phases = prompt["phases"].as_array().unwrap();
            if readable {
                // Day 1: phase 1.
                assert!(phases.iter().any(|p| p == "neural-reset"), "{prompt}");
            } else {
                assert_eq!(phases.len(), 3, "{prompt}");
            }
        }
    }
}
