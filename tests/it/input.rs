//! Refusals of what a user types through the real binary: a record is something that
//! happened (SPEC §3), names must pick one member, and every input gap is closed. Each
//! refusal names the value and leaves the database as it was.

use crate::common;

use common::Env;
use serde_json::Value;

fn branch(env: &Env) {
    env.ok(&[
        "org",
        "add",
        "--id",
        "dept",
        "--name",
        "计算机学院党委",
        "--kind",
        "department",
        "--since",
        "2026-01-01",
    ]);
    env.ok(&[
        "org",
        "add",
        "--id",
        "t1",
        "--name",
        "计算机学院教工第一党支部",
        "--kind",
        "teacher-branch",
        "--parent",
        "dept",
        "--since",
        "2026-01-01",
    ]);
    for (id, name) in [("m1", "王伟"), ("m2", "王伟"), ("m3", "李强")] {
        env.ok(&["member", "add", "--org", "t1", "--id", id, "--name", name]);
    }
}

fn theme_day<'a>(date: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![
        "record",
        "add",
        "--org",
        "t1",
        "--obligation",
        "theme-party-day",
        "--date",
        date,
    ];
    a.extend(extra);
    a
}

#[test]
fn a_record_dated_after_today_is_refused_with_todays_date() {
    let env = Env::new();
    branch(&env);
    env.assert_refused(
        &theme_day("2026-11-23", &[]),
        &["2026-11-23", "after today (2026-11-22)"],
    );
    let zh = env.cmd_zh(&theme_day("2026-12-01", &[])).output().unwrap();
    let stderr = String::from_utf8_lossy(&zh.stderr);
    assert!(
        !zh.status.success() && stderr.contains("晚于今天（2026-11-22）"),
        "{stderr}"
    );
    // Today itself is fine.
    env.ok(&theme_day("2026-11-22", &[]));
}

#[test]
fn a_make_up_for_a_period_after_today_is_refused() {
    let env = Env::new();
    branch(&env);
    env.assert_refused(
        &theme_day("2026-11-20", &["--for-period", "2026-12"]),
        &["\"2026-12\"", "after today (2026-11-22)"],
    );
}

#[test]
fn a_name_two_members_share_is_refused_listing_their_ids() {
    let env = Env::new();
    branch(&env);
    env.assert_refused(
        &theme_day("2026-11-20", &["--absent", "王伟"]),
        &["\"王伟\"", "m1, m2"],
    );
    env.assert_refused(
        &theme_day("2026-11-20", &["--attendees", "李强,王伟"]),
        &["m1, m2"],
    );
    // By id it is clear.
    env.ok(&theme_day("2026-11-20", &["--absent", "m2"]));
}

#[test]
fn status_on_an_earlier_day_ignores_later_records_and_members() {
    let env = Env::new();
    branch(&env);
    env.ok(&[
        "member",
        "add",
        "--org",
        "t1",
        "--id",
        "m4",
        "--name",
        "赵敏",
        "--joined-on",
        "2026-11-02",
    ]);
    env.ok(&theme_day("2026-09-10", &["--hours", "20"]));
    env.ok(&theme_day("2026-11-10", &["--hours", "16"]));
    let study = |today: &str| -> Value {
        let out = env
            .cmd(&[
                "status", "--org", "t1", "--format", "json", "--today", today,
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["orgs"][0]["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == "study-hours")
            .unwrap()["current"]
            .clone()
    };
    let sept = study("2026-09-30");
    assert_eq!(sept["hours"]["done"], 20.0, "{sept}");
    let short: Vec<&str> = sept["members_short"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(!short.contains(&"m4"), "m4 joined in November: {sept}");
    let nov = study("2026-11-22");
    assert!(
        nov["members_short"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == "m4"),
        "{nov}"
    );
    // The September 主题党日 is done on Sep 30, and October is not judged yet.
    let out = env
        .cmd(&["status", "--org", "t1", "--today", "2026-09-30"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        !table.contains("2026-10 ") && !table.contains("2026-11 "),
        "{table}"
    );
}

#[test]
fn every_input_gap_is_refused_and_nothing_is_written() {
    let env = Env::new();
    branch(&env);
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            theme_day("2026-11-20", &["--attendees", "m1,m1"]),
            vec!["m1", "named twice"],
        ),
        (
            theme_day("2026-11-20", &["--attendees", "m3,李强"]),
            vec!["李强", "named twice"],
        ),
        (
            theme_day("2026-11-20", &["--attendees", ""]),
            vec!["attendee list is empty", "--absent"],
        ),
        (
            vec!["org", "add", "--id", "b2", "--name", "", "--kind", "branch"],
            vec!["org name cannot be empty"],
        ),
        (
            vec![
                "org", "add", "--id", "b2", "--name", "  ", "--kind", "branch",
            ],
            vec!["org name cannot be empty"],
        ),
        (
            theme_day("0000-01-01", &[]),
            vec!["\"0000-01-01\"", "1949", "2200"],
        ),
        (theme_day("1948-12-31", &[]), vec!["\"1948-12-31\"", "1949"]),
        (
            theme_day("+2026-11-05", &[]),
            vec!["\"+2026-11-05\"", "YYYY-MM-DD"],
        ),
        (
            theme_day("2026-1-5", &[]),
            vec!["\"2026-1-5\"", "YYYY-MM-DD"],
        ),
        (
            vec![
                "org",
                "add",
                "--id",
                "b2",
                "--name",
                "二支部",
                "--kind",
                "branch",
                "--since",
                "9999-12-31",
            ],
            vec!["\"9999-12-31\"", "2200"],
        ),
        (
            vec![
                "org",
                "add",
                "--id",
                "d2",
                "--name",
                "下属党委",
                "--kind",
                "department",
                "--parent",
                "t1",
            ],
            vec!["\"t1\"", "department"],
        ),
        (
            vec![
                "org",
                "add",
                "--id",
                "b2",
                "--name",
                "二支部",
                "--kind",
                "branch",
                "--parent",
                "t1",
            ],
            vec!["\"t1\"", "department"],
        ),
        (
            vec![
                "org",
                "add",
                "--id",
                "b2",
                "--name",
                "二支部",
                "--kind",
                "branch",
                "--parent",
                "b2",
            ],
            vec!["b2 → b2", "cycle"],
        ),
        (
            vec![
                "member", "add", "--org", "t1", "--id", "m9", "--name", "王,伟",
            ],
            vec!["\"王,伟\"", "comma"],
        ),
        (
            vec![
                "org",
                "add",
                "--id",
                "..",
                "--name",
                "二支部",
                "--kind",
                "branch",
            ],
            vec!["\"..\"", "64"],
        ),
        (
            vec![
                "org",
                "add",
                "--id",
                ".",
                "--name",
                "二支部",
                "--kind",
                "branch",
            ],
            vec!["\".\"", "64"],
        ),
    ];
    let long = "a".repeat(65);
    let long_org = vec![
        "org",
        "add",
        "--id",
        long.as_str(),
        "--name",
        "二支部",
        "--kind",
        "branch",
    ];
    let long_member = vec![
        "member",
        "add",
        "--org",
        "t1",
        "--id",
        long.as_str(),
        "--name",
        "赵六",
    ];
    let before = env.contents();
    for (args, needles) in cases.into_iter().chain([
        (long_org, vec!["64"]),
        (long_member, vec!["member id", "64"]),
    ]) {
        env.refuses(&args, &needles, &before);
    }
    // 64 characters is still an id.
    env.ok(&[
        "org",
        "add",
        "--id",
        &"a".repeat(64),
        "--name",
        "二支部",
        "--kind",
        "branch",
    ]);
}

#[test]
fn control_characters_are_refused_at_input_naming_them() {
    let env = Env::new();
    branch(&env);
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec![
                "org",
                "add",
                "--id",
                "b2",
                "--name",
                "二\x1b[31m支部",
                "--kind",
                "branch",
            ],
            vec!["org name", "U+001B"],
        ),
        (
            vec![
                "member",
                "add",
                "--org",
                "t1",
                "--id",
                "m9",
                "--name",
                "赵\u{202e}六",
            ],
            vec!["member name", "U+202E"],
        ),
        (
            vec![
                "member",
                "add",
                "--org",
                "t1",
                "--id",
                "m9",
                "--name",
                "赵六",
                "--tag",
                "青\u{200b}年",
            ],
            vec!["tag", "U+200B"],
        ),
        (
            theme_day("2026-11-20", &["--topic", "学习\x07"]),
            vec!["topic", "U+0007"],
        ),
        (
            theme_day("2026-11-20", &["--topic", "学习\r覆盖"]),
            vec!["topic", "U+000D"],
        ),
        (
            theme_day("2026-11-20", &["--topic", "学\x08习"]),
            vec!["topic", "U+0008"],
        ),
        (
            theme_day("2026-11-20", &["--note", "x\x7f"]),
            vec!["note", "U+007F"],
        ),
        (
            theme_day("2026-11-20", &["--speaker", "\u{feff}王"]),
            vec!["speaker", "U+FEFF"],
        ),
        (
            vec![
                "org",
                "edit",
                "t1",
                "--exempt",
                "party-group-meeting=不设\x1b[2J党小组",
            ],
            vec!["exemption reason", "U+001B"],
        ),
        (
            vec![
                "mark",
                "set",
                "--org",
                "t1",
                "--item",
                "1.1.1",
                "--note",
                "落实\u{202e}措施",
            ],
            vec!["note", "U+202E"],
        ),
        (
            vec![
                "mark", "set", "--org", "t1", "--item", "1.1.1", "--owner", "王\x07",
            ],
            vec!["owner", "U+0007"],
        ),
    ];
    let before = env.contents();
    for (args, needles) in cases {
        env.refuses(&args, &needles, &before);
    }
    let zh = env
        .cmd_zh(&theme_day("2026-11-20", &["--topic", "学习\x1b]0;t\x07"]))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&zh.stderr);
    assert!(stderr.contains("主题含有不允许的字符 U+001B"), "{stderr}");
}
