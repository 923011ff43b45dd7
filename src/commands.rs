//! One module per subcommand group: load → domain → print. [`Context`] is the edge where
//! the command line, the environment and the clock are read, once.

mod check;
pub mod demo;
mod doctor;
mod exchange;
mod mark;
mod member;
mod org;
mod record;
mod score;
mod status;

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use chrono::{DateTime, NaiveDate, Utc};

use crate::checklist::Catalog;
use crate::cli::{Cli, Command, Format, Global};
use crate::i18n::Lang;
use crate::period::Calendar;
use crate::store::Store;

/// Everything a command needs from outside: resolved once, then passed down.
#[derive(Clone)]
pub struct Context {
    pub data_dir: PathBuf,
    /// Whether the data folder was named (`--data-dir` or the environment).
    pub data_dir_given: bool,
    pub checklists: Option<PathBuf>,
    pub today: NaiveDate,
    /// The moment stamped on what is written (`created_at`, `updated_at`, record ids).
    pub now: DateTime<Utc>,
    pub format: Format,
    pub lang: Lang,
}

impl Context {
    /// The one place that reads the clock: `--today` wins over the system date.
    pub fn resolve(global: &Global) -> Result<Context> {
        let now = crate::clock::Clock::System.now();
        let today = global.today.unwrap_or_else(crate::clock::local_today);
        let data_dir = match &global.data_dir {
            Some(dir) => dir.clone(),
            None => directories::ProjectDirs::from("", "", "dangjian")
                .context("no home folder to keep data in; pass --data-dir DIR")?
                .data_dir()
                .to_path_buf(),
        };
        Ok(Context {
            data_dir,
            data_dir_given: global.data_dir.is_some(),
            checklists: global.checklists.clone(),
            today,
            now,
            format: global.format,
            lang: global.lang,
        })
    }

    /// The loaded checklists, with the data folder's `checklists:` in force.
    pub fn catalog(&self) -> Result<Catalog> {
        let mut catalog =
            Catalog::with_dir(self.checklists.as_deref()).map_err(|e| anyhow::anyhow!("{e}"))?;
        crate::config::apply_checklists(&self.data_dir, &mut catalog)
            .map_err(anyhow::Error::msg)?;
        Ok(catalog)
    }

    pub fn calendar(&self) -> Result<Calendar> {
        crate::config::load_calendar(&self.data_dir, self.lang).map_err(anyhow::Error::msg)
    }

    pub fn open_store(&self) -> Result<Store> {
        Ok(Store::open(&self.data_dir)?)
    }

    /// The store for a command that writes: every CLI write opens it here, so the first
    /// write of each day keeps yesterday's database in `backups/` first.
    pub fn open_store_to_write(&self) -> Result<Store> {
        let store = self.open_store()?;
        crate::exchange::backup::daily(&store, self.today, &self.stamp())?;
        Ok(store)
    }

    /// `now` as written into records: RFC 3339 in UTC, to the millisecond.
    pub fn stamp(&self) -> String {
        self.now
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }
}

/// Runs one command line. Returns the exit code for outcomes that are not errors
/// (`check` finding problems).
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<u8> {
    let ctx = Context::resolve(&cli.global)?;
    match cli.command {
        None => crate::tui::run(&ctx).map(|()| 0),
        Some(Command::Demo(args)) => demo::run(&ctx, &args, out).map(|()| 0),
        Some(Command::Check { paths }) => check::run(&ctx, &paths, out),
        Some(Command::Org(c)) => org::run(&ctx, c, out).map(|()| 0),
        Some(Command::Member(c)) => member::run(&ctx, c, out).map(|()| 0),
        Some(Command::Record(c)) => record::run(&ctx, c, out).map(|()| 0),
        Some(Command::Status { org }) => status::run(&ctx, org.as_deref(), false, out).map(|()| 0),
        Some(Command::Overdue { org }) => status::run(&ctx, org.as_deref(), true, out).map(|()| 0),
        Some(Command::Doctor { restore }) => doctor::run(&ctx, restore, out),
        Some(Command::Score { org, year }) => {
            score::run(&ctx, org.as_deref(), year, out).map(|()| 0)
        }
        Some(Command::Mark(c)) => mark::run(&ctx, c, out).map(|()| 0),
        Some(Command::Export {
            org,
            output,
            as_format,
        }) => exchange::export(&ctx, org.as_deref(), output.as_deref(), as_format, out).map(|()| 0),
        Some(Command::Import { file, dry_run }) => {
            exchange::import(&ctx, &file, dry_run, out).map(|()| 0)
        }
    }
}

/// A refusal the domain gave, in the user's language.
fn refused(lang: Lang, e: &dyn crate::messages::Localized) -> anyhow::Error {
    anyhow::Error::msg(e.message(lang))
}

/// A date as the command line takes it: `YYYY-MM-DD`, or `MM-DD` in today's year.
fn date_arg(ctx: &Context, s: Option<&str>) -> Result<Option<NaiveDate>> {
    s.map(|s| crate::input::read_date(s, ctx.today, crate::input::DateForms::MonthDay))
        .transpose()
        .map_err(|e| refused(ctx.lang, &e))
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
fn existing_org(ctx: &Context, store: &Store, id: &str) -> Result<crate::model::Org> {
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
