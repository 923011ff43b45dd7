//! `dangjian demo`: fill a fresh database with the demo, then open the UI on it.

use std::io::Write;
use std::time::Instant;

use anyhow::{Context as _, Result};

use super::{Context, refuse};
use crate::cli::DemoArgs;
use crate::i18n::Lang;

/// Without `--data-dir` the demo lives in a temporary folder, removed when the UI closes
/// unless `--keep` is given (or `--no-ui`, where the folder is the point).
pub fn run(ctx: &Context, args: &DemoArgs, out: &mut dyn Write) -> Result<()> {
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
    let store = ctx.open_store()?;
    if !store.is_empty() {
        return Err(refuse(
            ctx.lang,
            format!(
                "数据目录 {} 里已有数据；演示只写入空数据库，请换一个 --data-dir",
                ctx.data_dir.display()
            ),
            format!(
                "data folder {} already holds data; the demo only fills an empty database: pass another --data-dir",
                ctx.data_dir.display()
            ),
        ));
    }
    let started = Instant::now();
    let (mut orgs, mut members, mut records) = (0, 0, 0);
    crate::demo::generate_in_parts(args.orgs, args.years, args.seed, ctx.today, |part| {
        orgs += part.orgs.len();
        members += part.members.len();
        records += part.records.len();
        store.bulk_load(&part.orgs, &part.members, &part.records)
    })?;
    store.flush()?;
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
    drop(store);
    let removed = temporary.is_some() && !args.keep && !args.no_ui;
    let temporary = match temporary {
        Some(dir) if !removed => {
            let _ = dir.keep();
            None
        }
        dir => dir,
    };
    if args.no_ui {
        return Ok(());
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
    let result = crate::tui::run_with_notice(ctx, Some(notice));
    if let Some(dir) = temporary {
        dir.close()
            .with_context(|| format!("cannot remove the demo folder {folder}"))?;
        writeln!(
            out,
            "{}: {folder}",
            lang.pick("已删除演示数据目录", "removed the demo folder")
        )?;
    }
    result
}
