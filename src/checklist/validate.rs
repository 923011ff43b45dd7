//! Turns checklist sources into a [`Catalog`], collecting every problem instead of
//! stopping at the first.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::locate::{Locator, Pos};
use super::members::check_member_fields;
use super::scoring::{check_points_sum, check_score, check_shares};
use super::{
    Catalog, Checklist, Diagnostic, Item, ItemKind, LoadErrors, Obligation, ObligationSpec, SCHEMA,
    Scope, Source, TermFrom,
};
use crate::model::{AppliesTo, PARTY_STAGES};
use crate::period::Every;

/// What an item passes down to its children.
#[derive(Clone, Copy)]
pub(super) struct Inherited<'a> {
    pub applies_to: Option<&'a Vec<AppliesTo>>,
    pub kind: Option<ItemKind>,
}

/// The most a number in an obligation may be: beyond these it is a typing mistake.
const MAX_COUNT: u32 = 1000;
const MAX_HOURS: f64 = 10_000.0;
const MAX_WARN_DAYS: u32 = 366;
const MAX_YEARS: u32 = 10;

/// The dates a checklist may name (`due`): from the founding year to well past any plan.
fn first_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1949, 1, 1).expect("a valid date")
}

fn last_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2200, 12, 31).expect("a valid date")
}

pub(super) struct FileCheck<'a> {
    pub path: &'a str,
    pub locator: Locator,
    seen: HashMap<String, usize>,
    pub errors: Vec<Diagnostic>,
}

impl FileCheck<'_> {
    pub fn error(&mut self, at: Option<Pos>, message: String) {
        let (line, column) = at.unwrap_or((1, 1));
        self.errors.push(Diagnostic {
            path: self.path.to_string(),
            line,
            column,
            message,
        });
    }

    /// Where the next occurrence of `id: value` stands, in document order.
    fn next_id(&mut self, value: &str) -> Option<Pos> {
        let n = self.seen.entry(value.to_string()).or_default();
        let at = self.locator.value("id", value, *n);
        *n += 1;
        at
    }
}

/// A parsed obligation with where its `id` stands, awaiting cross-file checks.
struct Pending {
    obligation: Obligation,
    file: usize,
    at: Option<Pos>,
}

pub(super) fn load(sources: Vec<Source>) -> Result<Catalog, LoadErrors> {
    let mut errors = Vec::new();
    let mut pending: Vec<Pending> = Vec::new();
    let mut files: Vec<FileCheck> = Vec::new();

    let mut parsed: Vec<(usize, Checklist)> = Vec::new();
    for source in &sources {
        let mut check = FileCheck {
            path: &source.path,
            locator: Locator::new(&source.text),
            seen: HashMap::new(),
            errors: Vec::new(),
        };
        if let Some(mut checklist) = parse(&mut check, &source.text) {
            let at = check.locator.top_level("id");
            if !valid_slug(&checklist.id) {
                check.error(
                    at,
                    format!("checklist id \"{}\" must match [a-z0-9-]+", checklist.id),
                );
            }
            if parsed.iter().any(|(_, c)| c.id == checklist.id) {
                check.error(
                    at,
                    format!(
                        "checklist id \"{}\" is already used by another loaded checklist",
                        checklist.id
                    ),
                );
            }
            checklist.path = source.path.clone();
            parsed.push((files.len(), checklist));
        }
        files.push(check);
    }
    // A checklist built on a base concerns the base's org kinds unless it says otherwise.
    let inherited_kinds: Vec<Option<Vec<AppliesTo>>> = parsed
        .iter()
        .map(|(_, c)| {
            let base = c.base.as_deref()?;
            let base = parsed.iter().find(|(_, b)| b.id == base)?;
            base.1.applies_to.clone()
        })
        .collect();
    for ((_, c), kinds) in parsed.iter_mut().zip(inherited_kinds) {
        if c.applies_to.is_none() {
            c.applies_to = kinds;
        }
    }
    for (file, checklist) in &parsed {
        let check = &mut files[*file];
        let mut item_ids = HashSet::new();
        let top = Inherited {
            applies_to: checklist.applies_to.as_ref(),
            kind: None,
        };
        for item in &checklist.items {
            check_item(check, checklist, item, top, &mut item_ids, &mut |o, at| {
                pending.push(Pending {
                    obligation: o,
                    file: *file,
                    at,
                })
            });
        }
    }
    let checklists = super::base::resolve(parsed, &mut files);

    // Obligation ids are unique among all loaded checklists, and `implies` names them.
    let mut first: HashMap<&str, &Pending> = HashMap::new();
    for p in &pending {
        if let Some(earlier) = first.get(p.obligation.id.as_str()) {
            let (line, _) = earlier.at.unwrap_or((1, 1));
            let message = format!(
                "obligation id \"{}\" is already defined at {}:{line}",
                p.obligation.id, files[earlier.file].path
            );
            files[p.file].error(p.at, message);
        } else {
            first.insert(&p.obligation.id, p);
        }
    }
    for p in &pending {
        for implied in &p.obligation.implies {
            let at =
                p.at.and_then(|at| files[p.file].locator.sibling(at, "implies", Some(implied)));
            if implied == &p.obligation.id {
                files[p.file].error(at, format!("obligation \"{implied}\" cannot imply itself"));
            } else if !first.contains_key(implied.as_str()) {
                let known: Vec<&str> = first
                    .keys()
                    .copied()
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                files[p.file].error(
                    at,
                    format!(
                        "implies unknown obligation \"{implied}\"; known obligations: {}",
                        known.join(", ")
                    ),
                );
            }
        }
    }

    for file in files {
        let mut e = file.errors;
        e.sort_by_key(|d| (d.line, d.column));
        errors.extend(e);
    }
    if !errors.is_empty() {
        return Err(LoadErrors(errors));
    }
    Ok(Catalog::from_parts(
        checklists,
        pending.into_iter().map(|p| p.obligation).collect(),
    ))
}

fn parse(check: &mut FileCheck, text: &str) -> Option<Checklist> {
    // A newer schema may have fields this build does not know: say so before anything else.
    if let Some(at) = check.locator.top_level("schema") {
        let line = text.lines().nth(at.0 - 1).unwrap_or("");
        let value = line.split_once(':').map(|(_, v)| v.trim()).unwrap_or("");
        if let Ok(n) = value.parse::<u64>()
            && n > u64::from(SCHEMA)
        {
            check.error(
                Some(at),
                format!("schema {n} is newer than this dangjian supports ({SCHEMA}); upgrade dangjian to read this file"),
            );
            return None;
        }
    }
    match crate::yaml::from_str::<Checklist>(text) {
        Ok(c) => {
            if c.schema == 0 {
                check.error(
                    check.locator.top_level("schema"),
                    format!("schema 0 is not a schema; expected {SCHEMA}"),
                );
            }
            Some(c)
        }
        Err(e) => {
            // serde_yaml places a bad `due` date at the start of its obligation: point at
            // the `due:` line instead.
            // A duplicate key is placed at its mapping's start (or at 1:1 at the top level):
            // point at the second one.
            let at = (e.line, e.column);
            let duplicate = e
                .message
                .split_once("duplicate field `")
                .and_then(|(_, rest)| rest.split_once('`'))
                .map(|(key, _)| key);
            let at = if e.message.contains("is not a date") {
                check.locator.sibling(at, "due", None).unwrap_or(at)
            } else if let Some(key) = duplicate {
                check.locator.repeated(at, key).unwrap_or(at)
            } else {
                at
            };
            check.error(Some(at), e.message);
            None
        }
    }
}

fn check_item(
    check: &mut FileCheck,
    checklist: &Checklist,
    item: &Item,
    inherited: Inherited,
    ids: &mut HashSet<String>,
    emit: &mut dyn FnMut(Obligation, Option<Pos>),
) {
    let at = check.next_id(&item.id);
    let inherited = Inherited {
        applies_to: item.applies_to.as_ref().or(inherited.applies_to),
        kind: item.kind.or(inherited.kind),
    };
    if !ids.insert(item.id.clone()) {
        check.error(
            at,
            format!("item id \"{}\" is used twice in this file", item.id),
        );
    }
    if item.title.is_none() && item.text.is_none() {
        check.error(at, format!("item \"{}\" needs a title or a text", item.id));
    }
    if let Some(points) = item.points
        && !(points.is_finite() && points >= 0.0)
    {
        let at = at.and_then(|at| check.locator.sibling(at, "points", None));
        check.error(
            at,
            format!("points \"{points}\" must be a number of 0 or more"),
        );
    }
    check_points_sum(check, item, at);
    if let Some(kind) = item.kind {
        let word = match kind {
            ItemKind::Bonus => "bonus",
            ItemKind::Penalty => "penalty",
        };
        if kind == ItemKind::Bonus && item.points.is_none() {
            let at = at.and_then(|at| check.locator.sibling(at, "kind", None));
            check.error(
                at,
                format!("kind: {word} needs points: the most its records may add (e.g. points: 5)"),
            );
        }
    }
    check_shares(check, item, at);
    for spec in &item.obligations {
        let at = check.next_id(&spec.id);
        if let Some(o) = check_obligation(check, checklist, item, inherited, spec, at) {
            emit(o, at);
        }
    }
    for child in &item.items {
        check_item(check, checklist, child, inherited, ids, emit);
    }
}

fn check_obligation(
    check: &mut FileCheck,
    checklist: &Checklist,
    item: &Item,
    inherited: Inherited,
    spec: &ObligationSpec,
    at: Option<Pos>,
) -> Option<Obligation> {
    let before = check.errors.len();
    let field = |check: &FileCheck, key: &str| {
        at.and_then(|at| check.locator.sibling(at, key, None))
            .or(at)
    };
    if !valid_slug(&spec.id) {
        check.error(
            at,
            format!("obligation id \"{}\" must match [a-z0-9-]+", spec.id),
        );
    }
    if let Some(n) = spec.count
        && !(1..=MAX_COUNT).contains(&n)
    {
        check.error(
            field(check, "count"),
            format!("count \"{n}\" is out of range; expected 1 to {MAX_COUNT}"),
        );
    }
    if let Some(h) = spec.hours
        && !(h.is_finite() && h > 0.0 && h <= MAX_HOURS)
    {
        check.error(
            field(check, "hours"),
            format!(
                "hours \"{h}\" is out of range; expected a number above 0 and at most {MAX_HOURS}"
            ),
        );
    }
    if let Some(w) = spec.warn_days
        && w > MAX_WARN_DAYS
    {
        check.error(
            field(check, "warn_days"),
            format!("warn_days \"{w}\" is out of range; expected 0 to {MAX_WARN_DAYS}"),
        );
    }
    if let Some(due) = spec.due
        && !(first_date()..=last_date()).contains(&due)
    {
        check.error(
            field(check, "due"),
            format!(
                "due \"{due}\" is out of range; expected a date from {} to {}",
                first_date(),
                last_date()
            ),
        );
    }
    let due_day = match (spec.due_day, spec.every) {
        (Some(d), Every::Week) => {
            check.error(field(check, "due_day"), format!("due_day \"{d}\" is not allowed with every: week (a week is due on its Sunday); remove it or use a longer period"));
            None
        }
        (Some(d), Every::Term | Every::Once | Every::After | Every::Event) => {
            check.error(field(check, "due_day"), format!("due_day \"{d}\" is not allowed with every: {}; it applies to week-or-longer calendar periods (month … year)", spec.every));
            None
        }
        (Some(d), _) if !(1..=31).contains(&d) => {
            check.error(
                field(check, "due_day"),
                format!(
                    "due_day \"{d}\" is out of range; expected a day of the month from 1 to 31"
                ),
            );
            None
        }
        (d, _) => d.map(|d| d as u32),
    };
    match (spec.every, spec.due) {
        (Every::Once, None) => check.error(
            field(check, "every"),
            "every: once needs a due date: add due: YYYY-MM-DD".to_string(),
        ),
        (every, Some(due)) if every != Every::Once => check.error(
            field(check, "due"),
            format!(
                "due \"{due}\" is only allowed with every: once (this obligation is every: {every})"
            ),
        ),
        _ => {}
    }
    match (spec.every, spec.years) {
        (Every::Term, Some(y)) if !(1..=MAX_YEARS).contains(&y) => check.error(
            field(check, "years"),
            format!("years \"{y}\" is out of range; expected 1 to {MAX_YEARS}"),
        ),
        (every, Some(y)) if every != Every::Term => check.error(
            field(check, "years"),
            format!(
                "years \"{y}\" is only allowed with every: term (this obligation is every: {every})"
            ),
        ),
        _ => {}
    }
    if spec.regular && !spec.every.is_calendar() {
        check.error(
            field(check, "regular"),
            format!("regular: true (定期) needs a calendar cadence, week … year, as its default (this obligation is every: {})", spec.every),
        );
    }
    check_member_fields(check, spec, at);
    let score = spec
        .score
        .as_ref()
        .and_then(|s| check_score(check, item, inherited, spec, s, field(check, "score")));
    if check.errors.len() > before {
        return None;
    }
    Some(Obligation {
        id: spec.id.clone(),
        title: spec.title.clone(),
        checklist: checklist.id.clone(),
        item: item.id.clone(),
        every: spec.every,
        count: spec.count.unwrap_or(1),
        hours: spec.hours,
        per: spec.per,
        tag: spec.tag.clone(),
        due_day,
        due: spec.due,
        years: spec.years.unwrap_or(3),
        years_from: if spec.years.is_some() {
            TermFrom::Checklist
        } else {
            TermFrom::Default
        },
        regular: spec.regular,
        warn_days: spec.warn_days.unwrap_or(spec.every.default_warn_days()),
        implies: spec.implies.clone(),
        applies_to: spec
            .applies_to
            .clone()
            .or_else(|| inherited.applies_to.cloned())
            .unwrap_or_default(),
        score: score.map(|(s, _)| s),
        share: score.and_then(|(_, share)| share),
        amount: spec.amount.clone(),
        scope: spec.scope.unwrap_or(Scope::Org),
        stages: spec.stage.clone().unwrap_or(PARTY_STAGES.to_vec()),
        within: spec.within,
        entry: inherited.kind,
    })
}

fn valid_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
