//! Time as confide stores it: an instant plus the UTC offset it was recorded in, so an
//! entry written at 23:00 in Lisbon still reads 23:00 after a move to Berlin.

use chrono::{
    DateTime, Datelike, FixedOffset, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};
use serde::{Deserialize, Serialize};

/// An instant with the UTC offset it was observed in.
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

/// The forms `--at`, `--since`, `--until` and `--start` accept, for error messages.
pub const ACCEPTED_FORMS: &str = "2026-03-01, \"2026-03-01 21:30\", 2026-03-01T21:30:00+01:00, \
now, today, yesterday, \"yesterday 23:00\", 21:30, 9pm, \"2 hours ago\", \"3 days ago\", \
monday, \"last friday 22:00\"";

/// Parses a date or date-time given on the command line, relative to now.
pub fn parse_when(input: &str) -> Result<Timestamp, String> {
    parse_when_at(input, Local::now())
}

/// Parses `input` as of `now` (pure, for tests).
///
/// Accepted: RFC 3339 (`2026-03-01T21:30:00+01:00`); `YYYY-MM-DD[ HH:MM[:SS]]` or with
/// `T`, in local time; `now`, `today`, `yesterday`, a weekday name (the most recent
/// one, today included), each optionally preceded by `last` and followed by a time;
/// a bare time (`21:30`, `9pm`, `9:30pm`) meaning today; and `N minutes|hours|days|
/// weeks ago` (also `min`, `h`, `d`, `w`, like `2h ago`).
pub fn parse_when_at<Tz: TimeZone>(input: &str, now: DateTime<Tz>) -> Result<Timestamp, String>
where
    Tz::Offset: Copy,
{
    let fail = || format!("could not read that time; use one of: {ACCEPTED_FORMS}");
    let s = input.trim().to_ascii_lowercase();
    if s.is_empty() {
        return Err(fail());
    }
    let tz = now.timezone();
    if let Ok(dt) = DateTime::parse_from_rfc3339(input.trim()) {
        return Ok(Timestamp::from_datetime(dt));
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dt%H:%M:%S",
        "%Y-%m-%dt%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(&s, fmt) {
            return local(&tz, naive, input);
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
        return local(&tz, date.and_time(NaiveTime::MIN), input);
    }
    if s == "now" {
        return Ok(Timestamp::from_datetime(now.fixed_offset()));
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    // "N unit ago" / "Nunit ago"
    if words.last() == Some(&"ago") {
        let (n, unit) = match words.as_slice() {
            [n, unit, "ago"] => (n.to_string(), unit.to_string()),
            [nu, "ago"] => {
                let split = nu.find(|c: char| !c.is_ascii_digit()).ok_or_else(fail)?;
                (nu[..split].to_string(), nu[split..].to_string())
            }
            _ => return Err(fail()),
        };
        let n: i64 = n.parse().map_err(|_| fail())?;
        let minutes = match unit.as_str() {
            "m" | "min" | "mins" | "minute" | "minutes" => 1,
            "h" | "hr" | "hrs" | "hour" | "hours" => 60,
            "d" | "day" | "days" => 24 * 60,
            "w" | "week" | "weeks" => 7 * 24 * 60,
            _ => return Err(fail()),
        };
        let delta = chrono::TimeDelta::try_minutes(n.checked_mul(minutes).ok_or_else(fail)?)
            .ok_or_else(fail)?;
        let dt = now.checked_sub_signed(delta).ok_or_else(fail)?;
        return Ok(Timestamp::from_datetime(dt.fixed_offset()));
    }
    let mut rest: &[&str] = &words;
    if rest.first() == Some(&"last") {
        rest = &rest[1..];
    }
    let today = now.date_naive();
    let (day, time_words) = match rest.first().copied() {
        Some("today") => (Some(today), &rest[1..]),
        Some("yesterday") => (today.pred_opt(), &rest[1..]),
        Some(w) if weekday(w).is_some() => {
            let target = weekday(w).expect("checked");
            let mut d = today;
            while d.weekday() != target {
                d = d.pred_opt().ok_or_else(fail)?;
            }
            (Some(d), &rest[1..])
        }
        _ => (None, rest),
    };
    let time = match time_words {
        [] if day.is_some() => Some(NaiveTime::MIN),
        [] => None,
        [t] => Some(parse_clock(t).ok_or_else(fail)?),
        [t, ampm @ ("am" | "pm")] => Some(parse_clock(&format!("{t}{ampm}")).ok_or_else(fail)?),
        _ => None,
    };
    match (day, time) {
        (Some(d), Some(t)) => local(&tz, d.and_time(t), input),
        (None, Some(t)) if words.len() == time_words.len() => local(&tz, today.and_time(t), input),
        _ => Err(fail()),
    }
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

/// `21:30`, `21:30:15`, `9pm`, `9:30pm`, `12am`.
fn parse_clock(t: &str) -> Option<NaiveTime> {
    let (body, pm) = if let Some(b) = t.strip_suffix("pm") {
        (b, Some(true))
    } else if let Some(b) = t.strip_suffix("am") {
        (b, Some(false))
    } else {
        (t, None)
    };
    let mut parts = body.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = match parts.next() {
        Some(m) => m.parse().ok()?,
        None if pm.is_some() => 0,
        None => return None,
    };
    let sec: u32 = match parts.next() {
        Some(x) => x.parse().ok()?,
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

fn local<Tz: TimeZone>(tz: &Tz, naive: NaiveDateTime, input: &str) -> Result<Timestamp, String> {
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|dt| Timestamp::from_datetime(dt.fixed_offset()))
        .ok_or_else(|| {
            format!("the local time `{input}` does not exist (a clock change?); pick another")
        })
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
        assert_eq!(at("21:30").unwrap(), "2026-11-23T21:30:00+01:00");
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
}
