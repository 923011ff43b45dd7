//! The sled database: orgs, members, records and the user's marks on qualitative items.
//!
//! Key layout (every key part is UTF-8, parts joined by `\0`):
//! - `orgs`: `org` → Org
//! - `members`: `org \0 member` → Member
//! - `record_blocks`: `org \0 YYYY-MM` → the org's records of that month, one value
//!   ([`block`]): judging one org reads its blocks, never a walk of the whole database, and
//!   the database stays small and quick to open
//! - `record_months`: `org` → for each obligation, the months whose blocks hold its
//!   records ([`months`]), so that status reads the earlier years' blocks only where they
//!   hold a term's election or a `once` report
//! - `marks`: `org \0 checklist \0 item` → Mark
//! - `dues_settings`, `dues_blocks`: a member's dues amounts, and all the member's dues
//!   payments in one value ([`dues`])
//! - `tombstones`: `org \0 kind \0 id` → Tombstone — what was deleted, so that an export
//!   carries the deletion to other copies
//! - the default tree: `schema` → the database schema version, `generation` → a counter
//!   every write bumps, so that a reader can tell another process wrote
//!
//! Opening (the lock, stale snapshots, permissions) lives in [`open`].
//! Every value starts with a format byte ([`FORMAT`]): records and members then follow
//! in a compact binary encoding ([`codec`]), read in bulk, as do dues payments; orgs,
//! marks and dues settings in JSON.

use std::path::{Path, PathBuf};

use sled::transaction::{TransactionError, Transactional};

use crate::model::{Mark, Member, ObjectKind, Org, Record, Tombstone, mark_id};
use value::{Value, decode, encode, key, prefix, tombstone_key};

/// The database layout this build writes and reads.
pub const SCHEMA: u32 = 4;
/// The value encoding version, the first byte of every value.
pub const FORMAT: u8 = 1;

/// An open database. One process at a time: an open waits up to [`open::BUSY_WAIT`] for
/// another dangjian to close the folder, then fails with [`StoreError::Busy`].
pub struct Store {
    path: PathBuf,
    db: sled::Db,
    orgs: sled::Tree,
    members: sled::Tree,
    records: sled::Tree,
    /// Per org, the months holding each obligation's records ([`months`]).
    record_months: sled::Tree,
    marks: sled::Tree,
    tombstones: sled::Tree,
    /// Half-written snapshots removed when this store opened.
    removed_stale: Vec<PathBuf>,
    /// Whether this store moved the answer kept beside it aside when it opened, or has
    /// removed it since ([`kept`]).
    kept_removed: std::sync::atomic::AtomicBool,
    /// What this store has written to, for the answer kept beside it ([`kept`]).
    touched: std::sync::Mutex<Touched>,
    /// Whether it was opened to write.
    writes: open::Writes,
    /// What settles the answer kept beside it when it closes ([`Store::settle_on_close`]).
    settler: std::sync::Mutex<Option<kept::Settler>>,
    /// Held until the database above is dropped (fields drop in order).
    _lock: std::fs::File,
    /// A read-only folder is read from a copy, removed when the store closes.
    _copy: Option<tempfile::TempDir>,
}

impl Store {
    /// Opens (creating if needed, private to the user) the database in `dir`.
    pub fn open(dir: &Path) -> Result<Store> {
        Store::from_parts(
            dir,
            open::open(dir, None, open::Writes::Maybe)?,
            None,
            open::Writes::Maybe,
        )
    }

    fn from_parts(
        dir: &Path,
        (db, lock, removed_stale): (sled::Db, std::fs::File, Vec<PathBuf>),
        copy: Option<tempfile::TempDir>,
        writes: open::Writes,
    ) -> Result<Store> {
        let sled_err = |source| StoreError::Sled {
            path: dir.to_path_buf(),
            source,
        };
        let tree = |name: &str| db.open_tree(name).map_err(sled_err);
        let store = Store {
            path: dir.to_path_buf(),
            orgs: tree("orgs")?,
            members: tree("members")?,
            records: tree("record_blocks")?,
            record_months: tree("record_months")?,
            marks: tree("marks")?,
            tombstones: tree("tombstones")?,
            removed_stale,
            kept_removed: (writes == open::Writes::Maybe).into(),
            touched: Default::default(),
            writes,
            settler: Default::default(),
            db,
            _lock: lock,
            _copy: copy,
        };
        let mut store = store;
        if store.check_schema()? {
            // What an older schema kept is moved: the database is copied without it at
            // this schema, into a file without the free space dropping it would leave,
            // and opened again once this store has closed and the copy is in place.
            compact::copy(&store.db, dir, dues::PAYMENTS_BEFORE_4, SCHEMA)?;
            let copy = store._copy.take();
            drop(store);
            return Store::from_parts(dir, open::open(dir, None, writes)?, copy, writes);
        }
        store.recover_journal()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Refuses a newer schema; moves an older one to this one, saying whether it moved
    /// stored values (and left free space behind).
    fn check_schema(&self) -> Result<bool> {
        match self.db.get("schema").map_err(|e| self.err(e))? {
            Some(v) => {
                let found =
                    u32::from_be_bytes(v.as_ref().try_into().map_err(|_| StoreError::Corrupt {
                        key: "schema".into(),
                        message: "not a version number".into(),
                    })?);
                if found > SCHEMA {
                    return Err(StoreError::NewerSchema {
                        path: self.path.clone(),
                        found,
                    });
                }
                if found < SCHEMA {
                    self.touch(Touched::All);
                }
                if found < 2 {
                    self.migrate_from_one_key_per_record()?;
                }
                if found < 3 {
                    // Schema 3 adds the record-month index, built from the blocks.
                    self.rebuild_record_months()?;
                    self.db
                        .insert("schema", &3u32.to_be_bytes())
                        .map_err(|e| self.err(e))?;
                    self.flush()?;
                }
                if found < 4 {
                    self.migrate_to_payment_blocks()?;
                }
                Ok(found < SCHEMA)
            }
            None => {
                self.db
                    .insert("schema", &SCHEMA.to_be_bytes())
                    .map_err(|e| self.err(e))?;
                Ok(false)
            }
        }
    }

    /// Schema 1 kept one key per record (`records`: `org \0 date \0 id`) with two
    /// indexes; schema 2 keeps blocks. The old trees are read whole, written as blocks,
    /// then dropped; a kill in between leaves schema 1, and the next open starts again.
    fn migrate_from_one_key_per_record(&self) -> Result<()> {
        let old = self.db.open_tree("records").map_err(|e| self.err(e))?;
        let records = old
            .iter()
            .map(|kv| {
                let (k, v) = kv.map_err(|e| self.err(e))?;
                decode::<Record>(&k, &v)
            })
            .collect::<Result<Vec<Record>>>()?;
        self.load_records(&records)?;
        self.db
            .insert("schema", &2u32.to_be_bytes())
            .map_err(|e| self.err(e))?;
        self.flush()?;
        for name in ["records", "record_keys", "by_obligation", "record_index"] {
            self.db.drop_tree(name).map_err(|e| self.err(e))?;
        }
        self.flush()
    }

    fn err(&self, source: sled::Error) -> StoreError {
        StoreError::Sled {
            path: self.path.clone(),
            source,
        }
    }

    /// Waits until everything written so far is on disk: sled's flush, then `fsync`.
    pub fn flush(&self) -> Result<()> {
        self.db.flush().map_err(|e| self.err(e))?;
        open::sync_dir(&self.path.join("db")).map_err(|source| StoreError::Io {
            path: self.path.join("db"),
            source,
        })
    }

    /// A counter every write bumps: another process wrote when it changed.
    pub fn generation(&self) -> Result<u64> {
        Ok(self
            .db
            .get("generation")
            .map_err(|e| self.err(e))?
            .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
            .unwrap_or(0))
    }

    /// Counts a write that may change what any org's answer says.
    fn bump(&self) -> Result<()> {
        self.touch(Touched::All);
        self.count_write()
    }

    /// Counts a write to `org`'s own records, members, marks or tombstones: the answers
    /// of `org` and of the orgs above it may change, no other's.
    fn bump_org(&self, org: &str) -> Result<()> {
        self.bump_orgs([org.to_string()].into())
    }

    /// Counts a write that may change the answers of `orgs` and of the orgs above them,
    /// no other's.
    fn bump_orgs(&self, orgs: std::collections::BTreeSet<String>) -> Result<()> {
        self.touch(Touched::Orgs(orgs));
        self.count_write()
    }

    fn count_write(&self) -> Result<()> {
        // A store opened to write moved it aside already; one opened to read that
        // writes all the same removes it here.
        if !self
            .kept_removed
            .swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            kept::remove(&self.path);
        }
        self.db
            .update_and_fetch("generation", |old| {
                let n = old
                    .and_then(|v| v.try_into().ok().map(u64::from_be_bytes))
                    .unwrap_or(0);
                Some((n + 1).to_be_bytes().to_vec())
            })
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Whether the database holds no org yet.
    pub fn is_empty(&self) -> bool {
        self.orgs.is_empty()
    }

    // ---- orgs ----

    pub fn put_org(&self, org: &Org) -> Result<()> {
        let old = self
            .orgs
            .insert(org.id.as_bytes(), encode(org))
            .map_err(|e| self.err(e))?;
        // An org edited changes its own answers and those of the orgs above it, where it
        // is and where it was (a school counts the members of the branches below it); an
        // org added, its own and those above it.
        let mut orgs = std::collections::BTreeSet::from([org.id.clone()]);
        if let Some(v) = old {
            match decode::<Org>(org.id.as_bytes(), &v) {
                Ok(old) => orgs.extend(old.parent),
                Err(_) => return self.bump(),
            }
        }
        self.bump_orgs(orgs)
    }

    pub fn org(&self, id: &str) -> Result<Option<Org>> {
        self.get(&self.orgs, id.as_bytes())
    }

    pub fn orgs(&self) -> Result<Vec<Org>> {
        self.scan(&self.orgs, b"")
    }

    /// The ids of every org, in the order of [`Store::orgs`], read from the keys alone.
    pub fn org_ids(&self) -> Result<Vec<String>> {
        self.orgs
            .iter()
            .keys()
            .map(|k| {
                let k = k.map_err(|e| self.err(e))?;
                String::from_utf8(k.to_vec()).map_err(|_| StoreError::Corrupt {
                    key: String::from_utf8_lossy(&k).into_owned(),
                    message: "an org id that is not UTF-8".into(),
                })
            })
            .collect()
    }

    // ---- members ----

    pub fn put_member(&self, member: &Member) -> Result<()> {
        self.members
            .insert(key(&[&member.org, &member.id]), encode(member))
            .map_err(|e| self.err(e))?;
        self.bump_org(&member.org)
    }

    /// Removes a member, leaving a tombstone; returns it, or `None` if there was none.
    pub fn delete_member(&self, org: &str, id: &str, deleted_at: &str) -> Result<Option<Member>> {
        let old: Option<Member> = self.get(&self.members, &key(&[org, id]))?;
        if old.is_some() {
            let stone = Tombstone {
                kind: ObjectKind::Member,
                id: id.to_string(),
                org: org.to_string(),
                deleted_at: deleted_at.to_string(),
            };
            let trees = (&self.members, &self.tombstones);
            let result: std::result::Result<(), TransactionError<()>> =
                trees.transaction(|(members, tombstones)| {
                    members.remove(key(&[org, id]))?;
                    tombstones.insert(tombstone_key(&stone), encode(&stone))?;
                    Ok(())
                });
            self.transaction_result(result)?;
            self.bump_org(org)?;
        }
        Ok(old)
    }

    pub fn member(&self, org: &str, id: &str) -> Result<Option<Member>> {
        self.get(&self.members, &key(&[org, id]))
    }

    pub fn members(&self, org: &str) -> Result<Vec<Member>> {
        self.scan(&self.members, &prefix(&[org]))
    }

    fn transaction_result(
        &self,
        result: std::result::Result<(), TransactionError<()>>,
    ) -> Result<()> {
        result.map_err(|e| match e {
            TransactionError::Storage(e) => self.err(e),
            TransactionError::Abort(()) => unreachable!("the transaction never aborts"),
        })
    }

    // ---- marks on qualitative items ----

    pub fn put_mark(&self, mark: &Mark) -> Result<()> {
        self.marks
            .insert(key(&[&mark.org, &mark.checklist, &mark.item]), encode(mark))
            .map_err(|e| self.err(e))?;
        self.bump_org(&mark.org)
    }

    pub fn marks(&self, org: &str) -> Result<Vec<Mark>> {
        self.scan(&self.marks, &prefix(&[org]))
    }

    /// Removes a mark, leaving a tombstone; returns it, or `None` if there was none.
    pub fn delete_mark(
        &self,
        org: &str,
        checklist: &str,
        item: &str,
        deleted_at: &str,
    ) -> Result<Option<Mark>> {
        let k = key(&[org, checklist, item]);
        let old: Option<Mark> = self.get(&self.marks, &k)?;
        if old.is_some() {
            let stone = Tombstone {
                kind: ObjectKind::Mark,
                id: mark_id(checklist, item),
                org: org.to_string(),
                deleted_at: deleted_at.to_string(),
            };
            let trees = (&self.marks, &self.tombstones);
            let result: std::result::Result<(), TransactionError<()>> =
                trees.transaction(|(marks, tombstones)| {
                    marks.remove(k.clone())?;
                    tombstones.insert(tombstone_key(&stone), encode(&stone))?;
                    Ok(())
                });
            self.transaction_result(result)?;
            self.bump_org(org)?;
        }
        Ok(old)
    }

    // ---- tombstones ----

    /// The tombstones of one org, or of every org.
    pub fn tombstones(&self, org: Option<&str>) -> Result<Vec<Tombstone>> {
        match org {
            Some(org) => self.scan(&self.tombstones, &prefix(&[org])),
            None => self.scan(&self.tombstones, b""),
        }
    }

    /// Records a deletion; a tombstone already there is replaced.
    pub fn put_tombstone(&self, stone: &Tombstone) -> Result<()> {
        self.tombstones
            .insert(tombstone_key(stone), encode(stone))
            .map_err(|e| self.err(e))?;
        self.bump_org(&stone.org)
    }

    /// Forgets a deletion (the UI's undo).
    pub fn remove_tombstone(&self, kind: ObjectKind, org: &str, id: &str) -> Result<()> {
        self.tombstones
            .remove(key(&[org, kind.as_str(), id]))
            .map_err(|e| self.err(e))?;
        self.bump_org(org)
    }

    // ---- plumbing ----

    /// Writes many orgs, members and records in batches (the demo generator).
    pub fn bulk_load(&self, orgs: &[Org], members: &[Member], records: &[Record]) -> Result<()> {
        let apply = |tree: &sled::Tree, batch: sled::Batch| {
            tree.apply_batch(batch).map_err(|e| self.err(e))
        };
        let mut batch = sled::Batch::default();
        for o in orgs {
            batch.insert(o.id.as_bytes(), encode(o));
        }
        apply(&self.orgs, batch)?;
        let mut batch = sled::Batch::default();
        for m in members {
            batch.insert(key(&[&m.org, &m.id]), encode(m));
        }
        apply(&self.members, batch)?;
        self.load_records(records)?;
        self.bump()
    }

    fn get<T: Value>(&self, tree: &sled::Tree, k: &[u8]) -> Result<Option<T>> {
        match tree.get(k).map_err(|e| self.err(e))? {
            Some(v) => decode(k, &v).map(Some),
            None => Ok(None),
        }
    }

    fn scan<T: Value>(&self, tree: &sled::Tree, p: &[u8]) -> Result<Vec<T>> {
        tree.scan_prefix(p)
            .map(|kv| {
                let (k, v) = kv.map_err(|e| self.err(e))?;
                decode(&k, &v)
            })
            .collect()
    }
}

mod block;
pub(crate) mod codec;
mod compact;
mod doctor;
mod dues;
mod encoded;
mod error;
mod exchange;
mod handle;
mod journal;
pub mod kept;
mod months;
pub mod open;
pub mod postgres;
mod records;
mod storage;
mod value;

pub use block::{Month, month_of};
pub use codec::RecordView;
pub use doctor::{Findings, Orphan};
pub use encoded::Encoded;
pub use error::{Result, StoreError};
pub use exchange::{Changes, Contents, Payments, RecordPuts};
pub use handle::StoreHandle;
pub use kept::{Answer, Touched};
pub use records::OrgBytes;
pub use storage::{MorePayments, Storage};
#[cfg(test)]
mod tests;
