//! The path into the party (SPEC §9) and transfers through the real binary.

mod common;

use common::Env;
use serde_json::Value;

fn branch(env: &Env) {
    env.ok(&[
        "org",
        "add",
        "--id",
        "t1",
        "--name",
        "教工第一党支部",
        "--kind",
        "teacher-branch",
        "--since",
        "2026-01-01",
    ]);
}

fn add(env: &Env, id: &str, name: &str, extra: &[&str]) {
    let mut args = vec!["member", "add", "--org", "t1", "--id", id, "--name", name];
    args.extend(extra);
    env.ok(&args);
}

fn member<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("no member {id} in {list}"))
}

#[test]
fn members_carry_their_stage_and_its_dates() {
    let env = Env::new();
    branch(&env);
    add(&env, "m1", "王芳", &[]);
    add(
        &env,
        "m2",
        "李强",
        &["--stage", "activist", "--on", "2025-03-31"],
    );
    add(
        &env,
        "m3",
        "赵敏",
        &["--stage", "入党申请人", "--on", "2026-10-08"],
    );
    let list = env.json(&["member", "list", "--org", "t1"]);
    assert!(
        member(&list, "m1").get("stage").is_none(),
        "full is the default"
    );
    assert_eq!(member(&list, "m2")["stage"], "activist");
    assert_eq!(member(&list, "m2")["stage_dates"]["activist"], "2025-03-31");
    assert_eq!(member(&list, "m3")["stage"], "applicant");
    let table = env.ok(&["member", "list", "--org", "t1"]);
    let row = table.lines().find(|l| l.starts_with("m2")).unwrap();
    assert!(row.contains("activist 2025-03-31"), "{row}");
    // A stage other than full needs its date; an unknown stage names what is accepted.
    let (_, err) = env.fails(&[
        "member", "add", "--org", "t1", "--id", "m4", "--name", "甲", "--stage", "activist",
    ]);
    assert!(err.contains("--on"), "{err}");
    let (_, err) = env.fails(&[
        "member", "add", "--org", "t1", "--id", "m4", "--name", "甲", "--stage", "member",
    ]);
    assert!(
        err.contains("\"member\"") && err.contains("probationary"),
        "{err}"
    );
}

#[test]
fn advance_refuses_with_the_earliest_date_then_moves_on() {
    let env = Env::new();
    branch(&env);
    add(
        &env,
        "m2",
        "李强",
        &["--stage", "activist", "--on", "2026-01-31"],
    );
    let out = env
        .cmd_zh(&[
            "member",
            "advance",
            "李强",
            "--to",
            "candidate",
            "--on",
            "2026-11-20",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2027-01-31") && err.contains("不满一年"),
        "{err}"
    );
    let (_, err) = env.fails(&[
        "member",
        "advance",
        "m2",
        "--to",
        "probationary",
        "--on",
        "2026-11-20",
    ]);
    assert!(err.contains("next stage is candidate"), "{err}");
    // Nothing was written.
    let list = env.json(&["member", "list", "--org", "t1"]);
    assert_eq!(member(&list, "m2")["stage"], "activist");

    add(
        &env,
        "m5",
        "周洁",
        &["--stage", "probationary", "--on", "2025-11-01"],
    );
    let (_, err) = env.fails(&[
        "member",
        "advance",
        "m5",
        "--to",
        "full",
        "--on",
        "2026-10-31",
    ]);
    assert!(err.contains("2026-11-01"), "{err}");
    env.ok(&["member", "advance", "m5", "--extend-months", "6"]);
    let (_, err) = env.fails(&[
        "member",
        "advance",
        "m5",
        "--to",
        "full",
        "--on",
        "2026-11-20",
    ]);
    assert!(err.contains("2027-05-01"), "{err}");
    let (_, err) = env.fails(&["member", "advance", "m5", "--extend-months", "6"]);
    assert!(err.contains("once"), "{err}");
    let list = env.json(&["member", "list", "--org", "t1"]);
    assert_eq!(member(&list, "m5")["extension_months"], 6);
}

#[test]
fn applicants_and_activists_owe_no_study_hours() {
    let env = Env::new();
    branch(&env);
    add(&env, "m1", "王芳", &[]);
    add(
        &env,
        "m2",
        "李强",
        &["--stage", "activist", "--on", "2025-03-31"],
    );
    add(
        &env,
        "m3",
        "赵敏",
        &["--stage", "applicant", "--on", "2026-10-08"],
    );
    for date in ["2026-11-19", "2026-11-20"] {
        env.ok(&[
            "record",
            "add",
            "--org",
            "t1",
            "--obligation",
            "study-hours",
            "--date",
            date,
            "--hours",
            "16",
            "--attendees",
            "王芳",
        ]);
    }
    let status = env.json(&["status", "--org", "t1"]);
    let hours = status["orgs"][0]["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "study-hours")
        .unwrap();
    assert_eq!(hours["current"]["status"], "done", "{hours}");
    assert_eq!(hours["current"]["members_short"], serde_json::json!([]));
}
