//! `confide export`: the one moment data leaves the vault, so it is a consent
//! boundary. Encryption is the default and must be chosen explicitly; plaintext needs
//! `--plaintext` and is named in a warning. Files are written atomically, 0600, and
//! never replace an existing file without `--force`.

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

/// The recipients as given: every `--to`, then every recipient line of `--to-file`
/// (trimmed; blank lines and `#` comments left out). Not yet parsed.
fn recipients_given(args: &ExportArgs) -> Result<Vec<String>> {
    let mut given: Vec<String> = args.to.iter().map(|r| r.trim().to_string()).collect();
    if let Some(file) = &args.to_file {
        let text = fs::read_to_string(file).map_err(|e| {
            usage(format!(
                "cannot read the recipients file `{}` ({e})",
                file.display()
            ))
        })?;
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
    let kinds = input::kinds(&args.kinds)?;
    let text = if args.no_text {
        TextPolicy::None
    } else if args.include_text || args.all {
        TextPolicy::Include
    } else {
        TextPolicy::Default
    };

    let mut unlocked = super::unlock(vault)?;
    // --all: from the earliest entry (or the start, if that is earlier).
    let since = since.unwrap_or_else(|| {
        let start = unlocked.state.settings.start;
        unlocked
            .state
            .entries
            .iter()
            .map(|e| e.occurred_at)
            .min_by_key(|t| t.unix_ms)
            .filter(|t| t.unix_ms < start.unix_ms)
            .unwrap_or(start)
    });
    let r = report::build(
        &unlocked.state.entries,
        report::Options {
            since,
            // --all reaches the latest entry even if a clock ahead put it after now.
            until: if args.all {
                unlocked
                    .state
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
            },
            kinds,
            include_private: args.include_private || args.all,
            text,
            summary_only: args.summary_only,
            start: unlocked.state.settings.start,
            generated_at: now,
            week_start: crate::config::get()
                .week_start
                .unwrap_or(chrono::Weekday::Mon),
            agenda_entries: args.all,
            name: None,
            last_report: None,
        },
    );
    if args.preview {
        return preview(&r, format);
    }
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
    drop(r);
    let closed = super::agenda::close_carried(&mut unlocked.state.entries, &carried, now);
    remember(
        &mut unlocked,
        &written,
        !matches!(protection, Protection::Plain),
        to.unwrap_or_default(),
    )?;
    if closed > 0 {
        crate::outln!(
            "Closed the {closed} agenda point{} this export carries.",
            if closed == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}

/// Keeps the paths of the files written, encrypted in the vault, so `confide wipe`
/// can destroy them too. A failure here does not undo the export (the files are
/// kept); it is reported, and the command exits with code 12.
fn remember(
    unlocked: &mut crate::vault::Unlocked,
    written: &[(PathBuf, Vec<u8>)],
    encrypted: bool,
    to: Vec<String>,
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

fn preview(r: &Report, format: ExportFormat) -> Result<()> {
    let count = |k: &str| r.entries.iter().filter(|e| e.body.kind() == k).count();
    crate::outln!("This export would contain (nothing was written):")?;
    crate::outln!(
        "  range         {} to {}",
        r.options.since.to_rfc3339(),
        r.options.until.to_rfc3339()
    )?;
    use clap::ValueEnum;
    crate::outln!(
        "  format        {}",
        format
            .to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    )?;
    crate::outln!(
        "  summary       streak, phase, urges, triggers, coping, HALT, mood, practices, insights"
    )?;
    if r.options.summary_only {
        crate::outln!("  entries       none (summary only)")?;
    } else {
        for (k, label) in [
            ("journal", "journal"),
            ("urge", "urges"),
            ("lapse", "lapses"),
            ("reflection", "reflections"),
            ("practice", "practices"),
            ("checkin", "check-ins"),
        ] {
            crate::outln!("  {label:<13} {}", count(k))?;
        }
    }
    let n = r.agenda.len();
    crate::outln!(
        "  agenda        {n} open point{} (written for therapy)",
        if n == 1 { "" } else { "s" }
    )?;
    crate::outln!(
        "  private       {} held back{}",
        r.held_back_private,
        if r.options.include_private {
            " (you asked to include private entries)"
        } else {
            ""
        }
    )?;
    crate::outln!(
        "  free text     {}",
        match r.options.text {
            TextPolicy::Default =>
                "journal text of entries not marked private; no notes or other text",
            TextPolicy::Include => "all free text of the exported entries",
            TextPolicy::None => "none (structured fields only)",
        }
    )?;
    crate::outln!("  completeness  {}", r.completeness())?;
    Ok(())
}
