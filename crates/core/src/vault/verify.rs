//! `verify`: every part checked and counted through the same open as every other
//! command, with nothing written.

use super::*;
use crate::model::EntryId;
use std::collections::HashSet;

/// What `verify` found.
#[derive(Debug)]
pub struct VerifyReport {
    /// Container format version.
    pub format_version: u16,
    /// scrypt work factor of the key part.
    pub work_factor: Option<u8>,
    /// Entries in the compacted state.
    pub state_entries: usize,
    /// Appended records not yet folded in.
    pub pending_records: usize,
    /// Entries after folding (state plus new records).
    pub total_entries: usize,
    /// Bytes of a torn final record, if any.
    pub torn_tail_bytes: Option<u64>,
    /// File size.
    pub file_len: u64,
    /// Warnings (permissions, torn tail).
    pub warnings: Vec<String>,
    /// Notes (read-only here).
    pub notes: Vec<String>,
}

impl Vault {
    /// Checks every part with the passphrase and counts what is inside, without
    /// changing anything: it opens as every command does ([`Vault::open`]), with the
    /// appended records folded in memory only.
    pub fn verify(
        &self,
        passphrase: &SecretString,
        on_kdf: &mut dyn FnMut(bool),
    ) -> Result<VerifyReport> {
        let u = self.open(
            OpenOptions::passphrase(passphrase).fold(Fold::InMemory),
            on_kdf,
        )?;
        // Every record folded in memory was either a new entry (its time is in
        // `folded_times`) or one the state already had.
        let state_entries = u.state.entries.len() - u.folded_times.len();
        let ids: HashSet<EntryId> = u.state.entries.iter().map(|e| e.id).collect();
        Ok(VerifyReport {
            format_version: u.scanned.format_version,
            work_factor: crypto::scrypt_work_factor(&u.key_part),
            state_entries,
            pending_records: u.folded,
            total_entries: ids.len(),
            torn_tail_bytes: u.scanned.torn_tail_bytes,
            file_len: u.scanned.file_len,
            warnings: u.warnings,
            notes: u.notes,
        })
    }
}
