//! `confide wipe`: destroy everything confide keeps. No passphrase is needed
//! (destroying is not reading), but a typed confirmation is, unless `--yes`.

use crate::cli::WipeArgs;
use crate::error::usage;
use crate::passphrase;
use crate::ui;
use crate::vault::shred::Outcome;
use crate::vault::wipe::{ExportFile, vault_files};
use crate::vault::{self, Vault, fsutil, placement};
use age::secrecy::{ExposeSecret, SecretString};
use anyhow::{Result, anyhow};

pub(super) fn run(vault: &Vault, args: WipeArgs) -> Result<()> {
    if !vault.anything_to_wipe() {
        return Err(vault::Error::NotFound(vault.path().to_path_buf()).into());
    }
    let interactive = passphrase::have_terminal();
    if !args.yes && !interactive {
        return Err(usage(
            "wipe destroys the vault for good and needs confirmation: run it on a terminal, or pass --yes",
        ));
    }
    let present: Vec<_> = vault_files(vault.path())
        .into_iter()
        .filter(|(_, p)| std::fs::symlink_metadata(p).is_ok())
        .collect();
    let name = vault
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !args.yes {
        crate::errln!("This destroys, for good:");
        for (what, path) in &present {
            crate::errln!("  {what:<15} {}", ui::path(path));
        }
        if let Some(link) = vault.link() {
            crate::errln!(
                "  and the link    {} (it points to the vault above)",
                ui::path(link)
            );
        }
        if !args.keep_exports {
            crate::errln!("  and the export files confide wrote (found with your passphrase)");
        }
        let answer = ui::ask(&format!(
            "Type `wipe` (or `{name}`) to destroy it all, anything else to stop:"
        ))?;
        if answer.as_str() != "wipe" && answer.as_str() != name {
            return Err(anyhow!(
                "the answer did not match, so nothing was destroyed"
            ));
        }
    }
    let exports = if args.keep_exports {
        Some(Vec::new())
    } else {
        exports(vault, interactive)
    };
    let looked_for_exports = exports.is_some();
    let exports = exports.unwrap_or_default();
    let report = vault.wipe(&exports)?;
    for item in &report.items {
        match &item.result {
            Ok(Outcome::Destroyed) => {
                crate::outln!("destroyed  {:<15} {}", item.what, ui::path(&item.path))?
            }
            Ok(Outcome::Absent) if item.what == "export" => crate::outln!(
                "gone       {:<15} {} (already removed)",
                item.what,
                ui::path(&item.path)
            )?,
            Ok(Outcome::Absent) => {}
            Ok(Outcome::LeftAlone(why)) => crate::outln!(
                "left       {:<15} {}: {why}",
                item.what,
                ui::path(&item.path)
            )?,
            Err(e) => crate::outln!("NOT DONE   {:<15} {}: {e}", item.what, ui::path(&item.path))?,
        }
    }
    for dir in &report.removed_export_dirs {
        crate::outln!(
            "removed    {:<15} {} (the folder export made, now empty)",
            "directory",
            ui::path(dir)
        )?;
    }
    if let Some(dir) = &report.removed_dir {
        crate::outln!("removed    {:<15} {}", "directory", ui::path(dir))?;
    }
    // The link itself holds nothing: it is removed, not "destroyed", and only once
    // the vault it points to is gone.
    let mut link_left = None;
    if let Some(link) = vault.link() {
        if report.complete() {
            match std::fs::remove_file(link) {
                Ok(()) => crate::outln!(
                    "removed    {:<15} {} (it pointed to the vault)",
                    "link",
                    ui::path(link)
                )?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => link_left = Some(format!("{e}")),
            }
        } else {
            crate::outln!(
                "left       {:<15} {} (it points to the vault, which is not fully destroyed)",
                "link",
                ui::path(link)
            )?;
        }
    }
    if let Some(e) = &link_left {
        crate::outln!(
            "NOT DONE   {:<15} {}: {e} (it only pointed to the vault, which is destroyed)",
            "link",
            vault
                .link()
                .map(|l| ui::path(l).to_string())
                .unwrap_or_default()
        )?;
    }
    limits(vault);
    if report.complete() {
        if !looked_for_exports {
            crate::outln!(
                "not found  exports         the list of export files is encrypted and could not be read; any you made are still where you saved them"
            )?;
        }
        crate::outln!(
            "Done: the vault's files were overwritten and removed. Copies made outside confide (your own backups, synced copies, swap) are beyond its reach; see `confide wipe --help`."
        )?;
        Ok(())
    } else {
        Err(anyhow!(
            "some files could not be destroyed (marked NOT DONE above); remove them yourself"
        ))
    }
}

/// The export files the vault remembers, read with the passphrase if one is at hand.
/// `None` when they could not be looked for (wipe goes on, and says so).
fn exports(vault: &Vault, interactive: bool) -> Option<Vec<ExportFile>> {
    if !vault.exists() {
        return None;
    }
    // An unlock session reads the list without a question.
    let through = super::through_agent(
        vault,
        vault::OpenOptions::new(vault::Secret::Agent).fold(vault::Fold::InMemory),
    );
    if let Ok(Some(u)) = through {
        return Some(export_files(&u.release().0));
    }
    let from_env = passphrase::source_configured();
    let attempts = if from_env { 1 } else { passphrase::TRIES };
    for _ in 0..attempts {
        let pass: SecretString = if from_env {
            match passphrase::read_passphrase("Passphrase") {
                Ok((p, _)) => p,
                Err(e) => {
                    ui::warn(&format!("{e}; export files were not looked for"));
                    return None;
                }
            }
        } else if interactive {
            match passphrase::prompt(
                "Passphrase, to find the export files confide wrote (Enter to skip): ",
            ) {
                Ok(p) if !p.expose_secret().is_empty() => p,
                _ => {
                    ui::note("export files were not looked for; any you made are still there");
                    return None;
                }
            }
        } else {
            ui::note(
                "without a passphrase, the export files confide wrote cannot be found (their list is encrypted); any you made are still there",
            );
            return None;
        };
        let read = {
            let mut spinner = ui::Spinner::new("Reading the list of exports...");
            // Nothing is written: a rewrite first would leave a released generation
            // behind.
            let options = vault::OpenOptions::passphrase(&pass).fold(vault::Fold::InMemory);
            vault
                .open(options, &mut spinner.callback())
                .map(|u| u.release().0)
        };
        match read {
            Ok(state) => return Some(export_files(&state)),
            Err(vault::Error::WrongPassphrase) => {
                ui::warn("that passphrase does not open the vault");
            }
            Err(e) => {
                ui::warn(&format!(
                    "{}; export files were not looked for",
                    crate::error::one_line(&e)
                ));
                return None;
            }
        }
    }
    ui::note("export files were not looked for; any you made are still there");
    None
}

/// The export files `state` remembers.
fn export_files(state: &crate::model::State) -> Vec<ExportFile> {
    state
        .exports
        .iter()
        .map(|e| {
            let path = e.path();
            // A CSV export's tables sit in the folder it made.
            let in_own_folder = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| crate::export::csv::TABLES.contains(&n));
            ExportFile {
                path,
                sha256: e.sha256.clone(),
                in_own_folder,
            }
        })
        .collect()
}

/// What overwriting could not reach here, as far as confide can tell.
fn limits(vault: &Vault) {
    let dir = fsutil::parent(vault.path());
    let probe = if dir.exists() {
        dir.clone()
    } else {
        fsutil::parent(&dir)
    };
    if let Some(fs) = placement::copy_on_write(&probe) {
        ui::warn(&format!(
            "`{}` is on {fs}, a copy-on-write file system: overwriting writes new blocks, and the old ones (and any snapshots) may remain until the file system reuses them; the encryption still protects them",
            ui::path(&probe)
        ));
    }
    if let Some((service, folder)) = placement::synced_folder(vault.path()) {
        ui::warn(&format!(
            "the vault was inside `{}`, synced by {service}: copies on other devices and in the service's history are not touched; remove them there too",
            ui::path(&folder)
        ));
    }
}
