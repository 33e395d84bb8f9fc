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
        if self.keeps(&e) {
            self.keep(kept, e);
        }
    }

    /// [`Filter::offer`] for an entry known to pass.
    fn keep(&self, kept: &mut Vec<Entry>, e: Entry) {
        kept.push(e);
        if let Some(n) = self.limit
            && kept.len() >= 2 * n.max(64)
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

/// How much memory (estimated, see [`footprint`]) the entries `list` keeps may take
/// before it stops keeping them: past this, it notes only each passing entry's two
/// times, and writes every entry in its turn from a second read of the vault.
const KEEP_BYTES: usize = 256 << 10;

/// [`KEEP_BYTES`]; in debug builds `CONFIDE_TEST_LIST_KEEP_BYTES` sets it (tests
/// write from the second read with a few entries). Release builds have no such hook.
fn keep_bytes() -> usize {
    #[cfg(debug_assertions)]
    if let Some(n) = std::env::var("CONFIDE_TEST_LIST_KEEP_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return n;
    }
    KEEP_BYTES
}

/// About how much memory an entry takes: the struct, its main text (other kinds get
/// an allowance for their notes and lists) and its tags. Asked of every passing
/// entry, so it allocates nothing for the common kinds.
fn footprint(e: &Entry) -> usize {
    use crate::model::EntryBody;
    let text = match &e.body {
        EntryBody::Journal(j) => j.text.len(),
        EntryBody::Reflection(r) => r.text.len(),
        EntryBody::Agenda(a) => a.text.len(),
        // A chain analysis has many texts; lapses are few.
        EntryBody::Lapse(_) => e.body.texts().iter().map(|t| t.len()).sum(),
        _ => 256,
    };
    std::mem::size_of::<Entry>() + text + e.tags.iter().map(|t| t.len() + 24).sum::<usize>() + 64
}

/// What `list` gathers while entries stream past the first time.
struct Gathered {
    /// How much the kept entries may take ([`keep_bytes`]).
    limit: usize,
    /// The passing entries kept (with a limit, the latest few), until too many.
    kept: Vec<Entry>,
    /// Their estimated size, as kept (trimming is not subtracted).
    kept_bytes: usize,
    /// Of every passing entry, in stored order: when it happened, when it was recorded.
    /// Without a limit only: with one, what is kept is small unless the entries are
    /// huge, and in that rare case the times are gathered by a read of their own.
    times: Option<Vec<(i64, i64)>>,
    /// Whether keeping the entries stopped (see [`KEEP_BYTES`]).
    spilled: bool,
}

impl Gathered {
    fn new(filter: &Filter) -> Self {
        Gathered {
            limit: keep_bytes(),
            kept: Vec::new(),
            kept_bytes: 0,
            times: filter.limit.is_none().then(Vec::new),
            spilled: false,
        }
    }

    fn offer(&mut self, filter: &Filter, e: Entry) {
        if !filter.keeps(&e) {
            return;
        }
        if let Some(times) = &mut self.times {
            times.push(times_of(&e));
        }
        if self.spilled {
            return;
        }
        self.kept_bytes += footprint(&e);
        filter.keep(&mut self.kept, e);
        if self.kept_bytes > self.limit {
            // Trimmed to a limit, what is kept may be small after all.
            self.kept_bytes = self.kept.iter().map(footprint).sum();
            if self.kept_bytes > self.limit / 2 {
                self.spilled = true;
                self.kept = Vec::new();
            }
        }
    }
}

pub fn run(vault: &Vault, args: ListArgs) -> Result<()> {
    let filter = filter_from(&args.filter)?;
    let mut out = BufWriter::new(crate::ui::out::stdout());
    // Entries stream past; only those that pass are kept, and with a limit only the
    // latest few of those, so a short list of a large vault stays small in memory.
    // A long list that would take too much memory is written from a second read.
    let mut gathered = Gathered::new(&filter);
    let mut streamed = super::unlock_streaming_keeping(vault, &mut |e| gathered.offer(&filter, e))?;
    if gathered.spilled {
        let times = match gathered.times.take() {
            Some(times) => times,
            None => {
                let mut times = Vec::new();
                let n = streamed.again(&mut |e| {
                    if filter.keeps(&e) {
                        times.push(times_of(&e));
                    }
                })?;
                if n != streamed.count {
                    return Err(changed());
                }
                times
            }
        };
        let shown = in_turn(&mut out, &args, &filter, &mut streamed, times)?;
        if shown == 0 && !args.json {
            writeln!(out, "{}", nothing(streamed.count, &filter))?;
        }
        out.flush()?;
        return Ok(());
    }
    // The lock is not needed for writing what was kept.
    let count = streamed.count;
    drop(streamed);
    let entries = filter.apply(&gathered.kept);
    if args.json {
        export::json::write_list(&mut out, &entries)?;
        writeln!(out)?;
    } else if entries.is_empty() {
        writeln!(out, "{}", nothing(count, &filter))?;
    } else if args.full {
        super::read::write_entries(&mut out, &entries, ui::color_stdout())?;
    } else {
        render_table(&mut out, &entries, ui::width(), ui::color_stdout())?;
    }
    out.flush()?;
    Ok(())
}

/// Writes the passing entries (the last `limit` of them) as `args` asks, oldest first,
/// from a second read of the vault: `times` are the passing entries' times from the
/// first, in stored order, so each entry's turn is known before it comes. An entry
/// whose turn has come is written at once; one that comes early waits (in a vault
/// written in order, none do). Returns how many were written.
fn in_turn<W: Write>(
    out: &mut W,
    args: &ListArgs,
    filter: &Filter,
    streamed: &mut crate::vault::Streamed,
    times: Vec<(i64, i64)>,
) -> Result<usize> {
    const NOT_SHOWN: u32 = u32::MAX;
    let passing = times.len();
    let Ok(passing32) = u32::try_from(passing) else {
        anyhow::bail!(
            "more entries than `confide list` can show at once; narrow it with --since or -n"
        )
    };
    // The order `Filter::apply` gives: by the two times, ties in stored order (a
    // stable sort).
    let mut order: Vec<u32> = (0..passing32).collect();
    order.sort_by_key(|&i| times[i as usize]);
    drop(times);
    let skip = filter.limit.map_or(0, |n| passing.saturating_sub(n));
    let mut turn = vec![NOT_SHOWN; passing];
    for (t, &i) in order.iter().skip(skip).enumerate() {
        turn[i as usize] = t as u32;
    }
    drop(order);
    let shown = passing - skip;

    let color = ui::color_stdout();
    let table = Table::new(
        args.json || args.full,
        ui::width(),
        color,
        crate::config::get().date_format.as_deref(),
    );
    enum Sink<'o, W: Write> {
        Json(export::json::ListWriter<&'o mut W>),
        Other(&'o mut W),
    }
    let mut sink = if args.json {
        Sink::Json(export::json::ListWriter::begin(&mut *out)?)
    } else {
        Sink::Other(&mut *out)
    };
    let mut written = 0usize;
    let write = |sink: &mut Sink<'_, W>, e: &Entry, written: &mut usize| -> std::io::Result<()> {
        match sink {
            Sink::Json(list) => list.entry(e)?,
            Sink::Other(out) if args.full => {
                if *written > 0 {
                    writeln!(out)?;
                }
                super::read::write_entries(out, &[e], color)?;
            }
            Sink::Other(out) => table.row(out, e)?,
        }
        *written += 1;
        Ok(())
    };
    let mut seen = 0usize;
    let mut waiting: std::collections::BTreeMap<u32, Entry> = Default::default();
    let mut failed: Option<std::io::Error> = None;
    let again = streamed.again(&mut |e| {
        if failed.is_some() || !filter.keeps(&e) {
            return;
        }
        let t = turn.get(seen).copied().unwrap_or(NOT_SHOWN);
        seen += 1;
        if t == NOT_SHOWN {
            return;
        }
        if t as usize != written {
            waiting.insert(t, e);
            return;
        }
        let mut next = Some(e);
        while let Some(e) = next {
            if let Err(err) = write(&mut sink, &e, &mut written) {
                failed = Some(err);
                return;
            }
            next = waiting.remove(&(written as u32));
        }
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    if again != streamed.count || seen != passing || written != shown {
        return Err(changed());
    }
    if let Sink::Json(list) = sink {
        list.end()?;
        writeln!(out)?;
    }
    Ok(written)
}

/// The two times `list` sorts by.
fn times_of(e: &Entry) -> (i64, i64) {
    (e.occurred_at.unix_ms, e.recorded_at.unix_ms)
}

/// A second read found other entries than the first.
fn changed() -> anyhow::Error {
    anyhow::anyhow!("the vault changed while it was being read; run the command again")
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
    let mut table = Table::new(false, width, color, date_format);
    // With a custom format every date is formatted once, up front, and padded to the
    // widest; the default format has the same width on every row.
    if let Some(items) = &table.custom {
        let dates: Vec<String> = entries
            .iter()
            .map(|e| {
                let t = e.occurred_at.to_datetime();
                t.format_with_items(items.iter()).to_string()
            })
            .collect();
        let widest = dates.iter().map(|d| ui::text_width(d)).max().unwrap_or(0);
        table.set_date_width(widest);
        for (e, date) in entries.iter().zip(&dates) {
            table.row_dated(out, e, Some(date))?;
        }
        return Ok(());
    }
    for e in entries {
        table.row(out, e)?;
    }
    Ok(())
}

/// The table's layout, for writing it row by row.
struct Table<'f> {
    color: bool,
    width: usize,
    /// A custom date format, parsed.
    custom: Option<Vec<chrono::format::Item<'f>>>,
    date_width: usize,
    room: usize,
}

impl<'f> Table<'f> {
    /// The layout for `width` columns (`unused`: none is needed, nothing is parsed).
    fn new(unused: bool, width: usize, color: bool, date_format: Option<&'f str>) -> Self {
        let custom = date_format
            .filter(|_| !unused)
            .map(|f| chrono::format::StrftimeItems::new(f).collect());
        let mut table = Table {
            color,
            width,
            custom,
            date_width: 16,
            room: 0,
        };
        table.set_date_width(16);
        table
    }

    fn set_date_width(&mut self, date_width: usize) {
        self.date_width = date_width;
        let fixed = date_width + 2 + 10 + 2 + crate::model::id::SHORT_LEN + 2;
        self.room = self.width.saturating_sub(fixed).max(10);
    }

    /// One row; with a custom date format (rows written one by one, so the widest
    /// date is not known) the date is padded to the default's 16 columns only.
    fn row<W: Write>(&self, out: &mut W, e: &Entry) -> std::io::Result<()> {
        let date = self.custom.as_ref().map(|items| {
            let t = e.occurred_at.to_datetime();
            t.format_with_items(items.iter()).to_string()
        });
        self.row_dated(out, e, date.as_deref())
    }

    /// One row, with its date formatted already when the format is custom.
    fn row_dated<W: Write>(
        &self,
        out: &mut W,
        e: &Entry,
        date: Option<&str>,
    ) -> std::io::Result<()> {
        use chrono::{Datelike, Timelike};
        let room = self.room;
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
        let mut when = String::with_capacity(32);
        {
            use std::fmt::Write as _;
            let _ = match date {
                Some(d) => write!(when, "{}", ui::pad(d, self.date_width)),
                None => {
                    let t = e.occurred_at.to_datetime();
                    write!(
                        when,
                        "{:04}-{:02}-{:02} {:02}:{:02}",
                        t.year(),
                        t.month(),
                        t.day(),
                        t.hour(),
                        t.minute()
                    )
                }
            };
        }
        if self.color {
            writeln!(
                out,
                "{}  {}  {}  {summary}",
                ui::paint(true, ui::style::DIM, &when),
                ui::paint(true, kind_style(kind), &format!("{kind:<10}")),
                ui::paint(true, ui::style::ID, &e.id.short())
            )
        } else {
            writeln!(out, "{when}  {kind:<10}  {}  {summary}", e.id.short())
        }
    }
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
            assert!(kept.len() < 2 * n.max(64), "trimmed as it goes");
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
