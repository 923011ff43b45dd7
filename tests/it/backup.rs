//! Daily backups: the first write of a day starts a backup beside it, which keeps the
//! database in `backups/YYYY-MM-DD.json.gz` (private to the user) without making the write
//! wait; the last seven are kept; `doctor --restore` puts one back, replacing.

use crate::common;

use assert_cmd::Command;
use common::Env;
use dangjian::exchange::backup;

fn on(env: &Env, day: &str, args: &[&str]) -> String {
    let out = Command::cargo_bin("dangjian")
        .unwrap()
        .env_remove("DANGJIAN_DATA_DIR")
        .env_remove("DANGJIAN_TODAY")
        .arg("--data-dir")
        .arg(env.path())
        .args(["--today", day, "--lang", "en"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn names(env: &Env) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(env.path().join("backups"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".json.gz"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn the_first_write_of_each_day_keeps_a_backup_and_the_last_seven_stay() {
    let env = Env::new();
    on(
        &env,
        "2026-11-01",
        &[
            "org", "add", "--id", "t1", "--name", "支部", "--kind", "branch",
        ],
    );
    env.wait_for_backup("2026-11-01");
    for day in 1..=10 {
        let today = format!("2026-11-{day:02}");
        let id = on(
            &env,
            &today,
            &[
                "record",
                "add",
                "--org",
                "t1",
                "--obligation",
                "theme-party-day",
                "--date",
                &today,
            ],
        );
        // A second write the same day keeps the day's backup as it was.
        let before = std::fs::read(env.wait_for_backup(&today)).unwrap();
        on(&env, &today, &["record", "delete", id.trim()]);
        on(
            &env,
            &today,
            &[
                "record",
                "add",
                "--org",
                "t1",
                "--obligation",
                "theme-party-day",
                "--date",
                &today,
            ],
        );
        assert_eq!(
            std::fs::read(env.path().join(format!("backups/{today}.json.gz"))).unwrap(),
            before
        );
        // Reading commands keep nothing.
        on(&env, &today, &["status"]);
    }
    let kept = names(&env);
    assert_eq!(
        kept,
        (4..=10)
            .map(|d| format!("2026-11-{d:02}.json.gz"))
            .collect::<Vec<_>>()
    );
    // The backup is an export: the 10th's, taken after its first write, holds one record
    // of each day and the deletions of days 1–9.
    let newest: serde_json::Value = serde_json::from_slice(
        &backup::read_export(&env.path().join("backups/2026-11-10.json.gz")).unwrap(),
    )
    .unwrap();
    assert_eq!(newest["dangjian_export"], 1);
    assert_eq!(newest["records"].as_array().unwrap().len(), 10);
    assert_eq!(newest["tombstones"].as_array().unwrap().len(), 9);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&env.path().join("backups")), 0o700);
        assert_eq!(mode(&env.path().join("backups/2026-11-10.json.gz")), 0o600);
    }
}

#[test]
fn restore_replaces_so_a_deletion_after_the_backup_cannot_keep_the_record_away() {
    let env = Env::new();
    add_branch(&env, "2026-11-01", "t1");
    let id = on(
        &env,
        "2026-11-02",
        &[
            "record",
            "add",
            "--org",
            "t1",
            "--obligation",
            "theme-party-day",
            "--date",
            "2026-10-03",
        ],
    );
    env.wait_for_backup("2026-11-02");
    on(&env, "2026-11-02", &["record", "delete", id.trim()]);
    let text = on(&env, "2026-11-02", &["doctor", "--restore"]);
    assert!(text.contains("2026-11-02.json.gz"), "{text}");
    let list = on(
        &env,
        "2026-11-02",
        &["record", "list", "--org", "t1", "--format", "json"],
    );
    let records: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(records[0]["id"], id.trim(), "the record is back: {list}");
    // The database that was there is kept, and doctor mentions it.
    let text = on(&env, "2026-11-02", &["doctor"]);
    assert!(
        text.contains("moved aside") && text.contains("db.broken-"),
        "{text}"
    );
}

#[test]
fn restore_falls_back_to_the_next_older_backup_when_the_newest_cannot_be_read() {
    let env = Env::new();
    add_branch(&env, "2026-11-01", "t1");
    env.wait_for_backup("2026-11-01");
    add_branch(&env, "2026-11-02", "t2");
    let newest = env.wait_for_backup("2026-11-02");
    std::fs::write(&newest, b"\x1f\x8b not gzip at all").unwrap();
    let out = run(&env, "2026-11-02", &["doctor", "--restore"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("2026-11-02.json.gz cannot be read")
            && text.contains("restored from")
            && text.contains("2026-11-01.json.gz"),
        "{text}"
    );
    let orgs = on(&env, "2026-11-02", &["org", "list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&orgs).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "{orgs}");
    assert_eq!(v[0]["id"], "t1");

    // With no readable backup at all, nothing is moved and the exit says so.
    std::fs::write(env.path().join("backups/2026-11-01.json.gz"), b"{").unwrap();
    let out = run(&env, "2026-11-02", &["doctor", "--restore"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no readable backup"));
    let orgs = on(&env, "2026-11-02", &["org", "list", "--format", "json"]);
    assert!(
        orgs.contains("t1"),
        "the database was left as it was: {orgs}"
    );
}

fn run(env: &Env, day: &str, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("dangjian")
        .unwrap()
        .env_remove("DANGJIAN_DATA_DIR")
        .env_remove("DANGJIAN_TODAY")
        .arg("--data-dir")
        .arg(env.path())
        .args(["--today", day, "--lang", "en"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn doctor_restore_brings_back_a_database_that_lost_everything() {
    let env = Env::new();
    let out = run(&env, "2026-11-01", &["doctor", "--restore"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no readable backup"));

    on(
        &env,
        "2026-11-01",
        &[
            "org", "add", "--id", "t1", "--name", "支部", "--kind", "branch",
        ],
    );
    let kept = on(
        &env,
        "2026-11-01",
        &[
            "record",
            "add",
            "--org",
            "t1",
            "--obligation",
            "theme-party-day",
            "--date",
            "2026-10-03",
        ],
    );
    // The next day's first write starts the backup that holds the records.
    let second = on(
        &env,
        "2026-11-02",
        &[
            "record",
            "add",
            "--org",
            "t1",
            "--obligation",
            "theme-party-day",
            "--date",
            "2026-11-02",
        ],
    );
    env.wait_for_backup("2026-11-02");
    // Damage sled cannot see: its log overwritten and its snapshot gone. It opens as an
    // empty database, and every command would say so without complaint.
    let log = env.path().join("db/db");
    let len = std::fs::metadata(&log).unwrap().len() as usize;
    std::fs::write(&log, vec![0xff; len]).unwrap();
    for e in std::fs::read_dir(env.path().join("db")).unwrap().flatten() {
        if e.file_name().to_string_lossy().starts_with("snap.") {
            std::fs::remove_file(e.path()).unwrap();
        }
    }
    assert_eq!(
        on(&env, "2026-11-02", &["org", "list", "--format", "json"]).trim(),
        "[]"
    );

    let out = run(&env, "2026-11-02", &["doctor"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("the database is empty, but there is a backup")
            && text.contains("2026-11-02.json.gz")
            && text.contains("doctor --restore"),
        "{text}"
    );

    let out = run(&env, "2026-11-02", &["doctor", "--restore"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("restored from") && text.contains("2026-11-02.json.gz"),
        "{text}"
    );
    // Everything up to the day's backup is back: at most the day is lost.
    let list = on(
        &env,
        "2026-11-02",
        &["record", "list", "--org", "t1", "--format", "json"],
    );
    let records: serde_json::Value = serde_json::from_str(&list).unwrap();
    let mut ids: Vec<&str> = records
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, [kept.trim(), second.trim()]);
    assert!(run(&env, "2026-11-02", &["doctor"]).status.success());
}

#[test]
fn doctor_restore_sets_an_unopenable_database_aside_and_fills_a_fresh_one() {
    let env = Env::new();
    on(
        &env,
        "2026-11-01",
        &[
            "org", "add", "--id", "t1", "--name", "支部", "--kind", "branch",
        ],
    );
    on(
        &env,
        "2026-11-01",
        &[
            "record",
            "add",
            "--org",
            "t1",
            "--obligation",
            "theme-party-day",
            "--date",
            "2026-10-03",
        ],
    );
    on(
        &env,
        "2026-11-02",
        &[
            "member", "add", "--org", "t1", "--id", "m1", "--name", "王伟",
        ],
    );
    env.wait_for_backup("2026-11-02");
    // One flipped byte in sled's snapshot: every command now fails to open the folder.
    let mut flipped = 0;
    for e in std::fs::read_dir(env.path().join("db")).unwrap().flatten() {
        if e.file_name().to_string_lossy().starts_with("snap.") {
            let mut bytes = std::fs::read(e.path()).unwrap();
            let mid = bytes.len() / 2;
            bytes[mid] ^= 0xff;
            std::fs::write(e.path(), bytes).unwrap();
            flipped += 1;
        }
    }
    assert!(flipped > 0, "sled wrote no snapshot to damage");
    let out = run(&env, "2026-11-02", &["status"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("damaged") && !err.contains("Some(") && !err.contains("backtrace"),
        "plain words, no debug text: {err}"
    );
    let zh = Command::cargo_bin("dangjian")
        .unwrap()
        .env_remove("DANGJIAN_DATA_DIR")
        .arg("--data-dir")
        .arg(env.path())
        .args(["--today", "2026-11-02", "status"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&zh.stderr);
    assert!(err.contains("已损坏") && !err.contains("Some("), "{err}");
    let out = run(&env, "2026-11-02", &["doctor"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("doctor --restore") && text.contains("2026-11-02.json.gz"),
        "{text}"
    );

    let out = run(&env, "2026-11-02", &["doctor", "--restore"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("is kept in") && text.contains("db.broken-"),
        "{text}"
    );
    let aside: Vec<String> = std::fs::read_dir(env.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("db.broken-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged database is kept aside");
    let status = on(&env, "2026-11-02", &["status", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(v["orgs"][0]["id"], "t1");
    let list = on(
        &env,
        "2026-11-02",
        &["record", "list", "--org", "t1", "--format", "json"],
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&list)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

/// Adds a branch `id` on `day`.
fn add_branch(env: &Env, day: &str, id: &str) {
    on(
        env,
        day,
        &["org", "add", "--id", id, "--name", id, "--kind", "branch"],
    );
}

#[test]
fn a_backup_imports_as_it_is_into_an_empty_folder() {
    let env = Env::new();
    add_branch(&env, "2026-11-01", "t1");
    env.wait_for_backup("2026-11-01");
    add_branch(&env, "2026-11-02", "t2");
    let file = env.wait_for_backup("2026-11-01");
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(&bytes[..2], [0x1f, 0x8b], "gzipped");
    let other = Env::new();
    on(&other, "2026-11-03", &["import", file.to_str().unwrap()]);
    let orgs: serde_json::Value = serde_json::from_str(&on(
        &other,
        "2026-11-03",
        &["org", "list", "--format", "json"],
    ))
    .unwrap();
    let ids: Vec<&str> = orgs
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["t1"], "the 1st's backup holds t1 only");
}
