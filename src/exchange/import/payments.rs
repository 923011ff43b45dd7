//! The merge of dues payments, one at a time, as records are merged ([`super::records`]):
//! a university holds hundreds of thousands of them. What the file puts is remembered by
//! the digest of its id, and written from the payments the import holds encoded.

use std::collections::{HashMap, HashSet};

use super::merge::{Action, Report, decide, instant};
use super::records::{digest, of_kind, unseen};
use crate::dues::Payment;
use crate::model::{ObjectKind, Tombstone};
use crate::store::Changes;

/// The merge of a file's payments into the stored ones.
pub struct Merge<'a> {
    local: HashMap<&'a str, &'a Payment>,
    local_stones: HashMap<&'a str, &'a Tombstone>,
    incoming_stones: HashMap<&'a str, &'a Tombstone>,
    /// The ids of the file's payments so far.
    seen: HashSet<u128>,
    out: Payments,
}

/// What the merge of the payments amounts to.
#[derive(Debug, Default)]
pub struct Payments {
    /// The stored payments removed: their key.
    pub removed: Vec<(String, String, String)>,
    pub stones: Vec<Tombstone>,
    pub report: Report,
    pub puts: Puts,
}

/// The file's payments to write, by the digest of their id.
#[derive(Debug, Default)]
pub struct Puts {
    wanted: HashSet<u128>,
    /// Per org, how many payments it gains.
    pub per_org: HashMap<String, usize>,
}

impl<'a> Merge<'a> {
    pub fn new(
        local: &'a [Payment],
        local_stones: &'a [Tombstone],
        incoming_stones: &'a [Tombstone],
    ) -> Merge<'a> {
        Merge {
            local: local.iter().map(|p| (p.id.as_str(), p)).collect(),
            local_stones: of_kind(local_stones, ObjectKind::DuesPayment),
            incoming_stones: of_kind(incoming_stones, ObjectKind::DuesPayment),
            seen: HashSet::new(),
            out: Payments::default(),
        }
    }

    /// Whether the file has shown a payment with this id before; notes it.
    pub fn seen_before(&mut self, id: &str) -> bool {
        !self.seen.insert(digest(id.as_bytes()))
    }

    /// Merges one of the file's payments (each id once: [`Merge::seen_before`]).
    pub fn payment(&mut self, p: &Payment) {
        self.one(&p.id, Some(p));
    }

    fn one(&mut self, id: &str, theirs: Option<&Payment>) {
        let mine = self.local.get(id).copied();
        let d = decide(
            mine,
            theirs,
            self.local_stones.get(id).copied(),
            self.incoming_stones.get(id).copied(),
            |p| instant(&p.updated_at),
            |a, b| a == b,
        );
        if let Some(s) = d.stone {
            self.out.stones.push(s.clone());
        }
        self.out.report.count(&d.action);
        let key = |p: &Payment| (p.org.clone(), p.member.clone(), p.id.clone());
        match d.action {
            Action::Deleted(m) => self.out.removed.push(key(m)),
            Action::Updated(m) => {
                let t = theirs.expect("the file's copy replaces the stored one");
                // The copy put takes the key's place; another key is removed.
                if key(m) != key(t) {
                    self.out.removed.push(key(m));
                }
                self.put(t);
            }
            Action::Added => self.put(theirs.expect("only the file's copy is added")),
            Action::Unchanged | Action::Conflict => {}
        }
    }

    fn put(&mut self, p: &Payment) {
        *self.out.puts.per_org.entry(p.org.clone()).or_default() += 1;
        self.out.puts.wanted.insert(digest(p.id.as_bytes()));
    }

    /// The file's payment tombstones whose payments it does not hold, merged too.
    pub fn finish(mut self) -> Payments {
        for id in unseen(&self.incoming_stones, &self.seen) {
            self.one(id, None);
        }
        self.out
    }
}

impl Payments {
    /// Adds the removals and tombstones to the changes and the report of the rest of the
    /// merge; the payments put are written from those held ([`Puts::holds`]).
    pub fn into_changes(self, changes: &mut Changes, report: &mut Report) -> Puts {
        changes
            .dues_payments
            .extend(self.removed.into_iter().map(|k| (k, None)));
        changes.tombstones.extend(self.stones);
        report.add(self.report);
        self.puts
    }
}

impl Puts {
    pub fn is_empty(&self) -> bool {
        self.wanted.is_empty()
    }

    /// Whether `p` is a payment to put (a file holds each id once).
    pub fn holds(&self, p: &Payment) -> bool {
        self.wanted.contains(&digest(p.id.as_bytes()))
    }
}
