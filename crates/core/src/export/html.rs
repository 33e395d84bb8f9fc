//! The HTML report: one self-contained file (no external fonts, scripts or images),
//! charts as inline SVG, print CSS with page breaks between sections. Works with
//! JavaScript disabled (there is none).

use super::SecretBuf;
use super::report::{Report, TextPolicy};
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

const CSS: &str = "body{font-family:Georgia,'Times New Roman',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}\
h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:1px solid #ccc;margin-top:2rem}h3{font-size:1.05rem}\
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .4rem;text-align:left;vertical-align:top}\
th{background:#f3f3f3}td,p,li,h3{overflow-wrap:anywhere}.num{text-align:right}.muted{color:#666}.late{color:#8a5a00}svg{max-width:100%;height:auto}\
blockquote{border-left:3px solid #ccc;margin:.5rem 0;padding-left:.8rem;color:#444}\
@media print{body{max-width:none;margin:0}section{page-break-before:always}section.cover{page-break-before:auto}tr,svg,blockquote{break-inside:avoid}h2,h3{break-after:avoid}a{color:inherit}}";

/// A bar chart of `values` as inline SVG.
fn bars_svg(title: &str, labels: &[String], values: &[usize], width: usize) -> String {
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    let n = values.len().max(1);
    // Every bar fits the width, however many days there are.
    let bw = width as f64 / n as f64;
    let h = 120.0;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {width} {}\">",
        esc(title),
        h + 20.0
    );
    for (i, v) in values.iter().enumerate() {
        let bh = h * (*v as f64) / max as f64;
        let _ = write!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"#5b7fa6\"><title>{}: {v}</title></rect>",
            i as f64 * bw + (bw * 0.15).min(1.0) / 2.0,
            h - bh,
            bw - (bw * 0.15).min(1.0),
            esc(labels.get(i).map(String::as_str).unwrap_or(""))
        );
    }
    let _ = write!(
        s,
        "<text x=\"0\" y=\"{}\" font-size=\"10\">{}</text><text x=\"{width}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{}</text></svg>",
        h + 14.0,
        esc(labels.first().map(String::as_str).unwrap_or("")),
        h + 14.0,
        esc(labels.last().map(String::as_str).unwrap_or(""))
    );
    s
}

/// The hour-by-weekday heatmap as inline SVG.
fn heatmap_svg(heatmap: &[[usize; 24]; 7]) -> String {
    let max = heatmap.iter().flatten().copied().max().unwrap_or(0).max(1);
    let mut s = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Urges by hour and weekday\" viewBox=\"0 0 520 170\">",
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
            "<text x=\"{}\" y=\"162\" font-size=\"10\">{h}</text>",
            44 + h * 20
        );
    }
    s.push_str("</svg>");
    s
}

fn when(e: &Entry) -> String {
    let mut s = esc(&e
        .occurred_at
        .to_datetime()
        .format("%Y-%m-%d %H:%M")
        .to_string());
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

/// Writes the report.
pub fn write<W: Write>(out: &mut W, r: &Report) -> io::Result<()> {
    let s = &r.summary;
    let mut h = SecretBuf::with_capacity(64 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<title>Recovery record</title><style>{CSS}</style></head><body>"
    );
    let _ = write!(
        h,
        "<section class=\"cover\"><h1>Recovery record for a therapy session</h1><ul>\
<li>Range: {} to {}</li><li>Generated: {}</li><li>Completeness: {}</li>",
        esc(&s.range.since.to_rfc3339()),
        esc(&s.range.until.to_rfc3339()),
        esc(&r.options.generated_at.to_rfc3339()),
        esc(&r.completeness())
    );
    if r.held_back_private > 0 {
        let _ = write!(
            h,
            "<li>Private entries held back: {}</li>",
            r.held_back_private
        );
    }
    let text = match r.options.text {
        TextPolicy::Default => "journal text of entries not marked private",
        TextPolicy::Include => "included",
        TextPolicy::None => "left out (structured fields only)",
    };
    let _ = write!(h, "<li>Free text: {text}</li>");
    if r.recorded_late > 0 {
        let _ = write!(
            h,
            "<li>Entries written down more than a day after they happened: {} (marked)</li>",
            r.recorded_late
        );
    }
    let _ = write!(
        h,
        "</ul><p class=\"muted\">{}</p></section>",
        esc(super::report::DEFINITIONS)
    );

    // Summary.
    let st = &s.streak;
    let u = &s.urges;
    let _ = write!(
        h,
        "<section><h2>Summary</h2>{}<table><tr><th>Figure</th><th>Value</th></tr>\
<tr><td>Current streak</td><td>{} days</td></tr><tr><td>Longest streak</td><td>{} days</td></tr>\
<tr><td>Lapses in range</td><td>{}</td></tr><tr><td>Clean days in range</td><td>{} of {}</td></tr>\
<tr><td>Since the start</td><td>{}</td></tr><tr><td>Phase</td><td>{} ({}), from {} clean days</td></tr>\
<tr><td>Urges</td><td>{} ({} resisted, {} acted on, {} with no outcome recorded)</td></tr>",
        super::report::private_sentence(r.private_left_out)
            .map(|l| format!("<p class=\"private-note\">{}</p>", esc(&l)))
            .unwrap_or_default(),
        st.current_days,
        st.longest_days,
        st.lapses_in_range,
        st.clean_days_in_range,
        st.counted_days_in_range,
        esc(&super::report::since_start(st)),
        s.phase.number,
        esc(s.phase.name),
        s.phase.clean_days,
        u.total,
        u.resisted,
        u.acted,
        u.no_outcome
    );
    if let Some(m) = u.mean_intensity {
        let _ = write!(h, "<tr><td>Mean urge intensity</td><td>{m:.1}</td></tr>");
    }
    if let Some(m) = s.mood.mean {
        let _ = write!(
            h,
            "<tr><td>Mean mood</td><td>{m:.1} ({} entries)</td></tr>",
            s.mood.entries
        );
    }
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
        "<tr><td>Practices</td><td>{} on {}; reflections: {}</td></tr></table>",
        s.practices.total,
        crate::export::report::days(s.practices.days_with_practice),
        s.practices.reflections
    );
    let labels: Vec<String> = s.urges_per_day.iter().map(|d| d.date.to_string()).collect();
    let values: Vec<usize> = s.urges_per_day.iter().map(|d| d.urges).collect();
    // A range longer than the days listed shows its last days (the figures above
    // cover all of it); say so rather than let the chart look like the whole range.
    let from = match (s.span, s.urges_per_day.first()) {
        (Some((start, _)), Some(first)) if first.date != start => format!(
            " <small>(the last {} days, from {}; the figures above cover the whole range)</small>",
            s.urges_per_day.len(),
            first.date
        ),
        _ => String::new(),
    };
    let _ = write!(
        h,
        "<h3>Urges per day{from}</h3>{}",
        bars_svg("Urges per day", &labels, &values, 600)
    );
    let _ = write!(
        h,
        "<h3>Urges by hour and weekday</h3>{}",
        heatmap_svg(&u.heatmap)
    );
    if !u.triggers.is_empty() {
        let labels: Vec<String> = u.triggers.iter().map(|t| t.name.clone()).collect();
        let values: Vec<usize> = u.triggers.iter().map(|t| t.count).collect();
        let _ = write!(
            h,
            "<h3>Triggers</h3>{}",
            bars_svg("Triggers", &labels, &values, 600)
        );
        h.push_str("<table><tr><th>Trigger</th><th class=\"num\">Urges</th><th class=\"num\">Resisted</th><th class=\"num\">Acted on</th><th class=\"num\">No outcome</th></tr>");
        for t in &u.triggers {
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
        h.push_str("</table>");
    }
    if !u.coping.is_empty() {
        h.push_str("<h3>Coping</h3><table><tr><th>Strategy</th><th class=\"num\">Used</th><th class=\"num\">Resisted</th><th class=\"num\">Acted on</th><th class=\"num\">No outcome</th></tr>");
        for c in &u.coping {
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&c.name),
                c.count,
                c.resisted,
                c.acted,
                c.no_outcome
            );
        }
        h.push_str("</table>");
    }
    if !u.halt.is_empty() {
        let list: Vec<String> = u
            .halt
            .iter()
            .map(|x| format!("{} {}", esc(&x.name), x.count))
            .collect();
        let _ = write!(h, "<p><strong>HALT:</strong> {}</p>", list.join(", "));
    }
    if s.mood.weekly.len() > 1 {
        let labels: Vec<String> = s.mood.weekly.iter().map(|w| w.week.to_string()).collect();
        let values: Vec<usize> = s
            .mood
            .weekly
            .iter()
            .map(|w| (w.mean * 10.0).round() as usize)
            .collect();
        let _ = write!(
            h,
            "<h3>Mean mood by week (×10)</h3>{}",
            bars_svg("Mean mood by week", &labels, &values, 600)
        );
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
                "<li><span class=\"muted\">{}</span> {}</li>",
                esc(&super::report::human_time(e.occurred_at)),
                esc(text).replace('\n', "<br>")
            );
        }
        h.push_str("</ul></section>");
    }

    if !r.options.summary_only {
        // Urge log.
        h.push_str("<section><h2>Urge log</h2>");
        let urges: Vec<&&Entry> = r
            .entries
            .iter()
            .filter(|e| matches!(e.body, EntryBody::Urge(_)))
            .collect();
        if urges.is_empty() {
            h.push_str("<p>No urges in this range.</p>");
        } else {
            h.push_str("<table><tr><th>When</th><th class=\"num\">Intensity</th><th>Triggers</th><th>HALT</th><th>Coping</th><th>Outcome</th><th class=\"num\">Minutes</th><th>Note</th></tr>");
            for e in urges {
                let EntryBody::Urge(x) = &e.body else {
                    unreachable!("filtered to urges")
                };
                let note = if r.text_allowed(e) {
                    x.note.as_deref().map(esc).unwrap_or_default()
                } else {
                    String::new()
                };
                let _ = write!(
                    h,
                    "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{note}</td></tr>",
                    when(e),
                    x.intensity,
                    esc(&x.triggers.join(", ")),
                    x.halt.names().join(", "),
                    esc(&x.coping.join(", ")),
                    x.outcome.map(|o| o.as_str()).unwrap_or(""),
                    x.minutes.map(|m| m.to_string()).unwrap_or_default()
                );
            }
            h.push_str("</table>");
        }
        h.push_str("</section><section><h2>Lapses</h2>");
        if r.lapse_episodes.is_empty() {
            h.push_str("<p>No lapses in this range.</p>");
        }
        for ep in &r.lapse_episodes {
            let _ = write!(h, "<h3>{}</h3><ul>", when(ep.entries[0]));
            if let Some((_, u)) = ep.urge() {
                let _ = write!(h, "<li>An urge acted on, intensity {}</li>", u.intensity);
            }
            let triggers = ep.triggers();
            if !triggers.is_empty() {
                let _ = write!(h, "<li>Triggers: {}</li>", esc(&triggers.join(", ")));
            }
            for (e, l) in ep.lapses() {
                let chain = l.chain.as_ref().filter(|c| !c.is_empty());
                if r.text_allowed(e) {
                    if let Some(n) = &l.note {
                        let _ = write!(h, "<li>Note: {}</li>", esc(n));
                    }
                    if let Some(c) = chain {
                        for (_, label, v) in c.fields() {
                            if let Some(v) = v {
                                let _ = write!(h, "<li>{label}: {}</li>", esc(v));
                            }
                        }
                    }
                } else if chain.is_some() {
                    h.push_str("<li>A chain analysis was written (its text is not included).</li>");
                }
            }
            h.push_str("</ul>");
        }
        h.push_str("</section><section><h2>Journal, reflections, practices and check-ins</h2>");
        let rest: Vec<&&Entry> = r
            .entries
            .iter()
            .filter(|e| !matches!(e.body, EntryBody::Urge(_) | EntryBody::Lapse(_)))
            .collect();
        if rest.is_empty() {
            h.push_str("<p>Nothing else in this range.</p>");
        }
        for e in rest {
            let text_ok = r.text_allowed(e);
            let kind_type = e
                .intimacy
                .map(|t| format!(" ({} intimacy)", t.as_str()))
                .unwrap_or_default();
            let tags = if e.tags.is_empty() {
                String::new()
            } else {
                format!(" — tags: {}", esc(&e.tags.join(", ")))
            };
            let _ = write!(
                h,
                "<h3>{} · {}{kind_type}{tags}</h3>",
                when(e),
                e.body.kind()
            );
            match &e.body {
                EntryBody::Journal(j) => {
                    if let Some(m) = j.mood {
                        let _ = write!(h, "<p>Mood {m}/10.</p>");
                    }
                    if !j.emotions.is_empty() {
                        let _ = write!(h, "<p>Emotions: {}.</p>", esc(&j.emotions.join(", ")));
                    }
                    if text_ok {
                        h.push_str(&para(&j.text));
                    }
                }
                EntryBody::Reflection(rf) => {
                    if let Some(p) = rf.prompt_id.as_deref().and_then(content::prompt) {
                        let _ = write!(h, "<blockquote>{}</blockquote>", esc(p.text));
                    }
                    if text_ok {
                        h.push_str(&para(&rf.text));
                    }
                }
                EntryBody::Practice(p) => {
                    let name = content::practice(&p.practice_id)
                        .map(|x| x.name)
                        .unwrap_or(&p.practice_id);
                    let _ = write!(
                        h,
                        "<p>Practice: {} ({}).</p>",
                        esc(name),
                        esc(&p.practice_id)
                    );
                    if text_ok && let Some(n) = &p.note {
                        h.push_str(&para(n));
                    }
                }
                EntryBody::Checkin(c) => {
                    if let Some(m) = c.mood {
                        let _ = write!(h, "<p>Mood {m}/10.</p>");
                    }
                    if !c.emotions.is_empty() {
                        let _ = write!(h, "<p>Emotions: {}.</p>", esc(&c.emotions.join(", ")));
                    }
                    if let Some(u) = c.urges {
                        let _ = write!(h, "<p>Urges since the last check-in: {u}.</p>");
                    }
                    if let Some(p) = &c.practice_id {
                        let _ = write!(h, "<p>Practice today: {}.</p>", esc(p));
                    }
                    if text_ok {
                        if let Some(a) = &c.appreciated {
                            let _ = write!(h, "<p>Appreciated: {}</p>", esc(a));
                        }
                        if let Some(n) = &c.note {
                            h.push_str(&para(n));
                        }
                    }
                }
                EntryBody::Agenda(a) => {
                    if a.done_at.is_some() {
                        h.push_str("<p>Agenda point, done.</p>");
                    }
                    if text_ok {
                        h.push_str(&para(&a.text));
                    }
                }
                EntryBody::Urge(_) | EntryBody::Lapse(_) => unreachable!("filtered out above"),
            }
        }
        h.push_str("</section>");
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
}
