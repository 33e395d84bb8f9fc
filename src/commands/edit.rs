//! `confide edit`: change an entry with flags, or its text in the editor. While the
//! editor is open the vault is not locked, so entries added meanwhile (an urge logged
//! from another window) are kept: the vault is re-read before the change is saved.

use super::input;
use super::urge::{halt, outcome};
use crate::cli::EditArgs;
use crate::content::vocab;
use crate::error::usage;
use crate::model::entry::Outcome;
use crate::model::{Entry, EntryBody, EntryId, Timestamp};
use crate::vault::{self, Vault};
use anyhow::Result;
use std::io::IsTerminal;

/// The entry's main free text (what the editor edits).
fn main_text(e: &Entry) -> String {
    match &e.body {
        EntryBody::Journal(j) => j.text.clone(),
        EntryBody::Reflection(r) => r.text.clone(),
        EntryBody::Urge(u) => u.note.clone().unwrap_or_default(),
        EntryBody::Lapse(l) => l.note.clone().unwrap_or_default(),
        EntryBody::Practice(p) => p.note.clone().unwrap_or_default(),
        EntryBody::Checkin(c) => c.note.clone().unwrap_or_default(),
        EntryBody::Agenda(a) => a.text.clone(),
    }
}

fn set_main_text(e: &mut Entry, text: String) {
    match &mut e.body {
        EntryBody::Journal(j) => j.text = text,
        EntryBody::Reflection(r) => r.text = text,
        EntryBody::Urge(u) => u.note = Some(text),
        EntryBody::Lapse(l) => l.note = Some(text),
        EntryBody::Practice(p) => p.note = Some(text),
        EntryBody::Checkin(c) => c.note = Some(text),
        EntryBody::Agenda(a) => a.text = text,
    }
}

/// A new journal entry holding `text`, an edit of `opened` that could not replace it
/// (the entry changed meanwhile): at the same time, with its tags (plus
/// `edit-conflict`), privacy and intimacy type.
fn conflict_copy(opened: &Entry, text: String) -> Entry {
    let mut copy = Entry::new(
        EntryBody::Journal(crate::model::entry::Journal {
            text,
            ..Default::default()
        }),
        opened.occurred_at,
    );
    copy.tags = opened.tags.clone();
    if !copy.tags.iter().any(|t| t == EDIT_CONFLICT) {
        copy.tags.push(EDIT_CONFLICT.to_string());
    }
    copy.private = opened.private;
    copy.intimacy = opened.intimacy;
    copy.edited_at = Some(Timestamp::now());
    copy
}

/// The tag of an edit saved beside an entry that changed while it was being edited.
pub(super) const EDIT_CONFLICT: &str = "edit-conflict";

fn any_flag(a: &EditArgs) -> bool {
    any_flag_but_chain(a) || chain_given(a)
}

fn any_flag_but_chain(a: &EditArgs) -> bool {
    a.text.is_some()
        || a.mood.is_some()
        || !a.feel.is_empty()
        || a.intensity.is_some()
        || !a.triggers.is_empty()
        || !a.coping.is_empty()
        || a.outcome.is_some()
        || a.minutes.is_some()
        || a.halt.is_some()
        || a.note.is_some()
        || a.intimacy.is_some()
        || a.at.is_some()
        || !a.tags.is_empty()
        || a.private
        || a.public
}

fn chain_given(a: &EditArgs) -> bool {
    let c = &a.answers;
    c.vulnerability.is_some()
        || c.prompting_event.is_some()
        || c.thoughts.is_some()
        || c.consequences.is_some()
        || c.next_time.is_some()
}

/// Sets the chain answers given (each replaces the one before; the others stay).
fn apply_chain(e: &mut Entry, a: &EditArgs) -> Result<()> {
    let Some(given) = super::lapse::chain_from_flags(&a.answers)? else {
        return Ok(());
    };
    let kind = e.body.kind();
    let EntryBody::Lapse(l) = &mut e.body else {
        return Err(not_for("--vulnerability and the other chain answers", kind));
    };
    let chain = l.chain.get_or_insert_with(Default::default);
    for (slot, value) in [
        (&mut chain.vulnerability, given.vulnerability),
        (&mut chain.prompting_event, given.prompting_event),
        (&mut chain.thoughts_feelings, given.thoughts_feelings),
        (&mut chain.consequences, given.consequences),
        (&mut chain.next_time, given.next_time),
    ] {
        if value.is_some() {
            *slot = value;
        }
    }
    Ok(())
}

fn not_for(flag: &str, kind: &str) -> anyhow::Error {
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    usage(format!(
        "{flag} does not apply to {article} {kind} entry; nothing was changed"
    ))
}

/// Applies the flags to a copy of the entry, checking each applies to its kind.
pub(super) fn apply_flags(e: &mut Entry, a: &EditArgs) -> Result<()> {
    let kind = e.body.kind();
    if let Some(t) = &a.text {
        input::validate_text("text", t)?;
        match &mut e.body {
            EntryBody::Journal(j) => j.text = t.clone(),
            EntryBody::Reflection(r) => r.text = t.clone(),
            _ => return Err(not_for("--text", kind)),
        }
    }
    if let Some(m) = a.mood {
        let m = input::one_to_ten("mood", m)?;
        match &mut e.body {
            EntryBody::Journal(j) => j.mood = Some(m),
            EntryBody::Checkin(c) => c.mood = Some(m),
            _ => return Err(not_for("--mood", kind)),
        }
    }
    if !a.feel.is_empty() {
        let words = input::words("emotion", &a.feel, &input::emotion_words())?;
        match &mut e.body {
            EntryBody::Journal(j) => j.emotions = words,
            EntryBody::Checkin(c) => c.emotions = words,
            _ => return Err(not_for("--feel", kind)),
        }
    }
    if !a.triggers.is_empty() {
        let words = input::words("trigger", &a.triggers, vocab::TRIGGERS)?;
        match &mut e.body {
            EntryBody::Urge(u) => u.triggers = words,
            EntryBody::Lapse(l) => l.triggers = words,
            _ => return Err(not_for("--trigger", kind)),
        }
    }
    let urge_only = [
        ("--intensity", a.intensity.is_some()),
        ("--coping", !a.coping.is_empty()),
        ("--outcome", a.outcome.is_some()),
        ("--minutes", a.minutes.is_some()),
        ("--halt", a.halt.is_some()),
    ];
    match &mut e.body {
        EntryBody::Urge(u) => {
            if let Some(i) = a.intensity {
                u.intensity = input::one_to_ten("intensity", i)?;
            }
            if !a.coping.is_empty() {
                u.coping = input::words("coping strategy", &a.coping, vocab::COPING)?;
            }
            if let Some(o) = &a.outcome {
                u.outcome = Some(outcome(o)?);
            }
            if let Some(m) = a.minutes {
                u.minutes = Some(input::count("--minutes", m)?);
            }
            if let Some(h) = &a.halt {
                u.halt = halt(h)?;
            }
        }
        _ => {
            if let Some((flag, _)) = urge_only.iter().find(|(_, set)| *set) {
                return Err(not_for(flag, kind));
            }
        }
    }
    if let Some(n) = &a.note {
        let n = input::note("note", Some(n))?;
        match &mut e.body {
            EntryBody::Urge(u) => u.note = n,
            EntryBody::Lapse(l) => l.note = n,
            EntryBody::Practice(p) => p.note = n,
            EntryBody::Checkin(c) => c.note = n,
            _ => return Err(not_for("--note (use --text)", kind)),
        }
    }
    if let Some(t) = &a.intimacy {
        e.intimacy = if t.eq_ignore_ascii_case("none") {
            None
        } else {
            Some(input::intimacy(t)?)
        };
    }
    if let Some(at) = &a.at {
        e.occurred_at = input::when("--at", at)?;
    }
    if !a.tags.is_empty() {
        e.tags = input::words("tag", &a.tags, &[])?;
    }
    if a.private {
        e.private = true;
    }
    if a.public {
        e.private = false;
    }
    apply_chain(e, a)
}

pub(super) fn run(vault: &Vault, args: EditArgs) -> Result<()> {
    let unlocked = super::unlock(vault)?;
    let mut index = input::resolve_index(&unlocked.state.entries, &args.id)?;
    // Chain answers given for an urge acted on go to its lapse: one episode.
    if chain_given(&args)
        && matches!(unlocked.state.entries[index].body, EntryBody::Urge(_))
        && let Some(ep) = crate::analysis::episodes::episodes(&unlocked.state.entries)
            .of_entry(index)
            .cloned()
        && let Some(lapse) = ep
            .members
            .iter()
            .copied()
            .find(|&i| matches!(unlocked.state.entries[i].body, EntryBody::Lapse(_)))
    {
        let ids = [
            unlocked.state.entries[index].id.short(),
            unlocked.state.entries[lapse].id.short(),
        ];
        if any_flag_but_chain(&args) {
            return Err(usage(format!(
                "the chain answers belong to lapse {}, the other changes to urge {}; edit them one at a time; nothing was changed",
                ids[1], ids[0]
            )));
        }
        crate::outln!(
            "The chain analysis goes with the lapse recorded with urge {}.",
            ids[0]
        )?;
        index = lapse;
    }
    if let Some(at) = &args.at {
        let t = input::when("--at", at)?;
        super::warn_before_start(&unlocked.state.settings, &[t]);
    }
    let (edited_id, edited_kind) = {
        let e = &unlocked.state.entries[index];
        (e.id, e.body.kind())
    };
    let mut unlocked = if any_flag(&args) {
        let mut edited = unlocked.state.entries[index].clone();
        let acted =
            |e: &Entry| matches!(&e.body, EntryBody::Urge(u) if u.outcome == Some(Outcome::Acted));
        let was_acted = acted(&edited);
        apply_flags(&mut edited, &args)?;
        edited.edited_at = Some(Timestamp::now());
        let mut u = unlocked;
        // An urge newly marked as acted on gets its lapse, as `confide urge` records it.
        let has_lapse = u
            .state
            .entries
            .iter()
            .any(|e| matches!(&e.body, EntryBody::Lapse(l) if l.urge == Some(edited_id)));
        if acted(&edited) && !was_acted && !has_lapse {
            u.state.entries.push(edited.linked_lapse());
            crate::outln!("A lapse was recorded with it, as information to learn from.")?;
        }
        u.state.entries[index] = edited;
        u
    } else {
        let id: EntryId = edited_id;
        let initial = zeroize::Zeroizing::new(main_text(&unlocked.state.entries[index]));
        // The entry as the editor opens on it (wiped on drop): if another confide
        // changes it meanwhile, neither version may be lost.
        let opened = unlocked.state.entries[index].clone();
        // Release the lock while the editor is open.
        let (state, keys) = unlocked.release();
        drop(state);
        let text = if std::io::stdin().is_terminal() {
            crate::ui::editor::compose(&initial, None, args.compose.allow_disk_temp)?
        } else {
            input::read_stdin()?
        };
        input::validate_text("text", &text)?;
        let mut u = super::reopen(
            vault,
            keys,
            vault::Fold::Now,
            Some(
                "the passphrase changed while you were editing; please unlock again to save your edit",
            ),
        )?;
        let Some(i) = u.state.entries.iter().position(|e| e.id == id) else {
            return Err(anyhow::anyhow!(
                "the entry was deleted by another confide while you were editing; nothing was saved"
            ));
        };
        if *text == *initial {
            crate::outln!("No changes.")?;
            return Ok(());
        }
        if u.state.entries[i] != opened {
            // Changed by another confide while the editor was open: keep both. This
            // version goes in a new journal entry next to it (same time, tags and
            // privacy, tagged `edit-conflict`), so no figure counts an urge twice.
            let copy = conflict_copy(&opened, text.trim_end().to_string());
            let copy_id = copy.id;
            u.state.entries.push(copy);
            u.save()?;
            crate::outln!(
                "This {edited_kind} changed while you were editing; your version is saved as a new journal entry {}, next to it (tagged edit-conflict).",
                copy_id.short()
            )?;
            return Ok(());
        }
        let e = &mut u.state.entries[i];
        set_main_text(e, text.trim_end().to_string());
        e.edited_at = Some(Timestamp::now());
        u
    };
    unlocked.save()?;
    crate::outln!("Saved your changes to {edited_kind} {}.", edited_id.short())?;
    Ok(())
}
