//! `confide doctor` (being written).

use crate::cli::DoctorArgs;
use crate::vault::Vault;
use anyhow::Result;

pub fn run(_vault: &Vault, _args: DoctorArgs) -> Result<()> {
    anyhow::bail!("doctor is not built yet")
}
