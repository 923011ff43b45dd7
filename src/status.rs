//! The evaluation (SPEC §4): checklists + an org's members and records + today →
//! the status of every obligation's current period and the periods missed this year.
//! Pure: today is a parameter and nothing here touches storage.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::checklist::{Catalog, Obligation};
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
    /// With `amount`: the member's amounts summed (not in the status JSON, SPEC §5).
    #[serde(skip)]
    pub amount: Option<f64>,
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
    /// The reason the org is exempt (`not-applicable`), when it is.
    pub exempt: Option<String>,
}

/// Everything owed by one org on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgStatus {
    pub org: String,
    pub obligations: Vec<ObligationStatus>,
}

/// The counts shown in summaries: current periods by status plus one overdue per missed
/// period (`done-late` counts as done).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Summary {
    pub overdue: usize,
    pub due_soon: usize,
    pub done: usize,
    pub pending: usize,
    pub not_applicable: usize,
}

impl Summary {
    /// Periods owed: the current periods that apply plus every missed one.
    pub fn owed(&self) -> usize {
        self.done + self.overdue + self.due_soon + self.pending
    }

    /// 完成率: the share of the periods owed that are done. Missed periods are owed and
    /// not done, so any overdue entry keeps it below 1; `None` when nothing is owed.
    pub fn done_ratio(&self) -> Option<f64> {
        let owed = self.owed();
        (owed > 0).then(|| self.done as f64 / owed as f64)
    }
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
            // The earliest period whose due date is in today's year holds Jan 1; a 定期
            // duty may be held at any calendar cadence by an org that set its own.
            let cadences = if o.regular {
                &Every::ALL[..]
            } else {
                std::slice::from_ref(&o.every)
            };
            for every in cadences.iter().filter(|e| e.is_calendar()) {
                from = from
                    .min(period::period_of(*every, jan1, cal).start)
                    .min(period::period_of(*every, today, cal).start);
            }
        } else {
            history.push(o.id.clone());
        }
    }
    RecordsNeeded { from, history }
}

/// What the evaluation reads of a record. [`Record`] has it; a store can lend a view that
/// borrows its bytes instead of decoding every field.
pub trait Activity {
    fn id(&self) -> &str;
    fn date(&self) -> NaiveDate;
    fn obligations(&self) -> impl Iterator<Item = &str>;
    fn for_period(&self) -> Option<&str>;
    fn hours(&self) -> Option<f64>;
    /// Member ids; `None` means every member in scope on the date.
    fn attendees(&self) -> Option<impl Iterator<Item = &str>>;
    /// Per-member amounts (member id → number), for obligations with `amount`.
    fn amounts(&self) -> impl Iterator<Item = (&str, f64)>;
}

impl Activity for Record {
    fn id(&self) -> &str {
        &self.id
    }
    fn date(&self) -> NaiveDate {
        self.date
    }
    fn obligations(&self) -> impl Iterator<Item = &str> {
        self.obligations.iter().map(String::as_str)
    }
    fn for_period(&self) -> Option<&str> {
        self.for_period.as_deref()
    }
    fn hours(&self) -> Option<f64> {
        self.hours
    }
    fn attendees(&self) -> Option<impl Iterator<Item = &str>> {
        self.attendees
            .as_ref()
            .map(|a| a.iter().map(String::as_str))
    }
    fn amounts(&self) -> impl Iterator<Item = (&str, f64)> {
        self.amounts.iter().map(|(m, x)| (m.as_str(), *x))
    }
}

/// Judges every obligation the org owes (of a checklist in force for it, not an `event`)
/// on `today`. `records` are the org's records and must hold at least what
/// [`records_needed`] names; `members` are the org's and, for `scope: tree` obligations,
/// those of every org below it.
///
/// As of `today` (SPEC §4 rule 6): records dated after it and members who joined after it
/// are left out, so an earlier day shows what that day's records showed. A later election
/// does not move a term's anchor back in time, and a `once` report filed later does not
/// count.
pub fn evaluate<R: Activity>(
    catalog: &Catalog,
    cal: &Calendar,
    org: &Org,
    members: &[Member],
    records: &[R],
    today: NaiveDate,
) -> OrgStatus {
    // As of `today` (SPEC §4 rule 6): later records do not count, and members who joined
    // later are not in scope, so an earlier day shows what its own records showed.
    let mut by_obligation: HashMap<&str, Vec<&R>> = HashMap::new();
    for r in records.iter().filter(|r| r.date() <= today) {
        for o in r.obligations() {
            by_obligation.entry(o).or_default().push(r);
        }
    }
    for list in by_obligation.values_mut() {
        list.sort_by_key(|r| r.date());
    }
    let members = InScope::new(org, members, today);
    let obligations = catalog
        .obligations
        .iter()
        .enumerate()
        .filter(|(_, o)| catalog.is_listed(org, o))
        .map(|(index, o)| {
            let recs = by_obligation
                .get(o.id.as_str())
                .map_or(&[][..], Vec::as_slice);
            // A 定期 duty is judged at the org's own cadence when it set one.
            let o = o.for_org(org);
            judge_obligation(index, &o, cal, org, members.of(&o), recs, today)
        })
        .collect();
    OrgStatus {
        org: org.id.clone(),
        obligations,
    }
}

fn judge_obligation<R: Activity>(
    index: usize,
    o: &Obligation,
    cal: &Calendar,
    org: &Org,
    members: &[&Member],
    records: &[&R],
    today: NaiveDate,
) -> ObligationStatus {
    let due_day = org.due_days.get(&o.id).copied().or(o.due_day);
    let judge = Judge {
        o,
        cal,
        members,
        records,
        due_day,
        today,
    };
    if o.every == Every::After {
        let mut current = after::judge(o, members, records, today);
        let exempt = org.exempt.get(&o.id).cloned();
        if !o.applies_to_kind(org.kind) || exempt.is_some() {
            current.status = Status::NotApplicable;
        }
        return ObligationStatus {
            obligation: index,
            current,
            missed: Vec::new(),
            exempt,
        };
    }
    let current = match o.every {
        Every::Term => {
            let anchor = records
                .last()
                .map(|r| r.date())
                .or(org.elected_on)
                .unwrap_or(org.since);
            period::term_period(anchor, o.term_years(org).0)
        }
        Every::Once => period::once_period(o.due.expect("validated: once has a due date")),
        every => period::period_of(every, today, cal),
    };
    let exempt = org.exempt.get(&o.id).cloned();
    // A one-off task due before the org existed is not its task.
    let before_since = o.every == Every::Once && current.end < org.since;
    if !o.applies_to_kind(org.kind) || exempt.is_some() || before_since {
        let mut current = judge.period(current);
        current.status = Status::NotApplicable;
        return ObligationStatus {
            obligation: index,
            current,
            missed: Vec::new(),
            exempt,
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
        exempt: None,
    }
}

/// Every period of `o` whose due date falls in `year` (and whose end is on or after the
/// org's `since`), judged as of `today`; periods that start after `today` are left out.
/// What scoring (SPEC §6) deducts from. `records` are the org's records of `o`, sorted
/// by date; records dated after `today` do not count.
pub fn periods_due_in<R: Activity>(
    o: &Obligation,
    cal: &Calendar,
    org: &Org,
    members: &[Member],
    records: &[&R],
    year: i32,
    today: NaiveDate,
) -> Vec<PeriodStatus> {
    let o = &*o.for_org(org);
    let members = InScope::new(org, members, today);
    let upto = records.partition_point(|r| r.date() <= today);
    let due_day = org.due_days.get(&o.id).copied().or(o.due_day);
    let judge = Judge {
        o,
        cal,
        members: members.of(o),
        records: &records[..upto],
        due_day,
        today,
    };
    let wanted =
        |p: &Period| p.due(due_day).year() == year && p.end >= org.since && p.start <= today;
    let mut found = Vec::new();
    match o.every {
        Every::Once => {
            let p = period::once_period(o.due.expect("validated: once has a due date"));
            if p.due(None).year() == year && p.end >= org.since {
                found.push(judge.period(p));
            }
        }
        every if every.is_calendar() => {
            let Some(jan1) = NaiveDate::from_ymd_opt(year, 1, 1) else {
                return found;
            };
            let mut p = period::period_of(every, jan1, cal);
            while let Some(prev) = period::previous(&p, cal) {
                if prev.due(due_day).year() < year {
                    break;
                }
                p = prev;
            }
            loop {
                if p.due(due_day).year() > year || p.start > today {
                    break;
                }
                if wanted(&p) {
                    found.push(judge.period(p.clone()));
                }
                match period::next(&p, cal) {
                    Some(n) => p = n,
                    None => break,
                }
            }
        }
        _ => {}
    }
    found
}

pub mod after;
mod tally;

use tally::{InScope, Judge};

#[cfg(test)]
mod tests;
