//! `confide review`: the streak, phase, patterns and insights for a range, drawn for
//! the terminal (80 columns, plain characters, colour only when wanted) or as JSON.

use super::input;
use crate::analysis::review::{self, Request, Review};
use crate::cli::ReviewArgs;
use crate::model::Timestamp;
use crate::ui::{self, charts};
use anyhow::Result;
use std::io::{BufWriter, Write};

pub fn run(vault: &crate::vault::Vault, args: ReviewArgs) -> Result<()> {
    let as_of = match &args.as_of {
        Some(s) => input::when("--as-of", s)?,
        None => Timestamp::now(),
    };
    let since = match &args.since {
        Some(s) => input::when("--since", s)?,
        None => match crate::config::get().review_days {
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
    let streamed = super::unlock_streaming(vault, &mut |mut e| {
        e.forget_free_text();
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
        week_start: crate::config::get()
            .week_start
            .unwrap_or(chrono::Weekday::Mon),
    };
    let r = review::review(&entries, req);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &r)?;
        writeln!(out)?;
    } else {
        render(&mut out, &r, ui::width().min(100), ui::color_stdout())?;
    }
    out.flush()?;
    Ok(())
}

fn plural(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The terminal report.
pub fn render<W: Write>(out: &mut W, r: &Review, width: usize, color: bool) -> std::io::Result<()> {
    let h = |s: &str| ui::paint(color, "1", s);
    let first = r.days.first().map(|d| d.date.as_str()).unwrap_or("");
    let last = r.days.last().map(|d| d.date.as_str()).unwrap_or("");
    writeln!(out, "{}  {first} to {last}", h("Your review"))?;
    writeln!(out, "(as of {})", &r.as_of[..16].replace('T', " "))?;
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
        "  In this range    {} without a lapse, {}{}",
        format_args!(
            "{} of {} days",
            s.clean_days_in_range, s.counted_days_in_range
        ),
        plural(s.lapses_in_range as i64, "lapse", "lapses"),
        if s.counted_days_in_range < s.days_in_range {
            " (from your start on)"
        } else {
            ""
        }
    )?;
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
            "{} more until phase {}",
            plural(d, "clean day", "clean days"),
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
        let mean = u
            .mean_intensity
            .map(|m| format!(", mean intensity {m:.1}"))
            .unwrap_or_default();
        writeln!(
            out,
            "  {} in all: {} resisted, {} acted on{mean}",
            u.total, u.resisted, u.acted
        )?;
        if u.weekly_intensity.len() > 1 {
            let trend: Vec<String> = u
                .weekly_intensity
                .iter()
                .map(|w| format!("{:.1}", w.mean))
                .collect();
            writeln!(out, "  Weekly mean intensity  {}", trend.join(" → "))?;
        }
        let per_day: Vec<usize> = r.urges_per_day.iter().map(|d| d.urges).collect();
        let room = width.saturating_sub(12);
        let shown = &per_day[per_day.len().saturating_sub(room)..];
        writeln!(out, "  Per day   {}", charts::sparkline(shown))?;
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
        if !u.triggers.is_empty() {
            writeln!(out, "  Triggers")?;
            let tmax = u.triggers[0].count;
            for t in u.triggers.iter().take(6) {
                writeln!(
                    out,
                    "    {:<20} {:<20} {:>3}  ({} resisted)",
                    ui::truncate(&t.name, 20),
                    charts::bar(t.count, tmax, 20),
                    t.count,
                    t.resisted
                )?;
            }
        }
        if !u.coping.is_empty() {
            writeln!(out, "  What you tried (urges resisted when used)")?;
            for c in u.coping.iter().take(6) {
                writeln!(
                    out,
                    "    {:<20} {} of {}",
                    ui::truncate(&c.name, 20),
                    c.resisted,
                    c.count
                )?;
            }
        }
        if !u.halt.is_empty() {
            let list: Vec<String> = u
                .halt
                .iter()
                .map(|x| format!("{} {}", x.name, x.count))
                .collect();
            writeln!(out, "  HALT      {}", list.join(", "))?;
        }
    }
    writeln!(out)?;

    writeln!(out, "{}", h("Mood and feelings"))?;
    match r.mood.mean {
        Some(m) => {
            let mut line = format!(
                "  Mean mood {m:.1} ({})",
                plural(r.mood.entries as i64, "entry", "entries")
            );
            if let (Some(a), Some(b)) = (r.mood.mean_on_other_days, r.mood.mean_on_urge_days) {
                line.push_str(&format!("; {a:.1} on days without urges, {b:.1} with"));
            }
            writeln!(out, "{line}")?;
            if r.mood.weekly.len() > 1 {
                let trend: Vec<String> = r
                    .mood
                    .weekly
                    .iter()
                    .map(|w| format!("{:.1}", w.mean))
                    .collect();
                writeln!(out, "  Weekly mean mood  {}", trend.join(" → "))?;
            }
        }
        None => writeln!(out, "  No mood recorded in this range.")?,
    }
    if !r.emotions.is_empty() {
        let list: Vec<String> = r
            .emotions
            .iter()
            .take(8)
            .map(|e| format!("{} {}", e.name, e.count))
            .collect();
        for line in super::prompts::wrap(
            &format!("Named most: {}", list.join(", ")),
            width.saturating_sub(2),
        ) {
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(out)?;

    let pr = &r.practices;
    writeln!(out, "{}", h("Practices and reflections"))?;
    writeln!(
        out,
        "  {} on {}, {}",
        plural(pr.total as i64, "practice", "practices"),
        plural(pr.days_with_practice as i64, "day", "days"),
        plural(pr.reflections as i64, "reflection", "reflections")
    )?;
    let skills = crate::analysis::review::nonzero(&pr.by_skill);
    if !skills.is_empty() {
        for line in super::prompts::wrap(
            &format!("By skill: {}", skills.join(", ")),
            width.saturating_sub(2),
        ) {
            writeln!(out, "  {line}")?;
        }
    }
    let types = crate::analysis::review::nonzero(&pr.by_type);
    if !types.is_empty() {
        writeln!(out, "  By intimacy type: {}", types.join(", "))?;
    }
    if !pr.quiet_types.is_empty() {
        for line in super::prompts::wrap(
            &format!(
                "Nothing yet for {} intimacy in this range; `confide prompts --type {}` has ideas if you would like one.",
                pr.quiet_types.join(", "),
                pr.quiet_types[0]
            ),
            width.saturating_sub(2),
        ) {
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(out)?;

    writeln!(
        out,
        "{}  (■ no lapse, ✕ lapse, · before you began)",
        h("Calendar")
    )?;
    calendar(out, r, color)?;
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

/// Weeks as columns, weekdays as rows, like a contribution calendar.
fn calendar<W: Write>(out: &mut W, r: &Review, color: bool) -> std::io::Result<()> {
    use chrono::{Datelike, NaiveDate};
    let Some(first) = r.days.first() else {
        return Ok(());
    };
    let first = NaiveDate::parse_from_str(&first.date, "%Y-%m-%d").expect("we wrote it");
    let week_start = crate::config::get()
        .week_start
        .unwrap_or(chrono::Weekday::Mon);
    let offset = first.weekday().days_since(week_start) as usize;
    let cells = offset + r.days.len();
    let weeks = cells.div_ceil(7);
    // Keep to the last 30 weeks so the grid fits in 80 columns.
    let skip = weeks.saturating_sub(30);
    let mut day = week_start;
    for row in 0..7 {
        let name = format!("{day}");
        day = day.succ();
        let mut line = format!("  {name} ");
        for week in skip..weeks {
            let i = week * 7 + row;
            let cell = if i < offset || i - offset >= r.days.len() {
                "  ".to_string()
            } else {
                let d = &r.days[i - offset];
                if d.lapse {
                    format!("{} ", ui::paint(color, "34", "✕"))
                } else if d.before_start {
                    "· ".to_string()
                } else {
                    format!("{} ", ui::paint(color, "32", "■"))
                }
            };
            line.push_str(&cell);
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
