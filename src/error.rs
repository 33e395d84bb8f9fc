//! How failures become one-line messages and exit codes.
//!
//! [`ExitKind`] is the one table of exit codes: its codes and meanings are what
//! docs/exit-codes.md and `confide --help` list (tests/exit_codes.rs checks both).
//! [`exit_kind`] is the one place that decides which kind an error is: it matches
//! every variant of every error type that has a kind of its own, so a new variant
//! does not compile until it is given one. Errors without a kind are
//! [`ExitKind::Other`].

use crate::import::ImportError;
use crate::vault::{self, SourceError};
use std::process::ExitCode;

/// What kind of outcome a command had, and so its exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExitKind {
    /// 0.
    Success,
    /// 1: anything without a kind of its own.
    Other,
    /// 2: a mistake in what was asked; nothing was saved.
    Usage,
    /// 3: no vault (or no other file named) at the path.
    NotFound,
    /// 4: a passphrase, recovery code or identity that does not open the file.
    WrongKey,
    /// 5: the vault is damaged or was tampered with.
    Damaged,
    /// 6: another confide holds the vault's lock.
    Busy,
    /// 7: no source for a secret, and no terminal to ask on.
    NoSource,
    /// 8: `init` found a vault already.
    Exists,
    /// 9: written by a newer confide.
    Newer,
    /// 10: confide will not write here.
    WillNotWrite,
    /// 11: `merge --remove-other` kept the other copy, which changed.
    CopyChanged,
    /// 12: an export written but not recorded in the vault.
    NotRecorded,
    /// 13: the vault changed while `export` asked; nothing was written.
    VaultChanged,
    /// 101: a panic (Rust's own code for it).
    Internal,
}

impl ExitKind {
    /// Every kind, by code.
    pub const ALL: [ExitKind; 15] = [
        ExitKind::Success,
        ExitKind::Other,
        ExitKind::Usage,
        ExitKind::NotFound,
        ExitKind::WrongKey,
        ExitKind::Damaged,
        ExitKind::Busy,
        ExitKind::NoSource,
        ExitKind::Exists,
        ExitKind::Newer,
        ExitKind::WillNotWrite,
        ExitKind::CopyChanged,
        ExitKind::NotRecorded,
        ExitKind::VaultChanged,
        ExitKind::Internal,
    ];

    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitKind::Success => 0,
            ExitKind::Other => 1,
            ExitKind::Usage => 2,
            ExitKind::NotFound => 3,
            ExitKind::WrongKey => 4,
            ExitKind::Damaged => 5,
            ExitKind::Busy => 6,
            ExitKind::NoSource => 7,
            ExitKind::Exists => 8,
            ExitKind::Newer => 9,
            ExitKind::WillNotWrite => 10,
            ExitKind::CopyChanged => 11,
            ExitKind::NotRecorded => 12,
            ExitKind::VaultChanged => 13,
            ExitKind::Internal => 101,
        }
    }

    /// What the code means, as the table in docs/exit-codes.md says it.
    pub fn meaning(self) -> &'static str {
        match self {
            ExitKind::Success => "success",
            ExitKind::Other => {
                "any other error (a passphrase source that gave nothing usable, a file-system \
                 error, an editor that could not be started; for `wipe`, an answer that did \
                 not match, or a file it could not destroy; for `doctor`, a finding that needs \
                 attention)"
            }
            ExitKind::Usage => {
                "usage error: a bad argument or value, something confide cannot use (including \
                 an export it will not write, or an import file it cannot use: bad JSON, a bad \
                 field), a weak passphrase refused, or `delete` or `wipe` without a terminal \
                 and without `--yes`; nothing was saved"
            }
            ExitKind::NotFound => "no vault at the path (for `wipe`: nothing to wipe)",
            ExitKind::WrongKey => {
                "wrong passphrase or wrong recovery code, or a passphrase or identity that does \
                 not open an import file"
            }
            ExitKind::Damaged => "the vault is damaged or was tampered with",
            ExitKind::Busy => "the vault is busy (another confide holds its lock)",
            ExitKind::NoSource => {
                "no passphrase (or recovery code, or export or import passphrase) source, and \
                 no terminal to ask on"
            }
            ExitKind::Exists => "a vault already exists where `init` would create one",
            ExitKind::Newer => {
                "the vault needs a newer confide (container format version, envelope version, \
                 or an scrypt work factor above 22), or an import file was made by a newer \
                 confide"
            }
            ExitKind::WillNotWrite => {
                "confide will not write here: the vault is a backup (`*.bak`), on a read-only \
                 file system or in a folder you cannot write, or it or its folder belongs to \
                 another user, or its lock file is a symbolic link or another user's; nothing \
                 was saved"
            }
            ExitKind::CopyChanged => {
                "`merge --remove-other`: the merge was saved, but the other copy changed after \
                 it was read, so it was kept"
            }
            ExitKind::NotRecorded => {
                "`export` wrote its file (and kept it), but the vault could not record it, so \
                 `wipe` will not know about it"
            }
            ExitKind::VaultChanged => {
                "`export` asked before writing, and the vault changed meanwhile (an entry \
                 deleted, edited, marked private or added in the range, a setting, another \
                 export, or the passphrase), so nothing was written"
            }
            ExitKind::Internal => {
                "an internal error (a bug in confide); the message names only the place in \
                 confide's code"
            }
        }
    }

    /// The short form `confide --help` lists, or `None` for a code it leaves out.
    pub fn summary(self) -> Option<&'static str> {
        Some(match self {
            ExitKind::Success => "success",
            ExitKind::Other => "other error (or doctor found something to look at)",
            ExitKind::Usage => "usage error",
            ExitKind::NotFound => "vault not found",
            ExitKind::WrongKey => "wrong passphrase (or recovery code, or import key)",
            ExitKind::Damaged => "vault damaged or tampered with",
            ExitKind::Busy => "vault busy (locked)",
            ExitKind::NoSource => "no passphrase source and no terminal",
            ExitKind::Exists => "vault already exists",
            ExitKind::Newer => "vault needs a newer confide",
            ExitKind::WillNotWrite => {
                "confide will not write here (a backup, read-only, another user's)"
            }
            ExitKind::CopyChanged => "merge kept a changed other copy",
            ExitKind::NotRecorded => {
                "export written but the vault could not record it (wipe will not know about it)"
            }
            ExitKind::VaultChanged => "export stopped: the vault changed while it asked",
            ExitKind::Internal => return None,
        })
    }
}

impl From<ExitKind> for ExitCode {
    fn from(kind: ExitKind) -> ExitCode {
        ExitCode::from(kind.code())
    }
}

/// A failure that says its kind: a usage error, a key that does not open an import
/// file, a file named on the command line that is not there (other than the vault,
/// which has [`vault::Error::NotFound`]), an export the vault could not record.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    /// Its kind.
    pub kind: ExitKind,
    /// The one-line message.
    pub message: String,
}

/// A failure of this kind, with this message.
pub fn fail(kind: ExitKind, message: impl Into<String>) -> anyhow::Error {
    Failure {
        kind,
        message: message.into(),
    }
    .into()
}

/// A mistake in what was asked (bad value, missing text): [`ExitKind::Usage`].
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    fail(ExitKind::Usage, message)
}

/// The exit kind for an error chain: the kind of the outermost error that has one,
/// else [`ExitKind::Other`].
pub fn exit_kind(err: &anyhow::Error) -> ExitKind {
    err.chain().find_map(kind_of).unwrap_or(ExitKind::Other)
}

/// The kind of one error in a chain, if its type has kinds.
fn kind_of(cause: &(dyn std::error::Error + 'static)) -> Option<ExitKind> {
    if let Some(e) = cause.downcast_ref::<vault::Error>() {
        use vault::Error as V;
        return Some(match e {
            V::NotFound(_) => ExitKind::NotFound,
            V::Exists(_) => ExitKind::Exists,
            V::WrongPassphrase | V::WrongRecoveryCode => ExitKind::WrongKey,
            V::Damaged { .. } | V::Tampered { .. } => ExitKind::Damaged,
            V::Unsupported(_) => ExitKind::Newer,
            V::KeyChanged | V::Io { .. } => ExitKind::Other,
            V::Locked(_) => ExitKind::Busy,
            V::UntrustedLock(..) | V::ReadOnly { .. } => ExitKind::WillNotWrite,
            V::CopyChanged(..) => ExitKind::CopyChanged,
            V::Passphrase(s) => source_kind(s),
            V::NoAgent => ExitKind::NoSource,
        });
    }
    if let Some(e) = cause.downcast_ref::<SourceError>() {
        return Some(source_kind(e));
    }
    if let Some(e) = cause.downcast_ref::<ImportError>() {
        return Some(match e {
            ImportError::Unusable(_) => ExitKind::Usage,
            ImportError::Newer(_) => ExitKind::Newer,
        });
    }
    if let Some(e) = cause.downcast_ref::<Failure>() {
        return Some(e.kind);
    }
    None
}

fn source_kind(e: &SourceError) -> ExitKind {
    match e {
        SourceError::NoSource
        | SourceError::NoNewSource
        | SourceError::NoCodeSource
        | SourceError::NoSourceFor(_) => ExitKind::NoSource,
        SourceError::Bad(_) | SourceError::Mismatch | SourceError::Empty => ExitKind::Other,
    }
}

/// An error and its sources as one line, outer first, joined by ": ". A source
/// whose text is already part of what came before is left out (some messages quote
/// their cause).
pub fn one_line(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(err);
    while let Some(cause) = next {
        let s = cause.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        next = cause.source();
    }
    parts.join(": ")
}

/// The exit code when Ctrl-C stopped a command at a question: 128 + SIGINT, what a
/// shell reports for a command that Ctrl-C ended. Not an [`ExitKind`]: it is not a
/// failure of the command, and the same code comes from the signal itself.
pub const INTERRUPTED: u8 = 130;

/// True when the chain holds an I/O error of kind `Interrupted`: Ctrl-C at a question
/// ([`crate::ui::ask_or_end`]). The standard library retries reads and writes that a
/// signal interrupts, so no other error of this kind comes this far.
pub fn is_interrupted(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::Interrupted)
    })
}

/// True when the chain is a broken pipe (`confide list | head`): exit quietly.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_in_order() {
        let codes: Vec<u8> = ExitKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 101]);
    }

    #[test]
    fn kinds_of_chains() {
        use anyhow::Context;
        let io = || std::io::Error::other("disk");
        assert_eq!(exit_kind(&anyhow::anyhow!("plain")), ExitKind::Other);
        assert_eq!(exit_kind(&usage("bad")), ExitKind::Usage);
        let e = Err::<(), _>(vault::Error::Locked("v.lock".into()))
            .context("outer")
            .unwrap_err();
        assert_eq!(exit_kind(&e), ExitKind::Busy);
        let e = anyhow::Error::from(vault::Error::Passphrase(SourceError::NoSource));
        assert_eq!(exit_kind(&e), ExitKind::NoSource);
        let e = anyhow::Error::from(vault::Error::Passphrase(SourceError::Empty));
        assert_eq!(exit_kind(&e), ExitKind::Other);
        let e = anyhow::Error::from(ImportError::Newer("x".into()));
        assert_eq!(exit_kind(&e), ExitKind::Newer);
        let e = anyhow::Error::from(ImportError::Unusable("x".into()));
        assert_eq!(exit_kind(&e), ExitKind::Usage);
        let e = anyhow::Error::from(vault::Error::Io {
            context: "could not write".into(),
            source: io(),
        });
        assert_eq!(exit_kind(&e), ExitKind::Other);
        // The reason is the source, said once.
        assert_eq!(e.to_string(), "could not write");
        assert_eq!(one_line(e.as_ref()), "could not write: disk");
    }

    #[test]
    fn ctrl_c_at_a_question_is_told_apart() {
        use anyhow::Context;
        let ctrl_c = || std::io::Error::new(std::io::ErrorKind::Interrupted, "stopped");
        assert!(is_interrupted(&anyhow::Error::from(ctrl_c())));
        let wrapped = Err::<(), _>(ctrl_c()).context("asking").unwrap_err();
        assert!(is_interrupted(&wrapped));
        assert!(!is_interrupted(&anyhow::Error::from(
            std::io::Error::other("disk")
        )));
        assert!(!is_interrupted(&usage("bad")));
    }

    #[test]
    fn crypto_and_lock_errors_are_errors_with_sources() {
        use crate::vault::{crypto::CryptoError, lock::LockError};
        use std::error::Error as _;
        let e = CryptoError::Io(std::io::Error::other("disk"));
        assert_eq!(e.source().map(|s| s.to_string()).as_deref(), Some("disk"));
        assert_eq!(one_line(&e), "could not read or write it: disk");
        assert_eq!(
            CryptoError::ExcessiveWork(23).to_string(),
            "it asks for scrypt work factor 23, above the limit of 22"
        );
        let e = LockError::ReadOnly("v.lock".into(), std::io::Error::other("ro"));
        assert_eq!(
            one_line(&e),
            "the lock file `v.lock` cannot be written here: ro"
        );
        assert!(LockError::Busy("v.lock".into()).source().is_none());
    }
}
