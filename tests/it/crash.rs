//! Killing `dangjian record add` and `dangjian status` at random moments (SIGKILL, no
//! chance to clean up) never loses a record whose id was printed, and never leaves a data
//! folder that will not open.
//!
//! CI runs 100 kills; `DANGJIAN_KILLS=1000 cargo test --release --test it crash:: -- --nocapture`
//! runs more.

#![cfg(unix)]

use crate::common;

use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Env, TODAY};

#[test]
fn killed_commands_lose_nothing_and_never_brick_the_folder() {
    let kills: usize = std::env::var("DANGJIAN_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let env = Env::new();
    env.ok(&[
        "org", "add", "--id", "c1", "--name", "支部", "--kind", "branch",
    ]);
    env.ok(&[
        "member", "add", "--org", "c1", "--id", "m1", "--name", "王芳",
    ]);

    let bin = assert_cmd::cargo::cargo_bin("dangjian");
    let started = Instant::now();
    env.ok(&["status"]);
    // Most kills land in the first 30 ms, where sled opens and writes its snapshot; the
    // rest anywhere up to twice a whole command, so that some finish.
    let span = (2 * started.elapsed().as_millis() as u32).max(40);
    // A deterministic LCG (Numerical Recipes constants), so a failure can be replayed.
    let mut seed: u32 = 0x2026_1122;
    let mut next = move || {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        seed >> 16
    };
    let (mut printed, mut killed, mut other, mut unopenable) = (Vec::new(), 0, 0, 0);
    let mut i = 0;
    while killed < kills {
        i += 1;
        let date = format!("2026-{:02}-{:02}", 1 + i % 11, 1 + i % 20);
        let mut cmd = Command::new(&bin);
        cmd.env_remove("DANGJIAN_DATA_DIR")
            .env_remove("DANGJIAN_CHECKLISTS")
            .arg("--data-dir")
            .arg(env.path())
            .args(["--today", TODAY, "--lang", "en"]);
        let is_add = i % 3 != 0;
        if is_add {
            cmd.args([
                "record",
                "add",
                "--org",
                "c1",
                "--obligation",
                "theme-party-day",
                "--date",
                &date,
                "--hours",
                "2",
                "--topic",
                &format!("第{i}次"),
            ]);
        } else {
            cmd.args(["status", "--format", "json"]);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dangjian starts");
        // Every fifth command runs to the end, so some surely complete whatever the timing.
        if i % 5 != 0 {
            let window = if next() % 10 < 7 { 30 } else { span };
            std::thread::sleep(Duration::from_micros(
                u64::from(next()) % (window as u64 * 1000),
            ));
            // The child may already have exited (then this is a no-op on the zombie).
            let _ = child.kill();
        }
        let out = child.wait_with_output().expect("wait");
        let stdout = String::from_utf8_lossy(&out.stdout);
        if out.status.success() {
            if is_add {
                let id = stdout.trim();
                assert!(
                    id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()),
                    "a completed add prints the id, got {id:?}"
                );
                printed.push(id.to_string());
            }
        } else if out.status.signal() == Some(9) {
            killed += 1;
            // The folder still opens.
            let check = env
                .cmd(&["org", "list", "--format", "json"])
                .output()
                .unwrap();
            if !check.status.success() {
                unopenable += 1;
                eprintln!(
                    "after kill {killed}: {}",
                    String::from_utf8_lossy(&check.stderr)
                );
            }
        } else {
            other += 1;
            eprintln!(
                "command {i} failed: {}\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    println!(
        "{i} commands: {} adds acknowledged, {killed} killed, {other} failed otherwise, {unopenable} times the folder did not open",
        printed.len()
    );
    assert_eq!(unopenable, 0, "a kill left a folder that does not open");
    assert_eq!(other, 0, "commands that were not killed must not fail");
    assert!(
        printed.len() >= 3,
        "too few adds completed: {}",
        printed.len()
    );

    // Every id that was printed is there.
    let list = env.json(&["record", "list", "--org", "c1"]);
    let stored: Vec<&str> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let lost: Vec<&String> = printed
        .iter()
        .filter(|id| !stored.contains(&id.as_str()))
        .collect();
    assert!(lost.is_empty(), "printed but lost: {lost:?}");
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
