//! `confide completions SHELL`: a completion script generated from the clap model.

use crate::cli::{Cli, CompletionsArgs};
use anyhow::Result;
use clap::CommandFactory;

pub(super) fn run(args: &CompletionsArgs) -> Result<()> {
    let mut cmd = Cli::command();
    let mut out = crate::ui::out::stdout();
    clap_complete::generate(args.shell, &mut cmd, "confide", &mut out);
    Ok(())
}
