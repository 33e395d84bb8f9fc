//! `confide merge` (being written).

use crate::cli::MergeArgs;
use crate::vault::Vault;
use anyhow::Result;

pub fn run(_vault: &Vault, _args: MergeArgs) -> Result<()> {
    anyhow::bail!("merge is not built yet")
}
