//! The storage boundary: what the commands, the UI, import and the judge ask of a
//! database, in the manner of taskchampion's `Storage`. A data folder (sled, [`Store`])
//! and a PostgreSQL server ([`super::postgres::Server`]) are its two implementations;
//! nothing above this trait knows which one it has.
//!
//! Every write is one transaction: a single object put or removed (with its tombstone),
//! or a whole [`Changes`] set (import, restore) applied all at once.

use super::{Changes, Contents, OrgBytes, Payments, Result, Store};
use crate::dues::{Payment, Setting};
use crate::model::{Mark, Member, ObjectKind, Org, Record, Tombstone};
use crate::status::RecordsNeeded;

/// Dues payments handed over one at a time to `put` ([`Storage::apply_with`]).
pub type MorePayments<'a> = dyn FnMut(&mut dyn FnMut(Payment) -> Result<()>) -> Result<()> + 'a;

/// A database of orgs, members, records, marks and tombstones.
///
/// `Sync`: the judge reads one store from every core at once.
pub trait Storage: Sync {
    /// Whether the database holds no org yet.
    fn is_empty(&self) -> Result<bool>;
    /// Waits until everything written so far is durable.
    fn flush(&self) -> Result<()>;

    fn put_org(&self, org: &Org) -> Result<()>;
    fn org(&self, id: &str) -> Result<Option<Org>>;
    /// Every org, by id.
    fn orgs(&self) -> Result<Vec<Org>>;

    fn put_member(&self, member: &Member) -> Result<()>;
    /// Removes a member, leaving a tombstone; returns it, or `None` if there was none.
    fn delete_member(&self, org: &str, id: &str, deleted_at: &str) -> Result<Option<Member>>;
    fn member(&self, org: &str, id: &str) -> Result<Option<Member>>;
    /// The members of `org`, by id.
    fn members(&self, org: &str) -> Result<Vec<Member>>;

    fn put_mark(&self, mark: &Mark) -> Result<()>;
    /// The marks of `org`, by checklist and item.
    fn marks(&self, org: &str) -> Result<Vec<Mark>>;
    /// Removes a mark, leaving a tombstone; returns it, or `None` if there was none.
    fn delete_mark(
        &self,
        org: &str,
        checklist: &str,
        item: &str,
        deleted_at: &str,
    ) -> Result<Option<Mark>>;

    /// The tombstones of one org, or of every org.
    fn tombstones(&self, org: Option<&str>) -> Result<Vec<Tombstone>>;
    /// Records a deletion; a tombstone already there is replaced.
    fn put_tombstone(&self, stone: &Tombstone) -> Result<()>;
    /// Forgets a deletion (the UI's undo).
    fn remove_tombstone(&self, kind: ObjectKind, org: &str, id: &str) -> Result<()>;

    /// Adds or replaces a record (a record keeps its org).
    fn put_record(&self, record: &Record) -> Result<()>;
    /// Removes a record, leaving a tombstone; returns it, or `None` if there was none.
    fn delete_record(&self, id: &str, deleted_at: &str) -> Result<Option<Record>>;
    /// The record `id`, wherever it is.
    fn record(&self, id: &str) -> Result<Option<Record>>;
    /// Every record of `org`, oldest first (by date, then id).
    fn records(&self, org: &str) -> Result<Vec<Record>>;
    /// What the judge reads of `org`: the records `needed` names, still encoded, and the
    /// org's members. The views it hands out borrow the bytes read.
    fn read_org(&self, org: &str, needed: RecordsNeeded) -> Result<OrgBytes>;

    /// Every object of `org`, or of every org; tombstones included.
    fn contents(&self, org: Option<&str>) -> Result<Contents>;
    /// Everything but the records, which [`Storage::records_by_id`] streams; the dues
    /// payments as `payments` says ([`Storage::payments_by_id`] streams them).
    fn contents_without_records(&self, org: Option<&str>, payments: Payments) -> Result<Contents>;
    /// Calls `f` with every record of `org` (or of every org) in id order, one at a time.
    fn records_by_id(
        &self,
        org: Option<&str>,
        f: &mut dyn FnMut(Record) -> anyhow::Result<()>,
    ) -> anyhow::Result<()>;
    /// Calls `f` with every dues payment of `org` (or of every org) in id order, one at a
    /// time.
    fn payments_by_id(
        &self,
        org: Option<&str>,
        f: &mut dyn FnMut(Payment) -> anyhow::Result<()>,
    ) -> anyhow::Result<()>;
    /// Calls `f` with every stored record, in no particular order (import's index of
    /// what is stored).
    fn each_record(&self, f: &mut dyn FnMut(Record)) -> Result<()>;
    /// Writes `changes` in one transaction: a crash leaves the database as before or as
    /// after, never half. Taken whole, so that a large import can let go of each part
    /// once written.
    fn apply(&self, changes: Changes) -> Result<()>;
    /// [`Storage::apply`] with more dues payments to put, in the same transaction:
    /// `more` hands them over one at a time (an import reads them from its file again as
    /// they are written, so as not to hold them). An error from `more` writes nothing.
    fn apply_with(&self, mut changes: Changes, more: &mut MorePayments) -> Result<()> {
        more(&mut |p| {
            let key = (p.org.clone(), p.member.clone(), p.id.clone());
            changes.dues_payments.push((key, Some(p)));
            Ok(())
        })?;
        self.apply(changes)
    }
    /// Writes many orgs, members and records at once (the demo generator).
    fn bulk_load(&self, orgs: &[Org], members: &[Member], records: &[Record]) -> Result<()>;

    /// Sets a member's monthly dues from a month on (replacing one from the same month).
    fn put_dues_setting(&self, setting: &Setting) -> Result<()>;
    fn put_dues_payment(&self, payment: &Payment) -> Result<()>;
    /// Removes a dues payment, leaving a tombstone; returns it, or `None` if there was none.
    fn delete_dues_payment(
        &self,
        org: &str,
        member: &str,
        id: &str,
        deleted_at: &str,
    ) -> Result<Option<Payment>>;
    /// The dues settings of `org`'s members, or of every org's, by org, member and month.
    fn dues_settings(&self, org: Option<&str>) -> Result<Vec<Setting>>;
    /// The dues payments of `org`'s members, or of every org's, by org, member and id.
    fn dues_payments(&self, org: Option<&str>) -> Result<Vec<Payment>>;
    /// Writes many settings and payments at once (the demo generator).
    fn bulk_load_dues(&self, settings: &[Setting], payments: &[Payment]) -> Result<()>;

    /// The data folder's store, which keeps an answer beside it ([`super::kept`]); a
    /// server has none.
    fn folder(&self) -> Option<&Store> {
        None
    }
}

impl Storage for Store {
    fn is_empty(&self) -> Result<bool> {
        Ok(Store::is_empty(self))
    }
    fn flush(&self) -> Result<()> {
        Store::flush(self)
    }
    fn put_org(&self, org: &Org) -> Result<()> {
        Store::put_org(self, org)
    }
    fn org(&self, id: &str) -> Result<Option<Org>> {
        Store::org(self, id)
    }
    fn orgs(&self) -> Result<Vec<Org>> {
        Store::orgs(self)
    }
    fn put_member(&self, member: &Member) -> Result<()> {
        Store::put_member(self, member)
    }
    fn delete_member(&self, org: &str, id: &str, deleted_at: &str) -> Result<Option<Member>> {
        Store::delete_member(self, org, id, deleted_at)
    }
    fn member(&self, org: &str, id: &str) -> Result<Option<Member>> {
        Store::member(self, org, id)
    }
    fn members(&self, org: &str) -> Result<Vec<Member>> {
        Store::members(self, org)
    }
    fn put_mark(&self, mark: &Mark) -> Result<()> {
        Store::put_mark(self, mark)
    }
    fn marks(&self, org: &str) -> Result<Vec<Mark>> {
        Store::marks(self, org)
    }
    fn delete_mark(
        &self,
        org: &str,
        checklist: &str,
        item: &str,
        deleted_at: &str,
    ) -> Result<Option<Mark>> {
        Store::delete_mark(self, org, checklist, item, deleted_at)
    }
    fn tombstones(&self, org: Option<&str>) -> Result<Vec<Tombstone>> {
        Store::tombstones(self, org)
    }
    fn put_tombstone(&self, stone: &Tombstone) -> Result<()> {
        Store::put_tombstone(self, stone)
    }
    fn remove_tombstone(&self, kind: ObjectKind, org: &str, id: &str) -> Result<()> {
        Store::remove_tombstone(self, kind, org, id)
    }
    fn put_record(&self, record: &Record) -> Result<()> {
        Store::put_record(self, record)
    }
    fn delete_record(&self, id: &str, deleted_at: &str) -> Result<Option<Record>> {
        Store::delete_record(self, id, deleted_at)
    }
    fn record(&self, id: &str) -> Result<Option<Record>> {
        Store::record(self, id)
    }
    fn records(&self, org: &str) -> Result<Vec<Record>> {
        Store::records(self, org)
    }
    fn read_org(&self, org: &str, needed: RecordsNeeded) -> Result<OrgBytes> {
        Store::read_org(self, org, needed)
    }
    fn contents(&self, org: Option<&str>) -> Result<Contents> {
        Store::contents(self, org)
    }
    fn contents_without_records(&self, org: Option<&str>, payments: Payments) -> Result<Contents> {
        Store::contents_without_records(self, org, payments)
    }
    fn payments_by_id(
        &self,
        org: Option<&str>,
        f: &mut dyn FnMut(Payment) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        Store::payments_by_id(self, org, f)
    }
    fn records_by_id(
        &self,
        org: Option<&str>,
        f: &mut dyn FnMut(Record) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        Store::records_by_id(self, org, f)
    }
    fn each_record(&self, f: &mut dyn FnMut(Record)) -> Result<()> {
        Store::each_record(self, |r, _| f(r))
    }
    fn apply(&self, changes: Changes) -> Result<()> {
        Store::apply(self, changes)
    }
    fn apply_with(&self, changes: Changes, more: &mut MorePayments) -> Result<()> {
        Store::apply_with(self, changes, more)
    }
    fn bulk_load(&self, orgs: &[Org], members: &[Member], records: &[Record]) -> Result<()> {
        Store::bulk_load(self, orgs, members, records)
    }
    fn put_dues_setting(&self, setting: &Setting) -> Result<()> {
        Store::put_dues_setting(self, setting)
    }
    fn put_dues_payment(&self, payment: &Payment) -> Result<()> {
        Store::put_dues_payment(self, payment)
    }
    fn delete_dues_payment(
        &self,
        org: &str,
        member: &str,
        id: &str,
        deleted_at: &str,
    ) -> Result<Option<Payment>> {
        Store::delete_dues_payment(self, org, member, id, deleted_at)
    }
    fn dues_settings(&self, org: Option<&str>) -> Result<Vec<Setting>> {
        Store::dues_settings(self, org)
    }
    fn dues_payments(&self, org: Option<&str>) -> Result<Vec<Payment>> {
        Store::dues_payments(self, org)
    }
    fn bulk_load_dues(&self, settings: &[Setting], payments: &[Payment]) -> Result<()> {
        Store::bulk_load_dues(self, settings, payments)
    }
    fn folder(&self) -> Option<&Store> {
        Some(self)
    }
}
