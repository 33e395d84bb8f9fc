//! The advisory lock that serializes every read-modify-write and append.
//!
//! It is taken on a sidecar file (`<vault>.lock`), not on the vault itself: the vault
//! is replaced by rename, and a lock on the old inode would not protect the new one.
//! The lock file is never opened through a symbolic link (`O_NOFOLLOW`), and one that
//! belongs to another user is refused: either could let someone else hold our lock.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a second process waits for the lock by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(10);

/// Held while the lock is held; released on drop.
pub struct LockGuard {
    file: File,
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// Why the lock could not be taken (the vault maps each to its own error, worded
/// for the person; these texts are for logs and tests).
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process kept it for longer than we wait.
    #[error("another process holds `{}`", .0.display())]
    Busy(PathBuf),
    /// The lock file is a symbolic link, or is not ours: refused.
    #[error("the lock file `{}` is not to be trusted: {why}", .0.display(), why = .1)]
    Untrusted(PathBuf, String),
    /// The lock file cannot be created or opened for writing here (a read-only file
    /// system or folder): nothing can be written beside the vault.
    #[error("the lock file `{}` cannot be written here", .0.display())]
    ReadOnly(PathBuf, #[source] io::Error),
    /// The lock file could not be opened.
    #[error("could not open the lock file")]
    Io(#[source] io::Error),
}

/// The lock file path for a vault.
pub fn lock_path(vault: &Path) -> PathBuf {
    let mut name = vault.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    vault.with_file_name(name)
}

/// How long to wait, from `CONFIDE_LOCK_TIMEOUT_MS` (for scripts and tests) or the
/// default.
pub fn wait_time() -> Duration {
    std::env::var("CONFIDE_LOCK_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map(|ms| Duration::from_millis(ms.min(600_000)))
        .unwrap_or(DEFAULT_WAIT)
}

fn nofollow() -> i32 {
    rustix::fs::OFlags::NOFOLLOW.bits() as i32
}

/// Whether an open error means "nothing can be written here" rather than a fault.
fn is_read_only(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(code) if code == rustix::io::Errno::ROFS.raw_os_error()
            || code == rustix::io::Errno::ACCESS.raw_os_error()
            || code == rustix::io::Errno::PERM.raw_os_error()
    )
}

fn opened(path: &Path, r: io::Result<File>) -> Result<File, LockError> {
    match r {
        Ok(file) => {
            let meta = file.metadata().map_err(LockError::Io)?;
            if !meta.is_file() {
                return Err(LockError::Untrusted(
                    path.to_path_buf(),
                    "it is not a regular file".into(),
                ));
            }
            if !super::fsutil::trusted_owner(meta.uid()) {
                return Err(LockError::Untrusted(
                    path.to_path_buf(),
                    format!("it belongs to another user (uid {})", meta.uid()),
                ));
            }
            Ok(file)
        }
        Err(e) if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) => Err(
            LockError::Untrusted(path.to_path_buf(), "it is a symbolic link".into()),
        ),
        Err(e) if is_read_only(&e) => Err(LockError::ReadOnly(path.to_path_buf(), e)),
        Err(e) => Err(LockError::Io(e)),
    }
}

/// Takes the exclusive lock for writing, creating the lock file if needed, waiting up
/// to [`wait_time`].
pub fn acquire(vault: &Path) -> Result<LockGuard, LockError> {
    let path = lock_path(vault);
    let file = opened(
        &path,
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .custom_flags(nofollow())
            .open(&path),
    )?;
    wait_for(file, path)
}

/// Takes the lock only if its file exists already, opened for reading (a lock on a
/// read-only descriptor still excludes writers); creates nothing. For copies that are
/// only read: a vault on a read-only file system, a backup, `merge`'s other copy
/// (which may sit in a synced folder). `None` when there is no lock file.
pub fn acquire_existing(vault: &Path) -> Result<Option<LockGuard>, LockError> {
    let path = lock_path(vault);
    match OpenOptions::new()
        .read(true)
        .custom_flags(nofollow())
        .open(&path)
    {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        r => match opened(&path, r) {
            Ok(file) => wait_for(file, path).map(Some),
            // Unreadable (another user's 0600 file): nobody we trust writes here.
            Err(LockError::ReadOnly(..)) => Ok(None),
            Err(e) => Err(e),
        },
    }
}

fn wait_for(file: File, path: PathBuf) -> Result<LockGuard, LockError> {
    let deadline = Instant::now() + wait_time();
    let mut pause = Duration::from_millis(2);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(LockGuard { file }),
            Err(TryLockError::WouldBlock) => {
                if Instant::now() >= deadline {
                    return Err(LockError::Busy(path));
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            Err(TryLockError::Error(e)) => return Err(LockError::Io(e)),
        }
    }
}
