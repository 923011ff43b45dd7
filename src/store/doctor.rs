//! `dangjian doctor`: every stored value decodes, the indexes agree with the records, and
//! what can be rebuilt from the records is rebuilt.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Mark, Result, Store, Tombstone, Value, block, codec, decode};
use crate::model::{Member, Org};

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
    /// Index entries that were missing and have been written.
    pub index_added: usize,
    /// Index entries that pointed at nothing and have been removed.
    pub index_removed: usize,
}

impl Findings {
    pub fn clean(&self) -> bool {
        self.stale_snapshots.is_empty()
            && self.unreadable.is_empty()
            && self.index_added == 0
            && self.index_removed == 0
    }
}

impl Store {
    /// Checks every value and both indexes; with `repair`, rewrites the indexes from the
    /// records (the records are the truth; the indexes only speed up reads).
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

        // The record indexes as the blocks say they should be.
        let mut want: BTreeMap<String, Vec<(String, i32)>> = BTreeMap::new();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for kv in self.records.iter() {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            let Some((org, year)) = block::parse_key(&k) else {
                f.unreadable
                    .push(format!("record_blocks/{}: not a block key", printable(&k)));
                continue;
            };
            let entries = match v.split_first() {
                Some((&super::FORMAT, rest)) => block::entries(rest),
                _ => Err("unknown value format"),
            };
            let entries = match entries {
                Ok(e) => e,
                Err(e) => {
                    f.unreadable
                        .push(format!("record_blocks/{}: {e}", printable(&k)));
                    continue;
                }
            };
            for bytes in entries {
                match codec::read_record(bytes) {
                    Ok(r) if r.org == org && block::year_of(&r) == year => {
                        f.records += 1;
                        if !seen.insert(r.id.clone()) {
                            f.unreadable.push(format!("record {}: stored twice", r.id));
                        }
                        want.entry(r.org.clone()).or_default().push((r.id, year));
                    }
                    Ok(r) => f.unreadable.push(format!(
                        "record {}: stored in the block of {}/{year}",
                        r.id, org
                    )),
                    Err(e) => f
                        .unreadable
                        .push(format!("record_blocks/{}: {e}", printable(&k))),
                }
            }
        }
        let mut orgs_with_index: BTreeSet<String> = BTreeSet::new();
        for kv in self.record_index.iter() {
            let (k, _) = kv.map_err(|e| self.err(e))?;
            orgs_with_index.insert(String::from_utf8_lossy(&k).into_owned());
        }
        for org in orgs_with_index
            .iter()
            .chain(want.keys())
            .collect::<BTreeSet<_>>()
        {
            let mut have = self.index_of(org).unwrap_or_default();
            have.sort();
            let mut should = want.get(org.as_str()).cloned().unwrap_or_default();
            should.sort();
            if have == should {
                continue;
            }
            f.index_added += should.iter().filter(|e| !have.contains(e)).count();
            f.index_removed += have.iter().filter(|e| !should.contains(e)).count();
            if repair {
                if should.is_empty() {
                    self.record_index
                        .remove(org.as_bytes())
                        .map_err(|e| self.err(e))?;
                } else {
                    let value =
                        block::build_index(should.iter().map(|(i, y)| (i.as_str(), *y)).collect());
                    self.record_index
                        .insert(org.as_bytes(), value)
                        .map_err(|e| self.err(e))?;
                }
            }
        }
        if repair && (f.index_added > 0 || f.index_removed > 0) {
            self.bump()?;
            self.flush()?;
        }
        Ok(f)
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

fn printable(k: &[u8]) -> String {
    String::from_utf8_lossy(k).replace('\0', "/")
}
