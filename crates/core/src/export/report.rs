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
    /// Private entries the summary's figures leave out (0 when they are included).
    pub private_left_out: usize,
    /// The open agenda points the person wants to raise, oldest first: every point
    /// still open at the end of the range, whenever it was written (not private ones
    /// unless asked, none with `--no-text` or a `--kind` that leaves agenda out).
    pub agenda: Vec<&'a Entry>,
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
        match self.options.text {
            TextPolicy::None => false,
            TextPolicy::Include => true,
            // Agenda points are written for therapy: they leave like journal text.
            TextPolicy::Default => {
                !e.private && matches!(e.body, EntryBody::Journal(_) | EntryBody::Agenda(_))
            }
        }
    }

    /// Whether the entry was written down long after it happened.
    pub fn late(e: &Entry) -> bool {
        e.recorded_at.unix_ms - e.occurred_at.unix_ms > LATE_AFTER_MS
    }

    /// Completeness as a sentence.
    pub fn completeness(&self) -> String {
        format!(
            "{} of {} days in this range have at least one entry.",
            self.days_with_entries, self.days_in_range
        )
    }
}

/// A moment as people read it, on one line: "Sat 1 Aug 2026, 23:30".
pub fn human_time(t: Timestamp) -> String {
    t.to_datetime().format("%a %-d %b %Y, %H:%M").to_string()
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
    let (summary, in_range_episodes) = review::review_with_episodes(&visible, request);
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
            .filter(|e| e.occurred_at.unix_ms <= options.until.unix_ms)
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
    if options.summary_only {
        entries.clear();
    }
    Report {
        summary,
        held_back_private,
        days_with_entries: days.len().min(days_in_range),
        days_in_range,
        recorded_late,
        entries,
        lapse_episodes,
        private_left_out,
        agenda,
        options,
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
            since: t(9 * D),
            until: t(20 * D),
            kinds: vec![],
            include_private,
            text,
            summary_only: false,
            start: t(0),
            generated_at: t(20 * D),
            week_start: chrono::Weekday::Mon,
            agenda_entries: false,
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
        for secret in [
            "SECRET-PRIVATE-JOURNAL",
            "URGE-NOTE-TEXT",
            "LAPSE-NOTE",
            "CHAIN-NEXT-TIME",
        ] {
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
        assert!(md.contains("A chain analysis was written"));
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
}
