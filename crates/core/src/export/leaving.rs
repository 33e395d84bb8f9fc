//! What leaves the vault in an export, by category with counts, and whether each
//! category's free text goes with it or stays home, and why: what `export --preview`
//! lists and what `export` asks about on a terminal before anything is written. Pure:
//! read from a built [`Report`], with the same rules the renderers use
//! ([`Report::text_allowed`], [`Report::chain_text_allowed`]).

use super::report::{Report, TextPolicy};
use crate::model::{Entry, EntryBody};
use std::collections::HashSet;

/// Whether a category's free text leaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextLeaves {
    /// The category has no free text (figures, the daily table, urges as numbers).
    NoText,
    /// All of it.
    All,
    /// Some of it; the rest is held back.
    Part,
    /// None of it: it is held back.
    Nothing,
}

/// One category of what leaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    /// What it is, e.g. "journal entries".
    pub label: &'static str,
    /// How many; `None` for the figures, which are not a count of anything.
    pub count: Option<usize>,
    /// Whether its free text leaves.
    pub text: TextLeaves,
    /// Why, in a few words, e.g. "(text included: written for therapy)" or
    /// "(answers held back: --include-text)"; what it holds for the figures.
    pub note: String,
}

impl std::fmt::Display for Category {
    /// "journal entries 12 (text included)".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label)?;
        if let Some(n) = self.count {
            write!(f, " {n}")?;
        }
        if !self.note.is_empty() {
            write!(f, " {}", self.note)?;
        }
        Ok(())
    }
}

/// Why text held back stays home, and what brings it: `--no-text` keeps all of it
/// back; otherwise `--include-text` would include it.
fn held_back_because(r: &Report) -> &'static str {
    match r.options.text {
        TextPolicy::None => "--no-text",
        TextPolicy::Default | TextPolicy::Include => "--include-text",
    }
}

/// A category of entries whose free text leaves by `allowed`: "(text included)",
/// "(text held back: --include-text)", or "(text of 10 included; 2 held back:
/// --include-text)". `why` says why it is included by default (chain analyses:
/// written for therapy). Entries without free text count but say nothing of it.
fn with_text<'e>(
    r: &Report,
    label: &'static str,
    noun: &'static str,
    entries: impl Iterator<Item = &'e Entry>,
    has_text: impl Fn(&Entry) -> bool,
    allowed: impl Fn(&Entry) -> bool,
    why: Option<&'static str>,
) -> Option<Category> {
    let (mut count, mut included, mut held) = (0usize, 0usize, 0usize);
    for e in entries {
        count += 1;
        if has_text(e) {
            if allowed(e) {
                included += 1;
            } else {
                held += 1;
            }
        }
    }
    if count == 0 {
        return None;
    }
    let because = held_back_because(r);
    let why = why.map(|w| format!(": {w}")).unwrap_or_default();
    let (text, note) = match (included, held) {
        (0, 0) => (TextLeaves::NoText, String::new()),
        (_, 0) => (TextLeaves::All, format!("({noun} included{why})")),
        (0, _) => (
            TextLeaves::Nothing,
            format!("({noun} held back: {because})"),
        ),
        (i, h) => (
            TextLeaves::Part,
            format!("({noun} of {i} included{why}; of {h} held back: {because})"),
        ),
    };
    Some(Category {
        label,
        count: Some(count),
        text,
        note,
    })
}

/// A category with no free text (or none worth a word): "urges 9".
fn counted(label: &'static str, count: usize) -> Option<Category> {
    (count > 0).then(|| Category {
        label,
        count: Some(count),
        text: TextLeaves::NoText,
        note: String::new(),
    })
}

fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|t| t.trim().is_empty())
}

/// What leaves in `r`, by category, in the order a person checks it: what was
/// written for therapy (agenda points, chain analyses), the entries and their text,
/// the notes, private entries, then the figures and the daily table. Categories with
/// nothing in them are left out.
pub fn leaving(r: &Report) -> Vec<Category> {
    let of = |kind: &'static str| {
        r.entries
            .iter()
            .copied()
            .filter(move |e| e.body.kind() == kind)
    };
    let text_allowed = |e: &Entry| r.text_allowed(e);
    let mut out: Vec<Option<Category>> = Vec::new();

    // Agenda points are text the person wrote for the session: they leave whole
    // (none are in the report with --no-text).
    let points = r.agenda.len();
    out.push((points > 0).then(|| Category {
        label: "agenda points",
        count: Some(points),
        text: TextLeaves::All,
        note: "(included: written for therapy)".into(),
    }));

    // Chain analyses: on the lapses listed, and on those of the lapse episodes
    // shown side by side (each once).
    let mut seen = HashSet::new();
    let chains: Vec<&Entry> = r
        .entries
        .iter()
        .copied()
        .chain(
            r.lapse_episodes
                .iter()
                .flat_map(|ep| ep.entries.iter().copied()),
        )
        .filter(|e| {
            matches!(&e.body, EntryBody::Lapse(l) if l.chain.as_ref().is_some_and(|c| {
                c.fields().iter().any(|(_, _, v)| !blank(v))
            }))
        })
        .filter(|e| seen.insert(e.id))
        .collect();
    out.push(with_text(
        r,
        "chain analyses",
        "text",
        chains.into_iter(),
        |_| true,
        |e| r.chain_text_allowed(e),
        Some("written for therapy"),
    ));

    out.push(with_text(
        r,
        "journal entries",
        "text",
        of("journal"),
        |e| matches!(&e.body, EntryBody::Journal(j) if !j.text.trim().is_empty()),
        text_allowed,
        None,
    ));
    out.push(with_text(
        r,
        "reflections",
        "answers",
        of("reflection"),
        |e| matches!(&e.body, EntryBody::Reflection(x) if !x.text.trim().is_empty()),
        text_allowed,
        None,
    ));
    out.push(counted("urges", of("urge").count()));
    out.push(counted("lapses", of("lapse").count()));
    out.push(counted("practices", of("practice").count()));
    out.push(counted("check-ins", of("checkin").count()));
    // Agenda points listed among the entries (`--kind agenda`, `--all`).
    out.push(with_text(
        r,
        "agenda entries",
        "text",
        of("agenda"),
        |_| true,
        text_allowed,
        None,
    ));

    // The notes: only entries that have one.
    let note_of = |e: &Entry| match &e.body {
        EntryBody::Urge(u) => !blank(&u.note),
        EntryBody::Lapse(l) => !blank(&l.note),
        EntryBody::Practice(p) => !blank(&p.note),
        EntryBody::Checkin(c) => !blank(&c.note) || !blank(&c.appreciated),
        _ => false,
    };
    out.push(with_text(
        r,
        "urge and lapse notes",
        "text",
        r.entries
            .iter()
            .copied()
            .filter(|e| matches!(e.body, EntryBody::Urge(_) | EntryBody::Lapse(_)))
            .filter(|e| note_of(e)),
        |_| true,
        text_allowed,
        None,
    ));
    out.push(with_text(
        r,
        "check-in notes",
        "text",
        of("checkin").filter(|e| note_of(e)),
        |_| true,
        text_allowed,
        None,
    ));
    out.push(with_text(
        r,
        "practice notes",
        "text",
        of("practice").filter(|e| note_of(e)),
        |_| true,
        text_allowed,
        None,
    ));

    if r.options.include_private {
        let n = r.entries.iter().filter(|e| e.private).count();
        out.push((n > 0).then(|| Category {
            label: "private entries",
            count: Some(n),
            text: TextLeaves::NoText,
            note: "included (--include-private), marked as private".into(),
        }));
    } else if r.held_back_private > 0 {
        out.push(Some(Category {
            label: "private entries",
            count: Some(r.held_back_private),
            text: TextLeaves::Nothing,
            note: "held back (--include-private)".into(),
        }));
    }
    if r.options.summary_only {
        out.push(Some(Category {
            label: "entries",
            count: None,
            text: TextLeaves::NoText,
            note: "none (--summary-only)".into(),
        }));
    }

    out.push(Some(Category {
        label: "figures",
        count: None,
        text: TextLeaves::NoText,
        note: "(streak, urges, mood, lapses, check-ins, patterns)".into(),
    }));
    let days = r.daily.len();
    out.push((days > 0).then(|| Category {
        label: "daily table",
        count: Some(days),
        text: TextLeaves::NoText,
        note: format!(
            "{} (mood, emotions, urges, practice; no free text)",
            if days == 1 { "day" } else { "days" }
        ),
    }));
    out.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::report::{Options, build};
    use crate::model::entry::{
        Agenda, Chain, Checkin, Halt, Journal, Lapse, Outcome, Practice, Reflection, Urge,
    };
    use crate::model::{Entry, Timestamp};

    const D: i64 = 86_400_000;

    fn t(ms: i64) -> Timestamp {
        Timestamp {
            unix_ms: ms,
            offset_s: 0,
        }
    }

    fn at(day: i64, body: EntryBody) -> Entry {
        let mut e = Entry::new(body, t(day * D + 3_600_000));
        e.recorded_at = e.occurred_at;
        e
    }

    fn journal(day: i64, text: &str, private: bool) -> Entry {
        let mut e = at(
            day,
            EntryBody::Journal(Journal {
                text: text.into(),
                mood: Some(5),
                emotions: vec![],
            }),
        );
        e.private = private;
        e
    }

    /// Two journal entries (one private), two reflections, an urge with a note and
    /// one without, a lapse with a chain and a note, a private lapse with a chain, a
    /// check-in with a note, a practice, and an open agenda point.
    fn entries() -> Vec<Entry> {
        let chain = || {
            Some(Chain {
                next_time: Some("call".into()),
                ..Chain::default()
            })
        };
        let urge = |day, note: Option<&str>| {
            at(
                day,
                EntryBody::Urge(Urge {
                    intensity: 6,
                    triggers: vec![],
                    coping: vec![],
                    outcome: Some(Outcome::Resisted),
                    minutes: None,
                    note: note.map(Into::into),
                    halt: Halt::default(),
                    curve: Vec::new(),
                }),
            )
        };
        let mut private_lapse = at(
            14,
            EntryBody::Lapse(Lapse {
                chain: chain(),
                ..Lapse::default()
            }),
        );
        private_lapse.private = true;
        vec![
            journal(10, "open words", false),
            journal(10, "private words", true),
            at(
                11,
                EntryBody::Reflection(Reflection {
                    prompt_id: None,
                    text: "an answer".into(),
                }),
            ),
            at(
                11,
                EntryBody::Reflection(Reflection {
                    prompt_id: None,
                    text: "another".into(),
                }),
            ),
            urge(12, Some("a note")),
            urge(12, None),
            at(
                13,
                EntryBody::Lapse(Lapse {
                    note: Some("after".into()),
                    chain: chain(),
                    ..Lapse::default()
                }),
            ),
            private_lapse,
            at(
                15,
                EntryBody::Checkin(Checkin {
                    mood: Some(6),
                    note: Some("steady".into()),
                    ..Checkin::default()
                }),
            ),
            at(
                15,
                EntryBody::Practice(Practice {
                    practice_id: "hug-6s".into(),
                    note: None,
                }),
            ),
            at(
                16,
                EntryBody::Agenda(Agenda {
                    text: "the weekend".into(),
                    done_at: None,
                }),
            ),
        ]
    }

    fn options(text: TextPolicy, include_private: bool) -> Options {
        Options {
            include_private,
            text,
            ..Options::new(t(9 * D), t(20 * D), t(0), t(20 * D))
        }
    }

    fn lines(text: TextPolicy, include_private: bool) -> Vec<String> {
        let all = entries();
        let r = build(&all, options(text, include_private));
        leaving(&r).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_default_says_what_leaves_and_what_stays_home() {
        let got = lines(TextPolicy::Default, false);
        assert_eq!(
            got,
            [
                "agenda points 1 (included: written for therapy)",
                "chain analyses 1 (text included: written for therapy)",
                "journal entries 1 (text included)",
                "reflections 2 (answers held back: --include-text)",
                "urges 2",
                "lapses 1",
                "practices 1",
                "check-ins 1",
                "urge and lapse notes 2 (text held back: --include-text)",
                "check-in notes 1 (text held back: --include-text)",
                "private entries 2 held back (--include-private)",
                "figures (streak, urges, mood, lapses, check-ins, patterns)",
                "daily table 12 days (mood, emotions, urges, practice; no free text)",
            ]
        );
    }

    #[test]
    fn private_entries_asked_for_keep_their_text_home_by_default() {
        let all = entries();
        let r = build(&all, options(TextPolicy::Default, true));
        let got = leaving(&r);
        let find = |label: &str| got.iter().find(|c| c.label == label).unwrap().clone();
        let journal = find("journal entries");
        assert_eq!(journal.count, Some(2));
        assert_eq!(journal.text, TextLeaves::Part);
        assert_eq!(
            journal.note,
            "(text of 1 included; of 1 held back: --include-text)"
        );
        // A private chain analysis stays home by default.
        let chains = find("chain analyses");
        assert_eq!(chains.count, Some(2));
        assert_eq!(chains.text, TextLeaves::Part);
        assert_eq!(
            find("private entries").to_string(),
            "private entries 2 included (--include-private), marked as private"
        );
    }

    #[test]
    fn include_text_and_no_text() {
        let got = lines(TextPolicy::Include, true);
        assert!(got.contains(&"reflections 2 (answers included)".to_string()));
        assert!(got.contains(&"urge and lapse notes 2 (text included)".to_string()));
        assert!(got.contains(&"chain analyses 2 (text included: written for therapy)".to_string()));
        let got = lines(TextPolicy::None, false);
        assert!(!got.iter().any(|l| l.starts_with("agenda")), "{got:?}");
        assert!(got.contains(&"journal entries 1 (text held back: --no-text)".to_string()));
        assert!(got.contains(&"chain analyses 1 (text held back: --no-text)".to_string()));
    }

    #[test]
    fn summary_only_lists_no_entries() {
        let all = entries();
        let mut o = options(TextPolicy::Default, false);
        o.summary_only = true;
        let r = build(&all, o);
        let labels: Vec<&str> = leaving(&r).iter().map(|c| c.label).collect();
        assert_eq!(
            labels,
            ["agenda points", "private entries", "entries", "figures"]
        );
    }
}
