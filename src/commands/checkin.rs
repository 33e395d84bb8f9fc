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
        ask_missing(&mut c, &input::day_said(at, crate::model::Timestamp::now()))?;
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

/// Asks again (up to three times) until `parse` accepts the answer or it is empty.
fn ask_until<T>(question: &str, parse: impl Fn(&str) -> Result<T>) -> Result<Option<T>> {
    for _ in 0..3 {
        let a = ui::ask(question)?;
        if a.is_empty() {
            return Ok(None);
        }
        match parse(&a) {
            Ok(v) => return Ok(Some(v)),
            // The same checks as the flags use; here the question is simply asked again.
            Err(e) => crate::errln!(
                "{}",
                crate::sanitize::field(&e.to_string().replace("; nothing was saved", ""))
            ),
        }
    }
    Ok(None)
}

fn ask_missing(c: &mut Checkin, day: &str) -> Result<()> {
    if day == "today" {
        crate::errln!("Daily check-in. Press Enter to skip any question.");
    } else {
        crate::errln!(
            "Check-in for {}. Press Enter to skip any question.",
            day.trim_start_matches("on ")
        );
    }
    if c.mood.is_none() {
        c.mood = ask_until(
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
        )?;
    }
    if c.emotions.is_empty() {
        let words = ask_until(
            "Which feelings do you notice? (e.g. tired, hopeful, lonely)",
            |a| input::words("emotion", &[a.to_string()], &input::emotion_words()),
        )?;
        c.emotions = words.unwrap_or_default();
    }
    if c.urges.is_none() {
        c.urges = ask_until("How many urges since your last check-in?", |a| {
            let n: i64 = a
                .parse()
                .map_err(|_| crate::error::usage("please type a number, like 0 or 2"))?;
            input::count("urges", n)
        })?;
    }
    if c.practice_id.is_none() {
        c.practice_id = ask_until(
            &format!("Did you do a practice {day}? Type its id (`confide prompts` lists them):"),
            input::practice_id,
        )?;
    }
    if c.appreciated.is_none() {
        c.appreciated = ask_until(&format!("One thing you appreciated {day}:"), |a| {
            Ok(a.to_string())
        })?;
    }
    if c.note.is_none() {
        c.note = ask_until("Anything else you want to note?", |a| Ok(a.to_string()))?;
    }
    Ok(())
}
