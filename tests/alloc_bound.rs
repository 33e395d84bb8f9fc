//! A hostile length or count never makes confide allocate beyond what the input can
//! pay for: a counting allocator measures the peak while the container parser, the
//! state and record decoder and the import parsers read crafted and random inputs.
//! (One test in this binary, so no other thread allocates meanwhile.)

use confide::model::Timestamp;
use confide::model::envelope::{RecordEnvelope, StateEnvelope};
use confide::vault::container::{Verify, scan};
use confide::vault::crypto::decode_padded;
use peak_alloc::PeakAlloc;

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

/// Peak bytes allocated while `f` runs, above what was allocated before.
fn peak_during(f: impl FnOnce()) -> usize {
    let base = ALLOC.current_usage();
    ALLOC.reset_peak_usage();
    f();
    ALLOC.peak_usage().saturating_sub(base)
}

/// What an input of `n` bytes may cost: a fixed allowance (serde caps any
/// preallocation from a declared length at about 1 MiB) plus a multiple of the input.
fn allowance(n: usize) -> usize {
    2 * 1024 * 1024 + 64 * n
}

fn varint(mut v: u64, out: &mut Vec<u8>) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn padded(body: &[u8]) -> Vec<u8> {
    let mut v = (body.len() as u32).to_le_bytes().to_vec();
    v.extend_from_slice(body);
    v.resize(v.len().div_ceil(256) * 256, 0);
    v
}

#[test]
fn hostile_lengths_and_counts_allocate_no_more_than_the_input_pays_for() {
    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    // State v4 claiming 2^60 entries, and settings whose focus list claims 2^40.
    let mut b = vec![3u8, 0, 0, 0, 0];
    varint(1 << 40, &mut b);
    cases.push(("state: focus count 2^40".into(), padded(&b)));
    let mut b = vec![3u8, 0, 0, 0, 0, 0, 0];
    varint(1 << 60, &mut b);
    cases.push(("state: entry count 2^60".into(), padded(&b)));
    // A record whose entry's tag list claims 2^50 strings, and a string of 2^50 bytes.
    let mut b = vec![1u8, 0];
    b.extend_from_slice(&[7u8; 16]);
    b.extend_from_slice(&[0, 0, 0, 0, 0]);
    varint(1 << 50, &mut b);
    cases.push(("record: tag count 2^50".into(), padded(&b)));
    let mut b = vec![1u8, 0];
    b.extend_from_slice(&[7u8; 16]);
    b.extend_from_slice(&[0, 0, 0, 0, 0, 1]);
    varint(1 << 50, &mut b);
    cases.push(("record: tag length 2^50".into(), padded(&b)));
    // The padding's own length field says 4 GiB.
    cases.push(("padding length 4 GiB".into(), vec![0xff; 256]));
    // A container whose state part claims 2^62 bytes.
    let mut c = confide::vault::container::encode_header("age1qqqq");
    for tag in [1u8, 2, 3] {
        c.push(tag);
        let len: u64 = if tag == 3 { 1 << 62 } else { 0 };
        c.extend_from_slice(&len.to_be_bytes());
        c.extend_from_slice(&[0u8; 32]);
    }
    cases.push(("container: part length 2^62".into(), c));
    // JSON: a million empty entries, and deeply nested arrays.
    let mut j = String::from(r#"{"schema":1,"entries":["#);
    j.push_str(&"{},".repeat(200_000));
    j.push_str("{}]}");
    cases.push(("import: 200k empty entries".into(), j.into_bytes()));
    cases.push(("import: nesting".into(), "[".repeat(100_000).into_bytes()));
    // Random inputs.
    let mut s = 0x1234_5678_9abc_def0u64;
    for i in 0..300 {
        let mut v = Vec::new();
        let n = 1 + (i * 37) % 3000;
        for _ in 0..n {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            v.push(s as u8);
        }
        cases.push((format!("random {i}"), v));
    }

    let now = Timestamp {
        unix_ms: 1_790_000_000_000,
        offset_s: 0,
    };
    let tz = chrono::FixedOffset::east_opt(0).unwrap();
    for (name, input) in &cases {
        let n = input.len();
        let peak = peak_during(|| {
            let _ = decode_padded::<StateEnvelope>(input);
            let _ = decode_padded::<RecordEnvelope>(input);
            for v in [Verify::All, Verify::None] {
                let _ = scan(&mut std::io::Cursor::new(input), v);
            }
            let _ = confide::import::parse(input, None, now, &tz);
        });
        assert!(
            peak <= allowance(n),
            "{name}: {peak} bytes at peak for {n} bytes of input"
        );
    }
}
