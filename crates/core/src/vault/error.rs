//! The vault's errors. Which exit code each gives is decided in one place,
//! `confide::error::exit_kind`.

use super::SourceError;
use std::io;
use std::path::PathBuf;

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
    /// No unlock session (`confide unlock`) is running for this vault.
    #[error("no unlock session is running for this vault; run `confide unlock` first")]
    NoAgent,
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
