//! `confide list`: unlock and show entries, as a table or JSON.

use crate::cli::ListArgs;
use crate::export;
use crate::model::Entry;
use crate::ui;
use crate::vault::Vault;
use anyhow::Result;
use std::io::{BufWriter, Write};

pub fn run(vault: &Vault, args: ListArgs) -> Result<()> {
    let unlocked = super::unlock(vault)?;
    let mut entries: Vec<&Entry> = unlocked.state.entries.iter().collect();
    entries.sort_by_key(|e| (e.occurred_at.unix_ms, e.recorded_at.unix_ms));
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.json {
        export::json::write_list(&mut out, &entries)?;
        writeln!(out)?;
    } else {
        render_table(&mut out, &entries, ui::width(), ui::color_stdout())?;
    }
    out.flush()?;
    Ok(())
}

/// The table: when, kind, short id, one-line summary, fitted to `width` columns.
pub fn render_table<W: Write>(
    out: &mut W,
    entries: &[&Entry],
    width: usize,
    color: bool,
) -> std::io::Result<()> {
    if entries.is_empty() {
        writeln!(
            out,
            "No entries yet. Write one with `confide journal \"...\"`."
        )?;
        return Ok(());
    }
    for e in entries {
        let when = e
            .occurred_at
            .to_datetime()
            .format("%Y-%m-%d %H:%M")
            .to_string();
        let kind = e.body.kind();
        let id = e.id.short();
        let fixed = when.len() + 2 + 8 + 2 + id.len() + 2;
        let summary = ui::truncate(&e.body.summary(), width.saturating_sub(fixed).max(10));
        writeln!(
            out,
            "{}  {}  {}  {}",
            ui::paint(color, "2", &when),
            ui::paint(color, "36", &format!("{kind:<8}")),
            ui::paint(color, "33", &id),
            summary
        )?;
    }
    Ok(())
}
