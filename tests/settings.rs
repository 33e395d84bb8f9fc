//! `confide settings --partner` (issue 19): the partner setting is saved in the vault
//! (format 10), beats the config file's `partner`, and reaches `plan`, `prompts` and
//! the review.

use super::common;
use common::*;

fn plan_partner(env: &Env, config: Option<&std::path::Path>) -> serde_json::Value {
    let mut c = env.with_pass(PASS);
    if let Some(cfg) = config {
        c.env("CONFIDE_CONFIG", cfg);
    }
    let out = c.args(["plan", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    v["partner"].clone()
}

#[test]
fn the_saved_setting_beats_the_config_file_and_reaches_plan() {
    let env = Env::new();
    env.init();
    let config = env.dir.path().join("c.toml");
    std::fs::write(&config, "partner = \"yes\"\n").unwrap();
    // Not said in the vault: the config file's, then the default.
    assert_eq!(plan_partner(&env, Some(&config)), "yes");
    assert_eq!(plan_partner(&env, None), "prefer-not-to-say");
    let said = ok(&env.with_pass(PASS).args(["settings"]).output().unwrap());
    assert!(
        said.contains("prefer-not-to-say (not said; the default)"),
        "{said}"
    );
    let said = ok(&env
        .with_pass(PASS)
        .args(["settings", "--partner", "no"])
        .output()
        .unwrap());
    assert!(said.contains("Saved: partner no."), "{said}");
    assert_eq!(plan_partner(&env, Some(&config)), "no", "the vault's wins");
    let said = ok(&env
        .with_pass(PASS)
        .env("CONFIDE_CONFIG", &config)
        .args(["settings"])
        .output()
        .unwrap());
    assert!(said.contains("no (saved in your vault)"), "{said}");
    // It is inside the encrypted state, not in any file beside it.
    let raw = std::fs::read(env.vault()).unwrap();
    assert!(!raw.windows(7).any(|w| w == b"partner"));
}

#[test]
fn a_bad_answer_is_refused_before_the_passphrase() {
    let env = Env::new();
    env.init();
    let out = env
        .cmd()
        .args(["settings", "--partner", "maybe"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("yes, no or prefer-not-to-say"), "{err}");
}

#[test]
fn prompts_use_the_saved_setting_through_an_unlock_session() {
    let env = Env::new();
    env.init();
    env.with_pass(PASS)
        .args(["settings", "--partner", "no"])
        .assert()
        .success();
    let run = env.dir.path().join("run");
    std::fs::create_dir_all(&run).unwrap();
    let prompts = |session: bool| {
        let mut c = env.cmd();
        c.env("XDG_RUNTIME_DIR", &run).arg("prompts");
        let _ = session;
        ok(&c.output().unwrap())
    };
    // No session: prompts cannot read the vault, so the default lists partner items.
    let without = prompts(false);
    env.with_pass(PASS)
        .env("XDG_RUNTIME_DIR", &run)
        .args(["unlock", "--for", "1m"])
        .assert()
        .success();
    let with = prompts(true);
    env.cmd()
        .env("XDG_RUNTIME_DIR", &run)
        .arg("lock")
        .assert()
        .success();
    assert!(
        with.len() < without.len(),
        "partner items are left out with the session"
    );
    assert!(
        with.contains("written for a partner are left out"),
        "{with}"
    );
    assert!(!without.contains("left out"), "{without}");
}
