//! The evaluation (SPEC §4): checklists + an org's members and records + today →
//! the status of every obligation's current period and the periods missed this year.
//! Pure: today is a parameter and nothing here touches storage.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use crate::checklist::{Catalog, Obligation, Per};
use crate::model::{Member, Org, Record};
use crate::period::{self, Calendar, Every, Period};

/// Where an obligation's period stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Overdue,
    DueSoon,
    Pending,
    DoneLate,
    Done,
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Overdue => "overdue",
            Status::DueSoon => "due-soon",
            Status::Pending => "pending",
            Status::DoneLate => "done-late",
            Status::Done => "done",
            Status::NotApplicable => "not-applicable",
        }
    }

    pub fn is_done(self) -> bool {
        matches!(self, Status::Done | Status::DoneLate)
    }
}

/// A member who has not met a per-member requirement yet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberShort {
    pub id: String,
    pub name: String,
    pub count: u32,
    pub hours: f64,
}

/// The judgement of one period of one obligation.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodStatus {
    pub period: Period,
    pub due: NaiveDate,
    pub status: Status,
    /// Records counted (for `per: member`, the lowest among in-scope members).
    pub count: u32,
    pub count_required: u32,
    /// Hours counted (for `per: member`, the lowest), when the obligation sets `hours`.
    pub hours: Option<f64>,
    pub hours_required: Option<f64>,
    /// For `per: member`: members in scope and how many of them meet the requirement.
    pub members: Option<(usize, usize)>,
    pub members_short: Vec<MemberShort>,
    /// Ids of the records that counted toward this period.
    pub records: Vec<String>,
}

impl PeriodStatus {
    /// Days from `today` to the due date: negative once overdue.
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.due - today).num_days()
    }
}

/// One obligation for one org: the current period and the overdue ones earlier this year.
#[derive(Debug, Clone, PartialEq)]
pub struct ObligationStatus {
    /// Index into [`Catalog::obligations`].
    pub obligation: usize,
    pub current: PeriodStatus,
    pub missed: Vec<PeriodStatus>,
}

/// Everything owed by one org on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgStatus {
    pub org: String,
    pub obligations: Vec<ObligationStatus>,
}

/// The counts shown in summaries: current periods by status plus one overdue per missed
/// period (`done-late` counts as done).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub overdue: usize,
    pub due_soon: usize,
    pub done: usize,
    pub pending: usize,
    pub not_applicable: usize,
}

impl OrgStatus {
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for o in &self.obligations {
            match o.current.status {
                Status::Overdue => s.overdue += 1,
                Status::DueSoon => s.due_soon += 1,
                Status::Pending => s.pending += 1,
                Status::Done | Status::DoneLate => s.done += 1,
                Status::NotApplicable => s.not_applicable += 1,
            }
            s.overdue += o.missed.len();
        }
        s
    }
}

/// What records judging `today` needs: every record dated on or after `from`, plus the
/// whole history of the `term` and `once` obligations in `history`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordsNeeded {
    pub from: NaiveDate,
    pub history: Vec<String>,
}

/// The records [`evaluate`] needs for `today`, so a store reads no more than that.
pub fn records_needed(catalog: &Catalog, cal: &Calendar, today: NaiveDate) -> RecordsNeeded {
    let jan1 = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("Jan 1 exists");
    let mut from = jan1;
    let mut history = Vec::new();
    for o in &catalog.obligations {
        if o.every.is_calendar() {
            // The earliest period whose due date is in today's year holds Jan 1.
            from = from
                .min(period::period_of(o.every, jan1, cal).start)
                .min(period::period_of(o.every, today, cal).start);
        } else {
            history.push(o.id.clone());
        }
    }
    RecordsNeeded { from, history }
}

/// Judges every obligation of `catalog` for `org` on `today`. `records` must hold at least
/// what [`records_needed`] names; extra records are ignored where they do not apply.
pub fn evaluate(
    catalog: &Catalog,
    cal: &Calendar,
    org: &Org,
    members: &[Member],
    records: &[Record],
    today: NaiveDate,
) -> OrgStatus {
    let mut by_obligation: HashMap<&str, Vec<&Record>> = HashMap::new();
    for r in records.iter().filter(|r| r.org == org.id) {
        for o in &r.obligations {
            by_obligation.entry(o.as_str()).or_default().push(r);
        }
    }
    for list in by_obligation.values_mut() {
        list.sort_by_key(|r| r.date);
    }
    let obligations = catalog
        .obligations
        .iter()
        .enumerate()
        .map(|(index, o)| {
            let recs = by_obligation
                .get(o.id.as_str())
                .map_or(&[][..], Vec::as_slice);
            judge_obligation(index, o, cal, org, members, recs, today)
        })
        .collect();
    OrgStatus {
        org: org.id.clone(),
        obligations,
    }
}

fn judge_obligation(
    index: usize,
    o: &Obligation,
    cal: &Calendar,
    org: &Org,
    members: &[Member],
    records: &[&Record],
    today: NaiveDate,
) -> ObligationStatus {
    let due_day = org.due_days.get(&o.id).copied().or(o.due_day);
    let judge = Judge {
        o,
        org,
        members,
        records,
        due_day,
        today,
    };
    let current = match o.every {
        Every::Term => {
            let anchor = records
                .last()
                .map(|r| r.date)
                .or(org.elected_on)
                .unwrap_or(org.since);
            period::term_period(anchor, o.years)
        }
        Every::Once => period::once_period(o.due.expect("validated: once has a due date")),
        every => period::period_of(every, today, cal),
    };
    if !o.applies_to_kind(org.kind) {
        let mut current = judge.period(current);
        current.status = Status::NotApplicable;
        return ObligationStatus {
            obligation: index,
            current,
            missed: Vec::new(),
        };
    }
    let mut missed = Vec::new();
    if o.every.is_calendar() {
        let mut p = period::previous(&current, cal);
        while let Some(period) = p {
            if period.due(due_day).year() < today.year() || period.end < org.since {
                break;
            }
            p = period::previous(&period, cal);
            let judged = judge.period(period);
            if judged.status == Status::Overdue {
                missed.push(judged);
            }
        }
        missed.reverse();
    }
    ObligationStatus {
        obligation: index,
        current: judge.period(current),
        missed,
    }
}

struct Judge<'a> {
    o: &'a Obligation,
    org: &'a Org,
    members: &'a [Member],
    records: &'a [&'a Record],
    due_day: Option<u32>,
    today: NaiveDate,
}

/// What a set of records adds up to.
struct Tally {
    met: bool,
    count: u32,
    hours: f64,
    members: Option<(usize, usize)>,
    short: Vec<MemberShort>,
}

impl<'a> Judge<'a> {
    fn period(&self, period: Period) -> PeriodStatus {
        let o = self.o;
        let due = period.due(self.due_day);
        let counted: Vec<&Record> = match o.every {
            Every::Term => Vec::new(),
            Every::Once => self.records.to_vec(),
            _ => self.in_period(&period),
        };
        let all = self.tally(&period, &counted);
        let on_time: Vec<&Record> = counted.iter().copied().filter(|r| r.date <= due).collect();
        let status = if o.every == Every::Term {
            self.by_date(due)
        } else if all.members.is_some_and(|(total, _)| total == 0) {
            Status::NotApplicable
        } else if self.tally(&period, &on_time).met {
            Status::Done
        } else if all.met {
            Status::DoneLate
        } else {
            self.by_date(due)
        };
        PeriodStatus {
            due,
            status,
            count: all.count,
            count_required: o.count,
            hours: o.hours.map(|_| all.hours),
            hours_required: o.hours,
            members: all.members,
            members_short: all.short,
            records: counted.iter().map(|r| r.id.clone()).collect(),
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

    /// Records dated in the period without a `for_period`, and make-ups naming it.
    fn in_period(&self, period: &Period) -> Vec<&'a Record> {
        let start = self.records.partition_point(|r| r.date < period.start);
        let end = self.records.partition_point(|r| r.date <= period.end);
        let mut found: Vec<&Record> = self.records[start..end]
            .iter()
            .copied()
            .filter(|r| r.for_period.is_none())
            .collect();
        found.extend(
            self.records
                .iter()
                .copied()
                .filter(|r| r.for_period.as_deref() == Some(period.label.as_str())),
        );
        found
    }

    fn tally(&self, period: &Period, records: &[&Record]) -> Tally {
        let o = self.o;
        let enough = |count: u32, hours: f64| {
            count >= o.count && o.hours.is_none_or(|need| hours + 1e-9 >= need)
        };
        let sum_hours = |rs: &mut dyn Iterator<Item = &&Record>| {
            rs.map(|r| r.hours.unwrap_or(0.0)).sum::<f64>()
        };
        if o.per == Per::Org {
            let count = records.len() as u32;
            let hours = sum_hours(&mut records.iter());
            return Tally {
                met: enough(count, hours),
                count,
                hours,
                members: None,
                short: Vec::new(),
            };
        }
        let in_scope = self.members.iter().filter(|m| {
            m.org == self.org.id
                && m.in_scope(period.start, period.end)
                && o.tag.as_deref().is_none_or(|t| m.has_tag(t))
        });
        let mut total = 0;
        let mut lowest: Option<(u32, f64)> = None;
        let mut short = Vec::new();
        for m in in_scope {
            total += 1;
            let attended = || records.iter().filter(|r| r.attended_by(m));
            let count = attended().count() as u32;
            let hours = sum_hours(&mut attended());
            if !enough(count, hours) {
                short.push(MemberShort {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    count,
                    hours,
                });
            }
            lowest = Some(match lowest {
                None => (count, hours),
                Some((c, h)) => (c.min(count), h.min(hours)),
            });
        }
        let (count, hours) = lowest.unwrap_or((0, 0.0));
        Tally {
            met: total > 0 && short.is_empty(),
            count,
            hours,
            members: Some((total, total - short.len())),
            short,
        }
    }
}

#[cfg(test)]
mod tests;
