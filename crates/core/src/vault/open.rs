//! The read path: one [`Vault::open`], told by [`OpenOptions`] what opens the key
//! ([`Secret`]), what happens to appended records ([`Fold`]), which lock is held
//! ([`LockMode`]) and whether entries go to a sink as they are decoded.

use super::*;
use crate::model::envelope::{Record, RecordEnvelope, StateEnvelope, StreamingEnvelope};
use crate::model::{Entry, EntryId};
use container::Verify;
use crypto::VaultIdentity;
use std::collections::HashSet;
use std::io::{Seek, SeekFrom};

/// How many `StateEnvelope` versions this build reads (v1 to v9): a part whose
/// envelope byte is this or more was written by a newer confide. The unit test
/// `envelope_counts_match_what_is_written` keeps it in step with the envelope.
pub(super) const STATE_VERSIONS: u8 = 10;
/// How many `RecordEnvelope` versions this build reads (v1 to v5).
pub(super) const RECORD_VERSIONS: u8 = 5;

/// What opens the vault's key.
pub enum Secret<'a> {
    /// The passphrase: one scrypt derivation. It is kept in the result, so a deletion
    /// can re-wrap a new identity without asking again.
    Passphrase(&'a SecretString),
    /// The recovery code (`recover`), in any spacing or case; nothing is kept.
    RecoveryCode(&'a SecretString),
    /// Keys kept from an earlier open ([`Unlocked::release`]): no passphrase, no
    /// scrypt. Fails with [`Error::KeyChanged`] when the key part changed meanwhile
    /// (`passwd` in another window).
    Held(HeldKeys),
    /// The unlock session's agent for this vault (`confide unlock`): no passphrase,
    /// no scrypt. Fails with [`Error::NoAgent`] when none is running, and with
    /// [`Error::KeyChanged`] when it holds another key.
    Agent,
}

/// What happens to the records appended since the last rewrite (and a torn tail).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fold {
    /// Folded into the state with one atomic rewrite at once (in memory only when the
    /// vault is read-only).
    Now,
    /// Folded in memory only; the caller's next rewrite includes them. For commands
    /// about to rewrite with the old generations overwritten (`delete`, `passwd`,
    /// `recover`, `merge`): a fold first would release the old backup without
    /// overwriting it.
    Defer,
    /// Folded in memory only, and nothing is ever written: the result cannot be saved
    /// (`wipe` reading its list of exports, `verify`, another copy read by `merge`).
    InMemory,
}

/// Which lock is held while the vault is open.
pub enum LockMode<'a> {
    /// The writing lock, its file created if needed. A vault confide must only read
    /// (a backup, another user's, on a read-only file system) gets the existing lock
    /// file's lock if there is one; it opens read-only, with a note saying so.
    Take,
    /// Only the lock of a lock file that is there already: nothing at all, not even a
    /// lock file, is created beside the vault (another copy read by `merge`). The
    /// result cannot be saved.
    OnlyIfPresent,
    /// The lock already held by [`Vault::hold_copy`] (`merge --remove-other`). The
    /// result cannot be saved.
    Held(&'a HeldCopy),
}

/// How to open a vault (see [`Vault::open`]): the secret, and by default
/// [`Fold::Now`], [`LockMode::Take`] and no sink.
pub struct OpenOptions<'a> {
    secret: Secret<'a>,
    fold: Fold,
    lock: LockMode<'a>,
    sink: Option<&'a mut dyn FnMut(Entry)>,
}

impl<'a> OpenOptions<'a> {
    /// Opens with `secret`, folding at once, under the writing lock, keeping entries.
    pub fn new(secret: Secret<'a>) -> Self {
        OpenOptions {
            secret,
            fold: Fold::Now,
            lock: LockMode::Take,
            sink: None,
        }
    }

    /// [`OpenOptions::new`] with the passphrase.
    pub fn passphrase(passphrase: &'a SecretString) -> Self {
        Self::new(Secret::Passphrase(passphrase))
    }

    /// What happens to appended records.
    pub fn fold(mut self, fold: Fold) -> Self {
        self.fold = fold;
        self
    }

    /// Which lock is held.
    pub fn lock(mut self, lock: LockMode<'a>) -> Self {
        self.lock = lock;
        self
    }

    /// Every entry goes to `sink` (in stored order) instead of staying in the state:
    /// for read-only commands over large vaults, which keep only what they show. With
    /// nothing to fold, entries go as they are decoded; otherwise after the fold. The
    /// result's state has no entries, so it cannot be saved; see
    /// [`Unlocked::into_streamed`].
    pub fn sink(mut self, sink: &'a mut dyn FnMut(Entry)) -> Self {
        self.sink = Some(sink);
        self
    }
}

/// What a streaming open returns ([`Unlocked::into_streamed`]) besides the entries
/// it handed over.
pub struct Streamed {
    /// Settings and remembered exports; no entries.
    pub state: State,
    /// Warnings gathered while opening.
    pub warnings: Vec<String>,
    /// How many appended records were folded in.
    pub folded: usize,
    /// When the entries folded in happened (for the commands' checks).
    pub folded_times: Vec<crate::model::Timestamp>,
    /// How many entries went to the sink.
    pub count: usize,
    /// Notes to show (the vault is read-only here).
    pub notes: Vec<String>,
    /// The opened vault, still locked, kept for [`Streamed::again`]
    /// ([`Unlocked::into_streamed_keeping`]).
    kept: Option<Box<Unlocked>>,
}

impl Streamed {
    /// Hands every entry to `sink` once more, in the order of the first time, from a
    /// second read of the file under the same lock and with the same key: no
    /// passphrase and no scrypt (through an agent, one more request to it). For a
    /// reader that could not keep every entry the first time (`list` of a large vault,
    /// writing each entry in its turn). Returns how many entries went to the sink; the caller compares it
    /// with [`Streamed::count`]. Only after [`Unlocked::into_streamed_keeping`].
    pub fn again(&mut self, sink: &mut dyn FnMut(Entry)) -> Result<usize> {
        match &self.kept {
            Some(u) => u.stream_again(sink),
            None => Err(Error::Unsupported(
                "the vault was not kept open for a second read".into(),
            )),
        }
    }
}

/// An unlocked vault: the decrypted state, the key material, and the lock, held until
/// this is dropped.
pub struct Unlocked {
    pub(super) path: PathBuf,
    _lock: Option<lock::LockGuard>,
    pub(super) keys: KeyMaterial,
    pub(super) key_part: Vec<u8>,
    pub(super) recovery_part: Vec<u8>,
    /// The passphrase it was unlocked with (none after a recovery-code unlock), kept
    /// so a deletion can re-wrap a new identity without asking again.
    pub(super) passphrase: Option<SecretString>,
    /// The decrypted state (entries and settings), with appended records folded in.
    pub state: State,
    /// Warnings gathered while opening.
    pub warnings: Vec<String>,
    /// How many appended records were folded in on open.
    pub folded: usize,
    /// When the entries folded in on open happened.
    pub folded_times: Vec<crate::model::Timestamp>,
    /// Notes to show (the vault is read-only here).
    pub notes: Vec<String>,
    pub(super) needs_rewrite: bool,
    /// Why nothing may be written, when opened read-only.
    pub(super) read_only: Option<ReadOnly>,
    /// What the scan of the file found (for `verify`).
    pub(super) scanned: Scanned,
    /// How many entries went to the sink, when one was given.
    handed: Option<usize>,
}

/// What the scan of the file found as it was opened.
#[derive(Clone, Copy, Debug)]
pub(super) struct Scanned {
    /// Container format version.
    pub(super) format_version: u16,
    /// File size.
    pub(super) file_len: u64,
    /// Bytes of a torn final record, if any.
    pub(super) torn_tail_bytes: Option<u64>,
}

/// The secret, ready to open the key part.
enum Key<'a> {
    Passphrase(&'a SecretString),
    /// Normalized.
    RecoveryCode(SecretString),
    Held(KeyMaterial, Vec<u8>),
    Agent,
}

/// A copy held for `merge --remove-other`: its lock, held from before it is read
/// until it is destroyed, and what the file was when it was read.
pub struct HeldCopy {
    _lock: lock::LockGuard,
    seen: Fingerprint,
}

/// What identifies a file's contents: device, inode, size, modification time and the
/// SHA-256 of its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Fingerprint {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
    sha256: Vec<u8>,
}

impl Fingerprint {
    fn of(path: &Path) -> io::Result<Fingerprint> {
        use sha2::{Digest, Sha256};
        use std::os::unix::fs::MetadataExt;
        let mut file = File::open(path)?;
        let meta = file.metadata()?;
        let mut hasher = Sha256::new();
        io::copy(&mut file, &mut hasher)?;
        Ok(Fingerprint {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            sha256: hasher.finalize().to_vec(),
        })
    }

    /// What differs from `other`, in words, or `None`.
    fn difference(&self, now: &Fingerprint) -> Option<&'static str> {
        if (self.dev, self.ino) != (now.dev, now.ino) {
            Some("it was replaced by another file")
        } else if self.len != now.len {
            Some("its size changed")
        } else if self.mtime != now.mtime {
            Some("it was written to")
        } else if self.sha256 != now.sha256 {
            Some("its contents changed")
        } else {
            None
        }
    }
}

impl Vault {
    /// The one way to open a vault: checks every part's structure and checksum,
    /// opens the key with the secret (`on_kdf` is told when the slow key derivation
    /// starts, `true`, and ends, `false`), decrypts the state and the appended
    /// records, and folds them in as `options` say. Damage is reported ahead of a
    /// wrong secret.
    pub fn open(&self, options: OpenOptions<'_>, on_kdf: &mut dyn FnMut(bool)) -> Result<Unlocked> {
        let OpenOptions {
            secret,
            fold,
            lock,
            sink,
        } = options;
        let (key, passphrase) = match secret {
            Secret::Passphrase(p) => (Key::Passphrase(p), Some(p.clone())),
            Secret::RecoveryCode(code) => (
                Key::RecoveryCode(recovery::normalize(code).ok_or(Error::WrongRecoveryCode)?),
                None,
            ),
            Secret::Held(HeldKeys {
                keys,
                key_part,
                passphrase,
            }) => (Key::Held(keys, key_part), passphrase),
            Secret::Agent => {
                // Asked before anything is read: a read with no session running costs
                // no more than it did before sessions existed.
                if !super::agent::reachable(&self.path) {
                    return Err(Error::NoAgent);
                }
                (Key::Agent, None)
            }
        };
        self.require()?;
        let (guard, read_only, noted) = match lock {
            LockMode::Take => {
                let (guard, read_only) = self.lock_for_reading()?;
                (guard, read_only, true)
            }
            LockMode::OnlyIfPresent => (
                lock::acquire_existing(&self.path).map_err(lock_err)?,
                Some(ReadOnly::only_reading()),
                false,
            ),
            LockMode::Held(_) => (None, Some(ReadOnly::only_reading()), false),
        };
        let streaming = sink.is_some();
        let mut sink = sink;
        let mut count = 0usize;
        let mut counting = |e: Entry| {
            count += 1;
            if let Some(sink) = sink.as_deref_mut() {
                sink(e);
            }
        };
        // Held keys and an agent need no scrypt, so there is nothing for the state's
        // checksum to hide behind: see `decrypt_state`.
        let quick = matches!(key, Key::Held(..) | Key::Agent);
        let mut u = self.open_locked(
            guard,
            streaming.then_some(&mut counting as &mut dyn FnMut(Entry)),
            quick,
            |key_part, recovery_part| self.key_material(key, on_kdf, key_part, recovery_part),
        )?;
        u.passphrase = passphrase;
        if let Some(r) = read_only {
            if noted {
                u.notes.push(r.note(&self.path));
            }
            u.read_only = Some(r);
        }
        match fold {
            Fold::Now => u.fold_if_needed()?,
            Fold::Defer => {}
            Fold::InMemory => u.only_reading(),
        }
        if streaming {
            std::mem::take(&mut u.state.entries)
                .into_iter()
                .for_each(&mut counting);
            u.handed = Some(count);
            // Its state has no entries: saving it would lose them all.
            u.only_reading();
        }
        Ok(u)
    }

    /// The lock for opening: the writing lock when the vault can be written, else
    /// (a backup, another user's, a read-only file system) the existing lock file's
    /// lock if there is one, and why the vault is read-only.
    fn lock_for_reading(&self) -> Result<(Option<lock::LockGuard>, Option<ReadOnly>)> {
        let read_only = match self.read_only() {
            Some(r) => r,
            None => match lock::acquire(&self.path) {
                Ok(guard) => return Ok((Some(guard), None)),
                Err(lock::LockError::ReadOnly(_, e)) => ReadOnly::place(&e),
                Err(e) => return Err(self.lock_err(e)),
            },
        };
        let guard = lock::acquire_existing(&self.path).map_err(|e| self.lock_err(e))?;
        Ok((guard, Some(read_only)))
    }

    /// The key material: from the key part (passphrase, held keys) or the recovery
    /// part (recovery code).
    fn key_material(
        &self,
        key: Key<'_>,
        on_kdf: &mut dyn FnMut(bool),
        key_part: &[u8],
        recovery_part: &[u8],
    ) -> Result<KeyMaterial> {
        match key {
            Key::Passphrase(p) => self.passphrase_keys(p, on_kdf, key_part),
            Key::RecoveryCode(code) => self.recovery_keys(code, on_kdf, recovery_part),
            Key::Held(keys, held_part) => {
                if key_part != held_part.as_slice() {
                    return Err(Error::KeyChanged);
                }
                // Keys from an agent work only while it still holds them.
                match &keys.identity {
                    VaultIdentity::Agent(a) if !a.alive() => Err(Error::KeyChanged),
                    _ => Ok(keys),
                }
            }
            Key::Agent => match super::agent::connect(&self.path, key_part)? {
                Some(agent) => Ok(KeyMaterial {
                    identity: VaultIdentity::Agent(agent),
                    recovery_code: SecretString::from(String::new()),
                }),
                None => Err(Error::NoAgent),
            },
        }
    }

    /// The key material in `key_part`, opened with the passphrase.
    fn passphrase_keys(
        &self,
        passphrase: &SecretString,
        on_kdf: &mut dyn FnMut(bool),
        key_part: &[u8],
    ) -> Result<KeyMaterial> {
        on_kdf(true);
        let r = crypto::decrypt_with_passphrase(passphrase, key_part);
        on_kdf(false);
        match r {
            Ok(pt) => crypto::parse_identity_file(&pt)
                .map_err(|e| self.crypto_err(e, Tag::Key))
                .and_then(|(identity, code)| {
                    let recovery_code =
                        code.ok_or_else(|| self.damaged("the key part has no recovery code"))?;
                    Ok(KeyMaterial {
                        identity: VaultIdentity::Own(identity),
                        recovery_code,
                    })
                }),
            Err(CryptoError::WrongSecret) | Err(CryptoError::NotForThisIdentity) => {
                Err(Error::WrongPassphrase)
            }
            Err(e) => Err(self.crypto_err(e, Tag::Key)),
        }
    }

    /// The key material in `recovery_part`, opened with the (normalized) recovery
    /// code.
    fn recovery_keys(
        &self,
        code: SecretString,
        on_kdf: &mut dyn FnMut(bool),
        recovery_part: &[u8],
    ) -> Result<KeyMaterial> {
        on_kdf(true);
        let r = crypto::decrypt_with_passphrase(&code, recovery_part);
        on_kdf(false);
        match r {
            Ok(pt) => {
                let (identity, _) = crypto::parse_identity_file(&pt)
                    .map_err(|e| self.crypto_err(e, Tag::Recovery))?;
                Ok(KeyMaterial {
                    identity: VaultIdentity::Own(identity),
                    recovery_code: code,
                })
            }
            Err(CryptoError::WrongSecret) | Err(CryptoError::NotForThisIdentity) => {
                Err(Error::WrongRecoveryCode)
            }
            Err(e) => Err(self.crypto_err(e, Tag::Recovery)),
        }
    }

    /// What an unlock session's agent needs, from the passphrase: the identity in the
    /// key part (one scrypt, `on_kdf` told as for [`Vault::open`]) checked against
    /// the header. Nothing else is decrypted, so this costs the same for any size.
    pub fn agent_handoff(
        &self,
        passphrase: &SecretString,
        idle: std::time::Duration,
        cap: std::time::Duration,
        on_kdf: &mut dyn FnMut(bool),
    ) -> Result<super::agent::Handoff> {
        self.require()?;
        let mut file = File::open(&self.path)
            .map_err(io_err(format!("could not open `{}`", self.path.display())))?;
        let layout = container::scan(&mut file, Verify::KeysOnly).map_err(|e| self.parse_err(e))?;
        let key_part =
            read_part(&mut file, &layout.part(Tag::Key)).map_err(|e| self.parse_err(e))?;
        let keys = self.passphrase_keys(passphrase, on_kdf, &key_part)?;
        self.check_recipient(&layout, &keys.identity)?;
        let own = keys.identity.own().ok_or(Error::NoAgent)?;
        super::agent::Handoff::new(&self.path, idle, cap, own, &key_part)
            .map_err(|e| Error::Unsupported(e.to_string()))
    }

    /// Takes another copy's lock for `merge --remove-other`, creating its lock file if
    /// needed, and notes what the file is before it is read. The lock is held until
    /// the copy is destroyed ([`Vault::destroy_copy`]), so no confide can add to it
    /// meanwhile; anything that ignores the lock (a sync service) is caught by the
    /// fingerprint.
    pub fn hold_copy(&self) -> Result<HeldCopy> {
        self.require()?;
        let lock = lock::acquire(&self.path).map_err(|e| self.lock_err(e))?;
        let seen = Fingerprint::of(&self.path)
            .map_err(io_err(format!("could not read `{}`", self.path.display())))?;
        Ok(HeldCopy { _lock: lock, seen })
    }

    /// Destroys a copy held by [`Vault::hold_copy`] as `wipe` does, only if its device,
    /// inode, size, modification time and SHA-256 are still what they were when it
    /// was read; otherwise refuses, with what changed.
    pub fn destroy_copy(&self, held: HeldCopy) -> Result<wipe::Report> {
        fsutil::pause_point("destroy-copy");
        let now = Fingerprint::of(&self.path).map_err(|e| {
            Error::CopyChanged(
                self.path.clone(),
                format!("it could not be read again: {e}"),
            )
        })?;
        if let Some(what) = held.seen.difference(&now) {
            return Err(Error::CopyChanged(self.path.clone(), what.into()));
        }
        self.wipe_locked(held._lock, &[])
    }

    fn check_recipient(&self, layout: &Layout, identity: &VaultIdentity) -> Result<()> {
        if identity.to_public().to_string() != layout.header.recipient {
            return Err(Error::Tampered {
                what: "vault header was tampered with: its public key is not this vault's key, so entries added to it could be read by someone else".into(),
                restore: self.backup_hint(),
            });
        }
        Ok(())
    }

    /// The state part, decrypted. With a `sink`, each entry of a current-format state
    /// goes to it instead of into the returned state (whose entries are then empty);
    /// an older format is read whole and its entries are then handed over. With
    /// `check_on_failure` (the caller has not checked the part's checksum: the key came
    /// at once, with no passphrase to tell damage apart from), the checksum is checked
    /// only if decrypting fails, so damage is still reported as damage; when it
    /// succeeds, age has authenticated every byte.
    fn decrypt_state(
        &self,
        file: &mut File,
        layout: &Layout,
        identity: &VaultIdentity,
        sink: Option<&mut dyn FnMut(Entry)>,
        check_on_failure: bool,
    ) -> Result<State> {
        let part = layout.part(Tag::State);
        file.seek(SeekFrom::Start(part.payload))
            .map_err(io_err("could not read the vault"))?;
        // One pass, decoding while decrypting. Should that fail (damage, a field
        // larger than the decoder holds, a newer envelope), the whole plaintext is
        // read again the simple way, which also gives the precise error.
        let mut sink = sink;
        // Entries already handed over before a failed streaming pass; the full read
        // that follows decodes the same bytes, so it skips exactly these.
        let mut handed = 0usize;
        let streamed = match sink.as_deref_mut() {
            Some(sink) => crypto::decrypt_decode(
                identity,
                (&mut *file).take(part.len),
                StreamingEnvelope {
                    sink: &mut |e| {
                        handed += 1;
                        sink(e)
                    },
                },
            ),
            None => crypto::decrypt_decode(
                identity,
                (&mut *file).take(part.len),
                std::marker::PhantomData::<StateEnvelope>,
            )
            .map(StateEnvelope::into_current),
        };
        if streamed.is_err()
            && check_on_failure
            && !container::checksum_ok(file, &part).map_err(|e| self.parse_err(e))?
        {
            return Err(self.damaged("the state part's checksum does not match"));
        }
        if let Ok(state) = streamed {
            return Ok(state);
        }
        file.seek(SeekFrom::Start(part.payload))
            .map_err(io_err("could not read the vault"))?;
        let hint = usize::try_from(part.len).unwrap_or(usize::MAX);
        let pt = crypto::decrypt_from(identity, (&mut *file).take(part.len), hint)
            .map_err(|e| self.crypto_err(e, Tag::State))?;
        let env: StateEnvelope = crypto::decode_padded(&pt)
            .map_err(|e| self.decode_err(e, &pt, STATE_VERSIONS, Tag::State))?;
        let mut state = env.into_current();
        if let Some(sink) = sink {
            state.entries.drain(..).skip(handed).for_each(sink);
        }
        Ok(state)
    }

    fn decrypt_record(
        &self,
        file: &mut File,
        part: &container::PartRef,
        identity: &VaultIdentity,
    ) -> Result<Record> {
        file.seek(SeekFrom::Start(part.payload))
            .map_err(io_err("could not read the vault"))?;
        let pt = crypto::decrypt_from(identity, (&mut *file).take(part.len), part.len as usize)
            .map_err(|e| self.crypto_err(e, Tag::Record))?;
        let env: RecordEnvelope = crypto::decode_padded(&pt)
            .map_err(|e| self.decode_err(e, &pt, RECORD_VERSIONS, Tag::Record))?;
        Ok(env.into_current())
    }

    /// The state with the appended records folded in (in memory), how many records
    /// there were and when their new entries happened. With a `sink` and nothing to
    /// fold, the state's entries go to the sink as they are decoded; with `check`, the
    /// state part's checksum is checked if decrypting it fails.
    fn read_entries(
        &self,
        file: &mut File,
        layout: &Layout,
        identity: &VaultIdentity,
        sink: Option<&mut dyn FnMut(Entry)>,
        check: bool,
    ) -> Result<(State, usize, Vec<crate::model::Timestamp>)> {
        let records: Vec<_> = layout.records().copied().collect();
        // Only a vault with nothing to fold streams: a fold needs every entry.
        let sink = sink.filter(|_| records.is_empty() && layout.torn_tail.is_none());
        // A file's key the agent did not give (it ended, or is busy) fails decryption
        // as a wrong key would: that is the session's end, not damage.
        let agent_gone = |e: Error| match identity {
            VaultIdentity::Agent(a) if a.failed() => Error::NoAgent,
            _ => e,
        };
        let mut state = self
            .decrypt_state(file, layout, identity, sink, check)
            .map_err(agent_gone)?;
        let mut folded = 0;
        let mut folded_times = Vec::new();
        if !records.is_empty() {
            let mut ids: HashSet<EntryId> = state.entries.iter().map(|e| e.id).collect();
            for part in &records {
                let Record::Add(entry) = self
                    .decrypt_record(file, part, identity)
                    .map_err(agent_gone)?;
                if ids.insert(entry.id) {
                    folded_times.push(entry.occurred_at);
                    state.entries.push(entry);
                }
                folded += 1;
            }
        }
        Ok((state, folded, folded_times))
    }

    /// Opens under `lock` (taken already; none for a copy only being read without a
    /// lock file); with a `sink`, and nothing appended to fold, the state's entries go
    /// to the sink as they are decoded.
    fn open_locked(
        &self,
        lock: Option<lock::LockGuard>,
        sink: Option<&mut dyn FnMut(Entry)>,
        quick: bool,
        get_keys: impl FnOnce(&[u8], &[u8]) -> Result<KeyMaterial>,
    ) -> Result<Unlocked> {
        let mut warnings = fsutil::permission_warnings(&self.path);
        let mut file = File::open(&self.path)
            .map_err(io_err(format!("could not open `{}`", self.path.display())))?;
        // Structure and the small key parts first; the state and records are checked
        // on the other core while scrypt runs, and both finish before anything but the
        // key part is decrypted. Damage is reported ahead of a wrong passphrase.
        let mut layout =
            container::scan(&mut file, Verify::KeysOnly).map_err(|e| self.parse_err(e))?;
        let key_part =
            read_part(&mut file, &layout.part(Tag::Key)).map_err(|e| self.parse_err(e))?;
        let recovery_part =
            read_part(&mut file, &layout.part(Tag::Recovery)).map_err(|e| self.parse_err(e))?;
        // With a quick key (no scrypt to run beside) the state part, by far the
        // largest, is left out here: age authenticates it as it is decrypted, and its
        // checksum is checked only if that fails (see `decrypt_state`).
        let checker = {
            let mut check = layout.clone();
            if quick {
                check.parts.retain(|p| p.tag != Tag::State);
            }
            let mut file = file
                .try_clone()
                .map_err(io_err("could not read the vault"))?;
            std::thread::spawn(move || {
                container::verify_checksums(&mut file, &mut check, Verify::AllButKeys)
                    .map(|()| check.torn_tail)
            })
        };
        let keys = get_keys(&key_part, &recovery_part);
        match checker.join() {
            Ok(Ok(torn_tail)) => {
                layout.torn_tail = torn_tail;
                if let Some(t) = torn_tail {
                    layout.parts.retain(|p| p.start < t);
                }
            }
            Ok(Err(e)) => return Err(self.parse_err(e)),
            Err(_) => return Err(self.damaged("checking the checksums failed")),
        }
        let keys = match keys {
            // Damage first, as when the checksums are checked beside scrypt.
            Err(e) if quick => {
                let state = layout.part(Tag::State);
                return match container::checksum_ok(&mut file, &state) {
                    Ok(false) => Err(self.damaged("the state part's checksum does not match")),
                    Err(d) => Err(self.parse_err(d)),
                    Ok(true) => Err(e),
                };
            }
            keys => keys?,
        };
        self.check_recipient(&layout, &keys.identity)?;
        let (state, folded, folded_times) =
            self.read_entries(&mut file, &layout, &keys.identity, sink, quick)?;
        if let Some(t) = layout.torn_tail {
            warnings.push(torn_warning(layout.file_len - t));
        }
        // A torn tail is cut by the same rewrite that folds records.
        let needs_rewrite = folded > 0 || layout.torn_tail.is_some();
        Ok(Unlocked {
            path: self.path.clone(),
            _lock: lock,
            keys,
            key_part,
            recovery_part,
            passphrase: None,
            state,
            warnings,
            folded,
            folded_times,
            needs_rewrite,
            notes: Vec::new(),
            read_only: None,
            scanned: Scanned {
                format_version: layout.header.version,
                file_len: layout.file_len,
                torn_tail_bytes: layout.torn_tail.map(|t| layout.file_len - t),
            },
            handed: None,
        })
    }
}

/// The SHA-256 of the key part of the vault at `path` (the unlock session's agent
/// checks it is still the key it holds). Reads the header and the key part only.
pub(super) fn key_part_digest(path: &std::path::Path) -> std::result::Result<[u8; 32], ParseError> {
    use sha2::Digest;
    let mut file = File::open(path)?;
    let layout = container::scan(&mut file, Verify::KeysOnly)?;
    let part = read_part(&mut file, &layout.part(Tag::Key))?;
    Ok(sha2::Sha256::digest(&part).into())
}

fn read_part(
    file: &mut File,
    part: &container::PartRef,
) -> std::result::Result<Vec<u8>, ParseError> {
    file.seek(SeekFrom::Start(part.payload))?;
    let mut buf = vec![0u8; part.len as usize];
    file.read_exact(&mut buf)?;
    Ok(buf)
}

/// Key material kept while the vault is released (an editor is open), so the vault
/// can be reopened without asking for the passphrase again.
pub struct HeldKeys {
    keys: KeyMaterial,
    key_part: Vec<u8>,
    passphrase: Option<SecretString>,
}

impl HeldKeys {
    /// Whether these are an unlock session's (which may end while they are held).
    pub fn through_agent(&self) -> bool {
        self.keys.identity.own().is_none()
    }
}

impl Unlocked {
    /// Releases the lock and keeps the keys; the state is handed back.
    pub fn release(self) -> (State, HeldKeys) {
        let Unlocked {
            keys,
            key_part,
            passphrase,
            state,
            ..
        } = self;
        (
            state,
            HeldKeys {
                keys,
                key_part,
                passphrase,
            },
        )
    }

    /// What an unlock session's agent needs to hold this vault's key (`agent = true`
    /// in the config file); `None` when it was opened through an agent already.
    pub fn agent_handoff(
        &self,
        idle: std::time::Duration,
        cap: std::time::Duration,
    ) -> Option<super::agent::Handoff> {
        let own = self.keys.identity.own()?;
        super::agent::Handoff::new(&self.path, idle, cap, own, &self.key_part).ok()
    }

    /// The vault's public recipient.
    pub fn recipient(&self) -> String {
        self.keys.identity.to_public().to_string()
    }

    /// The key part's scrypt work factor.
    pub fn work_factor(&self) -> u8 {
        crypto::scrypt_work_factor(&self.key_part).unwrap_or(crypto::DEFAULT_WORK_FACTOR)
    }

    /// After an open with a sink: the lock is released, and what is left besides the
    /// entries handed over is returned.
    pub fn into_streamed(mut self) -> Streamed {
        let warnings = std::mem::take(&mut self.warnings);
        let folded = self.folded;
        let folded_times = std::mem::take(&mut self.folded_times);
        let notes = std::mem::take(&mut self.notes);
        let count = self.handed.unwrap_or(0);
        let (state, _) = self.release();
        Streamed {
            state,
            warnings,
            folded,
            folded_times,
            count,
            notes,
            kept: None,
        }
    }

    /// As [`Unlocked::into_streamed`], but the lock and the key are kept (until the
    /// result is dropped), so [`Streamed::again`] can read the entries once more.
    pub fn into_streamed_keeping(mut self) -> Streamed {
        let state = State {
            entries: Vec::new(),
            ..self.state.clone()
        };
        let mut streamed = Streamed {
            state,
            warnings: std::mem::take(&mut self.warnings),
            folded: self.folded,
            folded_times: std::mem::take(&mut self.folded_times),
            count: self.handed.unwrap_or(0),
            notes: std::mem::take(&mut self.notes),
            kept: None,
        };
        streamed.kept = Some(Box::new(self));
        streamed
    }

    /// The entries once more, to `sink`, as [`Streamed::again`] says.
    fn stream_again(&self, sink: &mut dyn FnMut(Entry)) -> Result<usize> {
        let vault = Vault {
            path: self.path.clone(),
            link: None,
        };
        // An unlock session that ended between the two reads no longer unwraps keys.
        if let VaultIdentity::Agent(a) = &self.keys.identity
            && !a.alive()
        {
            return Err(Error::NoAgent);
        }
        let mut file = File::open(&self.path)
            .map_err(io_err(format!("could not open `{}`", self.path.display())))?;
        let mut layout =
            container::scan(&mut file, Verify::KeysOnly).map_err(|e| vault.parse_err(e))?;
        let key_part =
            read_part(&mut file, &layout.part(Tag::Key)).map_err(|e| vault.parse_err(e))?;
        if key_part != self.key_part {
            return Err(Error::KeyChanged);
        }
        // The records' checksums here; the state's only if decrypting it fails.
        let mut check = layout.clone();
        check.parts.retain(|p| p.tag != Tag::State);
        container::verify_checksums(&mut file, &mut check, Verify::AllButKeys)
            .map_err(|e| vault.parse_err(e))?;
        layout.torn_tail = check.torn_tail;
        if let Some(t) = check.torn_tail {
            layout.parts.retain(|p| p.start < t);
        }
        vault.check_recipient(&layout, &self.keys.identity)?;
        let mut count = 0usize;
        let mut counting = |e: Entry| {
            count += 1;
            sink(e);
        };
        let (state, _, _) = vault.read_entries(
            &mut file,
            &layout,
            &self.keys.identity,
            Some(&mut counting),
            true,
        )?;
        // Records to fold: the entries come after the fold, as the first time.
        state.entries.into_iter().for_each(&mut counting);
        Ok(count)
    }

    /// From now on nothing may be written from this (unless it is read-only already,
    /// whose reason stays).
    fn only_reading(&mut self) {
        self.read_only.get_or_insert_with(ReadOnly::only_reading);
    }

    /// Whether this vault was opened read-only (nothing can be saved).
    pub fn is_read_only(&self) -> bool {
        self.read_only.is_some()
    }
}
