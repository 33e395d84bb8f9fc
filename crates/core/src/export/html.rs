//! The HTML report: one self-contained file (no external fonts, scripts or images),
//! charts as inline SVG, print CSS that lets sections flow (no forced page breaks),
//! table headers that repeat on each printed page, and a running header. Works with
//! JavaScript disabled (there is none).

use super::SecretBuf;
use super::chains;
use super::report::Report;
use crate::analysis::review;
use crate::content;
use crate::model::{Entry, EntryBody};
use std::fmt::Write as _;
use std::io::{self, Write};

/// Escapes text for HTML element content and attribute values. First the sanitiser
/// ([`crate::sanitize::body`]) shows every control, C1 and bidirectional character
/// as a visible escape (line breaks and tabs kept), so text cannot hide or reorder
/// what is displayed; then `&`, `<`, `>`, `"` and `'` become entities. (The report
/// puts no person's text in a URL: it has no links, images or scripts at all.)
pub fn esc(s: &str) -> String {
    let s = crate::sanitize::body(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = "body{font-family:Georgia,'Times New Roman',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.4}\
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;border-bottom:1px solid #ccc;margin-top:1.6rem}.sheet h2{font-size:1rem;margin:.6rem 0 .2rem}.sheet p,.sheet ul{margin:.2rem 0}.sheet svg.timeline{max-height:none;width:100%}.flags,.agenda{padding-left:1.2rem}h3{font-size:1rem;margin:1rem 0 .3rem}\
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.4rem 0}th,td{border:1px solid #ccc;padding:.15rem .35rem;text-align:left;vertical-align:top}\
th{background:#f3f3f3}thead{display:table-header-group}td,p,li,h3{overflow-wrap:anywhere}.num{text-align:right}.muted{color:#666}.small{font-size:.8rem}.late{color:#8a5a00}\
.d{white-space:nowrap}svg{display:block;max-width:100%;max-height:11rem;height:auto}.meta{margin:.2rem 0;padding-left:1.2rem}.entry{margin:.25rem 0;break-inside:avoid}.entry h3{display:inline;font-size:inherit;margin:0}.entry h3+p{display:inline;margin-left:.4rem}.entry p,.entry blockquote{margin:.1rem 0}\
blockquote{border-left:3px solid #ccc;margin:.3rem 0;padding-left:.8rem;color:#444}\
.chains{font-size:.8rem}.chains th{font-weight:normal}.chains thead th{font-weight:bold}.chains th[scope=row]{width:7.5rem}.chains.rows thead th:first-child{width:32%}.rec{background:#fdf0c2}@media print{.chains{font-size:8pt}}\
.pair{display:flex;flex-wrap:wrap;gap:0 1.2rem;align-items:flex-start}.pair>div{flex:1 1 18rem;min-width:0}.pair>div.g{flex:0 0 auto;max-width:14rem}svg.grid{max-height:none;width:auto}\
@media print{.sheet{break-after:page}.entry{margin:0;font-size:9pt;line-height:1.2}.entry p,.entry blockquote{margin:0}blockquote{padding-left:.5rem}body{max-width:none;margin:0;padding:0;font-size:10pt;line-height:1.3}table{font-size:8.5pt;line-height:1.15}th,td{padding:.05rem .3rem}tr,svg,blockquote{break-inside:avoid}h2,h3{break-after:avoid}a{color:inherit}}";

/// Text as the inside of a CSS string: everything but ASCII letters, digits and
/// spaces as a six-digit hex escape, so no quote, backslash, `<` or line break can
/// end the string, the rule or the `<style>` element.
fn css_string(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == ' ' {
                c.to_string()
            } else {
                // The space ends the escape and is consumed with it.
                format!("\\{:06X} ", c as u32)
            }
        })
        .collect()
}

/// Up to this many lapse episodes, the chains table has one column per episode.
const CHAINS_AS_COLUMNS: usize = 4;

/// The print page: A4-sized margins that suit Letter too, and a running header with
/// the client's name or initials (if given) and the report date on every printed
/// page (CSS page margin boxes).
fn page_css(name: Option<&str>, report_date: &str) -> String {
    let who = name
        .map(|n| format!("{} \u{b7} ", super::session::display_name(n)))
        .unwrap_or_default();
    format!(
        "@page{{margin:14mm 12mm 12mm;@top-right{{content:\"{}\";font:8pt Georgia,serif;color:#666}}@bottom-right{{content:\"page \" counter(page) \" of \" counter(pages);font:8pt Georgia,serif;color:#666}}}}",
        css_string(&format!(
            "{who}Recovery record \u{b7} report of {report_date}"
        ))
    )
}

/// The timeline: mood as a line on a fixed 1-10 axis (left), urges as bars with
/// their values printed (right axis), lapses and earlier reports marked by shape and
/// letter, not colour alone; every day or week carries its figures as a `<title>`.
fn timeline_svg(t: &super::session::Timeline) -> String {
    let n = t.buckets.len().max(1);
    let (w, top, plot_h) = (680.0, 16.0, 150.0);
    let (left, right) = (26.0, 650.0);
    let bw = (right - left) / n as f64;
    let base = top + plot_h;
    let max_u = t.buckets.iter().map(|b| b.urges).max().unwrap_or(0).max(1);
    // A round top for the urge axis.
    let umax = if max_u <= 4 { 4 } else { max_u.div_ceil(5) * 5 };
    let uy = |u: usize| base - plot_h * u as f64 / umax as f64;
    let my = |m: f64| base - plot_h * (m - 1.0) / 9.0;
    let h = base + 46.0;
    let mut s = format!(
        "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Timeline: mood and urges {}\" viewBox=\"0 0 {w} {h}\">",
        if t.weekly { "by week" } else { "by day" }
    );
    // Axes: mood 1, 5, 10 on the left; urges 0, half, top on the right.
    for (m, label) in [(1.0, "1"), (5.0, "5"), (10.0, "10")] {
        let y = my(m);
        let _ = write!(
            s,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{right}\" y2=\"{y:.1}\" stroke=\"#ddd\" stroke-width=\"0.6\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"end\">{label}</text>",
            left - 3.0,
            y + 3.0
        );
    }
    // The axes' names above them.
    let _ = write!(
        s,
        "<text x=\"0\" y=\"8\" font-size=\"9\">mood</text><text x=\"{w}\" y=\"8\" font-size=\"9\" text-anchor=\"end\">urges</text>"
    );
    for u in [0, umax / 2, umax] {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\">{u}</text>",
            right + 3.0,
            uy(u) + 3.0
        );
    }
    let mut points = Vec::new();
    for (i, b) in t.buckets.iter().enumerate() {
        let x = left + i as f64 * bw;
        let cx = x + bw / 2.0;
        let gap = (bw * 0.2).min(2.0);
        let _ = write!(
            s,
            "<g><title>{}</title><rect x=\"{x:.1}\" y=\"{top}\" width=\"{bw:.1}\" height=\"{plot_h}\" fill=\"#fff\" fill-opacity=\"0\"/>",
            esc(&b.describe(t.weekly))
        );
        if b.urges > 0 {
            let y = uy(b.urges);
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#9fb8d3\"/><text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"8\" text-anchor=\"middle\">{}</text>",
                x + gap / 2.0,
                bw - gap,
                base - y,
                (y - 2.0).max(top + 7.0),
                b.urges
            );
        }
        if b.lapse_days > 0 {
            let _ = write!(
                s,
                "<path d=\"M{:.1} {:.1} l4 -7 l4 7 z\" fill=\"#333\"/><text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"8\" text-anchor=\"middle\">L{}</text>",
                cx - 4.0,
                base + 9.0,
                base + 18.0,
                if t.weekly && b.lapse_days > 1 {
                    b.lapse_days.to_string()
                } else {
                    String::new()
                }
            );
        }
        if b.reports > 0 {
            let _ = write!(
                s,
                "<line x1=\"{cx:.1}\" y1=\"{top}\" x2=\"{cx:.1}\" y2=\"{base}\" stroke=\"#555\" stroke-dasharray=\"2 2\" stroke-width=\"0.8\"/><text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"8\" text-anchor=\"middle\">R</text>",
                top + 6.0
            );
        }
        s.push_str("</g>");
        // A day or week without a mood breaks the line: nothing is drawn where
        // nothing was logged.
        points.push(b.mood.map(|m| (cx, my(m))));
        // Weekly: what each week's mood rests on, printed under it.
        if t.weekly {
            let _ = write!(
                s,
                "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"7\" text-anchor=\"middle\">{}</text>",
                base + 27.0,
                match b.mood {
                    Some(m) => format!("{m:.1}/{}d", b.mood_days),
                    None => format!("–/{}d", b.days),
                }
            );
        }
    }
    for run in points.split(Option::is_none).filter(|r| r.len() > 1) {
        let d: Vec<String> = run
            .iter()
            .flatten()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = write!(
            s,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#1d3b5c\" stroke-width=\"1.6\"/>",
            d.join(" ")
        );
    }
    for (x, y) in points.iter().flatten() {
        let _ = write!(
            s,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2\" fill=\"#1d3b5c\"/>"
        );
    }
    // Date labels: the first, the last, and some between.
    let step = (n / 6).max(1);
    for (i, b) in t.buckets.iter().enumerate() {
        if i % step == 0 || i + 1 == n {
            let anchor = if i == 0 {
                "start"
            } else if i + 1 == n {
                "end"
            } else {
                "middle"
            };
            let x = if i == 0 {
                left
            } else if i + 1 == n {
                right
            } else {
                left + (i as f64 + 0.5) * bw
            };
            let _ = write!(
                s,
                "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"{anchor}\">{}</text>",
                base + 40.0,
                esc(&b.start.format("%-d %b").to_string())
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Page 1: the session sheet.
fn session_sheet(h: &mut SecretBuf, r: &Report) {
    let s = &r.session;
    let sum = &r.summary;
    let title = match &r.options.name {
        Some(n) => format!("Session sheet: {}", esc(&super::session::display_name(n))),
        None => "Session sheet".into(),
    };
    let _ = write!(
        h,
        "<section class=\"sheet\"><h1>{title}</h1><p class=\"small\">{}",
        esc(&super::session::range_line(r))
    );
    if let Some(c) = s.comparison() {
        let _ = write!(h, ". {}", esc(&c));
    } else {
        h.push_str(".");
    }
    h.push_str("</p>");
    if let Some(line) = super::report::private_sentence(r.private_left_out) {
        let _ = write!(h, "<p class=\"small private-note\">{}</p>", esc(&line));
    }
    h.push_str("<table class=\"figures\"><thead><tr><th>Figure</th><th>This period</th><th>Previous period</th><th>Change</th></tr></thead><tbody>");
    for l in &s.lines {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"d\">{}</td></tr>",
            esc(l.label),
            esc(&l.now),
            esc(l.before.as_deref().unwrap_or("–")),
            esc(&l.change.text())
        );
    }
    let _ = write!(
        h,
        "<tr><td>Since the start</td><td colspan=\"3\">{}; phase {} ({}), which a lapse never takes back</td></tr></tbody></table>",
        esc(&super::report::since_start(&sum.streak)),
        sum.phase.number,
        esc(sum.phase.name)
    );
    if !s.timeline.buckets.is_empty() {
        let _ = write!(
            h,
            "<h2>Timeline{}</h2>{}<p class=\"small muted\">Line: mean mood, 1-10 (left axis; broken where no mood was logged). Bars: urges {} with their number (right axis). \u{25b2}L: a lapse{}. R: a report was written.{}</p>",
            if s.timeline.weekly {
                " by week"
            } else {
                " by day"
            },
            timeline_svg(&s.timeline),
            if s.timeline.weekly {
                "per week"
            } else {
                "per day"
            },
            if s.timeline.weekly {
                " (with the number of days, if more than one)"
            } else {
                ""
            },
            if s.timeline.weekly {
                " Under each week: its mean mood / the days with a mood it rests on."
            } else {
                ""
            }
        );
        if let Some(d) = s.timeline.starts_late {
            let _ = write!(
                h,
                "<p class=\"small\">The chart shows the days from {}; the figures cover the whole range.</p>",
                esc(&super::report::human_date(d))
            );
        }
    }
    h.push_str("<h2>Flags</h2><ul class=\"flags\">");
    for f in super::session::flag_lines(s) {
        let _ = write!(h, "<li>{}</li>", esc(&f));
    }
    h.push_str("</ul><h2>Agenda</h2>");
    if r.agenda.is_empty() {
        h.push_str("<p class=\"small\">No open points.</p>");
    } else {
        h.push_str("<ul class=\"agenda\">");
        let (points, more) = super::session::agenda_on_sheet(r);
        for (e, text) in points {
            let _ = write!(
                h,
                "<li>{} <span class=\"muted d\">({}{})</span></li>",
                esc(&text).replace('\n', "<br>"),
                esc(&super::report::human_date(
                    e.occurred_at.to_datetime().date_naive()
                )),
                if e.private { ", private" } else { "" }
            );
        }
        h.push_str("</ul>");
        if super::session::agenda_cut(r) {
            let _ = write!(
                h,
                "<p class=\"small\">{}in full under Agenda, after the figures.</p>",
                match more {
                    0 => "Shortened here; ".to_string(),
                    1 => "1 more point, and every point ".to_string(),
                    n => format!("{n} more points, and every point "),
                }
            );
        }
    }
    if let Some(n) = &s.new_since {
        let _ = write!(h, "<p><strong>{}</strong></p>", esc(&n.sentence()));
    }
    let _ = write!(
        h,
        "<p class=\"small muted\">{}</p></section>",
        esc(&super::session::about(r))
    );
}

/// The hour-by-weekday heatmap as inline SVG.
fn heatmap_svg(heatmap: &[[usize; 24]; 7]) -> String {
    let max = heatmap.iter().flatten().copied().max().unwrap_or(0).max(1);
    let mut s = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Urges by hour and weekday\" viewBox=\"0 0 520 182\">",
    );
    for (d, name) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .enumerate()
    {
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{}\" font-size=\"10\">{name}</text>",
            d * 20 + 14
        );
        for (h, &v) in heatmap[d].iter().enumerate() {
            let alpha = if v == 0 {
                0.05
            } else {
                0.2 + 0.8 * v as f64 / max as f64
            };
            let _ = write!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"18\" fill=\"#5b7fa6\" fill-opacity=\"{alpha:.2}\"><title>{name} {h:02}:00: {v}</title></rect>",
                40 + h * 20,
                d * 20
            );
        }
    }
    for h in [0, 6, 12, 18, 23] {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"154\" font-size=\"10\">{h}</text>",
            44 + h * 20
        );
    }
    // The legend: what no urge, one urge and the most urges in an hour look like.
    let _ = write!(
        s,
        "<text x=\"0\" y=\"176\" font-size=\"10\">Urges in the hour, over the range:</text>"
    );
    let mut x = 180;
    let mut steps = vec![(0, 0.05), (1, 0.2 + 0.8 / max as f64)];
    if max > 1 {
        steps.push((max, 1.0));
    }
    for (i, (v, alpha)) in steps.into_iter().enumerate() {
        let label = match i {
            0 => format!("{v} (none)"),
            1 if max > 1 => format!("{v} (low)"),
            _ => format!("{v} (most)"),
        };
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"166\" width=\"12\" height=\"12\" fill=\"#5b7fa6\" fill-opacity=\"{alpha:.2}\"><title>{label}</title></rect><text x=\"{}\" y=\"176\" font-size=\"10\">{label}</text>",
            x + 16
        );
        x += 90;
    }
    s.push_str("</svg>");
    s
}

/// A mood's colour on the day grid, from pale orange (1) to deep teal (10), and
/// the colour of a digit on it. The digit carries the value, so colour is never
/// the only cue.
fn mood_colour(m: f64) -> (String, &'static str) {
    let t = ((m - 1.0) / 9.0).clamp(0.0, 1.0);
    let hue = 25.0 + t * 165.0;
    let light = 82.0 - t * 44.0;
    (
        format!("hsl({hue:.0},60%,{light:.0}%)"),
        if light < 56.0 { "#fff" } else { "#222" },
    )
}

/// The day grid: one square per day of the daily rows, weeks as rows (from the
/// week start), the rounded mood written in the square and its colour, a dark
/// corner for a lapse, an outline for a day without a mood; each square has a
/// `<title>`, and a legend follows.
fn grid_svg(r: &Report) -> String {
    const C: usize = 16; // square
    const G: usize = 2; // gap
    const L: usize = 74; // week label column
    let weeks = chains::weeks(&r.daily, r.options.week_start);
    let top = 12;
    let height = top + weeks.len() * (C + G) + 40;
    let width = L + 7 * (C + G);
    let mut s = format!(
        "<svg class=\"grid\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Mood by day, one square per day, weeks as rows\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">"
    );
    for (i, name) in chains::weekday_names(r.options.week_start)
        .iter()
        .enumerate()
    {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"9\" font-size=\"8\" text-anchor=\"middle\">{}</text>",
            L + i * (C + G) + C / 2,
            &name[..2]
        );
    }
    for (w, week) in weeks.iter().enumerate() {
        let y = top + w * (C + G);
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{}\" font-size=\"9\">{}</text>",
            y + 12,
            esc(&week.start.format("%a %-d %b").to_string())
        );
        for (i, day) in week.days.iter().enumerate() {
            let Some(d) = day else { continue };
            let x = L + i * (C + G);
            let title = esc(&chains::day_title(d));
            match d.mood {
                Some(m) => {
                    let (fill, ink) = mood_colour(m);
                    let _ = write!(
                        s,
                        "<g><title>{title}</title><rect x=\"{x}\" y=\"{y}\" width=\"{C}\" height=\"{C}\" fill=\"{fill}\"/><text x=\"{}\" y=\"{}\" font-size=\"9\" text-anchor=\"middle\" fill=\"{ink}\">{}</text>",
                        x + C / 2,
                        y + 12,
                        chains::mood_digit(m)
                    );
                }
                None => {
                    let _ = write!(
                        s,
                        "<g><title>{title}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fff\" stroke=\"#999\" stroke-width=\"1\"/>",
                        x as f64 + 0.5,
                        y as f64 + 0.5,
                        C - 1,
                        C - 1
                    );
                }
            }
            if d.lapse {
                let _ = write!(s, "<path d=\"M{} {y}h7v7z\" fill=\"#222\"/>", x + C - 7);
            }
            s.push_str("</g>");
        }
    }
    // The legend: the mood scale, a day without a mood, a lapse.
    let y = top + weeks.len() * (C + G) + 8;
    let _ = write!(
        s,
        "<text x=\"0\" y=\"{}\" font-size=\"9\">Mood</text>",
        y + 9
    );
    for m in 1..=10u8 {
        let (fill, ink) = mood_colour(f64::from(m));
        let x = 30 + usize::from(m - 1) * 13;
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{fill}\"/><text x=\"{}\" y=\"{}\" font-size=\"7\" text-anchor=\"middle\" fill=\"{ink}\">{m}</text>",
            x + 6,
            y + 9
        );
    }
    let y = y + 16;
    let _ = write!(
        s,
        "<rect x=\"0.5\" y=\"{}\" width=\"11\" height=\"11\" fill=\"#fff\" stroke=\"#999\"/><text x=\"16\" y=\"{}\" font-size=\"9\">no mood</text><rect x=\"70\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"#ddd\"/><path d=\"M76 {y}h6v6z\" fill=\"#222\"/><text x=\"86\" y=\"{}\" font-size=\"9\">lapse (dark corner)</text>",
        y as f64 + 0.5,
        y + 9,
        y + 9
    );
    s.push_str("</svg>");
    s
}

fn when(e: &Entry) -> String {
    let mut s = format!(
        "<span class=\"d\">{}</span>",
        esc(&super::report::human_time(e.occurred_at))
    );
    if Report::late(e) {
        s.push_str(" <span class=\"late\">(recorded later)</span>");
    }
    s
}

fn para(text: &str) -> String {
    text.split("\n\n")
        .map(|p| format!("<p>{}</p>", esc(p).replace('\n', "<br>")))
        .collect()
}

/// The daily table: one line per calendar day of the range (it replaces a paragraph
/// per check-in).
fn daily_table(h: &mut SecretBuf, r: &Report) {
    h.push_str("<section><h2>Day by day</h2>");
    if r.daily.len() < r.days_in_range {
        let _ = write!(
            h,
            "<p class=\"small\">The last {} days of the range; the summary covers all of it.</p>",
            r.daily.len()
        );
    }
    h.push_str("<table><thead><tr><th>Day</th><th class=\"num\">Mood</th><th>Emotions</th><th class=\"num\">Urges</th><th class=\"num\">At check-in</th><th>Lapse</th><th class=\"num\">Practice</th><th>Marks</th></tr></thead><tbody>");
    for d in &r.daily {
        let mut marks = Vec::new();
        if d.note {
            marks.push("note");
        }
        if d.private {
            marks.push("private");
        }
        let urges = match (d.urges, d.mean_intensity) {
            (0, _) | (_, None) => d.urges.to_string(),
            (n, Some(m)) => format!("{n} <span class=\"muted\">(int. {m:.1})</span>"),
        };
        let _ = write!(
            h,
            "<tr><td class=\"d\">{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{urges}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&super::report::human_date(d.date)),
            d.mood.map(|m| format!("{m:.1}")).unwrap_or_default(),
            esc(&d.emotions.join(", ")),
            d.checkin_urges.map(|u| u.to_string()).unwrap_or_default(),
            if d.lapse { "lapse" } else { "" },
            if d.practices > 0 {
                d.practices.to_string()
            } else {
                String::new()
            },
            marks.join(", ")
        );
    }
    h.push_str("</tbody></table></section>");
}

/// The free text the person chose to include, other than lapse notes and chain
/// analyses (those stay with the lapses), with people's dates. Urges are in the
/// daily table and the patterns; their notes, when included, are here.
fn entries_section(h: &mut SecretBuf, r: &Report) {
    h.push_str("<section><h2>Entries</h2>");
    let mut any = false;
    for e in r
        .entries
        .iter()
        .filter(|e| !matches!(e.body, EntryBody::Lapse(_)))
        .filter(|e| r.text_allowed(e) || matches!(e.body, EntryBody::Reflection(_)))
    {
        let mut body = String::new();
        match &e.body {
            EntryBody::Journal(j) => body.push_str(&para(&j.text)),
            EntryBody::Reflection(rf) => {
                if let Some(p) = rf.prompt_id.as_deref().and_then(content::prompt) {
                    let _ = write!(body, "<blockquote>{}</blockquote>", esc(p.text));
                }
                if r.text_allowed(e) {
                    body.push_str(&para(&rf.text));
                } else {
                    body.push_str("<p class=\"muted\">(answer not included)</p>");
                }
            }
            EntryBody::Practice(p) => {
                if let Some(n) = p.note.as_deref().filter(|n| !n.trim().is_empty()) {
                    let name = content::practice(&p.practice_id)
                        .map(|x| x.name)
                        .unwrap_or(&p.practice_id);
                    let _ = write!(body, "<p>{}: {}</p>", esc(name), esc(n));
                }
            }
            EntryBody::Checkin(c) => {
                if let Some(a) = c.appreciated.as_deref().filter(|a| !a.trim().is_empty()) {
                    let _ = write!(body, "<p>Appreciated: {}</p>", esc(a));
                }
                if let Some(n) = c.note.as_deref().filter(|n| !n.trim().is_empty()) {
                    body.push_str(&para(n));
                }
            }
            EntryBody::Agenda(a) => {
                if a.done_at.is_some() {
                    body.push_str("<p class=\"muted\">Agenda point, done.</p>");
                }
                body.push_str(&para(&a.text));
            }
            EntryBody::Urge(u) => {
                if let Some(n) = u.note.as_deref().filter(|n| !n.trim().is_empty()) {
                    let _ = write!(
                        body,
                        "<p><span class=\"muted\">Intensity {}{}:</span> {}</p>",
                        u.intensity,
                        u.outcome
                            .map(|o| format!(", {}", o.as_str()))
                            .unwrap_or_default(),
                        esc(n)
                    );
                }
            }
            EntryBody::Lapse(_) => {}
        }
        if body.is_empty() {
            continue;
        }
        any = true;
        let kind_type = e
            .intimacy
            .map(|t| format!(" ({} intimacy)", t.as_str()))
            .unwrap_or_default();
        let tags = if e.tags.is_empty() {
            String::new()
        } else {
            format!(" — tags: {}", esc(&e.tags.join(", ")))
        };
        let private = if e.private { " · private" } else { "" };
        let _ = write!(
            h,
            "<div class=\"entry\"><h3>{} · {}{kind_type}{private}{tags}</h3>{body}</div>",
            when(e),
            e.body.kind()
        );
    }
    if !any {
        h.push_str("<p>No free text is included for this range.</p>");
    }
    h.push_str("</section>");
}

/// The headline figures.
fn summary_section(h: &mut SecretBuf, r: &Report) {
    let s = &r.summary;
    let st = &s.streak;
    let _ = write!(
        h,
        "<section><h2>More figures</h2><table><thead><tr><th>Figure</th><th>Value</th></tr></thead><tbody>\
<tr><td>Longest streak</td><td>{}</td></tr><tr><td>Phase</td><td>{} ({}), from {} clean days{}</td></tr>",
        super::report::days(st.longest_days.max(0) as usize),
        s.phase.number,
        esc(s.phase.name),
        s.phase.clean_days,
        s.phase
            .days_to_next
            .map(|d| format!(
                "; the next phase after {} more clean",
                super::report::days(d.max(0) as usize)
            ))
            .unwrap_or_default()
    );
    if let (Some(a), Some(b)) = (s.mood.mean_on_other_days, s.mood.mean_on_urge_days) {
        let c = &s.mood.comparison;
        let _ = write!(
            h,
            "<tr><td>Mood without / with urges, within the same weeks</td><td>{a:.1} / {b:.1} ({} and {} days, {} weeks)</td></tr>",
            c.other_days, c.urge_days, c.weeks
        );
    }
    let _ = write!(
        h,
        "<tr><td>Practices</td><td>{} on {}; reflections: {}</td></tr></tbody></table>",
        s.practices.total,
        crate::export::report::days(s.practices.days_with_practice),
        s.practices.reflections
    );
    let _ = write!(
        h,
        "<p class=\"muted small\">{}</p>",
        esc(super::report::DEFINITIONS)
    );
    h.push_str("</section>");
}

/// Charts and tables of when and why urges come, and what helps.
fn patterns_section(h: &mut SecretBuf, r: &Report) {
    let s = &r.summary;
    let u = &s.urges;
    // Urges and mood over time are on page 1, in the timeline.
    h.push_str("<section><h2>Patterns</h2>");
    // The heatmap and the day grid side by side: both are small, and a page holds
    // them in the height of one.
    let _ = write!(
        h,
        "<div class=\"pair\"><div><h3>Urges by hour and weekday</h3>{}</div>",
        heatmap_svg(&u.heatmap)
    );
    if !r.daily.is_empty() {
        let _ = write!(
            h,
            "<div class=\"g\"><h3>Mood by day</h3>{}<p class=\"small\">{}</p></div>",
            grid_svg(r),
            esc(&chains::grid_summary(&r.daily))
        );
    }
    h.push_str("</div>");
    // Tables, not charts: they carry the three outcomes, and print small; side by
    // side where the page is wide enough.
    let outcome_table = |h: &mut SecretBuf,
                         title: &str,
                         what: &str,
                         count: &str,
                         rows: &[review::NameResisted]| {
        let _ = write!(
            h,
            "<div><h3>{title}</h3><table><thead><tr><th>{what}</th><th class=\"num\">{count}</th><th class=\"num\">Resisted</th><th class=\"num\">Acted on</th><th class=\"num\">No outcome</th></tr></thead><tbody>"
        );
        for t in rows {
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&t.name),
                t.count,
                t.resisted,
                t.acted,
                t.no_outcome
            );
        }
        h.push_str("</tbody></table></div>");
    };
    if !u.triggers.is_empty() || !u.coping.is_empty() {
        h.push_str("<div class=\"pair\">");
        if !u.triggers.is_empty() {
            outcome_table(h, "Triggers", "Trigger", "Urges", &u.triggers);
        }
        if !u.coping.is_empty() {
            outcome_table(h, "Coping", "Strategy", "Used", &u.coping);
        }
        h.push_str("</div>");
    }
    if !u.halt.is_empty() {
        let list: Vec<String> = u
            .halt
            .iter()
            .map(|x| format!("{} {}", esc(&x.name), x.count))
            .collect();
        let _ = write!(h, "<p><strong>HALT:</strong> {}</p>", list.join(", "));
    }
    if !s.emotions.is_empty() {
        let list: Vec<String> = s
            .emotions
            .iter()
            .map(|e| format!("{} {}", esc(&e.name), e.count))
            .collect();
        let _ = write!(
            h,
            "<p><strong>Emotions named:</strong> {}</p>",
            list.join(", ")
        );
    }
    let skills = crate::analysis::review::nonzero(&s.practices.by_skill);
    if !skills.is_empty() {
        let _ = write!(
            h,
            "<p><strong>Practice by skill:</strong> {}</p>",
            esc(&skills.join(", "))
        );
    }
    let types = crate::analysis::review::nonzero(&s.practices.by_type);
    if !types.is_empty() {
        let _ = write!(
            h,
            "<p><strong>By intimacy type:</strong> {}</p>",
            esc(&types.join(", "))
        );
    }
    if !s.insights.is_empty() {
        h.push_str("<h3>What the record shows</h3><ul>");
        for i in &s.insights {
            let _ = write!(h, "<li>{}</li>", esc(i));
        }
        h.push_str("</ul>");
    }
    h.push_str("</section>");
}

/// The client's agenda.
fn agenda_section(h: &mut SecretBuf, r: &Report) {
    // The client's agenda, right after the summary.
    if !r.agenda.is_empty() {
        let _ = write!(
            h,
            "<section class=\"agenda\"><h2>Agenda</h2><p>{}</p><ul>",
            esc(super::report::AGENDA_INTRO)
        );
        for (e, text) in super::report::agenda_points(r) {
            let _ = write!(
                h,
                "<li><span class=\"muted\">{}{}</span> {}</li>",
                esc(&super::report::human_time(e.occurred_at)),
                if e.private { ", private" } else { "" },
                esc(text).replace('\n', "<br>")
            );
        }
        h.push_str("</ul></section>");
    }
}

/// A value that recurs across episodes: bold, with a marker.
fn marked(text: &str) -> String {
    format!("<strong class=\"rec\">\u{25c6} {}</strong>", esc(text))
}

/// A cell of the lapse table (or the sentence above it) as HTML. A recurring value
/// is bold with a marker and its count, so it shows in print and to a screen
/// reader, not by colour alone.
fn cell_html(c: &chains::Cell) -> String {
    let items = c.items.iter().map(|item| match item {
        chains::Item::Words(w) => esc(w),
        chains::Item::Date(d) => format!("<span class=\"d\">{}</span>", esc(d)),
        chains::Item::Text {
            text,
            recurring: Some((k, of)),
        } => format!(
            "{} <span class=\"muted\">(in {k} of {of})</span>",
            marked(text)
        ),
        chains::Item::Text { text, .. } => esc(text),
        chains::Item::Marked(text) => marked(text),
        chains::Item::Held => "<span class=\"muted\">(not included)</span>".into(),
    });
    match c.join {
        chains::Join::Comma => items.collect::<Vec<_>>().join(", "),
        chains::Join::Lines => items
            .map(|i| i.replace('\n', "<br>"))
            .collect::<Vec<_>>()
            .join("<br>"),
        chains::Join::Run => items.collect(),
    }
}

/// The lapse episodes, their chain analyses side by side. Up to
/// [`CHAINS_AS_COLUMNS`] episodes are columns (the links are rows, so each answer
/// has room on a portrait page); more are one row each, the links as columns.
fn lapses_section(h: &mut SecretBuf, r: &Report) {
    h.push_str("<section><h2>Lapses</h2>");
    let n = r.lapse_episodes.len();
    if n == 0 {
        h.push_str("<p>No lapses in this range.</p></section>");
        return;
    }
    let rec = chains::recurring(&r.lapse_episodes, |e| r.chain_text_allowed(e));
    if let Some(c) = chains::recurring_sentence(&rec, n) {
        let _ = write!(h, "<p class=\"small\">{}</p>", cell_html(&c));
    }
    let all: Vec<_> = (0..n).map(|i| chains::episode_rows(r, i, &rec)).collect();
    let used = chains::filled_rows(&all);
    let whens: Vec<String> = r
        .lapse_episodes
        .iter()
        .map(|ep| when(ep.entries[0]))
        .collect();
    if n <= CHAINS_AS_COLUMNS {
        h.push_str("<table class=\"chains\"><thead><tr><th>Episode</th>");
        for w in &whens {
            let _ = write!(h, "<th>{w}</th>");
        }
        h.push_str("</tr></thead><tbody>");
        for (k, (head, _)) in all[0].iter().enumerate().filter(|(k, _)| used[*k]) {
            let _ = write!(h, "<tr><th scope=\"row\">{head}</th>");
            for rows in &all {
                let _ = write!(h, "<td>{}</td>", cell_html(&rows[k].1));
            }
            h.push_str("</tr>");
        }
    } else {
        // The first rows (urge, triggers, 72 h before) and the last (note, plan) go
        // with the date; the five links are the columns.
        h.push_str("<table class=\"chains rows\"><thead><tr><th>Episode</th>");
        for (head, _) in all[0].iter().filter(|(head, _)| chains::is_link_row(head)) {
            let _ = write!(h, "<th>{head}</th>");
        }
        h.push_str("</tr></thead><tbody>");
        for (rows, w) in all.iter().zip(&whens) {
            let _ = write!(h, "<tr><td>{w}");
            for (head, c) in rows.iter() {
                if !chains::is_link_row(head) && !c.is_empty() {
                    let _ = write!(
                        h,
                        "<br><span class=\"muted\">{head}:</span> {}",
                        cell_html(c)
                    );
                }
            }
            h.push_str("</td>");
            for (head, c) in rows.iter() {
                if chains::is_link_row(head) {
                    let _ = write!(h, "<td>{}</td>", cell_html(c));
                }
            }
            h.push_str("</tr>");
        }
    }
    let _ = write!(
        h,
        "</tbody></table><p class=\"muted small\">{}</p></section>",
        esc(&chains::table_note(r))
    );
}

/// Writes the report.
pub fn write<W: Write>(out: &mut W, r: &Report) -> io::Result<()> {
    let mut h = SecretBuf::with_capacity(64 * 1024);
    let report_date = super::report::human_time(r.options.generated_at);
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<title>Recovery record</title><style>{CSS}{}</style></head><body>",
        page_css(r.options.name.as_deref(), &report_date)
    );
    // No cover page: page 1 is the session sheet, the rest only when needed.
    session_sheet(&mut h, r);
    if !r.options.summary_only {
        lapses_section(&mut h, r);
    }
    patterns_section(&mut h, r);
    summary_section(&mut h, r);
    if super::session::agenda_cut(r) {
        agenda_section(&mut h, r);
    }
    if !r.options.summary_only {
        daily_table(&mut h, r);
        entries_section(&mut h, r);
    }
    h.push_str("</body></html>\n");
    out.write_all(h.as_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping() {
        assert_eq!(
            super::esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(
            super::esc("a\u{1b}[2J\u{9b}\u{202e}\nb\tc"),
            "a\\e[2J\\u{9b}\\u{202e}\nb\tc"
        );
    }

    #[test]
    fn a_name_can_end_no_string_rule_or_element() {
        for name in [
            "\"}body{display:none}",
            "</style><script>x</script>",
            "a\\\"b",
            "*/\\A",
        ] {
            let css = super::page_css(Some(name), "Mon 16 Nov 2026, 09:00");
            let inside = css
                .split_once("content:\"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(s, _)| s)
                .unwrap();
            assert!(
                inside
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '\\'),
                "{inside}"
            );
            assert!(!css.contains('<') && !css.contains("*/"));
            // Every escape is six hex digits and a space.
            for part in inside.split('\\').skip(1) {
                assert!(part.len() >= 7 && part.as_bytes()[6] == b' ', "{part}");
                assert!(part[..6].chars().all(|c| c.is_ascii_hexdigit()));
            }
        }
        assert_eq!(super::css_string("J.B. 2"), "J\\00002E B\\00002E  2");
    }
}
