//! One obligation of a checklist item, checked field by field: its id, cadence, numbers,
//! dates, score and amount, each error at the line of the field it is about.

use chrono::NaiveDate;

use super::{FileCheck, Inherited, valid_slug};
use crate::checklist::locate::Pos;
use crate::checklist::scoring::check_score;
use crate::checklist::{Checklist, Item, Obligation, ObligationSpec, Per, Scope, TermFrom};
use crate::model::PARTY_STAGES;
use crate::period::Every;

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

pub(super) fn check_obligation(
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
        (Some(d), Every::Term | Every::Once | Every::Event) => {
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
    if let Some(tag) = &spec.tag
        && spec.per != Per::Member
    {
        check.error(
            field(check, "tag"),
            format!("tag \"{tag}\" needs per: member"),
        );
    }
    if spec.every == Every::Event {
        for (key, set) in [
            ("count", spec.count.is_some()),
            ("hours", spec.hours.is_some()),
            ("warn_days", spec.warn_days.is_some()),
            ("per", spec.per == Per::Member),
        ] {
            if set {
                check.error(
                    field(check, key),
                    format!("{key} is not allowed with every: event (an event is never owed)"),
                );
            }
        }
    }
    let member_only = [
        ("amount", spec.amount.is_some()),
        ("scope", spec.scope.is_some()),
    ];
    for (key, set) in member_only {
        if set && spec.per != Per::Member {
            check.error(
                field(check, key),
                format!("{key} needs per: member (it concerns each member)"),
            );
        }
    }
    if let Some(a) = &spec.amount {
        if !(a.at_least.is_finite() && a.at_least > 0.0) {
            check.error(
                field(check, "amount"),
                format!(
                    "amount at_least \"{}\" must be a number above 0",
                    a.at_least
                ),
            );
        }
        if a.unit.trim().is_empty() {
            check.error(
                field(check, "amount"),
                "amount needs a unit (e.g. unit: 积分)".to_string(),
            );
        }
    }
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
