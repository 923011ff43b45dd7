//! The PostgreSQL store: the same objects as a data folder, one row each, in the
//! `dangjian` schema ([`schema`]). Each row keeps its object in the folder's encoding
//! (`body`) beside the columns that find it, so both stores read and judge the very
//! same bytes, and the judge's record views borrow them here too.
//!
//! Every write is one transaction that first asks the server whether the user may write
//! the org (the row-level-security policies would refuse it anyway, some of them
//! silently), and ends with a `NOTIFY` that open UIs listen for ([`live`]).

pub mod connect;
mod dues;
mod live;
mod read;
pub mod schema;
mod write;

use std::sync::{Mutex, MutexGuard};

use postgres::{Client, Transaction};

use super::{Result, StoreError};
use crate::model::{Mark, Member, ObjectKind, Org, Record, Tombstone, mark_id};
use write::{put_mark, put_member, put_org, put_record, put_tombstone};

pub use live::Listener;

/// The channel every write notifies.
pub const CHANNEL: &str = "dangjian";

/// A connection to a dangjian database on a PostgreSQL server.
pub struct Server {
    /// The URL as given (it holds no password), to name the server in messages.
    url: String,
    client: Mutex<Client>,
    /// The backend process of this connection: its own notifications are not news.
    pid: i32,
}

impl Server {
    /// Connects to `url` and checks that its schema is the one this build knows.
    pub fn open(url: &str) -> Result<Server> {
        let server = Server::connect(url)?;
        let found = {
            let mut c = server.client();
            schema::version(&mut c).map_err(|e| server.pg(e))?
        };
        match found {
            0 => Err(StoreError::NoServerSchema(url.to_string())),
            f if f > schema::SCHEMA => Err(StoreError::NewerServerSchema {
                url: url.to_string(),
                found: f,
            }),
            f if f < schema::SCHEMA => Err(StoreError::OlderServerSchema {
                url: url.to_string(),
                found: f,
            }),
            _ => Ok(server),
        }
    }

    /// Connects to `url` without looking at the schema (`server init` makes it).
    pub fn connect(url: &str) -> Result<Server> {
        let config = connect::config(url)?;
        let mut client = connect::connect(&config, url)?;
        let pid: i32 = client
            .query_one("SELECT pg_backend_pid()", &[])
            .map_err(|source| StoreError::Postgres {
                url: url.to_string(),
                source,
            })?
            .get(0);
        Ok(Server {
            url: url.to_string(),
            client: Mutex::new(client),
            pid,
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Creates or upgrades the schema and the access rules.
    pub fn init(&self) -> Result<schema::Upgrade> {
        schema::init(&mut self.client(), &self.url)
    }

    pub fn grant(&self, user: &str, org: &str, role: &str) -> Result<()> {
        schema::grant(&mut self.client(), &self.url, user, org, role)
    }

    pub fn revoke(&self, user: &str, org: &str) -> Result<u64> {
        schema::revoke(&mut self.client(), &self.url, user, org)
    }

    /// A second connection that hears every other connection's writes.
    pub fn listen(&self) -> Result<Listener> {
        Listener::new(&self.url, self.pid)
    }

    fn client(&self) -> MutexGuard<'_, Client> {
        // A panic while holding the connection leaves nothing half-written on the
        // server (its transaction is rolled back), so the connection stays usable.
        self.client.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn pg(&self, source: postgres::Error) -> StoreError {
        StoreError::Postgres {
            url: self.url.clone(),
            source,
        }
    }

    /// Runs `f` in one transaction after checking that every org of `orgs` may be
    /// written; notifies listeners when it commits.
    fn write<'o, T>(
        &self,
        orgs: impl IntoIterator<Item = &'o str>,
        f: impl FnOnce(&mut Transaction<'_>) -> std::result::Result<T, postgres::Error>,
    ) -> Result<T> {
        let mut client = self.client();
        let mut tx = client.transaction().map_err(|e| self.pg(e))?;
        let mut last = String::new();
        for org in orgs {
            last = org.to_string();
            let may: bool = tx
                .query_one("SELECT dangjian.may_write($1)", &[&org])
                .map_err(|e| self.pg(e))?
                .get(0);
            if !may {
                return Err(StoreError::Refused(org.to_string()));
            }
        }
        let out = f(&mut tx).map_err(|e| self.refused_or(e, &last))?;
        tx.execute("SELECT pg_notify($1, '')", &[&CHANNEL])
            .map_err(|e| self.pg(e))?;
        tx.commit().map_err(|e| self.refused_or(e, &last))?;
        Ok(out)
    }

    /// A policy's refusal as such, naming the org; any other error as the server's.
    fn refused_or(&self, e: postgres::Error, org: &str) -> StoreError {
        if e.code() == Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) {
            StoreError::Refused(org.to_string())
        } else {
            self.pg(e)
        }
    }

    fn delete_with_stone(
        &self,
        sql: &str,
        key: &[Sql<'_>],
        stone: &Tombstone,
    ) -> Result<Option<Vec<u8>>> {
        self.write([stone.org.as_str()], |tx| {
            let old = tx.query_opt(sql, key)?.map(|row| row.get::<_, Vec<u8>>(0));
            if old.is_some() {
                put_tombstone(tx, stone)?;
            }
            Ok(old)
        })
    }
}

type Sql<'a> = &'a (dyn postgres::types::ToSql + Sync);

impl super::Storage for Server {
    fn is_empty(&self) -> Result<bool> {
        let any = self.maybe_one::<i32>("SELECT 1 FROM dangjian.orgs LIMIT 1", &[])?;
        Ok(any.is_none())
    }

    /// A commit is durable when the server acknowledges it.
    fn flush(&self) -> Result<()> {
        Ok(())
    }

    fn put_org(&self, org: &Org) -> Result<()> {
        let mut orgs = vec![org.id.as_str()];
        let exists = self.org(&org.id)?.is_some();
        if let (false, Some(parent)) = (exists, &org.parent) {
            // A new org is written by whoever may write the org above it.
            orgs = vec![parent.as_str()];
        }
        self.write(orgs, |tx| put_org(tx, org).map(drop))
    }

    fn org(&self, id: &str) -> Result<Option<Org>> {
        self.get("SELECT id, body FROM dangjian.orgs WHERE id = $1", &[&id])
    }

    fn orgs(&self) -> Result<Vec<Org>> {
        self.list(
            "SELECT id, body FROM dangjian.orgs ORDER BY id COLLATE \"C\"",
            &[],
        )
    }

    fn put_member(&self, member: &Member) -> Result<()> {
        self.write([member.org.as_str()], |tx| put_member(tx, member).map(drop))
    }

    fn delete_member(&self, org: &str, id: &str, deleted_at: &str) -> Result<Option<Member>> {
        let stone = Tombstone {
            kind: ObjectKind::Member,
            id: id.to_string(),
            org: org.to_string(),
            deleted_at: deleted_at.to_string(),
        };
        let old = self.delete_with_stone(
            "DELETE FROM dangjian.members WHERE org = $1 AND id = $2 RETURNING body",
            &[&org, &id],
            &stone,
        )?;
        old.map(|b| super::decode(id.as_bytes(), &b)).transpose()
    }

    fn member(&self, org: &str, id: &str) -> Result<Option<Member>> {
        self.get(
            "SELECT id, body FROM dangjian.members WHERE org = $1 AND id = $2",
            &[&org, &id],
        )
    }

    fn members(&self, org: &str) -> Result<Vec<Member>> {
        self.list(
            "SELECT id, body FROM dangjian.members WHERE org = $1 ORDER BY id COLLATE \"C\"",
            &[&org],
        )
    }

    fn put_mark(&self, mark: &Mark) -> Result<()> {
        self.write([mark.org.as_str()], |tx| put_mark(tx, mark).map(drop))
    }

    fn marks(&self, org: &str) -> Result<Vec<Mark>> {
        self.list(
            "SELECT item, body FROM dangjian.marks WHERE org = $1
             ORDER BY checklist COLLATE \"C\", item COLLATE \"C\"",
            &[&org],
        )
    }

    fn delete_mark(
        &self,
        org: &str,
        checklist: &str,
        item: &str,
        deleted_at: &str,
    ) -> Result<Option<Mark>> {
        let stone = Tombstone {
            kind: ObjectKind::Mark,
            id: mark_id(checklist, item),
            org: org.to_string(),
            deleted_at: deleted_at.to_string(),
        };
        let old = self.delete_with_stone(
            "DELETE FROM dangjian.marks WHERE org = $1 AND checklist = $2 AND item = $3
             RETURNING body",
            &[&org, &checklist, &item],
            &stone,
        )?;
        old.map(|b| super::decode(item.as_bytes(), &b)).transpose()
    }

    fn tombstones(&self, org: Option<&str>) -> Result<Vec<Tombstone>> {
        self.list(
            "SELECT id, body FROM dangjian.tombstones WHERE $1::text IS NULL OR org = $1
             ORDER BY org COLLATE \"C\", kind COLLATE \"C\", id COLLATE \"C\"",
            &[&org],
        )
    }

    fn put_tombstone(&self, stone: &Tombstone) -> Result<()> {
        self.write([stone.org.as_str()], |tx| {
            put_tombstone(tx, stone).map(drop)
        })
    }

    fn remove_tombstone(&self, kind: ObjectKind, org: &str, id: &str) -> Result<()> {
        self.write([org], |tx| {
            tx.execute(
                "DELETE FROM dangjian.tombstones WHERE org = $1 AND kind = $2 AND id = $3",
                &[&org, &kind.as_str(), &id],
            )
            .map(drop)
        })
    }

    fn put_record(&self, record: &Record) -> Result<()> {
        self.write([record.org.as_str()], |tx| put_record(tx, record).map(drop))
    }

    fn delete_record(&self, id: &str, deleted_at: &str) -> Result<Option<Record>> {
        let Some(org) =
            self.maybe_one::<String>("SELECT org FROM dangjian.records WHERE id = $1", &[&id])?
        else {
            return Ok(None);
        };
        let stone = Tombstone {
            kind: ObjectKind::Record,
            id: id.to_string(),
            org,
            deleted_at: deleted_at.to_string(),
        };
        let old = self.delete_with_stone(
            "DELETE FROM dangjian.records WHERE id = $1 RETURNING body",
            &[&id],
            &stone,
        )?;
        old.map(|b| super::decode(id.as_bytes(), &b)).transpose()
    }

    fn record(&self, id: &str) -> Result<Option<Record>> {
        self.get(
            "SELECT id, body FROM dangjian.records WHERE id = $1",
            &[&id],
        )
    }

    fn records(&self, org: &str) -> Result<Vec<Record>> {
        self.list(
            "SELECT id, body FROM dangjian.records WHERE org = $1
             ORDER BY date, id COLLATE \"C\"",
            &[&org],
        )
    }

    fn read_org(&self, org: &str, needed: crate::status::RecordsNeeded) -> Result<super::OrgBytes> {
        read::org_bytes(self, org, needed)
    }

    fn contents(&self, org: Option<&str>) -> Result<super::Contents> {
        let mut contents = self.contents_without_records(org, super::Payments::Read)?;
        contents.records = self.list(
            "SELECT id, body FROM dangjian.records WHERE $1::text IS NULL OR org = $1
             ORDER BY org COLLATE \"C\", date, id COLLATE \"C\"",
            &[&org],
        )?;
        Ok(contents)
    }

    fn contents_without_records(
        &self,
        org: Option<&str>,
        payments: super::Payments,
    ) -> Result<super::Contents> {
        read::contents_without_records(self, org, payments)
    }

    fn payments_by_id(
        &self,
        org: Option<&str>,
        f: &mut dyn FnMut(crate::dues::Payment) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mut all = dues::payments(self, org)?;
        all.sort_by(|a, b| a.id.cmp(&b.id));
        for p in all {
            f(p)?;
        }
        Ok(())
    }

    fn records_by_id(
        &self,
        org: Option<&str>,
        f: &mut dyn FnMut(Record) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let rows: Vec<(String, Vec<u8>)> = self.rows(
            "SELECT id, body FROM dangjian.records WHERE $1::text IS NULL OR org = $1
             ORDER BY id COLLATE \"C\"",
            &[&org],
        )?;
        for (id, body) in rows {
            f(super::decode(id.as_bytes(), &body)?)?;
        }
        Ok(())
    }

    fn each_record(&self, f: &mut dyn FnMut(Record)) -> Result<()> {
        let rows: Vec<(String, Vec<u8>)> =
            self.rows("SELECT id, body FROM dangjian.records", &[])?;
        for (id, body) in rows {
            f(super::decode(id.as_bytes(), &body)?);
        }
        Ok(())
    }

    fn apply(&self, changes: super::Changes) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let orgs = write::orgs_touched(&changes);
        let records = changes.records_put.decoded()?;
        self.write(orgs.iter().map(String::as_str), |tx| {
            write::apply(tx, &changes, &records)
        })
    }

    fn put_dues_setting(&self, setting: &crate::dues::Setting) -> Result<()> {
        self.write([setting.org.as_str()], |tx| {
            dues::put_setting(tx, setting).map(drop)
        })
    }

    fn put_dues_payment(&self, payment: &crate::dues::Payment) -> Result<()> {
        self.write([payment.org.as_str()], |tx| {
            dues::put_payment(tx, payment).map(drop)
        })
    }

    fn delete_dues_payment(
        &self,
        org: &str,
        member: &str,
        id: &str,
        deleted_at: &str,
    ) -> Result<Option<crate::dues::Payment>> {
        let stone = Tombstone {
            kind: ObjectKind::DuesPayment,
            id: id.to_string(),
            org: org.to_string(),
            deleted_at: deleted_at.to_string(),
        };
        let old = self.delete_with_stone(
            "DELETE FROM dangjian.dues_payments WHERE org = $1 AND member = $2 AND id = $3
             RETURNING body",
            &[&org, &member, &id],
            &stone,
        )?;
        old.map(|body| super::decode(id.as_bytes(), &body))
            .transpose()
    }

    fn dues_settings(&self, org: Option<&str>) -> Result<Vec<crate::dues::Setting>> {
        dues::settings(self, org)
    }

    fn dues_payments(&self, org: Option<&str>) -> Result<Vec<crate::dues::Payment>> {
        dues::payments(self, org)
    }

    fn bulk_load_dues(
        &self,
        settings: &[crate::dues::Setting],
        payments: &[crate::dues::Payment],
    ) -> Result<()> {
        let touched: std::collections::BTreeSet<&str> = settings
            .iter()
            .map(|s| s.org.as_str())
            .chain(payments.iter().map(|p| p.org.as_str()))
            .collect();
        self.write(touched, |tx| {
            for s in settings {
                dues::put_setting(tx, s)?;
            }
            for p in payments {
                dues::put_payment(tx, p)?;
            }
            Ok(())
        })
    }

    fn bulk_load(&self, orgs: &[Org], members: &[Member], records: &[Record]) -> Result<()> {
        let touched: std::collections::BTreeSet<&str> = orgs
            .iter()
            .map(|o| o.id.as_str())
            .chain(members.iter().map(|m| m.org.as_str()))
            .chain(records.iter().map(|r| r.org.as_str()))
            .collect();
        self.write(
            touched
                .iter()
                .copied()
                .filter(|o| !orgs.iter().any(|x| x.id == *o)),
            |tx| {
                for o in orgs {
                    put_org(tx, o)?;
                }
                for m in members {
                    put_member(tx, m)?;
                }
                for r in records {
                    put_record(tx, r)?;
                }
                Ok(())
            },
        )
    }
}

/// What went wrong, in the server's own words when the server answered.
pub fn error_text(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    }
}
