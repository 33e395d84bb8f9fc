//! The vault: the one module that touches the vault file.
//!
//! A vault is one file: a plaintext header (magic, version, the public recipient), a
//! key part (the X25519 identity, encrypted with the passphrase by age scrypt), a
//! recovery part (the same identity, encrypted with the recovery code), a state part
//! (every entry and setting, encrypted to the identity's recipient) and zero or more
//! appended records (one new entry each, encrypted to the recipient, so adding needs no
//! passphrase). Unlocking costs one scrypt derivation; any unlocked command folds the
//! appended records into the state with one atomic rewrite.
//!
//! Submodules: `container` (bytes), `crypto` (age), `source` (why no secret), `lock`,
//! `fsutil` (atomic writes, permissions), `recovery` (codes).

pub mod container;
pub mod crypto;
pub mod fsutil;
pub mod lock;
pub mod placement;
pub mod recovery;
pub mod shred;
pub mod wipe;

use crate::model::envelope::{
    Record, RecordEnvelope, StateEnvelope, StateEnvelopeRef, StreamingEnvelope,
};
use crate::model::{Entry, EntryId, State};
use age::secrecy::{ExposeSecret, SecretString};
use age::x25519;
use container::{Layout, ParseError, Tag, Verify};
use crypto::{CryptoError, KeyMaterial};
use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub mod source;
pub use source::SourceError;

/// Everything that can go wrong with a vault. Which exit code each gives is decided
/// in one place, `crate::error::exit_kind`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No vault at the path.
    #[error("no vault at `{}`; create one with `confide init` or point to yours with --vault", .0.display())]
    NotFound(PathBuf),
    /// `init` found a vault already.
    #[error("a vault already exists at `{}`; confide will not overwrite it (use --vault for another path)", .0.display())]
    Exists(PathBuf),
    /// The passphrase did not open the key part.
    #[error(
        "wrong passphrase: it does not open this vault (nothing was changed); if it is lost, use `confide recover` with your recovery code"
    )]
    WrongPassphrase,
    /// The recovery code did not open the recovery part.
    #[error(
        "that recovery code does not open this vault (nothing was changed); check it against the one you wrote down"
    )]
    WrongRecoveryCode,
    /// Structural damage or a checksum mismatch.
    #[error("the vault `{}` is damaged: {detail}; nothing was changed. {hint}Run `confide verify` for details", .path.display())]
    Damaged {
        /// The vault.
        path: PathBuf,
        /// What is wrong.
        detail: String,
        /// Where a previous generation can be found, if one exists.
        hint: String,
    },
    /// The header does not match the identity, or a part belongs to another vault.
    #[error("{what}; do not add entries to this copy: restore {restore}a copy you trust")]
    Tampered {
        /// What does not belong to this vault.
        what: String,
        /// "`<vault>.bak` or " when a backup exists, else empty.
        restore: String,
    },
    /// Written by a newer confide, or needs more work than we accept.
    #[error("{0}")]
    Unsupported(String),
    /// The key changed (passwd in another window) while the vault was released.
    #[error("the vault's key was changed by another confide meanwhile")]
    KeyChanged,
    /// Another process holds the lock.
    #[error("the vault is busy: another confide process holds `{}`; wait for it to finish, then try again", .0.display())]
    Locked(PathBuf),
    /// The lock file is a symbolic link or another user's.
    #[error("confide will not use the lock file `{}`: {why}, so someone else could hold or redirect it; remove it and try again", .0.display(), why = .1)]
    UntrustedLock(PathBuf, String),
    /// confide will not write here: a read-only place, a backup, another user's file.
    #[error("confide will not change `{}`: {why}; nothing was saved. {hint}", .path.display())]
    ReadOnly {
        /// The vault.
        path: PathBuf,
        /// Why it is read-only.
        why: String,
        /// What to do.
        hint: String,
    },
    /// `merge --remove-other`: the other copy changed after it was read.
    #[error("the other copy `{}` changed after it was read ({what}), so it was not removed: merge it again to take in what changed", .0.display(), what = .1)]
    CopyChanged(PathBuf, String),
    /// No passphrase could be read.
    #[error(transparent)]
    Passphrase(#[from] SourceError),
    /// An I/O failure, with what confide was doing. The system's reason is the
    /// source, which `crate::error::one_line` prints after the context.
    #[error("{context}")]
    Io {
        /// What was being done.
        context: String,
        /// The error.
        source: io::Error,
    },
}

type Result<T> = std::result::Result<T, Error>;

/// How many `StateEnvelope` versions this build reads.
const STATE_VERSIONS: u8 = 5;
/// How many `RecordEnvelope` versions this build reads.
const RECORD_VERSIONS: u8 = 2;

fn io_err(context: impl Into<String>) -> impl FnOnce(io::Error) -> Error {
    let context = context.into();
    move |source| Error::Io { context, source }
}

/// A vault at a path (which may not exist yet).
#[derive(Clone, Debug)]
pub struct Vault {
    path: PathBuf,
    /// The path as given, when it was a symbolic link to `path`.
    link: Option<PathBuf>,
}

/// Why a vault is opened read-only, and what to do to write to it.
#[derive(Clone, Debug)]
struct ReadOnly {
    why: String,
    hint: String,
}

impl ReadOnly {
    /// The vault's folder or file system cannot be written (the lock file could not
    /// be created: `e`).
    fn place(e: &io::Error) -> ReadOnly {
        ReadOnly {
            why: if e.raw_os_error() == Some(rustix::io::Errno::ROFS.raw_os_error()) {
                "it is on a read-only file system".into()
            } else {
                "its folder cannot be written to by you".into()
            },
            hint: "Copy it somewhere you can write to, or make its folder writable".into(),
        }
    }

    /// The one-line note for a command that only reads.
    fn note(&self, path: &Path) -> String {
        format!(
            "reading `{}` read-only ({}): nothing will be saved to it",
            path.display(),
            self.why
        )
    }
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

/// What an append did besides appending.
#[derive(Debug, Default)]
pub struct AppendReport {
    /// Warnings to show (a torn tail cut off, loose permissions).
    pub warnings: Vec<String>,
}

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

/// What [`Vault::unlock_streaming`] returns besides the entries it handed over.
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
}

/// An unlocked vault: the decrypted state, the key material, and the lock, held until
/// this is dropped.
pub struct Unlocked {
    path: PathBuf,
    _lock: Option<lock::LockGuard>,
    keys: KeyMaterial,
    key_part: Vec<u8>,
    recovery_part: Vec<u8>,
    /// The passphrase it was unlocked with (none after a recovery-code unlock), kept
    /// so a deletion can re-wrap a new identity without asking again.
    passphrase: Option<SecretString>,
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
    needs_rewrite: bool,
    /// Why nothing may be written, when opened read-only.
    read_only: Option<ReadOnly>,
}

impl Vault {
    /// The vault at `path`, taken as it is.
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Vault {
            path: path.into(),
            link: None,
        }
    }

    /// The vault named by `given`, resolved once, before anything else: a final
    /// symbolic link is followed (to the end of a chain of them) and the folder is made
    /// canonical, so the lock, every rewrite, `delete`, `wipe` and `doctor` all act on
    /// the real file, and a rewrite never replaces the link with a local file.
    pub fn resolve(given: impl Into<PathBuf>) -> Result<Self> {
        const MAX_LINKS: usize = 40;
        let given = given.into();
        let mut path = given.clone();
        let mut links = 0;
        while fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            links += 1;
            if links > MAX_LINKS {
                return Err(Error::Io {
                    context: format!(
                        "`{}` is a chain of more than {MAX_LINKS} symbolic links (a loop?); point --vault at the vault file itself",
                        given.display()
                    ),
                    source: io::Error::other("too many symbolic links"),
                });
            }
            let target = fs::read_link(&path).map_err(io_err(format!(
                "could not follow the symbolic link `{}`",
                path.display()
            )))?;
            path = fsutil::parent(&path).join(target);
        }
        if let (Ok(dir), Some(name)) = (fs::canonicalize(fsutil::parent(&path)), path.file_name()) {
            path = dir.join(name);
        }
        let link = (links > 0).then_some(given);
        Ok(Vault { path, link })
    }

    /// Its path (resolved, when made by [`Vault::resolve`]).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The symbolic link the vault was named by, if it was.
    pub fn link(&self) -> Option<&Path> {
        self.link.as_deref()
    }

    /// Why confide must only read this vault, if it must: a backup (`*.bak`), or a
    /// file or folder that belongs to another user. (A read-only file system is found
    /// when the lock file cannot be created.)
    fn read_only(&self) -> Option<ReadOnly> {
        if self.path.extension().is_some_and(|e| e == "bak") {
            let stem = self
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let stem = stem.strip_suffix(".confide").unwrap_or(&stem);
            let copy = self.path.with_file_name(format!("{stem}-restored.confide"));
            return Some(ReadOnly {
                why: "it is a backup, and confide opens backups read-only".into(),
                hint: format!(
                    "To use it as your vault, copy it first: `cp {} {}`, then pass --vault with the copy",
                    crate::sanitize::shell_quote(&self.path),
                    crate::sanitize::shell_quote(&copy)
                ),
            });
        }
        fsutil::foreign_owner(&self.path).map(|why| ReadOnly {
            why,
            hint: "Someone else could have put their own vault there. Run confide as the user who owns it, or keep your vault in a folder you own".into(),
        })
    }

    /// Fails, before anything is typed, when this vault cannot be written: a backup,
    /// another user's, a read-only file system, an untrusted lock file.
    pub fn check_writable(&self) -> Result<()> {
        self.lock().map(drop)
    }

    /// Fails when confide must not write this vault.
    fn writable(&self) -> Result<()> {
        match self.read_only() {
            Some(r) => Err(self.read_only_err(r)),
            None => Ok(()),
        }
    }

    fn read_only_err(&self, r: ReadOnly) -> Error {
        Error::ReadOnly {
            path: self.path.clone(),
            why: r.why,
            hint: r.hint,
        }
    }

    /// The lock for a command that may write: exclusive, on a lock file created if
    /// needed. Refused for a vault confide must only read.
    fn lock(&self) -> Result<lock::LockGuard> {
        self.writable()?;
        lock::acquire(&self.path).map_err(|e| self.lock_err(e))
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

    fn lock_err(&self, e: lock::LockError) -> Error {
        match e {
            lock::LockError::ReadOnly(_, e) => self.read_only_err(ReadOnly::place(&e)),
            e => lock_err(e),
        }
    }

    /// Whether the file exists.
    pub fn exists(&self) -> bool {
        self.path.exists()
    }

    fn require(&self) -> Result<()> {
        if self.path.is_file() {
            Ok(())
        } else {
            Err(Error::NotFound(self.path.clone()))
        }
    }

    fn damaged(&self, detail: impl Into<String>) -> Error {
        let backup = fsutil::backup_path(&self.path);
        let hint = if backup.is_file() {
            format!("The previous generation is in `{}`. ", backup.display())
        } else {
            String::new()
        };
        Error::Damaged {
            path: self.path.clone(),
            detail: detail.into(),
            hint,
        }
    }

    fn parse_err(&self, e: ParseError) -> Error {
        match e {
            ParseError::NotAVault => {
                self.damaged("it is not a confide vault (its first bytes are wrong)")
            }
            ParseError::UnsupportedVersion { got, supported } => Error::Unsupported(format!(
                "the vault says it uses format version {got}, but this confide reads version {supported}; \
                 install a newer confide (if no newer confide ever wrote it, the file is damaged: run `confide verify`)"
            )),
            ParseError::Damaged(d) => self.damaged(d),
            ParseError::Io(e) => Error::Io {
                context: format!("could not read `{}`", self.path.display()),
                source: e,
            },
        }
    }

    /// Creates a new vault. Fails if one exists. Returns the recovery code, to be
    /// shown once.
    pub fn create(
        &self,
        passphrase: &SecretString,
        work_factor: u8,
        state: &State,
    ) -> Result<SecretString> {
        if self.exists() {
            return Err(Error::Exists(self.path.clone()));
        }
        let dir = fsutil::parent(&self.path);
        fsutil::create_private_dir(&dir)
            .map_err(io_err(format!("could not create `{}`", dir.display())))?;
        let _lock = self.lock()?;
        if self.exists() {
            return Err(Error::Exists(self.path.clone()));
        }
        let keys = KeyMaterial {
            identity: x25519::Identity::generate(),
            recovery_code: recovery::generate(),
        };
        let key_part = crypto::encrypt_with_passphrase(
            passphrase,
            work_factor,
            &crypto::key_part_plaintext(&keys),
        );
        let recovery_part = crypto::encrypt_with_passphrase(
            &keys.recovery_code,
            work_factor,
            &crypto::recovery_part_plaintext(&keys.identity),
        );
        let tmp = write_temp_generation(
            &self.path,
            &keys.identity.to_public(),
            &key_part,
            &recovery_part,
            state,
        )?;
        // hard_link refuses to replace an existing file: a vault created meanwhile by
        // anything that ignores our lock is never overwritten.
        let linked = match fs::hard_link(&tmp, &self.path) {
            Ok(()) => {
                let _ = fs::remove_file(&tmp);
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let _ = fs::remove_file(&tmp);
                return Err(Error::Exists(self.path.clone()));
            }
            // File systems without hard links: we hold the lock and checked that no
            // vault exists, so a rename is safe against other confide processes.
            Err(_) if !self.exists() => fs::rename(&tmp, &self.path),
            Err(e) => Err(e),
        };
        if let Err(e) = linked {
            let _ = fs::remove_file(&tmp);
            return Err(Error::Io {
                context: format!("could not create `{}`", self.path.display()),
                source: e,
            });
        }
        fsutil::sync_dir(&dir).map_err(io_err("could not sync the vault directory"))?;
        Ok(keys.recovery_code)
    }

    /// Appends one entry without the passphrase: encrypts it to the header's recipient
    /// and writes it at the end of the file, under the lock, fsync'ed. Costs the same
    /// whatever the vault's size.
    pub fn append(&self, entry: &Entry) -> Result<AppendReport> {
        self.append_many(std::slice::from_ref(entry))
    }

    /// Appends several entries with one write and one fsync (an urge acted on and its
    /// lapse go in together or not at all).
    pub fn append_many(&self, entries: &[Entry]) -> Result<AppendReport> {
        self.require()?;
        let mut report = AppendReport {
            warnings: fsutil::permission_warnings(&self.path),
        };
        let _lock = self.lock()?;
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&self.path)
            .map_err(io_err(format!("could not open `{}`", self.path.display())))?;
        let layout =
            container::scan(&mut file, Verify::LastRecord).map_err(|e| self.parse_err(e))?;
        let recipient = x25519::Recipient::from_str(&layout.header.recipient)
            .map_err(|_| self.damaged("the header's recipient is not an age recipient"))?;
        if let Some(torn) = layout.torn_tail {
            report.warnings.push(torn_warning(layout.file_len - torn));
        }
        let mut part = Vec::new();
        for entry in entries {
            let plaintext =
                crypto::encode_padded(&RecordEnvelope::current(Record::Add(entry.clone())))
                    .map_err(io_err("could not encode the entry"))?;
            let ciphertext = crypto::encrypt_to(
                &recipient,
                &plaintext,
                Vec::with_capacity(plaintext.len() + 256),
            )
            .map_err(io_err("could not encrypt the entry"))?;
            part.extend(container::encode_part(Tag::Record, &ciphertext));
        }
        let offset = layout.append_offset();
        let write = (|| {
            if layout.torn_tail.is_some() {
                file.set_len(offset)?;
            }
            file.seek(SeekFrom::Start(offset))?;
            file.write_all(&part)?;
            file.sync_data()
        })();
        if let Err(e) = write {
            // Leave the file as it was: cut off whatever part of the record got in.
            let _ = file.set_len(offset);
            let _ = file.sync_data();
            return Err(Error::Io {
                context: format!(
                    "could not write to `{}`; the entry was not saved",
                    self.path.display()
                ),
                source: e,
            });
        }
        Ok(report)
    }

    /// Unlocks with the passphrase: one scrypt derivation, then the state and any
    /// appended records, which are folded in with one atomic rewrite. `on_kdf` is told
    /// when the slow key derivation starts (`true`) and ends (`false`).
    pub fn unlock(
        &self,
        passphrase: &SecretString,
        on_kdf: &mut dyn FnMut(bool),
    ) -> Result<Unlocked> {
        let mut u = self.unlock_deferring_fold(passphrase, on_kdf)?;
        u.fold_if_needed()?;
        Ok(u)
    }

    /// Unlocks without folding appended records into a new generation first: for
    /// commands that are about to rewrite with the old generations overwritten
    /// (`delete`, `passwd`). A fold first would release the old backup without
    /// overwriting it. The rewrite that follows includes the appended records.
    pub fn unlock_deferring_fold(
        &self,
        passphrase: &SecretString,
        on_kdf: &mut dyn FnMut(bool),
    ) -> Result<Unlocked> {
        let mut u = self.open_with_passphrase(passphrase, on_kdf, None)?;
        u.passphrase = Some(passphrase.clone());
        Ok(u)
    }

    /// Reads the state with the passphrase and changes nothing on disk (appended
    /// records are folded in memory only): for `wipe`, which must not leave a
    /// released generation behind by rewriting first.
    pub fn read_state(
        &self,
        passphrase: &SecretString,
        on_kdf: &mut dyn FnMut(bool),
    ) -> Result<State> {
        let u = self.open_with_passphrase(passphrase, on_kdf, None)?;
        let (state, _) = u.release();
        Ok(state)
    }

    /// Reads another copy of a vault (`merge`) with the passphrase and writes nothing
    /// at all beside it: appended records are folded in memory only, and no lock file
    /// is created (the lock is taken only if its file is there already). Returns the
    /// state and the warnings gathered.
    pub fn read_copy(
        &self,
        passphrase: &SecretString,
        on_kdf: &mut dyn FnMut(bool),
    ) -> Result<(State, Vec<String>)> {
        self.read_copy_held(None, passphrase, on_kdf)
    }

    /// [`Vault::read_copy`] under a lock already held by [`Vault::hold_copy`].
    pub fn read_copy_held(
        &self,
        held: Option<&HeldCopy>,
        passphrase: &SecretString,
        on_kdf: &mut dyn FnMut(bool),
    ) -> Result<(State, Vec<String>)> {
        self.require()?;
        let lock = match held {
            Some(_) => None,
            None => lock::acquire_existing(&self.path).map_err(lock_err)?,
        };
        let u = self.open_locked(lock, None, |key_part, _| {
            self.passphrase_keys(passphrase, on_kdf, key_part)
        })?;
        let warnings = u.warnings.clone();
        let (state, _) = u.release();
        Ok((state, warnings))
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

    /// Reads every entry into `sink` (in stored order) instead of keeping them: for
    /// read-only commands over large vaults, which keep only what they show. Appended
    /// records are folded in with a rewrite first, as [`Vault::unlock`] does. The
    /// returned state has no entries.
    pub fn unlock_streaming(
        &self,
        passphrase: &SecretString,
        on_kdf: &mut dyn FnMut(bool),
        sink: &mut dyn FnMut(Entry),
    ) -> Result<Streamed> {
        let mut count = 0usize;
        let mut counting = |e: Entry| {
            count += 1;
            sink(e)
        };
        let mut u = self.open_with_passphrase(passphrase, on_kdf, Some(&mut counting))?;
        u.passphrase = Some(passphrase.clone());
        u.fold_if_needed()?;
        let entries = std::mem::take(&mut u.state.entries);
        entries.into_iter().for_each(&mut counting);
        let warnings = std::mem::take(&mut u.warnings);
        let folded = u.folded;
        let folded_times = std::mem::take(&mut u.folded_times);
        let notes = std::mem::take(&mut u.notes);
        let (state, _) = u.release();
        Ok(Streamed {
            state,
            warnings,
            folded,
            folded_times,
            count,
            notes,
        })
    }

    fn open_with_passphrase(
        &self,
        passphrase: &SecretString,
        on_kdf: &mut dyn FnMut(bool),
        sink: Option<&mut dyn FnMut(Entry)>,
    ) -> Result<Unlocked> {
        self.open_sinking(sink, |key_part, _| {
            self.passphrase_keys(passphrase, on_kdf, key_part)
        })
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
                        identity,
                        recovery_code,
                    })
                }),
            Err(CryptoError::WrongSecret) | Err(CryptoError::NotForThisIdentity) => {
                Err(Error::WrongPassphrase)
            }
            Err(e) => Err(self.crypto_err(e, Tag::Key)),
        }
    }

    /// Unlocks with the recovery code instead of the passphrase.
    pub fn unlock_with_recovery_code(
        &self,
        code: &SecretString,
        on_kdf: &mut dyn FnMut(bool),
    ) -> Result<Unlocked> {
        let code = recovery::normalize(code).ok_or(Error::WrongRecoveryCode)?;
        let u = self.open_with(|_, recovery_part| {
            on_kdf(true);
            let r = crypto::decrypt_with_passphrase(&code, recovery_part);
            on_kdf(false);
            match r {
                Ok(pt) => {
                    let (identity, _) = crypto::parse_identity_file(&pt)
                        .map_err(|e| self.crypto_err(e, Tag::Recovery))?;
                    Ok(KeyMaterial {
                        identity,
                        recovery_code: code.clone(),
                    })
                }
                Err(CryptoError::WrongSecret) | Err(CryptoError::NotForThisIdentity) => {
                    Err(Error::WrongRecoveryCode)
                }
                Err(e) => Err(self.crypto_err(e, Tag::Recovery)),
            }
        })?;
        // Not folded: `recover` rewrites at once, with the old generations overwritten.
        Ok(u)
    }

    /// Checks every part with the passphrase and counts what is inside, without
    /// changing anything (appended records are decrypted but not folded).
    pub fn verify(
        &self,
        passphrase: &SecretString,
        on_kdf: &mut dyn FnMut(bool),
    ) -> Result<VerifyReport> {
        self.require()?;
        let (_lock, read_only) = self.lock_for_reading()?;
        let mut file = File::open(&self.path)
            .map_err(io_err(format!("could not open `{}`", self.path.display())))?;
        let layout = container::scan(&mut file, Verify::All).map_err(|e| self.parse_err(e))?;
        let key_part =
            read_part(&mut file, &layout.part(Tag::Key)).map_err(|e| self.parse_err(e))?;
        on_kdf(true);
        let r = crypto::decrypt_with_passphrase(passphrase, &key_part);
        on_kdf(false);
        let pt = match r {
            Ok(pt) => pt,
            Err(CryptoError::WrongSecret) | Err(CryptoError::NotForThisIdentity) => {
                return Err(Error::WrongPassphrase);
            }
            Err(e) => return Err(self.crypto_err(e, Tag::Key)),
        };
        let (identity, _) =
            crypto::parse_identity_file(&pt).map_err(|e| self.crypto_err(e, Tag::Key))?;
        self.check_recipient(&layout, &identity)?;
        let state = self.decrypt_state(&mut file, &layout, &identity, None)?;
        let state_entries = state.entries.len();
        let mut ids: HashSet<EntryId> = state.entries.iter().map(|e| e.id).collect();
        let mut pending = 0;
        for part in layout.records() {
            let Record::Add(entry) = self.decrypt_record(&mut file, part, &identity)?;
            ids.insert(entry.id);
            pending += 1;
        }
        let mut warnings = fsutil::permission_warnings(&self.path);
        let torn_tail_bytes = layout.torn_tail.map(|t| layout.file_len - t);
        if let Some(n) = torn_tail_bytes {
            warnings.push(torn_warning(n));
        }
        Ok(VerifyReport {
            format_version: layout.header.version,
            work_factor: crypto::scrypt_work_factor(&key_part),
            state_entries,
            pending_records: pending,
            total_entries: ids.len(),
            torn_tail_bytes,
            file_len: layout.file_len,
            warnings,
            notes: read_only.map(|r| r.note(&self.path)).into_iter().collect(),
        })
    }

    fn crypto_err(&self, e: CryptoError, tag: Tag) -> Error {
        match e {
            CryptoError::ExcessiveWork(n) => Error::Unsupported(format!(
                "the vault's {} part asks for scrypt work factor {n}, above the limit of {}; it was not made by confide, or was tampered with",
                container::name(tag),
                crypto::MAX_WORK_FACTOR
            )),
            CryptoError::NotForThisIdentity => Error::Tampered {
                what: format!(
                    "the vault's {} part is not encrypted to this vault's key (it comes from elsewhere)",
                    container::name(tag)
                ),
                restore: self.backup_hint(),
            },
            CryptoError::Io(e) => Error::Io {
                context: format!("could not read `{}`", self.path.display()),
                source: e,
            },
            CryptoError::WrongSecret | CryptoError::Malformed(_) => {
                let detail = match e {
                    CryptoError::Malformed(m) => m,
                    _ => "it does not decrypt".into(),
                };
                self.damaged(format!(
                    "the {} part cannot be read ({detail})",
                    container::name(tag)
                ))
            }
        }
    }

    /// A decode failure whose version tag is beyond what this build knows means a newer
    /// confide wrote it, not damage: the part decrypted, so its bytes are authentic.
    fn decode_err(&self, e: CryptoError, plaintext: &[u8], known: u8, tag: Tag) -> Error {
        if let Some(&v) = plaintext.get(4)
            && v >= known
        {
            return Error::Unsupported(format!(
                "the vault's {} part was written by a newer confide (envelope version {}); install a newer confide",
                container::name(tag),
                u32::from(v) + 1
            ));
        }
        self.crypto_err(e, tag)
    }

    /// "`<vault>.bak` or " when a backup exists, for the tamper message.
    fn backup_hint(&self) -> String {
        let backup = fsutil::backup_path(&self.path);
        if backup.is_file() {
            format!("`{}` or ", backup.display())
        } else {
            String::new()
        }
    }

    fn check_recipient(&self, layout: &Layout, identity: &x25519::Identity) -> Result<()> {
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
    /// an older format is read whole and its entries are then handed over.
    fn decrypt_state(
        &self,
        file: &mut File,
        layout: &Layout,
        identity: &x25519::Identity,
        sink: Option<&mut dyn FnMut(Entry)>,
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
        identity: &x25519::Identity,
    ) -> Result<Record> {
        file.seek(SeekFrom::Start(part.payload))
            .map_err(io_err("could not read the vault"))?;
        let pt = crypto::decrypt_from(identity, (&mut *file).take(part.len), part.len as usize)
            .map_err(|e| self.crypto_err(e, Tag::Record))?;
        let env: RecordEnvelope = crypto::decode_padded(&pt)
            .map_err(|e| self.decode_err(e, &pt, RECORD_VERSIONS, Tag::Record))?;
        Ok(env.into_current())
    }

    /// Opens again with key material kept from an earlier unlock (no passphrase, no
    /// scrypt), re-reading the file so entries added meanwhile are kept.
    pub fn reopen(&self, held: HeldKeys) -> Result<Unlocked> {
        self.reopen_with(held, true)
    }

    /// Like [`Vault::reopen`], without folding (see [`Vault::unlock_deferring_fold`]).
    pub fn reopen_deferring_fold(&self, held: HeldKeys) -> Result<Unlocked> {
        self.reopen_with(held, false)
    }

    fn reopen_with(&self, held: HeldKeys, fold: bool) -> Result<Unlocked> {
        let HeldKeys {
            keys,
            key_part: held_part,
            passphrase,
        } = held;
        let mut u = self.open_with(|key_part, _| {
            if key_part == held_part.as_slice() {
                Ok(keys)
            } else {
                Err(Error::KeyChanged)
            }
        })?;
        u.passphrase = passphrase;
        if !fold {
            return Ok(u);
        }
        u.fold_if_needed()?;
        Ok(u)
    }

    fn open_with(
        &self,
        get_keys: impl FnOnce(&[u8], &[u8]) -> Result<KeyMaterial>,
    ) -> Result<Unlocked> {
        self.open_sinking(None, get_keys)
    }

    /// Opens; with a `sink`, and nothing appended to fold, the state's entries go to
    /// the sink as they are decoded (see [`Vault::unlock_streaming`]).
    fn open_sinking(
        &self,
        sink: Option<&mut dyn FnMut(Entry)>,
        get_keys: impl FnOnce(&[u8], &[u8]) -> Result<KeyMaterial>,
    ) -> Result<Unlocked> {
        self.require()?;
        let (lock, read_only) = self.lock_for_reading()?;
        let mut u = self.open_locked(lock, sink, get_keys)?;
        if let Some(r) = read_only {
            u.notes.push(r.note(&self.path));
            u.read_only = Some(r);
        }
        Ok(u)
    }

    /// [`Vault::open_sinking`] with the lock already taken (or, for a copy only being
    /// read, possibly not).
    fn open_locked(
        &self,
        lock: Option<lock::LockGuard>,
        sink: Option<&mut dyn FnMut(Entry)>,
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
        let checker = {
            let mut layout = layout.clone();
            let mut file = file
                .try_clone()
                .map_err(io_err("could not read the vault"))?;
            std::thread::spawn(move || {
                container::verify_checksums(&mut file, &mut layout, Verify::AllButKeys)
                    .map(|()| layout)
            })
        };
        let keys = get_keys(&key_part, &recovery_part);
        match checker.join() {
            Ok(Ok(checked)) => layout = checked,
            Ok(Err(e)) => return Err(self.parse_err(e)),
            Err(_) => return Err(self.damaged("checking the checksums failed")),
        }
        let keys = keys?;
        self.check_recipient(&layout, &keys.identity)?;
        let records: Vec<_> = layout.records().copied().collect();
        // Only a vault with nothing to fold streams: a fold needs every entry.
        let sink = sink.filter(|_| records.is_empty() && layout.torn_tail.is_none());
        let mut state = self.decrypt_state(&mut file, &layout, &keys.identity, sink)?;
        let mut folded = 0;
        let mut folded_times = Vec::new();
        if !records.is_empty() {
            let mut ids: HashSet<EntryId> = state.entries.iter().map(|e| e.id).collect();
            for part in &records {
                let Record::Add(entry) = self.decrypt_record(&mut file, part, &keys.identity)?;
                if ids.insert(entry.id) {
                    folded_times.push(entry.occurred_at);
                    state.entries.push(entry);
                }
                folded += 1;
            }
        }
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
        })
    }
}

fn lock_err(e: lock::LockError) -> Error {
    match e {
        lock::LockError::Busy(p) => Error::Locked(p),
        lock::LockError::Untrusted(p, why) => Error::UntrustedLock(p, why),
        lock::LockError::ReadOnly(_, e) => Error::Io {
            context: "could not open the vault's lock file".into(),
            source: e,
        },
        lock::LockError::Io(e) => Error::Io {
            context: "could not open the vault's lock file".into(),
            source: e,
        },
    }
}

fn torn_warning(bytes: u64) -> String {
    format!(
        "the last appended entry was cut short ({bytes} bytes, probably a crash while saving) and cannot be read; it is left out and removed at the next save"
    )
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

/// Writes a whole generation (header, key, recovery, state) to a new temp file beside
/// `path` and fsyncs it. Returns the temp path; the caller renames or links it.
fn write_temp_generation(
    path: &Path,
    recipient: &x25519::Recipient,
    key_part: &[u8],
    recovery_part: &[u8],
    state: &State,
) -> Result<PathBuf> {
    let (file, tmp) = fsutil::create_temp_beside(path).map_err(io_err(format!(
        "could not create a temporary file beside `{}`",
        path.display()
    )))?;
    let plaintext = match crypto::encode_padded(&StateEnvelopeRef::current(state)) {
        Ok(p) => p,
        Err(e) => {
            fsutil::discard(&tmp);
            return Err(Error::Io {
                context: "could not save; the vault is unchanged".into(),
                source: e,
            });
        }
    };
    let result = (|| -> io::Result<()> {
        let mut w = io::BufWriter::with_capacity(256 * 1024, file);
        w.write_all(&container::encode_header(&recipient.to_string()))?;
        w.write_all(&container::encode_part(Tag::Key, key_part))?;
        w.write_all(&container::encode_part(Tag::Recovery, recovery_part))?;
        container::write_part_streaming(&mut w, Tag::State, |hw| {
            crypto::encrypt_to(recipient, &plaintext, hw).map(|_| ())
        })?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            fsutil::discard(&tmp);
            Err(Error::Io {
                context: format!(
                    "could not write the new vault beside `{}`; the vault is unchanged",
                    path.display()
                ),
                source: e,
            })
        }
    }
}

/// Key material kept while the vault is released (an editor is open), so the vault
/// can be reopened without asking for the passphrase again.
pub struct HeldKeys {
    keys: KeyMaterial,
    key_part: Vec<u8>,
    passphrase: Option<SecretString>,
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

    /// The vault's public recipient.
    pub fn recipient(&self) -> String {
        self.keys.identity.to_public().to_string()
    }

    /// The key part's scrypt work factor.
    pub fn work_factor(&self) -> u8 {
        crypto::scrypt_work_factor(&self.key_part).unwrap_or(crypto::DEFAULT_WORK_FACTOR)
    }

    fn fold_if_needed(&mut self) -> Result<()> {
        // Read-only: the appended records stay folded in memory only.
        if self.needs_rewrite && self.read_only.is_none() {
            self.save()?;
            self.needs_rewrite = false;
        }
        Ok(())
    }

    /// Writes the state as a new generation: temp file, fsync, keep the old file as
    /// `<vault>.bak`, rename, fsync the directory. Leftover temp files of earlier saves
    /// are destroyed first (the lock is held, so none of them is being written).
    pub fn save(&mut self) -> Result<()> {
        self.writable()?;
        let _ = shred::destroy_strays(&self.path, false);
        let tmp = self.write_temp_same_key()?;
        self.install_keeping(&tmp)
    }

    /// Writes the state as a new generation under the current key, to a temp file.
    fn write_temp_same_key(&self) -> Result<PathBuf> {
        write_temp_generation(
            &self.path,
            &self.keys.identity.to_public(),
            &self.key_part,
            &self.recovery_part,
            &self.state,
        )
    }

    /// Fails when this vault was opened read-only.
    fn writable(&self) -> Result<()> {
        match &self.read_only {
            Some(r) => Err(Error::ReadOnly {
                path: self.path.clone(),
                why: r.why.clone(),
                hint: r.hint.clone(),
            }),
            None => Ok(()),
        }
    }

    /// Whether this vault was opened read-only (nothing can be saved).
    pub fn is_read_only(&self) -> bool {
        self.read_only.is_some()
    }

    /// Saves after something was deleted, so that it is gone from every file confide
    /// keeps: leftover copies of the vault (temp files of saves that did not finish,
    /// extra backup copies) are destroyed, the identity is rotated (a new X25519 key,
    /// re-wrapped under the passphrase and the recovery code, so ciphertext left in
    /// freed disk blocks cannot be opened with the new key material), the backup
    /// becomes a copy of the new generation, and the superseded vault and backup files
    /// are overwritten with random bytes through handles opened before the rename.
    ///
    /// After a recovery-code unlock there is no passphrase to re-wrap with; the
    /// identity is kept then (the passphrase is being replaced anyway).
    pub fn save_deleting(&mut self) -> Result<SaveReport> {
        self.writable()?;
        match self.passphrase.take() {
            Some(pass) => {
                let work_factor = self.work_factor();
                let r = self
                    .rotate(&pass, work_factor, false, Superseding::Deletion)
                    .map(|(_, r)| r);
                self.passphrase = Some(pass);
                r
            }
            None => {
                let strays = shred::destroy_strays(&self.path, true);
                let tmp = self.write_temp_same_key()?;
                let report = self
                    .install_superseding(&tmp, Superseding::Deletion)
                    .map_err(|(e, _)| e)?;
                with_strays(report, strays, Superseding::Deletion)
            }
        }
    }

    /// Puts the generation in `tmp` in place, keeping the old vault as the backup. A
    /// crash at any step leaves the old or the new generation in place.
    fn install_keeping(&self, tmp: &Path) -> Result<()> {
        let backup = fsutil::backup_path(&self.path);
        if let Err(e) = fsutil::keep_as_backup(&self.path, &backup) {
            fsutil::discard(tmp);
            return Err(Error::Io {
                context: format!(
                    "could not keep the previous generation as `{}`; the vault is unchanged",
                    backup.display()
                ),
                source: e,
            });
        }
        fsutil::crash_point("save:before-rename");
        if let Err(e) = fs::rename(tmp, &self.path) {
            fsutil::discard(tmp);
            return Err(Error::Io {
                context: format!(
                    "could not replace `{}`; the vault is unchanged",
                    self.path.display()
                ),
                source: e,
            });
        }
        fsutil::sync_dir(&fsutil::parent(&self.path)).map_err(io_err(format!(
            "`{}` was saved, but its folder could not be synced to disk, so the change may not survive a power cut; check the disk",
            self.path.display()
        )))
    }

    /// Puts the generation in `tmp` in place and destroys the generations it
    /// supersedes (a deletion or a key change): the backup becomes a copy of the new
    /// generation, and the old vault and backup are overwritten with random bytes
    /// through handles opened before the rename. Once the rename is done, every later
    /// step runs even if one before it failed: overwriting in place needs no free
    /// space. A crash at any step leaves the old or the new generation in place, and the
    /// old files under temp names that the next `delete`, `passwd` or save destroys.
    ///
    /// On error, also says whether the new generation is in place.
    fn install_superseding(
        &self,
        tmp: &Path,
        why: Superseding,
    ) -> std::result::Result<SaveReport, (Error, bool)> {
        let mut report = SaveReport::default();
        let backup = fsutil::backup_path(&self.path);
        let dir = fsutil::parent(&self.path);
        let unchanged = |path: &Path| {
            let context = format!(
                "could not open `{}`; the vault is unchanged",
                path.display()
            );
            move |e: io::Error| {
                fsutil::discard(tmp);
                (Error::Io { context, source: e }, false)
            }
        };
        // Held open across the renames, so the old bytes can be overwritten after.
        let old_vault = shred::Superseded::hold(&self.path).map_err(unchanged(&self.path))?;
        let old_backup = shred::Superseded::hold(&backup).map_err(unchanged(&backup))?;
        // And given second names (temp names) until they are overwritten.
        let kept_vault = old_vault.as_ref().and_then(|o| keep_name(o, &self.path));
        let kept_backup = old_backup.as_ref().and_then(|o| keep_name(o, &backup));
        fsutil::crash_point("install:before-rename");
        if let Err(e) = fs::rename(tmp, &self.path) {
            fsutil::discard(tmp);
            for k in [&kept_vault, &kept_backup].into_iter().flatten() {
                let _ = fs::remove_file(k);
            }
            let context = format!(
                "could not replace `{}`; the vault is unchanged",
                self.path.display()
            );
            return Err((Error::Io { context, source: e }, false));
        }
        let replaced = |context: String, source: io::Error| (Error::Io { context, source }, true);
        let first_sync = fsutil::sync_dir(&dir);
        fsutil::crash_point("install:after-rename");
        // The backup: a copy of the new generation; with no room for one, a second
        // name for it (a link needs no room).
        let mut backup_failed = None;
        if let Err(copy_err) = fsutil::replace_backup_with_copy(&self.path, &backup) {
            match fsutil::keep_as_backup(&self.path, &backup) {
                Ok(()) => report.notes.push(format!(
                    "there was no room for a separate copy of the backup ({copy_err}), so for now `{}` is a second name for the vault; the next save separates them",
                    backup.display()
                )),
                Err(_) => backup_failed = Some(copy_err),
            }
        }
        // A later fsync of the directory makes the earlier rename durable too.
        let synced = fsutil::sync_dir(&dir).or(first_sync);
        fsutil::crash_point("install:after-backup");
        if let Err(e) = synced {
            // The rename may not be on the disk: overwriting the old vault now could
            // leave nothing readable after a power cut. The old files stay, under
            // their temp names, for a later `delete --finish`.
            return Err(replaced(
                format!(
                    "`{}` was replaced, but its folder could not be synced to disk, so the old files were kept and {}; once the disk works again, run `confide delete --finish`",
                    self.path.display(),
                    why.holds()
                ),
                e,
            ));
        }
        let live = [shred::file_id(&self.path), shred::file_id(&backup)];
        let mut not_overwritten = None;
        for (old, kept, what) in [
            (old_vault, kept_vault, "vault"),
            (old_backup, kept_backup, "backup"),
        ] {
            let Some(old) = old else { continue };
            let id = old.id();
            match old.destroy(&live) {
                Ok(_) => {
                    if let Some(k) = kept
                        && shred::file_id(&k) == Some(id)
                    {
                        let _ = fs::remove_file(&k);
                    }
                }
                Err(e) => {
                    not_overwritten.get_or_insert((what, kept, e));
                }
            }
            fsutil::crash_point("install:after-overwrite");
        }
        if let Some(copy_err) = backup_failed {
            // No new backup could be written, so the old one is still in place, holding
            // what the new generation supersedes: it goes.
            match shred::destroy_file(&backup) {
                Ok(shred::Outcome::Destroyed) => report.notes.push(format!(
                    "there was no room for a new backup ({copy_err}), so the old one was overwritten and removed; free some space, then run `confide delete --finish` to write one"
                )),
                Ok(_) => report.notes.push(format!(
                    "there was no room for a backup ({copy_err}); free some space, then run `confide delete --finish` to write one"
                )),
                Err(e) => {
                    return Err(replaced(
                        format!(
                            "`{}` was saved, but its old backup `{}` could not be replaced or overwritten, and it {}; free some space, then run `confide delete --finish`",
                            self.path.display(),
                            backup.display(),
                            why.holds()
                        ),
                        e,
                    ));
                }
            }
        }
        let _ = fsutil::sync_dir(&dir);
        if let Some((what, kept, e)) = not_overwritten {
            let context = match kept {
                Some(k) => format!(
                    "`{}` was saved, but the {what} file it replaced could not be overwritten; it is kept as `{}` and {}: run `confide delete --finish`",
                    self.path.display(),
                    k.display(),
                    why.holds()
                ),
                None => format!(
                    "`{}` was saved, but the {what} file it replaced could not be overwritten, so its bytes may remain on the disk",
                    self.path.display()
                ),
            };
            return Err(replaced(context, e));
        }
        Ok(report)
    }

    /// Sets a new passphrase and rotates the identity: a new X25519 key, every part
    /// re-encrypted, the backup replaced by a copy of the new generation, and the
    /// superseded files (and any leftover copies of the vault) overwritten. The
    /// recovery code keeps working (it is re-wrapped around the new identity).
    ///
    /// With `new_code`, a new recovery code replaces the old one (returned, to be shown
    /// once): then neither the old passphrase nor the old code opens anything written
    /// from now on.
    pub fn change_passphrase(
        &mut self,
        new: &SecretString,
        work_factor: Option<u8>,
        new_code: bool,
    ) -> Result<(Option<SecretString>, SaveReport)> {
        self.writable()?;
        let work_factor = work_factor.unwrap_or_else(|| self.work_factor());
        let r = self.rotate(new, work_factor, new_code, Superseding::KeyChange)?;
        self.passphrase = Some(new.clone());
        Ok(r)
    }

    /// Destroys leftover copies of the vault, writes a generation under a new identity
    /// wrapped by `passphrase` (and the recovery code, new with `new_code`), then
    /// installs it with a fresh backup and the superseded files overwritten.
    fn rotate(
        &mut self,
        passphrase: &SecretString,
        work_factor: u8,
        new_code: bool,
        why: Superseding,
    ) -> Result<(Option<SecretString>, SaveReport)> {
        let strays = shred::destroy_strays(&self.path, true);
        let recovery_code = if new_code {
            recovery::generate()
        } else {
            SecretString::from(self.keys.recovery_code.expose_secret().to_string())
        };
        let code_work_factor = if new_code {
            work_factor
        } else {
            crypto::scrypt_work_factor(&self.recovery_part).unwrap_or(work_factor)
        };
        let keys = KeyMaterial {
            identity: x25519::Identity::generate(),
            recovery_code,
        };
        // The two scrypt wraps run side by side (two cores: about one scrypt's time).
        let (key_part, recovery_part) = std::thread::scope(|s| {
            let recovery = s.spawn(|| {
                crypto::encrypt_with_passphrase(
                    &keys.recovery_code,
                    code_work_factor,
                    &crypto::recovery_part_plaintext(&keys.identity),
                )
            });
            let key_part = crypto::encrypt_with_passphrase(
                passphrase,
                work_factor,
                &crypto::key_part_plaintext(&keys),
            );
            (key_part, recovery.join().expect("scrypt does not panic"))
        });
        let tmp = write_temp_generation(
            &self.path,
            &keys.identity.to_public(),
            &key_part,
            &recovery_part,
            &self.state,
        )?;
        fsutil::crash_point("rotate:temp-written");
        let report = match self.install_superseding(&tmp, why) {
            Err((e, false)) => return Err(e),
            Err((e, true)) => Err(e),
            Ok(r) => Ok(r),
        };
        // The new generation is in place (even if a later step failed): its keys.
        let shown =
            new_code.then(|| SecretString::from(keys.recovery_code.expose_secret().to_string()));
        self.keys = keys;
        self.key_part = key_part;
        self.recovery_part = recovery_part;
        let report = report?;
        Ok((shown, with_strays(report, strays, why)?))
    }
}

/// What a rewrite that supersedes old generations (a deletion, a key change) did
/// besides writing the new one.
#[derive(Debug, Default)]
pub struct SaveReport {
    /// Leftover copies of the vault that were destroyed first: temp files of saves
    /// that did not finish, extra backup copies.
    pub leftovers: Vec<PathBuf>,
    /// What the user should know although it worked (no room for a backup copy).
    pub notes: Vec<String>,
}

/// Why old generations are superseded, for the messages: what they still hold.
#[derive(Debug, Clone, Copy)]
enum Superseding {
    Deletion,
    KeyChange,
}

impl Superseding {
    fn holds(self) -> &'static str {
        match self {
            Superseding::Deletion => "may still hold what was deleted",
            Superseding::KeyChange => "may still open with the old passphrase",
        }
    }
}

/// `report` with the leftovers destroyed before it; an error when one could not be.
fn with_strays(
    mut report: SaveReport,
    strays: shred::StrayReport,
    why: Superseding,
) -> Result<SaveReport> {
    if let Some((path, e)) = strays.failed.into_iter().next() {
        return Err(Error::Io {
            context: format!(
                "the vault was saved, but the leftover copy `{}` could not be destroyed, and it {}; remove it yourself",
                path.display(),
                why.holds()
            ),
            source: e,
        });
    }
    report.leftovers = strays.removed;
    Ok(report)
}

/// A second (temp) name for the held generation at `path`, if one can be made.
fn keep_name(old: &shred::Superseded, path: &Path) -> Option<PathBuf> {
    let kept = fsutil::link_beside(path, path).ok()?;
    if shred::file_id(&kept) == Some(old.id()) {
        Some(kept)
    } else {
        let _ = fs::remove_file(&kept);
        None
    }
}
