//! `confide surf`: the words of a guided urge-surfing session. An urge rises, crests
//! and falls like a wave; the session keeps you company while it does, one plain
//! line at a time, with a slow breath to follow.
//!
//! Data only: the command line decides when each line shows.

/// The guidance, shown one line at a time in this order (and again from the top in
/// a long session). Each fits an 80-column terminal with room to spare.
pub const GUIDANCE: &[&str] = &[
    "An urge is like a wave: it rises, crests and falls. You can ride it.",
    "Notice where you feel it: your chest, your hands, your stomach, your face.",
    "You don't have to act on it. For now, just watch it.",
    "Say it to yourself: \"This is an urge. It will pass.\"",
    "Feel your feet on the floor and the weight of your body in the chair.",
    "If it grows stronger, that is the wave rising. Waves crest.",
    "Notice the thoughts that come with it, and let them go by like traffic.",
    "Speak to yourself the way you would speak to a good friend right now.",
    "Nothing has to be decided in the next few minutes.",
    "Ask yourself what you need: rest, food, company, comfort?",
    "Each wave you ride out teaches you that urges pass on their own.",
    "Stay with the breath. You are doing something hard, and you are doing it.",
];

/// How long each guidance line stays before the next, in seconds.
pub const GUIDANCE_EVERY_S: u64 = 30;

/// The paced breath: seconds in, then seconds out (a longer breath out calms).
pub const BREATH_IN_S: u64 = 4;
/// See [`BREATH_IN_S`].
pub const BREATH_OUT_S: u64 = 6;

/// The cue while breathing in.
pub const BREATHE_IN: &str = "Breathe in";
/// The cue while breathing out.
pub const BREATHE_OUT: &str = "Breathe out";

/// The guidance line for `elapsed_s` seconds into a session.
pub fn guidance_at(elapsed_s: u64) -> &'static str {
    let i = (elapsed_s / GUIDANCE_EVERY_S) as usize % GUIDANCE.len();
    GUIDANCE[i]
}

/// The breathing cue at `elapsed_s` seconds into a session, and how many seconds of
/// that half of the breath have passed (1 at its first second).
pub fn breath_at(elapsed_s: u64) -> (&'static str, u64) {
    let t = elapsed_s % (BREATH_IN_S + BREATH_OUT_S);
    if t < BREATH_IN_S {
        (BREATHE_IN, t + 1)
    } else {
        (BREATHE_OUT, t - BREATH_IN_S + 1)
    }
}

/// The closing line after a session that was saved, by how it ended: resisted
/// (`Some(true)`), acted on (`Some(false)`) or not said yet (`None`).
pub fn closing(resisted: Option<bool>) -> &'static str {
    match resisted {
        Some(true) => "You rode the wave. That counts, and it gets easier.",
        Some(false) => "You stayed with it. The lapse saved with it is information to learn from.",
        None => "Thank you for staying with it. The curve is saved with the urge.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_plain_and_fit() {
        let closings = [closing(Some(true)), closing(Some(false)), closing(None)];
        for line in GUIDANCE.iter().chain(&closings) {
            assert!(!line.is_empty());
            // Shown after a two-space indent.
            assert!(line.chars().count() <= 76, "{line}");
            assert!(line.is_ascii(), "{line}");
            // The content's own check: no shaming word, not even negated.
            super::super::check_text("surf", line);
        }
    }

    #[test]
    fn guidance_moves_on_and_comes_round() {
        assert_eq!(guidance_at(0), GUIDANCE[0]);
        assert_eq!(guidance_at(GUIDANCE_EVERY_S - 1), GUIDANCE[0]);
        assert_eq!(guidance_at(GUIDANCE_EVERY_S), GUIDANCE[1]);
        let round = GUIDANCE_EVERY_S * GUIDANCE.len() as u64;
        assert_eq!(guidance_at(round), GUIDANCE[0]);
    }

    #[test]
    fn the_breath_is_in_for_four_and_out_for_six() {
        let cues: Vec<_> = (0..10).map(breath_at).collect();
        assert_eq!(cues[0], (BREATHE_IN, 1));
        assert_eq!(cues[3], (BREATHE_IN, 4));
        assert_eq!(cues[4], (BREATHE_OUT, 1));
        assert_eq!(cues[9], (BREATHE_OUT, 6));
        assert_eq!(breath_at(10), (BREATHE_IN, 1));
    }
}
