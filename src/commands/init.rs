//! `confide init`: create the vault, show the recovery code once.

use crate::cli::InitArgs;
use crate::model::{State, Timestamp};
use crate::passphrase;
use crate::vault::{self, Vault};
use age::secrecy::ExposeSecret;
use anyhow::Result;

pub(super) fn run(vault: &Vault, args: InitArgs) -> Result<()> {
    let now = Timestamp::now();
    let start = match &args.start {
        Some(s) => super::input::when("--start", s)?,
        None => now,
    };
    if vault.exists() {
        return Err(vault::Error::Exists(vault.path().to_path_buf()).into());
    }
    let (pass, _) = super::new_passphrase(
        passphrase::read_initial_passphrase,
        args.allow_weak_passphrase,
    )?;
    let mut spinner = crate::ui::Spinner::new("Creating your vault...");
    let code = {
        let mut cb = spinner.callback();
        cb(true);
        let r = vault.create(&pass, args.work_factor, &State::new(now, start));
        cb(false);
        r?
    };
    crate::outln!("Your vault is ready: {}", vault.path().display())?;
    crate::outln!()?;
    crate::outln!("RECOVERY CODE (shown only this once):")?;
    crate::outln!()?;
    crate::outln!("    {}", code.expose_secret())?;
    crate::outln!()?;
    crate::outln!("Write it on paper and keep it somewhere safe and offline. If you ever forget")?;
    crate::outln!("your passphrase, `confide recover` and this code let you back in. Anyone")?;
    crate::outln!("with the code and a copy of the vault can read it, so guard it like a key.")?;
    crate::outln!()?;
    crate::outln!("To be able to read your vault even without confide, keep a recovery kit with")?;
    crate::outln!("your backups: `confide recovery-kit DIR` writes the steps and the script.")?;
    Ok(())
}
