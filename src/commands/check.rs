//! `dangjian check [PATH…]`: validate checklists and summarize them.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use serde::Serialize;

use super::write_json;
use crate::checklist::{self, Catalog, Item};
use crate::cli::Format;
use crate::context::Context;
use crate::report::number;
use crate::text::{sanitize, sanitize_lines};

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct Summary<'a> {
    id: &'a str,
    title: &'a str,
    path: &'a str,
    /// Indicators per level: 一级, 二级, 三级, …
    levels: Vec<usize>,
    obligations: usize,
    /// Of those, the 定期 duties: a default cadence an org may replace (`--every`).
    #[serde(skip_serializing_if = "is_zero")]
    regular: usize,
    /// For a scored checklist: its points (top-level regular items), their split by
    /// top-level item, the bonus cap, and how many leaves carry points.
    #[serde(skip_serializing_if = "Option::is_none")]
    points: Option<Points>,
    /// The checklist it is built on, and how many of its items' owners it replaces.
    #[serde(skip_serializing_if = "Option::is_none")]
    base: Option<(&'a str, usize)>,
}

#[derive(Serialize)]
struct Points {
    total: f64,
    by_item: Vec<(String, f64)>,
    bonus: f64,
    scored_items: usize,
    /// Items scored in parts: each with its parts' shares (3.2: 2 + 3).
    split: Vec<(String, Vec<f64>)>,
}

fn points(c: &checklist::Checklist) -> Option<Points> {
    if !crate::score::is_scored(c) {
        return None;
    }
    fn leaves(items: &[Item]) -> usize {
        items
            .iter()
            .filter(|i| i.kind.is_none())
            .map(|i| {
                if i.items.is_empty() {
                    usize::from(i.points.is_some())
                } else {
                    leaves(&i.items)
                }
            })
            .sum()
    }
    let regular = c.items.iter().filter(|i| i.kind.is_none());
    let by_item: Vec<(String, f64)> = regular
        .filter_map(|i| i.points.map(|p| (i.id.clone(), p)))
        .collect();
    Some(Points {
        total: by_item.iter().map(|(_, p)| p).sum(),
        by_item,
        bonus: c
            .items
            .iter()
            .filter(|i| i.kind == Some(checklist::ItemKind::Bonus))
            .filter_map(|i| i.points)
            .sum(),
        scored_items: leaves(&c.items),
        split: split_items(&c.items),
    })
}

/// The items whose score is split among several obligations, with the shares.
fn split_items(items: &[Item]) -> Vec<(String, Vec<f64>)> {
    let mut out = Vec::new();
    for i in items {
        let shares: Vec<f64> = i
            .obligations
            .iter()
            .filter_map(|o| o.score.as_ref()?.points)
            .collect();
        if shares.len() >= 2 {
            out.push((i.id.clone(), shares));
        }
        out.extend(split_items(&i.items));
    }
    out
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
    let loaded = crate::context::read_paths(&extra).and_then(|s| {
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
                regular: catalog
                    .obligations
                    .iter()
                    .filter(|o| o.checklist == c.id && o.regular)
                    .count(),
                points: points(c),
                base: c.base.as_deref().map(|b| (b, c.owners.len())),
            }
        })
        .collect();
    match ctx.format {
        Format::Json => write_json(out, &serde_json::json!({ "checklists": summaries }))?,
        Format::Table => {
            let lang = ctx.lang;
            for s in &summaries {
                let levels: Vec<String> = s.levels.iter().map(usize::to_string).collect();
                write!(
                    out,
                    "{}  {}  ({})\n  {}: {}  {}: {}",
                    sanitize(s.id),
                    sanitize(s.title),
                    sanitize(s.path),
                    lang.indicator_levels(levels.len(), " / "),
                    levels.join(" / "),
                    lang.pick("义务", "obligations"),
                    s.obligations,
                )?;
                if s.regular > 0 {
                    write!(
                        out,
                        "  {}: {}",
                        lang.pick("其中定期（周期可按组织修改）", "regular (cadence per org)"),
                        s.regular
                    )?;
                }
                writeln!(out)?;
                if let Some((base, owners)) = s.base {
                    writeln!(
                        out,
                        "  {}: {}  {}: {}",
                        lang.pick("基于清单", "built on"),
                        sanitize(base),
                        lang.pick("替换责任单位的指标", "items with their own owners"),
                        owners,
                    )?;
                }
                if let Some(p) = &s.points {
                    let split: Vec<String> = p
                        .by_item
                        .iter()
                        .map(|(id, x)| format!("{id} {}", number(*x)))
                        .collect();
                    write!(
                        out,
                        "  {}: {} ({})  {}: {}",
                        lang.pick("分值", "points"),
                        number(p.total),
                        split.join(" / "),
                        lang.pick("计分指标", "scored items"),
                        p.scored_items,
                    )?;
                    if !p.split.is_empty() {
                        let parts: Vec<String> = p
                            .split
                            .iter()
                            .map(|(id, shares)| {
                                let shares: Vec<String> =
                                    shares.iter().map(|x| number(*x)).collect();
                                format!("{id} = {}", shares.join(" + "))
                            })
                            .collect();
                        write!(
                            out,
                            "  {}: {}",
                            lang.pick("分项计分", "scored in parts"),
                            parts.join(", ")
                        )?;
                    }
                    if p.bonus > 0.0 {
                        write!(
                            out,
                            "  {}: {}",
                            lang.pick("加分上限", "bonus up to"),
                            number(p.bonus)
                        )?;
                    }
                    writeln!(out)?;
                }
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
