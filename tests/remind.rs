//! `confide remind` (issue 18): a daily check-in reminder with the system's
//! scheduler. With systemd: a user timer and service under XDG_CONFIG_HOME, enabled
//! with `systemctl --user` (a fake here, which records what it was asked); without:
//! the crontab line. The reminder shows no content, needs no vault, and `--off`
//! removes it.

use super::common;
use common::*;
use std::fs;
use std::os::unix::fs::PermissionsExt;

/// A folder of fake tools that record their arguments in `calls`, first on PATH.
fn fake_tools(env: &Env, names: &[&str]) -> std::path::PathBuf {
    let bin = env.dir.path().join("fake-bin");
    fs::create_dir_all(&bin).unwrap();
    for name in names {
        let p = bin.join(name);
        fs::write(
            &p,
            format!(
                "#!/bin/sh\necho \"{name} $*\" >> '{}'\n",
                env.dir.path().join("calls").display()
            ),
        )
        .unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
    }
    bin
}

fn calls(env: &Env) -> String {
    fs::read_to_string(env.dir.path().join("calls")).unwrap_or_default()
}

#[test]
fn with_systemd_a_user_timer_is_set_and_removed() {
    let env = Env::new();
    // No vault: a reminder needs none.
    let bin = fake_tools(&env, &["systemctl", "notify-send"]);
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let said = ok(&env
        .cmd()
        .env("PATH", &path)
        .args(["remind", "--at", "21:30"])
        .output()
        .unwrap());
    assert!(said.contains("set for 21:30 every day"), "{said}");
    let units = env.dir.path().join("xdg-config/systemd/user");
    let timer = fs::read_to_string(units.join("confide-checkin.timer")).unwrap();
    let service = fs::read_to_string(units.join("confide-checkin.service")).unwrap();
    assert!(timer.contains("OnCalendar=*-*-* 21:30:00"), "{timer}");
    assert!(
        service.contains("ExecStart=notify-send Reminder 'Time for your daily check-in'"),
        "{service}"
    );
    let log = calls(&env);
    assert!(log.contains("systemctl --user daemon-reload"), "{log}");
    assert!(
        log.contains("systemctl --user enable --now confide-checkin.timer"),
        "{log}"
    );
    assert!(!log.contains("notify-send"), "nothing is shown now: {log}");

    let said = ok(&env
        .cmd()
        .env("PATH", &path)
        .args(["remind", "--off"])
        .output()
        .unwrap());
    assert!(said.contains("The check-in reminder is removed."), "{said}");
    assert!(!units.join("confide-checkin.timer").exists());
    assert!(!units.join("confide-checkin.service").exists());
    assert!(calls(&env).contains("systemctl --user disable --now confide-checkin.timer"));
    let said = ok(&env
        .cmd()
        .env("PATH", &path)
        .args(["remind", "--off"])
        .output()
        .unwrap());
    assert!(said.contains("There is no reminder to remove."), "{said}");
}

#[test]
fn without_a_scheduler_it_gives_the_crontab_line() {
    let env = Env::new();
    let empty = env.dir.path().join("no-tools");
    fs::create_dir_all(&empty).unwrap();
    let said = ok(&env
        .cmd()
        .env("PATH", &empty)
        .args(["remind", "--at", "07:05"])
        .output()
        .unwrap());
    assert!(said.contains("Add this line with `crontab -e`:"), "{said}");
    assert!(said.contains("5 7 * * * "), "{said}");
    assert!(
        said.contains("echo 'Time for your daily check-in'"),
        "{said}"
    );
    // Nothing that tells other users, or a glance at the screen, what it is for.
    assert!(
        !said.contains("wall") && !said.contains("confide checkin'"),
        "{said}"
    );
}

#[test]
fn a_time_that_is_not_hh_mm_is_refused_in_one_line() {
    let env = Env::new();
    for args in [
        &["remind", "--at", "9pm"][..],
        &["remind"],
        &["remind", "--at", "25:00"],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}
