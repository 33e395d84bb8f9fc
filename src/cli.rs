//! Every clap type in one place: the command-line model. Help text comes from the doc
//! comments.

use crate::vault::crypto;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// The scrypt work factors `init` and `passwd` accept.
const WORK_FACTORS: std::ops::RangeInclusive<i64> =
    crypto::MIN_WORK_FACTOR as i64..=crypto::MAX_WORK_FACTOR as i64;

/// The text after the options. Its "Exit codes:" list is `error::ExitKind::summary`
/// for every code, in order (tests/exit_codes.rs checks it).
const AFTER_HELP: &str = "\
confide is a companion to therapy and support, not a replacement for them.

Environment:
  CONFIDE_VAULT                 vault path (like --vault)
  CONFIDE_PASSPHRASE_COMMAND    command whose output is the passphrase
                                (tried first)
  CONFIDE_PASSPHRASE_FILE       file whose first line is the passphrase
  CONFIDE_PASSPHRASE            the passphrase itself (least safe; scripts)
  CONFIDE_PASSPHRASE_COMMAND_TIMEOUT
                                seconds the command may take (default 120)
  CONFIDE_NEW_PASSPHRASE_FILE   new passphrase for passwd/recover, from a file
  CONFIDE_NEW_PASSPHRASE        new passphrase for passwd/recover
  CONFIDE_RECOVERY_CODE         recovery code for recover
  CONFIDE_EXPORT_PASSPHRASE     one-time passphrase for export --passphrase
  CONFIDE_IMPORT_PASSPHRASE     passphrase of a passphrase-encrypted import
                                file
  CONFIDE_LOCK_TIMEOUT_MS       how long to wait for a busy vault
                                (default 10000)
  CONFIDE_OTHER_PASSPHRASE...   merge: the other copy's passphrase
                                (_COMMAND, _FILE, or itself)
  CONFIDE_CONFIG                config file [default:
                                $XDG_CONFIG_HOME/confide/config.toml]
  CONFIDE_COLOR                 auto, always or never (like --color)
  VISUAL, EDITOR                the editor for composing text (drafts stay
                                in RAM)
  NO_COLOR                      no colours (unless --color says otherwise)

Flags beat environment variables, which beat the config file.

Reading your vault without confide: `confide recovery-kit DIR` writes the
steps (with the stock age tool) and the script they use.

Exit codes:
  0 success, 1 other error (or doctor found something to look at), 2 usage
  error, 3 vault not found, 4 wrong passphrase (or recovery code, or import
  key), 5 vault damaged or tampered with, 6 vault busy (locked), 7 no
  passphrase source and no terminal, 8 vault already exists, 9 vault needs a
  newer confide, 10 confide will not write here (a backup, read-only, another
  user's), 11 merge kept a changed other copy, 12 export written but the vault
  could not record it (wipe will not know about it), 13 export stopped: the
  vault changed while it asked";

const WIPE_LIMITS: &str = "\
What wipe destroys: the vault, its backup, leftover temporary files, the lock
file, and the export files confide wrote and remembers (with the passphrase;
it is asked for, and you can skip it). Each file is overwritten with random
bytes, synced, truncated, renamed and removed. No passphrase is needed to
destroy the vault.

What no program can promise: overwriting does not reach blocks an SSD has
moved aside, old blocks on copy-on-write file systems (btrfs, ZFS, APFS) or in
snapshots, backups and synced copies on other machines, or swap. The
encryption is the real protection: an old copy is unreadable without your
passphrase or recovery code. Full-disk encryption covers the rest. See
docs/SECURITY.md.";

const EXPORT_DEFAULTS: &str = "\
What leaves by default: the figures and the daily table for the range; the
entries not marked private, with their journal text and chain analyses; and
the open agenda points. (Chain analyses and agenda points are written for
therapy.) Held back unless you ask: private entries (--include-private), and
the other free text: reflections' answers and the notes of urges, lapses,
check-ins and practices (--include-text). --no-text keeps all free text home.

Before anything is written, --preview lists what would leave, by category with
counts. On a terminal, export lists the same and asks \"Write this export?
[y/N]\"; --yes skips the question, and without a terminal nothing is asked.

--since-last starts the range where the last export to the same recipients
ended. --passphrase and --plaintext each count as one recipient, whoever got
the file: a passphrase export to a partner moves where the next passphrase
export to a therapist starts. Whenever there was an earlier export to them,
page 1 says what is new since.

Page 1 of html and md is the session sheet: the figures against the period
before, a timeline, flags and the agenda. `confide review --session` shows it
in the terminal.";

/// confide: a private, encrypted journal for recovery from compulsive porn use and
/// for rebuilding intimacy. Everything stays in one age-encrypted file on this machine.
#[derive(Debug, Parser)]
#[command(name = "confide", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    /// The vault file [default: $XDG_DATA_HOME/confide/vault.confide]
    #[arg(
        long,
        global = true,
        env = "CONFIDE_VAULT",
        value_name = "PATH",
        display_order = 1000
    )]
    pub vault: Option<PathBuf>,

    /// When to use colour: auto (a terminal, and NO_COLOR unset), always, never
    #[arg(
        long,
        global = true,
        value_name = "WHEN",
        env = "CONFIDE_COLOR",
        display_order = 1001
    )]
    pub color: Option<ColorChoice>,

    #[command(subcommand)]
    pub command: Command,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorChoice {
    /// Colour on a terminal unless NO_COLOR is set
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
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
    /// Example: confide journal "Walked instead of scrolling tonight." --mood 6 --feel calm
    Journal(JournalArgs),
    /// Log an urge, in the moment or after (no passphrase needed)
    ///
    /// Example: confide urge 7 --trigger tired --coping walk --outcome resisted
    Urge(UrgeArgs),
    /// Ride out an urge with a guided session (no passphrase needed)
    ///
    /// A timer with a slow breath to follow and one line of guidance at a time. It
    /// asks how strong the urge is at the start, every 2 minutes and at the end, and
    /// saves the urge with that curve. Ctrl-C ends it early and keeps what you said.
    ///
    /// Example: confide surf --minutes 10
    Surf(SurfArgs),
    /// Record a lapse: information to learn from (no passphrase needed)
    ///
    /// Example: confide lapse --trigger late-night --chain
    Lapse(LapseArgs),
    /// Where to turn in a hard moment (no vault or passphrase needed)
    ///
    /// Example: confide help crisis (or confide crisis)
    #[command(help_template = crate::commands::crisis::TEXT)]
    Crisis,
    /// A daily reminder to check in, with the system's scheduler (no vault needed)
    ///
    /// On Linux a systemd user timer (a desktop notification through notify-send
    /// when there is one), on macOS a launchd agent, elsewhere the crontab line to
    /// add. The reminder shows no content.
    ///
    /// Example: confide remind --at 21:30
    Remind(RemindArgs),
    /// Answer a reflection prompt (no passphrase needed)
    ///
    /// Example: confide reflect --skill empathic-listening
    Reflect(ReflectArgs),
    /// Check off a practice from the catalogue (no passphrase needed)
    ///
    /// Example: confide practice hug-6s --note "before work"
    Practice(PracticeArgs),
    /// The guided daily check-in (no passphrase needed)
    ///
    /// Example: confide checkin --mood 6 --feel hopeful --urges 1 --practice tech-free-talk
    Checkin(CheckinArgs),
    /// Points to raise in your next therapy session (adding needs no passphrase)
    ///
    /// Example: confide agenda "How to tell my partner about last week"
    Agenda(AgendaArgs),
    /// List entries (needs the passphrase)
    ///
    /// Example: confide list --kind urge --since monday
    List(ListArgs),
    /// Show one entry in full (needs the passphrase)
    ///
    /// Example: confide show 3fa2
    Show(ShowArgs),
    /// Read whole entries, oldest first, through your pager (needs the passphrase)
    ///
    /// On a terminal the entries go through $PAGER (`less -R` when it is not set); an
    /// empty PAGER, --no-pager or a pipe prints them straight out.
    ///
    /// Example: confide read --since "last week"
    Read(ReadArgs),
    /// Change an entry, in your editor or with flags (needs the passphrase)
    ///
    /// Example: confide edit 3fa2 --mood 7
    Edit(EditArgs),
    /// Remove entries from the vault (needs the passphrase)
    ///
    /// Example: confide delete 3fa2 91c0
    Delete(DeleteArgs),
    /// List reflection prompts and practices with their ids
    ///
    /// Example: confide prompts --skill vulnerability
    Prompts(PromptsArgs),
    /// Tags, triggers, coping strategies and emotions, with counts (needs the passphrase)
    ///
    /// Example: confide tags
    Tags(TagsArgs),
    /// Your streak, phase, patterns and insights (needs the passphrase)
    ///
    /// Example: confide review --since "4 weeks ago"
    Review(ReviewArgs),
    /// Your recovery plan: phase, focus skills, today's practice and reflection
    ///
    /// Example: confide plan --focus empathic-listening --focus vulnerability
    Plan(PlanArgs),
    /// Show your recovery start, or move it (the earlier one is kept)
    ///
    /// Example: confide start 2026-08-01
    Start(StartArgs),
    /// Show or change what confide offers you: whether you have a partner
    ///
    /// Saved in your vault (encrypted). `plan`, `prompts`, `reflect --random` and the
    /// review offer partner practices and prompts only to someone who has a partner.
    ///
    /// Example: confide settings --partner no
    Settings(SettingsArgs),
    /// Export a report for your therapist: encrypted unless you insist otherwise
    ///
    /// Example: confide export --format md --since "4 weeks ago" --to age1... -o report.md.age
    #[command(after_help = EXPORT_DEFAULTS)]
    Export(ExportArgs),
    /// Import entries from a confide JSON export or a jrnl JSON export
    ///
    /// Example: confide import backup.json.age --identity key.txt --dry-run
    Import(ImportArgs),
    /// Destroy the vault, its backup and the exports confide wrote (asks first)
    ///
    /// Example: confide wipe
    #[command(after_help = WIPE_LIMITS)]
    Wipe(WipeArgs),
    /// Unlock once for this sitting: reads need no passphrase until it ends
    ///
    /// Asks for the passphrase once and leaves a small agent holding the vault's key.
    /// It ends after 10 minutes unused or 1 hour in all (config: agent_idle,
    /// agent_cap), on `confide lock`, and when the vault's key changes.
    ///
    /// Example: confide unlock --for 30m
    Unlock(UnlockArgs),
    /// End the unlock session now
    ///
    /// Example: confide lock
    Lock,
    /// The unlock session's agent, started by `confide unlock`
    #[command(hide = true)]
    Agent,
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
    /// Check this machine for what could expose your vault (no passphrase needed)
    ///
    /// Example: confide doctor
    Doctor(DoctorArgs),
    /// Unite another copy of the vault (from another device) into this one
    ///
    /// Example: confide merge ~/Sync/confide/vault.sync-conflict-20261120.confide
    Merge(MergeArgs),
    /// Print a shell completion script
    ///
    /// Example: confide completions bash > ~/.local/share/bash-completion/completions/confide
    Completions(CompletionsArgs),
    /// Print the manual page (roff)
    ///
    /// Example: confide man > ~/.local/share/man/man1/confide.1
    Man(ManArgs),
    /// Write the kit to read your vault without confide: the steps and the script
    /// (no passphrase needed)
    ///
    /// Example: confide recovery-kit ~/confide-recovery-kit
    RecoveryKit(RecoveryKitArgs),
}

/// Fields every entry kind has.
#[derive(Debug, Args, Default)]
pub struct CommonArgs {
    /// When it happened, if not now (e.g. "yesterday 23:00", "2 hours ago", 2026-03-01)
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// A tag (repeatable)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Mark as private: kept out of exports unless you ask for private entries
    #[arg(long)]
    pub private: bool,
}

/// How free text may be composed.
#[derive(Debug, Args, Default)]
pub struct ComposeArgs {
    /// Let the editor's draft live in the ordinary temp directory when no RAM-backed
    /// one ($XDG_RUNTIME_DIR, /dev/shm) exists; it is overwritten and removed after
    #[arg(long)]
    pub allow_disk_temp: bool,
}

/// `confide init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// scrypt work factor (log2 of N): 18 like the age CLI; higher is slower to unlock
    /// and to attack
    #[arg(long, value_name = "N", default_value_t = crypto::DEFAULT_WORK_FACTOR, value_parser = clap::value_parser!(u8).range(WORK_FACTORS))]
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
    /// The text; without it, your editor opens (or piped input is read)
    #[arg(value_name = "TEXT")]
    pub text: Vec<String>,
    /// Mood from 1 (very low) to 10 (very good)
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub mood: Option<i64>,
    /// An emotion you name (repeatable), e.g. --feel lonely --feel hopeful
    #[arg(long = "feel", value_name = "WORD")]
    pub feel: Vec<String>,
    /// Intimacy type: emotional, physical, intellectual, experiential, spiritual
    #[arg(long = "type", value_name = "TYPE")]
    pub intimacy: Option<String>,
    #[command(flatten)]
    pub common: CommonArgs,
    #[command(flatten)]
    pub compose: ComposeArgs,
}

/// `confide agenda`
#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// The point to raise (`-` reads it from standard input); without it, the open
    /// points are listed (needs the passphrase)
    #[arg(value_name = "TEXT")]
    pub text: Vec<String>,
    /// Close the point with this id once it was talked about (needs the passphrase)
    #[arg(long, value_name = "ID", conflicts_with_all = ["text", "all", "json", "private"])]
    pub done: Option<String>,
    /// List closed points too
    #[arg(long, conflicts_with = "text")]
    pub all: bool,
    /// Print the list as JSON (schema in docs/json.md)
    #[arg(long, conflicts_with = "text")]
    pub json: bool,
    /// Mark as private: kept out of exports unless you ask for private entries
    #[arg(long, requires = "text")]
    pub private: bool,
}

/// `confide urge`
#[derive(Debug, Args)]
pub struct UrgeArgs {
    /// How strong, from 1 to 10 (on a terminal, leave it out to be asked)
    #[arg(
        value_name = "INTENSITY",
        allow_negative_numbers = true,
        required = true
    )]
    pub intensity: Option<i64>,
    /// What set it off (repeatable), e.g. tired, late-night, alone-with-device
    #[arg(long = "trigger", value_name = "T")]
    pub triggers: Vec<String>,
    /// What you tried (repeatable), e.g. urge-surfing, walk, reach-out
    #[arg(long = "coping", value_name = "C")]
    pub coping: Vec<String>,
    /// How it ended: resisted or acted (acted also records a lapse)
    #[arg(long, value_name = "OUTCOME")]
    pub outcome: Option<String>,
    /// How many minutes it lasted
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub minutes: Option<i64>,
    /// HALT flags: any of h,a,l,t (hungry, angry, lonely, tired)
    #[arg(long, value_name = "h,a,l,t")]
    pub halt: Option<String>,
    /// A note
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Intimacy type the urge touched, if any
    #[arg(long = "type", value_name = "TYPE")]
    pub intimacy: Option<String>,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `confide surf`
#[derive(Debug, Args)]
pub struct SurfArgs {
    /// How long the session lasts, in minutes, 1 to 60 [default: 10]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub minutes: Option<i64>,
    /// How often it asks how strong the urge is, 15s to 10m, e.g. 30s or 3m
    /// [default: 2m]
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub every: Option<String>,
}

/// Chain analysis answers, for scripts (on a terminal, --chain asks for them).
#[derive(Debug, Args, Default)]
pub struct ChainArgs {
    /// What made you more vulnerable (sleep, stress, being alone...)
    #[arg(long, value_name = "TEXT")]
    pub vulnerability: Option<String>,
    /// The event that set the chain off
    #[arg(long, value_name = "TEXT")]
    pub prompting_event: Option<String>,
    /// Thoughts and feelings along the way
    #[arg(long, value_name = "TEXT")]
    pub thoughts: Option<String>,
    /// What followed
    #[arg(long, value_name = "TEXT")]
    pub consequences: Option<String>,
    /// What you will try next time
    #[arg(long, value_name = "TEXT")]
    pub next_time: Option<String>,
}

/// `confide lapse`
#[derive(Debug, Args)]
pub struct LapseArgs {
    /// A note
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// What set it off (repeatable)
    #[arg(long = "trigger", value_name = "T")]
    pub triggers: Vec<String>,
    /// Walk through a chain analysis (questions on a terminal, or the flags below)
    #[arg(long)]
    pub chain: bool,
    /// Add to the lapse or urge with this id (or its first 4+ characters) instead of
    /// recording a new lapse: one episode, counted once. No passphrase needed
    #[arg(long = "for", value_name = "ID", conflicts_with = "new")]
    pub for_id: Option<String>,
    /// Record a new lapse without first offering the last 48 hours' ones
    #[arg(long)]
    pub new: bool,
    #[command(flatten)]
    pub answers: ChainArgs,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `confide reflect`
#[derive(Debug, Args)]
pub struct ReflectArgs {
    /// Your answer; without it, the prompt is shown and your editor opens
    #[arg(value_name = "TEXT")]
    pub text: Vec<String>,
    /// Answer this prompt (see `confide prompts`)
    #[arg(long, value_name = "ID", conflicts_with_all = ["skill", "intimacy", "random"])]
    pub prompt: Option<String>,
    /// Pick a prompt for this skill
    #[arg(long, value_name = "SKILL")]
    pub skill: Option<String>,
    /// Pick a prompt for this intimacy type
    #[arg(long = "type", value_name = "TYPE")]
    pub intimacy: Option<String>,
    /// Pick any prompt at random
    #[arg(long)]
    pub random: bool,
    #[command(flatten)]
    pub common: CommonArgs,
    #[command(flatten)]
    pub compose: ComposeArgs,
}

/// `confide practice`
#[derive(Debug, Args)]
pub struct PracticeArgs {
    /// The practice's id (see `confide prompts`)
    #[arg(value_name = "ID")]
    pub id: String,
    /// A note
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `confide checkin`
#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// Mood from 1 to 10
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub mood: Option<i64>,
    /// An emotion you name (repeatable)
    #[arg(long = "feel", value_name = "WORD")]
    pub feel: Vec<String>,
    /// Urges since your last check-in
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub urges: Option<i64>,
    /// A practice you did today (its id)
    #[arg(long, value_name = "ID")]
    pub practice: Option<String>,
    /// One thing you appreciated today
    #[arg(long, value_name = "TEXT")]
    pub appreciated: Option<String>,
    /// Anything else
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Do not ask questions, even on a terminal: use only the flags
    #[arg(long)]
    pub no_questions: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `confide list`
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print entries as JSON (schema in docs/json.md)
    #[arg(long, conflicts_with = "full")]
    pub json: bool,
    /// Print each entry in full, as `confide read` does (for `--search` matches)
    #[arg(long)]
    pub full: bool,
}

/// The filters `list` and `read` share.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only this kind (repeatable): journal, urge, lapse, reflection, practice, checkin,
    /// agenda
    #[arg(long = "kind", value_name = "K")]
    pub kinds: Vec<String>,
    /// Only entries at or after this time
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Only entries at or before this time
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    /// Only entries with this tag
    #[arg(long, value_name = "T")]
    pub tag: Option<String>,
    /// Only entries with this trigger
    #[arg(long, value_name = "T")]
    pub trigger: Option<String>,
    /// Only entries whose text contains this (case-insensitive)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only entries from this calendar day in earlier months and years
    #[arg(long)]
    pub on_this_day: bool,
    /// Only the last N entries
    #[arg(short = 'n', value_name = "N")]
    pub limit: Option<usize>,
}

/// `confide read`
#[derive(Debug, Args)]
pub struct ReadArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print straight to standard output, without `$PAGER`
    #[arg(long)]
    pub no_pager: bool,
}

/// `confide show`
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The entry's id, or a unique prefix of it
    #[arg(value_name = "ID")]
    pub id: String,
    /// Print the entry as JSON
    #[arg(long)]
    pub json: bool,
}

/// `confide edit`
#[derive(Debug, Args)]
pub struct EditArgs {
    /// The entry's id, or a unique prefix of it
    #[arg(value_name = "ID")]
    pub id: String,
    /// New text (journal and reflection) instead of opening the editor
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// New mood (journal, check-in)
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub mood: Option<i64>,
    /// Replace the emotions (journal, check-in; repeatable)
    #[arg(long = "feel", value_name = "WORD")]
    pub feel: Vec<String>,
    /// New intensity (urge)
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub intensity: Option<i64>,
    /// Replace the triggers (urge, lapse; repeatable)
    #[arg(long = "trigger", value_name = "T")]
    pub triggers: Vec<String>,
    /// Replace the coping strategies (urge; repeatable)
    #[arg(long = "coping", value_name = "C")]
    pub coping: Vec<String>,
    /// New outcome: resisted or acted (urge)
    #[arg(long, value_name = "OUTCOME")]
    pub outcome: Option<String>,
    /// New duration in minutes (urge)
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub minutes: Option<i64>,
    /// New HALT flags (urge), e.g. h,t; "none" clears them
    #[arg(long, value_name = "h,a,l,t")]
    pub halt: Option<String>,
    /// New note (urge, lapse, practice, check-in)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// New intimacy type; "none" clears it
    #[arg(long = "type", value_name = "TYPE")]
    pub intimacy: Option<String>,
    /// New time it happened
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// Replace the tags (repeatable)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Mark private
    #[arg(long, conflicts_with = "public")]
    pub private: bool,
    /// Mark not private
    #[arg(long)]
    pub public: bool,
    /// Chain analysis answers (lapse, or an urge acted on: its lapse)
    #[command(flatten)]
    pub answers: ChainArgs,
    #[command(flatten)]
    pub compose: ComposeArgs,
}

/// `confide delete`
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Ids or unique prefixes (an entry already deleted: finish deleting it)
    #[arg(value_name = "ID", required_unless_present = "finish")]
    pub ids: Vec<String>,
    /// Do not ask for confirmation (needed without a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Finish a delete or passphrase change that stopped partway: destroy leftover
    /// copies of the vault, and rewrite it and its backup under a new key
    #[arg(long)]
    pub finish: bool,
}

/// `confide prompts`
#[derive(Debug, Args)]
pub struct PromptsArgs {
    /// Only this skill
    #[arg(long, value_name = "SKILL")]
    pub skill: Option<String>,
    /// Only this intimacy type
    #[arg(long = "type", value_name = "TYPE")]
    pub intimacy: Option<String>,
    /// Print as JSON
    #[arg(long)]
    pub json: bool,
}

/// `confide tags`
#[derive(Debug, Args)]
pub struct TagsArgs {
    /// Print as JSON
    #[arg(long)]
    pub json: bool,
}

/// `confide passwd`
#[derive(Debug, Args)]
pub struct PasswdArgs {
    /// A new scrypt work factor (default: keep the current one)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(WORK_FACTORS))]
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

/// `confide review`
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Start of the range [default: 30 days before --as-of]
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// End of the range [default: --as-of]
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    /// Compute everything as if now were this time (to look back)
    #[arg(long, value_name = "WHEN")]
    pub as_of: Option<String>,
    /// Print the figures as JSON (schema in docs/review.md)
    #[arg(long)]
    pub json: bool,
    /// Print the session sheet: page 1 of the report a default export gives your
    /// therapist (private entries left out), at 80 columns
    #[arg(long, conflicts_with = "json")]
    pub session: bool,
}

/// `confide start`
#[derive(Debug, Args)]
pub struct StartArgs {
    /// The new start date (e.g. 2026-08-01 or "Aug 1"); without it, the start is shown
    #[arg(value_name = "DATE")]
    pub date: Option<String>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

/// `confide plan`
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Choose a skill to focus on (repeatable; replaces the current focus; "none" clears it)
    #[arg(long = "focus", value_name = "SKILL")]
    pub focus: Vec<String>,
    /// Compute the plan as if now were this time
    #[arg(long, value_name = "WHEN")]
    pub as_of: Option<String>,
    /// Print the plan as JSON
    #[arg(long)]
    pub json: bool,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ExportFormat {
    /// HTML: one self-contained file with charts, prints cleanly to A4/Letter
    #[default]
    Html,
    /// Markdown: headings and tables, readable as plain text
    Md,
    /// JSON: full fidelity, versioned (docs/json.md)
    Json,
    /// CSV: one file per table into a directory, or the entries table into FILE.csv
    Csv,
}

/// `confide export`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format [default: export_format in the config file]
    #[arg(long = "format", value_enum, value_name = "FORMAT")]
    pub format_flag: Option<ExportFormat>,
    /// Start of the range [default: 30 days ago]
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Start the range where the last export to the same recipients (--to, --to-file)
    /// ended; --passphrase and --plaintext each count as one recipient, whoever got
    /// the file
    #[arg(long, conflicts_with_all = ["since", "all"])]
    pub since_last: bool,
    /// End of the range [default: now]
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    /// Everything: all time, private entries and all free text (a full backup for
    /// `confide import`; encrypt it)
    #[arg(long, conflicts_with_all = ["since", "until", "kinds", "include_private", "include_text", "no_text", "summary_only"])]
    pub all: bool,
    /// Only this kind (repeatable)
    #[arg(long = "kind", value_name = "K")]
    pub kinds: Vec<String>,
    /// Include entries you marked private
    #[arg(long)]
    pub include_private: bool,
    /// Include all free text: reflections' answers and notes too, not only journal
    /// text, chain analyses and agenda points
    #[arg(long, conflicts_with = "no_text")]
    pub include_text: bool,
    /// Leave out all free text: structured fields only
    #[arg(long)]
    pub no_text: bool,
    /// Only the summary figures, no entries
    #[arg(long)]
    pub summary_only: bool,
    /// Show what would leave, and write nothing
    #[arg(long)]
    pub preview: bool,
    /// Write without asking first (on a terminal, export lists what will leave and
    /// asks)
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Your name or initials for the report's first page and running header (at most
    /// 40 characters; not stored)
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Close the open agenda points this export carries (they are included by
    /// default, written for therapy); use it when you will talk them through
    #[arg(long, conflicts_with_all = ["preview", "no_text"])]
    pub done_agenda: bool,
    /// Encrypt to this age recipient or SSH public key (repeatable)
    #[arg(long = "to", value_name = "RECIPIENT")]
    pub to: Vec<String>,
    /// Encrypt to the recipients listed in this file
    #[arg(long, value_name = "FILE")]
    pub to_file: Option<std::path::PathBuf>,
    /// Encrypt with a one-time passphrase (asked twice, or CONFIDE_EXPORT_PASSPHRASE)
    #[arg(long)]
    pub passphrase: bool,
    /// Write without encryption (a warning names the file)
    #[arg(long)]
    pub plaintext: bool,
    /// scrypt work factor for --passphrase (18 like the age CLI)
    #[arg(long, value_name = "N", default_value_t = crypto::DEFAULT_WORK_FACTOR, value_parser = clap::value_parser!(u8).range(WORK_FACTORS))]
    pub work_factor: u8,
    /// ASCII armor for e-mail (with encryption)
    #[arg(long)]
    pub armor: bool,
    /// Output file (or directory, for CSV)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Replace an existing output file
    #[arg(long)]
    pub force: bool,
}

/// Formats `confide import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// confide's JSON export, or the output of `confide list --json`
    ConfideJson,
    /// jrnl's JSON export (`jrnl --export json`)
    JrnlJson,
}

/// `confide import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The file to import (age-encrypted or plain JSON; `-` reads standard input)
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,
    /// The file's format [default: worked out from the file]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<ImportFormat>,
    /// Show what would be imported, and add nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Decrypt with this age identity file or unencrypted SSH private key (otherwise
    /// a passphrase-encrypted file asks for its passphrase, or CONFIDE_IMPORT_PASSPHRASE)
    #[arg(short = 'i', long, value_name = "FILE")]
    pub identity: Option<std::path::PathBuf>,
}

/// `confide remind`
#[derive(Debug, Clone, Args)]
pub struct RemindArgs {
    /// The time of day, HH:MM (e.g. 21:30)
    #[arg(long, value_name = "HH:MM", conflicts_with = "off")]
    pub at: Option<String>,
    /// Remove the reminder
    #[arg(long)]
    pub off: bool,
}

/// `confide settings`
#[derive(Debug, Clone, Args)]
pub struct SettingsArgs {
    /// Whether you have a partner: yes, no or prefer-not-to-say
    #[arg(long, value_name = "ANSWER")]
    pub partner: Option<String>,
}

/// `confide unlock`
#[derive(Debug, Clone, Args)]
pub struct UnlockArgs {
    /// End after this long unused, e.g. 30m or 1h (default 10m; at most the cap)
    #[arg(long = "for", value_name = "DURATION")]
    pub for_: Option<String>,
    /// Say whether a session is running, and until when
    #[arg(long, conflicts_with = "for_")]
    pub status: bool,
}

/// `confide doctor`
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Print the findings as JSON
    #[arg(long)]
    pub json: bool,
    /// Explain every finding, not only those that need attention
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

/// `confide merge`
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The other copy of the vault
    #[arg(value_name = "OTHER_VAULT")]
    pub other: PathBuf,
    /// Show what would change and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// After a successful merge, destroy the other copy (as `confide wipe` does)
    #[arg(long)]
    pub remove_other: bool,
    /// Print the outcome as JSON
    #[arg(long)]
    pub json: bool,
}

/// `confide completions`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// `confide man`
#[derive(Debug, Args)]
pub struct ManArgs {}

/// `confide recovery-kit`
#[derive(Debug, Args)]
pub struct RecoveryKitArgs {
    /// The folder to write RECOVERY.md and split-vault.py into (created, private)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Replace RECOVERY.md and split-vault.py if they are there already
    #[arg(long)]
    pub force: bool,
}

/// `confide wipe`.
#[derive(Debug, clap::Args)]
pub struct WipeArgs {
    /// Do not ask for confirmation (needed without a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Leave the export files confide wrote where they are
    #[arg(long)]
    pub keep_exports: bool,
}
