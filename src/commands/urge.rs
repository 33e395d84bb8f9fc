//! `confide urge`: log an urge in the moment, no passphrase needed. An urge acted on
//! also records a lapse, linked to it, in the same write.

use super::input;
use crate::analysis::history::{Helped, History};
use crate::cli::UrgeArgs;
use crate::content::vocab;
use crate::error::usage;
use crate::model::entry::{Halt, Outcome, Urge};
use crate::model::{Entry, EntryBody};
use crate::passphrase;
use crate::ui;
use crate::vault::{self, OpenOptions, Vault};
use age::secrecy::ExposeSecret;
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
        match guide(vault, args)? {
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
    let entries = save(vault, urge)?;
    match outcome {
        Some(Outcome::Resisted) => crate::outln!("You rode it out. That counts.")?,
        Some(Outcome::Acted) => {
            crate::outln!(
                "A lapse was recorded with it, as information to learn from: the streak starts"
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
    point_to_crisis(intensity, outcome)
}

/// Saves `urge`, and when it was acted on the lapse linked to it, in one write;
/// returns what was saved (the urge first). `confide urge` and `confide surf` save
/// this way.
pub(super) fn save(vault: &Vault, urge: Entry) -> Result<Vec<Entry>> {
    let acted = matches!(&urge.body, EntryBody::Urge(u) if u.outcome == Some(Outcome::Acted));
    let mut entries = vec![urge];
    if acted {
        entries.push(entries[0].linked_lapse());
    }
    super::record(vault, &entries, "urge")?;
    Ok(entries)
}

/// The one quiet line pointing to `confide help crisis`, after an urge of 9 or 10 or
/// one acted on.
pub(super) fn point_to_crisis(intensity: u8, outcome: Option<Outcome>) -> Result<()> {
    if intensity >= 9 || outcome == Some(Outcome::Acted) {
        super::crisis::pointer()?;
    }
    Ok(())
}

/// How many coping ideas the guide suggests in all, and at most how many of them
/// come from the person's own urges.
const SUGGESTED: usize = 6;
const FROM_HISTORY: usize = 4;
/// How many of the person's own triggers come first in the list.
const OWN_TRIGGERS: usize = 8;

/// `confide urge` with no INTENSITY, on a terminal: asks for the intensity, the
/// triggers, what was tried and the outcome, each only when its flag was not given,
/// and returns the arguments the command line would have had. `None` when input
/// ended (Ctrl-D): nothing is saved. With the person's own history (when they choose
/// to open the vault for it), their triggers come first and what helped them before
/// is suggested; otherwise the catalogue's ideas for the triggers.
fn guide(vault: &Vault, mut args: UrgeArgs) -> Result<Option<UrgeArgs>> {
    crate::errln!("Logging an urge. Ctrl-D at any question stops; nothing is saved until the end.");
    // Through an unlock session, the history is read while the first question waits
    // for an answer, so the person never waits on it.
    let wanted = args.triggers.is_empty() || args.coping.is_empty();
    let background = wanted.then(|| {
        let vault = vault.clone();
        std::thread::spawn(move || through_session(&vault))
    });
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
    let history = match background.map(|t| t.join()) {
        Some(Ok(Some(history))) => Some(history),
        Some(_) => own_history(vault),
        None => None,
    };
    if args.triggers.is_empty() {
        let own: Vec<String> = history
            .as_ref()
            .map(|h| {
                h.frequent_triggers()
                    .into_iter()
                    .take(OWN_TRIGGERS)
                    .map(|(t, _)| t)
                    .collect()
            })
            .unwrap_or_default();
        let mut items: Vec<&str> = own.iter().map(String::as_str).collect();
        items.extend(
            vocab::TRIGGERS
                .iter()
                .filter(|t| !own.iter().any(|o| o == *t)),
        );
        if own.is_empty() {
            crate::errln!("What set it off? Some common triggers:");
        } else {
            crate::errln!("What set it off? Your most frequent triggers come first:");
        }
        numbered(&items, 1)?;
        match pick(
            "trigger",
            "Numbers or words, comma-separated (Enter to skip):",
            &items,
        )? {
            Some(t) => args.triggers = t,
            None => return Ok(None),
        }
    }
    if args.coping.is_empty() {
        let triggers = input::words("trigger", &args.triggers, &[])?;
        let helped = history
            .as_ref()
            .map(|h| h.helped(&triggers, FROM_HISTORY))
            .unwrap_or_default();
        let mut items: Vec<&str> = helped.iter().map(|h| h.coping.as_str()).collect();
        let ideas = vocab::coping_for(&triggers, SUGGESTED + items.len());
        let others: Vec<&str> = ideas
            .into_iter()
            .filter(|c| !items.contains(c))
            .take(SUGGESTED.saturating_sub(items.len()).max(2))
            .collect();
        if helped.is_empty() {
            crate::errln!("Some things that help with this:");
        } else {
            crate::errln!("What helped you before (you rode the urge out):");
            for (i, h) in helped.iter().enumerate() {
                crate::errln!("{:>4}. {}", i + 1, helped_line(h));
            }
            crate::errln!("Other ideas:");
        }
        numbered(&others, items.len() + 1)?;
        items.extend(others);
        match pick(
            "coping strategy",
            "What did you try? Numbers or words, comma-separated (Enter to skip):",
            &items,
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

/// "walk - helped 46 of 49 times (trigger: stressed)", fitted to 80 columns.
fn helped_line(h: &Helped) -> String {
    let times = if h.tried == 1 { "time" } else { "times" };
    let tail = match &h.trigger {
        Some(t) => format!(" (trigger: {})", ui::fit(t, 24)),
        None => String::new(),
    };
    format!(
        "{} - helped {} of {} {times}{tail}",
        ui::fit(&h.coping, 30),
        h.resisted,
        h.tried
    )
}

/// The person's own urges through their unlock session, if one is running.
fn through_session(vault: &Vault) -> Option<History> {
    let mut history = History::new();
    super::read_without_asking(vault, &mut |e| history.add(&e), false, "")?;
    Some(history)
}

/// The person's own urges when no unlock session gave them, read only when they
/// choose: from the passphrase source when one is set, otherwise typed (Enter or
/// Ctrl-D skips). Logging never depends on
/// it: whatever goes wrong is one note, and the catalogue's ideas are shown instead.
/// Only the triggers, coping and outcome of each urge are kept, in memory, and wiped
/// when the guide ends.
fn own_history(vault: &Vault) -> Option<History> {
    let configured = passphrase::source_configured();
    if !configured {
        crate::errln!("Ideas from your own past urges need your passphrase.");
    }
    for attempt in 1..=passphrase::TRIES {
        let (pass, typed) = if configured {
            match passphrase::read_passphrase("Passphrase") {
                Ok(p) => p,
                Err(e) => {
                    ui::note(&format!(
                        "your own history could not be read ({e}); here are general ideas"
                    ));
                    return None;
                }
            }
        } else {
            match passphrase::prompt("Passphrase (Enter to skip): ") {
                Ok(p) if !p.expose_secret().is_empty() => (p, true),
                // Enter or Ctrl-D: the catalogue's ideas.
                _ => return None,
            }
        };
        let mut history = History::new();
        let mut spinner = ui::Spinner::new("Reading your history...");
        let opened = vault.open(
            OpenOptions::passphrase(&pass).sink(&mut |e| history.add(&e)),
            &mut spinner.callback(),
        );
        match opened {
            Ok(unlocked) => {
                let streamed = unlocked.into_streamed();
                super::show_opened(
                    &streamed.warnings,
                    &streamed.notes,
                    &streamed.state.settings,
                    &streamed.folded_times,
                );
                return Some(history);
            }
            Err(vault::Error::WrongPassphrase) if typed && attempt < passphrase::TRIES => {
                crate::errln!(
                    "That passphrase does not open this vault; try again (Enter to skip)."
                );
            }
            Err(e) => {
                ui::note(&format!(
                    "your own history could not be read ({e}); here are general ideas"
                ));
                return None;
            }
        }
    }
    None
}

/// Prints `items` numbered from `first`, in columns that fit 80 characters.
fn numbered(items: &[&str], first: usize) -> Result<()> {
    const COLUMNS: usize = 3;
    let rows = items.len().div_ceil(COLUMNS);
    for r in 0..rows {
        let mut line = String::new();
        for c in 0..COLUMNS {
            if let Some(item) = items.get(c * rows + r) {
                line.push_str(&format!(
                    "{:>4}. {:<20}",
                    first + c * rows + r,
                    ui::fit(item, 20)
                ));
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
