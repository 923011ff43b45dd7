//! Large writes made all-or-nothing without holding them in memory. A sled transaction
//! keeps every value it writes, and every page it replaces, until it commits: an import
//! of a university's records would need gigabytes. Instead the writes go first to a
//! staging tree in small batches; one key (`import_commit`) then marks them complete;
//! then they are copied into place, again in small batches, and the mark and the
//! staging tree are dropped. Opening the store finishes what a kill interrupted: with
//! the mark set it copies the staged writes into place again (each is the final value of
//! its key, so doing it twice is harmless); without it, it drops them. Either way the
//! database is as it was before the import or as it is after, never half.
//!
//! A store that holds nothing yet (a restore, a first import) needs no staging: what was
//! before is nothing. Its writes go straight into place after one key (`import_fresh`)
//! says so; the key is removed once they are all durable. A store opened with that key
//! still set is emptied again.

use super::{Result, Store};

/// The tree the writes are staged in. Each key is the target tree's number and the key
/// there; each value a flag (1: put, 0: remove) and the value put.
pub(super) const STAGING: &str = "import_staging";
/// The key (in the default tree) that marks the staged writes complete.
pub(super) const COMMIT: &[u8] = b"import_commit";
/// The key (in the default tree) that marks writes into an empty store under way.
pub(super) const FRESH: &[u8] = b"import_fresh";
/// Writes per batch: sled holds one batch's pages at a time.
const BATCH: usize = 512;
/// Bytes written between two flushes: sled keeps what it has not yet written out in
/// memory, and its own flusher falls behind on a busy machine.
const FLUSH_EVERY: usize = 16 << 20;

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
    /// A member's dues payment block ([`super::dues::block`]).
    DuesPayments = 7,
}

/// How many trees a staged write may go to.
const TARGETS: usize = 8;

/// Writes staged so far, sent batch by batch: to the staging tree, or straight into
/// place when the store was empty.
pub(super) struct Staged<'s> {
    store: &'s Store,
    to: To,
    /// Bytes written since the last flush.
    unflushed: usize,
}

enum To {
    Staging {
        tree: sled::Tree,
        batch: sled::Batch,
        in_batch: usize,
        /// Keeps staged keys unique and ordered as they were staged.
        sequence: u64,
    },
    /// The target trees, by number, and a batch for each.
    Place(Batches),
}

/// A batch per target tree, each sent when full.
struct Batches {
    trees: Vec<sled::Tree>,
    batches: Vec<(sled::Batch, usize)>,
}

impl Batches {
    fn new(trees: Vec<sled::Tree>) -> Batches {
        let batches = trees.iter().map(|_| Default::default()).collect();
        Batches { trees, batches }
    }

    fn write(&mut self, store: &Store, t: usize, key: &[u8], value: Option<&[u8]>) -> Result<()> {
        let (batch, n) = &mut self.batches[t];
        match value {
            Some(v) => batch.insert(key, v),
            None => batch.remove(key),
        }
        *n += 1;
        if *n >= BATCH {
            self.trees[t]
                .apply_batch(std::mem::take(batch))
                .map_err(|e| store.err(e))?;
            *n = 0;
        }
        Ok(())
    }

    /// Sends what the batches still hold.
    fn finish(self, store: &Store) -> Result<()> {
        for (tree, (batch, n)) in self.trees.iter().zip(self.batches) {
            if n > 0 {
                tree.apply_batch(batch).map_err(|e| store.err(e))?;
            }
        }
        Ok(())
    }
}

impl Store {
    /// Starts a journaled write: straight into place when the store holds nothing (with
    /// `import_fresh` set and durable first), else into an empty staging tree.
    pub(super) fn stage(&self) -> Result<Staged<'_>> {
        let trees = self.targets()?;
        let err = |e| self.err(e);
        if self.db.get(COMMIT).map_err(err)?.is_none() && trees.iter().all(|t| t.is_empty()) {
            self.db.insert(FRESH, &[1u8]).map_err(err)?;
            self.flush()?;
            return Ok(Staged {
                store: self,
                to: To::Place(Batches::new(trees)),
                unflushed: 0,
            });
        }
        self.db.drop_tree(STAGING).map_err(err)?;
        Ok(Staged {
            store: self,
            to: To::Staging {
                tree: self.staging()?,
                batch: sled::Batch::default(),
                in_batch: 0,
                sequence: 0,
            },
            unflushed: 0,
        })
    }

    fn staging(&self) -> Result<sled::Tree> {
        self.db.open_tree(STAGING).map_err(|e| self.err(e))
    }

    /// The trees a staged write may go to, by number.
    fn targets(&self) -> Result<Vec<sled::Tree>> {
        Ok(vec![
            self.orgs.clone(),
            self.members.clone(),
            self.records.clone(),
            self.marks.clone(),
            self.tombstones.clone(),
            self.record_months.clone(),
            self.dues_tree(super::dues::SETTINGS)?,
            self.dues_tree(super::dues::PAYMENTS)?,
        ])
    }

    /// Finishes a journaled write a kill interrupted, or drops one that was never
    /// marked complete. Called when the store opens.
    pub(super) fn recover_journal(&self) -> Result<()> {
        let err = |e| self.err(e);
        if self.db.get(COMMIT).map_err(err)?.is_some() {
            self.touch(super::Touched::All);
            return self.roll_forward();
        }
        if self.db.get(FRESH).map_err(err)?.is_some() {
            self.touch(super::Touched::All);
            // The store was empty before: it is emptied again.
            for tree in self.targets()? {
                tree.clear().map_err(err)?;
            }
            self.flush()?;
            self.db.remove(FRESH).map_err(err)?;
            return self.flush();
        }
        // A store that never staged anything is not written to.
        if !self.db.tree_names().iter().any(|n| n == STAGING.as_bytes()) {
            return Ok(());
        }
        if !self.staging()?.is_empty() {
            self.db.drop_tree(STAGING).map_err(err)?;
            self.flush()?;
        }
        Ok(())
    }

    /// Finishes a journaled write a kill interrupted once it was complete, its payments
    /// put in the tree `payments` (the layout of an older schema), before that layout
    /// is moved on. Nothing when there is none.
    pub(super) fn recover_journal_into(&self, payments: &str) -> Result<()> {
        if self.db.get(COMMIT).map_err(|e| self.err(e))?.is_none() {
            return Ok(());
        }
        let mut targets = self.targets()?;
        targets[Target::DuesPayments as usize] = self.dues_tree(payments)?;
        self.roll_forward_into(targets)
    }

    /// Copies the staged writes into place, then clears the mark and drops the staging
    /// tree.
    fn roll_forward(&self) -> Result<()> {
        self.roll_forward_into(self.targets()?)
    }

    fn roll_forward_into(&self, targets: Vec<sled::Tree>) -> Result<()> {
        let staging = self.staging()?;
        let mut place = Batches::new(targets);
        for kv in staging.iter() {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            let (Some(&t), Some(&flag)) = (k.first(), v.first()) else {
                continue;
            };
            // The key after the tree number and the 8-byte sequence number.
            let Some(key) = k.get(9..) else { continue };
            if usize::from(t) >= TARGETS {
                continue;
            }
            let value = (flag == 1).then(|| &v[1..]);
            place.write(self, usize::from(t), key, value)?;
        }
        place.finish(self)?;
        self.flush()?;
        self.db.remove(COMMIT).map_err(|e| self.err(e))?;
        self.flush()?;
        drop(staging);
        self.db.drop_tree(STAGING).map_err(|e| self.err(e))?;
        self.flush()
    }
}

impl Staged<'_> {
    /// Stages one write: `value` put at `key` of `target`, or the key removed.
    pub fn write(&mut self, target: Target, key: &[u8], value: Option<&[u8]>) -> Result<()> {
        let store = self.store;
        self.unflushed += key.len() + value.map_or(0, <[u8]>::len);
        if self.unflushed >= FLUSH_EVERY {
            store.db.flush().map_err(|e| store.err(e))?;
            self.unflushed = 0;
        }
        let (tree, batch, in_batch, sequence) = match &mut self.to {
            To::Place(place) => return place.write(store, target as usize, key, value),
            To::Staging {
                tree,
                batch,
                in_batch,
                sequence,
            } => (tree, batch, in_batch, sequence),
        };
        let mut k = Vec::with_capacity(key.len() + 9);
        k.push(target as u8);
        k.extend_from_slice(&sequence.to_be_bytes());
        k.extend_from_slice(key);
        *sequence += 1;
        let mut v = Vec::with_capacity(value.map_or(1, |v| v.len() + 1));
        match value {
            Some(value) => {
                v.push(1);
                v.extend_from_slice(value);
            }
            None => v.push(0),
        }
        batch.insert(k, v);
        *in_batch += 1;
        if *in_batch >= BATCH {
            tree.apply_batch(std::mem::take(batch))
                .map_err(|e| store.err(e))?;
            *in_batch = 0;
        }
        Ok(())
    }

    /// Marks the writes complete and puts them in place.
    pub fn commit(self) -> Result<()> {
        let store = self.store;
        let err = |e| store.err(e);
        match self.to {
            To::Place(place) => {
                place.finish(store)?;
                store.flush()?;
                store.db.remove(FRESH).map_err(err)?;
                store.flush()
            }
            To::Staging { tree, batch, .. } => {
                tree.apply_batch(batch).map_err(err)?;
                store.flush()?;
                store.db.insert(COMMIT, &[1u8]).map_err(err)?;
                store.flush()?;
                store.roll_forward()
            }
        }
    }
}
