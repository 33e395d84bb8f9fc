//! Pins the vault's byte format: the format-6 fixture (state envelope 6, record
//! envelope 3), the format-7 fixture (state envelope 7, record envelope 4: the same
//! layout, plus the agenda entry kind), the format-8 fixture (state envelope 8:
//! format 7 with whom each remembered export was for and where its range ended;
//! record envelope 4), the format-9 fixture (state envelope 9, record envelope 5:
//! format 8 with an urge's surfing curve), and what today's confide writes (state
//! envelope 10: format 9 with the partner setting; record envelope 5).
//!
//! postcard stores enum variants by index and struct fields in order, with no names,
//! so moving a variant or a field silently changes what old vaults mean. These tests
//! hold that still:
//!
//! - `crates/core/tests/testdata/format-6/vault.confide` was written by confide at state format 6
//!   (work factor 10, passphrase in `passphrase` beside it): one entry of every kind
//!   and every value of every stored enum, some in the state part and two as appended
//!   records. It is opened and compared field by field with [`expected_state`], which
//!   is written out here by hand, not built from today's enums' order.
//!   `testdata/format-7/` is the same for state format 7 and record format 4, with an
//!   agenda point closed in the state part and an open one as the last record;
//!   `testdata/format-8/` for state format 8 (the same entries, exports that say
//!   whom they were for).
//! - `state.hex` and `record.hex` are the postcard bytes of that state and of one
//!   record. Encoding [`expected_state`] today must give exactly these bytes.
//! - Each stored enum's variants encode to the index written out below.
//!
//! Never regenerate the fixture to make a test pass: a failure here means old vaults
//! would no longer read as they were written. To pin a new format, add a new folder
//! (`format-9`) with `write_fixture` when the format after it is made, and keep the
//! others.

use age::secrecy::SecretString;
use confide_core::content::{IntimacyType, Skill};
use confide_core::model::entry::{
    Chain, Checkin, Halt, Journal, Lapse, Outcome, Practice, Reflection, SurfSample, Urge,
};
use confide_core::model::envelope::{
    ExportRecord, Record, RecordEnvelope, StartChange, StateEnvelope, StateEnvelopeRef, v7, v8, v9,
};
use confide_core::model::{Entry, EntryBody, EntryId, Settings, State, Timestamp, Tombstone};
use confide_core::vault::{Fold, OpenOptions, Vault};
use std::path::{Path, PathBuf};

/// The newest format, the one [`write_fixture`] writes: today's.
const NEWEST: u8 = 10;

/// The committed fixture of state format `format`.
fn fixture_dir(format: u8) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/testdata/format-{format}"))
}

fn t(unix_ms: i64, offset_s: i32) -> Timestamp {
    Timestamp { unix_ms, offset_s }
}

fn entry(
    id: u8,
    at: Timestamp,
    tags: &[&str],
    private: bool,
    intimacy: Option<IntimacyType>,
    body: EntryBody,
) -> Entry {
    Entry {
        id: EntryId([id; 16]),
        occurred_at: at,
        recorded_at: t(at.unix_ms + 60_000, at.offset_s),
        edited_at: None,
        tags: tags.iter().map(|s| s.to_string()).collect(),
        private,
        intimacy,
        body,
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// The entries of format `format`'s state part, in order: format 7 adds a closed
/// agenda point at the end, format 9 a surfed urge after it.
fn state_entries_of(format: u8) -> Vec<Entry> {
    let mut v = state_entries();
    if format >= 7 {
        v.push(agenda_point(0xe1, Some(t(1_772_560_000_000, -3600))));
    }
    if format >= 9 {
        v.push(surfed_urge(0xf1, &[(0, 7), (120, 9), (240, 6), (600, 2)]));
    }
    v
}

/// The entries appended as records to format `format`'s fixture: format 7 adds an
/// open agenda point as the last record, format 9 a surfed urge after it.
fn appended_entries_of(format: u8) -> Vec<Entry> {
    let mut v = appended_entries();
    if format >= 7 {
        v.push(agenda_point(0xe2, None));
    }
    if format >= 9 {
        v.push(surfed_urge(0xf2, &[(0, 10), (86_400, 1)]));
    }
    v
}

/// An urge saved by `confide surf`, with its curve of (seconds, intensity).
fn surfed_urge(id: u8, curve: &[(u32, u8)]) -> Entry {
    entry(
        id,
        t(1_772_800_000_000, 3600),
        &[],
        false,
        None,
        EntryBody::Urge(Urge {
            intensity: curve.iter().map(|c| c.1).max().unwrap_or(1),
            triggers: vec![],
            coping: vec![],
            outcome: Some(Outcome::Resisted),
            minutes: Some(10),
            note: None,
            halt: Halt::default(),
            curve: curve
                .iter()
                .map(|&(seconds, intensity)| SurfSample { seconds, intensity })
                .collect(),
        }),
    )
}

/// The entries of the state part, in order.
fn state_entries() -> Vec<Entry> {
    let mut journal = entry(
        0x11,
        t(1_772_397_000_000, 3600),
        &["evening", "home"],
        true,
        Some(IntimacyType::Emotional),
        EntryBody::Journal(Journal {
            text: "Quiet evening. I wrote instead of scrolling.\nSecond line.".into(),
            mood: Some(6),
            emotions: strings(&["calm", "tired"]),
        }),
    );
    journal.edited_at = Some(t(1_772_500_000_000, 3600));
    vec![
        journal,
        entry(
            0x22,
            t(1_772_410_000_000, -18_000),
            &[],
            false,
            Some(IntimacyType::Physical),
            EntryBody::Urge(Urge {
                intensity: 7,
                triggers: strings(&["late-night", "bored"]),
                coping: strings(&["walk"]),
                outcome: Some(Outcome::Resisted),
                minutes: Some(15),
                note: Some("it passed".into()),
                halt: Halt {
                    hungry: true,
                    angry: false,
                    lonely: true,
                    tired: true,
                },
                curve: vec![],
            }),
        ),
        entry(
            0x33,
            t(1_772_420_000_000, 0),
            &[],
            false,
            None,
            EntryBody::Urge(Urge {
                intensity: 1,
                triggers: vec![],
                coping: vec![],
                outcome: None,
                minutes: None,
                note: None,
                halt: Halt::default(),
                curve: vec![],
            }),
        ),
        entry(
            0x44,
            t(1_772_430_000_000, 19_800),
            &["prompt"],
            false,
            Some(IntimacyType::Spiritual),
            EntryBody::Reflection(Reflection {
                prompt_id: Some("flatline".into()),
                text: "Flat, not broken.".into(),
            }),
        ),
        entry(
            0x55,
            t(1_772_440_000_000, 3600),
            &[],
            false,
            Some(IntimacyType::Intellectual),
            EntryBody::Reflection(Reflection {
                prompt_id: None,
                text: "A free reflection.".into(),
            }),
        ),
        entry(
            0x66,
            t(1_772_450_000_000, 3600),
            &[],
            false,
            Some(IntimacyType::Experiential),
            EntryBody::Practice(Practice {
                practice_id: "hug-6s".into(),
                note: Some("we laughed".into()),
            }),
        ),
        entry(
            0x77,
            t(1_772_460_000_000, 3600),
            &[],
            false,
            None,
            EntryBody::Practice(Practice {
                practice_id: "tech-free-talk".into(),
                note: None,
            }),
        ),
        entry(
            0x88,
            t(1_772_470_000_000, 3600),
            &["daily"],
            false,
            None,
            EntryBody::Checkin(Checkin {
                mood: Some(7),
                emotions: strings(&["hopeful"]),
                urges: Some(2),
                practice_id: Some("hug-6s".into()),
                appreciated: Some("the walk".into()),
                note: Some("a good day".into()),
            }),
        ),
        entry(
            0x99,
            t(1_772_480_000_000, 3600),
            &[],
            false,
            None,
            EntryBody::Checkin(Checkin::default()),
        ),
        entry(
            0xaa,
            t(1_772_490_000_000, 3600),
            &[],
            true,
            None,
            EntryBody::Lapse(Lapse {
                note: None,
                triggers: vec![],
                chain: Some(Chain {
                    vulnerability: Some("little sleep".into()),
                    prompting_event: None,
                    thoughts_feelings: Some("alone".into()),
                    consequences: None,
                    next_time: Some("call a friend".into()),
                }),
                urge: None,
                of: Some("2222".into()),
            }),
        ),
    ]
}

/// The entries appended as records after the state part (an urge acted on and the
/// lapse recorded with it, as `confide urge 9 --outcome acted` writes them).
fn appended_entries() -> Vec<Entry> {
    vec![
        entry(
            0xbb,
            t(1_772_600_000_000, 7200),
            &[],
            false,
            None,
            EntryBody::Urge(Urge {
                intensity: 9,
                triggers: strings(&["stress"]),
                coping: vec![],
                outcome: Some(Outcome::Acted),
                minutes: Some(0),
                note: None,
                halt: Halt {
                    hungry: false,
                    angry: true,
                    lonely: false,
                    tired: false,
                },
                curve: vec![],
            }),
        ),
        entry(
            0xcc,
            t(1_772_600_000_000, 7200),
            &["work"],
            false,
            None,
            EntryBody::Lapse(Lapse {
                note: Some("after the deadline".into()),
                triggers: strings(&["stress"]),
                chain: Some(Chain {
                    vulnerability: Some("v".into()),
                    prompting_event: Some("p".into()),
                    thoughts_feelings: Some("t".into()),
                    consequences: Some("c".into()),
                    next_time: Some("n".into()),
                }),
                urge: Some(EntryId([0xbb; 16])),
                of: None,
            }),
        ),
    ]
}

fn settings() -> Settings {
    Settings {
        created_at: t(1_772_300_000_000, 3600),
        start: t(1_772_330_000_000, 3600),
        // Every skill, not in declaration order: the order chosen is kept.
        focus: vec![
            Skill::Vulnerability,
            Skill::EmotionalPresence,
            Skill::SustainablePleasure,
            Skill::AuthenticCommunication,
            Skill::EmpathicListening,
        ],
        updated_at: Some(t(1_772_340_000_000, 3600)),
        start_history: vec![StartChange {
            start: t(1_772_300_000_000, 3600),
            replaced_at: t(1_772_340_000_000, 3600),
        }],
        partner: None,
    }
}

/// `settings` as formats 6 to 9 lay them out: without the partner (it must be unsaid).
fn as_v9_settings(settings: &Settings) -> v9::Settings {
    assert!(
        settings.partner.is_none(),
        "format 9 cannot say the partner"
    );
    v9::Settings {
        created_at: settings.created_at,
        start: settings.start,
        focus: settings.focus.clone(),
        updated_at: settings.updated_at,
        start_history: settings.start_history.clone(),
    }
}

/// `state` as format 9 lays it out.
fn as_v9(state: &State) -> v9::State {
    v9::State {
        settings: as_v9_settings(&state.settings),
        entries: state.entries.clone(),
        exports: state.exports.clone(),
        tombstones: state.tombstones.clone(),
    }
}

/// The state the format-6 fixture holds once its appended records are read in.
fn expected_state() -> State {
    expected_state_of(6)
}

/// The state format `format`'s fixture holds once its appended records are read in
/// (exports before format 8 say for no one, and end when they were written; format
/// 8's say whom, and where their range ended).
fn expected_state_of(format: u8) -> State {
    let mut entries = state_entries_of(format);
    entries.extend(appended_entries_of(format));
    let to = |v: &[&str]| {
        if format >= 8 { strings(v) } else { vec![] }
    };
    let until = |written: Timestamp, until: Timestamp| {
        if format >= 8 { until } else { written }
    };
    State {
        settings: settings(),
        entries,
        exports: vec![
            ExportRecord {
                path: b"/home/sam/report.json.age".to_vec(),
                written_at: t(1_772_510_000_000, 3600),
                encrypted: true,
                sha256: vec![0xab; 32],
                to: to(&[
                    "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
                    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN",
                ]),
                // `--until` two days before it was written.
                until: until(t(1_772_510_000_000, 3600), t(1_772_337_200_000, 3600)),
            },
            ExportRecord {
                // Paths are bytes and need not be UTF-8.
                path: b"/home/sam/r\xe9sum\xe9.csv".to_vec(),
                written_at: t(1_772_520_000_000, 3600),
                encrypted: false,
                sha256: vec![0x01; 32],
                to: to(&[ExportRecord::PLAINTEXT]),
                // Written in another offset than the range's end.
                until: until(t(1_772_520_000_000, 3600), t(1_772_519_999_999, -18_000)),
            },
        ],
        tombstones: vec![Tombstone {
            id: EntryId([0xdd; 16]),
            deleted_at: t(1_772_530_000_000, 3600),
        }],
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::new();
    for line in bytes.chunks(32) {
        for b in line {
            out.push_str(&format!("{b:02x}"));
        }
        out.push('\n');
    }
    out
}

fn unhex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert_eq!(digits.len() % 2, 0, "odd number of hex digits");
    digits
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap())
        .collect()
}

/// `e` as formats 6 to 8 lay it out: an urge without a curve (it must have none).
fn as_v8_entry(e: &Entry) -> v8::Entry {
    let body = match e.body.clone() {
        EntryBody::Journal(x) => v8::EntryBody::Journal(x),
        EntryBody::Urge(u) => {
            assert!(u.curve.is_empty(), "format 8 cannot hold a surfing curve");
            v8::EntryBody::Urge(v8::Urge {
                intensity: u.intensity,
                triggers: u.triggers.clone(),
                coping: u.coping.clone(),
                outcome: u.outcome,
                minutes: u.minutes,
                note: u.note.clone(),
                halt: u.halt,
            })
        }
        EntryBody::Lapse(x) => v8::EntryBody::Lapse(x),
        EntryBody::Reflection(x) => v8::EntryBody::Reflection(x),
        EntryBody::Practice(x) => v8::EntryBody::Practice(x),
        EntryBody::Checkin(x) => v8::EntryBody::Checkin(x),
        EntryBody::Agenda(x) => v8::EntryBody::Agenda(x),
    };
    v8::Entry {
        id: e.id,
        occurred_at: e.occurred_at,
        recorded_at: e.recorded_at,
        edited_at: e.edited_at,
        tags: e.tags.clone(),
        private: e.private,
        intimacy: e.intimacy,
        body,
    }
}

/// `state` as format 8 lays it out: urges without curves.
fn as_v8(state: &State) -> v8::State {
    v8::State {
        settings: as_v9_settings(&state.settings),
        entries: state.entries.iter().map(as_v8_entry).collect(),
        exports: state.exports.clone(),
        tombstones: state.tombstones.clone(),
    }
}

/// A record as record formats 3 and 4 lay it out.
fn as_v8_record(e: &Entry) -> v8::Record {
    v8::Record::Add(as_v8_entry(e))
}

/// `state` as formats 6 and 7 lay it out: exports without recipients and range ends
/// (it must have none, and end each when it was written), urges without curves.
fn as_v7(state: &State) -> v7::State {
    v7::State {
        settings: as_v9_settings(&state.settings),
        entries: state.entries.iter().map(as_v8_entry).collect(),
        exports: state
            .exports
            .iter()
            .map(|e| {
                assert!(e.to.is_empty(), "format 7 cannot hold recipients");
                assert_eq!(e.until, e.written_at, "format 7 cannot hold a range's end");
                v7::ExportRecord {
                    path: e.path.clone(),
                    written_at: e.written_at,
                    encrypted: e.encrypted,
                    sha256: e.sha256.clone(),
                }
            })
            .collect(),
        tombstones: state.tombstones.clone(),
    }
}

fn read(name: &str) -> String {
    read_of(6, name)
}

fn read_of(format: u8, name: &str) -> String {
    let path = fixture_dir(format).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Opens a copy of format `format`'s fixture (opening takes a lock file beside it)
/// and returns its state, appended records read in.
fn open_fixture(format: u8) -> State {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.confide");
    std::fs::copy(fixture_dir(format).join("vault.confide"), &path).unwrap();
    let pass = SecretString::from(
        read_of(format, "passphrase")
            .trim_end_matches('\n')
            .to_string(),
    );
    let opened = Vault::at(&path)
        .open(
            OpenOptions::passphrase(&pass).fold(Fold::InMemory),
            &mut |_| {},
        )
        .unwrap_or_else(|e| panic!("the format-{format} fixture opens with its passphrase: {e}"));
    opened.release().0
}

#[test]
fn format_6_fixture_opens_field_by_field() {
    fixture_opens_field_by_field(6);
}

#[test]
fn format_7_fixture_opens_field_by_field() {
    fixture_opens_field_by_field(7);
}

#[test]
fn format_8_fixture_opens_field_by_field() {
    fixture_opens_field_by_field(8);
}

#[test]
fn format_9_fixture_opens_field_by_field() {
    fixture_opens_field_by_field(9);
}

/// The format-9 fixture's state bytes: format 9 explicitly (today's writer writes
/// format 10), and its record (format 5, still written today).
#[test]
fn format_9_state_and_record_encode_to_the_committed_bytes() {
    let want = unhex(&read_of(9, "state.hex"));
    let state = expected_state_of(9);
    let got = encoded(&StateEnvelope::V9(as_v9(&state)));
    assert_eq!(hex(&got), hex(&want), "the state's encoding changed");
    assert_eq!(got[0], 8, "state format 9 is variant index 8");
    let back: StateEnvelope = postcard::from_bytes(&want).unwrap();
    assert!(matches!(back, StateEnvelope::V9(_)), "decoded as format 9");
    assert_eq!(back.into_current(), state);
    let want = unhex(&read_of(9, "record.hex"));
    let last = appended_entries_of(9).pop().unwrap();
    let got = encoded(&RecordEnvelope::current(Record::Add(last)));
    assert_eq!(hex(&got), hex(&want), "the record's encoding changed");
}

/// Format 10's settings, byte by byte, written out by hand: format 9's five fields,
/// then `partner`, an option (00 none, 01 then the variant).
#[test]
fn format_10_settings_bytes() {
    let mut s = settings();
    let before = encoded(&as_v9_settings(&s));
    assert_eq!(encoded(&s), [&before[..], &[0x00]].concat(), "not said: 00");
    s.partner = Some(confide_core::model::Partner::No);
    assert_eq!(
        encoded(&s),
        [&before[..], &[0x01, 0x01]].concat(),
        "no: 01 01"
    );
    // A format-9 state reads with the partner unsaid; format 10 keeps it.
    let mut state = expected_state_of(9);
    let bytes = encoded(&StateEnvelope::V9(as_v9(&state)));
    let back: StateEnvelope = postcard::from_bytes(&bytes).unwrap();
    assert_eq!(back.into_current().settings.partner, None);
    state.settings.partner = Some(confide_core::model::Partner::Yes);
    let bytes = encoded(&StateEnvelopeRef::current(&state));
    assert_eq!(bytes[0], 9);
    let back: StateEnvelope = postcard::from_bytes(&bytes).unwrap();
    assert_eq!(back.into_current(), state);
    let mut seen = Vec::new();
    let mut de = postcard::Deserializer::from_bytes(&bytes);
    let head = serde::de::DeserializeSeed::deserialize(
        confide_core::model::envelope::StreamingEnvelope {
            sink: &mut |e| seen.push(e),
        },
        &mut de,
    )
    .unwrap();
    assert_eq!(head.settings, state.settings, "streamed");
    assert_eq!(seen, state.entries);
}

fn fixture_opens_field_by_field(format: u8) {
    let got = open_fixture(format);
    let want = expected_state_of(format);
    assert_eq!(got.settings.created_at, want.settings.created_at);
    assert_eq!(got.settings.start, want.settings.start);
    assert_eq!(got.settings.focus, want.settings.focus);
    assert_eq!(got.settings.updated_at, want.settings.updated_at);
    assert_eq!(got.settings.start_history, want.settings.start_history);
    assert_eq!(got.entries.len(), want.entries.len(), "number of entries");
    for (i, (g, w)) in got.entries.iter().zip(&want.entries).enumerate() {
        let at = format!("entry {i} ({})", w.id.to_hex());
        assert_eq!(g.id, w.id, "{at}: id");
        assert_eq!(g.occurred_at, w.occurred_at, "{at}: occurred_at");
        assert_eq!(g.recorded_at, w.recorded_at, "{at}: recorded_at");
        assert_eq!(g.edited_at, w.edited_at, "{at}: edited_at");
        assert_eq!(g.tags, w.tags, "{at}: tags");
        assert_eq!(g.private, w.private, "{at}: private");
        assert_eq!(g.intimacy, w.intimacy, "{at}: intimacy");
        assert_eq!(g.body, w.body, "{at}: body");
    }
    assert_eq!(got.exports, want.exports);
    assert_eq!(got.tombstones, want.tombstones);
    // And nothing the fields above missed.
    assert_eq!(got, want);
    // The kinds and values it holds, spelled out (so the fixture stays complete).
    let kinds: Vec<&str> = got.entries.iter().map(|e| e.body.kind()).collect();
    let mut want_kinds = vec![
        "journal",
        "urge",
        "urge",
        "reflection",
        "reflection",
        "practice",
        "practice",
        "checkin",
        "checkin",
        "lapse",
    ];
    if format >= 7 {
        want_kinds.push("agenda");
    }
    if format >= 9 {
        // A surfed urge at the end of the state part.
        want_kinds.push("urge");
    }
    want_kinds.extend(["urge", "lapse"]);
    if format >= 7 {
        want_kinds.push("agenda");
    }
    if format >= 9 {
        // And one as the last record.
        want_kinds.push("urge");
    }
    assert_eq!(kinds, want_kinds);
}

#[test]
fn format_7_state_encodes_to_the_committed_bytes() {
    let want = unhex(&read_of(7, "state.hex"));
    let state = expected_state_of(7);
    let got = postcard::to_stdvec(&StateEnvelope::V7(as_v7(&state))).unwrap();
    assert_eq!(hex(&got), hex(&want), "the state's encoding changed");
    // The envelope byte: state format 7 is variant index 6.
    assert_eq!(got[0], 6);
    let back: StateEnvelope = postcard::from_bytes(&want).unwrap();
    assert!(matches!(back, StateEnvelope::V7(_)), "decoded as format 7");
    assert_eq!(back.into_current(), state);
}

#[test]
fn format_4_record_encodes_to_the_committed_bytes() {
    let want = unhex(&read_of(7, "record.hex"));
    let point = appended_entries_of(7).pop().unwrap();
    let got = postcard::to_stdvec(&RecordEnvelope::V4(as_v8_record(&point))).unwrap();
    assert_eq!(hex(&got), hex(&want), "the record's encoding changed");
    // Record format 4 is variant index 3, then `Add` is 0, then the id.
    assert_eq!(got[..3], [3, 0, 0xe2]);
    let Record::Add(back) = postcard::from_bytes::<RecordEnvelope>(&want)
        .unwrap()
        .into_current();
    assert_eq!(back, point);
}

#[test]
fn format_6_state_encodes_to_the_committed_bytes() {
    let want = unhex(&read("state.hex"));
    let state = expected_state();
    // Format 6 explicitly (format 7's layout; today's writer writes format 8).
    let got = postcard::to_stdvec(&StateEnvelope::V6(as_v7(&state))).unwrap();
    assert_eq!(hex(&got), hex(&want), "the state's encoding changed");
    // The envelope byte: state format 6 is variant index 5.
    assert_eq!(got[0], 5);
    // And the committed bytes decode to the same state.
    let back: StateEnvelope = postcard::from_bytes(&want).unwrap();
    assert_eq!(back.into_current(), state);
}

#[test]
fn format_3_record_encodes_to_the_committed_bytes() {
    let want = unhex(&read("record.hex"));
    let lapse = appended_entries().pop().unwrap();
    // Format 3 explicitly: today's writer tags the same layout as format 4.
    let got = postcard::to_stdvec(&RecordEnvelope::V3(as_v8_record(&lapse))).unwrap();
    assert_eq!(hex(&got), hex(&want), "the record's encoding changed");
    // Record format 3 is variant index 2, then `Add` is 0.
    assert_eq!(got[..2], [2, 0]);
    let Record::Add(back) = postcard::from_bytes::<RecordEnvelope>(&want)
        .unwrap()
        .into_current();
    assert_eq!(back, lapse);
}

fn encoded<T: serde::Serialize>(v: &T) -> Vec<u8> {
    postcard::to_stdvec(v).unwrap()
}

/// Every stored enum's variant is stored as the index written here. The matches are
/// exhaustive: a new variant does not compile until it gets its index here (the
/// next one, at the end).
#[test]
fn stored_enum_variants_keep_their_index() {
    fn skill(s: Skill) -> u8 {
        match s {
            Skill::EmotionalPresence => 0,
            Skill::AuthenticCommunication => 1,
            Skill::EmpathicListening => 2,
            Skill::Vulnerability => 3,
            Skill::SustainablePleasure => 4,
        }
    }
    fn intimacy(i: IntimacyType) -> u8 {
        match i {
            IntimacyType::Emotional => 0,
            IntimacyType::Physical => 1,
            IntimacyType::Intellectual => 2,
            IntimacyType::Experiential => 3,
            IntimacyType::Spiritual => 4,
        }
    }
    fn outcome(o: Outcome) -> u8 {
        match o {
            Outcome::Resisted => 0,
            Outcome::Acted => 1,
        }
    }
    fn body(b: &EntryBody) -> u8 {
        match b {
            EntryBody::Journal(_) => 0,
            EntryBody::Urge(_) => 1,
            EntryBody::Lapse(_) => 2,
            EntryBody::Reflection(_) => 3,
            EntryBody::Practice(_) => 4,
            EntryBody::Checkin(_) => 5,
            EntryBody::Agenda(_) => 6,
        }
    }
    let skills = [
        Skill::EmotionalPresence,
        Skill::AuthenticCommunication,
        Skill::EmpathicListening,
        Skill::Vulnerability,
        Skill::SustainablePleasure,
    ];
    for s in skills {
        assert_eq!(encoded(&s), [skill(s)], "{s:?}");
        assert_eq!(postcard::from_bytes::<Skill>(&[skill(s)]).unwrap(), s);
    }
    assert!(postcard::from_bytes::<Skill>(&[5]).is_err());
    let kinds = [
        IntimacyType::Emotional,
        IntimacyType::Physical,
        IntimacyType::Intellectual,
        IntimacyType::Experiential,
        IntimacyType::Spiritual,
    ];
    for i in kinds {
        assert_eq!(encoded(&i), [intimacy(i)], "{i:?}");
        assert_eq!(
            postcard::from_bytes::<IntimacyType>(&[intimacy(i)]).unwrap(),
            i
        );
    }
    assert!(postcard::from_bytes::<IntimacyType>(&[5]).is_err());
    for o in [Outcome::Resisted, Outcome::Acted] {
        assert_eq!(encoded(&o), [outcome(o)], "{o:?}");
        assert_eq!(postcard::from_bytes::<Outcome>(&[outcome(o)]).unwrap(), o);
    }
    assert!(postcard::from_bytes::<Outcome>(&[2]).is_err());
    // One body of each kind, from the fixture's state.
    let state = expected_state();
    let mut seen = std::collections::BTreeSet::new();
    for e in &state.entries {
        let b = &e.body;
        assert_eq!(encoded(b)[0], body(b), "{}", b.kind());
        seen.insert(body(b));
    }
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), [0, 1, 2, 3, 4, 5]);
    // The agenda point (after format 6's fixture was written) comes last: index 6.
    let point = EntryBody::Agenda(confide_core::model::entry::Agenda {
        text: "a point".into(),
        done_at: None,
    });
    assert_eq!(encoded(&point)[0], body(&point), "agenda");
    assert_eq!(body(&point), 6);
    // The envelopes: state format 6 is index 5, format 7 index 6, format 8 index 7
    // and format 9 index 8; record format 3 is index 2, format 4 index 3 and format
    // 5 index 4. Formats 9 and 5 are what is written.
    assert_eq!(encoded(&StateEnvelope::V6(as_v7(&state)))[0], 5, "V6");
    assert_eq!(encoded(&StateEnvelope::V7(as_v7(&state)))[0], 6, "V7");
    assert_eq!(encoded(&StateEnvelope::V8(as_v8(&state)))[0], 7, "V8");
    assert_eq!(encoded(&StateEnvelope::V9(as_v9(&state)))[0], 8, "V9");
    assert_eq!(encoded(&StateEnvelope::V10(state.clone()))[0], 9, "V10");
    assert_eq!(encoded(&StateEnvelopeRef::current(&state))[0], 9);
    assert_eq!(
        encoded(&StateEnvelope::current(state.clone()))[0],
        9,
        "StateEnvelope::V10"
    );
    // The partner setting (format 10): yes 0, no 1, prefer-not-to-say 2.
    use confide_core::model::Partner;
    for (p, i) in [
        (Partner::Yes, 0u8),
        (Partner::No, 1),
        (Partner::PreferNotToSay, 2),
    ] {
        assert_eq!(encoded(&p), [i], "{p:?}");
    }
    let add = Record::Add(state.entries[0].clone());
    assert_eq!(encoded(&add)[0], 0, "Record::Add");
    let old = as_v8_record(&state.entries[0]);
    assert_eq!(encoded(&old)[0], 0, "v8::Record::Add");
    assert_eq!(encoded(&RecordEnvelope::V3(old.clone()))[0], 2, "V3");
    assert_eq!(encoded(&RecordEnvelope::V4(old))[0], 3, "V4");
    assert_eq!(encoded(&RecordEnvelope::V5(add.clone()))[0], 4, "V5");
    assert_eq!(encoded(&RecordEnvelope::current(add))[0], 4);
}

fn agenda_point(id: u8, done_at: Option<Timestamp>) -> Entry {
    entry(
        id,
        t(1_772_700_000_000, 3600),
        &[],
        false,
        None,
        EntryBody::Agenda(confide_core::model::entry::Agenda {
            text: "Talk about the weekend.\nAnd the plan.".into(),
            done_at,
        }),
    )
}

/// State format 9 (index 8; today's writer tags 10, index 9) and record format 5
/// (index 4, still written today). Format 9 is
/// format 8 with a `curve` after each urge's `halt`, so an older confide says "needs a
/// newer confide" (exit 9) for it; formats 6 to 8 stay readable, whole and streamed,
/// their urges without a curve (6 and 7's exports for no one and ending when
/// written). Curves round-trip in format 9 states and format 5 records.
#[test]
fn format_9_and_5_keep_the_curves_and_formats_6_to_8_read_as_before() {
    let state_8 = expected_state_of(8);
    let bytes_8 = encoded(&StateEnvelope::V8(as_v8(&state_8)));
    let same_9 = encoded(&StateEnvelope::V9(as_v9(&state_8)));
    assert_eq!(same_9[0], 8, "format 9");
    assert_eq!(
        encoded(&StateEnvelopeRef::current(&state_8))[0],
        9,
        "the state envelope written today: format 10"
    );
    // Without curves, each urge is longer by one byte: its empty curve.
    let urges = state_8
        .entries
        .iter()
        .filter(|e| e.body.kind() == "urge")
        .count();
    assert_eq!(urges, 3);
    assert_eq!(same_9.len(), bytes_8.len() + urges);
    // A record of anything but an urge keeps format 4's layout; an urge gains an
    // empty curve at its end (the urge is the last field of the entry).
    let mut appended = appended_entries();
    let lapse = appended.pop().unwrap();
    let urge = appended.pop().unwrap();
    let record_4 = encoded(&RecordEnvelope::V4(as_v8_record(&lapse)));
    let record_5 = encoded(&RecordEnvelope::current(Record::Add(lapse)));
    assert_eq!(record_5[0], 4, "the record envelope written");
    assert_eq!(record_5[1..], record_4[1..], "a lapse as in format 4");
    let urge_4 = encoded(&RecordEnvelope::V4(as_v8_record(&urge)));
    let urge_5 = encoded(&RecordEnvelope::current(Record::Add(urge.clone())));
    assert_eq!(
        urge_5[1..],
        [&urge_4[1..], &[0]].concat(),
        "an urge, curve 00"
    );
    let Record::Add(back) = postcard::from_bytes::<RecordEnvelope>(&urge_4)
        .unwrap()
        .into_current();
    assert_eq!(back, urge, "a format-4 urge reads with no curve");

    // Format 9 keeps the curves.
    let want_9 = expected_state_of(9);
    let bytes_9 = encoded(&StateEnvelope::V9(as_v9(&want_9)));
    let back: StateEnvelope = postcard::from_bytes(&bytes_9).unwrap();
    assert!(matches!(back, StateEnvelope::V9(_)), "decoded as format 9");
    assert_eq!(back.into_current(), want_9);
    // The streaming decoder reads formats 9, 8, 7 and 6 entry by entry.
    let state_7 = expected_state_of(7);
    let bytes_7 = encoded(&StateEnvelope::V7(as_v7(&state_7)));
    let bytes_6 = encoded(&StateEnvelope::V6(as_v7(&state_7)));
    for (bytes, want) in [
        (bytes_9, &want_9),
        (same_9, &state_8),
        (bytes_8, &state_8),
        (bytes_7, &state_7),
        (bytes_6, &state_7),
    ] {
        let mut seen = Vec::new();
        let mut de = postcard::Deserializer::from_bytes(&bytes);
        let head = serde::de::DeserializeSeed::deserialize(
            confide_core::model::envelope::StreamingEnvelope {
                sink: &mut |e| seen.push(e),
            },
            &mut de,
        )
        .unwrap();
        assert_eq!(head.settings, want.settings);
        assert_eq!(head.exports, want.exports, "format index {}", bytes[0]);
        assert_eq!(head.tombstones, want.tombstones);
        assert_eq!(seen, want.entries, "format index {}", bytes[0]);
    }

    // A format-5 record of a surfed urge round-trips.
    let surfed = appended_entries_of(9).pop().unwrap();
    let rec = encoded(&RecordEnvelope::current(Record::Add(surfed.clone())));
    assert_eq!(rec[..3], [4, 0, 0xf2], "format 5, Add, then the id");
    let back: RecordEnvelope = postcard::from_bytes(&rec).unwrap();
    assert!(matches!(back, RecordEnvelope::V5(_)), "decoded as format 5");
    let Record::Add(e) = back.into_current();
    assert_eq!(e, surfed);
}

/// The format-8 fixture's state bytes: format 8 explicitly (today's writer writes
/// format 10).
#[test]
fn format_8_state_encodes_to_the_committed_bytes() {
    let want = unhex(&read_of(8, "state.hex"));
    let state = expected_state_of(8);
    let got = encoded(&StateEnvelope::V8(as_v8(&state)));
    assert_eq!(hex(&got), hex(&want), "the state's encoding changed");
    // The envelope byte: state format 8 is variant index 7.
    assert_eq!(got[0], 7);
    let back: StateEnvelope = postcard::from_bytes(&want).unwrap();
    assert!(matches!(back, StateEnvelope::V8(_)), "decoded as format 8");
    assert_eq!(back.into_current(), state);
}

/// Format 9's urge, byte by byte, written out by hand: format 8's seven fields, then
/// `curve`, a count and each sample's `seconds` (a varint) and `intensity` (a byte).
#[test]
fn format_9_urge_bytes() {
    let urge = Urge {
        intensity: 7,
        triggers: vec![],
        coping: vec![],
        outcome: None,
        minutes: None,
        note: None,
        halt: Halt::default(),
        curve: vec![
            SurfSample {
                seconds: 0,
                intensity: 7,
            },
            SurfSample {
                seconds: 300,
                intensity: 3,
            },
        ],
    };
    // intensity 07; triggers and coping 00 00; outcome, minutes, note 00 00 00; the
    // four HALT flags 00 00 00 00; the curve: 02 samples, 0 s at 7, then 300 s (ac 02)
    // at 3.
    let want = [
        0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x07, 0xac, 0x02,
        0x03,
    ];
    assert_eq!(encoded(&urge), want);
}

/// Format 8's export record, byte by byte, written out by hand: the four fields of
/// format 7, then `to`, a count and the strings, then `until`, a timestamp.
#[test]
fn format_8_export_record_bytes() {
    let rec = ExportRecord {
        path: b"/a".to_vec(),
        written_at: t(1, -1),
        encrypted: true,
        sha256: vec![0xab],
        to: strings(&["age1x", ExportRecord::PASSPHRASE]),
        until: t(300, 3600),
    };
    let mut want = vec![0x02, b'/', b'a', 0x02, 0x01, 0x01, 0x01, 0xab, 0x02, 0x05];
    want.extend(b"age1x");
    want.push(0x0a);
    want.extend(b"passphrase");
    // 300 ms and 3600 s as zigzag varints: 600 = d8 04, 7200 = a0 38.
    want.extend([0xd8, 0x04, 0xa0, 0x38]);
    assert_eq!(encoded(&rec), want);
}

/// A vault written today with agenda points (in the state part and as an appended
/// record) opens again with them, field for field.
#[test]
fn a_vault_with_agenda_points_opens_again() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::at(dir.path().join("vault.confide"));
    let pass = SecretString::from("agenda round trip".to_string());
    let mut state = expected_state();
    state.entries = state_entries();
    state.entries.push(agenda_point(0xe1, None));
    vault.create(&pass, 10, &state).unwrap();
    let appended = [agenda_point(0xe2, Some(t(1_772_800_000_000, 0)))];
    vault.append_many(&appended).unwrap();
    let got = vault
        .open(
            OpenOptions::passphrase(&pass).fold(Fold::InMemory),
            &mut |_| {},
        )
        .expect("today's vault opens")
        .release()
        .0;
    let mut want = state.entries.clone();
    want.extend(appended);
    assert_eq!(got.entries, want);
}

/// Writes a new fixture of today's format ([`NEWEST`]): `CONFIDE_FIXTURE_OUT=/some/empty/dir
/// cargo test -p confide-core --test format_pin -- --ignored write_fixture`, then copy
/// `vault.confide`, `passphrase`, `recovery-code`, `state.hex` and `record.hex` into a
/// new `tests/testdata/format-N`. It writes only into that folder, and never over a
/// committed fixture.
#[test]
#[ignore = "writes a new fixture; run by hand once per format"]
fn write_fixture() {
    let Some(out) = std::env::var_os("CONFIDE_FIXTURE_OUT") else {
        panic!("set CONFIDE_FIXTURE_OUT to an empty folder to write a fixture into");
    };
    let out = PathBuf::from(out);
    for format in 6..=NEWEST {
        assert!(
            out.canonicalize().ok() != fixture_dir(format).canonicalize().ok(),
            "never regenerate a committed fixture; write a new format's into another folder"
        );
    }
    let words = ["six", "seven", "eight", "nine", "ten"];
    let pass = format!("fixture {} quiet lantern", words[usize::from(NEWEST) - 6]);
    let vault = Vault::at(out.join("vault.confide"));
    let mut in_state = expected_state_of(NEWEST);
    in_state.entries = state_entries_of(NEWEST);
    let code = vault
        .create(&SecretString::from(pass.clone()), 10, &in_state)
        .unwrap();
    vault.append_many(&appended_entries_of(NEWEST)).unwrap();
    let _ = std::fs::remove_file(out.join("vault.confide.lock"));
    use age::secrecy::ExposeSecret;
    std::fs::write(out.join("passphrase"), format!("{pass}\n")).unwrap();
    std::fs::write(
        out.join("recovery-code"),
        format!("{}\n", code.expose_secret()),
    )
    .unwrap();
    let state = expected_state_of(NEWEST);
    std::fs::write(
        out.join("state.hex"),
        hex(&encoded(&StateEnvelopeRef::current(&state))),
    )
    .unwrap();
    let last = appended_entries_of(NEWEST).pop().unwrap();
    std::fs::write(
        out.join("record.hex"),
        hex(&encoded(&RecordEnvelope::current(Record::Add(last)))),
    )
    .unwrap();
}
