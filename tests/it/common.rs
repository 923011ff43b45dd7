//! Helpers shared by the integration tests: a fresh data folder per test, a fixed today,
//! and the real `dangjian` binary.

#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The day every test takes as today.
pub const TODAY: &str = "2026-11-22";

/// A fresh, empty data folder and the commands that run against it.
pub struct Env {
    pub dir: TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Waits (up to 20 s) until the backup of `day`, which the first write of that day
    /// started beside it, is written: `backups/DAY.json.gz`, and no backup at work.
    pub fn wait_for_backup(&self, day: &str) -> std::path::PathBuf {
        let dir = self.path().join("backups");
        let file = dir.join(format!("{day}.json.gz"));
        let started = std::time::Instant::now();
        loop {
            let busy = std::fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with(".backup"));
            if file.exists() && !busy {
                return file;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "no backup {} after 20 s",
                file.display()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// `dangjian --data-dir DIR --today 2026-11-22 --lang en ARGS…`
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("dangjian").expect("the dangjian binary");
        c.env_remove("DANGJIAN_DATA_DIR")
            .env_remove("DANGJIAN_CHECKLISTS")
            .env_remove("DANGJIAN_TODAY")
            .arg("--data-dir")
            .arg(self.path())
            .args(["--today", TODAY, "--lang", "en"])
            .args(args);
        c
    }

    /// Like [`Env::cmd`] without `--lang en`: the default (Chinese) labels.
    pub fn cmd_zh(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("dangjian").expect("the dangjian binary");
        c.env_remove("DANGJIAN_DATA_DIR")
            .env_remove("DANGJIAN_CHECKLISTS")
            .env_remove("DANGJIAN_TODAY")
            .arg("--data-dir")
            .arg(self.path())
            .args(["--today", TODAY])
            .args(args);
        c
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("dangjian runs");
        assert!(
            out.status.success(),
            "dangjian {args:?} failed ({}):\nstdout: {}\nstderr: {}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// Runs a command that must succeed and print JSON (`--format json` is added).
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let text = self.ok(&all);
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("dangjian {args:?} printed no JSON ({e}):\n{text}"))
    }

    /// Everything in the folder as `export` writes it, without the moment of the export:
    /// what a refused command must leave as it was.
    pub fn contents(&self) -> String {
        self.ok(&["export"])
            .lines()
            .filter(|l| !l.trim_start().starts_with("\"exported_at\""))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// `args` must be refused with a message holding each of `needles`, and leave the
    /// folder as `before` (its [`Env::contents`] before the command).
    pub fn refuses(&self, args: &[&str], needles: &[&str], before: &str) {
        let (code, stderr) = self.fails(args);
        assert_ne!(code, 0);
        for needle in needles {
            assert!(
                stderr.contains(needle),
                "dangjian {args:?}: the message should contain {needle:?}, got:\n{stderr}"
            );
        }
        assert_eq!(
            self.contents(),
            before,
            "dangjian {args:?} was refused but changed the data"
        );
    }

    /// [`Env::refuses`], against the folder as it is now.
    pub fn assert_refused(&self, args: &[&str], needles: &[&str]) {
        let before = self.contents();
        self.refuses(args, needles, &before);
    }

    /// Runs a command that must fail; returns (exit code, stderr).
    pub fn fails(&self, args: &[&str]) -> (i32, String) {
        let out = self.cmd(args).output().expect("dangjian runs");
        assert!(
            !out.status.success(),
            "dangjian {args:?} should have been refused, but succeeded:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}
