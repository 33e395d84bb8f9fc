//! `confide verify`: check every part, count what is inside, change nothing.

use crate::cli::VerifyArgs;
use crate::passphrase;
use crate::ui;
use crate::vault::{self, Vault};
use anyhow::Result;

pub(super) fn run(vault: &Vault, args: VerifyArgs) -> Result<()> {
    if !vault.exists() {
        return Err(vault::Error::NotFound(vault.path().to_path_buf()).into());
    }
    let (pass, _) = passphrase::read_passphrase("Passphrase").map_err(vault::Error::from)?;
    let mut spinner = ui::Spinner::new("Unlocking...");
    let r = vault.verify(&pass, &mut spinner.callback())?;
    for n in &r.notes {
        ui::note(n);
    }
    if args.json {
        let v = serde_json::json!({
            "schema": 1,
            "ok": true,
            "format_version": r.format_version,
            "work_factor": r.work_factor,
            "entries": r.total_entries,
            "state_entries": r.state_entries,
            "pending_records": r.pending_records,
            "torn_tail_bytes": r.torn_tail_bytes,
            "file_bytes": r.file_len,
            "warnings": r.warnings,
        });
        crate::outln!("{}", crate::sanitize::json::to_string_pretty(&v)?)?;
        return Ok(());
    }
    for w in &r.warnings {
        ui::warn(w);
    }
    crate::outln!(
        "The vault is intact: every part matches its checksum, and the key, the state and"
    )?;
    crate::outln!("every appended entry decrypt. (The recovery part needs the code to decrypt.)")?;
    crate::outln!("  format version   {}", r.format_version)?;
    if let Some(wf) = r.work_factor {
        crate::outln!("  work factor      {wf}")?;
    }
    crate::outln!("  entries          {}", r.total_entries)?;
    crate::outln!(
        "  waiting to fold  {} (added since the last unlock)",
        r.pending_records
    )?;
    crate::outln!("  file size        {} bytes", r.file_len)?;
    Ok(())
}
