//! `confide review`: the streak, phase, patterns and insights for a range, drawn for
//! the terminal (80 columns, plain characters, colour only when wanted) or as JSON.

use super::input;
use crate::analysis::review::{self, Request, Review};
use crate::cli::ReviewArgs;
use crate::model::Timestamp;
use crate::ui::{self, charts};
use anyhow::Result;
use std::io::{BufWriter, Write};

pub(super) fn run(vault: &crate::vault::Vault, args: ReviewArgs) -> Result<()> {
    // Settings resolved once, here; the analysis and the renderer take them as
    // arguments.
    let settings = crate::config::get();
    let week_start = settings.week_start.unwrap_or(chrono::Weekday::Mon);
    let as_of = match &args.as_of {
        Some(s) => input::when("--as-of", s)?,
        None => Timestamp::now(),
    };
    let since = match &args.since {
        Some(s) => input::when("--since", s)?,
        None => match settings.review_days {
            Some(days) => review::since_days(as_of, days),
            None => review::default_since(as_of),
        },
    };
    let until = match &args.until {
        Some(s) => input::when_until("--until", s)?,
        None => as_of,
    };
    if since.unix_ms > until.unix_ms.min(as_of.unix_ms) {
        return Err(crate::error::usage(
            "--since is after --until (or after --as-of); give an earlier --since",
        ));
    }
    // The review reads no free text: entries stream past with theirs wiped, so a
    // large vault's text is never all held at once.
    let mut entries = Vec::new();
    // The session sheet shows agenda points, and counts chain analyses: those keep
    // their text (they are few).
    let keep = |e: &crate::model::Entry| {
        args.session
            && matches!(
                e.body,
                crate::model::EntryBody::Agenda(_) | crate::model::EntryBody::Lapse(_)
            )
    };
    // And it reads only the entries in the range, and every urge and lapse (lapse
    // episodes, and so the streak, reach back to the start): the rest are dropped
    // as they pass, and an urge from before the range keeps only what the episodes
    // read. The session sheet, a report, keeps them all.
    let all = args.session || keep_all();
    let last = until.unix_ms.min(as_of.unix_ms);
    let streamed = super::unlock_streaming(vault, &mut |mut e| {
        let in_range = e.occurred_at.unix_ms >= since.unix_ms && e.occurred_at.unix_ms <= last;
        if !all && !in_range {
            match &e.body {
                crate::model::EntryBody::Urge(_) => only_for_episodes(&mut e),
                crate::model::EntryBody::Lapse(_) => {}
                _ => return,
            }
        }
        if !keep(&e) {
            e.forget_free_text();
        }
        entries.push(e);
    })?;
    let req = Request {
        start: streamed.state.settings.start,
        since,
        until: Timestamp {
            unix_ms: until.unix_ms.min(as_of.unix_ms),
            ..until
        },
        as_of,
        week_start,
    };
    if args.session {
        return session(&entries, req, &streamed.state.exports);
    }
    let r = review::review(&entries, req);
    let mut out = BufWriter::new(crate::ui::out::stdout());
    if args.json {
        crate::sanitize::json::to_writer_pretty(&mut out, &r)?;
        writeln!(out)?;
    } else {
        let view = View {
            width: ui::width().min(100),
            color: ui::color_stdout(),
            week_start,
            partner: crate::config::partner(streamed.state.settings.partner)?,
        };
        render(&mut out, &r, &view)?;
    }
    out.flush()?;
    Ok(())
}

/// In debug builds `CONFIDE_TEST_REVIEW_KEEP_ALL` keeps every entry, so a test can
/// check that what is dropped changes no figure. Release builds have no such hook.
fn keep_all() -> bool {
    #[cfg(debug_assertions)]
    if std::env::var_os("CONFIDE_TEST_REVIEW_KEEP_ALL").is_some() {
        return true;
    }
    false
}

/// An urge from before the range: the lapse episodes (and so the streak) read only
/// its id, times and outcome, so its tags and lists are wiped and freed.
fn only_for_episodes(e: &mut crate::model::Entry) {
    use zeroize::Zeroize;
    fn gone<T: Zeroize>(v: &mut Vec<T>) {
        v.zeroize();
        *v = Vec::new();
    }
    gone(&mut e.tags);
    if let crate::model::EntryBody::Urge(u) = &mut e.body {
        gone(&mut u.triggers);
        gone(&mut u.coping);
        gone(&mut u.curve);
    }
}

/// `review --session`: page 1 of the report a default export would give, at 80
/// columns (narrower terminals get 60 at least; lines are cut, never wrapped).
fn session(
    entries: &[crate::model::Entry],
    req: Request,
    exports: &[crate::model::envelope::ExportRecord],
) -> Result<()> {
    use crate::export::report;
    let r = report::build(
        entries,
        report::Options {
            summary_only: true,
            week_start: req.week_start,
            // Your own view: the last export to anyone, from the end of what it
            // covered (an export says the same of the last one to its recipients).
            last_report: exports
                .iter()
                .filter(|e| e.written_at.unix_ms <= req.as_of.unix_ms)
                .max_by_key(|e| e.written_at.unix_ms)
                .map(|e| crate::export::report::LastReport {
                    covered_until: e.until,
                    written_at: e.written_at,
                }),
            report_dates: exports.iter().map(|e| e.written_at).collect(),
            local_midnight: Some(super::input::local_midnight),
            ..report::Options::new(req.since, req.until, req.start, req.as_of)
        },
    );
    let mut out = BufWriter::new(crate::ui::out::stdout());
    for line in crate::export::session::text(&r, ui::width().min(80)) {
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}

fn plural(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The review with every name a person gave (triggers, coping, feelings) and the
/// insights that quote them sanitised as fields, before anything is measured or cut.
fn shown(r: &Review) -> Review {
    use crate::sanitize::field;
    let mut r = r.clone();
    let names = r
        .emotions
        .iter_mut()
        .chain(r.urges.halt.iter_mut())
        .map(|n| &mut n.name)
        .chain(r.urges.triggers.iter_mut().map(|n| &mut n.name))
        .chain(r.urges.coping.iter_mut().map(|n| &mut n.name))
        .chain(r.insights.iter_mut());
    for name in names {
        if let std::borrow::Cow::Owned(safe) = field(name) {
            *name = safe;
        }
    }
    r
}

/// How the terminal report is laid out: settings resolved by the command, passed in
/// (the renderer reads no configuration).
#[derive(Clone, Copy, Debug)]
pub(super) struct View {
    /// Columns to fit.
    pub(super) width: usize,
    /// Colours on.
    pub(super) color: bool,
    /// The first day of a week, for the weekly rows.
    pub(super) week_start: chrono::Weekday,
    /// The partner setting, for the suggestion about quiet kinds of intimacy.
    pub(super) partner: crate::content::Partner,
}

/// The terminal report.
pub(super) fn render<W: Write>(out: &mut W, r: &Review, view: &View) -> std::io::Result<()> {
    let View {
        width,
        color,
        week_start,
        ..
    } = *view;
    let r = &shown(r);
    let h = |s: &str| ui::paint(color, ui::style::HEADING, s);
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let first = day(r.span.map(|(first, _)| first));
    let last = day(r.days.last().map(|d| d.date));
    writeln!(out, "{}  {first} to {last}", h("Your review"))?;
    writeln!(out, "(as of {})", r.as_of.to_minute())?;
    writeln!(out)?;

    let s = &r.streak;
    writeln!(out, "{}", h("Streak"))?;
    writeln!(
        out,
        "  Current streak   {:<14}Longest streak  {}",
        plural(s.current_days, "day", "days"),
        plural(s.longest_days, "day", "days")
    )?;
    writeln!(
        out,
        "  In this range    {} without a lapse, {}",
        format_args!(
            "{} of {} days",
            s.clean_days_in_range, s.counted_days_in_range
        ),
        plural(s.lapses_in_range as i64, "lapse", "lapses"),
    )?;
    if s.counted_days_in_range < s.days_in_range {
        writeln!(
            out,
            "                   (the {} before you began count in no figure)",
            plural(
                (s.days_in_range - s.counted_days_in_range) as i64,
                "day",
                "days"
            )
        )?;
    }
    writeln!(
        out,
        "  Since you began  today is day {}; {} of those free of lapses",
        s.days_since_start + 1,
        s.clean_days_since_start
    )?;
    writeln!(out)?;

    let p = &r.phase;
    writeln!(
        out,
        "{}  (from {})",
        h(&format!("Phase {}: {}", p.number, p.name)),
        plural(p.clean_days, "clean day", "clean days")
    )?;
    for line in super::prompts::wrap(p.goal, width.saturating_sub(2)) {
        writeln!(out, "  {line}")?;
    }
    let mut next = Vec::new();
    if let Some(d) = p.days_to_next {
        next.push(format!(
            "{d} more {} until phase {}",
            if d == 1 { "clean day" } else { "clean days" },
            p.number + 1
        ));
    }
    if let Some(m) = p.next_milestone {
        next.push(format!(
            "streak milestone: {m} days (in {})",
            plural(m - s.current_days, "day", "days")
        ));
    }
    if !next.is_empty() {
        writeln!(out, "  {}", next.join("; "))?;
    }
    writeln!(out)?;

    let u = &r.urges;
    writeln!(out, "{}", h("Urges"))?;
    if u.total == 0 {
        writeln!(out, "  No urges logged in this range.")?;
    } else {
        let mut parts = vec![
            format!("{} in all: {} resisted", u.total, u.resisted),
            format!("{} acted on", u.acted),
        ];
        if u.no_outcome > 0 {
            parts.push(format!("{} with no outcome recorded", u.no_outcome));
        }
        if let Some(m) = u.mean_intensity {
            parts.push(format!("mean intensity {m:.1}"));
        }
        write_lines(out, &ui::wrap_items("  ", "  ", &bare(parts), ",", width))?;
        if u.weekly_intensity.len() > 1 {
            heading(out, "Weekly mean intensity (urges that week)", width)?;
            weekly(out, &u.weekly_intensity, width)?;
        }
        urge_chart(out, r, width, week_start)?;
        writeln!(out, "  By hour   0     6     12    18   23")?;
        let max = u.heatmap.iter().flatten().copied().max().unwrap_or(0);
        for (i, day) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
            .iter()
            .enumerate()
        {
            let row: String = u.heatmap[i]
                .iter()
                .map(|&v| charts::shade(v, max))
                .collect();
            writeln!(out, "  {day}       {row}")?;
        }
        outcome_tables(
            out,
            &[("Triggers", &u.triggers), ("What you tried", &u.coping)],
            width,
        )?;
        if !u.halt.is_empty() {
            let items = counted(u.halt.iter().map(|x| (x.name.as_str(), x.count)));
            write_lines(
                out,
                &ui::wrap_items("  HALT      ", "            ", &items, ",", width),
            )?;
        }
        if let Some(sf) = &u.surfing {
            let text = crate::analysis::surfing::sentence(sf);
            for line in super::prompts::wrap(&text, width.saturating_sub(2)) {
                writeln!(out, "  {line}")?;
            }
        }
    }
    writeln!(out)?;

    writeln!(out, "{}", h("Mood and feelings"))?;
    match r.mood.mean {
        Some(m) => {
            let mut parts = vec![format!(
                "Mean mood {m:.1} ({})",
                plural(r.mood.entries as i64, "entry", "entries")
            )];
            if let (Some(a), Some(b)) = (r.mood.mean_on_other_days, r.mood.mean_on_urge_days) {
                parts.push(format!("{a:.1} on days without urges, {b:.1} with"));
            }
            write_lines(out, &ui::wrap_items("  ", "  ", &bare(parts), ";", width))?;
            if r.mood.weekly.len() > 1 {
                heading(out, "Weekly mean mood (entries that week)", width)?;
                weekly(out, &r.mood.weekly, width)?;
            }
        }
        None => writeln!(out, "  No mood recorded in this range.")?,
    }
    if !r.emotions.is_empty() {
        let items = counted(
            r.emotions
                .iter()
                .take(8)
                .map(|e| (e.name.as_str(), e.count)),
        );
        write_lines(
            out,
            &ui::wrap_items("  Named most: ", "    ", &items, ",", width),
        )?;
    }
    writeln!(out)?;

    let pr = &r.practices;
    writeln!(out, "{}", h("Practices and reflections"))?;
    let parts = vec![
        format!(
            "{} on {}",
            plural(pr.total as i64, "practice", "practices"),
            plural(pr.days_with_practice as i64, "day", "days")
        ),
        plural(pr.reflections as i64, "reflection", "reflections"),
    ];
    write_lines(out, &ui::wrap_items("  ", "  ", &bare(parts), ",", width))?;
    let nonzero = |map: &std::collections::BTreeMap<&'static str, usize>| {
        counted(map.iter().filter(|(_, n)| **n > 0).map(|(k, n)| (*k, *n)))
    };
    let skills = nonzero(&pr.by_skill);
    if !skills.is_empty() {
        write_lines(
            out,
            &ui::wrap_items("  By skill: ", "    ", &skills, ",", width),
        )?;
    }
    let types = nonzero(&pr.by_type);
    if !types.is_empty() {
        write_lines(
            out,
            &ui::wrap_items("  By intimacy type: ", "    ", &types, ",", width),
        )?;
    }
    if let Some(suggestion) =
        crate::analysis::insights::quiet_types_suggestion(&pr.quiet_types, view.partner)
    {
        for line in super::prompts::wrap(&suggestion, width.saturating_sub(2)) {
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(out)?;

    let legend = "(■ no lapse, ✕ lapse, · before you began)";
    if ui::text_width("Calendar  ") + ui::text_width(legend) <= width {
        writeln!(out, "{}  {legend}", h("Calendar"))?;
    } else {
        writeln!(out, "{}", h("Calendar"))?;
        for line in super::prompts::wrap(legend, width.saturating_sub(2)) {
            writeln!(out, "  {line}")?;
        }
    }
    calendar(out, r, width, color, week_start)?;
    writeln!(out)?;

    if !r.insights.is_empty() {
        writeln!(out, "{}", h("What the record shows"))?;
        for i in &r.insights {
            let lines = super::prompts::wrap(i, width.saturating_sub(4));
            for (n, line) in lines.iter().enumerate() {
                writeln!(out, "  {} {line}", if n == 0 { "-" } else { " " })?;
            }
        }
    }
    Ok(())
}

/// A sub-heading, wrapped if the terminal is narrow.
fn heading<W: Write>(out: &mut W, text: &str, width: usize) -> std::io::Result<()> {
    for line in super::prompts::wrap(text, width.saturating_sub(2)) {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

fn write_lines<W: Write>(out: &mut W, lines: &[String]) -> std::io::Result<()> {
    for line in lines {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Items without a count, for [`ui::wrap_items`].
fn bare(parts: Vec<String>) -> Vec<(String, String)> {
    parts.into_iter().map(|p| (p, String::new())).collect()
}

/// "name count" items, for [`ui::wrap_items`].
fn counted<'a>(items: impl Iterator<Item = (&'a str, usize)>) -> Vec<(String, String)> {
    items.map(|(n, c)| (n.to_string(), c.to_string())).collect()
}

fn weekday_name(d: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    match d {
        Mon => "Monday",
        Tue => "Tuesday",
        Wed => "Wednesday",
        Thu => "Thursday",
        Fri => "Friday",
        Sat => "Saturday",
        Sun => "Sunday",
    }
}

/// Weekly means with the count behind each ("Nov 2  6.1 (20)"), in columns.
fn weekly<W: Write>(out: &mut W, weeks: &[review::WeekMean], width: usize) -> std::io::Result<()> {
    use chrono::Datelike;
    let dates: Vec<chrono::NaiveDate> = weeks.iter().map(|w| w.week).collect();
    // Month and day, unless the weeks run over a new year.
    let one_year = dates.windows(2).all(|p| p[0].year() == p[1].year());
    let labels: Vec<String> = dates
        .iter()
        .map(|d| {
            if one_year {
                d.format("%b %-d").to_string()
            } else {
                d.to_string()
            }
        })
        .collect();
    let means: Vec<String> = weeks.iter().map(|w| format!("{:.1}", w.mean)).collect();
    let label_w = labels.iter().map(|l| ui::text_width(l)).max().unwrap_or(0);
    let mean_w = means.iter().map(String::len).max().unwrap_or(0);
    let cells: Vec<String> = weeks
        .iter()
        .zip(labels.iter().zip(&means))
        .map(|(w, (l, m))| format!("{}  {m:>mean_w$} ({})", ui::pad(l, label_w), w.count))
        .collect();
    write_lines(out, &ui::columns(&cells, "    ", 4, width))
}

/// Urges per day over the whole range, or per week (or per few weeks) when the
/// days do not fit the width; labelled with the range's first and last date and
/// with what the tallest bar stands for.
fn urge_chart<W: Write>(
    out: &mut W,
    r: &Review,
    width: usize,
    start: chrono::Weekday,
) -> std::io::Result<()> {
    use chrono::Datelike;
    // From the range's days and the days with urges: nothing here grows with the
    // length of the range beyond the width.
    let Some((first, last)) = r.span else {
        return Ok(());
    };
    let count = |d: chrono::NaiveDate| r.urges_by_day.get(&d).copied().unwrap_or(0);
    let n_days = usize::try_from((last - first).num_days() + 1).unwrap_or(0);
    let indent = "    ";
    let room = width.saturating_sub(indent.len()).max(1);
    let (marks, unit) = if n_days <= room {
        (
            first
                .iter_days()
                .take(n_days)
                .map(count)
                .collect::<Vec<_>>(),
            None,
        )
    } else {
        // Calendar weeks, as in the weekly figures and the calendar; several to a
        // mark if even the weeks do not fit.
        let origin = review::week_of(first, start);
        let week = |d: chrono::NaiveDate| ((d - origin).num_days() / 7) as usize;
        let weeks = week(last) + 1;
        let per = weeks.div_ceil(room);
        let mut marks = vec![0; weeks.div_ceil(per)];
        for (d, n) in r.urges_by_day.range(first..=last) {
            marks[week(*d) / per] += n;
        }
        (marks, Some(per))
    };
    let tallest = marks.iter().copied().max().unwrap_or(0);
    let what = match unit {
        None => "Urges per day".to_string(),
        Some(1) => format!(
            "Urges per week ({} to {})",
            weekday_name(start),
            weekday_name(start.pred())
        ),
        Some(n) => format!("Urges per {n} weeks (each from a {})", weekday_name(start)),
    };
    let heading = if tallest == 0 {
        // Urges whose own date falls just outside the range's days (other offsets).
        format!("{what}; none on these days")
    } else {
        format!(
            "{what}; the tallest bar stands for {}",
            plural(tallest as i64, "urge", "urges")
        )
    };
    self::heading(out, &heading, width)?;
    writeln!(out, "{indent}{}", charts::sparkline(&marks).trim_end())?;
    let label = |d: chrono::NaiveDate| format!("{} {d}", d.weekday());
    let dates = if n_days == 1 {
        label(first)
    } else {
        charts::ends(&label(first), &label(last), marks.len())
    };
    writeln!(out, "{indent}{dates}")?;
    Ok(())
}

/// Names with the urges they came with and how those ended, under a header naming
/// the columns: the six most frequent of each table, each on one line with its
/// counts. The tables share one layout, so their columns line up.
fn outcome_tables<W: Write>(
    out: &mut W,
    tables: &[(&str, &[review::NameResisted])],
    width: usize,
) -> std::io::Result<()> {
    const SHOWN: usize = 6;
    let shown = |rows: &[review::NameResisted]| rows.len().min(SHOWN);
    let all: Vec<&review::NameResisted> = tables
        .iter()
        .flat_map(|(_, rows)| rows[..shown(rows)].iter())
        .collect();
    if all.is_empty() {
        return Ok(());
    }
    let values = |r: &review::NameResisted| [r.count, r.resisted, r.acted, r.no_outcome];
    let longest = all
        .iter()
        .map(|r| ui::text_width(&r.name))
        .max()
        .unwrap_or(0);
    // The numbers' columns, each as wide as its heading or its widest number.
    let layout = |heads: [&'static str; 4]| {
        let cols: Vec<usize> = (0..4)
            .map(|i| {
                all.iter()
                    .map(|r| values(r)[i].to_string().len())
                    .max()
                    .unwrap_or(0)
                    .max(heads[i].len())
            })
            .collect();
        let nums: usize = cols.iter().sum::<usize>() + 2 * 3;
        (heads, cols, nums)
    };
    // Full headings if a name of ten columns still fits beside them; short ones
    // (explained on a line of their own) on a narrow terminal.
    let full = layout(["urges", "resisted", "acted", "no outcome"]);
    let narrow = 4 + 10 + 2 + full.2 > width;
    let (heads, cols, nums) = if narrow {
        layout(["all", "res", "act", "none"])
    } else {
        full
    };
    // A row: 4 spaces, the name, 2, a bar for the urges (when there is room), 2,
    // the numbers. Long names give way to at most 8 columns of bar.
    let room = width.saturating_sub(4 + 2 + 2 + nums);
    let name_w = longest.min(room.saturating_sub(8).max(room.min(10)));
    let bar_w = room.saturating_sub(name_w).min(16);
    let numbers_at = 4 + name_w + 2 + if bar_w > 0 { bar_w + 2 } else { 0 };
    let header: Vec<String> = heads
        .iter()
        .zip(&cols)
        .map(|(h, w)| format!("{h:>w$}"))
        .collect();
    let header = header.join("  ");
    let mut explained = !narrow;
    for (title, rows) in tables {
        if rows.is_empty() {
            continue;
        }
        let title = format!("  {title}");
        if ui::text_width(&title) + 2 <= numbers_at {
            writeln!(out, "{}{header}", ui::pad(&title, numbers_at))?;
        } else {
            writeln!(out, "{title}")?;
            writeln!(out, "{}{header}", " ".repeat(numbers_at))?;
        }
        if !explained {
            explained = true;
            for line in super::prompts::wrap(
                "(all: urges; res: resisted; act: acted on; none: no outcome recorded)",
                width.saturating_sub(4),
            ) {
                writeln!(out, "    {line}")?;
            }
        }
        let max = rows[0].count;
        for r in &rows[..shown(rows)] {
            let mut line = format!("    {}  ", ui::pad(&ui::truncate(&r.name, name_w), name_w));
            if bar_w > 0 {
                line.push_str(&ui::pad(&charts::bar(r.count, max, bar_w), bar_w));
                line.push_str("  ");
            }
            let nums: Vec<String> = values(r)
                .iter()
                .zip(&cols)
                .map(|(v, w)| format!("{v:>w$}"))
                .collect();
            line.push_str(&nums.join("  "));
            writeln!(out, "{line}")?;
        }
        if rows.len() > SHOWN {
            writeln!(out, "    and {} more", rows.len() - SHOWN)?;
        }
    }
    Ok(())
}

/// Weeks as columns, weekdays as rows, like a contribution calendar: the latest
/// weeks that fit the width, saying from which date when earlier ones are left out.
fn calendar<W: Write>(
    out: &mut W,
    r: &Review,
    width: usize,
    color: bool,
    week_start: chrono::Weekday,
) -> std::io::Result<()> {
    use chrono::Datelike;
    let (Some((first, last)), Some(listed)) = (r.span, r.days.first()) else {
        return Ok(());
    };
    let listed = listed.date;
    let offset = first.weekday().days_since(week_start) as usize;
    let n_days = usize::try_from((last - first).num_days() + 1).unwrap_or(0);
    let cells = offset + n_days;
    let weeks = cells.div_ceil(7);
    // "  Mon " then two columns a week, the last without its space; never more weeks
    // than `days` lists (53).
    let most = (review::MAX_LISTED_DAYS / 7) as usize;
    let fit = (width.saturating_sub(5) / 2).clamp(1, most);
    let skip = weeks.saturating_sub(fit);
    let origin = first - chrono::Duration::days(offset as i64);
    if skip > 0 {
        let from = origin + chrono::Duration::days(7 * skip as i64);
        let note = format!(
            "The last {} of {weeks} weeks, from {} {from}",
            weeks - skip,
            from.weekday()
        );
        for line in super::prompts::wrap(&note, width.saturating_sub(2)) {
            writeln!(out, "  {line}")?;
        }
    }
    let mut day = week_start;
    for row in 0..7 {
        let name = format!("{day}");
        day = day.succ();
        let mut line = format!("  {name} ");
        for week in skip..weeks {
            let when = origin + chrono::Duration::days((week * 7 + row) as i64);
            let at = usize::try_from((when - listed).num_days()).ok();
            let mark = at
                .filter(|_| when >= first && when <= last)
                .and_then(|i| r.days.get(i));
            let cell = match mark {
                None => "  ".to_string(),
                Some(d) if d.lapse => format!("{} ", ui::paint(color, ui::style::LAPSE, "✕")),
                Some(d) if d.before_start => "· ".to_string(),
                Some(_) => format!("{} ", ui::paint(color, ui::style::GOOD, "■")),
            };
            line.push_str(&cell);
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
