//! Party dues (党费, SPEC §10): each party member's monthly amount, the payments that
//! cover whole months, and what every month is for every member as of a day — paid,
//! due, in arrears, exempt, or not owed. Pure: money in [`Fen`], no storage, no clock.

mod ledger;
mod money;
mod objects;
mod rates;

pub use ledger::{MemberDues, MonthStatus, OrgDues, Standing, member_dues, org_dues, owed_now};
pub use money::{Fen, MAX_YUAN};
pub use objects::{Payment, Setting, monthly_for, setting_id};
pub use rates::{RateKind, STUDENT_MONTHLY, monthly_from_base, permille};

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::Member;

/// Consecutive months in arrears that are shown red.
pub const RED_RUN: u32 = 3;
/// Consecutive months in arrears that are flagged 连续6个月未交纳 (treated as 自行脱党).
pub const FLAG_RUN: u32 = 6;
/// The most months one payment may cover.
pub const MAX_MONTHS_PER_PAYMENT: u32 = 24;
/// How far past today's month a payment in advance may reach.
pub const MAX_MONTHS_AHEAD: u32 = 12;

/// A calendar month, written `YYYY-MM` (the month period's label, SPEC §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        (1..=12).contains(&month).then_some(Month { year, month })
    }

    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// `YYYY-MM` between 1949 and 2200, read by the one month-label parser.
    pub fn parse(text: &str) -> Option<Month> {
        let p = crate::period::parse_label(
            crate::period::Every::Month,
            text,
            &crate::period::Calendar::default(),
        )?;
        crate::input::check_date(p.start).ok()?;
        Some(Month::of(p.start))
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a month's first day")
    }

    pub fn last_day(self) -> NaiveDate {
        crate::period::month_end(self.year, self.month)
    }

    pub fn next(self) -> Month {
        self.plus(1)
    }

    pub fn plus(self, n: i32) -> Month {
        let i = self.index() + n;
        Month {
            year: i.div_euclid(12),
            month: i.rem_euclid(12) as u32 + 1,
        }
    }

    /// Months since year 0: `b.index() - a.index()` months lie between them.
    pub fn index(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }

    /// The months `from..=to`, in order (none when `to` is before `from`).
    pub fn range(from: Month, to: Month) -> impl Iterator<Item = Month> {
        (from.index()..=to.index()).map(move |i| from.plus(i - from.index()))
    }

    /// The twelve months of `year`.
    pub fn year(year: i32) -> impl Iterator<Item = Month> {
        (1..=12).map(move |month| Month { year, month })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let text = String::deserialize(d)?;
        Month::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("\"{text}\" is not a month; expected YYYY-MM"))
        })
    }
}

/// Whether `m` is a party member (预备党员 or 正式党员) of the org in `month`: only
/// party members owe dues, from the month they became probationary, and nobody owes for
/// the months after they left (transferred out) or before they joined the org. A member
/// who joins, is admitted or leaves during a month owes that month. The one place dues
/// ask the member's stage.
pub fn party_member_in(m: &Member, month: Month) -> bool {
    m.in_scope(month.first_day(), month.last_day()) && m.is_party_member_on(month.last_day())
}

#[cfg(test)]
mod tests;
