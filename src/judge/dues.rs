//! Party dues from the store: every org's members, settings and payments read once and
//! handed to the domain ([`crate::dues`]) — for `dues`, `status`, `overdue`, the 党费 view
//! and the xlsx 党费 sheet alike.

use anyhow::Result;
use chrono::NaiveDate;

use crate::dues::{self, Month, OrgDues, Payment, Setting, Standing};
use crate::model::{Member, Org};
use crate::store::Storage;

/// One org's dues over a year.
pub struct OrgDuesOf {
    pub org: Org,
    pub dues: OrgDues,
}

/// The members of `members` listed in `year`'s dues as of `today`: party members in one
/// of its months up to today's (in any of its months, for a year to come).
pub fn listed(members: &[Member], year: i32, today: NaiveDate) -> Vec<&Member> {
    let now = Month::of(today);
    let to_come = year > now.year;
    members
        .iter()
        .filter(|m| m.joined_on.is_none_or(|j| j <= today))
        .filter(|m| {
            Month::year(year)
                .filter(|month| to_come || *month <= now)
                .any(|month| dues::party_member_in(m, month))
        })
        .collect()
}

/// `orgs`' dues over `year`, as of `today`, in the order of `orgs`; orgs without members
/// listed are left out.
pub fn dues_of(
    store: &dyn Storage,
    orgs: &[Org],
    year: i32,
    today: NaiveDate,
) -> Result<Vec<OrgDuesOf>> {
    let mut out = Vec::new();
    for org in orgs {
        let members = store.members(&org.id)?;
        let listed: Vec<Member> = listed(&members, year, today).into_iter().cloned().collect();
        if listed.is_empty() {
            continue;
        }
        let settings = store.dues_settings(Some(&org.id))?;
        let payments = store.dues_payments(Some(&org.id))?;
        out.push(OrgDuesOf {
            org: org.clone(),
            dues: dues::org_dues(&listed, &settings, &payments, year, today),
        });
    }
    Ok(out)
}

/// Where each member of `org` stands today, for those who owe something.
pub struct Unpaid {
    pub member: Member,
    pub standing: Standing,
}

/// The members of `org` with dues unpaid today (due this month or in arrears).
pub fn unpaid(
    members: &[Member],
    settings: &[Setting],
    payments: &[Payment],
    today: NaiveDate,
) -> Vec<Unpaid> {
    members
        .iter()
        .filter(|m| m.joined_on.is_none_or(|j| j <= today))
        .map(|m| Unpaid {
            member: m.clone(),
            standing: dues::owed_now(m, settings, payments, today),
        })
        .filter(|u| !u.standing.unpaid.is_empty())
        .collect()
}

/// [`unpaid`] for `org`, read from the store.
pub fn unpaid_in(store: &dyn Storage, org: &str, today: NaiveDate) -> Result<Vec<Unpaid>> {
    let members = store.members(org)?;
    let settings = store.dues_settings(Some(org))?;
    let payments = store.dues_payments(Some(org))?;
    Ok(unpaid(&members, &settings, &payments, today))
}

/// Whether `org` has any member with a monthly amount: only then has it a dues line.
pub fn keeps_dues(store: &dyn Storage, org: &str) -> Result<bool> {
    Ok(!store.dues_settings(Some(org))?.is_empty())
}
