//! `confide lapse`: record a lapse, or add to one already recorded, optionally with a
//! chain analysis. No passphrase needed, except to look through the last 48 hours on
//! a terminal. Worded as information, never as failure.
//!
//! One lapse is one episode, however many entries tell of it (see
//! `analysis::episodes`): `--for ID` adds to the episode of an urge or lapse, and on a
//! terminal confide first offers the recent ones, so that writing the chain analysis
//! the next morning never counts the lapse twice.

use super::input;
use crate::analysis::episodes;
use crate::cli::{ChainArgs, LapseArgs};
use crate::content::vocab;
use crate::error::usage;
use crate::model::entry::{Chain, Lapse};
use crate::model::{Entry, EntryBody, EntryId, Timestamp};
use crate::ui;
use crate::vault::Vault;
use anyhow::Result;
use std::io::IsTerminal;

/// How far back the terminal offer looks.
const OFFER_WINDOW_MS: i64 = 48 * 3_600_000;

pub(super) fn run(vault: &Vault, args: LapseArgs) -> Result<()> {
    let note = input::note("note", args.note.as_ref())?;
    let triggers = input::words("trigger", &args.triggers, vocab::TRIGGERS)?;
    let at = input::occurred(&args.common)?;
    let mut of = match &args.for_id {
        Some(s) => Some(EntryId::prefix(s).ok_or_else(|| {
            usage(format!(
                "--for takes an entry id, or its first 4 or more characters as `confide list` shows them (got `{}`); nothing was saved",
                input::shown(s)
            ))
        })?),
        None => None,
    };
    let mut chain = chain_from_flags(&args.answers)?;
    let terminal = std::io::stdin().is_terminal();
    if args.chain && chain.is_none() && !terminal {
        return Err(usage(
            "--chain asks its questions on a terminal; without one, give the answers with --vulnerability, \
             --prompting-event, --thoughts, --consequences and --next-time",
        ));
    }
    super::require_vault(vault)?;
    // On a terminal, nothing is recorded until the person has said what this is.
    if of.is_none() && terminal && !args.new {
        match offer(vault)? {
            Choice::AddTo(id) => of = Some(id.to_hex()),
            Choice::New => {}
            Choice::Stop => {
                crate::outln!("Nothing was saved.")?;
                return Ok(());
            }
        }
    }
    if args.chain && chain.is_none() {
        match ask_chain(at, Timestamp::now())? {
            None => {
                crate::outln!(
                    "The questions ended before they were done, so nothing was saved. \
                     `confide lapse --chain` starts them again whenever you are ready."
                )?;
                return Ok(());
            }
            Some(c) if c.is_empty() => {
                crate::outln!("Every question was skipped, so no chain analysis was saved.")?;
            }
            Some(c) => chain = Some(c),
        }
    }
    let lapse = Lapse {
        note,
        triggers,
        chain,
        urge: None,
        of: of.clone(),
    };
    if of.is_some() && lapse.is_blank() {
        return Err(usage(
            "there is nothing to add to that lapse yet; give --note, --trigger or a chain analysis \
             (--chain, or --vulnerability and the other answers); nothing was saved",
        ));
    }
    let mut entry = Entry::new(EntryBody::Lapse(lapse), at);
    input::apply_common(&mut entry, &args.common)?;
    super::record(vault, &[entry], "lapse")?;
    match &of {
        Some(id) => {
            crate::outln!(
                "Added to {}: one lapse, and it counts once.",
                &id[..id.len().min(8)]
            )?;
            crate::outln!("What you noticed stays with it.")?;
        }
        None => {
            crate::outln!(
                "Thank you for writing it down. A lapse is information to learn from: the streak"
            )?;
            crate::outln!(
                "starts again from here, and your totals and what you have learned stay."
            )?;
        }
    }
    super::crisis::pointer()?;
    Ok(())
}

/// What the person chose on the terminal.
enum Choice {
    /// Add to the episode of this entry.
    AddTo(EntryId),
    /// Record a new lapse.
    New,
    /// Save nothing.
    Stop,
}

/// On a terminal: offers the lapses and urges acted on of the last 48 hours (one per
/// episode, the latest first), then asks before a new lapse is recorded.
fn offer(vault: &Vault) -> Result<Choice> {
    crate::errln!("Is this about a lapse or an urge you already logged?");
    crate::errln!("  y  yes: look through the last 48 hours (asks for your passphrase)");
    crate::errln!("  n  no: record a new lapse");
    crate::errln!("  q  stop without saving anything");
    let look = loop {
        match ui::ask_or_end("Choose [Y/n/q]:")? {
            None => return Ok(Choice::Stop),
            Some(a) => match a.to_ascii_lowercase().as_str() {
                "" | "y" | "yes" => break true,
                "n" | "no" => break false,
                "q" | "quit" => return Ok(Choice::Stop),
                _ => crate::errln!("Please answer y, n or q."),
            },
        }
    };
    if look {
        let candidates = {
            let unlocked = super::unlock(vault)?;
            recent(&unlocked.state.entries, Timestamp::now())
        };
        if candidates.is_empty() {
            crate::errln!("Nothing from the last 48 hours to add to.");
        }
        for (id, said) in candidates {
            match ui::confirm_yes(&format!("Is this about {said}?"))? {
                None => return Ok(Choice::Stop),
                Some(true) => return Ok(Choice::AddTo(id)),
                Some(false) => {}
            }
        }
    }
    Ok(match ui::confirm_yes("Record a new lapse now?")? {
        Some(true) => Choice::New,
        _ => Choice::Stop,
    })
}

/// The episodes with an entry in the 48 hours before `now`, latest first: the id of
/// the entry to add to, and how to name it ("the urge you logged at 23:40 last night").
pub(super) fn recent(entries: &[Entry], now: Timestamp) -> Vec<(EntryId, String)> {
    let eps = episodes::episodes(entries);
    let from = now.unix_ms - OFFER_WINDOW_MS;
    let mut out: Vec<(i64, EntryId, String)> = eps
        .list
        .iter()
        .filter_map(|ep| {
            let latest = ep
                .members
                .iter()
                .map(|&i| {
                    entries[i]
                        .occurred_at
                        .unix_ms
                        .max(entries[i].recorded_at.unix_ms)
                })
                .max()?;
            if latest < from || ep.at.unix_ms > now.unix_ms {
                return None;
            }
            // Name it by its urge when it has one, else by its first lapse.
            let first = ep
                .urges(entries)
                .next()
                .or_else(|| ep.lapses(entries).next())?;
            let what = match &first.body {
                EntryBody::Urge(u) => format!("the urge (intensity {}) you logged", u.intensity),
                _ => "the lapse you logged".to_string(),
            };
            Some((
                ep.at.unix_ms,
                first.id,
                format!("{what} {}", when_said(first.occurred_at, now)),
            ))
        })
        .collect();
    out.sort_by_key(|(t, _, _)| std::cmp::Reverse(*t));
    out.into_iter().map(|(_, id, s)| (id, s)).collect()
}

/// "at 23:40 last night", "today at 09:10", "yesterday at 14:00", "on Sat 28 Nov at
/// 21:00": the time, said as a person would, in the entry's own offset.
pub(super) fn when_said(t: Timestamp, now: Timestamp) -> String {
    let dt = t.to_datetime();
    let today = Timestamp {
        unix_ms: now.unix_ms,
        offset_s: t.offset_s,
    }
    .to_datetime()
    .date_naive();
    let hm = dt.format("%H:%M");
    let d = dt.date_naive();
    use chrono::Timelike;
    if d == today {
        format!("today at {hm}")
    } else if today.pred_opt() == Some(d) && dt.hour() >= 18 {
        format!("at {hm} last night")
    } else if today.pred_opt() == Some(d) {
        format!("yesterday at {hm}")
    } else {
        format!("on {} at {hm}", dt.format("%a %-d %b"))
    }
}

pub(super) fn chain_from_flags(a: &ChainArgs) -> Result<Option<Chain>> {
    let c = Chain {
        vulnerability: input::note("vulnerability answer", a.vulnerability.as_ref())?,
        prompting_event: input::note("prompting event", a.prompting_event.as_ref())?,
        thoughts_feelings: input::note("thoughts answer", a.thoughts.as_ref())?,
        consequences: input::note("consequences answer", a.consequences.as_ref())?,
        next_time: input::note("next-time answer", a.next_time.as_ref())?,
    };
    Ok((!c.is_empty()).then_some(c))
}

/// The chain questions on the terminal; `None` when input ended (Ctrl-D) before the
/// last question, so that nothing half-done is saved.
fn ask_chain(at: Timestamp, now: Timestamp) -> Result<Option<Chain>> {
    // A lapse written down later: the questions are about that moment, not now.
    let led_to = if super::input::same_day(at, now) {
        "here".to_string()
    } else {
        format!("to the lapse {}", when_said(at, now))
    };
    crate::errln!(
        "A chain analysis looks at the links that led {led_to}, without blame. Press Enter to skip any question."
    );
    crate::errln!("Ctrl-D stops the questions without saving anything.");
    let mut c = Chain::default();
    let questions = [
        "What made you more vulnerable (sleep, stress, being alone, something else)?",
        "What happened just before, that set the chain off?",
        "What thoughts and feelings came up along the way?",
        "What followed, for you and for others?",
        "What would you like to try next time, at which link?",
    ];
    let slots = [
        &mut c.vulnerability,
        &mut c.prompting_event,
        &mut c.thoughts_feelings,
        &mut c.consequences,
        &mut c.next_time,
    ];
    for (q, slot) in questions.iter().zip(slots) {
        let Some(a) = ui::ask_or_end(q)? else {
            return Ok(None);
        };
        if !a.is_empty() {
            input::validate_text("answer", &a)?;
            *slot = Some(a.to_string());
        }
    }
    Ok(Some(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        Timestamp::from_datetime(chrono::DateTime::parse_from_rfc3339(s).unwrap())
    }

    #[test]
    fn times_are_said_as_a_person_would() {
        let now = at("2026-11-30T08:10:00+01:00");
        assert_eq!(
            when_said(at("2026-11-29T23:40:00+01:00"), now),
            "at 23:40 last night"
        );
        assert_eq!(
            when_said(at("2026-11-29T14:00:00+01:00"), now),
            "yesterday at 14:00"
        );
        assert_eq!(
            when_said(at("2026-11-30T07:00:00+01:00"), now),
            "today at 07:00"
        );
        assert_eq!(
            when_said(at("2026-11-28T21:00:00+01:00"), now),
            "on Sat 28 Nov at 21:00"
        );
    }
}
