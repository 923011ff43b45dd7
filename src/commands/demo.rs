//! `dangjian demo`: fill a fresh database with the demo, then have `main` open the UI on it.
//!
//! The demo is written in a staging folder beside the data folder and renamed into place
//! once it is complete, so a killed `demo` leaves the data folder as it was (absent or
//! empty) or whole, never half filled; the next `demo` clears the stale staging folder.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, Result};

use super::{Outcome, refuse};
use crate::cli::DemoArgs;
use crate::context::Context;
use crate::lang::Lang;
use crate::store::Store;

/// The UI the demo asks `main` to open, on the demo's data folder.
pub struct OpenUi {
    pub ctx: Context,
    /// Shown in the footer until the first key.
    pub notice: String,
    /// The temporary folder removed when the UI closes.
    temporary: Option<tempfile::TempDir>,
}

impl OpenUi {
    /// After the UI closed: removes the temporary demo folder, saying so.
    pub fn close(self, out: &mut dyn Write) -> Result<()> {
        if let Some(dir) = self.temporary {
            let folder = self.ctx.data_dir.display();
            dir.close()
                .with_context(|| format!("cannot remove the demo folder {folder}"))?;
            writeln!(
                out,
                "{}: {folder}",
                self.ctx
                    .lang
                    .pick("已删除演示数据目录", "removed the demo folder")
            )?;
        }
        Ok(())
    }
}

/// Without `--data-dir` the demo lives in a temporary folder, removed when the UI closes
/// unless `--keep` is given (or `--no-ui`, where the folder is the point).
pub fn run(ctx: &Context, args: &DemoArgs, out: &mut dyn Write) -> Result<Outcome> {
    let mut ctx_demo = Context { ..ctx.clone() };
    let mut temporary = None;
    if !ctx.data_dir_given {
        let dir = tempfile::Builder::new()
            .prefix("dangjian-demo-")
            .tempdir()
            .context("cannot create a temporary folder for the demo")?;
        ctx_demo.data_dir = dir.path().to_path_buf();
        temporary = Some(dir);
    }
    let ctx = &ctx_demo;
    let target = &ctx.data_dir;
    if holds_data(target)? {
        return Err(refuse(
            ctx.lang,
            format!(
                "数据目录 {} 里已有数据；演示只写入空数据库，请换一个 --data-dir",
                target.display()
            ),
            format!(
                "data folder {} already holds data; the demo only fills an empty database: pass another --data-dir",
                target.display()
            ),
        ));
    }
    let started = Instant::now();
    let (mut orgs, mut members, mut records) = (0, 0, 0);
    let staging = sibling(target, "demo-staging")?;
    remove_if_there(&staging)?;
    {
        let store = Store::open(&staging)?;
        crate::demo::generate_in_parts(
            args.orgs,
            args.years,
            args.seed,
            ctx.today,
            true,
            |part| {
                orgs += part.orgs.len();
                members += part.members.len();
                records += part.records.len();
                store.bulk_load(&part.orgs, &part.members, &part.records)?;
                store.bulk_load_dues(&part.dues_settings, &part.dues_payments)?;
                part.marks.iter().try_for_each(|m| store.put_mark(m))
            },
        )?;
        store.flush()?;
    }
    let config = target.join("config.yaml");
    if config.is_file() {
        std::fs::copy(&config, staging.join("config.yaml"))
            .with_context(|| format!("cannot copy {}", config.display()))?;
    }
    move_into_place(&staging, target)?;
    // The status and the overview the demo opens on are kept beside it, judged once here.
    {
        let store = Store::open(target)?;
        let (catalog, cal) = (ctx.catalog()?, ctx.calendar()?);
        let judge = crate::judge::Judge::new(&catalog, &cal, ctx.today);
        let _ = crate::judge::answer::keep_every(&judge, &store, &ctx.answer_keys());
    }
    let lang = ctx.lang;
    writeln!(
        out,
        "{}: {} {}, {} {}, {} {} ({:.1} s)\n{}: {}",
        lang.pick("演示数据", "demo"),
        orgs,
        lang.pick("个组织", "orgs"),
        members,
        lang.pick("名党员", "members"),
        records,
        lang.pick("条记录", "records"),
        started.elapsed().as_secs_f64(),
        lang.pick("数据目录", "data folder"),
        ctx.data_dir.display(),
    )?;
    let removed = temporary.is_some() && !args.keep && !args.no_ui;
    let temporary = match temporary {
        Some(dir) if !removed => {
            let _ = dir.keep();
            None
        }
        dir => dir,
    };
    if args.no_ui {
        return Ok(Outcome::Exit(0));
    }
    let folder = ctx.data_dir.display();
    let notice = match (lang, removed) {
        (Lang::Zh, true) => format!("演示数据在 {folder}，退出时删除（demo --keep 可保留）"),
        (Lang::En, true) => {
            format!("demo data in {folder}, removed on exit (demo --keep keeps it)")
        }
        (Lang::Zh, false) => format!("演示数据在 {folder}"),
        (Lang::En, false) => format!("demo data in {folder}"),
    };
    Ok(Outcome::OpenUi(OpenUi {
        ctx: ctx.clone(),
        notice,
        temporary,
    }))
}

/// Whether `dir` holds a database with something in it (an empty database, a config
/// file or an empty folder may be filled).
fn holds_data(dir: &Path) -> Result<bool> {
    if !dir.join("db").exists() {
        return Ok(false);
    }
    Ok(!Store::open(dir)?.is_empty())
}

/// `parent/.NAME.WHAT` beside `dir`: on the same file system, so a rename is atomic.
fn sibling(dir: &Path, what: &str) -> Result<PathBuf> {
    let name = dir
        .file_name()
        .with_context(|| format!("{} names no folder", dir.display()))?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    Ok(parent.join(format!(".{}.{what}", name.to_string_lossy())))
}

fn remove_if_there(dir: &Path) -> Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove {}", dir.display()))
        }
        _ => Ok(()),
    }
}

/// Renames the complete `staging` folder to `target`. An absent target is replaced in one
/// rename; an existing one (empty, or holding an empty database or a config file) is
/// first set aside, then removed.
fn move_into_place(staging: &Path, target: &Path) -> Result<()> {
    let failed = |e: std::io::Error| {
        anyhow::Error::new(e).context(format!("cannot move the demo into {}", target.display()))
    };
    match std::fs::rename(staging, target) {
        Ok(()) => return sync_parent(target),
        Err(e) if !target.is_dir() => return Err(failed(e)),
        Err(_) => {}
    }
    let old = sibling(target, "demo-old")?;
    remove_if_there(&old)?;
    std::fs::rename(target, &old).map_err(failed)?;
    std::fs::rename(staging, target).map_err(failed)?;
    sync_parent(target)?;
    remove_if_there(&old)
}

/// Makes a rename of `path` durable: the folder holding it is synced.
fn sync_parent(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::File::open(parent)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("cannot sync {}", parent.display()))?;
    }
    Ok(())
}
