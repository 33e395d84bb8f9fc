//! Read-only commands stream entries out of the vault instead of holding them all
//! (`Vault::open` with a sink). These check that the stream hands over exactly the
//! entries an ordinary unlock has, in the same order, on every path: a plain state,
//! appended records that must be folded first, and a field too large for the
//! streaming decoder, which falls back to a whole read without repeating entries.

use age::secrecy::SecretString;
use confide::model::entry::Journal;
use confide::model::{Entry, EntryBody, Settings, State, Timestamp};
use confide::vault::{OpenOptions, Vault};

fn pass() -> SecretString {
    SecretString::from("streaming test passphrase".to_string())
}

fn journal(text: String, minute: i64) -> Entry {
    let at = Timestamp {
        unix_ms: 1_750_000_000_000 + minute * 60_000,
        offset_s: 0,
    };
    let mut e = Entry::new(
        EntryBody::Journal(Journal {
            text,
            mood: Some((minute % 10 + 1) as u8),
            emotions: vec!["calm".into()],
        }),
        at,
    );
    e.tags = vec![format!("t{}", minute % 7)];
    e
}

fn state(entries: Vec<Entry>) -> State {
    let now = Timestamp {
        unix_ms: 1_750_000_000_000,
        offset_s: 0,
    };
    State {
        settings: Settings {
            created_at: now,
            start: now,
            focus: Vec::new(),
            updated_at: None,
            start_history: Vec::new(),
            partner: None,
        },
        entries,
        exports: Vec::new(),
        tombstones: Vec::new(),
    }
}

fn streamed(vault: &Vault) -> (Vec<Entry>, usize, usize) {
    let mut got = Vec::new();
    let p = pass();
    let mut sink = |e| got.push(e);
    let s = vault
        .open(OpenOptions::passphrase(&p).sink(&mut sink), &mut |_| {})
        .unwrap()
        .into_streamed();
    assert!(
        s.state.entries.is_empty(),
        "a streamed state keeps no entries"
    );
    (got, s.count, s.folded)
}

fn unlocked(vault: &Vault) -> Vec<Entry> {
    vault
        .open(OpenOptions::passphrase(&pass()), &mut |_| {})
        .unwrap()
        .state
        .entries
        .clone()
}

#[test]
fn streaming_hands_over_the_same_entries_in_the_same_order() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::at(dir.path().join("v.confide"));
    let entries: Vec<Entry> = (0..500)
        .map(|i| {
            journal(
                format!("entry {i}: {}", "some words ".repeat(i % 40)),
                i as i64,
            )
        })
        .collect();
    vault.create(&pass(), 10, &state(entries.clone())).unwrap();

    let (got, count, folded) = streamed(&vault);
    assert_eq!(got, entries);
    assert_eq!((count, folded), (500, 0));

    // Appended records: folded with a rewrite first, then every entry streams.
    let extra: Vec<Entry> = (500..505)
        .map(|i| journal(format!("added {i}"), i))
        .collect();
    vault.append_many(&extra).unwrap();
    let (got, count, folded) = streamed(&vault);
    let mut all = entries.clone();
    all.extend(extra);
    assert_eq!(got, all);
    assert_eq!((count, folded), (505, 5));
    assert_eq!(unlocked(&vault), all, "the fold was written");
    // And the folded vault streams the same again.
    assert_eq!(streamed(&vault).0, all);
}

#[test]
fn a_field_too_large_to_stream_falls_back_without_repeating_entries() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::at(dir.path().join("v.confide"));
    let huge = "x".repeat(confide::vault::crypto::STREAM_FIELD_MAX + 10);
    let entries: Vec<Entry> = (0..50)
        .map(|i| {
            let text = if i == 30 {
                huge.clone()
            } else {
                format!("entry {i}")
            };
            journal(text, i)
        })
        .collect();
    vault.create(&pass(), 10, &state(entries.clone())).unwrap();
    let (got, count, _) = streamed(&vault);
    assert_eq!(count, 50);
    assert_eq!(got, entries);
}
