//! One module per subcommand group: load → domain → print. Each runs in a [`Context`]
//! resolved once at the edge; none opens the UI: `demo` says what to open
//! ([`Outcome::OpenUi`]) and `main` opens it.

mod check;
pub mod demo;
mod development;
mod doctor;
mod dues;
mod exchange;
mod mark;
mod member;
mod org;
mod record;
mod score;
mod server;
mod status;

use std::io::Write;

use anyhow::Result;
use chrono::NaiveDate;

use crate::cli::Command;
use crate::context::Context;
use crate::lang::Lang;
use crate::store::Storage;

pub use demo::OpenUi;

/// What a command leaves to `main`.
pub enum Outcome {
    /// Exit with this code (non-zero for outcomes that are not errors: `check` finding
    /// problems).
    Exit(u8),
    /// Open the UI (`demo`).
    OpenUi(OpenUi),
}

/// Runs one subcommand.
pub fn run(ctx: &Context, command: Command, out: &mut dyn Write) -> Result<Outcome> {
    let done = |r: Result<()>| r.map(|()| Outcome::Exit(0));
    match command {
        Command::Demo(args) => {
            ctx.folder_only("demo")?;
            demo::run(ctx, &args, out)
        }
        Command::Check { paths } => check::run(ctx, &paths, out).map(Outcome::Exit),
        Command::Org(c) => done(org::run(ctx, c, out)),
        Command::Member(c) => done(member::run(ctx, c, out)),
        Command::Record(c) => done(record::run(ctx, c, out)),
        Command::Status { org } => done(status::run(ctx, org.as_deref(), false, out)),
        Command::Overdue { org } => done(status::run(ctx, org.as_deref(), true, out)),
        Command::Doctor { restore } => {
            ctx.folder_only("doctor")?;
            doctor::run(ctx, restore.as_ref().map(|f| f.as_deref()), out).map(Outcome::Exit)
        }
        Command::Development { org } => done(development::run(ctx, org.as_deref(), out)),
        Command::Score { org, year } => done(score::run(ctx, org.as_deref(), year, out)),
        Command::Mark(c) => done(mark::run(ctx, c, out)),
        Command::Dues(args) => done(dues::run(ctx, args, out)),
        Command::Export {
            org,
            output,
            as_format,
            force,
        } => {
            let to = output
                .as_deref()
                .map(|path| exchange::Output { path, force });
            done(exchange::export(ctx, org.as_deref(), to, as_format, out))
        }
        Command::Import {
            file,
            dry_run,
            allow_deletes,
        } => exchange::import(ctx, &file, dry_run, allow_deletes, out).map(Outcome::Exit),
        Command::Server(c) => done(server::run(ctx, c, out)),
        Command::Backup => {
            crate::exchange::backup::run_daily(&ctx.data_dir, ctx.today, &ctx.stamp())?;
            Ok(Outcome::Exit(0))
        }
    }
}

/// A refusal the domain gave, in the user's language.
fn refused(e: impl crate::messages::Localized + Send + Sync + 'static) -> anyhow::Error {
    anyhow::Error::new(crate::messages::Refusal::new(e))
}

/// A date as the command line takes it: `YYYY-MM-DD`, or `MM-DD` in today's year.
fn date_arg(ctx: &Context, s: Option<&str>) -> Result<Option<NaiveDate>> {
    s.map(|s| crate::input::read_date(s, ctx.today, crate::input::DateForms::MonthDay))
        .transpose()
        .map_err(refused)
}

/// A refusal of bad input, in the user's language.
fn refuse(lang: Lang, zh: String, en: String) -> anyhow::Error {
    anyhow::Error::msg(match lang {
        Lang::Zh => zh,
        Lang::En => en,
    })
}

/// Pretty JSON, with every character that could drive a terminal escaped
/// ([`crate::text::escape_json`]).
fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    writeln!(out, "{}", crate::text::escape_json(&text))?;
    Ok(())
}

/// The org `id`, or a refusal naming it and pointing at `org list`.
fn existing_org(ctx: &Context, store: &dyn Storage, id: &str) -> Result<crate::model::Org> {
    store.org(id)?.ok_or_else(|| {
        let known: Vec<String> = store
            .orgs()
            .unwrap_or_default()
            .into_iter()
            .map(|o| o.id)
            .take(20)
            .collect();
        refuse(
            ctx.lang,
            format!(
                "没有组织 \"{id}\"；现有：{}（见 org list）",
                known.join(", ")
            ),
            format!(
                "unknown org \"{id}\"; existing orgs: {} (see org list)",
                known.join(", ")
            ),
        )
    })
}
