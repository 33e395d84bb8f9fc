//! `confide wipe`: destroy the vault, its backup, leftover temp files, its lock file
//! and the export files confide remembers, each overwritten with random bytes before
//! it is truncated, renamed and unlinked ([`super::shred::destroy_file`]).

use super::shred::{self, Outcome};
use super::{Error, Vault, fsutil, lock};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};

/// An export file to destroy, with the SHA-256 of what confide wrote there.
#[derive(Debug, Clone)]
pub struct ExportFile {
    /// Where it was written.
    pub path: PathBuf,
    /// SHA-256 of its bytes when written.
    pub sha256: Vec<u8>,
    /// It is a table in a folder the export made for it (a CSV export to `-o DIR`):
    /// the folder is removed too once nothing is left in it.
    pub in_own_folder: bool,
}

/// One file `wipe` dealt with.
#[derive(Debug)]
pub struct Item {
    /// What it is ("vault", "backup", "backup copy", "temporary file", "lock file",
    /// "export").
    pub what: &'static str,
    /// Where.
    pub path: PathBuf,
    /// What happened: destroyed, not there, or why it could not be.
    pub result: Result<Outcome, String>,
}

/// What `wipe` did.
#[derive(Debug, Default)]
pub struct Report {
    /// Every file, in the order handled.
    pub items: Vec<Item>,
    /// The vault's directory, if it was removed (it was named `confide` and empty).
    pub removed_dir: Option<PathBuf>,
    /// Folders `export` made for CSV tables, removed once their tables were
    /// destroyed and nothing else was left in them.
    pub removed_export_dirs: Vec<PathBuf>,
}

impl Report {
    /// True when every file that existed was destroyed.
    pub fn complete(&self) -> bool {
        self.items.iter().all(|i| i.result.is_ok())
    }
}

/// The files `wipe` would destroy in the vault's directory, present or not: the
/// vault, its backup, and every sibling named as confide names them for this vault:
/// extra backup copies (`<vault>.bak.bak`…), temp files (`.<vault>.tmp-…`,
/// `.<vault>.bak.tmp-…`…) and lock files (`<vault>.bak.lock`…), then the vault's own
/// lock file, last. Nothing else in the directory is listed.
pub fn vault_files(vault: &Path) -> Vec<(&'static str, PathBuf)> {
    let mut out = vec![
        ("vault", vault.to_path_buf()),
        ("backup", fsutil::backup_path(vault)),
    ];
    let dir = fsutil::parent(vault);
    let name = vault
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    if let Ok(entries) = fs::read_dir(&dir) {
        let mut siblings: Vec<(&'static str, PathBuf)> = entries
            .flatten()
            .filter(|e| !e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                sibling_kind(&name, &n).map(|k| (k, e.path()))
            })
            .collect();
        siblings.sort_by(|a, b| a.0.cmp(b.0).then_with(|| a.1.cmp(&b.1)));
        out.extend(siblings);
    }
    out.push(("lock file", lock::lock_path(vault)));
    out
}

/// What the sibling `file` of the vault `name` is to `wipe`, if it is one of its
/// files other than the vault, its backup and its lock file.
fn sibling_kind(name: &str, file: &str) -> Option<&'static str> {
    if let Some(rest) = file.strip_prefix('.').and_then(|f| f.strip_prefix(name)) {
        let (rest, _) = fsutil::strip_baks(rest);
        return rest.starts_with(".tmp-").then_some("temporary file");
    }
    let (rest, baks) = fsutil::strip_baks(file.strip_prefix(name)?);
    match (rest, baks) {
        ("", n) if n >= 2 => Some("backup copy"),
        (".lock", n) if n >= 1 => Some("lock file"),
        _ => None,
    }
}

impl Vault {
    /// True when anything `wipe` would destroy exists.
    pub fn anything_to_wipe(&self) -> bool {
        vault_files(&self.path)
            .iter()
            .any(|(_, p)| fs::symlink_metadata(p).is_ok())
    }

    /// Destroys the vault's files and then `exports`. Holds the vault's lock while the
    /// vault files are destroyed, so no append lands in a file being overwritten. Goes
    /// on past a file it cannot destroy, and reports every file.
    pub fn wipe(&self, exports: &[ExportFile]) -> Result<Report, Error> {
        let guard = self.lock()?;
        self.wipe_locked(guard, exports)
    }

    /// [`Vault::wipe`] with the lock already held.
    pub(super) fn wipe_locked(
        &self,
        guard: lock::LockGuard,
        exports: &[ExportFile],
    ) -> Result<Report, Error> {
        let mut report = Report::default();
        let dir = fsutil::parent(&self.path);
        let files = vault_files(&self.path);
        let (lock_file, files): (Vec<_>, Vec<_>) =
            files.into_iter().partition(|(w, _)| *w == "lock file");
        for (what, path) in files {
            destroy(&mut report, what, path);
            fsutil::crash_point("wipe:after-file");
        }
        let _ = fsutil::sync_dir(&dir);
        // The lock file last: it holds nothing, and destroying it while locked is safe.
        for (what, path) in lock_file {
            destroy(&mut report, what, path);
        }
        drop(guard);
        let _ = fsutil::sync_dir(&dir);
        for export in exports {
            let path = &export.path;
            match fs::read(path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => report.items.push(Item {
                    what: "export",
                    path: path.clone(),
                    result: Ok(Outcome::Absent),
                }),
                Ok(bytes) if Sha256::digest(&bytes).as_slice() != export.sha256.as_slice() => {
                    report.items.push(Item {
                        what: "export",
                        path: path.clone(),
                        result: Ok(Outcome::LeftAlone(
                            "changed since confide wrote it, so it is yours now; delete it yourself if it should go"
                                .into(),
                        )),
                    })
                }
                _ => {
                    destroy(&mut report, "export", path.clone());
                    let _ = fsutil::sync_dir(&fsutil::parent(path));
                }
            }
        }
        // A CSV export made its folder (`-o DIR`): once its tables are gone, the
        // folder goes too, if nothing else is in it (remove_dir fails otherwise). A
        // folder that only held some other export is the person's, and stays.
        let mut csv_dirs: Vec<PathBuf> = exports
            .iter()
            .filter(|e| e.in_own_folder)
            .map(|e| fsutil::parent(&e.path))
            .collect();
        csv_dirs.sort();
        csv_dirs.dedup();
        for d in csv_dirs {
            if fs::remove_dir(&d).is_ok() {
                let _ = fsutil::sync_dir(&fsutil::parent(&d));
                report.removed_export_dirs.push(d);
            }
        }
        let own_dir = dir.file_name().is_some_and(|n| n == "confide");
        if own_dir && fs::remove_dir(&dir).is_ok() {
            let _ = fsutil::sync_dir(&fsutil::parent(&dir));
            report.removed_dir = Some(dir);
        }
        Ok(report)
    }
}

fn destroy(report: &mut Report, what: &'static str, path: PathBuf) {
    let result = shred::destroy_file(&path).map_err(|e| e.to_string());
    report.items.push(Item { what, path, result });
}
