//! `confide crisis` (and `confide help crisis`, which prints the same): where to turn
//! in a hard moment. No vault, no passphrase and no config are needed, so it works
//! whatever else is wrong. The only numbers in it are ones anyone can check.
//!
//! [`pointer`] is the one quiet line that urges of intensity 9 or 10 and lapses end
//! with.

use anyhow::Result;

/// What `confide crisis` and `confide help crisis` print, wrapped to fit 80 columns.
pub(crate) const TEXT: &str = "\
In a hard moment

You do not have to get through this alone. Reaching out is a strong thing to
do, and confide is a companion to therapy and support, not a replacement.

If you or someone else is in danger now, call your local emergency number:
  112  across the EU, and in the UK
  911  in the US and Canada
  999  in the UK
Elsewhere, your government's website gives the number. A phone can make an
emergency call even when it is locked.

To talk with someone now: findahelpline.com lists free, confidential helplines
by country and topic, many open at any hour, by phone, text or chat.

Reach one of your people:
  - Your sponsor or someone from your group: \"I'm having a hard moment, can
    you talk?\" is enough to say.
  - Your partner or a friend you trust: say what you need, e.g. \"Can you just
    listen for a few minutes?\"
  - Your therapist: use the way they gave you to reach them between sessions,
    or ask for an earlier appointment. `confide agenda \"...\"` keeps what you
    want to talk about for the session.

For the next few minutes:
  - Put some distance between you and the screen: another room, or outside.
  - Breathe slowly, in for 4 and out for 6, a few times.
  - An urge rises, crests and falls. You do not have to act on it for it to
    pass, and a lapse is information to learn from.
";

/// The one line that points to [`TEXT`].
pub(crate) const POINTER: &str = "If this is a hard moment: `confide help crisis`.";

pub(super) fn run() -> Result<()> {
    crate::out!("{TEXT}")?;
    Ok(())
}

/// Prints [`POINTER`], on stdout with the other closing notes.
pub(super) fn pointer() -> Result<()> {
    crate::outln!("{POINTER}")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_80_columns() {
        for line in TEXT.lines().chain([POINTER]) {
            assert!(line.chars().count() <= 80, "too wide: {line}");
        }
    }
}
