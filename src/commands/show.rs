//! `confide show`: one entry in full.

use super::input;
use crate::cli::ShowArgs;
use crate::content;
use crate::export;
use crate::model::{Entry, EntryBody};
use crate::sanitize::{body, field};
use crate::vault::Vault;
use anyhow::Result;
use std::io::Write;

pub(super) fn run(vault: &Vault, args: ShowArgs) -> Result<()> {
    let unlocked = super::unlock(vault)?;
    let entries = &unlocked.state.entries;
    let index = input::resolve_index(entries, &args.id)?;
    let entry = &entries[index];
    let mut out = crate::ui::out::stdout();
    if args.json {
        crate::sanitize::json::to_writer_pretty(&mut out, &export::json::entry(entry))?;
        writeln!(out)?;
    } else {
        render(&mut out, entry)?;
        episode(&mut out, entries, index)?;
    }
    Ok(())
}

/// For a lapse or an urge acted on: the other entries of its episode, so a person
/// sees that they count as one lapse.
fn episode<W: Write>(out: &mut W, entries: &[Entry], index: usize) -> std::io::Result<()> {
    let eps = crate::analysis::episodes::episodes(entries);
    if eps.unresolved.contains(&index)
        && let EntryBody::Lapse(l) = &entries[index].body
        && let Some(p) = &l.of
    {
        writeln!(
            out,
            "\nThis lapse was written for `{}`, but no single urge or lapse has an id starting with it, \
             so it counts as a lapse of its own.",
            field(p)
        )?;
    }
    let Some(ep) = eps.of_entry(index) else {
        return Ok(());
    };
    let others: Vec<String> = ep
        .members
        .iter()
        .filter(|&&i| i != index)
        .map(|&i| format!("{} {}", entries[i].body.kind(), entries[i].id.short()))
        .collect();
    if !others.is_empty() {
        writeln!(
            out,
            "\nOne lapse, counted once, with: {}.",
            others.join(", ")
        )?;
    }
    Ok(())
}

/// The full, labelled view of one entry.
pub(super) fn render<W: Write>(out: &mut W, e: &Entry) -> std::io::Result<()> {
    writeln!(out, "{:<14}{}", "id", e.id.to_hex())?;
    writeln!(out, "{:<14}{}", "kind", e.body.kind())?;
    writeln!(out, "{:<14}{}", "when", human_time(e.occurred_at))?;
    details(out, e)
}

/// A moment as people read it, "Sat 1 Aug 2026, 23:30", in the entry's own offset.
pub(super) fn human_time(t: crate::model::Timestamp) -> String {
    export::report::human_time(t)
}

/// Everything of one entry but its id, kind and time: when it was written down and
/// edited, its labels, its texts in full, a chain analysis, check-in answers.
pub(super) fn details<W: Write>(out: &mut W, e: &Entry) -> std::io::Result<()> {
    // Every value is a single line, sanitised as a field; texts are sanitised as
    // bodies (line breaks and tabs kept).
    let line = |out: &mut W, label: &str, value: &str| writeln!(out, "{label:<14}{}", field(value));
    if e.recorded_at.unix_ms - e.occurred_at.unix_ms > export::json::BACKDATED_AFTER_MS {
        line(
            out,
            "recorded",
            &format!("{} (written down later)", human_time(e.recorded_at)),
        )?;
    }
    if let Some(t) = e.edited_at {
        line(out, "edited", &human_time(t))?;
    }
    if !e.tags.is_empty() {
        line(out, "tags", &e.tags.join(", "))?;
    }
    if let Some(t) = e.intimacy {
        line(out, "intimacy", t.label())?;
    }
    if e.private {
        line(out, "private", "yes (stays out of exports unless you ask)")?;
    }
    let list = |v: &[String]| v.join(", ");
    match &e.body {
        EntryBody::Journal(j) => {
            if let Some(m) = j.mood {
                line(out, "mood", &format!("{m}/10"))?;
            }
            if !j.emotions.is_empty() {
                line(out, "emotions", &list(&j.emotions))?;
            }
            writeln!(out, "\n{}", body(&j.text))?;
        }
        EntryBody::Urge(u) => {
            line(out, "intensity", &format!("{}/10", u.intensity))?;
            if !u.triggers.is_empty() {
                line(out, "triggers", &list(&u.triggers))?;
            }
            if !u.halt.is_empty() {
                line(out, "HALT", &u.halt.names().join(", "))?;
            }
            if !u.coping.is_empty() {
                line(out, "coping", &list(&u.coping))?;
            }
            if let Some(o) = u.outcome {
                line(out, "outcome", o.as_str())?;
            }
            if let Some(m) = u.minutes {
                line(out, "minutes", &m.to_string())?;
            }
            if !u.curve.is_empty() {
                // "0:00 7 · 2:00 8 · 4:00 5": minutes:seconds into the session, then
                // how strong it was.
                let points: Vec<String> = u
                    .curve
                    .iter()
                    .map(|p| format!("{}:{:02} {}", p.seconds / 60, p.seconds % 60, p.intensity))
                    .collect();
                line(out, "surfed", &points.join(" · "))?;
            }
            if let Some(n) = &u.note {
                writeln!(out, "\n{}", body(n))?;
            }
        }
        EntryBody::Lapse(l) => {
            if !l.triggers.is_empty() {
                line(out, "triggers", &list(&l.triggers))?;
            }
            if let Some(u) = l.urge {
                line(out, "with urge", &u.short())?;
            }
            if let Some(p) = &l.of {
                line(out, "adds to", &p.chars().take(8).collect::<String>())?;
            }
            if let Some(n) = &l.note {
                writeln!(out, "\n{}", body(n))?;
            }
            if let Some(c) = l.chain.as_ref().filter(|c| !c.is_empty()) {
                writeln!(out, "\nChain analysis")?;
                for (_, label, value) in c.fields() {
                    if let Some(v) = value {
                        writeln!(out, "  {label}:\n    {}", body(v))?;
                    }
                }
            }
        }
        EntryBody::Reflection(r) => {
            if let Some(p) = r.prompt_id.as_deref() {
                line(out, "prompt", p)?;
                if let Some(p) = content::prompt(p) {
                    writeln!(out, "\n{}", p.text)?;
                }
            }
            writeln!(out, "\n{}", body(&r.text))?;
        }
        EntryBody::Practice(p) => {
            match content::practice(&p.practice_id) {
                Some(c) => {
                    line(out, "practice", &format!("{} ({})", c.name, c.id))?;
                    line(out, "skill", c.skill.label())?;
                }
                None => line(out, "practice", &p.practice_id)?,
            }
            if let Some(n) = &p.note {
                writeln!(out, "\n{}", body(n))?;
            }
        }
        EntryBody::Checkin(c) => {
            if let Some(m) = c.mood {
                line(out, "mood", &format!("{m}/10"))?;
            }
            if !c.emotions.is_empty() {
                line(out, "emotions", &list(&c.emotions))?;
            }
            if let Some(u) = c.urges {
                line(out, "urges", &u.to_string())?;
            }
            if let Some(p) = &c.practice_id {
                line(out, "practice", p)?;
            }
            if let Some(a) = &c.appreciated {
                line(out, "appreciated", a)?;
            }
            if let Some(n) = &c.note {
                writeln!(out, "\n{}", body(n))?;
            }
        }
        EntryBody::Agenda(a) => {
            match a.done_at {
                Some(t) => line(out, "agenda", &format!("done {}", human_time(t)))?,
                None => line(out, "agenda", "open (to raise in your next session)")?,
            }
            writeln!(out, "\n{}", body(&a.text))?;
        }
    }
    Ok(())
}
