//! Reading and writing records through their blocks ([`super::block`]).
//!
//! There is no index by id: an org's records are a few dozen small blocks, so a record of
//! a known org is found by reading them, and one known by id alone (`record delete ID`)
//! by reading every block's ids once.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};

use super::block::{self, Entry, Month};
use super::months::{self, Months};
use super::{FORMAT, Result, Store, StoreError, codec, encode};
use crate::model::Record;
use crate::model::{ObjectKind, Tombstone};
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

    /// The stored bytes status needs for `org`: its blocks from the month of
    /// `needed.from` on, the earlier blocks the record-month index names for
    /// `needed.history` (the views are chosen from them by [`select_for_status`]), and its
    /// members.
    pub(super) fn read_for_status(&self, org: &str, needed: &RecordsNeeded) -> Result<StatusBytes> {
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
        let bytes = self.read_for_status(&org.id, &needed)?;
        let views = select_for_status(&bytes.blocks, &needed)?;
        let mut members = bytes
            .members
            .iter()
            .map(|(k, v)| super::decode(k, v))
            .collect::<Result<Vec<crate::model::Member>>>()?;
        members.extend(self.members_below(catalog, org)?);
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
        // The periods due in `year` start no earlier than those holding its Jan 1; records
        // after it count up to today (done late), and `once` and event obligations are
        // read over all time through the record-month index.
        let jan1 = NaiveDate::from_ymd_opt(year, 1, 1)
            .ok_or_else(|| corrupt(org.id.as_bytes(), "year out of range"))?;
        let needed = crate::status::records_needed(catalog, cal, jan1);
        let bytes = self.read_for_status(&org.id, &needed)?;
        let records = needed_entries(&bytes.blocks, &needed)?
            .into_iter()
            .map(|(k, entry)| codec::read_record(entry).map_err(|m| corrupt(k, m)))
            .collect::<Result<Vec<Record>>>()?;
        let mut members = bytes
            .members
            .iter()
            .map(|(k, v)| super::decode(k, v))
            .collect::<Result<Vec<crate::model::Member>>>()?;
        members.extend(self.members_below(catalog, org)?);
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

    /// The members of every org below `org`, when an obligation it owes counts them
    /// (`scope: tree`, a school's 每名青年教师); else none, and nothing is read.
    fn members_below(
        &self,
        catalog: &crate::checklist::Catalog,
        org: &crate::model::Org,
    ) -> Result<Vec<crate::model::Member>> {
        let wanted = catalog.obligations.iter().any(|o| {
            o.scope == crate::checklist::Scope::Tree
                && o.applies_to_kind(org.kind)
                && catalog.is_listed(org, o)
        });
        if !wanted {
            return Ok(Vec::new());
        }
        let orgs = self.orgs()?;
        let mut below = Vec::new();
        for o in crate::model::descendants(&orgs, &org.id) {
            below.extend(self.members(o)?);
        }
        Ok(below)
    }

    /// Reads exactly the bytes [`Store::evaluate`] reads and decodes nothing: the floor
    /// status is measured against. Returns how many bytes that is.
    pub fn raw_read_for_status(&self, org: &str, needed: &RecordsNeeded) -> Result<usize> {
        let bytes = self.read_for_status(org, needed)?;
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
pub(super) fn select_for_status<'a>(
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
