//! Party dues in the database: each member's monthly amounts and payments.
//!
//! - `dues_settings`: `org \0 member \0 YYYY-MM` → Setting (from that month on), in
//!   JSON like orgs and marks: a member has a few
//! - `dues_blocks`: `org \0 member` → all the member's payments, one value ([`block`]):
//!   a member pays every month or quarter, and one key per payment made millions of keys
//!   that every open of the database paid for

use sled::transaction::{TransactionError, Transactional};

use super::value::{decode, encode, key, prefix, tombstone_key};
use super::{Result, Store};
use crate::dues::{Payment, Setting};
use crate::model::{ObjectKind, Tombstone};

pub(super) mod block;

pub(super) const SETTINGS: &str = "dues_settings";
/// The payments, a block per member.
pub(super) const PAYMENTS: &str = "dues_blocks";
/// Schema 3's payments, one key each (`org \0 member \0 id` → Payment in JSON).
pub(super) const PAYMENTS_BEFORE_4: &str = "dues_payments";

pub(super) fn setting_key(s: &Setting) -> Vec<u8> {
    key(&[&s.org, &s.member, &s.from.to_string()])
}

impl Store {
    pub(super) fn dues_tree(&self, name: &str) -> Result<sled::Tree> {
        self.db.open_tree(name).map_err(|e| self.err(e))
    }

    /// Sets a member's monthly amount from a month on (replacing one from the same month).
    pub fn put_dues_setting(&self, s: &Setting) -> Result<()> {
        self.dues_tree(SETTINGS)?
            .insert(setting_key(s), encode(s))
            .map_err(|e| self.err(e))?;
        self.bump_org(&s.org)
    }

    /// Adds a payment to its member's block, or replaces the one with its id there.
    pub fn put_dues_payment(&self, p: &Payment) -> Result<()> {
        let tree = self.dues_tree(PAYMENTS)?;
        let k = block::key(&p.org, &p.member);
        let old = tree.get(&k).map_err(|e| self.err(e))?;
        let mut payments = block::by_id(&k, old.as_deref())?;
        payments.insert(p.id.clone(), block::encode(p));
        let value = block::build(&payments).expect("a payment was put");
        tree.insert(k, value).map_err(|e| self.err(e))?;
        self.bump_org(&p.org)
    }

    /// The settings of `org`'s members, or of every org's.
    pub fn dues_settings(&self, org: Option<&str>) -> Result<Vec<Setting>> {
        let p = org.map(|o| prefix(&[o])).unwrap_or_default();
        self.scan(&self.dues_tree(SETTINGS)?, &p)
    }

    /// The payments of `org`'s members, or of every org's.
    pub fn dues_payments(&self, org: Option<&str>) -> Result<Vec<Payment>> {
        let p = org.map(|o| prefix(&[o])).unwrap_or_default();
        let mut out = Vec::new();
        for kv in self.dues_tree(PAYMENTS)?.scan_prefix(p) {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            out.extend(block::payments(&k, &v)?);
        }
        Ok(out)
    }

    /// Calls `f` with every payment of `org` (or of every org) in id order, decoding one
    /// at a time: a large database is exported holding only their compact encoding.
    pub fn payments_by_id<E: From<super::StoreError>>(
        &self,
        org: Option<&str>,
        f: impl FnMut(Payment) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let p = org.map(|o| prefix(&[o])).unwrap_or_default();
        let mut held = super::encoded::ById::<Payment>::default();
        for kv in self.dues_tree(PAYMENTS)?.scan_prefix(p) {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            let (org, member) = block::whose(&k)?;
            let prefix = super::encoded::payment_prefix(org, member);
            for (id, entry) in block::with_ids(&k, &v)? {
                held.push(id, &[&prefix, entry]);
            }
        }
        held.each("dues_blocks", f)
    }

    /// Removes a payment, leaving a tombstone; returns it, or `None` if there was none.
    pub fn delete_dues_payment(
        &self,
        org: &str,
        member: &str,
        id: &str,
        deleted_at: &str,
    ) -> Result<Option<Payment>> {
        let tree = self.dues_tree(PAYMENTS)?;
        let k = block::key(org, member);
        let stored = tree.get(&k).map_err(|e| self.err(e))?;
        let mut payments = block::by_id(&k, stored.as_deref())?;
        let Some(entry) = payments.remove(id) else {
            return Ok(None);
        };
        let old = block::payment(&k, &entry)?;
        let value = block::build(&payments);
        let stone = Tombstone {
            kind: ObjectKind::DuesPayment,
            id: id.to_string(),
            org: org.to_string(),
            deleted_at: deleted_at.to_string(),
        };
        let trees = (&tree, &self.tombstones);
        let result: std::result::Result<(), TransactionError<()>> =
            trees.transaction(|(payments, tombstones)| {
                match &value {
                    Some(v) => payments.insert(k.clone(), v.clone())?,
                    None => payments.remove(k.clone())?,
                };
                tombstones.insert(tombstone_key(&stone), encode(&stone))?;
                Ok(())
            });
        self.transaction_result(result)?;
        self.bump_org(org)?;
        Ok(Some(old))
    }

    /// Writes many settings and payments at once (the demo generator).
    pub fn bulk_load_dues(&self, settings: &[Setting], payments: &[Payment]) -> Result<()> {
        let mut batch = sled::Batch::default();
        for s in settings {
            batch.insert(setting_key(s), encode(s));
        }
        self.dues_tree(SETTINGS)?
            .apply_batch(batch)
            .map_err(|e| self.err(e))?;
        let tree = self.dues_tree(PAYMENTS)?;
        let mut edits = block::Edits::default();
        for p in payments {
            edits.put(p);
        }
        let mut batch = sled::Batch::default();
        edits.each(
            |k| tree.get(k).map_err(|e| self.err(e)),
            |k, value| {
                match value {
                    Some(v) => batch.insert(k, v),
                    None => batch.remove(k),
                }
                Ok(())
            },
        )?;
        tree.apply_batch(batch).map_err(|e| self.err(e))?;
        self.bump()
    }
}

impl Store {
    /// Schema 3 kept one key per payment; schema 4 keeps a block per member. The old
    /// tree is read in key order, a member's payments one after another, and written as
    /// blocks a few thousand payments at a time. Schema 4 is set, and the old tree left
    /// out, in the copy of the database that then takes this one's place ([`compact`]):
    /// a kill before leaves schema 3, and the next open starts again from an empty tree
    /// of blocks.
    ///
    /// [`compact`]: super::compact
    pub(super) fn migrate_to_payment_blocks(&self) -> Result<()> {
        let err = |e| self.err(e);
        let old = self.dues_tree(PAYMENTS_BEFORE_4)?;
        // An import a kill interrupted once it was complete staged its payments as
        // schema 3 keeps them: they are put in place first.
        self.recover_journal_into(PAYMENTS_BEFORE_4)?;
        let blocks = self.dues_tree(PAYMENTS)?;
        blocks.clear().map_err(err)?;
        let mut edits = block::Edits::default();
        let mut held = 0;
        let write = |edits: block::Edits| -> Result<()> {
            let mut batch = sled::Batch::default();
            edits.each(
                |k| blocks.get(k).map_err(err),
                |k, value| {
                    if let Some(v) = value {
                        batch.insert(k, v);
                    }
                    Ok(())
                },
            )?;
            blocks.apply_batch(batch).map_err(err)
        };
        for kv in old.iter() {
            let (k, v) = kv.map_err(err)?;
            edits.put(&decode::<Payment>(&k, &v)?);
            held += 1;
            if held == MIGRATE_BATCH {
                write(std::mem::take(&mut edits))?;
                held = 0;
            }
        }
        write(edits)
    }
}

/// Payments moved to blocks per batch written (a member split across two batches has
/// its block read back and added to).
const MIGRATE_BATCH: usize = 4096;
