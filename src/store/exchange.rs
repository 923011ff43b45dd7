//! What export and import need of the store: every object at once, and a set of changes
//! written in one transaction across the trees, so that a kill leaves all or none of it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// A key and its new value (`None`: removed).
type BlockWrite = (Vec<u8>, Option<Vec<u8>>);

use super::block::{self, Month};
use super::journal::{Staged, Target};
use super::{Result, Store, encode, key, prefix, tombstone_key};
use crate::dues::{Payment, Setting};
use crate::model::{Mark, Tombstone};
use crate::model::{Member, Org, Record};

/// Whether the dues payments are read with the rest of the contents
/// ([`Store::contents_without_records`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Payments {
    Read,
    /// Left out: the caller needs none, or streams them ([`Store::payments_by_id`]).
    Left,
}

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
    /// Records to put, and records to remove: id, org and month they are kept under now.
    /// A record that changes lists its old place here too (a record put is never kept
    /// elsewhere otherwise).
    pub records_put: RecordPuts,
    pub records_removed: Vec<(String, String, Month)>,
    /// `(org, member, YYYY-MM)` → the setting, or `None` to remove it.
    pub dues_settings: Vec<((String, String, String), Option<Setting>)>,
    /// `(org, member, id)` → the payment, or `None` to remove it; written a block per
    /// member.
    pub dues_payments: Vec<((String, String, String), Option<Payment>)>,
    pub tombstones: Vec<Tombstone>,
}

/// Records to write, already in the store's compact encoding and gathered by the block
/// they join: a large import holds its records in the form they are stored in, not as
/// objects.
#[derive(Debug, Default)]
pub struct RecordPuts {
    /// The orgs the records go to, each once, and where each is in `orgs`.
    orgs: Vec<String>,
    org_at: HashMap<String, u32>,
    /// `(org, month)` → the block's new entries, each length-prefixed as in a block.
    /// Looked up by hash: a file's records come in no order of blocks, and a university
    /// has hundreds of thousands of blocks.
    blocks: HashMap<(u32, Month), Vec<u8>>,
    count: usize,
}

impl RecordPuts {
    pub fn push(&mut self, r: &Record) {
        let (_, _, bytes) = block::encode(r);
        let org = match self.org_at.get(r.org.as_str()) {
            Some(&at) => at,
            None => {
                let at = self.orgs.len() as u32;
                self.orgs.push(r.org.clone());
                self.org_at.insert(r.org.clone(), at);
                at
            }
        };
        let body = self
            .blocks
            .entry((org, block::month_of(r.date)))
            .or_default();
        let mut w = super::codec::Writer(std::mem::take(body));
        w.len(bytes.len());
        w.0.extend_from_slice(&bytes);
        *body = w.0;
        self.count += 1;
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The records, decoded (for a store that keeps them otherwise).
    pub fn decoded(&self) -> Result<Vec<Record>> {
        let mut out = Vec::with_capacity(self.count);
        for (_, _, entries) in self.entries() {
            for bytes in entries? {
                out.push(super::codec::read_record(bytes).map_err(|m| corrupt(b"import", m))?);
            }
        }
        Ok(out)
    }

    /// The orgs the records go to.
    pub fn orgs(&self) -> impl Iterator<Item = &str> {
        self.orgs.iter().map(String::as_str)
    }

    /// The blocks in key order: org, then month.
    fn in_order(&self) -> Vec<(u32, Month)> {
        let mut at: Vec<(u32, Month)> = self.blocks.keys().copied().collect();
        at.sort_unstable_by(|a, b| {
            (self.orgs[a.0 as usize].as_str(), a.1).cmp(&(self.orgs[b.0 as usize].as_str(), b.1))
        });
        at
    }

    /// Each block's new entries, still encoded, in key order.
    fn entries(&self) -> impl Iterator<Item = (&str, Month, Result<Vec<&[u8]>>)> {
        self.in_order().into_iter().map(|at| {
            let body = &self.blocks[&at];
            let entries = block::entries(body).map_err(|m| corrupt(b"import", m));
            (self.orgs[at.0 as usize].as_str(), at.1, entries)
        })
    }

    /// Each block and its new entries, in key order, each let go of as the next is taken.
    fn into_blocks(mut self) -> impl Iterator<Item = ((String, Month), Vec<u8>)> {
        self.in_order().into_iter().map(move |at| {
            let body = self.blocks.remove(&at).unwrap_or_default();
            ((self.orgs[at.0 as usize].clone(), at.1), body)
        })
    }
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

    /// Everything but the records, which [`Store::records_by_id`] streams; the dues
    /// payments as `payments` says.
    pub fn contents_without_records(
        &self,
        org: Option<&str>,
        payments: Payments,
    ) -> Result<Contents> {
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
            dues_payments: match payments {
                Payments::Read => self.dues_payments(org)?,
                Payments::Left => Vec::new(),
            },
            tombstones: self.tombstones(org)?,
        })
    }

    /// Calls `f` with every stored record and the month of the block it is kept in.
    pub fn each_record(&self, mut f: impl FnMut(Record, Month)) -> Result<()> {
        for kv in self.records.iter() {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            let month = block::parse_key(&k)
                .map(|(_, m)| m)
                .ok_or_else(|| corrupt(&k, "not a block key"))?;
            for bytes in super::records::block_body(&k, &v)? {
                f(
                    super::codec::read_record(bytes).map_err(|m| corrupt(&k, m))?,
                    month,
                );
            }
        }
        Ok(())
    }

    /// Calls `f` with every record of `org` (or of every org) in id order, decoding one at
    /// a time: a large database is exported holding only its compact encoding in memory.
    pub fn records_by_id<E: From<super::StoreError>>(
        &self,
        org: Option<&str>,
        f: impl FnMut(Record) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let p = org.map(|o| prefix(&[o])).unwrap_or_default();
        let mut held = super::encoded::ById::<Record>::default();
        for kv in self.records.scan_prefix(&p) {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            for bytes in super::records::block_body(&k, &v)? {
                let (_, id) = block::date_and_id(bytes).map_err(|m| corrupt(&k, m))?;
                held.push(id, &[bytes]);
            }
        }
        held.each("records", f)
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

    /// Writes `changes` all at once across every tree ([`super::journal`]): a crash
    /// leaves the database as before or as after, never half. The blocks the records
    /// join are built and staged one at a time, and the records to put are dropped as
    /// they are, so that a large import does not hold them twice.
    pub fn apply(&self, changes: Changes) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        self.apply_with(changes, &mut |_| Ok(()))
    }

    /// [`Store::apply`], with the dues payments `more` hands over staged too: gathered
    /// by member, compactly encoded, then each member's block written once; nothing is
    /// written when it fails.
    pub fn apply_with(
        &self,
        changes: Changes,
        more: &mut super::storage::MorePayments,
    ) -> Result<()> {
        let mut staged = self.stage()?;
        for (id, o) in &changes.orgs {
            staged.write(
                Target::Orgs,
                id.as_bytes(),
                o.as_ref().map(encode).as_deref(),
            )?;
        }
        for ((org, id), m) in &changes.members {
            staged.write(
                Target::Members,
                &key(&[org, id]),
                m.as_ref().map(encode).as_deref(),
            )?;
        }
        for ((org, c, i), m) in &changes.marks {
            let value = m.as_ref().map(encode);
            staged.write(Target::Marks, &key(&[org, c, i]), value.as_deref())?;
        }
        for ((org, m, from), d) in &changes.dues_settings {
            let value = d.as_ref().map(encode);
            staged.write(
                Target::DuesSettings,
                &key(&[org, m, from]),
                value.as_deref(),
            )?;
        }
        for t in &changes.tombstones {
            staged.write(Target::Tombstones, &tombstone_key(t), Some(&encode(t)))?;
        }
        for (k, v) in self.record_months_after(&changes)? {
            staged.write(Target::RecordMonths, &k, v.as_deref())?;
        }
        let mut payments = super::dues::block::Edits::default();
        for ((org, m, id), p) in &changes.dues_payments {
            match p {
                Some(p) => payments.put(p),
                None => payments.remove(org, m, id),
            }
        }
        // The records are written, and let go of, before the payments are read again.
        self.stage_blocks(changes, &mut staged)?;
        more(&mut |p| {
            payments.put(&p);
            Ok(())
        })?;
        // Each member's block is read and staged once, however many of its payments
        // change, and in whatever order the file holds them.
        let tree = self.dues_tree(super::dues::PAYMENTS)?;
        payments.each(
            |k| tree.get(k).map_err(|e| self.err(e)),
            |k, value| staged.write(Target::DuesPayments, k, value.as_deref()),
        )?;
        staged.commit()?;
        self.bump()
    }

    /// The record-month index of every org a record joins, grown by the records put.
    fn record_months_after(&self, changes: &Changes) -> Result<Vec<BlockWrite>> {
        let mut index: BTreeMap<&str, (super::months::Months, bool)> = BTreeMap::new();
        for (org, month, entries) in changes.records_put.entries() {
            if !index.contains_key(org) {
                index.insert(org, (self.record_months(org)?, false));
            }
            let (m, changed) = index.get_mut(org).expect("inserted above");
            for bytes in entries? {
                let obligations =
                    super::codec::obligations_of(bytes).map_err(|e| corrupt(b"import", e))?;
                *changed |= super::months::add(m, month, obligations);
            }
        }
        Ok(index
            .into_iter()
            .filter(|(_, (_, changed))| *changed)
            .map(|(org, (m, _))| (org.as_bytes().to_vec(), Some(super::months::encode(&m))))
            .collect())
    }

    /// Stages the new value of every block the changed records leave or join (`None`:
    /// empty), one block at a time.
    fn stage_blocks(&self, changes: Changes, staged: &mut Staged) -> Result<()> {
        let mut gone: HashSet<String> = HashSet::new();
        let mut leaving: BTreeSet<(String, Month)> = BTreeSet::new();
        for (id, org, month) in changes.records_removed {
            leaving.insert((org, month));
            gone.insert(id);
        }
        let mut joining = changes.records_put.into_blocks().peekable();
        let mut leaving = leaving.into_iter().peekable();
        loop {
            // The next block in key order, from either side.
            let next = match (joining.peek(), leaving.peek()) {
                (None, None) => break,
                (Some((a, _)), Some(b)) => a.clone().min(b.clone()),
                (Some((a, _)), None) => a.clone(),
                (None, Some(b)) => b.clone(),
            };
            let body = match joining.peek() {
                Some((at, _)) if *at == next => joining.next().map(|(_, body)| body),
                _ => None,
            };
            if leaving.peek() == Some(&next) {
                leaving.next();
            }
            let (org, month) = next;
            let k = block::key(&org, month);
            // Borrowed from the stored block and the new entries, copied once into the block.
            let mut entries = Vec::new();
            let stored = self.records.get(&k).map_err(|e| self.err(e))?;
            if let Some(v) = &stored {
                for bytes in super::records::block_body(&k, v)? {
                    let (date, id) = block::date_and_id(bytes).map_err(|m| corrupt(&k, m))?;
                    if !gone.contains(id) {
                        entries.push((date, id, bytes));
                    }
                }
            }
            for bytes in body
                .as_deref()
                .map(block::entries)
                .transpose()
                .map_err(|m| corrupt(&k, m))?
                .unwrap_or_default()
            {
                let (date, id) = block::date_and_id(bytes).map_err(|m| corrupt(&k, m))?;
                entries.push((date, id, bytes));
            }
            let value = (!entries.is_empty()).then(|| block::build(entries));
            staged.write(Target::Records, &k, value.as_deref())?;
        }
        Ok(())
    }
}

fn corrupt(k: &[u8], message: &str) -> super::StoreError {
    super::StoreError::Corrupt {
        key: String::from_utf8_lossy(k).replace('\0', "/"),
        message: message.to_string(),
    }
}
