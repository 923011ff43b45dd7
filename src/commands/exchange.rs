//! `dangjian export` and `dangjian import` (SPEC §7).

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result};

use super::{existing_org, refuse, write_json};
use crate::cli::Format;
use crate::context::Context;
pub use crate::exchange::output::Output;
use crate::exchange::{self, ExportFormat, Request, backup, import, output};
use crate::lang::Lang;
use crate::report::write_table;

pub fn export(
    ctx: &Context,
    org: Option<&str>,
    to: Option<Output>,
    format: Option<ExportFormat>,
    out: &mut dyn Write,
) -> Result<()> {
    let output = to.map(|o| o.path);
    let format = match (format, output) {
        (Some(f), _) => f,
        (None, Some(path)) => ExportFormat::from_path(path).ok_or_else(|| {
            refuse(
                ctx.lang,
                format!(
                    "无法从文件名 \"{}\" 看出格式；请用 --as json|csv|xlsx|ics 指定，或使用 .json/.csv/.xlsx/.ics 扩展名",
                    path.display()
                ),
                format!(
                    "cannot tell the format from the file name \"{}\"; pass --as json|csv|xlsx|ics or use a .json/.csv/.xlsx/.ics name",
                    path.display()
                ),
            )
        })?,
        (None, None) => ExportFormat::Json,
    };
    if format == ExportFormat::Xlsx && output.is_none() {
        return Err(refuse(
            ctx.lang,
            "Excel 工作簿只能写入文件：请加 --output 文件名.xlsx".into(),
            "an Excel workbook can only be written to a file: add --output NAME.xlsx".into(),
        ));
    }
    if let Some(to) = to {
        output::check(to, Some(&ctx.data_dir))
            .map_err(|r| anyhow::Error::msg(r.message(to.path, ctx.lang)))?;
    }
    let catalog = ctx.catalog()?;
    let cal = ctx.calendar()?;
    let store = ctx.open_store()?;
    if let Some(id) = org {
        existing_org(ctx, &*store, id)?;
    }
    let stamp = ctx.stamp();
    let req = Request {
        catalog: &catalog,
        cal: &cal,
        org,
        today: ctx.today,
        stamp: &stamp,
        lang: ctx.lang,
    };
    match output {
        Some(path) => {
            exchange::write_file(
                &*store,
                &req,
                format,
                path,
                ctx.export_mode(),
                ctx.database.is_none().then_some(ctx.data_dir.as_path()),
            )?;
            writeln!(out, "{}", path.display())?;
        }
        None => exchange::write(&*store, &req, format, out)?,
    }
    Ok(())
}

pub fn import(
    ctx: &Context,
    file: &Path,
    dry_run: bool,
    allow_deletes: bool,
    out: &mut dyn Write,
) -> Result<u8> {
    let lang = ctx.lang;
    let source = import::Source::file(file).map_err(|e| {
        let why = match e
            .get_ref()
            .and_then(|e| e.downcast_ref::<backup::TooLarge>())
        {
            Some(_) => lang
                .pick(
                    "解压后超过 1 GiB，不像 dangjian 的导出文件",
                    "it expands past 1 GiB, which no dangjian export does",
                )
                .to_string(),
            None => e.to_string(),
        };
        refuse(
            lang,
            format!("无法读取 {}：{why}", file.display()),
            format!("cannot read {}: {why}", file.display()),
        )
    })?;
    let catalog = ctx.catalog()?;
    let cal = ctx.calendar()?;
    let store = if dry_run {
        ctx.open_store()?
    } else {
        ctx.open_store_to_write()?
    };
    let not_imported = |p: &dyn std::fmt::Display| {
        refuse(
            lang,
            format!("{} 未导入，数据库未改动：\n{p}", file.display()),
            format!(
                "{} was not imported, nothing was written:\n{p}",
                file.display()
            ),
        )
    };
    let local = import::Local::of(&*store)?;
    let plan = import::plan(
        &source,
        &catalog,
        &cal,
        &local,
        Some(ctx.now),
        Some(ctx.today),
        lang,
    )
    .map_err(|p| not_imported(&p))?;
    drop(local);
    let deletions = plan.deletions.lines(lang).join("\n");
    let needs_permission = plan.deletions.need_permission() && !allow_deletes;
    if needs_permission && !dry_run {
        return Err(not_imported(&match lang {
            Lang::Zh => format!(
                "它会删除组织或超过 {} 个对象，须加 --allow-deletes 才导入（先用 --dry-run 查看）：\n{deletions}",
                import::MANY_DELETIONS
            ),
            Lang::En => format!(
                "it deletes an org or more than {} objects; add --allow-deletes to import it (see --dry-run first):\n{deletions}",
                import::MANY_DELETIONS
            ),
        }));
    }
    let r = plan.report;
    if !dry_run {
        plan.apply(&*store)
            .with_context(|| format!("{}", file.display()))?;
        store.flush()?;
        // The import is in; the answers kept for the status and the UI that follow are
        // made now, while the folder is held, or else by the next that asks.
        let judge = crate::judge::Judge::new(&catalog, &cal, ctx.today);
        let _ = crate::judge::answer::keep_every(&judge, &*store, &ctx.answer_keys());
    }
    if ctx.format == Format::Json {
        write_json(out, &r)?;
        return Ok(0);
    }
    let header = match lang {
        Lang::Zh => ["新增", "更新", "删除", "未变", "冲突"],
        Lang::En => ["added", "updated", "deleted", "unchanged", "conflicts"],
    };
    let row = [r.added, r.updated, r.deleted, r.unchanged, r.conflicts].map(|n| n.to_string());
    write_table(out, &header, &[row.to_vec()])?;
    if dry_run && !deletions.is_empty() {
        writeln!(out, "{}", lang.pick("将删除：", "would delete:"))?;
        writeln!(out, "{deletions}")?;
        if needs_permission {
            writeln!(
                out,
                "{}",
                lang.pick(
                    "导入时须加 --allow-deletes",
                    "importing it needs --allow-deletes"
                )
            )?;
        }
    }
    if dry_run {
        writeln!(
            out,
            "{}",
            lang.pick(
                "（试运行：未写入任何内容）",
                "(dry run: nothing was written)"
            )
        )?;
    } else if r.conflicts > 0 {
        writeln!(
            out,
            "{}",
            lang.pick(
                "冲突：两边在同一时刻修改了同一对象，保留了本地的版本",
                "conflicts: both sides changed the same object at the same moment; the local copy was kept"
            )
        )?;
    }
    Ok(0)
}
