//! Every clap type in one place: the command-line model. Help text comes from the doc
//! comments.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
confide is a companion to therapy and support, not a replacement for them.

Environment:
  CONFIDE_VAULT                 vault path (like --vault)
  CONFIDE_PASSPHRASE_COMMAND    command whose output is the passphrase (tried first)
  CONFIDE_PASSPHRASE_FILE       file whose first line is the passphrase
  CONFIDE_PASSPHRASE            the passphrase itself (least safe; for scripts)
  CONFIDE_NEW_PASSPHRASE_FILE   new passphrase for passwd/recover, from a file
  CONFIDE_NEW_PASSPHRASE        new passphrase for passwd/recover
  CONFIDE_RECOVERY_CODE         recovery code for recover
  CONFIDE_LOCK_TIMEOUT_MS       how long to wait for a busy vault (default 10000)
  NO_COLOR                      no colours

Exit codes:
  0 success, 1 other error, 2 usage error, 3 vault not found, 4 wrong passphrase
  or recovery code, 5 vault damaged or tampered with, 6 vault busy (locked),
  7 no passphrase source and no terminal, 8 vault already exists,
  9 vault needs a newer confide";

/// confide: a private, encrypted journal for recovery from compulsive porn use and
/// for rebuilding intimacy. Everything stays in one age-encrypted file on this machine.
#[derive(Debug, Parser)]
#[command(name = "confide", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    /// The vault file [default: $XDG_DATA_HOME/confide/vault.confide]
    #[arg(long, global = true, env = "CONFIDE_VAULT", value_name = "PATH")]
    pub vault: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new vault and show its one-time recovery code
    ///
    /// Example: confide init --start 2026-03-01
    Init(InitArgs),
    /// Write a journal entry (no passphrase needed)
    ///
    /// Example: confide journal "Walked instead of scrolling tonight."
    Journal(JournalArgs),
    /// List entries (needs the passphrase)
    ///
    /// Example: confide list --json
    List(ListArgs),
    /// Change the passphrase and rotate the vault key
    ///
    /// Example: confide passwd
    Passwd(PasswdArgs),
    /// Set a new passphrase with the recovery code
    ///
    /// Example: confide recover
    Recover(RecoverArgs),
    /// Check every part of the vault and count what is inside (changes nothing)
    ///
    /// Example: confide verify
    Verify(VerifyArgs),
}

/// `confide init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// scrypt work factor (log2 of N): 18 like the age CLI; higher is slower to unlock
    /// and to attack
    #[arg(long, value_name = "N", default_value_t = 18, value_parser = clap::value_parser!(u8).range(10..=22))]
    pub work_factor: u8,
    /// Your recovery start date, if it began before today (e.g. 2026-03-01)
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,
    /// Accept a passphrase that looks easy to guess without asking
    #[arg(long)]
    pub allow_weak_passphrase: bool,
}

/// `confide journal`
#[derive(Debug, Args)]
pub struct JournalArgs {
    /// The text; read from standard input when omitted and input is piped
    #[arg(value_name = "TEXT")]
    pub text: Vec<String>,
}

/// `confide list`
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print entries as JSON (schema in docs/json.md)
    #[arg(long)]
    pub json: bool,
}

/// `confide passwd`
#[derive(Debug, Args)]
pub struct PasswdArgs {
    /// A new scrypt work factor (default: keep the current one)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(10..=22))]
    pub work_factor: Option<u8>,
    /// Also replace the recovery code (shown once); the old code stops working
    #[arg(long)]
    pub new_recovery_code: bool,
    /// Accept a new passphrase that looks easy to guess without asking
    #[arg(long)]
    pub allow_weak_passphrase: bool,
}

/// `confide recover`
#[derive(Debug, Args)]
pub struct RecoverArgs {
    /// Also replace the recovery code (shown once); the old code stops working
    #[arg(long)]
    pub new_recovery_code: bool,
    /// Accept a new passphrase that looks easy to guess without asking
    #[arg(long)]
    pub allow_weak_passphrase: bool,
}

/// `confide verify`
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
}
