//! Which editor confide would run, and whether it can leave copies of a draft on
//! the disk.

use super::{Finding, Inputs, Status};
use crate::ui::editor::restraining_args;
use std::fs;
use std::path::{Path, PathBuf};

/// Editors with their own recovery, backup or history files in the home folder.
const GUI: [&str; 18] = [
    "code",
    "code-insiders",
    "codium",
    "vscodium",
    "subl",
    "sublime_text",
    "zed",
    "zeditor",
    "atom",
    "gedit",
    "gnome-text-editor",
    "kate",
    "kwrite",
    "mousepad",
    "pluma",
    "xed",
    "geany",
    "featherpad",
];

/// Editors that write no swap, backup or undo files of their own.
const QUIET: [&str; 5] = ["hx", "helix", "kak", "ed", "red"];

pub(super) fn check(inputs: &Inputs) -> Finding {
    let Some(program) = inputs.editor.first() else {
        return Finding::new("editor", Status::Note, "No editor set")
            .detail("VISUAL and EDITOR are empty; confide would start `vi`.");
    };
    let args = &inputs.editor[1..];
    let name = Path::new(program)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| program.clone());
    let shown = inputs.editor.join(" ");
    let head = format!("Your editor is `{shown}`");

    if restraining_args(program).is_some() {
        return vi_family(inputs, &head);
    }
    if name.starts_with("emacs") || name == "xemacs" {
        return emacs(inputs, &name, args, &head);
    }
    if matches!(name.as_str(), "nano" | "rnano" | "pico") {
        return nano(inputs, args, &head);
    }
    if name == "micro" {
        return micro(inputs, args, &head);
    }
    if QUIET.contains(&name.as_str()) {
        return Finding::new("editor", Status::Ok, head.to_string()).detail(format!(
            "{name} writes no swap, backup or undo files of its own, so the draft stays in \
                 the RAM folder."
        ));
    }
    if GUI.contains(&name.as_str()) {
        return gui(&name, args, &head);
    }
    Finding::new(
        "editor",
        Status::Note,
        format!("{head}, which confide does not know"),
    )
    .detail(format!(
        "confide puts the draft in the RAM folder and removes it, but it cannot keep `{name}` \
         from writing swap, backup, history or recovery copies of its own elsewhere."
    ))
    .fix(format!(
        "Check {name}'s settings for swap, backup, auto-save and history files, or set VISUAL \
         to vim or nvim, which confide starts with all of those off."
    ))
}

/// vi, vim, nvim: started with swap, backup and undo files off, unless a vimrc
/// turns undo or backup files on (it wins; see docs/SECURITY.md).
fn vi_family(inputs: &Inputs, head: &str) -> Finding {
    let risky: Vec<PathBuf> = vim_configs(inputs)
        .into_iter()
        .filter(|p| fs::read_to_string(p).is_ok_and(|t| vimrc_keeps_copies(&t)))
        .collect();
    if risky.is_empty() {
        return Finding::new(
            "editor",
            Status::Ok,
            format!("{head}; confide starts it with swap, backup and undo files off"),
        )
        .detail(
            "The draft stays in the RAM folder: no swap file, no viminfo or shada history, no \
             backup or undo file.",
        );
    }
    let files: Vec<String> = risky.iter().map(|p| format!("`{}`", p.display())).collect();
    Finding::new(
        "editor",
        Status::Attention,
        format!("{head}, and your configuration turns undo or backup files on"),
    )
    .detail(format!(
        "{} turns on `undofile` or `backup`. Your configuration wins over the options confide \
         starts the editor with, so an undo file or a backup copy of each draft can land on the \
         disk (in your undodir or backupdir).",
        files.join(" and ")
    ))
    .fix(
        "Add this line to your vimrc (or init.vim): `autocmd BufNewFile,BufReadPre \
         /dev/shm/*,/run/user/* setlocal noundofile nobackup nowritebackup noswapfile` (adjust \
         the paths if your $XDG_RUNTIME_DIR is elsewhere).",
    )
}

fn vim_configs(inputs: &Inputs) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(home) = &inputs.home {
        out.push(home.join(".vimrc"));
        out.push(home.join(".vim/vimrc"));
    }
    if let Some(config) = config_home(inputs) {
        out.push(config.join("nvim/init.vim"));
        out.push(config.join("nvim/init.lua"));
        out.push(config.join("vim/vimrc"));
    }
    out.retain(|p| p.is_file());
    out
}

fn config_home(inputs: &Inputs) -> Option<PathBuf> {
    inputs
        .config_home
        .clone()
        .or_else(|| inputs.home.as_ref().map(|h| h.join(".config")))
}

/// Whether a vimrc or init.lua turns on undo or backup files, and has no autocmd
/// that turns them off again for confide's drafts.
fn vimrc_keeps_copies(text: &str) -> bool {
    let mut on = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('"') || line.starts_with("--") {
            continue;
        }
        if (line.contains("/dev/shm") || line.contains("/run/user")) && line.contains("noundofile")
        {
            return false;
        }
        // Lua: vim.opt.undofile = true, vim.o.backup = true.
        let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if ["undofile=true", "backup=true"]
            .iter()
            .any(|s| compact.contains(s))
        {
            on = true;
            continue;
        }
        // Vimscript: set undofile, set bk, setglobal backup...
        let mut words = line.split(|c: char| c.is_whitespace() || c == '|');
        if let Some(first) = words.next()
            && matches!(
                first,
                "set" | "se" | "setglobal" | "setg" | "setlocal" | "setl"
            )
            && words.any(|w| matches!(w, "undofile" | "udf" | "backup" | "bk"))
        {
            on = true;
        }
    }
    on
}

fn emacs(inputs: &Inputs, name: &str, args: &[String], head: &str) -> Finding {
    let bare = args
        .iter()
        .any(|a| matches!(a.as_str(), "-Q" | "-q" | "--quick" | "--no-init-file"));
    if bare {
        return Finding::new(
            "editor",
            Status::Ok,
            format!("{head}, without your init file"),
        )
        .detail(
            "Without an init file, Emacs writes its auto-save (#entry.txt#) and backup \
                 (entry.txt~) files beside the draft, in the RAM folder, and confide removes them \
                 with it.",
        );
    }
    let fix = "Start Emacs for confide without your init file: `export VISUAL=\"emacs -Q -nw\"` \
               (or only for confide: `alias confide='VISUAL=\"emacs -Q -nw\" confide'`). \
               Otherwise keep backup-directory-alist, auto-save-file-name-transforms and \
               undo-tree history away from /dev/shm and /run/user files.";
    if name == "emacsclient" {
        return Finding::new(
            "editor",
            Status::Note,
            format!("{head}, which edits in an Emacs server"),
        )
        .detail(
            "The Emacs server was not started by confide: its settings decide where \
             auto-save, backup and undo-history files go, it can keep the draft in a buffer \
             and in its recent-files list after you are done, and it can write a core dump if \
             it crashes.",
        )
        .fix(fix);
    }
    let risky: Vec<String> = emacs_configs(inputs)
        .into_iter()
        .filter(|p| {
            fs::read_to_string(p).is_ok_and(|t| {
                [
                    "backup-directory-alist",
                    "auto-save-file-name-transforms",
                    "undo-tree-auto-save-history",
                ]
                .iter()
                .any(|s| t.contains(s))
            })
        })
        .map(|p| format!("`{}`", p.display()))
        .collect();
    if !risky.is_empty() {
        return Finding::new(
            "editor",
            Status::Attention,
            format!("{head}, and your init file moves its backup or auto-save files"),
        )
        .detail(format!(
            "{} sets where backups, auto-saves or undo history go. If that is a folder on the \
             disk, copies of your drafts are written there, where confide cannot remove them.",
            risky.join(" and ")
        ))
        .fix(fix);
    }
    Finding::new("editor", Status::Note, head.to_string())
        .detail(
            "By default Emacs writes its auto-save (#entry.txt#) and backup (entry.txt~) files \
             beside the draft, in the RAM folder, and confide removes them. What can still \
             reach the disk: the draft's name in recentf or desktop files, and anything your \
             init file or packages (undo-tree, Doom, Spacemacs) send elsewhere.",
        )
        .fix(fix)
}

fn emacs_configs(inputs: &Inputs) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(home) = &inputs.home {
        for p in [
            ".emacs",
            ".emacs.el",
            ".emacs.d/init.el",
            ".doom.d/config.el",
        ] {
            out.push(home.join(p));
        }
    }
    if let Some(config) = config_home(inputs) {
        out.push(config.join("emacs/init.el"));
        out.push(config.join("doom/config.el"));
    }
    out.retain(|p| p.is_file());
    out
}

fn nano(inputs: &Inputs, args: &[String], head: &str) -> Finding {
    let mut backup = args.iter().any(|a| {
        a == "--backup" || (a.starts_with('-') && !a.starts_with("--") && a.contains('B'))
    });
    let mut backupdir = args.iter().any(|a| {
        a.starts_with("--backupdir")
            || (a.starts_with('-') && !a.starts_with("--") && a.contains('C'))
    });
    let mut rcs = vec![inputs.sys("/etc/nanorc")];
    if let Some(home) = &inputs.home {
        rcs.push(home.join(".nanorc"));
    }
    if let Some(config) = config_home(inputs) {
        rcs.push(config.join("nano/nanorc"));
    }
    for rc in rcs {
        if let Ok(text) = fs::read_to_string(rc) {
            for line in text.lines() {
                let words: Vec<&str> = line.split_whitespace().collect();
                match words.as_slice() {
                    ["set", "backup", ..] => backup = true,
                    ["unset", "backup", ..] => backup = false,
                    ["set", "backupdir", ..] => backupdir = true,
                    ["unset", "backupdir", ..] => backupdir = false,
                    _ => {}
                }
            }
        }
    }
    if backup && backupdir {
        return Finding::new(
            "editor",
            Status::Attention,
            format!("{head}, with backups kept in a backup folder"),
        )
        .detail(
            "nano is set to keep a backup of every file it saves in a backup folder (-B with -C, \
             or `set backup` with `set backupdir`), so copies of your drafts land there, on the \
             disk.",
        )
        .fix(
            "Drop -B/-C from VISUAL or EDITOR, or `unset backup` in your nanorc; or use \
             `VISUAL=\"nano --ignorercfiles\"` for confide.",
        );
    }
    Finding::new("editor", Status::Ok, head.to_string()).detail(
        "nano keeps no backup copies in a folder of its own as set up here; anything it saves \
         in an emergency goes beside the draft, in the RAM folder.",
    )
}

fn micro(inputs: &Inputs, args: &[String], head: &str) -> Finding {
    let off_by_flag = args
        .windows(2)
        .any(|w| w[0] == "-backup" && w[1] == "false")
        || args.iter().any(|a| a == "-backup=false");
    let off_by_settings = config_home(inputs)
        .map(|c| c.join("micro/settings.json"))
        .and_then(|p| fs::read_to_string(p).ok())
        .is_some_and(|t| {
            let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            compact.contains("\"backup\":false")
        });
    if off_by_flag || off_by_settings {
        return Finding::new("editor", Status::Ok, format!("{head}, with backups off"))
            .detail("micro keeps no backup copies of the draft; it stays in the RAM folder.");
    }
    Finding::new(
        "editor",
        Status::Attention,
        format!("{head}, which keeps backups on the disk"),
    )
    .detail(
        "micro keeps a backup of every file you edit in ~/.config/micro/backups while it is \
         open; if micro or the terminal dies, a copy of your draft stays there.",
    )
    .fix(
        "Set `\"backup\": false` in ~/.config/micro/settings.json, or use `VISUAL=\"micro \
         -backup false\"`.",
    )
}

fn gui(name: &str, args: &[String], head: &str) -> Finding {
    let (settings, wait) = match name {
        "code" | "code-insiders" | "codium" | "vscodium" => (
            "in its settings, set `\"workbench.localHistory.enabled\": false` and \
             `\"files.hotExit\": \"off\"`",
            Some(["--wait", "-w"]),
        ),
        "subl" | "sublime_text" => (
            "in its settings, set `\"hot_exit\": false`",
            Some(["--wait", "-w"]),
        ),
        "zed" | "zeditor" => (
            "check its settings for restoring unsaved buffers",
            Some(["--wait", "-w"]),
        ),
        "atom" => (
            "check its settings for restoring unsaved buffers",
            Some(["--wait", "-w"]),
        ),
        _ => ("turn off its backup, recovery and session files", None),
    };
    let mut fix = format!(
        "Use a terminal editor for confide (`export VISUAL=vim` or nvim, which confide \
         restrains), or {settings}."
    );
    if let Some(flags) = wait
        && !args.iter().any(|a| flags.contains(&a.as_str()))
    {
        fix.push_str(&format!(
            " Start it with --wait (`VISUAL=\"{name} --wait\"`): without it, confide reads the \
             draft back before you have written anything."
        ));
    }
    Finding::new(
        "editor",
        Status::Attention,
        format!("{head}, which keeps its own copies of files"),
    )
    .detail(format!(
        "{name} keeps recovery, history or session files in your home folder, on the disk, \
         where confide cannot see or remove them; they can hold what you wrote after confide \
         has destroyed the draft."
    ))
    .fix(fix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_editor(editor: &str, home: &Path) -> Finding {
        check(&Inputs {
            vault: home.join("vault.confide"),
            root: home.join("root"),
            editor: editor.split_whitespace().map(str::to_string).collect(),
            ram_dir: None,
            home: Some(home.to_path_buf()),
            config_home: None,
            passphrase_vars: Vec::new(),
            session: None,
        })
    }

    #[test]
    fn editors() {
        let home = tempfile::tempdir().unwrap();
        let h = home.path();
        assert_eq!(with_editor("vi", h).status, Status::Ok);
        assert_eq!(with_editor("/usr/bin/nvim", h).status, Status::Ok);
        fs::write(h.join(".vimrc"), "set undofile undodir=~/.vim/undo\n").unwrap();
        assert_eq!(with_editor("vim", h).status, Status::Attention);
        fs::write(
            h.join(".vimrc"),
            "set undofile\nautocmd BufNewFile,BufReadPre /dev/shm/*,/run/user/* setlocal noundofile nobackup nowritebackup noswapfile\n",
        )
        .unwrap();
        assert_eq!(with_editor("vim", h).status, Status::Ok);
        fs::write(h.join(".vimrc"), "\" set undofile\nset noundofile\n").unwrap();
        assert_eq!(with_editor("vim", h).status, Status::Ok);
        assert_eq!(with_editor("nano", h).status, Status::Ok);
        assert_eq!(
            with_editor("nano -B -C /home/x/bk", h).status,
            Status::Attention
        );
        assert_eq!(with_editor("emacs", h).status, Status::Note);
        assert_eq!(with_editor("emacs -Q -nw", h).status, Status::Ok);
        let code = with_editor("code", h);
        assert_eq!(code.status, Status::Attention);
        assert!(code.fix.unwrap().contains("--wait"));
        assert!(
            !with_editor("code --wait", h)
                .fix
                .unwrap()
                .contains("Start it with")
        );
        assert_eq!(with_editor("micro", h).status, Status::Attention);
        assert_eq!(with_editor("micro -backup false", h).status, Status::Ok);
        assert_eq!(with_editor("hx", h).status, Status::Ok);
        assert_eq!(with_editor("frobedit", h).status, Status::Note);
    }
}
