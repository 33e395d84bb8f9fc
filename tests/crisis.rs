//! The crisis help: `confide crisis`, `confide help crisis` and `confide crisis
//! --help` print the same text, with no vault, no passphrase and a broken config,
//! within 80 columns; urges of 9 and 10 and every lapse end with exactly one line
//! pointing to it, and an urge of 8 does not.

use super::common;
use common::*;
use std::fs;

const POINTER: &str = "If this is a hard moment: `confide help crisis`.";

fn crisis(env: &Env, args: &[&str]) -> String {
    ok(&env.cmd().args(args).output().unwrap())
}

#[test]
fn crisis_text_needs_no_vault_and_reads_the_same_three_ways() {
    let env = Env::new();
    // No vault, no passphrase, and a config file other commands refuse.
    let config = env.dir.path().join("bad.toml");
    fs::write(&config, "vault = [[[").unwrap();
    assert!(!env.vault().exists());
    let text = crisis(&env, &["crisis"]);
    for args in [&["help", "crisis"][..], &["crisis", "--help"]] {
        let out = env
            .cmd()
            .env("CONFIDE_CONFIG", &config)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(ok(&out), text, "{args:?}");
    }
    let out = env
        .cmd()
        .env("CONFIDE_CONFIG", &config)
        .arg("crisis")
        .output()
        .unwrap();
    assert_eq!(ok(&out), text);
    for must in [
        "112",
        "911",
        "999",
        "findahelpline.com",
        "sponsor",
        "partner",
        "therapist",
    ] {
        assert!(text.contains(must), "no {must}:\n{text}");
    }
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "wider than 80 columns: {line}");
    }
    assert!(!env.vault().exists(), "crisis created a vault");
}

fn pointers(out: &str) -> usize {
    out.lines()
        .filter(|l| l.contains("confide help crisis"))
        .count()
}

#[test]
fn one_pointer_line_at_9_and_10_and_after_a_lapse_none_at_8() {
    let env = Env::new();
    env.init();
    for (args, want) in [
        (&["urge", "8"][..], 0),
        (&["urge", "9"], 1),
        (&["urge", "10"], 1),
        (&["urge", "3", "--outcome", "resisted"], 0),
        // An urge acted on records a lapse with it; 9 and a lapse still say it once.
        (&["urge", "5", "--outcome", "acted"], 1),
        (&["urge", "9", "--outcome", "acted"], 1),
        (&["lapse", "--new"], 1),
        (&["lapse", "--new", "--note", "late, alone, tired"], 1),
    ] {
        let out = env.cmd().args(args).output().unwrap();
        let said = ok(&out);
        assert_eq!(pointers(&said), want, "{args:?}:\n{said}");
        if want == 1 {
            assert_eq!(said.lines().last(), Some(POINTER), "{args:?}:\n{said}");
        }
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(pointers(&err), 0, "{args:?} on stderr:\n{err}");
    }
}
