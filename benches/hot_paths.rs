//! criterion benchmarks for the hot paths over 100,000 entries, so regressions show:
//! decoding the decrypted state, opening a vault and folding appended records into it
//! (work factor 10, so scrypt does not dominate), and rendering the HTML and JSON
//! exports. Run with `cargo bench --bench hot_paths`.

mod common;

use common::synthetic;
use confide::export::report::{self, Options, TextPolicy};
use confide::export::{SecretBuf, html, json};
use confide::model::envelope::{StateEnvelope, StateEnvelopeRef};
use confide::model::{State, Timestamp};
use confide::vault::Vault;
use confide::vault::crypto::{decode_padded, encode_padded};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const N: usize = 100_000;
const END: i64 = 1_795_000_000_000;

fn ts(unix_ms: i64) -> Timestamp {
    Timestamp {
        unix_ms,
        offset_s: 3600,
    }
}

fn state() -> State {
    let mut s = State::new(
        ts(END - 6 * 365 * 86_400_000),
        ts(END - 6 * 365 * 86_400_000),
    );
    s.entries = synthetic(N, END);
    s
}

fn bench(c: &mut Criterion) {
    let state = state();
    let plain = encode_padded(&StateEnvelopeRef::current(&state)).unwrap();
    let mut g = c.benchmark_group("100k entries");
    g.sample_size(10);
    g.bench_function("decode the decrypted state", |b| {
        b.iter(|| decode_padded::<StateEnvelope>(black_box(&plain)).unwrap())
    });

    // A vault on RAM (when /dev/shm exists) with the state and 100 appended entries;
    // each iteration opens a fresh copy, which folds the records and rewrites.
    let base = if std::path::Path::new("/dev/shm").is_dir() {
        tempfile::tempdir_in("/dev/shm").unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let path = base.path().join("bench.confide");
    let pass = age::secrecy::SecretString::from("bench only, not a secret".to_string());
    let vault = Vault::at(&path);
    vault.create(&pass, 10, &state).unwrap();
    let extra = synthetic(100, END);
    vault.append_many(&extra).unwrap();
    let template = std::fs::read(&path).unwrap();
    g.bench_function("open a vault and fold 100 appended entries (wf 10)", |b| {
        b.iter_batched(
            || {
                let _ = std::fs::remove_file(base.path().join("bench.confide.bak"));
                std::fs::write(&path, &template).unwrap();
            },
            |()| {
                let u = vault
                    .open(confide::vault::OpenOptions::passphrase(&pass), &mut |_| {})
                    .unwrap();
                assert_eq!(u.state.entries.len(), N + 100);
            },
            BatchSize::PerIteration,
        )
    });

    let options = Options {
        include_private: true,
        text: TextPolicy::Include,
        ..Options::new(
            ts(END - 365 * 86_400_000),
            ts(END),
            state.settings.start,
            ts(END),
        )
    };
    g.bench_function("HTML export, one year (about 20k entries)", |b| {
        b.iter(|| {
            let r = report::build(&state.entries, options.clone());
            let mut out = SecretBuf::with_capacity(1 << 20);
            html::write(&mut out, &r).unwrap();
            out.as_bytes().len()
        })
    });
    g.bench_function("JSON export, everything", |b| {
        let all = Options {
            since: state.settings.start,
            ..options.clone()
        };
        b.iter(|| {
            let r = report::build(&state.entries, all.clone());
            let mut out = SecretBuf::with_capacity(1 << 20);
            json::write_report(&mut out, &r).unwrap();
            out.as_bytes().len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
