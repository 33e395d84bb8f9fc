//! `confide reflect`: answer a reflection prompt (or write a free reflection). No
//! passphrase needed.

use super::input;
use crate::cli::ReflectArgs;
use crate::content::{self, prompts::Prompt};
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

/// Picks the prompt the arguments ask for, or `None` for a free reflection.
fn choose(args: &ReflectArgs) -> Result<Option<&'static Prompt>> {
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
    Ok(Some(pool[random_index(pool.len())]))
}

pub(super) fn run(vault: &Vault, args: ReflectArgs) -> Result<()> {
    let prompt = choose(&args)?;
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
