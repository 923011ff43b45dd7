//! `dangjian doctor`: a clean folder is reported clean; a deleted index entry is rebuilt
//! from the records, and every record is there afterwards.

mod common;

use common::Env;

fn folder_with_records(env: &Env) -> Vec<String> {
    env.ok(&[
        "org", "add", "--id", "c1", "--name", "支部", "--kind", "branch",
    ]);
    let mut ids = Vec::new();
    for (ob, date) in [
        ("theme-party-day", "2026-10-12"),
        ("branch-election", "2025-06-01"),
        ("party-group-meeting", "2026-11-02"),
    ] {
        let id = env.ok(&[
            "record",
            "add",
            "--org",
            "c1",
            "--obligation",
            ob,
            "--date",
            date,
        ]);
        ids.push(id.trim().to_string());
    }
    ids
}

#[test]
fn a_clean_folder_is_reported_clean() {
    let env = Env::new();
    folder_with_records(&env);
    let found = env.json(&["doctor"]);
    assert_eq!(found["records"], 3);
    assert_eq!(found["orgs"], 1);
    assert_eq!(found["index_added"], 0);
    assert_eq!(found["index_removed"], 0);
    assert_eq!(found["unreadable"].as_array().unwrap().len(), 0);
    assert!(env.ok(&["doctor"]).contains("all is well"));
}

#[test]
fn a_deleted_index_entry_is_rebuilt_and_every_record_is_there() {
    let env = Env::new();
    let ids = folder_with_records(&env);
    let election = &ids[1];
    // Delete the org's record index behind dangjian's back.
    {
        let db = sled::open(env.path().join("db")).unwrap();
        let index = db.open_tree("record_index").unwrap();
        assert!(index.remove(b"c1").unwrap().is_some());
        db.flush().unwrap();
    }
    // While broken, the record cannot be found by its id.
    let (_, stderr) = env.fails(&["record", "delete", election]);
    assert!(stderr.contains("no record"), "{stderr}");
    let out = env.ok(&["doctor"]);
    assert!(out.contains("rebuilt"), "{out}");
    assert!(out.contains("3 entries added"), "{out}");
    let again = env.json(&["doctor"]);
    assert_eq!(again["index_added"], 0, "repaired for good");

    let listed = env.json(&["record", "list", "--org", "c1"]);
    assert_eq!(listed.as_array().unwrap().len(), 3);
    // The record can be found by its id again.
    env.ok(&["record", "delete", election]);
}
