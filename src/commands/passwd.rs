//! `confide passwd`: new passphrase, new vault key.

use crate::cli::PasswdArgs;
use crate::passphrase;
use crate::vault::{self, Vault};
use anyhow::Result;

pub(super) fn run(vault: &Vault, args: PasswdArgs) -> Result<()> {
    if !vault.exists() {
        return Err(vault::Error::NotFound(vault.path().to_path_buf()).into());
    }
    // Both passphrases are read before the vault is locked, so entries added from
    // another window while someone types are not kept waiting.
    let (current, _) =
        passphrase::read_passphrase("Current passphrase").map_err(vault::Error::from)?;
    let (new, _) =
        super::new_passphrase(passphrase::read_new_passphrase, args.allow_weak_passphrase)?;
    let mut unlocked = super::open(vault, Some(&current), vault::Fold::Defer)?;
    let mut spinner = crate::ui::Spinner::new("Re-encrypting with a new key...");
    let (code, report) = {
        let mut cb = spinner.callback();
        cb(true);
        let r = unlocked.change_passphrase(&new, args.work_factor, args.new_recovery_code);
        cb(false);
        r?
    };
    crate::outln!("Passphrase changed, and the vault key was replaced.")?;
    crate::outln!(
        "The old passphrase opens only copies of the vault made before now; entries you"
    )?;
    crate::outln!("write from now on are encrypted to the new key.")?;
    super::delete::print_save_report(&report)?;
    super::show_recovery_code(code.as_ref())?;
    Ok(())
}
