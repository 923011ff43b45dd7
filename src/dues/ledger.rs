//! What each month is for each member, as of a day (SPEC §10, and §4 rule 6: a payment
//! dated after that day does not count): the statuses, the sums in fen, the runs of
//! months in arrears.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Fen, Month, Payment, Setting, monthly_for, party_member_in};
use crate::model::Member;

/// What one month is for one member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MonthStatus {
    /// Covered by a payment dated on or before today (ahead of time too).
    Paid,
    /// Owed and not paid, and it is the current month.
    Due,
    /// Owed, not paid, and over.
    Arrears,
    /// A party member whose monthly amount is 0 (减免).
    Exempt,
    /// Not owed: not a party member that month, or no monthly amount set for it.
    None,
}

impl MonthStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MonthStatus::Paid => "paid",
            MonthStatus::Due => "due",
            MonthStatus::Arrears => "arrears",
            MonthStatus::Exempt => "exempt",
            MonthStatus::None => "none",
        }
    }

    pub fn unpaid(self) -> bool {
        matches!(self, MonthStatus::Due | MonthStatus::Arrears)
    }
}

/// One member's dues over one year, as of a day.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberDues {
    pub id: String,
    pub name: String,
    /// The monthly amount in force (in today's month, or the year's last month for a past
    /// year); `None` when none has been set.
    pub monthly: Option<Fen>,
    /// The year's months up to today's, and later ones already paid.
    pub months: BTreeMap<Month, MonthStatus>,
    /// What each month of the year owes (its monthly amount), for months owed or paid.
    pub amounts: BTreeMap<Month, Fen>,
    /// What the payments counted bring to each month of the year.
    pub shares: BTreeMap<Month, Fen>,
    pub paid: Fen,
    /// The amounts of the year's months due or in arrears.
    pub owed: Fen,
    pub arrears_months: u32,
    /// The longest run of consecutive months in arrears that reaches into the year,
    /// counted whole (it may begin the year before).
    pub longest_run: u32,
    /// The run of months in arrears that ends with the last month over.
    pub current_run: u32,
}

impl MemberDues {
    /// 连续6个月未交纳.
    pub fn flagged(&self) -> bool {
        self.longest_run >= super::FLAG_RUN
    }

    pub fn unpaid_months(&self) -> impl Iterator<Item = Month> + '_ {
        self.months
            .iter()
            .filter(|(_, s)| s.unpaid())
            .map(|(m, _)| *m)
    }
}

/// An org's members' dues over one year, and what was collected for each month.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgDues {
    pub year: i32,
    pub members: Vec<MemberDues>,
    /// Each month of the year: the sum of what payments bring to it.
    pub collected: BTreeMap<Month, Fen>,
}

impl OrgDues {
    pub fn collected_total(&self) -> Fen {
        self.collected.values().copied().sum()
    }
}

/// Each month `payment` covers, with what it brings to that month: each month's monthly
/// amount when they add up to what was paid (the usual case: the amount was worked out
/// from them), else the amount split evenly, the odd fen to the first months.
fn shares(payment: &Payment, settings: &[&Setting]) -> Vec<(Month, Fen)> {
    let months: Vec<Month> = payment.months().collect();
    let owed: Vec<Fen> = months
        .iter()
        .map(|m| monthly_for(settings.iter().copied(), *m).unwrap_or_default())
        .collect();
    if owed.iter().copied().sum::<Fen>() == payment.amount {
        return months.into_iter().zip(owed).collect();
    }
    let n = months.len().max(1) as i64;
    let (each, odd) = (payment.amount.0 / n, payment.amount.0 % n);
    months
        .into_iter()
        .enumerate()
        .map(|(i, m)| (m, Fen(each + i64::from((i as i64) < odd))))
        .collect()
}

/// Everything about one member that the statuses need.
struct Ledger<'a> {
    member: &'a Member,
    settings: Vec<&'a Setting>,
    /// Payments dated on or before today.
    counted: Vec<&'a Payment>,
    today: NaiveDate,
}

impl<'a> Ledger<'a> {
    fn new(
        member: &'a Member,
        settings: &'a [Setting],
        payments: &'a [Payment],
        today: NaiveDate,
    ) -> Ledger<'a> {
        let mine = |org: &str, id: &str| org == member.org && id == member.id;
        Ledger {
            member,
            settings: settings
                .iter()
                .filter(|s| mine(&s.org, &s.member))
                .collect(),
            counted: payments
                .iter()
                .filter(|p| mine(&p.org, &p.member) && p.date <= today)
                .collect(),
            today,
        }
    }

    fn paid(&self, month: Month) -> bool {
        self.counted.iter().any(|p| p.covers(month))
    }

    /// `month`'s status, for a month up to today's.
    fn status(&self, month: Month) -> MonthStatus {
        let joined_later = self.member.joined_on.is_some_and(|j| j > self.today);
        if joined_later || !party_member_in(self.member, month) {
            return MonthStatus::None;
        }
        if self.paid(month) {
            return MonthStatus::Paid;
        }
        match monthly_for(self.settings.iter().copied(), month) {
            None => MonthStatus::None,
            Some(Fen::ZERO) => MonthStatus::Exempt,
            Some(_) if month == Month::of(self.today) => MonthStatus::Due,
            Some(_) => MonthStatus::Arrears,
        }
    }

    /// The first month anything can be owed: the earliest setting's.
    fn first(&self) -> Option<Month> {
        self.settings.iter().map(|s| s.from).min()
    }

    /// The runs of consecutive months in arrears up to `last`, as (first, last, length).
    fn runs(&self, last: Month) -> Vec<(Month, Month, u32)> {
        let Some(first) = self.first() else {
            return Vec::new();
        };
        let mut runs = Vec::new();
        let mut open: Option<(Month, u32)> = None;
        for m in Month::range(first, last) {
            if self.status(m) == MonthStatus::Arrears {
                open = Some(open.map_or((m, 1), |(s, n)| (s, n + 1)));
            } else if let Some((s, n)) = open.take() {
                runs.push((s, m.plus(-1), n));
            }
        }
        if let Some((s, n)) = open {
            runs.push((s, last, n));
        }
        runs
    }
}

/// One member's dues over `year`, as of `today`. `settings` and `payments` may hold
/// other members' too: only this member's count.
pub fn member_dues(
    member: &Member,
    settings: &[Setting],
    payments: &[Payment],
    year: i32,
    today: NaiveDate,
) -> MemberDues {
    let ledger = Ledger::new(member, settings, payments, today);
    let now = Month::of(today);
    let mut d = MemberDues {
        id: member.id.clone(),
        name: member.name.clone(),
        monthly: None,
        months: BTreeMap::new(),
        amounts: BTreeMap::new(),
        shares: BTreeMap::new(),
        paid: Fen::ZERO,
        owed: Fen::ZERO,
        arrears_months: 0,
        longest_run: 0,
        current_run: 0,
    };
    let reference = now.clamp(Month { year, month: 1 }, Month { year, month: 12 });
    d.monthly = monthly_for(ledger.settings.iter().copied(), reference);
    for m in Month::year(year) {
        let status = if m <= now {
            ledger.status(m)
        } else if ledger.paid(m) {
            MonthStatus::Paid
        } else {
            continue;
        };
        d.months.insert(m, status);
        let amount = monthly_for(ledger.settings.iter().copied(), m);
        if let Some(a) = amount.filter(|_| status != MonthStatus::None) {
            d.amounts.insert(m, a);
        }
        if status.unpaid() {
            d.owed += amount.unwrap_or_default();
        }
        if status == MonthStatus::Arrears {
            d.arrears_months += 1;
        }
    }
    for p in &ledger.counted {
        for (m, share) in shares(p, &ledger.settings) {
            if m.year == year {
                *d.shares.entry(m).or_default() += share;
                d.paid += share;
            }
        }
    }
    let last = reference.min(now);
    let runs = ledger.runs(last);
    d.longest_run = runs
        .iter()
        .filter(|(s, e, _)| s.year <= year && e.year >= year)
        .map(|r| r.2)
        .max()
        .unwrap_or(0);
    let last_over = now.plus(-1);
    d.current_run = ledger
        .runs(last_over)
        .last()
        .filter(|r| r.1 == last_over)
        .map_or(0, |r| r.2);
    d
}

/// Every member's dues of one org over `year`, as of `today`, in the order of `members`.
pub fn org_dues(
    members: &[Member],
    settings: &[Setting],
    payments: &[Payment],
    year: i32,
    today: NaiveDate,
) -> OrgDues {
    let members: Vec<MemberDues> = members
        .iter()
        .map(|m| member_dues(m, settings, payments, year, today))
        .collect();
    let mut collected: BTreeMap<Month, Fen> = Month::year(year).map(|m| (m, Fen::ZERO)).collect();
    for m in &members {
        for (month, share) in &m.shares {
            *collected.entry(*month).or_default() += *share;
        }
    }
    OrgDues {
        year,
        members,
        collected,
    }
}

/// Where one member stands today: the months owed and not paid (any year), and the run
/// of months in arrears up to the last month over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub unpaid: Vec<Month>,
    /// What the unpaid months add up to.
    pub owed: Fen,
    pub arrears: u32,
    pub current_run: u32,
    pub longest_run: u32,
}

/// `member`'s standing on `today`: what `status` and `overdue` say of their dues.
pub fn owed_now(
    member: &Member,
    settings: &[Setting],
    payments: &[Payment],
    today: NaiveDate,
) -> Standing {
    let ledger = Ledger::new(member, settings, payments, today);
    let now = Month::of(today);
    let unpaid: Vec<Month> = ledger
        .first()
        .map(|first| {
            Month::range(first, now)
                .filter(|m| ledger.status(*m).unpaid())
                .collect()
        })
        .unwrap_or_default();
    let last_over = now.plus(-1);
    let runs = ledger.runs(last_over);
    let owed = unpaid
        .iter()
        .map(|m| monthly_for(ledger.settings.iter().copied(), *m).unwrap_or_default())
        .sum();
    Standing {
        arrears: unpaid.iter().filter(|m| **m < now).count() as u32,
        owed,
        unpaid,
        current_run: runs.last().filter(|r| r.1 == last_over).map_or(0, |r| r.2),
        longest_run: runs.iter().map(|r| r.2).max().unwrap_or(0),
    }
}
