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
//! Submodules: `error` (the [`Error`] enum and its exit codes), `open` (the read path:
//! one [`Vault::open`] with [`OpenOptions`]), `write` (create, append, generations,
//! install, rotate), `verify`, `container` (bytes), `crypto` (age), `source`
//! (why no secret), `lock`, `fsutil` (the atomic write, permissions), `recovery` (codes),
//! `shred` and `wipe` (destroying files), `placement` (where the vault lives).

pub mod agent;
pub mod container;
pub mod crypto;
mod error;
pub mod fsutil;
pub mod lock;
mod open;
pub mod placement;
pub mod recovery;
pub mod shred;
pub mod source;
mod verify;
pub mod wipe;
mod write;

#[cfg(test)]
mod tests;

use crate::model::State;
use age::secrecy::{ExposeSecret, SecretString};
use age::x25519;
use container::{Layout, ParseError, Tag};
use crypto::{CryptoError, KeyMaterial};
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

pub use error::Error;
pub use open::{Fold, HeldCopy, HeldKeys, LockMode, OpenOptions, Secret, Streamed, Unlocked};
pub use source::SourceError;
pub use verify::VerifyReport;
pub use write::{AppendReport, SaveReport};

type Result<T> = std::result::Result<T, Error>;

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

    /// Opened only to be read (another copy, a streamed or an in-memory open): a save
    /// would be a mistake in confide itself.
    fn only_reading() -> ReadOnly {
        ReadOnly {
            why: "it was opened only to be read".into(),
            hint: "This is a bug in confide; please report it".into(),
        }
    }

    /// The refusal to write `path`.
    fn error(&self, path: &Path) -> Error {
        Error::ReadOnly {
            path: path.to_path_buf(),
            why: self.why.clone(),
            hint: self.hint.clone(),
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
        r.error(&self.path)
    }

    /// The lock for a command that may write: exclusive, on a lock file created if
    /// needed. Refused for a vault confide must only read.
    fn lock(&self) -> Result<lock::LockGuard> {
        self.writable()?;
        lock::acquire(&self.path).map_err(|e| self.lock_err(e))
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
