//! The real binary in a real terminal (tmux): demo → overview → open a branch → add a
//! 主题党日 with two absentees → quit; then `record list` shows it.

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_dangjian");

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", "e2e", k]);
            sleep(Duration::from_millis(60));
        }
    }

    fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", "e2e", "-l", text]);
        sleep(Duration::from_millis(100));
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "e2e"])
    }

    /// Waits until the screen shows `needle`, and returns the screen.
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited for {needle:?}; the screen shows:\n{screen}"
            );
            sleep(Duration::from_millis(100));
        }
    }

    fn alive(&self) -> bool {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(["has-session", "-t", "e2e"])
            .output()
            .is_ok_and(|o| o.status.success())
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

fn cli(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = Command::new(BIN)
        .args(args)
        .args([
            "--data-dir",
            dir.to_str().unwrap(),
            "--today",
            "2026-11-22",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn add_a_theme_party_day_in_the_terminal() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("skipped: tmux is not installed (apt-get install tmux)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tmux = Tmux {
        socket: format!("dangjian-e2e-{}", std::process::id()),
    };
    let command = format!(
        "{BIN} demo --data-dir {} --today 2026-11-22",
        data.display()
    );
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "80",
        "-y",
        "24",
        &command,
    ]);

    // The organizer's overview first, then the worst branch.
    tmux.wait_for("个组织");
    tmux.keys(&["2", "j", "Enter"]);
    let screen = tmux.wait_for("本期应完成");
    // Its overdue entries come first.
    let first_row = screen.lines().nth(4).unwrap();
    assert!(first_row.contains("●"), "{screen}");
    let branch_line = screen.lines().nth(1).unwrap().trim().to_string();
    let branch_name = branch_line.split_whitespace().next().unwrap().to_string();

    // Records view, quick entry: topic, hours, two absentees, save.
    tmux.keys(&["4", "a"]);
    tmux.wait_for("记一笔");
    // The type field first: `zt` finds 主题党日 by its pinyin initials.
    tmux.text("zt");
    tmux.keys(&["Tab"]);
    tmux.text("学习四中全会精神");
    tmux.keys(&["Tab"]);
    tmux.text("2");
    tmux.keys(&["Tab", "j", "Space", "Space"]);
    tmux.wait_for("缺席");
    tmux.keys(&["C-s"]);
    let screen = tmux.wait_for("已保存");
    assert!(screen.contains("学习四中全会精神"), "{screen}");
    tmux.keys(&["q"]);
    let start = Instant::now();
    while tmux.alive() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "dangjian did not quit"
        );
        sleep(Duration::from_millis(100));
    }

    // The record is in the database with the right attendees.
    let orgs = cli(&data, &["org", "list"]);
    let org = orgs
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == branch_name.as_str())
        .unwrap_or_else(|| panic!("no org named {branch_name}"));
    let id = org["id"].as_str().unwrap();
    let members = cli(&data, &["member", "list", "--org", id]);
    let in_scope: Vec<&str> = members
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| {
            m["left_on"].as_str().is_none_or(|d| d >= "2026-11-22")
                && m["joined_on"].as_str().is_none_or(|d| d <= "2026-11-22")
                // Party members only: those on the path into the party do not attend.
                && m["stage"].as_str().is_none_or(|s| s == "probationary")
        })
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    let records = cli(&data, &["record", "list", "--org", id]);
    let record = records
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["topic"] == "学习四中全会精神")
        .expect("the record was saved");
    assert_eq!(record["date"], "2026-11-22");
    assert_eq!(record["hours"], 2.0);
    assert_eq!(
        record["obligations"],
        serde_json::json!(["theme-party-day", "study-hours"])
    );
    let attendees: Vec<&str> = record["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let expected: Vec<&str> = in_scope
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1 && *i != 2)
        .map(|(_, m)| *m)
        .collect();
    assert_eq!(attendees, expected);
}

#[test]
fn the_demo_names_its_folder_and_removes_it_on_exit() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("skipped: tmux is not installed (apt-get install tmux)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let tmux = Tmux {
        socket: format!("dangjian-e2e-demo-{}", std::process::id()),
    };
    let command = format!(
        "env -u DANGJIAN_DATA_DIR TMPDIR={} {BIN} demo --today 2026-11-22",
        tmp.path().display()
    );
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "80",
        "-y",
        "24",
        &command,
    ]);
    let screen = tmux.wait_for("退出时删除");
    let folder: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().collect();
    assert_eq!(folder.len(), 1);
    let folder = folder[0].path();
    assert!(
        screen.contains(&folder.display().to_string()),
        "the UI names {}:\n{screen}",
        folder.display()
    );
    // The folder it names holds the demo's database: the six orgs of a default demo
    // (read while the UI, idle, has let go of the folder).
    assert!(
        folder.join("db").is_dir(),
        "no database in {}",
        folder.display()
    );
    let orgs = cli(&folder, &["org", "list"]);
    assert_eq!(orgs.as_array().map(Vec::len), Some(6), "{orgs}");
    tmux.keys(&["q"]);
    let start = Instant::now();
    while folder.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the demo folder is still there"
        );
        sleep(Duration::from_millis(100));
    }
}
