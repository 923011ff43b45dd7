//! Who is on the path into the party and what each of them is owed (SPEC §9
//! `dangjian development`, the 发展 view): stage, since, the next stage and its earliest
//! day, and every obligation of their stage with its due date and status, worst first.

use chrono::NaiveDate;

use super::earliest_next;
use crate::checklist::{Catalog, Per};
use crate::model::{Member, Org, Stage};
use crate::period::Calendar;
use crate::status::{self, Activity, Status};

/// One person in the pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub org: String,
    pub id: String,
    pub name: String,
    pub stage: Stage,
    pub since: Option<NaiveDate>,
    /// The next stage and the earliest day for it, when known.
    pub next: Option<(Stage, Option<NaiveDate>)>,
    /// Obligation id, due date and status, worst first.
    pub obligations: Vec<(String, NaiveDate, Status)>,
}

impl Person {
    /// The worst of the person's obligations, and its due date: what orders the list.
    pub fn worst(&self) -> (Status, NaiveDate) {
        self.obligations
            .iter()
            .map(|(_, due, s)| (*s, *due))
            .min()
            .unwrap_or((Status::NotApplicable, NaiveDate::MAX))
    }
}

/// Every member of `org` who is not a full member on `today` and has not left, with what
/// they are owed, judged from `records` (the org's) by the one status evaluation.
pub fn people<R: Activity>(
    catalog: &Catalog,
    cal: &Calendar,
    org: &Org,
    members: &[Member],
    records: &[R],
    today: NaiveDate,
) -> Vec<Person> {
    members
        .iter()
        .filter(|m| m.org == org.id && m.left_on.is_none_or(|l| l > today))
        .filter_map(|m| {
            let stage = m.stage_on(today).filter(|s| *s != Stage::Full)?;
            let judged =
                status::evaluate(catalog, cal, org, std::slice::from_ref(m), records, today);
            let mut obligations = Vec::new();
            for o in &judged.obligations {
                let ob = &catalog.obligations[o.obligation];
                if ob.per != Per::Member || ob.for_party_members() || !ob.stages.contains(&stage) {
                    continue;
                }
                for p in o.missed.iter().chain([&o.current]) {
                    if p.status != Status::NotApplicable {
                        obligations.push((ob.id.clone(), p.due, p.status));
                    }
                }
            }
            obligations.sort_by(|a, b| (a.2, a.1, &a.0).cmp(&(b.2, b.1, &b.0)));
            Some(Person {
                org: m.org.clone(),
                id: m.id.clone(),
                name: m.name.clone(),
                stage,
                since: m.entered(stage),
                next: stage.next().map(|n| (n, earliest_next(m))),
                obligations,
            })
        })
        .collect()
}

/// Sorts people overdue first: by their worst obligation, then org and name.
pub fn sort(people: &mut [Person]) {
    people.sort_by(|a, b| (a.worst(), &a.org, &a.id).cmp(&(b.worst(), &b.org, &b.id)));
}
