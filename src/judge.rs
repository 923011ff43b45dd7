//! The one path from stored records to statuses and scores: `status`, `overdue`, `score`,
//! the UI and export all judge through here. The store hands over an org's records as
//! views into its stored bytes ([`crate::store::OrgBytes`]); the rules are the domain's
//! ([`crate::status::evaluate`], [`crate::score::score_org`]).

pub mod answer;
pub mod development;
pub mod dues;
pub mod facts;

use anyhow::Result;
use chrono::{Datelike, NaiveDate};

use crate::checklist::Catalog;
use crate::model::{Member, Org};
use crate::period::Calendar;
use crate::score::{self, ChecklistScore};
use crate::status::{self, OrgStatus};
use crate::store::{OrgBytes, Storage, StoreError};

/// The rules and the day of one run's judgements.
#[derive(Clone, Copy)]
pub struct Judge<'a> {
    pub catalog: &'a Catalog,
    pub cal: &'a Calendar,
    pub today: NaiveDate,
    /// Every org of the store, when the caller holds them ([`Judge::among`]).
    orgs: Option<&'a [Org]>,
}

/// What judging an org on the judge's day reads: the records today's status needs, and
/// whether the year's scores need the same ones.
struct Reads {
    needed: status::RecordsNeeded,
    shared: bool,
}

/// An org judged on the judge's day, with its scores for that day's year.
pub struct Judged {
    pub org: Org,
    pub status: OrgStatus,
    pub scores: Vec<ChecklistScore>,
}

impl<'a> Judge<'a> {
    pub fn new(catalog: &'a Catalog, cal: &'a Calendar, today: NaiveDate) -> Judge<'a> {
        Judge {
            catalog,
            cal,
            today,
            orgs: None,
        }
    }

    /// The judge of a caller that holds every org of the store, as read from it: the
    /// orgs below an org are found among them rather than read again (a department of a
    /// 5,000-org university is judged without reading 5,000 orgs).
    pub fn among(self, orgs: &'a [Org]) -> Judge<'a> {
        Judge {
            orgs: Some(orgs),
            ..self
        }
    }

    /// `org`'s status today.
    pub fn status(&self, store: &dyn Storage, org: &Org) -> Result<OrgStatus> {
        self.status_on(store, org, self.today)
    }

    /// `org`'s status on `day` (the UI's look at another day), reading only the records
    /// that day's periods need, without decoding more of them than status reads.
    pub fn status_on(&self, store: &dyn Storage, org: &Org, day: NaiveDate) -> Result<OrgStatus> {
        let needed = status::records_needed(self.catalog, self.cal, day);
        let read = store.read_org(&org.id, needed)?;
        let members = self.members_of(store, org, &read)?;
        self.status_from(org, &read, &members, day)
    }

    /// `org`'s status on `day` from what was read of it.
    fn status_from(
        &self,
        org: &Org,
        read: &OrgBytes,
        members: &[Member],
        day: NaiveDate,
    ) -> Result<OrgStatus> {
        let views = read.record_views()?;
        Ok(status::evaluate(
            self.catalog,
            self.cal,
            org,
            members,
            &views,
            day,
        ))
    }

    /// The members of `org` as read, and those below it that its obligations count.
    fn members_of(&self, store: &dyn Storage, org: &Org, read: &OrgBytes) -> Result<Vec<Member>> {
        let mut members = read.members()?;
        members.extend(self.members_below(store, org)?);
        Ok(members)
    }

    /// `org`'s scores for this year as of today (SPEC §6).
    pub fn scores(&self, store: &dyn Storage, org: &Org) -> Result<Vec<ChecklistScore>> {
        self.scores_for(store, org, self.today.year())
    }

    /// `org`'s scores for `year` as of today, from its records, members and marks.
    pub fn scores_for(
        &self,
        store: &dyn Storage,
        org: &Org,
        year: i32,
    ) -> Result<Vec<ChecklistScore>> {
        if score::scored_checklists(self.catalog, org).is_empty() {
            return Ok(Vec::new());
        }
        // The periods due in `year` start no earlier than those holding its Jan 1; records
        // after it count up to today (done late), and `once` and event obligations are
        // read over all time through the record-month index.
        let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| StoreError::Corrupt {
            key: org.id.clone(),
            message: "year out of range".into(),
        })?;
        let needed = status::records_needed(self.catalog, self.cal, jan1);
        let read = store.read_org(&org.id, needed)?;
        let members = self.members_of(store, org, &read)?;
        self.scores_from(store, org, &read, &members, year)
    }

    /// `org`'s scores for `year` as of today from what was read of it, and its marks.
    fn scores_from(
        &self,
        store: &dyn Storage,
        org: &Org,
        read: &OrgBytes,
        members: &[Member],
        year: i32,
    ) -> Result<Vec<ChecklistScore>> {
        let records = read.records()?;
        let marks = store.marks(&org.id)?;
        let data = score::OrgData {
            members,
            records: &records,
            marks: &marks,
        };
        Ok(score::score_org(
            self.catalog,
            self.cal,
            org,
            data,
            year,
            self.today,
        ))
    }

    /// The members of every org below `org`, when an obligation it owes counts them
    /// (`scope: tree`, a school's 每名青年教师); else none, and nothing more is read.
    fn members_below(&self, store: &dyn Storage, org: &Org) -> Result<Vec<crate::model::Member>> {
        let wanted = self.catalog.obligations.iter().any(|o| {
            o.scope == crate::checklist::Scope::Tree
                && o.applies_to_kind(org.kind)
                && self.catalog.is_listed(org, o)
        });
        if !wanted {
            return Ok(Vec::new());
        }
        let read;
        let orgs = match self.orgs {
            Some(orgs) => orgs,
            None => {
                read = store.orgs()?;
                &read
            }
        };
        let mut below = Vec::new();
        for id in crate::model::descendants(orgs, &org.id) {
            below.extend(store.members(id)?);
        }
        Ok(below)
    }

    /// `org` judged and scored today.
    pub fn org(&self, store: &dyn Storage, org: &Org) -> Result<Judged> {
        self.org_with(store, org, &self.reads())
    }

    /// What judging an org today reads, the same for every org.
    fn reads(&self) -> Reads {
        let needed = status::records_needed(self.catalog, self.cal, self.today);
        // Today's periods start no earlier than those holding Jan 1, so status and the
        // year's scores need the same records: they are read once, when that holds.
        let jan1 = NaiveDate::from_ymd_opt(self.today.year(), 1, 1);
        let shared =
            jan1.is_some_and(|d| status::records_needed(self.catalog, self.cal, d) == needed);
        Reads { needed, shared }
    }

    /// `org` judged and scored today, reading what `reads` says.
    fn org_with(&self, store: &dyn Storage, org: &Org, reads: &Reads) -> Result<Judged> {
        let scored = !score::scored_checklists(self.catalog, org).is_empty();
        if scored && !reads.shared {
            return Ok(Judged {
                org: org.clone(),
                status: self.status(store, org)?,
                scores: self.scores(store, org)?,
            });
        }
        let read = store.read_org(&org.id, reads.needed.clone())?;
        let members = self.members_of(store, org, &read)?;
        let status = self.status_from(org, &read, &members, self.today)?;
        let scores = if scored {
            self.scores_from(store, org, &read, &members, self.today.year())?
        } else {
            Vec::new()
        };
        Ok(Judged {
            org: org.clone(),
            status,
            scores,
        })
    }

    /// Every org of `orgs` judged and scored today, on every core, in order.
    pub fn every(&self, store: &dyn Storage, orgs: &[Org]) -> Result<Vec<Judged>> {
        self.every_then(store, orgs, Ok)
    }

    /// Every org judged and scored today, each then turned by `then` on the core that
    /// judged it (`status --format json` writes each org's JSON there), in order.
    pub fn every_then<T: Send>(
        &self,
        store: &dyn Storage,
        orgs: &[Org],
        then: impl Fn(Judged) -> Result<T> + Sync,
    ) -> Result<Vec<T>> {
        let reads = self.reads();
        crate::parallel::in_parallel(orgs, |o| then(self.org_with(store, o, &reads)?))
    }
}

#[cfg(test)]
mod tests;
