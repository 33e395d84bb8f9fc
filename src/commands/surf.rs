//! `confide surf`: a guided urge-surfing session. A timer with a paced breath and one
//! line of guidance at a time; it asks how strong the urge is at the start, every
//! `--every` (2 minutes) and at the end, then saves one urge, without the passphrase,
//! as `confide urge` does: the peak as its intensity, the minutes it lasted, and the
//! answers as its curve.
//!
//! Ctrl-C ends the session and keeps what was answered. Today Ctrl-C is a SIGINT,
//! caught with a flag (also while a question waits: the question is read on its own
//! thread, so the session does not wait for Enter); a line editor in raw mode reports
//! it as an `Interrupted` error from `ui::ask_or_end`, which ends it the same way.

use super::urge::outcome;
use crate::cli::SurfArgs;
use crate::content::surf as words;
use crate::error::usage;
use crate::model::entry::{Halt, Outcome, SurfSample, Urge};
use crate::model::{Entry, EntryBody, Timestamp};
use crate::ui;
use crate::vault::Vault;
use anyhow::Result;
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The session's length when `--minutes` is not given.
const DEFAULT_MINUTES: u64 = 10;
/// How often it asks when `--every` is not given, in seconds.
const DEFAULT_EVERY_S: u64 = 120;
/// The bounds of `--every`, in seconds.
const EVERY_S: std::ops::RangeInclusive<u64> = 15..=600;
/// How often the session looks at the clock and for Ctrl-C.
const TICK: Duration = Duration::from_millis(100);

pub(super) fn run(vault: &Vault, args: SurfArgs) -> Result<()> {
    let minutes = match args.minutes {
        None => DEFAULT_MINUTES,
        Some(m @ 1..=60) => m as u64,
        Some(_) => return Err(usage("--minutes must be a whole number from 1 to 60")),
    };
    let every = match args.every.as_deref() {
        None => DEFAULT_EVERY_S,
        Some(s) => every(s)?,
    };
    let length = minutes * 60;
    // At the start, after each `every` and at the end.
    let questions = length.div_ceil(every) + 1;
    if questions > SurfSample::MAX_SAMPLES as u64 {
        return Err(usage(format!(
            "--every {} would ask {questions} times in {minutes} minutes, and a session keeps at most {}; ask less often",
            super::input::shown(args.every.as_deref().unwrap_or_default()),
            SurfSample::MAX_SAMPLES
        )));
    }
    if !(std::io::stdin().is_terminal() && ui::out::stderr_is_terminal()) {
        return Err(usage(
            "confide surf asks questions as it goes and needs a terminal; without one, log the urge with `confide urge N`",
        ));
    }
    super::require_vault(vault)?;

    let started_at = Timestamp::now();
    let stop = Arc::new(AtomicBool::new(false));
    // A second Ctrl-C ends confide at once, should saving ever hang; the first only
    // sets the flag.
    signal_hook::flag::register_conditional_shutdown(
        signal_hook::consts::SIGINT,
        130,
        Arc::clone(&stop),
    )?;
    signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&stop))?;
    crate::errln!(
        "Surfing the urge for {minutes} minute{}. Ctrl-C ends it early and keeps your answers.",
        if minutes == 1 { "" } else { "s" }
    );
    let session = surf(length, every, &stop)?;
    let Some(peak) = session.samples.iter().map(|s| s.intensity).max() else {
        crate::errln!("Nothing was saved: the session ended before the first answer.");
        return Ok(());
    };
    let outcome = if session.stopped {
        None
    } else {
        ask_outcome(&stop)?
    };
    let elapsed_min = (session.elapsed.as_secs() + 30) / 60;
    let urge = Entry::new(
        EntryBody::Urge(Urge {
            intensity: peak,
            triggers: Vec::new(),
            coping: vec!["urge-surfing".to_string()],
            outcome,
            minutes: Some(u32::try_from(elapsed_min).unwrap_or(u32::MAX)),
            note: None,
            halt: Halt::default(),
            curve: session.samples,
        }),
        started_at,
    );
    let entries = super::urge::save(vault, urge)?;
    if session.stopped || stop.load(Ordering::SeqCst) {
        crate::outln!("Stopped early; what you answered is kept.")?;
        crate::outln!(
            "When you know how it ended: confide edit {} --outcome resisted (or acted)",
            entries[0].id.short()
        )?;
    } else {
        crate::outln!(
            "{}",
            words::closing(outcome.map(|o| o == Outcome::Resisted))
        )?;
    }
    super::urge::point_to_crisis(peak, outcome)
}

/// Parses `--every`: whole seconds (`30s`) or minutes (`2m`, or a bare `2`), 15
/// seconds to 10 minutes.
fn every(s: &str) -> Result<u64> {
    let t = s.trim().to_ascii_lowercase();
    let (digits, unit) = match t.strip_suffix('s') {
        Some(d) => (d, 1),
        None => (t.strip_suffix('m').unwrap_or(&t), 60),
    };
    let secs = digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .filter(|n| EVERY_S.contains(n));
    secs.ok_or_else(|| {
        usage(format!(
            "--every `{}` is not a time from 15s to 10m; give seconds or minutes, e.g. 30s or 2m",
            super::input::shown(s)
        ))
    })
}

/// What a session recorded.
struct Session {
    /// The answers, in order.
    samples: Vec<SurfSample>,
    /// From the start to the last answer, or to Ctrl-C.
    elapsed: Duration,
    /// Ended by Ctrl-C (or the end of input) before its time.
    stopped: bool,
}

/// Runs the session: questions at 0, every `every` seconds and at `length`, with the
/// guidance and the breath in between.
fn surf(length: u64, every: u64, stop: &AtomicBool) -> Result<Session> {
    let start = Instant::now();
    let mut samples = Vec::new();
    let mut at = 0u64;
    loop {
        let question = if at == 0 {
            "How strong is the urge right now, from 1 to 10?"
        } else if at >= length {
            "Time is up. How strong is it now, from 1 to 10?"
        } else {
            "How strong is it now, from 1 to 10?"
        };
        let Some(intensity) = ask_intensity(question, stop)? else {
            return Ok(Session {
                samples,
                elapsed: start.elapsed(),
                stopped: true,
            });
        };
        samples.push(SurfSample {
            seconds: u32::try_from(at).unwrap_or(SurfSample::MAX_SECONDS),
            intensity,
        });
        if at >= length {
            return Ok(Session {
                samples,
                elapsed: start.elapsed(),
                stopped: false,
            });
        }
        // The next point on the schedule after now (answers that took longer than
        // `every` skip the points they ran over), and never past the end.
        let now = start.elapsed().as_secs();
        at = ((now / every + 1) * every).min(length);
        if !wait(start, at, length, stop) {
            return Ok(Session {
                samples,
                elapsed: start.elapsed(),
                stopped: true,
            });
        }
    }
}

/// Shows the guidance and the breath until `until` seconds after `start`: each
/// guidance line once, above one line that changes in place (the breath and the time
/// left); on a terminal that cannot redraw a line, the breath and the time left once
/// under each guidance line. False when Ctrl-C came first.
fn wait(start: Instant, until: u64, length: u64, stop: &AtomicBool) -> bool {
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template("  {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    let mut shown: Option<&str> = None;
    let mut drawn = u64::MAX;
    let done = loop {
        if stop.load(Ordering::SeqCst) {
            break false;
        }
        let s = start.elapsed().as_secs();
        if s >= until {
            break true;
        }
        let line = words::guidance_at(s);
        if shown != Some(line) {
            if bar.is_hidden() {
                // A terminal that cannot redraw a line (TERM unset or dumb): the
                // guidance, and the breath and the time left once with it.
                crate::errln!("  {line}");
                let left = length.saturating_sub(s);
                crate::errln!(
                    "  ({} for {}, {} for {}; {}:{:02} left)",
                    words::BREATHE_IN,
                    words::BREATH_IN_S,
                    words::BREATHE_OUT.to_lowercase(),
                    words::BREATH_OUT_S,
                    left / 60,
                    left % 60
                );
            } else {
                bar.println(format!("  {line}"));
            }
            shown = Some(line);
        }
        if s != drawn {
            bar.set_message(cue(s, length));
            drawn = s;
        }
        std::thread::sleep(TICK);
    };
    bar.finish_and_clear();
    done
}

/// The line under the guidance at `s` seconds: the breath, with a dot for each second
/// of it, and the time left, e.g. `Breathe out ...       8:41 left`.
fn cue(s: u64, length: u64) -> String {
    let (breath, n) = words::breath_at(s);
    let left = length.saturating_sub(s);
    format!(
        "{breath:<11} {:<6}  {}:{:02} left",
        ".".repeat(n as usize),
        left / 60,
        left % 60
    )
}

/// Asks `question` until the answer is 1 to 10; `None` for Ctrl-C (either kind) or
/// the end of input.
fn ask_intensity(question: &str, stop: &AtomicBool) -> Result<Option<u8>> {
    loop {
        let Some(a) = ask(question, stop)? else {
            return Ok(None);
        };
        match a.parse::<u8>() {
            Ok(n @ 1..=10) => return Ok(Some(n)),
            _ => crate::errln!("Please give a whole number from 1 to 10 (Ctrl-C to end here)."),
        }
    }
}

/// How it ended, asked at the end of a full session: `None` for later (Enter), and
/// for Ctrl-C or the end of input there (what was answered is saved all the same).
fn ask_outcome(stop: &AtomicBool) -> Result<Option<Outcome>> {
    loop {
        let Some(a) = ask(
            "How did it end: resisted, acted, or later (Enter = later)?",
            stop,
        )?
        else {
            return Ok(None);
        };
        let a = a.to_ascii_lowercase();
        if a.is_empty() || a == "later" || a == "l" {
            return Ok(None);
        }
        match outcome(&a) {
            Ok(o) => return Ok(Some(o)),
            Err(_) => crate::errln!("Please answer resisted, acted or later (Enter)."),
        }
    }
}

/// One question through `ui::ask_or_end`, on its own thread so that a Ctrl-C caught
/// as a signal ends the wait at once (a blocked read of the terminal would otherwise
/// wait for Enter). `None` for Ctrl-C, as a signal or as an `Interrupted` error from
/// a line editor, and for the end of input. After a Ctrl-C caught this way the thread
/// is left reading, and the command asks nothing more.
fn ask(question: &str, stop: &AtomicBool) -> Result<Option<zeroize::Zeroizing<String>>> {
    ask_with(question, stop, ui::ask_or_end)
}

/// What a question is read with: [`ui::ask_or_end`], or a stand-in in the tests.
type Reader = fn(&str) -> std::io::Result<Option<zeroize::Zeroizing<String>>>;

/// [`ask`], reading the answer with `read`.
fn ask_with(
    question: &str,
    stop: &AtomicBool,
    read: Reader,
) -> Result<Option<zeroize::Zeroizing<String>>> {
    use std::sync::mpsc::{RecvTimeoutError, channel};
    if stop.load(Ordering::SeqCst) {
        return Ok(None);
    }
    let (tx, rx) = channel();
    let q = question.to_string();
    std::thread::spawn(move || {
        let _ = tx.send(read(&q));
    });
    let answer = loop {
        if stop.load(Ordering::SeqCst) {
            crate::errln!();
            return Ok(None);
        }
        match rx.recv_timeout(TICK) {
            Ok(a) => break a,
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                anyhow::bail!("the question could not be read from the terminal")
            }
        }
    };
    match answer {
        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
            stop.store(true, Ordering::SeqCst);
            Ok(None)
        }
        Err(e) => Err(e.into()),
        Ok(a) => Ok(a.filter(|_| !stop.load(Ordering::SeqCst))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_takes_seconds_or_minutes_within_bounds() {
        assert_eq!(every("30s").unwrap(), 30);
        assert_eq!(every("2m").unwrap(), 120);
        assert_eq!(every(" 3 ").unwrap(), 180);
        assert_eq!(every("15S").unwrap(), 15);
        assert_eq!(every("10m").unwrap(), 600);
        for bad in [
            "14s",
            "11m",
            "0",
            "",
            "m",
            "-30s",
            "1.5m",
            "2h",
            "99999999999999999999m",
        ] {
            assert!(every(bad).is_err(), "{bad}");
        }
    }

    /// The contract with a line editor: Ctrl-C at a question comes back as an
    /// `Interrupted` error, and ends the session like the signal does.
    #[test]
    fn an_interrupted_question_ends_the_session() {
        let stop = AtomicBool::new(false);
        let interrupted: Reader = |_| Err(std::io::Error::from(std::io::ErrorKind::Interrupted));
        assert!(ask_with("?", &stop, interrupted).unwrap().is_none());
        assert!(stop.load(Ordering::SeqCst), "nothing more is asked");
        // Asked again after that, nothing is read.
        let answers: Reader = |_| Ok(Some(zeroize::Zeroizing::new("5".to_string())));
        assert!(ask_with("?", &stop, answers).unwrap().is_none());
        let stop = AtomicBool::new(false);
        assert_eq!(
            ask_with("?", &stop, answers)
                .unwrap()
                .as_deref()
                .map(String::as_str),
            Some("5")
        );
        let ended: Reader = |_| Ok(None);
        assert!(ask_with("?", &stop, ended).unwrap().is_none());
        let broken: Reader = |_| Err(std::io::Error::other("gone"));
        assert!(ask_with("?", &stop, broken).is_err());
    }

    #[test]
    fn the_cue_counts_the_breath_and_the_time_left() {
        assert_eq!(cue(0, 600), "Breathe in  .       10:00 left");
        assert_eq!(cue(9, 600), "Breathe out ......  9:51 left");
        assert_eq!(cue(700, 600), "Breathe in  .       0:00 left");
    }
}
