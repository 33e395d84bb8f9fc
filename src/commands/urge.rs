//! `confide urge`: log an urge in the moment, no passphrase needed. An urge acted on
//! also records a lapse, linked to it, in the same write.

use super::input;
use crate::cli::UrgeArgs;
use crate::content::vocab;
use crate::error::usage;
use crate::model::entry::{Halt, Outcome, Urge};
use crate::model::{Entry, EntryBody};
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
    let intensity = input::one_to_ten("intensity", args.intensity)?;
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
