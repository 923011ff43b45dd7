//! `dangjian org add|edit|list`.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;

use super::{date_arg, existing_org, refuse, refused, write_json};
use crate::checklist::Catalog;
use crate::cli::{Format, OrgCommand, OrgOptions};
use crate::context::Context;
use crate::entry::{EntryError, check_org, find_obligation, parse_cadence, unknown_obligation};
use crate::model::Org;
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
            let catalog = ctx.catalog()?;
            let overrides = Overrides::parse(ctx, &catalog, &options)?;
            let elected_on = date_arg(ctx, options.elected_on.as_deref())?;
            let since = date_arg(ctx, options.since.as_deref())?;
            let mut org = Org {
                id,
                name: name.trim().to_string(),
                kind,
                parent: options.parent,
                elected_on,
                since: since.unwrap_or(ctx.today),
                due_days: Default::default(),
                term_years: Default::default(),
                every: Default::default(),
                exempt: Default::default(),
                checklists: Vec::new(),
                updated_at: ctx.stamp(),
            };
            overrides.apply(&mut org);
            // Every field is checked before the store is opened; its place among the
            // stored orgs then.
            let place_only = |e: &EntryError| matches!(e, EntryError::Parent(_));
            match check_org(&catalog, &org, &[]) {
                Err(e) if !place_only(&e) => return Err(refused(e)),
                _ => {}
            }
            let store = ctx.open_store_to_write()?;
            if store.org(&org.id)?.is_some() {
                return Err(refused(EntryError::OrgTaken(org.id)));
            }
            check_org(&catalog, &org, &store.orgs()?).map_err(refused)?;
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
            let catalog = ctx.catalog()?;
            let overrides = Overrides::parse(ctx, &catalog, &options)?;
            let elected_on = date_arg(ctx, options.elected_on.as_deref())?;
            let since = date_arg(ctx, options.since.as_deref())?;
            let store = ctx.open_store_to_write()?;
            let mut org = existing_org(ctx, &*store, &id)?;
            if let Some(name) = name {
                org.name = name.trim().to_string();
            }
            if let Some(kind) = kind {
                org.kind = kind;
            }
            if let Some(p) = options.parent {
                org.parent = Some(p);
            }
            if let Some(d) = elected_on {
                org.elected_on = Some(d);
            }
            if let Some(d) = since {
                org.since = d;
            }
            overrides.apply(&mut org);
            org.updated_at = ctx.stamp();
            check_org(&catalog, &org, &store.orgs()?).map_err(refused)?;
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
    every: Option<BTreeMap<String, Every>>,
    exempt: Option<BTreeMap<String, String>>,
    checklists: Option<Vec<String>>,
}

impl Overrides {
    /// Reads the options' `OBLIGATION=VALUE` pairs (an obligation by id or exact title);
    /// what the values may be is [`check_org`]'s to say.
    fn parse(ctx: &Context, catalog: &Catalog, o: &OrgOptions) -> Result<Overrides> {
        let given = |v: &Vec<String>| !v.is_empty();
        let due_days = obligation_pairs(
            ctx,
            catalog,
            &o.due_day,
            ("--due-day", "OBLIGATION=DAY", "theme-party-day=20"),
            &|day: &str| {
                day.trim()
                    .parse::<u32>()
                    .map_err(|_| EntryError::DueDay(day.to_string()))
            },
        )?;
        let term_years = obligation_pairs(
            ctx,
            catalog,
            &o.term_years,
            ("--term-years", "OBLIGATION=N", "branch-election=5"),
            &|n: &str| {
                n.trim()
                    .parse::<u32>()
                    .map_err(|_| EntryError::TermYears(n.to_string()))
            },
        )?;
        let every = obligation_pairs(
            ctx,
            catalog,
            &o.every,
            (
                "--every",
                "OBLIGATION=CADENCE",
                "dept-ideology-survey=half-year",
            ),
            &parse_cadence,
        )?;
        let exempt = obligation_pairs(
            ctx,
            catalog,
            &o.exempt,
            (
                "--exempt",
                "OBLIGATION=REASON",
                "party-group-meeting=不设党小组",
            ),
            &|reason: &str| Ok(reason.trim().to_string()),
        )?;
        let mut checklists = o.checklist.clone();
        checklists.dedup();
        Ok(Overrides {
            due_days: given(&o.due_day).then_some(due_days),
            term_years: given(&o.term_years).then_some(term_years),
            every: given(&o.every).then_some(every),
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
        if let Some(e) = self.every {
            org.every = e;
        }
        if let Some(e) = self.exempt {
            org.exempt = e;
        }
        if let Some(c) = self.checklists {
            org.checklists = c;
        }
    }
}

/// Each `OBLIGATION=VALUE` of one option (`--due-day`, `--term-years`, …): the obligation
/// found by id or exact title, the value as `read` reads it; `what` is the option, its
/// form and an example, for a pair without `=`.
fn obligation_pairs<T>(
    ctx: &Context,
    catalog: &Catalog,
    specs: &[String],
    what: (&str, &str, &str),
    read: &dyn Fn(&str) -> Result<T, EntryError>,
) -> Result<BTreeMap<String, T>> {
    let mut found = BTreeMap::new();
    for spec in specs {
        let (name, value) = split_pair(ctx, spec, what.0, what.1, what.2)?;
        let value = read(value).map_err(refused)?;
        let id = find_obligation(catalog, None, name)
            .map(|o| o.id.clone())
            .ok_or_else(|| refused(unknown_obligation(catalog, None, name)))?;
        found.insert(id, value);
    }
    Ok(found)
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
