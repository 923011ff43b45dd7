//! Party dues in the database: each member's monthly amounts and payments.
//!
//! - `dues_settings`: `org \0 member \0 YYYY-MM` → Setting (from that month on)
//! - `dues_payments`: `org \0 member \0 id` → Payment
//!
//! Both in JSON, like orgs and marks: an org has a few settings and payments per member.

use sled::transaction::{TransactionError, Transactional};

use super::value::{encode, key, prefix, tombstone_key};
use super::{Result, Store};
use crate::dues::{Payment, Setting};
use crate::model::{ObjectKind, Tombstone};

pub(super) const SETTINGS: &str = "dues_settings";
pub(super) const PAYMENTS: &str = "dues_payments";

pub(super) fn setting_key(s: &Setting) -> Vec<u8> {
    key(&[&s.org, &s.member, &s.from.to_string()])
}

pub(super) fn payment_key(p: &Payment) -> Vec<u8> {
    key(&[&p.org, &p.member, &p.id])
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
        self.bump()
    }

    pub fn put_dues_payment(&self, p: &Payment) -> Result<()> {
        self.dues_tree(PAYMENTS)?
            .insert(payment_key(p), encode(p))
            .map_err(|e| self.err(e))?;
        self.bump()
    }

    /// The settings of `org`'s members, or of every org's.
    pub fn dues_settings(&self, org: Option<&str>) -> Result<Vec<Setting>> {
        let p = org.map(|o| prefix(&[o])).unwrap_or_default();
        self.scan(&self.dues_tree(SETTINGS)?, &p)
    }

    /// The payments of `org`'s members, or of every org's.
    pub fn dues_payments(&self, org: Option<&str>) -> Result<Vec<Payment>> {
        let p = org.map(|o| prefix(&[o])).unwrap_or_default();
        self.scan(&self.dues_tree(PAYMENTS)?, &p)
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
        let k = key(&[org, member, id]);
        let old: Option<Payment> = self.get(&tree, &k)?;
        if old.is_some() {
            let stone = Tombstone {
                kind: ObjectKind::DuesPayment,
                id: id.to_string(),
                org: org.to_string(),
                deleted_at: deleted_at.to_string(),
            };
            let trees = (&tree, &self.tombstones);
            let result: std::result::Result<(), TransactionError<()>> =
                trees.transaction(|(payments, tombstones)| {
                    payments.remove(k.clone())?;
                    tombstones.insert(tombstone_key(&stone), encode(&stone))?;
                    Ok(())
                });
            self.transaction_result(result)?;
            self.bump()?;
        }
        Ok(old)
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
        let mut batch = sled::Batch::default();
        for p in payments {
            batch.insert(payment_key(p), encode(p));
        }
        self.dues_tree(PAYMENTS)?
            .apply_batch(batch)
            .map_err(|e| self.err(e))?;
        self.bump()
    }
}
