//! The merge of records, one at a time as a file is read: what is stored is known by a
//! compact index ([`Local`]: per record its org, month, `updated_at` and a digest of its
//! contents), and what is written is kept in the store's encoding
//! ([`crate::store::RecordPuts`]), so that a large import holds neither side as objects.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hasher};

use chrono::{DateTime, FixedOffset};

use super::merge::{Action, Report, decide, instant};
use crate::model::{ObjectKind, Record, Tombstone};
use crate::store::{Changes, Month, RecordPuts, month_of};

/// 128 bits of `bytes`: two independent 64-bit hashes. Two different ids or records share
/// one by chance with a probability far below that of a disk error.
pub fn digest(bytes: &[u8]) -> u128 {
    let half = |seed: u8| {
        let mut h = DefaultHasher::new();
        h.write_u8(seed);
        h.write(bytes);
        h.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

/// The tombstones of one kind of object, by id.
pub fn of_kind(stones: &[Tombstone], kind: ObjectKind) -> HashMap<&str, &Tombstone> {
    stones
        .iter()
        .filter(|t| t.kind == kind)
        .map(|t| (t.id.as_str(), t))
        .collect()
}

/// The ids of `stones` whose objects the file did not hold (`seen`: the digests of the
/// ids it did).
pub fn unseen<'a>(stones: &HashMap<&'a str, &'a Tombstone>, seen: &HashSet<u128>) -> Vec<&'a str> {
    stones
        .keys()
        .copied()
        .filter(|id| !seen.contains(&digest(id.as_bytes())))
        .collect()
}

/// A record's contents as the merge compares them: equal records encode alike.
fn contents(r: &Record) -> u128 {
    let mut w = serde_json::to_vec(r).unwrap_or_default();
    w.push(0);
    digest(&w)
}

/// A stored record as the merge sees it.
#[derive(Debug, Clone, Copy)]
pub struct Copy {
    org: u32,
    month: Month,
    updated_at: DateTime<FixedOffset>,
    contents: u128,
}

/// The stored records, by id.
#[derive(Debug, Default)]
pub struct Local {
    orgs: Vec<String>,
    org_index: HashMap<String, u32>,
    by_id: HashMap<u128, Copy>,
}

impl Local {
    pub fn add(&mut self, r: &Record, month: Month) {
        let org = self.org(&r.org);
        self.by_id.insert(
            digest(r.id.as_bytes()),
            Copy {
                org,
                month,
                updated_at: instant(&r.updated_at),
                contents: contents(r),
            },
        );
    }

    fn org(&mut self, id: &str) -> u32 {
        if let Some(i) = self.org_index.get(id) {
            return *i;
        }
        let i = self.orgs.len() as u32;
        self.orgs.push(id.to_string());
        self.org_index.insert(id.to_string(), i);
        i
    }

    /// How many records each org holds.
    pub fn per_org(&self) -> BTreeMap<String, usize> {
        let mut out: BTreeMap<String, usize> = BTreeMap::new();
        for c in self.by_id.values() {
            *out.entry(self.orgs[c.org as usize].clone()).or_default() += 1;
        }
        out
    }
}

/// The merge of a file's records into the stored ones, one record at a time.
pub struct Merge<'a> {
    local: &'a Local,
    local_stones: HashMap<&'a str, &'a Tombstone>,
    incoming_stones: HashMap<&'a str, &'a Tombstone>,
    /// The ids of the file's records so far.
    seen: HashSet<u128>,
    out: Records,
}

/// What the merge of the records amounts to.
#[derive(Debug, Default)]
pub struct Records {
    pub puts: RecordPuts,
    pub removed: Vec<(String, String, Month)>,
    pub stones: Vec<Tombstone>,
    pub report: Report,
    /// The ids of the records deleted (removed and not put back).
    pub deleted: Vec<String>,
    /// Per org, how many records it gains (negative: loses).
    pub gained: BTreeMap<String, i64>,
}

impl<'a> Merge<'a> {
    pub fn new(
        local: &'a Local,
        local_stones: &'a [Tombstone],
        incoming_stones: &'a [Tombstone],
    ) -> Merge<'a> {
        Merge {
            local,
            local_stones: of_kind(local_stones, ObjectKind::Record),
            incoming_stones: of_kind(incoming_stones, ObjectKind::Record),
            seen: HashSet::new(),
            out: Records::default(),
        }
    }

    /// Whether the file has shown a record with this id before; notes it.
    pub fn seen_before(&mut self, id: &str) -> bool {
        !self.seen.insert(digest(id.as_bytes()))
    }

    /// Merges one of the file's records (each id once: [`Merge::seen_before`]).
    pub fn record(&mut self, r: &Record) {
        // The contents are compared only with a stored copy of the same id.
        let stored = self.local.by_id.contains_key(&digest(r.id.as_bytes()));
        let theirs = Copy {
            org: u32::MAX,
            month: month_of(r.date),
            updated_at: instant(&r.updated_at),
            contents: if stored { contents(r) } else { 0 },
        };
        self.one(&r.id, Some((r, theirs)));
    }

    fn one(&mut self, id: &str, theirs: Option<(&Record, Copy)>) {
        let mine = self.local.by_id.get(&digest(id.as_bytes()));
        let d = decide(
            mine,
            theirs.as_ref().map(|(_, c)| c),
            self.local_stones.get(id).copied(),
            self.incoming_stones.get(id).copied(),
            |c| c.updated_at,
            |a, b| a.contents == b.contents,
        );
        if let Some(s) = d.stone {
            self.out.stones.push(s.clone());
        }
        self.out.report.count(&d.action);
        let local_org = |c: &Copy| self.local.orgs[c.org as usize].clone();
        match d.action {
            Action::Deleted(m) => {
                let org = local_org(m);
                *self.out.gained.entry(org.clone()).or_default() -= 1;
                self.out.removed.push((id.to_string(), org, m.month));
                self.out.deleted.push(id.to_string());
            }
            Action::Updated(m) => {
                let org = local_org(m);
                *self.out.gained.entry(org.clone()).or_default() -= 1;
                self.out.removed.push((id.to_string(), org, m.month));
                self.put(theirs);
            }
            Action::Added => self.put(theirs),
            Action::Unchanged | Action::Conflict => {}
        }
    }

    fn put(&mut self, theirs: Option<(&Record, Copy)>) {
        let (r, _) = theirs.expect("only the file's copy is added");
        *self.out.gained.entry(r.org.clone()).or_default() += 1;
        self.out.puts.push(r);
    }

    /// The file's record tombstones whose records it does not hold, merged too.
    pub fn finish(mut self) -> Records {
        for id in unseen(&self.incoming_stones, &self.seen) {
            self.one(id, None);
        }
        self.out
    }
}

impl Records {
    /// Adds these to the changes and the report of the rest of the merge.
    pub fn into_changes(self, changes: &mut Changes, report: &mut Report) {
        changes.records_put = self.puts;
        changes.records_removed = self.removed;
        changes.tombstones.extend(self.stones);
        report.add(self.report);
    }
}
