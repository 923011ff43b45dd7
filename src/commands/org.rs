//! `dangjian org add|edit|list`.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;

use super::{existing_org, refuse, write_json};
use crate::checklist::Catalog;
use crate::cli::{Format, OrgCommand, OrgOptions};
use crate::context::Context;
use crate::input::{Field, check_id, check_name, check_text};
use crate::lang::Lang;
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
            options,
        } => {
            check_id(Field::OrgId, &id)
                .and_then(|()| check_name(Field::OrgName, &name))
                .map_err(|e| anyhow::Error::msg(e.message(lang)))?;
            let catalog = ctx.catalog()?;
            let overrides = Overrides::parse(ctx, &catalog, &options)?;
            let store = ctx.open_store_to_write()?;
            if store.org(&id)?.is_some() {
                return Err(refuse(
                    lang,
                    format!("组织编号 \"{id}\" 已存在；请换一个编号，或用 org edit 修改它"),
                    format!(
                        "org id \"{id}\" already exists; choose another id, or change it with org edit"
                    ),
                ));
            }
            let mut org = Org {
                id,
                name: name.trim().to_string(),
                kind,
                parent: options.parent,
                elected_on: options.elected_on,
                since: options.since.unwrap_or(ctx.today),
                due_days: Default::default(),
                term_years: Default::default(),
                exempt: Default::default(),
                checklists: Vec::new(),
                updated_at: ctx.stamp(),
            };
            overrides.apply(&mut org);
            check_parent(&org, &store.orgs()?).map_err(|e| anyhow::Error::msg(e.message(lang)))?;
            store.put_org(&org)?;
            store.flush()?;
            writeln!(out, "{}", org.id)?;
        }
        OrgCommand::Edit {
            id,
            name,
            kind,
            options,
        } => {
            if let Some(name) = &name {
                check_name(Field::OrgName, name)
                    .map_err(|e| anyhow::Error::msg(e.message(lang)))?;
            }
            let catalog = ctx.catalog()?;
            let overrides = Overrides::parse(ctx, &catalog, &options)?;
            let store = ctx.open_store_to_write()?;
            let mut org = existing_org(ctx, &store, &id)?;
            if let Some(name) = name {
                org.name = name.trim().to_string();
            }
            if let Some(kind) = kind {
                org.kind = kind;
            }
            if let Some(p) = options.parent {
                org.parent = Some(p);
            }
            if let Some(d) = options.elected_on {
                org.elected_on = Some(d);
            }
            if let Some(d) = options.since {
                org.since = d;
            }
            overrides.apply(&mut org);
            org.updated_at = ctx.stamp();
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
                crate::lang::Lang::Zh => ["编号", "名称", "类型", "上级", "起算日", "上次换届"],
                crate::lang::Lang::En => ["id", "name", "kind", "parent", "since", "elected on"],
            };
            write_table(out, &header, &rows)?;
        }
    }
    Ok(())
}

/// The per-obligation options of `org add` / `org edit`, checked before anything is
/// written. On `edit`, each one given replaces that part of the org.
struct Overrides {
    due_days: Option<BTreeMap<String, u32>>,
    term_years: Option<BTreeMap<String, u32>>,
    exempt: Option<BTreeMap<String, String>>,
    checklists: Option<Vec<String>>,
}

impl Overrides {
    fn parse(ctx: &Context, catalog: &Catalog, o: &OrgOptions) -> Result<Overrides> {
        let given = |v: &Vec<String>| !v.is_empty();
        let mut due_days = BTreeMap::new();
        for spec in &o.due_day {
            let (oid, day) = parse_due_day(ctx, catalog, spec)?;
            due_days.insert(oid, day);
        }
        let mut term_years = BTreeMap::new();
        for spec in &o.term_years {
            let (oid, n) = parse_term_years(ctx, catalog, spec)?;
            term_years.insert(oid, n);
        }
        let mut exempt = BTreeMap::new();
        for spec in &o.exempt {
            let (oid, reason) = split_pair(
                ctx,
                spec,
                "--exempt",
                "OBLIGATION=REASON",
                "party-group-meeting=不设党小组",
            )?;
            if catalog.obligation(oid).is_none() {
                return Err(unknown_obligation(ctx, catalog, oid));
            }
            if reason.trim().is_empty() {
                return Err(refuse(
                    ctx.lang,
                    format!(
                        "--exempt \"{spec}\" 缺少理由；应为 义务编号=理由，例如 party-group-meeting=不设党小组"
                    ),
                    format!(
                        "--exempt \"{spec}\" gives no reason; expected OBLIGATION=REASON, e.g. party-group-meeting=no party groups"
                    ),
                ));
            }
            check_text(Field::Reason, reason)
                .map_err(|e| anyhow::Error::msg(e.message(ctx.lang)))?;
            exempt.insert(oid.to_string(), reason.trim().to_string());
        }
        for id in &o.checklist {
            catalog.known_checklist(id).map_err(|en| {
                let known: Vec<&str> = catalog.checklists.iter().map(|c| c.id.as_str()).collect();
                refuse(
                    ctx.lang,
                    format!("没有清单 \"{id}\"；已加载的清单：{}", known.join(", ")),
                    en,
                )
            })?;
        }
        let mut checklists = o.checklist.clone();
        checklists.dedup();
        Ok(Overrides {
            due_days: given(&o.due_day).then_some(due_days),
            term_years: given(&o.term_years).then_some(term_years),
            exempt: given(&o.exempt).then_some(exempt),
            checklists: given(&o.checklist).then_some(checklists),
        })
    }

    fn apply(self, org: &mut Org) {
        if let Some(d) = self.due_days {
            org.due_days = d;
        }
        if let Some(t) = self.term_years {
            org.term_years = t;
        }
        if let Some(e) = self.exempt {
            org.exempt = e;
        }
        if let Some(c) = self.checklists {
            org.checklists = c;
        }
    }
}

/// Splits `KEY=VALUE`, or refuses naming the option and the expected form.
fn split_pair<'a>(
    ctx: &Context,
    spec: &'a str,
    option: &str,
    form: &str,
    example: &str,
) -> Result<(&'a str, &'a str)> {
    spec.split_once('=').ok_or_else(|| {
        refuse(
            ctx.lang,
            format!("{option} \"{spec}\" 格式不对；应为 {form}，例如 {example}"),
            format!("{option} \"{spec}\" is not {form}, e.g. {example}"),
        )
    })
}

/// `OBLIGATION=N`, for a `term` obligation.
fn parse_term_years(ctx: &Context, catalog: &Catalog, spec: &str) -> Result<(String, u32)> {
    let (oid, n) = split_pair(
        ctx,
        spec,
        "--term-years",
        "OBLIGATION=N",
        "branch-election=5",
    )?;
    let Some(o) = catalog.obligation(oid) else {
        return Err(unknown_obligation(ctx, catalog, oid));
    };
    if o.every != Every::Term {
        return Err(refuse(
            ctx.lang,
            format!(
                "义务 \"{oid}\" 是 {}，不是换届（term）义务，不能设任期",
                o.every
            ),
            format!(
                "obligation \"{oid}\" is every {}; --term-years applies to every: term obligations",
                o.every
            ),
        ));
    }
    match n.parse::<u32>() {
        Ok(n) if (1..=10).contains(&n) => Ok((oid.to_string(), n)),
        _ => Err(refuse(
            ctx.lang,
            format!("任期 \"{n}\" 无效；应为 1 到 10 的整数（年）"),
            format!(
                "term length \"{n}\" is not valid; expected a whole number of years from 1 to 10"
            ),
        )),
    }
}

/// `OBLIGATION=DAY`, for an obligation with a monthly-or-longer calendar period.
fn parse_due_day(
    ctx: &Context,
    catalog: &crate::checklist::Catalog,
    spec: &str,
) -> Result<(String, u32)> {
    let lang = ctx.lang;
    let (oid, day) = split_pair(
        ctx,
        spec,
        "--due-day",
        "OBLIGATION=DAY",
        "theme-party-day=20",
    )?;
    let Some(o) = catalog.obligation(oid) else {
        return Err(unknown_obligation(ctx, catalog, oid));
    };
    if matches!(
        o.every,
        Every::Week | Every::Term | Every::Once | Every::Event
    ) {
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
