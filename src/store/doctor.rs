//! `dangjian doctor`: every stored value decodes, every record sits once in the block of
//! its org and month, and what can be mended from the records themselves is mended.

use std::collections::BTreeMap;

use serde::Serialize;

use super::records::block_body;
use super::{Result, Store, Value, block, codec, decode};
use crate::model::{Mark, Tombstone};
use crate::model::{Member, Org, Record};

/// What a check found, and what it mended.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct Findings {
    /// Values counted per tree.
    pub orgs: usize,
    pub members: usize,
    pub records: usize,
    pub marks: usize,
    pub tombstones: usize,
    /// Half-written snapshots a killed process had left, removed when the folder opened.
    pub stale_snapshots: Vec<String>,
    /// Stored values that do not decode: `tree/key: why`. Nothing rebuilds these.
    pub unreadable: Vec<String>,
    /// Records found in the block of another org or month, moved where they belong.
    pub misplaced: usize,
    /// Second copies of a record (the copy edited last is kept).
    pub duplicates: usize,
    /// Orgs whose record-month index leaves out a month that holds one of their
    /// records (status would miss it): rebuilt from the blocks.
    pub index_gaps: usize,
    /// Members and records whose org is missing: `member ID (org ORG)`. Nothing mends
    /// these; an import or a restore can.
    pub orphans: Vec<Orphan>,
    /// Temporary files a killed backup or export left, removed.
    pub leftovers: Vec<String>,
    /// Databases a restore moved aside (`db.broken-*`): kept until the user deletes them.
    pub moved_aside: Vec<String>,
}

/// A member or record whose org is missing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Orphan {
    pub kind: super::ObjectKind,
    pub id: String,
    pub org: String,
}

impl Findings {
    /// Nothing found in how the values are stored (orphans are the data's own matter).
    pub fn clean(&self) -> bool {
        self.stale_snapshots.is_empty()
            && self.unreadable.is_empty()
            && self.misplaced == 0
            && self.duplicates == 0
            && self.index_gaps == 0
            && self.leftovers.is_empty()
    }
}

impl Store {
    /// Checks every value and where each record is kept; with `repair`, rewrites the blocks
    /// that hold a misplaced or duplicated record.
    pub fn doctor(&self, repair: bool) -> Result<Findings> {
        let mut f = Findings {
            stale_snapshots: self
                .removed_stale
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            ..Findings::default()
        };
        f.orgs = self.check_tree::<Org>(&self.orgs, "orgs", &mut f.unreadable)?;
        f.members = self.check_tree::<Member>(&self.members, "members", &mut f.unreadable)?;
        f.marks = self.check_tree::<Mark>(&self.marks, "marks", &mut f.unreadable)?;
        f.tombstones =
            self.check_tree::<Tombstone>(&self.tombstones, "tombstones", &mut f.unreadable)?;
        self.check_payment_blocks(&mut f.unreadable)?;

        let mut by_id: BTreeMap<String, Record> = BTreeMap::new();
        let mut broken_blocks: Vec<sled::IVec> = Vec::new();
        for kv in self.records.iter() {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            let Some((org, month)) = block::parse_key(&k) else {
                f.unreadable
                    .push(format!("record_blocks/{}: not a block key", printable(&k)));
                continue;
            };
            let entries = match block_body(&k, &v) {
                Ok(e) => e,
                Err(e) => {
                    f.unreadable
                        .push(format!("record_blocks/{}: {e}", printable(&k)));
                    continue;
                }
            };
            let mut mended = false;
            for bytes in entries {
                let r = match codec::read_record(bytes) {
                    Ok(r) => r,
                    Err(e) => {
                        f.unreadable
                            .push(format!("record_blocks/{}: {e}", printable(&k)));
                        continue;
                    }
                };
                if r.org != org || block::month_of(r.date) != month {
                    f.misplaced += 1;
                    mended = true;
                }
                match by_id.get(&r.id) {
                    Some(kept) => {
                        f.duplicates += 1;
                        mended = true;
                        if r.updated_at > kept.updated_at {
                            by_id.insert(r.id.clone(), r);
                        }
                    }
                    None => {
                        by_id.insert(r.id.clone(), r);
                    }
                }
            }
            if mended {
                broken_blocks.push(k);
            }
        }
        f.records = by_id.len();
        if repair && !broken_blocks.is_empty() {
            // Every record of the blocks concerned is written again where it belongs.
            let mut rewrite: Vec<Record> = Vec::new();
            let mut orgs: Vec<String> = Vec::new();
            for k in &broken_blocks {
                if let Some((org, _)) = block::parse_key(k) {
                    orgs.push(org.to_string());
                }
                self.records.remove(k).map_err(|e| self.err(e))?;
            }
            for r in by_id.values() {
                if orgs.contains(&r.org) || broken_blocks.iter().any(|k| holds(k, r)) {
                    rewrite.push(r.clone());
                }
            }
            for r in &rewrite {
                self.put_record(r)?;
            }
            self.flush()?;
        }
        // The index the records read above call for (where they belong, after any mending).
        let mut exact: BTreeMap<String, super::months::Months> = BTreeMap::new();
        for r in by_id.values() {
            let obligations = r.obligations.iter().map(String::as_str);
            super::months::add(
                exact.entry(r.org.clone()).or_default(),
                block::month_of(r.date),
                obligations,
            );
        }
        self.check_record_months(&exact, repair, &mut f)?;
        self.find_orphans(by_id.values(), &mut f)?;
        Ok(f)
    }

    /// Counts the orgs whose record-month index misses a month of `exact`; with `repair`,
    /// writes the index as `exact`.
    fn check_record_months(
        &self,
        exact: &BTreeMap<String, super::months::Months>,
        repair: bool,
        f: &mut Findings,
    ) -> Result<()> {
        for (org, months) in exact {
            match self.record_months(org) {
                Ok(stored) if super::months::covers(&stored, months) => {}
                Ok(_) => f.index_gaps += 1,
                Err(e) => {
                    f.unreadable.push(e.to_string());
                    f.index_gaps += 1;
                }
            }
        }
        if repair && f.index_gaps > 0 {
            self.write_record_months(exact)?;
            self.flush()?;
        }
        Ok(())
    }

    /// Members and records whose org is not stored.
    fn find_orphans<'r>(
        &self,
        records: impl Iterator<Item = &'r Record>,
        f: &mut Findings,
    ) -> Result<()> {
        let orgs: std::collections::BTreeSet<String> = self
            .orgs
            .iter()
            .keys()
            .filter_map(|k| k.ok().map(|k| printable(&k)))
            .collect();
        for kv in self.members.iter() {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            if let Ok(m) = decode::<Member>(&k, &v)
                && !orgs.contains(&m.org)
            {
                f.orphans.push(Orphan {
                    kind: super::ObjectKind::Member,
                    id: m.id,
                    org: m.org,
                });
            }
        }
        for r in records.filter(|r| !orgs.contains(&r.org)) {
            f.orphans.push(Orphan {
                kind: super::ObjectKind::Record,
                id: r.id.clone(),
                org: r.org.clone(),
            });
        }
        Ok(())
    }

    fn check_payment_blocks(&self, unreadable: &mut Vec<String>) -> Result<()> {
        let name = super::dues::PAYMENTS;
        for kv in self.dues_tree(name)?.iter() {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            if let Err(e) = super::dues::block::payments(&k, &v) {
                unreadable.push(format!("{name}/{}: {e}", printable(&k)));
            }
        }
        Ok(())
    }

    fn check_tree<T: Value>(
        &self,
        tree: &sled::Tree,
        name: &str,
        unreadable: &mut Vec<String>,
    ) -> Result<usize> {
        let mut n = 0;
        for kv in tree.iter() {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            match decode::<T>(&k, &v) {
                Ok(_) => n += 1,
                Err(e) => unreadable.push(format!("{name}/{}: {e}", printable(&k))),
            }
        }
        Ok(n)
    }
}

fn holds(k: &[u8], r: &Record) -> bool {
    k == block::key(&r.org, block::month_of(r.date)).as_slice()
}

fn printable(k: &[u8]) -> String {
    String::from_utf8_lossy(k).replace('\0', "/")
}
