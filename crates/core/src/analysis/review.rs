//! The `review` figures: one pure function from (entries, start, range, as-of) to a
//! serialisable report. The JSON field names are a public contract (docs/review.md).

use super::episodes::Episode;
use super::streak;
use crate::content::{self, IntimacyType, Skill};
use crate::model::entry::Outcome;
use crate::model::{Entry, EntryBody, Timestamp};
use chrono::{Datelike, NaiveDate, Timelike};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What to review.
#[derive(Clone, Copy, Debug)]
pub struct Request {
    /// Recovery start.
    pub start: Timestamp,
    /// Range start (inclusive).
    pub since: Timestamp,
    /// Range end (inclusive).
    pub until: Timestamp,
    /// The time everything is computed as of.
    pub as_of: Timestamp,
    /// The first day of the week, for weekly figures.
    pub week_start: chrono::Weekday,
}

/// The whole report.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Review {
    /// Schema version.
    pub schema: u32,
    /// When the review was made (RFC 3339 in JSON).
    #[serde(serialize_with = "Timestamp::serialize_rfc3339")]
    pub as_of: Timestamp,
    /// The range.
    pub range: Range,
    /// Streak figures.
    pub streak: Streak,
    /// Phase figures.
    pub phase: PhaseFigures,
    /// Urge figures.
    pub urges: Urges,
    /// Mood figures.
    pub mood: Mood,
    /// Emotions named in the range, by count.
    pub emotions: Vec<NameCount>,
    /// Practices and reflections.
    pub practices: Practices,
    /// Check-in adherence: on how many days of the range a check-in was made.
    pub checkins: Checkins,
    /// Urges per calendar day in the range, oldest first: at most the last
    /// [`MAX_LISTED_DAYS`] days of it.
    pub urges_per_day: Vec<DayCount>,
    /// Calendar days in the range with whether each had a lapse: at most the last
    /// [`MAX_LISTED_DAYS`] days of it.
    pub days: Vec<DayMark>,
    /// Plain sentences derived from the data.
    pub insights: Vec<String>,
    /// The first and last calendar days of the range, `None` for a range of no days.
    #[serde(skip)]
    pub span: Option<(NaiveDate, NaiveDate)>,
    /// Urges per calendar day, only days with urges (as many as there are urges at
    /// most): for charts of a range of any length.
    #[serde(skip)]
    pub urges_by_day: BTreeMap<NaiveDate, usize>,
}

/// The most calendar days that `days` and `urges_per_day` list (the last ones of the
/// range): 53 weeks. A range back to 1900 then costs as much memory as a year.
pub const MAX_LISTED_DAYS: i64 = 371;

/// The reviewed range.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Range {
    /// From (RFC 3339 in JSON).
    #[serde(serialize_with = "Timestamp::serialize_rfc3339")]
    pub since: Timestamp,
    /// To (RFC 3339 in JSON).
    #[serde(serialize_with = "Timestamp::serialize_rfc3339")]
    pub until: Timestamp,
}

/// Streak figures, in calendar days (see `analysis::streak`).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Streak {
    /// Clean days in a row ending on the as-of date (0 on the day of a lapse).
    pub current_days: i64,
    /// The longest run of clean days since the start.
    pub longest_days: i64,
    /// Lapse episodes in the range, from the start on.
    pub lapses_in_range: usize,
    /// Calendar days in the range, from the start on, without a lapse.
    pub clean_days_in_range: usize,
    /// Calendar days in the range.
    pub days_in_range: usize,
    /// Calendar days in the range from the start's date on (the days that count).
    pub counted_days_in_range: usize,
    /// Calendar days from the start's date to the as-of date: 0 on the first day,
    /// which a person reads as "day 1".
    pub days_since_start: i64,
    /// Calendar days since the start without a lapse, today included (never erased by
    /// one lapse).
    pub clean_days_since_start: usize,
    /// Lapse episodes since the start.
    pub lapses_since_start: usize,
}

/// Phase figures.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PhaseFigures {
    /// 1, 2 or 3.
    pub number: u8,
    /// Its name.
    pub name: &'static str,
    /// Its goal.
    pub goal: &'static str,
    /// The clean days since the start it comes from.
    pub clean_days: i64,
    /// Clean days until the next phase; null in the last.
    pub days_to_next: Option<i64>,
    /// The next streak milestone in days; null past the last.
    pub next_milestone: Option<i64>,
}

/// A name with a count.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NameCount {
    /// Name.
    pub name: String,
    /// Count.
    pub count: usize,
}

/// A name with a count of urges and how those urges ended: resisted, acted, and no
/// outcome recorded (the three always add up to `count`).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NameResisted {
    /// Name.
    pub name: String,
    /// Urges with it.
    pub count: usize,
    /// Of which resisted.
    pub resisted: usize,
    /// Of which acted on.
    pub acted: usize,
    /// Of which no outcome was recorded.
    pub no_outcome: usize,
}

/// A week's mean.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct WeekMean {
    /// First day of the week (YYYY-MM-DD in JSON): Monday unless `week_start` is set.
    pub week: NaiveDate,
    /// Mean of the week.
    pub mean: f64,
    /// How many values.
    pub count: usize,
}

/// Urge figures.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Urges {
    /// Urges in the range.
    pub total: usize,
    /// Resisted.
    pub resisted: usize,
    /// Acted on.
    pub acted: usize,
    /// Logged without an outcome (neither resisted nor acted, so far).
    pub no_outcome: usize,
    /// Mean intensity, null without urges.
    pub mean_intensity: Option<f64>,
    /// Urges per week over the counted days (from the start's date on): the urges of
    /// those days × 7 ÷ `streak.counted_days_in_range`, to two decimals; null when the
    /// range has no such day.
    pub per_week: Option<f64>,
    /// Mean intensity per week.
    pub weekly_intensity: Vec<WeekMean>,
    /// Urges by local hour 0-23.
    pub by_hour: [usize; 24],
    /// Urges by weekday, Monday first.
    pub by_weekday: [usize; 7],
    /// Urges by weekday (Monday first) and hour.
    pub heatmap: [[usize; 24]; 7],
    /// Triggers by count.
    pub triggers: Vec<NameResisted>,
    /// Coping strategies by count, with resisted share.
    pub coping: Vec<NameResisted>,
    /// HALT flags by count.
    pub halt: Vec<NameCount>,
    /// Urges that turned into lapses (outcome acted).
    pub turned_into_lapses: usize,
    /// How the urges surfed in the range (`confide surf`) crested and fell; null
    /// without a curve of two answers or more (see `analysis::surfing`).
    pub surfing: Option<super::surfing::Surfing>,
}

/// Mood figures.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Mood {
    /// Mean mood, null without moods.
    pub mean: Option<f64>,
    /// Entries with a mood.
    pub entries: usize,
    /// Mean mood per week.
    pub weekly: Vec<WeekMean>,
    /// Mean mood on days with at least one urge, within the weeks that had days of
    /// both kinds; null unless each side has enough days (see `comparison`).
    pub mean_on_urge_days: Option<f64>,
    /// Mean mood on days without urges, within the same weeks; null likewise.
    pub mean_on_other_days: Option<f64>,
    /// What the comparison rests on, whether or not it was enough.
    pub comparison: MoodComparison,
}

/// The sample behind the mood comparison.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MoodComparison {
    /// Weeks that had both a day with urges and a day without, each with a mood.
    pub weeks: usize,
    /// Days with urges and a mood, in those weeks.
    pub urge_days: usize,
    /// Days without urges with a mood, in those weeks.
    pub other_days: usize,
    /// The fewest days each side needs before the means are given.
    pub min_days_each_side: usize,
}

/// The fewest days on each side of a mood comparison.
pub const MIN_DAYS_EACH_SIDE: usize = 5;

/// Practice and reflection figures.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Practices {
    /// Practices done.
    pub total: usize,
    /// Reflections written.
    pub reflections: usize,
    /// Practices and reflections per skill.
    pub by_skill: BTreeMap<&'static str, usize>,
    /// Practices and reflections per intimacy type.
    pub by_type: BTreeMap<&'static str, usize>,
    /// Calendar days with at least one practice.
    pub days_with_practice: usize,
    /// Intimacy types with nothing in the range (gentle suggestions).
    pub quiet_types: Vec<&'static str>,
}

/// Check-in adherence.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Checkins {
    /// Check-ins made in the range.
    pub total: usize,
    /// Calendar days of the range, from the start's date on, with at least one
    /// check-in.
    pub days_with_checkin: usize,
    /// Calendar days of the range from the start's date on (as
    /// `streak.counted_days_in_range`): adherence is counted over the recovery.
    pub days: usize,
}

/// Urges on one day.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DayCount {
    /// The day (YYYY-MM-DD in JSON).
    pub date: NaiveDate,
    /// Urges.
    pub urges: usize,
}

/// One calendar day.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DayMark {
    /// The day (YYYY-MM-DD in JSON).
    pub date: NaiveDate,
    /// A lapse happened that day.
    pub lapse: bool,
    /// Before the recovery start.
    pub before_start: bool,
}

/// The local calendar date of a timestamp, in its own offset.
fn local_date(t: Timestamp) -> NaiveDate {
    t.to_datetime().date_naive()
}

/// The date of `t` in the offset of `reference` (range bounds follow the as-of offset).
fn date_in(t: Timestamp, reference: Timestamp) -> NaiveDate {
    Timestamp {
        unix_ms: t.unix_ms,
        offset_s: reference.offset_s,
    }
    .to_datetime()
    .date_naive()
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| round2(values.iter().sum::<f64>() / values.len() as f64))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Urges counted by how they ended.
#[derive(Clone, Copy, Default)]
struct Ends {
    count: usize,
    resisted: usize,
    acted: usize,
}

impl Ends {
    fn add(&mut self, outcome: Option<Outcome>) {
        self.count += 1;
        self.resisted += usize::from(outcome == Some(Outcome::Resisted));
        self.acted += usize::from(outcome == Some(Outcome::Acted));
    }
}

fn by_count(map: HashMap<String, Ends>) -> Vec<NameResisted> {
    let mut v: Vec<NameResisted> = map
        .into_iter()
        .map(|(name, e)| NameResisted {
            name,
            count: e.count,
            resisted: e.resisted,
            acted: e.acted,
            no_outcome: e.count - e.resisted - e.acted,
        })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    v
}

/// The first day of the week `d` is in, weeks starting on `start`.
pub fn week_of(d: NaiveDate, start: chrono::Weekday) -> NaiveDate {
    d - chrono::Duration::days(i64::from(d.weekday().days_since(start)))
}

fn weekly(values: &[(NaiveDate, f64)], start: chrono::Weekday) -> Vec<WeekMean> {
    let mut weeks: BTreeMap<NaiveDate, Vec<f64>> = BTreeMap::new();
    for (d, v) in values {
        weeks.entry(week_of(*d, start)).or_default().push(*v);
    }
    weeks
        .into_iter()
        .map(|(w, v)| WeekMean {
            week: w,
            mean: mean(&v).unwrap_or(0.0),
            count: v.len(),
        })
        .collect()
}

impl Request {
    /// The recovery start's calendar day, in the as-of offset (as the range's days).
    pub fn start_day(&self) -> NaiveDate {
        date_in(self.start, self.as_of)
    }
}

/// Whether an episode counts at all: it began by the as-of time, on or after the
/// start's date.
pub(crate) fn counts(e: &Episode, req: Request) -> bool {
    e.at.unix_ms <= req.as_of.unix_ms && local_date(e.at) >= req.start_day()
}

/// Whether an instant is in the range (and not after the as-of time).
pub(crate) fn in_range_at(t: Timestamp, req: Request) -> bool {
    t.unix_ms >= req.since.unix_ms && t.unix_ms <= req.until.unix_ms.min(req.as_of.unix_ms)
}

/// Computes every figure of the review.
pub fn review(entries: &[Entry], req: Request) -> Review {
    review_with_episodes(entries, req).0
}

/// Like [`review`], also returning the lapse episodes that `lapses_in_range` counts,
/// earliest first: exports list exactly these.
pub fn review_with_episodes(entries: &[Entry], req: Request) -> (Review, Vec<Episode>) {
    review_of(entries, &super::episodes::episodes(entries), req)
}

/// Like [`review_with_episodes`], with the episodes of `entries` already grouped
/// (an export reviews two periods of the same entries, and needs the episodes too).
pub fn review_of(
    entries: &[Entry],
    episodes: &super::episodes::Episodes,
    req: Request,
) -> (Review, Vec<Episode>) {
    let start_day = req.start_day();
    let today = date_in(req.as_of, req.as_of);
    // Episodes up to the as-of time, from the start's date on.
    let counted: Vec<Timestamp> = episodes
        .list
        .iter()
        .filter(|e| counts(e, req))
        .map(|e| e.at)
        .collect();
    let lapse_dates: BTreeSet<NaiveDate> = counted.iter().map(|t| local_date(*t)).collect();
    let in_range_episodes: Vec<Episode> = episodes
        .list
        .iter()
        .filter(|e| counts(e, req) && in_range_at(e.at, req))
        .cloned()
        .collect();
    let figures = streak::days(start_day, &lapse_dates, today);

    let first_day = date_in(req.since, req.as_of);
    let last_day = date_in(req.until, req.as_of).min(today);
    // The counts come from the dates; only the last MAX_LISTED_DAYS days are listed,
    // so memory does not grow with the length of the range.
    let span = |a: NaiveDate, b: NaiveDate| usize::try_from((b - a).num_days() + 1).unwrap_or(0);
    let days_in_range = span(first_day, last_day);
    let counted_from = first_day.max(start_day);
    let counted_days_in_range = span(counted_from, last_day);
    let clean_days_in_range = counted_days_in_range
        - if counted_from <= last_day {
            lapse_dates.range(counted_from..=last_day).count()
        } else {
            0
        };
    let listed_from = last_day
        .checked_sub_days(chrono::Days::new(MAX_LISTED_DAYS as u64 - 1))
        .map_or(first_day, |d| d.max(first_day));
    let mut days = Vec::new();
    let mut d = listed_from;
    while d <= last_day {
        days.push(DayMark {
            date: d,
            lapse: lapse_dates.contains(&d),
            before_start: d < start_day,
        });
        let Some(next) = d.succ_opt() else { break };
        d = next;
    }
    let streak = Streak {
        current_days: figures.current,
        longest_days: figures.longest,
        lapses_in_range: in_range_episodes.len(),
        clean_days_in_range,
        days_in_range,
        counted_days_in_range,
        days_since_start: figures.since_start,
        clean_days_since_start: figures.clean as usize,
        lapses_since_start: counted.len(),
    };

    // Phase: from the clean days, so that it never goes back.
    let phase = streak::phase(figures.clean);
    let phase = PhaseFigures {
        number: phase.number(),
        name: phase.name(),
        goal: phase.info().goal,
        clean_days: figures.clean,
        days_to_next: streak::days_to_next_phase(figures.clean),
        next_milestone: content::phases::next_milestone(figures.current),
    };

    // Urges.
    let mut u_total = 0;
    let mut resisted = 0;
    let mut acted = 0;
    let mut intensities = Vec::new();
    let mut intensity_by_day = Vec::new();
    let mut by_hour = [0usize; 24];
    let mut by_weekday = [0usize; 7];
    let mut heatmap = [[0usize; 24]; 7];
    let mut triggers: HashMap<String, Ends> = HashMap::new();
    let mut coping: HashMap<String, Ends> = HashMap::new();
    let mut halt: HashMap<String, Ends> = HashMap::new();
    let mut urge_days: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    // Mood.
    let mut moods = Vec::new();
    let mut mood_by_day: Vec<(NaiveDate, f64)> = Vec::new();
    // Emotions.
    let mut emotions: HashMap<String, (usize, usize)> = HashMap::new();
    // Practices.
    let mut practices = 0;
    let mut reflections = 0;
    let mut by_skill: BTreeMap<&'static str, usize> =
        Skill::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    let mut by_type: BTreeMap<&'static str, usize> =
        IntimacyType::ALL.iter().map(|t| (t.as_str(), 0)).collect();
    let mut practice_days = BTreeSet::new();
    let mut checkin_days = BTreeSet::new();
    let mut checkins = 0;
    let mut types_touched = BTreeSet::new();

    // The counted days of the range, as the range's own days are reckoned (in the
    // as-of offset): adherence and urges per week are over these.
    let counted = |t: Timestamp| {
        let d = date_in(t, req.as_of);
        d >= counted_from && d <= last_day
    };
    let mut counted_urges = 0usize;
    let mut curves: Vec<&[crate::model::entry::SurfSample]> = Vec::new();
    for e in entries.iter().filter(|e| in_range_at(e.occurred_at, req)) {
        let dt = e.occurred_at.to_datetime();
        let day = dt.date_naive();
        if let Some(t) = e.intimacy {
            types_touched.insert(t);
        }
        for m in e.body.emotions() {
            emotions.entry(m.clone()).or_default().0 += 1;
        }
        match &e.body {
            EntryBody::Urge(u) => {
                u_total += 1;
                counted_urges += usize::from(counted(e.occurred_at));
                let r = u.outcome == Some(Outcome::Resisted);
                resisted += usize::from(r);
                acted += usize::from(u.outcome == Some(Outcome::Acted));
                intensities.push(f64::from(u.intensity));
                intensity_by_day.push((day, f64::from(u.intensity)));
                let h = dt.hour() as usize;
                let w = dt.weekday().num_days_from_monday() as usize;
                by_hour[h] += 1;
                by_weekday[w] += 1;
                heatmap[w][h] += 1;
                *urge_days.entry(day).or_default() += 1;
                for t in &u.triggers {
                    triggers.entry(t.clone()).or_default().add(u.outcome);
                }
                for c in &u.coping {
                    coping.entry(c.clone()).or_default().add(u.outcome);
                }
                for name in u.halt.names() {
                    halt.entry(name.to_string()).or_default().add(u.outcome);
                }
                curves.push(&u.curve);
            }
            EntryBody::Journal(j) => {
                if let Some(m) = j.mood {
                    moods.push(f64::from(m));
                    mood_by_day.push((day, f64::from(m)));
                }
            }
            EntryBody::Checkin(c) => {
                checkins += 1;
                if counted(e.occurred_at) {
                    checkin_days.insert(date_in(e.occurred_at, req.as_of));
                }
                if let Some(m) = c.mood {
                    moods.push(f64::from(m));
                    mood_by_day.push((day, f64::from(m)));
                }
                // A practice named in a check-in counts as done, like `confide practice`.
                if let Some(p) = c.practice_id.as_deref().and_then(content::practice) {
                    practices += 1;
                    practice_days.insert(day);
                    *by_skill.entry(p.skill.as_str()).or_default() += 1;
                    if let Some(t) = p.types.first() {
                        *by_type.entry(t.as_str()).or_default() += 1;
                        types_touched.insert(*t);
                    }
                }
            }
            EntryBody::Practice(p) => {
                practices += 1;
                practice_days.insert(day);
                if let Some(c) = content::practice(&p.practice_id) {
                    *by_skill.entry(c.skill.as_str()).or_default() += 1;
                }
                if let Some(t) = e.intimacy {
                    *by_type.entry(t.as_str()).or_default() += 1;
                }
            }
            EntryBody::Reflection(r) => {
                reflections += 1;
                if let Some(s) = r
                    .prompt_id
                    .as_deref()
                    .and_then(content::prompt)
                    .and_then(|p| p.skill)
                {
                    *by_skill.entry(s.as_str()).or_default() += 1;
                }
                if let Some(t) = e.intimacy {
                    *by_type.entry(t.as_str()).or_default() += 1;
                }
            }
            // Lapses count through their episodes; agenda points are no figure.
            EntryBody::Lapse(_) | EntryBody::Agenda(_) => {}
        }
    }

    let mut halt_counts: Vec<NameCount> = halt
        .into_iter()
        .map(|(name, e)| NameCount {
            name,
            count: e.count,
        })
        .collect();
    halt_counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    let mut emotion_counts: Vec<NameCount> = emotions
        .into_iter()
        .map(|(name, (count, _))| NameCount { name, count })
        .collect();
    emotion_counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));

    // Mood with and without urges, compared within the same weeks only, so that a
    // slow change over months (more urges and lower moods early on) is not taken for
    // a difference between days.
    let mut week_sides: BTreeMap<NaiveDate, (BTreeSet<NaiveDate>, BTreeSet<NaiveDate>)> =
        BTreeMap::new();
    for (d, _) in &mood_by_day {
        let w = week_sides.entry(week_of(*d, req.week_start)).or_default();
        if urge_days.contains_key(d) {
            w.0.insert(*d);
        } else {
            w.1.insert(*d);
        }
    }
    let both: BTreeSet<NaiveDate> = week_sides
        .iter()
        .filter(|(_, (a, b))| !a.is_empty() && !b.is_empty())
        .map(|(w, _)| *w)
        .collect();
    let in_both = |d: &NaiveDate| both.contains(&week_of(*d, req.week_start));
    let on_urge_days: Vec<f64> = mood_by_day
        .iter()
        .filter(|(d, _)| in_both(d) && urge_days.contains_key(d))
        .map(|(_, m)| *m)
        .collect();
    let on_other_days: Vec<f64> = mood_by_day
        .iter()
        .filter(|(d, _)| in_both(d) && !urge_days.contains_key(d))
        .map(|(_, m)| *m)
        .collect();
    let comparison = MoodComparison {
        weeks: both.len(),
        urge_days: both.iter().map(|w| week_sides[w].0.len()).sum(),
        other_days: both.iter().map(|w| week_sides[w].1.len()).sum(),
        min_days_each_side: MIN_DAYS_EACH_SIDE,
    };
    let enough =
        comparison.urge_days >= MIN_DAYS_EACH_SIDE && comparison.other_days >= MIN_DAYS_EACH_SIDE;

    let urges_per_day = days
        .iter()
        .map(|m| DayCount {
            date: m.date,
            urges: urge_days.get(&m.date).copied().unwrap_or(0),
        })
        .collect();

    let urges = Urges {
        total: u_total,
        resisted,
        acted,
        no_outcome: u_total - resisted - acted,
        mean_intensity: mean(&intensities),
        per_week: (counted_days_in_range > 0)
            .then(|| round2(counted_urges as f64 * 7.0 / counted_days_in_range as f64)),
        weekly_intensity: weekly(&intensity_by_day, req.week_start),
        by_hour,
        by_weekday,
        heatmap,
        triggers: by_count(triggers),
        coping: by_count(coping),
        halt: halt_counts,
        turned_into_lapses: acted,
        surfing: super::surfing::surfing(curves),
    };
    let mood = Mood {
        mean: mean(&moods),
        entries: moods.len(),
        weekly: weekly(&mood_by_day, req.week_start),
        mean_on_urge_days: mean(&on_urge_days).filter(|_| enough),
        mean_on_other_days: mean(&on_other_days).filter(|_| enough),
        comparison,
    };
    let practices = Practices {
        total: practices,
        reflections,
        by_skill,
        by_type,
        days_with_practice: practice_days.len(),
        quiet_types: IntimacyType::ALL
            .iter()
            .filter(|t| !types_touched.contains(t))
            .map(|t| t.as_str())
            .collect(),
    };
    let mut r = Review {
        schema: 1,
        as_of: req.as_of,
        range: Range {
            since: req.since,
            until: req.until,
        },
        streak,
        phase,
        urges,
        mood,
        emotions: emotion_counts,
        practices,
        checkins: Checkins {
            total: checkins,
            days_with_checkin: checkin_days.len(),
            days: counted_days_in_range,
        },
        urges_per_day,
        days,
        insights: Vec::new(),
        span: (days_in_range > 0).then_some((first_day, last_day)),
        urges_by_day: urge_days,
    };
    r.insights = super::insights::insights(&r, entries, req);
    (r, in_range_episodes)
}

/// The default range: the 30 days up to `as_of` (today and the 29 before it).
pub fn default_since(as_of: Timestamp) -> Timestamp {
    since_days(as_of, 30)
}

/// The `days` days up to `as_of` (today and the `days - 1` before it), from midnight.
pub fn since_days(as_of: Timestamp, days: u32) -> Timestamp {
    let dt = as_of.to_datetime();
    let day = dt.date_naive() - chrono::Duration::days(i64::from(days.max(1)) - 1);
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    let ms = midnight.and_utc().timestamp_millis() - i64::from(as_of.offset_s) * 1000;
    Timestamp {
        unix_ms: ms,
        offset_s: as_of.offset_s,
    }
}

/// "name count" for every non-zero count, in key order (for reports).
pub fn nonzero(map: &BTreeMap<&'static str, usize>) -> Vec<String> {
    map.iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| format!("{k} {n}"))
        .collect()
}
