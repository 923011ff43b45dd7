//! The sled database: orgs, members, records and the user's marks on qualitative items.
//!
//! Key layout (every key part is UTF-8, parts joined by `\0`):
//! - `orgs`: `org` → Org
//! - `members`: `org \0 member` → Member
//! - `records`: `org \0 YYYY-MM-DD \0 record` → Record — judging one org over a date
//!   range is one range scan, never a walk of the whole database
//! - `record_keys`: `record` → its `records` key, to find a record by id alone
//! - `by_obligation`: `org \0 obligation \0 YYYY-MM-DD \0 record` → () — the whole history
//!   of one obligation (elections, one-off reports) without reading other records
//! - `marks`: `org \0 checklist \0 item` → Mark
//! - `meta`: `schema` → the database schema version
//!
//! Every value starts with a format byte ([`FORMAT`]): records and members then follow
//! in a compact binary encoding ([`codec`]), read in bulk; orgs and marks in JSON.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};

use crate::model::{Member, Org, Record};
use crate::status::RecordsNeeded;

/// The database layout this build writes and reads.
pub const SCHEMA: u32 = 1;
/// The value encoding version, the first byte of every value.
pub const FORMAT: u8 = 1;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("data folder {0} is in use by another dangjian; close it and try again")]
    InUse(PathBuf),
    #[error(
        "data folder {path} was written by a newer dangjian (database schema {found}, this build reads {SCHEMA}); upgrade dangjian"
    )]
    NewerSchema { path: PathBuf, found: u32 },
    #[error("cannot create data folder {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database error in {path}: {source}")]
    Sled { path: PathBuf, source: sled::Error },
    #[error("a stored value under {key:?} is unreadable: {message}")]
    Corrupt { key: String, message: String },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The user's mark on a qualitative item (落实措施 / 完成时限).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    pub org: String,
    pub checklist: String,
    pub item: String,
    pub state: MarkState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<NaiveDate>,
    /// A hand score (0 … the item's points): the assessor's last word on the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkState {
    #[default]
    Todo,
    Doing,
    Done,
    #[serde(rename = "n/a")]
    NotApplicable,
}

/// An open database. One process at a time: a second open fails with [`StoreError::InUse`].
pub struct Store {
    path: PathBuf,
    db: sled::Db,
    orgs: sled::Tree,
    members: sled::Tree,
    records: sled::Tree,
    record_keys: sled::Tree,
    by_obligation: sled::Tree,
    marks: sled::Tree,
}

impl Store {
    /// Opens (creating if needed, private to the user) the database in `dir`.
    pub fn open(dir: &Path) -> Result<Store> {
        create_private_dir(dir)?;
        let db_path = dir.join("db");
        let db = sled::Config::new()
            .path(&db_path)
            .cache_capacity(64 << 20)
            .open()
            .map_err(|e| match &e {
                sled::Error::Io(io) if is_lock_error(io) => StoreError::InUse(dir.to_path_buf()),
                _ => StoreError::Sled {
                    path: dir.to_path_buf(),
                    source: e,
                },
            })?;
        let sled_err = |source| StoreError::Sled {
            path: dir.to_path_buf(),
            source,
        };
        let tree = |name: &str| db.open_tree(name).map_err(sled_err);
        let store = Store {
            path: dir.to_path_buf(),
            orgs: tree("orgs")?,
            members: tree("members")?,
            records: tree("records")?,
            record_keys: tree("record_keys")?,
            by_obligation: tree("by_obligation")?,
            marks: tree("marks")?,
            db,
        };
        store.check_schema()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn check_schema(&self) -> Result<()> {
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
            }
            None => {
                self.db
                    .insert("schema", &SCHEMA.to_be_bytes())
                    .map_err(|e| self.err(e))?;
            }
        }
        Ok(())
    }

    fn err(&self, source: sled::Error) -> StoreError {
        StoreError::Sled {
            path: self.path.clone(),
            source,
        }
    }

    /// Waits until everything written so far is on disk.
    pub fn flush(&self) -> Result<()> {
        self.db.flush().map(|_| ()).map_err(|e| self.err(e))
    }

    /// Whether the database holds no org yet.
    pub fn is_empty(&self) -> bool {
        self.orgs.is_empty()
    }

    // ---- orgs ----

    pub fn put_org(&self, org: &Org) -> Result<()> {
        self.orgs
            .insert(org.id.as_bytes(), encode(org))
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub fn org(&self, id: &str) -> Result<Option<Org>> {
        self.get(&self.orgs, id.as_bytes())
    }

    pub fn orgs(&self) -> Result<Vec<Org>> {
        self.scan(&self.orgs, b"")
    }

    // ---- members ----

    pub fn put_member(&self, member: &Member) -> Result<()> {
        self.members
            .insert(key(&[&member.org, &member.id]), encode(member))
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub fn delete_member(&self, org: &str, id: &str) -> Result<()> {
        self.members
            .remove(key(&[org, id]))
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub fn members(&self, org: &str) -> Result<Vec<Member>> {
        self.scan(&self.members, &prefix(&[org]))
    }

    // ---- records ----

    /// Adds or replaces a record, with its indexes, atomically.
    pub fn put_record(&self, record: &Record) -> Result<()> {
        let old = self.record(&record.id)?;
        self.write_record(old.as_ref(), Some(record))
    }

    /// Removes a record and its indexes; returns it, or `None` if there was none.
    pub fn delete_record(&self, id: &str) -> Result<Option<Record>> {
        let old = self.record(id)?;
        if let Some(old) = &old {
            self.write_record(Some(old), None)?;
        }
        Ok(old)
    }

    fn write_record(&self, old: Option<&Record>, new: Option<&Record>) -> Result<()> {
        let trees = (&self.records, &self.record_keys, &self.by_obligation);
        let result: std::result::Result<(), TransactionError<()>> =
            trees.transaction(|(records, record_keys, by_obligation)| {
                if let Some(old) = old {
                    records.remove(record_key(old))?;
                    record_keys.remove(old.id.as_bytes())?;
                    for o in &old.obligations {
                        by_obligation.remove(obligation_key(old, o))?;
                    }
                }
                if let Some(new) = new {
                    let k = record_key(new);
                    records.insert(k.clone(), encode(new))?;
                    record_keys.insert(new.id.as_bytes(), k)?;
                    for o in &new.obligations {
                        by_obligation.insert(obligation_key(new, o), &[][..])?;
                    }
                }
                Ok::<_, ConflictableTransactionError<()>>(())
            });
        result.map_err(|e| match e {
            TransactionError::Storage(e) => self.err(e),
            TransactionError::Abort(()) => unreachable!("the transaction never aborts"),
        })
    }

    pub fn record(&self, id: &str) -> Result<Option<Record>> {
        match self
            .record_keys
            .get(id.as_bytes())
            .map_err(|e| self.err(e))?
        {
            Some(k) => self.get(&self.records, &k),
            None => Ok(None),
        }
    }

    /// Every record of `org`, oldest first.
    pub fn records(&self, org: &str) -> Result<Vec<Record>> {
        self.scan(&self.records, &prefix(&[org]))
    }

    /// The stored bytes status needs for `org`: the records from `needed.from` on (one
    /// range scan), the earlier history of `needed.history`, and the members.
    fn read_for_status(&self, org: &str, needed: &RecordsNeeded) -> Result<StatusBytes> {
        let mut records: Vec<(sled::IVec, sled::IVec)> = Vec::new();
        let from = needed.from.to_string();
        let start = key(&[org, &from]);
        for kv in self.records.range(start..prefix_end(&prefix(&[org]))) {
            records.push(kv.map_err(|e| self.err(e))?);
        }
        for o in &needed.history {
            for kv in self.by_obligation.scan_prefix(prefix(&[org, o])) {
                let (k, _) = kv.map_err(|e| self.err(e))?;
                let mut parts = k.split(|b| *b == 0).skip(2);
                let (Some(date), Some(id)) = (parts.next(), parts.next()) else {
                    continue;
                };
                if date >= from.as_bytes() {
                    continue; // already in the range scan
                }
                let mut record_key = prefix(&[org]);
                record_key.extend_from_slice(date);
                record_key.push(0);
                record_key.extend_from_slice(id);
                if let Some(v) = self.records.get(&record_key).map_err(|e| self.err(e))? {
                    records.push((record_key.into(), v));
                }
            }
        }
        let members = self
            .members
            .scan_prefix(prefix(&[org]))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        Ok(StatusBytes { records, members })
    }

    /// Judges `org` on `today`, reading only what [`crate::status::records_needed`] names
    /// and decoding only the fields status reads.
    pub fn evaluate(
        &self,
        catalog: &crate::checklist::Catalog,
        cal: &crate::period::Calendar,
        org: &Org,
        today: NaiveDate,
    ) -> Result<crate::status::OrgStatus> {
        let needed = crate::status::records_needed(catalog, cal, today);
        let bytes = self.read_for_status(&org.id, &needed)?;
        let views = bytes
            .records
            .iter()
            .map(|(k, v)| {
                let rest = match v.split_first() {
                    Some((&FORMAT, rest)) => Ok(rest),
                    _ => Err("unknown value format"),
                };
                rest.and_then(codec::read_record_view)
                    .map_err(|m| StoreError::Corrupt {
                        key: String::from_utf8_lossy(k).replace('\0', "/"),
                        message: m.to_string(),
                    })
            })
            .collect::<Result<Vec<_>>>()?;
        let members = bytes
            .members
            .iter()
            .map(|(k, v)| decode(k, v))
            .collect::<Result<Vec<Member>>>()?;
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
        org: &Org,
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
    pub fn raw_read_for_status(&self, org: &str, needed: &RecordsNeeded) -> Result<usize> {
        let bytes = self.read_for_status(org, needed)?;
        Ok(bytes
            .records
            .iter()
            .chain(&bytes.members)
            .map(|(k, v)| k.len() + v.len())
            .sum())
    }

    // ---- marks on qualitative items ----

    pub fn put_mark(&self, mark: &Mark) -> Result<()> {
        self.marks
            .insert(key(&[&mark.org, &mark.checklist, &mark.item]), encode(mark))
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub fn marks(&self, org: &str) -> Result<Vec<Mark>> {
        self.scan(&self.marks, &prefix(&[org]))
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
        for chunk in records.chunks(5_000) {
            let (mut recs, mut keys, mut obls) = (
                sled::Batch::default(),
                sled::Batch::default(),
                sled::Batch::default(),
            );
            for r in chunk {
                let k = record_key(r);
                recs.insert(k.clone(), encode(r));
                keys.insert(r.id.as_bytes(), k);
                for o in &r.obligations {
                    obls.insert(obligation_key(r, o), &[][..]);
                }
            }
            apply(&self.records, recs)?;
            apply(&self.record_keys, keys)?;
            apply(&self.by_obligation, obls)?;
        }
        Ok(())
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

/// What status reads of one org, still as stored.
struct StatusBytes {
    records: Vec<(sled::IVec, sled::IVec)>,
    members: Vec<(sled::IVec, sled::IVec)>,
}

/// A value kept in the database: a format byte, then its encoding.
trait Value: Sized {
    fn encode_into(&self, out: &mut Vec<u8>);
    fn decode_from(bytes: &[u8]) -> std::result::Result<Self, String>;
}

macro_rules! json_value {
    ($($t:ty),*) => {$(
        impl Value for $t {
            fn encode_into(&self, out: &mut Vec<u8>) {
                serde_json::to_writer(out, self).expect("model types serialize");
            }
            fn decode_from(bytes: &[u8]) -> std::result::Result<Self, String> {
                serde_json::from_slice(bytes).map_err(|e| e.to_string())
            }
        }
    )*};
}
json_value!(Org, Mark);

impl Value for Record {
    fn encode_into(&self, out: &mut Vec<u8>) {
        let mut w = codec::Writer(std::mem::take(out));
        codec::write_record(&mut w, self);
        *out = w.0;
    }
    fn decode_from(bytes: &[u8]) -> std::result::Result<Self, String> {
        codec::read_record(bytes).map_err(str::to_string)
    }
}

impl Value for Member {
    fn encode_into(&self, out: &mut Vec<u8>) {
        let mut w = codec::Writer(std::mem::take(out));
        codec::write_member(&mut w, self);
        *out = w.0;
    }
    fn decode_from(bytes: &[u8]) -> std::result::Result<Self, String> {
        codec::read_member(bytes).map_err(str::to_string)
    }
}

fn encode<T: Value>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    out.push(FORMAT);
    value.encode_into(&mut out);
    out
}

fn decode<T: Value>(k: &[u8], v: &[u8]) -> Result<T> {
    let corrupt = |message: String| StoreError::Corrupt {
        key: String::from_utf8_lossy(k).replace('\0', "/"),
        message,
    };
    match v.split_first() {
        Some((&FORMAT, rest)) => T::decode_from(rest).map_err(corrupt),
        Some((other, _)) => Err(corrupt(format!(
            "value format {other} is not one this build reads ({FORMAT}); upgrade dangjian"
        ))),
        None => Err(corrupt("empty value".into())),
    }
}

fn key(parts: &[&str]) -> Vec<u8> {
    parts.join("\0").into_bytes()
}

fn prefix(parts: &[&str]) -> Vec<u8> {
    let mut k = key(parts);
    k.push(0);
    k
}

/// The first key after every key starting with `p` (which ends in `\0`).
fn prefix_end(p: &[u8]) -> Vec<u8> {
    let mut end = p.to_vec();
    *end.last_mut().expect("prefix is not empty") = 1;
    end
}

fn record_key(r: &Record) -> Vec<u8> {
    key(&[&r.org, &r.date.to_string(), &r.id])
}

fn obligation_key(r: &Record, obligation: &str) -> Vec<u8> {
    key(&[&r.org, obligation, &r.date.to_string(), &r.id])
}

fn is_lock_error(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::WouldBlock || e.to_string().contains("could not acquire lock")
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let err = |source| StoreError::CreateDir {
        path: dir.to_path_buf(),
        source,
    };
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(err)
}

mod codec;
#[cfg(test)]
mod tests;
