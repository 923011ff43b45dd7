//! `dangjian doctor`: checks the data folder and says plainly what it found and mended.

use std::io::Write;

use anyhow::Result;

use super::{Context, write_json};
use crate::cli::Format;
use crate::i18n::Lang;
use crate::store::{Findings, Store};

/// Exit 0 when the folder is whole (or was made whole), 1 when something could not be
/// mended.
pub fn run(ctx: &Context, out: &mut dyn Write) -> Result<u8> {
    let store = match Store::open(&ctx.data_dir) {
        Ok(store) => store,
        Err(e @ crate::store::StoreError::Busy(_)) => return Err(e.into()),
        Err(e) => {
            let lang = ctx.lang;
            writeln!(
                out,
                "{}",
                lang.pick("数据库无法打开：", "the database cannot be opened: ")
                    .to_string()
                    + &e.message(lang)
            )?;
            return Ok(1);
        }
    };
    let found = store.doctor(true)?;
    match ctx.format {
        Format::Json => write_json(out, &found)?,
        Format::Table => write_findings(out, &found, ctx.lang)?,
    }
    Ok(if found.unreadable.is_empty() { 0 } else { 1 })
}

fn write_findings(out: &mut dyn Write, f: &Findings, lang: Lang) -> Result<()> {
    writeln!(
        out,
        "{}",
        match lang {
            Lang::Zh => format!(
                "已检查：{} 个组织，{} 名党员，{} 条记录，{} 个标记，{} 个删除标记",
                f.orgs, f.members, f.records, f.marks, f.tombstones
            ),
            Lang::En => format!(
                "checked: {} orgs, {} members, {} records, {} marks, {} tombstones",
                f.orgs, f.members, f.records, f.marks, f.tombstones
            ),
        }
    )?;
    if f.clean() {
        writeln!(out, "{}", lang.pick("一切正常。", "all is well."))?;
        return Ok(());
    }
    for p in &f.stale_snapshots {
        writeln!(
            out,
            "{}{p}",
            lang.pick(
                "已删除被中断进程留下的半截快照：",
                "removed a half-written snapshot a killed process left: "
            )
        )?;
    }
    if f.misplaced + f.duplicates > 0 {
        writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!(
                    "记录存放有误，已按记录本身重排：放错位置 {} 条，重复副本 {} 条（保留最后修改的一份）",
                    f.misplaced, f.duplicates
                ),
                Lang::En => format!(
                    "records were kept in the wrong place and have been rewritten from themselves: {} misplaced, {} duplicate copies (the copy edited last is kept)",
                    f.misplaced, f.duplicates
                ),
            }
        )?;
    }
    for u in &f.unreadable {
        writeln!(
            out,
            "{}{u}",
            lang.pick("无法读取（无法重建）：", "unreadable (cannot be rebuilt): ")
        )?;
    }
    Ok(())
}
