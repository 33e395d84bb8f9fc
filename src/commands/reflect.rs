//! `confide reflect`: answer a reflection prompt (or write a free reflection). No
//! passphrase needed. A prompt picked at random suits the partner setting and, when
//! the vault can be read without a question, the current phase; otherwise it is
//! one of the prompts that fit every phase.

use super::input;
use crate::cli::ReflectArgs;
use crate::content::{self, Phase, prompts::Prompt};
use crate::error::usage;
use crate::model::entry::Reflection;
use crate::model::{Entry, EntryBody};
use crate::vault::Vault;
use anyhow::Result;

/// A uniformly random index below `n` (n > 0).
fn random_index(n: usize) -> usize {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("the OS random number generator is available");
    (u64::from_le_bytes(b) % n as u64) as usize
}

/// The current phase, when the vault can be read without a question: through an
/// unlock session (`confide unlock`), or from a passphrase source that is set.
/// `None` otherwise, and on any failure: picking a prompt never depends on it.
fn phase_without_asking(vault: &Vault) -> (Option<Phase>, Option<content::Partner>) {
    // Only what the streak needs is kept: lapses, and urges (an urge acted on is a
    // lapse too).
    let mut kept = Vec::new();
    let mut keep = |e: Entry| {
        if matches!(e.body, EntryBody::Lapse(_) | EntryBody::Urge(_)) {
            kept.push(e);
        }
    };
    let Some(read) = super::read_without_asking(
        vault,
        &mut keep,
        true,
        "Reading where you are in your plan...",
    ) else {
        return (None, None);
    };
    let settings = &read.state.settings;
    let days =
        crate::analysis::streak::standing(&kept, settings.start, crate::model::Timestamp::now());
    (
        Some(crate::analysis::streak::phase(days.clean)),
        settings.partner,
    )
}

/// Picks the prompt the arguments ask for, or `None` for a free reflection.
fn choose(args: &ReflectArgs, vault: &Vault) -> Result<Option<&'static Prompt>> {
    if let Some(id) = &args.prompt {
        return input::prompt_id(id).map(Some);
    }
    let skill = args.skill.as_deref().map(input::skill).transpose()?;
    let kind = args.intimacy.as_deref().map(input::intimacy).transpose()?;
    let filtered = skill.is_some() || kind.is_some();
    if !args.text.is_empty() {
        if filtered || args.random {
            return Err(usage(
                "--skill, --type and --random pick a prompt you have not seen yet; run without TEXT to see it \
                 first, or answer a prompt you know with --prompt ID",
            ));
        }
        return Ok(None);
    }
    let pool: Vec<&'static Prompt> = content::prompts::PROMPTS
        .iter()
        .filter(|p| skill.is_none_or(|s| p.skill == Some(s)))
        .filter(|p| kind.is_none_or(|t| p.types.contains(&t)))
        .collect();
    if pool.is_empty() {
        return Err(usage(
            "no prompt matches both that skill and that type; try one of them alone",
        ));
    }
    let (phase, stored) = phase_without_asking(vault);
    let partner = crate::config::partner(stored)?;
    Ok(Some(pick(&pool, partner, phase, random_index)))
}

/// A prompt from `pool` at random (`random(n)` below `n`), among those that suit
/// `partner` and fit `phase` (or, with the phase unknown, fit every phase). When
/// none does, the phase is let go, then the partner setting, so the filters the
/// person asked for (`--skill`, `--type`) always give a prompt.
fn pick(
    pool: &[&'static Prompt],
    partner: content::Partner,
    phase: Option<Phase>,
    random: impl Fn(usize) -> usize,
) -> &'static Prompt {
    let fits = |p: &&&'static Prompt| match phase {
        Some(phase) => p.phases.contains(&phase),
        None => p.phases.len() == Phase::ALL.len(),
    };
    let suits = |p: &&&'static Prompt| p.audience.suits(partner);
    let tiers: [Vec<&'static Prompt>; 3] = [
        pool.iter().filter(suits).filter(fits).copied().collect(),
        pool.iter().filter(suits).copied().collect(),
        pool.to_vec(),
    ];
    let chosen = tiers
        .into_iter()
        .find(|t| !t.is_empty())
        .unwrap_or_default();
    match chosen.len() {
        0 => pool[0],
        n => chosen[random(n)],
    }
}

pub(super) fn run(vault: &Vault, args: ReflectArgs) -> Result<()> {
    let prompt = choose(&args, vault)?;
    let kind = args.intimacy.as_deref().map(input::intimacy).transpose()?;
    let at = input::occurred(&args.common)?;
    super::require_vault(vault)?;
    if let Some(p) = prompt
        && args.text.is_empty()
    {
        crate::errln!("{}\n", p.text);
    }
    let header = prompt.map(|p| {
        format!(
            "{}\nWrite your answer below. Lines starting with \"# confide:\" are not saved.",
            p.text
        )
    });
    let text = input::text(&args.text, &args.compose, header.as_deref(), "")?;
    let mut entry = Entry::new(
        EntryBody::Reflection(Reflection {
            prompt_id: prompt.map(|p| p.id.to_string()),
            text: text.to_string(),
        }),
        at,
    );
    entry.intimacy = kind.or_else(|| prompt.and_then(|p| p.types.first().copied()));
    input::apply_common(&mut entry, &args.common)?;
    super::record(vault, &[entry], "reflection")
}

#[cfg(test)]
mod tests {
    use super::*;
    use content::{Audience, Partner, prompts::PROMPTS};

    #[test]
    fn a_random_prompt_fits_the_phase_and_the_partner_setting() {
        let all: Vec<&'static Prompt> = PROMPTS.iter().collect();
        for partner in Partner::ALL {
            for phase in [
                None,
                Some(Phase::NeuralReset),
                Some(Phase::RelationalIntegration),
            ] {
                for i in 0..all.len() {
                    let p = pick(&all, partner, phase, |n| i % n);
                    assert!(p.audience.suits(partner), "{partner:?}: {}", p.id);
                    match phase {
                        Some(ph) => assert!(p.phases.contains(&ph), "{}", p.id),
                        None => assert_eq!(p.phases.len(), 3, "{}", p.id),
                    }
                }
            }
        }
        // No `expectations-talk` on day 2.
        for i in 0..all.len() {
            let p = pick(&all, Partner::Yes, Some(Phase::NeuralReset), |n| i % n);
            assert_ne!(p.id, "expectations-talk");
        }
        // A pool the filters empty still gives a prompt.
        let only: Vec<&'static Prompt> = PROMPTS
            .iter()
            .filter(|p| p.audience == Audience::Partner)
            .collect();
        assert_eq!(
            pick(&only, Partner::No, None, |_| 0).audience,
            Audience::Partner
        );
    }
}
