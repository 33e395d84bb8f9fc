//! How failures become one-line messages and exit codes.

use crate::vault;

/// A mistake in what was asked (bad value, missing text): exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Builds a usage error.
pub fn usage(msg: impl Into<String>) -> anyhow::Error {
    UsageError(msg.into()).into()
}

/// A passphrase or identity that does not open a file other than the vault (an
/// import): exit code 4, like a wrong vault passphrase.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct WrongKey(pub String);

/// A file named on the command line that is not there (other than the vault itself,
/// which has [`vault::Error::NotFound`]): exit code 3, like a missing vault.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Missing(pub String);

/// An export file was written (and kept), but the vault could not record it, so
/// `confide wipe` will not know about it: exit code 12.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NotRecorded(pub String);

/// The exit code for an error chain.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(v) = cause.downcast_ref::<vault::Error>() {
            return v.exit_code();
        }
        if cause.downcast_ref::<UsageError>().is_some() {
            return 2;
        }
        if cause.downcast_ref::<WrongKey>().is_some() {
            return 4;
        }
        if cause.downcast_ref::<Missing>().is_some() {
            return 3;
        }
        if cause.downcast_ref::<NotRecorded>().is_some() {
            return 12;
        }
    }
    1
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
