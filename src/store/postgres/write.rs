//! Writing rows: one object at a time, and an import's changes within one transaction.

use std::collections::BTreeSet;

use postgres::Transaction;

use crate::model::{Mark, Member, Org, Record, Tombstone};
use crate::store::{Changes, encode};

type Written = std::result::Result<u64, postgres::Error>;

pub fn put_org(tx: &mut Transaction<'_>, org: &Org) -> Written {
    tx.execute(
        "INSERT INTO dangjian.orgs (id, parent, body) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET parent = EXCLUDED.parent, body = EXCLUDED.body",
        &[&org.id, &org.parent, &encode(org)],
    )
}

pub fn put_member(tx: &mut Transaction<'_>, m: &Member) -> Written {
    tx.execute(
        "INSERT INTO dangjian.members (org, id, body) VALUES ($1, $2, $3)
         ON CONFLICT (org, id) DO UPDATE SET body = EXCLUDED.body",
        &[&m.org, &m.id, &encode(m)],
    )
}

pub fn put_mark(tx: &mut Transaction<'_>, m: &Mark) -> Written {
    tx.execute(
        "INSERT INTO dangjian.marks (org, checklist, item, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org, checklist, item) DO UPDATE SET body = EXCLUDED.body",
        &[&m.org, &m.checklist, &m.item, &encode(m)],
    )
}

pub fn put_record(tx: &mut Transaction<'_>, r: &Record) -> Written {
    tx.execute(
        "INSERT INTO dangjian.records (id, org, date, obligations, body)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET org = EXCLUDED.org, date = EXCLUDED.date,
             obligations = EXCLUDED.obligations, body = EXCLUDED.body",
        &[&r.id, &r.org, &r.date, &r.obligations, &encode(r)],
    )
}

pub fn put_tombstone(tx: &mut Transaction<'_>, t: &Tombstone) -> Written {
    tx.execute(
        "INSERT INTO dangjian.tombstones (org, kind, id, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org, kind, id) DO UPDATE SET body = EXCLUDED.body",
        &[&t.org, &t.kind.as_str(), &t.id, &encode(t)],
    )
}

/// Every org an import's changes write into.
pub fn orgs_touched(changes: &Changes) -> BTreeSet<String> {
    let mut orgs = BTreeSet::new();
    for (id, org) in &changes.orgs {
        // A new org is written by whoever may write the org above it.
        match org.as_ref().and_then(|o| o.parent.clone()) {
            Some(parent) => orgs.insert(parent),
            None => orgs.insert(id.clone()),
        };
    }
    orgs.extend(changes.members.iter().map(|((org, _), _)| org.clone()));
    orgs.extend(changes.marks.iter().map(|((org, _, _), _)| org.clone()));
    orgs.extend(changes.records_put.iter().map(|r| r.org.clone()));
    orgs.extend(
        changes
            .records_removed
            .iter()
            .map(|(_, org, _)| org.clone()),
    );
    orgs.extend(changes.tombstones.iter().map(|t| t.org.clone()));
    orgs.extend(super::dues::orgs_touched(changes));
    orgs
}

/// Writes an import's changes within `tx`.
pub fn apply(
    tx: &mut Transaction<'_>,
    changes: &Changes,
) -> std::result::Result<(), postgres::Error> {
    for (id, org) in &changes.orgs {
        match org {
            Some(o) => put_org(tx, o)?,
            None => tx.execute("DELETE FROM dangjian.orgs WHERE id = $1", &[id])?,
        };
    }
    for ((org, id), m) in &changes.members {
        match m {
            Some(m) => put_member(tx, m)?,
            None => tx.execute(
                "DELETE FROM dangjian.members WHERE org = $1 AND id = $2",
                &[org, id],
            )?,
        };
    }
    for ((org, checklist, item), m) in &changes.marks {
        match m {
            Some(m) => put_mark(tx, m)?,
            None => tx.execute(
                "DELETE FROM dangjian.marks WHERE org = $1 AND checklist = $2 AND item = $3",
                &[org, checklist, item],
            )?,
        };
    }
    for (id, org, _) in &changes.records_removed {
        tx.execute(
            "DELETE FROM dangjian.records WHERE id = $1 AND org = $2",
            &[id, org],
        )?;
    }
    for r in &changes.records_put {
        put_record(tx, r)?;
    }
    super::dues::apply(tx, changes)?;
    for t in &changes.tombstones {
        put_tombstone(tx, t)?;
    }
    Ok(())
}
