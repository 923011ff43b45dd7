//! `dangjian doctor`: a clean folder is reported clean; records kept in the wrong place
//! are put back from the records themselves, and every record is there afterwards.

use crate::common;

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
    assert_eq!(found["misplaced"], 0);
    assert_eq!(found["duplicates"], 0);
    assert_eq!(found["unreadable"].as_array().unwrap().len(), 0);
    assert!(env.ok(&["doctor"]).contains("all is well"));
}

#[test]
fn records_kept_in_the_wrong_place_are_put_back_and_every_record_is_there() {
    let env = Env::new();
    let ids = folder_with_records(&env);
    // Behind dangjian's back: the October block is moved under September's key, and the
    // November block is copied under 2025-01 as well.
    {
        let db = sled::open(env.path().join("db")).unwrap();
        let blocks = db.open_tree("record_blocks").unwrap();
        let october = blocks.remove(b"c1\x002026-10").unwrap().expect("a block");
        blocks.insert(b"c1\x002026-09", october).unwrap();
        let november = blocks.get(b"c1\x002026-11").unwrap().expect("a block");
        blocks.insert(b"c1\x002025-01", november).unwrap();
        db.flush().unwrap();
    }
    let out = env.ok(&["doctor"]);
    assert!(out.contains("2 misplaced, 1 duplicate"), "{out}");
    let again = env.json(&["doctor"]);
    assert_eq!(again["misplaced"], 0, "mended for good: {again}");
    assert_eq!(again["duplicates"], 0);
    assert_eq!(again["records"], 3);

    let listed = env.json(&["record", "list", "--org", "c1"]);
    let mut listed: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    listed.sort();
    let mut want: Vec<&str> = ids.iter().map(String::as_str).collect();
    want.sort();
    assert_eq!(listed, want);
    // Each can be found by its id again.
    for id in &ids {
        env.ok(&["record", "delete", id]);
    }
}

#[test]
fn doctor_removes_what_kills_left_and_names_orphans() {
    let env = Env::new();
    folder_with_records(&env);
    // What a killed backup and a killed export leave behind.
    let work = env.path().join("backups/.backupKILLED");
    std::fs::create_dir_all(work.join("db")).unwrap();
    std::fs::write(work.join("busy"), "").unwrap();
    std::fs::write(env.path().join(".dangjian-exportKILLED"), vec![0u8; 1024]).unwrap();
    // A member whose org is gone (written past every check, as damage would).
    {
        let store = dangjian::store::Store::open(env.path()).unwrap();
        store
            .put_member(&dangjian::model::Member {
                id: "m9".into(),
                org: "gone".into(),
                name: "王伟".into(),
                tags: Vec::new(),
                joined_on: None,
                left_on: None,
                updated_at: "2026-11-01T00:00:00.000Z".into(),
                ..Default::default()
            })
            .unwrap();
    }
    let out = env.cmd(&["doctor"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("removed a temporary file a killed process left"),
        "{text}"
    );
    assert!(
        text.contains("member m9 belongs to org gone, which does not exist"),
        "{text}"
    );
    assert!(!work.exists());
    assert!(!env.path().join(".dangjian-exportKILLED").exists());
    let again = env.cmd(&["doctor", "--format", "json"]).output().unwrap();
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert!(again["leftovers"].as_array().unwrap().is_empty(), "{again}");
    assert_eq!(again["orphans"][0]["id"], "m9");
}

/// The temporary files in `dir` named as an export names them.
fn export_temps(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".dangjian-export")
        })
        .map(|e| e.path())
        .collect()
}

#[cfg(unix)]
#[test]
fn doctor_removes_what_a_killed_export_left_beside_its_target_elsewhere() {
    use std::process::Stdio;
    let env = Env::new();
    env.ok(&["demo", "--no-ui"]);
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("all.xlsx");
    // Killed once its temporary file is there (the workbook is judged and written into
    // it, which takes a while); a run that ends first is tried again.
    let mut left = Vec::new();
    for _ in 0..10 {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dangjian"))
            .env_remove("DANGJIAN_DATA_DIR")
            .arg("--data-dir")
            .arg(env.path())
            .args(["--today", common::TODAY, "export", "--output"])
            .arg(&target)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        while export_temps(out.path()).is_empty() && child.try_wait().unwrap().is_none() {
            std::thread::sleep(std::time::Duration::from_micros(500));
        }
        let _ = child.kill();
        child.wait().unwrap();
        left = export_temps(out.path());
        if !left.is_empty() {
            break;
        }
        let _ = std::fs::remove_file(&target);
    }
    assert_eq!(left.len(), 1, "no export was killed while writing");
    assert!(!target.exists());

    // doctor, run from another folder, finds it through the data folder and says so.
    let text = env.ok(&["doctor"]);
    assert!(
        text.contains(&format!(
            "removed a temporary file a killed process left: {}",
            left[0].display()
        )),
        "{text}"
    );
    assert!(export_temps(out.path()).is_empty());
    let again = env.json(&["doctor"]);
    assert!(again["leftovers"].as_array().unwrap().is_empty(), "{again}");
    // And the next export goes through.
    env.ok(&["export", "--output", target.to_str().unwrap()]);
    assert!(target.exists());
}

#[test]
fn a_read_command_creates_no_folder() {
    let env = Env::new();
    let missing = env.path().join("typo");
    for args in [
        vec!["status"],
        vec!["overdue"],
        vec!["score"],
        vec!["org", "list"],
        vec!["export", "--as", "json"],
    ] {
        let out = assert_cmd::Command::cargo_bin("dangjian")
            .unwrap()
            .env_remove("DANGJIAN_DATA_DIR")
            .arg("--data-dir")
            .arg(&missing)
            .args(["--lang", "en"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("does not exist"), "{args:?}: {err}");
        assert!(!missing.exists(), "{args:?} created the folder");
    }
}
