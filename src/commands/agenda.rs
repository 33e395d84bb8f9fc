//! `confide agenda`: points to raise in the next therapy session. Adding one is an
//! append (no passphrase), like `journal`; listing and closing need the passphrase.
//! A closed point is kept, with the time it was closed, and listed only with `--all`.

use super::input;
use crate::cli::{AgendaArgs, ComposeArgs};
use crate::error::usage;
use crate::export;
use crate::model::entry::Agenda;
use crate::model::{Entry, EntryBody, Timestamp};
use crate::ui;
use crate::vault::Vault;
use anyhow::Result;
use std::io::{BufWriter, Write};

pub(super) fn run(vault: &Vault, args: AgendaArgs) -> Result<()> {
    if let Some(id) = &args.done {
        return done(vault, id);
    }
    if args.text.is_empty() {
        return list(vault, args.all, args.json);
    }
    add(vault, &args)
}

/// Records a new open point; `-` as the text reads it from standard input.
fn add(vault: &Vault, args: &AgendaArgs) -> Result<()> {
    super::require_vault(vault)?;
    let text = if args.text.len() == 1 && args.text[0] == "-" {
        let t = input::read_stdin()?;
        input::validate_text("agenda point", &t)?;
        zeroize::Zeroizing::new(t.trim().to_string())
    } else {
        input::text(&args.text, &ComposeArgs::default(), None, "")?
    };
    let mut entry = Entry::new(
        EntryBody::Agenda(Agenda {
            text: text.to_string(),
            done_at: None,
        }),
        Timestamp::now(),
    );
    entry.private = args.private;
    super::record(vault, &[entry], "agenda point")?;
    crate::outln!("It will be in your next export; `confide agenda` lists what is open.")?;
    Ok(())
}

/// Lists the open points (every point with `all`), oldest first.
fn list(vault: &Vault, all: bool, json: bool) -> Result<()> {
    let mut kept: Vec<Entry> = Vec::new();
    super::unlock_streaming(vault, &mut |e| {
        if matches!(&e.body, EntryBody::Agenda(a) if all || a.is_open()) {
            kept.push(e);
        }
    })?;
    kept.sort_by_key(|e| (e.occurred_at.unix_ms, e.recorded_at.unix_ms));
    let points: Vec<&Entry> = kept.iter().collect();
    let mut out = BufWriter::new(ui::out::stdout());
    if json {
        export::json::write_list(&mut out, &points)?;
        writeln!(out)?;
    } else if points.is_empty() {
        writeln!(
            out,
            "{}",
            if all {
                "No agenda points yet. Add one with `confide agenda \"...\"`."
            } else {
                "No open agenda points. Add one with `confide agenda \"...\"`."
            }
        )?;
    } else {
        let width = ui::width();
        for e in &points {
            let EntryBody::Agenda(a) = &e.body else {
                continue;
            };
            let when = e.occurred_at.to_datetime().format("%Y-%m-%d").to_string();
            let state = match a.done_at {
                Some(t) => format!(" (done {})", t.to_datetime().format("%Y-%m-%d")),
                None => String::new(),
            };
            let used = e.id.short().len() + when.len() + state.len() + 4;
            writeln!(
                out,
                "{}  {}  {}{}",
                e.id.short(),
                when,
                ui::fit(
                    &crate::model::entry::one_line(&a.text),
                    width.saturating_sub(used).max(10)
                ),
                state
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Closes one point: an edit that records when it was closed.
fn done(vault: &Vault, id: &str) -> Result<()> {
    let mut unlocked = super::unlock(vault)?;
    let i = input::resolve_index(&unlocked.state.entries, id)?;
    let now = Timestamp::now();
    let e = &mut unlocked.state.entries[i];
    let short = e.id.short();
    let EntryBody::Agenda(a) = &mut e.body else {
        return Err(usage(format!(
            "{short} is a {} entry, not an agenda point; `confide agenda` lists the open points",
            e.body.kind()
        )));
    };
    if let Some(t) = a.done_at {
        crate::outln!(
            "Agenda point {short} was already closed on {}.",
            t.to_datetime().format("%Y-%m-%d")
        )?;
        return Ok(());
    }
    a.done_at = Some(now);
    e.edited_at = Some(now);
    unlocked.save()?;
    crate::outln!(
        "Closed agenda point {short}. It stays in your history (`confide agenda --all`)."
    )?;
    Ok(())
}

/// Closes the open points an export carried (`export --done-agenda`), in the state
/// about to be saved; returns how many were closed.
pub(super) fn close_carried(
    entries: &mut [Entry],
    ids: &[crate::model::EntryId],
    now: Timestamp,
) -> usize {
    let mut n = 0;
    for e in entries.iter_mut().filter(|e| ids.contains(&e.id)) {
        if let EntryBody::Agenda(a) = &mut e.body
            && a.done_at.is_none()
        {
            a.done_at = Some(now);
            e.edited_at = Some(now);
            n += 1;
        }
    }
    n
}
