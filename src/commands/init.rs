//! `confide init`: create the vault, show the recovery code once.

use crate::cli::InitArgs;
use crate::model::{State, Timestamp, time};
use crate::vault::{self, Vault, passphrase};
use age::secrecy::ExposeSecret;
use anyhow::Result;

pub fn run(vault: &Vault, args: InitArgs) -> Result<()> {
    let now = Timestamp::now();
    let start = match &args.start {
        Some(s) => time::parse_when(s).map_err(crate::error::usage)?,
        None => now,
    };
    if start.unix_ms > now.unix_ms + 60_000 {
        return Err(crate::error::usage(
            "the start date is in the future; give today or an earlier date",
        ));
    }
    if vault.exists() {
        return Err(vault::Error::Exists(vault.path().to_path_buf()).into());
    }
    let (pass, interactive) = passphrase::read_initial_passphrase().map_err(vault::Error::from)?;
    super::check_strength(&pass, interactive, args.allow_weak_passphrase)?;
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
    Ok(())
}
