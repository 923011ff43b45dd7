//! Nothing stored reaches the terminal raw: names, topics and labels holding ESC
//! sequences, an OSC title code, BEL, CR, backspace, a right-to-left override or a
//! zero-width space are written straight into the store (input refuses them), and no
//! command's stdout or stderr carries them.

use crate::common;

use chrono::NaiveDate;
use common::Env;
use dangjian::model::{Member, Org, OrgKind, Record};
use dangjian::store::Store;

const EVIL: &str = "\x1b[31m红\x1b]0;owned\x07\r\x08\u{202e}\u{200b}";

/// The raw characters that must never come out.
fn raw(s: &str) -> Option<char> {
    s.chars().find(|c| {
        matches!(
            c,
            '\x1b' | '\x07' | '\r' | '\x08' | '\u{202e}' | '\u{200b}' | '\u{9b}'
        )
    })
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn poisoned() -> Env {
    let env = Env::new();
    let store = Store::open(env.path()).unwrap();
    let stamp = "2026-11-01T00:00:00.000Z".to_string();
    for (id, kind, parent) in [
        ("dept", OrgKind::Department, None),
        ("t1", OrgKind::TeacherBranch, Some("dept")),
    ] {
        store
            .put_org(&Org {
                id: id.into(),
                name: format!("{id}{EVIL}支部"),
                kind,
                parent: parent.map(String::from),
                elected_on: Some(d("2024-06-01")),
                since: d("2026-01-01"),
                due_days: Default::default(),
                term_years: Default::default(),
                every: Default::default(),
                exempt: Default::default(),
                checklists: Vec::new(),
                updated_at: stamp.clone(),
            })
            .unwrap();
    }
    for id in ["m1", "m2"] {
        store
            .put_member(&Member {
                id: id.into(),
                org: "t1".into(),
                name: format!("王{EVIL}伟"),
                tags: vec![format!("青年{EVIL}")],
                joined_on: None,
                left_on: None,
                updated_at: stamp.clone(),
                ..Default::default()
            })
            .unwrap();
    }
    store
        .put_record(&Record {
            id: "0193a0000000700080000000000000a1".into(),
            org: "t1".into(),
            obligations: vec!["theme-party-day".into(), "study-hours".into()],
            date: d("2026-11-10"),
            for_period: None,
            topic: Some(format!("学习{EVIL}")),
            hours: Some(2.0),
            attendees: Some(vec!["m1".into()]),
            location: Some(EVIL.into()),
            speaker: Some(EVIL.into()),
            note: Some(EVIL.into()),
            points: None,
            amounts: Default::default(),
            created_at: stamp.clone(),
            updated_at: stamp,
            ..Default::default()
        })
        .unwrap();
    store.flush().unwrap();
    drop(store);
    env
}

fn assert_clean(env: &Env, args: &[&str], zh: bool) {
    let out = if zh { env.cmd_zh(args) } else { env.cmd(args) }
        .output()
        .unwrap();
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        if let Some(c) = raw(&text) {
            panic!(
                "dangjian {args:?} printed U+{:04X} raw on {stream}:\n{}",
                c as u32,
                text.escape_debug()
            );
        }
    }
}

#[test]
fn no_command_prints_stored_control_characters() {
    let env = poisoned();
    let commands: Vec<Vec<&str>> = vec![
        vec!["org", "list"],
        vec!["member", "list", "--org", "t1"],
        vec!["record", "list", "--org", "t1"],
        vec!["status"],
        vec!["status", "--org", "t1"],
        vec!["overdue"],
        // JSON escapes them itself.
        vec!["org", "list", "--format", "json"],
        vec!["member", "list", "--org", "t1", "--format", "json"],
        vec!["record", "list", "--org", "t1", "--format", "json"],
        vec!["status", "--format", "json"],
        vec!["overdue", "--format", "json"],
        // Errors that echo what was typed.
        vec!["status", "--org", EVIL],
        vec!["record", "list", "--org", EVIL],
        vec!["record", "delete", EVIL],
        vec!["member", "list", "--org", EVIL],
        vec![
            "record",
            "add",
            "--org",
            "t1",
            "--obligation",
            EVIL,
            "--date",
            "2026-11-10",
        ],
        vec![
            "record",
            "add",
            "--org",
            "t1",
            "--obligation",
            "theme-party-day",
            "--date",
            EVIL,
        ],
        vec![
            "record",
            "add",
            "--org",
            "t1",
            "--obligation",
            "theme-party-day",
            "--date",
            "2026-11-10",
            "--absent",
            EVIL,
        ],
        vec![
            "record",
            "add",
            "--org",
            "t1",
            "--obligation",
            "theme-party-day",
            "--date",
            "2026-11-10",
            "--for-period",
            EVIL,
        ],
        vec![
            "org", "add", "--id", EVIL, "--name", "x", "--kind", "branch",
        ],
        vec!["org", "add", "--id", "b9", "--name", "x", "--kind", EVIL],
        vec![
            "org", "add", "--id", "b9", "--name", "x", "--kind", "branch", "--parent", EVIL,
        ],
        vec![
            "org",
            "add",
            "--id",
            "b9",
            "--name",
            "x",
            "--kind",
            "branch",
            "--due-day",
            EVIL,
        ],
        vec!["member", "add", "--org", "t1", "--id", EVIL, "--name", "x"],
        vec!["status", EVIL],
        vec![EVIL],
    ];
    for args in &commands {
        assert_clean(&env, args, false);
        assert_clean(&env, args, true);
    }
    // JSON still carries the exact text.
    let orgs = env.json(&["org", "list"]);
    assert_eq!(orgs[0]["name"], format!("dept{EVIL}支部"));
    // The tables do show the names, visibly escaped.
    let out = env.ok(&["member", "list", "--org", "t1"]);
    assert!(out.contains("王\\u{1b}[31m红"), "{out}");
}

#[test]
fn semester_labels_from_the_config_never_reach_the_terminal_raw() {
    let env = poisoned();
    // YAML escapes put the characters into the label.
    std::fs::write(
        env.path().join("config.yaml"),
        "semesters:\n  - { label: \"2026-2027-1\\e]0;owned\\a\\r\\b\\u202e\", start: 2026-08-31, end: 2027-01-17 }\n",
    )
    .unwrap();
    for args in [
        vec!["status"],
        vec!["overdue"],
        vec!["status", "--format", "json"],
        vec!["record", "list", "--org", "t1"],
    ] {
        assert_clean(&env, &args, false);
        assert_clean(&env, &args, true);
    }
    let (_, stderr) = env.fails(&["status"]);
    assert!(
        stderr.contains("semester label") && stderr.contains("U+001B"),
        "{stderr}"
    );
}

#[test]
fn checklist_titles_are_shown_escaped_by_check() {
    let env = Env::new();
    let dir = env.path().join("lists");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("evil.yaml"),
        "schema: 1\nid: evil\ntitle: \"标题\\e]0;owned\\a\\u202e\"\nitems:\n  - id: \"1\"\n    title: \"一\\e[2J\"\n    obligations:\n      - { id: evil-monthly, title: \"月\\e[31m报\\r\", every: month }\n",
    )
    .unwrap();
    let lists = dir.to_str().unwrap();
    assert_clean(&env, &["check", lists], false);
    assert_clean(&env, &["--checklists", lists, "status"], true);
    env.ok(&[
        "org",
        "add",
        "--id",
        "t1",
        "--name",
        "支部",
        "--kind",
        "teacher-branch",
        "--since",
        "2026-01-01",
    ]);
    assert_clean(&env, &["--checklists", lists, "status"], true);
    assert_clean(&env, &["--checklists", lists, "overdue"], false);
}
