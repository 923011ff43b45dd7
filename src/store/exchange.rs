//! What export and import need of the store: every object at once, and a set of changes
//! written in one transaction across the trees, so that a kill leaves all or none of it.

use std::collections::{BTreeMap, BTreeSet};

/// A key and its new value (`None`: removed).
type BlockWrite = (Vec<u8>, Option<Vec<u8>>);

use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};

use super::block::{self, Month};
use super::{Result, Store, encode, key, prefix, tombstone_key};
use crate::dues::{Payment, Setting};
use crate::model::{Mark, Tombstone};
use crate::model::{Member, Org, Record};

/// Everything stored, or everything of one org.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contents {
    pub orgs: Vec<Org>,
    pub members: Vec<Member>,
    pub records: Vec<Record>,
    pub marks: Vec<Mark>,
    pub dues_settings: Vec<Setting>,
    pub dues_payments: Vec<Payment>,
    pub tombstones: Vec<Tombstone>,
}

/// What an import writes: objects to put or remove, the records as they are afterwards
/// in every block they touch, and tombstones to keep.
#[derive(Debug, Default)]
pub struct Changes {
    pub orgs: Vec<(String, Option<Org>)>,
    /// `(org, id)` → the member, or `None` to remove it.
    pub members: Vec<((String, String), Option<Member>)>,
    /// `(org, checklist, item)` → the mark, or `None` to remove it.
    pub marks: Vec<((String, String, String), Option<Mark>)>,
    /// Records to put, and records to remove: id, org and date they are kept under now.
    /// A record that changes lists its old place here too.
    pub records_put: Vec<Record>,
    pub records_removed: Vec<(String, String, chrono::NaiveDate)>,
    /// `(org, member, YYYY-MM)` → the setting, or `None` to remove it.
    pub dues_settings: Vec<((String, String, String), Option<Setting>)>,
    /// `(org, member, id)` → the payment, or `None` to remove it.
    pub dues_payments: Vec<((String, String, String), Option<Payment>)>,
    pub tombstones: Vec<Tombstone>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.orgs.is_empty()
            && self.members.is_empty()
            && self.marks.is_empty()
            && self.records_put.is_empty()
            && self.records_removed.is_empty()
            && self.dues_settings.is_empty()
            && self.dues_payments.is_empty()
            && self.tombstones.is_empty()
    }
}

impl Store {
    /// Every object of `org`, or of every org; tombstones included.
    pub fn contents(&self, org: Option<&str>) -> Result<Contents> {
        let p = org.map(|o| prefix(&[o])).unwrap_or_default();
        let orgs = match org {
            Some(id) => self.org(id)?.into_iter().collect(),
            None => self.orgs()?,
        };
        Ok(Contents {
            orgs,
            members: self.scan(&self.members, &p)?,
            records: self.records_under(&p)?,
            marks: self.scan(&self.marks, &p)?,
            dues_settings: self.dues_settings(org)?,
            dues_payments: self.dues_payments(org)?,
            tombstones: self.tombstones(org)?,
        })
    }

    /// Everything but the records, which [`Store::records_by_id`] streams.
    pub fn contents_without_records(&self, org: Option<&str>) -> Result<Contents> {
        let p = org.map(|o| prefix(&[o])).unwrap_or_default();
        let orgs = match org {
            Some(id) => self.org(id)?.into_iter().collect(),
            None => self.orgs()?,
        };
        Ok(Contents {
            orgs,
            members: self.scan(&self.members, &p)?,
            records: Vec::new(),
            marks: self.scan(&self.marks, &p)?,
            dues_settings: self.dues_settings(org)?,
            dues_payments: self.dues_payments(org)?,
            tombstones: self.tombstones(org)?,
        })
    }

    /// Calls `f` with every record of `org` (or of every org) in id order, decoding one at
    /// a time: a large database is exported holding only its compact encoding in memory.
    pub fn records_by_id<E: From<super::StoreError>>(
        &self,
        org: Option<&str>,
        mut f: impl FnMut(Record) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let p = org.map(|o| prefix(&[o])).unwrap_or_default();
        let mut encoded: Vec<(String, Vec<u8>)> = Vec::new();
        for kv in self.records.scan_prefix(&p) {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            for bytes in super::records::block_body(&k, &v)? {
                let (_, id) = block::date_and_id(bytes).map_err(|m| corrupt(&k, m))?;
                encoded.push((id.to_string(), bytes.to_vec()));
            }
        }
        encoded.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (_, bytes) in encoded {
            f(super::codec::read_record(&bytes).map_err(|m| corrupt(b"records", m))?)?;
        }
        Ok(())
    }

    fn records_under(&self, p: &[u8]) -> Result<Vec<Record>> {
        let mut out = Vec::new();
        for kv in self.records.scan_prefix(p) {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            for bytes in super::records::block_body(&k, &v)? {
                out.push(super::codec::read_record(bytes).map_err(|m| {
                    super::StoreError::Corrupt {
                        key: String::from_utf8_lossy(&k).replace('\0', "/"),
                        message: m.to_string(),
                    }
                })?);
            }
        }
        Ok(out)
    }

    /// Writes `changes` in one transaction across every tree: a crash leaves the
    /// database as before or as after, never half.
    pub fn apply(&self, changes: &Changes) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let blocks = self.rewritten_blocks(changes)?;
        let orgs: Vec<(Vec<u8>, Option<Vec<u8>>)> = changes
            .orgs
            .iter()
            .map(|(id, o)| (id.as_bytes().to_vec(), o.as_ref().map(encode)))
            .collect();
        let members: Vec<(Vec<u8>, Option<Vec<u8>>)> = changes
            .members
            .iter()
            .map(|((org, id), m)| (key(&[org, id]), m.as_ref().map(encode)))
            .collect();
        let marks: Vec<(Vec<u8>, Option<Vec<u8>>)> = changes
            .marks
            .iter()
            .map(|((org, c, i), m)| (key(&[org, c, i]), m.as_ref().map(encode)))
            .collect();
        let stones: Vec<(Vec<u8>, Option<Vec<u8>>)> = changes
            .tombstones
            .iter()
            .map(|t| (tombstone_key(t), Some(encode(t))))
            .collect();
        let index = self.record_months_after(changes)?;
        let settings: Vec<(Vec<u8>, Option<Vec<u8>>)> = changes
            .dues_settings
            .iter()
            .map(|((org, m, from), s)| (key(&[org, m, from]), s.as_ref().map(encode)))
            .collect();
        let payments: Vec<(Vec<u8>, Option<Vec<u8>>)> = changes
            .dues_payments
            .iter()
            .map(|((org, m, id), p)| (key(&[org, m, id]), p.as_ref().map(encode)))
            .collect();
        let (settings_tree, payments_tree) = (
            self.dues_tree(super::dues::SETTINGS)?,
            self.dues_tree(super::dues::PAYMENTS)?,
        );
        let trees = (
            &self.orgs,
            &self.members,
            &self.records,
            &self.marks,
            &self.tombstones,
            &self.record_months,
            &settings_tree,
            &payments_tree,
        );
        let result: std::result::Result<(), TransactionError<()>> =
            trees.transaction(|(o, m, r, k, t, i, s, p)| {
                for (tree, values) in [
                    (o, &orgs),
                    (m, &members),
                    (r, &blocks),
                    (k, &marks),
                    (t, &stones),
                    (i, &index),
                    (s, &settings),
                    (p, &payments),
                ] {
                    for (key, value) in values {
                        match value {
                            Some(v) => tree.insert(key.as_slice(), v.as_slice())?,
                            None => tree.remove(key.as_slice())?,
                        };
                    }
                }
                Ok::<_, ConflictableTransactionError<()>>(())
            });
        self.transaction_result(result)?;
        self.bump()
    }

    /// The record-month index of every org a record joins, grown by the records put.
    fn record_months_after(&self, changes: &Changes) -> Result<Vec<BlockWrite>> {
        let mut index: BTreeMap<&str, (super::months::Months, bool)> = BTreeMap::new();
        for r in &changes.records_put {
            if !index.contains_key(r.org.as_str()) {
                index.insert(&r.org, (self.record_months(&r.org)?, false));
            }
            let (m, changed) = index.get_mut(r.org.as_str()).expect("inserted above");
            let obligations = r.obligations.iter().map(String::as_str);
            *changed |= super::months::add(m, block::month_of(r.date), obligations);
        }
        Ok(index
            .into_iter()
            .filter(|(_, (_, changed))| *changed)
            .map(|(org, (m, _))| (org.as_bytes().to_vec(), Some(super::months::encode(&m))))
            .collect())
    }

    /// The new value of every block the changed records leave or join (`None`: empty).
    fn rewritten_blocks(&self, changes: &Changes) -> Result<Vec<BlockWrite>> {
        let mut touched: BTreeSet<(String, Month)> = BTreeSet::new();
        let mut gone: BTreeSet<&str> = BTreeSet::new();
        for (id, org, date) in &changes.records_removed {
            touched.insert((org.clone(), block::month_of(*date)));
            gone.insert(id);
        }
        let mut joining: BTreeMap<(String, Month), Vec<&Record>> = BTreeMap::new();
        for r in &changes.records_put {
            let at = (r.org.clone(), block::month_of(r.date));
            touched.insert(at.clone());
            joining.entry(at).or_default().push(r);
            gone.insert(&r.id);
        }
        let mut out = Vec::with_capacity(touched.len());
        for (org, month) in touched {
            let k = block::key(&org, month);
            let mut entries = Vec::new();
            if let Some(v) = self.records.get(&k).map_err(|e| self.err(e))? {
                for bytes in super::records::block_body(&k, &v)? {
                    let (date, id) =
                        block::date_and_id(bytes).map_err(|m| super::StoreError::Corrupt {
                            key: String::from_utf8_lossy(&k).replace('\0', "/"),
                            message: m.to_string(),
                        })?;
                    if !gone.contains(id) {
                        entries.push((date, id.to_string(), bytes.to_vec()));
                    }
                }
            }
            for r in joining.remove(&(org.clone(), month)).unwrap_or_default() {
                entries.push(block::encode(r));
            }
            out.push((k, (!entries.is_empty()).then(|| block::build(entries))));
        }
        Ok(out)
    }
}

fn corrupt(k: &[u8], message: &str) -> super::StoreError {
    super::StoreError::Corrupt {
        key: String::from_utf8_lossy(k).replace('\0', "/"),
        message: message.to_string(),
    }
}
