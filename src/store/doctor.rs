//! `dangjian doctor`: every stored value decodes, the indexes agree with the records, and
//! what can be rebuilt from the records is rebuilt.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{Mark, Result, Store, Tombstone, Value, decode, obligation_key, record_key};
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

        // The indexes as the records say they should be.
        let mut want_keys: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        let mut want_obligations: BTreeSet<Vec<u8>> = BTreeSet::new();
        for kv in self.records.iter() {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            match decode::<Record>(&k, &v) {
                Ok(r) => {
                    f.records += 1;
                    if record_key(&r) != k.as_ref() {
                        f.unreadable.push(format!(
                            "records/{}: stored under the key of another date or org",
                            printable(&k)
                        ));
                        continue;
                    }
                    want_keys.push((r.id.as_bytes().to_vec(), k.to_vec()));
                    for o in &r.obligations {
                        want_obligations.insert(obligation_key(&r, o));
                    }
                }
                Err(e) => f.unreadable.push(format!("records/{}: {e}", printable(&k))),
            }
        }

        for (id, k) in &want_keys {
            let have = self.record_keys.get(id).map_err(|e| self.err(e))?;
            if have.as_deref() != Some(k.as_slice()) {
                f.index_added += 1;
                if repair {
                    self.record_keys
                        .insert(id.as_slice(), k.as_slice())
                        .map_err(|e| self.err(e))?;
                }
            }
        }
        let wanted_ids: BTreeSet<&[u8]> = want_keys.iter().map(|(id, _)| id.as_slice()).collect();
        for kv in self.record_keys.iter() {
            let (id, _) = kv.map_err(|e| self.err(e))?;
            if !wanted_ids.contains(id.as_ref()) {
                f.index_removed += 1;
                if repair {
                    self.record_keys.remove(&id).map_err(|e| self.err(e))?;
                }
            }
        }
        for k in &want_obligations {
            if !self
                .by_obligation
                .contains_key(k)
                .map_err(|e| self.err(e))?
            {
                f.index_added += 1;
                if repair {
                    self.by_obligation
                        .insert(k.as_slice(), &[][..])
                        .map_err(|e| self.err(e))?;
                }
            }
        }
        for kv in self.by_obligation.iter() {
            let (k, _) = kv.map_err(|e| self.err(e))?;
            if !want_obligations.contains(k.as_ref()) {
                f.index_removed += 1;
                if repair {
                    self.by_obligation.remove(&k).map_err(|e| self.err(e))?;
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
