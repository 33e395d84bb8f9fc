//! `confide export`: the one moment data leaves the vault, so it is a consent
//! boundary. Encryption is the default and must be chosen explicitly; plaintext needs
//! `--plaintext` and is named in a warning. What will leave is listed by category
//! before anything is written (`--preview`, and on a terminal a question that only
//! y or yes answers; `--yes` skips it). Files are written atomically, 0600, and never
//! replace an existing file without `--force`. The vault remembers each file and
//! whom it was for, so `--since-last` can start where the last report to the same
//! people ended.

use super::input;
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::usage;
use crate::export::report::{self, Report, TextPolicy};
use crate::model::Timestamp;
use crate::passphrase;
use crate::ui;
use crate::vault::{crypto, fsutil};
use age::secrecy::ExposeSecret;
use anyhow::{Context, Result};
use sha2::Digest;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// How the output is protected: sealed as an age file (by the vault's crypto
/// module, the only place that encrypts), or in plain text.
enum Protection {
    Sealed(crypto::Seal),
    Plain,
}

/// Parses one recipient: an age X25519 recipient or an SSH public key.
pub(super) fn recipient(s: &str) -> Result<Box<dyn age::Recipient + Send>> {
    let s = s.trim();
    crypto::parse_recipient(s).map_err(|e| match e {
        crypto::RecipientError::Age(why) => {
            usage(format!("`{s}` is not a valid age recipient ({why})"))
        }
        crypto::RecipientError::Ssh => usage(format!(
            "`{}` is not an SSH public key age can use (ssh-ed25519 or ssh-rsa)",
            ui::fit(s, 30)
        )),
        crypto::RecipientError::Unknown => usage(format!(
            "`{}` is not a recipient; use an age recipient (age1...) or an SSH public key (ssh-ed25519 ...)",
            ui::fit(s, 30)
        )),
    })
}

/// The most a `--to-file` may hold: hundreds of recipients.
const MAX_RECIPIENTS_FILE: u64 = 64 * 1024;

/// The recipients as given: every `--to`, then every recipient line of `--to-file`
/// (trimmed; blank lines and `#` comments left out). Not yet parsed.
fn recipients_given(args: &ExportArgs) -> Result<Vec<String>> {
    let mut given: Vec<String> = args.to.iter().map(|r| r.trim().to_string()).collect();
    if let Some(file) = &args.to_file {
        use std::io::Read;
        let cannot = |e: std::io::Error| {
            usage(format!(
                "cannot read the recipients file `{}` ({e})",
                file.display()
            ))
        };
        // A recipients file is a few lines; a large one is a mistake (or a device).
        let mut text = String::new();
        fs::File::open(file)
            .map_err(cannot)?
            .take(MAX_RECIPIENTS_FILE + 1)
            .read_to_string(&mut text)
            .map_err(cannot)?;
        if text.len() as u64 > MAX_RECIPIENTS_FILE {
            return Err(usage(format!(
                "the recipients file `{}` is larger than 64 KiB; give a file of recipient lines",
                file.display()
            )));
        }
        given.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string),
        );
        if given.is_empty() {
            return Err(usage("the recipients file lists no recipients"));
        }
    }
    Ok(given)
}

/// Whom the export is for, as the vault remembers it ([`ExportRecord::to`]): the
/// recipients, normalised, or the marker of `--passphrase` or `--plaintext`; `None`
/// when no protection was chosen (a preview).
///
/// [`ExportRecord::to`]: crate::model::envelope::ExportRecord::to
fn export_to(args: &ExportArgs, given: &[String]) -> Option<Vec<String>> {
    use crate::model::envelope::ExportRecord;
    if args.passphrase {
        Some(vec![ExportRecord::PASSPHRASE.to_string()])
    } else if args.plaintext {
        Some(vec![ExportRecord::PLAINTEXT.to_string()])
    } else if given.is_empty() {
        None
    } else {
        Some(ExportRecord::to_recipients(
            given.iter().map(String::as_str),
        ))
    }
}

fn protection(args: &ExportArgs, given: &[String]) -> Result<Option<Protection>> {
    let chosen = usize::from(!args.to.is_empty() || args.to_file.is_some())
        + usize::from(args.passphrase)
        + usize::from(args.plaintext);
    if chosen == 0 {
        if args.preview {
            return Ok(None);
        }
        return Err(usage(
            "choose how to protect the export: --to RECIPIENT, --to-file FILE, --passphrase, or --plaintext",
        ));
    }
    if chosen > 1 {
        return Err(usage(
            "choose one protection: recipients (--to/--to-file), --passphrase, or --plaintext",
        ));
    }
    if args.plaintext && args.armor {
        return Err(usage(
            "--armor applies to encrypted exports; drop it or drop --plaintext",
        ));
    }
    if args.plaintext {
        return Ok(Some(Protection::Plain));
    }
    if args.passphrase {
        if args.preview {
            return Ok(None);
        }
        let p = match passphrase::from_env_value("CONFIDE_EXPORT_PASSPHRASE")
            .map_err(crate::vault::Error::from)?
        {
            Some(v) => v,
            None if passphrase::have_terminal() => {
                passphrase::prompt_twice("One-time export passphrase")
                    .map_err(crate::vault::Error::from)?
            }
            None => {
                return Err(crate::vault::Error::from(passphrase::SourceError::NoSourceFor(
                    "--passphrase asks on a terminal; without one, set CONFIDE_EXPORT_PASSPHRASE"
                        .into(),
                ))
                .into());
            }
        };
        if p.expose_secret().is_empty() {
            return Err(usage("an empty passphrase cannot protect the export"));
        }
        if passphrase::strength(&p).weak {
            ui::warn("this export passphrase looks easy to guess; share a longer one if you can");
        }
        return Ok(Some(Protection::Sealed(crypto::Seal::Passphrase {
            passphrase: p,
            work_factor: args.work_factor,
        })));
    }
    let list = given
        .iter()
        .map(|r| recipient(r))
        .collect::<Result<Vec<_>>>()?;
    Ok(Some(Protection::Sealed(crypto::Seal::Recipients(list))))
}

/// Encrypts and optionally armors; `None` for `--plaintext` (the plaintext is written
/// as it is, without another copy in memory).
fn protect(plain: &[u8], p: &Protection, armor: bool) -> Result<Option<Vec<u8>>> {
    match p {
        Protection::Plain => Ok(None),
        Protection::Sealed(to) => crypto::seal(plain, to, armor)
            .map(Some)
            .map_err(|e| match e {
                crypto::SealError::Recipients(_) => usage(e.to_string()),
                crypto::SealError::Io(_) => anyhow::Error::new(e),
            }),
    }
}

/// Writes `bytes` to `path` with the vault's atomic write ([`fsutil::write_atomically`]):
/// a temp file beside it (0600), fsync, then a link that refuses to replace an
/// existing file (or, with `--force`, a rename, the replaced file overwritten: it may
/// be an earlier plaintext export), fsync the directory.
fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let place = if force {
        fsutil::Place::ReplaceDestroying
    } else {
        fsutil::Place::Create
    };
    match fsutil::write_atomically(path, place, |f| f.write_all(bytes)) {
        // A folder that could not be synced does not undo the export.
        Ok(_written) => Ok(()),
        Err(fsutil::WriteError::Temp(e)) => {
            Err(e).with_context(|| format!("could not create a file beside `{}`", path.display()))
        }
        Err(fsutil::WriteError::Write(e)) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(usage(format!(
                "`{}` already exists; choose another -o or pass --force",
                path.display()
            )))
        }
        Err(fsutil::WriteError::Write(e)) => {
            Err(e).with_context(|| format!("could not write `{}`", path.display()))
        }
    }
}

/// Where each rendered file goes.
fn targets(
    args: &ExportArgs,
    format: ExportFormat,
    output: &Path,
    encrypted: bool,
) -> Result<Vec<(String, PathBuf)>> {
    let suffix = if encrypted {
        if args.armor { ".age.asc" } else { ".age" }
    } else {
        ""
    };
    if format != ExportFormat::Csv {
        return Ok(vec![(String::new(), output.to_path_buf())]);
    }
    let is_file = output
        .extension()
        .is_some_and(|e| e == "csv" || e == "age" || e == "asc")
        && !output.is_dir();
    if is_file {
        return Ok(vec![("entries.csv".into(), output.to_path_buf())]);
    }
    Ok(crate::export::csv::TABLES
        .iter()
        .map(|t| (t.to_string(), output.join(format!("{t}{suffix}"))))
        .collect())
}

pub(super) fn run(vault: &crate::vault::Vault, args: ExportArgs) -> Result<()> {
    // The format in effect: `--format`, else the config file's `export_format`.
    let format = args
        .format_flag
        .or(crate::config::get().export_format)
        .ok_or_else(|| {
            crate::error::usage(
                "choose a format with --format html, md, json or csv (or set export_format in the config file)",
            )
        })?;
    // Every choice is checked before the vault is opened.
    let given = recipients_given(&args)?;
    let protection = protection(&args, &given)?;
    let to = export_to(&args, &given);
    let name = args.name.as_deref().map(client_name).transpose()?;
    if args.since_last && to.is_none() {
        return Err(usage(
            "--since-last starts at the last export to the same recipients: name them with --to or --to-file (or use --passphrase)",
        ));
    }
    let output = match (&args.output, args.preview) {
        (Some(o), _) => Some(o.clone()),
        (None, true) => None,
        (None, false) => {
            return Err(usage(
                "name the output with -o FILE (or a directory for CSV)",
            ));
        }
    };
    let encrypted = matches!(protection, Some(Protection::Sealed(_)));
    let files = match &output {
        Some(o) => targets(&args, format, o, encrypted)?,
        None => Vec::new(),
    };
    if !args.force {
        for (_, path) in &files {
            if path.exists() {
                return Err(usage(format!(
                    "`{}` already exists; choose another -o or pass --force",
                    path.display()
                )));
            }
        }
    }
    let now = Timestamp::now();
    let since = match &args.since {
        Some(s) => Some(input::when("--since", s)?),
        None if args.all => None,
        None => Some(crate::analysis::review::default_since(now)),
    };
    let until = match &args.until {
        Some(s) => input::when_until("--until", s)?,
        None => now,
    };
    // A range that ends before it starts is a mistake, said before the vault is opened
    // (--since-last's start is known only then, and checked there).
    if let Some(since) = since
        && since.unix_ms > until.unix_ms.min(now.unix_ms)
    {
        return Err(usage(if args.since.is_some() {
            "--since is after --until; give an earlier --since"
        } else {
            "--until is before the range's default start (30 days ago); give an earlier --since too"
        }));
    }
    let kinds = input::kinds(&args.kinds)?;
    let text = if args.no_text {
        TextPolicy::None
    } else if args.include_text || args.all {
        TextPolicy::Include
    } else {
        TextPolicy::Default
    };

    let opened = super::unlock(vault)?;
    // Where the last export to the same people (or made the same way) ended, if the
    // vault remembers one: --since-last starts just after it, and page 1 counts what
    // is new since.
    let last = to
        .as_deref()
        .and_then(|to| last_export_to(&opened.state.exports, to));
    let since = if args.since_last {
        match last {
            Some(l) => Some(Timestamp {
                unix_ms: l.covered_until.unix_ms.saturating_add(1),
                ..l.covered_until
            }),
            None => return Err(usage(no_earlier_export(&args))),
        }
    } else {
        since
    };
    // On a terminal the question waits for a person: the vault is not kept locked
    // meanwhile (an urge logged from another window goes in), and is opened again,
    // with the keys kept, once the answer is yes.
    let asking = !args.preview && !args.yes && on_a_terminal();
    let (state, kept) = if asking {
        let (state, keys) = opened.release();
        (state, Kept::Keys(keys))
    } else {
        let mut opened = opened;
        let state = std::mem::replace(&mut opened.state, crate::model::State::new(now, now));
        (state, Kept::Open(Box::new(opened)))
    };
    // --all: from the earliest entry (or the start, if that is earlier).
    let since = since.unwrap_or_else(|| {
        let start = state.settings.start;
        state
            .entries
            .iter()
            .map(|e| e.occurred_at)
            .min_by_key(|t| t.unix_ms)
            .filter(|t| t.unix_ms < start.unix_ms)
            .unwrap_or(start)
    });
    // --all reaches the latest entry even if a clock ahead put it after now.
    let until = if args.all {
        state
            .entries
            .iter()
            .map(|e| e.occurred_at)
            .filter(|t| t.unix_ms > now.unix_ms)
            .max_by_key(|t| t.unix_ms)
            .unwrap_or(now)
    } else {
        Timestamp {
            unix_ms: until.unix_ms.min(now.unix_ms),
            ..until
        }
    };
    if args.since_last && since.unix_ms > until.unix_ms {
        return Err(usage(format!(
            "--since-last: the last export to them covered up to {}, after --until; choose a later --until, or the start with --since",
            report::human_time(last.map_or(since, |l| l.covered_until))
        )));
    }
    let r = report::build(
        &state.entries,
        report::Options {
            since,
            until,
            kinds,
            include_private: args.include_private || args.all,
            text,
            summary_only: args.summary_only,
            start: state.settings.start,
            generated_at: now,
            week_start: crate::config::get()
                .week_start
                .unwrap_or(chrono::Weekday::Mon),
            agenda_entries: args.all,
            name,
            last_report: last,
            report_dates: report_dates(&state.exports, to.as_deref()),
            local_midnight: Some(super::input::local_midnight),
        },
    );
    if args.preview {
        crate::outln!("This export would contain (nothing was written):")?;
        for line in what_leaves(&r, format, to.as_deref()) {
            crate::outln!("{line}")?;
        }
        return Ok(());
    }
    if asking {
        crate::errln!("This export will contain:");
        for line in what_leaves(&r, format, to.as_deref()) {
            crate::errln!("{line}");
        }
        // Only y or yes writes. Ctrl-D (the end of input) is no; Ctrl-C ends confide
        // before anything is written.
        let yes = ui::ask_or_end("Write this export? [y/N]")?
            .is_some_and(|a| matches!(a.to_ascii_lowercase().as_str(), "y" | "yes"));
        if !yes {
            crate::outln!("Nothing was written.")?;
            return Ok(());
        }
    }
    let mut unlocked = match kept {
        Kept::Open(unlocked) => *unlocked,
        Kept::Keys(keys) => reopen_unchanged(vault, keys, &state, until)?,
    };
    let protection = protection.expect("checked: a protection is chosen unless previewing");
    if let (Some(dir), ExportFormat::Csv) = (&output, format)
        && files.len() > 1
    {
        fsutil::create_private_dir(dir)
            .with_context(|| format!("could not create `{}`", dir.display()))?;
    }
    let mut written = Vec::new();
    for (table, path) in &files {
        let mut plain = crate::export::SecretBuf::with_capacity(256 * 1024);
        match format {
            ExportFormat::Html => crate::export::html::write(&mut plain, &r)?,
            ExportFormat::Md => crate::export::markdown::write(&mut plain, &r)?,
            ExportFormat::Json => crate::export::json::write_report(&mut plain, &r)?,
            ExportFormat::Csv => crate::export::csv::write_table(&mut plain, &r, table)?,
        }
        let encrypted = protect(plain.as_bytes(), &protection, args.armor)?;
        let bytes = encrypted.as_deref().unwrap_or(plain.as_bytes());
        write_file(path, bytes, args.force)?;
        written.push((path.clone(), sha2::Sha256::digest(bytes).to_vec()));
        match protection {
            Protection::Plain => ui::warn(&format!(
                "`{}` is NOT encrypted: anyone who can read that file can read what is in it",
                path.display()
            )),
            _ => {
                crate::outln!("Wrote {} (encrypted).", path.display())?;
                let name = path.to_string_lossy();
                if !(name.ends_with(".age") || name.ends_with(".asc")) {
                    ui::note(&format!(
                        "`{}` is encrypted; a name ending in .age tells whoever receives it to open it with age",
                        path.display()
                    ));
                }
            }
        }
    }
    // Closed only now, with the files written: what the report carried.
    let carried: Vec<crate::model::EntryId> = if args.done_agenda {
        r.agenda.iter().map(|e| e.id).collect()
    } else {
        Vec::new()
    };
    let covered_until = r.options.until;
    drop(r);
    if !asking {
        // The state the report was built from is the vault's (it was not released).
        unlocked.state = state;
    }
    let closed = super::agenda::close_carried(&mut unlocked.state.entries, &carried, now);
    remember(
        &mut unlocked,
        &written,
        !matches!(protection, Protection::Plain),
        to.unwrap_or_default(),
        covered_until,
    )?;
    if closed > 0 {
        crate::outln!(
            "Closed the {closed} agenda point{} this export carries.",
            if closed == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}

/// Opens the vault again after the person answered yes, with the keys kept: only if
/// it is still the vault the report was built from, so that what leaves is what they
/// were shown. A new passphrase (or another vault at the path: `delete` and `passwd`
/// both change the key) or a change the report depends on ([`changed_meanwhile`])
/// stops the export before anything is written (exit 13). Other failures to open
/// (busy, damaged, gone) stop it with their own message and code.
fn reopen_unchanged(
    vault: &crate::vault::Vault,
    keys: crate::vault::HeldKeys,
    shown: &crate::model::State,
    until: Timestamp,
) -> Result<crate::vault::Unlocked> {
    use crate::vault::{Error, Fold, OpenOptions, Secret};
    let changed = || {
        crate::error::fail(
            crate::error::ExitKind::VaultChanged,
            "the vault changed while you were asked; nothing was written; run `confide export` again",
        )
    };
    let options = OpenOptions::new(Secret::Held(keys)).fold(Fold::Now);
    match vault.open(options, &mut |_| {}) {
        Ok(u) if changed_meanwhile(shown, &u.state, until) => Err(changed()),
        Ok(u) => Ok(u),
        Err(Error::KeyChanged) => Err(changed()),
        Err(e) => Err(e.into()),
    }
}

/// Whether the vault `now` differs from the one the report was built from (`shown`)
/// in anything the report depends on or that the person was shown: the settings (the
/// start), the remembered exports (where `--since-last` starts, the timeline's marks),
/// any entry shown then (deleted, edited, marked private, an agenda point closed),
/// or an entry added since that is dated up to the report's end (`until`): it would
/// change the counts they agreed to, or the figures against the period before. An
/// entry added since and dated after `until` (an urge logged from another window
/// while the question waited) is in no way part of this report, and is kept.
fn changed_meanwhile(
    shown: &crate::model::State,
    now: &crate::model::State,
    until: Timestamp,
) -> bool {
    if shown.settings != now.settings || shown.exports != now.exports {
        return true;
    }
    let mut before: std::collections::HashMap<_, _> =
        shown.entries.iter().map(|e| (e.id, e)).collect();
    for e in &now.entries {
        match before.remove(&e.id) {
            Some(was) if was == e => {}
            Some(_) => return true,
            None if e.occurred_at.unix_ms <= until.unix_ms => return true,
            None => {}
        }
    }
    // Any left were deleted meanwhile.
    !before.is_empty()
}

/// The vault while a report is built: still open (and locked), or released while a
/// question waits for an answer, with its keys kept to open it again.
enum Kept {
    Open(Box<crate::vault::Unlocked>),
    Keys(crate::vault::HeldKeys),
}

/// Whether export may ask before writing: standard input and standard error are
/// both a terminal (a script, a pipe or a redirected stderr is never asked).
fn on_a_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && ui::out::stderr_is_terminal()
}

/// Where the range of the most recently written export for `to` ended (its
/// `until`): everything dated up to then was in it or in an earlier one. Exports made
/// before vault format 8 say for no one, and match nothing.
fn last_export_to(
    exports: &[crate::model::envelope::ExportRecord],
    to: &[String],
) -> Option<report::LastReport> {
    exports
        .iter()
        .filter(|e| !e.to.is_empty() && e.to == to)
        .max_by_key(|e| e.written_at.unix_ms)
        .map(|e| report::LastReport {
            covered_until: e.until,
            written_at: e.written_at,
        })
}

/// When the earlier exports to the same people (or made the same way) were written,
/// for the report's timeline: the dates of reports made for others are not theirs to
/// see. None without a protection chosen (a preview for no one yet), and none from
/// exports made before vault format 8 (for no one confide knows of).
fn report_dates(
    exports: &[crate::model::envelope::ExportRecord],
    to: Option<&[String]>,
) -> Vec<Timestamp> {
    let Some(to) = to else {
        return Vec::new();
    };
    exports
        .iter()
        .filter(|e| !e.to.is_empty() && e.to == to)
        .map(|e| e.written_at)
        .collect()
}

/// The one line `--since-last` says when the vault remembers no export to them.
fn no_earlier_export(args: &ExportArgs) -> String {
    let whom = if args.passphrase {
        "no earlier export with --passphrase"
    } else if args.plaintext {
        "no earlier --plaintext export"
    } else {
        "no earlier export to these recipients"
    };
    format!(
        "--since-last: the vault remembers {whom} (older exports did not note whom they were for); choose the start with --since WHEN"
    )
}

/// The client's name or initials as given to `--name`, trimmed: one short line of
/// text that may be printed and rendered as it is (the renderers escape it). At
/// most [`MAX_NAME`] characters; no control characters, line breaks or
/// bidirectional controls (which could reorder what the therapist reads).
fn client_name(given: &str) -> Result<String> {
    let name = given.trim();
    if name.is_empty() {
        return Err(usage(
            "--name is empty; give a name or initials, or leave --name out",
        ));
    }
    if name.chars().any(crate::sanitize::is_unsafe) {
        return Err(usage(
            "--name may not hold control characters, line breaks or bidirectional controls; type it plainly",
        ));
    }
    let n = name.chars().count();
    if n > MAX_NAME {
        return Err(usage(format!(
            "--name is {n} characters long; at most {MAX_NAME} fit the page (initials are enough)"
        )));
    }
    Ok(name.to_string())
}

/// The longest `--name`, in characters, after trimming.
const MAX_NAME: usize = 40;

/// Keeps the paths of the files written, encrypted in the vault, so `confide wipe`
/// can destroy them too, with whom they were for and where their range ended (`until`),
/// where the next `--since-last` to them starts. A failure here does not undo the
/// export (the files are kept); it is reported, and the command exits with code 12.
fn remember(
    unlocked: &mut crate::vault::Unlocked,
    written: &[(PathBuf, Vec<u8>)],
    encrypted: bool,
    to: Vec<String>,
    until: Timestamp,
) -> Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let now = Timestamp::now();
    for (path, sha256) in written {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        let bytes = abs.as_os_str().as_bytes().to_vec();
        unlocked.state.exports.retain(|e| e.path != bytes);
        unlocked
            .state
            .exports
            .push(crate::model::envelope::ExportRecord {
                path: bytes,
                written_at: now,
                encrypted,
                sha256: sha256.clone(),
                to: to.clone(),
                until,
            });
    }
    if let Err(e) = unlocked.save() {
        ui::warn(&format!(
            "the export was written, but the vault could not note where ({}); `confide wipe` will not know about it",
            crate::error::one_line(&e)
        ));
        let names: Vec<String> = written
            .iter()
            .map(|(p, _)| format!("`{}`", p.display()))
            .collect();
        return Err(crate::error::fail(
            crate::error::ExitKind::NotRecorded,
            format!(
                "the export {} is kept but not noted in the vault; remove it yourself when you are done with it, or free space and export again with --force",
                names.join(", ")
            ),
        ));
    }
    Ok(())
}

/// What leaves, line by line, for `--preview` (standard output) and the question on
/// a terminal (standard error): the range in human dates, what is new since the last
/// export to the same people, the format, whom it is for, the name, then each
/// category of [`leaving`] with its count and whether its text goes.
///
/// [`leaving`]: crate::export::leaving::leaving
fn what_leaves(r: &Report, format: ExportFormat, to: Option<&[String]>) -> Vec<String> {
    use crate::model::envelope::ExportRecord;
    use clap::ValueEnum;
    let o = &r.options;
    let mut lines = vec![format!(
        "  range                {} to {}",
        report::human_time(o.since),
        report::human_time(o.until)
    )];
    if let Some(last) = o.last_report {
        lines.push(format!(
            "  last export to them  covered up to {}",
            report::human_time(last.covered_until)
        ));
    }
    lines.push(format!(
        "  format               {}",
        format
            .to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    ));
    match to {
        None => lines.push("  for                  (no protection chosen yet)".into()),
        Some([m]) if m == ExportRecord::PASSPHRASE => {
            lines.push("  for                  whoever has the one-time passphrase".into())
        }
        Some([m]) if m == ExportRecord::PLAINTEXT => {
            lines.push("  for                  anyone: NOT encrypted (--plaintext)".into())
        }
        Some(to) => {
            for (i, who) in to.iter().enumerate() {
                lines.push(format!(
                    "  {:<20} {}",
                    if i == 0 { "for" } else { "" },
                    crate::sanitize::field(&ui::fit(who, 70))
                ));
            }
        }
    }
    if let Some(name) = &o.name {
        lines.push(format!("  name                 {name}"));
    }
    for c in crate::export::leaving::leaving(r) {
        let line = match c.count {
            Some(n) => format!("  {:<20} {n:>4} {}", c.label, c.note),
            None => format!("  {:<20} {}", c.label, c.note),
        };
        lines.push(line.trim_end().to_string());
    }
    lines.push(format!("  completeness         {}", r.completeness()));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::envelope::ExportRecord;

    #[test]
    fn a_name_is_one_short_plain_line() {
        assert_eq!(client_name("  S. R. ").unwrap(), "S. R.");
        // Forty characters, not bytes.
        let forty = "é".repeat(40);
        assert_eq!(client_name(&forty).unwrap(), forty);
        assert!(client_name(&"é".repeat(41)).is_err());
        for bad in [
            "",
            " \t ",
            "a\nb",
            "a\u{85}b",
            "a\u{2029}b",
            "\u{200f}x",
            "x\u{1b}",
        ] {
            assert!(client_name(bad).is_err(), "{bad:?}");
        }
        for odd in ["</style>", "*/", "\\A", "\"}", "'"] {
            assert_eq!(client_name(odd).unwrap(), odd);
        }
    }

    #[test]
    fn the_last_export_is_the_latest_to_exactly_them() {
        let at_ms = |unix_ms: i64| Timestamp {
            unix_ms,
            offset_s: 0,
        };
        // Written at `ms`, its range ending at `until`.
        let rec = |ms: i64, until: i64, to: &[&str]| ExportRecord {
            path: format!("/r{ms}").into_bytes(),
            written_at: at_ms(ms),
            encrypted: true,
            sha256: vec![0; 32],
            to: to.iter().map(|s| s.to_string()).collect(),
            until: at_ms(until),
        };
        let exports = [
            rec(5, 4, &["age1a"]),
            rec(9, 8, &["age1a", "age1b"]),
            // The latest written to A ended its range early (--until).
            rec(7, 2, &["age1a"]),
            rec(3, 3, &["age1a"]),
            rec(8, 8, &[]),
        ];
        let last = |to: &[&str]| {
            let to: Vec<String> = to.iter().map(|s| s.to_string()).collect();
            last_export_to(&exports, &to).map(|l| l.covered_until.unix_ms)
        };
        // Where the latest written ended, even if an earlier one reached further.
        assert_eq!(last(&["age1a"]), Some(2));
        assert_eq!(last(&["age1a", "age1b"]), Some(8));
        assert_eq!(last(&["age1b"]), None);
        // An export from before format 8 is for no one, and matches nothing.
        assert_eq!(last(&[]), None);

        // The timeline marks only the reports made for the same people.
        let dates = |to: Option<&[&str]>| {
            let to: Option<Vec<String>> = to.map(|t| t.iter().map(|s| s.to_string()).collect());
            report_dates(&exports, to.as_deref())
                .iter()
                .map(|t| t.unix_ms)
                .collect::<Vec<_>>()
        };
        assert_eq!(dates(Some(&["age1a"])), [5, 7, 3]);
        assert_eq!(dates(Some(&["age1a", "age1b"])), [9]);
        assert_eq!(dates(Some(&[ExportRecord::PASSPHRASE])), [0; 0]);
        assert_eq!(dates(Some(&[])), [0; 0]);
        assert_eq!(dates(None), [0; 0], "a preview for no one yet shows none");
    }

    /// A journal entry with id `id`, dated `at` ms.
    fn journal(id: u8, at: i64) -> crate::model::Entry {
        let t = Timestamp {
            unix_ms: at,
            offset_s: 0,
        };
        crate::model::Entry {
            id: crate::model::EntryId([id; 16]),
            occurred_at: t,
            recorded_at: t,
            edited_at: None,
            tags: Vec::new(),
            private: false,
            intimacy: None,
            body: crate::model::EntryBody::Journal(crate::model::entry::Journal {
                text: format!("entry {id}"),
                mood: None,
                emotions: Vec::new(),
            }),
        }
    }

    #[test]
    fn what_changes_while_the_question_waits() {
        let at = |unix_ms| Timestamp {
            unix_ms,
            offset_s: 0,
        };
        let until = at(100);
        let mut shown = crate::model::State::new(at(0), at(0));
        shown.entries = vec![journal(1, 10), journal(2, 20), journal(3, 200)];
        let same = shown.clone();
        assert!(!changed_meanwhile(&shown, &same, until), "nothing changed");

        // Added after the report's end (logged from another window): kept, not a change.
        let mut later = shown.clone();
        later.entries.push(journal(4, 101));
        assert!(!changed_meanwhile(&shown, &later, until));
        // Added inside the range, or before it: the counts shown are wrong now.
        for at_ms in [100, 50, -5] {
            let mut added = shown.clone();
            added.entries.push(journal(4, at_ms));
            assert!(changed_meanwhile(&shown, &added, until), "added at {at_ms}");
        }
        // Deleted (even one outside the range), marked private, edited.
        let mut deleted = shown.clone();
        deleted.entries.remove(2);
        assert!(changed_meanwhile(&shown, &deleted, until));
        let mut private = shown.clone();
        private.entries[0].private = true;
        assert!(changed_meanwhile(&shown, &private, until));
        let mut edited = shown.clone();
        edited.entries[1].edited_at = Some(at(300));
        assert!(changed_meanwhile(&shown, &edited, until));
        // Deleted and another added in its place (the count alone is not enough).
        let mut swapped = shown.clone();
        swapped.entries[0] = journal(9, 150);
        assert!(changed_meanwhile(&shown, &swapped, until));
        // Folded in another order: the same entries.
        let mut reordered = shown.clone();
        reordered.entries.reverse();
        assert!(!changed_meanwhile(&shown, &reordered, until));
        // A setting, or another export remembered meanwhile.
        let mut moved = shown.clone();
        moved.settings.move_start(at(5), at(300));
        assert!(changed_meanwhile(&shown, &moved, until));
        let mut exported = shown.clone();
        exported.exports.push(ExportRecord {
            path: b"/other.md".to_vec(),
            written_at: at(300),
            encrypted: false,
            sha256: vec![0; 32],
            to: vec![ExportRecord::PLAINTEXT.into()],
            until: at(300),
        });
        assert!(changed_meanwhile(&shown, &exported, until));
    }
}
