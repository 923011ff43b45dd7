//! Killing `dangjian demo` (SIGKILL, no chance to clean up) leaves the data folder absent,
//! empty or holding the whole demo, never part of it, and the next `demo` fills it.

#![cfg(unix)]

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::TODAY;

const ORGS: usize = 12;

fn dangjian(dir: &Path) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("dangjian"));
    c.env_remove("DANGJIAN_DATA_DIR")
        .env_remove("DANGJIAN_CHECKLISTS")
        .arg("--data-dir")
        .arg(dir)
        .args(["--today", TODAY, "--lang", "en"]);
    c
}

fn demo(dir: &Path) -> Command {
    let mut c = dangjian(dir);
    c.args([
        "demo",
        "--no-ui",
        "--orgs",
        &ORGS.to_string(),
        "--years",
        "2",
    ]);
    c.stdout(Stdio::null()).stderr(Stdio::null());
    c
}

/// How many orgs `dir` holds, through the real binary (`status` must work too).
fn org_count(dir: &Path) -> usize {
    let out = dangjian(dir)
        .args(["status", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "status fails on {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["orgs"].as_array().unwrap().len()
}

fn is_absent_or_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).map_or(true, |mut entries| entries.next().is_none())
}

#[test]
fn a_killed_demo_leaves_nothing_or_everything() {
    let root = tempfile::tempdir().unwrap();
    // How long a whole demo takes here (the quickest of three, so that a slow first start
    // does not stretch the window); kills land anywhere from the start to a little past
    // the end.
    let quickest = (0..3)
        .map(|i| {
            let started = Instant::now();
            assert!(
                demo(&root.path().join(format!("timing{i}")))
                    .status()
                    .unwrap()
                    .success()
            );
            started.elapsed().as_millis() as u64
        })
        .min()
        .unwrap();
    let span = (quickest * 6 / 5).max(20);
    let mut seed: u64 = 0x2026_1122;
    let (mut whole, mut nothing) = (0, 0);
    // `DANGJIAN_KILLS=1000` for a long run.
    let kills: usize = std::env::var("DANGJIAN_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16);
    for i in 0..kills {
        let dir = root.path().join(format!("data{i}"));
        if i % 2 == 1 {
            std::fs::create_dir(&dir).unwrap(); // an empty folder given with --data-dir
        }
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let wait = (seed >> 33) % span;
        let mut child = demo(&dir).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(wait));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if is_absent_or_empty(&dir) {
            nothing += 1;
            // The stale staging folder beside it does not stop the next demo.
            assert!(
                demo(&dir).status().unwrap().success(),
                "demo after a kill at {wait} ms ({status}) fails"
            );
            assert_eq!(org_count(&dir), ORGS);
        } else {
            whole += 1;
            assert_eq!(
                org_count(&dir),
                ORGS,
                "killed at {wait} ms ({status}): the folder holds part of the demo"
            );
        }
    }
    println!("{nothing} kills left nothing, {whole} left the whole demo (window {span} ms)");
    assert!(
        nothing > 0,
        "no kill landed before the demo was in place: the test proves nothing"
    );
}
