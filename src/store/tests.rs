use super::*;
use crate::model::OrgKind;
use crate::status::RecordsNeeded;
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn record(id: &str, org: &str, date: &str, obligations: &[&str]) -> Record {
    Record {
        id: id.into(),
        org: org.into(),
        obligations: obligations.iter().map(|s| s.to_string()).collect(),
        date: d(date),
        for_period: None,
        topic: Some("学习".into()),
        hours: Some(2.0),
        attendees: None,
        location: None,
        speaker: None,
        note: None,
        created_at: "2026-01-01T00:00:00Z".into(),
        updated_at: "2026-01-01T00:00:00Z".into(),
        points: None,
        amounts: Default::default(),
        ..Default::default()
    }
}

fn org(id: &str) -> Org {
    Org {
        id: id.into(),
        name: "支部".into(),
        kind: OrgKind::TeacherBranch,
        parent: None,
        elected_on: None,
        since: d("2024-01-01"),
        due_days: Default::default(),
        term_years: Default::default(),
        every: Default::default(),
        exempt: Default::default(),
        checklists: Vec::new(),
        updated_at: String::new(),
    }
}

/// The ids of the records status would read for `org`, through the same reads it makes.
fn status_ids(store: &Store, org: &str, needed: &RecordsNeeded) -> Vec<String> {
    let bytes = store.read_org(org, needed.clone()).unwrap();
    bytes
        .record_views()
        .unwrap()
        .iter()
        .map(|v| v.id_str().to_string())
        .collect()
}

#[test]
fn status_reads_one_org_from_a_date() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.put_org(&org("a")).unwrap();
    store.put_org(&org("ab")).unwrap();
    store
        .put_record(&record("1", "a", "2025-12-31", &["x"]))
        .unwrap();
    store
        .put_record(&record("2", "a", "2026-01-01", &["x"]))
        .unwrap();
    store
        .put_record(&record("3", "ab", "2026-02-01", &["x"]))
        .unwrap();
    let needed = RecordsNeeded {
        from: d("2026-01-01"),
        history: Vec::new(),
    };
    assert_eq!(status_ids(&store, "a", &needed), ["2"]);
    assert_eq!(store.records("a").unwrap().len(), 2);
    assert_eq!(store.orgs().unwrap().len(), 2);
}

#[test]
fn moving_a_record_to_another_year_moves_it_between_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .put_record(&record("1", "a", "2020-06-01", &["election"]))
        .unwrap();
    let mut moved = record("1", "a", "2023-06-01", &["election", "other"]);
    moved.topic = Some("换届".into());
    store.put_record(&moved).unwrap();
    assert_eq!(store.records("a").unwrap(), vec![moved.clone()]);
    // Status finds the 2023 election among the earlier blocks' history records.
    let needed = RecordsNeeded {
        from: d("2026-01-01"),
        history: vec!["election".into()],
    };
    assert_eq!(status_ids(&store, "a", &needed), ["1"]);
    assert!(
        store
            .delete_record("1", "2026-11-22T00:00:00.000Z")
            .unwrap()
            .is_some()
    );
    assert!(store.records("a").unwrap().is_empty());
    assert!(status_ids(&store, "a", &needed).is_empty());
    assert!(
        store
            .delete_record("1", "2026-11-22T00:00:00.000Z")
            .unwrap()
            .is_none()
    );
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        store.db.insert("schema", &99u32.to_be_bytes()).unwrap();
        store.flush().unwrap();
    }
    let err = Store::open(dir.path()).err().unwrap();
    assert!(err.to_string().contains("schema 99"), "{err}");
}

#[test]
fn a_second_open_says_the_folder_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let _held = Store::open(dir.path()).unwrap();
    let started = std::time::Instant::now();
    let err = Store::open(dir.path()).err().unwrap();
    assert!(matches!(err, StoreError::Busy(_)), "{err}");
    assert!(
        started.elapsed() >= super::open::BUSY_WAIT,
        "it waited first"
    );
    assert!(err.to_string().contains(&dir.path().display().to_string()));
}

#[cfg(unix)]
#[test]
fn the_data_folder_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    Store::open(&data).unwrap();
    let mode = std::fs::metadata(&data).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700);
}

#[test]
fn records_stay_whole_through_adds_edits_and_deletes_across_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for (i, date) in ["2026-03-01", "2025-03-01", "2026-01-15", "2026-01-15"]
        .iter()
        .enumerate()
    {
        store
            .put_record(&record(&format!("r{i}"), "a", date, &["x"]))
            .unwrap();
    }
    let ids =
        |s: &Store| -> Vec<String> { s.records("a").unwrap().into_iter().map(|r| r.id).collect() };
    // Oldest first, by date then id.
    assert_eq!(ids(&store), ["r1", "r2", "r3", "r0"]);
    assert_eq!(store.record("r2").unwrap().unwrap().date, d("2026-01-15"));
    store
        .delete_record("r1", "2026-11-22T00:00:00.000Z")
        .unwrap()
        .unwrap();
    assert_eq!(ids(&store), ["r2", "r3", "r0"]);
    assert!(store.record("r1").unwrap().is_none());
    let found = store.doctor(false).unwrap();
    assert!(found.clean(), "{found:?}");
    assert_eq!(found.records, 3);
}

#[test]
fn a_schema_1_folder_is_moved_to_blocks_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let old = record("r1", "a", "2024-05-04", &["x"]);
    {
        // The layout of schema 1: one key per record and two indexes.
        let db = sled::open(dir.path().join("db")).unwrap();
        db.insert("schema", &1u32.to_be_bytes()).unwrap();
        db.open_tree("records")
            .unwrap()
            .insert(key(&["a", "2024-05-04", "r1"]), encode(&old))
            .unwrap();
        db.open_tree("record_keys")
            .unwrap()
            .insert("r1", key(&["a", "2024-05-04", "r1"]))
            .unwrap();
        db.flush().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.records("a").unwrap(), vec![old.clone()]);
    assert_eq!(store.record("r1").unwrap(), Some(old));
    let names: Vec<String> = store
        .db
        .tree_names()
        .iter()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    assert!(!names.contains(&"records".to_string()), "{names:?}");
    assert!(store.doctor(false).unwrap().clean());
}

fn election_needed() -> RecordsNeeded {
    RecordsNeeded {
        from: d("2026-01-01"),
        history: vec!["election".into()],
    }
}

#[test]
fn earlier_years_are_read_only_where_the_index_names_the_obligation() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    // Through each way records are written: one at a time, in bulk, by an import.
    store
        .put_record(&record("e1", "a", "2021-05-01", &["election"]))
        .unwrap();
    store
        .bulk_load(
            &[],
            &[],
            &[
                record("e2", "b", "2022-05-01", &["election"]),
                record("old", "b", "2022-06-01", &["party-day"]),
            ],
        )
        .unwrap();
    let mut changes = exchange::Changes::default();
    changes
        .records_put
        .push(&record("e3", "c", "2023-05-01", &["election"]));
    store.apply(changes).unwrap();
    let needed = election_needed();
    assert_eq!(status_ids(&store, "a", &needed), ["e1"]);
    assert_eq!(status_ids(&store, "b", &needed), ["e2"]);
    assert_eq!(status_ids(&store, "c", &needed), ["e3"]);
    // b's 2022-06 block holds no election: status does not read it.
    let bytes = store.read_org("b", needed.clone()).unwrap();
    assert_eq!(bytes.blocks.len(), 1);
    assert!(store.doctor(false).unwrap().clean());
}

#[test]
fn doctor_rebuilds_a_lost_record_month_index() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .put_record(&record("e1", "a", "2021-05-01", &["election"]))
        .unwrap();
    store.record_months.remove("a").unwrap();
    // Without its index the 2021 election is out of sight...
    assert!(status_ids(&store, "a", &election_needed()).is_empty());
    let found = store.doctor(true).unwrap();
    assert_eq!(found.index_gaps, 1, "{found:?}");
    // ...and doctor brings it back.
    assert_eq!(status_ids(&store, "a", &election_needed()), ["e1"]);
    assert!(store.doctor(false).unwrap().clean());
}

#[test]
fn a_schema_2_folder_gets_its_record_month_index_on_open() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        store
            .put_record(&record("e1", "a", "2021-05-01", &["election"]))
            .unwrap();
        // As a build of schema 2 left it: no index.
        store.db.drop_tree("record_months").unwrap();
        store.db.insert("schema", &2u32.to_be_bytes()).unwrap();
        store.flush().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(status_ids(&store, "a", &election_needed()), ["e1"]);
    let schema = store.db.get("schema").unwrap().unwrap();
    assert_eq!(schema.as_ref(), SCHEMA.to_be_bytes());
    assert!(store.doctor(false).unwrap().clean());
}

/// Writes an org and a record's block through the journal, then stops short of the
/// commit, as a kill would; the store is opened again.
fn cut_short(dir: &std::path::Path) -> Store {
    {
        let store = Store::open(dir).unwrap();
        let mut staged = store.stage().unwrap();
        let o = org("new");
        staged
            .write(journal::Target::Orgs, b"new", Some(&encode(&o)))
            .unwrap();
        let r = record("r1", "new", "2026-03-01", &["theme-party-day"]);
        let k = block::key("new", block::month_of(r.date));
        let (date, id, bytes) = block::encode(&r);
        let body = block::build(vec![(date, id, bytes)]);
        staged
            .write(journal::Target::Records, &k, Some(&body))
            .unwrap();
        store.flush().unwrap();
    }
    Store::open(dir).unwrap()
}

#[test]
fn an_import_into_an_empty_store_cut_short_leaves_it_empty() {
    let dir = tempfile::tempdir().unwrap();
    let store = cut_short(dir.path());
    assert!(store.orgs().unwrap().is_empty());
    assert!(store.records("new").unwrap().is_empty());
    assert!(store.db.get(journal::FRESH).unwrap().is_none());
}

#[test]
fn an_import_into_a_store_holding_an_org_cut_short_leaves_it_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        store.put_org(&org("old")).unwrap();
        store.flush().unwrap();
    }
    let store = cut_short(dir.path());
    let ids: Vec<String> = store.orgs().unwrap().into_iter().map(|o| o.id).collect();
    assert_eq!(ids, ["old"]);
    assert!(store.records("new").unwrap().is_empty());
}

#[test]
fn an_import_into_an_empty_store_leaves_no_mark_once_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut changes = Changes::default();
    changes.orgs.push(("new".into(), Some(org("new"))));
    changes
        .records_put
        .push(&record("r1", "new", "2026-03-01", &["theme-party-day"]));
    store.apply(changes).unwrap();
    assert!(store.db.get(journal::FRESH).unwrap().is_none());
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.records("new").unwrap().len(), 1);
}

fn payment(id: &str, org: &str, member: &str, month: &str) -> crate::dues::Payment {
    let m = crate::dues::Month::parse(month).unwrap();
    crate::dues::Payment {
        id: id.into(),
        org: org.into(),
        member: member.into(),
        from: m,
        to: m.plus(2),
        amount: crate::dues::Fen(150),
        date: m.first_day(),
        created_at: "2026-01-01T10:00:00.000Z".into(),
        updated_at: "2026-01-02T10:00:00.000Z".into(),
    }
}

fn payment_ids(store: &Store, org: Option<&str>) -> Vec<String> {
    let all = store.dues_payments(org).unwrap();
    all.into_iter()
        .map(|p| format!("{}/{}/{}", p.org, p.member, p.id))
        .collect()
}

/// How many values the payments take: one per member who has any.
fn payment_values(store: &Store) -> usize {
    store.dues_tree(dues::PAYMENTS).unwrap().len()
}

#[test]
fn a_members_payments_are_one_value_through_puts_replaces_and_deletes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for p in [
        payment("p3", "a", "m1", "2026-07"),
        payment("p1", "a", "m1", "2026-01"),
        payment("p2", "a", "m2", "2026-04"),
        payment("p4", "ab", "m1", "2026-01"),
    ] {
        store.put_dues_payment(&p).unwrap();
    }
    assert_eq!(payment_values(&store), 3);
    // By org, member and id, as one key per payment gave them.
    assert_eq!(
        payment_ids(&store, Some("a")),
        ["a/m1/p1", "a/m1/p3", "a/m2/p2"]
    );
    assert_eq!(payment_ids(&store, None).len(), 4);
    // Put again with the same id: replaced, not added.
    let mut changed = payment("p1", "a", "m1", "2026-01");
    changed.amount = crate::dues::Fen(300);
    store.put_dues_payment(&changed).unwrap();
    let all = store.dues_payments(Some("a")).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0], changed);
    // Deleting returns the payment as it was and leaves a tombstone.
    let gone = store
        .delete_dues_payment("a", "m1", "p3", "2026-11-22T00:00:00.000Z")
        .unwrap();
    assert_eq!(gone, Some(payment("p3", "a", "m1", "2026-07")));
    assert!(
        store
            .delete_dues_payment("a", "m1", "p3", "2026-11-22T00:00:00.000Z")
            .unwrap()
            .is_none()
    );
    let stones = store.tombstones(Some("a")).unwrap();
    assert_eq!(stones.len(), 1);
    assert_eq!(stones[0].id, "p3");
    // A member's last payment deleted takes its value with it.
    store
        .delete_dues_payment("a", "m2", "p2", "2026-11-22T00:00:00.000Z")
        .unwrap()
        .unwrap();
    assert_eq!(payment_ids(&store, Some("a")), ["a/m1/p1"]);
    assert_eq!(payment_values(&store), 2);
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(payment_ids(&store, None), ["a/m1/p1", "ab/m1/p4"]);
    assert!(store.doctor(false).unwrap().clean());
    // A block that does not decode is named by doctor.
    let tree = store.dues_tree(dues::PAYMENTS).unwrap();
    tree.insert(dues::block::key("a", "m9"), vec![FORMAT, 9])
        .unwrap();
    let found = store.doctor(false).unwrap();
    assert_eq!(found.unreadable.len(), 1, "{found:?}");
    assert!(
        found.unreadable[0].starts_with("dues_blocks/a/m9: "),
        "{found:?}"
    );
}

/// An import's payments, handed over in id order (as a file holds them) across members,
/// with a removal among the changes; into an empty store and into one holding payments.
#[test]
fn an_import_writes_each_members_block_once_whatever_the_order() {
    for holding in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        if holding {
            store
                .bulk_load_dues(
                    &[],
                    &[
                        payment("p0", "a", "m1", "2025-01"),
                        payment("p9", "a", "m2", "2025-01"),
                    ],
                )
                .unwrap();
        }
        let mut changes = Changes::default();
        changes
            .dues_payments
            .push((("a".into(), "m2".into(), "p9".into()), None));
        let incoming = [
            payment("p1", "a", "m2", "2026-01"),
            payment("p2", "a", "m1", "2026-01"),
            payment("p3", "b", "m1", "2026-01"),
            payment("p4", "a", "m2", "2026-04"),
            payment("p5", "a", "m1", "2026-04"),
        ];
        store
            .apply_with(changes, &mut |put| {
                for p in &incoming {
                    put(p.clone())?;
                }
                Ok(())
            })
            .unwrap();
        let mut want = vec!["a/m1/p2", "a/m1/p5", "a/m2/p1", "a/m2/p4", "b/m1/p3"];
        if holding {
            want.insert(0, "a/m1/p0");
        }
        assert_eq!(payment_ids(&store, None), want, "holding: {holding}");
        assert_eq!(payment_values(&store), 3);
        let stored = store.dues_payments(Some("b")).unwrap();
        assert_eq!(stored, [incoming[2].clone()]);
    }
}

#[test]
fn an_import_that_fails_part_way_through_its_payments_writes_none_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .put_dues_payment(&payment("p0", "a", "m1", "2025-01"))
        .unwrap();
    let failed = store.apply_with(Changes::default(), &mut |put| {
        put(payment("p1", "a", "m1", "2026-01"))?;
        Err(StoreError::Corrupt {
            key: "file".into(),
            message: "changed".into(),
        })
    });
    assert!(failed.is_err());
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(payment_ids(&store, None), ["a/m1/p0"]);
}

/// Writes `payments` as schema 3 kept them: one key each, in JSON.
fn schema_3_payments(db: &sled::Db, payments: &[crate::dues::Payment]) {
    let tree = db.open_tree(dues::PAYMENTS_BEFORE_4).unwrap();
    for p in payments {
        tree.insert(key(&[&p.org, &p.member, &p.id]), encode(p))
            .unwrap();
    }
    db.insert("schema", &3u32.to_be_bytes()).unwrap();
}

fn tree_names(store: &Store) -> Vec<String> {
    store
        .db
        .tree_names()
        .iter()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect()
}

#[test]
fn a_schema_3_folder_gets_a_block_per_member_on_open() {
    let dir = tempfile::tempdir().unwrap();
    // More payments than one batch of the move, members split across batches.
    let mut payments: Vec<_> = (0..5000)
        .map(|i| {
            let month = format!("{}-{:02}", 2020 + i % 6, 1 + i % 12);
            payment(&format!("p{i:05}"), "a", &format!("m{}", i % 7), &month)
        })
        .collect();
    payments.push(payment("q1", "b", "m1", "2026-01"));
    {
        let store = Store::open(dir.path()).unwrap();
        store.put_org(&org("a")).unwrap();
        schema_3_payments(&store.db, &payments);
        // A move to blocks a kill cut short: a stray block, and still schema 3.
        let stray = payment("stray", "a", "m1", "2026-01");
        let block = [(stray.id.clone(), dues::block::encode(&stray))].into();
        store
            .dues_tree(dues::PAYMENTS)
            .unwrap()
            .insert(
                dues::block::key("a", "m1"),
                dues::block::build(&block).unwrap(),
            )
            .unwrap();
        store.flush().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let mut want = payments.clone();
    want.sort_by(|a, b| (&a.org, &a.member, &a.id).cmp(&(&b.org, &b.member, &b.id)));
    assert_eq!(store.dues_payments(None).unwrap(), want);
    assert_eq!(payment_values(&store), 8);
    let schema = store.db.get("schema").unwrap().unwrap();
    assert_eq!(schema.as_ref(), 4u32.to_be_bytes());
    assert!(!tree_names(&store).contains(&dues::PAYMENTS_BEFORE_4.to_string()));
    assert!(store.doctor(false).unwrap().clean());
    drop(store);
    // And opened again, nothing moves.
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.dues_payments(None).unwrap(), want);
}

/// A schema-3 import killed after it was marked complete: its payments were staged one
/// key each, and go in place before the move to blocks.
#[test]
fn a_schema_3_import_cut_short_after_its_mark_is_finished_then_moved() {
    let dir = tempfile::tempdir().unwrap();
    let kept = payment("p1", "a", "m1", "2025-01");
    let staged_payment = payment("p2", "a", "m1", "2026-01");
    {
        let store = Store::open(dir.path()).unwrap();
        store.put_org(&org("a")).unwrap();
        schema_3_payments(&store.db, std::slice::from_ref(&kept));
        // What the journal holds once the staged writes are marked complete: the
        // target tree's number, a sequence number and the key; a put flag and the value.
        let p = &staged_payment;
        let mut k = vec![journal::Target::DuesPayments as u8];
        k.extend_from_slice(&0u64.to_be_bytes());
        k.extend_from_slice(&key(&[&p.org, &p.member, &p.id]));
        let mut v = vec![1u8];
        v.extend_from_slice(&encode(p));
        let staging = store.db.open_tree(journal::STAGING).unwrap();
        staging.insert(k, v).unwrap();
        store.db.insert(journal::COMMIT, &[1u8]).unwrap();
        store.flush().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.dues_payments(None).unwrap(), [kept, staged_payment]);
    assert!(store.db.get(journal::COMMIT).unwrap().is_none());
    assert_eq!(payment_values(&store), 1);
}

fn leftovers(dir: &std::path::Path) -> Vec<String> {
    ["db.compact", "db.old", "db/whole"]
        .into_iter()
        .filter(|p| dir.join(p).exists())
        .map(str::to_string)
        .collect()
}

fn db_file_size(dir: &std::path::Path) -> u64 {
    std::fs::metadata(dir.join("db").join("db")).unwrap().len()
}

#[test]
fn a_schema_move_rewrites_the_file_it_leaves_mostly_free() {
    let dir = tempfile::tempdir().unwrap();
    let payments: Vec<_> = (0..20_000)
        .map(|i| payment(&format!("p{i:05}"), "a", &format!("m{}", i % 50), "2026-01"))
        .collect();
    {
        let store = Store::open(dir.path()).unwrap();
        store.put_org(&org("a")).unwrap();
        schema_3_payments(&store.db, &payments);
        store.flush().unwrap();
    }
    let before = db_file_size(dir.path());
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.dues_payments(None).unwrap().len(), payments.len());
    assert_eq!(store.orgs().unwrap().len(), 1);
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
    let after = db_file_size(dir.path());
    assert!(after * 2 < before, "{before} bytes before, {after} after");
}

/// A rewrite cut short by a kill: a whole copy is put in place at the next open, also
/// when the old database was already moved aside; a copy not marked whole is dropped.
#[test]
fn a_rewrite_cut_short_leaves_the_old_database_or_the_whole_copy() {
    for cut in ["copy marked", "old moved aside", "copy unmarked"] {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path()).unwrap();
            store.put_org(&org("a")).unwrap();
            store.flush().unwrap();
            compact::copy(&store.db, dir.path(), dues::PAYMENTS_BEFORE_4, SCHEMA).unwrap();
            // Written after the copy: only an open that keeps `db` sees it.
            store.put_org(&org("b")).unwrap();
            store.flush().unwrap();
        }
        match cut {
            "old moved aside" => {
                std::fs::rename(dir.path().join("db"), dir.path().join("db.old")).unwrap()
            }
            "copy unmarked" => std::fs::remove_file(dir.path().join("db.compact/whole")).unwrap(),
            _ => {}
        }
        let store = Store::open(dir.path()).unwrap();
        let ids: Vec<String> = store.orgs().unwrap().into_iter().map(|o| o.id).collect();
        let want: &[&str] = if cut == "copy unmarked" {
            &["a", "b"]
        } else {
            &["a"]
        };
        assert_eq!(ids, want, "{cut}");
        assert!(
            leftovers(dir.path()).is_empty(),
            "{cut}: {:?}",
            leftovers(dir.path())
        );
        assert!(store.doctor(false).unwrap().clean(), "{cut}");
    }
}
