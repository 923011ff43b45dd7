//! `dangjian check [PATH…]`: validate checklists and summarize them.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use serde::Serialize;

use super::{Context, write_json};
use crate::checklist::{self, Catalog, Item};
use crate::cli::Format;
use crate::text::{sanitize, sanitize_lines};

#[derive(Serialize)]
struct Summary<'a> {
    id: &'a str,
    title: &'a str,
    path: &'a str,
    /// Indicators per level: 一级, 二级, 三级, …
    levels: Vec<usize>,
    obligations: usize,
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

pub fn run(ctx: &Context, paths: &[PathBuf], out: &mut dyn Write) -> Result<u8> {
    let mut sources = checklist::builtin_sources();
    let mut extra = paths.to_vec();
    extra.extend(ctx.checklists.clone());
    let loaded = checklist::read_paths(&extra).and_then(|s| {
        sources.extend(s);
        Catalog::load(sources)
    });
    let catalog = match loaded {
        Ok(c) => c,
        Err(errors) => {
            match ctx.format {
                Format::Json => {
                    let list: Vec<ErrorJson> = errors
                        .0
                        .iter()
                        .map(|d| ErrorJson {
                            path: &d.path,
                            line: d.line,
                            column: d.column,
                            message: &d.message,
                        })
                        .collect();
                    write_json(out, &serde_json::json!({ "errors": list }))?;
                }
                Format::Table => {
                    for d in &errors.0 {
                        writeln!(out, "{}", sanitize_lines(&d.to_string()))?;
                    }
                }
            }
            return Ok(1);
        }
    };
    let summaries: Vec<Summary> = catalog
        .checklists
        .iter()
        .map(|c| {
            let mut levels = Vec::new();
            count_levels(&c.items, 0, &mut levels);
            Summary {
                id: &c.id,
                title: &c.title,
                path: &c.path,
                levels,
                obligations: catalog
                    .obligations
                    .iter()
                    .filter(|o| o.checklist == c.id)
                    .count(),
            }
        })
        .collect();
    match ctx.format {
        Format::Json => write_json(out, &serde_json::json!({ "checklists": summaries }))?,
        Format::Table => {
            let lang = ctx.lang;
            for s in &summaries {
                let levels: Vec<String> = s.levels.iter().map(usize::to_string).collect();
                writeln!(
                    out,
                    "{}  {}  ({})\n  {}: {}  {}: {}",
                    sanitize(s.id),
                    sanitize(s.title),
                    sanitize(s.path),
                    lang.pick("指标（一级 / 二级 / 三级）", "indicators (level 1 / 2 / 3)"),
                    levels.join(" / "),
                    lang.pick("义务", "obligations"),
                    s.obligations,
                )?;
            }
            writeln!(
                out,
                "{} {}, {} {}",
                summaries.len(),
                lang.pick("份清单", "checklists"),
                catalog.obligations.len(),
                lang.pick("项义务，全部有效", "obligations, all valid"),
            )?;
        }
    }
    Ok(0)
}

fn count_levels(items: &[Item], depth: usize, levels: &mut Vec<usize>) {
    if items.is_empty() {
        return;
    }
    if levels.len() <= depth {
        levels.push(0);
    }
    levels[depth] += items.len();
    for item in items {
        count_levels(&item.items, depth + 1, levels);
    }
}
