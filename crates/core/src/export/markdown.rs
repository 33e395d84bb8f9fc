//! The Markdown report: the same facts as the other formats, as headings and tables
//! that read well as plain text too.

use super::chains;
use super::report::Report;
use crate::content;
use crate::model::{Entry, EntryBody};
use std::io::{self, Write};

/// Escapes a table cell: pipes and line breaks would break the table.
fn cell(s: &str) -> String {
    prose(s).replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Free text as Markdown that shows what was written, and can neither run markup
/// nor load anything. First the sanitiser ([`crate::sanitize::body`]) shows every
/// control, C1 and bidirectional character as a visible escape (line breaks and
/// tabs kept); then backslashes are doubled and `[`, `]` and `<` escaped, so that
/// no link, image (`![...](...)`), reference definition, autolink (`<http://...>`)
/// or HTML tag can form; a `!` before a `[` is escaped too. Plain-text readers see
/// the text nearly as written.
fn prose(s: &str) -> String {
    let s = crate::sanitize::body(s);
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '[' | ']' | '<' => {
                out.push('\\');
                out.push(c);
            }
            '!' if chars.peek() == Some(&'[') => out.push_str("\\!"),
            c => out.push(c),
        }
    }
    out
}

fn when(e: &Entry) -> String {
    let mut s = super::report::human_time(e.occurred_at);
    if Report::late(e) {
        s.push_str(" (recorded later)");
    }
    s
}

/// Figures page 1 leaves out, and how every figure is defined.
fn summary_section<W: Write>(out: &mut W, r: &Report) -> io::Result<()> {
    let s = &r.summary;
    let st = &s.streak;
    writeln!(out, "\n## More figures\n")?;
    writeln!(out, "| Figure | Value |\n|---|---|")?;
    writeln!(
        out,
        "| Longest streak | {} |",
        super::report::days(st.longest_days.max(0) as usize)
    )?;
    writeln!(
        out,
        "| Phase | {} ({}), from {} clean days{} |",
        s.phase.number,
        s.phase.name,
        s.phase.clean_days,
        s.phase
            .days_to_next
            .map(|d| format!(
                "; the next phase after {} more clean",
                super::report::days(d.max(0) as usize)
            ))
            .unwrap_or_default()
    )?;
    if let (Some(a), Some(b)) = (s.mood.mean_on_other_days, s.mood.mean_on_urge_days) {
        let c = &s.mood.comparison;
        writeln!(
            out,
            "| Mood without / with urges, within the same weeks | {a:.1} / {b:.1} ({} and {} days, {} weeks) |",
            c.other_days, c.urge_days, c.weeks
        )?;
    }
    writeln!(
        out,
        "| Practices | {} on {}; reflections: {} |",
        s.practices.total,
        crate::export::report::days(s.practices.days_with_practice),
        s.practices.reflections
    )?;
    writeln!(out, "\n{}", super::report::DEFINITIONS)?;
    Ok(())
}

/// Page 1: the session sheet, the same content as the HTML's first page.
fn session_sheet<W: Write>(out: &mut W, r: &Report) -> io::Result<()> {
    let s = &r.session;
    let sum = &r.summary;
    match &r.options.name {
        Some(n) => writeln!(
            out,
            "# Session sheet: {}\n",
            cell(&super::session::display_name(n))
        )?,
        None => writeln!(out, "# Session sheet\n")?,
    }
    write!(out, "{}.", super::session::range_line(r))?;
    if let Some(c) = s.comparison() {
        write!(out, " {c}")?;
    }
    writeln!(out, "\n")?;
    if let Some(line) = super::report::private_sentence(r.private_left_out) {
        writeln!(out, "{line}\n")?;
    }
    writeln!(
        out,
        "| Figure | This period | Previous period | Change |\n|---|---|---|---|"
    )?;
    for l in &s.lines {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            l.label,
            cell(&l.now),
            cell(l.before.as_deref().unwrap_or("–")),
            l.change.text()
        )?;
    }
    writeln!(
        out,
        "| Since the start | {}; phase {} ({}), which a lapse never takes back | | |",
        super::report::since_start(&sum.streak),
        sum.phase.number,
        sum.phase.name
    )?;
    if !s.timeline.buckets.is_empty() {
        if s.timeline.weekly {
            writeln!(
                out,
                "\n## Timeline by week\n\n| Week | Days | Mood (days with a mood) | Urges | Lapse days | Reports |\n|---|---:|---|---:|---:|---:|"
            )?;
            for b in &s.timeline.buckets {
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} |",
                    b.start.format("%a %-d %b %Y"),
                    b.days,
                    b.mood
                        .map(|m| format!("{m:.1} ({})", b.mood_days))
                        .unwrap_or_else(|| "–".into()),
                    b.urges,
                    b.lapse_days,
                    b.reports
                )?;
            }
        } else if r.options.summary_only {
            // No day-by-day table follows: the timeline is given here.
            writeln!(
                out,
                "\n## Timeline by day\n\n| Day | Mood | Urges | Lapse | Reports |\n|---|---|---:|---|---:|"
            )?;
            for b in &s.timeline.buckets {
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    super::report::human_date(b.start),
                    b.mood
                        .map(|m| format!("{m:.1}"))
                        .unwrap_or_else(|| "–".into()),
                    b.urges,
                    if b.lapse_days > 0 { "lapse" } else { "" },
                    b.reports
                )?;
            }
        } else {
            writeln!(
                out,
                "\n## Timeline\n\nDay by day, mood, urges and lapses are in the table \"Day by day\" below."
            )?;
        }
    }
    writeln!(out, "\n## Flags\n")?;
    for f in super::session::flag_lines(s) {
        writeln!(out, "- {}", cell(&f))?;
    }
    writeln!(out, "\n## Agenda\n")?;
    if r.agenda.is_empty() {
        writeln!(out, "No open points.")?;
    }
    for (e, text) in super::report::agenda_points(r) {
        writeln!(
            out,
            "- {} ({}{})",
            cell(text),
            super::report::human_time(e.occurred_at),
            if e.private { ", private" } else { "" }
        )?;
    }
    if let Some(n) = &s.new_since {
        writeln!(out, "\n**{}**", n.sentence())?;
    }
    writeln!(out, "\n{}", super::session::about(r))?;
    Ok(())
}

/// When and why urges come, and what helps.
fn patterns_section<W: Write>(out: &mut W, r: &Report) -> io::Result<()> {
    let s = &r.summary;
    let u = &s.urges;
    writeln!(out, "\n## Patterns")?;
    grid_text(out, r)?;
    if !u.triggers.is_empty() {
        writeln!(
            out,
            "\n**Triggers** (urges, and how they ended)\n\n| Trigger | Urges | Resisted | Acted on | No outcome |\n|---|---:|---:|---:|---:|"
        )?;
        for t in &u.triggers {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&t.name),
                t.count,
                t.resisted,
                t.acted,
                t.no_outcome
            )?;
        }
    }
    if !u.coping.is_empty() {
        writeln!(
            out,
            "\n**Coping** (urges where it was used, and how they ended)\n\n| Strategy | Used | Resisted | Acted on | No outcome |\n|---|---:|---:|---:|---:|"
        )?;
        for c in &u.coping {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&c.name),
                c.count,
                c.resisted,
                c.acted,
                c.no_outcome
            )?;
        }
    }
    if !u.halt.is_empty() {
        let list: Vec<String> = u
            .halt
            .iter()
            .map(|h| format!("{} {}", h.name, h.count))
            .collect();
        writeln!(out, "\n**HALT:** {}", list.join(", "))?;
    }
    if !s.emotions.is_empty() {
        let list: Vec<String> = s
            .emotions
            .iter()
            .map(|e| format!("{} {}", cell(&e.name), e.count))
            .collect();
        writeln!(out, "\n**Emotions named:** {}", list.join(", "))?;
    }
    let skills = crate::analysis::review::nonzero(&s.practices.by_skill);
    if !skills.is_empty() {
        writeln!(out, "\n**Practice by skill:** {}", skills.join(", "))?;
    }
    let types = crate::analysis::review::nonzero(&s.practices.by_type);
    if !types.is_empty() {
        writeln!(out, "\n**By intimacy type:** {}", types.join(", "))?;
    }
    if !s.insights.is_empty() {
        writeln!(out, "\n**What the record shows**\n")?;
        for i in &s.insights {
            writeln!(out, "- {}", cell(i))?;
        }
    }
    Ok(())
}

/// A cell of the lapse table (or the sentence above it) as Markdown: a recurring
/// value bold, with a marker and its count, as in the HTML.
fn cell_md(c: &chains::Cell) -> String {
    let items = c.items.iter().map(|item| match item {
        chains::Item::Words(w) | chains::Item::Date(w) => cell(w),
        chains::Item::Text {
            text,
            recurring: Some((k, of)),
        } => format!("**\u{25c6} {}** (in {k} of {of})", cell(text)),
        chains::Item::Text { text, .. } => cell(text),
        chains::Item::Marked(text) => format!("**\u{25c6} {}**", cell(text)),
        chains::Item::Held => "(not included)".into(),
    });
    match c.join {
        chains::Join::Comma => items.collect::<Vec<_>>().join(", "),
        chains::Join::Lines => items.collect::<Vec<_>>().join(" / "),
        chains::Join::Run => items.collect(),
    }
}

/// The lapse episodes, their chain analyses side by side: up to four episodes as
/// columns (the links as rows), more as one row each (the links as columns), like
/// the HTML.
fn lapses_section<W: Write>(out: &mut W, r: &Report) -> io::Result<()> {
    writeln!(out, "\n## Lapses\n")?;
    let n = r.lapse_episodes.len();
    if n == 0 {
        writeln!(out, "No lapses in this range.")?;
        return Ok(());
    }
    let rec = chains::recurring(&r.lapse_episodes, |e| r.chain_text_allowed(e));
    if let Some(c) = chains::recurring_sentence(&rec, n) {
        writeln!(out, "{}\n", cell_md(&c))?;
    }
    let all: Vec<_> = (0..n).map(|i| chains::episode_rows(r, i, &rec)).collect();
    let used = chains::filled_rows(&all);
    let whens: Vec<String> = r
        .lapse_episodes
        .iter()
        .map(|ep| when(ep.entries[0]))
        .collect();
    if n <= 4 {
        writeln!(out, "| Episode | {} |", whens.join(" | "))?;
        writeln!(out, "|---|{}", "---|".repeat(n))?;
        for (k, (head, _)) in all[0].iter().enumerate().filter(|(k, _)| used[*k]) {
            let cells: Vec<String> = all.iter().map(|rows| cell_md(&rows[k].1)).collect();
            writeln!(out, "| {head} | {} |", cells.join(" | "))?;
        }
    } else {
        let link_heads: Vec<&str> = chains::LINKS.iter().map(|(_, h)| *h).collect();
        writeln!(out, "| Episode | {} |", link_heads.join(" | "))?;
        writeln!(out, "|---|{}", "---|".repeat(link_heads.len()))?;
        for (rows, w) in all.iter().zip(&whens) {
            let mut first = vec![w.clone()];
            first.extend(
                rows.iter()
                    .filter(|(head, c)| !chains::is_link_row(head) && !c.is_empty())
                    .map(|(head, c)| format!("{head}: {}", cell_md(c))),
            );
            let rest: Vec<String> = rows
                .iter()
                .filter(|(head, _)| chains::is_link_row(head))
                .map(|(_, c)| cell_md(c))
                .collect();
            writeln!(out, "| {} | {} |", first.join(" · "), rest.join(" | "))?;
        }
    }
    writeln!(out, "\n{}", chains::table_note(r))?;
    Ok(())
}

/// The day grid as text: one line per week from the week start, each day the
/// rounded mood (`·` for none) and `x` for a lapse, a blank for a day outside the
/// range; a key and the summary follow.
fn grid_text<W: Write>(out: &mut W, r: &Report) -> io::Result<()> {
    if r.daily.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\n**Mood by day** (one line per week: the day's mood, rounded; `x` a lapse; `·` no mood logged)\n"
    )?;
    writeln!(out, "```text")?;
    let names: Vec<String> = chains::weekday_names(r.options.week_start)
        .iter()
        .map(|n| format!("{:>2} ", &n[..2]))
        .collect();
    writeln!(out, "{:<11}{}", "week of", names.concat().trim_end())?;
    for w in chains::weeks(&r.daily, r.options.week_start) {
        let days: String = w
            .days
            .iter()
            .map(|d| match d {
                None => "   ".to_string(),
                Some(d) => format!(
                    "{:>2}{}",
                    d.mood
                        .map(|m| chains::mood_digit(m).to_string())
                        .unwrap_or_else(|| "\u{b7}".into()),
                    if d.lapse { 'x' } else { ' ' }
                ),
            })
            .collect();
        writeln!(
            out,
            "{:<11}{}",
            w.start.format("%a %-d %b").to_string(),
            days.trim_end()
        )?;
    }
    writeln!(out, "```\n\n{}", chains::grid_summary(&r.daily))?;
    Ok(())
}

/// Writes the report.
pub fn write<W: Write>(out: &mut W, r: &Report) -> io::Result<()> {
    session_sheet(out, r)?;
    if !r.options.summary_only {
        lapses_section(out, r)?;
    }
    patterns_section(out, r)?;
    summary_section(out, r)?;
    if r.options.summary_only {
        return Ok(());
    }
    writeln!(out, "\n## Day by day\n")?;
    if r.daily.len() < r.days_in_range {
        writeln!(
            out,
            "The last {} days of the range; the summary covers all of it.\n",
            r.daily.len()
        )?;
    }
    writeln!(
        out,
        "| Day | Mood | Emotions | Urges | At check-in | Lapse | Practice | Marks |\n|---|---:|---|---:|---:|---|---:|---|"
    )?;
    for d in &r.daily {
        let mut marks = Vec::new();
        if d.note {
            marks.push("note");
        }
        if d.private {
            marks.push("private");
        }
        let urges = match d.mean_intensity {
            Some(m) if d.urges > 0 => format!("{} (int. {m:.1})", d.urges),
            _ => d.urges.to_string(),
        };
        writeln!(
            out,
            "| {} | {} | {} | {urges} | {} | {} | {} | {} |",
            super::report::human_date(d.date),
            d.mood.map(|m| format!("{m:.1}")).unwrap_or_default(),
            cell(&d.emotions.join(", ")),
            d.checkin_urges.map(|u| u.to_string()).unwrap_or_default(),
            if d.lapse { "lapse" } else { "" },
            if d.practices > 0 {
                d.practices.to_string()
            } else {
                String::new()
            },
            marks.join(", ")
        )?;
    }

    // The free text the person chose to include (urge and lapse notes are above).
    writeln!(out, "\n## Entries\n")?;
    let mut any = false;
    for e in r
        .entries
        .iter()
        .filter(|e| !matches!(e.body, EntryBody::Lapse(_)))
        .filter(|e| r.text_allowed(e) || matches!(e.body, EntryBody::Reflection(_)))
    {
        let mut body: Vec<String> = Vec::new();
        match &e.body {
            EntryBody::Journal(j) => body.push(prose(&j.text)),
            EntryBody::Reflection(rf) => {
                if let Some(p) = rf.prompt_id.as_deref().and_then(content::prompt) {
                    body.push(format!("> {}", p.text));
                }
                if r.text_allowed(e) {
                    body.push(prose(&rf.text));
                } else {
                    body.push("(answer not included)".into());
                }
            }
            EntryBody::Practice(p) => {
                if let Some(n) = p.note.as_deref().filter(|n| !n.trim().is_empty()) {
                    let name = content::practice(&p.practice_id)
                        .map(|x| x.name)
                        .unwrap_or(&p.practice_id);
                    body.push(format!("{}: {}", cell(name), prose(n)));
                }
            }
            EntryBody::Checkin(c) => {
                if let Some(a) = c.appreciated.as_deref().filter(|a| !a.trim().is_empty()) {
                    body.push(format!("Appreciated: {}", prose(a)));
                }
                if let Some(n) = c.note.as_deref().filter(|n| !n.trim().is_empty()) {
                    body.push(prose(n));
                }
            }
            EntryBody::Agenda(a) => {
                if a.done_at.is_some() {
                    body.push("Agenda point, done.".into());
                }
                body.push(prose(&a.text));
            }
            EntryBody::Urge(u) => {
                if let Some(n) = u.note.as_deref().filter(|n| !n.trim().is_empty()) {
                    body.push(format!(
                        "Intensity {}{}: {}",
                        u.intensity,
                        u.outcome
                            .map(|o| format!(", {}", o.as_str()))
                            .unwrap_or_default(),
                        prose(n)
                    ));
                }
            }
            EntryBody::Lapse(_) => {}
        }
        if body.is_empty() {
            continue;
        }
        any = true;
        let tags = if e.tags.is_empty() {
            String::new()
        } else {
            format!(" — tags: {}", cell(&e.tags.join(", ")))
        };
        let kind_type = e
            .intimacy
            .map(|t| format!(" ({} intimacy)", t.as_str()))
            .unwrap_or_default();
        let private = if e.private { " · private" } else { "" };
        writeln!(
            out,
            "### {} · {}{kind_type}{private}{tags}\n\n{}\n",
            when(e),
            e.body.kind(),
            body.join("\n\n")
        )?;
    }
    if !any {
        writeln!(out, "No free text is included for this range.")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{cell, prose};

    #[test]
    fn markup_in_text_stays_text() {
        assert_eq!(prose("a <b>b</b> < 3 \\ x"), "a \\<b>b\\</b> \\< 3 \\\\ x");
        assert_eq!(cell("one | two\nthree"), "one \\| two three");
        // Controls and direction overrides show as visible escapes (whose
        // backslash Markdown needs doubled).
        assert_eq!(
            prose("a\u{0}b\u{202e}c\u{1b}[2J"),
            "a\\\\u{0}b\\\\u{202e}c\\\\e\\[2J"
        );
    }

    #[test]
    fn nothing_can_link_or_load() {
        assert_eq!(
            prose("![x](http://evil.example/a.png) and [x](http://evil.example)"),
            "\\!\\[x\\](http://evil.example/a.png) and \\[x\\](http://evil.example)"
        );
        assert_eq!(prose("<http://evil.example>"), "\\<http://evil.example>");
        assert_eq!(
            prose("[ref]: http://evil.example"),
            "\\[ref\\]: http://evil.example"
        );
        assert_eq!(prose("Wow! [sic]"), "Wow! \\[sic\\]");
        assert_eq!(
            cell("![x](http://e.example/a.png)"),
            "\\!\\[x\\](http://e.example/a.png)"
        );
    }
}
