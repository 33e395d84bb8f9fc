//! Synthetic entries shared by the criterion benchmarks: about five years of dense
//! logging (journal entries, urges, lapses, practices, check-ins), deterministic.
#![allow(unreachable_pub, dead_code)]

use confide::model::entry::{Checkin, Halt, Journal, Lapse, Outcome, Practice, Urge};
use confide::model::{Entry, EntryBody, Timestamp};

const TRIGGERS: [&str; 8] = [
    "tired",
    "bored",
    "late-night",
    "alone-with-device",
    "stressed",
    "lonely",
    "conflict",
    "social-media",
];
const COPING: [&str; 6] = [
    "walk",
    "urge-surfing",
    "cold-water",
    "reach-out",
    "paced-breathing",
    "journal",
];
const PRACTICES: [&str; 5] = [
    "hug-6s",
    "tech-free-talk",
    "connection-inventory",
    "three-questions",
    "evening-walk",
];
const EMOTIONS: [&str; 6] = ["tired", "hopeful", "lonely", "calm", "anxious", "grateful"];

/// A small deterministic PRNG (xorshift), so every run sees the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `n` entries spread over five years before `end_ms`.
pub fn synthetic(n: usize, end_ms: i64) -> Vec<Entry> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let span = 5 * 365 * 86_400_000i64;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let at = Timestamp {
            unix_ms: end_ms - (rng.below(span as u64) as i64),
            offset_s: 3600,
        };
        let pick =
            |rng: &mut Rng, list: &[&str]| list[rng.below(list.len() as u64) as usize].to_string();
        let body = match rng.below(10) {
            0..=3 => EntryBody::Journal(Journal {
                text: "A day with ups and downs; I walked after dinner and felt calmer. ".repeat(5),
                mood: Some(1 + rng.below(10) as u8),
                emotions: vec![pick(&mut rng, &EMOTIONS)],
            }),
            4..=6 => EntryBody::Urge(Urge {
                intensity: 1 + rng.below(10) as u8,
                triggers: vec![pick(&mut rng, &TRIGGERS), pick(&mut rng, &TRIGGERS)],
                coping: vec![pick(&mut rng, &COPING)],
                outcome: Some(if rng.below(20) == 0 {
                    Outcome::Acted
                } else {
                    Outcome::Resisted
                }),
                minutes: Some(rng.below(60) as u32),
                note: None,
                halt: Halt {
                    tired: rng.below(2) == 0,
                    lonely: rng.below(3) == 0,
                    ..Halt::default()
                },
                curve: Vec::new(),
            }),
            7 => EntryBody::Practice(Practice {
                practice_id: pick(&mut rng, &PRACTICES),
                note: None,
            }),
            8 => EntryBody::Checkin(Checkin {
                mood: Some(1 + rng.below(10) as u8),
                emotions: vec![pick(&mut rng, &EMOTIONS)],
                urges: Some(rng.below(3) as u32),
                practice_id: Some(pick(&mut rng, &PRACTICES)),
                appreciated: Some("the evening light".into()),
                note: None,
            }),
            _ => {
                if rng.below(10) == 0 {
                    EntryBody::Lapse(Lapse {
                        triggers: vec![pick(&mut rng, &TRIGGERS)],
                        ..Lapse::default()
                    })
                } else {
                    EntryBody::Journal(Journal {
                        text: "Short note.".into(),
                        mood: None,
                        emotions: vec![],
                    })
                }
            }
        };
        out.push(Entry::new(body, at));
    }
    out
}
