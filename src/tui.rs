//! The terminal UI (SPEC §8).

use anyhow::Result;

use crate::commands::Context;

/// Opens the terminal UI on the context's data folder.
pub fn run(ctx: &Context) -> Result<()> {
    let _ = ctx;
    anyhow::bail!("the terminal UI is not available yet; use dangjian status")
}
