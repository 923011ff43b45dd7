//! kill -9 at random moments during the import of 1,500 records leaves the
//! database with none of them or all of them, never some: into an empty folder (written
//! in place) and into one that holds an org (staged first).

#![cfg(unix)]

use crate::common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Env, TODAY};
use serde_json::{Value, json};

const RECORDS: usize = 1500;

fn file() -> Value {
    let stamp = "2026-01-01T00:00:00.000Z";
    let records: Vec<Value> = (0..RECORDS)
        .map(|i| {
            json!({
                "id": format!("{:032x}", i + 1), "org": "k1", "obligations": ["theme-party-day"],
                "date": format!("{:04}-{:02}-{:02}", 2020 + i % 6, 1 + i % 12, 1 + i % 28),
                "topic": format!("第{i}次"), "hours": 1.5, "created_at": stamp, "updated_at": stamp,
            })
        })
        .collect();
    json!({
        "dangjian_export": 1, "exported_at": stamp,
        "orgs": [{"id": "k1", "name": "支部", "kind": "branch", "since": "2020-01-01", "updated_at": stamp}],
        "members": [], "records": records, "marks": [], "tombstones": [],
    })
}

#[test]
fn a_killed_import_leaves_none_or_all_of_the_records() {
    let loops: usize = std::env::var("DANGJIAN_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.json");
    std::fs::write(&path, file().to_string()).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("dangjian");
    // How long a whole import takes here; kills land anywhere up to 1.5 times that.
    let probe = Env::new();
    let started = Instant::now();
    probe.ok(&["import", path.to_str().unwrap()]);
    let span = (started.elapsed().as_millis() as u64 * 3 / 2).max(20);
    let mut seed: u64 = 0x2026_1122;
    let (mut none, mut all) = (0, 0);
    for i in 0..loops {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let delay = (seed >> 33) % span;
        let env = Env::new();
        // Half of the runs import over an existing org of another name.
        if i % 2 == 1 {
            env.ok(&[
                "org",
                "add",
                "--id",
                "other",
                "--name",
                "另一个",
                "--kind",
                "branch",
            ]);
        }
        let mut child = Command::new(&bin)
            .env_remove("DANGJIAN_DATA_DIR")
            .args([
                "--data-dir",
                env.path().to_str().unwrap(),
                "--today",
                TODAY,
                "import",
                path.to_str().unwrap(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        child.wait().unwrap();
        let after: Value = serde_json::from_str(&env.ok(&["export"])).unwrap();
        let records = after["records"].as_array().unwrap().len();
        let orgs = after["orgs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["id"] == "k1")
            .count();
        // Whatever the kill cut short is finished or undone once the folder opens.
        {
            let db = sled::open(env.path().join("db")).expect("sled opens the folder");
            assert!(db.get("import_commit").unwrap().is_none());
            assert!(db.get("import_fresh").unwrap().is_none());
        }
        match (orgs, records) {
            (0, 0) => none += 1,
            (1, RECORDS) => all += 1,
            other => panic!("kill after {delay} ms left (orgs, records) = {other:?}"),
        }
    }
    eprintln!("{loops} kills: {none} left nothing, {all} left everything");
}
