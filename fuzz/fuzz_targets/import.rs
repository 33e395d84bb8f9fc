//! The import parsers (format detection, confide JSON, jrnl JSON) on arbitrary bytes.
#![no_main]
use confide_core::import::{Format, parse};
use confide_core::model::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let now = Timestamp {
        unix_ms: 1_790_000_000_000,
        offset_s: 0,
    };
    let tz = chrono::FixedOffset::east_opt(3600).unwrap();
    for format in [None, Some(Format::ConfideJson), Some(Format::JrnlJson)] {
        let _ = parse(data, format, now, &tz);
    }
});
