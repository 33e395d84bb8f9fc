//! File-system primitives the vault needs: private directories and files, the one
//! atomic write ([`write_temp`] then [`put_in_place`], or both at once with
//! [`write_atomically`]: a temp file in the same directory, fsync, link or rename,
//! fsync the directory), used by every vault generation, the backups and exports,
//! and the permission check run on open.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Creates `dir` (and parents) with mode 0700 where it does not exist yet.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

/// A new temp file next to `target`, 0600, created exclusively.
pub fn create_temp_beside(target: &Path) -> io::Result<(File, PathBuf)> {
    for _ in 0..16 {
        let path = temp_name(target)?;
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
        {
            Ok(f) => return Ok((f, path)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("could not create a temporary file"))
}

/// A second name for the file at `existing`, with a temp name beside `target`
/// (`.<target name>.tmp-<12 hex>`): a generation kept reachable, so that a process
/// stopped before it is destroyed leaves a leftover that [`strays`] finds.
pub fn link_beside(existing: &Path, target: &Path) -> io::Result<PathBuf> {
    for _ in 0..16 {
        let path = temp_name(target)?;
        match fs::hard_link(existing, &path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("could not find a free temporary name"))
}

/// `.<target name>.tmp-<12 random hex digits>`, beside `target`. The pattern
/// [`strays`] recognises.
fn temp_name(target: &Path) -> io::Result<PathBuf> {
    let stem = target
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let mut r = [0u8; TEMP_RANDOM_BYTES];
    getrandom::fill(&mut r).map_err(|e| io::Error::other(e.to_string()))?;
    let suffix: String = r.iter().map(|b| format!("{b:02x}")).collect();
    Ok(parent(target).join(format!(".{stem}.tmp-{suffix}")))
}

/// Random bytes in a temp file's name (twice as many hex digits).
const TEMP_RANDOM_BYTES: usize = 6;

/// What a leftover file beside the vault is (see [`strays`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stray {
    /// A temp file of a save that did not finish (`.<vault>.tmp-…`,
    /// `.<vault>.bak.tmp-…`): often a whole generation of the vault.
    Temp,
    /// A copy of the backup made by opening the backup as a vault
    /// (`<vault>.bak.bak`, `<vault>.bak.bak.bak`…).
    ExtraBackup,
}

/// The leftovers of this vault in its directory: regular files named exactly as
/// confide names its temp files for this vault or its backups (`.<name>.tmp-` or
/// `.<name>.bak….tmp-` and 12 lowercase hex digits), and extra backup copies
/// (`<name>.bak.bak…`). Nothing else, whatever its name, is ever listed. Sorted.
pub fn strays(vault: &Path) -> Vec<(Stray, PathBuf)> {
    let Some(name) = vault.file_name().and_then(|n| n.to_str()) else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(parent(vault)) else {
        return Vec::new();
    };
    let mut out: Vec<(Stray, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let n = e.file_name();
            stray_kind(name, n.to_str()?).map(|k| (k, e.path()))
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// Which kind of leftover of the vault `name` a file called `file` is, if any.
fn stray_kind(name: &str, file: &str) -> Option<Stray> {
    if let Some(rest) = file.strip_prefix('.').and_then(|f| f.strip_prefix(name)) {
        let (rest, _) = strip_baks(rest);
        let hex = rest.strip_prefix(".tmp-")?;
        let ok = hex.len() == 2 * TEMP_RANDOM_BYTES
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        return ok.then_some(Stray::Temp);
    }
    let (rest, baks) = strip_baks(file.strip_prefix(name)?);
    (rest.is_empty() && baks >= 2).then_some(Stray::ExtraBackup)
}

/// `rest` without its leading `.bak`s, and how many there were.
pub fn strip_baks(mut rest: &str) -> (&str, usize) {
    let mut n = 0;
    while let Some(r) = rest.strip_prefix(".bak") {
        rest = r;
        n += 1;
    }
    (rest, n)
}

/// The directory a path lives in (`.` for a bare file name).
pub fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// fsyncs a directory so a rename in it is durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// The backup path for a vault.
pub fn backup_path(vault: &Path) -> PathBuf {
    let mut name = vault.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    vault.with_file_name(name)
}

/// Makes `backup` hold the current contents of `vault` (the generation about to be
/// replaced), atomically: hard link (or copy) to a temp name, then rename. On failure
/// no temp file is left.
pub fn keep_as_backup(vault: &Path, backup: &Path) -> io::Result<()> {
    let tmp = match link_beside(vault, backup) {
        Ok(tmp) => tmp,
        Err(_) => write_temp(backup, |f| copy_from(vault, f)).map_err(WriteError::into_io)?,
    };
    put_in_place(&tmp, backup, Place::Replace)
}

/// Copies the file at `from` into `to`.
fn copy_from(from: &Path, to: &mut File) -> io::Result<()> {
    io::copy(&mut File::open(from)?, to).map(drop)
}

/// Writes a fresh copy of `vault` as `backup` through a temp file (a real copy, not a
/// link, for when the old backup must stop existing, as after a passphrase change).
/// On failure (a full disk) the partial copy is overwritten and removed.
pub fn replace_backup_with_copy(vault: &Path, backup: &Path) -> io::Result<()> {
    let tmp = write_temp(backup, |f| copy_from(vault, f)).map_err(WriteError::into_io)?;
    put_in_place(&tmp, backup, Place::Replace)
}

/// How [`put_in_place`] puts a finished temp file at its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Never replaces a file: a hard link, which fails with
    /// [`io::ErrorKind::AlreadyExists`] when the target exists (whoever made it).
    Create,
    /// [`Place::Create`], for a writer holding a lock every other writer takes (a new
    /// vault): on a file system without hard links, a rename while the target is
    /// still absent.
    CreateLocked,
    /// Replaces the target, if any, by a rename.
    Replace,
    /// [`Place::Replace`], and the bytes of the file replaced are overwritten through
    /// a handle opened before the rename (an earlier plaintext export).
    ReplaceDestroying,
}

/// Why [`write_temp`] or [`write_atomically`] failed. Either way the target is as it
/// was and no temp file is left.
#[derive(Debug)]
pub enum WriteError {
    /// No temp file could be created beside the target.
    Temp(io::Error),
    /// Writing, syncing or putting the file in place failed.
    Write(io::Error),
}

impl WriteError {
    /// The I/O error, whichever step it came from.
    pub fn into_io(self) -> io::Error {
        match self {
            WriteError::Temp(e) | WriteError::Write(e) => e,
        }
    }
}

/// The first half of the atomic write: a new temp file beside `target` (0600,
/// created exclusively, named as [`strays`] recognises), filled by `fill` and fsynced.
/// Returns its path, for [`put_in_place`]. On failure what got into it is overwritten
/// and it is removed.
pub fn write_temp(
    target: &Path,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<PathBuf, WriteError> {
    let (mut file, tmp) = create_temp_beside(target).map_err(WriteError::Temp)?;
    match fill(&mut file).and_then(|()| file.sync_all()) {
        Ok(()) => Ok(tmp),
        Err(e) => {
            drop(file);
            discard(&tmp);
            Err(WriteError::Write(e))
        }
    }
}

/// The second half of the atomic write: puts the finished temp file `tmp` (from
/// [`write_temp`] or [`link_beside`]) at `target` as `place` says. The directory is
/// not fsynced here. On failure the target is as it was (for
/// [`Place::ReplaceDestroying`], the new file may be in place with the old bytes not
/// yet overwritten) and `tmp` is removed: overwritten first only when it is the sole
/// name of its bytes, so a second name of a live file is only unlinked.
pub fn put_in_place(tmp: &Path, target: &Path, place: Place) -> io::Result<()> {
    let placed = match place {
        Place::Create | Place::CreateLocked => match fs::hard_link(tmp, target) {
            Ok(()) => {
                // `tmp` is a second name of the target now: only unlinked.
                let removed = fs::remove_file(tmp);
                return if place == Place::Create {
                    removed
                } else {
                    Ok(())
                };
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
            // File systems without hard links: under the lock, with no target, a
            // rename cannot replace anything another writer made.
            Err(_) if place == Place::CreateLocked && !target.exists() => fs::rename(tmp, target),
            Err(e) => Err(e),
        },
        Place::Replace => fs::rename(tmp, target),
        Place::ReplaceDestroying => (|| {
            let old = super::shred::Superseded::hold(target)?;
            fs::rename(tmp, target)?;
            if let Some(old) = old {
                old.destroy(&[super::shred::file_id(target)])?;
            }
            Ok(())
        })(),
    };
    placed.inspect_err(|_| remove_temp(tmp))
}

/// Removes `tmp` after a failed [`put_in_place`]: overwritten first if no other name
/// shares its bytes.
fn remove_temp(tmp: &Path) {
    match fs::symlink_metadata(tmp) {
        Ok(m) if m.is_file() && m.nlink() == 1 => discard(tmp),
        Ok(_) => {
            let _ = fs::remove_file(tmp);
        }
        Err(_) => {}
    }
}

/// What [`write_atomically`] did once the file was in place.
#[must_use]
#[derive(Debug)]
pub struct Written {
    /// Whether the directory was fsynced: if not, the file is whole, but its name may
    /// not survive a power cut.
    pub dir_synced: io::Result<()>,
}

/// The atomic write: a temp file beside `target` (0600) filled by `fill`, fsynced, put
/// in place as `place` says, then the directory fsynced. The target is either as it
/// was or the whole new file, never a part of it.
pub fn write_atomically(
    target: &Path,
    place: Place,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<Written, WriteError> {
    let tmp = write_temp(target, fill)?;
    put_in_place(&tmp, target, place).map_err(WriteError::Write)?;
    Ok(Written {
        dir_synced: sync_dir(&parent(target)),
    })
}

/// Removes a temp file confide wrote, overwriting what got into it first (overwriting
/// in place needs no free space); at least unlinks it.
pub fn discard(tmp: &Path) {
    if super::shred::destroy_file(tmp).is_err() {
        let _ = fs::remove_file(tmp);
    }
}

/// Permission problems worth a warning: group/other bits on the vault, its backup or
/// its directory. Write access for others is the serious one: whoever can write the
/// folder can put their own vault in place of yours, and your next entry would be
/// encrypted to their key.
pub fn permission_warnings(vault: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let dir = parent(vault);
    if let Ok(m) = fs::metadata(&dir) {
        let mode = m.permissions().mode() & 0o777;
        if mode & 0o022 != 0 {
            out.push(format!(
                "other users can replace your vault: its folder `{}` is writable by them (mode {mode:o}); run `chmod 700 {}`",
                dir.display(),
                crate::sanitize::shell_quote(&dir)
            ));
        } else if mode & 0o077 != 0 {
            out.push(format!(
                "other users can see into the vault's folder `{}` (mode {mode:o}); run `chmod 700 {}`",
                dir.display(),
                crate::sanitize::shell_quote(&dir)
            ));
        }
    }
    for path in [vault.to_path_buf(), backup_path(vault)] {
        if let Ok(m) = fs::metadata(&path) {
            let mode = m.mode() & 0o777;
            let who = if mode & 0o022 != 0 {
                "can be changed by other users"
            } else if mode & 0o077 != 0 {
                "can be read by other users"
            } else {
                continue;
            };
            out.push(format!(
                "`{}` {who} (mode {mode:o}); run `chmod 600 {}`",
                path.display(),
                crate::sanitize::shell_quote(&path)
            ));
        }
    }
    out
}

/// Whether a file or folder owned by `uid` may be trusted with the vault: ours, or
/// root's (root can replace anything anyway).
pub fn trusted_owner(uid: u32) -> bool {
    uid == 0 || uid == rustix::process::geteuid().as_raw()
}

/// Why confide must not write to the vault at `vault` or beside it: the file or its
/// folder belongs to another user (who could have put their own vault there, so an
/// entry would be encrypted to their key). `None` when writing is fine.
pub fn foreign_owner(vault: &Path) -> Option<String> {
    let dir = parent(vault);
    if let Ok(m) = fs::metadata(vault)
        && !trusted_owner(m.uid())
    {
        return Some(format!("it belongs to another user (uid {})", m.uid()));
    }
    match fs::metadata(&dir) {
        Ok(m) if !trusted_owner(m.uid()) => Some(format!(
            "its folder `{}` belongs to another user (uid {})",
            dir.display(),
            m.uid()
        )),
        _ => None,
    }
}

/// Test hook for crash-consistency tests: in debug builds, when
/// `CONFIDE_TEST_CRASH_AT` names this point, the process kills itself with SIGKILL
/// here (no destructors, no buffered writes), as a power cut would. Release builds
/// have no such hook.
#[inline]
pub fn crash_point(name: &str) {
    #[cfg(debug_assertions)]
    if std::env::var_os("CONFIDE_TEST_CRASH_AT").is_some_and(|v| v == name) {
        let _ =
            rustix::process::kill_process(rustix::process::getpid(), rustix::process::Signal::KILL);
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = name;
}

/// Test hook for interleaving tests: in debug builds, when `CONFIDE_TEST_PAUSE_AT`
/// names this point, the process creates `$CONFIDE_TEST_PAUSE_FILE.reached` and waits
/// (at most 60 s) until `$CONFIDE_TEST_PAUSE_FILE` exists, so a test can act while
/// confide stands here. Release builds have no such hook.
#[inline]
pub fn pause_point(name: &str) {
    #[cfg(debug_assertions)]
    if std::env::var_os("CONFIDE_TEST_PAUSE_AT").is_some_and(|v| v == name)
        && let Some(go) = std::env::var_os("CONFIDE_TEST_PAUSE_FILE").map(PathBuf::from)
    {
        let mut reached = go.clone().into_os_string();
        reached.push(".reached");
        let _ = File::create(reached);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !go.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = name;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn only_confides_own_names_for_this_vault_are_leftovers() {
        let n = "vault.confide";
        for (file, kind) in [
            (".vault.confide.tmp-0123456789ab", Some(Stray::Temp)),
            (".vault.confide.bak.tmp-abcdef012345", Some(Stray::Temp)),
            (".vault.confide.bak.bak.tmp-abcdef012345", Some(Stray::Temp)),
            ("vault.confide.bak.bak", Some(Stray::ExtraBackup)),
            ("vault.confide.bak.bak.bak", Some(Stray::ExtraBackup)),
            ("vault.confide", None),
            ("vault.confide.bak", None),
            ("vault.confide.lock", None),
            ("vault.confide.bak.lock", None),
            (".vault.confide.tmp-0123456789AB", None),
            (".vault.confide.tmp-0123456789a", None),
            (".vault.confide.tmp-0123456789abc", None),
            (".vault.confide.tmp-mine", None),
            (".vault.confide.old.tmp-0123456789ab", None),
            ("vault.confide.tmp-0123456789ab", None),
            (".other.confide.tmp-0123456789ab", None),
            ("vault.confide.bak.bak~", None),
            ("vault.confide.backup", None),
        ] {
            assert_eq!(stray_kind(n, file), kind, "{file}");
        }
    }

    #[test]
    fn strays_lists_regular_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("v");
        fs::write(&vault, b"v").unwrap();
        fs::write(dir.path().join(".v.tmp-0123456789ab"), b"t").unwrap();
        fs::create_dir(dir.path().join("v.bak.bak")).unwrap();
        std::os::unix::fs::symlink(&vault, dir.path().join(".v.bak.tmp-0123456789ab")).unwrap();
        let found = strays(&vault);
        assert_eq!(
            found,
            [(Stray::Temp, dir.path().join(".v.tmp-0123456789ab"))]
        );
        // A temp name beside it is recognised.
        let linked = link_beside(&vault, &vault).unwrap();
        assert_eq!(strays(&vault).len(), 2, "{}", linked.display());
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn the_atomic_write_creates_a_private_file_and_never_replaces_one() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.md");
        let w = write_atomically(&target, Place::Create, |f| f.write_all(b"first")).unwrap();
        assert!(w.dir_synced.is_ok());
        assert_eq!(fs::read(&target).unwrap(), b"first");
        assert_eq!(fs::metadata(&target).unwrap().mode() & 0o777, 0o600);
        let again = write_atomically(&target, Place::Create, |f| f.write_all(b"second"));
        assert!(
            matches!(&again, Err(WriteError::Write(e)) if e.kind() == io::ErrorKind::AlreadyExists),
            "{again:?}"
        );
        assert_eq!(fs::read(&target).unwrap(), b"first");
        assert_eq!(names(dir.path()), ["out.md"], "no temp file is left");
        let w = write_atomically(&target, Place::Replace, |f| f.write_all(b"third")).unwrap();
        assert!(w.dir_synced.is_ok());
        assert_eq!(fs::read(&target).unwrap(), b"third");
        assert_eq!(names(dir.path()), ["out.md"]);
    }

    #[test]
    fn a_failed_atomic_write_leaves_the_target_as_it_was_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.md");
        fs::write(&target, b"kept").unwrap();
        let r = write_atomically(&target, Place::Replace, |f| {
            f.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(matches!(r, Err(WriteError::Write(_))), "{r:?}");
        assert_eq!(fs::read(&target).unwrap(), b"kept");
        assert_eq!(names(dir.path()), ["out.md"]);
        let nowhere = dir.path().join("missing").join("out.md");
        let r = write_atomically(&nowhere, Place::Create, |f| f.write_all(b"x"));
        assert!(matches!(r, Err(WriteError::Temp(_))), "{r:?}");
    }

    #[test]
    fn replacing_destroying_overwrites_the_bytes_of_the_file_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("export.md");
        fs::write(&target, vec![b'p'; 4096]).unwrap();
        // A second name of the old file shows what happens to its bytes.
        let witness = dir.path().join("witness");
        fs::hard_link(&target, &witness).unwrap();
        let w = write_atomically(&target, Place::ReplaceDestroying, |f| f.write_all(b"new"));
        assert!(w.unwrap().dir_synced.is_ok());
        assert_eq!(fs::read(&target).unwrap(), b"new");
        let old = fs::read(&witness).unwrap_or_default();
        assert!(
            !old.windows(16).any(|w| w == [b'p'; 16]),
            "the replaced file's bytes are still there"
        );
    }

    #[test]
    fn a_temp_that_is_a_second_name_of_a_live_file_is_only_unlinked_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join("vault");
        fs::write(&live, b"the live vault").unwrap();
        let tmp = link_beside(&live, &live).unwrap();
        let nowhere = dir.path().join("missing").join("vault.bak");
        assert!(put_in_place(&tmp, &nowhere, Place::Replace).is_err());
        assert!(!tmp.exists(), "the temp name is removed");
        assert_eq!(
            fs::read(&live).unwrap(),
            b"the live vault",
            "never overwritten"
        );
        // A temp of its own goes too.
        let own = write_temp(&live, |f| f.write_all(b"secret")).unwrap();
        assert!(put_in_place(&own, &nowhere, Place::Replace).is_err());
        assert!(!own.exists());
        assert_eq!(names(dir.path()), ["vault"]);
    }
}
