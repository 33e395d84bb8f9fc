//! Fitting the ecosystem: the config file and its precedence (flags beat environment
//! beat config), colour choice, completions and the man page.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use super::common;

use common::{Env, PASS, stdout};
use std::fs;
use std::path::PathBuf;

impl Env {
    fn config(&self, text: &str) -> PathBuf {
        let dir = self.dir.path().join("xdg-config/confide");
        fs::create_dir_all(&dir).unwrap();
        let p = dir.join("config.toml");
        fs::write(&p, text).unwrap();
        p
    }
}

#[test]
fn vault_path_flag_beats_environment_beats_config() {
    let env = Env::new();
    let from_config = env.dir.path().join("cfg/vault.confide");
    env.config(&format!("vault = \"{}\"\n", from_config.display()));
    // Without --vault or CONFIDE_VAULT the config's vault is used.
    env.with_pass(PASS)
        .env_remove("CONFIDE_VAULT")
        .args(["init", "--work-factor", "10"])
        .assert()
        .success();
    assert!(from_config.is_file());
    assert!(!env.vault().exists());
    // CONFIDE_VAULT (set by the harness) beats the config.
    env.init();
    assert!(env.vault().is_file());
    env.journal("in the environment's vault");
    let flag = env.dir.path().join("flag/vault.confide");
    env.with_pass(PASS)
        .args([
            "--vault",
            flag.to_str().unwrap(),
            "init",
            "--work-factor",
            "10",
        ])
        .assert()
        .success();
    assert!(flag.is_file(), "--vault beats CONFIDE_VAULT");
    let texts = env.texts(PASS);
    assert_eq!(texts, ["in the environment's vault"]);
}

#[test]
fn an_unknown_config_key_is_a_warning_and_the_urge_is_saved() {
    let env = Env::new();
    env.init();
    let p = env.config("colour = \"never\"\n");
    let out = env.cmd().args(["urge", "3"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("warning: "), "{err}");
    assert!(err.contains("unknown key `colour`"), "{err}");
    assert!(err.contains(p.to_str().unwrap()), "names the file: {err}");
    assert_eq!(env.entries().len(), 1);
}

#[test]
fn a_bad_config_value_stops_only_the_commands_that_use_it() {
    let env = Env::new();
    env.init();
    let run = |args: &[&str]| {
        let out = env
            .with_pass(PASS)
            .current_dir(env.dir.path())
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    for (text, key, users, others) in [
        (
            "week_start = \"someday\"\n",
            "week_start",
            &[
                &["review"][..],
                &["export", "--format", "json", "--plaintext", "-o", "w.json"],
            ][..],
            &[&["urge", "4"][..], &["list"]][..],
        ),
        (
            "export_format = 3\n",
            "export_format",
            &[&["export", "--plaintext", "-o", "e.out"][..]],
            &[
                &["urge", "4"][..],
                &["review"],
                &["export", "--format", "csv", "--plaintext", "-o", "e.csv"],
            ],
        ),
        (
            "date_format = \"%Q\"\n",
            "date_format",
            &[&["list"][..]],
            &[&["urge", "4"][..], &["journal", "a line"]],
        ),
        (
            "review_range = \"soon\"\n",
            "review_range",
            &[&["review"][..]],
            &[&["urge", "4"][..], &["review", "--since", "2026-01-01"]],
        ),
        // Not TOML at all: only its own key is lost.
        (
            "color = never\nweek_start = \"someday\"\n",
            "week_start",
            &[&["review"][..]],
            &[&["urge", "4"][..], &["list"]],
        ),
    ] {
        let p = env.config(text);
        for args in users {
            let (code, err) = run(args);
            assert_eq!(code, Some(2), "{text} {args:?}: {err}");
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.starts_with("error: "), "{err}");
            assert!(err.contains(&format!("`{key}`")), "{err}");
            assert!(err.contains(p.to_str().unwrap()), "names the file: {err}");
        }
        for args in others {
            let (code, err) = run(args);
            assert_eq!(code, Some(0), "{text} {args:?}: {err}");
            assert!(
                err.contains(&format!("warning: config file `{}`", p.display())),
                "{err}"
            );
            assert!(err.contains(&format!("`{key}`")), "{err}");
        }
    }
    // `vault` is used only without --vault or CONFIDE_VAULT (which the harness sets).
    let p = env.config("vault = 3\n");
    assert_eq!(run(&["urge", "5"]).0, Some(0));
    let out = env
        .with_pass(PASS)
        .env_remove("CONFIDE_VAULT")
        .args(["urge", "5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("`vault` must be a quoted string"), "{err}");
    assert!(err.contains(p.to_str().unwrap()), "{err}");
    // CONFIDE_CONFIG points elsewhere; a missing file named there is an error.
    let out = env
        .cmd()
        .env("CONFIDE_CONFIG", env.dir.path().join("nope.toml"))
        .args(["list"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.toml"));
}

#[test]
fn config_defaults_for_export_review_dates_and_weeks() {
    let env = Env::new();
    env.init();
    // A Sunday and the Monday after it.
    for (at, text) in [
        ("2026-11-15 21:00", "sunday"),
        ("2026-11-16 08:30", "monday"),
    ] {
        env.cmd()
            .args(["journal", text, "--mood", "5", "--at", at])
            .assert()
            .success();
    }
    env.config(
        "export_format = \"json\"\nweek_start = \"sunday\"\ndate_format = \"%d.%m.%Y %H:%M\"\nreview_range = \"2w\"\n",
    );
    // export: the config's format when --format is not given; the flag beats it.
    let out = env.dir.path().join("r.json");
    env.with_pass(PASS)
        .args(["export", "--plaintext", "--since", "2026-11-01", "-o"])
        .arg(&out)
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
    assert_eq!(doc["format"], "confide-export");
    let md = env.dir.path().join("r.md");
    env.with_pass(PASS)
        .args(["export", "--format", "md", "--plaintext", "-o"])
        .arg(&md)
        .assert()
        .success();
    assert!(fs::read_to_string(&md).unwrap().starts_with('#'));
    // list: the config's date format.
    let list = stdout(env.with_pass(PASS).args(["list"]));
    assert!(list.contains("15.11.2026 21:00"), "{list}");
    assert!(list.contains("16.11.2026 08:30"), "{list}");
    // review: weeks start on Sunday (both days in one week), range of 14 days.
    let review: serde_json::Value = serde_json::from_str(&stdout(env.with_pass(PASS).args([
        "review",
        "--as-of",
        "2026-11-20 12:00",
        "--json",
    ])))
    .unwrap();
    let weeks = review["mood"]["weekly"].as_array().unwrap();
    assert_eq!(weeks.len(), 1, "{weeks:?}");
    assert_eq!(weeks[0]["week"], "2026-11-15");
    assert_eq!(review["days"].as_array().unwrap().len(), 14);
    // Without the config: Monday weeks, two of them, and 30 days.
    fs::remove_file(env.dir.path().join("xdg-config/confide/config.toml")).unwrap();
    let review: serde_json::Value = serde_json::from_str(&stdout(env.with_pass(PASS).args([
        "review",
        "--as-of",
        "2026-11-20 12:00",
        "--json",
    ])))
    .unwrap();
    assert_eq!(review["mood"]["weekly"].as_array().unwrap().len(), 2);
    assert_eq!(review["days"].as_array().unwrap().len(), 30);
    let out = env
        .with_pass(PASS)
        .args(["export", "--plaintext", "-o"])
        .arg(env.dir.path().join("x"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "no format anywhere is a usage error"
    );
}

#[test]
fn colour_flag_beats_no_color_beats_config() {
    let env = Env::new();
    env.init();
    env.journal("a line to colour");
    let esc = |c: &mut assert_cmd::Command| stdout(c).contains("\x1b[");
    // The harness sets NO_COLOR=1 and output is a pipe.
    assert!(!esc(env.with_pass(PASS).args(["list"])));
    assert!(esc(env.with_pass(PASS).args(["--color", "always", "list"])));
    assert!(esc(env
        .with_pass(PASS)
        .env("CONFIDE_COLOR", "always")
        .args(["list"])));
    env.config("color = \"always\"\n");
    assert!(
        !esc(env.with_pass(PASS).args(["list"])),
        "NO_COLOR beats config"
    );
    assert!(esc(env
        .with_pass(PASS)
        .env_remove("NO_COLOR")
        .args(["list"])));
    assert!(!esc(env
        .with_pass(PASS)
        .env_remove("NO_COLOR")
        .args(["--color", "never", "list"])));
}

#[test]
fn completions_generate_for_every_shell() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = stdout(env.cmd().args(["completions", shell]));
        assert!(out.len() > 1000, "{shell}");
        for word in ["journal", "urge", "export", "merge", "doctor", "vault"] {
            assert!(out.contains(word), "{shell} completes {word}");
        }
    }
    // The bash script is valid bash (when bash is here).
    let script = stdout(env.cmd().args(["completions", "bash"]));
    let path = env.dir.path().join("confide.bash");
    fs::write(&path, &script).unwrap();
    if let Ok(st) = common::clean_command("bash").arg("-n").arg(&path).status() {
        assert!(st.success(), "bash -n rejects the completion script");
    } else {
        common::skip("bash is not installed, so the completion script's syntax was not checked");
    }
    let out = env.cmd().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_page_renders_every_command() {
    let env = Env::new();
    let page = stdout(env.cmd().args(["man"]));
    assert!(
        page.starts_with(".ie") || page.contains(".TH confide 1"),
        "roff"
    );
    for section in [
        "CONFIDE JOURNAL",
        "CONFIDE EXPORT",
        "CONFIDE MERGE",
        "CONFIDE DOCTOR",
    ] {
        assert!(page.contains(section), "{section}");
    }
    assert!(page.contains("companion to therapy"));
    assert!(page.contains("CONFIDE_PASSPHRASE_COMMAND"));
    // groff parses it without warnings (CI installs groff-base).
    let path = env.dir.path().join("confide.1");
    fs::write(&path, &page).unwrap();
    match common::clean_command("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&path)
        .output()
    {
        Ok(out) => assert!(
            out.status.success() && out.stderr.is_empty(),
            "groff: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => common::skip(
            "groff (Debian package groff-base) is not installed, so the man page was not parsed",
        ),
    }
}

#[test]
fn every_command_has_a_description_and_an_example() {
    use clap::CommandFactory;
    let cmd = confide::cli::Cli::command();
    // `agent` is hidden: confide starts it, nobody types it.
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name();
        assert!(
            sub.get_about().is_some(),
            "{name} has a one-line description"
        );
        let long = sub
            .get_long_about()
            .map(|s| s.to_string())
            .unwrap_or_default();
        assert!(long.contains("Example: confide"), "{name} has an example");
        for arg in sub.get_arguments() {
            if arg.is_hide_set() || ["help", "version"].contains(&arg.get_id().as_str()) {
                continue;
            }
            assert!(
                arg.get_help().is_some(),
                "{name} --{} has a description",
                arg.get_id()
            );
        }
    }
}
