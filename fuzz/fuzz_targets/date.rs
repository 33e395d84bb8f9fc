//! The date parser behind --at/--since/--until on arbitrary text.
#![no_main]
use chrono::TimeZone;
use confide_core::model::time::parse_when_at;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let now = chrono::FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 3, 1, 21, 30, 0)
            .unwrap();
        let _ = parse_when_at(s, now);
    }
});
