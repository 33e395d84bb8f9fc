//! `confide journal`: append a journal entry, no passphrase needed.

use super::input;
use crate::cli::JournalArgs;
use crate::model::entry::Journal;
use crate::model::{Entry, EntryBody};
use crate::vault::Vault;
use anyhow::Result;

pub(super) fn run(vault: &Vault, args: JournalArgs) -> Result<()> {
    // Every value is checked before the editor opens or anything is written.
    let mood = args
        .mood
        .map(|m| input::one_to_ten("mood", m))
        .transpose()?;
    let emotions = input::words("emotion", &args.feel, &input::emotion_words())?;
    let intimacy = args.intimacy.as_deref().map(input::intimacy).transpose()?;
    let at = input::occurred(&args.common)?;
    super::require_vault(vault)?;
    let text = input::text(&args.text, &args.compose, None, "")?;
    let mut entry = Entry::new(
        EntryBody::Journal(Journal {
            text: text.to_string(),
            mood,
            emotions,
        }),
        at,
    );
    entry.intimacy = intimacy;
    input::apply_common(&mut entry, &args.common)?;
    super::record(vault, &[entry], "journal entry")
}
