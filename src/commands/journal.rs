//! `confide journal`: append a journal entry, no passphrase needed.

use crate::cli::JournalArgs;
use crate::model::{Entry, EntryBody, Timestamp};
use crate::ui;
use crate::vault::Vault;
use anyhow::{Context, Result};
use std::io::{IsTerminal, Read};
use zeroize::Zeroizing;

/// The longest text accepted for one entry.
pub const MAX_TEXT: usize = 1024 * 1024;

pub fn run(vault: &Vault, args: JournalArgs) -> Result<()> {
    let text = read_text(args.text)?;
    let entry = Entry::new(
        EntryBody::Journal(crate::model::entry::Journal {
            text: text.to_string(),
            mood: None,
            emotions: Vec::new(),
        }),
        Timestamp::now(),
    );
    let report = vault.append(&entry)?;
    for w in &report.warnings {
        ui::warn(w);
    }
    println!("Saved journal entry {}.", entry.id.short());
    Ok(())
}

/// The entry text from the arguments, or from standard input when it is piped.
pub fn read_text(args: Vec<String>) -> Result<Zeroizing<String>> {
    let text = Zeroizing::new(if args.is_empty() {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            return Err(crate::error::usage(
                "no text given; write it after the command, e.g. confide journal \"...\", or pipe it in",
            ));
        }
        let mut buf = Vec::new();
        stdin
            .lock()
            .take(MAX_TEXT as u64 + 1)
            .read_to_end(&mut buf)
            .context("could not read the text from standard input")?;
        let buf = Zeroizing::new(buf);
        String::from_utf8(buf.to_vec())
            .map_err(|_| crate::error::usage("the text on standard input is not UTF-8"))?
    } else {
        args.join(" ")
    });
    validate_text(&text)?;
    Ok(Zeroizing::new(
        text.trim_end_matches(['\n', '\r']).to_string(),
    ))
}

/// Rejects empty and oversized text.
pub fn validate_text(text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(crate::error::usage("the text is empty; nothing was saved"));
    }
    if text.len() > MAX_TEXT {
        return Err(crate::error::usage(
            "the text is longer than 1 MiB; split it into several entries",
        ));
    }
    Ok(())
}
