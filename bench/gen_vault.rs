//! Synthetic vault generator for the benchmarks in `bench/`.
//!
//! ```text
//! CONFIDE_PASSPHRASE=... cargo run --release --example gen_vault -- \
//!     --entries 100000 --out bench/out/vault-100k.confide [--work-factor 18] [--seed 1]
//! ```
//!
//! Builds a `State` with N journal entries of 300-500 characters of plausible
//! recovery-journal prose (sentence fragments picked by a seeded PRNG, so the same seed
//! gives the same text), spread over the five years before now, with a few tags, a mood
//! on most entries, sometimes named emotions or an intimacy type, and writes it with
//! `Vault::create`, exactly as `confide init` would (but with the
//! entries already in the compacted state part, and no records appended).
//!
//! Prints one `key=value` summary line on stdout (sizes and timings). It never prints
//! the passphrase, the recovery code or any entry text.
// A test's own notes (SKIPPED, diagnostics) go to the test runner, not through
// confide's terminal output module (clippy.toml).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use age::secrecy::SecretString;
use confide::content::{IntimacyType, vocab};
use confide::model::entry::Journal;
use confide::model::envelope::StateEnvelopeRef;
use confide::model::{Entry, EntryBody, EntryId, State, Timestamp};
use confide::vault::container::{self, Tag, Verify};
use confide::vault::{Vault, crypto};
use std::fs::File;
use std::process::ExitCode;
use std::time::Instant;

/// splitmix64: tiny, fast, good enough for synthetic data (not for anything secret).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0; the modulo bias is irrelevant here).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const WHEN: &[&str] = &[
    "This morning",
    "Tonight",
    "After work",
    "Around lunch",
    "Late in the evening",
    "Before bed",
    "On the train home",
    "Right after the meeting",
    "At about two in the morning",
    "Over the weekend",
    "While everyone else was asleep",
    "During the long afternoon",
    "First thing after waking up",
    "On my walk back from the shop",
    "Sitting in the car before going in",
];

const EVENT: &[&str] = &[
    "the urge came back hard",
    "I noticed myself reaching for my phone without thinking",
    "I felt restless and could not settle",
    "an old pattern showed up again",
    "I caught the thought before it turned into a plan",
    "the house was quiet and I was alone",
    "a stressful email knocked me off balance",
    "I was tired and bored, which is my riskiest mix",
    "I had a good long talk with my partner",
    "my sponsor called to check in",
    "I scrolled for a while and then put the phone in the other room",
    "I kept thinking about the argument from yesterday",
    "the craving peaked and then faded",
    "I felt lonely in a way I could name for once",
    "I slipped, and I want to be honest about it here",
    "therapy brought up more than I expected",
    "I went to the group meeting even though I did not want to",
];

const FEELING: &[&str] = &[
    "anxious",
    "ashamed",
    "calm",
    "hopeful",
    "irritable",
    "numb",
    "proud of myself",
    "exhausted",
    "steady",
    "overwhelmed",
    "grateful",
    "tender",
    "frustrated",
    "relieved",
    "a bit raw",
    "clear-headed",
];

const CAUSE: &[&str] = &[
    "work piled up",
    "I skipped dinner",
    "I slept badly",
    "we finally talked things through",
    "I remembered how far I have come",
    "nobody replied to my messages",
    "the day had no structure",
    "I stayed off the laptop after ten",
    "I told the truth instead of hiding it",
    "I compared myself to other people again",
    "I spent the evening outside",
    "I said no to something I used to say yes to",
];

const ACTION: &[&str] = &[
    "I went for a run and the feeling eased after twenty minutes",
    "I texted a friend from group and we talked for a bit",
    "I wrote down the trigger, the feeling and what I actually needed",
    "I did the breathing exercise my therapist showed me",
    "I took a cold shower and made tea",
    "I left the phone charging in the kitchen",
    "I read a few pages instead of scrolling",
    "I named the urge out loud and let it pass",
    "I went to bed early on purpose",
    "I called my sponsor before anything happened",
    "I cooked a proper meal and ate it slowly",
    "I cleaned the flat just to keep my hands busy",
    "I played guitar for half an hour",
    "I sat with the discomfort instead of running from it",
];

const REFLECTION: &[&str] = &[
    "Urges are waves; they rise and they fall if I do not feed them.",
    "Being honest with my partner is getting a little easier each time.",
    "I want to remember that tired and alone is when I am most at risk.",
    "Progress is not a straight line, and one bad night does not erase the month.",
    "Shame tells me to hide; recovery asks me to show up.",
    "I noticed I was kinder to myself than I would have been a year ago.",
    "Tomorrow I will plan the evening in advance so there is less empty time.",
    "The counter is just a number; what matters is what I do next.",
    "I am learning what I actually need when I think I need the screen.",
    "Intimacy feels less scary when I stop performing and just talk.",
    "Next session I want to bring up the pattern around Sunday nights.",
    "Small wins count, and today was one of them.",
];

const TAGS: &[&str] = &[
    "urge",
    "trigger",
    "win",
    "slip",
    "therapy",
    "partner",
    "sleep",
    "exercise",
    "gratitude",
    "stress",
    "work",
    "group",
    "sponsor",
    "evening",
    "weekend",
    "loneliness",
];

fn sentence(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => format!("{}, {}.", rng.pick(WHEN), rng.pick(EVENT)),
        1 => format!("I felt {} because {}.", rng.pick(FEELING), rng.pick(CAUSE)),
        2 => format!("So {}.", rng.pick(ACTION)),
        3 => rng.pick(REFLECTION).to_string(),
        _ => format!(
            "{}, and I felt {}.",
            capitalize(rng.pick(ACTION)),
            rng.pick(FEELING)
        ),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// 300-500 characters of journal prose.
fn journal_text(rng: &mut Rng) -> String {
    let target = 300 + rng.below(201) as usize;
    let mut text = String::with_capacity(520);
    loop {
        let s = sentence(rng);
        let extra = s.len() + usize::from(!text.is_empty());
        if text.len() + extra > 500 {
            if text.len() >= 300 {
                break;
            }
            continue; // too long to fit: draw another sentence
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&s);
        if text.len() >= target {
            break;
        }
    }
    text
}

struct Args {
    entries: usize,
    out: String,
    work_factor: u8,
    seed: u64,
}

const USAGE: &str = "usage: gen_vault --entries N --out PATH [--work-factor WF (10-22, default 18)] [--seed S]\n\
                     (passphrase from the environment variable CONFIDE_PASSPHRASE)";

fn parse_args() -> Result<Args, String> {
    let mut entries = None;
    let mut out = None;
    let mut work_factor = 18u8;
    let mut seed = 1u64;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--entries" => {
                entries = Some(
                    value("--entries")?
                        .parse()
                        .map_err(|_| "--entries: not a number")?,
                )
            }
            "--out" => out = Some(value("--out")?),
            "--work-factor" => {
                work_factor = value("--work-factor")?
                    .parse()
                    .map_err(|_| "--work-factor: not a number")?
            }
            "--seed" => {
                seed = value("--seed")?
                    .parse()
                    .map_err(|_| "--seed: not a number")?
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if !(10..=22).contains(&work_factor) {
        return Err("--work-factor must be between 10 and 22".into());
    }
    Ok(Args {
        entries: entries.ok_or("--entries is required")?,
        out: out.ok_or("--out is required")?,
        work_factor,
        seed,
    })
}

fn build_state(n: usize, seed: u64) -> State {
    let mut rng = Rng(seed);
    let emotions: Vec<&str> = vocab::all_emotions().collect();
    let now = Timestamp::now();
    let offset_s = now.offset_s;
    const DAY_MS: i64 = 24 * 3600 * 1000;
    let span_ms = 5 * 365 * DAY_MS + DAY_MS; // five years, one leap day
    let first_ms = now.unix_ms - span_ms;
    let ts = |unix_ms: i64| Timestamp { unix_ms, offset_s };
    // The vault was created when the first entry was written; recovery began a little
    // before that.
    let mut state = State::new(ts(first_ms - DAY_MS), ts(first_ms - 30 * DAY_MS));
    state.entries.reserve_exact(n);
    let step = (span_ms / n.max(1) as i64).max(1);
    for i in 0..n {
        let occurred = first_ms + i as i64 * step + rng.below(step as u64) as i64;
        // Usually written down at once; sometimes hours later, or backdated by a day or two.
        let delay = match rng.below(10) {
            0..=6 => rng.below(10 * 60 * 1000) as i64,
            7 | 8 => rng.below(6 * 3600 * 1000) as i64,
            _ => rng.below(2 * DAY_MS as u64) as i64,
        };
        let recorded = (occurred + delay).min(now.unix_ms);
        let edited = if rng.chance(3) {
            Some(ts(
                (recorded + rng.below(3 * DAY_MS as u64) as i64).min(now.unix_ms)
            ))
        } else {
            None
        };
        let mut tags: Vec<String> = Vec::new();
        for _ in 0..rng.below(4) {
            let t = rng.pick(TAGS);
            if !tags.iter().any(|x| x == t) {
                tags.push(t.to_string());
            }
        }
        let mood = if rng.chance(60) {
            Some(1 + rng.below(10) as u8)
        } else {
            None
        };
        let mut named: Vec<String> = Vec::new();
        for _ in 0..rng.below(3) {
            let e = rng.pick(&emotions);
            if !named.iter().any(|x| x == e) {
                named.push(e.to_string());
            }
        }
        let intimacy = if rng.chance(15) {
            Some(IntimacyType::ALL[rng.below(IntimacyType::ALL.len() as u64) as usize])
        } else {
            None
        };
        let mut id = [0u8; 16];
        id[..8].copy_from_slice(&rng.next().to_le_bytes());
        id[8..].copy_from_slice(&rng.next().to_le_bytes());
        state.entries.push(Entry {
            id: EntryId(id),
            occurred_at: ts(occurred),
            recorded_at: ts(recorded),
            edited_at: edited,
            tags,
            private: rng.chance(10),
            intimacy,
            body: EntryBody::Journal(Journal {
                text: journal_text(&mut rng),
                mood,
                emotions: named,
            }),
        });
    }
    state
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gen_vault: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let Some(pass) = std::env::var_os("CONFIDE_PASSPHRASE") else {
        eprintln!("gen_vault: set CONFIDE_PASSPHRASE to the passphrase for the new vault");
        return ExitCode::from(2);
    };
    let pass = SecretString::from(pass.to_string_lossy().into_owned());

    let t0 = Instant::now();
    let state = build_state(args.entries, args.seed);
    let build_s = t0.elapsed().as_secs_f64();
    let text_bytes: usize = state
        .entries
        .iter()
        .map(|e| match &e.body {
            EntryBody::Journal(j) => j.text.len(),
            _ => 0,
        })
        .sum();

    let t1 = Instant::now();
    let vault = Vault::at(&args.out);
    if let Err(e) = vault.create(&pass, args.work_factor, &state) {
        eprintln!("gen_vault: {e}");
        return ExitCode::FAILURE;
    }
    let create_s = t1.elapsed().as_secs_f64();

    // Sizes, for the benchmark's memory bound: the state part as stored, and the exact
    // plaintext that was encrypted into it.
    let plaintext_bytes = crypto::encode_padded(&StateEnvelopeRef::current(&state))
        .expect("a generated corpus fits in 4 GiB")
        .len();
    let layout = File::open(&args.out)
        .map_err(container::ParseError::from)
        .and_then(|mut f| container::scan(&mut f, Verify::LastRecord));
    let layout = match layout {
        Ok(l) => l,
        Err(e) => {
            eprintln!("gen_vault: cannot read back `{}`: {e}", args.out);
            return ExitCode::FAILURE;
        }
    };
    println!(
        "entries={} work_factor={} file_bytes={} state_part_bytes={} plaintext_bytes={} text_bytes={} build_s={:.3} create_s={:.3}",
        args.entries,
        args.work_factor,
        layout.file_len,
        layout.part(Tag::State).len,
        plaintext_bytes,
        text_bytes,
        build_s,
        create_s
    );
    ExitCode::SUCCESS
}
