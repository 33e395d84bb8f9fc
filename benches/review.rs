//! criterion benchmark: the review analysis over 100,000 entries (about five years of
//! dense logging: journal entries, urges, lapses, practices, check-ins), in memory,
//! without disk or crypto. Run with `cargo bench --bench review`.

use confide::analysis::review::{self, Request};
mod common;

use common::synthetic;
use confide::model::Timestamp;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let end = 1_795_000_000_000; // 2026-11-18
    let entries = synthetic(100_000, end);
    let as_of = Timestamp {
        unix_ms: end,
        offset_s: 3600,
    };
    let start = Timestamp {
        unix_ms: end - 5 * 365 * 86_400_000,
        offset_s: 3600,
    };
    let month = Request {
        start,
        since: review::default_since(as_of),
        until: as_of,
        as_of,
        week_start: chrono::Weekday::Mon,
    };
    let all = Request {
        start,
        since: start,
        until: as_of,
        as_of,
        week_start: chrono::Weekday::Mon,
    };
    c.bench_function("review 100k entries, last 30 days", |b| {
        b.iter(|| review::review(black_box(&entries), month))
    });
    c.bench_function("review 100k entries, all five years", |b| {
        b.iter(|| review::review(black_box(&entries), all))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
