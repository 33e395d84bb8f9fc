//! The advisory lock that serializes every read-modify-write and append.
//!
//! It is taken on a sidecar file (`<vault>.lock`), not on the vault itself: the vault
//! is replaced by rename, and a lock on the old inode would not protect the new one.

use std::fs::{File, OpenOptions, TryLockError};
use std::os::unix::fs::OpenOptionsExt;
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

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another process kept it for longer than we wait.
    Busy(PathBuf),
    /// The lock file could not be opened.
    Io(std::io::Error),
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
        .map(Duration::from_millis)
        .unwrap_or(DEFAULT_WAIT)
}

/// Takes the exclusive lock, waiting up to [`wait_time`].
pub fn acquire(vault: &Path) -> Result<LockGuard, LockError> {
    let path = lock_path(vault);
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(&path)
        .map_err(LockError::Io)?;
    wait_for(file, path)
}

/// Takes the lock only if its file exists already (a confide uses that copy here);
/// creates nothing beside a copy that is only being read (`merge`'s other copy, which
/// may sit in a synced folder). `None` when there is no lock file, or it cannot be
/// opened for writing (a read-only folder, where nothing can append either).
pub fn acquire_existing(vault: &Path) -> Result<Option<LockGuard>, LockError> {
    let path = lock_path(vault);
    match OpenOptions::new().read(true).write(true).open(&path) {
        Ok(file) => wait_for(file, path).map(Some),
        Err(_) => Ok(None),
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
