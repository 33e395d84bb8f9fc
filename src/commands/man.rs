//! `confide man`: the manual page (roff), generated from the clap model, with a
//! section per subcommand.

use crate::cli::{Cli, ManArgs};
use anyhow::Result;
use clap::CommandFactory;
use std::io::Write;

pub(super) fn run(_args: &ManArgs) -> Result<()> {
    let mut out = std::io::BufWriter::new(crate::ui::out::stdout());
    out.write_all(&render()?)?;
    out.flush()?;
    Ok(())
}

/// The whole page: the top-level page, then each subcommand's as a section.
pub(super) fn render() -> Result<Vec<u8>> {
    let cmd = Cli::command();
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    for sub in cmd.get_subcommands() {
        if sub.is_hide_set() {
            continue;
        }
        let name = format!("confide {}", sub.get_name());
        let sub = sub
            .clone()
            .display_name(name.clone())
            .bin_name(name.clone());
        let man = clap_mangen::Man::new(sub.clone());
        writeln!(buf, ".SH \"{}\"", name.to_uppercase())?;
        man.render_synopsis_section(&mut buf)?;
        man.render_description_section(&mut buf)?;
        man.render_options_section(&mut buf)?;
    }
    Ok(buf)
}
