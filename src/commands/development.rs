//! `dangjian development`: everyone on the path into the party (SPEC §9).

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::{existing_org, write_json};
use crate::cli::Format;
use crate::context::Context;
use crate::judge::development::{pipeline, subtree};
use crate::lang::Lang;
use crate::report::write_table;

#[derive(Serialize)]
struct Report<'a> {
    today: String,
    people: Vec<PersonJson<'a>>,
}

#[derive(Serialize)]
struct PersonJson<'a> {
    org: &'a str,
    id: &'a str,
    name: &'a str,
    stage: &'static str,
    since: Option<String>,
    next: Option<Next>,
    obligations: Vec<ObligationJson<'a>>,
}

#[derive(Serialize)]
struct Next {
    stage: &'static str,
    earliest: Option<String>,
}

#[derive(Serialize)]
struct ObligationJson<'a> {
    id: &'a str,
    due: String,
    status: &'static str,
}

pub fn run(ctx: &Context, org: Option<&str>, out: &mut dyn Write) -> Result<()> {
    let catalog = ctx.catalog()?;
    let cal = ctx.calendar()?;
    let store = ctx.open_store()?;
    let all = store.orgs()?;
    let orgs = match org {
        Some(id) => subtree(&all, &existing_org(ctx, &*store, id)?),
        None => all,
    };
    let people = pipeline(&*store, &catalog, &cal, &orgs, ctx.today)?;
    if ctx.format == Format::Json {
        let report = Report {
            today: ctx.today.to_string(),
            people: people
                .iter()
                .map(|p| PersonJson {
                    org: &p.org,
                    id: &p.id,
                    name: &p.name,
                    stage: p.stage.as_str(),
                    since: p.since.map(|d| d.to_string()),
                    next: p.next.map(|(s, e)| Next {
                        stage: s.as_str(),
                        earliest: e.map(|d| d.to_string()),
                    }),
                    obligations: p
                        .obligations
                        .iter()
                        .map(|(id, due, s)| ObligationJson {
                            id,
                            due: due.to_string(),
                            status: s.as_str(),
                        })
                        .collect(),
                })
                .collect(),
        };
        return write_json(out, &report);
    }
    let lang = ctx.lang;
    let rows: Vec<Vec<String>> = people
        .iter()
        .map(|p| {
            let next = p.next.map_or(String::new(), |(s, e)| {
                let at = e.map(|d| format!(" ≥ {d}")).unwrap_or_default();
                format!("{}{at}", lang.stage(s))
            });
            let owed: Vec<String> = p
                .obligations
                .iter()
                .map(|(id, due, s)| format!("{} {due} {}", catalog.title(id), lang.status(*s)))
                .collect();
            vec![
                p.org.clone(),
                p.name.clone(),
                lang.stage(p.stage).to_string(),
                p.since.map(|d| d.to_string()).unwrap_or_default(),
                next,
                owed.join("；"),
            ]
        })
        .collect();
    let header = match lang {
        Lang::Zh => ["组织", "姓名", "阶段", "起始", "下一阶段", "应办事项"],
        Lang::En => ["org", "name", "stage", "since", "next", "owed"],
    };
    write_table(out, &header, &rows)?;
    Ok(())
}
