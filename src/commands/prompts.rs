//! `confide prompts`: the reflection prompts and practices, with their ids.

use super::input;
use crate::cli::PromptsArgs;
use crate::content::{practices::PRACTICES, prompts::PROMPTS};
use crate::ui;
use anyhow::Result;
use std::io::{BufWriter, Write};

pub(super) fn run(vault: &crate::vault::Vault, args: PromptsArgs) -> Result<()> {
    let skill = args.skill.as_deref().map(input::skill).transpose()?;
    let kind = args.intimacy.as_deref().map(input::intimacy).transpose()?;
    // The catalogue needs no passphrase: the partner setting saved in the vault is
    // used when an unlock session can read it, the config file's otherwise.
    let stored = super::read_without_asking(vault, &mut |_| {}, false, "")
        .and_then(|s| s.state.settings.partner);
    let partner = crate::config::partner(stored)?;
    let prompts: Vec<_> = PROMPTS
        .iter()
        .filter(|p| skill.is_none_or(|s| p.skill == Some(s)))
        .filter(|p| kind.is_none_or(|t| p.types.contains(&t)))
        .collect();
    let practices: Vec<_> = PRACTICES
        .iter()
        .filter(|p| skill.is_none_or(|s| p.skill == s))
        .filter(|p| kind.is_none_or(|t| p.types.contains(&t)))
        .collect();
    // With partner = "no", items for a partner are left out (and counted).
    let left_out = prompts
        .iter()
        .filter(|p| !partner.lists(p.audience))
        .count()
        + practices
            .iter()
            .filter(|p| !partner.lists(p.audience))
            .count();
    let prompts: Vec<_> = prompts
        .into_iter()
        .filter(|p| partner.lists(p.audience))
        .collect();
    let practices: Vec<_> = practices
        .into_iter()
        .filter(|p| partner.lists(p.audience))
        .collect();
    let mut out = BufWriter::new(crate::ui::out::stdout());
    if args.json {
        let skill = skill.map(|s| {
            serde_json::json!({ "id": s.as_str(), "label": s.label(), "definition": s.definition() })
        });
        let v = serde_json::json!({
            "schema": 1,
            "partner": partner,
            "skill": skill,
            "prompts": prompts,
            "practices": practices,
            "left_out": left_out,
        });
        crate::sanitize::json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
        return Ok(out.flush()?);
    }
    let width = ui::width();
    let color = ui::color_stdout();
    if let Some(s) = skill {
        writeln!(out, "{}", ui::paint(color, ui::style::HEADING, s.label()))?;
        for line in wrap(s.definition(), width.saturating_sub(2)) {
            writeln!(out, "  {line}")?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "{}",
        ui::paint(color, ui::style::HEADING, "Reflection prompts")
    )?;
    writeln!(out, "(answer one with `confide reflect --prompt ID`)\n")?;
    for p in &prompts {
        let skill = p.skill.map(|s| s.as_str()).unwrap_or(p.theme);
        writeln!(
            out,
            "{}  {}",
            ui::paint(color, ui::style::ID, p.id),
            ui::paint(
                color,
                ui::style::DIM,
                &format!("{skill}, {}", p.audience.label())
            )
        )?;
        for line in wrap(p.text, width.saturating_sub(4)) {
            writeln!(out, "    {line}")?;
        }
    }
    writeln!(
        out,
        "\n{}",
        ui::paint(color, ui::style::HEADING, "Practices")
    )?;
    writeln!(out, "(check one off with `confide practice ID`)\n")?;
    for p in &practices {
        let minutes = p.minutes.map(|m| format!(", {m} min")).unwrap_or_default();
        writeln!(
            out,
            "{}  {}",
            ui::paint(color, ui::style::ID, p.id),
            ui::paint(
                color,
                ui::style::DIM,
                &format!("{}, {}{minutes}", p.skill.as_str(), p.audience.label())
            )
        )?;
        for line in wrap(
            &format!("{}: {}", p.name, p.description),
            width.saturating_sub(4),
        ) {
            writeln!(out, "    {line}")?;
        }
    }
    if left_out > 0 {
        writeln!(out)?;
        for line in wrap(
            &format!(
                "{left_out} {} written for a partner {} left out, as your partner setting is \"no\" (`confide settings`).",
                if left_out == 1 {
                    "item"
                } else {
                    "prompts and practices"
                },
                if left_out == 1 { "is" } else { "are" }
            ),
            width,
        ) {
            writeln!(out, "{line}")?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Greedy word wrap to `width` terminal columns (20 at the least), see [`ui::wrap`].
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    ui::wrap(text, width.max(20))
}

#[cfg(test)]
mod tests {
    #[test]
    fn wrapping_keeps_every_word() {
        let lines = super::wrap(
            "one two three four five six seven eight nine ten eleven",
            20,
        );
        assert!(
            lines.iter().all(|l| crate::ui::text_width(l) <= 20),
            "{lines:?}"
        );
        assert_eq!(
            lines.join(" "),
            "one two three four five six seven eight nine ten eleven"
        );
    }

    #[test]
    fn wrap_keeps_words_and_width() {
        let lines = super::wrap("one two three four five six seven eight nine ten", 20);
        assert!(lines.iter().all(|l| l.len() <= 20), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "one two three four five six seven eight nine ten"
        );
    }
}
