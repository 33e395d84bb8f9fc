//! Writing: creating a vault, appending records, and writing whole generations (a
//! save, a fold, a deletion, a key change) through a temp file put in place.

use super::*;
use crate::model::Entry;
use crate::model::envelope::{Record, RecordEnvelope, StateEnvelopeRef};
use container::Verify;
use std::fs::OpenOptions;
use std::io::{Seek, SeekFrom, Write};
use std::str::FromStr;

/// What an append did besides appending.
#[derive(Debug, Default)]
pub struct AppendReport {
    /// Warnings to show (a torn tail cut off, loose permissions).
    pub warnings: Vec<String>,
}

impl Vault {
    /// Creates a new vault. Fails if one exists. Returns the recovery code, to be
    /// shown once.
    pub fn create(
        &self,
        passphrase: &SecretString,
        work_factor: u8,
        state: &State,
    ) -> Result<SecretString> {
        if self.exists() {
            return Err(Error::Exists(self.path.clone()));
        }
        let dir = fsutil::parent(&self.path);
        fsutil::create_private_dir(&dir)
            .map_err(io_err(format!("could not create `{}`", dir.display())))?;
        let _lock = self.lock()?;
        if self.exists() {
            return Err(Error::Exists(self.path.clone()));
        }
        let identity = x25519::Identity::generate();
        let recovery_code = recovery::generate();
        let key_part = crypto::encrypt_with_passphrase(
            passphrase,
            work_factor,
            &crypto::key_part_plaintext(&identity, &recovery_code),
        );
        let recovery_part = crypto::encrypt_with_passphrase(
            &recovery_code,
            work_factor,
            &crypto::recovery_part_plaintext(&identity),
        );
        let tmp = write_temp_generation(
            &self.path,
            &identity.to_public(),
            &key_part,
            &recovery_part,
            state,
        )?;
        // A hard link refuses to replace an existing file: a vault created meanwhile by
        // anything that ignores our lock is never overwritten. (Without hard links: we
        // hold the lock and checked that no vault exists, so a rename is safe against
        // other confide processes.)
        match fsutil::put_in_place(&tmp, &self.path, fsutil::Place::CreateLocked) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                return Err(Error::Exists(self.path.clone()));
            }
            Err(e) => {
                return Err(Error::Io {
                    context: format!("could not create `{}`", self.path.display()),
                    source: e,
                });
            }
        }
        fsutil::sync_dir(&dir).map_err(io_err("could not sync the vault directory"))?;
        Ok(recovery_code)
    }

    /// Appends one entry without the passphrase: encrypts it to the header's recipient
    /// and writes it at the end of the file, under the lock, fsync'ed. Costs the same
    /// whatever the vault's size.
    pub fn append(&self, entry: &Entry) -> Result<AppendReport> {
        self.append_many(std::slice::from_ref(entry))
    }

    /// Appends several entries with one write and one fsync (an urge acted on and its
    /// lapse go in together or not at all).
    pub fn append_many(&self, entries: &[Entry]) -> Result<AppendReport> {
        self.require()?;
        let mut report = AppendReport {
            warnings: fsutil::permission_warnings(&self.path),
        };
        let _lock = self.lock()?;
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&self.path)
            .map_err(io_err(format!("could not open `{}`", self.path.display())))?;
        let layout =
            container::scan(&mut file, Verify::LastRecord).map_err(|e| self.parse_err(e))?;
        let recipient = x25519::Recipient::from_str(&layout.header.recipient)
            .map_err(|_| self.damaged("the header's recipient is not an age recipient"))?;
        if let Some(torn) = layout.torn_tail {
            report.warnings.push(torn_warning(layout.file_len - torn));
        }
        let mut part = Vec::new();
        for entry in entries {
            let plaintext =
                crypto::encode_padded(&RecordEnvelope::current(Record::Add(entry.clone())))
                    .map_err(io_err("could not encode the entry"))?;
            let ciphertext = crypto::encrypt_to(
                &recipient,
                &plaintext,
                Vec::with_capacity(plaintext.len() + 256),
            )
            .map_err(io_err("could not encrypt the entry"))?;
            part.extend(container::encode_part(Tag::Record, &ciphertext));
        }
        let offset = layout.append_offset();
        let write = (|| {
            if layout.torn_tail.is_some() {
                file.set_len(offset)?;
            }
            file.seek(SeekFrom::Start(offset))?;
            file.write_all(&part)?;
            file.sync_data()
        })();
        if let Err(e) = write {
            // Leave the file as it was: cut off whatever part of the record got in.
            let _ = file.set_len(offset);
            let _ = file.sync_data();
            return Err(Error::Io {
                context: format!(
                    "could not write to `{}`; the entry was not saved",
                    self.path.display()
                ),
                source: e,
            });
        }
        Ok(report)
    }
}

/// Writes a whole generation (header, key, recovery, state) to a new temp file beside
/// `path` and fsyncs it ([`fsutil::write_temp`]). Returns the temp path, for
/// [`fsutil::put_in_place`].
fn write_temp_generation(
    path: &Path,
    recipient: &x25519::Recipient,
    key_part: &[u8],
    recovery_part: &[u8],
    state: &State,
) -> Result<PathBuf> {
    let plaintext =
        crypto::encode_padded(&StateEnvelopeRef::current(state)).map_err(|e| Error::Io {
            context: "could not save; the vault is unchanged".into(),
            source: e,
        })?;
    fsutil::write_temp(path, |file| {
        let mut w = io::BufWriter::with_capacity(256 * 1024, file);
        w.write_all(&container::encode_header(&recipient.to_string()))?;
        w.write_all(&container::encode_part(Tag::Key, key_part))?;
        w.write_all(&container::encode_part(Tag::Recovery, recovery_part))?;
        container::write_part_streaming(&mut w, Tag::State, |hw| {
            crypto::encrypt_to(recipient, &plaintext, hw).map(|_| ())
        })?;
        w.flush()
    })
    .map_err(|e| match e {
        fsutil::WriteError::Temp(e) => Error::Io {
            context: format!(
                "could not create a temporary file beside `{}`",
                path.display()
            ),
            source: e,
        },
        fsutil::WriteError::Write(e) => Error::Io {
            context: format!(
                "could not write the new vault beside `{}`; the vault is unchanged",
                path.display()
            ),
            source: e,
        },
    })
}

impl Unlocked {
    pub(super) fn fold_if_needed(&mut self) -> Result<()> {
        // Read-only: the appended records stay folded in memory only.
        if self.needs_rewrite && self.read_only.is_none() {
            self.save()?;
            self.needs_rewrite = false;
        }
        Ok(())
    }

    /// Writes the state as a new generation: temp file, fsync, keep the old file as
    /// `<vault>.bak`, rename, fsync the directory. Leftover temp files of earlier saves
    /// are destroyed first (the lock is held, so none of them is being written).
    pub fn save(&mut self) -> Result<()> {
        self.writable()?;
        let _ = shred::destroy_strays(&self.path, false);
        let tmp = self.write_temp_same_key()?;
        self.install_keeping(&tmp)
    }

    /// Writes the state as a new generation under the current key, to a temp file.
    fn write_temp_same_key(&self) -> Result<PathBuf> {
        write_temp_generation(
            &self.path,
            &self.keys.identity.to_public(),
            &self.key_part,
            &self.recovery_part,
            &self.state,
        )
    }

    /// Fails when this vault was opened read-only.
    fn writable(&self) -> Result<()> {
        match &self.read_only {
            Some(r) => Err(r.error(&self.path)),
            None => Ok(()),
        }
    }

    /// Saves after something was deleted, so that it is gone from every file confide
    /// keeps: leftover copies of the vault (temp files of saves that did not finish,
    /// extra backup copies) are destroyed, the identity is rotated (a new X25519 key,
    /// re-wrapped under the passphrase and the recovery code, so ciphertext left in
    /// freed disk blocks cannot be opened with the new key material), the backup
    /// becomes a copy of the new generation, and the superseded vault and backup files
    /// are overwritten with random bytes through handles opened before the rename.
    ///
    /// After a recovery-code unlock there is no passphrase to re-wrap with; the
    /// identity is kept then (the passphrase is being replaced anyway).
    pub fn save_deleting(&mut self) -> Result<SaveReport> {
        self.writable()?;
        match self.passphrase.take() {
            Some(pass) => {
                let work_factor = self.work_factor();
                let r = self
                    .rotate(&pass, work_factor, false, Superseding::Deletion)
                    .map(|(_, r)| r);
                self.passphrase = Some(pass);
                r
            }
            None => {
                let strays = shred::destroy_strays(&self.path, true);
                let tmp = self.write_temp_same_key()?;
                let report = self
                    .install_superseding(&tmp, Superseding::Deletion)
                    .map_err(|(e, _)| e)?;
                with_strays(report, strays, Superseding::Deletion)
            }
        }
    }

    /// Puts the generation in `tmp` in place, keeping the old vault as the backup. A
    /// crash at any step leaves the old or the new generation in place.
    fn install_keeping(&self, tmp: &Path) -> Result<()> {
        let backup = fsutil::backup_path(&self.path);
        if let Err(e) = fsutil::keep_as_backup(&self.path, &backup) {
            fsutil::discard(tmp);
            return Err(Error::Io {
                context: format!(
                    "could not keep the previous generation as `{}`; the vault is unchanged",
                    backup.display()
                ),
                source: e,
            });
        }
        fsutil::crash_point("save:before-rename");
        if let Err(e) = fsutil::put_in_place(tmp, &self.path, fsutil::Place::Replace) {
            return Err(Error::Io {
                context: format!(
                    "could not replace `{}`; the vault is unchanged",
                    self.path.display()
                ),
                source: e,
            });
        }
        fsutil::sync_dir(&fsutil::parent(&self.path)).map_err(io_err(format!(
            "`{}` was saved, but its folder could not be synced to disk, so the change may not survive a power cut; check the disk",
            self.path.display()
        )))
    }

    /// Puts the generation in `tmp` in place and destroys the generations it
    /// supersedes (a deletion or a key change): the backup becomes a copy of the new
    /// generation, and the old vault and backup are overwritten with random bytes
    /// through handles opened before the rename. Once the rename is done, every later
    /// step runs even if one before it failed: overwriting in place needs no free
    /// space. A crash at any step leaves the old or the new generation in place, and the
    /// old files under temp names that the next `delete`, `passwd` or save destroys.
    ///
    /// On error, also says whether the new generation is in place.
    fn install_superseding(
        &self,
        tmp: &Path,
        why: Superseding,
    ) -> std::result::Result<SaveReport, (Error, bool)> {
        let mut report = SaveReport::default();
        let backup = fsutil::backup_path(&self.path);
        let dir = fsutil::parent(&self.path);
        let unchanged = |path: &Path| {
            let context = format!(
                "could not open `{}`; the vault is unchanged",
                path.display()
            );
            move |e: io::Error| {
                fsutil::discard(tmp);
                (Error::Io { context, source: e }, false)
            }
        };
        // Held open across the renames, so the old bytes can be overwritten after.
        let old_vault = shred::Superseded::hold(&self.path).map_err(unchanged(&self.path))?;
        let old_backup = shred::Superseded::hold(&backup).map_err(unchanged(&backup))?;
        // And given second names (temp names) until they are overwritten.
        let kept_vault = old_vault.as_ref().and_then(|o| keep_name(o, &self.path));
        let kept_backup = old_backup.as_ref().and_then(|o| keep_name(o, &backup));
        fsutil::crash_point("install:before-rename");
        if let Err(e) = fsutil::put_in_place(tmp, &self.path, fsutil::Place::Replace) {
            for k in [&kept_vault, &kept_backup].into_iter().flatten() {
                let _ = fs::remove_file(k);
            }
            let context = format!(
                "could not replace `{}`; the vault is unchanged",
                self.path.display()
            );
            return Err((Error::Io { context, source: e }, false));
        }
        let replaced = |context: String, source: io::Error| (Error::Io { context, source }, true);
        let first_sync = fsutil::sync_dir(&dir);
        fsutil::crash_point("install:after-rename");
        // The backup: a copy of the new generation; with no room for one, a second
        // name for it (a link needs no room).
        let mut backup_failed = None;
        if let Err(copy_err) = fsutil::replace_backup_with_copy(&self.path, &backup) {
            match fsutil::keep_as_backup(&self.path, &backup) {
                Ok(()) => report.notes.push(format!(
                    "there was no room for a separate copy of the backup ({copy_err}), so for now `{}` is a second name for the vault; the next save separates them",
                    backup.display()
                )),
                Err(_) => backup_failed = Some(copy_err),
            }
        }
        // A later fsync of the directory makes the earlier rename durable too.
        let synced = fsutil::sync_dir(&dir).or(first_sync);
        fsutil::crash_point("install:after-backup");
        if let Err(e) = synced {
            // The rename may not be on the disk: overwriting the old vault now could
            // leave nothing readable after a power cut. The old files stay, under
            // their temp names, for a later `delete --finish`.
            return Err(replaced(
                format!(
                    "`{}` was replaced, but its folder could not be synced to disk, so the old files were kept and {}; once the disk works again, run `confide delete --finish`",
                    self.path.display(),
                    why.holds()
                ),
                e,
            ));
        }
        let live = [shred::file_id(&self.path), shred::file_id(&backup)];
        let mut not_overwritten = None;
        for (old, kept, what) in [
            (old_vault, kept_vault, "vault"),
            (old_backup, kept_backup, "backup"),
        ] {
            let Some(old) = old else { continue };
            let id = old.id();
            match old.destroy(&live) {
                Ok(_) => {
                    if let Some(k) = kept
                        && shred::file_id(&k) == Some(id)
                    {
                        let _ = fs::remove_file(&k);
                    }
                }
                Err(e) => {
                    not_overwritten.get_or_insert((what, kept, e));
                }
            }
            fsutil::crash_point("install:after-overwrite");
        }
        if let Some(copy_err) = backup_failed {
            // No new backup could be written, so the old one is still in place, holding
            // what the new generation supersedes: it goes.
            match shred::destroy_file(&backup) {
                Ok(shred::Outcome::Destroyed) => report.notes.push(format!(
                    "there was no room for a new backup ({copy_err}), so the old one was overwritten and removed; free some space, then run `confide delete --finish` to write one"
                )),
                Ok(_) => report.notes.push(format!(
                    "there was no room for a backup ({copy_err}); free some space, then run `confide delete --finish` to write one"
                )),
                Err(e) => {
                    return Err(replaced(
                        format!(
                            "`{}` was saved, but its old backup `{}` could not be replaced or overwritten, and it {}; free some space, then run `confide delete --finish`",
                            self.path.display(),
                            backup.display(),
                            why.holds()
                        ),
                        e,
                    ));
                }
            }
        }
        let _ = fsutil::sync_dir(&dir);
        if let Some((what, kept, e)) = not_overwritten {
            let context = match kept {
                Some(k) => format!(
                    "`{}` was saved, but the {what} file it replaced could not be overwritten; it is kept as `{}` and {}: run `confide delete --finish`",
                    self.path.display(),
                    k.display(),
                    why.holds()
                ),
                None => format!(
                    "`{}` was saved, but the {what} file it replaced could not be overwritten, so its bytes may remain on the disk",
                    self.path.display()
                ),
            };
            return Err(replaced(context, e));
        }
        Ok(report)
    }

    /// Sets a new passphrase and rotates the identity: a new X25519 key, every part
    /// re-encrypted, the backup replaced by a copy of the new generation, and the
    /// superseded files (and any leftover copies of the vault) overwritten. The
    /// recovery code keeps working (it is re-wrapped around the new identity).
    ///
    /// With `new_code`, a new recovery code replaces the old one (returned, to be shown
    /// once): then neither the old passphrase nor the old code opens anything written
    /// from now on.
    pub fn change_passphrase(
        &mut self,
        new: &SecretString,
        work_factor: Option<u8>,
        new_code: bool,
    ) -> Result<(Option<SecretString>, SaveReport)> {
        self.writable()?;
        let work_factor = work_factor.unwrap_or_else(|| self.work_factor());
        let r = self.rotate(new, work_factor, new_code, Superseding::KeyChange)?;
        self.passphrase = Some(new.clone());
        Ok(r)
    }

    /// Destroys leftover copies of the vault, writes a generation under a new identity
    /// wrapped by `passphrase` (and the recovery code, new with `new_code`), then
    /// installs it with a fresh backup and the superseded files overwritten.
    fn rotate(
        &mut self,
        passphrase: &SecretString,
        work_factor: u8,
        new_code: bool,
        why: Superseding,
    ) -> Result<(Option<SecretString>, SaveReport)> {
        // Changing the key takes the secret that opens it: a vault opened through an
        // unlock session's agent holds neither the identity nor the recovery code
        // (and no command rotates one).
        if self.keys.identity.own().is_none() {
            return Err(Error::Unsupported(
                "changing the vault's key needs its passphrase, not an unlock session".into(),
            ));
        }
        let strays = shred::destroy_strays(&self.path, true);
        let recovery_code = if new_code {
            recovery::generate()
        } else {
            SecretString::from(self.keys.recovery_code.expose_secret().to_string())
        };
        let code_work_factor = if new_code {
            work_factor
        } else {
            crypto::scrypt_work_factor(&self.recovery_part).unwrap_or(work_factor)
        };
        let identity = x25519::Identity::generate();
        // The two scrypt wraps run side by side (two cores: about one scrypt's time).
        let (key_part, recovery_part) = std::thread::scope(|s| {
            let recovery = s.spawn(|| {
                crypto::encrypt_with_passphrase(
                    &recovery_code,
                    code_work_factor,
                    &crypto::recovery_part_plaintext(&identity),
                )
            });
            let key_part = crypto::encrypt_with_passphrase(
                passphrase,
                work_factor,
                &crypto::key_part_plaintext(&identity, &recovery_code),
            );
            (key_part, recovery.join().expect("scrypt does not panic"))
        });
        let keys = KeyMaterial {
            identity: crypto::VaultIdentity::Own(identity),
            recovery_code,
        };
        let tmp = write_temp_generation(
            &self.path,
            &keys.identity.to_public(),
            &key_part,
            &recovery_part,
            &self.state,
        )?;
        fsutil::crash_point("rotate:temp-written");
        let report = match self.install_superseding(&tmp, why) {
            Err((e, false)) => return Err(e),
            Err((e, true)) => Err(e),
            Ok(r) => Ok(r),
        };
        // The new generation is in place (even if a later step failed): its keys.
        let shown =
            new_code.then(|| SecretString::from(keys.recovery_code.expose_secret().to_string()));
        self.keys = keys;
        self.key_part = key_part;
        self.recovery_part = recovery_part;
        let report = report?;
        Ok((shown, with_strays(report, strays, why)?))
    }
}

/// What a rewrite that supersedes old generations (a deletion, a key change) did
/// besides writing the new one.
#[derive(Debug, Default)]
pub struct SaveReport {
    /// Leftover copies of the vault that were destroyed first: temp files of saves
    /// that did not finish, extra backup copies.
    pub leftovers: Vec<PathBuf>,
    /// What the user should know although it worked (no room for a backup copy).
    pub notes: Vec<String>,
}

/// Why old generations are superseded, for the messages: what they still hold.
#[derive(Debug, Clone, Copy)]
enum Superseding {
    Deletion,
    KeyChange,
}

impl Superseding {
    fn holds(self) -> &'static str {
        match self {
            Superseding::Deletion => "may still hold what was deleted",
            Superseding::KeyChange => "may still open with the old passphrase",
        }
    }
}

/// `report` with the leftovers destroyed before it; an error when one could not be.
fn with_strays(
    mut report: SaveReport,
    strays: shred::StrayReport,
    why: Superseding,
) -> Result<SaveReport> {
    if let Some((path, e)) = strays.failed.into_iter().next() {
        return Err(Error::Io {
            context: format!(
                "the vault was saved, but the leftover copy `{}` could not be destroyed, and it {}; remove it yourself",
                path.display(),
                why.holds()
            ),
            source: e,
        });
    }
    report.leftovers = strays.removed;
    Ok(report)
}

/// A second (temp) name for the held generation at `path`, if one can be made.
fn keep_name(old: &shred::Superseded, path: &Path) -> Option<PathBuf> {
    let kept = fsutil::link_beside(path, path).ok()?;
    if shred::file_id(&kept) == Some(old.id()) {
        Some(kept)
    } else {
        let _ = fs::remove_file(&kept);
        None
    }
}
