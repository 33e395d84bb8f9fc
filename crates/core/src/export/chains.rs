//! Lapse chains side by side, and the day grid (issue 17): pure functions over a
//! report's data, which the HTML and Markdown renderers lay out.
//!
//! - [`links`]: what each episode's chain analyses say, link by link, with the text
//!   that may not leave marked as held back (never compared, never shown);
//! - [`recurring`]: the same value in the same column across episodes;
//! - [`before`]: the 72 hours before an episode (urges, mood, check-ins);
//! - [`plans`]: whether the previous "next time" plan shows in the urge log;
//! - [`episode_rows`], [`recurring_sentence`] and [`table_note`]: the lapse table's
//!   words as [`Cell`]s, which each renderer only escapes and marks up;
//! - [`weeks`] and [`grid_summary`]: one square per day, weeks as rows.

use super::report::{self, DayRow, LapseEpisode, Report};
use crate::model::{Entry, EntryBody, Timestamp};
use chrono::NaiveDate;

/// How far back "before the episode" looks.
pub const BEFORE_MS: i64 = 72 * 3_600_000;

/// The calendar days before an episode's day checked for a check-in.
pub const CHECKIN_DAYS: u8 = 3;

/// The five links of a chain analysis as columns: (key, heading). The keys are
/// those of [`crate::model::entry::Chain::fields`].
pub const LINKS: [(&str, &str); 5] = [
    ("vulnerability", "Vulnerability"),
    ("prompting_event", "Prompting event"),
    ("thoughts_feelings", "Thoughts and feelings"),
    ("consequences", "Consequences"),
    ("next_time", "Next time"),
];

/// At most this many recurring values are listed above the chains table (all are
/// marked in it).
pub const RECURRING_LISTED: usize = 10;

/// The column of the triggers, for [`recurring`].
pub const TRIGGERS: &str = "trigger";

/// What the tables say once about the 72 hours before.
pub const BEFORE_NOTE: &str = "\"72 h before\" counts the urges and moods logged in the 72 \
hours before the episode began, and the days among the 3 before its day without a check-in.";

/// What the tables say once about the plan check, a heuristic.
pub const PLAN_NOTE: &str = "\"Previous plan\" looks for a coping strategy, logged with an urge \
between the previous episode and this one, whose name appears in the words of the previous \
\"next time\": a plan tried without logging it, or logged in other words, is not seen.";

/// One link of one episode's chain analyses.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Link<'a> {
    /// The answers that may be shown, trimmed, one per lapse entry that gave one.
    pub texts: Vec<&'a str>,
    /// An answer was written that may not leave.
    pub held: bool,
}

/// The five links of an episode, in the order of [`LINKS`]. `allowed` says whether
/// a lapse entry's chain text may be shown ([`super::report::Report::chain_text_allowed`]).
pub fn links<'a>(ep: &LapseEpisode<'a>, allowed: impl Fn(&Entry) -> bool) -> [Link<'a>; 5] {
    let mut out: [Link<'a>; 5] = Default::default();
    for e in &ep.entries {
        let EntryBody::Lapse(l) = &e.body else {
            continue;
        };
        let Some(chain) = &l.chain else { continue };
        let ok = allowed(e);
        for (slot, (_, _, value)) in out.iter_mut().zip(chain.fields()) {
            let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
                continue;
            };
            if ok {
                slot.texts.push(v);
            } else {
                slot.held = true;
            }
        }
    }
    out
}

/// The lapse notes of an episode that may be shown (`allowed`: the note rule,
/// [`super::report::Report::text_allowed`]), trimmed.
pub fn notes<'a>(ep: &LapseEpisode<'a>, allowed: impl Fn(&Entry) -> bool) -> Vec<&'a str> {
    ep.entries
        .iter()
        .filter(|e| allowed(e))
        .filter_map(|e| match &e.body {
            EntryBody::Lapse(l) => l.note.as_deref().map(str::trim),
            _ => None,
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// A value found in the same column of several episodes.
#[derive(Clone, Debug, PartialEq)]
pub struct Recurring<'a> {
    /// [`TRIGGERS`] or a key of [`LINKS`].
    pub column: &'static str,
    /// The value as first written (trimmed).
    pub value: &'a str,
    /// In how many episodes.
    pub episodes: usize,
}

/// The comparison key: trimmed and lowercased, character by character (as
/// [`recurs`] compares).
fn key(s: &str) -> String {
    s.trim().chars().flat_map(char::to_lowercase).collect()
}

/// The values that recur across episodes: the same text (after trim and lowercase)
/// in the same column of at least two episodes, each episode counted once. Triggers
/// are names the person chose and always compared; chain answers only where
/// `allowed` lets them be shown. Most frequent first, then by column and value.
pub fn recurring<'a>(
    episodes: &[LapseEpisode<'a>],
    allowed: impl Fn(&Entry) -> bool,
) -> Vec<Recurring<'a>> {
    let columns: Vec<&'static str> = std::iter::once(TRIGGERS)
        .chain(LINKS.iter().map(|(k, _)| *k))
        .collect();
    // (column index, key) -> (first value, episodes).
    let mut seen: std::collections::BTreeMap<(usize, String), (&'a str, usize)> =
        std::collections::BTreeMap::new();
    for ep in episodes {
        let mut values: Vec<(usize, &'a str)> = Vec::new();
        for e in &ep.entries {
            values.extend(e.body.triggers().iter().map(|t| (0, t.as_str())));
        }
        for (i, link) in links(ep, &allowed).into_iter().enumerate() {
            values.extend(link.texts.into_iter().map(|t| (i + 1, t)));
        }
        let mut once = std::collections::BTreeSet::new();
        for (col, v) in values {
            let k = key(v);
            if k.is_empty() || !once.insert((col, k.clone())) {
                continue;
            }
            seen.entry((col, k)).or_insert((v.trim(), 0)).1 += 1;
        }
    }
    let mut out: Vec<(usize, Recurring<'a>)> = seen
        .into_iter()
        .filter(|(_, (_, n))| *n >= 2)
        .map(|((col, _), (value, n))| {
            (
                col,
                Recurring {
                    column: columns[col],
                    value,
                    episodes: n,
                },
            )
        })
        .collect();
    out.sort_by(|(ca, a), (cb, b)| b.episodes.cmp(&a.episodes).then(ca.cmp(cb)));
    out.into_iter().map(|(_, r)| r).collect()
}

/// In how many episodes `value` recurs in `column`, if it does.
pub fn recurs(list: &[Recurring], column: &str, value: &str) -> Option<usize> {
    let k = key(value);
    list.iter()
        .find(|r| {
            r.column == column
                && r.value
                    .trim()
                    .chars()
                    .flat_map(char::to_lowercase)
                    .eq(k.chars())
        })
        .map(|r| r.episodes)
}

/// The heading of a column of [`recurring`], in lower case for a sentence.
pub fn column_name(column: &str) -> &'static str {
    match column {
        "vulnerability" => "vulnerability",
        "prompting_event" => "prompting event",
        "thoughts_feelings" => "thoughts and feelings",
        "consequences" => "consequences",
        "next_time" => "next time",
        _ => "trigger",
    }
}

/// What the 72 hours before an episode held.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Before {
    /// Urges logged.
    pub urges: usize,
    /// Their mean intensity, to one decimal.
    pub mean_intensity: Option<f64>,
    /// The moods given (journal and check-in).
    pub moods: usize,
    /// Their mean, to one decimal.
    pub mean_mood: Option<f64>,
    /// The calendar days before the episode's day that were looked at: up to
    /// [`CHECKIN_DAYS`], fewer when the recovery start is nearer.
    pub days: u8,
    /// Of those, the days without a check-in.
    pub days_without_checkin: u8,
}

fn mean1(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| (v.iter().sum::<f64>() / v.len() as f64 * 10.0).round() / 10.0)
}

/// The entries of `sorted` (by `occurred_at`) from `from_ms` on and before `to_ms`.
fn window<'s, 'a>(sorted: &'s [&'a Entry], from_ms: i64, to_ms: i64) -> &'s [&'a Entry] {
    let a = sorted.partition_point(|e| e.occurred_at.unix_ms < from_ms);
    let b = sorted.partition_point(|e| e.occurred_at.unix_ms < to_ms);
    &sorted[a..b.max(a)]
}

/// The 72 hours before `at` (the episode's start, not included), from `seen`: the
/// entries the summary counts (private ones only when they are included), sorted by
/// `occurred_at`. Days before `start_day` (the recovery start) are not looked at for
/// check-ins.
pub fn before(at: Timestamp, seen: &[&Entry], start_day: NaiveDate) -> Before {
    let from = at.unix_ms.saturating_sub(BEFORE_MS);
    let mut intensities = Vec::new();
    let mut moods = Vec::new();
    for e in window(seen, from, at.unix_ms) {
        match &e.body {
            EntryBody::Urge(u) => intensities.push(f64::from(u.intensity)),
            EntryBody::Journal(j) => moods.extend(j.mood.map(f64::from)),
            EntryBody::Checkin(c) => moods.extend(c.mood.map(f64::from)),
            _ => {}
        }
    }
    let day = at.to_datetime().date_naive();
    let looked: Vec<NaiveDate> = (1..=u64::from(CHECKIN_DAYS))
        .filter_map(|n| day.checked_sub_days(chrono::Days::new(n)))
        .filter(|d| *d >= start_day)
        .collect();
    // A check-in on one of those days, in its own offset, happened within these
    // bounds whatever the offsets.
    const DAY: i64 = 86_400_000;
    let near = window(
        seen,
        at.unix_ms
            .saturating_sub((i64::from(CHECKIN_DAYS) + 2) * DAY),
        at.unix_ms.saturating_add(2 * DAY),
    );
    let checked: std::collections::BTreeSet<NaiveDate> = near
        .iter()
        .filter(|e| matches!(e.body, EntryBody::Checkin(_)))
        .map(|e| e.occurred_at.to_datetime().date_naive())
        .filter(|d| looked.contains(d))
        .collect();
    Before {
        urges: intensities.len(),
        mean_intensity: mean1(&intensities),
        moods: moods.len(),
        mean_mood: mean1(&moods),
        days: looked.len() as u8,
        days_without_checkin: (looked.len() - checked.len()) as u8,
    }
}

/// Whether the previous episode's "next time" plan shows in the urge log.
#[derive(Clone, Debug, PartialEq)]
pub enum Plan<'a> {
    /// No earlier episode in the report has a plan that may be shown.
    None,
    /// A coping strategy whose name the plan contains was logged with an urge
    /// between the two episodes.
    Tried {
        /// When the episode with the plan began.
        plan_at: Timestamp,
        /// The strategy, as logged.
        strategy: &'a str,
        /// The first urge it was logged with.
        at: Timestamp,
        /// The urges between the episodes logged with a strategy the plan names.
        times: usize,
    },
    /// No urge between the episodes was logged with a strategy the plan names.
    NotSeen {
        /// When the episode with the plan began.
        plan_at: Timestamp,
    },
}

/// Whether `name` appears in `text` as whole words, case-insensitively, a hyphen
/// read as a space: "walk" is in "Go for a walk." but not in "walked", and
/// "urge-surfing" is in "try urge surfing".
pub fn mentions(text: &str, name: &str) -> bool {
    // Names are written with hyphens (`urge-surfing`), plans in plain words.
    let plain = |s: &str| -> String {
        s.chars()
            .flat_map(char::to_lowercase)
            .map(|c| if c == '-' || c == '_' { ' ' } else { c })
            .collect()
    };
    let name = plain(name.trim());
    let name = name.trim();
    if name.is_empty() {
        return false;
    }
    let text = plain(text);
    text.match_indices(&name).any(|(i, m)| {
        let before = text[..i].chars().next_back();
        let after = text[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// For each episode (in order): whether the plan of the most recent earlier episode
/// with a "next time" answer was tried, judged from the urges in `seen` (the
/// entries the summary counts, sorted by `occurred_at`) between the two. When that answer may not be shown
/// (`allowed`), nothing is said ([`Plan::None`]): the check would tell of its words.
pub fn plans<'a>(
    episodes: &[LapseEpisode<'a>],
    seen: &[&'a Entry],
    allowed: impl Fn(&Entry) -> bool,
) -> Vec<Plan<'a>> {
    // Each episode's "next time" answers that may be shown, and whether one may not.
    let next_time = |ep: &LapseEpisode<'a>| -> Option<(Vec<&'a str>, bool)> {
        let mut texts = Vec::new();
        let mut held = false;
        for e in &ep.entries {
            let e: &'a Entry = e;
            if let EntryBody::Lapse(l) = &e.body
                && let Some(t) = l
                    .chain
                    .as_ref()
                    .and_then(|c| c.next_time.as_deref())
                    .filter(|t| !t.trim().is_empty())
            {
                if allowed(e) {
                    texts.push(t);
                } else {
                    held = true;
                }
            }
        }
        (!texts.is_empty() || held).then_some((texts, held))
    };
    let plans: Vec<Option<(Vec<&'a str>, bool)>> = episodes.iter().map(next_time).collect();
    episodes
        .iter()
        .enumerate()
        .map(|(i, ep)| {
            let Some((j, (texts, held))) =
                (0..i).rev().find_map(|j| plans[j].as_ref().map(|p| (j, p)))
            else {
                return Plan::None;
            };
            if *held {
                return Plan::None;
            }
            let prev = &episodes[j];
            let members: Vec<_> = prev
                .entries
                .iter()
                .chain(ep.entries.iter())
                .map(|e| e.id)
                .collect();
            let mut found: Option<(&'a str, Timestamp)> = None;
            let mut times = 0;
            let between = window(seen, prev.at.unix_ms.saturating_add(1), ep.at.unix_ms);
            for e in between.iter().filter(|e| !members.contains(&e.id)) {
                let EntryBody::Urge(u) = &e.body else {
                    continue;
                };
                if let Some(name) = u
                    .coping
                    .iter()
                    .find(|c| texts.iter().any(|t| mentions(t, c)))
                {
                    times += 1;
                    found.get_or_insert((name.trim(), e.occurred_at));
                }
            }
            match found {
                Some((strategy, at)) => Plan::Tried {
                    plan_at: prev.at,
                    strategy,
                    at,
                    times,
                },
                None => Plan::NotSeen { plan_at: prev.at },
            }
        })
        .collect()
}

/// What the report says of each lapse episode beyond its own entries.
#[derive(Clone, Debug, PartialEq)]
pub struct Context<'a> {
    /// The 72 hours before it.
    pub before: Before,
    /// Whether the previous plan was tried.
    pub plan: Plan<'a>,
}

/// The context of every episode, in order (see [`before`] and [`plans`]), from
/// `seen` in any order. Sorted once, each episode looks only at its own window, so
/// many episodes over many entries stay quick.
pub fn contexts<'a>(
    episodes: &[LapseEpisode<'a>],
    seen: &[&'a Entry],
    start_day: NaiveDate,
    allowed: impl Fn(&Entry) -> bool,
) -> Vec<Context<'a>> {
    let mut sorted = seen.to_vec();
    sorted.sort_by_key(|e| e.occurred_at.unix_ms);
    let seen = &sorted[..];
    plans(episodes, seen, allowed)
        .into_iter()
        .zip(episodes)
        .map(|(plan, ep)| Context {
            before: before(ep.at, seen, start_day),
            plan,
        })
        .collect()
}

/// One piece of a [`Cell`]: the renderers escape each and mark it up in their
/// format.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// Words the report writes (figures, fixed phrases).
    Words(String),
    /// A date, kept on one line where the format can.
    Date(String),
    /// What the person wrote, and, where it recurs in its column, in how many
    /// episodes of how many: then it is marked, with that count.
    Text {
        /// The text, as written.
        text: String,
        /// (in how many episodes, of how many), where it recurs.
        recurring: Option<(usize, usize)>,
    },
    /// A recurring value as the sentence above the table names it: marked, the
    /// count in the words after it.
    Marked(String),
    /// An answer was written that may not be shown: "(not included)".
    Held,
}

impl Item {
    /// Whether it shows as nothing in every format.
    fn shows_nothing(&self) -> bool {
        match self {
            Item::Words(w) => w.is_empty(),
            Item::Text {
                text,
                recurring: None,
            } => text.is_empty(),
            Item::Date(_) | Item::Text { .. } | Item::Marked(_) | Item::Held => false,
        }
    }
}

/// How the items of a [`Cell`] stand together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Join {
    /// Names in one line: "a, b".
    Comma,
    /// Answers, one per line (their own line breaks kept where the format can).
    Lines,
    /// The parts of one sentence, run together.
    Run,
}

/// A cell of the lapse table, or the sentence above it, as data.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// Its pieces, in order.
    pub items: Vec<Item>,
    /// How they stand together.
    pub join: Join,
}

impl Cell {
    fn new(items: impl IntoIterator<Item = Item>, join: Join) -> Cell {
        Cell {
            items: items.into_iter().collect(),
            join,
        }
    }

    /// Whether it shows as nothing in every format: no item, or only items that
    /// show as nothing with no separator between them.
    pub fn is_empty(&self) -> bool {
        self.items.iter().all(Item::shows_nothing)
            && (self.items.len() <= 1 || self.join == Join::Run)
    }
}

/// Whether a row of [`episode_rows`] is one of the five links (with more than four
/// episodes they are the table's columns).
pub fn is_link_row(head: &str) -> bool {
    LINKS.iter().any(|(_, h)| *h == head)
}

/// One episode's facts, row by row: (row heading, cell). Every episode has the same
/// rows; [`filled_rows`] says which to show.
pub fn episode_rows(r: &Report, i: usize, rec: &[Recurring]) -> Vec<(&'static str, Cell)> {
    let ep = &r.lapse_episodes[i];
    let n = r.lapse_episodes.len();
    let text = |t: &str, column: &str| Item::Text {
        text: t.to_string(),
        recurring: recurs(rec, column, t).map(|k| (k, n)),
    };
    let mut rows = vec![(
        "Urge intensity",
        Cell::new(
            ep.urge().map(|(_, u)| Item::Words(u.intensity.to_string())),
            Join::Run,
        ),
    )];
    let triggers: Vec<Item> = ep.triggers().iter().map(|t| text(t, TRIGGERS)).collect();
    rows.push(("Triggers", Cell::new(triggers, Join::Comma)));
    if let Some(c) = r.lapse_context.get(i) {
        let before = Item::Words(before_text(&c.before));
        rows.push(("72 h before", Cell::new([before], Join::Run)));
    }
    let links = links(ep, |e| r.chain_text_allowed(e));
    for ((key, heading), link) in LINKS.iter().zip(links) {
        let mut items: Vec<Item> = link.texts.iter().map(|t| text(t, key)).collect();
        if link.held {
            items.push(Item::Held);
        }
        rows.push((*heading, Cell::new(items, Join::Lines)));
    }
    let notes = notes(ep, |e| r.text_allowed(e))
        .into_iter()
        .map(|t| Item::Text {
            text: t.to_string(),
            recurring: None,
        });
    rows.push(("Note", Cell::new(notes, Join::Lines)));
    rows.push(("Previous plan", Cell::new(plan_sentence(r, i), Join::Run)));
    rows
}

/// Which rows of [`episode_rows`] any episode fills: the others are left out.
pub fn filled_rows(all: &[Vec<(&'static str, Cell)>]) -> Vec<bool> {
    let len = all.first().map_or(0, Vec::len);
    (0..len)
        .map(|k| all.iter().any(|rows| !rows[k].1.is_empty()))
        .collect()
}

/// Whether episode `i`'s previous plan was tried, in words: "tried: “walk” on Tue 4
/// Aug 2026 and 1 more time (plan of Sat 1 Aug 2026)", the plan's date only when it
/// is not the episode just before; nothing when there is no plan to look for.
pub fn plan_sentence(r: &Report, i: usize) -> Vec<Item> {
    let date = |at: &Timestamp| Item::Date(report::human_date(at.to_datetime().date_naive()));
    let of = |plan_at: &Timestamp| {
        if i > 0 && r.lapse_episodes[i - 1].at == *plan_at {
            Vec::new()
        } else {
            vec![
                Item::Words(" (plan of ".into()),
                date(plan_at),
                Item::Words(")".into()),
            ]
        }
    };
    match r.lapse_context.get(i).map(|c| &c.plan) {
        Some(Plan::Tried {
            plan_at,
            strategy,
            at,
            times,
        }) => {
            let mut v = vec![
                Item::Words("tried: \u{201c}".into()),
                Item::Text {
                    text: strategy.to_string(),
                    recurring: None,
                },
                Item::Words("\u{201d} on ".into()),
                date(at),
            ];
            match times {
                1 => {}
                2 => v.push(Item::Words(" and 1 more time".into())),
                t => v.push(Item::Words(format!(" and {} more times", t - 1))),
            }
            v.extend(of(plan_at));
            v
        }
        Some(Plan::NotSeen { plan_at }) => {
            let mut v = vec![Item::Words("not seen in the urge log".into())];
            v.extend(of(plan_at));
            v
        }
        _ => Vec::new(),
    }
}

/// The sentence above the lapse table: "Recurring across episodes: ◆ tired: trigger
/// in 3 of 5; …", up to [`RECURRING_LISTED`] values (all are marked in the table);
/// none when nothing recurs. `n`: the number of episodes.
pub fn recurring_sentence(rec: &[Recurring], n: usize) -> Option<Cell> {
    if rec.is_empty() {
        return None;
    }
    let mut items = vec![Item::Words("Recurring across episodes: ".into())];
    for (k, x) in rec.iter().take(RECURRING_LISTED).enumerate() {
        if k > 0 {
            items.push(Item::Words("; ".into()));
        }
        items.push(Item::Marked(x.value.to_string()));
        items.push(Item::Words(format!(
            ": {} in {} of {n}",
            column_name(x.column),
            x.episodes
        )));
    }
    match rec.len().saturating_sub(RECURRING_LISTED) {
        0 => {}
        m => items.push(Item::Words(format!("; and {m} more, marked in the table"))),
    }
    Some(Cell::new(items, Join::Run))
}

/// What the lapse table says under it: [`BEFORE_NOTE`], and [`PLAN_NOTE`] where an
/// episode has a previous plan.
pub fn table_note(r: &Report) -> String {
    let mut s = BEFORE_NOTE.to_string();
    if r.lapse_context.iter().any(|c| c.plan != Plan::None) {
        s.push(' ');
        s.push_str(PLAN_NOTE);
    }
    s
}

/// One row of the day grid: a week, from its first day.
#[derive(Clone, Debug, PartialEq)]
pub struct Week<'r> {
    /// The week's first day (a `week_start` weekday).
    pub start: NaiveDate,
    /// Its seven days in order; `None` for a day outside the range.
    pub days: [Option<&'r DayRow>; 7],
}

/// The daily rows as weeks starting on `week_start`, oldest first.
pub fn weeks(daily: &[DayRow], week_start: chrono::Weekday) -> Vec<Week<'_>> {
    let mut out: Vec<Week<'_>> = Vec::new();
    for d in daily {
        let start = crate::analysis::review::week_of(d.date, week_start);
        if out.last().is_none_or(|w| w.start != start) {
            out.push(Week {
                start,
                days: [None; 7],
            });
        }
        let i = (d.date - start).num_days() as usize;
        if let (Some(w), true) = (out.last_mut(), i < 7) {
            w.days[i] = Some(d);
        }
    }
    out
}

/// The weekday names of a grid's columns, from `week_start`.
pub fn weekday_names(week_start: chrono::Weekday) -> [&'static str; 7] {
    const NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let first = week_start.num_days_from_monday() as usize;
    std::array::from_fn(|i| NAMES[(first + i) % 7])
}

/// The grid in a sentence or two: "Mood logged on 24 of 30 days (mean 5.6); lowest
/// 3.0 on Tue 4 Aug 2026, highest 8.0 on Sat 8 Aug 2026. A lapse on 2 days."
pub fn grid_summary(daily: &[DayRow]) -> String {
    let moods: Vec<(NaiveDate, f64)> = daily
        .iter()
        .filter_map(|d| d.mood.map(|m| (d.date, m)))
        .collect();
    let mut s = format!(
        "Mood logged on {} of {}",
        moods.len(),
        super::report::days(daily.len())
    );
    let lowest = moods.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    let highest = moods
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
    match (lowest, highest) {
        (Some(lo), Some(hi)) if moods.len() == 1 => s.push_str(&format!(
            ": {:.1} on {}.",
            lo.1,
            super::report::human_date(hi.0)
        )),
        (Some(lo), Some(hi)) if lo.1 == hi.1 => {
            s.push_str(&format!(", {:.1} on each.", lo.1));
        }
        (Some(lo), Some(hi)) => {
            let v: Vec<f64> = moods.iter().map(|m| m.1).collect();
            s.push_str(&format!(
                " (mean {:.1}); lowest {:.1} on {}, highest {:.1} on {}.",
                mean1(&v).unwrap_or_default(),
                lo.1,
                super::report::human_date(lo.0),
                hi.1,
                super::report::human_date(hi.0)
            ));
        }
        _ => s.push('.'),
    }
    let lapses = daily.iter().filter(|d| d.lapse).count();
    match lapses {
        0 => s.push_str(" No lapse."),
        1 => s.push_str(" A lapse on 1 day."),
        n => s.push_str(&format!(" A lapse on {n} days.")),
    }
    s
}

/// A square's words: "Tue 4 Aug 2026: mood 3.0, 2 urges, a lapse".
pub fn day_title(d: &DayRow) -> String {
    let mut s = super::report::human_date(d.date);
    s.push_str(": ");
    match d.mood {
        Some(m) => s.push_str(&format!("mood {m:.1}")),
        None => s.push_str("no mood logged"),
    }
    s.push_str(&match d.urges {
        1 => ", 1 urge".to_string(),
        n => format!(", {n} urges"),
    });
    if d.lapse {
        s.push_str(", a lapse");
    }
    s
}

/// The rounded mood a square shows (1 to 10).
pub fn mood_digit(m: f64) -> u8 {
    m.round().clamp(0.0, 10.0) as u8
}

/// "3 urges, mean intensity 6.3; mean mood 4.5; no check-in on 1 of 3 days":
/// the 72 hours before, in words.
pub fn before_text(b: &Before) -> String {
    let mut parts = Vec::new();
    parts.push(match (b.urges, b.mean_intensity) {
        (0, _) | (_, None) => "no urge logged".to_string(),
        (1, Some(m)) => format!("1 urge, intensity {m:.0}"),
        (n, Some(m)) => format!("{n} urges, mean intensity {m:.1}"),
    });
    parts.push(match b.mean_mood {
        Some(m) => format!("mean mood {m:.1}"),
        None => "no mood logged".to_string(),
    });
    if b.days > 0 {
        parts.push(format!(
            "no check-in on {} of {} days",
            b.days_without_checkin, b.days
        ));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entry::{Chain, Checkin, Journal, Lapse, Outcome, Urge};

    const H: i64 = 3_600_000;
    const D: i64 = 24 * H;

    fn t(ms: i64) -> Timestamp {
        Timestamp {
            unix_ms: ms,
            offset_s: 0,
        }
    }

    fn urge(at: i64, intensity: u8, coping: &[&str], outcome: Outcome) -> Entry {
        Entry::new(
            EntryBody::Urge(Urge {
                intensity,
                triggers: vec!["tired".into()],
                coping: coping.iter().map(|c| c.to_string()).collect(),
                outcome: Some(outcome),
                minutes: None,
                note: None,
                halt: Default::default(),
                curve: Vec::new(),
            }),
            t(at),
        )
    }

    fn lapse(at: i64, trigger: &str, vulnerability: &str, next_time: Option<&str>) -> Entry {
        Entry::new(
            EntryBody::Lapse(Lapse {
                of: None,
                note: Some("a note".into()),
                triggers: vec![trigger.into()],
                chain: Some(Chain {
                    vulnerability: Some(vulnerability.into()),
                    next_time: next_time.map(Into::into),
                    ..Chain::default()
                }),
                urge: None,
            }),
            t(at),
        )
    }

    fn checkin(at: i64, mood: u8) -> Entry {
        Entry::new(
            EntryBody::Checkin(Checkin {
                mood: Some(mood),
                ..Checkin::default()
            }),
            t(at),
        )
    }

    fn episode(e: &Entry) -> LapseEpisode<'_> {
        LapseEpisode {
            at: e.occurred_at,
            entries: vec![e],
        }
    }

    #[test]
    fn recurring_links_count_each_episode_once_after_trim_and_lowercase() {
        let a = lapse(10 * D, "Alone with device", "Slept badly", None);
        let b = lapse(20 * D, "alone with device ", "slept badly  ", None);
        let mut c = lapse(30 * D, "ALONE WITH DEVICE", "stressed at work", None);
        if let EntryBody::Lapse(l) = &mut c.body {
            // Named twice in one episode: still one episode.
            l.triggers.push("alone with device".into());
        }
        let eps = [episode(&a), episode(&b), episode(&c)];
        let all = recurring(&eps, |_| true);
        assert_eq!(
            all,
            vec![
                Recurring {
                    column: TRIGGERS,
                    value: "Alone with device",
                    episodes: 3
                },
                Recurring {
                    column: "vulnerability",
                    value: "Slept badly",
                    episodes: 2
                },
            ]
        );
        assert_eq!(recurs(&all, TRIGGERS, " ALONE with device"), Some(3));
        assert_eq!(recurs(&all, "vulnerability", "stressed at work"), None);
        // Chain text that may not leave is never compared: only the triggers recur.
        let held = recurring(&eps, |_| false);
        assert_eq!(held.len(), 1);
        assert_eq!(held[0].column, TRIGGERS);
        // And its cells say it was written, without the words.
        let l = links(&eps[0], |_| false);
        assert!(l[0].held && l[0].texts.is_empty());
        assert_eq!(l[4], Link::default(), "no next-time answer: an empty cell");
        assert_eq!(links(&eps[1], |_| true)[0].texts, vec!["slept badly"]);
    }

    #[test]
    fn the_72_hours_before_leave_out_private_entries_unless_included() {
        let at = 10 * D + 22 * H;
        let mut private = urge(at - 5 * H, 9, &[], Outcome::Resisted);
        private.private = true;
        let all = [
            urge(at - 73 * H, 10, &[], Outcome::Resisted), // too early
            urge(at - 30 * H, 5, &[], Outcome::Resisted),
            urge(at - 2 * H, 6, &[], Outcome::Resisted),
            private,
            checkin(at - 2 * D, 4), // day 8
            Entry::new(
                EntryBody::Journal(Journal {
                    text: String::new(),
                    mood: Some(7),
                    emotions: vec![],
                }),
                t(at - H),
            ),
            urge(at, 8, &[], Outcome::Acted), // the episode itself
        ];
        let day0 = t(0).to_datetime().date_naive();
        let mut without: Vec<&Entry> = all.iter().filter(|e| !e.private).collect();
        without.sort_by_key(|e| e.occurred_at.unix_ms);
        let b = before(t(at), &without, day0);
        assert_eq!(
            b,
            Before {
                urges: 2,
                mean_intensity: Some(5.5),
                moods: 2,
                mean_mood: Some(5.5),
                days: 3,
                days_without_checkin: 2,
            }
        );
        assert_eq!(
            before_text(&b),
            "2 urges, mean intensity 5.5; mean mood 5.5; no check-in on 2 of 3 days"
        );
        let mut with: Vec<&Entry> = all.iter().collect();
        with.sort_by_key(|e| e.occurred_at.unix_ms);
        let b = before(t(at), &with, day0);
        assert_eq!((b.urges, b.mean_intensity), (3, Some(6.7)));
        // Days before the recovery start are not counted as missed.
        let start = t(8 * D).to_datetime().date_naive();
        let b = before(t(at), &with, start);
        assert_eq!((b.days, b.days_without_checkin), (2, 1));
    }

    #[test]
    fn a_plan_is_tried_when_a_coping_strategy_it_names_was_logged_between() {
        let first = lapse(10 * D, "tired", "x", Some("Go for a WALK, or call Sam"));
        let second = lapse(20 * D, "tired", "x", Some("Phone charges in the kitchen"));
        let third = lapse(30 * D, "tired", "x", None);
        let entries = [
            urge(12 * D, 5, &["walked"], Outcome::Resisted), // not the word "walk"
            urge(13 * D, 5, &["breathing", " walk "], Outcome::Resisted),
            urge(14 * D, 6, &["Walk"], Outcome::Acted),
            urge(25 * D, 6, &["walk"], Outcome::Resisted),
        ];
        let seen: Vec<&Entry> = entries.iter().collect();
        let eps = [episode(&first), episode(&second), episode(&third)];
        let p = plans(&eps, &seen, |_| true);
        assert_eq!(p[0], Plan::None, "no earlier plan");
        assert_eq!(
            p[1],
            Plan::Tried {
                plan_at: t(10 * D),
                strategy: "walk",
                at: t(13 * D),
                times: 2
            }
        );
        assert_eq!(
            p[2],
            Plan::NotSeen { plan_at: t(20 * D) },
            "the kitchen plan names no strategy logged"
        );
        // A plan that may not be shown is not looked at either.
        assert!(
            plans(&eps, &seen, |_| false)
                .iter()
                .all(|p| *p == Plan::None)
        );
        assert!(mentions("call Sam.", "sam") && !mentions("Samuel", "sam"));
        assert!(mentions("Try urge surfing first", "urge-surfing"));
        assert!(mentions("reach-out to Sam", "reach out"));
        assert!(!mentions("anything", " "));
    }

    #[test]
    fn the_lapse_table_is_data_the_renderers_only_mark_up() {
        let first = lapse(10 * D, "tired", "Slept badly", Some("Go for a walk"));
        let mut second = lapse(20 * D, "Tired", "slept badly", None);
        second.private = true;
        let entries = vec![
            first,
            urge(12 * D, 5, &["walk"], Outcome::Resisted),
            urge(13 * D, 5, &["walk"], Outcome::Resisted),
            second,
        ];
        let r = report::build(
            &entries,
            report::Options {
                include_private: true,
                ..report::Options::new(t(9 * D), t(25 * D), t(0), t(25 * D))
            },
        );
        assert_eq!(r.lapse_episodes.len(), 2);
        let rec = recurring(&r.lapse_episodes, |e| r.chain_text_allowed(e));
        let all: Vec<_> = (0..2).map(|i| episode_rows(&r, i, &rec)).collect();
        let row = |i: usize, head: &str| {
            all[i]
                .iter()
                .find(|(h, _)| *h == head)
                .map(|(_, c)| c.clone())
                .unwrap()
        };
        // The trigger recurs; the second vulnerability is private, so held back and
        // never compared.
        assert_eq!(
            row(1, "Triggers").items,
            vec![Item::Text {
                text: "Tired".into(),
                recurring: Some((2, 2))
            }]
        );
        assert_eq!(
            row(0, "Vulnerability").items,
            vec![Item::Text {
                text: "Slept badly".into(),
                recurring: None
            }]
        );
        assert_eq!(row(1, "Vulnerability").items, vec![Item::Held]);
        assert_eq!(
            row(1, "Previous plan").items,
            vec![
                Item::Words("tried: \u{201c}".into()),
                Item::Text {
                    text: "walk".into(),
                    recurring: None
                },
                Item::Words("\u{201d} on ".into()),
                Item::Date("Tue 13 Jan 1970".into()),
                Item::Words(" and 1 more time".into()),
            ],
            "the plan of the episode just before: no date of it"
        );
        assert!(row(0, "Previous plan").is_empty() && row(0, "Note").is_empty());
        // Rows no episode fills are left out: no urge, no prompting event, and the
        // lapse notes leave only with every text included.
        let heads: Vec<&str> = all[0]
            .iter()
            .zip(filled_rows(&all))
            .filter(|(_, used)| *used)
            .map(|((h, _), _)| *h)
            .collect();
        assert_eq!(
            heads,
            [
                "Triggers",
                "72 h before",
                "Vulnerability",
                "Next time",
                "Previous plan"
            ]
        );
        assert_eq!(all[0].iter().filter(|(h, _)| is_link_row(h)).count(), 5);
        let sentence = recurring_sentence(&rec, 2).unwrap();
        assert_eq!(
            sentence.items[1..],
            [
                Item::Marked("tired".into()),
                Item::Words(": trigger in 2 of 2".into())
            ]
        );
        assert!(recurring_sentence(&[], 2).is_none());
        assert!(table_note(&r).ends_with(PLAN_NOTE));
        // An empty name shows as nothing; two items have a separator between them.
        let empty = Item::Text {
            text: String::new(),
            recurring: None,
        };
        assert!(Cell::new([empty.clone()], Join::Comma).is_empty());
        assert!(!Cell::new([empty.clone(), empty.clone()], Join::Lines).is_empty());
        assert!(Cell::new([empty.clone(), empty], Join::Run).is_empty());
    }

    #[test]
    fn the_grid_lays_days_out_in_weeks_from_the_week_start() {
        // 2026-08-01 is a Saturday.
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 8, d).unwrap();
        let daily: Vec<DayRow> = (1..=10)
            .map(|d| DayRow {
                date: day(d),
                mood: (d % 3 != 0).then_some(f64::from(d % 7 + 2)),
                lapse: d == 4,
                ..DayRow::default()
            })
            .collect();
        let w = weeks(&daily, chrono::Weekday::Mon);
        assert_eq!(w.len(), 3, "Sat 1, Sun 2 | Mon 3 - Sun 9 | Mon 10");
        assert_eq!(w[0].start, NaiveDate::from_ymd_opt(2026, 7, 27).unwrap());
        assert_eq!(w[0].days.iter().filter(|d| d.is_some()).count(), 2);
        assert_eq!(w[0].days[5].map(|d| d.date), Some(day(1)));
        assert_eq!(w[1].start, day(3));
        assert!(w[1].days.iter().all(Option::is_some));
        assert_eq!(w[2].days[0].map(|d| d.date), Some(day(10)));
        assert!(w[2].days[1..].iter().all(Option::is_none));
        let w = weeks(&daily, chrono::Weekday::Sun);
        assert_eq!(w.len(), 3, "Sat 1 | Sun 2 - Sat 8 | Sun 9, Mon 10");
        assert_eq!(w[0].days[6].map(|d| d.date), Some(day(1)));
        assert_eq!(w[2].days[1].map(|d| d.date), Some(day(10)));
        assert_eq!(
            weekday_names(chrono::Weekday::Sun),
            ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        );
        assert_eq!(
            grid_summary(&daily),
            "Mood logged on 7 of 10 days (mean 4.3); lowest 2.0 on Fri 7 Aug 2026, \
highest 7.0 on Wed 5 Aug 2026. A lapse on 1 day."
        );
        assert_eq!(
            day_title(&daily[3]),
            "Tue 4 Aug 2026: mood 6.0, 0 urges, a lapse"
        );
    }
}
