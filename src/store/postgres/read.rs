//! Reading rows back into objects, the judge's read of one org, and an import's changes
//! written in one transaction.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use postgres::Transaction;

use super::{Server, Sql};
use crate::status::RecordsNeeded;
use crate::store::block::{self, Entry, Month};
use crate::store::value::Value;
use crate::store::{Changes, Contents, FORMAT, OrgBytes, Result, StoreError, decode};

impl Server {
    /// The rows of a query, each as its first two columns.
    pub(super) fn rows(&self, sql: &str, params: &[Sql<'_>]) -> Result<Vec<(String, Vec<u8>)>> {
        let rows = self.client().query(sql, params).map_err(|e| self.pg(e))?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// The objects of a query of `(key, body)` rows.
    pub(super) fn list<T: Value>(&self, sql: &str, params: &[Sql<'_>]) -> Result<Vec<T>> {
        self.rows(sql, params)?
            .into_iter()
            .map(|(k, body)| decode(k.as_bytes(), &body))
            .collect()
    }

    /// The one object a query of `(key, body)` rows finds, if any.
    pub(super) fn get<T: Value>(&self, sql: &str, params: &[Sql<'_>]) -> Result<Option<T>> {
        Ok(self.list(sql, params)?.into_iter().next())
    }

    /// The first column of the row a query returns, if it returns one.
    pub(super) fn maybe_one<T>(&self, sql: &str, params: &[Sql<'_>]) -> Result<Option<T>>
    where
        T: for<'a> postgres::types::FromSql<'a>,
    {
        let row = self
            .client()
            .query_opt(sql, params)
            .map_err(|e| self.pg(e))?;
        Ok(row.map(|r| r.get(0)))
    }
}

/// What the judge reads of `org`: the records of every month that reaches `needed.from`
/// (the index on org and date), and before it only those of a `needed.history`
/// obligation (the index on obligations), laid out as the folder's monthly blocks so that
/// the same code chooses the same records from them; and the org's members.
pub fn org_bytes(server: &Server, org: &str, needed: RecordsNeeded) -> Result<OrgBytes> {
    let from = first_of_month(needed.from);
    let rows = server
        .client()
        .query(
            "SELECT date, id, body FROM dangjian.records
             WHERE org = $1 AND (date >= $2 OR obligations && $3)
             ORDER BY date, id COLLATE \"C\"",
            &[&org, &from, &needed.history],
        )
        .map_err(|e| server.pg(e))?;
    let mut months: BTreeMap<Month, Vec<Entry>> = BTreeMap::new();
    for row in rows {
        let (date, id, body): (NaiveDate, String, Vec<u8>) = (row.get(0), row.get(1), row.get(2));
        let bytes = match body.split_first() {
            Some((&FORMAT, rest)) => rest.to_vec(),
            _ => return Err(corrupt(&id, "unknown value format")),
        };
        months
            .entry(block::month_of(date))
            .or_default()
            .push((date, id, bytes));
    }
    let blocks = months
        .into_iter()
        .map(|(month, entries)| {
            (
                sled::IVec::from(block::key(org, month)),
                sled::IVec::from(block::build(entries)),
            )
        })
        .collect();
    let members = server
        .rows(
            "SELECT id, body FROM dangjian.members WHERE org = $1 ORDER BY id COLLATE \"C\"",
            &[&org],
        )?
        .into_iter()
        .map(|(id, body)| (sled::IVec::from(id.as_bytes()), sled::IVec::from(body)))
        .collect();
    Ok(OrgBytes::new(blocks, members, needed))
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    d.with_day(1).expect("every month has a first day")
}

/// Everything but the records, in the folder's order.
pub fn contents_without_records(server: &Server, org: Option<&str>) -> Result<Contents> {
    Ok(Contents {
        orgs: server.list(
            "SELECT id, body FROM dangjian.orgs WHERE $1::text IS NULL OR id = $1
             ORDER BY id COLLATE \"C\"",
            &[&org],
        )?,
        members: server.list(
            "SELECT id, body FROM dangjian.members WHERE $1::text IS NULL OR org = $1
             ORDER BY org COLLATE \"C\", id COLLATE \"C\"",
            &[&org],
        )?,
        records: Vec::new(),
        marks: server.list(
            "SELECT item, body FROM dangjian.marks WHERE $1::text IS NULL OR org = $1
             ORDER BY org COLLATE \"C\", checklist COLLATE \"C\", item COLLATE \"C\"",
            &[&org],
        )?,
        dues_settings: super::dues::settings(server, org)?,
        dues_payments: super::dues::payments(server, org)?,
        tombstones: server.list(
            "SELECT id, body FROM dangjian.tombstones WHERE $1::text IS NULL OR org = $1
             ORDER BY org COLLATE \"C\", kind COLLATE \"C\", id COLLATE \"C\"",
            &[&org],
        )?,
    })
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
            Some(o) => super::put_org(tx, o)?,
            None => tx.execute("DELETE FROM dangjian.orgs WHERE id = $1", &[id])?,
        };
    }
    for ((org, id), m) in &changes.members {
        match m {
            Some(m) => super::put_member(tx, m)?,
            None => tx.execute(
                "DELETE FROM dangjian.members WHERE org = $1 AND id = $2",
                &[org, id],
            )?,
        };
    }
    for ((org, checklist, item), m) in &changes.marks {
        match m {
            Some(m) => super::put_mark(tx, m)?,
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
        super::put_record(tx, r)?;
    }
    super::dues::apply(tx, changes)?;
    for t in &changes.tombstones {
        super::put_tombstone(tx, t)?;
    }
    Ok(())
}

fn corrupt(id: &str, message: &str) -> StoreError {
    StoreError::Corrupt {
        key: format!("records/{id}"),
        message: message.to_string(),
    }
}
