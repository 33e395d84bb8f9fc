//! `confide recover`: set a new passphrase with the recovery code.

use crate::cli::RecoverArgs;
use crate::passphrase;
use crate::ui;
use crate::vault::{self, Vault};
use anyhow::Result;

pub(super) fn run(vault: &Vault, args: RecoverArgs) -> Result<()> {
    if !vault.exists() {
        return Err(vault::Error::NotFound(vault.path().to_path_buf()).into());
    }
    let code = passphrase::read_recovery_code().map_err(vault::Error::from)?;
    // The code is checked before a new passphrase is asked for, so nobody chooses
    // one for nothing. The vault is not held locked while they type.
    let held = {
        let mut spinner = ui::Spinner::new("Checking the recovery code...");
        // Not folded first: the rewrite that follows overwrites the old generations.
        let options =
            vault::OpenOptions::new(vault::Secret::RecoveryCode(&code)).fold(vault::Fold::Defer);
        let unlocked = vault.open(options, &mut spinner.callback())?;
        for w in &unlocked.warnings {
            ui::warn(w);
        }
        unlocked.release().1
    };
    crate::errln!("The recovery code is right. Now choose a new passphrase.");
    let (new, _) =
        super::new_passphrase(passphrase::read_new_passphrase, args.allow_weak_passphrase)?;
    let options = vault::OpenOptions::new(vault::Secret::Held(held)).fold(vault::Fold::Defer);
    let mut unlocked = match vault.open(options, &mut |_| {}) {
        Err(vault::Error::KeyChanged) => {
            return Err(crate::error::usage(
                "the vault's key changed while you chose a passphrase (another window?); nothing was changed, run `confide recover` again",
            ));
        }
        r => r?,
    };
    let mut spinner = ui::Spinner::new("Re-encrypting with a new key...");
    let (new_code, report) = {
        let mut cb = spinner.callback();
        cb(true);
        let r = unlocked.change_passphrase(&new, None, args.new_recovery_code);
        cb(false);
        r?
    };
    crate::outln!("Welcome back. Your new passphrase is set, and the vault key was replaced.")?;
    super::delete::print_save_report(&report)?;
    super::show_recovery_code(new_code.as_ref())?;
    Ok(())
}
