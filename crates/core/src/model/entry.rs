//! Entries: what a person records. Every entry has the same envelope (id, times, tags,
//! privacy, an optional intimacy type) and a kind-specific body.

use super::IntimacyType;
use super::{EntryId, Timestamp};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// One recorded entry.
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
pub struct Entry {
    /// Unique id.
    #[zeroize(skip)]
    pub id: EntryId,
    /// When it happened (may be backdated with `--at`).
    #[zeroize(skip)]
    pub occurred_at: Timestamp,
    /// When it was written down, so backdated entries can be told apart.
    #[zeroize(skip)]
    pub recorded_at: Timestamp,
    /// When it was last edited, if ever.
    #[zeroize(skip)]
    pub edited_at: Option<Timestamp>,
    /// Free tags.
    pub tags: Vec<String>,
    /// Private entries never leave the vault in an export unless asked.
    pub private: bool,
    /// The kind of intimacy the entry is about, if any.
    #[zeroize(skip)]
    pub intimacy: Option<IntimacyType>,
    /// What kind of entry this is, with its fields.
    pub body: EntryBody,
}

/// The kind-specific part of an entry.
///
/// Wire order: append only, never reorder (postcard stores the variant index).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Zeroize)]
pub enum EntryBody {
    /// Free writing.
    Journal(Journal),
    /// An urge, logged in the moment or after.
    Urge(Urge),
    /// A lapse: information to learn from.
    Lapse(Lapse),
    /// An answer to a reflection prompt.
    Reflection(Reflection),
    /// A practice from the catalogue, done.
    Practice(Practice),
    /// The guided daily check-in.
    Checkin(Checkin),
    /// A point to raise in the next therapy session. Format 6 still: a new variant
    /// at the end leaves every older entry's bytes as they were.
    Agenda(Agenda),
}

/// A journal entry.
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Zeroize)]
pub struct Journal {
    /// The text.
    pub text: String,
    /// Mood 1-10.
    pub mood: Option<u8>,
    /// Named emotions.
    pub emotions: Vec<String>,
}

/// What happened with an urge.
///
/// Wire order: append only, never reorder (postcard stores the variant index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Zeroize)]
pub enum Outcome {
    /// It passed without acting on it.
    Resisted,
    /// It was acted on (a lapse is recorded with it).
    Acted,
}

impl Outcome {
    /// Name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Resisted => "resisted",
            Outcome::Acted => "acted",
        }
    }
}

/// HALT: hungry, angry, lonely, tired.
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Zeroize)]
pub struct Halt {
    /// Hungry.
    pub hungry: bool,
    /// Angry.
    pub angry: bool,
    /// Lonely.
    pub lonely: bool,
    /// Tired.
    pub tired: bool,
}

impl Halt {
    /// The flags that are set, by name.
    pub fn names(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        for (on, name) in [
            (self.hungry, "hungry"),
            (self.angry, "angry"),
            (self.lonely, "lonely"),
            (self.tired, "tired"),
        ] {
            if on {
                v.push(name);
            }
        }
        v
    }

    /// True when none is set.
    pub fn is_empty(&self) -> bool {
        self.names().is_empty()
    }
}

/// An urge.
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Zeroize)]
pub struct Urge {
    /// 1-10.
    pub intensity: u8,
    /// What set it off.
    pub triggers: Vec<String>,
    /// What was tried.
    pub coping: Vec<String>,
    /// How it ended, if known.
    pub outcome: Option<Outcome>,
    /// How long it lasted.
    pub minutes: Option<u32>,
    /// A note.
    pub note: Option<String>,
    /// HALT flags.
    pub halt: Halt,
    /// The surfing curve (`confide surf`): the intensity asked at the start, every
    /// few minutes and at the end, in the order asked. Empty for an urge logged
    /// otherwise. Format 9.
    pub curve: Vec<SurfSample>,
}

/// One point of a surfing curve: how strong the urge was, so many seconds after
/// the session started.
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Zeroize)]
pub struct SurfSample {
    /// Seconds since the session started, at most [`SurfSample::MAX_SECONDS`].
    pub seconds: u32,
    /// 1-10.
    pub intensity: u8,
}

impl SurfSample {
    /// The most samples one curve holds (a 60-minute session asked every 30 seconds).
    pub const MAX_SAMPLES: usize = 120;
    /// The latest a sample may be: 24 hours in.
    pub const MAX_SECONDS: u32 = 24 * 60 * 60;

    /// What is wrong with `curve`, if anything: more than [`Self::MAX_SAMPLES`]
    /// samples, an intensity outside 1 to 10, a time past [`Self::MAX_SECONDS`], or
    /// times that do not rise.
    pub fn curve_problem(curve: &[SurfSample]) -> Option<String> {
        if curve.len() > Self::MAX_SAMPLES {
            return Some(format!(
                "a surfing curve holds at most {} samples",
                Self::MAX_SAMPLES
            ));
        }
        for (i, s) in curve.iter().enumerate() {
            if !(1..=10).contains(&s.intensity) {
                return Some("a surfing curve's intensities must be 1 to 10".into());
            }
            if s.seconds > Self::MAX_SECONDS {
                return Some(format!(
                    "a surfing curve's times must be at most {} seconds (24 hours)",
                    Self::MAX_SECONDS
                ));
            }
            if i > 0 && s.seconds <= curve[i - 1].seconds {
                return Some(
                    "a surfing curve's times must rise from one sample to the next".into(),
                );
            }
        }
        None
    }

    /// `curve` as the CSV export writes it: `seconds:intensity`, space-separated
    /// (`0:7 120:8 240:5`); "" for none.
    pub fn curve_text(curve: &[SurfSample]) -> String {
        curve
            .iter()
            .map(|s| format!("{}:{}", s.seconds, s.intensity))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Chain analysis of a lapse: what led to it, what followed, what to try next.
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Zeroize)]
pub struct Chain {
    /// What made me more vulnerable (sleep, stress, being alone...).
    pub vulnerability: Option<String>,
    /// The event that set the chain off.
    pub prompting_event: Option<String>,
    /// Thoughts and feelings along the way.
    pub thoughts_feelings: Option<String>,
    /// What followed.
    pub consequences: Option<String>,
    /// What I will try next time.
    pub next_time: Option<String>,
}

impl Chain {
    /// True when every answer was skipped.
    pub fn is_empty(&self) -> bool {
        self.fields().iter().all(|(_, _, v)| v.is_none())
    }

    /// The fields with their labels, in order.
    pub fn fields(&self) -> [(&'static str, &'static str, &Option<String>); 5] {
        [
            (
                "vulnerability",
                "What made me more vulnerable",
                &self.vulnerability,
            ),
            ("prompting_event", "What set it off", &self.prompting_event),
            (
                "thoughts_feelings",
                "Thoughts and feelings along the way",
                &self.thoughts_feelings,
            ),
            ("consequences", "What followed", &self.consequences),
            ("next_time", "What I will try next time", &self.next_time),
        ]
    }
}

/// A lapse.
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Zeroize)]
pub struct Lapse {
    /// A note.
    pub note: Option<String>,
    /// What set it off.
    pub triggers: Vec<String>,
    /// Optional chain analysis.
    pub chain: Option<Chain>,
    /// The urge (outcome acted) this lapse was recorded with, if any.
    #[zeroize(skip)]
    pub urge: Option<EntryId>,
    /// The id, or a prefix of it (lowercase hex), of the urge or lapse this lapse
    /// adds to (`confide lapse --for ID`): written without the passphrase, so it is
    /// resolved when the vault is read (see `analysis::episodes`). Format 6.
    #[zeroize(skip)]
    pub of: Option<String>,
}

impl Lapse {
    /// True when nothing was written in it (no note, trigger or chain answer).
    pub fn is_blank(&self) -> bool {
        self.note.is_none()
            && self.triggers.is_empty()
            && self.chain.as_ref().is_none_or(Chain::is_empty)
    }
}

/// An answer to a reflection prompt.
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Zeroize)]
pub struct Reflection {
    /// The prompt's id, or `None` for a free reflection.
    pub prompt_id: Option<String>,
    /// The answer.
    pub text: String,
}

/// A practice done.
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Zeroize)]
pub struct Practice {
    /// Catalogue id.
    pub practice_id: String,
    /// A note.
    pub note: Option<String>,
}

/// The guided daily check-in.
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Zeroize)]
pub struct Checkin {
    /// Mood 1-10.
    pub mood: Option<u8>,
    /// Named emotions.
    pub emotions: Vec<String>,
    /// Urges since the last check-in.
    pub urges: Option<u32>,
    /// A practice done today (catalogue id).
    pub practice_id: Option<String>,
    /// One thing appreciated.
    pub appreciated: Option<String>,
    /// Anything else.
    pub note: Option<String>,
}

/// A point the person wants to raise in their next therapy session
/// (`confide agenda "TEXT"`), closed with `confide agenda --done ID` or by an export
/// that carried it.
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Zeroize)]
pub struct Agenda {
    /// The point, in the person's words.
    pub text: String,
    /// When it was closed; `None` while it is open.
    #[zeroize(skip)]
    pub done_at: Option<Timestamp>,
}

impl Agenda {
    /// True while the point has not been closed.
    pub fn is_open(&self) -> bool {
        self.done_at.is_none()
    }
}

/// Entry kinds, for `--kind` filters.
pub const KINDS: [&str; 7] = [
    "journal",
    "urge",
    "lapse",
    "reflection",
    "practice",
    "checkin",
    "agenda",
];

impl EntryBody {
    /// The kind's name as shown and as used in `--json`.
    pub fn kind(&self) -> &'static str {
        match self {
            EntryBody::Journal(_) => "journal",
            EntryBody::Urge(_) => "urge",
            EntryBody::Lapse(_) => "lapse",
            EntryBody::Reflection(_) => "reflection",
            EntryBody::Practice(_) => "practice",
            EntryBody::Checkin(_) => "checkin",
            EntryBody::Agenda(_) => "agenda",
        }
    }

    /// A one-line summary for tables.
    pub fn summary(&self) -> String {
        match self {
            EntryBody::Journal(j) => {
                let mut s = one_line(&j.text);
                if let Some(m) = j.mood {
                    s = format!("[mood {m}] {s}");
                }
                s
            }
            EntryBody::Urge(u) => {
                let mut s = format!("intensity {}", u.intensity);
                if let Some(o) = u.outcome {
                    s.push_str(&format!(", {}", o.as_str()));
                }
                if !u.triggers.is_empty() {
                    s.push_str(&format!(", triggers: {}", u.triggers.join(", ")));
                }
                if let Some(n) = &u.note {
                    s.push_str(&format!(" ({})", one_line(n)));
                }
                s
            }
            EntryBody::Lapse(l) => {
                let mut s = String::from("lapse");
                if !l.triggers.is_empty() {
                    s.push_str(&format!(", triggers: {}", l.triggers.join(", ")));
                }
                if l.chain.is_some() {
                    s.push_str(", with chain analysis");
                }
                if let Some(n) = &l.note {
                    s.push_str(&format!(" ({})", one_line(n)));
                }
                s
            }
            EntryBody::Reflection(r) => match &r.prompt_id {
                Some(p) => format!("[{p}] {}", one_line(&r.text)),
                None => one_line(&r.text),
            },
            EntryBody::Practice(p) => {
                let name = crate::content::practice(&p.practice_id)
                    .map(|x| x.name)
                    .unwrap_or(&p.practice_id);
                match &p.note {
                    Some(n) => format!("{name} ({})", one_line(n)),
                    None => name.to_string(),
                }
            }
            EntryBody::Checkin(c) => {
                let mut parts = Vec::new();
                if let Some(m) = c.mood {
                    parts.push(format!("mood {m}"));
                }
                if !c.emotions.is_empty() {
                    parts.push(c.emotions.join(", "));
                }
                if let Some(u) = c.urges {
                    parts.push(format!("{u} urge{}", if u == 1 { "" } else { "s" }));
                }
                if let Some(p) = &c.practice_id {
                    parts.push(format!("practice: {p}"));
                }
                if let Some(a) = &c.appreciated {
                    parts.push(format!("grateful for: {}", one_line(a)));
                }
                if parts.is_empty() {
                    "check-in".into()
                } else {
                    parts.join("; ")
                }
            }
            EntryBody::Agenda(a) => match a.done_at {
                None => format!("[agenda] {}", one_line(&a.text)),
                Some(_) => format!("[agenda, done] {}", one_line(&a.text)),
            },
        }
    }

    /// The summary cut to at most `max` characters (with an ellipsis when cut),
    /// without first building the whole of a long text: tables of 100,000 entries
    /// stay fast.
    pub fn summary_within(&self, max: usize) -> String {
        let s = match self {
            EntryBody::Journal(j) => match j.mood {
                Some(m) => format!("[mood {m}] {}", one_line_within(&j.text, max + 1)),
                None => one_line_within(&j.text, max + 1),
            },
            EntryBody::Reflection(r) => match &r.prompt_id {
                Some(p) => format!("[{p}] {}", one_line_within(&r.text, max + 1)),
                None => one_line_within(&r.text, max + 1),
            },
            EntryBody::Agenda(a) => match a.done_at {
                None => format!("[agenda] {}", one_line_within(&a.text, max + 1)),
                Some(_) => format!("[agenda, done] {}", one_line_within(&a.text, max + 1)),
            },
            _ => self.summary(),
        };
        cut(s, max)
    }

    /// Every piece of free text in the entry (for search and privacy checks).
    pub fn texts(&self) -> Vec<&str> {
        fn opt<'a>(o: &'a Option<String>, v: &mut Vec<&'a str>) {
            if let Some(s) = o {
                v.push(s.as_str());
            }
        }
        let mut v: Vec<&str> = Vec::new();
        match self {
            EntryBody::Journal(j) => v.push(&j.text),
            EntryBody::Urge(u) => opt(&u.note, &mut v),
            EntryBody::Lapse(l) => {
                opt(&l.note, &mut v);
                if let Some(c) = &l.chain {
                    for (_, _, f) in c.fields() {
                        opt(f, &mut v);
                    }
                }
            }
            EntryBody::Reflection(r) => v.push(&r.text),
            EntryBody::Practice(p) => opt(&p.note, &mut v),
            EntryBody::Checkin(c) => {
                opt(&c.appreciated, &mut v);
                opt(&c.note, &mut v);
            }
            EntryBody::Agenda(a) => v.push(&a.text),
        }
        v
    }

    /// Triggers named in the entry.
    pub fn triggers(&self) -> &[String] {
        match self {
            EntryBody::Urge(u) => &u.triggers,
            EntryBody::Lapse(l) => &l.triggers,
            _ => &[],
        }
    }

    /// Emotions named in the entry.
    pub fn emotions(&self) -> &[String] {
        match self {
            EntryBody::Journal(j) => &j.emotions,
            EntryBody::Checkin(c) => &c.emotions,
            _ => &[],
        }
    }
}

impl Entry {
    /// The lapse recorded with an urge that was acted on: same time, triggers, tags,
    /// privacy and intimacy type, linked by id so the pair counts once (one episode).
    pub fn linked_lapse(&self) -> Entry {
        let mut lapse = Entry::new(
            EntryBody::Lapse(Lapse {
                triggers: self.body.triggers().to_vec(),
                urge: Some(self.id),
                ..Lapse::default()
            }),
            self.occurred_at,
        );
        lapse.tags = self.tags.clone();
        lapse.private = self.private;
        lapse.intimacy = self.intimacy;
        lapse
    }

    /// Wipes and drops the free text (journal and reflection text, notes, what was
    /// appreciated, the lapse's chain), keeping the fields analysis reads: for
    /// commands that never show text and stream through a large vault.
    pub fn forget_free_text(&mut self) {
        fn gone(s: &mut String) {
            s.zeroize();
            *s = String::new();
        }
        fn gone_opt(o: &mut Option<String>) {
            if let Some(s) = o {
                s.zeroize();
            }
            *o = None;
        }
        match &mut self.body {
            EntryBody::Journal(j) => gone(&mut j.text),
            EntryBody::Urge(u) => gone_opt(&mut u.note),
            EntryBody::Lapse(l) => {
                gone_opt(&mut l.note);
                if let Some(c) = &mut l.chain {
                    c.zeroize();
                }
                l.chain = None;
            }
            EntryBody::Reflection(r) => gone(&mut r.text),
            EntryBody::Practice(p) => gone_opt(&mut p.note),
            EntryBody::Checkin(c) => {
                gone_opt(&mut c.appreciated);
                gone_opt(&mut c.note);
            }
            EntryBody::Agenda(a) => gone(&mut a.text),
        }
    }

    /// A new entry with a fresh id, recorded now.
    pub fn new(body: EntryBody, occurred_at: Timestamp) -> Self {
        Entry {
            id: EntryId::random(),
            occurred_at,
            recorded_at: Timestamp::now(),
            edited_at: None,
            tags: Vec::new(),
            private: false,
            intimacy: None,
            body,
        }
    }
}

/// Lowercase, with runs of spaces and underscores as one dash: "Late night" →
/// "late-night".
pub fn normalize_word(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    for part in w
        .trim()
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|p| !p.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&part.to_lowercase());
    }
    out
}

/// A value the person typed, for an error message: shown when it is short and one
/// word (an id, a flag value), else `…`, since a value in the wrong place may be
/// journal text, and error messages are no place for it.
pub fn shown(s: &str) -> String {
    if s.chars().count() <= 24 && !s.contains(char::is_whitespace) {
        s.to_string()
    } else {
        "…".to_string()
    }
}

/// `s` cut to `max` characters, the last one an ellipsis when cut.
pub fn cut(s: String, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s,
        Some(_) => {
            let end = s
                .char_indices()
                .nth(max.saturating_sub(1))
                .map(|(i, _)| i)
                .unwrap_or(0);
            let mut out = s[..end].to_string();
            out.push('…');
            out
        }
    }
}

/// Like [`one_line`], stopping once `max` characters are collected.
pub fn one_line_within(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(max.min(text.len()) + 4);
    let mut n = 0;
    for w in text.split_whitespace() {
        if n > 0 {
            out.push(' ');
            n += 1;
        }
        for c in w.chars() {
            if n >= max {
                return out;
            }
            out.push(c);
            n += 1;
        }
        if n >= max {
            break;
        }
    }
    out
}

/// `text` on one line, whitespace folded.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(200));
    for (i, w) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
        if out.len() > 400 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surfing_curves_are_bounded_and_written_for_csv() {
        let s = |seconds, intensity| SurfSample { seconds, intensity };
        assert_eq!(SurfSample::curve_problem(&[]), None);
        assert_eq!(
            SurfSample::curve_problem(&[s(0, 7), s(120, 10), s(86_400, 1)]),
            None
        );
        for bad in [
            vec![s(0, 0)],
            vec![s(0, 11)],
            vec![s(86_401, 5)],
            vec![s(60, 5), s(60, 6)],
            vec![s(60, 5), s(30, 6)],
            (0..121).map(|i| s(i, 5)).collect(),
        ] {
            assert!(SurfSample::curve_problem(&bad).is_some(), "{bad:?}");
        }
        assert_eq!(
            SurfSample::curve_text(&[s(0, 7), s(120, 8), s(240, 5)]),
            "0:7 120:8 240:5"
        );
        assert_eq!(SurfSample::curve_text(&[]), "");
    }

    #[test]
    fn summaries_are_cut_without_losing_words_early() {
        let long = "word ".repeat(200);
        let body = EntryBody::Journal(Journal {
            text: long.clone(),
            mood: None,
            emotions: vec![],
        });
        let s = body.summary_within(20);
        assert_eq!(s.chars().count(), 20);
        assert!(s.ends_with('…'));
        assert_eq!(s, "word word word word…");
        let short = EntryBody::Journal(Journal {
            text: "a  b\n c".into(),
            mood: None,
            emotions: vec![],
        });
        assert_eq!(short.summary_within(20), "a b c");
        assert_eq!(one_line_within("héllo wörld", 7), "héllo w");
        assert_eq!(cut("abc".into(), 3), "abc");
        assert_eq!(cut("abcd".into(), 3), "ab…");
    }
}
