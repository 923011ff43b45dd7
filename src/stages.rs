//! The rules of the path into the party (发展党员, SPEC §9): which stage comes next, the
//! earliest day for it (a year as activist before becoming a candidate, the 预备期 before
//! 转正), and the one extension of the 预备期. Pure: today is a parameter.

pub mod development;

use chrono::{Months, NaiveDate};

use crate::model::{Member, PARTY_STAGES, Stage};

/// The shortest time as activist before becoming a candidate, and the 预备期.
pub const YEAR: Months = Months::new(12);

/// The shortest and longest extension of the 预备期 (延长预备期), in months.
pub const EXTENSION_MONTHS: std::ops::RangeInclusive<u32> = 6..=12;

/// Why a change of stage was refused. Data only: the words are in
/// [`crate::messages`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageError {
    /// Not a stage (`--stage` text).
    Unknown(String),
    /// A stage other than `full` needs the day it was entered.
    NeedsDate(Stage),
    /// `to` is not the stage after `current` (`next`: the one that is, if any).
    NotNext {
        current: Stage,
        to: Stage,
        next: Option<Stage>,
    },
    /// The day is after today: a stage is entered when something has happened.
    AfterToday { date: NaiveDate, today: NaiveDate },
    /// The day is before the day the member entered their current stage.
    BeforeCurrent {
        date: NaiveDate,
        current: Stage,
        since: NaiveDate,
    },
    /// A candidate less than a year after becoming an activist.
    CandidateTooSoon {
        date: NaiveDate,
        activist: NaiveDate,
        earliest: NaiveDate,
    },
    /// 转正 before the 预备期 ends.
    FullTooSoon {
        date: NaiveDate,
        earliest: NaiveDate,
    },
    /// Stage dates out of the path's order (a later stage entered before an earlier one).
    Order {
        earlier: (Stage, NaiveDate),
        later: (Stage, NaiveDate),
    },
    /// A date for a stage the member has not reached.
    NotReached { stage: Stage, current: Stage },
    /// An extension of the 预备期 outside 6 to 12 months.
    ExtensionMonths(u32),
    /// The 预备期 is extended once.
    ExtendedTwice(u32),
    /// Only a probationary member's 预备期 can be extended.
    NotProbationary(Stage),
    /// The member has left the org.
    Left { id: String, on: NaiveDate },
}

/// The day the 预备期 ends: a year after admission, plus any extension. `None` when the
/// admission date is not known.
pub fn probation_end(m: &Member) -> Option<NaiveDate> {
    let admitted = m.entered(Stage::Probationary)?;
    let extra = Months::new(m.extension_months.unwrap_or(0));
    admitted.checked_add_months(YEAR)?.checked_add_months(extra)
}

/// The earliest day the member may enter the stage after their current one: a year after
/// becoming an activist for a candidate, the end of the 预备期 for 转正, else the day they
/// entered the current stage. `None` for a full member, or when the dates are not known.
pub fn earliest_next(m: &Member) -> Option<NaiveDate> {
    match m.stage.next()? {
        Stage::Candidate => m.entered(Stage::Activist)?.checked_add_months(YEAR),
        Stage::Full => probation_end(m),
        _ => m.entered(m.stage),
    }
}

/// The rules a member's stage and dates meet however they got in: a date for every stage
/// but `full`, no date for a stage not reached, dates in the path's order, and an
/// extension of 6 to 12 months only once the member was admitted.
pub fn check_path(m: &Member) -> Result<(), StageError> {
    if m.stage != Stage::Full && m.entered(m.stage).is_none() {
        return Err(StageError::NeedsDate(m.stage));
    }
    if let Some((&stage, _)) = m.stage_dates.iter().find(|(s, _)| **s > m.stage) {
        return Err(StageError::NotReached {
            stage,
            current: m.stage,
        });
    }
    let dated: Vec<(Stage, NaiveDate)> = m.stage_dates.iter().map(|(s, d)| (*s, *d)).collect();
    if let Some(w) = dated.windows(2).find(|w| w[1].1 < w[0].1) {
        return Err(StageError::Order {
            earlier: w[0],
            later: w[1],
        });
    }
    if let Some(n) = m.extension_months {
        if !EXTENSION_MONTHS.contains(&n) {
            return Err(StageError::ExtensionMonths(n));
        }
        if !m.stage.is_party_member() {
            return Err(StageError::NotProbationary(m.stage));
        }
    }
    Ok(())
}

/// `m` moved on to `to` on `on`, as of `today`, or why not (SPEC §9): `to` is the next
/// stage, `on` is neither before the current stage's day nor after today, a candidate has
/// been an activist for a year, and 转正 waits for the end of the 预备期. The earlier
/// stage dates stay.
pub fn advance(
    m: &Member,
    to: Stage,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<Member, StageError> {
    if let Some(left) = m.left_on.filter(|l| *l <= today) {
        return Err(StageError::Left {
            id: m.id.clone(),
            on: left,
        });
    }
    let next = m.stage.next();
    if next != Some(to) {
        return Err(StageError::NotNext {
            current: m.stage,
            to,
            next,
        });
    }
    if on > today {
        return Err(StageError::AfterToday { date: on, today });
    }
    if let Some(since) = m.entered(m.stage).filter(|s| on < *s) {
        return Err(StageError::BeforeCurrent {
            date: on,
            current: m.stage,
            since,
        });
    }
    match (to, earliest_next(m)) {
        (Stage::Candidate, Some(earliest)) if on < earliest => {
            return Err(StageError::CandidateTooSoon {
                date: on,
                activist: m.entered(Stage::Activist).unwrap_or(earliest),
                earliest,
            });
        }
        (Stage::Full, Some(earliest)) if on < earliest => {
            return Err(StageError::FullTooSoon { date: on, earliest });
        }
        _ => {}
    }
    let mut moved = m.clone();
    moved.stage = to;
    moved.stage_dates.insert(to, on);
    Ok(moved)
}

/// `m` with the 预备期 extended by `months` (延长预备期): once, 6 to 12 months, on a
/// probationary member.
pub fn extend(m: &Member, months: u32) -> Result<Member, StageError> {
    if m.stage != Stage::Probationary {
        return Err(StageError::NotProbationary(m.stage));
    }
    if let Some(n) = m.extension_months {
        return Err(StageError::ExtendedTwice(n));
    }
    if !EXTENSION_MONTHS.contains(&months) {
        return Err(StageError::ExtensionMonths(months));
    }
    let mut extended = m.clone();
    extended.extension_months = Some(months);
    Ok(extended)
}

/// Whether `m` is in scope of a per-member obligation concerning `stages` for the period
/// `start..=end`, judged on `today`. For the party members (the default), a member who is
/// one by the period's end (or today) is: meetings and 学时 concern them from admission on.
/// For other stages with a calendar cadence (SPEC §9 "Stages and calendar periods"), a
/// member who entered one of them on or before the period's first day and was still in
/// one on its last day (or on today, for the current period): someone who became an
/// activist on 20 June owes their first review in the second half-year.
pub fn in_stage_scope(
    m: &Member,
    stages: &[Stage],
    start: NaiveDate,
    end: NaiveDate,
    today: NaiveDate,
) -> bool {
    let last = end.min(today);
    if stages == PARTY_STAGES {
        return m.is_party_member_on(last);
    }
    m.in_stages_on(stages, start) && m.in_stages_on(stages, last)
}

#[cfg(test)]
mod tests;
