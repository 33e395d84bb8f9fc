//! Checks on the vault's own files and the folder they live in.

use super::{Finding, Inputs, Status, shell_quote};
use crate::vault::{fsutil, placement};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The vault file itself.
pub(super) fn vault(inputs: &Inputs) -> Finding {
    let path = &inputs.vault;
    match fs::metadata(path) {
        Ok(m) if m.is_file() => Finding::new(
            "vault",
            Status::Ok,
            format!("Your vault is at `{}`", path.display()),
        )
        .detail("It is encrypted: without your passphrase or recovery code, nobody can read it."),
        Ok(_) => Finding::new(
            "vault",
            Status::Attention,
            format!("`{}` is not a file", path.display()),
        )
        .detail("Something else (a folder?) is where confide expects your vault.")
        .fix("Check --vault and CONFIDE_VAULT, or move what is there out of the way."),
        Err(_) => Finding::new("vault", Status::Note, "No vault yet")
            .detail(format!(
                "There is nothing at `{}`. If you have a vault elsewhere, point confide to it \
                 with --vault or CONFIDE_VAULT.",
                path.display()
            ))
            .fix("Run `confide init` to create one."),
    }
}

/// The `.bak` beside the vault, and leftover copies of the vault (temp files of a
/// save that was stopped, extra backup copies).
pub(super) fn backup(inputs: &Inputs) -> Finding {
    let bak = fsutil::backup_path(&inputs.vault);
    let strays = fsutil::strays(&inputs.vault);
    if inputs.vault.is_file() && !strays.is_empty() {
        return leftovers(inputs, &strays);
    }
    match (inputs.vault.is_file(), bak.is_file()) {
        (true, true) => Finding::new(
            "backup",
            Status::Ok,
            format!("The backup is at `{}`", bak.display()),
        )
        .detail(
            "It holds the previous generation of the vault, encrypted like the vault, in case \
             the vault is ever damaged.",
        ),
        (true, false) => Finding::new("backup", Status::Note, "No backup next to the vault yet")
            .detail(format!(
                "confide keeps the previous generation as `{}` once the vault has been rewritten; \
                 it appears after the next save that folds new entries in (reading the vault \
                 does that).",
                bak.display()
            )),
        (false, true) => Finding::new(
            "backup",
            Status::Attention,
            "There is a backup but no vault",
        )
        .detail(format!(
            "`{}` exists, but the vault beside it does not. The backup holds your entries up to \
             the save before last.",
            bak.display()
        ))
        .fix(format!(
            "If the vault was moved, point confide to it with --vault. If it was lost, bring the \
             backup back: `cp -p {} {}`, then `confide verify`.",
            shell_quote(&bak),
            shell_quote(&inputs.vault)
        )),
        (false, false) => Finding::new("backup", Status::Ok, "No backup (there is no vault yet)")
            .detail("A backup appears beside the vault once it has been rewritten."),
    }
}

/// Leftover copies of the vault beside it, which `delete --finish` destroys.
fn leftovers(inputs: &Inputs, strays: &[(fsutil::Stray, PathBuf)]) -> Finding {
    let names: Vec<String> = strays
        .iter()
        .map(|(_, p)| format!("`{}`", p.file_name().unwrap_or_default().to_string_lossy()))
        .collect();
    let title = if strays.len() == 1 {
        "A leftover copy of the vault is next to it".to_string()
    } else {
        format!(
            "{} leftover copies of the vault are next to it",
            strays.len()
        )
    };
    let why = match (
        strays.iter().any(|(k, _)| *k == fsutil::Stray::Temp),
        strays.iter().any(|(k, _)| *k == fsutil::Stray::ExtraBackup),
    ) {
        (true, true) => {
            "A save that was stopped partway, and opening the backup as a vault, leave such copies."
        }
        (true, false) => "A save that was stopped partway leaves such copies.",
        _ => "Opening the backup as a vault leaves such copies.",
    };
    Finding::new("backup", Status::Attention, title)
        .detail(format!(
            "{} in `{}`. {why} They are encrypted, but they may still hold entries you \
             deleted, or open with an old passphrase.",
            names.join(", "),
            fsutil::parent(&inputs.vault).display()
        ))
        .fix(
            "Run `confide delete --finish`: it destroys them and rewrites the vault and its \
             backup under a new key.",
        )
}

/// Group and other bits on the vault, its backup and its folder.
pub(super) fn permissions(inputs: &Inputs) -> Finding {
    let dir = fsutil::parent(&inputs.vault);
    let mut problems = Vec::new();
    let mut fixes = Vec::new();
    if let Ok(m) = fs::metadata(&dir)
        && m.is_dir()
        && m.permissions().mode() & 0o077 != 0
    {
        problems.push(format!(
            "the folder `{}` is mode {:o}",
            dir.display(),
            m.permissions().mode() & 0o777
        ));
        fixes.push(format!("chmod 700 {}", shell_quote(&dir)));
    }
    let mut files = Vec::new();
    for path in [inputs.vault.clone(), fsutil::backup_path(&inputs.vault)] {
        if let Ok(m) = fs::metadata(&path)
            && m.is_file()
            && m.permissions().mode() & 0o077 != 0
        {
            problems.push(format!(
                "`{}` is mode {:o}",
                path.display(),
                m.permissions().mode() & 0o777
            ));
            files.push(shell_quote(&path));
        }
    }
    if !files.is_empty() {
        fixes.push(format!("chmod 600 {}", files.join(" ")));
    }
    if problems.is_empty() {
        if !dir.is_dir() {
            return Finding::new(
                "permissions",
                Status::Ok,
                "Permissions: nothing to check yet",
            )
            .detail(
                "confide creates the vault's folder only for you (mode 700) at `confide init`.",
            );
        }
        return Finding::new(
            "permissions",
            Status::Ok,
            "Only you can read the vault and its folder",
        )
        .detail(
            "The vault and its backup are mode 600 and their folder 700, as confide makes them.",
        );
    }
    Finding::new(
        "permissions",
        Status::Attention,
        "Other users on this machine can see the vault's files",
    )
    .detail(format!(
        "{}. The files are encrypted, but other accounts should not be able to copy them and \
         try passphrases at leisure, or see when you write.",
        capitalise(&problems.join("; "))
    ))
    .fix(format!("Run `{}`.", fixes.join(" && ")))
}

/// Files beside the vault that a sync service made when two devices changed it.
pub(super) fn conflict_copies(inputs: &Inputs) -> Finding {
    let copies = find_conflict_copies(&inputs.vault, hostname(inputs).as_deref());
    if copies.is_empty() {
        return Finding::new("conflict-copies", Status::Ok, "No sync conflict copies")
            .detail("No file beside the vault looks like a copy a sync service made of it.");
    }
    let names: Vec<String> = copies
        .iter()
        .map(|p| format!("`{}`", p.file_name().unwrap_or_default().to_string_lossy()))
        .collect();
    let commands: Vec<String> = copies
        .iter()
        .map(|p| format!("`confide merge {} --remove-other`", shell_quote(p)))
        .collect();
    let (title, these) = if copies.len() == 1 {
        (
            "A sync conflict copy of the vault is next to it".to_string(),
            "it",
        )
    } else {
        (
            format!(
                "{} sync conflict copies of the vault are next to it",
                copies.len()
            ),
            "them",
        )
    };
    Finding::new("conflict-copies", Status::Attention, title)
        .detail(format!(
            "{} in `{}`. A sync service makes such a copy when the vault changed on two devices \
             at once; entries written on the other device may be only in the copy, so they are \
             missing from your vault until you merge {these}.",
            names.join(", "),
            fsutil::parent(&inputs.vault).display()
        ))
        .fix(format!(
            "Bring the entries in and destroy the copy: {}.",
            commands.join(", then ")
        ))
}

/// The machine's host name (OneDrive adds it to conflict copies).
fn hostname(inputs: &Inputs) -> Option<String> {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| fs::read_to_string(inputs.sys(p)).ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
}

/// Conflict copies of `vault` in its folder, by name: Syncthing
/// (`vault.sync-conflict-20261120-123456-ABCDEFG.confide`), Dropbox (`vault (Jo's
/// conflicted copy 2026-11-20).confide`), Nextcloud and ownCloud (`vault (conflicted
/// copy 2026-11-20 123456).confide`, `vault_conflict-20261120-123456.confide`,
/// `vault (conflict).confide`), OneDrive (`vault-HOSTNAME.confide`).
pub(super) fn find_conflict_copies(vault: &Path, hostname: Option<&str>) -> Vec<PathBuf> {
    let Some(name) = vault.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    // `vault` for `vault.confide`: conflict copies start with it.
    let stem = name.split('.').next().unwrap_or(&name).to_string();
    if stem.is_empty() {
        return Vec::new();
    }
    let bak = fsutil::backup_path(vault);
    let bak_name = bak.file_name().unwrap_or_default().to_string_lossy();
    let Ok(entries) = fs::read_dir(fsutil::parent(vault)) else {
        return Vec::new();
    };
    let onedrive = hostname.map(|h| format!("{stem}-{}", h.to_lowercase()));
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            if n == name || n == bak_name || n.starts_with('.') || !n.starts_with(&stem) {
                return false;
            }
            let lower = n.to_lowercase();
            let rest = &lower[stem.len()..];
            rest.contains("conflict")
                || onedrive
                    .as_deref()
                    .is_some_and(|o| lower.starts_with(o) && lower.contains(".confide"))
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// A vault inside a folder a sync service manages.
pub(super) fn synced_folder(inputs: &Inputs) -> Finding {
    match placement::synced_folder(&inputs.vault) {
        Some((service, folder)) => {
            let (title, looks) = if service.starts_with("a ") {
                (
                    format!("The vault is in what looks like {service}"),
                    format!("looks like {service}"),
                )
            } else {
                (
                    format!("The vault is in a folder synced by {service}"),
                    format!("looks like it is synced by {service}"),
                )
            };
            Finding::new("synced-folder", Status::Note, title)
                .detail(format!(
                    "`{}` {looks}. That is fine: the vault is encrypted \
             before it leaves confide, so the service only ever sees ciphertext. But it keeps \
             copies on your other devices and often old versions in its history, so an entry \
             you delete may live on there (still encrypted), and `confide wipe` cannot reach \
             those copies.",
                    folder.display()
                ))
                .fix(
                    "Nothing is needed. If you delete or wipe, also clear the service's version \
             history and the copies on other devices.",
                )
        }
        None => Finding::new(
            "synced-folder",
            Status::Ok,
            "The vault is not in a folder confide knows as synced",
        )
        .detail(
            "No Dropbox, iCloud Drive, OneDrive, Syncthing, Nextcloud or similar folder was \
             found around it (a best-effort check by folder names and marker files).",
        ),
    }
}

/// A copy-on-write file system under the vault.
pub(super) fn copy_on_write(inputs: &Inputs) -> Finding {
    let probe = inputs
        .vault
        .ancestors()
        .skip(1)
        .find(|d| !d.as_os_str().is_empty() && d.is_dir())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    match placement::copy_on_write(&probe) {
        Some(fs) => Finding::new(
            "copy-on-write",
            Status::Note,
            format!("The vault is on {fs}, a copy-on-write file system"),
        )
        .detail(format!(
            "On {fs}, overwriting a file writes new blocks, and the old ones (and any \
             snapshots) stay until they are reused. So when `confide delete` or `confide wipe` \
             overwrite old copies of the vault, the old blocks may remain on the disk. They are \
             encrypted, so this matters only if someone later learns your passphrase or \
             recovery code."
        ))
        .fix(
            "Rely on the encryption; use full-disk encryption for the rest, and remove \
             snapshots that hold old copies when you delete something for good.",
        ),
        None => Finding::new(
            "copy-on-write",
            Status::Ok,
            "The vault is not on a copy-on-write file system",
        )
        .detail(
            "Not btrfs, ZFS or bcachefs, so overwriting reaches the file's blocks (an SSD may \
             still keep old cells; the encryption covers that).",
        ),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_copies_are_found_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("vault.confide");
        for n in [
            "vault.confide",
            "vault.confide.bak",
            ".vault.confide.tmp-0123",
            "vault.confide.lock",
            "vault.sync-conflict-20261120-123456-ABCDEFG.confide",
            "vault (Jo's conflicted copy 2026-11-20).confide",
            "vault_conflict-20261120-123456.confide",
            "vault-laptop.confide",
            "other.sync-conflict-20261120-123456-ABCDEFG.confide",
            "notes.txt",
        ] {
            fs::write(dir.path().join(n), b"x").unwrap();
        }
        let found: Vec<String> = find_conflict_copies(&vault, Some("Laptop"))
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            found,
            [
                "vault (Jo's conflicted copy 2026-11-20).confide",
                "vault-laptop.confide",
                "vault.sync-conflict-20261120-123456-ABCDEFG.confide",
                "vault_conflict-20261120-123456.confide",
            ]
        );
        assert_eq!(find_conflict_copies(&vault, None).len(), 3);
    }
}
