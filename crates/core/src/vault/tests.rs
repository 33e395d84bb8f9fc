//! Unit tests of [`Vault::open`]'s options: each secret, fold, lock and the sink, on
//! small vaults in temp dirs (work factor 10).

use super::*;
use crate::model::entry::Journal;
use crate::model::{Entry, EntryBody, Timestamp};
use std::os::unix::fs::PermissionsExt;

const WORK_FACTOR: u8 = 10;

fn pass() -> SecretString {
    SecretString::from("options test passphrase".to_string())
}

fn at(minute: i64) -> Timestamp {
    Timestamp {
        unix_ms: 1_750_000_000_000 + minute * 60_000,
        offset_s: 0,
    }
}

fn journal(minute: i64) -> Entry {
    Entry::new(
        EntryBody::Journal(Journal {
            text: format!("entry {minute}"),
            mood: None,
            emotions: Vec::new(),
        }),
        at(minute),
    )
}

/// A vault with one entry in its state and `appended` records after it; its
/// recovery code.
fn vault(dir: &Path, appended: i64) -> (Vault, SecretString) {
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).unwrap();
    let v = Vault::at(dir.join("v.confide"));
    let mut state = State::new(at(0), at(0));
    state.entries.push(journal(0));
    let code = v.create(&pass(), WORK_FACTOR, &state).unwrap();
    for m in 1..=appended {
        v.append(&journal(m)).unwrap();
    }
    (v, code)
}

fn records(v: &Vault) -> usize {
    let mut f = File::open(v.path()).unwrap();
    container::scan(&mut f, container::Verify::All)
        .unwrap()
        .records()
        .count()
}

/// Counts the scrypt derivations reported to `on_kdf`.
fn kdf_counter(n: &mut usize) -> impl FnMut(bool) + '_ {
    move |start| *n += usize::from(start)
}

#[test]
fn passphrase_and_fold_now_fold_with_one_rewrite_and_keep_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (v, _) = vault(dir.path(), 2);
    assert_eq!(records(&v), 2);
    let mut kdf = 0;
    let u = v
        .open(OpenOptions::passphrase(&pass()), &mut kdf_counter(&mut kdf))
        .unwrap();
    assert_eq!(kdf, 1, "one scrypt derivation");
    assert_eq!(u.state.entries.len(), 3);
    assert_eq!(u.folded, 2);
    assert_eq!(u.folded_times, [at(1), at(2)]);
    assert!(u.passphrase.is_some(), "kept for a deletion's re-wrap");
    assert!(!u.is_read_only());
    assert!(u.notes.is_empty());
    assert_eq!(records(&v), 0, "folded into the state on disk");
    assert!(fsutil::backup_path(v.path()).is_file());
    assert!(
        lock::lock_path(v.path()).is_file(),
        "the writing lock was taken"
    );
}

#[test]
fn fold_defer_folds_in_memory_and_the_next_save_writes_them() {
    let dir = tempfile::tempdir().unwrap();
    let (v, _) = vault(dir.path(), 2);
    let before = fs::read(v.path()).unwrap();
    let mut u = v
        .open(
            OpenOptions::passphrase(&pass()).fold(Fold::Defer),
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(u.state.entries.len(), 3);
    assert_eq!(u.folded, 2);
    assert_eq!(fs::read(v.path()).unwrap(), before, "nothing written yet");
    assert!(!fsutil::backup_path(v.path()).exists());
    u.save().unwrap();
    drop(u);
    assert_eq!(records(&v), 0);
    let u = v
        .open(OpenOptions::passphrase(&pass()), &mut |_| {})
        .unwrap();
    assert_eq!(u.state.entries.len(), 3);
    assert_eq!(u.folded, 0);
}

#[test]
fn fold_in_memory_writes_nothing_and_cannot_be_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (v, _) = vault(dir.path(), 2);
    let before = fs::read(v.path()).unwrap();
    let mut u = v
        .open(
            OpenOptions::passphrase(&pass()).fold(Fold::InMemory),
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(u.state.entries.len(), 3);
    assert_eq!(u.folded, 2);
    assert!(u.notes.is_empty(), "no note: the vault itself is writable");
    assert!(matches!(u.save(), Err(Error::ReadOnly { .. })));
    drop(u);
    assert_eq!(fs::read(v.path()).unwrap(), before);
    assert!(!fsutil::backup_path(v.path()).exists());
}

#[test]
fn a_sink_gets_every_entry_in_order_and_the_rest_cannot_be_saved() {
    for appended in [0, 2] {
        let dir = tempfile::tempdir().unwrap();
        let (v, _) = vault(dir.path(), appended);
        let mut got = Vec::new();
        let mut sink = |e: Entry| got.push(e.occurred_at);
        let mut u = v
            .open(
                OpenOptions::passphrase(&pass()).sink(&mut sink),
                &mut |_| {},
            )
            .unwrap();
        assert!(
            u.state.entries.is_empty(),
            "{appended}: entries went to the sink"
        );
        assert!(
            matches!(u.save(), Err(Error::ReadOnly { .. })),
            "{appended}: saving would lose every entry"
        );
        let s = u.into_streamed();
        let want: Vec<_> = (0..=appended).map(at).collect();
        assert_eq!(got, want, "{appended}");
        assert_eq!(s.count, want.len());
        assert_eq!(s.folded, appended as usize);
        // Streaming folds first, as an ordinary unlock does.
        assert_eq!(records(&v), 0, "{appended}");
        // And the lock is released.
        v.append(&journal(9)).unwrap();
    }
}

#[test]
fn the_recovery_code_opens_in_any_spacing_and_keeps_no_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (v, code) = vault(dir.path(), 1);
    let before = fs::read(v.path()).unwrap();
    let typed = SecretString::from(code.expose_secret().to_lowercase().replace('-', " "));
    let u = v
        .open(
            OpenOptions::new(Secret::RecoveryCode(&typed)).fold(Fold::Defer),
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(u.state.entries.len(), 2);
    assert!(u.passphrase.is_none());
    assert_eq!(
        u.keys.recovery_code.expose_secret(),
        recovery::normalize(&code).unwrap().expose_secret()
    );
    drop(u);
    assert_eq!(fs::read(v.path()).unwrap(), before, "deferred: not folded");
    let wrong = recovery::generate();
    let r = v.open(OpenOptions::new(Secret::RecoveryCode(&wrong)), &mut |_| {});
    assert!(matches!(r, Err(Error::WrongRecoveryCode)));
    let garbage = SecretString::from("not a code!".to_string());
    let r = v.open(
        OpenOptions::new(Secret::RecoveryCode(&garbage)),
        &mut |_| {},
    );
    assert!(matches!(r, Err(Error::WrongRecoveryCode)));
}

#[test]
fn a_wrong_passphrase_opens_nothing_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (v, _) = vault(dir.path(), 1);
    let before = fs::read(v.path()).unwrap();
    let wrong = SecretString::from("not it".to_string());
    let r = v.open(OpenOptions::passphrase(&wrong), &mut |_| {});
    assert!(matches!(r, Err(Error::WrongPassphrase)));
    assert_eq!(fs::read(v.path()).unwrap(), before);
    let missing = Vault::at(dir.path().join("none.confide"));
    let r = missing.open(OpenOptions::passphrase(&pass()), &mut |_| {});
    assert!(matches!(r, Err(Error::NotFound(_))));
}

#[test]
fn held_keys_reopen_without_scrypt_see_new_entries_and_notice_a_key_change() {
    let dir = tempfile::tempdir().unwrap();
    let (v, _) = vault(dir.path(), 0);
    let u = v
        .open(OpenOptions::passphrase(&pass()), &mut |_| {})
        .unwrap();
    let (_, held) = u.release();
    // Released: another command can add meanwhile.
    v.append(&journal(5)).unwrap();
    let mut kdf = 0;
    let u = v
        .open(
            OpenOptions::new(Secret::Held(held)).fold(Fold::Defer),
            &mut kdf_counter(&mut kdf),
        )
        .unwrap();
    assert_eq!(kdf, 0, "no scrypt");
    assert_eq!(u.state.entries.len(), 2);
    assert!(u.passphrase.is_some(), "the held passphrase comes back");
    assert_eq!(records(&v), 1, "deferred");
    let (_, held) = u.release();
    // The key changes (passwd in another window): the held keys no longer fit.
    let mut other = v
        .open(OpenOptions::passphrase(&pass()), &mut |_| {})
        .unwrap();
    other
        .change_passphrase(&SecretString::from("new one".to_string()), None, false)
        .unwrap();
    drop(other);
    let r = v.open(OpenOptions::new(Secret::Held(held)), &mut |_| {});
    assert!(matches!(r, Err(Error::KeyChanged)));
}

#[test]
fn only_if_present_creates_no_lock_file_and_cannot_be_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (v, _) = vault(dir.path(), 1);
    let lock_file = lock::lock_path(v.path());
    let _ = fs::remove_file(&lock_file);
    let before = fs::read(v.path()).unwrap();
    let mut u = v
        .open(
            OpenOptions::passphrase(&pass())
                .fold(Fold::InMemory)
                .lock(LockMode::OnlyIfPresent),
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(u.state.entries.len(), 2);
    assert!(u.notes.is_empty());
    assert!(matches!(u.save(), Err(Error::ReadOnly { .. })));
    drop(u);
    assert!(!lock_file.exists(), "nothing created beside another copy");
    assert_eq!(fs::read(v.path()).unwrap(), before);
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn a_held_copy_is_read_under_its_lock_and_destroyed_only_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (v, _) = vault(dir.path(), 1);
    let held = v.hold_copy().unwrap();
    let u = v
        .open(
            OpenOptions::passphrase(&pass())
                .fold(Fold::Now)
                .lock(LockMode::Held(&held)),
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(u.state.entries.len(), 2);
    assert!(u.is_read_only(), "another copy is only read");
    drop(u);
    assert_eq!(records(&v), 1, "not folded: the fingerprint still matches");
    let report = v.destroy_copy(held).unwrap();
    assert!(report.complete());
    assert!(!v.exists());
}

#[test]
fn a_backup_opens_read_only_with_a_note_and_folds_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (v, _) = vault(dir.path(), 2);
    let bak = Vault::at(dir.path().join("old.confide.bak"));
    fs::copy(v.path(), bak.path()).unwrap();
    let before = fs::read(bak.path()).unwrap();
    let mut u = bak
        .open(OpenOptions::passphrase(&pass()), &mut |_| {})
        .unwrap();
    assert_eq!(u.state.entries.len(), 3, "folded in memory");
    assert_eq!(u.notes.len(), 1, "{:?}", u.notes);
    assert!(u.notes[0].contains("read-only"), "{}", u.notes[0]);
    assert!(matches!(u.save(), Err(Error::ReadOnly { .. })));
    drop(u);
    assert_eq!(fs::read(bak.path()).unwrap(), before);
    assert!(!lock::lock_path(bak.path()).exists());
}

#[test]
fn verify_counts_pending_records_without_folding() {
    let dir = tempfile::tempdir().unwrap();
    let (v, _) = vault(dir.path(), 2);
    // A duplicate of an entry the state has counts as pending, not as a new entry.
    let mut state_entry = journal(0);
    let u = v
        .open(
            OpenOptions::passphrase(&pass()).fold(Fold::InMemory),
            &mut |_| {},
        )
        .unwrap();
    state_entry.id = u.state.entries[0].id;
    drop(u);
    v.append(&state_entry).unwrap();
    let before = fs::read(v.path()).unwrap();
    let mut kdf = 0;
    let r = v.verify(&pass(), &mut kdf_counter(&mut kdf)).unwrap();
    assert_eq!(kdf, 1);
    assert_eq!(r.state_entries, 1);
    assert_eq!(r.pending_records, 3);
    assert_eq!(r.total_entries, 3);
    assert_eq!(r.work_factor, Some(WORK_FACTOR));
    assert_eq!(r.file_len, before.len() as u64);
    assert_eq!(r.torn_tail_bytes, None);
    assert!(r.notes.is_empty());
    assert_eq!(
        fs::read(v.path()).unwrap(),
        before,
        "verify changes nothing"
    );
    let wrong = SecretString::from("not it".to_string());
    assert!(matches!(
        v.verify(&wrong, &mut |_| {}),
        Err(Error::WrongPassphrase)
    ));
}

/// The version counts that tell "written by a newer confide" from damage follow the
/// envelopes this build writes: before, they lagged one version behind, so a damaged
/// current-format state was reported as coming from a newer confide (exit 9).
#[test]
fn envelope_counts_match_what_is_written() {
    use crate::model::envelope::{Record, RecordEnvelope, StateEnvelopeRef};
    let state = crate::model::State::new(at(0), at(0));
    let bytes = crypto::encode_padded(&StateEnvelopeRef::current(&state)).unwrap();
    assert_eq!(
        bytes[4],
        open::STATE_VERSIONS - 1,
        "the state envelope written"
    );
    let record = crypto::encode_padded(&RecordEnvelope::current(Record::Add(journal(0)))).unwrap();
    assert_eq!(bytes.len() % crypto::PAD_TO, 0);
    assert_eq!(
        record[4],
        open::RECORD_VERSIONS - 1,
        "the record envelope written"
    );
    // Format 10: a confide that reads up to format 9 (STATE_VERSIONS 9) says today's
    // state needs a newer confide, instead of calling it damaged; one that reads up
    // to record format 4 says so of today's records (format 5).
    assert_eq!(open::STATE_VERSIONS, 10);
    assert_eq!(open::RECORD_VERSIONS, 5);
    let v = Vault::at("/nonexistent/v.confide");
    let older = v.decode_err(
        crypto::CryptoError::Malformed("cannot decode".into()),
        &bytes,
        9,
        Tag::State,
    );
    assert!(
        matches!(&older, Error::Unsupported(m) if m.contains("newer confide") && m.contains("envelope version 10")),
        "{older:?}"
    );
    let older = v.decode_err(
        crypto::CryptoError::Malformed("cannot decode".into()),
        &record,
        4,
        Tag::Record,
    );
    assert!(
        matches!(&older, Error::Unsupported(m) if m.contains("newer confide") && m.contains("envelope version 5")),
        "{older:?}"
    );
}
