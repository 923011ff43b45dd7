//! One period of one obligation judged from its records: the records that count, what
//! they add up to (per member, with hours and amounts), and the status that follows.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use super::{Activity, MemberShort, PeriodStatus, Status};
use crate::checklist::{Obligation, Per, Scope};
use crate::model::{Member, Org};
use crate::period::{self, Calendar, Every, Period};
use crate::stages::in_stage_scope;

/// The members an org's obligations count, as of today: its own, and with those of the
/// orgs below it (every member given that is not its own) for `scope: tree`.
pub(super) struct InScope<'a> {
    own: Vec<&'a Member>,
    tree: Vec<&'a Member>,
}

impl<'a> InScope<'a> {
    pub(super) fn new(org: &Org, members: &'a [Member], today: NaiveDate) -> InScope<'a> {
        let tree: Vec<&Member> = members
            .iter()
            .filter(|m| m.joined_on.is_none_or(|j| j <= today))
            .collect();
        let own = tree.iter().copied().filter(|m| m.org == org.id).collect();
        InScope { own, tree }
    }

    pub(super) fn of(&self, o: &Obligation) -> &[&'a Member] {
        match o.scope {
            Scope::Org => &self.own,
            Scope::Tree => &self.tree,
        }
    }
}

pub(super) struct Judge<'a, R> {
    pub o: &'a Obligation,
    pub cal: &'a Calendar,
    pub members: &'a [&'a Member],
    pub records: &'a [&'a R],
    pub due_day: Option<u32>,
    pub today: NaiveDate,
}

/// What a period's records add up to, all of them and those on or before the due date.
struct Tally {
    met: bool,
    met_on_time: bool,
    count: u32,
    hours: f64,
    members: Option<(usize, usize)>,
    short: Vec<MemberShort>,
}

/// One member's (or the org's) sums: all records, and those on time.
#[derive(Default, Clone, Copy)]
struct Sums {
    count: u32,
    hours: f64,
    count_on_time: u32,
    hours_on_time: f64,
    /// With `amount`: the member's amounts.
    amount: f64,
    amount_on_time: f64,
}

impl Sums {
    fn add(&mut self, hours: f64, on_time: bool) {
        self.count += 1;
        self.hours += hours;
        if on_time {
            self.count_on_time += 1;
            self.hours_on_time += hours;
        }
    }
}

impl<'a, R: Activity> Judge<'a, R> {
    pub(super) fn period(&self, period: Period) -> PeriodStatus {
        let o = self.o;
        let due = period.due(self.due_day);
        let counted: Vec<&R> = match o.every {
            Every::Term => Vec::new(),
            Every::Once => self.records.to_vec(),
            _ => self.in_period(&period),
        };
        let tally = self.tally(&period, &counted, due);
        let status = if o.every == Every::Term {
            self.by_date(due)
        } else if tally.members.is_some_and(|(total, _)| total == 0) {
            Status::NotApplicable
        } else if tally.met_on_time {
            Status::Done
        } else if tally.met {
            Status::DoneLate
        } else {
            self.by_date(due)
        };
        PeriodStatus {
            due,
            status,
            count: tally.count,
            count_required: o.count,
            hours: o.hours.map(|_| tally.hours),
            hours_required: o.hours,
            members: tally.members,
            members_short: tally.short,
            records: counted.iter().map(|r| r.id().to_string()).collect(),
            period,
        }
    }

    fn by_date(&self, due: NaiveDate) -> Status {
        let warn_from = due
            .checked_sub_days(Days::new(self.o.warn_days.into()))
            .unwrap_or(NaiveDate::MIN);
        if self.today > due {
            Status::Overdue
        } else if self.today >= warn_from {
            Status::DueSoon
        } else {
            Status::Pending
        }
    }

    /// Records dated in the period that are not a make-up for one of this obligation's
    /// periods, and make-ups naming it. A make-up label of another cadence (a monthly
    /// 主题党日 made up for `2026-08` that also counts toward the yearly study hours) does
    /// not name a period of this obligation, so the record counts by its date here.
    fn in_period(&self, period: &Period) -> Vec<&'a R> {
        let start = self.records.partition_point(|r| r.date() < period.start);
        let end = self.records.partition_point(|r| r.date() <= period.end);
        let mut found: Vec<&R> = self.records[start..end]
            .iter()
            .copied()
            .filter(|r| {
                r.for_period()
                    .is_none_or(|l| period::parse_label(self.o.every, l, self.cal).is_none())
            })
            .collect();
        found.extend(
            self.records
                .iter()
                .copied()
                .filter(|r| r.for_period() == Some(period.label.as_str())),
        );
        found
    }

    fn enough(&self, count: u32, hours: f64) -> bool {
        count >= self.o.count && self.o.hours.is_none_or(|need| hours + 1e-9 >= need)
    }

    /// A member's sums meet the requirement: count, hours and, with `amount`, amounts.
    fn member_enough(&self, s: &Sums, on_time: bool) -> bool {
        let (count, hours, amount) = if on_time {
            (s.count_on_time, s.hours_on_time, s.amount_on_time)
        } else {
            (s.count, s.hours, s.amount)
        };
        self.enough(count, hours)
            && self
                .o
                .amount
                .as_ref()
                .is_none_or(|a| amount + 1e-9 >= a.at_least)
    }

    fn tally(&self, period: &Period, records: &[&R], due: NaiveDate) -> Tally {
        let o = self.o;
        if o.per == Per::Org {
            let mut sums = Sums::default();
            for r in records {
                sums.add(r.hours().unwrap_or(0.0), r.date() <= due);
            }
            return Tally {
                met: self.enough(sums.count, sums.hours),
                met_on_time: self.enough(sums.count_on_time, sums.hours_on_time),
                count: sums.count,
                hours: sums.hours,
                members: None,
                short: Vec::new(),
            };
        }
        let in_scope: Vec<&Member> = self
            .members
            .iter()
            .copied()
            .filter(|m| {
                m.in_scope(period.start, period.end)
                    && in_stage_scope(m, &o.stages, period.start, period.end, self.today)
                    && o.tag.as_deref().is_none_or(|t| m.has_tag(t))
            })
            .collect();
        // One pass over the records: each attendee adds to their own sums.
        let mut sums = vec![Sums::default(); in_scope.len()];
        let slot: HashMap<&str, usize> = in_scope
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.as_str(), i))
            .collect();
        for r in records {
            let (hours, on_time) = (r.hours().unwrap_or(0.0), r.date() <= due);
            if self.o.amount.is_some() {
                for (id, x) in r.amounts() {
                    if let Some(&i) = slot.get(id) {
                        sums[i].amount += x;
                        if on_time {
                            sums[i].amount_on_time += x;
                        }
                    }
                }
            }
            match r.attendees() {
                Some(ids) => {
                    for id in ids {
                        if let Some(&i) = slot.get(id) {
                            sums[i].add(hours, on_time);
                        }
                    }
                }
                None => {
                    for (i, m) in in_scope.iter().enumerate() {
                        let d = r.date();
                        if m.in_scope(d, d) && m.in_stages_on(&o.stages, d) {
                            sums[i].add(hours, on_time);
                        }
                    }
                }
            }
        }
        let mut short = Vec::new();
        let mut met_on_time = true;
        for (m, s) in in_scope.iter().zip(&sums) {
            if !self.member_enough(s, false) {
                short.push(MemberShort {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    count: s.count,
                    hours: s.hours,
                    amount: o.amount.as_ref().map(|_| s.amount),
                });
            }
            met_on_time &= self.member_enough(s, true);
        }
        let total = in_scope.len();
        Tally {
            met: total > 0 && short.is_empty(),
            met_on_time: total > 0 && met_on_time,
            count: sums.iter().map(|s| s.count).min().unwrap_or(0),
            hours: sums
                .iter()
                .map(|s| s.hours)
                .fold(None, |lo: Option<f64>, h| Some(lo.map_or(h, |l| l.min(h))))
                .unwrap_or(0.0),
            members: Some((total, total - short.len())),
            short,
        }
    }
}
