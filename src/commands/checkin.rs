//! `confide checkin`: the guided daily check-in. Asks on a terminal for whatever the
//! flags did not give; runs from flags alone otherwise. No passphrase needed.

use super::input;
use crate::cli::CheckinArgs;
use crate::model::entry::Checkin;
use crate::model::{Entry, EntryBody};
use crate::ui;
use crate::vault::Vault;
use anyhow::Result;
use std::io::IsTerminal;

pub(super) fn run(vault: &Vault, args: CheckinArgs) -> Result<()> {
    let mut c = Checkin {
        mood: args
            .mood
            .map(|m| input::one_to_ten("mood", m))
            .transpose()?,
        emotions: input::words("emotion", &args.feel, &input::emotion_words())?,
        urges: args.urges.map(|u| input::count("--urges", u)).transpose()?,
        practice_id: args
            .practice
            .as_deref()
            .map(input::practice_id)
            .transpose()?,
        appreciated: input::note("appreciation", args.appreciated.as_ref())?,
        note: input::note("note", args.note.as_ref())?,
    };
    let at = input::occurred(&args.common)?;
    super::require_vault(vault)?;
    if std::io::stdin().is_terminal() && !args.no_questions {
        // A check-in written down later asks about that day, not today.
        let day = input::day_said(at, crate::model::Timestamp::now());
        let logged = if c.urges.is_none() {
            logged_urges(vault, at)
        } else {
            None
        };
        if let Asked::Ended = ask_missing(&mut c, &day, logged)? {
            crate::outln!("The check-in stopped before the end, so nothing was saved.")?;
            crate::outln!("`confide checkin` starts it again whenever you are ready.")?;
            return Ok(());
        }
    }
    let empty = c.mood.is_none()
        && c.emotions.is_empty()
        && c.urges.is_none()
        && c.practice_id.is_none()
        && c.appreciated.is_none()
        && c.note.is_none();
    if empty {
        return Err(crate::error::usage(
            "the check-in is empty; answer at least one question (e.g. --mood 6), nothing was saved",
        ));
    }
    let mut entry = Entry::new(EntryBody::Checkin(c), at);
    input::apply_common(&mut entry, &args.common)?;
    super::record(vault, &[entry], "check-in")?;
    crate::outln!("Checked in. Thank you for showing up for yourself today.")?;
    Ok(())
}

/// A number of urges, as typed at a question.
fn urge_count(a: &str) -> Result<u32> {
    let n: i64 = a
        .parse()
        .map_err(|_| crate::error::usage("please type a number, like 0 or 2"))?;
    input::count("urges", n)
}

/// The last check-in before this one (if any) and the urges logged since.
type Since = (
    Option<crate::model::Timestamp>,
    Vec<crate::analysis::history::Logged>,
);

/// The urges already logged since the last check-in, when the vault can be read
/// without a question: through an unlock session (`confide unlock`), or from a
/// passphrase source that is set. `None` otherwise (the check-in then asks for the
/// number, as it always did); nothing is asked here, and any failure is one note.
fn logged_urges(vault: &Vault, at: crate::model::Timestamp) -> Option<Since> {
    use crate::analysis::history::History;
    let mut history = History::new();
    super::read_without_asking(
        vault,
        &mut |e| history.add(&e),
        true,
        "Reading the urges you logged...",
    )?;
    let day_start = input::local_midnight(at.to_datetime().date_naive())?;
    Some(history.since_last_checkin(at, day_start))
}

/// What a question (or a check-in's questions) came to: an answer, `None` when
/// skipped with Enter, or the end of input (Ctrl-D), which stops the check-in.
enum Asked<T = ()> {
    Answer(T),
    Ended,
}

/// The answer to `question`, or [`Asked::Ended`] at the end of input.
fn ask(question: &str) -> Result<Asked<zeroize::Zeroizing<String>>> {
    Ok(match ui::ask_or_end(question)? {
        Some(a) => Asked::Answer(a),
        None => Asked::Ended,
    })
}

/// The answer of a question, or returns [`Asked::Ended`] from the function it is in.
macro_rules! or_stop {
    ($asked:expr) => {
        match $asked {
            Asked::Answer(a) => a,
            Asked::Ended => return Ok(Asked::Ended),
        }
    };
}

/// Asks again (up to three times) until `parse` accepts the answer or it is empty.
fn ask_until<T>(question: &str, parse: impl Fn(&str) -> Result<T>) -> Result<Asked<Option<T>>> {
    for _ in 0..3 {
        let a = or_stop!(ask(question)?);
        if a.is_empty() {
            return Ok(Asked::Answer(None));
        }
        match parse(&a) {
            Ok(v) => return Ok(Asked::Answer(Some(v))),
            // The same checks as the flags use; here the question is simply asked again.
            Err(e) => crate::errln!(
                "{}",
                crate::sanitize::field(&e.to_string().replace("; nothing was saved", ""))
            ),
        }
    }
    Ok(Asked::Answer(None))
}

/// A practice id, asked again (up to three times) when unknown; the closest one is
/// offered as the answer to take with Enter (`hug` → `hug-6s`).
fn ask_practice(question: &str) -> Result<Asked<Option<String>>> {
    for _ in 0..3 {
        let a = or_stop!(ask(question)?);
        if a.is_empty() {
            return Ok(Asked::Answer(None));
        }
        if let Ok(id) = input::practice_id(&a) {
            return Ok(Asked::Answer(Some(id)));
        }
        match input::closest_practice(&a) {
            Some(id) => match ui::confirm_yes(&format!("Did you mean `{id}`?"))? {
                Some(true) => return Ok(Asked::Answer(Some(id.to_string()))),
                Some(false) => {}
                None => return Ok(Asked::Ended),
            },
            None => crate::errln!(
                "`{}` is not a practice confide knows; `confide prompts` lists them.",
                crate::sanitize::field(a.trim())
            ),
        }
    }
    Ok(Asked::Answer(None))
}

/// The feelings named, each word not in confide's list offered its closest match
/// (Enter takes it; "n" keeps the word as written).
fn feelings(answer: &str) -> Result<Asked<Vec<String>>> {
    if answer.trim().is_empty() {
        return Ok(Asked::Answer(Vec::new()));
    }
    let known = input::emotion_words();
    let mut out: Vec<String> = Vec::new();
    for raw in answer.split(',') {
        let w = input::normalize_word(raw);
        if w.is_empty() {
            continue;
        }
        let w = match crate::content::suggest(&w, &known) {
            Some(s) if !known.contains(&w.as_str()) => match ui::confirm_yes(&format!(
                "`{}` is not in the list of feelings; did you mean `{s}`?",
                crate::sanitize::field(&w)
            ))? {
                Some(true) => s.to_string(),
                Some(false) => w,
                None => return Ok(Asked::Ended),
            },
            _ => w,
        };
        // The same checks as --feel.
        for v in input::words("emotion", &[w], &[])? {
            if !out.contains(&v) {
                out.push(v);
            }
        }
    }
    Ok(Asked::Answer(out))
}

/// Asks for what the flags did not give; [`Asked::Ended`] when input ended (Ctrl-D),
/// and then nothing is to be saved.
fn ask_missing(c: &mut Checkin, day: &str, logged: Option<Since>) -> Result<Asked> {
    if day == "today" {
        crate::errln!("Daily check-in. Press Enter to skip any question.");
    } else {
        crate::errln!(
            "Check-in for {}. Press Enter to skip any question.",
            day.trim_start_matches("on ")
        );
    }
    crate::errln!("Ctrl-D stops the check-in without saving anything.");
    if c.mood.is_none() {
        c.mood = or_stop!(ask_until(
            &if day == "today" {
                "How is your mood, from 1 (very low) to 10 (very good)?".to_string()
            } else {
                format!("How was your mood {day}, from 1 (very low) to 10 (very good)?")
            },
            |a| {
                let n: i64 = a
                    .parse()
                    .map_err(|_| crate::error::usage("please type a number from 1 to 10"))?;
                input::one_to_ten("mood", n)
            },
        )?);
    }
    if c.emotions.is_empty() {
        let a = or_stop!(ask(
            "Which feelings do you notice? (e.g. tired, hopeful, lonely)"
        )?);
        c.emotions = or_stop!(feelings(&a)?);
    }
    if c.urges.is_none()
        && let Some((last, logged)) = &logged
    {
        let since = match last {
            Some(t) => format!(
                "your last check-in ({} {})",
                input::day_said(*t, crate::model::Timestamp::now()).trim_start_matches("on "),
                t.to_datetime().format("%H:%M")
            ),
            None => format!("the start of {}", day.trim_start_matches("on ")),
        };
        match logged.len() {
            0 => crate::errln!("You logged no urges since {since}."),
            1 => crate::errln!("Since {since} you logged 1 urge:"),
            n => crate::errln!("Since {since} you logged {n} urges:"),
        }
        const SHOWN: usize = 10;
        if logged.len() > SHOWN {
            crate::errln!("  ... {} earlier ones, then:", logged.len() - SHOWN);
        }
        for l in logged.iter().skip(logged.len().saturating_sub(SHOWN)) {
            let how = match l.resisted {
                Some(true) => ", resisted",
                Some(false) => ", acted on",
                None => "",
            };
            crate::errln!(
                "  {}  intensity {}{how}",
                l.at.to_datetime().format("%a %H:%M"),
                l.intensity
            );
        }
        let others = or_stop!(ask_until(
            "Were there others you did not log? How many (Enter = none)?",
            urge_count
        )?);
        let total = (logged.len() as u64).saturating_add(u64::from(others.unwrap_or(0)));
        c.urges = Some(u32::try_from(total).unwrap_or(u32::MAX));
    }
    if c.urges.is_none() {
        c.urges = or_stop!(ask_until(
            "How many urges since your last check-in?",
            urge_count
        )?);
    }
    if c.practice_id.is_none() {
        c.practice_id = or_stop!(ask_practice(&format!(
            "Did you do a practice {day}? Type its id (`confide prompts` lists them):"
        ))?);
    }
    if c.appreciated.is_none() {
        c.appreciated = or_stop!(ask_until(
            &format!("One thing you appreciated {day}:"),
            |a| Ok(a.to_string())
        )?);
    }
    if c.note.is_none() {
        c.note = or_stop!(ask_until("Anything else you want to note?", |a| Ok(
            a.to_string()
        ))?);
    }
    Ok(Asked::Answer(()))
}
