//! confide's command line: clap, the commands, passphrase sources and prompts,
//! colour and the terminal output filter, the editor, and doctor. Everything else
//! (the vault, the model, analysis, exports, imports) is the `confide-core` crate,
//! re-exported here under its old names. The binary is a thin wrapper around
//! [`run`]. See docs/ARCHITECTURE.md.

pub mod cli;
pub mod commands;
pub mod config;
pub mod doctor;
pub mod error;
pub mod passphrase;
pub mod ui;

// The core crate's layers, under the names the command line has always used.
pub use confide_core::{analysis, content, export, import, model, sanitize, vault};

use error::ExitKind;
use std::process::ExitCode;

/// Turns off core dumps, so a crash cannot write decrypted entries or key material to
/// disk, and marks the process non-dumpable (which also keeps other processes of the
/// same user from attaching a debugger).
pub fn harden_process() {
    let _ = rustix::process::setrlimit(
        rustix::process::Resource::Core,
        rustix::process::Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    );
    #[cfg(target_os = "linux")]
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
}

/// Replaces the default panic message (which could quote data) with one that names
/// only the place in confide's code.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "unknown place".into());
        crate::errln!(
            "error: confide hit an internal error at {place} (a bug; your vault was not changed by it). \
             Please report it without including any of your entries."
        );
    }));
}

/// Parses the command line, runs the command, and maps the outcome to an exit code.
pub fn run() -> ExitCode {
    harden_process();
    install_panic_hook();
    // Test hook (debug builds only): a panic whose payload the hook must not print.
    #[cfg(debug_assertions)]
    if let Some(v) = std::env::var_os("CONFIDE_TEST_PANIC") {
        panic!("{}", v.to_string_lossy());
    }
    // The unlock session's agent, started by `confide unlock` as exactly `confide
    // agent`: straight to it, before the command-line model and the config are
    // built, so the process that holds the key for the session stays small.
    let mut args = std::env::args_os().skip(1);
    if args.next().as_deref() == Some(std::ffi::OsStr::new("agent")) && args.next().is_none() {
        return match commands::agent() {
            Ok(()) => ExitKind::Success.into(),
            Err(_) => ExitKind::Other.into(),
        };
    }
    let cli = match parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    match commands::dispatch(cli) {
        Ok(()) => ExitKind::Success.into(),
        Err(e) if error::is_broken_pipe(&e) => ExitKind::Success.into(),
        // Ctrl-C at a question in the line editor (which reads it as a key, not a
        // signal): the command stops, as Ctrl-C stops it anywhere else.
        Err(e) if error::is_interrupted(&e) => {
            crate::errln!("stopped (Ctrl-C); nothing was saved");
            ExitCode::from(error::INTERRUPTED)
        }
        Err(e) => {
            // One line, whatever the error quotes (a path, a value): the error, then
            // its sources.
            crate::errln!("error: {}", sanitize::field(&error::one_line(e.as_ref())));
            error::exit_kind(&e).into()
        }
    }
}

/// The command line. On a terminal (stdin and stderr), `confide urge` without its
/// INTENSITY asks for it and the rest; without one, a missing INTENSITY stays clap's
/// error.
fn parse() -> Result<cli::Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    use std::io::IsTerminal;
    let mut command = cli::Cli::command();
    if std::io::stdin().is_terminal() && ui::out::stderr_is_terminal() {
        command = command.mut_subcommand("urge", |c| c.mut_arg("intensity", |a| a.required(false)));
    }
    let mut matches = command.try_get_matches_from_mut(std::env::args_os())?;
    cli::Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut command))
}

/// Help and version print as clap renders them; mistakes become one line that says
/// what went wrong and where to look, with exit code 2.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitKind::Success.into()
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitKind::Usage.into()
        }
        _ => {
            let text = e.render().to_string();
            // The first paragraph (it can name missing arguments on the next lines),
            // folded onto one line.
            let first: Vec<&str> = text
                .lines()
                .skip_while(|l| l.trim().is_empty())
                .take_while(|l| !l.trim().is_empty())
                .map(str::trim)
                .collect();
            let first = first.join(" ");
            let first = first.strip_prefix("error: ").unwrap_or(&first);
            let first = first.trim_end_matches(':');
            let first = blank_long_values(first);
            // The unlock session's agent is started by confide, never typed: clap
            // lists hidden commands here too.
            let first = first.replace(", agent,", ",");
            let tip = match suggestion(&e)
                .or_else(|| help_suggestion(&e, &std::env::args_os().collect::<Vec<_>>()))
            {
                Some(s) => format!("; did you mean {s}? Run"),
                None => "; run".into(),
            };
            crate::errln!(
                "error: {}{} `confide help` or add --help for usage",
                sanitize::field(&first),
                sanitize::field(&tip)
            );
            ExitKind::Usage.into()
        }
    }
}

/// clap's "did you mean" for a mistyped command, option or value, as "`list`" or
/// "`list` or `lapse`". It is taken from the error's context, not its text, so it
/// names only confide's own commands, options and values, never what was typed
/// (clap's other tips, such as "to pass 'x' as a value", quote the typed value).
fn suggestion(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue};
    let mut names: Vec<String> = Vec::new();
    for kind in [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ] {
        match e.get(kind) {
            Some(ContextValue::String(s)) => names.push(s.clone()),
            // Most similar last, as clap gives them: the best first here.
            Some(ContextValue::Strings(v)) => names.extend(v.iter().rev().cloned()),
            _ => {}
        }
    }
    // An option that belongs to another command: clap's tip is "'urge --trigger'
    // exists".
    if let Some(ContextValue::StyledStrs(tips)) = e.get(ContextKind::Suggested) {
        for tip in tips {
            let tip = tip.to_string();
            if let Some(name) = tip
                .strip_prefix('\'')
                .and_then(|t| t.strip_suffix("' exists"))
                .filter(|n| !n.contains('\''))
            {
                names.push(name.to_string());
            }
        }
    }
    names.dedup();
    let names: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [init @ .., last] => Some(format!("{} or {last}", init.join(", "))),
    }
}

/// `confide help lsit`: clap's `help` names no command close to the one it does not
/// know, so the words after `help` are parsed again as a command (`confide lsit`),
/// and clap's suggestion for that is the one given.
fn help_suggestion(e: &clap::Error, args: &[std::ffi::OsString]) -> Option<String> {
    use clap::CommandFactory;
    if e.kind() != clap::error::ErrorKind::InvalidSubcommand {
        return None;
    }
    let at = args.iter().skip(1).position(|a| a == "help")? + 1;
    let again = args[..1].iter().chain(&args[at + 1..]);
    match cli::Cli::command().try_get_matches_from(again) {
        Err(e) if e.kind() == clap::error::ErrorKind::InvalidSubcommand => suggestion(&e),
        _ => None,
    }
}

/// clap quotes what was typed (`invalid value '...' for '--mood <N>'`). A value in the
/// wrong place may be someone's journal text, and an error message is no place for
/// it: a quoted value that is long or has spaces becomes `'…'`. Flags and short
/// values (`'11'`, `'--frobnicate'`) stay, so the message still says what was wrong.
fn blank_long_values(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    for marker in [
        "invalid value '",
        "unexpected argument '",
        "unrecognized subcommand '",
    ] {
        if let Some(i) = rest.find(marker) {
            let start = i + marker.len();
            if let Some(len) = rest[start..].find('\'') {
                let value = &rest[start..start + len];
                out.push_str(&rest[..start]);
                if (value.starts_with('-') && !value.contains(' '))
                    || (value.chars().count() <= 12 && !value.contains(char::is_whitespace))
                {
                    out.push_str(value);
                } else {
                    out.push('…');
                }
                rest = &rest[start + len..];
            }
        }
    }
    out.push_str(rest);
    out
}
