//! `confide merge OTHER`: unite another copy of the vault (a sync conflict copy, a
//! copy from another device) into this one. The other copy is only read, never
//! written; with `--remove-other` it is destroyed after a successful merge, as
//! `confide wipe` destroys a vault. The rules are in [`crate::model::merge`].

use crate::cli::MergeArgs;
use crate::error::{ExitKind, fail, usage};
use crate::model::State;
use crate::model::merge::{self, EntryRef, Report};
use crate::passphrase;
use crate::ui;
use crate::vault::shred::Outcome;
use crate::vault::{self, Fold, LockMode, OpenOptions, Vault};
use age::secrecy::SecretString;
use anyhow::{Result, anyhow};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// The variables (with `_COMMAND` and `_FILE`) for the other copy's passphrase.
const OTHER_VAR: &str = "CONFIDE_OTHER_PASSPHRASE";

pub(super) fn run(vault: &Vault, args: MergeArgs) -> Result<()> {
    super::require_vault(vault)?;
    let other = Vault::resolve(&args.other)?;
    if !other.path().is_file() {
        return Err(fail(
            ExitKind::NotFound,
            format!(
                "there is no copy of a vault at `{}` to merge; check the path (nothing was changed)",
                ui::path(other.path())
            ),
        ));
    }
    if same_file(vault.path(), other.path()) {
        return Err(usage(format!(
            "`{}` is this vault itself; name the other copy to merge (nothing was changed)",
            ui::path(other.path())
        )));
    }

    // This vault first (a wrong passphrase is found before anything else), released
    // while the other copy is read: its passphrase may have to be typed.
    let (unlocked, pass) = super::open_labelled(vault, "Passphrase", Fold::Defer)?;
    let (state, held) = unlocked.release();
    drop(state);
    // To remove the other copy afterwards, its lock is held from before it is read
    // until it is destroyed, so nothing added to it meanwhile can be lost.
    let hold = if args.remove_other && !args.dry_run {
        Some(other.hold_copy()?)
    } else {
        None
    };
    let theirs = read_other(&other, hold.as_ref(), &pass)?;
    let mut unlocked = super::reopen(vault, held, Fold::Defer, None)?;

    let (merged, report) = merge::merge(&unlocked.state, &theirs);
    drop(theirs);
    let changed = merged != unlocked.state;
    let written = changed && !args.dry_run;
    if written {
        let deleting = !report.deleted.is_empty();
        unlocked.state = merged;
        if deleting {
            let spinner = ui::Spinner::new("Merging: a new key, and the old files overwritten...");
            super::delete::print_save_report(&unlocked.save_deleting()?)?;
            drop(spinner);
        } else {
            unlocked.save()?;
        }
    } else {
        drop(merged);
    }
    drop(unlocked);

    if !args.json {
        print_report(&report, changed, args.dry_run, other.path())?;
    }
    let removed = if let Some(hold) = hold {
        Some(remove_other(&other, hold, !args.json)?)
    } else {
        if args.remove_other && !args.json {
            ui::note("a dry run removes nothing; the other copy was left as it is");
        }
        None
    };
    if args.json {
        let v = serde_json::json!({
            "schema": 1,
            "dry_run": args.dry_run,
            "changed": changed,
            "written": written,
            "added": report.added,
            "updated": report.updated,
            "deleted": report.deleted,
            "conflicts": report.conflicts,
            "unchanged": report.unchanged,
            "settings_from_other": report.settings_from_other,
            "tombstones_added": report.tombstones_added,
            "exports_added": report.exports_added,
            "other_removed": removed.as_ref().map(|r| r.0.clone()),
        });
        crate::outln!("{}", crate::sanitize::json::to_string_pretty(&v)?)?;
    }
    match removed {
        Some((_, false)) => Err(anyhow!(
            "the merge was saved, but some files of the other copy could not be destroyed (marked NOT DONE above); remove them yourself"
        )),
        _ => Ok(()),
    }
}

/// Whether two paths name the same file (through links, `..` or a hard link: the
/// same device and inode).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// The other copy's state: with this vault's passphrase, else with its own from
/// `CONFIDE_OTHER_PASSPHRASE*` or the terminal.
fn read_other(other: &Vault, hold: Option<&vault::HeldCopy>, pass: &SecretString) -> Result<State> {
    let read = |p: &SecretString| {
        let mut spinner = ui::Spinner::new("Reading the other copy...");
        // Nothing is written beside the other copy, not even a lock file: its lock is
        // the one held, or taken only if its file is there already.
        let lock = match hold {
            Some(h) => LockMode::Held(h),
            None => LockMode::OnlyIfPresent,
        };
        let options = OpenOptions::passphrase(p).fold(Fold::InMemory).lock(lock);
        other.open(options, &mut spinner.callback()).map(|mut u| {
            let warnings = std::mem::take(&mut u.warnings);
            (u.release().0, warnings)
        })
    };
    let (state, warnings) = match read(pass) {
        Err(vault::Error::WrongPassphrase) => {
            let (own, _) = passphrase::read_passphrase_from(
                OTHER_VAR,
                "Passphrase of the other copy",
                || {
                    passphrase::SourceError::NoSourceFor(format!(
                        "this vault's passphrase does not open `{}`, and there is no terminal to ask for its own; set CONFIDE_OTHER_PASSPHRASE_COMMAND, CONFIDE_OTHER_PASSPHRASE_FILE or CONFIDE_OTHER_PASSPHRASE",
                        ui::path(other.path())
                    ))
                },
            )
            .map_err(vault::Error::from)?;
            match read(&own) {
                Err(vault::Error::WrongPassphrase) => {
                    return Err(fail(
                        ExitKind::WrongKey,
                        format!(
                            "that passphrase does not open the other copy `{}`; nothing was changed",
                            ui::path(other.path())
                        ),
                    ));
                }
                r => r?,
            }
        }
        r => r?,
    };
    for w in &warnings {
        ui::warn(&format!("the other copy: {w}"));
    }
    Ok(state)
}

/// "  added     journal    Sun 22 Nov 2026, 18:40  927251d7": what, when, and the id.
fn line(verb: &str, e: &EntryRef) -> std::io::Result<()> {
    crate::outln!(
        "  {verb:<9} {:<10} {:<23} {}",
        e.kind,
        crate::export::report::human_time(e.occurred_at),
        e.short_id
    )
}

fn print_report(r: &Report, changed: bool, dry_run: bool, other: &Path) -> std::io::Result<()> {
    if !changed {
        crate::outln!(
            "Already up to date: nothing to merge from `{}`.",
            ui::path(other)
        )?;
        for c in &r.conflicts {
            crate::outln!("  note: {}", c.describe())?;
        }
        return Ok(());
    }
    let plural = |n: usize| if n == 1 { "entry" } else { "entries" };
    let counts = format!(
        "{} {} added, {} updated, {} deleted, {} unchanged",
        r.added.len(),
        plural(r.added.len()),
        r.updated.len(),
        r.deleted.len(),
        r.unchanged
    );
    if dry_run {
        crate::outln!(
            "Dry run, nothing was written. Merging `{}` would give: {counts}.",
            ui::path(other)
        )?;
    } else {
        crate::outln!("Merged `{}`: {counts}.", ui::path(other))?;
    }
    for e in &r.added {
        line("added", e)?;
    }
    for e in &r.updated {
        line("updated", e)?;
    }
    for e in &r.deleted {
        line("deleted", e)?;
    }
    for c in &r.conflicts {
        crate::outln!("  conflict: {}", c.describe())?;
    }
    if r.settings_from_other {
        crate::outln!("  settings: taken from the other copy, where they changed later")?;
    }
    if r.tombstones_added > 0 {
        crate::outln!(
            "  {} deletion{} remembered from the other copy",
            r.tombstones_added,
            if r.tombstones_added == 1 { "" } else { "s" }
        )?;
    }
    if r.exports_added > 0 {
        crate::outln!(
            "  {} export file{} the other copy wrote, now remembered here too (for `confide wipe`)",
            r.exports_added,
            if r.exports_added == 1 { "" } else { "s" }
        )?;
    }
    if !dry_run && !r.deleted.is_empty() {
        crate::outln!(
            "The vault now has a new key, and the files it replaced were overwritten, as `confide delete` does."
        )?;
    }
    Ok(())
}

/// Destroys the other copy's files (not its exports) and says what was destroyed.
/// Returns the files as JSON and whether every one was destroyed.
fn remove_other(
    other: &Vault,
    hold: vault::HeldCopy,
    print: bool,
) -> Result<(serde_json::Value, bool)> {
    let report = other.destroy_copy(hold)?;
    let mut items = Vec::new();
    for item in &report.items {
        let (result, text) = match &item.result {
            Ok(Outcome::Destroyed) => ("destroyed", "destroyed ".to_string()),
            Ok(Outcome::Absent) => continue,
            Ok(Outcome::LeftAlone(why)) => ("left", format!("left       ({why})")),
            Err(e) => ("not_done", format!("NOT DONE   ({e})")),
        };
        if print {
            crate::outln!(
                "{text:<10} {:<15} {} (the other copy)",
                item.what,
                ui::path(&item.path)
            )?;
        }
        items.push(serde_json::json!({
            "what": item.what,
            "path": item.path.display().to_string(),
            "result": result,
        }));
    }
    if let Some(dir) = &report.removed_dir {
        if print {
            crate::outln!("removed    {:<15} {}", "directory", ui::path(dir))?;
        }
        items.push(serde_json::json!({
            "what": "directory",
            "path": dir.display().to_string(),
            "result": "removed",
        }));
    }
    if print && report.complete() {
        crate::outln!(
            "The other copy was overwritten and removed. Copies of it elsewhere (other devices, the sync service's history) are not touched."
        )?;
    }
    Ok((serde_json::Value::Array(items), report.complete()))
}
