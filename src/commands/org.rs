//! `dangjian org add|list`.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;

use super::{Context, refuse, write_json};
use crate::cli::{Format, OrgCommand};
use crate::i18n::Lang;
use crate::input::{Field, check_id, check_name};
use crate::model::{Org, check_parent};
use crate::period::Every;
use crate::report::write_table;

pub fn run(ctx: &Context, command: OrgCommand, out: &mut dyn Write) -> Result<()> {
    let lang = ctx.lang;
    match command {
        OrgCommand::Add {
            id,
            name,
            kind,
            parent,
            elected_on,
            since,
            due_day,
        } => {
            check_id(Field::OrgId, &id)
                .and_then(|()| check_name(Field::OrgName, &name))
                .map_err(|e| anyhow::Error::msg(e.message(lang)))?;
            let catalog = ctx.catalog()?;
            let mut due_days = BTreeMap::new();
            for spec in &due_day {
                let (oid, day) = parse_due_day(ctx, &catalog, spec)?;
                due_days.insert(oid, day);
            }
            let store = ctx.open_store()?;
            if store.org(&id)?.is_some() {
                return Err(refuse(
                    lang,
                    format!("组织编号 \"{id}\" 已存在；请换一个编号"),
                    format!("org id \"{id}\" already exists; choose another id"),
                ));
            }
            let org = Org {
                id,
                name: name.trim().to_string(),
                kind,
                parent,
                elected_on,
                since: since.unwrap_or(ctx.today),
                due_days,
                updated_at: ctx.stamp(),
            };
            check_parent(&org, &store.orgs()?).map_err(|e| anyhow::Error::msg(e.message(lang)))?;
            store.put_org(&org)?;
            store.flush()?;
            writeln!(out, "{}", org.id)?;
        }
        OrgCommand::List => {
            let store = ctx.open_store()?;
            let orgs = store.orgs()?;
            if ctx.format == Format::Json {
                return write_json(out, &orgs);
            }
            let rows: Vec<Vec<String>> = orgs
                .iter()
                .map(|o| {
                    vec![
                        o.id.clone(),
                        o.name.clone(),
                        lang.kind(o.kind).to_string(),
                        o.parent.clone().unwrap_or_default(),
                        o.since.to_string(),
                        o.elected_on.map(|d| d.to_string()).unwrap_or_default(),
                    ]
                })
                .collect();
            let header = match lang {
                crate::i18n::Lang::Zh => ["编号", "名称", "类型", "上级", "起算日", "上次换届"],
                crate::i18n::Lang::En => ["id", "name", "kind", "parent", "since", "elected on"],
            };
            write_table(out, &header, &rows)?;
        }
    }
    Ok(())
}

/// `OBLIGATION=DAY`, for an obligation with a monthly-or-longer calendar period.
fn parse_due_day(
    ctx: &Context,
    catalog: &crate::checklist::Catalog,
    spec: &str,
) -> Result<(String, u32)> {
    let lang = ctx.lang;
    let Some((oid, day)) = spec.split_once('=') else {
        return Err(refuse(
            lang,
            format!("--due-day \"{spec}\" 格式不对；应为 义务编号=日，例如 theme-party-day=20"),
            format!("--due-day \"{spec}\" is not OBLIGATION=DAY, e.g. theme-party-day=20"),
        ));
    };
    let Some(o) = catalog.obligation(oid) else {
        return Err(unknown_obligation(ctx, catalog, oid));
    };
    if matches!(o.every, Every::Week | Every::Term | Every::Once) {
        return Err(refuse(
            lang,
            format!(
                "义务 \"{oid}\" 是{}的，不能设截止日",
                Lang::Zh.every(o.every)
            ),
            format!(
                "obligation \"{oid}\" is every {}; a due day applies to month … year periods",
                o.every
            ),
        ));
    }
    match day.parse::<u32>() {
        Ok(d) if (1..=31).contains(&d) => Ok((oid.to_string(), d)),
        _ => Err(refuse(
            lang,
            format!("截止日 \"{day}\" 无效；应为 1 到 31 的整数"),
            format!("due day \"{day}\" is not valid; expected a whole number from 1 to 31"),
        )),
    }
}

pub(super) fn unknown_obligation(
    ctx: &Context,
    catalog: &crate::checklist::Catalog,
    oid: &str,
) -> anyhow::Error {
    let known: Vec<&str> = catalog.obligations.iter().map(|o| o.id.as_str()).collect();
    refuse(
        ctx.lang,
        format!("没有义务 \"{oid}\"；可用的有：{}", known.join(", ")),
        format!(
            "unknown obligation \"{oid}\"; known obligations: {}",
            known.join(", ")
        ),
    )
}
