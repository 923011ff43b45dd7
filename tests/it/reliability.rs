//! What a killed process leaves behind never bricks the folder, the folder is private to
//! the user whatever the umask, and an acknowledged write has been fsynced.

#![cfg(unix)]

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use common::{Env, TODAY};

fn add_records(env: &Env, n: usize) {
    env.ok(&[
        "org", "add", "--id", "c1", "--name", "支部", "--kind", "branch",
    ]);
    for i in 0..n {
        let date = format!("2026-{:02}-{:02}", 1 + i % 10, 1 + i % 27);
        env.ok(&[
            "record",
            "add",
            "--org",
            "c1",
            "--obligation",
            "theme-party-day",
            "--date",
            &date,
        ]);
    }
}

fn record_count(env: &Env) -> usize {
    env.json(&["record", "list", "--org", "c1"])
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn a_half_written_snapshot_left_by_a_kill_is_ignored() {
    let env = Env::new();
    add_records(&env, 12);
    // Another open writes a snapshot; a kill in the middle of writing the next one leaves
    // it half-written under a newer log number (sled issue #1527).
    assert_eq!(record_count(&env), 12);
    let db = env.path().join("db");
    let snap = std::fs::read_dir(&db)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("snap.")
        })
        .expect("sled wrote a snapshot");
    let bytes = std::fs::read(&snap).unwrap();
    std::fs::write(
        db.join("snap.00000000FFFFFFFF.generating"),
        &bytes[..bytes.len() / 2],
    )
    .unwrap();

    assert_eq!(record_count(&env), 12, "the folder opens with every record");
    let stale = std::fs::read_dir(&db)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_str().unwrap().ends_with(".generating")
        })
        .count();
    assert_eq!(stale, 0, "the stale file is gone");
}

fn dangjian_with_umask(data: &Path, umask: &str, args: &[&str]) {
    let bin = assert_cmd::cargo::cargo_bin("dangjian");
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
        .arg(bin)
        .arg("--data-dir")
        .arg(data)
        .args(["--today", TODAY, "--lang", "en"])
        .args(args)
        .env_remove("DANGJIAN_DATA_DIR")
        .status()
        .unwrap();
    assert!(status.success(), "dangjian {args:?}");
}

/// Every path below `dir` (and `dir` itself) with its mode, when it is not private.
fn not_private(dir: &Path) -> Vec<String> {
    let mut bad = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        let meta = std::fs::symlink_metadata(&p).unwrap();
        let mode = meta.permissions().mode() & 0o777;
        let want = if meta.is_dir() { 0o700 } else { 0o600 };
        if mode != want {
            bad.push(format!("{} is {mode:o}", p.display()));
        }
        if meta.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        }
    }
    bad
}

#[test]
fn the_data_folder_is_private_whatever_the_umask() {
    let tmp = tempfile::tempdir().unwrap();
    let fresh = tmp.path().join("fresh");
    let add = [
        "org", "add", "--id", "c1", "--name", "支部", "--kind", "branch",
    ];
    dangjian_with_umask(&fresh, "000", &add);
    dangjian_with_umask(&fresh, "000", &["status"]);
    assert_eq!(not_private(&fresh), Vec::<String>::new());

    // A folder that already existed, open to everyone, with a file in it.
    let existing = tmp.path().join("existing");
    std::fs::create_dir(&existing).unwrap();
    std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(existing.join("config.yaml"), "semesters: []\n").unwrap();
    std::fs::set_permissions(
        existing.join("config.yaml"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    dangjian_with_umask(&existing, "022", &add);
    assert_eq!(not_private(&existing), Vec::<String>::new());
}

/// sled's flush ends in `sync_file_range`, which a power loss can undo: an id is printed
/// only after the log has been `fsync`ed.
#[test]
fn an_acknowledged_record_was_fsynced_before_its_id_was_printed() {
    if Command::new("strace").arg("-V").output().is_err() {
        eprintln!("strace is not installed: skipped (CI installs it)");
        return;
    }
    let env = Env::new();
    add_records(&env, 1);
    let log = env.path().join("..").join("strace.log");
    let bin = assert_cmd::cargo::cargo_bin("dangjian");
    let out = Command::new("strace")
        .args([
            "-f",
            "-e",
            "trace=fsync,fdatasync,sync_file_range,write",
            "-o",
        ])
        .arg(&log)
        .arg(bin)
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
            "--date",
            "2026-11-20",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let trace = std::fs::read_to_string(&log).unwrap();
    let printed = trace
        .lines()
        .position(|l| l.contains("write(1,") && l.contains(&id))
        .unwrap_or_else(|| panic!("the id is written to stdout:\n{trace}"));
    let lines: Vec<&str> = trace.lines().take(printed).collect();
    // sled's own flush of the new record ends in sync_file_range; a durable write needs
    // an fsync after it.
    let flushed = lines
        .iter()
        .rposition(|l| l.contains("sync_file_range("))
        .unwrap_or_else(|| panic!("sled flushed the record:\n{trace}"));
    assert!(
        lines[flushed..]
            .iter()
            .any(|l| l.contains("fsync(") || l.contains("fdatasync(")),
        "no fsync between sled's flush and the printed id:\n{trace}"
    );
}

#[test]
fn a_read_only_folder_can_be_read() {
    let env = Env::new();
    add_records(&env, 3);
    // As root, permissions do not stop a write: a read-only bind mount does.
    let ro = tempfile::tempdir().unwrap();
    let root = unsafe { libc::geteuid() } == 0;
    let dir = if root {
        let mounted = Command::new("mount")
            .args(["--bind", "-o", "ro"])
            .arg(env.path())
            .arg(ro.path())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("skipped: no read-only mount available to root");
            return;
        }
        ro.path().to_path_buf()
    } else {
        std::fs::set_permissions(env.path(), std::fs::Permissions::from_mode(0o500)).unwrap();
        env.path().to_path_buf()
    };
    let out = Command::new(assert_cmd::cargo::cargo_bin("dangjian"))
        .env_remove("DANGJIAN_DATA_DIR")
        .arg("--data-dir")
        .arg(&dir)
        .args([
            "--today", TODAY, "--format", "json", "record", "list", "--org", "c1",
        ])
        .output()
        .unwrap();
    if root {
        let _ = Command::new("umount").arg(ro.path()).status();
    } else {
        std::fs::set_permissions(env.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3);
}
