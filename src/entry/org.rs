//! An org: the one check of its fields and of its place among the others.

use super::{EntryError, Field, at, unknown_obligation};
use crate::checklist::Catalog;
use crate::input::{self, check_date, check_id, check_name, check_text};
use crate::model::{Org, check_parent};
use crate::period::Every;

/// The longest term an org may set for a `term` obligation, in years.
pub const MAX_TERM_YEARS: u32 = 10;

/// The rules every org meets, however it got in: its id and name within the limits of
/// SPEC §3, dates in range, a parent that exists and makes no cycle (among `orgs`, which
/// may hold an older copy of it), known checklists, and per-obligation overrides on
/// known obligations that can take them.
pub fn check_org(catalog: &Catalog, org: &Org, orgs: &[Org]) -> Result<(), EntryError> {
    check_id(input::Field::OrgId, &org.id).map_err(at(Field::Id))?;
    check_name(input::Field::OrgName, &org.name).map_err(at(Field::Name))?;
    for d in org.elected_on.iter().chain([&org.since]) {
        check_date(*d).map_err(at(Field::Date))?;
    }
    for id in &org.checklists {
        if catalog.checklist(id).is_none() {
            return Err(EntryError::UnknownChecklist {
                id: id.clone(),
                known: catalog.checklists.iter().map(|c| c.id.clone()).collect(),
            });
        }
    }
    let known = |id: &str| {
        catalog
            .obligation(id)
            .ok_or_else(|| unknown_obligation(catalog, None, id))
    };
    for (id, every) in &org.every {
        let o = known(id)?;
        if !o.regular {
            return Err(EntryError::NotRegular {
                id: id.clone(),
                every: o.every,
                regular: catalog
                    .obligations
                    .iter()
                    .filter(|o| o.regular)
                    .map(|o| o.id.clone())
                    .collect(),
            });
        }
        if !every.is_calendar() {
            return Err(EntryError::Cadence(every.to_string()));
        }
    }
    for (id, day) in &org.due_days {
        let o = known(id)?;
        // The day is of the org's own cadence when it set one.
        let every = o.every_for(org);
        if matches!(
            every,
            Every::Week | Every::Term | Every::Once | Every::Event
        ) {
            return Err(EntryError::DueDayCadence {
                id: id.clone(),
                every,
            });
        }
        if !(1..=31).contains(day) {
            return Err(EntryError::DueDay(day.to_string()));
        }
    }
    for (id, years) in &org.term_years {
        let o = known(id)?;
        if o.every != Every::Term {
            return Err(EntryError::TermCadence {
                id: id.clone(),
                every: o.every,
            });
        }
        if !(1..=MAX_TERM_YEARS).contains(years) {
            return Err(EntryError::TermYears(years.to_string()));
        }
    }
    for (id, reason) in &org.exempt {
        known(id)?;
        if reason.trim().is_empty() {
            return Err(EntryError::NoReason { id: id.clone() });
        }
        check_text(input::Field::Reason, reason).map_err(at(Field::Obligations))?;
    }
    check_parent(org, orgs).map_err(EntryError::Parent)
}

/// A cadence a 定期 duty may take, as typed after `--every OB=`: `week` … `year`.
pub fn parse_cadence(text: &str) -> Result<Every, EntryError> {
    Every::ALL
        .into_iter()
        .filter(|e| e.is_calendar())
        .find(|e| e.as_str() == text.trim())
        .ok_or_else(|| EntryError::Cadence(text.to_string()))
}
