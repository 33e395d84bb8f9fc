//! `confide urge`: log an urge in the moment, no passphrase needed. An urge acted on
//! also records a lapse, linked to it, in the same write.

use super::input;
use crate::cli::UrgeArgs;
use crate::content::vocab;
use crate::error::usage;
use crate::model::entry::{Halt, Outcome, Urge};
use crate::model::{Entry, EntryBody};
use crate::ui;
use crate::vault::Vault;
use anyhow::Result;

/// Parses `resisted` / `acted`.
pub(super) fn outcome(s: &str) -> Result<Outcome> {
    match s.trim().to_ascii_lowercase().as_str() {
        "resisted" | "r" => Ok(Outcome::Resisted),
        "acted" | "a" => Ok(Outcome::Acted),
        _ => Err(usage(format!(
            "unknown outcome `{}`; use resisted or acted",
            super::input::shown(s)
        ))),
    }
}

/// Parses HALT flags: letters or words, comma-separated (`h,t`, `hungry,tired`, `ht`);
/// `none` for none.
pub(super) fn halt(s: &str) -> Result<Halt> {
    let mut h = Halt::default();
    let s = s.trim().to_ascii_lowercase();
    if s == "none" {
        return Ok(h);
    }
    let items: Vec<String> = if s.contains(',') || s.contains(' ') {
        s.split([',', ' '])
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect()
    } else if s.len() <= 4 && s.chars().all(|c| "halt".contains(c)) {
        s.chars().map(|c| c.to_string()).collect()
    } else {
        vec![s.clone()]
    };
    for item in &items {
        match item.as_str() {
            "h" | "hungry" => h.hungry = true,
            "a" | "angry" => h.angry = true,
            "l" | "lonely" => h.lonely = true,
            "t" | "tired" => h.tired = true,
            other => {
                return Err(usage(format!(
                    "unknown HALT flag `{}`; use any of h, a, l, t (hungry, angry, lonely, tired), e.g. --halt h,t",
                    super::input::shown(other)
                )));
            }
        }
    }
    if items.is_empty() {
        return Err(usage("--halt needs at least one of h, a, l, t"));
    }
    Ok(h)
}

pub(super) fn run(vault: &Vault, args: UrgeArgs) -> Result<()> {
    let args = if args.intensity.is_none() {
        // Only on a terminal does the command line get here without INTENSITY (lib.rs).
        super::require_vault(vault)?;
        match guide(args)? {
            Some(args) => args,
            None => {
                crate::errln!("Nothing was saved.");
                return Ok(());
            }
        }
    } else {
        args
    };
    let intensity = input::one_to_ten("intensity", args.intensity.unwrap_or_default())?;
    let triggers = input::words("trigger", &args.triggers, vocab::TRIGGERS)?;
    let coping = input::words("coping strategy", &args.coping, vocab::COPING)?;
    let outcome = args.outcome.as_deref().map(outcome).transpose()?;
    let minutes = args
        .minutes
        .map(|m| input::count("--minutes", m))
        .transpose()?;
    let halt = args
        .halt
        .as_deref()
        .map(halt)
        .transpose()?
        .unwrap_or_default();
    let note = input::note("note", args.note.as_ref())?;
    let intimacy = args.intimacy.as_deref().map(input::intimacy).transpose()?;
    let at = input::occurred(&args.common)?;
    super::require_vault(vault)?;
    let mut urge = Entry::new(
        EntryBody::Urge(Urge {
            intensity,
            triggers: triggers.clone(),
            coping,
            outcome,
            minutes,
            note,
            halt,
            curve: Vec::new(),
        }),
        at,
    );
    urge.intimacy = intimacy;
    input::apply_common(&mut urge, &args.common)?;
    let mut entries = vec![urge.clone()];
    if outcome == Some(Outcome::Acted) {
        entries.push(urge.linked_lapse());
    }
    super::record(vault, &entries, "urge")?;
    match outcome {
        Some(Outcome::Resisted) => crate::outln!("You rode it out. That counts.")?,
        Some(Outcome::Acted) => {
            crate::outln!(
                "A lapse was recorded with it. It is information, not failure: the streak starts"
            )?;
            crate::outln!("again from here, and your totals and what you have learned stay.")?;
            if let Some(l) = entries.get(1) {
                crate::outln!(
                    "When you are ready, `confide edit {} --note \"...\"` keeps what you noticed.",
                    l.id.short()
                )?;
            }
        }
        None => {}
    }
    if intensity >= 9 || outcome == Some(Outcome::Acted) {
        super::crisis::pointer()?;
    }
    Ok(())
}

/// How many coping ideas the guide suggests.
const SUGGESTED: usize = 6;

/// `confide urge` with no INTENSITY, on a terminal: asks for the intensity, the
/// triggers (from the catalogue), what was tried (ideas that fit those triggers) and
/// the outcome, each only when its flag was not given, and returns the arguments the
/// command line would have had. `None` when input ended (Ctrl-D): nothing is saved.
fn guide(mut args: UrgeArgs) -> Result<Option<UrgeArgs>> {
    crate::errln!("Logging an urge. Ctrl-D at any question stops; nothing is saved until the end.");
    crate::errln!("(Ideas from your own past urges need the passphrase: not offered here yet.)");
    loop {
        let Some(a) = ui::ask_or_end("How strong is it, from 1 to 10?")? else {
            return Ok(None);
        };
        match a.parse::<i64>() {
            Ok(n) if (1..=10).contains(&n) => {
                args.intensity = Some(n);
                break;
            }
            _ => crate::errln!("Please give a whole number from 1 to 10 (Ctrl-D to stop)."),
        }
    }
    if args.triggers.is_empty() {
        crate::errln!("What set it off? Some common triggers:");
        numbered(vocab::TRIGGERS)?;
        match pick(
            "trigger",
            "Numbers or words, comma-separated (Enter to skip):",
            vocab::TRIGGERS,
        )? {
            Some(t) => args.triggers = t,
            None => return Ok(None),
        }
    }
    if args.coping.is_empty() {
        let triggers = input::words("trigger", &args.triggers, &[])?;
        let ideas = vocab::coping_for(&triggers, SUGGESTED);
        crate::errln!("Some things that help with this:");
        numbered(&ideas)?;
        match pick(
            "coping strategy",
            "What did you try? Numbers or words, comma-separated (Enter to skip):",
            &ideas,
        )? {
            Some(c) => args.coping = c,
            None => return Ok(None),
        }
    }
    if args.outcome.is_none() {
        loop {
            let Some(a) =
                ui::ask_or_end("How did it end: resisted, acted, or later (Enter = later)?")?
            else {
                return Ok(None);
            };
            let a = a.to_ascii_lowercase();
            if a.is_empty() || a == "later" || a == "l" {
                break;
            }
            match outcome(&a) {
                Ok(_) => {
                    args.outcome = Some(a);
                    break;
                }
                Err(_) => crate::errln!("Please answer resisted, acted or later (Ctrl-D to stop)."),
            }
        }
    }
    Ok(Some(args))
}

/// Prints `items` numbered, in columns that fit 80 characters.
fn numbered(items: &[&str]) -> Result<()> {
    const COLUMNS: usize = 3;
    let rows = items.len().div_ceil(COLUMNS);
    for r in 0..rows {
        let mut line = String::new();
        for c in 0..COLUMNS {
            if let Some(item) = items.get(c * rows + r) {
                line.push_str(&format!("{:>4}. {item:<20}", c * rows + r + 1));
            }
        }
        crate::errln!("{}", line.trim_end());
    }
    Ok(())
}

/// Asks until every comma-separated answer is a number of `items` or a word (checked
/// as the flags check them); "" gives none, `None` at the end of input.
fn pick(what: &str, question: &str, items: &[&str]) -> Result<Option<Vec<String>>> {
    'ask: loop {
        let Some(a) = ui::ask_or_end(question)? else {
            return Ok(None);
        };
        let mut out: Vec<String> = Vec::new();
        for part in a.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let word = match part.parse::<usize>() {
                Ok(n) => match n.checked_sub(1).and_then(|i| items.get(i)) {
                    Some(w) => (*w).to_string(),
                    None => {
                        crate::errln!(
                            "There is no number {n} here; use 1 to {} or a word (Ctrl-D to stop).",
                            items.len()
                        );
                        continue 'ask;
                    }
                },
                Err(_) => part.to_string(),
            };
            if !out.contains(&word) {
                out.push(word);
            }
        }
        if out.len() > 50 {
            crate::errln!("That is a lot; please name at most 50 (Ctrl-D to stop).");
            continue;
        }
        // The checks the flags get (the notes about unknown words come when it is saved).
        if let Err(e) = input::words(what, &out, &[]) {
            crate::errln!(
                "{} (Ctrl-D to stop)",
                crate::sanitize::field(&e.to_string())
            );
            continue;
        }
        return Ok(Some(out));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halt_forms() {
        let h = halt("h,t").unwrap();
        assert!(h.hungry && h.tired && !h.angry && !h.lonely);
        assert_eq!(
            halt("hungry, lonely").unwrap().names(),
            ["hungry", "lonely"]
        );
        assert_eq!(halt("alt").unwrap().names(), ["angry", "lonely", "tired"]);
        assert!(halt("none").unwrap().is_empty());
        assert!(halt("x").is_err());
        assert!(halt(",").is_err());
    }

    #[test]
    fn outcomes() {
        assert_eq!(outcome("Resisted").unwrap(), Outcome::Resisted);
        assert_eq!(outcome("acted").unwrap(), Outcome::Acted);
        assert!(outcome("maybe").is_err());
    }
}
