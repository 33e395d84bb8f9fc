//! `confide delete`: remove entries from the vault. Asks first on a terminal; needs
//! `--yes` without one.

use super::input;
use crate::cli::DeleteArgs;
use crate::error::usage;
use crate::model::{Timestamp, Tombstone};
use crate::ui;
use crate::vault::Vault;
use anyhow::Result;
use std::collections::HashSet;
use std::io::IsTerminal;

pub fn run(vault: &Vault, args: DeleteArgs) -> Result<()> {
    if !args.yes && !std::io::stdin().is_terminal() {
        return Err(usage(
            "deleting needs confirmation: run it on a terminal, or pass --yes",
        ));
    }
    let mut unlocked = super::unlock_deferring_fold(vault, None)?;
    let mut ids = HashSet::new();
    for prefix in &args.ids {
        let e = input::resolve(&unlocked.state.entries, prefix)?;
        ids.insert(e.id);
    }
    if !args.yes {
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
        unlocked = match vault.reopen_deferring_fold(keys) {
            Ok(u) => u,
            Err(crate::vault::Error::KeyChanged) => super::unlock_deferring_fold(vault, None)?,
            Err(e) => return Err(e.into()),
        };
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
    unlocked.save_deleting()?;
    drop(spinner);
    let n = ids.len();
    crate::outln!(
        "Deleted {n} entr{} from the vault and its backup.",
        if n == 1 { "y" } else { "ies" }
    )?;
    crate::outln!(
        "The vault now has a new key, and the files it replaced were overwritten. Copies elsewhere (exports, backups, synced folders) are not touched; see `confide wipe --help`."
    )?;
    Ok(())
}
