//! A folder written by a build of schema 3 (one key per dues payment) opened by this one:
//! its payments move to a block per member and the database is rewritten, and a kill
//! (SIGKILL) at any moment of that leaves a folder the next command opens, with every
//! payment there.

#![cfg(unix)]

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::Env;
use serde_json::{Value, json};

const STAMP: &str = "2026-01-01T10:00:00.000Z";

/// A branch of three members, then schema 3's layout written behind dangjian's back:
/// `payments` payments, one key each in JSON, and the schema number 3.
fn schema_3_folder(payments: usize) -> (Env, Vec<Value>) {
    let env = Env::new();
    env.ok(&[
        "org", "add", "--id", "b1", "--name", "支部", "--kind", "branch",
    ]);
    for m in ["m1", "m2", "m3"] {
        env.ok(&["member", "add", "--org", "b1", "--id", m, "--name", m]);
    }
    let list: Vec<Value> = (0..payments)
        .map(|i| {
            let month = format!("{}-{:02}", 2020 + i / 12 % 7, 1 + i % 12);
            json!({
                "id": format!("p{i:06}"), "org": "b1", "member": format!("m{}", 1 + i % 3),
                "from": month, "to": month, "amount": "1.50", "date": format!("{month}-01"),
                "created_at": STAMP, "updated_at": STAMP,
            })
        })
        .collect();
    {
        let db = sled::open(env.path().join("db")).unwrap();
        let tree = db.open_tree("dues_payments").unwrap();
        for p in &list {
            let key = format!("b1\0{}\0{}", p["member"].as_str().unwrap(), p["id"]);
            let key = key.replace('"', "");
            let mut value = vec![1u8];
            value.extend_from_slice(p.to_string().as_bytes());
            tree.insert(key, value).unwrap();
        }
        db.drop_tree("dues_blocks").unwrap();
        db.insert("schema", &3u32.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    (env, list)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The payments an export holds, as the file gives them.
fn exported_payments(env: &Env) -> Value {
    let file: Value = serde_json::from_str(&env.ok(&["export"])).unwrap();
    file["dues_payments"].clone()
}

fn schema(dir: &Path) -> u32 {
    let db = sled::open(dir.join("db")).unwrap();
    let v = db.get("schema").unwrap().unwrap();
    u32::from_be_bytes(v.as_ref().try_into().unwrap())
}

#[test]
fn a_schema_3_folder_killed_while_its_payments_move_opens_with_every_payment() {
    let (pristine, list) = schema_3_folder(3_000);
    let want = Value::Array(list);
    // How long the move takes whole here; the kills land across twice that.
    let whole = Env::new();
    copy_dir(pristine.path(), whole.path());
    let started = Instant::now();
    whole.ok(&["org", "list"]);
    let span = started.elapsed().max(Duration::from_millis(40)) * 2;
    assert_eq!(schema(whole.path()), 4);
    assert_eq!(exported_payments(&whole), want);
    let kills = 12;
    for i in 0..kills {
        let env = Env::new();
        copy_dir(pristine.path(), env.path());
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dangjian"))
            .arg("--data-dir")
            .arg(env.path())
            .args(["--today", common::TODAY, "org", "list"])
            .env_remove("DANGJIAN_DATA_DIR")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(span * i / kills);
        let _ = child.kill();
        child.wait().unwrap();
        // The next command opens the folder and finds every payment, once.
        assert_eq!(exported_payments(&env), want, "kill {i}");
        let found = env.json(&["doctor"]);
        assert_eq!(found["unreadable"], json!([]), "kill {i}: {found}");
        assert!(env.ok(&["doctor"]).contains("all is well"), "kill {i}");
        for left in ["db.compact", "db.old", "db/whole"] {
            assert!(!env.path().join(left).exists(), "kill {i}: {left} left");
        }
        assert_eq!(schema(env.path()), 4, "kill {i}");
    }
}
