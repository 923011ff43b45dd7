//! Who is on the path into the party in a set of orgs (SPEC §9): `dangjian development`,
//! the 发展 view and the workbook's 发展 sheet all read it here, each org's members and
//! the records its periods need, judged by [`development::people`].

use anyhow::Result;
use chrono::NaiveDate;

use crate::checklist::Catalog;
use crate::model::{Org, Stage, descendants};
use crate::period::Calendar;
use crate::stages::development::{self, Person};
use crate::status;
use crate::store::Storage;

/// `org` and every org below it, `org` first, the rest in `all`'s order.
pub fn subtree(all: &[Org], org: &Org) -> Vec<Org> {
    let below = descendants(all, &org.id);
    let mut orgs = vec![org.clone()];
    orgs.extend(
        all.iter()
            .filter(|o| below.contains(&o.id.as_str()))
            .cloned(),
    );
    orgs
}

/// Everyone in the pipeline of `orgs` on `today`, overdue first. An org whose members are
/// all full members is not read further.
pub fn pipeline(
    store: &dyn Storage,
    catalog: &Catalog,
    cal: &Calendar,
    orgs: &[Org],
    today: NaiveDate,
) -> Result<Vec<Person>> {
    let needed = status::records_needed(catalog, cal, today);
    let mut people = Vec::new();
    for org in orgs {
        let members = store.members(&org.id)?;
        if members.iter().all(|m| m.stage == Stage::Full) {
            continue;
        }
        let read = store.read_org(&org.id, needed.clone())?;
        let records = read.record_views()?;
        people.extend(development::people(
            catalog, cal, org, &members, &records, today,
        ));
    }
    development::sort(&mut people);
    Ok(people)
}
