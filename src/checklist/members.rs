//! The fields of an obligation that concern members (SPEC §1): `per: member` and what
//! only it allows (`tag`, `amount`, `scope`, `stage`), `every: after` and its `within`
//! (SPEC §9), and what an `event` may not carry.

use super::locate::Pos;
use super::validate::FileCheck;
use super::{ObligationSpec, Per, Problem, Within};
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
            Problem::TagNeedsMember { tag: tag.clone() },
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
                check.error(field(check, key), Problem::NotWithEvent { key });
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
            check.error(field(check, key), Problem::NeedsMember { key });
        }
    }
    if let Some(a) = &spec.amount {
        if !(a.at_least.is_finite() && a.at_least > 0.0) {
            check.error(
                field(check, "amount"),
                Problem::AmountAtLeast {
                    value: a.at_least.to_string(),
                },
            );
        }
        if a.unit.trim().is_empty() {
            check.error(field(check, "amount"), Problem::AmountUnit);
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
        (Every::After, None) => check.error(every, Problem::AfterNeedsWithin),
        (
            Every::After,
            Some(Within {
                months: Some(_),
                years: Some(_),
            }),
        )
        | (
            Every::After,
            Some(Within {
                months: None,
                years: None,
            }),
        ) => check.error(within, Problem::WithinOne),
        (Every::After, Some(w)) if !(1..=MAX_WITHIN_MONTHS).contains(&w.months()) => check.error(
            within,
            Problem::Within {
                months: w.months(),
                max: MAX_WITHIN_MONTHS,
            },
        ),
        (every, Some(_)) if every != Every::After => {
            check.error(within, Problem::WithinNotAfter { every })
        }
        _ => {}
    }
    if spec.every == Every::After {
        if spec.per != Per::Member {
            check.error(every, Problem::AfterNeedsMember);
        }
        match &spec.stage {
            None => check.error(every, Problem::AfterNeedsStage),
            Some(s) if s.len() != 1 => check.error(stage, Problem::AfterOneStage),
            _ => {}
        }
    }
    if spec.stage.as_ref().is_some_and(|s| s.is_empty()) {
        check.error(stage, Problem::StageEmpty);
    }
}
