//! One file per subcommand: each parses its arguments into a request, calls the vault
//! and the core, and renders the result. Shared helpers live here.

mod agenda;
mod checkin;
mod completions;
pub(crate) mod crisis;
mod delete;
mod doctor;
mod edit;
mod export;
mod import;
mod init;
pub mod input;
mod journal;
mod lapse;
pub mod list;
mod man;
mod merge;
mod passwd;
mod plan;
mod practice;
mod prompts;
mod read;
mod recover;
mod recovery_kit;
mod reflect;
mod remind;
mod review;
mod settings;
mod show;
mod start;
mod surf;
pub mod tags;
mod unlock;
mod urge;
mod verify;
mod wipe;

use crate::cli::{Cli, Command};
use crate::model::Entry;
use crate::passphrase;
use crate::ui;
use crate::vault::{self, Fold, OpenOptions, Unlocked, Vault};
use age::secrecy::SecretString;
use anyhow::Result;
use std::path::PathBuf;

/// The unlock session's agent (the hidden `confide agent`), reached before the
/// command line is parsed.
pub fn agent() -> Result<()> {
    unlock::agent()
}

/// Runs the parsed command.
pub fn dispatch(cli: Cli) -> Result<()> {
    ui::set_color_flag(cli.color);
    // Generated from the command-line model alone: no config, no vault.
    if let Command::Completions(a) = &cli.command {
        return completions::run(a);
    }
    if let Command::Man(a) = &cli.command {
        return man::run(a);
    }
    // Nothing can stand in its way: no config, no vault, no passphrase.
    if let Command::Crisis = &cli.command {
        return crisis::run();
    }
    // The system's scheduler, not the vault.
    if let Command::Remind(a) = &cli.command {
        return remind::run(a);
    }
    // The unlock session's agent: its vault and key come on standard input.
    if let Command::Agent = &cli.command {
        return unlock::agent();
    }
    // No vault and no passphrase: the kit is the same for every vault.
    if let Command::RecoveryKit(a) = &cli.command {
        return recovery_kit::run(a);
    }
    crate::config::install()?;
    crate::config::check(&config_keys(&cli))?;
    // Resolved once: the lock, every write, delete, wipe and doctor act on the real
    // file behind a symbolic link.
    let vault = Vault::resolve(vault_path(cli.vault)?)?;
    // A command that writes says so before anyone types a word or a passphrase.
    if writes(&cli.command) && vault.exists() {
        vault.check_writable()?;
    }
    // An id that cannot exist is a mistake to say before a passphrase is asked for.
    match &cli.command {
        Command::Show(a) => drop(input::id_prefix(&a.id)?),
        Command::Edit(a) => drop(input::id_prefix(&a.id)?),
        Command::Delete(a) => {
            for id in &a.ids {
                input::id_prefix(id)?;
            }
        }
        _ => {}
    }
    // Commands that change the vault's key (or destroy it) end its unlock session;
    // the socket is found first, while the vault is still there to name it.
    let session = matches!(
        cli.command,
        Command::Passwd(_)
            | Command::Delete(_)
            | Command::Recover(_)
            | Command::Merge(_)
            | Command::Wipe(_)
    )
    .then(|| vault::agent::sockets_for(vault.path()));
    let result = run(&vault, cli.command);
    if result.is_ok()
        && let Some(sockets) = session
    {
        unlock::end_session(&sockets);
    }
    result
}

fn run(vault: &Vault, command: Command) -> Result<()> {
    match command {
        Command::Init(a) => init::run(vault, a),
        Command::Journal(a) => journal::run(vault, a),
        Command::Urge(a) => urge::run(vault, a),
        Command::Surf(a) => surf::run(vault, a),
        Command::Lapse(a) => lapse::run(vault, a),
        Command::Reflect(a) => reflect::run(vault, a),
        Command::Practice(a) => practice::run(vault, a),
        Command::Checkin(a) => checkin::run(vault, a),
        Command::Agenda(a) => agenda::run(vault, a),
        Command::List(a) => list::run(vault, a),
        Command::Show(a) => show::run(vault, a),
        Command::Read(a) => read::run(vault, a),
        Command::Edit(a) => edit::run(vault, a),
        Command::Delete(a) => delete::run(vault, a),
        Command::Prompts(a) => prompts::run(vault, a),
        Command::Tags(a) => tags::run(vault, a),
        Command::Review(a) => review::run(vault, a),
        Command::Plan(a) => plan::run(vault, a),
        Command::Start(a) => start::run(vault, a),
        Command::Settings(a) => settings::run(vault, a),
        Command::Export(a) => export::run(vault, a),
        Command::Import(a) => import::run(vault, a),
        Command::Unlock(a) => unlock::run(vault, a),
        Command::Lock => unlock::lock(vault),
        Command::Agent => unlock::agent(),
        Command::Passwd(a) => passwd::run(vault, a),
        Command::Recover(a) => recover::run(vault, a),
        Command::Verify(a) => verify::run(vault, a),
        Command::Wipe(a) => wipe::run(vault, a),
        Command::Doctor(a) => doctor::run(vault, a),
        Command::Merge(a) => merge::run(vault, a),
        Command::Completions(a) => completions::run(&a),
        Command::Man(a) => man::run(&a),
        Command::Crisis => crisis::run(),
        Command::Remind(a) => remind::run(&a),
        Command::RecoveryKit(a) => recovery_kit::run(&a),
    }
}

/// The config file's keys a command uses, so that a value confide cannot use stops
/// only these commands (the others warn). `editor` is checked where the editor
/// opens, and `color` falls back to "auto" with a warning: both are used by so many
/// commands that stopping them would keep an urge or a journal entry from being saved.
fn config_keys(cli: &Cli) -> Vec<&'static str> {
    let mut keys = Vec::new();
    if cli.vault.is_none() {
        keys.push("vault");
    }
    match &cli.command {
        Command::List(_) => keys.push("date_format"),
        Command::Export(a) => {
            keys.push("week_start");
            if a.format_flag.is_none() {
                keys.push("export_format");
            }
        }
        Command::Review(a) => {
            keys.extend(["week_start", "partner"]);
            if a.since.is_none() {
                keys.push("review_range");
            }
        }
        Command::Unlock(_) => keys.extend(["agent_idle", "agent_cap"]),
        // Not reflect: it writes, and a write never waits on the config file.
        Command::Plan(_) | Command::Prompts(_) | Command::Settings(_) => keys.push("partner"),
        _ => {}
    }
    keys
}

/// Whether a command adds to or changes the vault (`export` only records its file,
/// and says so when it cannot).
fn writes(command: &Command) -> bool {
    match command {
        Command::Journal(_)
        | Command::Urge(_)
        | Command::Surf(_)
        | Command::Lapse(_)
        | Command::Reflect(_)
        | Command::Practice(_)
        | Command::Checkin(_)
        | Command::Edit(_)
        | Command::Delete(_)
        | Command::Import(_)
        | Command::Passwd(_)
        | Command::Recover(_)
        | Command::Merge(_) => true,
        Command::Start(a) => a.date.is_some(),
        Command::Settings(a) => a.partner.is_some(),
        Command::Agenda(a) => !a.text.is_empty() || a.done.is_some(),
        _ => false,
    }
}

/// The vault path: `--vault`/`CONFIDE_VAULT`, else the config file's `vault`, else
/// the platform data directory.
fn vault_path(flag: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(p) = flag.or_else(|| crate::config::get().vault.clone()) {
        return Ok(p);
    }
    let dirs = directories::ProjectDirs::from("", "", "confide").ok_or_else(|| {
        anyhow::anyhow!("cannot find your home directory to keep the vault in; pass --vault PATH")
    })?;
    Ok(dirs.data_dir().join("vault.confide"))
}

/// Fails early (before an editor opens) when there is no vault.
fn require_vault(vault: &Vault) -> Result<()> {
    if vault.exists() {
        Ok(())
    } else {
        Err(vault::Error::NotFound(vault.path().to_path_buf()).into())
    }
}

/// Appends new entries (no passphrase) and confirms with the first one's short id.
fn record(vault: &Vault, entries: &[crate::model::Entry], what: &str) -> Result<()> {
    let report = vault.append_many(entries)?;
    for w in &report.warnings {
        ui::warn(w);
    }
    if let Some(e) = entries.first() {
        crate::outln!("Saved {what} {}.", e.id.short())?;
    }
    Ok(())
}

/// Asks for the passphrase (after checking the vault exists, so nobody types a secret
/// for nothing) and unlocks, with a spinner while scrypt runs.
fn unlock(vault: &Vault) -> Result<Unlocked> {
    if let Some(u) = through_agent(vault, OpenOptions::new(vault::Secret::Agent))? {
        return Ok(shown(u));
    }
    let u = open(vault, None, Fold::Now)?;
    unlock::leave_behind(vault, &u);
    Ok(u)
}

/// Opens through the unlock session's agent (`confide unlock`) when one is running
/// for this vault and still holds its key; `None` otherwise (the passphrase then).
fn through_agent(vault: &Vault, options: OpenOptions<'_>) -> Result<Option<Unlocked>> {
    require_vault(vault)?;
    match vault.open(options, &mut |_| {}) {
        Ok(u) => Ok(Some(u)),
        Err(vault::Error::NoAgent | vault::Error::KeyChanged) => Ok(None),
        // The session ended while this was being read.
        Err(_) if vault::agent::status(vault.path()).is_none() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The one way commands open the vault: the passphrase given or read from its
/// sources, a spinner while scrypt runs, warnings printed; appended records folded as
/// `fold` says. [`Fold::Defer`] is for a rewrite that overwrites the old generations
/// (`delete`, `passwd`, `merge`): a fold first would release the old backup without
/// overwriting it; the rewrite includes the records.
fn open(vault: &Vault, pass: Option<&SecretString>, fold: Fold) -> Result<Unlocked> {
    match pass {
        Some(p) => {
            require_vault(vault)?;
            Ok(shown(open_with(vault, p, fold)?))
        }
        None => Ok(open_labelled(vault, "Passphrase", fold)?.0),
    }
}

/// One try of `pass`, with a spinner while scrypt runs.
fn open_with(
    vault: &Vault,
    pass: &SecretString,
    fold: Fold,
) -> std::result::Result<Unlocked, vault::Error> {
    let mut spinner = ui::Spinner::new("Unlocking...");
    vault.open(
        OpenOptions::passphrase(pass).fold(fold),
        &mut spinner.callback(),
    )
}

/// Opens again with the keys kept by [`Unlocked::release`] (no passphrase asked),
/// folding as `fold` says; when the key changed meanwhile (`passwd` in another
/// window), says `changed` if given, then asks for the passphrase again.
fn reopen(
    vault: &Vault,
    held: vault::HeldKeys,
    fold: Fold,
    changed: Option<&str>,
) -> Result<Unlocked> {
    let session = held.through_agent();
    let options = OpenOptions::new(vault::Secret::Held(held)).fold(fold);
    match vault.open(options, &mut |_| {}) {
        Ok(u) => Ok(u),
        Err(vault::Error::KeyChanged | vault::Error::NoAgent) => {
            if session {
                ui::note("the unlock session ended meanwhile; the passphrase is needed to go on");
            } else if let Some(note) = changed {
                ui::note(note);
            }
            open(vault, None, fold)
        }
        Err(e) => Err(e.into()),
    }
}

/// The vault read without a question, for what is only nicer with it (the check-in's
/// logged urges, the phase for `reflect --random`, the partner setting for
/// `prompts`): through an unlock session, or, when `source` is set, from a passphrase
/// source that is set. Entries go to `sink`. `None` when neither is at hand or the
/// vault cannot be read (a note says why); the caller goes on without.
fn read_without_asking(
    vault: &Vault,
    sink: &mut dyn FnMut(Entry),
    source: bool,
    reading: &'static str,
) -> Option<vault::Streamed> {
    if !vault.exists() {
        return None;
    }
    let mut handed = 0usize;
    let through = vault.open(
        OpenOptions::new(vault::Secret::Agent).sink(&mut |e| {
            handed += 1;
            sink(e)
        }),
        &mut |_| {},
    );
    match through {
        Ok(u) => return Some(u.into_streamed()),
        // A session that ended halfway: the sink has some entries already.
        Err(_) if handed > 0 => return None,
        Err(_) if source && passphrase::source_configured() => {}
        Err(_) => return None,
    }
    let pass = passphrase::read_passphrase("Passphrase").ok()?.0;
    let mut spinner = ui::Spinner::new(reading);
    match vault.open(
        OpenOptions::passphrase(&pass).sink(sink),
        &mut spinner.callback(),
    ) {
        Ok(u) => Some(u.into_streamed()),
        Err(e) => {
            ui::note(&format!(
                "the vault could not be read ({}); going on without it",
                crate::error::one_line(&e)
            ));
            None
        }
    }
}

/// Like [`unlock`], for read-only commands: every entry goes to `sink` as it is
/// decoded, and only what the sink keeps stays in memory.
fn unlock_streaming(vault: &Vault, sink: &mut dyn FnMut(Entry)) -> Result<vault::Streamed> {
    unlock_streaming_as(vault, sink, Unlocked::into_streamed)
}

/// As [`unlock_streaming`], with the vault kept open (locked, its key held) until the
/// result is dropped, so [`vault::Streamed::again`] can read the entries once more.
fn unlock_streaming_keeping(vault: &Vault, sink: &mut dyn FnMut(Entry)) -> Result<vault::Streamed> {
    unlock_streaming_as(vault, sink, Unlocked::into_streamed_keeping)
}

fn unlock_streaming_as(
    vault: &Vault,
    sink: &mut dyn FnMut(Entry),
    into_streamed: fn(Unlocked) -> vault::Streamed,
) -> Result<vault::Streamed> {
    // The agent unwraps the state's key before any entry is decoded (a vault with
    // records to fold is read whole first), so a session that has ended hands the
    // sink nothing and the passphrase is asked for instead.
    let mut handed = 0usize;
    let through = through_agent(
        vault,
        OpenOptions::new(vault::Secret::Agent).sink(&mut |e| {
            handed += 1;
            sink(e)
        }),
    )?;
    if through.is_none() && handed > 0 {
        // The session ended halfway through (the rare second pass of a state that
        // would not stream): reading again would hand the same entries twice.
        anyhow::bail!("the unlock session ended while the vault was being read; run this again");
    }
    let streamed = match through {
        Some(u) => into_streamed(u),
        None => {
            // A wrong passphrase fails before any entry is decoded, so the sink sees
            // entries from the one attempt that opens the vault.
            let u = with_tries(vault, "Passphrase", |pass| {
                let mut spinner = ui::Spinner::new("Unlocking...");
                vault.open(
                    OpenOptions::passphrase(pass).sink(&mut *sink),
                    &mut spinner.callback(),
                )
            })?
            .0;
            unlock::leave_behind(vault, &u);
            into_streamed(u)
        }
    };
    show_opened(
        &streamed.warnings,
        &streamed.notes,
        &streamed.state.settings,
        &streamed.folded_times,
    );
    Ok(streamed)
}

/// Opens with the passphrase from its sources, once the vault is known to exist. A
/// passphrase typed on the terminal that does not open the vault is asked for again,
/// up to [`passphrase::TRIES`] times; one from a variable, file or command is not
/// (it would be the same again).
fn with_tries<T>(
    vault: &Vault,
    label: &str,
    mut open: impl FnMut(&SecretString) -> std::result::Result<T, vault::Error>,
) -> Result<(T, SecretString)> {
    require_vault(vault)?;
    let mut attempt = 1;
    loop {
        let (pass, typed) = passphrase::read_passphrase(label).map_err(vault::Error::from)?;
        match open(&pass) {
            Err(vault::Error::WrongPassphrase) if typed && attempt < passphrase::TRIES => {
                crate::errln!("That passphrase does not open this vault; try again.");
                attempt += 1;
            }
            r => return Ok((r?, pass)),
        }
    }
}

/// Opens as [`open`] does, the passphrase asked for as `label` (`import`, which may
/// have asked for the file's passphrase first, says "Vault passphrase"), also
/// returning the passphrase that opened it (`merge` tries it on the other copy).
fn open_labelled(vault: &Vault, label: &str, fold: Fold) -> Result<(Unlocked, SecretString)> {
    let (unlocked, pass) = with_tries(vault, label, |pass| open_with(vault, pass, fold))?;
    Ok((shown(unlocked), pass))
}

/// Prints an opened vault's warnings and notes, and the before-the-start warning.
fn shown(unlocked: Unlocked) -> Unlocked {
    show_opened(
        &unlocked.warnings,
        &unlocked.notes,
        &unlocked.state.settings,
        &unlocked.folded_times,
    );
    unlocked
}

/// What opening found worth saying: warnings, notes, and entries before the start.
fn show_opened(
    warnings: &[String],
    notes: &[String],
    settings: &crate::model::Settings,
    folded_times: &[crate::model::Timestamp],
) {
    for w in warnings {
        ui::warn(w);
    }
    for n in notes {
        ui::note(n);
    }
    warn_before_start(settings, folded_times);
}

/// Shows a recovery code once, or says the old one still works.
fn show_recovery_code(code: Option<&SecretString>) -> std::io::Result<()> {
    use age::secrecy::ExposeSecret;
    match code {
        Some(code) => {
            crate::outln!()?;
            crate::outln!(
                "NEW RECOVERY CODE (shown only this once; the old one no longer works):"
            )?;
            crate::outln!()?;
            crate::outln!("    {}", code.expose_secret())?;
            crate::outln!()?;
            crate::outln!("Write it down and keep it somewhere safe and offline.")?;
        }
        None => crate::outln!("Your recovery code is unchanged and still works.")?,
    }
    Ok(())
}

/// A new passphrase from `read`, checked: one that looks easy to guess is refused
/// without a terminal unless `allow_weak`; on a terminal the person is asked whether
/// to use it anyway, and "no" asks for another (three tries in all).
fn new_passphrase(
    read: impl Fn() -> std::result::Result<(SecretString, bool), passphrase::SourceError>,
    allow_weak: bool,
) -> Result<(SecretString, bool)> {
    for _ in 0..passphrase::TRIES {
        let (pass, interactive) = read().map_err(vault::Error::from)?;
        if let Some(w) = passphrase::untypable_warning(&pass) {
            ui::warn(&w);
        }
        if check_strength(&pass, interactive, allow_weak)? {
            return Ok((pass, interactive));
        }
        crate::errln!("Choose another, then.");
    }
    Err(crate::error::usage(
        "nothing was changed; run the command again with a stronger passphrase",
    ))
}

/// Whether to use `pass`: a strong one, yes; a weak one with `allow_weak` (warned),
/// or when the person says so on a terminal; `false` when they say no; an error
/// without a terminal.
fn check_strength(pass: &SecretString, interactive: bool, allow_weak: bool) -> Result<bool> {
    let s = passphrase::strength(pass);
    if !s.weak {
        return Ok(true);
    }
    let estimate = format!("about 10^{:.0} guesses", s.guesses_log10.max(0.0));
    if allow_weak {
        ui::warn(&format!(
            "this passphrase looks easy to guess ({estimate}); using it as asked"
        ));
        return Ok(true);
    }
    if interactive {
        crate::errln!(
            "This passphrase looks easy to guess ({estimate}). Four or more unrelated words are much stronger."
        );
        return Ok(ui::confirm("Use it anyway?")?);
    }
    Err(crate::error::usage(format!(
        "this passphrase looks easy to guess ({estimate}); choose a longer one (four or more unrelated words), or pass --allow-weak-passphrase"
    )))
}

/// Warns, once for this write, when any of `times` is before the recovery start:
/// days before the start count in no figure, and the start can move.
fn warn_before_start(settings: &crate::model::Settings, times: &[crate::model::Timestamp]) {
    if let Some(w) = crate::analysis::streak::before_start_warning(settings.start, times) {
        ui::warn(&w);
    }
}
