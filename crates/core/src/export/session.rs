//! The session sheet: page 1 of the report, what a therapist needs in the first
//! five minutes of a session. The headline figures of the range, each against the
//! previous period of equal length; one timeline of mood, urges and lapses; the
//! flags worth a question; the client's agenda; and what is new since the last
//! report. Pure: computed once in [`super::report::build`], rendered by the HTML
//! and Markdown renderers and by `confide review --session`, so all three say the
//! same thing.

use crate::analysis::review::{self, Review};
use crate::model::entry::Outcome;
use crate::model::{Entry, EntryBody, Timestamp};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// A range of at most this many days is charted day by day; a longer one by week.
pub const DAILY_CHART_DAYS: usize = 45;
/// Urges at or above this intensity are flagged.
pub const HIGH_INTENSITY: u8 = 9;
/// A run of at least this many days without any entry is flagged.
pub const GAP_DAYS: usize = 3;
/// The most items each flag lists (the rest are counted).
pub const MAX_FLAGS: usize = 4;
/// How many lowest-mood days are flagged.
pub const LOWEST_MOOD_DAYS: usize = 3;

/// The session sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    /// The previous period of equal length: its first and last calendar days.
    pub previous_days: Option<(NaiveDate, NaiveDate)>,
    /// The review of the previous period, as of its end; `None` when that period has
    /// no day from the recovery start on (nothing to compare with).
    pub previous: Option<Review>,
    /// The headline figures, in order.
    pub lines: Vec<Line>,
    /// What is worth a question.
    pub flags: Flags,
    /// The chart.
    pub timeline: Timeline,
    /// What is new since the last report to the same recipient.
    pub new_since: Option<NewSince>,
}

impl Session {
    /// What the figures are compared with, as a sentence.
    pub fn comparison(&self) -> Option<String> {
        let (a, b) = self.previous_days?;
        Some(match &self.previous {
            Some(p) => {
                let empty = p.urges.total == 0
                    && p.mood.entries == 0
                    && p.checkins.total == 0
                    && p.practices.total == 0
                    && p.practices.reflections == 0
                    && p.streak.lapses_in_range == 0;
                format!(
                    "Compared with the previous {} ({} to {}){}.",
                    super::report::days(((b - a).num_days() + 1) as usize),
                    super::report::human_date(a),
                    super::report::human_date(b),
                    if empty {
                        ", when nothing was logged"
                    } else {
                        ""
                    }
                )
            }
            None => "No earlier period to compare with: it falls before the recovery start.".into(),
        })
    }
}

/// One headline figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// What it is.
    pub label: &'static str,
    /// Its value in this period, e.g. "12 of 20 urges (60%)".
    pub now: String,
    /// Its value in the previous period, if there is one to compare with.
    pub before: Option<String>,
    /// How it changed.
    pub change: Change,
}

/// How a figure changed since the previous period: arrows and words, never colour
/// alone, and no judgement (an arrow says which way, not whether it is good).
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Higher, by this much ("1.2", "3", "7 points").
    Up(String),
    /// Lower, by this much.
    Down(String),
    /// The same.
    Same,
    /// Nothing to compare: no previous period, or no value in one of them.
    None,
}

impl Change {
    /// "▲ up 1.2", "▼ down 3", "= same", "–".
    pub fn text(&self) -> String {
        match self {
            Change::Up(by) => format!("▲ up {by}"),
            Change::Down(by) => format!("▼ down {by}"),
            Change::Same => "= same".into(),
            Change::None => "–".into(),
        }
    }

    /// The same in ASCII, for a terminal that may not show arrows.
    pub fn ascii(&self) -> String {
        match self {
            Change::Up(by) => format!("up {by}"),
            Change::Down(by) => format!("down {by}"),
            Change::Same => "same".into(),
            Change::None => "-".into(),
        }
    }
}

/// The flags.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Flags {
    /// The days with the lowest mean mood, lowest first (at most [`LOWEST_MOOD_DAYS`]).
    pub lowest_mood: Vec<(NaiveDate, f64)>,
    /// Urges of intensity 9 or 10, earliest first (at most [`MAX_FLAGS`]).
    pub high_intensity: Vec<HighUrge>,
    /// How many there were in all.
    pub high_intensity_total: usize,
    /// Runs of [`GAP_DAYS`] or more days without any entry: first and last day
    /// (at most [`MAX_FLAGS`], the longest first).
    pub gaps: Vec<(NaiveDate, NaiveDate)>,
    /// How many such runs there were in all.
    pub gaps_total: usize,
}

impl Flags {
    /// Nothing flagged.
    pub fn is_empty(&self) -> bool {
        self.lowest_mood.is_empty() && self.high_intensity.is_empty() && self.gaps.is_empty()
    }
}

/// A high-intensity urge.
#[derive(Clone, Debug, PartialEq)]
pub struct HighUrge {
    /// When.
    pub at: Timestamp,
    /// 9 or 10.
    pub intensity: u8,
    /// How it ended.
    pub outcome: Option<Outcome>,
}

/// The timeline chart: one bucket per day, or per week for a long range.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    /// Buckets are weeks (else days).
    pub weekly: bool,
    /// Oldest first.
    pub buckets: Vec<Bucket>,
    /// The range is longer than the days listed: the chart starts on this day.
    pub starts_late: Option<NaiveDate>,
}

/// One day or week of the timeline.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bucket {
    /// Its first day.
    pub start: NaiveDate,
    /// Days of the range it covers (1 for a day; up to 7 for a week).
    pub days: usize,
    /// Mean of the days' mean moods, to one decimal.
    pub mood: Option<f64>,
    /// Days with a mood it rests on.
    pub mood_days: usize,
    /// Urges logged.
    pub urges: usize,
    /// Days with a lapse.
    pub lapse_days: usize,
    /// Earlier reports written on its days.
    pub reports: usize,
}

impl Bucket {
    /// "Sat 1 Aug" or "week of Mon 3 Aug".
    pub fn label(&self, weekly: bool) -> String {
        if weekly {
            format!("week of {}", self.start.format("%a %-d %b"))
        } else {
            self.start.format("%a %-d %b").to_string()
        }
    }

    /// Everything it shows, in words (the chart's text equivalent).
    pub fn describe(&self, weekly: bool) -> String {
        let mut s = self.label(weekly);
        if weekly {
            s.push_str(&format!(" ({})", super::report::days(self.days)));
        }
        match self.mood {
            Some(m) if weekly => s.push_str(&format!(
                ": mood {m:.1} (from {})",
                super::report::days(self.mood_days)
            )),
            Some(m) => s.push_str(&format!(": mood {m:.1}")),
            None => s.push_str(": no mood"),
        }
        s.push_str(&format!(
            ", {} urge{}",
            self.urges,
            if self.urges == 1 { "" } else { "s" }
        ));
        if self.lapse_days > 0 {
            if weekly {
                s.push_str(&format!(
                    ", a lapse on {}",
                    super::report::days(self.lapse_days)
                ));
            } else {
                s.push_str(", a lapse");
            }
        }
        match self.reports {
            0 => {}
            1 => s.push_str(", a report was written"),
            n => s.push_str(&format!(", {n} reports were written")),
        }
        s
    }
}

/// What is new since the last report.
#[derive(Clone, Debug, PartialEq)]
pub struct NewSince {
    /// The end of what the last report covered: what happened after it is new.
    pub at: Timestamp,
    /// When the last report was written: what was written after it is new.
    pub written_at: Timestamp,
    /// Urges logged after it.
    pub urges: usize,
    /// Lapse episodes begun after it.
    pub lapses: usize,
    /// Check-ins.
    pub checkins: usize,
    /// Journal entries.
    pub journal: usize,
    /// Chain analyses written after the report was written.
    pub chains: usize,
    /// Agenda points written after the report was written.
    pub agenda: usize,
    /// Entries written after the report was written about moments it covered.
    pub backfilled: usize,
}

impl NewSince {
    /// One sentence.
    pub fn sentence(&self) -> String {
        let n =
            |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
        let mut s = format!(
            "Since the last report (it covered up to {}): {}, {}, {}, {}, {}, {}.",
            super::report::human_time(self.at),
            n(self.urges, "urge", "urges"),
            n(self.lapses, "lapse", "lapses"),
            n(self.checkins, "check-in", "check-ins"),
            n(self.journal, "journal entry", "journal entries"),
            n(self.chains, "chain analysis", "chain analyses"),
            n(self.agenda, "new agenda point", "new agenda points"),
        );
        if self.backfilled > 0 {
            s.push_str(&format!(
                " {} written since it about days it covered.",
                n(self.backfilled, "entry was", "entries were")
            ));
        }
        s
    }
}

fn pct(part: usize, whole: usize) -> Option<i64> {
    (whole > 0).then(|| (part as f64 * 100.0 / whole as f64).round() as i64)
}

/// "12 of 20 urges (60%)", "1 of 1 urge (100%)".
fn of(part: usize, whole: usize, what: &str) -> String {
    let what = if whole == 1 {
        what.trim_end_matches('s')
    } else {
        what
    };
    match pct(part, whole) {
        Some(p) => format!("{part} of {whole} {what} ({p}%)"),
        None => format!("{part} of {whole} {what}"),
    }
}

fn change_f(now: Option<f64>, before: Option<f64>) -> Change {
    match (now, before) {
        (Some(a), Some(b)) => {
            // From the values as shown (one decimal), so the change adds up.
            let r = |x: f64| (x * 10.0).round();
            let d = (r(a) - r(b)) / 10.0;
            if d > 0.0 {
                Change::Up(format!("{d:.1}"))
            } else if d < 0.0 {
                Change::Down(format!("{:.1}", -d))
            } else {
                Change::Same
            }
        }
        _ => Change::None,
    }
}

fn change_i(now: i64, before: i64) -> Change {
    match now.cmp(&before) {
        std::cmp::Ordering::Greater => Change::Up((now - before).to_string()),
        std::cmp::Ordering::Less => Change::Down((before - now).to_string()),
        std::cmp::Ordering::Equal => Change::Same,
    }
}

fn change_pct(now: Option<i64>, before: Option<i64>) -> Change {
    match (now, before) {
        (Some(a), Some(b)) => match change_i(a, b) {
            Change::Up(d) => Change::Up(format!("{d} point{}", if d == "1" { "" } else { "s" })),
            Change::Down(d) => {
                Change::Down(format!("{d} point{}", if d == "1" { "" } else { "s" }))
            }
            c => c,
        },
        _ => Change::None,
    }
}

/// "6.3 (34 entries)", "4.0 (1 entry)".
fn mood(r: &Review) -> String {
    let n = r.mood.entries;
    format!(
        "{} ({n} {})",
        f1(r.mood.mean),
        if n == 1 { "entry" } else { "entries" }
    )
}

fn f1(v: Option<f64>) -> String {
    v.map(|m| format!("{m:.1}")).unwrap_or_else(|| "–".into())
}

/// What a figure's change is worked out from.
#[derive(Clone, Copy)]
enum Measure {
    /// A mean or rate, compared at one decimal.
    Decimal(Option<f64>),
    /// A count.
    Count(i64),
    /// A share in whole percent, compared in points.
    Share(Option<i64>),
}

fn change(now: Measure, before: Measure) -> Change {
    match (now, before) {
        (Measure::Decimal(a), Measure::Decimal(b)) => change_f(a, b),
        (Measure::Count(a), Measure::Count(b)) => change_i(a, b),
        (Measure::Share(a), Measure::Share(b)) => change_pct(a, b),
        _ => Change::None,
    }
}

/// One figure of a review: its label, and how to show and measure it.
type Figure = (&'static str, fn(&Review) -> (String, Measure));

/// "12 of 20 urges (60%)", measured as the share.
fn share_of_urges(part: usize, r: &Review) -> (String, Measure) {
    let whole = r.urges.total;
    (of(part, whole, "urges"), Measure::Share(pct(part, whole)))
}

/// The headline figures, in order. Every value is one of `review --json`'s, formatted.
const FIGURES: [Figure; 10] = [
    ("Urges per week", |r| {
        (
            format!("{} ({} in all)", f1(r.urges.per_week), r.urges.total),
            Measure::Decimal(r.urges.per_week),
        )
    }),
    ("Resisted", |r| share_of_urges(r.urges.resisted, r)),
    ("Acted on", |r| share_of_urges(r.urges.acted, r)),
    ("No outcome recorded", |r| {
        share_of_urges(r.urges.no_outcome, r)
    }),
    ("Mean intensity", |r| {
        (
            f1(r.urges.mean_intensity),
            Measure::Decimal(r.urges.mean_intensity),
        )
    }),
    ("Mean mood (1-10)", |r| {
        (mood(r), Measure::Decimal(r.mood.mean))
    }),
    ("Lapse episodes", |r| {
        let n = r.streak.lapses_in_range;
        (n.to_string(), Measure::Count(n as i64))
    }),
    ("Current streak", |r| {
        let n = r.streak.current_days;
        (super::report::days(n.max(0) as usize), Measure::Count(n))
    }),
    ("Clean days", |r| {
        let (part, whole) = (r.streak.clean_days_in_range, r.streak.counted_days_in_range);
        (
            format!("{part} of {}", super::report::days(whole)),
            Measure::Share(pct(part, whole)),
        )
    }),
    ("Check-ins", |r| {
        let (part, whole) = (r.checkins.days_with_checkin, r.checkins.days);
        (
            format!("on {part} of {}", super::report::days(whole)),
            Measure::Share(pct(part, whole)),
        )
    }),
];

/// The headline figures of `now`, against `before` when there is one.
pub fn lines(now: &Review, before: Option<&Review>) -> Vec<Line> {
    // The current streak is the streak on the report's day; the previous period's is
    // the streak on its last day. They compare only when this range ends on the
    // report's day too.
    let today = Timestamp::to_datetime(&now.as_of).date_naive();
    let ends_today = now.span.is_some_and(|(_, last)| last == today);
    FIGURES
        .iter()
        .map(|(label, figure)| {
            let (value, measure) = figure(now);
            let previous = before
                .filter(|_| ends_today || *label != "Current streak")
                .map(figure);
            Line {
                label,
                now: value,
                change: previous
                    .as_ref()
                    .map_or(Change::None, |(_, m)| change(measure, *m)),
                before: previous.map(|(v, _)| v),
            }
        })
        .collect()
}

/// The previous period of equal length in calendar days: the `n` days before the
/// range's first day, as instants in the as-of offset (from midnight to the last
/// millisecond of its last day).
pub fn previous_range(
    now: &Review,
    local_midnight: Option<fn(NaiveDate) -> Option<Timestamp>>,
) -> Option<(Timestamp, Timestamp, NaiveDate, NaiveDate)> {
    let (first, last) = now.span?;
    let n = (last - first).num_days() + 1;
    let prev_last = first.pred_opt()?;
    let prev_first = first.checked_sub_days(chrono::Days::new(n as u64))?;
    let offset = now.as_of.offset_s;
    let midnight = |d: NaiveDate| match local_midnight {
        Some(f) => f(d),
        None => Some(Timestamp {
            unix_ms: d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis()
                - i64::from(offset) * 1000,
            offset_s: offset,
        }),
    };
    let since = midnight(prev_first)?;
    let next = midnight(first)?;
    let until = Timestamp {
        unix_ms: next.unix_ms - 1,
        ..next
    };
    Some((since, until, prev_first, prev_last))
}

/// Everything `build` needs besides the report's own figures.
pub struct Inputs<'a> {
    /// The entries the figures count (private ones only when included).
    pub visible: &'a [Entry],
    /// Their lapse episodes, grouped once for both periods' reviews.
    pub episodes: &'a crate::analysis::episodes::Episodes,
    /// The range's review.
    pub now: &'a Review,
    /// The request it was made with.
    pub request: review::Request,
    /// One row per day of the range (the last [`review::MAX_LISTED_DAYS`]).
    pub daily: &'a [super::report::DayRow],
    /// When earlier reports were written.
    pub report_dates: &'a [Timestamp],
    /// The last report to the same recipients.
    pub last_report: Option<super::report::LastReport>,
    /// Where a calendar day begins (see `report::Options::local_midnight`).
    pub local_midnight: Option<fn(NaiveDate) -> Option<Timestamp>>,
    /// The report lists urges (no `--kind` leaves them out): only then are single
    /// urges flagged.
    pub urges_listed: bool,
}

/// Computes the session sheet.
pub fn build(i: Inputs<'_>) -> Session {
    let (previous_days, previous) = match previous_range(i.now, i.local_midnight) {
        Some((since, until, a, b)) => {
            let req = review::Request {
                since,
                until,
                as_of: until,
                ..i.request
            };
            let r = review::review_of(i.visible, i.episodes, req).0;
            (
                Some((a, b)),
                (r.streak.counted_days_in_range > 0).then_some(r),
            )
        }
        None => (None, None),
    };
    let lines = lines(i.now, previous.as_ref());
    Session {
        previous_days,
        lines,
        flags: flags(&i),
        timeline: timeline(&i),
        new_since: i.last_report.map(|last| new_since(&i, last)),
        previous,
    }
}

fn flags(i: &Inputs<'_>) -> Flags {
    let mut f = Flags::default();
    let mut moods: Vec<(NaiveDate, f64)> = i
        .daily
        .iter()
        .filter_map(|d| d.mood.map(|m| (d.date, m)))
        .collect();
    moods.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    f.lowest_mood = moods.into_iter().take(LOWEST_MOOD_DAYS).collect();
    // Single urges, with their times: only when the report lists urges.
    let high: Vec<HighUrge> = i
        .visible
        .iter()
        .filter(|_| i.urges_listed)
        .filter(|e| review::in_range_at(e.occurred_at, i.request))
        .filter_map(|e| match &e.body {
            EntryBody::Urge(u) if u.intensity >= HIGH_INTENSITY => Some(HighUrge {
                at: e.occurred_at,
                intensity: u.intensity,
                outcome: u.outcome,
            }),
            _ => None,
        })
        .collect();
    f.high_intensity_total = high.len();
    let mut high = high;
    high.sort_by_key(|h| h.at.unix_ms);
    f.high_intensity = high.into_iter().take(MAX_FLAGS).collect();
    // Gaps: days of the range, from the start's date on, with no entry at all.
    let Some((first, last)) = i.now.span else {
        return f;
    };
    let start_day = i.request.start_day();
    let from = first.max(start_day).max(
        last.checked_sub_days(chrono::Days::new(review::MAX_LISTED_DAYS as u64))
            .unwrap_or(first),
    );
    // Today has only begun: a run of empty days ends yesterday at the latest.
    let today = i.now.as_of.to_datetime().date_naive();
    let last = if last >= today {
        match today.pred_opt() {
            Some(d) => d,
            None => return f,
        }
    } else {
        last
    };
    let logged: BTreeSet<NaiveDate> = i
        .visible
        .iter()
        .filter(|e| !matches!(e.body, EntryBody::Agenda(_)))
        .map(|e| e.occurred_at.to_datetime().date_naive())
        .filter(|d| *d >= from && *d <= last)
        .collect();
    let mut gaps = Vec::new();
    let mut run: Option<NaiveDate> = None;
    let mut d = from;
    while d <= last {
        if logged.contains(&d) {
            if let Some(s) = run.take()
                && (d - s).num_days() as usize >= GAP_DAYS
            {
                gaps.push((s, d.pred_opt().unwrap_or(d)));
            }
        } else if run.is_none() {
            run = Some(d);
        }
        let Some(n) = d.succ_opt() else { break };
        d = n;
    }
    if let Some(s) = run
        && (last - s).num_days() as usize + 1 >= GAP_DAYS
    {
        gaps.push((s, last));
    }
    f.gaps_total = gaps.len();
    gaps.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
    gaps.truncate(MAX_FLAGS);
    gaps.sort();
    f.gaps = gaps;
    f
}

fn timeline(i: &Inputs<'_>) -> Timeline {
    let Some((first, _)) = i.now.span else {
        return Timeline::default();
    };
    let weekly = i.daily.len() > DAILY_CHART_DAYS;
    let report_days: BTreeMap<NaiveDate, usize> =
        i.report_dates.iter().fold(BTreeMap::new(), |mut m, t| {
            *m.entry(
                Timestamp {
                    unix_ms: t.unix_ms,
                    offset_s: i.now.as_of.offset_s,
                }
                .to_datetime()
                .date_naive(),
            )
            .or_default() += 1;
            m
        });
    let mut buckets: Vec<(Bucket, f64)> = Vec::new();
    for d in i.daily {
        let key = if weekly {
            review::week_of(d.date, i.request.week_start).max(first)
        } else {
            d.date
        };
        if buckets.last().is_none_or(|(b, _)| b.start != key) {
            buckets.push((
                Bucket {
                    start: key,
                    ..Bucket::default()
                },
                0.0,
            ));
        }
        let (b, sum) = buckets.last_mut().expect("just pushed");
        b.days += 1;
        b.urges += d.urges;
        b.lapse_days += usize::from(d.lapse);
        b.reports += report_days.get(&d.date).copied().unwrap_or(0);
        if let Some(m) = d.mood {
            b.mood_days += 1;
            *sum += m;
        }
    }
    Timeline {
        weekly,
        starts_late: i.daily.first().map(|d| d.date).filter(|d| *d != first),
        buckets: buckets
            .into_iter()
            .map(|(mut b, sum)| {
                b.mood =
                    (b.mood_days > 0).then(|| (sum / b.mood_days as f64 * 10.0).round() / 10.0);
                b
            })
            .collect(),
    }
}

fn new_since(i: &Inputs<'_>, last: super::report::LastReport) -> NewSince {
    let (at, written) = (last.covered_until.unix_ms, last.written_at.unix_ms);
    let until = i.request.until.unix_ms.min(i.request.as_of.unix_ms);
    let after = |e: &Entry| e.occurred_at.unix_ms > at && e.occurred_at.unix_ms <= until;
    let mut n = NewSince {
        at: last.covered_until,
        written_at: last.written_at,
        urges: 0,
        lapses: 0,
        checkins: 0,
        journal: 0,
        chains: 0,
        agenda: 0,
        backfilled: 0,
    };
    for e in i.visible {
        if e.recorded_at.unix_ms > written && e.occurred_at.unix_ms <= at {
            n.backfilled += 1;
        }
        if matches!(&e.body, EntryBody::Agenda(_)) {
            n.agenda += usize::from(e.recorded_at.unix_ms > written);
            continue;
        }
        if let EntryBody::Lapse(l) = &e.body
            && l.chain.as_ref().is_some_and(|c| !c.is_empty())
            && e.recorded_at.unix_ms > written
        {
            n.chains += 1;
        }
        if !after(e) {
            continue;
        }
        match &e.body {
            EntryBody::Urge(_) => n.urges += 1,
            EntryBody::Checkin(_) => n.checkins += 1,
            EntryBody::Journal(_) => n.journal += 1,
            _ => {}
        }
    }
    n.lapses = i
        .episodes
        .list
        .iter()
        .filter(|ep| review::counts(ep, i.request) && ep.at.unix_ms > at && ep.at.unix_ms <= until)
        .count();
    n
}

/// The client's name for print: trimmed, at most 40 characters (the CLI refuses
/// longer), made safe for a terminal by the sanitiser; renderers escape it again
/// for their own syntax.
pub fn display_name(name: &str) -> String {
    crate::sanitize::field(name.trim())
        .chars()
        .take(40)
        .collect()
}

/// The sheet as plain text lines for a terminal of `width` columns (at least 60):
/// the same content as page 1, in the same order.
pub fn text(r: &super::report::Report<'_>, width: usize) -> Vec<String> {
    let s = &r.session;
    let sum = &r.summary;
    let width = width.max(60);
    let mut out = Vec::new();
    let title = match &r.options.name {
        Some(n) => format!("Session sheet: {}", display_name(n)),
        None => "Session sheet".into(),
    };
    out.extend(wrap(&title, width, "", ""));
    out.extend(wrap(&range_line(r), width, "", ""));
    if let Some(c) = s.comparison() {
        out.extend(wrap(&c, width, "", ""));
    }
    out.push(String::new());
    let lw = 20;
    let vw = (width - lw - 4) / 3 + 4;
    out.push(format!(
        "{:<lw$}{:<vw$}{:<vw$}{}",
        "", "This period", "Previous", "Change"
    ));
    for l in &s.lines {
        out.push(
            format!(
                "{:<lw$}{:<vw$}{:<vw$}{}",
                l.label,
                fit(&l.now, vw - 1),
                fit(l.before.as_deref().unwrap_or("–"), vw - 1),
                l.change.text()
            )
            .trim_end()
            .to_string(),
        );
    }
    out.push(format!(
        "{:<lw$}{}",
        "Since the start",
        super::report::since_start(&sum.streak)
    ));
    out.push(format!(
        "{:<lw$}{} ({}), which a lapse never takes back",
        "Phase", sum.phase.number, sum.phase.name
    ));
    out.push(String::new());
    out.extend(timeline_text(&s.timeline, width));
    out.push(String::new());
    out.push("Flags".into());
    for f in flag_lines(s) {
        out.extend(wrap(&f, width, "  - ", "    "));
    }
    out.push(String::new());
    out.push("Agenda".into());
    if r.agenda.is_empty() {
        out.push("  No open points.".into());
    }
    let (points, more) = agenda_on_sheet(r);
    for (e, text) in points {
        out.extend(wrap(
            &format!(
                "{} ({}{})",
                crate::sanitize::field(&text),
                e.occurred_at.to_datetime().format("%a %-d %b"),
                if e.private { ", private" } else { "" }
            ),
            width,
            "  - ",
            "    ",
        ));
    }
    if more > 0 {
        out.push(format!(
            "  and {more} more (`confide agenda` lists them all)"
        ));
    }
    if let Some(n) = &s.new_since {
        out.push(String::new());
        out.extend(wrap(&n.sentence(), width, "", ""));
    }
    out.push(String::new());
    out.extend(wrap(&about(r), width, "", ""));
    out
}

/// The timeline for a terminal. Day by day: one column per day, a strip for mood
/// (a digit, `X` for 10, `-` for none), one for urges (a digit, `+` for 10 or more)
/// and one for lapses (`L`) and earlier reports (`R`). By week: a line per week.
fn timeline_text(t: &Timeline, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let (Some(first), Some(last)) = (t.buckets.first(), t.buckets.last()) else {
        return out;
    };
    if t.weekly {
        out.push("Timeline by week (mood: mean of the days with a mood)".into());
        for b in &t.buckets {
            out.push(fit(
                &format!(
                    "  {:<17} {} days  mood {:>4} ({} days)  urges {:>3}{}{}",
                    b.label(true),
                    b.days,
                    b.mood
                        .map(|m| format!("{m:.1}"))
                        .unwrap_or_else(|| "–".into()),
                    b.mood_days,
                    b.urges,
                    match b.lapse_days {
                        0 => String::new(),
                        1 => "  lapse on 1 day".into(),
                        n => format!("  lapses on {n} days"),
                    },
                    if b.reports > 0 { "  report" } else { "" }
                ),
                width,
            ));
        }
    } else {
        let strip = |f: &dyn Fn(&Bucket) -> char| -> String { t.buckets.iter().map(f).collect() };
        let n = t.buckets.len();
        let from = first.start.format("%-d %b").to_string();
        let to = last.start.format("%-d %b").to_string();
        out.push(format!(
            "Timeline by day   {from}{}{to}",
            " ".repeat(n.saturating_sub(from.len() + to.len()).max(1))
        ));
        out.push(format!(
            "  mood (1-10)     {}",
            strip(&|b| match b.mood.map(|m| m.round() as u32) {
                Some(10) => 'X',
                Some(m) => char::from_digit(m.min(9), 10).unwrap_or('?'),
                None => '-',
            })
        ));
        out.push(format!(
            "  urges           {}",
            strip(&|b| match b.urges {
                0..=9 => char::from_digit(b.urges as u32, 10).unwrap_or('?'),
                _ => '+',
            })
        ));
        let marks = strip(&|b| match (b.lapse_days > 0, b.reports > 0) {
            (true, _) => 'L',
            (false, true) => 'R',
            _ => ' ',
        });
        out.push(format!("  lapse / report  {marks}").trim_end().to_string());
        out.push(fit(
            "  (mood: X is 10, - none; urges: + is 10 or more; L a lapse, R a report)",
            width,
        ));
    }
    if let Some(d) = t.starts_late {
        out.push(format!(
            "  (the chart shows the days from {}; the figures cover the whole range)",
            d.format("%a %-d %b %Y")
        ));
    }
    out
}

/// "Range: Sat 1 Aug 2026 to Sun 30 Aug 2026 (30 days); report of ...".
pub fn range_line(r: &super::report::Report<'_>) -> String {
    let sum = &r.summary;
    match sum.span {
        Some((a, b)) => format!(
            "{} to {} ({}); report of {}",
            super::report::human_date(a),
            super::report::human_date(b),
            super::report::days(sum.streak.days_in_range),
            super::report::human_time(r.options.generated_at)
        ),
        None => format!(
            "An empty range; report of {}",
            super::report::human_time(r.options.generated_at)
        ),
    }
}

/// The sheet's last line: how complete the range is, and what the report leaves out.
pub fn about(r: &super::report::Report<'_>) -> String {
    let mut about = vec![r.completeness()];
    if r.held_back_private > 0 {
        about.push(format!(
            "Private entries held back: {}.",
            r.held_back_private
        ));
    }
    about.push(format!(
        "Free text: {}.",
        match r.options.text {
            super::report::TextPolicy::Default => {
                "journal text, chain analyses and agenda points of entries not marked private"
            }
            super::report::TextPolicy::Include => "included",
            super::report::TextPolicy::None => "left out (structured fields only)",
        }
    ));
    if r.recorded_late > 0 {
        about.push(format!(
            "Entries written down more than a day after they happened: {} (marked \"recorded later\").",
            r.recorded_late
        ));
    }
    about.join(" ")
}

/// "Label: a; b; and 2 more".
fn listed(label: &str, list: &[String], more: usize) -> String {
    let more = if more > 0 {
        format!("; and {more} more")
    } else {
        String::new()
    };
    format!("{label}: {}{more}", list.join("; "))
}

/// The flags as sentences, in order; "Nothing flagged." when there are none.
pub fn flag_lines(s: &Session) -> Vec<String> {
    let f = &s.flags;
    let mut v = Vec::new();
    if !f.lowest_mood.is_empty() {
        let list: Vec<String> = f
            .lowest_mood
            .iter()
            .map(|(d, m)| format!("{m:.1} on {}", d.format("%a %-d %b")))
            .collect();
        v.push(format!("Lowest mood: {}", list.join("; ")));
    }
    if f.high_intensity_total > 0 {
        let list: Vec<String> = f
            .high_intensity
            .iter()
            .map(|h| {
                format!(
                    "{} on {} ({})",
                    h.intensity,
                    h.at.to_datetime().format("%a %-d %b, %H:%M"),
                    h.outcome.map_or("no outcome recorded", |o| match o {
                        Outcome::Resisted => "resisted",
                        Outcome::Acted => "acted on",
                    })
                )
            })
            .collect();
        v.push(listed(
            "Urges of intensity 9-10",
            &list,
            f.high_intensity_total - f.high_intensity.len(),
        ));
    }
    if f.gaps_total > 0 {
        let list: Vec<String> = f
            .gaps
            .iter()
            .map(|(a, b)| {
                format!(
                    "{} to {} ({})",
                    a.format("%a %-d %b"),
                    b.format("%a %-d %b"),
                    super::report::days(((*b - *a).num_days() + 1) as usize)
                )
            })
            .collect();
        v.push(listed(
            &format!("Nothing logged for {GAP_DAYS} days or more"),
            &list,
            f.gaps_total - f.gaps.len(),
        ));
    }
    if v.is_empty() {
        v.push("Nothing flagged.".into());
    }
    v
}

/// Columns `s` takes on a terminal.
fn cols(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Wraps at spaces to `width` terminal columns, the first line after `first`, the
/// others after `rest`; a word longer than a line is cut.
fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let used = cols(&line);
        if !empty && used + 1 + cols(word) > width {
            lines.push(std::mem::replace(&mut line, rest.to_string()));
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    lines.push(line);
    lines.into_iter().map(|l| fit(&l, width)).collect()
}

/// Shortens to `w` terminal columns with an ellipsis.
fn fit(s: &str, w: usize) -> String {
    if cols(s) <= w {
        return s.to_string();
    }
    let mut t = String::new();
    for c in s.chars() {
        if cols(&t) + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > w {
            break;
        }
        t.push(c);
    }
    t.push('…');
    t
}

/// Agenda points longer than this, or more points than [`AGENDA_ON_SHEET`], are
/// shortened on the sheet and given in full later in the report.
pub const AGENDA_CHARS: usize = 200;
/// The most agenda points the sheet lists.
pub const AGENDA_ON_SHEET: usize = 6;

/// The agenda as the sheet shows it: the first [`AGENDA_ON_SHEET`] points, each cut
/// to [`AGENDA_CHARS`] characters, with whether it is private; and how many more.
pub fn agenda_on_sheet<'r>(r: &'r super::report::Report<'_>) -> (Vec<(&'r Entry, String)>, usize) {
    let shown = super::report::agenda_points(r)
        .take(AGENDA_ON_SHEET)
        .map(|(e, text)| (e, crate::model::entry::cut(text.to_string(), AGENDA_CHARS)))
        .collect();
    (shown, r.agenda.len().saturating_sub(AGENDA_ON_SHEET))
}

/// Whether the sheet shortens the agenda (the full one then follows in the report).
pub fn agenda_cut(r: &super::report::Report<'_>) -> bool {
    r.agenda.len() > AGENDA_ON_SHEET
        || super::report::agenda_points(r).any(|(_, t)| t.chars().count() > AGENDA_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entry::{Journal, Urge};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn at(s: &str) -> Timestamp {
        Timestamp::from_datetime(chrono::DateTime::parse_from_rfc3339(s).unwrap())
    }

    fn request(since: &str, until: &str) -> review::Request {
        review::Request {
            start: at("2026-01-01T00:00:00+00:00"),
            since: at(since),
            until: at(until),
            as_of: at(until),
            week_start: chrono::Weekday::Mon,
        }
    }

    fn journal(when: &str, mood: u8) -> Entry {
        written(Entry::new(
            EntryBody::Journal(Journal {
                text: String::new(),
                mood: Some(mood),
                emotions: vec![],
            }),
            at(when),
        ))
    }

    /// Written down when it happened.
    fn written(mut e: Entry) -> Entry {
        e.recorded_at = e.occurred_at;
        e
    }

    fn urge(when: &str, intensity: u8) -> Entry {
        written(Entry::new(
            EntryBody::Urge(Urge {
                intensity,
                triggers: vec![],
                coping: vec![],
                outcome: Some(Outcome::Resisted),
                minutes: None,
                note: None,
                halt: crate::model::entry::Halt::default(),
                curve: Vec::new(),
            }),
            at(when),
        ))
    }

    fn sheet(
        entries: &[Entry],
        req: review::Request,
        last: Option<crate::export::report::LastReport>,
    ) -> Session {
        let now = review::review(entries, req);
        let refs: Vec<&Entry> = entries.iter().collect();
        let daily = crate::export::report::daily_rows(&now.days, entries, &refs, |_| false);
        build(Inputs {
            visible: entries,
            episodes: &crate::analysis::episodes::episodes(entries),
            now: &now,
            request: req,
            daily: &daily,
            report_dates: &[at("2026-03-04T10:00:00+00:00")],
            last_report: last,
            local_midnight: None,
            urges_listed: true,
        })
    }

    #[test]
    fn the_previous_period_is_the_same_number_of_calendar_days_just_before() {
        let now = review::review(
            &[],
            request("2026-03-01T00:00:00+00:00", "2026-03-30T18:00:00+00:00"),
        );
        let (since, until, a, b) = previous_range(&now, None).unwrap();
        assert_eq!((a, b), (day("2026-01-30"), day("2026-02-28")));
        assert_eq!(since, at("2026-01-30T00:00:00+00:00"));
        assert_eq!(until.unix_ms, at("2026-03-01T00:00:00+00:00").unix_ms - 1);
    }

    #[test]
    fn flags_find_gaps_high_urges_and_the_lowest_moods() {
        let entries = vec![
            journal("2026-03-01T20:00:00+00:00", 6),
            journal("2026-03-02T20:00:00+00:00", 3),
            urge("2026-03-02T22:00:00+00:00", 10),
            // Nothing on the 3rd, 4th, 5th: a gap of 3 days.
            journal("2026-03-06T20:00:00+00:00", 4),
            urge("2026-03-06T22:00:00+00:00", 9),
            urge("2026-03-06T23:00:00+00:00", 8),
            journal("2026-03-07T20:00:00+00:00", 7),
            // The 8th and 9th: 2 days, no flag; the 11th to the 13th: 3 (the 14th is
            // the report's day, not over yet).
            journal("2026-03-10T20:00:00+00:00", 5),
        ];
        let s = sheet(
            &entries,
            request("2026-03-01T00:00:00+00:00", "2026-03-14T23:00:00+00:00"),
            None,
        );
        let f = &s.flags;
        assert_eq!(
            f.lowest_mood,
            vec![
                (day("2026-03-02"), 3.0),
                (day("2026-03-06"), 4.0),
                (day("2026-03-10"), 5.0)
            ]
        );
        assert_eq!(f.high_intensity_total, 2);
        assert_eq!(
            f.high_intensity
                .iter()
                .map(|h| h.intensity)
                .collect::<Vec<_>>(),
            [10, 9]
        );
        assert_eq!(
            f.gaps,
            vec![
                (day("2026-03-03"), day("2026-03-05")),
                (day("2026-03-11"), day("2026-03-13"))
            ]
        );
        let lines = flag_lines(&s);
        assert_eq!(
            lines[0],
            "Lowest mood: 3.0 on Mon 2 Mar; 4.0 on Fri 6 Mar; 5.0 on Tue 10 Mar"
        );
        assert!(
            lines[2]
                .starts_with("Nothing logged for 3 days or more: Tue 3 Mar to Thu 5 Mar (3 days)")
        );
        // The timeline is daily for 14 days, with the report of 4 Mar marked.
        assert!(!s.timeline.weekly);
        assert_eq!(s.timeline.buckets.len(), 14);
        assert_eq!(s.timeline.buckets[3].reports, 1);
        assert_eq!(s.timeline.buckets[5].urges, 2);
    }

    #[test]
    fn a_long_range_is_charted_by_week_and_each_week_says_what_it_rests_on() {
        let entries = vec![
            journal("2026-03-02T20:00:00+00:00", 4),
            journal("2026-03-03T20:00:00+00:00", 6),
            urge("2026-03-03T22:00:00+00:00", 5),
        ];
        let s = sheet(
            &entries,
            request("2026-02-01T00:00:00+00:00", "2026-04-30T12:00:00+00:00"),
            None,
        );
        let t = &s.timeline;
        assert!(t.weekly);
        // Sun 1 Feb is a week of one day; then whole weeks from Mon 2 Feb.
        assert_eq!(t.buckets[0].days, 1);
        assert!(
            t.buckets[1..t.buckets.len() - 1]
                .iter()
                .all(|b| b.days == 7)
        );
        let march = t
            .buckets
            .iter()
            .find(|b| b.start == day("2026-03-02"))
            .unwrap();
        assert_eq!(
            (march.mood, march.mood_days, march.urges),
            (Some(5.0), 2, 1)
        );
        assert_eq!(
            march.describe(true),
            "week of Mon 2 Mar (7 days): mood 5.0 (from 2 days), 1 urge, a report was written"
        );
        assert_eq!(t.buckets.iter().map(|b| b.days).sum::<usize>(), 89);
    }

    #[test]
    fn changes_are_worked_out_from_the_values_as_shown() {
        assert_eq!(change_f(Some(7.23), Some(6.07)), Change::Up("1.1".into()));
        assert_eq!(change_f(Some(5.04), Some(5.0)), Change::Same);
        assert_eq!(change_f(None, Some(5.0)), Change::None);
        assert_eq!(change_i(3, 5).text(), "▼ down 2");
        assert_eq!(change_pct(Some(61), Some(60)).text(), "▲ up 1 point");
        assert_eq!(change_pct(Some(50), Some(60)).ascii(), "down 10 points");
    }

    #[test]
    fn new_since_the_last_report_counts_what_came_after_it() {
        let mut late = journal("2026-03-03T20:00:00+00:00", 5);
        late.recorded_at = at("2026-03-09T08:00:00+00:00");
        let entries = vec![
            urge("2026-03-04T22:00:00+00:00", 5),
            late,
            urge("2026-03-08T22:00:00+00:00", 5),
            journal("2026-03-08T20:00:00+00:00", 5),
        ];
        let s = sheet(
            &entries,
            request("2026-03-01T00:00:00+00:00", "2026-03-10T00:00:00+00:00"),
            Some(crate::export::report::LastReport {
                covered_until: at("2026-03-05T00:00:00+00:00"),
                written_at: at("2026-03-05T09:00:00+00:00"),
            }),
        );
        let n = s.new_since.unwrap();
        assert_eq!((n.urges, n.journal, n.backfilled), (1, 1, 1));
        assert_eq!(
            n.sentence(),
            "Since the last report (it covered up to Thu 5 Mar 2026, 00:00): 1 urge, 0 lapses, 0 check-ins, 1 journal entry, 0 chain analyses, 0 new agenda points. 1 entry was written since it about days it covered."
        );
    }

    #[test]
    fn wrapping_keeps_every_word_within_the_width() {
        let lines = wrap("one two three four five six", 12, "  - ", "    ");
        assert_eq!(
            lines,
            ["  - one two", "    three", "    four", "    five six"]
        );
        assert!(
            wrap(&"x".repeat(30), 10, "", "")
                .iter()
                .all(|l| l.chars().count() <= 10)
        );
    }

    fn checkin(when: &str) -> Entry {
        written(Entry::new(
            EntryBody::Checkin(crate::model::entry::Checkin::default()),
            at(when),
        ))
    }

    #[test]
    fn adherence_counts_the_range_days_as_the_range_reckons_them() {
        // Two check-ins on 25 Nov in +02:00; the second is 25 Nov in UTC, the
        // range's offset, and the third 26 Nov in +02:00 is still 25 Nov in UTC.
        let entries = vec![
            checkin("2026-11-25T12:00:00+02:00"),
            checkin("2026-11-26T01:00:00+02:00"),
        ];
        let r = review::review(
            &entries,
            request("2026-11-25T00:00:00+00:00", "2026-11-25T23:59:59+00:00"),
        );
        assert_eq!(
            (
                r.checkins.total,
                r.checkins.days_with_checkin,
                r.checkins.days
            ),
            (2, 1, 1)
        );
    }

    #[test]
    fn urges_per_week_are_over_the_days_from_the_start() {
        let mut req = request("2026-01-01T00:00:00+00:00", "2026-01-14T23:00:00+00:00");
        // Begun on 8 Jan: 7 counted days; an urge before the start is in the total only.
        req.start = at("2026-01-08T00:00:00+00:00");
        let entries = vec![
            urge("2026-01-03T22:00:00+00:00", 5),
            urge("2026-01-09T22:00:00+00:00", 5),
            urge("2026-01-10T22:00:00+00:00", 5),
        ];
        let r = review::review(&entries, req);
        assert_eq!((r.urges.total, r.urges.per_week), (3, Some(2.0)));
    }

    #[test]
    fn the_streak_is_compared_only_when_the_range_ends_on_the_reports_day() {
        let entries = vec![journal("2026-02-10T20:00:00+00:00", 5)];
        let mut req = request("2026-03-01T00:00:00+00:00", "2026-03-10T23:00:00+00:00");
        let s = sheet(&entries, req, None);
        let streak = s
            .lines
            .iter()
            .find(|l| l.label == "Current streak")
            .unwrap();
        assert!(streak.before.is_some() && streak.change != Change::None);
        // The same range, reported later.
        req.as_of = at("2026-03-20T12:00:00+00:00");
        let s = sheet(&entries, req, None);
        let streak = s
            .lines
            .iter()
            .find(|l| l.label == "Current streak")
            .unwrap();
        assert_eq!((&streak.before, &streak.change), (&None, &Change::None));
        let clean = s.lines.iter().find(|l| l.label == "Clean days").unwrap();
        assert!(clean.before.is_some(), "other figures still compare");
    }

    #[test]
    fn today_is_no_gap_yet_and_one_urge_is_one_urge() {
        let entries = vec![
            urge("2026-03-01T22:00:00+00:00", 9),
            journal("2026-03-02T20:00:00+00:00", 5),
        ];
        // 3, 4 and 5 Mar are empty, and so is today, 6 Mar, so far.
        let s = sheet(
            &entries,
            request("2026-03-01T00:00:00+00:00", "2026-03-06T09:00:00+00:00"),
            None,
        );
        assert_eq!(s.flags.gaps, vec![(day("2026-03-03"), day("2026-03-05"))]);
        assert_eq!(s.lines[1].now, "1 of 1 urge (100%)");
        assert_eq!(s.flags.high_intensity_total, 1);
    }

    #[test]
    fn single_urges_are_flagged_only_when_the_report_lists_urges() {
        let entries = vec![urge("2026-03-01T22:00:00+00:00", 10)];
        let req = request("2026-03-01T00:00:00+00:00", "2026-03-03T09:00:00+00:00");
        let now = review::review(&entries, req);
        let refs: Vec<&Entry> = entries.iter().collect();
        let daily = crate::export::report::daily_rows(&now.days, &entries, &refs, |_| false);
        let s = build(Inputs {
            visible: &entries,
            episodes: &crate::analysis::episodes::episodes(&entries),
            now: &now,
            request: req,
            daily: &daily,
            report_dates: &[],
            last_report: None,
            local_midnight: None,
            urges_listed: false,
        });
        assert_eq!(s.flags.high_intensity_total, 0);
        assert!(s.flags.high_intensity.is_empty());
    }
}
