//! The fields of an obligation that concern members (SPEC §1): `per: member` and what
//! only it allows (`tag`, `amount`, `scope`, `stage`), `every: after` and its `within`
//! (SPEC §9), and what an `event` may not carry.

use super::locate::Pos;
use super::validate::FileCheck;
use super::{ObligationSpec, Per, Within};
use crate::period::Every;

/// The longest `within` of an `every: after` obligation, in months.
const MAX_WITHIN_MONTHS: u32 = 120;

pub(super) fn check_member_fields(check: &mut FileCheck, spec: &ObligationSpec, at: Option<Pos>) {
    let field = |check: &FileCheck, key: &str| {
        at.and_then(|at| check.locator.sibling(at, key, None))
            .or(at)
    };
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
        ("stage", spec.stage.is_some()),
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
    check_after(
        check,
        spec,
        field(check, "every"),
        field(check, "within"),
        field(check, "stage"),
    );
}

/// `every: after` needs `within`, `per: member` and a `stage`; `within` needs it.
fn check_after(
    check: &mut FileCheck,
    spec: &ObligationSpec,
    every: Option<Pos>,
    within: Option<Pos>,
    stage: Option<Pos>,
) {
    match (spec.every, spec.within) {
        (Every::After, None) => check.error(
            every,
            "every: after needs within: how long after entering the stage it is due (e.g. within: {months: 1})".to_string(),
        ),
        (Every::After, Some(Within { months: Some(_), years: Some(_) }))
        | (Every::After, Some(Within { months: None, years: None })) => check.error(
            within,
            "within takes one of months or years, e.g. within: {months: 3}".to_string(),
        ),
        (Every::After, Some(w)) if !(1..=MAX_WITHIN_MONTHS).contains(&w.months()) => check.error(
            within,
            format!(
                "within {} months is out of range; expected 1 to {MAX_WITHIN_MONTHS} months (or up to 10 years)",
                w.months()
            ),
        ),
        (every, Some(_)) if every != Every::After => check.error(
            within,
            format!("within is only allowed with every: after (this obligation is every: {every})"),
        ),
        _ => {}
    }
    if spec.every == Every::After {
        if spec.per != Per::Member {
            check.error(every, "every: after needs per: member (each member owes it from the day they entered the stage)".to_string());
        }
        match &spec.stage {
            None => check.error(every, "every: after needs stage: the stage whose day it counts from (e.g. stage: [applicant])".to_string()),
            Some(s) if s.len() != 1 => check.error(stage, "every: after counts from one stage; name exactly one (e.g. stage: [probationary])".to_string()),
            _ => {}
        }
    }
    if spec.stage.as_ref().is_some_and(|s| s.is_empty()) {
        check.error(
            stage,
            "stage is empty; name the stages it concerns, e.g. stage: [activist, candidate]"
                .to_string(),
        );
    }
}
