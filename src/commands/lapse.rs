//! `confide lapse`: record a lapse, optionally with a chain analysis. No passphrase
//! needed. Worded as information, never as failure.

use super::input;
use crate::cli::{ChainArgs, LapseArgs};
use crate::content::vocab;
use crate::model::entry::{Chain, Lapse};
use crate::model::{Entry, EntryBody};
use crate::ui;
use crate::vault::Vault;
use anyhow::Result;
use std::io::IsTerminal;

pub fn run(vault: &Vault, args: LapseArgs) -> Result<()> {
    let note = input::note("note", args.note.as_ref())?;
    let triggers = input::words("trigger", &args.triggers, vocab::TRIGGERS)?;
    let at = input::occurred(&args.common)?;
    let mut chain = chain_from_flags(&args.answers)?;
    if args.chain && chain.is_none() {
        if !std::io::stdin().is_terminal() {
            return Err(crate::error::usage(
                "--chain asks its questions on a terminal; without one, give the answers with --vulnerability, \
                 --prompting-event, --thoughts, --consequences and --next-time",
            ));
        }
        super::require_vault(vault)?;
        chain = Some(ask_chain()?);
    }
    super::require_vault(vault)?;
    let mut entry = Entry::new(
        EntryBody::Lapse(Lapse {
            note,
            triggers,
            chain,
            urge: None,
        }),
        at,
    );
    input::apply_common(&mut entry, &args.common)?;
    super::record(vault, &[entry], "lapse")?;
    println!("Thank you for writing it down. A lapse is information, not failure: the streak");
    println!("starts again from here, and your totals and what you have learned stay.");
    Ok(())
}

fn chain_from_flags(a: &ChainArgs) -> Result<Option<Chain>> {
    let c = Chain {
        vulnerability: input::note("vulnerability answer", a.vulnerability.as_ref())?,
        prompting_event: input::note("prompting event", a.prompting_event.as_ref())?,
        thoughts_feelings: input::note("thoughts answer", a.thoughts.as_ref())?,
        consequences: input::note("consequences answer", a.consequences.as_ref())?,
        next_time: input::note("next-time answer", a.next_time.as_ref())?,
    };
    Ok(c.fields().iter().any(|(_, _, v)| v.is_some()).then_some(c))
}

fn ask_chain() -> Result<Chain> {
    eprintln!(
        "A chain analysis looks at the links that led here, without blame. Press Enter to skip any question."
    );
    let mut c = Chain::default();
    let questions = [
        "What made you more vulnerable today (sleep, stress, being alone, something else)?",
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
        let a = ui::ask(q)?;
        if !a.is_empty() {
            input::validate_text("answer", &a)?;
            *slot = Some(a.to_string());
        }
    }
    Ok(c)
}
