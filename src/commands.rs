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
    /// The umask the user started the program with.
    pub umask: u32,
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
            umask: global.umask,
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

    /// The store for a command that only reads: it creates no folder and reads a
    /// read-only one (SPEC §5).
    pub fn open_store(&self) -> Result<Store> {
        Ok(Store::open_to_read(&self.data_dir)?)
    }

    /// The store for a command that writes: every CLI write opens it here, so that the
    /// first write of each day starts the day's backup, which runs beside it
    /// ([`crate::exchange::backup::start_daily`]) and never makes the write wait.
    pub fn open_store_to_write(&self) -> Result<Store> {
        let store = Store::open(&self.data_dir)?;
        crate::exchange::backup::start_daily(&self.data_dir, self.today);
        Ok(store)
    }

    /// The mode of an export file: what the user's umask gives a new file.
    pub fn export_mode(&self) -> u32 {
        0o666 & !self.umask
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
        Some(Command::Doctor { restore }) => {
            doctor::run(&ctx, restore.as_ref().map(|f| f.as_deref()), out)
        }
        Some(Command::Score { org, year }) => {
            score::run(&ctx, org.as_deref(), year, out).map(|()| 0)
        }
        Some(Command::Mark(c)) => mark::run(&ctx, c, out).map(|()| 0),
        Some(Command::Export {
            org,
            output,
            as_format,
            force,
        }) => {
            let to = output
                .as_deref()
                .map(|path| exchange::Output { path, force });
            exchange::export(&ctx, org.as_deref(), to, as_format, out).map(|()| 0)
        }
        Some(Command::Import {
            file,
            dry_run,
            allow_deletes,
        }) => exchange::import(&ctx, &file, dry_run, allow_deletes, out),
        Some(Command::Backup) => {
            crate::exchange::backup::run_daily(&ctx.data_dir, ctx.today, &ctx.stamp()).map(|_| 0)
        }
    }
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
