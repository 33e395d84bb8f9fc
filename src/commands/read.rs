//! `confide read`: whole entries, oldest first, with the filters of `list`, through
//! `$PAGER` on a terminal and straight to standard output otherwise.
//!
//! Every byte goes through the one output filter ([`crate::ui::out::Safe`]), the
//! pager's included: the pager gets the same sanitised bytes a terminal would. The
//! pager's command line comes from `$PAGER` alone (split as a shell would, never
//! run through one), and nothing of the journal reaches its arguments or its
//! environment, nor does any passphrase variable. Entries are written one at a time, never gathered into one string.

use super::list::{self, Filter};
use crate::cli::ReadArgs;
use crate::model::Entry;
use crate::ui;
use crate::vault::Vault;
use anyhow::Result;
use std::io::{self, BufWriter, Write};
use std::process::{Child, Command, Stdio};

/// The pager when `$PAGER` is not set: `-R` lets confide's colours through.
const DEFAULT_PAGER: &str = "less -R";

pub(super) fn run(vault: &Vault, args: ReadArgs) -> Result<()> {
    let filter = list::filter_from(&args.filter)?;
    // A $PAGER that cannot be read is said before the passphrase is asked for.
    let pager = if !args.no_pager && ui::out::stdout_is_terminal() {
        pager_command(std::env::var("PAGER").ok().as_deref())?
    } else {
        None
    };
    let mut kept: Vec<Entry> = Vec::new();
    let streamed = super::unlock_streaming(vault, &mut |e| filter.offer(&mut kept, e))?;
    let entries = filter.apply(&kept);
    let color = ui::color_stdout();
    // Nothing to page: "No entries match." goes straight out.
    let pager = pager.filter(|_| !entries.is_empty());
    if pager.is_some() {
        // Ctrl-C in the pager reaches confide too (one process group): it is the
        // pager's to handle, as git does, so that confide waits for the pager rather
        // than leaving it behind with the terminal. The pager starts with the default
        // action (a caught signal is reset on exec), and a broken pipe still ends
        // confide once the pager is gone.
        let _ = signal_hook::flag::register(
            signal_hook::consts::SIGINT,
            std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
        );
    }
    let child = match pager {
        Some(mut c) => match c.stdin(Stdio::piped()).spawn() {
            Ok(child) => Some(child),
            Err(e) => {
                ui::warn(&format!(
                    "could not start the pager ({e}); printing straight to the terminal"
                ));
                None
            }
        },
        None => None,
    };
    match child {
        Some(child) => through_pager(child, &entries, color),
        None => {
            let mut out = BufWriter::new(ui::out::stdout());
            write_or_nothing(&mut out, &entries, streamed.count, &filter, color)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// Writes into the pager's standard input, through the output filter, and waits for
/// it. A pager quit early (`q` in `less`) closes the pipe: that ends the command
/// quietly.
fn through_pager(mut child: Child, entries: &[&Entry], color: bool) -> Result<()> {
    let stdin = child.stdin.take().expect("stdin was piped");
    let written = {
        let mut out = BufWriter::new(ui::out::Safe::new(stdin));
        write_entries(&mut out, entries, color).and_then(|()| out.flush())
    };
    // The pager's own exit status is its business (as with git): what it was
    // given is all confide has to say.
    child.wait()?;
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn write_or_nothing<W: Write>(
    out: &mut W,
    entries: &[&Entry],
    count: usize,
    filter: &Filter,
    color: bool,
) -> io::Result<()> {
    if entries.is_empty() {
        writeln!(out, "{}", list::nothing(count, filter))
    } else {
        write_entries(out, entries, color)
    }
}

/// The pager's command from `$PAGER` (`less -R` when unset), split as a shell
/// would; `None` for an empty `$PAGER`, which means no pager.
pub(super) fn pager_command(pager: Option<&str>) -> Result<Option<Command>> {
    let line = pager.unwrap_or(DEFAULT_PAGER);
    let Some(words) = shlex::split(line) else {
        return Err(crate::error::usage(
            "$PAGER has an unclosed quote; fix it, or use `confide read --no-pager`",
        ));
    };
    let Some((program, args)) = words.split_first() else {
        return Ok(None);
    };
    let mut c = Command::new(program);
    c.args(args);
    // The pager gets confide's environment without the secrets, like the editor.
    crate::passphrase::scrub_env(&mut c);
    Ok(Some(c))
}

/// Every entry in full, oldest first, each under a heading line with its time, kind
/// and short id, one blank line between them.
pub(super) fn write_entries<W: Write>(
    out: &mut W,
    entries: &[&Entry],
    color: bool,
) -> io::Result<()> {
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_entry(out, e, color)?;
    }
    Ok(())
}

/// One entry: "Sat 1 Aug 2026, 23:30 · journal · 3fa2b1c0", then its details as
/// `show` prints them.
fn write_entry<W: Write>(out: &mut W, e: &Entry, color: bool) -> io::Result<()> {
    let heading = format!(
        "{} · {} · {}",
        super::show::human_time(e.occurred_at),
        e.body.kind(),
        e.id.short()
    );
    writeln!(out, "{}", ui::paint(color, ui::style::HEADING, &heading))?;
    super::show::details(out, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(pager: Option<&str>) -> Option<Vec<String>> {
        pager_command(pager).unwrap().map(|c| {
            std::iter::once(c.get_program())
                .chain(c.get_args())
                .map(|s| s.to_string_lossy().into_owned())
                .collect()
        })
    }

    #[test]
    fn the_pager_comes_from_pager_split_as_a_shell_would() {
        assert_eq!(words(None).unwrap(), ["less", "-R"]);
        assert_eq!(words(Some("most -s 'a b'")).unwrap(), ["most", "-s", "a b"]);
        assert_eq!(words(Some("")), None, "an empty PAGER: no pager");
        assert_eq!(words(Some("  ")), None);
        let err = pager_command(Some("less 'open")).unwrap_err();
        assert!(err.to_string().contains("--no-pager"), "{err}");
    }
}
