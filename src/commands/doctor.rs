//! `dangjian doctor`: checks the data folder and says plainly what it found and mended.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result};

use super::write_json;
use crate::cli::Format;
use crate::context::Context;
use crate::exchange::{backup, output};
use crate::lang::Lang;
use crate::messages::Localized;
use crate::store::{Findings, Store};

/// Exit 0 when the folder is whole (or was made whole), 1 when something could not be
/// mended.
pub fn run(ctx: &Context, restore: Option<Option<&Path>>, out: &mut dyn Write) -> Result<u8> {
    if let Some(file) = restore {
        return restore_from(ctx, file, out);
    }
    let leftovers = remove_leftovers(&ctx.data_dir);
    let moved_aside = moved_aside(&ctx.data_dir);
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
    let mut found = store.doctor(true)?;
    found.leftovers = leftovers;
    found.moved_aside = moved_aside;
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
    Ok(
        if found.unreadable.is_empty() && found.orphans.is_empty() && !emptied {
            0
        } else {
            1
        },
    )
}

/// Removes what killed backups and exports left: their work folders and temporary files
/// in the data folder, its backups, wherever the export journal says, and the current
/// folder (where exports usually go).
fn remove_leftovers(data_dir: &Path) -> Vec<String> {
    let mut found = backup::leftovers(data_dir);
    found.extend(output::abandoned(data_dir));
    found.extend(output::leftovers(data_dir));
    found.extend(output::leftovers(Path::new(".")));
    found
        .into_iter()
        .filter(|p| {
            if p.is_dir() {
                std::fs::remove_dir_all(p).is_ok()
            } else {
                std::fs::remove_file(p).is_ok()
            }
        })
        .map(|p| p.display().to_string())
        .collect()
}

/// The databases a restore moved aside (`db.broken-*`).
fn moved_aside(data_dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(data_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("db.broken-"))
        .map(|e| e.path().display().to_string())
        .collect();
    found.sort();
    found
}

/// `doctor --restore [FILE]`: puts the database back as FILE, or the newest backup that
/// can be read, holds it. The backup is read and checked whole first; only then is the
/// database moved aside (never deleted) and a fresh one filled: a restore replaces, it
/// does not merge, so no tombstone keeps what the backup holds away.
fn restore_from(ctx: &Context, file: Option<&Path>, out: &mut dyn Write) -> Result<u8> {
    let lang = ctx.lang;
    let dir = &ctx.data_dir;
    let catalog = ctx.catalog()?;
    let cal = ctx.calendar()?;
    let found = backup::readable(dir, file, &catalog, &cal, lang);
    let skipped = match &found {
        Ok(r) => &r.skipped,
        Err(s) => s,
    };
    for u in skipped {
        writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!("备份 {} 无法读取：{}", u.file.display(), u.why),
                Lang::En => format!("the backup {} cannot be read: {}", u.file.display(), u.why),
            }
        )?;
    }
    let Ok(found) = found else {
        writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!(
                    "{} 里没有可读的备份，无法恢复；数据库未改动",
                    backup::dir(dir).display()
                ),
                Lang::En => format!(
                    "there is no readable backup in {}; the database was left as it is",
                    backup::dir(dir).display()
                ),
            }
        )?;
        return Ok(1);
    };
    let aside = dir.join(format!("db.broken-{}", ctx.now.format("%Y%m%dT%H%M%S")));
    let store = Store::open_replacing(dir, &aside).with_context(|| format!("{}", dir.display()))?;
    let r = backup::restore(&store, found.plan)?;
    let kept = if aside.exists() {
        match lang {
            Lang::Zh => format!("；原数据库保存在 {}", aside.display()),
            Lang::En => format!(
                "; the database that was there is kept in {}",
                aside.display()
            ),
        }
    } else {
        String::new()
    };
    writeln!(
        out,
        "{}",
        match lang {
            Lang::Zh => format!(
                "已从 {} 恢复：{} 个对象{kept}",
                found.file.display(),
                r.added
            ),
            Lang::En => format!(
                "restored from {}: {} objects{kept}",
                found.file.display(),
                r.added
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
    for p in &f.moved_aside {
        writeln!(
            out,
            "{}{p}",
            lang.pick(
                "恢复时移到一旁的数据库（确认不再需要后可删除）：",
                "a database a restore moved aside (delete it once it is no longer needed): "
            )
        )?;
    }
    if f.clean() && f.orphans.is_empty() {
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
    for p in &f.leftovers {
        writeln!(
            out,
            "{}{p}",
            lang.pick(
                "已删除被中断进程留下的临时文件：",
                "removed a temporary file a killed process left: "
            )
        )?;
    }
    for o in &f.orphans {
        let name = crate::exchange::import::object_name(lang, o.kind, &o.id);
        writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!("{name} 所属的组织 {} 不存在", o.org),
                Lang::En => format!("{name} belongs to org {}, which does not exist", o.org),
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
