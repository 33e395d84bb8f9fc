//! `confide delete`: remove entries from the vault. Asks first on a terminal; needs
//! `--yes` without one.

use super::input;
use crate::cli::DeleteArgs;
use crate::error::usage;
use crate::model::{Timestamp, Tombstone};
use crate::ui;
use crate::vault::{Fold, SaveReport, Vault};
use anyhow::Result;
use std::collections::HashSet;
use std::io::IsTerminal;

pub(super) fn run(vault: &Vault, args: DeleteArgs) -> Result<()> {
    if !args.yes && !args.ids.is_empty() && !std::io::stdin().is_terminal() {
        return Err(usage(
            "deleting needs confirmation: run it on a terminal, or pass --yes",
        ));
    }
    let mut unlocked = super::open(vault, None, Fold::Defer)?;
    let mut ids = HashSet::new();
    // Entries deleted before, by a delete that may have stopped partway: finished now.
    let mut finishing = Vec::new();
    for prefix in &args.ids {
        match input::resolve(&unlocked.state.entries, prefix) {
            Ok(e) => {
                ids.insert(e.id);
            }
            Err(err) => match deleted_before(&unlocked.state, prefix) {
                Some(id) => finishing.push(id),
                None => return Err(err),
            },
        }
    }
    if !args.yes && !ids.is_empty() {
        // The vault is not kept locked while the question waits for an answer, so an
        // urge logged from another window meanwhile goes in (and is kept).
        for e in unlocked
            .state
            .entries
            .iter()
            .filter(|e| ids.contains(&e.id))
        {
            crate::errln!(
                "  {}  {}  {}",
                e.occurred_at.to_datetime().format("%Y-%m-%d %H:%M"),
                e.body.kind(),
                ui::fit(&e.body.summary(), 50)
            );
        }
        let n = ids.len();
        let (state, keys) = unlocked.release();
        drop(state);
        if !ui::confirm(&format!(
            "Delete {n} entr{}? This cannot be undone.",
            if n == 1 { "y" } else { "ies" }
        ))? {
            crate::outln!("Nothing was deleted.")?;
            return Ok(());
        }
        unlocked = super::reopen(vault, keys, Fold::Defer, None)?;
    }
    unlocked.state.entries.retain(|e| !ids.contains(&e.id));
    // Remembered (id and time only), so that `merge` knows this entry was deleted
    // rather than never seen, and does not bring it back from another copy.
    let now = Timestamp::now();
    let mut tombstoned: Vec<_> = ids.iter().copied().collect();
    tombstoned.sort();
    for id in tombstoned {
        if !unlocked.state.tombstones.iter().any(|t| t.id == id) {
            unlocked.state.tombstones.push(Tombstone {
                id,
                deleted_at: now,
            });
        }
    }
    let spinner = ui::Spinner::new("Deleting: a new key, and the old files overwritten...");
    let report = unlocked.save_deleting()?;
    drop(spinner);
    let n = ids.len();
    if n > 0 {
        crate::outln!(
            "Deleted {n} entr{} from the vault and its backup.",
            if n == 1 { "y" } else { "ies" }
        )?;
    }
    for id in &finishing {
        crate::outln!(
            "`{}` was deleted before; now it is gone from the backup and leftover copies too.",
            id.short()
        )?;
    }
    if n == 0 && finishing.is_empty() {
        crate::outln!(
            "Finished: the vault and its backup were rewritten, and no leftover copies remain."
        )?;
    }
    print_save_report(&report)?;
    crate::outln!(
        "The vault now has a new key, and the files it replaced were overwritten. Copies elsewhere (exports, backups, synced folders) are not touched; see `confide wipe --help`."
    )?;
    Ok(())
}

/// The id of the one entry deleted before (it has a tombstone) whose id starts with
/// `prefix`, when no entry in the vault has such an id.
fn deleted_before(state: &crate::model::State, prefix: &str) -> Option<crate::model::EntryId> {
    let p = prefix.trim().to_ascii_lowercase();
    if p.is_empty() || !p.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    if state.entries.iter().any(|e| e.id.starts_with_hex(&p)) {
        return None;
    }
    let mut found = state.tombstones.iter().filter(|t| t.id.starts_with_hex(&p));
    match (found.next(), found.next()) {
        (Some(t), None) => Some(t.id),
        _ => None,
    }
}

/// What a rewrite that superseded old generations did besides: leftover copies
/// destroyed, and what the user should know.
pub(super) fn print_save_report(report: &SaveReport) -> std::io::Result<()> {
    for path in &report.leftovers {
        crate::outln!(
            "Also destroyed a leftover copy of the vault: `{}`.",
            path.display()
        )?;
    }
    for note in &report.notes {
        ui::warn(note);
    }
    Ok(())
}
