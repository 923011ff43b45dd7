//! Reading and writing records through their blocks ([`super::block`]).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};

use super::{FORMAT, ObjectKind, Result, Store, StoreError, Tombstone, block, codec, encode};
use crate::model::Record;
use crate::status::RecordsNeeded;

/// What status reads of one org, still as stored: its record blocks and its members.
pub(super) struct StatusBytes {
    pub blocks: Vec<(sled::IVec, sled::IVec)>,
    pub members: Vec<(sled::IVec, sled::IVec)>,
}

impl Store {
    /// Adds or replaces a record atomically.
    pub fn put_record(&self, record: &Record) -> Result<()> {
        let old_year = self.index_year(&record.org, &record.id)?;
        self.write_record(&record.org, &record.id, old_year, Some(record), None)
    }

    /// Removes a record, leaving a tombstone; returns it, or `None` if there was none.
    pub fn delete_record(&self, id: &str, deleted_at: &str) -> Result<Option<Record>> {
        let Some((org, year)) = self.find(id)? else {
            return Ok(None);
        };
        let old = self.record_in(&org, year, id)?;
        if old.is_some() {
            let stone = Tombstone {
                kind: ObjectKind::Record,
                id: id.to_string(),
                org: org.clone(),
                deleted_at: deleted_at.to_string(),
            };
            self.write_record(&org, id, Some(year), None, Some(&stone))?;
        }
        Ok(old)
    }

    /// Rewrites the block the record leaves, the block it joins and the org's index, in
    /// one transaction.
    fn write_record(
        &self,
        org: &str,
        id: &str,
        old_year: Option<i32>,
        new: Option<&Record>,
        stone: Option<&Tombstone>,
    ) -> Result<()> {
        let mut blocks: HashMap<i32, Vec<block::Entry>> = HashMap::new();
        for year in old_year.into_iter().chain(new.map(block::year_of)) {
            if let std::collections::hash_map::Entry::Vacant(e) = blocks.entry(year) {
                let mut entries = self.block_entries(org, year)?;
                entries.retain(|(_, rid, _)| rid != id);
                e.insert(entries);
            }
        }
        if let Some(r) = new {
            blocks
                .get_mut(&block::year_of(r))
                .expect("loaded above")
                .push(block::encode(r));
        }
        let mut index = self.index_of(org)?;
        index.retain(|(rid, _)| rid != id);
        if let Some(r) = new {
            index.push((r.id.clone(), block::year_of(r)));
        }
        let index_value = block::build_index(index.iter().map(|(i, y)| (i.as_str(), *y)).collect());
        let block_values: Vec<(Vec<u8>, Option<Vec<u8>>)> = blocks
            .into_iter()
            .map(|(year, entries)| {
                let k = block::key(org, year);
                if entries.is_empty() {
                    (k, None)
                } else {
                    (k, Some(block::build(entries)))
                }
            })
            .collect();
        let trees = (&self.records, &self.record_index, &self.tombstones);
        let result: std::result::Result<(), TransactionError<()>> =
            trees.transaction(|(records, record_index, tombstones)| {
                for (k, v) in &block_values {
                    match v {
                        Some(v) => records.insert(k.as_slice(), v.as_slice())?,
                        None => records.remove(k.as_slice())?,
                    };
                }
                record_index.insert(org.as_bytes(), index_value.as_slice())?;
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
            Some((org, year)) => self.record_in(&org, year, id),
            None => Ok(None),
        }
    }

    fn record_in(&self, org: &str, year: i32, id: &str) -> Result<Option<Record>> {
        self.block_entries(org, year)?
            .into_iter()
            .find(|(_, rid, _)| rid == id)
            .map(|(_, _, bytes)| codec::read_record(&bytes))
            .transpose()
            .map_err(|m| corrupt(&block::key(org, year), m))
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

    /// The org and block year of record `id`, from the record indexes of every org.
    fn find(&self, id: &str) -> Result<Option<(String, i32)>> {
        for kv in self.record_index.iter() {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            let entries = index_body(&k, &v)?;
            if let Ok(i) = entries.binary_search_by(|(rid, _)| (*rid).cmp(id)) {
                let org = String::from_utf8_lossy(&k).into_owned();
                return Ok(Some((org, entries[i].1)));
            }
        }
        Ok(None)
    }

    /// The block year of record `id` in `org`'s index.
    fn index_year(&self, org: &str, id: &str) -> Result<Option<i32>> {
        Ok(self
            .index_of(org)?
            .into_iter()
            .find(|(rid, _)| rid == id)
            .map(|(_, y)| y))
    }

    pub(super) fn index_of(&self, org: &str) -> Result<Vec<(String, i32)>> {
        match self
            .record_index
            .get(org.as_bytes())
            .map_err(|e| self.err(e))?
        {
            Some(v) => Ok(index_body(org.as_bytes(), &v)?
                .into_iter()
                .map(|(i, y)| (i.to_string(), y))
                .collect()),
            None => Ok(Vec::new()),
        }
    }

    fn block_entries(&self, org: &str, year: i32) -> Result<Vec<block::Entry>> {
        let k = block::key(org, year);
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

    /// Writes many records in a few large batches (the demo generator, a restore).
    pub(super) fn load_records(&self, records: &[Record]) -> Result<()> {
        // In key order: sled then fills its pages one after another instead of splitting
        // and rewriting them all over the tree.
        let mut by_block: BTreeMap<(&str, i32), Vec<block::Entry>> = BTreeMap::new();
        let mut by_org: BTreeMap<&str, Vec<(&str, i32)>> = BTreeMap::new();
        for r in records {
            let year = block::year_of(r);
            by_block
                .entry((r.org.as_str(), year))
                .or_default()
                .push(block::encode(r));
            by_org
                .entry(r.org.as_str())
                .or_default()
                .push((r.id.as_str(), year));
        }
        let mut batch = sled::Batch::default();
        for ((org, year), entries) in by_block {
            batch.insert(block::key(org, year), block::build(entries));
        }
        self.records.apply_batch(batch).map_err(|e| self.err(e))?;
        let mut batch = sled::Batch::default();
        for (org, entries) in by_org {
            batch.insert(org.as_bytes(), block::build_index(entries));
        }
        self.record_index
            .apply_batch(batch)
            .map_err(|e| self.err(e))?;
        Ok(())
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
    let from_year = chrono::Datelike::year(&needed.from);
    for (k, v) in blocks {
        let old = block::parse_key(k).is_some_and(|(_, y)| y < from_year);
        for bytes in block_body(k, v)? {
            // A block of a year before `from` only matters for its history records.
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

fn block_body<'v>(k: &[u8], v: &'v [u8]) -> Result<Vec<&'v [u8]>> {
    match v.split_first() {
        Some((&FORMAT, rest)) => block::entries(rest).map_err(|m| corrupt(k, m)),
        _ => Err(corrupt(k, "unknown value format")),
    }
}

fn index_body<'v>(k: &[u8], v: &'v [u8]) -> Result<Vec<(&'v str, i32)>> {
    match v.split_first() {
        Some((&FORMAT, rest)) => block::index_entries(rest).map_err(|m| corrupt(k, m)),
        _ => Err(corrupt(k, "unknown value format")),
    }
}

fn corrupt(k: &[u8], message: &str) -> StoreError {
    StoreError::Corrupt {
        key: String::from_utf8_lossy(k).replace('\0', "/"),
        message: message.to_string(),
    }
}
