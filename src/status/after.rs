//! `every: after` (SPEC §9): one period per member, from the day they entered the stage,
//! due `within` later. The obligation's `current` is the worst of its members'.

use chrono::{Days, NaiveDate};

use super::{Activity, MemberShort, PeriodStatus, Status};
use crate::checklist::Obligation;
use crate::model::{Member, Stage};
use crate::period::{self, Period};

/// The obligation met by the member's advance to `full` rather than by a record.
pub const MET_BY_FULL: &str = "full-membership-review";

/// One member's period of an `every: after` obligation, judged on `today`.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberAfter {
    pub period: Period,
    pub status: Status,
    pub count: u32,
    pub hours: f64,
    pub records: Vec<String>,
}

/// `m`'s period of `o` and its status on `today`, or `None` when the member does not owe
/// it: not in one of its stages that day (not yet, or advanced out of it: no longer owed),
/// the day they entered it unknown, or not a member of the org then. `records` are the
/// org's records of `o` dated on or before `today`. Only a record dated on or after the
/// day the member entered the stage counts, and only one listing them as attendee (or
/// one with no list, when they were in the stage on its date).
pub fn member_after<R: Activity>(
    o: &Obligation,
    m: &Member,
    records: &[&R],
    today: NaiveDate,
) -> Option<MemberAfter> {
    let stage = m.stage_on(today).filter(|s| o.stages.contains(s))?;
    let entered = m.entered(stage)?;
    if !m.in_scope(entered, today) {
        return None;
    }
    let mut months = o.within.map_or(0, |w| w.months());
    if o.id == MET_BY_FULL && stage == Stage::Probationary {
        months += m.extension_months.unwrap_or(0);
    }
    let period = period::after_period(entered, months);
    let due = period.end;
    let (mut count, mut hours, mut count_on_time, mut hours_on_time) = (0, 0.0, 0, 0.0);
    let mut ids = Vec::new();
    for r in records
        .iter()
        .filter(|r| r.date() >= entered && r.date() <= today)
    {
        let listed = match r.attendees() {
            Some(mut a) => a.any(|id| id == m.id),
            None => m.in_stages_on(&o.stages, r.date()),
        };
        if !listed {
            continue;
        }
        let h = r.hours().unwrap_or(0.0);
        count += 1;
        hours += h;
        if r.date() <= due {
            count_on_time += 1;
            hours_on_time += h;
        }
        ids.push(r.id().to_string());
    }
    let enough = |c: u32, h: f64| c >= o.count && o.hours.is_none_or(|need| h + 1e-9 >= need);
    let status = if enough(count_on_time, hours_on_time) {
        Status::Done
    } else if enough(count, hours) {
        Status::DoneLate
    } else {
        let warn_from = due
            .checked_sub_days(Days::new(o.warn_days.into()))
            .unwrap_or(NaiveDate::MIN);
        if today > due {
            Status::Overdue
        } else if today >= warn_from {
            Status::DueSoon
        } else {
            Status::Pending
        }
    };
    Some(MemberAfter {
        period,
        status,
        count,
        hours,
        records: ids,
    })
}

/// The obligation's status for the org: the worst of its members' (its due date the
/// earliest unmet one), with who is behind in `members_short`; `not-applicable` when no
/// member owes it.
pub fn judge<R: Activity>(
    o: &Obligation,
    members: &[&Member],
    records: &[&R],
    today: NaiveDate,
) -> PeriodStatus {
    let judged: Vec<(&Member, MemberAfter)> = members
        .iter()
        .filter_map(|m| member_after(o, m, records, today).map(|a| (*m, a)))
        .collect();
    let worst = judged
        .iter()
        .min_by_key(|(_, a)| (a.status, a.period.end))
        .map(|(_, a)| a.clone());
    let short: Vec<MemberShort> = judged
        .iter()
        .filter(|(_, a)| !a.status.is_done())
        .map(|(m, a)| MemberShort {
            id: m.id.clone(),
            name: m.name.clone(),
            count: a.count,
            hours: a.hours,
            amount: None,
        })
        .collect();
    let mut ids: Vec<String> = judged.iter().flat_map(|(_, a)| a.records.clone()).collect();
    ids.sort();
    ids.dedup();
    let total = judged.len();
    let none = || period::after_period(today, 0);
    PeriodStatus {
        due: worst.as_ref().map_or(today, |a| a.period.end),
        status: worst.as_ref().map_or(Status::NotApplicable, |a| a.status),
        count: judged.iter().map(|(_, a)| a.count).min().unwrap_or(0),
        count_required: o.count,
        hours: o
            .hours
            .map(|_| {
                judged
                    .iter()
                    .map(|(_, a)| a.hours)
                    .fold(f64::INFINITY, f64::min)
            })
            .map(|h| if h.is_finite() { h } else { 0.0 }),
        hours_required: o.hours,
        members: Some((total, total - short.len())),
        members_short: short,
        records: ids,
        period: worst.map_or_else(none, |a| a.period),
    }
}
