//! Composing text in `$VISUAL`/`$EDITOR` without leaving plaintext on disk.
//!
//! The draft lives in a RAM-backed directory (`$XDG_RUNTIME_DIR` or `/dev/shm`, checked
//! to be tmpfs/ramfs), in a 0700 directory of its own, as a 0600 file. Afterwards it
//! is overwritten and removed, also when the terminal closes or the process is
//! interrupted (SIGHUP, SIGINT, SIGTERM). vi, vim and nvim are started with swap,
//! backup, undo and viminfo/shada files off. Without a RAM-backed directory confide
//! refuses, unless `--allow-disk-temp` says a disk draft is acceptable.

use crate::error::usage;
use anyhow::{Context, Result};
use std::fs::{self, DirBuilder, OpenOptions};
use std::io::{Read, Seek, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use zeroize::Zeroizing;

const TMPFS_MAGIC: i64 = 0x0102_1994;
const RAMFS_MAGIC: i64 = 0x8584_58f6;

/// Lines starting with this are instructions, removed from what is saved.
pub const COMMENT: &str = "# confide:";

/// True when `dir` is on a RAM-backed file system.
pub fn is_ram_backed(dir: &Path) -> bool {
    rustix::fs::statfs(dir).is_ok_and(|s| {
        #[allow(clippy::unnecessary_cast)]
        let t = s.f_type as i64;
        t == TMPFS_MAGIC || t == RAMFS_MAGIC
    })
}

/// The directory for drafts: `$XDG_RUNTIME_DIR`, then `/dev/shm`, if RAM-backed.
pub fn ram_dir() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(d) = std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
        candidates.push(PathBuf::from(d));
    }
    candidates.push(PathBuf::from("/dev/shm"));
    candidates
        .into_iter()
        .find(|d| d.is_dir() && is_ram_backed(d))
}

/// The draft directory and file, removed on drop and on the signals above.
struct Draft {
    dir: PathBuf,
    file: PathBuf,
}

impl Draft {
    fn destroy(&self) {
        destroy(&self.dir, &self.file);
    }
}

impl Drop for Draft {
    fn drop(&mut self) {
        self.destroy();
    }
}

/// Overwrites the draft with zeros, syncs, removes it and its directory.
fn destroy(dir: &Path, file: &Path) {
    if let Ok(mut f) = OpenOptions::new().write(true).open(file)
        && let Ok(len) = f.seek(std::io::SeekFrom::End(0))
    {
        {
            let _ = f.rewind();
            let zeros = vec![0u8; 64 * 1024];
            let mut left = len;
            while left > 0 {
                let n = left.min(zeros.len() as u64) as usize;
                if f.write_all(&zeros[..n]).is_err() {
                    break;
                }
                left -= n as u64;
            }
            let _ = f.sync_all();
        }
    }
    let _ = fs::remove_file(file);
    if let Ok(rd) = fs::read_dir(dir) {
        // Editors may leave their own files despite the options; remove those too.
        for e in rd.flatten() {
            destroy(dir, &e.path());
        }
    }
    let _ = fs::remove_dir(dir);
}

/// The editor command: `$VISUAL`, `$EDITOR`, the config file's `editor`, else `vi`,
/// split as a shell would (`code --wait`, `"/opt/My Editor/bin/ed"`); a value with
/// unbalanced quotes is split on whitespace.
pub fn editor_command() -> Vec<String> {
    let raw = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .or_else(|| crate::config::get().editor.clone())
        .unwrap_or_else(|| "vi".into());
    shlex::split(&raw).unwrap_or_else(|| raw.split_whitespace().map(str::to_string).collect())
}

/// Options that keep vi-family editors from writing swap, backup, undo and history
/// files, or `None` for editors confide does not know how to restrain.
pub fn restraining_args(program: &str) -> Option<Vec<&'static str>> {
    let name = Path::new(program).file_name()?.to_str()?;
    match name {
        // `--cmd` runs before the user's vimrc and `-c` after it, so a vimrc that
        // turns undo or backup files on cannot win. `-n` keeps the swap file in
        // memory and `-i NONE` skips viminfo/shada. gvim must not fork (`-f`).
        "vi" | "vim" | "vim.basic" | "vim.tiny" | "vim.nox" | "view" | "gvim" | "nvim" => {
            let mut v = vec![
                "-n",
                "-i",
                "NONE",
                "--cmd",
                "set nobackup nowritebackup noundofile noswapfile",
                "-c",
                "set nobackup nowritebackup noundofile noswapfile",
            ];
            if name == "gvim" {
                v.push("-f");
            }
            Some(v)
        }
        _ => None,
    }
}

/// Opens the editor on a RAM-backed draft holding `initial` (after `header` lines,
/// which are removed again) and returns what was written.
pub fn compose(initial: &str, header: Option<&str>, allow_disk: bool) -> Result<Zeroizing<String>> {
    // The config file's `editor` is used only when neither variable names one.
    if ["VISUAL", "EDITOR"]
        .iter()
        .all(|v| std::env::var(v).map_or(true, |e| e.trim().is_empty()))
    {
        crate::config::require("editor")?;
    }
    let base = match ram_dir() {
        Some(d) => d,
        None if allow_disk => {
            crate::ui::warn(
                "no RAM-backed directory; the draft goes to the temp directory and is overwritten and removed after",
            );
            std::env::temp_dir()
        }
        None => {
            return Err(usage(
                "no RAM-backed directory for the editor's draft ($XDG_RUNTIME_DIR or /dev/shm), so confide will not \
                 open the editor; give the text on the command line or through standard input, or pass \
                 --allow-disk-temp to accept a draft on disk",
            ));
        }
    };
    let mut r = [0u8; 8];
    getrandom::fill(&mut r).map_err(|e| anyhow::anyhow!("no randomness available: {e}"))?;
    let name: String = r.iter().map(|b| format!("{b:02x}")).collect();
    let dir = base.join(format!("confide-{name}"));
    DirBuilder::new()
        .mode(0o700)
        .create(&dir)
        .with_context(|| format!("could not create a draft directory in `{}`", base.display()))?;
    let file = dir.join("entry.txt");
    let draft = Draft {
        dir: dir.clone(),
        file: file.clone(),
    };

    // Remove the draft if the terminal closes or someone interrupts us.
    let shared = Arc::new(Mutex::new(Some((dir.clone(), file.clone()))));
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
    ])
    .context("could not watch for interruptions")?;
    let handle = signals.handle();
    let watched = Arc::clone(&shared);
    let watcher = std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            if let Some((d, f)) = watched.lock().ok().and_then(|mut g| g.take()) {
                destroy(&d, &f);
            }
            std::process::exit(128 + sig);
        }
    });

    let result = (|| -> Result<Zeroizing<String>> {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&file)
            .context("could not create the draft")?;
        if let Some(h) = header {
            for line in h.lines() {
                writeln!(f, "{COMMENT} {line}")?;
            }
        }
        f.write_all(initial.as_bytes())?;
        drop(f);
        let cmd = editor_command();
        let (program, args) = cmd.split_first().expect("editor_command is never empty");
        let mut c = Command::new(program);
        // The editor (and whatever it runs) never sees a passphrase variable.
        crate::passphrase::scrub_env(&mut c);
        c.args(args);
        if let Some(extra) = restraining_args(program) {
            c.args(extra);
        }
        let status = c.arg(&file).status().with_context(|| {
            format!("could not start the editor `{program}`; set VISUAL or EDITOR")
        })?;
        if !status.success() {
            return Err(usage(format!(
                "the editor `{program}` exited with {status}; nothing was saved"
            )));
        }
        let mut text = Zeroizing::new(String::new());
        fs::File::open(&file)
            .and_then(|mut f| f.read_to_string(&mut text))
            .context("could not read the draft back")?;
        let mut kept = Zeroizing::new(String::with_capacity(text.len()));
        for line in text.lines().filter(|l| !l.starts_with(COMMENT)) {
            kept.push_str(line);
            kept.push('\n');
        }
        Ok(Zeroizing::new(kept.trim().to_string()))
    })();
    if let Ok(mut g) = shared.lock() {
        *g = None;
    }
    draft.destroy();
    handle.close();
    let _ = watcher.join();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vi_family_is_restrained_before_and_after_the_vimrc() {
        let args = restraining_args("/usr/bin/vim").unwrap();
        assert_eq!(args.iter().filter(|a| a.contains("noundofile")).count(), 2);
        assert!(args.contains(&"--cmd") && args.contains(&"-c") && args.contains(&"-n"));
        assert!(restraining_args("gvim").unwrap().contains(&"-f"));
        assert!(restraining_args("nano").is_none());
        assert!(is_ram_backed(Path::new("/dev/shm")) || !Path::new("/dev/shm").exists());
        assert!(
            !is_ram_backed(Path::new(env!("CARGO_MANIFEST_DIR")))
                || std::env::var_os("CI").is_none()
        );
    }
}
