//! `confide settings`: what confide offers you, saved in the vault. Today one setting:
//! whether you have a partner (`--partner`), which `plan`, `prompts`, `reflect
//! --random` and the review use. It is saved encrypted with your entries, not in the
//! config file, because it is about you; the config file's `partner` applies only
//! while the vault says nothing.

use crate::cli::SettingsArgs;
use crate::content::Partner;
use crate::error::usage;
use crate::model::Timestamp;
use crate::vault::Vault;
use anyhow::Result;

pub(super) fn run(vault: &Vault, args: SettingsArgs) -> Result<()> {
    let partner = args
        .partner
        .as_deref()
        .map(|s| {
            Partner::parse(&s.trim().to_ascii_lowercase()).ok_or_else(|| {
                usage(format!(
                    "--partner takes yes, no or prefer-not-to-say (got `{}`); nothing was changed",
                    crate::model::entry::shown(s)
                ))
            })
        })
        .transpose()?;
    let mut unlocked = super::unlock(vault)?;
    if let Some(p) = partner {
        unlocked.state.settings.partner = Some(p);
        unlocked.state.settings.updated_at = Some(Timestamp::now());
        unlocked.save()?;
        crate::outln!("Saved: partner {}.", p.as_str())?;
        for line in crate::ui::wrap(what_it_changes(p), 78) {
            crate::outln!("{line}")?;
        }
        return Ok(());
    }
    let s = &unlocked.state.settings;
    let (p, from) = match s.partner {
        Some(p) => (p, "saved in your vault"),
        None => match crate::config::get().partner {
            Some(p) => (p, "from the config file"),
            None => (Partner::default(), "not said; the default"),
        },
    };
    crate::outln!("{:<16}{} ({from})", "partner", p.as_str())?;
    crate::outln!(
        "{:<16}{}",
        "recovery start",
        crate::export::report::human_date(s.start.to_datetime().date_naive())
    )?;
    let focus: Vec<&str> = s.focus.iter().map(|k| k.as_str()).collect();
    crate::outln!(
        "{:<16}{}",
        "focus skills",
        if focus.is_empty() {
            "none chosen (`confide plan --focus SKILL`)".to_string()
        } else {
            focus.join(", ")
        }
    )?;
    crate::outln!("Change it with `confide settings --partner yes|no|prefer-not-to-say`.")?;
    Ok(())
}

/// One line on what the answer changes.
fn what_it_changes(p: Partner) -> &'static str {
    match p {
        Partner::Yes => {
            "Practices and prompts for a partner are offered too, alongside the ones for you and anyone close."
        }
        Partner::No => {
            "Only practices and prompts for you and the people close to you are offered; closeness with friends, family and yourself counts fully."
        }
        Partner::PreferNotToSay => {
            "Practices for a partner are not offered unasked; `confide prompts` still lists them, marked."
        }
    }
}
