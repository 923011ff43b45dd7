//! What the command line and the UI share, resolved once at the edge: the data folder,
//! the checklists (read from disk here), the calendar, today and the language. Below both
//! [`crate::commands`] and [`crate::tui`].

mod checklists;

use std::path::PathBuf;

use anyhow::{Context as _, Result};
use chrono::{DateTime, NaiveDate, Utc};

use crate::checklist::Catalog;
use crate::cli::{Format, Global};
use crate::lang::Lang;
use crate::period::Calendar;
use crate::store::postgres::Server;
use crate::store::{Storage, Store, StoreHandle};

pub use checklists::read_paths;

/// Everything a command needs from outside: resolved once, then passed down.
#[derive(Clone)]
pub struct Context {
    pub data_dir: PathBuf,
    /// Whether the data folder was named (`--data-dir` or the environment).
    pub data_dir_given: bool,
    pub checklists: Option<PathBuf>,
    /// A PostgreSQL server used instead of the data folder (`--database`, the
    /// environment, or the folder's `config.yaml`).
    pub database: Option<String>,
    pub today: NaiveDate,
    /// The moment stamped on what is written (`created_at`, `updated_at`, record ids).
    pub now: DateTime<Utc>,
    pub format: Format,
    pub lang: Lang,
    /// The umask the user started the program with.
    pub umask: u32,
}

impl Context {
    /// The context of a program given only `--data-dir dir --today` and `--lang`, at the
    /// moment `now` (benchmarks and tests that open the UI in process).
    pub fn on_folder(
        dir: &std::path::Path,
        today: NaiveDate,
        now: DateTime<Utc>,
        lang: Lang,
    ) -> Context {
        Context {
            data_dir: dir.to_path_buf(),
            data_dir_given: true,
            checklists: None,
            database: None,
            today,
            now,
            format: Format::Table,
            lang,
            umask: 0o022,
        }
    }

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
        let database = match &global.database {
            Some(url) => Some(url.clone()),
            None => crate::config::database(&data_dir).map_err(refused)?,
        };
        Ok(Context {
            database,
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
        let extra = match &self.checklists {
            Some(dir) => checklists::read_paths(std::slice::from_ref(dir)),
            None => Ok(Vec::new()),
        };
        let mut catalog = extra.and_then(Catalog::with_extra).map_err(refused)?;
        crate::config::apply_checklists(&self.data_dir, &mut catalog).map_err(refused)?;
        Ok(catalog)
    }

    pub fn calendar(&self) -> Result<Calendar> {
        crate::config::load_calendar(&self.data_dir).map_err(refused)
    }

    /// The store for a command that only reads: it creates no folder and reads a
    /// read-only one (SPEC §5).
    pub fn open_store(&self) -> Result<Box<dyn Storage>> {
        if let Some(url) = &self.database {
            return Ok(Box::new(Server::open(url)?));
        }
        Ok(Box::new(Store::open_to_read(&self.data_dir)?))
    }

    /// The store for a command that writes: every CLI write opens it here, so that on a
    /// folder the first write of each day starts the day's backup, which runs beside it
    /// ([`crate::exchange::backup::start_daily`]) and never makes the write wait.
    pub fn open_store_to_write(&self) -> Result<Box<dyn Storage>> {
        if let Some(url) = &self.database {
            return Ok(Box::new(Server::open(url)?));
        }
        let store = Store::open(&self.data_dir)?;
        crate::exchange::backup::start_daily(&self.data_dir, self.today);
        let settle = self.settler();
        store.settle_on_close(Box::new(move |store| settle(store)));
        Ok(Box::new(store))
    }

    /// What settles the answers kept beside the folder when a store that wrote closes:
    /// after writes to a few orgs, they are made again for those orgs alone
    /// ([`crate::judge::answer`]).
    pub fn settler(&self) -> std::sync::Arc<dyn Fn(&Store) + Send + Sync> {
        let ctx = self.clone();
        std::sync::Arc::new(move |store: &Store| {
            if let (Ok(catalog), Ok(cal)) = (ctx.catalog(), ctx.calendar()) {
                let judge = crate::judge::Judge::new(&catalog, &cal, ctx.today);
                crate::judge::answer::settle(&judge, store, &ctx.answer_keys());
            }
        })
    }

    /// The keys of the answers kept beside the folder ([`Context::answer_key`]).
    pub fn answer_keys(&self) -> crate::judge::answer::Keys {
        use crate::judge::answer;
        answer::Keys {
            status: self.answer_key(answer::QUESTION),
            overview: self.answer_key(answer::OVERVIEW),
        }
    }

    /// What the UI holds: the server, or the data folder opened for each read and write.
    pub fn open_handle(&self) -> Result<StoreHandle> {
        Ok(match &self.database {
            Some(url) => StoreHandle::server(Server::open(url)?)?,
            // Opened when first used: the UI may open on the overview kept beside it.
            None => StoreHandle::closed(&self.data_dir),
        })
    }

    /// Refuses a command that only a data folder has (`doctor`, `demo`), when the
    /// context is on a server.
    pub fn folder_only(&self, command: &str) -> Result<()> {
        match &self.database {
            Some(url) => Err(crate::messages::Refusal::new(crate::messages::FolderOnly {
                command: command.to_string(),
                url: url.clone(),
            })
            .into()),
            None => Ok(()),
        }
    }

    /// What an answer to `question` kept beside the data folder depends on besides the
    /// database ([`crate::store::kept`]): this build, today, the language, the checklists
    /// read from disk and the folder's `config.yaml`, as bytes to compare whole. `None`
    /// on a server, or when one of them cannot be read: then nothing is kept.
    pub fn answer_key(&self, question: &str) -> Option<Vec<u8>> {
        use std::os::unix::fs::MetadataExt;
        if self.database.is_some() {
            return None;
        }
        let mut key = Vec::new();
        let mut field = |bytes: &[u8]| {
            key.extend((bytes.len() as u64).to_le_bytes());
            key.extend(bytes);
        };
        field(question.as_bytes());
        field(env!("CARGO_PKG_VERSION").as_bytes());
        let exe = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
        for n in [exe.dev(), exe.ino(), exe.size()] {
            field(&n.to_le_bytes());
        }
        field(&exe.mtime().to_le_bytes());
        field(&exe.mtime_nsec().to_le_bytes());
        field(self.today.to_string().as_bytes());
        field(self.lang.pick("zh", "en").as_bytes());
        match &self.checklists {
            Some(dir) => {
                field(b"checklists");
                field(dir.as_os_str().as_encoded_bytes());
                for source in checklists::read_paths(std::slice::from_ref(dir)).ok()? {
                    field(source.path.as_bytes());
                    field(source.text.as_bytes());
                }
            }
            None => field(b"built-in checklists"),
        }
        match std::fs::read(self.data_dir.join("config.yaml")) {
            Ok(config) => {
                field(b"config");
                field(&config);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => field(b"no config"),
            Err(_) => return None,
        }
        Some(key)
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

/// An error as the user reads it ([`crate::messages::render`]).
pub fn error_message(e: &anyhow::Error, lang: Lang) -> String {
    crate::messages::render(e, lang)
}

/// A refusal the domain gave, said in the user's language at the edge.
fn refused(e: impl crate::messages::Localized + Send + Sync + 'static) -> anyhow::Error {
    anyhow::Error::new(crate::messages::Refusal::new(e))
}
