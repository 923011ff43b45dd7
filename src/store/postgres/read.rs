//! Reading rows back into objects, and the judge's read of one org.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{Server, Sql};
use crate::status::RecordsNeeded;
use crate::store::block::{self, Entry, Month};
use crate::store::value::Value;
use crate::store::{Contents, FORMAT, OrgBytes, Result, StoreError, decode};

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
pub fn contents_without_records(
    server: &Server,
    org: Option<&str>,
    payments: crate::store::Payments,
) -> Result<Contents> {
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
        dues_payments: match payments {
            crate::store::Payments::Read => super::dues::payments(server, org)?,
            crate::store::Payments::Left => Vec::new(),
        },
        tombstones: server.list(
            "SELECT id, body FROM dangjian.tombstones WHERE $1::text IS NULL OR org = $1
             ORDER BY org COLLATE \"C\", kind COLLATE \"C\", id COLLATE \"C\"",
            &[&org],
        )?,
    })
}

fn corrupt(id: &str, message: &str) -> StoreError {
    StoreError::Corrupt {
        key: format!("records/{id}"),
        message: message.to_string(),
    }
}
