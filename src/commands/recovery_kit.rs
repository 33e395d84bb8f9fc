//! `confide recovery-kit DIR`: writes what it takes to read the vault without
//! confide (the `split-vault.py` script and the steps, RECOVERY.md) into a private
//! directory. No vault and no passphrase are needed.

use crate::cli::RecoveryKitArgs;
use crate::error::usage;
use crate::vault::fsutil;
use anyhow::{Context, Result};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;

/// The script, as in docs/split-vault.py.
pub(super) const SCRIPT: &str = include_str!("../../docs/split-vault.py");

/// The steps, as in docs/RECOVERY.md.
pub(super) const STEPS: &str = include_str!("../../docs/RECOVERY.md");

pub(super) fn run(args: &RecoveryKitArgs) -> Result<()> {
    let dir = &args.dir;
    fsutil::create_private_dir(dir)
        .with_context(|| format!("could not create `{}`", dir.display()))?;
    let files = [
        ("split-vault.py", SCRIPT, 0o700),
        ("RECOVERY.md", STEPS, 0o600),
    ];
    if !args.force {
        for (name, _, _) in files {
            let path = dir.join(name);
            if path.symlink_metadata().is_ok() {
                return Err(usage(format!(
                    "`{}` already exists; choose another folder or pass --force",
                    path.display()
                )));
            }
        }
    }
    // Each file with the vault's atomic write: a 0600 temp beside it, fsync, then a
    // link that never replaces a file (or, with --force, a rename).
    for (name, text, mode) in files {
        let path = dir.join(name);
        let place = if args.force {
            fsutil::Place::Replace
        } else {
            fsutil::Place::Create
        };
        // The kit holds nothing secret, and a failed sync of its folder leaves whole
        // files: the sync's result is not an error here, as for exports.
        let _written = fsutil::write_atomically(&path, place, |f| f.write_all(text.as_bytes()))
            .map_err(fsutil::WriteError::into_io)
            .with_context(|| format!("could not write `{}`", path.display()))?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
            .with_context(|| format!("could not set the mode of `{}`", path.display()))?;
    }
    crate::outln!("Wrote the recovery kit to {}:", dir.display())?;
    crate::outln!("  RECOVERY.md      how to read your vault with the age tool, without confide")?;
    crate::outln!("  split-vault.py   the script those steps use (Python 3, standard library)")?;
    crate::outln!("Keep it with your backups; it holds nothing secret.")?;
    Ok(())
}
