//! What leaves the vault in an export: the entries the person chose, with the free
//! text the person allowed, plus the review figures for the range. Pure: renderers
//! turn a [`Report`] into bytes.

use crate::analysis::review::{self, Review};
use crate::model::{Entry, EntryBody, Timestamp};
use std::collections::BTreeSet;

/// Entries recorded more than this long after they happened are marked.
pub const LATE_AFTER_MS: i64 = 24 * 60 * 60 * 1000;

/// Which free text leaves the vault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextPolicy {
    /// Journal text of entries not marked private; no other free text.
    Default,
    /// All free text of the exported entries.
    Include,
    /// No free text at all: structured fields only.
    None,
}

/// The person's choices.
#[derive(Clone, Debug)]
pub struct Options {
    /// Range start.
    pub since: Timestamp,
    /// Range end.
    pub until: Timestamp,
    /// Kinds to include (empty: all).
    pub kinds: Vec<String>,
    /// Include private entries.
    pub include_private: bool,
    /// Free text policy.
    pub text: TextPolicy,
    /// Only the summary, no entries.
    pub summary_only: bool,
    /// Recovery start (for the streak figures).
    pub start: Timestamp,
    /// Generation time (the as-of of the summary).
    pub generated_at: Timestamp,
    /// The first day of the week, for weekly figures.
    pub week_start: chrono::Weekday,
    /// List agenda points, open and closed, among the entries too, as a full backup
    /// (`export --all`) does; otherwise they leave only in the agenda section.
    pub agenda_entries: bool,
    /// The client's chosen name or initials for the session sheet and the running
    /// header (`--name`); none by default.
    pub name: Option<String>,
    /// The previous export to the same recipients, if there was one: page 1 says
    /// what is new since then.
    pub last_report: Option<LastReport>,
    /// When earlier reports were written, marked on the timeline.
    pub report_dates: Vec<Timestamp>,
    /// The instant a calendar day begins where the person is, as `--since DAY` reads
    /// it (the command line passes its own rule, which knows the time zone); without
    /// it, days begin at midnight in the offset of `generated_at`. The previous
    /// period's bounds come from it, so that they are what `review --since` gives.
    pub local_midnight: Option<fn(chrono::NaiveDate) -> Option<Timestamp>>,
}

impl Options {
    /// A report of `since` to `until`, made at `generated_at` for a recovery begun at
    /// `start`, with the defaults of `confide export`: every kind, no private entries,
    /// the default text rule, weeks from Monday, no name and no earlier report.
    pub fn new(
        since: Timestamp,
        until: Timestamp,
        start: Timestamp,
        generated_at: Timestamp,
    ) -> Self {
        Options {
            since,
            until,
            kinds: Vec::new(),
            include_private: false,
            text: TextPolicy::Default,
            summary_only: false,
            start,
            generated_at,
            week_start: chrono::Weekday::Mon,
            agenda_entries: false,
            name: None,
            last_report: None,
            report_dates: Vec::new(),
            local_midnight: None,
        }
    }
}

/// An earlier report, as the vault remembers it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LastReport {
    /// The end of the range it covered.
    pub covered_until: Timestamp,
    /// When it was written.
    pub written_at: Timestamp,
}

/// The report.
#[derive(Debug)]
pub struct Report<'a> {
    /// The choices it was made with.
    pub options: Options,
    /// The review figures for the range (computed over every entry, private ones
    /// included only when asked).
    pub summary: Review,
    /// The exported entries, oldest first (empty with `summary_only`).
    pub entries: Vec<&'a Entry>,
    /// Private entries in the range held back.
    pub held_back_private: usize,
    /// Days in the range with at least one entry.
    pub days_with_entries: usize,
    /// Days in the range.
    pub days_in_range: usize,
    /// Exported entries recorded more than a day after they happened.
    pub recorded_late: usize,
    /// The lapse episodes the summary counts, each with its entries (the urge acted
    /// on and the lapses written about it), earliest first; empty with
    /// `summary_only` or when the kinds chosen leave out urges and lapses.
    pub lapse_episodes: Vec<LapseEpisode<'a>>,
    /// For each of `lapse_episodes`, in the same order: the 72 hours before it and
    /// whether the previous "next time" plan shows in the urge log, from the entries
    /// the summary counts ([`super::chains::contexts`]).
    pub lapse_context: Vec<super::chains::Context<'a>>,
    /// Private entries the summary's figures leave out (0 when they are included).
    pub private_left_out: usize,
    /// The open agenda points the person wants to raise, oldest first: every point
    /// open when the report is made, whenever it was written (not private ones
    /// unless asked, none with `--no-text` or a `--kind` that leaves agenda out).
    pub agenda: Vec<&'a Entry>,
    /// One row per calendar day of the range, oldest first (at most the last
    /// [`review::MAX_LISTED_DAYS`] days, like `summary.days`); empty with
    /// `summary_only`.
    pub daily: Vec<DayRow>,
    /// Page 1: the session sheet.
    pub session: super::session::Session,
}

/// One calendar day of the daily table: structured figures only (no free text
/// but the emotion names), from the entries the summary counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DayRow {
    /// The day.
    pub date: chrono::NaiveDate,
    /// Mean of the moods given that day (journal and check-in), to one decimal.
    pub mood: Option<f64>,
    /// The emotions named that day, each once, in the order first named.
    pub emotions: Vec<String>,
    /// Urges logged that day.
    pub urges: usize,
    /// Mean intensity of the urges logged that day, to one decimal.
    pub mean_intensity: Option<f64>,
    /// Urges resisted.
    pub resisted: usize,
    /// Urges acted on.
    pub acted: usize,
    /// Urges with no outcome recorded.
    pub no_outcome: usize,
    /// Urges reported at that day's check-ins ("since the last check-in"), if any
    /// check-in said.
    pub checkin_urges: Option<u32>,
    /// A lapse episode began that day.
    pub lapse: bool,
    /// Practices done (practice entries, and practices named at a check-in).
    pub practices: usize,
    /// The free text of an entry that day is in the report.
    pub note: bool,
    /// A private entry of that day is in the report (only with `include_private`).
    pub private: bool,
}

/// "Sat 1 Aug 2026": a date for people, not ISO.
pub fn human_date(d: chrono::NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// "Sat 1 Aug 2026, 23:30": a time for people, in the entry's own offset.
pub fn human_time(t: Timestamp) -> String {
    t.to_datetime().format("%a %-d %b %Y, %H:%M").to_string()
}

fn mean1(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| (v.iter().sum::<f64>() / v.len() as f64 * 10.0).round() / 10.0)
}

/// The daily table: one row per day of `days` (the summary's listed days), from
/// `visible` (the entries the summary counts) and `exported` (the entries the
/// report lists, for the "note" and "private" markers). Pure.
pub fn daily_rows(
    days: &[review::DayMark],
    visible: &[Entry],
    exported: &[&Entry],
    text_allowed: impl Fn(&Entry) -> bool,
) -> Vec<DayRow> {
    use std::collections::BTreeMap;
    let mut rows: BTreeMap<chrono::NaiveDate, (DayRow, Vec<f64>, Vec<f64>)> = days
        .iter()
        .map(|d| {
            (
                d.date,
                (
                    DayRow {
                        date: d.date,
                        lapse: d.lapse,
                        ..DayRow::default()
                    },
                    Vec::new(),
                    Vec::new(),
                ),
            )
        })
        .collect();
    for e in visible {
        let Some((row, moods, intensities)) =
            rows.get_mut(&e.occurred_at.to_datetime().date_naive())
        else {
            continue;
        };
        for m in e.body.emotions() {
            if !row.emotions.contains(m) {
                row.emotions.push(m.clone());
            }
        }
        match &e.body {
            EntryBody::Journal(j) => moods.extend(j.mood.map(f64::from)),
            EntryBody::Checkin(c) => {
                moods.extend(c.mood.map(f64::from));
                if let Some(u) = c.urges {
                    row.checkin_urges = Some(row.checkin_urges.unwrap_or(0).saturating_add(u));
                }
                if c.practice_id
                    .as_deref()
                    .and_then(crate::content::practice)
                    .is_some()
                {
                    row.practices += 1;
                }
            }
            EntryBody::Urge(u) => {
                row.urges += 1;
                intensities.push(f64::from(u.intensity));
                match u.outcome {
                    Some(crate::model::entry::Outcome::Resisted) => row.resisted += 1,
                    Some(crate::model::entry::Outcome::Acted) => row.acted += 1,
                    None => row.no_outcome += 1,
                }
            }
            EntryBody::Practice(_) => row.practices += 1,
            // An agenda point is no entry of the journal: in no figure.
            EntryBody::Lapse(_) | EntryBody::Reflection(_) | EntryBody::Agenda(_) => {}
        }
    }
    for e in exported
        .iter()
        .filter(|e| !matches!(e.body, EntryBody::Agenda(_)))
    {
        if let Some((row, _, _)) = rows.get_mut(&e.occurred_at.to_datetime().date_naive()) {
            row.private |= e.private;
            row.note |= text_allowed(e) && e.body.texts().iter().any(|t| !t.trim().is_empty());
        }
    }
    rows.into_values()
        .map(|(mut row, moods, intensities)| {
            row.mood = mean1(&moods);
            row.mean_intensity = mean1(&intensities);
            row
        })
        .collect()
}

/// One lapse episode, as an export lists it.
#[derive(Debug)]
pub struct LapseEpisode<'a> {
    /// When it began.
    pub at: Timestamp,
    /// Its entries, earliest first.
    pub entries: Vec<&'a Entry>,
}

impl LapseEpisode<'_> {
    /// The triggers named by any of its entries, each once.
    pub fn triggers(&self) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for e in &self.entries {
            for t in e.body.triggers() {
                if !v.contains(t) {
                    v.push(t.clone());
                }
            }
        }
        v
    }

    /// Its lapse entries.
    pub fn lapses(&self) -> impl Iterator<Item = (&Entry, &crate::model::entry::Lapse)> {
        self.entries.iter().filter_map(|e| match &e.body {
            EntryBody::Lapse(l) => Some((*e, l)),
            _ => None,
        })
    }

    /// The urge acted on, if the episode has one.
    pub fn urge(&self) -> Option<(&Entry, &crate::model::entry::Urge)> {
        self.entries.iter().find_map(|e| match &e.body {
            EntryBody::Urge(u) => Some((*e, u)),
            _ => None,
        })
    }
}

/// How the figures are defined, for the exports (docs/review.md has them in full).
pub const DEFINITIONS: &str = "Definitions: a lapse is counted once per episode: an urge acted on, the lapse \
recorded with it and any notes or chain analysis added to it later are one lapse. Days are calendar days from \
the recovery start's date; days before it count in no figure. A clean day has no lapse; the current streak is \
the clean days in a row up to today (0 on the day of a lapse). The phase comes from the clean days since the \
start (0-59 neural reset, 60-119 emotional reconnection, 120+ relational integration), so a lapse restarts the \
streak but never the phase. Urges are counted as resisted, acted on, or with no outcome recorded.";

/// "day 121 since the start; 118 clean days": how a person reads the since-start
/// figures (the first day is day 1).
pub fn since_start(s: &crate::analysis::review::Streak) -> String {
    format!(
        "day {} since the start; {} clean {}",
        s.days_since_start + 1,
        s.clean_days_since_start,
        if s.clean_days_since_start == 1 {
            "day"
        } else {
            "days"
        }
    )
}

/// The sentence every export with figures that leave out private entries carries.
pub fn private_sentence(n: usize) -> Option<String> {
    match n {
        0 => None,
        1 => Some("These figures leave out 1 private entry.".into()),
        n => Some(format!("These figures leave out {n} private entries.")),
    }
}

impl Report<'_> {
    /// Whether the entry's free text may be shown.
    pub fn text_allowed(&self, e: &Entry) -> bool {
        text_allowed(self.options.text, e)
    }

    /// Whether the chain analysis of a lapse entry may be shown: chain analyses are
    /// written for therapy, so they leave by default (not a private one's, and none
    /// with `--no-text`); the lapse's note needs `--include-text` like other notes.
    pub fn chain_text_allowed(&self, e: &Entry) -> bool {
        chain_text_allowed(self.options.text, e)
    }

    /// Whether the entry was written down long after it happened.
    pub fn late(e: &Entry) -> bool {
        e.recorded_at.unix_ms - e.occurred_at.unix_ms > LATE_AFTER_MS
    }

    /// Completeness as a sentence.
    pub fn completeness(&self) -> String {
        if self.days_in_range == 1 {
            return format!(
                "{} of 1 day in this range has at least one entry.",
                self.days_with_entries
            );
        }
        format!(
            "{} of {} days in this range have at least one entry.",
            self.days_with_entries, self.days_in_range
        )
    }
}

/// The open agenda points, oldest first, with their text: (entry, text).
pub fn agenda_points<'r>(r: &'r Report<'_>) -> impl Iterator<Item = (&'r Entry, &'r str)> {
    r.agenda.iter().filter_map(|e| match &e.body {
        EntryBody::Agenda(a) => Some((*e, a.text.as_str())),
        _ => None,
    })
}

/// The sentence under the agenda heading.
pub const AGENDA_INTRO: &str = "Points written down to raise in this session, oldest first.";

/// "1 day", "3 days".
pub fn days(n: usize) -> String {
    format!("{n} day{}", if n == 1 { "" } else { "s" })
}

/// Builds the report.
pub fn build(all: &[Entry], options: Options) -> Report<'_> {
    let in_range = |e: &&Entry| {
        e.occurred_at.unix_ms >= options.since.unix_ms
            && e.occurred_at.unix_ms <= options.until.unix_ms
    };
    let kind_ok =
        |e: &&Entry| options.kinds.is_empty() || options.kinds.iter().any(|k| k == e.body.kind());
    let is_agenda = |e: &&Entry| matches!(e.body, EntryBody::Agenda(_));
    // Agenda points are listed among the entries only when asked for by kind or in a
    // full backup; they are no entry of the journal.
    let entry_ok = |e: &&Entry| {
        !is_agenda(e) || options.agenda_entries || options.kinds.iter().any(|k| k == "agenda")
    };
    let held_back_private = if options.include_private {
        0
    } else {
        all.iter()
            .filter(in_range)
            .filter(kind_ok)
            .filter(entry_ok)
            .filter(|e| e.private)
            .count()
    };
    // The summary sees what the export may show: private entries only when asked.
    let visible: Vec<Entry> = all
        .iter()
        .filter(|e| options.include_private || !e.private)
        .cloned()
        .collect();
    let request = review::Request {
        start: options.start,
        since: options.since,
        until: options.until,
        as_of: options.generated_at,
        week_start: options.week_start,
    };
    // Grouped once: this period's review, the previous one's, and page 1 use them.
    let episodes = crate::analysis::episodes::episodes(&visible);
    let (summary, in_range_episodes) = review::review_of(&visible, &episodes, request);
    let private_left_out = if options.include_private {
        0
    } else {
        all.iter()
            .filter(|e| e.private && e.occurred_at.unix_ms <= options.generated_at.unix_ms)
            .count()
    };
    let lists_lapses = !options.summary_only
        && (options.kinds.is_empty() || options.kinds.iter().any(|k| k == "lapse" || k == "urge"));
    let lapse_episodes = if lists_lapses {
        let by_id: std::collections::HashMap<crate::model::EntryId, &Entry> =
            all.iter().map(|e| (e.id, e)).collect();
        in_range_episodes
            .into_iter()
            .map(|ep| LapseEpisode {
                at: ep.at,
                entries: ep.members.iter().map(|&i| by_id[&visible[i].id]).collect(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let lapse_context = if lapse_episodes.is_empty() {
        Vec::new()
    } else {
        // The entries the summary counts, borrowed from `all`.
        let seen: Vec<&Entry> = all
            .iter()
            .filter(|e| options.include_private || !e.private)
            .collect();
        let start_day = request.start_day();
        super::chains::contexts(&lapse_episodes, &seen, start_day, |e| {
            chain_text_allowed(options.text, e)
        })
    };
    let mut entries: Vec<&Entry> = all
        .iter()
        .filter(in_range)
        .filter(kind_ok)
        .filter(entry_ok)
        .filter(|e| options.include_private || !e.private)
        .collect();
    entries.sort_by_key(|e| (e.occurred_at.unix_ms, e.recorded_at.unix_ms));
    let mut agenda: Vec<&Entry> = if options.text == TextPolicy::None {
        Vec::new()
    } else {
        all.iter()
            .filter(|e| matches!(&e.body, EntryBody::Agenda(a) if a.is_open()))
            // A point's text is the point: it leaves under the text rule, so a private
            // one only with all free text asked for (and `--include-private`).
            .filter(|e| text_allowed(options.text, e))
            // Written for the next session: a point added after the range ends but
            // before the report is made is for this session too.
            .filter(|e| e.occurred_at.unix_ms <= options.generated_at.unix_ms)
            .filter(kind_ok)
            .filter(|e| options.include_private || !e.private)
            .collect()
    };
    agenda.sort_by_key(|e| (e.occurred_at.unix_ms, e.recorded_at.unix_ms));
    let days: BTreeSet<String> = entries
        .iter()
        .filter(|e| !is_agenda(e))
        .map(|e| e.occurred_at.to_datetime().date_naive().to_string())
        .collect();
    let recorded_late = entries
        .iter()
        .filter(|e| !is_agenda(e))
        .filter(|e| Report::late(e))
        .count();
    let days_in_range = summary.streak.days_in_range;
    let text_ok = |e: &Entry| text_allowed(options.text, e);
    let mut daily = daily_rows(&summary.days, &visible, &entries, text_ok);
    let session = super::session::build(super::session::Inputs {
        visible: &visible,
        episodes: &episodes,
        now: &summary,
        request,
        daily: &daily,
        report_dates: &options.report_dates,
        last_report: options.last_report,
        local_midnight: options.local_midnight,
        urges_listed: options.kinds.is_empty() || options.kinds.iter().any(|k| k == "urge"),
    });
    if options.summary_only {
        entries.clear();
        daily.clear();
    }
    Report {
        summary,
        held_back_private,
        days_with_entries: days.len().min(days_in_range),
        days_in_range,
        recorded_late,
        entries,
        lapse_episodes,
        lapse_context,
        private_left_out,
        agenda,
        daily,
        session,
        options,
    }
}

fn chain_text_allowed(policy: TextPolicy, e: &Entry) -> bool {
    match policy {
        TextPolicy::None => false,
        TextPolicy::Include => true,
        TextPolicy::Default => !e.private,
    }
}

fn text_allowed(policy: TextPolicy, e: &Entry) -> bool {
    match policy {
        TextPolicy::None => false,
        TextPolicy::Include => true,
        // Agenda points are written for therapy: they leave like journal text.
        TextPolicy::Default => {
            !e.private && matches!(e.body, EntryBody::Journal(_) | EntryBody::Agenda(_))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entry::{Chain, Halt, Journal, Lapse, Outcome, Urge};

    const D: i64 = 86_400_000;

    fn t(ms: i64) -> Timestamp {
        Timestamp {
            unix_ms: ms,
            offset_s: 0,
        }
    }

    fn fixture() -> Vec<Entry> {
        let mut private = Entry::new(
            EntryBody::Journal(Journal {
                text: "SECRET-PRIVATE-JOURNAL".into(),
                mood: Some(3),
                emotions: vec![],
            }),
            t(10 * D),
        );
        private.private = true;
        let open = Entry::new(
            EntryBody::Journal(Journal {
                text: "OPEN-JOURNAL-TEXT".into(),
                mood: Some(6),
                emotions: vec!["calm".into()],
            }),
            t(11 * D),
        );
        let urge = Entry::new(
            EntryBody::Urge(Urge {
                intensity: 7,
                triggers: vec!["tired".into()],
                coping: vec!["walk".into()],
                outcome: Some(Outcome::Resisted),
                minutes: Some(10),
                note: Some("URGE-NOTE-TEXT".into()),
                halt: Halt {
                    tired: true,
                    ..Halt::default()
                },
                curve: Vec::new(),
            }),
            t(12 * D),
        );
        let late = Entry::new(
            EntryBody::Lapse(Lapse {
                of: None,
                note: Some("LAPSE-NOTE".into()),
                triggers: vec!["stressed".into()],
                chain: Some(Chain {
                    next_time: Some("CHAIN-NEXT-TIME".into()),
                    ..Chain::default()
                }),
                urge: None,
            }),
            t(13 * D),
        );
        let mut all = vec![private, open, urge, late];
        for e in &mut all {
            e.recorded_at = e.occurred_at;
        }
        all[3].recorded_at = t(15 * D);
        all
    }

    fn options(text: TextPolicy, include_private: bool) -> Options {
        Options {
            include_private,
            text,
            ..Options::new(t(9 * D), t(20 * D), t(0), t(20 * D))
        }
    }

    fn markdown(r: &Report) -> String {
        let mut out = Vec::new();
        super::super::markdown::write(&mut out, r).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn private_entries_and_text_stay_home_by_default() {
        let entries = fixture();
        let r = build(&entries, options(TextPolicy::Default, false));
        assert_eq!(r.held_back_private, 1);
        assert_eq!(r.entries.len(), 3);
        assert_eq!(r.recorded_late, 1);
        assert_eq!(
            r.summary.mood.entries, 1,
            "the private mood stays out of the summary too"
        );
        let md = markdown(&r);
        assert!(md.contains("OPEN-JOURNAL-TEXT"));
        // A chain analysis is written for therapy: it leaves by default, and the
        // lapse's note stays home.
        assert!(md.contains("CHAIN-NEXT-TIME"));
        let l = r.lapse_episodes[0].entries[0];
        assert!(r.chain_text_allowed(l) && !r.text_allowed(l));
        for secret in ["SECRET-PRIVATE-JOURNAL", "URGE-NOTE-TEXT", "LAPSE-NOTE"] {
            assert!(!md.contains(secret), "{secret} leaked");
        }
        assert!(md.contains("Private entries held back: 1"));
        assert!(md.contains("recorded later"));
        assert!(md.contains("| tired | 1 | 1 |"));
    }

    #[test]
    fn no_text_means_no_free_text_at_all() {
        let entries = fixture();
        let r = build(&entries, options(TextPolicy::None, true));
        let md = markdown(&r);
        for secret in [
            "SECRET-PRIVATE-JOURNAL",
            "OPEN-JOURNAL-TEXT",
            "URGE-NOTE-TEXT",
            "LAPSE-NOTE",
            "CHAIN-NEXT-TIME",
        ] {
            assert!(!md.contains(secret), "{secret} leaked");
        }
        // The chain's answered link says that something was written, not what.
        assert!(md.contains("| Next time | (not included) |"), "{md}");
    }

    #[test]
    fn a_private_chain_analysis_stays_home_unless_all_text_is_asked_for() {
        let mut entries = fixture();
        entries[3].private = true;
        // Private entries included, default text: the private lapse's chain stays.
        let r = build(&entries, options(TextPolicy::Default, true));
        let l = r.lapse_episodes[0].entries[0];
        assert!(!r.chain_text_allowed(l));
        let md = markdown(&r);
        assert!(!md.contains("CHAIN-NEXT-TIME") && !md.contains("LAPSE-NOTE"));
        assert!(md.contains("| Next time | (not included) |"), "{md}");
        // Not included at all: no trace of it.
        let r = build(&entries, options(TextPolicy::Default, false));
        assert!(r.lapse_episodes.is_empty());
        assert!(!markdown(&r).contains("(not included)"));
        let r = build(&entries, options(TextPolicy::Include, true));
        assert!(markdown(&r).contains("CHAIN-NEXT-TIME"));
    }

    #[test]
    fn include_text_and_private_when_asked() {
        let entries = fixture();
        let r = build(&entries, options(TextPolicy::Include, true));
        assert_eq!(r.held_back_private, 0);
        let md = markdown(&r);
        for text in [
            "SECRET-PRIVATE-JOURNAL",
            "OPEN-JOURNAL-TEXT",
            "URGE-NOTE-TEXT",
            "LAPSE-NOTE",
            "CHAIN-NEXT-TIME",
        ] {
            assert!(md.contains(text), "{text} missing");
        }
        assert_eq!(
            r.completeness(),
            "4 of 12 days in this range have at least one entry."
        );
    }

    #[test]
    fn daily_rows_have_one_line_per_day_with_its_figures() {
        let entries = fixture();
        let r = build(&entries, options(TextPolicy::Default, false));
        assert_eq!(r.daily.len(), 12, "days 9 to 20, every one");
        let day = |n: i64| {
            r.daily
                .iter()
                .find(|d| d.date == t(n * D).to_datetime().date_naive())
                .unwrap()
        };
        // The private journal stays out: no mood, no marker.
        assert_eq!(day(10).mood, None);
        assert!(!day(10).private && !day(10).note);
        let open = day(11);
        assert_eq!(open.mood, Some(6.0));
        assert_eq!(open.emotions, vec!["calm".to_string()]);
        assert!(open.note, "its journal text is in the report");
        let urge = day(12);
        assert_eq!((urge.urges, urge.resisted, urge.acted), (1, 1, 0));
        assert_eq!(urge.mean_intensity, Some(7.0));
        assert!(!urge.note, "the urge note is held back by default");
        assert!(day(13).lapse);
        assert_eq!(
            day(20),
            &DayRow {
                date: t(20 * D).to_datetime().date_naive(),
                ..DayRow::default()
            }
        );

        let r = build(&entries, options(TextPolicy::Include, true));
        assert!(r.daily[1].private && r.daily[1].note);
        assert_eq!(r.daily[1].mood, Some(3.0));
        assert!(r.daily[3].note, "the urge note now leaves");

        let mut o = options(TextPolicy::Default, false);
        o.summary_only = true;
        assert!(build(&entries, o).daily.is_empty());
    }

    #[test]
    fn dates_are_written_for_people() {
        let at = Timestamp::from_datetime(
            chrono::DateTime::parse_from_rfc3339("2026-08-01T23:30:00+02:00").unwrap(),
        );
        assert_eq!(human_time(at), "Sat 1 Aug 2026, 23:30");
        assert_eq!(human_date(at.to_datetime().date_naive()), "Sat 1 Aug 2026");
    }

    #[test]
    fn a_private_agenda_point_leaves_only_with_all_text_and_private_entries() {
        let mut entries = fixture();
        let mut point = Entry::new(
            EntryBody::Agenda(crate::model::entry::Agenda {
                text: "PRIVATE-AGENDA".into(),
                done_at: None,
            }),
            t(14 * D),
        );
        point.private = true;
        entries.push(point);
        let agenda = |text, private| {
            build(&entries, options(text, private))
                .agenda
                .iter()
                .map(|e| e.private)
                .collect::<Vec<_>>()
        };
        assert!(agenda(TextPolicy::Default, false).is_empty());
        assert!(
            agenda(TextPolicy::Default, true).is_empty(),
            "its text is private"
        );
        assert!(agenda(TextPolicy::Include, false).is_empty());
        assert_eq!(agenda(TextPolicy::Include, true), [true]);
        let r = build(&entries, options(TextPolicy::Include, true));
        let md = markdown(&r);
        let line = md.lines().find(|l| l.contains("PRIVATE-AGENDA")).unwrap();
        assert!(line.ends_with(", private)"), "{line}");
    }
}
