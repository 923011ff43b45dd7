//! `dangjian score`: each org's score per scored checklist for a year, worst first.

use std::io::Write;

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{existing_org, write_json};
use crate::cli::Format;
use crate::context::Context;
use crate::judge::Judge;
use crate::lang::Lang;
use crate::model::OrgKind;
use crate::report::{number, write_table};
use crate::score::ChecklistScore;

#[derive(Serialize)]
struct ScoreReport {
    year: i32,
    today: NaiveDate,
    orgs: Vec<OrgScores>,
}

#[derive(Serialize)]
struct OrgScores {
    id: String,
    name: String,
    kind: OrgKind,
    scores: Vec<ChecklistScore>,
}

pub fn run(ctx: &Context, org: Option<&str>, year: Option<i32>, out: &mut dyn Write) -> Result<()> {
    let catalog = ctx.catalog()?;
    let cal = ctx.calendar()?;
    let store = ctx.open_store()?;
    let year = year.unwrap_or(ctx.today.year());
    let orgs = match org {
        Some(id) => vec![existing_org(ctx, &*store, id)?],
        None => store.orgs()?,
    };
    let mut report = ScoreReport {
        year,
        today: ctx.today,
        orgs: Vec::with_capacity(orgs.len()),
    };
    let judge = Judge::new(&catalog, &cal, ctx.today);
    for o in orgs {
        let scores = judge.scores_for(&*store, &o, year)?;
        report.orgs.push(OrgScores {
            id: o.id,
            name: o.name,
            kind: o.kind,
            scores,
        });
    }
    if ctx.format == Format::Json {
        return write_json(out, &report);
    }
    let lang = ctx.lang;
    let mut rows: Vec<(f64, Vec<String>)> = Vec::new();
    for o in &report.orgs {
        for s in &o.scores {
            let ratio = if s.max > 0.0 { s.score / s.max } else { 1.0 };
            let title = catalog
                .checklist(&s.checklist)
                .map_or(s.checklist.as_str(), |c| c.title.as_str());
            rows.push((
                ratio,
                vec![
                    o.name.clone(),
                    title.to_string(),
                    format!("{} / {}", number(s.score), number(s.max)),
                    number(s.bonus),
                    number(s.penalty),
                    s.unscored.to_string(),
                ],
            ));
        }
    }
    if rows.is_empty() {
        writeln!(
            out,
            "{}",
            lang.pick(
                "没有可评分的清单：在 config.yaml 的 checklists 或 org edit --checklist 中启用带分值的清单（如 ideology-responsibility）。",
                "No scored checklist is in force: put one with points (e.g. ideology-responsibility) under checklists: in config.yaml, or use org edit --checklist."
            )
        )?;
        return Ok(());
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    writeln!(out, "{} {year}", lang.pick("年度", "Year"))?;
    let header = match lang {
        Lang::Zh => ["组织", "清单", "得分 / 满分", "加分", "扣分", "未评分"],
        Lang::En => [
            "org",
            "checklist",
            "score / max",
            "bonus",
            "penalty",
            "unscored",
        ],
    };
    let rows: Vec<Vec<String>> = rows.into_iter().map(|(_, r)| r).collect();
    Ok(write_table(out, &header, &rows)?)
}
