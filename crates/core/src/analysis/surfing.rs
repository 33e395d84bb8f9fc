//! How urges crest and fall, from the curves `confide surf` records with an urge.
//!
//! For each session (a curve of at least two answers):
//!
//! - its **peak** is the first answer with the session's highest intensity, and the
//!   peak's time is that answer's seconds since the start;
//! - it **fell to half** at the first answer after the peak whose intensity is at
//!   most half the peak's (`2 × intensity ≤ peak`: a peak of 7 falls to half at 3);
//!   a session that never did within its time is counted as such.
//!
//! [`Surfing::peak_s`] is the median of the peaks' times over the sessions, and
//! [`Surfing::half_s`] the median of the times they fell to half over the sessions
//! that did (the mean of the two middle values for an even count).

use crate::model::entry::SurfSample;
use serde::Serialize;

/// The shape of the recorded curves.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Surfing {
    /// Sessions with a curve of at least two answers.
    pub sessions: usize,
    /// The median time of the peak, in seconds since the start.
    pub peak_s: f64,
    /// The median time the urge fell to half its peak or below, in seconds since
    /// the start, over the sessions that did; null when none did.
    pub half_s: Option<f64>,
    /// Sessions that fell to half their peak or below.
    pub fell_to_half: usize,
    /// Sessions that had not fallen to half their peak by their last answer.
    pub not_to_half: usize,
}

/// One session's peak time, and when it fell to half its peak (`None`: not within
/// the curve). `None` for a curve of fewer than two answers.
pub fn crest(curve: &[SurfSample]) -> Option<(u32, Option<u32>)> {
    if curve.len() < 2 {
        return None;
    }
    let top = curve.iter().map(|s| s.intensity).max()?;
    let at = curve.iter().position(|s| s.intensity == top)?;
    let half = curve[at + 1..]
        .iter()
        .find(|s| 2 * u16::from(s.intensity) <= u16::from(top))
        .map(|s| s.seconds);
    Some((curve[at].seconds, half))
}

/// The shape of `curves` (one per surfed urge); `None` when no curve has two answers.
pub fn surfing<'a>(curves: impl IntoIterator<Item = &'a [SurfSample]>) -> Option<Surfing> {
    let crests: Vec<(u32, Option<u32>)> = curves.into_iter().filter_map(crest).collect();
    let peaks: Vec<u32> = crests.iter().map(|c| c.0).collect();
    let halves: Vec<u32> = crests.iter().filter_map(|c| c.1).collect();
    Some(Surfing {
        sessions: crests.len(),
        peak_s: median(&peaks)?,
        half_s: median(&halves),
        fell_to_half: halves.len(),
        not_to_half: crests.len() - halves.len(),
    })
}

/// The median; the mean of the two middle values for an even count.
fn median(values: &[u32]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(f64::from(v[n / 2])),
        _ => Some((f64::from(v[n / 2 - 1]) + f64::from(v[n / 2])) / 2.0),
    }
}

/// Seconds as whole minutes, rounded (30 seconds and more round up).
pub fn minutes(seconds: f64) -> i64 {
    (seconds / 60.0).round() as i64
}

/// The sentence `review` shows, e.g. "Your urges peaked about 4 minutes in and fell
/// to half or below by minute 12 (from 5 surfing sessions)."
pub fn sentence(s: &Surfing) -> String {
    let sessions = match s.sessions {
        1 => "1 surfing session".to_string(),
        n => format!("{n} surfing sessions"),
    };
    let peak = match minutes(s.peak_s) {
        0 => "were strongest at the start".to_string(),
        1 => "peaked about 1 minute in".to_string(),
        m => format!("peaked about {m} minutes in"),
    };
    match s.half_s {
        None => {
            format!("Your urges {peak} and had not fallen to half by the end (from {sessions}).")
        }
        Some(h) => {
            let mut text = format!(
                "Your urges {peak} and fell to half or below by minute {} (from {sessions}",
                minutes(h).max(1)
            );
            if s.not_to_half > 0 {
                text.push_str(&format!("; {} of them had not by the end", s.not_to_half));
            }
            text.push_str(").");
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curve(points: &[(u32, u8)]) -> Vec<SurfSample> {
        points
            .iter()
            .map(|&(seconds, intensity)| SurfSample { seconds, intensity })
            .collect()
    }

    #[test]
    fn the_first_peak_and_the_first_fall_to_half_after_it() {
        // Peaks of 8 at 240 and 480: the first counts; 4 is half of 8.
        let c = curve(&[(0, 5), (240, 8), (360, 6), (480, 8), (600, 4), (720, 2)]);
        assert_eq!(crest(&c), Some((240, Some(600))));
        // Half of 7 is 3.5: 4 is not at or below it, 3 is.
        let c = curve(&[(0, 7), (120, 4), (240, 3)]);
        assert_eq!(crest(&c), Some((0, Some(240))));
        // A low answer before the peak does not count.
        let c = curve(&[(0, 2), (120, 9), (240, 6)]);
        assert_eq!(crest(&c), Some((120, None)));
        // One answer is no curve.
        assert_eq!(crest(&curve(&[(0, 9)])), None);
        assert_eq!(crest(&[]), None);
    }

    #[test]
    fn medians_over_sessions_with_the_ones_that_never_fell_counted() {
        let a = curve(&[(0, 6), (120, 8), (240, 5), (360, 3)]); // peak 120, half 360
        let b = curve(&[(0, 7), (240, 9), (480, 4)]); // peak 240, half 480
        let c = curve(&[(0, 5), (120, 6), (240, 10), (600, 9)]); // peak 240, never
        let d = curve(&[(0, 4)]); // left out: one answer
        let s = surfing([&a[..], &b[..], &c[..], &d[..]]).unwrap();
        assert_eq!(
            s,
            Surfing {
                sessions: 3,
                peak_s: 240.0,
                half_s: Some(420.0),
                fell_to_half: 2,
                not_to_half: 1,
            }
        );
        assert_eq!(
            sentence(&s),
            "Your urges peaked about 4 minutes in and fell to half or below by minute 7 \
             (from 3 surfing sessions; 1 of them had not by the end)."
        );
        assert_eq!(surfing([&d[..]]), None);
        assert_eq!(surfing(std::iter::empty()), None);
    }

    #[test]
    fn sentences_for_the_start_one_session_and_none_falling() {
        let s = Surfing {
            sessions: 1,
            peak_s: 20.0,
            half_s: None,
            fell_to_half: 0,
            not_to_half: 1,
        };
        assert_eq!(
            sentence(&s),
            "Your urges were strongest at the start and had not fallen to half by the end \
             (from 1 surfing session)."
        );
        let s = Surfing {
            sessions: 2,
            peak_s: 90.0,
            half_s: Some(100.0),
            fell_to_half: 2,
            not_to_half: 0,
        };
        assert_eq!(
            sentence(&s),
            "Your urges peaked about 2 minutes in and fell to half or below by minute 2 \
             (from 2 surfing sessions)."
        );
    }
}
