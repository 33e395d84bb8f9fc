//! `confide plan`: the personal recovery plan, and choosing focus skills.

use super::input;
use crate::analysis::plan::{self, Plan};
use crate::cli::PlanArgs;
use crate::content::{self, Skill};
use crate::model::Timestamp;
use crate::ui;
use anyhow::Result;
use std::io::{BufWriter, Write};

pub(super) fn run(vault: &crate::vault::Vault, args: PlanArgs) -> Result<()> {
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
    let partner = crate::config::partner(unlocked.state.settings.partner)?;
    if let Some(f) = focus {
        unlocked.state.settings.focus = f;
        unlocked.state.settings.updated_at = Some(Timestamp::now());
        unlocked.save()?;
    }
    let s = &unlocked.state;
    let p = plan::plan(
        &s.entries,
        s.settings.start,
        &s.settings.focus,
        as_of,
        partner,
    );
    let mut out = BufWriter::new(crate::ui::out::stdout());
    if args.json {
        crate::sanitize::json::to_writer_pretty(&mut out, &p)?;
        writeln!(out)?;
    } else {
        render(&mut out, &p, ui::width().min(100), ui::color_stdout())?;
    }
    out.flush()?;
    Ok(())
}

fn wrap_to<W: Write>(out: &mut W, indent: &str, text: &str, width: usize) -> std::io::Result<()> {
    for line in super::prompts::wrap(text, width.saturating_sub(ui::text_width(indent))) {
        writeln!(out, "{indent}{line}")?;
    }
    Ok(())
}

/// Writes lines laid out in plain text, with `lead` (the start of the first line)
/// in bold when colouring: the layout never counts escape codes as columns.
fn write_led<W: Write>(
    out: &mut W,
    lines: &[String],
    lead: &str,
    color: bool,
) -> std::io::Result<()> {
    let lead = lead.trim();
    for (i, line) in lines.iter().enumerate() {
        match line.strip_prefix(lead) {
            Some(rest) if i == 0 && !lead.is_empty() => {
                writeln!(out, "{}{rest}", ui::paint(color, ui::style::HEADING, lead))?
            }
            _ => writeln!(out, "{line}")?,
        }
    }
    Ok(())
}

/// `lead` then `phrase` (a command to type) on one line if they fit, else the phrase
/// whole on the next line; split between words only if even that is too narrow.
fn together(lead: &str, indent: &str, phrase: &str, width: usize) -> Vec<String> {
    if ui::text_width(lead) + ui::text_width(phrase) <= width {
        vec![format!("{lead}{phrase}")]
    } else if ui::text_width(indent) + ui::text_width(phrase) <= width {
        vec![lead.trim_end().to_string(), format!("{indent}{phrase}")]
    } else {
        let text = format!("{}{phrase}", lead.trim_start());
        super::prompts::wrap(&text, width.saturating_sub(ui::text_width(indent)))
            .into_iter()
            .map(|l| format!("{indent}{l}"))
            .collect()
    }
}

/// `text` with its first letter in lowercase, to follow a colon.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `  lead` then `text`, wrapped, the following lines indented by four columns.
fn hanging<W: Write>(out: &mut W, lead: &str, text: &str, width: usize) -> std::io::Result<()> {
    let lines = super::prompts::wrap(&format!("{lead}{text}"), width.saturating_sub(4));
    for (i, line) in lines.iter().enumerate() {
        writeln!(out, "{}{line}", if i == 0 { "  " } else { "    " })?;
    }
    Ok(())
}

/// The terminal plan.
pub(super) fn render<W: Write>(
    out: &mut W,
    p: &Plan,
    width: usize,
    color: bool,
) -> std::io::Result<()> {
    let h = |s: &str| ui::paint(color, ui::style::HEADING, s);
    let ph = &p.phase;
    writeln!(out, "{}", h(&format!("Phase {}: {}", ph.number, ph.name)))?;
    wrap_to(
        out,
        "  ",
        &format!(
            "Day {} since you began; {} {} free of lapses, {} in a row now.",
            p.days_since_start + 1,
            p.clean_days,
            if p.clean_days == 1 { "day" } else { "days" },
            p.current_days
        ),
        width,
    )?;
    wrap_to(out, "  ", ph.goal, width)?;
    writeln!(out)?;
    writeln!(out, "  What can come up now:")?;
    for c in ph.challenges {
        let lines = super::prompts::wrap(c, width.saturating_sub(6));
        for (i, l) in lines.iter().enumerate() {
            writeln!(out, "  {} {l}", if i == 0 { " -" } else { "  " })?;
        }
    }
    // A practice's name stays on the line of its id.
    let keys: Vec<(String, String)> = ph
        .key_practices
        .iter()
        .map(|id| match content::practice(id) {
            Some(x) => (x.name.to_string(), format!("({id})")),
            None => (id.to_string(), String::new()),
        })
        .collect();
    let mut lines = ui::wrap_items(
        "  Key practices: ",
        "  ",
        &keys,
        ",",
        width.saturating_sub(1),
    );
    if let Some(last) = lines.last_mut() {
        last.push('.');
    }
    write_led(out, &lines, "", color)?;
    let mut next = Vec::new();
    if let Some(d) = ph.days_to_next {
        next.push((
            format!(
                "{d} more {} free of lapses until phase {}",
                if d == 1 { "day" } else { "days" },
                ph.number + 1
            ),
            String::new(),
        ));
    }
    if let Some(m) = p.next_milestone {
        next.push((
            format!("next milestone: {m} days (in {})", m - p.current_days),
            String::new(),
        ));
    }
    if !next.is_empty() {
        let mut lines = ui::wrap_items("  ", "  ", &next, ";", width.saturating_sub(1));
        if let Some(last) = lines.last_mut() {
            last.push('.');
        }
        write_led(out, &lines, "", color)?;
    }
    wrap_to(out, "  ", ph.encouragement, width)?;
    if let Some(note) = p.note {
        wrap_to(out, "  ", note, width)?;
    }
    writeln!(out)?;

    if p.focus.is_empty() {
        wrap_to(
            out,
            "",
            "No focus skills chosen yet. `confide plan --focus SKILL` picks one:",
            width,
        )?;
        for s in Skill::ALL {
            hanging(out, &format!("{}: ", s.as_str()), s.definition(), width)?;
        }
    } else {
        let labels: Vec<(String, String)> = p
            .focus
            .iter()
            .filter_map(|s| Skill::parse(s))
            .map(|s| (s.label().to_string(), String::new()))
            .collect();
        let lead = "Your focus: ";
        write_led(
            out,
            &ui::wrap_items(lead, "  ", &labels, ",", width),
            lead,
            color,
        )?;
        for s in p.focus.iter().filter_map(|s| Skill::parse(s)) {
            hanging(out, &format!("{}: ", s.label()), s.definition(), width)?;
        }
    }
    writeln!(out)?;

    let lead = "Today's practice: ";
    let practice = [(p.practice.title.to_string(), format!("({})", p.practice.id))];
    write_led(
        out,
        &ui::wrap_items(lead, "  ", &practice, "", width),
        lead,
        color,
    )?;
    wrap_to(out, "  ", p.practice.text, width)?;
    if let (Some(skill), Some(definition)) = (
        p.practice.skill.and_then(Skill::parse),
        p.practice.skill_definition,
    ) {
        wrap_to(
            out,
            "  ",
            &format!(
                "It builds {}: {}",
                skill.label().to_lowercase(),
                lower_first(definition)
            ),
            width,
        )?;
    }
    if !p.practice.why.is_empty() {
        wrap_to(
            out,
            "  ",
            &format!("Why today: {}.", p.practice.why.join("; ")),
            width,
        )?;
    }
    let done = format!("`confide practice {}`", p.practice.id);
    write_led(out, &together("  Done it? ", "  ", &done, width), "", color)?;
    writeln!(out)?;
    let lead = "Today's reflection";
    let prompt = [(format!("({})", p.prompt.id), String::new())];
    let lines = ui::wrap_items(&format!("{lead} "), "  ", &prompt, "", width);
    write_led(out, &lines, lead, color)?;
    wrap_to(out, "  ", p.prompt.text, width)?;
    let answer = format!("`confide reflect --prompt {}`", p.prompt.id);
    write_led(
        out,
        &together("  Answer it: ", "  ", &answer, width),
        "",
        color,
    )?;
    Ok(())
}
