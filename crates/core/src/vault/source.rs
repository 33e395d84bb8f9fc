//! Why a passphrase (or recovery code, or another secret) could not be had. The
//! sources themselves (environment, files, commands, the terminal) are the CLI's;
//! the vault only needs to tell these apart for the exit code.

/// Why no passphrase could be had.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// Nothing to read from.
    #[error(
        "no passphrase available: there is no terminal to ask on; set CONFIDE_PASSPHRASE_COMMAND, \
         CONFIDE_PASSPHRASE_FILE or CONFIDE_PASSPHRASE"
    )]
    NoSource,
    /// Nothing to read a new passphrase from.
    #[error(
        "no new passphrase available: there is no terminal to ask on; set \
         CONFIDE_NEW_PASSPHRASE_FILE or CONFIDE_NEW_PASSPHRASE"
    )]
    NoNewSource,
    /// Nothing to read a recovery code from.
    #[error(
        "no recovery code available: there is no terminal to ask on; set CONFIDE_RECOVERY_CODE"
    )]
    NoCodeSource,
    /// Nothing to read another secret (an export or import passphrase) from; the
    /// message names what to set.
    #[error("{0}")]
    NoSourceFor(String),
    /// A source was set but gave nothing usable.
    #[error("{0}")]
    Bad(String),
    /// The two entries on the terminal differed.
    #[error("the two passphrases differ; nothing was changed, please try again")]
    Mismatch,
    /// An empty passphrase was given.
    #[error("an empty passphrase cannot protect anything; choose a passphrase of several words")]
    Empty,
}
