//! CSV tables (RFC 4180 via the `csv` crate, ISO 8601 times): urges, lapses, every
//! entry, and the summary figures. One file per table when exporting to a directory;
//! the entries table alone for a single `.csv` file.

use super::report::Report;
use crate::model::{Entry, EntryBody};
use std::io::Write;

/// The tables, by file name.
pub const TABLES: [&str; 4] = ["urges.csv", "lapses.csv", "entries.csv", "summary.csv"];

fn late(e: &Entry) -> &'static str {
    if Report::late(e) { "yes" } else { "no" }
}

/// Writes one table.
pub fn write_table<W: Write>(out: W, r: &Report, table: &str) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    match table {
        "urges.csv" => {
            w.write_record([
                "id",
                "occurred_at",
                "recorded_later",
                "intensity",
                "triggers",
                "halt",
                "coping",
                "outcome",
                "minutes",
                "note",
            ])?;
            for e in &r.entries {
                if let EntryBody::Urge(u) = &e.body {
                    let note = if r.text_allowed(e) {
                        u.note.clone().unwrap_or_default()
                    } else {
                        String::new()
                    };
                    w.write_record([
                        e.id.to_hex(),
                        e.occurred_at.to_rfc3339(),
                        late(e).into(),
                        u.intensity.to_string(),
                        u.triggers.join("; "),
                        u.halt.names().join("; "),
                        u.coping.join("; "),
                        u.outcome
                            .map(|o| o.as_str().to_string())
                            .unwrap_or_default(),
                        u.minutes.map(|m| m.to_string()).unwrap_or_default(),
                        note,
                    ])?;
                }
            }
        }
        "lapses.csv" => {
            // One row per lapse episode (the count the summary gives); the ids of all
            // its entries in `entries`, its lapses' notes and chain answers joined.
            w.write_record([
                "occurred_at",
                "recorded_later",
                "entries",
                "urge_intensity",
                "triggers",
                "note",
                "vulnerability",
                "prompting_event",
                "thoughts_feelings",
                "consequences",
                "next_time",
            ])?;
            for ep in &r.lapse_episodes {
                let first = ep.entries[0];
                let mut texts: [Vec<String>; 6] = Default::default();
                for (e, l) in ep.lapses() {
                    if !r.text_allowed(e) {
                        continue;
                    }
                    let chain = l.chain.clone().unwrap_or_default();
                    for (slot, v) in texts.iter_mut().zip([
                        &l.note,
                        &chain.vulnerability,
                        &chain.prompting_event,
                        &chain.thoughts_feelings,
                        &chain.consequences,
                        &chain.next_time,
                    ]) {
                        if let Some(v) = v {
                            slot.push(v.clone());
                        }
                    }
                }
                let mut row = vec![
                    ep.at.to_rfc3339(),
                    late(first).into(),
                    ep.entries
                        .iter()
                        .map(|e| e.id.to_hex())
                        .collect::<Vec<_>>()
                        .join("; "),
                    ep.urge()
                        .map(|(_, u)| u.intensity.to_string())
                        .unwrap_or_default(),
                    ep.triggers().join("; "),
                ];
                row.extend(texts.iter().map(|t| t.join("\n")));
                w.write_record(row)?;
            }
        }
        "entries.csv" => {
            w.write_record([
                "id",
                "kind",
                "occurred_at",
                "recorded_at",
                "recorded_later",
                "tags",
                "private",
                "intimacy",
                "mood",
                "emotions",
                "summary",
                "text",
            ])?;
            for e in &r.entries {
                let (mood, emotions) = match &e.body {
                    EntryBody::Journal(j) => (j.mood, j.emotions.join("; ")),
                    EntryBody::Checkin(c) => (c.mood, c.emotions.join("; ")),
                    _ => (None, String::new()),
                };
                let text = if r.text_allowed(e) {
                    e.body.texts().join("\n\n")
                } else {
                    String::new()
                };
                let summary = match &e.body {
                    EntryBody::Journal(_) | EntryBody::Reflection(_) => String::new(),
                    _ if !r.text_allowed(e) => structured_summary(e),
                    b => b.summary(),
                };
                w.write_record([
                    e.id.to_hex(),
                    e.body.kind().into(),
                    e.occurred_at.to_rfc3339(),
                    e.recorded_at.to_rfc3339(),
                    late(e).into(),
                    e.tags.join("; "),
                    e.private.to_string(),
                    e.intimacy
                        .map(|t| t.as_str().to_string())
                        .unwrap_or_default(),
                    mood.map(|m| m.to_string()).unwrap_or_default(),
                    emotions,
                    summary,
                    text,
                ])?;
            }
        }
        _ => {
            let s = &r.summary;
            w.write_record(["figure", "value"])?;
            let rows: Vec<(&str, String)> = vec![
                ("range_since", s.range.since.clone()),
                ("range_until", s.range.until.clone()),
                ("current_streak_days", s.streak.current_days.to_string()),
                ("longest_streak_days", s.streak.longest_days.to_string()),
                ("lapses_in_range", s.streak.lapses_in_range.to_string()),
                (
                    "clean_days_in_range",
                    s.streak.clean_days_in_range.to_string(),
                ),
                ("days_in_range", s.streak.days_in_range.to_string()),
                (
                    "counted_days_in_range",
                    s.streak.counted_days_in_range.to_string(),
                ),
                ("days_since_start", s.streak.days_since_start.to_string()),
                (
                    "clean_days_since_start",
                    s.streak.clean_days_since_start.to_string(),
                ),
                ("phase", format!("{} {}", s.phase.number, s.phase.name)),
                ("phase_clean_days", s.phase.clean_days.to_string()),
                ("urges", s.urges.total.to_string()),
                ("urges_resisted", s.urges.resisted.to_string()),
                ("urges_acted", s.urges.acted.to_string()),
                ("urges_no_outcome", s.urges.no_outcome.to_string()),
                (
                    "mean_intensity",
                    s.urges
                        .mean_intensity
                        .map(|m| m.to_string())
                        .unwrap_or_default(),
                ),
                (
                    "mean_mood",
                    s.mood.mean.map(|m| m.to_string()).unwrap_or_default(),
                ),
                ("practices", s.practices.total.to_string()),
                (
                    "days_with_practice",
                    s.practices.days_with_practice.to_string(),
                ),
                ("days_with_entries", r.days_with_entries.to_string()),
                ("private_entries_held_back", r.held_back_private.to_string()),
                (
                    "private_entries_left_out_of_figures",
                    r.private_left_out.to_string(),
                ),
                (
                    "note",
                    super::report::private_sentence(r.private_left_out).unwrap_or_default(),
                ),
            ];
            for (k, v) in rows {
                w.write_record([k, v.as_str()])?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// A one-line summary from structured fields only (no notes).
fn structured_summary(e: &Entry) -> String {
    match &e.body {
        EntryBody::Urge(u) => format!(
            "intensity {}{}",
            u.intensity,
            u.outcome
                .map(|o| format!(", {}", o.as_str()))
                .unwrap_or_default()
        ),
        EntryBody::Lapse(l) => format!(
            "lapse{}",
            if l.triggers.is_empty() {
                String::new()
            } else {
                format!(", triggers: {}", l.triggers.join(", "))
            }
        ),
        EntryBody::Practice(p) => p.practice_id.clone(),
        EntryBody::Checkin(c) => c
            .mood
            .map(|m| format!("mood {m}"))
            .unwrap_or_else(|| "check-in".into()),
        EntryBody::Journal(_) | EntryBody::Reflection(_) => String::new(),
    }
}
