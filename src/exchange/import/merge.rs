//! The merge (SPEC §7): what is stored and what a file holds → the changes to write and
//! the counts to report. Pure: the store only applies the result.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::dues::{Payment, Setting};
use crate::model::{Mark, ObjectKind, Tombstone};
use crate::model::{Member, Org, Record};
use crate::store::{Changes, Contents};

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub added: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
    pub conflicts: usize,
}

/// Which object: the identity a copy and a tombstone share.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Org(String),
    Member(String, String),
    Record(String),
    Mark(String, String, String),
    /// org, member, `YYYY-MM`
    DuesSetting(String, String, String),
    DuesPayment(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Object {
    Org(Org),
    Member(Member),
    Record(Record),
    Mark(Mark),
    DuesSetting(Setting),
    DuesPayment(Payment),
}

impl Object {
    fn key(&self) -> Key {
        match self {
            Object::Org(o) => Key::Org(o.id.clone()),
            Object::Member(m) => Key::Member(m.org.clone(), m.id.clone()),
            Object::Record(r) => Key::Record(r.id.clone()),
            Object::Mark(m) => Key::Mark(m.org.clone(), m.checklist.clone(), m.item.clone()),
            Object::DuesSetting(s) => {
                Key::DuesSetting(s.org.clone(), s.member.clone(), s.from.to_string())
            }
            Object::DuesPayment(p) => Key::DuesPayment(p.id.clone()),
        }
    }

    fn updated_at(&self) -> &str {
        match self {
            Object::Org(o) => &o.updated_at,
            Object::Member(m) => &m.updated_at,
            Object::Record(r) => &r.updated_at,
            Object::Mark(m) => &m.updated_at,
            Object::DuesSetting(s) => &s.updated_at,
            Object::DuesPayment(p) => &p.updated_at,
        }
    }
}

fn stone_key(t: &Tombstone) -> Key {
    match t.kind {
        ObjectKind::Org => Key::Org(t.id.clone()),
        ObjectKind::Member => Key::Member(t.org.clone(), t.id.clone()),
        ObjectKind::Record => Key::Record(t.id.clone()),
        ObjectKind::Mark => {
            let (c, i) = t.id.split_once(':').unwrap_or((&t.id, ""));
            Key::Mark(t.org.clone(), c.to_string(), i.to_string())
        }
        ObjectKind::DuesSetting => {
            let (m, from) = t.id.rsplit_once(':').unwrap_or((&t.id, ""));
            Key::DuesSetting(t.org.clone(), m.to_string(), from.to_string())
        }
        ObjectKind::DuesPayment => Key::DuesPayment(t.id.clone()),
    }
}

/// A timestamp as an instant; the validation has made sure it parses.
fn instant(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap_or_default()
}

fn objects(c: Contents) -> (BTreeMap<Key, Object>, BTreeMap<Key, Tombstone>) {
    let all = c
        .orgs
        .into_iter()
        .map(Object::Org)
        .chain(c.members.into_iter().map(Object::Member))
        .chain(c.records.into_iter().map(Object::Record))
        .chain(c.marks.into_iter().map(Object::Mark))
        .chain(c.dues_settings.into_iter().map(Object::DuesSetting))
        .chain(c.dues_payments.into_iter().map(Object::DuesPayment));
    let objects = all.map(|o| (o.key(), o)).collect();
    let stones = c
        .tombstones
        .into_iter()
        .map(|t| (stone_key(&t), t))
        .collect();
    (objects, stones)
}

/// Merges `incoming` into `local`: the changes that make the database the merge of both,
/// and what they amount to.
pub fn merge(local: Contents, incoming: Contents) -> (Changes, Report) {
    let (mut local_objects, local_stones) = objects(local);
    let (incoming_objects, incoming_stones) = objects(incoming);
    let mut keys: Vec<&Key> = incoming_objects
        .keys()
        .chain(incoming_stones.keys())
        .collect();
    keys.sort();
    keys.dedup();
    let mut changes = Changes::default();
    let mut report = Report::default();
    for key in keys {
        let mine = local_objects.remove(key);
        let theirs = incoming_objects.get(key);
        // The tombstone that stays: the later deletion (on a tie, the local one).
        let local_stone = local_stones.get(key);
        let stone = match (local_stone, incoming_stones.get(key)) {
            (Some(l), Some(i)) if instant(&i.deleted_at) > instant(&l.deleted_at) => Some(i),
            (None, Some(i)) => Some(i),
            (l, _) => l,
        };
        if let Some(s) = stone.filter(|s| Some(*s) != local_stone) {
            changes.tombstones.push(s.clone());
        }
        // The copy that wins: the later `updated_at`; on a tie the local one stays.
        let mut conflict = false;
        let winner = match (&mine, theirs) {
            (None, None) => None,
            (Some(m), None) => Some(m),
            (None, Some(t)) => Some(t),
            (Some(m), Some(t)) => match instant(t.updated_at()).cmp(&instant(m.updated_at())) {
                std::cmp::Ordering::Greater => Some(t),
                std::cmp::Ordering::Less => Some(m),
                std::cmp::Ordering::Equal => {
                    conflict = m != t;
                    Some(m)
                }
            },
        };
        // Kept only when edited after its latest deletion.
        let kept = winner
            .filter(|w| stone.is_none_or(|s| instant(w.updated_at()) > instant(&s.deleted_at)));
        match (&mine, kept) {
            (Some(m), None) => {
                report.deleted += 1;
                remove(&mut changes, m);
            }
            (None, Some(k)) => {
                report.added += 1;
                put(&mut changes, k.clone());
            }
            (Some(m), Some(k)) if m != k => {
                report.updated += 1;
                remove(&mut changes, m);
                put(&mut changes, k.clone());
            }
            _ if conflict => report.conflicts += 1,
            _ => report.unchanged += 1,
        }
    }
    (changes, report)
}

fn put(changes: &mut Changes, object: Object) {
    match object {
        Object::Org(o) => changes.orgs.push((o.id.clone(), Some(o))),
        Object::Member(m) => changes
            .members
            .push(((m.org.clone(), m.id.clone()), Some(m))),
        Object::Record(r) => changes.records_put.push(r),
        Object::Mark(m) => changes.marks.push((
            (m.org.clone(), m.checklist.clone(), m.item.clone()),
            Some(m),
        )),
        Object::DuesSetting(s) => changes.dues_settings.push((setting_key(&s), Some(s))),
        Object::DuesPayment(p) => changes.dues_payments.push((payment_key(&p), Some(p))),
    }
}

/// Takes the stored copy away (a changed one is put back by [`put`] afterwards).
fn remove(changes: &mut Changes, object: &Object) {
    match object {
        Object::Org(o) => changes.orgs.push((o.id.clone(), None)),
        Object::Member(m) => changes.members.push(((m.org.clone(), m.id.clone()), None)),
        Object::Record(r) => changes
            .records_removed
            .push((r.id.clone(), r.org.clone(), r.date)),
        Object::Mark(m) => changes
            .marks
            .push(((m.org.clone(), m.checklist.clone(), m.item.clone()), None)),
        Object::DuesSetting(s) => changes.dues_settings.push((setting_key(s), None)),
        Object::DuesPayment(p) => changes.dues_payments.push((payment_key(p), None)),
    }
}

fn setting_key(s: &Setting) -> (String, String, String) {
    (s.org.clone(), s.member.clone(), s.from.to_string())
}

fn payment_key(p: &Payment) -> (String, String, String) {
    (p.org.clone(), p.member.clone(), p.id.clone())
}
