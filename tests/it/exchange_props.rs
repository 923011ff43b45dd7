//! Property tests of export and import on random databases, through the real sled store:
//! the round trip is lossless, a second import changes nothing, and two secretaries'
//! files give the same database in either order.

use chrono::NaiveDate;
use dangjian::checklist::Catalog;
use dangjian::exchange::import;
use dangjian::exchange::json::Export;
use dangjian::model::{Mark, MarkState, ObjectKind, Tombstone};
use dangjian::model::{Member, Org, OrgKind, Record};
use dangjian::period::Calendar;
use dangjian::store::Store;
use proptest::prelude::*;
use tempfile::TempDir;

const OBLIGATIONS: [&str; 4] = [
    "theme-party-day",
    "study-hours",
    "party-group-meeting",
    "heart-to-heart-talk",
];
const ITEMS: [&str; 3] = ["1.1.1", "1.1.2", "1.2.1"];

/// A deterministic stream of choices from one proptest seed.
struct Dice(u64);

impl Dice {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next(100) < percent
    }
}

fn stamp(day: u32, second: u64) -> String {
    format!(
        "2026-{:02}-{:02}T{:02}:{:02}:{:02}.000Z",
        1 + day / 28 % 12,
        1 + day % 28,
        second / 3600 % 24,
        second / 60 % 60,
        second % 60
    )
}

struct Db {
    _dir: TempDir,
    store: Store,
}

fn empty() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    Db { _dir: dir, store }
}

fn record(d: &mut Dice, id: String, org: &str, members: &[Member], at: &str) -> Record {
    let date = NaiveDate::from_ymd_opt(
        2025 + d.next(2) as i32,
        1 + d.next(12) as u32,
        1 + d.next(28) as u32,
    )
    .unwrap();
    let attendees = d.chance(50).then(|| {
        members
            .iter()
            .filter(|_| d.chance(60))
            .map(|m| m.id.clone())
            .collect()
    });
    Record {
        id,
        org: org.to_string(),
        obligations: (0..1 + d.next(2))
            .map(|_| OBLIGATIONS[d.next(4) as usize].to_string())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect(),
        date,
        for_period: None,
        topic: d.chance(70).then(|| {
            [
                "学习",
                "=HYPERLINK(\"x\")",
                "主题党日 · 11月",
                "\"引号\",逗号",
            ][d.next(4) as usize]
                .to_string()
        }),
        hours: d.chance(60).then(|| d.next(49) as f64 / 2.0),
        attendees,
        location: d.chance(30).then(|| "会议室".to_string()),
        speaker: None,
        note: d.chance(20).then(|| "备注".to_string()),
        created_at: at.to_string(),
        updated_at: at.to_string(),
        points: None,
        amounts: Default::default(),
        ..Default::default()
    }
}

/// A random database written through the store's own calls.
fn random(seed: u64) -> Db {
    let db = empty();
    let mut d = Dice(seed);
    let at = stamp(0, 0);
    for o in 0..1 + d.next(3) {
        let org = Org {
            id: format!("o{o}"),
            name: format!("支部{o}"),
            kind: [
                OrgKind::Branch,
                OrgKind::TeacherBranch,
                OrgKind::StudentBranch,
            ][d.next(3) as usize],
            parent: None,
            elected_on: d
                .chance(50)
                .then(|| NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()),
            since: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            due_days: Default::default(),
            term_years: Default::default(),
            every: Default::default(),
            exempt: Default::default(),
            checklists: Vec::new(),
            updated_at: at.clone(),
        };
        db.store.put_org(&org).unwrap();
        let members: Vec<Member> = (0..d.next(5))
            .map(|m| Member {
                id: format!("m{m}"),
                org: org.id.clone(),
                name: format!("党员{m}"),
                tags: if d.chance(30) {
                    vec!["青年教师".into()]
                } else {
                    vec![]
                },
                joined_on: None,
                left_on: None,
                updated_at: at.clone(),
                ..Default::default()
            })
            .collect();
        for m in &members {
            db.store.put_member(m).unwrap();
        }
        for r in 0..d.next(12) {
            db.store
                .put_record(&record(
                    &mut d,
                    format!("{seed:016x}{o:04x}{r:012x}"),
                    &org.id,
                    &members,
                    &at,
                ))
                .unwrap();
        }
        for item in ITEMS {
            if d.chance(40) {
                db.store
                    .put_mark(&Mark {
                        org: org.id.clone(),
                        checklist: "model-branch".into(),
                        item: item.into(),
                        state: [MarkState::Todo, MarkState::Doing, MarkState::Done]
                            [d.next(3) as usize],
                        note: d.chance(50).then(|| "+措施".into()),
                        owner: None,
                        deadline: None,
                        score: None,
                        updated_at: at.clone(),
                    })
                    .unwrap();
            }
        }
        if d.chance(50) {
            db.store
                .put_tombstone(&Tombstone {
                    kind: ObjectKind::Record,
                    id: format!("gone{o}"),
                    org: org.id.clone(),
                    deleted_at: at.clone(),
                })
                .unwrap();
        }
    }
    db
}

fn export(db: &Db) -> Vec<u8> {
    let mut out = Vec::new();
    Export::new(db.store.contents(None).unwrap(), "T")
        .write(&mut out)
        .unwrap();
    out
}

fn import_into(db: &Db, file: &[u8]) -> import::Report {
    let catalog = Catalog::builtin();
    let local = db.store.contents(None).unwrap();
    let incoming = import::read(
        file,
        &catalog,
        &Calendar::default(),
        &local,
        dangjian::lang::Lang::En,
    )
    .unwrap_or_else(|p| panic!("{p}"));
    let (changes, report) = import::merge(local, incoming.into_contents());
    db.store.apply(changes).unwrap();
    report
}

/// One secretary's work: edits (later `updated_at`), additions and deletions.
fn secretary(db: &Db, d: &mut Dice, day: u32) {
    let mut second = 0;
    let mut next_stamp = || {
        second += 1;
        stamp(day, second)
    };
    let contents = db.store.contents(None).unwrap();
    for r in &contents.records {
        match d.next(6) {
            0 => {
                db.store.delete_record(&r.id, &next_stamp()).unwrap();
            }
            1 => {
                let mut r = r.clone();
                r.topic = Some(format!("改于第{day}天"));
                r.date = NaiveDate::from_ymd_opt(2026, 1 + d.next(10) as u32, 3).unwrap();
                r.updated_at = next_stamp();
                db.store.put_record(&r).unwrap();
            }
            _ => {}
        }
    }
    for m in &contents.members {
        if d.chance(15) {
            db.store
                .delete_member(&m.org, &m.id, &next_stamp())
                .unwrap();
        } else if d.chance(15) {
            let mut m = m.clone();
            m.name = format!("{}·{day}", m.name);
            m.updated_at = next_stamp();
            db.store.put_member(&m).unwrap();
        }
    }
    for k in &contents.marks {
        if d.chance(30) {
            db.store
                .delete_mark(&k.org, &k.checklist, &k.item, &next_stamp())
                .unwrap();
        }
    }
    for o in &contents.orgs {
        if d.chance(40) {
            let mut o = o.clone();
            o.name = format!("{}·{day}", o.name);
            o.updated_at = next_stamp();
            db.store.put_org(&o).unwrap();
        }
        let members = db.store.members(&o.id).unwrap();
        for i in 0..d.next(3) {
            let at = next_stamp();
            db.store
                .put_record(&record(
                    d,
                    format!("new{day}{}{i}", o.id),
                    &o.id,
                    &members,
                    &at,
                ))
                .unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn export_import_export_is_lossless_and_a_second_import_changes_nothing(seed in any::<u64>()) {
        let a = random(seed);
        let file = export(&a);
        let b = empty();
        let first = import_into(&b, &file);
        prop_assert_eq!(first.updated + first.deleted + first.conflicts, 0);
        prop_assert_eq!(String::from_utf8(export(&b)).unwrap(), String::from_utf8(file.clone()).unwrap());
        let second = import_into(&b, &file);
        prop_assert_eq!((second.added, second.updated, second.deleted, second.conflicts), (0, 0, 0, 0));
        prop_assert_eq!(export(&b), file);
    }

    #[test]
    fn two_secretaries_in_either_order_give_the_same_database(seed in any::<u64>()) {
        let base = export(&random(seed));
        let (a, b) = (empty(), empty());
        import_into(&a, &base);
        import_into(&b, &base);
        let mut d = Dice(seed ^ 0x5eed);
        secretary(&a, &mut d, 40);
        secretary(&b, &mut d, 80);
        let (fa, fb) = (export(&a), export(&b));
        let (one, two) = (empty(), empty());
        import_into(&one, &base);
        import_into(&one, &fa);
        import_into(&one, &fb);
        import_into(&two, &fb);
        import_into(&two, &fa);
        import_into(&two, &base);
        prop_assert_eq!(String::from_utf8(export(&one)).unwrap(), String::from_utf8(export(&two)).unwrap());
        // And again: nothing more to do.
        let again = import_into(&one, &fb);
        prop_assert_eq!((again.added, again.updated, again.deleted), (0, 0, 0));
    }
}
