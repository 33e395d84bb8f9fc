//! `confide doctor`: renders the findings of [`crate::doctor`] as a list for people or
//! as JSON for scripts. Exit code 0 when nothing needs attention, 1 otherwise (with
//! the report printed all the same). Never asks for the passphrase.

use super::prompts::wrap;
use crate::cli::DoctorArgs;
use crate::doctor::{self, Finding, Inputs, Status};
use crate::sanitize::field;
use crate::ui;
use crate::vault::Vault;
use anyhow::Result;
use std::io::Write;

pub(super) fn run(vault: &Vault, args: DoctorArgs) -> Result<()> {
    let findings = doctor::run(&Inputs::from_environment(vault.path()));
    let attention = findings
        .iter()
        .filter(|f| f.status == Status::Attention)
        .count();
    let mut out = crate::ui::out::stdout();
    if args.json {
        let doc = serde_json::json!({
            "schema": 1,
            "findings": findings,
            "needs_attention": attention > 0,
        });
        crate::sanitize::json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        render(&mut out, &findings, attention, args.verbose)?;
    }
    out.flush()?;
    match attention {
        0 => Ok(()),
        1 => Err(anyhow::anyhow!("1 finding needs attention (see above)")),
        n => Err(anyhow::anyhow!("{n} findings need attention (see above)")),
    }
}

/// The list for people: a line per finding, a mark and its title; under a finding
/// that needs attention (under every one with `verbose`), what it means and what to
/// do, indented and wrapped.
fn render(
    out: &mut impl Write,
    findings: &[Finding],
    attention: usize,
    verbose: bool,
) -> std::io::Result<()> {
    let color = ui::color_stdout();
    let width = ui::width().min(100);
    for f in findings {
        let (mark, code) = match f.status {
            Status::Ok => ("ok  ", ui::style::GOOD),
            Status::Note => ("note", ui::style::NOTE),
            Status::Attention => ("!!  ", ui::style::ATTENTION),
        };
        // Findings quote paths, which can hold any character but `/` and NUL: each
        // is sanitised as a field, so a line break in a path shows as `\n` (not as
        // a space once wrapped) and no control reaches the terminal.
        writeln!(out, "{} {}", ui::paint(color, code, mark), field(&f.title))?;
        if !verbose && f.status != Status::Attention {
            continue;
        }
        if !f.detail.is_empty() {
            for line in wrap(&field(&f.detail), width.saturating_sub(5)) {
                writeln!(out, "     {line}")?;
            }
        }
        if let Some(fix) = &f.fix {
            let text = format!("What to do: {}", field(fix));
            for line in wrap(&text, width.saturating_sub(5)) {
                writeln!(out, "     {line}")?;
            }
        }
        if verbose {
            writeln!(out)?;
        }
    }
    if !verbose {
        writeln!(out)?;
    }
    let notes = findings.iter().filter(|f| f.status == Status::Note).count();
    let summary = match (attention, notes) {
        (0, 0) => "All clear: nothing needs attention.".to_string(),
        (0, n) => format!(
            "Nothing needs attention ({n} {} worth knowing{}).",
            if n == 1 { "note" } else { "notes" },
            if verbose {
                ""
            } else {
                "; `confide doctor --verbose` explains each"
            }
        ),
        (1, _) => "1 finding needs attention; what to do is under it.".to_string(),
        (n, _) => format!("{n} findings need attention; what to do is under each."),
    };
    let code = if attention > 0 {
        ui::style::ATTENTION
    } else {
        ui::style::GOOD
    };
    writeln!(out, "{}", ui::paint(color, code, &summary))
}
