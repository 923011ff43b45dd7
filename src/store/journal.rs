//! Large writes made all-or-nothing without holding them in memory. A sled transaction
//! keeps every value it writes, and every page it replaces, until it commits: an import
//! of a university's records would need gigabytes. Instead the writes go first to a
//! staging tree in small batches; one key (`import_commit`) then marks them complete;
//! then they are copied into place, again in small batches, and the mark and the
//! staging tree are cleared. Opening the store finishes what a kill interrupted: with
//! the mark set it copies the staged writes into place again (each is the final value of
//! its key, so doing it twice is harmless); without it, it drops them. Either way the
//! database is as it was before the import or as it is after, never half.

use super::{Result, Store};

/// The tree the writes are staged in. Each key is the target tree's number and the key
/// there; each value a flag (1: put, 0: remove) and the value put.
pub(super) const STAGING: &str = "import_staging";
/// The key (in the default tree) that marks the staged writes complete.
const COMMIT: &[u8] = b"import_commit";
/// Writes per batch: sled holds one batch's pages at a time.
const BATCH: usize = 512;

/// The trees a staged write may go to, by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    Orgs = 0,
    Members = 1,
    Records = 2,
    Marks = 3,
    Tombstones = 4,
    RecordMonths = 5,
    DuesSettings = 6,
    DuesPayments = 7,
}

/// How many trees a staged write may go to.
const TARGETS: usize = 8;

/// Writes staged so far, sent to the staging tree batch by batch.
pub(super) struct Staged<'s> {
    store: &'s Store,
    batch: sled::Batch,
    in_batch: usize,
    /// Keeps staged keys unique and ordered as they were staged.
    sequence: u64,
}

impl Store {
    /// Starts a journaled write: the staging tree emptied of anything left over.
    pub(super) fn stage(&self) -> Result<Staged<'_>> {
        let staging = self.staging()?;
        staging.clear().map_err(|e| self.err(e))?;
        Ok(Staged {
            store: self,
            batch: sled::Batch::default(),
            in_batch: 0,
            sequence: 0,
        })
    }

    fn staging(&self) -> Result<sled::Tree> {
        self.db.open_tree(STAGING).map_err(|e| self.err(e))
    }

    fn target(&self, t: u8) -> Result<Option<sled::Tree>> {
        Ok(Some(match t {
            0 => self.orgs.clone(),
            1 => self.members.clone(),
            2 => self.records.clone(),
            3 => self.marks.clone(),
            4 => self.tombstones.clone(),
            5 => self.record_months.clone(),
            6 => self.dues_tree(super::dues::SETTINGS)?,
            7 => self.dues_tree(super::dues::PAYMENTS)?,
            _ => return Ok(None),
        }))
    }

    /// Finishes a journaled write a kill interrupted, or drops one that was never
    /// marked complete. Called when the store opens.
    pub(super) fn recover_journal(&self) -> Result<()> {
        if self.db.get(COMMIT).map_err(|e| self.err(e))?.is_some() {
            return self.roll_forward();
        }
        // A store that never staged anything is not written to.
        if !self.db.tree_names().iter().any(|n| n == STAGING.as_bytes()) {
            return Ok(());
        }
        let staging = self.staging()?;
        if !staging.is_empty() {
            staging.clear().map_err(|e| self.err(e))?;
            self.flush()?;
        }
        Ok(())
    }

    /// Copies the staged writes into place, then clears the mark and the staging tree.
    fn roll_forward(&self) -> Result<()> {
        let staging = self.staging()?;
        let trees = (0..TARGETS as u8)
            .map(|t| self.target(t))
            .collect::<Result<Vec<_>>>()?;
        let mut batches: Vec<(sled::Batch, usize)> =
            (0..TARGETS).map(|_| Default::default()).collect();
        for kv in staging.iter() {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            let (Some(&t), Some(&flag)) = (k.first(), v.first()) else {
                continue;
            };
            // The key after the tree number and the 8-byte sequence number.
            let Some(key) = k.get(9..) else { continue };
            let Some(Some(tree)) = trees.get(t as usize) else {
                continue;
            };
            let (batch, n) = &mut batches[t as usize];
            match flag {
                1 => batch.insert(key, &v[1..]),
                _ => batch.remove(key),
            }
            *n += 1;
            if *n >= BATCH {
                tree.apply_batch(std::mem::take(batch))
                    .map_err(|e| self.err(e))?;
                *n = 0;
            }
        }
        for (t, (batch, n)) in batches.into_iter().enumerate() {
            if n > 0
                && let Some(tree) = &trees[t]
            {
                tree.apply_batch(batch).map_err(|e| self.err(e))?;
            }
        }
        self.flush()?;
        self.db.remove(COMMIT).map_err(|e| self.err(e))?;
        self.flush()?;
        staging.clear().map_err(|e| self.err(e))?;
        self.flush()
    }
}

impl Staged<'_> {
    /// Stages one write: `value` put at `key` of `target`, or the key removed.
    pub fn write(&mut self, target: Target, key: &[u8], value: Option<&[u8]>) -> Result<()> {
        let mut k = Vec::with_capacity(key.len() + 9);
        k.push(target as u8);
        k.extend_from_slice(&self.sequence.to_be_bytes());
        k.extend_from_slice(key);
        self.sequence += 1;
        let mut v = Vec::with_capacity(value.map_or(1, |v| v.len() + 1));
        match value {
            Some(value) => {
                v.push(1);
                v.extend_from_slice(value);
            }
            None => v.push(0),
        }
        self.batch.insert(k, v);
        self.in_batch += 1;
        if self.in_batch >= BATCH {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> Result<()> {
        let staging = self.store.staging()?;
        staging
            .apply_batch(std::mem::take(&mut self.batch))
            .map_err(|e| self.store.err(e))?;
        self.in_batch = 0;
        Ok(())
    }

    /// Marks the staged writes complete and puts them in place.
    pub fn commit(mut self) -> Result<()> {
        self.send()?;
        self.store.flush()?;
        self.store
            .db
            .insert(COMMIT, &[1u8])
            .map_err(|e| self.store.err(e))?;
        self.store.flush()?;
        self.store.roll_forward()
    }
}
