//! `confide plan`: the personal recovery plan, and choosing focus skills.

use super::input;
use crate::analysis::plan::{self, Plan};
use crate::cli::PlanArgs;
use crate::content::{self, Skill};
use crate::model::Timestamp;
use crate::ui;
use anyhow::Result;
use std::io::{BufWriter, Write};

pub fn run(vault: &crate::vault::Vault, args: PlanArgs) -> Result<()> {
    let as_of = match &args.as_of {
        Some(s) => input::when("--as-of", s)?,
        None => Timestamp::now(),
    };
    let focus: Option<Vec<Skill>> = if args.focus.is_empty() {
        None
    } else if args.focus.len() == 1 && args.focus[0].eq_ignore_ascii_case("none") {
        Some(Vec::new())
    } else {
        let mut v = Vec::new();
        for s in &args.focus {
            let k = input::skill(s)?;
            if !v.contains(&k) {
                v.push(k);
            }
        }
        Some(v)
    };
    let mut unlocked = super::unlock(vault)?;
    if let Some(f) = focus {
        unlocked.state.settings.focus = f;
        unlocked.state.settings.updated_at = Some(Timestamp::now());
        unlocked.save()?;
    }
    let s = &unlocked.state;
    let p = plan::plan(&s.entries, s.settings.start, &s.settings.focus, as_of);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &p)?;
        writeln!(out)?;
    } else {
        render(&mut out, &p, ui::width().min(100), ui::color_stdout())?;
    }
    out.flush()?;
    Ok(())
}

fn wrap_to<W: Write>(out: &mut W, indent: &str, text: &str, width: usize) -> std::io::Result<()> {
    for line in super::prompts::wrap(text, width.saturating_sub(indent.chars().count())) {
        writeln!(out, "{indent}{line}")?;
    }
    Ok(())
}

/// The terminal plan.
pub fn render<W: Write>(out: &mut W, p: &Plan, width: usize, color: bool) -> std::io::Result<()> {
    let h = |s: &str| ui::paint(color, "1", s);
    let ph = &p.phase;
    writeln!(out, "{}", h(&format!("Phase {}: {}", ph.number, ph.name)))?;
    writeln!(out, "  Day {} of your current streak.", p.current_days)?;
    wrap_to(out, "  ", ph.goal, width)?;
    writeln!(out)?;
    writeln!(out, "  What can come up now:")?;
    for c in ph.challenges {
        let lines = super::prompts::wrap(c, width.saturating_sub(6));
        for (i, l) in lines.iter().enumerate() {
            writeln!(out, "  {} {l}", if i == 0 { " -" } else { "  " })?;
        }
    }
    let keys: Vec<String> = ph
        .key_practices
        .iter()
        .map(|id| {
            content::practice(id)
                .map(|x| format!("{} ({id})", x.name))
                .unwrap_or_else(|| id.to_string())
        })
        .collect();
    wrap_to(
        out,
        "  ",
        &format!("Key practices: {}.", keys.join(", ")),
        width,
    )?;
    let mut next = Vec::new();
    if let Some(d) = ph.days_to_next {
        next.push(format!("{d} days until phase {}", ph.number + 1));
    }
    if let Some(m) = p.next_milestone {
        next.push(format!(
            "next milestone: {m} days (in {})",
            m - p.current_days
        ));
    }
    if !next.is_empty() {
        writeln!(out, "  {}.", next.join("; "))?;
    }
    wrap_to(out, "  ", ph.encouragement, width)?;
    writeln!(out)?;

    if p.focus.is_empty() {
        wrap_to(
            out,
            "",
            "No focus skills chosen yet. `confide plan --focus SKILL` picks one (skills: emotional-presence, \
             authentic-communication, empathic-listening, vulnerability, sustainable-pleasure).",
            width,
        )?;
    } else {
        let labels: Vec<&str> = p
            .focus
            .iter()
            .filter_map(|s| Skill::parse(s))
            .map(|s| s.label())
            .collect();
        writeln!(out, "{} {}", h("Your focus:"), labels.join(", "))?;
    }
    writeln!(out)?;

    writeln!(
        out,
        "{} {} ({})",
        h("Today's practice:"),
        p.practice.title,
        p.practice.id
    )?;
    wrap_to(out, "  ", p.practice.text, width)?;
    if !p.practice.why.is_empty() {
        wrap_to(
            out,
            "  ",
            &format!("Why today: {}.", p.practice.why.join("; ")),
            width,
        )?;
    }
    writeln!(out, "  Done it? `confide practice {}`", p.practice.id)?;
    writeln!(out)?;
    writeln!(out, "{} ({})", h("Today's reflection"), p.prompt.id)?;
    wrap_to(out, "  ", p.prompt.text, width)?;
    writeln!(
        out,
        "  Answer it: `confide reflect --prompt {}`",
        p.prompt.id
    )?;
    Ok(())
}
