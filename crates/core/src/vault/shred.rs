//! Destroying file contents, as far as software can: overwrite in place with random
//! bytes from the OS, fsync, then truncate, rename to a random name and unlink.
//!
//! What this cannot reach (blocks an SSD remapped, copy-on-write file systems and
//! snapshots, backups and sync copies, swap) is written down in docs/SECURITY.md; the
//! encryption is the real protection, and this removes the easy copies.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Bytes overwritten per write.
const CHUNK: usize = 1 << 20;

/// A file's identity on disk: (device, inode).
pub type FileId = (u64, u64);

/// The identity of the file at `path`, if there is one.
pub fn file_id(path: &Path) -> Option<FileId> {
    fs::symlink_metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Overwrites the first `len` bytes of `file` with random bytes and fsyncs.
pub fn overwrite(file: &File, len: u64) -> io::Result<()> {
    let mut buf = vec![0u8; CHUNK.min(len as usize).max(1)];
    let mut at = 0u64;
    while at < len {
        let n = ((len - at) as usize).min(buf.len());
        getrandom::fill(&mut buf[..n]).map_err(|e| io::Error::other(e.to_string()))?;
        file.write_all_at(&buf[..n], at)?;
        at += n as u64;
    }
    file.sync_all()
}

/// A file generation about to be replaced, held open so its bytes can be overwritten
/// after the rename that releases it (the inode lives on while the handle is open).
pub struct Superseded {
    file: File,
    id: FileId,
}

impl Superseded {
    /// Opens `path` for writing, if it exists and is a regular file.
    pub fn hold(path: &Path) -> io::Result<Option<Superseded>> {
        let file = match OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
            .open(path)
        {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let m = file.metadata()?;
        if !m.is_file() {
            return Ok(None);
        }
        Ok(Some(Superseded {
            id: (m.dev(), m.ino()),
            file,
        }))
    }

    /// Overwrites the whole file with random bytes, unless it is one of `live` (a
    /// generation still in use must never be touched).
    pub fn destroy(self, live: &[Option<FileId>]) -> io::Result<bool> {
        if live.contains(&Some(self.id)) {
            return Ok(false);
        }
        let len = self.file.metadata()?.len();
        overwrite(&self.file, len)?;
        Ok(true)
    }
}

impl Superseded {
    /// Its identity on disk.
    pub fn id(&self) -> FileId {
        self.id
    }
}

/// What [`destroy_strays`] did.
#[derive(Debug, Default)]
pub struct StrayReport {
    /// Leftovers overwritten and removed (or, for a second name of the live vault or
    /// backup, only unlinked).
    pub removed: Vec<PathBuf>,
    /// Leftovers that could not be destroyed, with why.
    pub failed: Vec<(PathBuf, io::Error)>,
}

/// Destroys the leftovers of `vault` ([`super::fsutil::strays`]): temp files only, or
/// with `all`, extra backup copies too. The caller holds the vault's lock, so no
/// confide process is writing any of them. A leftover that is a second name of the
/// live vault or backup (a save stopped between linking and renaming) only loses that
/// name: a live generation is never overwritten. The directory is fsynced after.
pub fn destroy_strays(vault: &Path, all: bool) -> StrayReport {
    let mut report = StrayReport::default();
    let live = [file_id(vault), file_id(&super::fsutil::backup_path(vault))];
    for (kind, path) in super::fsutil::strays(vault) {
        if !all && kind != super::fsutil::Stray::Temp {
            continue;
        }
        let result = if live.contains(&file_id(&path)) {
            fs::remove_file(&path).map(|()| Outcome::Destroyed)
        } else {
            destroy_file(&path)
        };
        match result {
            Ok(Outcome::Destroyed) => report.removed.push(path),
            Ok(_) => {}
            Err(e) => report.failed.push((path, e)),
        }
    }
    if !report.removed.is_empty() {
        let _ = super::fsutil::sync_dir(&super::fsutil::parent(vault));
    }
    report
}

/// What happened to one file in [`destroy_file`].
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Overwritten, truncated and removed.
    Destroyed,
    /// There was no such file.
    Absent,
    /// Deliberately not touched, for the reason given.
    LeftAlone(String),
}

/// Destroys the regular file at `path`: overwrite with random bytes, fsync, truncate,
/// fsync, rename to a random name in the same directory, unlink. The caller fsyncs the
/// directory. A symbolic link is removed, not followed.
pub fn destroy_file(path: &Path) -> io::Result<Outcome> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Outcome::Absent),
        Err(e) => return Err(e),
    };
    if meta.file_type().is_symlink() {
        fs::remove_file(path)?;
        return Ok(Outcome::Destroyed);
    }
    if !meta.is_file() {
        return Err(io::Error::other("not a regular file; left alone"));
    }
    let file = OpenOptions::new()
        .write(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)?;
    overwrite(&file, meta.len())?;
    file.set_len(0)?;
    file.sync_all()?;
    drop(file);
    let renamed = random_name_beside(path)?;
    fs::rename(path, &renamed)?;
    fs::remove_file(&renamed)?;
    Ok(Outcome::Destroyed)
}

/// A name that does not exist yet in `path`'s directory and says nothing about it.
fn random_name_beside(path: &Path) -> io::Result<PathBuf> {
    let dir = super::fsutil::parent(path);
    for _ in 0..16 {
        let mut r = [0u8; 8];
        getrandom::fill(&mut r).map_err(|e| io::Error::other(e.to_string()))?;
        let name: String = r.iter().map(|b| format!("{b:02x}")).collect();
        let candidate = dir.join(format!(".{name}"));
        if fs::symlink_metadata(&candidate).is_err() {
            return Ok(candidate);
        }
    }
    Err(io::Error::other("could not find a free random name"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_generation_is_overwritten_through_its_handle() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v");
        let link = dir.path().join("link");
        let old = b"old ciphertext ".repeat(10_000);
        fs::write(&path, &old).unwrap();
        fs::hard_link(&path, &link).unwrap();
        let held = Superseded::hold(&path).unwrap().unwrap();
        fs::write(dir.path().join("new"), b"new").unwrap();
        fs::rename(dir.path().join("new"), &path).unwrap();
        // Never the live file.
        assert!(
            !Superseded::hold(&path)
                .unwrap()
                .unwrap()
                .destroy(&[file_id(&path)])
                .unwrap()
        );
        assert!(held.destroy(&[file_id(&path)]).unwrap());
        let after = fs::read(&link).unwrap();
        assert_eq!(after.len(), old.len());
        assert_ne!(after, old);
        assert!(!after.windows(15).any(|w| w == b"old ciphertext "));
        assert_eq!(fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn destroyed_files_are_gone_and_links_see_random_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let link = dir.path().join("link");
        fs::write(&path, b"secret secret secret").unwrap();
        fs::hard_link(&path, &link).unwrap();
        assert_eq!(destroy_file(&path).unwrap(), Outcome::Destroyed);
        assert!(!path.exists());
        // Truncated after the overwrite: the other link is empty now.
        assert!(fs::read(&link).unwrap().is_empty());
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "no renamed leftover");
        assert_eq!(destroy_file(&path).unwrap(), Outcome::Absent);
    }
}
