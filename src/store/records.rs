//! Reading and writing records through their blocks ([`super::block`]).
//!
//! There is no index by id: an org's records are a few dozen small blocks, so a record of
//! a known org is found by reading them, and one known by id alone (`record delete ID`)
//! by reading every block's ids once.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};

use super::block::{self, Entry, Month};
use super::{FORMAT, ObjectKind, Result, Store, StoreError, Tombstone, codec, encode};
use crate::model::Record;
use crate::status::RecordsNeeded;

/// What status reads of one org, still as stored: its record blocks and its members.
pub(super) struct StatusBytes {
    pub blocks: Vec<(sled::IVec, sled::IVec)>,
    pub members: Vec<(sled::IVec, sled::IVec)>,
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
        let trees = (&self.records, &self.tombstones);
        let result: std::result::Result<(), TransactionError<()>> =
            trees.transaction(|(records, tombstones)| {
                for (k, v) in &values {
                    match v {
                        Some(v) => records.insert(k.as_slice(), v.as_slice())?,
                        None => records.remove(k.as_slice())?,
                    };
                }
                if let Some(stone) = stone {
                    tombstones.insert(super::tombstone_key(stone), encode(stone))?;
                }
                Ok::<_, ConflictableTransactionError<()>>(())
            });
        self.transaction_result(result)?;
        self.bump()
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

    /// The stored bytes status needs for `org`: its blocks (the views are chosen from
    /// them by [`select_for_status`]) and its members.
    pub(super) fn read_for_status(&self, org: &str) -> Result<StatusBytes> {
        let p = super::prefix(&[org]);
        let blocks = self
            .records
            .scan_prefix(&p)
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        let members = self
            .members
            .scan_prefix(&p)
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        Ok(StatusBytes { blocks, members })
    }

    /// Judges `org` on `today`, decoding only the fields status reads.
    pub fn evaluate(
        &self,
        catalog: &crate::checklist::Catalog,
        cal: &crate::period::Calendar,
        org: &crate::model::Org,
        today: NaiveDate,
    ) -> Result<crate::status::OrgStatus> {
        let needed = crate::status::records_needed(catalog, cal, today);
        let bytes = self.read_for_status(&org.id)?;
        let views = select_for_status(&bytes.blocks, &needed)?;
        let members = bytes
            .members
            .iter()
            .map(|(k, v)| super::decode(k, v))
            .collect::<Result<Vec<crate::model::Member>>>()?;
        Ok(crate::status::evaluate(
            catalog, cal, org, &members, &views, today,
        ))
    }

    /// The org's scores for `year` as of `today` (SPEC §6), from its records, members
    /// and marks.
    pub fn score(
        &self,
        catalog: &crate::checklist::Catalog,
        cal: &crate::period::Calendar,
        org: &crate::model::Org,
        year: i32,
        today: NaiveDate,
    ) -> Result<Vec<crate::score::ChecklistScore>> {
        if crate::score::scored_checklists(catalog, org).is_empty() {
            return Ok(Vec::new());
        }
        let records = self.records(&org.id)?;
        let members = self.members(&org.id)?;
        let marks = self.marks(&org.id)?;
        let data = crate::score::OrgData {
            members: &members,
            records: &records,
            marks: &marks,
        };
        Ok(crate::score::score_org(
            catalog, cal, org, data, year, today,
        ))
    }

    /// Reads exactly the bytes [`Store::evaluate`] reads and decodes nothing: the floor
    /// status is measured against. Returns how many bytes that is.
    pub fn raw_read_for_status(&self, org: &str) -> Result<usize> {
        let bytes = self.read_for_status(org)?;
        Ok(bytes
            .blocks
            .iter()
            .chain(&bytes.members)
            .map(|(k, v)| k.len() + v.len())
            .sum())
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
        let mut batch = sled::Batch::default();
        for ((org, month), entries) in by_block {
            batch.insert(block::key(org, month), block::build(entries));
        }
        self.records.apply_batch(batch).map_err(|e| self.err(e))
    }
}

/// The records status needs, as views into the blocks: those dated from `needed.from` on,
/// then the earlier records of each `needed.history` obligation.
pub(super) fn select_for_status<'a>(
    blocks: &'a [(sled::IVec, sled::IVec)],
    needed: &RecordsNeeded,
) -> Result<Vec<codec::RecordView<'a>>> {
    let mut recent = Vec::new();
    let mut earlier = Vec::new();
    for (k, v) in blocks {
        // A block wholly before `from` only matters for its history records.
        let old = block::parse_key(k).is_some_and(|(_, m)| block::month_end(m) < needed.from);
        if old && needed.history.is_empty() {
            continue;
        }
        for bytes in block_body(k, v)? {
            if old && !codec::lists_any(bytes, &needed.history).map_err(|m| corrupt(k, m))? {
                continue;
            }
            let view = codec::read_record_view(bytes).map_err(|m| corrupt(k, m))?;
            if crate::status::Activity::date(&view) >= needed.from {
                recent.push(view);
            } else if !needed.history.is_empty() {
                earlier.push(view);
            }
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
