//! `confide import`: bring entries in from a confide JSON export (a backup, another
//! device) or from jrnl. All or nothing: the whole file is decrypted, parsed and
//! checked before the vault changes, and then it changes in one atomic write.

use crate::cli::{ImportArgs, ImportFormat};
use crate::error::{ExitKind, fail, usage};
use crate::import::{self, Format, MAX_INPUT, Plan, plan};
use crate::model::{EntryId, Timestamp};
use crate::passphrase;
use crate::ui;
use crate::vault::{Vault, crypto};
use age::secrecy::{ExposeSecret, SecretString};
use anyhow::{Context, Result};
use std::collections::HashSet;
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

/// scrypt work factors above this are refused for import files: they come from
/// elsewhere, and 2^20 already costs 1 GiB of memory (the vault itself accepts 22).
const MAX_WORK_FACTOR: u8 = 20;

/// The largest identity file read (age's own limit is 16 MiB; real ones are tiny).
const MAX_IDENTITY_FILE: u64 = 64 * 1024;

pub(super) fn run(vault: &Vault, args: ImportArgs) -> Result<()> {
    super::require_vault(vault)?;
    let name = args.file.display().to_string();
    let raw = read_input(&args.file)?;
    let plain = if import::is_age(&raw) {
        decrypt(&raw, &name, args.identity.as_deref())?
    } else {
        if args.identity.is_some() {
            ui::note(&format!(
                "`{name}` is not encrypted; --identity is not needed"
            ));
        }
        raw
    };
    let format = args.from.map(|f| match f {
        ImportFormat::ConfideJson => Format::ConfideJson,
        ImportFormat::JrnlJson => Format::JrnlJson,
    });
    let parsed = import::parse(&plain, format, Timestamp::now(), &chrono::Local)
        .map_err(|e| e.in_file(&name))?;
    drop(plain);
    let file_start = parsed
        .meta
        .start
        .filter(|t| t.unix_ms <= Timestamp::now().unix_ms);

    // The file's own passphrase may have been asked for just before: this one is
    // the vault's, and says so.
    let mut unlocked = match super::through_agent(
        vault,
        crate::vault::OpenOptions::new(crate::vault::Secret::Agent),
    )? {
        Some(u) => super::shown(u),
        None => super::open_labelled(vault, "Vault passphrase", crate::vault::Fold::Now)?.0,
    };
    // The file's recovery start is taken only when restoring into a vault with no
    // entries yet (a new device, a backup): it never rewrites a living record's streak.
    let vault_start = unlocked.state.settings.start;
    let restoring = unlocked.state.entries.is_empty();
    let earlier_start = file_start.filter(|s| s.unix_ms < vault_start.unix_ms);
    let plan = plan(
        &unlocked.state.entries,
        &unlocked.state.tombstones,
        parsed.entries,
        parsed.format,
    );
    let report = describe(&plan, parsed.format, args.dry_run);
    if args.dry_run {
        crate::out!("{report}")?;
    }
    if let Some(policy) = &parsed.meta.text_held_back {
        ui::warn(&format!(
            "this export was made without all free text (text: {policy}): notes, reflections and chain analyses that were held back are not in it; for a full backup, export with --all"
        ));
    }
    let start_line = earlier_start.map(|s| {
        let day = s.to_datetime().format("%Y-%m-%d");
        match (restoring, args.dry_run) {
            (true, true) => format!("The recovery start would move back to {day}, as in the file."),
            (true, false) => format!("The recovery start moved back to {day}, as in the file."),
            (false, _) => format!(
                "The file's recovery start ({day}) is earlier than this vault's ({}); this vault keeps its own.",
                vault_start.to_datetime().format("%Y-%m-%d")
            ),
        }
    });
    if args.dry_run {
        if let Some(line) = &start_line {
            crate::outln!("{line}")?;
        }
        crate::outln!("Dry run: nothing was imported.")?;
        return Ok(());
    }
    let new_start = earlier_start.filter(|_| restoring);
    if !plan.new.is_empty() || new_start.is_some() {
        if let Some(s) = new_start {
            unlocked.state.settings.start = s;
            unlocked.state.settings.updated_at = Some(Timestamp::now());
        }
        // As in `merge`: an entry edited after its deletion comes back, and its
        // tombstone goes, so that a later delete starts afresh.
        let back: HashSet<EntryId> = plan.new.iter().map(|e| e.id).collect();
        unlocked.state.tombstones.retain(|t| !back.contains(&t.id));
        unlocked.state.entries.extend(plan.new);
        unlocked.save()?;
    }
    // Only now, with the vault saved, does it say what was imported.
    crate::out!("{report}")?;
    if let Some(line) = &start_line {
        crate::outln!("{line}")?;
    }
    Ok(())
}

/// Reads the whole input (a file, or standard input for `-`), refusing anything larger
/// than [`MAX_INPUT`].
fn read_input(path: &Path) -> Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::new());
    let too_big = || {
        usage(format!(
            "`{}` is larger than 1 GiB; confide does not import files that large",
            path.display()
        ))
    };
    if path.as_os_str() == "-" {
        // Prompts now go to the controlling terminal, not to the data on stdin.
        passphrase::stdin_is_data();
        let mut secret = crate::export::SecretBuf::with_capacity(1 << 20);
        std::io::copy(&mut std::io::stdin().take(MAX_INPUT + 1), &mut secret)
            .context("could not read standard input")?;
        buf = secret.into_inner();
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| usage(format!("cannot open `{}` ({e})", path.display())))?;
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        if len > MAX_INPUT {
            return Err(too_big());
        }
        // Sized up front, so the plaintext is never copied into a reallocated buffer.
        buf.reserve_exact(len as usize + 1);
        file.take(MAX_INPUT + 1)
            .read_to_end(&mut buf)
            .with_context(|| format!("could not read `{}`", path.display()))?;
    }
    if buf.len() as u64 > MAX_INPUT {
        return Err(too_big());
    }
    Ok(buf)
}

/// Decrypts an age file (binary or armored) with a passphrase or an identity file,
/// through the vault's crypto module (the only place that decrypts).
fn decrypt(raw: &[u8], name: &str, identity: Option<&Path>) -> Result<Zeroizing<Vec<u8>>> {
    let failed = |e: crypto::UnsealError| -> anyhow::Error {
        match e {
            crypto::UnsealError::NotAge(why) => usage(format!(
                "`{name}` looks like an age file but cannot be read ({why})"
            )),
            crypto::UnsealError::WrongKey => fail(
                ExitKind::WrongKey,
                if identity.is_some() {
                    format!(
                        "the identity does not open `{name}` (it was encrypted to another key); nothing was imported"
                    )
                } else {
                    format!("that passphrase does not open `{name}`; nothing was imported")
                },
            ),
            crypto::UnsealError::ExcessiveWork(required) => usage(format!(
                "`{name}` needs scrypt work factor {required}; confide accepts up to {MAX_WORK_FACTOR}"
            )),
            crypto::UnsealError::Other(why) => usage(format!("cannot decrypt `{name}` ({why})")),
            crypto::UnsealError::Damaged(why) => usage(format!(
                "`{name}` is damaged: it does not decrypt to the end ({why})"
            )),
            crypto::UnsealError::TooLarge => usage(format!(
                "`{name}` decrypts to more than 1 GiB; confide does not import files that large"
            )),
        }
    };
    match crypto::sealed_with(raw).map_err(failed)? {
        crypto::SealedWith::Passphrase => {
            if identity.is_some() {
                return Err(usage(format!(
                    "`{name}` is encrypted with a passphrase, not to a key; drop --identity"
                )));
            }
            let pass = import_passphrase(name)?;
            let spinner = ui::Spinner::new("Decrypting...");
            let out = crypto::unseal(raw, crypto::Unseal::Passphrase(&pass), MAX_INPUT);
            drop(spinner);
            out.map_err(failed)
        }
        crypto::SealedWith::Keys => {
            let Some(path) = identity else {
                return Err(usage(format!(
                    "`{name}` is encrypted to a key; pass --identity FILE with the matching age identity or SSH private key"
                )));
            };
            let ids = identities(path)?;
            crypto::unseal(raw, crypto::Unseal::Identities(&ids), MAX_INPUT).map_err(failed)
        }
    }
}

/// The passphrase of a passphrase-encrypted import file.
fn import_passphrase(name: &str) -> Result<SecretString> {
    let pass = match passphrase::from_env_value("CONFIDE_IMPORT_PASSPHRASE")
        .map_err(crate::vault::Error::from)?
    {
        Some(v) => v,
        None if passphrase::have_terminal() => {
            passphrase::prompt(&format!("Passphrase for `{name}`: "))
                .map_err(crate::vault::Error::from)?
        }
        None => {
            return Err(crate::vault::Error::from(passphrase::SourceError::NoSourceFor(format!(
                "`{name}` is encrypted with a passphrase; set CONFIDE_IMPORT_PASSPHRASE or run on a terminal"
            )))
            .into());
        }
    };
    if pass.expose_secret().is_empty() {
        return Err(usage("an empty passphrase cannot open anything"));
    }
    Ok(pass)
}

/// The identities in an age identity file, or an unencrypted SSH private key.
fn identities(path: &Path) -> Result<Vec<Box<dyn age::Identity>>> {
    let mut bytes = Zeroizing::new(Vec::new());
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_IDENTITY_FILE + 1).read_to_end(&mut bytes))
        .map_err(|e| {
            usage(format!(
                "cannot read the identity file `{}` ({e})",
                path.display()
            ))
        })?;
    if bytes.len() as u64 > MAX_IDENTITY_FILE {
        return Err(usage(format!(
            "`{}` is larger than 64 KiB, too large for an identity file",
            path.display()
        )));
    }
    crypto::parse_identities(&bytes, &path.display().to_string()).map_err(|e| match e {
        crypto::IdentityError::NotIdentity => usage(format!(
            "`{}` is not an age identity file or an SSH private key",
            path.display()
        )),
        crypto::IdentityError::SshEncrypted => usage(format!(
            "the SSH key `{}` is protected by a passphrase, which confide cannot ask for; use an age identity, or a copy of the key without a passphrase kept in RAM (e.g. under /dev/shm)",
            path.display()
        )),
        crypto::IdentityError::SshUnsupported => usage(format!(
            "age cannot use the SSH key `{}` (only ssh-ed25519 and ssh-rsa)",
            path.display()
        )),
    })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Prints what the import adds and skips.
fn describe(p: &Plan, format: Format, dry_run: bool) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let verb = if dry_run { "Would import" } else { "Imported" };
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for e in &p.new {
        let k = e.body.kind();
        match kinds.iter_mut().find(|(n, _)| *n == k) {
            Some((_, c)) => *c += 1,
            None => kinds.push((k, 1)),
        }
    }
    let breakdown = if kinds.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = kinds.iter().map(|(k, c)| format!("{c} {k}")).collect();
        format!(" ({})", list.join(", "))
    };
    let _ = writeln!(
        out,
        "{verb} {}{breakdown} from {} ({}).",
        plural(p.new.len(), "entry", "entries"),
        match format {
            Format::ConfideJson => "a confide export",
            Format::JrnlJson => "a jrnl export",
        },
        format.as_str()
    );
    if let (Some(first), Some(last)) = (
        p.new.iter().map(|e| e.occurred_at.unix_ms).min(),
        p.new.iter().map(|e| e.occurred_at.unix_ms).max(),
    ) {
        let day = |ms: i64| {
            let e = p
                .new
                .iter()
                .find(|e| e.occurred_at.unix_ms == ms)
                .expect("the time comes from an entry");
            e.occurred_at.to_datetime().format("%Y-%m-%d").to_string()
        };
        let _ = writeln!(out, "They run from {} to {}.", day(first), day(last));
    }
    let private = p.new.iter().filter(|e| e.private).count();
    if private > 0 {
        let _ = writeln!(
            out,
            "{private} of them {} marked private.",
            if private == 1 { "is" } else { "are" }
        );
    }
    if p.already > 0 {
        let mut line = format!(
            "Skipped {} already in the vault",
            plural(p.already, "entry", "entries")
        );
        if p.differ > 0 {
            line.push_str(&format!(
                "; {} in the file differ from the vault's copy, and the vault's copy was kept",
                p.differ
            ));
        }
        let _ = writeln!(out, "{line}.");
    }
    if p.deleted > 0 {
        let _ = writeln!(
            out,
            "Skipped {} you deleted from this vault; deleted entries stay deleted.",
            plural(p.deleted, "entry", "entries")
        );
    }
    if p.repeated > 0 {
        let differ = if p.repeated_differ > 0 {
            format!(
                " ({} of them differ from the first copy, which was the one kept)",
                p.repeated_differ
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "Skipped {} that appear twice in the file{differ}.",
            plural(p.repeated, "entry", "entries")
        );
    }
    out
}
