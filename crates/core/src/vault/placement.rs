//! Where the vault lives, as it matters for destroying it: a copy-on-write file system
//! keeps old blocks that overwriting cannot reach, and a synced folder has copies on
//! other machines. Best effort: these checks can miss, and say nothing when unsure.

use std::path::Path;

const BTRFS_MAGIC: i64 = 0x9123_683e;
const ZFS_MAGIC: i64 = 0x2fc1_2fc1;
const BCACHEFS_MAGIC: i64 = 0xca45_1a4e;

/// The name of the copy-on-write file system `dir` is on, if it is one.
pub fn copy_on_write(dir: &Path) -> Option<&'static str> {
    let s = rustix::fs::statfs(dir).ok()?;
    #[allow(clippy::unnecessary_cast)]
    match s.f_type as i64 {
        BTRFS_MAGIC => Some("btrfs"),
        ZFS_MAGIC => Some("ZFS"),
        BCACHEFS_MAGIC => Some("bcachefs"),
        _ => None,
    }
}

/// Folder names that sync tools create, lowercase, with the service's name.
const SYNCED_NAMES: [(&str, &str); 9] = [
    ("dropbox", "Dropbox"),
    ("onedrive", "OneDrive"),
    ("icloud drive", "iCloud Drive"),
    ("mobile documents", "iCloud Drive"),
    ("icloud~", "iCloud Drive"),
    ("nextcloud", "Nextcloud"),
    ("owncloud", "ownCloud"),
    ("google drive", "Google Drive"),
    ("sync", "a sync folder"),
];

/// Marker files sync tools keep at the root of a synced folder.
const SYNCED_MARKERS: [(&str, &str); 5] = [
    (".stfolder", "Syncthing"),
    (".dropbox", "Dropbox"),
    (".dropbox.cache", "Dropbox"),
    (".sync", "Resilio Sync"),
    (".nextcloudsync.log", "Nextcloud"),
];

/// The sync service whose folder holds `path`, if confide can tell.
pub fn synced_folder(path: &Path) -> Option<(&'static str, std::path::PathBuf)> {
    let abs = std::path::absolute(path).ok()?;
    for dir in abs.ancestors().skip(1) {
        for (marker, service) in SYNCED_MARKERS {
            if dir.join(marker).exists() {
                return Some((service, dir.to_path_buf()));
            }
        }
        if let Ok(entries) = std::fs::read_dir(dir) {
            // Nextcloud and ownCloud keep a journal named like `.sync_1a2b3c.db`.
            let journal = entries.flatten().any(|e| {
                let n = e.file_name();
                let n = n.to_string_lossy();
                (n.starts_with(".sync_") || n.starts_with("._sync_")) && n.ends_with(".db")
            });
            if journal {
                return Some(("Nextcloud or ownCloud", dir.to_path_buf()));
            }
        }
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        for (prefix, service) in SYNCED_NAMES {
            let hit = if prefix == "sync" {
                name == "sync"
            } else {
                name.starts_with(prefix)
            };
            if hit {
                return Some((service, dir.to_path_buf()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synced_folders_are_recognised() {
        let root = tempfile::tempdir().unwrap();
        let st = root.path().join("notes");
        std::fs::create_dir_all(st.join("confide")).unwrap();
        std::fs::write(st.join(".stfolder"), b"").unwrap();
        let found = synced_folder(&st.join("confide").join("vault.confide")).unwrap();
        assert_eq!(found.0, "Syncthing");
        let dbx = root.path().join("Dropbox (Personal)").join("x");
        std::fs::create_dir_all(&dbx).unwrap();
        assert_eq!(
            synced_folder(&dbx.join("vault.confide")).unwrap().0,
            "Dropbox"
        );
        let plain = root.path().join("plain");
        std::fs::create_dir_all(&plain).unwrap();
        // The temp dir's own ancestors are not synced folders on a test machine.
        assert!(synced_folder(&plain.join("vault.confide")).is_none());
    }
}
