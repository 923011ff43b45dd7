//! The merge (SPEC §7): what is stored and what a file holds → the changes to write and
//! the counts to report. Pure: the store only applies the result.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::dues::{Payment, Setting};
use crate::model::{Mark, ObjectKind, Tombstone};
use crate::model::{Member, Org};
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

/// Everything but a record: the records are merged apart ([`super::records`]).
#[derive(Debug, Clone, PartialEq)]
enum Object {
    Org(Org),
    Member(Member),
    Mark(Mark),
    DuesSetting(Setting),
    DuesPayment(Payment),
}

impl Object {
    fn key(&self) -> Key {
        match self {
            Object::Org(o) => Key::Org(o.id.clone()),
            Object::Member(m) => Key::Member(m.org.clone(), m.id.clone()),
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
pub(super) fn instant(s: &str) -> DateTime<FixedOffset> {
    crate::input::parse_instant(s).unwrap_or_default()
}

fn objects(c: Contents) -> (BTreeMap<Key, Object>, BTreeMap<Key, Tombstone>) {
    let all = c
        .orgs
        .into_iter()
        .map(Object::Org)
        .chain(c.members.into_iter().map(Object::Member))
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

/// What the merge does with one object, given both copies and both tombstones.
pub(super) struct Decision<'a, T> {
    /// The tombstone to keep, when it is not the one stored already.
    pub stone: Option<&'a Tombstone>,
    pub action: Action<'a, T>,
}

pub(super) enum Action<'a, T> {
    Unchanged,
    Conflict,
    Added,
    /// The stored copy, replaced by the file's.
    Updated(&'a T),
    Deleted(&'a T),
}

/// The rules of SPEC §7 for one object: the tombstone that stays is the later deletion
/// (on a tie, the local one); the copy that wins has the later `updated_at` (on a tie
/// the local one stays, a conflict when they differ); the winner is kept only when it
/// was edited after the tombstone's deletion.
pub(super) fn decide<'a, T>(
    mine: Option<&'a T>,
    theirs: Option<&'a T>,
    local_stone: Option<&'a Tombstone>,
    incoming_stone: Option<&'a Tombstone>,
    at: impl Fn(&T) -> DateTime<FixedOffset>,
    same: impl Fn(&T, &T) -> bool,
) -> Decision<'a, T> {
    let stone = match (local_stone, incoming_stone) {
        (Some(l), Some(i)) if instant(&i.deleted_at) > instant(&l.deleted_at) => Some(i),
        (None, Some(i)) => Some(i),
        (l, _) => l,
    };
    let kept_stone = stone.filter(|s| !local_stone.is_some_and(|l| std::ptr::eq(*s, l)));
    let mut conflict = false;
    // Which copy wins: `true` for the file's.
    let theirs_wins = match (mine, theirs) {
        (None, None) => None,
        (Some(_), None) => Some(false),
        (None, Some(_)) => Some(true),
        (Some(m), Some(t)) => match at(t).cmp(&at(m)) {
            std::cmp::Ordering::Greater => Some(true),
            std::cmp::Ordering::Less => Some(false),
            std::cmp::Ordering::Equal => {
                conflict = !same(m, t);
                Some(false)
            }
        },
    };
    let winner = theirs_wins.and_then(|t| if t { theirs } else { mine });
    let kept = winner.filter(|w| stone.is_none_or(|s| at(w) > instant(&s.deleted_at)));
    let action = match (mine, kept) {
        (Some(m), None) => Action::Deleted(m),
        (None, Some(_)) => Action::Added,
        (Some(m), Some(_)) if theirs_wins == Some(true) => Action::Updated(m),
        _ if conflict => Action::Conflict,
        _ => Action::Unchanged,
    };
    Decision {
        stone: kept_stone,
        action,
    }
}

impl Report {
    pub(super) fn count<T>(&mut self, action: &Action<T>) {
        match action {
            Action::Unchanged => self.unchanged += 1,
            Action::Conflict => self.conflicts += 1,
            Action::Added => self.added += 1,
            Action::Updated(_) => self.updated += 1,
            Action::Deleted(_) => self.deleted += 1,
        }
    }

    pub(super) fn add(&mut self, other: Report) {
        self.added += other.added;
        self.updated += other.updated;
        self.deleted += other.deleted;
        self.unchanged += other.unchanged;
        self.conflicts += other.conflicts;
    }
}

/// Merges `incoming` into `local`: the changes that make the database the merge of both,
/// and what they amount to. The records go through [`super::records`], as they do when a
/// file is streamed.
pub fn merge(local: Contents, incoming: Contents) -> (Changes, Report) {
    let mut local_records = super::records::Local::default();
    for r in &local.records {
        local_records.add(r, crate::store::month_of(r.date));
    }
    let mut records =
        super::records::Merge::new(&local_records, &local.tombstones, &incoming.tombstones);
    for r in &incoming.records {
        records.record(r);
    }
    let records = records.finish();
    let mut payments = super::payments::Merge::new(
        &local.dues_payments,
        &local.tombstones,
        &incoming.tombstones,
    );
    for p in &incoming.dues_payments {
        if !payments.seen_before(&p.id) {
            payments.payment(p);
        }
    }
    let payments = payments.finish();
    let mut puts = Vec::new();
    for p in &incoming.dues_payments {
        if payments.puts.holds(p) {
            puts.push(p.clone());
        }
    }
    let (mut changes, mut report) = merge_rest(local, incoming);
    records.into_changes(&mut changes, &mut report);
    payments.into_changes(&mut changes, &mut report);
    changes.dues_payments.extend(puts.into_iter().map(|p| {
        let key = (p.org.clone(), p.member.clone(), p.id.clone());
        (key, Some(p))
    }));
    (changes, report)
}

/// Merges everything but the records and the dues payments (and their tombstones).
pub(super) fn merge_rest(mut local: Contents, mut incoming: Contents) -> (Changes, Report) {
    for c in [&mut local, &mut incoming] {
        c.records = Vec::new();
        c.dues_payments = Vec::new();
        c.tombstones
            .retain(|t| !matches!(t.kind, ObjectKind::Record | ObjectKind::DuesPayment));
    }
    let (mut local_objects, local_stones) = objects(local);
    let (incoming_objects, incoming_stones) = objects(incoming);
    let stones_alone: Vec<Key> = incoming_stones
        .keys()
        .filter(|k| !incoming_objects.contains_key(k))
        .cloned()
        .collect();
    // Every key of the file in order; its objects are moved out as they come, not cloned.
    let mut objects = incoming_objects.into_iter().peekable();
    let mut stones_alone = stones_alone.into_iter().peekable();
    let mut changes = Changes::default();
    let mut report = Report::default();
    loop {
        let (key, theirs) = match (objects.peek(), stones_alone.peek()) {
            (None, None) => break,
            (Some((a, _)), Some(b)) if b < a => (stones_alone.next().expect("peeked"), None),
            (Some(_), _) => {
                let (k, o) = objects.next().expect("peeked");
                (k, Some(o))
            }
            (None, Some(_)) => (stones_alone.next().expect("peeked"), None),
        };
        let key = &key;
        let mine = local_objects.remove(key);
        let d = decide(
            mine.as_ref(),
            theirs.as_ref(),
            local_stones.get(key),
            incoming_stones.get(key),
            |o| instant(o.updated_at()),
            |a, b| a == b,
        );
        if let Some(s) = d.stone {
            changes.tombstones.push(s.clone());
        }
        report.count(&d.action);
        let put_theirs = match d.action {
            Action::Deleted(m) => {
                remove(&mut changes, m);
                false
            }
            Action::Added => true,
            Action::Updated(m) => {
                remove(&mut changes, m);
                true
            }
            Action::Unchanged | Action::Conflict => false,
        };
        // Added or updated: the winner is the file's copy (a stored copy never is added).
        if let (true, Some(t)) = (put_theirs, theirs) {
            put(&mut changes, t);
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
