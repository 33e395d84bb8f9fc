//! Time as confide stores it: an instant plus the UTC offset it was recorded in, so an
//! entry written at 23:00 in Lisbon still reads 23:00 after a move to Berlin.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
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
}

/// Parses a date or date-time given on the command line.
///
/// Accepted: RFC 3339 (`2026-03-01T21:30:00+01:00`), `YYYY-MM-DD HH:MM[:SS]` and
/// `YYYY-MM-DDTHH:MM[:SS]` in local time, and `YYYY-MM-DD` (local midnight).
pub fn parse_when(input: &str) -> Result<Timestamp, String> {
    let s = input.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(Timestamp::from_datetime(dt));
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, fmt) {
            return local(naive, input);
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return local(date.and_time(NaiveTime::MIN), input);
    }
    Err(format!(
        "could not read the time `{input}`; use a date like 2026-03-01, \
         a date and time like \"2026-03-01 21:30\", or RFC 3339 like 2026-03-01T21:30:00+01:00"
    ))
}

fn local(naive: NaiveDateTime, input: &str) -> Result<Timestamp, String> {
    Local
        .from_local_datetime(&naive)
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

    #[test]
    fn extreme_values_do_not_panic() {
        let t = Timestamp {
            unix_ms: i64::MAX,
            offset_s: i32::MAX,
        };
        let _ = t.to_rfc3339();
    }
}
