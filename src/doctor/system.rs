//! Checks on the system: swap and core dumps. Everything is read under
//! [`Inputs::root`], so tests can fake `/proc` and `/sys`.

use super::{Finding, Inputs, Status};
use std::fs;
use std::path::Path;

/// What confide could tell about one swap area.
#[derive(Debug, PartialEq, Eq)]
enum Swap {
    /// zram: compressed RAM, never on a disk.
    Ram,
    /// On dm-crypt (the device mapper name, e.g. `dm-0`).
    Encrypted,
    /// On a disk device that is not dm-crypt.
    Plain,
    /// confide could not tell which device holds it.
    Unknown,
}

/// Swap areas from `/proc/swaps`, and whether each is encrypted.
pub(super) fn swap(inputs: &Inputs) -> Finding {
    let Ok(text) = fs::read_to_string(inputs.sys("/proc/swaps")) else {
        if cfg!(target_os = "macos") && inputs.root == Path::new("/") {
            return Finding::new("swap", Status::Ok, "Swap is encrypted by macOS")
                .detail("macOS encrypts its swap files itself.");
        }
        return Finding::new("swap", Status::Note, "confide could not check swap here")
            .detail(
                "There is no /proc/swaps to read. If this system swaps to a disk, decrypted \
                 entries in memory could be written there.",
            )
            .fix("Make sure swap is off, on zram, or encrypted.");
    };
    let areas: Vec<(String, Swap)> = text
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let name = unescape(fields.next()?);
            let kind = fields.next().unwrap_or("");
            let class = classify(inputs, &name, kind);
            Some((name, class))
        })
        .collect();
    if areas.is_empty() {
        return Finding::new("swap", Status::Ok, "No swap")
            .detail("Nothing in memory can be written out to a swap area on the disk.");
    }
    let plain: Vec<&str> = areas
        .iter()
        .filter(|(_, c)| *c == Swap::Plain)
        .map(|(n, _)| n.as_str())
        .collect();
    let unknown: Vec<&str> = areas
        .iter()
        .filter(|(_, c)| *c == Swap::Unknown)
        .map(|(n, _)| n.as_str())
        .collect();
    let list = |names: &[&str]| -> String {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let device = match plain.as_slice() {
        [one] if one.starts_with("/dev/") => one.to_string(),
        _ => "/dev/DEVICE".to_string(),
    };
    let fix = format!(
        "Encrypt it: put swap inside your encrypted (LUKS) volume, or give it a fresh random \
         key at every boot with a line in /etc/crypttab (`swap {device} /dev/urandom swap`, \
         then use /dev/mapper/swap in /etc/fstab; this rules out hibernation), or use zram \
         instead (zram-generator) and turn the disk swap off (`swapoff`, and remove it from \
         /etc/fstab)."
    );
    if !plain.is_empty() {
        let title = format!("Swap on {} is not encrypted", list(&plain));
        let mut detail = "When memory runs short, the system can write any program's memory to \
                          swap, including entries confide has decrypted and drafts in the RAM \
                          folder, and it stays on the disk after confide exits."
            .to_string();
        if !unknown.is_empty() {
            detail.push_str(&format!(
                " confide also could not tell whether {} is encrypted.",
                list(&unknown)
            ));
        }
        return Finding::new("swap", Status::Attention, title)
            .detail(detail)
            .fix(fix.clone());
    }
    if !unknown.is_empty() {
        return Finding::new(
            "swap",
            Status::Attention,
            format!(
                "confide could not confirm that swap on {} is encrypted",
                list(&unknown)
            ),
        )
        .detail(
            "confide could not find the device that holds it (a swap file on btrfs, for \
             example, does not say). If it is not encrypted, entries confide has decrypted \
             could be written to the disk when memory runs short.",
        )
        .fix(format!(
            "Check with `lsblk -o NAME,TYPE,FSTYPE,MOUNTPOINTS` that it sits on a `crypt` \
             device; if it does not: {}",
            lower_first(&fix)
        ));
    }
    let names: Vec<&str> = areas.iter().map(|(n, _)| n.as_str()).collect();
    let ram_only = areas.iter().all(|(_, c)| *c == Swap::Ram);
    let (title, detail) = if ram_only {
        (
            format!("Swap is in RAM (zram: {})", list(&names)),
            "zram compresses memory within RAM; nothing is written to a disk.",
        )
    } else {
        (
            format!("Swap is encrypted ({})", list(&names)),
            "What the system swaps out is encrypted on the disk (dm-crypt) or kept in RAM (zram).",
        )
    };
    Finding::new("swap", Status::Ok, title).detail(detail)
}

/// Where a swap area lives.
fn classify(inputs: &Inputs, name: &str, kind: &str) -> Swap {
    let base = Path::new(name)
        .file_name()
        .map(|b| b.to_string_lossy().into_owned())
        .unwrap_or_default();
    if base.starts_with("zram") {
        return Swap::Ram;
    }
    let device = if kind == "file" {
        file_device(inputs, name)
    } else {
        block_device(inputs, name)
    };
    match device {
        Some(d) if d.starts_with("zram") => Swap::Ram,
        Some(d) if on_dm_crypt(inputs, &d, 0) => Swap::Encrypted,
        Some(d) if d.starts_with("dm-") && !inputs.sys(&format!("/sys/block/{d}")).exists() => {
            Swap::Unknown
        }
        Some(_) => Swap::Plain,
        None => Swap::Unknown,
    }
}

/// The kernel name (`dm-0`, `sda2`) of a block device path from `/proc/swaps`.
fn block_device(inputs: &Inputs, name: &str) -> Option<String> {
    // Symlinks such as /dev/mapper/cryptswap -> ../dm-1, resolved inside the root.
    if let Ok(real) = fs::canonicalize(inputs.sys(name))
        && let Some(b) = real.file_name()
    {
        return Some(b.to_string_lossy().into_owned());
    }
    if let Some(mapped) = name.strip_prefix("/dev/mapper/") {
        // Look the name up among the device mapper devices.
        let block = inputs.sys("/sys/block");
        for e in fs::read_dir(block).ok()?.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.starts_with("dm-")
                && fs::read_to_string(e.path().join("dm/name")).is_ok_and(|m| m.trim() == mapped)
            {
                return Some(n);
            }
        }
        return None;
    }
    Path::new(name)
        .file_name()
        .map(|b| b.to_string_lossy().into_owned())
}

/// The kernel name of the block device holding the swap file `name`.
fn file_device(inputs: &Inputs, name: &str) -> Option<String> {
    let st = rustix::fs::stat(inputs.sys(name)).ok()?;
    #[allow(clippy::unnecessary_cast)]
    let dev = st.st_dev as u64;
    let (major, minor) = (rustix::fs::major(dev), rustix::fs::minor(dev));
    let link = fs::read_link(inputs.sys(&format!("/sys/dev/block/{major}:{minor}"))).ok()?;
    Some(link.file_name()?.to_string_lossy().into_owned())
}

/// Whether the device (or a device under it, for LVM on LUKS) is dm-crypt.
fn on_dm_crypt(inputs: &Inputs, dev: &str, depth: usize) -> bool {
    if depth > 8 || !dev.starts_with("dm-") {
        return false;
    }
    let dir = inputs.sys(&format!("/sys/block/{dev}"));
    if fs::read_to_string(dir.join("dm/uuid")).is_ok_and(|u| u.trim().starts_with("CRYPT-")) {
        return true;
    }
    fs::read_dir(dir.join("slaves")).is_ok_and(|rd| {
        rd.flatten()
            .any(|e| on_dm_crypt(inputs, &e.file_name().to_string_lossy(), depth + 1))
    })
}

/// `/proc/swaps` writes spaces and other odd bytes in names as `\040`.
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 3 < b.len()
            && b[i + 1..i + 4].iter().all(|c| (b'0'..=b'7').contains(c))
        {
            let v = (b[i + 1] - b'0') * 64 + (b[i + 2] - b'0') * 8 + (b[i + 3] - b'0');
            out.push(v);
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Core dumps: off for confide; the kernel's set-up for everything else.
pub(super) fn core_dumps(inputs: &Inputs) -> Finding {
    let own = "confide turns core dumps off for itself when it starts, and the editor it \
               starts inherits that limit, so a crash of either does not leave your entries in \
               a core file.";
    let pattern = fs::read_to_string(inputs.sys("/proc/sys/kernel/core_pattern"))
        .ok()
        .map(|p| p.trim().to_string());
    let fix = "Add `ulimit -c 0` to your shell profile (~/.profile, ~/.bashrc or ~/.zshrc).";
    let fix_systemd = "Set `Storage=none` in /etc/systemd/coredump.conf (under [Coredump]), and \
                       add `ulimit -c 0` to your shell profile (~/.profile, ~/.bashrc or ~/.zshrc).";
    let others = "Other programs that show your entries (your terminal, an editor server such as \
                  `emacs --daemon`, a GUI editor already running) were not started by confide; \
                  if one of them crashes, ";
    match pattern {
        Some(p) if p.starts_with('|') => {
            let program = p[1..].split_whitespace().next().unwrap_or("").to_string();
            if program.contains("systemd-coredump") {
                if systemd_storage_none(inputs) {
                    return Finding::new("core-dumps", Status::Ok, "Core dumps are not stored")
                        .detail(format!(
                            "{own} systemd-coredump is set to `Storage=none`, so other \
                             programs' core dumps are not kept either."
                        ));
                }
                Finding::new(
                    "core-dumps",
                    Status::Note,
                    "Core dumps are off for confide; systemd-coredump keeps other programs' dumps",
                )
                .detail(format!(
                    "{own} {others}systemd-coredump may keep its memory, with what it showed, in \
                     /var/lib/systemd/coredump for days."
                ))
                .fix(fix_systemd)
            } else {
                Finding::new(
                    "core-dumps",
                    Status::Note,
                    format!("Core dumps are off for confide; others go to `{program}`"),
                )
                .detail(format!(
                    "{own} {others}the system hands its memory, with what it showed, to \
                     `{program}`, which may store it on the disk."
                ))
                .fix(fix)
            }
        }
        Some(p) if !p.is_empty() => Finding::new(
            "core-dumps",
            Status::Note,
            "Core dumps are off for confide; other programs may write core files",
        )
        .detail(format!(
            "{own} {others}its memory, with what it showed, may be written to a core file \
             (the kernel's pattern is `{p}`) when your shell allows core dumps."
        ))
        .fix(fix),
        _ => Finding::new("core-dumps", Status::Ok, "Core dumps are off for confide").detail(
            format!("{own} (confide could not read the system's core dump set-up here.)"),
        ),
    }
}

/// Whether systemd-coredump is configured with `Storage=none` (the last setting wins).
fn systemd_storage_none(inputs: &Inputs) -> bool {
    let mut files = vec![inputs.sys("/etc/systemd/coredump.conf")];
    if let Ok(rd) = fs::read_dir(inputs.sys("/etc/systemd/coredump.conf.d")) {
        let mut extra: Vec<_> = rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "conf"))
            .collect();
        extra.sort();
        files.extend(extra);
    }
    let mut storage = None;
    for f in files {
        if let Ok(text) = fs::read_to_string(f) {
            for line in text.lines() {
                if let Some(v) = line.trim().strip_prefix("Storage=") {
                    storage = Some(v.trim().to_ascii_lowercase());
                }
            }
        }
    }
    storage.as_deref() == Some("none")
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn inputs(root: &Path) -> Inputs {
        Inputs {
            vault: root.join("vault.confide"),
            root: root.to_path_buf(),
            editor: vec!["vi".into()],
            ram_dir: None,
            home: None,
            config_home: None,
            passphrase_vars: Vec::new(),
            session: None,
        }
    }

    fn write(root: &Path, path: &str, text: &str) {
        let p: PathBuf = root.join(path.trim_start_matches('/'));
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    const HEADER: &str = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";

    #[test]
    fn swap_kinds() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        let i = inputs(r);
        write(r, "/proc/swaps", HEADER);
        assert_eq!(swap(&i).status, Status::Ok);
        write(
            r,
            "/proc/swaps",
            &format!("{HEADER}/dev/zram0  partition  4194300  0  100\n"),
        );
        assert_eq!(swap(&i).status, Status::Ok);
        write(
            r,
            "/proc/swaps",
            &format!("{HEADER}/dev/sda2  partition  4194300  0  -2\n"),
        );
        let f = swap(&i);
        assert_eq!(f.status, Status::Attention);
        assert!(f.title.contains("/dev/sda2"), "{}", f.title);
        // LVM on LUKS: dm-1 (the LV) sits on dm-0 (the crypt device).
        write(r, "/sys/block/dm-0/dm/uuid", "CRYPT-LUKS2-abc-luks\n");
        write(r, "/sys/block/dm-1/dm/uuid", "LVM-xyz\n");
        write(r, "/sys/block/dm-1/dm/name", "vg-swap\n");
        fs::create_dir_all(r.join("sys/block/dm-1/slaves/dm-0")).unwrap();
        write(
            r,
            "/proc/swaps",
            &format!("{HEADER}/dev/mapper/vg-swap  partition  4194300  0  -2\n"),
        );
        assert_eq!(swap(&i).status, Status::Ok, "{:?}", swap(&i));
        write(r, "/sys/block/dm-0/dm/uuid", "LVM-plain\n");
        assert_eq!(swap(&i).status, Status::Attention);
        // A swap file confide cannot place.
        write(
            r,
            "/proc/swaps",
            &format!("{HEADER}/swap\\040file  file  4194300  0  -2\n"),
        );
        let f = swap(&i);
        assert_eq!(f.status, Status::Attention);
        assert!(f.title.contains("could not confirm"), "{}", f.title);
        assert!(f.title.contains("/swap file"), "{}", f.title);
    }

    #[test]
    fn core_pattern() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        let i = inputs(r);
        assert_eq!(core_dumps(&i).status, Status::Ok);
        write(
            r,
            "/proc/sys/kernel/core_pattern",
            "|/usr/lib/systemd/systemd-coredump %P %u %g %s %t %c %h\n",
        );
        let f = core_dumps(&i);
        assert_eq!(f.status, Status::Note);
        assert!(f.fix.unwrap().contains("Storage=none"));
        write(
            r,
            "/etc/systemd/coredump.conf",
            "[Coredump]\nStorage=none\n",
        );
        assert_eq!(core_dumps(&i).status, Status::Ok);
        write(r, "/proc/sys/kernel/core_pattern", "core\n");
        assert_eq!(core_dumps(&i).status, Status::Note);
    }
}
