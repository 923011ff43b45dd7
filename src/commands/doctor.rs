//! `dangjian doctor`: checks the data folder and says plainly what it found and mended.

use std::io::Write;

use anyhow::{Context as _, Result};

use super::write_json;
use crate::cli::Format;
use crate::context::Context;
use crate::exchange::backup;
use crate::lang::Lang;
use crate::store::{Findings, Store};

/// Exit 0 when the folder is whole (or was made whole), 1 when something could not be
/// mended.
pub fn run(ctx: &Context, restore: bool, out: &mut dyn Write) -> Result<u8> {
    if restore {
        return restore_newest(ctx, out);
    }
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
            if let Some(file) = backup::backups(&backup::dir(&ctx.data_dir)).pop() {
                writeln!(
                    out,
                    "{}",
                    match lang {
                        Lang::Zh => format!(
                            "有备份 {}：用 dangjian doctor --restore 恢复（原数据库会移到一旁，不会删除）",
                            file.display()
                        ),
                        Lang::En => format!(
                            "there is a backup, {}: restore it with dangjian doctor --restore (the database is moved aside, not deleted)",
                            file.display()
                        ),
                    }
                )?;
            }
            return Ok(1);
        }
    };
    let found = store.doctor(true)?;
    // A database that lost everything it held can look whole: an empty one beside
    // backups is worth a word.
    let newest = backup::backups(&backup::dir(&ctx.data_dir)).pop();
    let emptied = store.is_empty() && newest.is_some();
    match ctx.format {
        Format::Json => write_json(out, &found)?,
        Format::Table => {
            write_findings(out, &found, ctx.lang)?;
            if let Some(file) = newest.filter(|_| emptied) {
                writeln!(
                    out,
                    "{}",
                    match ctx.lang {
                        Lang::Zh => format!(
                            "数据库是空的，但有备份 {}：用 dangjian doctor --restore 恢复",
                            file.display()
                        ),
                        Lang::En => format!(
                            "the database is empty, but there is a backup, {}: restore it with dangjian doctor --restore",
                            file.display()
                        ),
                    }
                )?;
            }
        }
    }
    Ok(if found.unreadable.is_empty() && !emptied {
        0
    } else {
        1
    })
}

/// `doctor --restore`: merges the newest daily backup back in. A database that cannot be
/// opened is renamed aside first (nothing is deleted) and the backup fills a fresh one.
fn restore_newest(ctx: &Context, out: &mut dyn Write) -> Result<u8> {
    let lang = ctx.lang;
    let dir = &ctx.data_dir;
    if backup::backups(&backup::dir(dir)).is_empty() {
        writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!("{} 里没有备份，无法恢复", backup::dir(dir).display()),
                Lang::En => format!("there is no backup in {}", backup::dir(dir).display()),
            }
        )?;
        return Ok(1);
    }
    let store = match Store::open(dir) {
        Ok(store) => store,
        Err(e @ crate::store::StoreError::Busy(_)) => return Err(e.into()),
        Err(e) => {
            let aside = dir.join(format!("db.broken-{}", ctx.now.format("%Y%m%dT%H%M%S")));
            std::fs::rename(dir.join("db"), &aside)
                .with_context(|| format!("cannot move {} aside", dir.join("db").display()))?;
            writeln!(
                out,
                "{}",
                match lang {
                    Lang::Zh => format!(
                        "数据库无法打开（{}），已移到 {}",
                        e.message(lang),
                        aside.display()
                    ),
                    Lang::En => format!(
                        "the database cannot be opened ({}); moved it to {}",
                        e.message(lang),
                        aside.display()
                    ),
                }
            )?;
            Store::open(dir)?
        }
    };
    let catalog = ctx.catalog()?;
    let cal = ctx.calendar()?;
    let Some((file, r)) = backup::restore_newest(&store, &catalog, &cal, lang)? else {
        return Ok(1);
    };
    writeln!(
        out,
        "{}",
        match lang {
            Lang::Zh => format!(
                "已从 {} 恢复：新增 {}，更新 {}，删除 {}，未变 {}，冲突 {}",
                file.display(),
                r.added,
                r.updated,
                r.deleted,
                r.unchanged,
                r.conflicts
            ),
            Lang::En => format!(
                "restored from {}: {} added, {} updated, {} deleted, {} unchanged, {} conflicts",
                file.display(),
                r.added,
                r.updated,
                r.deleted,
                r.unchanged,
                r.conflicts
            ),
        }
    )?;
    Ok(0)
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
    if f.index_gaps > 0 {
        writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!("记录月份索引缺项，已按记录重建：{} 个组织", f.index_gaps),
                Lang::En => format!(
                    "the record-month index missed months of {} orgs and has been rebuilt from the records",
                    f.index_gaps
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
