//! `confide passwd`: new passphrase, new vault key.

use crate::cli::PasswdArgs;
use crate::vault::{self, Vault, passphrase};
use anyhow::Result;

pub fn run(vault: &Vault, args: PasswdArgs) -> Result<()> {
    let mut unlocked = super::unlock(vault)?;
    let (new, interactive) = passphrase::read_new_passphrase().map_err(vault::Error::from)?;
    super::check_strength(&new, interactive, args.allow_weak_passphrase)?;
    let mut spinner = crate::ui::Spinner::new("Re-encrypting with a new key...");
    {
        let mut cb = spinner.callback();
        cb(true);
        let r = unlocked.change_passphrase(&new, args.work_factor);
        cb(false);
        r?;
    }
    println!("Passphrase changed, and the vault key was replaced.");
    println!("Older copies of the vault still open only with the old passphrase, and nothing");
    println!("written from now on can be read with it. Your recovery code still works.");
    Ok(())
}
