//! Killing `dangjian record add` at random moments (SIGKILL, no chance to clean up) never
//! loses a record whose id was printed, and never leaves a database that will not open.

#![cfg(unix)]

mod common;

use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Env, TODAY};

#[test]
fn killed_adds_lose_nothing_that_was_reported() {
    let env = Env::new();
    env.ok(&[
        "org", "add", "--id", "c1", "--name", "支部", "--kind", "branch",
    ]);
    env.ok(&[
        "member", "add", "--org", "c1", "--id", "m1", "--name", "王芳",
    ]);

    let bin = assert_cmd::cargo::cargo_bin("dangjian");
    // How long one add takes on this machine: the kills land between 0 and twice that,
    // so that some adds finish and some are cut short (0–15 ms alone kills every one of
    // them on a slow machine or a debug build).
    let started = Instant::now();
    env.ok(&[
        "record",
        "add",
        "--org",
        "c1",
        "--obligation",
        "theme-party-day",
        "--date",
        "2026-11-01",
    ]);
    let span = (2 * started.elapsed().as_millis() as u32).max(16);
    println!(
        "one add took {:?}; killing within 0–{span} ms",
        started.elapsed()
    );
    // A deterministic LCG (Numerical Recipes constants), so a failure can be replayed.
    let mut seed: u32 = 0x2026_1122;
    let mut next = move || {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        seed >> 16
    };
    let (mut printed, mut killed, mut other) = (Vec::new(), 0, 0);
    for i in 0..100 {
        let date = format!("2026-{:02}-{:02}", 1 + i % 11, 1 + i % 28);
        let child = Command::new(&bin)
            .env_remove("DANGJIAN_DATA_DIR")
            .env_remove("DANGJIAN_CHECKLISTS")
            .arg("--data-dir")
            .arg(env.path())
            .args(["--today", TODAY, "--lang", "en"])
            .args([
                "record",
                "add",
                "--org",
                "c1",
                "--obligation",
                "theme-party-day",
            ])
            .args([
                "--date",
                &date,
                "--hours",
                "2",
                "--topic",
                &format!("第{i}次"),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dangjian starts");
        let mut child = child;
        // Every fourth add runs to the end, so some surely complete whatever the timing;
        // the others are killed at a random moment.
        if i % 4 != 3 {
            std::thread::sleep(Duration::from_millis(u64::from(next() % span)));
            // The child may already have exited (then this is a no-op on the zombie).
            let _ = child.kill();
        }
        let out = child.wait_with_output().expect("wait");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let id = stdout.trim();
        if out.status.success() {
            assert!(
                id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()),
                "a completed add prints the id, got {id:?}"
            );
            printed.push(id.to_string());
        } else if out.status.signal() == Some(9) {
            killed += 1;
        } else {
            // Not killed and not successful: the add itself failed. That is a bug unless
            // it is the lock of a previous, still-dying process; report it.
            other += 1;
            eprintln!(
                "add {i} failed: {}\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    println!(
        "completed: {}, killed: {killed}, failed otherwise: {other}",
        printed.len()
    );
    assert!(
        printed.len() >= 3,
        "too few adds completed: {}",
        printed.len()
    );
    assert!(killed >= 3, "too few adds were killed: {killed}");
    assert_eq!(other, 0, "adds that were not killed must not fail");

    // The database opens, and every id that was printed is there.
    let list = env.json(&["record", "list", "--org", "c1"]);
    let stored: Vec<&str> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for id in &printed {
        assert!(
            stored.contains(&id.as_str()),
            "record {id} was printed but lost"
        );
    }
    // And it still takes writes and judges status.
    env.ok(&[
        "record",
        "add",
        "--org",
        "c1",
        "--obligation",
        "party-group-meeting",
        "--date",
        "2026-11-20",
    ]);
    let status = env.json(&["status", "--org", "c1"]);
    assert_eq!(status["orgs"][0]["id"], "c1");
}
