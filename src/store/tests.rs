use super::*;
use crate::model::OrgKind;

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
        exempt: Default::default(),
        checklists: Vec::new(),
        updated_at: String::new(),
    }
}

/// The ids of the records status would read for `org`, through the same reads it makes.
fn status_ids(store: &Store, org: &str, needed: &RecordsNeeded) -> Vec<String> {
    let bytes = store.read_for_status(org, needed).unwrap();
    bytes
        .records
        .iter()
        .map(|(k, v)| decode::<Record>(k, v).unwrap().id)
        .collect()
}

#[test]
fn range_scan_reads_one_org_from_a_date() {
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
fn moving_a_record_updates_its_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .put_record(&record("1", "a", "2020-06-01", &["election"]))
        .unwrap();
    let mut moved = record("1", "a", "2023-06-01", &["election", "other"]);
    moved.topic = Some("换届".into());
    store.put_record(&moved).unwrap();
    assert_eq!(store.records("a").unwrap(), vec![moved.clone()]);
    // Status finds the 2023 election through the obligation index, not the date range.
    let needed = RecordsNeeded {
        from: d("2026-01-01"),
        history: vec!["election".into()],
    };
    assert_eq!(status_ids(&store, "a", &needed), ["1"]);
    assert!(store.delete_record("1").unwrap().is_some());
    assert!(store.records("a").unwrap().is_empty());
    assert!(status_ids(&store, "a", &needed).is_empty());
    assert!(store.delete_record("1").unwrap().is_none());
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
    let err = Store::open(dir.path()).err().unwrap();
    assert!(matches!(err, StoreError::InUse(_)), "{err}");
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
