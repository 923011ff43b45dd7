//! `dangjian export` and `dangjian import` (SPEC §7).

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result};

use super::{existing_org, refuse, write_json};
use crate::cli::Format;
use crate::context::Context;
use crate::exchange::{self, ExportFormat, Request, import};
use crate::lang::Lang;
use crate::report::write_table;

pub fn export(
    ctx: &Context,
    org: Option<&str>,
    output: Option<&Path>,
    format: Option<ExportFormat>,
    out: &mut dyn Write,
) -> Result<()> {
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
    let catalog = ctx.catalog()?;
    let cal = ctx.calendar()?;
    let store = ctx.open_store()?;
    if let Some(id) = org {
        existing_org(ctx, &store, id)?;
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
            exchange::write_file(&store, &req, format, path)?;
            writeln!(out, "{}", path.display())?;
        }
        None => exchange::write(&store, &req, format, out)?,
    }
    Ok(())
}

pub fn import(ctx: &Context, file: &Path, dry_run: bool, out: &mut dyn Write) -> Result<()> {
    let bytes = crate::exchange::backup::read_export(file).map_err(|e| {
        refuse(
            ctx.lang,
            format!("无法读取 {}：{e}", file.display()),
            format!("cannot read {}: {e}", file.display()),
        )
    })?;
    let catalog = ctx.catalog()?;
    let cal = ctx.calendar()?;
    let store = if dry_run {
        ctx.open_store()?
    } else {
        ctx.open_store_to_write()?
    };
    let local = store.contents(None)?;
    let incoming = import::read_on(&bytes, &catalog, &cal, &local, ctx.lang, Some(ctx.today))
        .map_err(|p| {
            refuse(
                ctx.lang,
                format!("{} 未导入，数据库未改动：\n{p}", file.display()),
                format!(
                    "{} was not imported, nothing was written:\n{p}",
                    file.display()
                ),
            )
        })?;
    let (changes, report) = import::merge(local, incoming.into_contents());
    if !dry_run {
        store
            .apply(&changes)
            .with_context(|| format!("{}", file.display()))?;
        store.flush()?;
    }
    if ctx.format == Format::Json {
        return write_json(out, &report);
    }
    let header = match ctx.lang {
        Lang::Zh => ["新增", "更新", "删除", "未变", "冲突"],
        Lang::En => ["added", "updated", "deleted", "unchanged", "conflicts"],
    };
    let r = report;
    let row = [r.added, r.updated, r.deleted, r.unchanged, r.conflicts].map(|n| n.to_string());
    write_table(out, &header, &[row.to_vec()])?;
    if dry_run {
        writeln!(
            out,
            "{}",
            ctx.lang.pick(
                "（试运行：未写入任何内容）",
                "(dry run: nothing was written)"
            )
        )?;
    } else if r.conflicts > 0 {
        writeln!(
            out,
            "{}",
            ctx.lang.pick(
                "冲突：两边在同一时刻修改了同一对象，保留了本地的版本",
                "conflicts: both sides changed the same object at the same moment; the local copy was kept"
            )
        )?;
    }
    Ok(())
}
