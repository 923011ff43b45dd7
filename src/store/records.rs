//! Reading and writing records through their blocks ([`super::block`]).
//!
//! There is no index by id: an org's records are a few dozen small blocks, so a record of
//! a known org is found by reading them, and one known by id alone (`record delete ID`)
//! by reading every block's ids once.

use std::collections::{BTreeMap, HashMap};

use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};

use super::block::{self, Entry, Month};
use super::months::{self, Months};
use super::{FORMAT, Result, Store, StoreError, codec, encode};
use crate::model::{Member, ObjectKind, Record, Tombstone};
use crate::status::RecordsNeeded;

/// What the judge reads of one org: its record blocks and members still as stored, with
/// what it asked for. The views it hands out borrow the stored bytes.
pub struct OrgBytes {
    pub(super) blocks: Vec<(sled::IVec, sled::IVec)>,
    members: Vec<(sled::IVec, sled::IVec)>,
    needed: RecordsNeeded,
}

impl OrgBytes {
    /// Blocks (as the folder keeps them: `org \0 YYYY-MM` → records sorted by date and
    /// id) and members (key → encoded member) read by another store.
    pub(super) fn new(
        blocks: Vec<(sled::IVec, sled::IVec)>,
        members: Vec<(sled::IVec, sled::IVec)>,
        needed: RecordsNeeded,
    ) -> OrgBytes {
        OrgBytes {
            blocks,
            members,
            needed,
        }
    }

    /// The records status needs, as views into the stored bytes: those dated from
    /// `needed.from` on, then the earlier records of each `needed.history` obligation.
    pub fn record_views(&self) -> Result<Vec<codec::RecordView<'_>>> {
        select_for_status(&self.blocks, &self.needed)
    }

    /// The same records as [`OrgBytes::record_views`] chooses from, decoded whole (scoring
    /// reads every field), in stored order.
    pub fn records(&self) -> Result<Vec<Record>> {
        needed_entries(&self.blocks, &self.needed)?
            .into_iter()
            .map(|(k, entry)| codec::read_record(entry).map_err(|m| corrupt(k, m)))
            .collect()
    }

    /// The org's members.
    pub fn members(&self) -> Result<Vec<Member>> {
        self.members
            .iter()
            .map(|(k, v)| super::decode(k, v))
            .collect()
    }

    /// How many bytes were read: the floor judging is measured against.
    pub fn len(&self) -> usize {
        self.blocks
            .iter()
            .chain(&self.members)
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Store {
    /// Adds or replaces a record atomically (a record keeps its org).
    pub fn put_record(&self, record: &Record) -> Result<()> {
        let old = self.month_in_org(&record.org, &record.id)?;
        self.write_record(&record.org, &record.id, old, Some(record), None)
    }

    /// Removes a record, leaving a tombstone; returns it, or `None` if there was none.
    pub fn delete_record(&self, id: &str, deleted_at: &str) -> Result<Option<Record>> {
        let Some((org, month)) = self.find(id)? else {
            return Ok(None);
        };
        let old = self.record_in(&org, month, id)?;
        if old.is_some() {
            let stone = Tombstone {
                kind: ObjectKind::Record,
                id: id.to_string(),
                org: org.clone(),
                deleted_at: deleted_at.to_string(),
            };
            self.write_record(&org, id, Some(month), None, Some(&stone))?;
        }
        Ok(old)
    }

    /// Rewrites the block the record leaves and the block it joins in one transaction.
    fn write_record(
        &self,
        org: &str,
        id: &str,
        old: Option<Month>,
        new: Option<&Record>,
        stone: Option<&Tombstone>,
    ) -> Result<()> {
        let mut blocks: HashMap<Month, Vec<Entry>> = HashMap::new();
        for month in old.into_iter().chain(new.map(|r| block::month_of(r.date))) {
            if let std::collections::hash_map::Entry::Vacant(e) = blocks.entry(month) {
                let mut entries = self.block_entries(org, month)?;
                entries.retain(|(_, rid, _)| rid != id);
                e.insert(entries);
            }
        }
        if let Some(r) = new {
            blocks
                .get_mut(&block::month_of(r.date))
                .expect("loaded above")
                .push(block::encode(r));
        }
        let values: Vec<(Vec<u8>, Option<Vec<u8>>)> = blocks
            .into_iter()
            .map(|(month, entries)| {
                let k = block::key(org, month);
                (k, (!entries.is_empty()).then(|| block::build(entries)))
            })
            .collect();
        let mut index = None;
        if let Some(r) = new {
            let mut m = self.record_months(org)?;
            let obligations = r.obligations.iter().map(String::as_str);
            if months::add(&mut m, block::month_of(r.date), obligations) {
                index = Some(months::encode(&m));
            }
        }
        let trees = (&self.records, &self.tombstones, &self.record_months);
        let result: std::result::Result<(), TransactionError<()>> =
            trees.transaction(|(records, tombstones, record_months)| {
                for (k, v) in &values {
                    match v {
                        Some(v) => records.insert(k.as_slice(), v.as_slice())?,
                        None => records.remove(k.as_slice())?,
                    };
                }
                if let Some(stone) = stone {
                    tombstones.insert(super::tombstone_key(stone), encode(stone))?;
                }
                if let Some(index) = &index {
                    record_months.insert(org.as_bytes(), index.as_slice())?;
                }
                Ok::<_, ConflictableTransactionError<()>>(())
            });
        self.transaction_result(result)?;
        self.bump_org(org)
    }

    /// The record `id`, wherever it is.
    pub fn record(&self, id: &str) -> Result<Option<Record>> {
        match self.find(id)? {
            Some((org, month)) => self.record_in(&org, month, id),
            None => Ok(None),
        }
    }

    fn record_in(&self, org: &str, month: Month, id: &str) -> Result<Option<Record>> {
        self.block_entries(org, month)?
            .into_iter()
            .find(|(_, rid, _)| rid == id)
            .map(|(_, _, bytes)| codec::read_record(&bytes))
            .transpose()
            .map_err(|m| corrupt(&block::key(org, month), m))
    }

    /// Every record of `org`, oldest first.
    pub fn records(&self, org: &str) -> Result<Vec<Record>> {
        let mut out = Vec::new();
        for kv in self.records.scan_prefix(super::prefix(&[org])) {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            for bytes in block_body(&k, &v)? {
                out.push(codec::read_record(bytes).map_err(|m| corrupt(&k, m))?);
            }
        }
        Ok(out)
    }

    /// The org and block month of record `id`, from the ids of every block.
    fn find(&self, id: &str) -> Result<Option<(String, Month)>> {
        for kv in self.records.iter() {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            if contains(&k, &v, id)? {
                let (org, month) = block::parse_key(&k).ok_or_else(|| corrupt(&k, "bad key"))?;
                return Ok(Some((org.to_string(), month)));
            }
        }
        Ok(None)
    }

    /// The block month of record `id` among `org`'s blocks.
    fn month_in_org(&self, org: &str, id: &str) -> Result<Option<Month>> {
        for kv in self.records.scan_prefix(super::prefix(&[org])) {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            if contains(&k, &v, id)? {
                return Ok(block::parse_key(&k).map(|(_, m)| m));
            }
        }
        Ok(None)
    }

    fn block_entries(&self, org: &str, month: Month) -> Result<Vec<Entry>> {
        let k = block::key(org, month);
        let Some(v) = self.records.get(&k).map_err(|e| self.err(e))? else {
            return Ok(Vec::new());
        };
        block_body(&k, &v)?
            .into_iter()
            .map(|bytes| {
                let (date, id) = block::date_and_id(bytes).map_err(|m| corrupt(&k, m))?;
                Ok((date, id.to_string(), bytes.to_vec()))
            })
            .collect()
    }

    /// The stored bytes the judge needs of `org`: its blocks from the month of
    /// `needed.from` on, the earlier blocks the record-month index names for
    /// `needed.history` (the records are chosen from them by [`OrgBytes`]), and its
    /// members. Nothing is decoded here.
    pub fn read_org(&self, org: &str, needed: RecordsNeeded) -> Result<OrgBytes> {
        let p = super::prefix(&[org]);
        let first = block::month_of(needed.from);
        let mut earlier: std::collections::BTreeSet<Month> = Default::default();
        if !needed.history.is_empty() {
            let index = self.record_months(org)?;
            for o in &needed.history {
                earlier.extend(index.get(o).into_iter().flatten().filter(|m| **m < first));
            }
        }
        let mut blocks = Vec::with_capacity(earlier.len() + 16);
        for month in earlier {
            let k = block::key(org, month);
            if let Some(v) = self.records.get(&k).map_err(|e| self.err(e))? {
                blocks.push((sled::IVec::from(k), v));
            }
        }
        let mut end = p.clone();
        *end.last_mut().expect("a prefix ends in \\0") = 1;
        for kv in self.records.range(block::key(org, first)..end) {
            blocks.push(kv.map_err(|e| self.err(e))?);
        }
        let members = self
            .members
            .scan_prefix(&p)
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        Ok(OrgBytes {
            blocks,
            members,
            needed,
        })
    }

    /// Writes many records in one batch, in key order (the demo generator, a restore).
    pub(super) fn load_records(&self, records: &[Record]) -> Result<()> {
        // In key order: sled then fills its pages one after another.
        let mut by_block: BTreeMap<(&str, Month), Vec<Entry>> = BTreeMap::new();
        for r in records {
            by_block
                .entry((r.org.as_str(), block::month_of(r.date)))
                .or_default()
                .push(block::encode(r));
        }
        // The index first: a kill before the blocks leaves it naming too much, never
        // too little.
        let mut index: BTreeMap<&str, Months> = BTreeMap::new();
        for r in records {
            if !index.contains_key(r.org.as_str()) {
                index.insert(&r.org, self.record_months(&r.org)?);
            }
            let m = index.get_mut(r.org.as_str()).expect("inserted above");
            months::add(
                m,
                block::month_of(r.date),
                r.obligations.iter().map(String::as_str),
            );
        }
        let mut batch = sled::Batch::default();
        for (org, m) in &index {
            batch.insert(org.as_bytes(), months::encode(m));
        }
        self.record_months
            .apply_batch(batch)
            .map_err(|e| self.err(e))?;
        let mut batch = sled::Batch::default();
        for ((org, month), entries) in by_block {
            batch.insert(block::key(org, month), block::build(entries));
        }
        self.records.apply_batch(batch).map_err(|e| self.err(e))
    }

    /// The record-month index of `org` (empty if it has none).
    pub(super) fn record_months(&self, org: &str) -> Result<Months> {
        match self
            .record_months
            .get(org.as_bytes())
            .map_err(|e| self.err(e))?
        {
            Some(v) => months::decode(&v)
                .map_err(|m| corrupt(&[b"record_months/", org.as_bytes()].concat(), m)),
            None => Ok(Months::new()),
        }
    }

    /// The record-month index of every org, exactly as the blocks are now.
    pub(super) fn record_months_from_blocks(&self) -> Result<BTreeMap<String, Months>> {
        let mut out: BTreeMap<String, Months> = BTreeMap::new();
        for kv in self.records.iter() {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            let Some((org, month)) = block::parse_key(&k) else {
                continue;
            };
            let m = out.entry(org.to_string()).or_default();
            for bytes in block_body(&k, &v)? {
                let obligations = codec::obligations_of(bytes).map_err(|e| corrupt(&k, e))?;
                months::add(m, month, obligations);
            }
        }
        Ok(out)
    }

    /// Writes the record-month index again from the blocks.
    pub(super) fn rebuild_record_months(&self) -> Result<()> {
        self.write_record_months(&self.record_months_from_blocks()?)
    }

    /// Replaces the whole record-month index with `exact`.
    pub(super) fn write_record_months(&self, exact: &BTreeMap<String, Months>) -> Result<()> {
        let mut batch = sled::Batch::default();
        for kv in self.record_months.iter() {
            let (k, _) = kv.map_err(|e| self.err(e))?;
            batch.remove(k);
        }
        for (org, m) in exact {
            batch.insert(org.as_bytes(), months::encode(m));
        }
        self.record_months
            .apply_batch(batch)
            .map_err(|e| self.err(e))
    }
}

/// The records status needs, as views into the blocks: those dated from `needed.from` on,
/// then the earlier records of each `needed.history` obligation.
fn select_for_status<'a>(
    blocks: &'a [(sled::IVec, sled::IVec)],
    needed: &RecordsNeeded,
) -> Result<Vec<codec::RecordView<'a>>> {
    let mut recent = Vec::new();
    let mut earlier = Vec::new();
    for (k, bytes) in needed_entries(blocks, needed)? {
        let view = codec::read_record_view(bytes).map_err(|m| corrupt(k, m))?;
        if crate::status::Activity::date(&view) >= needed.from {
            recent.push(view);
        } else if !needed.history.is_empty() {
            earlier.push(view);
        }
    }
    for o in &needed.history {
        recent.extend(
            earlier
                .iter()
                .filter(|v| crate::status::Activity::obligations(*v).any(|x| x == o))
                .cloned(),
        );
    }
    Ok(recent)
}

/// The encoded records of `blocks` that `needed` asks for, with their block's key: every
/// record of a block that reaches `needed.from`, and of a block wholly before it only the
/// records of a `needed.history` obligation.
fn needed_entries<'a>(
    blocks: &'a [(sled::IVec, sled::IVec)],
    needed: &RecordsNeeded,
) -> Result<Vec<(&'a [u8], &'a [u8])>> {
    let mut out = Vec::new();
    for (k, v) in blocks {
        let old = block::parse_key(k).is_some_and(|(_, m)| block::month_end(m) < needed.from);
        if old && needed.history.is_empty() {
            continue;
        }
        for bytes in block_body(k, v)? {
            if old && !codec::lists_any(bytes, &needed.history).map_err(|m| corrupt(k, m))? {
                continue;
            }
            out.push((k.as_ref(), bytes));
        }
    }
    Ok(out)
}

/// Whether the block holds record `id`.
fn contains(k: &[u8], v: &[u8], id: &str) -> Result<bool> {
    for bytes in block_body(k, v)? {
        if block::date_and_id(bytes).map_err(|m| corrupt(k, m))?.1 == id {
            return Ok(true);
        }
    }
    Ok(false)
}

pub(super) fn block_body<'v>(k: &[u8], v: &'v [u8]) -> Result<Vec<&'v [u8]>> {
    match v.split_first() {
        Some((&FORMAT, rest)) => block::entries(rest).map_err(|m| corrupt(k, m)),
        _ => Err(corrupt(k, "unknown value format")),
    }
}

fn corrupt(k: &[u8], message: &str) -> StoreError {
    StoreError::Corrupt {
        key: String::from_utf8_lossy(k).replace('\0', "/"),
        message: message.to_string(),
    }
}
