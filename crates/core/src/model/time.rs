//! Time as confide stores it: an instant plus the UTC offset it was recorded in, so an
//! entry written at 23:00 in Lisbon still reads 23:00 after a move to Berlin.

use chrono::{
    DateTime, Datelike, Days, FixedOffset, Local, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Timelike, Utc,
};
use serde::{Deserialize, Serialize};

/// An instant with the UTC offset it was observed in.
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timestamp {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub unix_ms: i64,
    /// Seconds east of UTC.
    pub offset_s: i32,
}

impl Timestamp {
    /// Now, in the local offset.
    pub fn now() -> Self {
        Self::from_datetime(Local::now().fixed_offset())
    }

    /// From a chrono date-time.
    pub fn from_datetime(dt: DateTime<FixedOffset>) -> Self {
        Timestamp {
            unix_ms: dt.timestamp_millis(),
            offset_s: dt.offset().local_minus_utc(),
        }
    }

    /// As a chrono date-time in its own offset. Out-of-range values (only possible in
    /// a hand-made file) fall back to the epoch in UTC rather than panicking.
    pub fn to_datetime(&self) -> DateTime<FixedOffset> {
        let offset = FixedOffset::east_opt(self.offset_s)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset is valid"));
        let utc = DateTime::<Utc>::from_timestamp_millis(self.unix_ms).unwrap_or_default();
        utc.with_timezone(&offset)
    }

    /// RFC 3339 with the stored offset, to the second.
    pub fn to_rfc3339(&self) -> String {
        self.to_datetime()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }

    /// [`Timestamp::to_rfc3339`] for serde's `serialize_with`: reports show a moment
    /// as RFC 3339 text, to the second.
    pub fn serialize_rfc3339<S: serde::Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_rfc3339())
    }

    /// The moment as people read it in a report: `2026-03-01 21:30`, in its own
    /// offset.
    pub fn to_minute(&self) -> String {
        self.to_datetime().format("%Y-%m-%d %H:%M").to_string()
    }

    /// RFC 3339 with the stored offset and the milliseconds when there are any
    /// (`2026-03-01T21:30:00.250+01:00`): exact, for JSON that is read back.
    pub fn to_rfc3339_exact(&self) -> String {
        let format = if self.unix_ms.rem_euclid(1000) == 0 {
            chrono::SecondsFormat::Secs
        } else {
            chrono::SecondsFormat::Millis
        };
        self.to_datetime().to_rfc3339_opts(format, false)
    }
}

/// Examples of forms that `--at`, `--since`, `--until`, `--as-of` and `--start` accept,
/// for error messages (one line; the full list is on [`parse_when_at`]).
pub const ACCEPTED_FORMS: &str = "\"yesterday 23:45\", \"last night\", \"2 days ago 22:00\", \
\"Nov 20\", 9pm, \"2 hours ago\", 2026-03-01";

/// How far ahead of now a time may be and still count as now (clocks differ a little).
pub const GRACE_MS: i64 = 60_000;

/// Inputs longer than this are refused unread: no time needs more.
const MAX_INPUT: usize = 200;

/// What "last night" means: 21:00 yesterday.
const LAST_NIGHT: NaiveTime = NaiveTime::from_hms_opt(21, 0, 0).expect("a valid time");

/// The head of the error for input that is not a time.
const UNREADABLE: &str = "could not read that time";

/// A time as given on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct When {
    /// The moment meant; for a day given without a time of day, the start of that day.
    pub at: Timestamp,
    /// For a day given without a time of day (`2026-03-01`, `Nov 20`, `today`,
    /// `yesterday`, `monday`, `last monday`): the last millisecond of that local day.
    /// `None` when a time of day was given or implied (`21:30`, `yesterday 23:00`,
    /// `last night`, `2 hours ago`, `now`).
    pub day_end: Option<Timestamp>,
}

impl When {
    /// Whether the input named a moment rather than a whole day.
    pub fn time_given(&self) -> bool {
        self.day_end.is_none()
    }

    fn moment<Tz: TimeZone>(dt: DateTime<Tz>) -> Self {
        When {
            at: Timestamp::from_datetime(dt.fixed_offset()),
            day_end: None,
        }
    }
}

/// Parses a date or date-time given on the command line, relative to now.
pub fn parse_when(input: &str) -> Result<Timestamp, String> {
    parse_when_at(input, Local::now())
}

/// Parses `input` as of `now` (pure, for tests), to the moment it names.
///
/// Accepted, case-insensitive, with an optional `at` before a time of day:
/// - RFC 3339 (`2026-03-01T21:30:00+01:00`); `YYYY-MM-DD[ HH:MM[:SS]]`, also with `T`,
///   in local time.
/// - A time of day alone (`23:45`, `11pm`, `9:30 pm`): the most recent moment that
///   clock time came round, today if it has passed (or is within a minute), otherwise
///   yesterday. So at 00:30, `23:45` is last night's 23:45.
/// - `now`; `today`, `yesterday`, a weekday (`monday`: the most recent one, today
///   included), `last monday` (the most recent one strictly before today), a date
///   (`Nov 20`, `20 Nov`, `November 20`, `Nov 20 2025`): each optionally followed by
///   a time (`yesterday at 11pm`, `last friday 22:00`, `20 Nov at 9pm`). Alone they mean
///   the whole day, starting at 00:00. A month and day without a year mean the most
///   recent such date that is not in the future (on 2027-01-01, `Dec 31` is
///   2026-12-31 and `Jan 1` is today).
/// - `last night`: 21:00 yesterday.
/// - `N minutes|hours ago` (also `min`, `m`, `h`, `2h ago`, `an hour ago`): exactly
///   that long before now. `N days|weeks ago` (also `d`, `w`, `a week ago`): the same
///   clock time N calendar days earlier, so daylight saving does not shift it; with a
///   time, that time on that day (`2 days ago 22:00`, `2 days ago at 10pm`).
/// - `last week`: exactly 7 days ago at this clock time, like `1 week ago`.
///
/// A local time that the clocks skipped (spring forward) is an error that suggests
/// the time after the jump; one they passed twice (fall back) means the earlier.
pub fn parse_when_at<Tz: TimeZone>(input: &str, now: DateTime<Tz>) -> Result<Timestamp, String>
where
    Tz::Offset: Copy,
{
    read_when_at(input, now).map(|w| w.at)
}

/// Like [`parse_when_at`], saying whether a time of day was given (and so, for a
/// day alone, where that day ends).
pub fn read_when_at<Tz: TimeZone>(input: &str, now: DateTime<Tz>) -> Result<When, String>
where
    Tz::Offset: Copy,
{
    let when = read_any_year(input, now)?;
    // Like `confide import`, which refuses times before 1900: anything earlier is a
    // slip. (Times ahead of now are refused by the callers, with a form that works.)
    let year = when.at.to_datetime().year();
    if !(1900..=9999).contains(&year) {
        let got = if (0..=9999).contains(&year) {
            when.at.to_datetime().format("%Y-%m-%d").to_string()
        } else {
            format!("the year {year}")
        };
        return Err(unreadable(&format!("dates go from 1900 to now; got {got}")));
    }
    Ok(when)
}

fn read_any_year<Tz: TimeZone>(input: &str, now: DateTime<Tz>) -> Result<When, String>
where
    Tz::Offset: Copy,
{
    if input.len() > MAX_INPUT {
        return Err(unreadable("that is too long to be a time"));
    }
    let trimmed = input.trim();
    let tz = now.timezone();
    if let Ok(dt) = DateTime::parse_from_rfc3339(trimmed) {
        return Ok(When::moment(dt));
    }
    let s = trimmed.to_ascii_lowercase();
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dt%H:%M:%S",
        "%Y-%m-%dt%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(&s, fmt) {
            return local(&tz, naive).map(When::moment);
        }
    }
    let spaced = s.replace(',', " ");
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let today = now.date_naive();
    match words.as_slice() {
        [] => return Err(unreadable("no time was given")),
        ["now"] => return Ok(When::moment(now)),
        ["last", "night"] => {
            return local(&tz, yesterday(today)?.and_time(LAST_NIGHT)).map(When::moment);
        }
        ["last", "week"] => return days_ago(&now, 7, &[]),
        ["in" | "next" | "tomorrow", ..] => {
            return Err(unreadable(
                "that looks ahead, and entries are about what has happened",
            ));
        }
        _ => {}
    }
    if let Some(i) = words.iter().position(|w| *w == "ago") {
        return ago(&now, &words[..i], &words[i + 1..]);
    }
    let (day, rest) = match day_part(&words, today)? {
        Some((d, used)) => (Some(d), &words[used..]),
        None => (None, &words[..]),
    };
    let rest = match rest {
        ["at", time @ ..] if !time.is_empty() => time,
        rest => rest,
    };
    match (day, rest) {
        (Some(d), []) => whole_day(&tz, d),
        (Some(d), time) => local(&tz, d.and_time(clock_words(time)?)).map(When::moment),
        (None, time) => most_recent(&tz, &now, clock_words(time)?),
    }
}

/// The second half of the one-line error for a time in the future: a form that
/// works, worked out from what was meant (`for yesterday evening, try --at
/// "yesterday 23:45"`).
pub fn future_hint<Tz: TimeZone>(flag: &str, when: &When, now: &DateTime<Tz>) -> String {
    let tz = now.timezone();
    let generic = format!("try a time that has passed, such as {flag} \"2 hours ago\"");
    let Some(at) = DateTime::from_timestamp_millis(when.at.unix_ms) else {
        return generic;
    };
    let at = at.with_timezone(&tz).naive_local();
    let today = now.date_naive();
    if when.time_given()
        && at.date() == today
        && let Some(d) = today.pred_opt()
        && tz
            .from_local_datetime(&d.and_time(at.time()))
            .earliest()
            .is_some()
    {
        let part = match at.hour() {
            0..12 => "morning",
            12..17 => "afternoon",
            _ => "evening",
        };
        return format!(
            "for yesterday {part}, try {flag} \"yesterday {}\"",
            clock(at.time())
        );
    }
    if at.date() > today {
        let limit = now.timestamp_millis().saturating_add(GRACE_MS);
        for year in (today.year() - 8..=today.year()).rev() {
            let Some(d) = at.date().with_year(year) else {
                continue;
            };
            let time = if when.time_given() {
                at.time()
            } else {
                NaiveTime::MIN
            };
            let fits = tz
                .from_local_datetime(&d.and_time(time))
                .earliest()
                .is_some_and(|dt| dt.timestamp_millis() <= limit);
            if fits {
                let shown = if when.time_given() {
                    format!("{d} {}", clock(time))
                } else {
                    d.to_string()
                };
                return format!("if you meant {year}, try {flag} \"{shown}\"");
            }
        }
    }
    generic
}

/// An error for input that is not a time: what went wrong, then forms that work.
fn unreadable(head: &str) -> String {
    format!("{head}; try {ACCEPTED_FORMS}")
}

fn too_far() -> String {
    unreadable("that is further back than confide can count")
}

fn yesterday(today: NaiveDate) -> Result<NaiveDate, String> {
    today.pred_opt().ok_or_else(too_far)
}

/// `N unit ago [at TIME]`, `Nunit ago`; `before` and `after` are the words around `ago`.
fn ago<Tz: TimeZone>(now: &DateTime<Tz>, before: &[&str], after: &[&str]) -> Result<When, String>
where
    Tz::Offset: Copy,
{
    let (n, unit) = match before {
        [n, unit] => (*n, *unit),
        [nu] => nu.split_at(nu.find(|c: char| !c.is_ascii_digit()).unwrap_or(nu.len())),
        _ => return Err(unreadable(UNREADABLE)),
    };
    let n: u32 = match n {
        "a" | "an" => 1,
        n if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            n.parse().map_err(|_| too_far())?
        }
        _ => return Err(unreadable(UNREADABLE)),
    };
    let minutes = match unit {
        "m" | "min" | "mins" | "minute" | "minutes" => 1,
        "h" | "hr" | "hrs" | "hour" | "hours" => 60,
        "d" | "day" | "days" => return days_ago(now, u64::from(n), after),
        "w" | "week" | "weeks" => return days_ago(now, u64::from(n) * 7, after),
        _ => {
            return Err(unreadable(
                "ago counts minutes, hours, days or weeks, like \"2 hours ago\"",
            ));
        }
    };
    if !after.is_empty() {
        return Err(unreadable(UNREADABLE));
    }
    let delta = chrono::TimeDelta::try_minutes(i64::from(n) * minutes).ok_or_else(too_far)?;
    let dt = now.checked_sub_signed(delta).ok_or_else(too_far)?;
    Ok(When::moment(dt))
}

/// `days` calendar days before today: at the time in `after` when there is one, else
/// at the clock time it is now (the exact duration back when that clock time did not
/// happen that day).
fn days_ago<Tz: TimeZone>(now: &DateTime<Tz>, days: u64, after: &[&str]) -> Result<When, String>
where
    Tz::Offset: Copy,
{
    let tz = now.timezone();
    let day = now
        .date_naive()
        .checked_sub_days(Days::new(days))
        .ok_or_else(too_far)?;
    let after = match after {
        ["at", time @ ..] if !time.is_empty() => time,
        after => after,
    };
    if !after.is_empty() {
        return local(&tz, day.and_time(clock_words(after)?)).map(When::moment);
    }
    if let Some(dt) = tz.from_local_datetime(&day.and_time(now.time())).earliest() {
        return Ok(When::moment(dt));
    }
    let delta = chrono::TimeDelta::try_days(i64::try_from(days).map_err(|_| too_far())?)
        .ok_or_else(too_far)?;
    let dt = now.checked_sub_signed(delta).ok_or_else(too_far)?;
    Ok(When::moment(dt))
}

/// The day named at the start of `words`, and how many words name it.
fn day_part(words: &[&str], today: NaiveDate) -> Result<Option<(NaiveDate, usize)>, String> {
    let Some(first) = words.first() else {
        return Ok(None);
    };
    if *first == "today" {
        return Ok(Some((today, 1)));
    }
    if *first == "yesterday" {
        return Ok(Some((yesterday(today)?, 1)));
    }
    if *first == "last"
        && let Some(wd) = words.get(1).and_then(|w| weekday(w))
    {
        return Ok(Some((weekday_on_or_before(yesterday(today)?, wd)?, 2)));
    }
    if let Some(wd) = weekday(first) {
        return Ok(Some((weekday_on_or_before(today, wd)?, 1)));
    }
    if let Ok(d) = NaiveDate::parse_from_str(first, "%Y-%m-%d") {
        return Ok(Some((d, 1)));
    }
    let (month, day) = match words {
        [a, b, ..] => match (month(a), day_of_month(b), day_of_month(a), month(b)) {
            (Some(m), Some(d), _, _) | (_, _, Some(d), Some(m)) => (m, d),
            _ => return Ok(None),
        },
        _ => return Ok(None),
    };
    let name = month.name();
    let month = month.number_from_month();
    let year = words
        .get(2)
        .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|y| y.parse::<i32>().ok());
    if let Some(year) = year {
        return NaiveDate::from_ymd_opt(year, month, day)
            .map(|d| Some((d, 3)))
            .ok_or_else(|| unreadable(&format!("{name} {day}, {year} is not a date")));
    }
    // No year: the most recent such date that is not in the future (eight years
    // back reaches a February 29th).
    (0..=8)
        .filter_map(|back| NaiveDate::from_ymd_opt(today.year() - back, month, day))
        .find(|d| *d <= today)
        .map(|d| Some((d, 2)))
        .ok_or_else(|| unreadable(&format!("{name} {day} is not a date")))
}

/// `nov`, `nov.`, `sept`, `november` (any case) as a month: chrono's names, plus the
/// abbreviation's dot and "sept".
fn month(w: &str) -> Option<chrono::Month> {
    let w = w.strip_suffix('.').unwrap_or(w);
    let w = if w.eq_ignore_ascii_case("sept") {
        "sep"
    } else {
        w
    };
    w.parse().ok()
}

/// `20`, `20th`, `1st` to 1-31.
fn day_of_month(w: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(w);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// The most recent `wd` on or before `from`.
fn weekday_on_or_before(from: NaiveDate, wd: chrono::Weekday) -> Result<NaiveDate, String> {
    let mut d = from;
    while d.weekday() != wd {
        d = d.pred_opt().ok_or_else(too_far)?;
    }
    Ok(d)
}

/// A day without a time of day: from its first moment to its last.
fn whole_day<Tz: TimeZone>(tz: &Tz, day: NaiveDate) -> Result<When, String> {
    let missing = || unreadable(&format!("there was no {day} in this time zone"));
    let start = first_from(tz, day.and_time(NaiveTime::MIN)).ok_or_else(missing)?;
    let next = day.succ_opt().ok_or_else(missing)?;
    let end = first_from(tz, next.and_time(NaiveTime::MIN))
        .and_then(|n| n.checked_sub_signed(chrono::TimeDelta::milliseconds(1)))
        .ok_or_else(missing)?;
    Ok(When {
        at: Timestamp::from_datetime(start.fixed_offset()),
        day_end: Some(Timestamp::from_datetime(end.fixed_offset())),
    })
}

/// The first moment at or after the local time `naive` (midnight can fall in a
/// daylight-saving gap in some zones; then the day starts when the gap ends).
fn first_from<Tz: TimeZone>(tz: &Tz, naive: NaiveDateTime) -> Option<DateTime<Tz>> {
    (0..=2 * 24 * 60).find_map(|k| {
        let n = naive.checked_add_signed(chrono::TimeDelta::minutes(k))?;
        tz.from_local_datetime(&n).earliest()
    })
}

/// A time of day alone: the most recent moment that clock time came round.
fn most_recent<Tz: TimeZone>(tz: &Tz, now: &DateTime<Tz>, t: NaiveTime) -> Result<When, String> {
    let today = now.date_naive();
    let naive = today.and_time(t);
    let limit = now.timestamp_millis().saturating_add(GRACE_MS);
    match tz.from_local_datetime(&naive).earliest() {
        Some(dt) if dt.timestamp_millis() <= limit => return Ok(When::moment(dt)),
        // Skipped by the clocks earlier today: say so rather than go back a day.
        None if naive <= now.naive_local() => return local(tz, naive).map(When::moment),
        _ => {}
    }
    local(tz, yesterday(today)?.and_time(t)).map(When::moment)
}

/// A time of day in one or two words (`21:30`, `9pm`, `9 pm`).
fn clock_words(words: &[&str]) -> Result<NaiveTime, String> {
    let joined = match words {
        [t] => t.to_string(),
        [t, ampm @ ("am" | "pm")] => format!("{t}{ampm}"),
        _ => return Err(unreadable(UNREADABLE)),
    };
    parse_clock(&joined).ok_or_else(|| {
        let looks_like_clock = joined.starts_with(|c: char| c.is_ascii_digit())
            && (joined.contains(':') || joined.ends_with("am") || joined.ends_with("pm"));
        if looks_like_clock {
            unreadable(&format!(
                "`{}` is not a time of day",
                super::entry::shown(&joined)
            ))
        } else {
            unreadable(UNREADABLE)
        }
    })
}

fn weekday(w: &str) -> Option<chrono::Weekday> {
    use chrono::Weekday::*;
    Some(match w {
        "monday" | "mon" => Mon,
        "tuesday" | "tue" | "tues" => Tue,
        "wednesday" | "wed" => Wed,
        "thursday" | "thu" | "thurs" => Thu,
        "friday" | "fri" => Fri,
        "saturday" | "sat" => Sat,
        "sunday" | "sun" => Sun,
        _ => return None,
    })
}

/// `21:30`, `21:30:15`, `9pm`, `9:30pm`, `12am`: hours in one or two digits, minutes
/// and seconds in two.
fn parse_clock(t: &str) -> Option<NaiveTime> {
    let (body, pm) = if let Some(b) = t.strip_suffix("pm") {
        (b, Some(true))
    } else if let Some(b) = t.strip_suffix("am") {
        (b, Some(false))
    } else {
        (t, None)
    };
    let number = |s: &str, widths: std::ops::RangeInclusive<usize>| -> Option<u32> {
        if widths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    let mut parts = body.split(':');
    let h = number(parts.next()?, 1..=2)?;
    let m = match parts.next() {
        Some(m) => number(m, 2..=2)?,
        None if pm.is_some() => 0,
        None => return None,
    };
    let sec = match parts.next() {
        Some(x) => number(x, 2..=2)?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    let h = match pm {
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(true) => h % 12 + 12,
        Some(false) => h % 12,
        None => h,
    };
    NaiveTime::from_hms_opt(h, m, sec)
}

/// `21:30`, or `21:30:15` when there are seconds.
fn clock(t: NaiveTime) -> String {
    if t.second() == 0 {
        t.format("%H:%M").to_string()
    } else {
        t.format("%H:%M:%S").to_string()
    }
}

/// The moment the local time `naive` names in `tz`: the earlier one when the clocks
/// went back and it happened twice; an error suggesting the time after the jump when
/// the clocks went forward and it did not happen at all.
fn local<Tz: TimeZone>(tz: &Tz, naive: NaiveDateTime) -> Result<DateTime<Tz>, String> {
    if let Some(dt) = tz.from_local_datetime(&naive).earliest() {
        return Ok(dt);
    }
    match after_jump(tz, naive) {
        Some(later) => Err(format!(
            "there was no {} on {} here (the clocks jumped forward); try \"{} {}\"",
            clock(naive.time()),
            naive.date(),
            later.date(),
            clock(later.time())
        )),
        None => Err(unreadable(UNREADABLE)),
    }
}

/// What the clocks showed at `naive` read with the offset from before the jump
/// (02:30 in a 02:00 to 03:00 jump is 03:30).
fn after_jump<Tz: TimeZone>(tz: &Tz, naive: NaiveDateTime) -> Option<NaiveDateTime> {
    let before = (1..=24 * 60).find_map(|k| {
        let n = naive.checked_sub_signed(chrono::TimeDelta::minutes(k))?;
        tz.from_local_datetime(&n).earliest()
    })?;
    let utc = naive.checked_sub_offset(before.offset().fix())?;
    Some(tz.from_utc_datetime(&utc).naive_local())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_keeps_offset() {
        let t = parse_when("2026-03-01T21:30:00+01:00").unwrap();
        assert_eq!(t.offset_s, 3600);
        assert_eq!(t.to_rfc3339(), "2026-03-01T21:30:00+01:00");
    }

    #[test]
    fn plain_date_is_local_midnight() {
        let t = parse_when("2026-03-01").unwrap();
        let dt = t.to_datetime();
        assert_eq!(dt.format("%Y-%m-%d %H:%M").to_string(), "2026-03-01 00:00");
    }

    #[test]
    fn garbage_lists_forms() {
        let err = parse_when("next blursday").unwrap_err();
        assert!(err.contains("2026-03-01"), "{err}");
    }

    fn at(input: &str) -> Result<String, String> {
        // Monday 2026-11-23 10:00 in UTC+01:00.
        let now = FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
            .unwrap();
        parse_when_at(input, now).map(|t| t.to_rfc3339())
    }

    #[test]
    fn natural_forms() {
        assert_eq!(at("now").unwrap(), "2026-11-23T10:00:00+01:00");
        assert_eq!(at("today").unwrap(), "2026-11-23T00:00:00+01:00");
        assert_eq!(at("yesterday 23:00").unwrap(), "2026-11-22T23:00:00+01:00");
        assert_eq!(at("Yesterday").unwrap(), "2026-11-22T00:00:00+01:00");
        assert_eq!(at("2 hours ago").unwrap(), "2026-11-23T08:00:00+01:00");
        assert_eq!(at("90 min ago").unwrap(), "2026-11-23T08:30:00+01:00");
        assert_eq!(at("3d ago").unwrap(), "2026-11-20T10:00:00+01:00");
        assert_eq!(at("1 week ago").unwrap(), "2026-11-16T10:00:00+01:00");
        assert_eq!(at("monday").unwrap(), "2026-11-23T00:00:00+01:00");
        assert_eq!(at("friday 22:00").unwrap(), "2026-11-20T22:00:00+01:00");
        assert_eq!(at("last sunday 9pm").unwrap(), "2026-11-22T21:00:00+01:00");
        // A bare time is the most recent 21:30: at 10:00 that was yesterday evening.
        assert_eq!(at("21:30").unwrap(), "2026-11-22T21:30:00+01:00");
        assert_eq!(at("9:15 am").unwrap(), "2026-11-23T09:15:00+01:00");
        assert_eq!(at("12am").unwrap(), "2026-11-23T00:00:00+01:00");
        assert_eq!(at("2026-03-01 21:30").unwrap(), "2026-03-01T21:30:00+01:00");
        assert_eq!(at("2026-03-01T21:30").unwrap(), "2026-03-01T21:30:00+01:00");
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "",
            "soon",
            "25:00",
            "13pm",
            "yesterday noonish",
            "x hours ago",
            "2 fortnights ago",
            "monday tuesday",
            "99999999999999 weeks ago",
        ] {
            let err = at(bad).unwrap_err();
            assert!(err.contains("2 hours ago"), "{bad}: {err}");
        }
    }

    #[test]
    fn extreme_values_do_not_panic() {
        let t = Timestamp {
            unix_ms: i64::MAX,
            offset_s: i32::MAX,
        };
        let _ = t.to_rfc3339();
    }

    /// Parses `input` at local `y-m-d h:mi` in `tz`, as RFC 3339 to the millisecond.
    fn in_zone<Tz: TimeZone>(
        tz: Tz,
        (y, m, d, h, mi): (i32, u32, u32, u32, u32),
        input: &str,
    ) -> Result<String, String>
    where
        Tz::Offset: Copy,
    {
        let now = tz
            .with_ymd_and_hms(y, m, d, h, mi, 0)
            .single()
            .expect("test clock exists");
        parse_when_at(input, now).map(|t| t.to_rfc3339_exact())
    }

    fn plus_one(now: (i32, u32, u32, u32, u32), input: &str) -> Result<String, String> {
        in_zone(FixedOffset::east_opt(3600).unwrap(), now, input)
    }

    #[test]
    fn half_past_midnight_means_last_night() {
        // Monday 2026-11-23 00:30: a late evening written down after midnight.
        let t = (2026, 11, 23, 0, 30);
        assert_eq!(plus_one(t, "23:45").unwrap(), "2026-11-22T23:45:00+01:00");
        assert_eq!(plus_one(t, "11pm").unwrap(), "2026-11-22T23:00:00+01:00");
        assert_eq!(plus_one(t, "9:30 pm").unwrap(), "2026-11-22T21:30:00+01:00");
        assert_eq!(plus_one(t, "at 11PM").unwrap(), "2026-11-22T23:00:00+01:00");
        assert_eq!(
            plus_one(t, "last night").unwrap(),
            "2026-11-22T21:00:00+01:00"
        );
        assert_eq!(
            plus_one(t, "Last Night").unwrap(),
            "2026-11-22T21:00:00+01:00"
        );
        assert_eq!(
            plus_one(t, "yesterday at 11pm").unwrap(),
            "2026-11-22T23:00:00+01:00"
        );
        assert_eq!(
            plus_one(t, "YESTERDAY 11 pm").unwrap(),
            "2026-11-22T23:00:00+01:00"
        );
        // A time that has passed today stays today, and so does the minute now or
        // one within the minute of grace.
        assert_eq!(plus_one(t, "00:15").unwrap(), "2026-11-23T00:15:00+01:00");
        assert_eq!(plus_one(t, "00:31").unwrap(), "2026-11-23T00:31:00+01:00");
        assert_eq!(plus_one(t, "00:45").unwrap(), "2026-11-22T00:45:00+01:00");
    }

    #[test]
    fn days_back_with_a_time() {
        assert_eq!(at("2 days ago 22:00").unwrap(), "2026-11-21T22:00:00+01:00");
        assert_eq!(
            at("2 days ago at 10pm").unwrap(),
            "2026-11-21T22:00:00+01:00"
        );
        assert_eq!(at("2d ago 9:30 pm").unwrap(), "2026-11-21T21:30:00+01:00");
        assert_eq!(
            at("a week ago at 8am").unwrap(),
            "2026-11-16T08:00:00+01:00"
        );
        assert_eq!(at("an hour ago").unwrap(), "2026-11-23T09:00:00+01:00");
        assert_eq!(at("0 days ago 9am").unwrap(), "2026-11-23T09:00:00+01:00");
    }

    #[test]
    fn month_and_day() {
        // Monday 2026-11-23.
        for form in [
            "Nov 20",
            "20 Nov",
            "November 20",
            "20 november",
            "nov. 20th",
            "NOV 20",
        ] {
            assert_eq!(at(form).unwrap(), "2026-11-20T00:00:00+01:00", "{form}");
        }
        assert_eq!(at("Nov 20 2025").unwrap(), "2025-11-20T00:00:00+01:00");
        assert_eq!(at("Nov 20, 2025").unwrap(), "2025-11-20T00:00:00+01:00");
        assert_eq!(
            at("20 Nov 2025 at 9pm").unwrap(),
            "2025-11-20T21:00:00+01:00"
        );
        assert_eq!(at("Nov 20 22:00").unwrap(), "2026-11-20T22:00:00+01:00");
        assert_eq!(at("20 Nov at 9pm").unwrap(), "2026-11-20T21:00:00+01:00");
        assert_eq!(at("Nov 23").unwrap(), "2026-11-23T00:00:00+01:00");
        // Without a year, never in the future: the 24th is last year's.
        assert_eq!(at("Nov 24").unwrap(), "2025-11-24T00:00:00+01:00");
        assert_eq!(at("sept 1").unwrap(), "2026-09-01T00:00:00+01:00");
        // February 29th: the most recent one.
        assert_eq!(at("Feb 29").unwrap(), "2024-02-29T00:00:00+01:00");
        assert_eq!(
            at("2026-03-01 at 9pm").unwrap(),
            "2026-03-01T21:00:00+01:00"
        );
        for bad in ["Nov 31", "Feb 30", "Feb 29 2026", "Nov 0", "Nov 32", "Nov"] {
            let err = at(bad).unwrap_err();
            assert!(err.contains("2 hours ago"), "{bad}: {err}");
        }
        assert!(
            at("Nov 31")
                .unwrap_err()
                .starts_with("November 31 is not a date;")
        );
    }

    #[test]
    fn last_weekday_is_before_today_and_last_week_is_seven_days() {
        // Monday 2026-11-23 10:00.
        assert_eq!(at("monday").unwrap(), "2026-11-23T00:00:00+01:00");
        assert_eq!(at("last monday").unwrap(), "2026-11-16T00:00:00+01:00");
        assert_eq!(at("last Monday 9pm").unwrap(), "2026-11-16T21:00:00+01:00");
        assert_eq!(at("last tuesday").unwrap(), "2026-11-17T00:00:00+01:00");
        assert_eq!(at("sunday at 9pm").unwrap(), "2026-11-22T21:00:00+01:00");
        assert_eq!(at("last week").unwrap(), "2026-11-16T10:00:00+01:00");
        assert_eq!(at("last week").unwrap(), at("1 week ago").unwrap());
    }

    #[test]
    fn new_year() {
        // Friday 2027-01-01 00:30.
        let t = (2027, 1, 1, 0, 30);
        assert_eq!(plus_one(t, "Dec 31").unwrap(), "2026-12-31T00:00:00+01:00");
        assert_eq!(
            plus_one(t, "31 December 23:50").unwrap(),
            "2026-12-31T23:50:00+01:00"
        );
        assert_eq!(plus_one(t, "Jan 1").unwrap(), "2027-01-01T00:00:00+01:00");
        assert_eq!(plus_one(t, "Jan 2").unwrap(), "2026-01-02T00:00:00+01:00");
        assert_eq!(plus_one(t, "23:45").unwrap(), "2026-12-31T23:45:00+01:00");
        assert_eq!(
            plus_one(t, "last night").unwrap(),
            "2026-12-31T21:00:00+01:00"
        );
        assert_eq!(
            plus_one(t, "last week").unwrap(),
            "2026-12-25T00:30:00+01:00"
        );
        assert_eq!(
            plus_one(t, "yesterday at 11pm").unwrap(),
            "2026-12-31T23:00:00+01:00"
        );
    }

    #[test]
    fn berlin_spring_forward() {
        use chrono_tz::Europe::Berlin;
        // 2026-03-29: 02:00 CET jumps to 03:00 CEST.
        let morning = (2026, 3, 29, 10, 0);
        let err = in_zone(Berlin, morning, "02:30").unwrap_err();
        assert_eq!(
            err,
            "there was no 02:30 on 2026-03-29 here (the clocks jumped forward); try \"2026-03-29 03:30\""
        );
        assert_eq!(in_zone(Berlin, morning, "today 2:30am").unwrap_err(), err);
        assert_eq!(
            in_zone(Berlin, morning, "2026-03-29 02:30").unwrap_err(),
            err
        );
        assert_eq!(
            in_zone(Berlin, morning, "01:30").unwrap(),
            "2026-03-29T01:30:00+01:00"
        );
        assert_eq!(
            in_zone(Berlin, morning, "03:30").unwrap(),
            "2026-03-29T03:30:00+02:00"
        );
        assert_eq!(
            in_zone(Berlin, morning, "yesterday 02:30").unwrap(),
            "2026-03-28T02:30:00+01:00"
        );
        // Before the jump, 02:30 is still to come today, so it is yesterday's.
        let night = (2026, 3, 29, 1, 30);
        assert_eq!(
            in_zone(Berlin, night, "02:30").unwrap(),
            "2026-03-28T02:30:00+01:00"
        );
        assert_eq!(
            in_zone(Berlin, night, "23:45").unwrap(),
            "2026-03-28T23:45:00+01:00"
        );
        // The day after, at 00:30: the wall clock two calendar days back, not 48 hours
        // (which would be 23:30 on the 27th, across the short day).
        let after = (2026, 3, 30, 0, 30);
        assert_eq!(
            in_zone(Berlin, after, "2 days ago 22:00").unwrap(),
            "2026-03-28T22:00:00+01:00"
        );
        assert_eq!(
            in_zone(Berlin, after, "2 days ago").unwrap(),
            "2026-03-28T00:30:00+01:00"
        );
        assert_eq!(
            in_zone(Berlin, after, "last night").unwrap(),
            "2026-03-29T21:00:00+02:00"
        );
        assert_eq!(
            in_zone(Berlin, after, "23:45").unwrap(),
            "2026-03-29T23:45:00+02:00"
        );
        // The short day ends at 23:59:59.999 CEST, 23 hours after it began.
        let now = Berlin.with_ymd_and_hms(2026, 3, 30, 0, 30, 0).unwrap();
        let day = read_when_at("2026-03-29", now).unwrap();
        assert!(!day.time_given());
        assert_eq!(day.at.to_rfc3339(), "2026-03-29T00:00:00+01:00");
        assert_eq!(
            day.day_end.unwrap().to_rfc3339_exact(),
            "2026-03-29T23:59:59.999+02:00"
        );
        // "2 days ago" when that clock time was skipped: the exact duration instead.
        assert_eq!(
            in_zone(Berlin, (2026, 3, 31, 2, 30), "2 days ago").unwrap(),
            "2026-03-29T01:30:00+01:00"
        );
    }

    #[test]
    fn berlin_fall_back() {
        use chrono_tz::Europe::Berlin;
        // 2026-10-25: 03:00 CEST goes back to 02:00 CET; 02:30 happens twice.
        let morning = (2026, 10, 25, 10, 0);
        assert_eq!(
            in_zone(Berlin, morning, "02:30").unwrap(),
            "2026-10-25T02:30:00+02:00"
        );
        assert_eq!(
            in_zone(Berlin, morning, "2026-10-25 02:30").unwrap(),
            "2026-10-25T02:30:00+02:00"
        );
        // The long day ends 25 hours after it began.
        let now = Berlin.with_ymd_and_hms(2026, 10, 26, 9, 0, 0).unwrap();
        let day = read_when_at("yesterday", now).unwrap();
        assert_eq!(day.at.to_rfc3339(), "2026-10-25T00:00:00+02:00");
        assert_eq!(
            day.day_end.unwrap().to_rfc3339_exact(),
            "2026-10-25T23:59:59.999+01:00"
        );
        // Late on the 26th, 48 hours back is already the 25th; two days ago is the 24th.
        let late = (2026, 10, 26, 23, 30);
        assert_eq!(
            in_zone(Berlin, late, "2 days ago 22:00").unwrap(),
            "2026-10-24T22:00:00+02:00"
        );
        assert_eq!(
            in_zone(Berlin, late, "2 days ago").unwrap(),
            "2026-10-24T23:30:00+02:00"
        );
    }

    #[test]
    fn new_york_daylight_saving() {
        use chrono_tz::America::New_York;
        // 2026-03-08: 02:00 EST jumps to 03:00 EDT.
        let err = in_zone(New_York, (2026, 3, 8, 12, 0), "2:30am").unwrap_err();
        assert!(err.contains("try \"2026-03-08 03:30\""), "{err}");
        let after = (2026, 3, 9, 0, 30);
        assert_eq!(
            in_zone(New_York, after, "2 days ago 22:00").unwrap(),
            "2026-03-07T22:00:00-05:00"
        );
        assert_eq!(
            in_zone(New_York, after, "last night").unwrap(),
            "2026-03-08T21:00:00-04:00"
        );
        assert_eq!(
            in_zone(New_York, after, "23:45").unwrap(),
            "2026-03-08T23:45:00-04:00"
        );
        // 2026-11-01: 02:00 EDT goes back to 01:00 EST. At 01:30 EST (the second
        // time round), 01:15 means the earlier 01:15, which has passed.
        let second = chrono::Utc
            .with_ymd_and_hms(2026, 11, 1, 6, 30, 0)
            .unwrap()
            .with_timezone(&New_York);
        assert_eq!(second.to_rfc3339(), "2026-11-01T01:30:00-05:00");
        let t = parse_when_at("1:15am", second).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-01T01:15:00-04:00");
        let t = parse_when_at("2 days ago 22:00", second).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-10-30T22:00:00-04:00");
    }

    #[test]
    fn future_times_get_a_suggestion() {
        let now = FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 23, 0, 30, 0)
            .unwrap();
        let hint = |input: &str| {
            let w = read_when_at(input, now).unwrap();
            assert!(
                w.at.unix_ms > now.timestamp_millis() + GRACE_MS,
                "{input} is ahead"
            );
            future_hint("--at", &w, &now)
        };
        assert_eq!(
            hint("today 23:45"),
            "for yesterday evening, try --at \"yesterday 23:45\""
        );
        assert_eq!(
            hint("2026-11-23 9am"),
            "for yesterday morning, try --at \"yesterday 09:00\""
        );
        assert_eq!(
            hint("monday 14:00"),
            "for yesterday afternoon, try --at \"yesterday 14:00\""
        );
        assert_eq!(
            hint("2027-03-01 21:30"),
            "if you meant 2026, try --at \"2026-03-01 21:30\""
        );
        assert_eq!(
            hint("2026-11-24"),
            "if you meant 2025, try --at \"2025-11-24\""
        );
        assert_eq!(
            hint("2999-01-01"),
            "if you meant 2026, try --at \"2026-01-01\""
        );
        assert_eq!(
            hint("2028-02-29"),
            "if you meant 2024, try --at \"2024-02-29\""
        );
        assert_eq!(
            hint("9999-12-31T12:00:00Z"),
            "if you meant 2025, try --at \"2025-12-31 13:00\""
        );
    }

    #[test]
    fn errors_are_one_line_and_do_not_echo_private_text() {
        let secret = "i looked again after telling myself i would not";
        for bad in [
            secret,
            "yesterday at i looked again after telling myself",
            "25:00",
            "13pm",
        ] {
            let err = at(bad).unwrap_err();
            assert!(!err.contains('\n'), "{err}");
            assert!(!err.contains("looked"), "{err}");
            assert!(err.contains("2 hours ago"), "{err}");
        }
        assert!(
            at("25:00")
                .unwrap_err()
                .starts_with("`25:00` is not a time of day;")
        );
        assert!(
            at("yesterday 13pm")
                .unwrap_err()
                .starts_with("`13pm` is not a time of day;")
        );
        let long_clock = format!("{}:00", "1".repeat(40));
        assert!(
            at(&long_clock)
                .unwrap_err()
                .starts_with("`…` is not a time of day;")
        );
        assert!(
            at("in 3 hours")
                .unwrap_err()
                .starts_with("that looks ahead")
        );
        assert!(
            at("tomorrow 9pm")
                .unwrap_err()
                .starts_with("that looks ahead")
        );
    }

    #[test]
    fn every_input_is_bounded() {
        let long = format!("yesterday {}", "9".repeat(300));
        assert!(
            at(&long)
                .unwrap_err()
                .starts_with("that is too long to be a time;")
        );
        assert!(at(&"a".repeat(201)).is_err());
        for bad in [
            "99999999 days ago",
            "99999999 days ago 22:00",
            "4294967295 weeks ago",
            "4294967296 days ago",
            "18446744073709551616 minutes ago",
            "Nov 20 99999",
            "Nov 20 0000 9pm",
            "+262144-01-01",
            "262144-01-01",
            "-262143-01-01",
            "-262144-01-01 10:00",
            "999999-12-31 23:59",
            "0001-01-01",
            "1899-12-31 23:59",
            "10000-01-01T00:00:00Z",
        ] {
            let err = at(bad).unwrap_err();
            assert!(err.contains("2 hours ago"), "{bad}: {err}");
        }
        assert!(
            at("99999999 days ago")
                .unwrap_err()
                .starts_with("that is further back")
        );
        assert!(
            at("Nov 20 0000 9pm")
                .unwrap_err()
                .starts_with("dates go from 1900 to now; got 0000-11-20;")
        );
        assert!(at("1900-01-01").is_ok());
        assert!(at("Dec 31 9999").is_ok());
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_words(words in proptest::collection::vec(
            proptest::sample::select(vec![
                "last", "night", "week", "at", "ago", "days", "2", "99999999", "yesterday",
                "today", "monday", "nov", "20", "20th", "2025", "22:00", "9pm", "pm", "am",
                "feb", "29", "0", "12am", "now", "a", "hours", "-", ":", "2026-03-29",
            ]),
            0..6,
        ), hour in 0u32..24, day in 1u32..28) {
            use chrono_tz::Europe::Berlin;
            let now = Berlin.with_ymd_and_hms(2026, 3, day, hour, 30, 0).single().unwrap();
            let input = words.join(" ");
            if let Ok(w) = read_when_at(&input, now) {
                if let Some(end) = w.day_end {
                    proptest::prop_assert!(end.unix_ms > w.at.unix_ms);
                }
                let _ = future_hint("--at", &w, &now);
            }
        }

        #[test]
        fn never_panics_on_text(input in "\\PC{0,240}") {
            let _ = at(&input);
        }
    }
}
