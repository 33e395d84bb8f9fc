//! `confide list`: unlock and show entries, filtered, as a table or JSON.

use super::input;
use crate::cli::{FilterArgs, ListArgs};
use crate::export;
use crate::model::{Entry, Timestamp};
use crate::ui;
use crate::vault::Vault;
use anyhow::Result;
use std::io::{BufWriter, Write};

/// What to keep. Pure: tested without a vault.
#[derive(Debug, Default)]
pub struct Filter {
    /// Kinds to keep (empty: all).
    pub kinds: Vec<String>,
    /// Earliest occurred-at.
    pub since: Option<Timestamp>,
    /// Latest occurred-at.
    pub until: Option<Timestamp>,
    /// A tag the entry must have.
    pub tag: Option<String>,
    /// A trigger the entry must have.
    pub trigger: Option<String>,
    /// Text the entry must contain (lowercased).
    pub search: Option<String>,
    /// With `--on-this-day`: today's date; entries from the same day of the month
    /// in earlier months and years pass (by the date in the entry's own offset).
    pub on_this_day: Option<chrono::NaiveDate>,
    /// Keep only the last N.
    pub limit: Option<usize>,
}

impl Filter {
    /// Whether one entry passes (everything but the limit).
    pub fn keeps(&self, e: &Entry) -> bool {
        (self.kinds.is_empty() || self.kinds.iter().any(|k| k == e.body.kind()))
            && self
                .since
                .is_none_or(|s| e.occurred_at.unix_ms >= s.unix_ms)
            && self
                .until
                .is_none_or(|u| e.occurred_at.unix_ms <= u.unix_ms)
            && self.tag.as_ref().is_none_or(|t| e.tags.contains(t))
            && self
                .trigger
                .as_ref()
                .is_none_or(|t| e.body.triggers().contains(t))
            && self.search.as_ref().is_none_or(|q| {
                e.body.texts().iter().any(|t| t.to_lowercase().contains(q))
                    || e.tags.iter().any(|t| t.contains(q))
            })
            && self.on_this_day.is_none_or(|today| {
                use chrono::Datelike;
                let day = e.occurred_at.to_datetime().date_naive();
                day.day() == today.day() && day < today
            })
    }

    /// For entries streaming past: keeps `e` in `kept` if it passes, and with a limit
    /// trims `kept` now and then to the latest few, so that [`Filter::apply`] on
    /// `kept` afterwards chooses exactly what it would from the whole list.
    pub fn offer(&self, kept: &mut Vec<Entry>, e: Entry) {
        if !self.keeps(&e) {
            return;
        }
        kept.push(e);
        if let Some(n) = self.limit
            && kept.len() >= 2 * n.max(256)
        {
            kept.sort_by_key(|e| (e.occurred_at.unix_ms, e.recorded_at.unix_ms));
            let excess = kept.len() - n;
            kept.drain(..excess);
        }
    }

    /// The entries that pass, oldest first, the last `limit` of them.
    pub fn apply<'a>(&self, entries: &'a [Entry]) -> Vec<&'a Entry> {
        let mut kept: Vec<&Entry> = entries.iter().filter(|e| self.keeps(e)).collect();
        kept.sort_by_key(|e| (e.occurred_at.unix_ms, e.recorded_at.unix_ms));
        if let Some(n) = self.limit
            && kept.len() > n
        {
            kept.drain(..kept.len() - n);
        }
        kept
    }
}

/// Builds the filter from the flags, checking every value first.
pub fn filter_from(args: &FilterArgs) -> Result<Filter> {
    let kinds = input::kinds(&args.kinds)?;
    Ok(Filter {
        kinds,
        since: args
            .since
            .as_deref()
            .map(|s| input::when("--since", s))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|s| input::when_until("--until", s))
            .transpose()?,
        tag: args.tag.as_deref().map(input::normalize_word),
        trigger: args.trigger.as_deref().map(input::normalize_word),
        search: args.search.as_ref().map(|s| s.to_lowercase()),
        on_this_day: args.on_this_day.then(|| chrono::Local::now().date_naive()),
        limit: args.limit,
    })
}

pub fn run(vault: &Vault, args: ListArgs) -> Result<()> {
    let filter = filter_from(&args.filter)?;
    let mut out = BufWriter::new(crate::ui::out::stdout());
    // Entries stream past; only those that pass are kept, and with a limit only the
    // latest few of those, so a short list of a large vault stays small in memory.
    let mut kept: Vec<Entry> = Vec::new();
    let streamed = super::unlock_streaming(vault, &mut |e| filter.offer(&mut kept, e))?;
    let entries = filter.apply(&kept);
    if args.json {
        export::json::write_list(&mut out, &entries)?;
        writeln!(out)?;
    } else if entries.is_empty() {
        writeln!(out, "{}", nothing(streamed.count, &filter))?;
    } else if args.full {
        super::read::write_entries(&mut out, &entries, ui::color_stdout())?;
    } else {
        render_table(&mut out, &entries, ui::width(), ui::color_stdout())?;
    }
    out.flush()?;
    Ok(())
}

/// What to say when no entry passes: `count` entries were in the vault.
pub fn nothing(count: usize, filter: &Filter) -> &'static str {
    if count == 0 {
        "No entries yet. Write one with `confide journal \"...\"`."
    } else if filter.on_this_day.is_some() {
        "Nothing from this day in earlier months or years yet."
    } else {
        "No entries match."
    }
}

/// The table with the config file's `date_format`, if any (see [`render_table_with`]).
pub fn render_table<W: Write>(
    out: &mut W,
    entries: &[&Entry],
    width: usize,
    color: bool,
) -> std::io::Result<()> {
    let format = crate::config::get().date_format.as_deref();
    render_table_with(out, entries, width, color, format)
}

/// The table: when, kind, short id, one-line summary, fitted to `width` columns.
/// `date_format` (strftime) replaces the default `YYYY-MM-DD HH:MM`.
/// Written field by field, without per-row formatting machinery: a 100,000-entry
/// list is dominated by this loop.
pub fn render_table_with<W: Write>(
    out: &mut W,
    entries: &[&Entry],
    width: usize,
    color: bool,
    date_format: Option<&str>,
) -> std::io::Result<()> {
    use chrono::format::StrftimeItems;
    use chrono::{Datelike, Timelike};
    // With a custom format every date is formatted once, up front, and padded to the
    // widest; the default format has the same width on every row.
    let custom: Option<Vec<String>> = date_format.map(|f| {
        let items: Vec<_> = StrftimeItems::new(f).collect();
        entries
            .iter()
            .map(|e| {
                let t = e.occurred_at.to_datetime();
                t.format_with_items(items.iter()).to_string()
            })
            .collect()
    });
    let date_width = custom.as_ref().map_or(16, |dates| {
        dates.iter().map(|d| ui::text_width(d)).max().unwrap_or(0)
    });
    let fixed = date_width + 2 + 10 + 2 + crate::model::id::SHORT_LEN + 2;
    let room = width.saturating_sub(fixed).max(10);
    let mut when = String::with_capacity(32);
    for (i, e) in entries.iter().enumerate() {
        let t = e.occurred_at.to_datetime();
        let kind = e.body.kind();
        // Cut to `room` characters first (cheap, and never more text than needed),
        // then to `room` columns: wide characters take two.
        let summary = if e.private {
            crate::model::entry::cut(format!("(private) {}", e.body.summary_within(room)), room)
        } else {
            e.body.summary_within(room)
        };
        // Sanitised before the cut to columns, so no sequence is cut in half.
        let summary = ui::fit(&summary, room);
        when.clear();
        {
            use std::fmt::Write as _;
            let _ = match &custom {
                Some(dates) => write!(when, "{}", ui::pad(&dates[i], date_width)),
                None => write!(
                    when,
                    "{:04}-{:02}-{:02} {:02}:{:02}",
                    t.year(),
                    t.month(),
                    t.day(),
                    t.hour(),
                    t.minute()
                ),
            };
        }
        if color {
            writeln!(
                out,
                "{}  {}  {}  {summary}",
                ui::paint(true, ui::style::DIM, &when),
                ui::paint(true, kind_style(kind), &format!("{kind:<10}")),
                ui::paint(true, ui::style::ID, &e.id.short())
            )?;
        } else {
            writeln!(out, "{when}  {kind:<10}  {}  {summary}", e.id.short())?;
        }
    }
    Ok(())
}

fn kind_style(kind: &str) -> anstyle::Style {
    match kind {
        "urge" => ui::style::URGE,
        "lapse" => ui::style::LAPSE,
        "practice" | "checkin" => ui::style::GOOD,
        _ => ui::style::NOTE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entry::{Halt, Journal, Urge};
    use crate::model::{EntryBody, EntryId};

    fn at(ms: i64, body: EntryBody) -> Entry {
        let mut e = Entry::new(
            body,
            Timestamp {
                unix_ms: ms,
                offset_s: 0,
            },
        );
        e.recorded_at = e.occurred_at;
        e
    }

    /// Trimming while entries stream past keeps exactly what `apply` keeps from the
    /// whole list, ties (same minute) included.
    #[test]
    fn keeping_the_latest_while_streaming_matches_the_whole_list() {
        let entries: Vec<Entry> = (0..2000)
            .map(|i| at((i * 7919 % 613) * 60_000, journal(&format!("e{i}"))))
            .collect();
        for n in [1, 10, 300] {
            let filter = Filter {
                limit: Some(n),
                ..Filter::default()
            };
            let mut kept = Vec::new();
            for e in entries.iter().cloned() {
                filter.offer(&mut kept, e);
            }
            assert!(kept.len() < 2 * n.max(256), "trimmed as it goes");
            let streamed: Vec<EntryId> = filter.apply(&kept).iter().map(|e| e.id).collect();
            let whole: Vec<EntryId> = filter.apply(&entries).iter().map(|e| e.id).collect();
            assert_eq!(streamed, whole, "limit {n}");
        }
    }

    fn journal(text: &str) -> EntryBody {
        EntryBody::Journal(Journal {
            text: text.into(),
            mood: None,
            emotions: vec![],
        })
    }

    fn urge(trigger: &str) -> EntryBody {
        EntryBody::Urge(Urge {
            intensity: 5,
            triggers: vec![trigger.into()],
            coping: vec![],
            outcome: None,
            minutes: None,
            note: None,
            halt: Halt::default(),
            curve: Vec::new(),
        })
    }

    /// `--on-this-day`: the same day of the month, earlier months and years, by the
    /// date in the entry's own offset; today and other days are left out.
    #[test]
    fn on_this_day_keeps_this_day_of_earlier_months() {
        let day = |s: &str, offset_s: i32| {
            let t = chrono::DateTime::parse_from_rfc3339(s).unwrap();
            Entry::new(
                journal(s),
                Timestamp {
                    unix_ms: t.timestamp_millis(),
                    offset_s,
                },
            )
        };
        let f = Filter {
            on_this_day: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
            ..Filter::default()
        };
        let kept = |e: &Entry| f.keeps(e);
        assert!(kept(&day("2025-11-30T12:00:00Z", 0)));
        assert!(kept(&day("2026-10-30T23:30:00Z", 0)));
        assert!(!kept(&day("2026-11-30T08:00:00Z", 0)), "today");
        assert!(!kept(&day("2026-11-29T12:00:00Z", 0)));
        // 23:30 UTC on the 29th is the 30th in Berlin (+01:00), where it was written.
        assert!(kept(&day("2026-10-29T23:30:00Z", 3600)));
    }

    #[test]
    fn filters_combine_and_sort() {
        let mut tagged = at(3000, journal("Evening walk"));
        tagged.tags = vec!["walk".into()];
        let entries = vec![
            at(2000, urge("tired")),
            tagged,
            at(1000, journal("morning")),
            at(4000, urge("bored")),
        ];
        let all = Filter::default().apply(&entries);
        assert_eq!(
            all.iter()
                .map(|e| e.occurred_at.unix_ms)
                .collect::<Vec<_>>(),
            [1000, 2000, 3000, 4000]
        );
        let f = Filter {
            kinds: vec!["urge".into()],
            ..Filter::default()
        };
        assert_eq!(f.apply(&entries).len(), 2);
        let f = Filter {
            trigger: Some("tired".into()),
            ..Filter::default()
        };
        assert_eq!(f.apply(&entries).len(), 1);
        let f = Filter {
            search: Some("walk".into()),
            ..Filter::default()
        };
        assert_eq!(f.apply(&entries)[0].occurred_at.unix_ms, 3000);
        let f = Filter {
            tag: Some("walk".into()),
            ..Filter::default()
        };
        assert_eq!(f.apply(&entries).len(), 1);
        let f = Filter {
            since: Some(Timestamp {
                unix_ms: 2000,
                offset_s: 0,
            }),
            until: Some(Timestamp {
                unix_ms: 3000,
                offset_s: 0,
            }),
            ..Filter::default()
        };
        assert_eq!(f.apply(&entries).len(), 2);
        let f = Filter {
            limit: Some(1),
            ..Filter::default()
        };
        assert_eq!(f.apply(&entries)[0].occurred_at.unix_ms, 4000);
    }
}
