//! `confide start`: the recovery start, shown or moved. Moving it needs the
//! passphrase; the vault keeps the earlier start with the time of the change, so that
//! `merge` can reconcile two copies.

use super::input;
use crate::analysis::streak;
use crate::cli::StartArgs;
use crate::model::{Settings, Timestamp};
use anyhow::Result;
use std::io::Write;

pub(super) fn run(vault: &crate::vault::Vault, args: StartArgs) -> Result<()> {
    let now = Timestamp::now();
    let new_start = match &args.date {
        Some(s) => Some(crate::analysis::review::since_days(
            input::when("start", s)?,
            1,
        )),
        None => None,
    };
    let mut unlocked = super::unlock(vault)?;
    let before = unlocked.state.settings.start;
    if let Some(t) = new_start
        && t != before
    {
        unlocked.state.settings.move_start(t, now);
        unlocked.save()?;
    }
    let settings = &unlocked.state.settings;
    let days = streak::standing(&unlocked.state.entries, settings.start, now);
    let mut out = crate::ui::out::stdout();
    if args.json {
        crate::sanitize::json::to_writer_pretty(&mut out, &json(settings, days))?;
        writeln!(out)?;
        return Ok(());
    }
    let date = |t: Timestamp| t.to_datetime().format("%Y-%m-%d").to_string();
    match new_start {
        Some(t) if t != before => writeln!(
            out,
            "Your recovery start is now {} (it was {}; that date is kept).",
            date(t),
            date(before)
        )?,
        Some(_) => writeln!(out, "Your recovery start is already {}.", date(before))?,
        None => writeln!(out, "Your recovery start is {}.", date(settings.start))?,
    }
    writeln!(
        out,
        "Today is day {} since you began; {} of those days were free of lapses.",
        days.since_start + 1,
        days.clean
    )?;
    if new_start.is_none() {
        writeln!(
            out,
            "`confide start DATE` moves it if it began on another day."
        )?;
        if let Some(last) = settings.start_history.last() {
            writeln!(
                out,
                "It was moved on {} (from {}).",
                date(last.replaced_at),
                date(last.start)
            )?;
        }
    }
    Ok(())
}

fn json(settings: &Settings, days: streak::Days) -> serde_json::Value {
    serde_json::json!({
        "start": settings.start.to_rfc3339(),
        "days_since_start": days.since_start,
        "clean_days_since_start": days.clean,
        "history": settings.start_history.iter().map(|c| serde_json::json!({
            "start": c.start.to_rfc3339(),
            "replaced_at": c.replaced_at.to_rfc3339(),
        })).collect::<Vec<_>>(),
    })
}
