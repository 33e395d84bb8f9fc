//! `confide practice`: check off a practice from the catalogue, no passphrase needed.

use super::input;
use crate::cli::PracticeArgs;
use crate::content;
use crate::model::entry::Practice;
use crate::model::{Entry, EntryBody};
use crate::vault::Vault;
use anyhow::Result;

pub(super) fn run(vault: &Vault, args: PracticeArgs) -> Result<()> {
    let practice_id = input::practice_id(&args.id)?;
    let note = input::note("note", args.note.as_ref())?;
    let at = input::occurred(&args.common)?;
    super::require_vault(vault)?;
    let p = content::practice(&practice_id).expect("checked above");
    let mut entry = Entry::new(EntryBody::Practice(Practice { practice_id, note }), at);
    entry.intimacy = p.types.first().copied();
    input::apply_common(&mut entry, &args.common)?;
    super::record(vault, &[entry], "practice")?;
    crate::outln!("Nice work: {} ({}).", p.name, p.skill.label())?;
    Ok(())
}
