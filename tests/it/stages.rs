//! The path into the party (SPEC §9) and transfers through the real binary.

use crate::common;

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

pub(crate) fn member<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("no member {id} in {list}"))
}

/// The ids `status` names as short of `obligation` in `org`'s current period.
pub(crate) fn members_short(env: &Env, org: &str, obligation: &str) -> Vec<String> {
    let s = env.json(&["status", "--org", org]);
    let o = s["orgs"][0]["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == obligation)
        .unwrap_or_else(|| panic!("no {obligation} in {s}"))
        .clone();
    o["current"]["members_short"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect()
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

#[test]
fn excused_members_are_on_leave_not_absent() {
    let env = Env::new();
    branch(&env);
    add(&env, "m1", "王芳", &[]);
    add(&env, "m2", "李强", &[]);
    add(&env, "m3", "赵敏", &[]);
    add(
        &env,
        "m4",
        "周洁",
        &["--stage", "activist", "--on", "2025-03-31"],
    );
    let meeting = [
        "record",
        "add",
        "--org",
        "t1",
        "--obligation",
        "general-member-meeting",
        "--date",
        "2026-11-20",
    ];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut a = meeting.to_vec();
        a.extend(extra);
        a
    };
    let id = env.ok(&with(&["--absent", "赵敏", "--excused", "李强"]));
    let records = env.json(&["record", "list", "--org", "t1"]);
    let r = records
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id.trim())
        .unwrap();
    // The activist is not expected at a party meeting: neither attending nor absent.
    assert_eq!(r["attendees"], serde_json::json!(["m1"]));
    assert_eq!(r["excused"], serde_json::json!(["m2"]));
    let table = env.ok(&["record", "list", "--org", "t1"]);
    assert!(table.contains("1/3 absent 赵敏 on leave 李强"), "{table}");
    // Attending and on leave at once, or an unknown name: refused, nothing written.
    let (_, err) = env.fails(&with(&["--attendees", "王芳,李强", "--excused", "m2"]));
    assert!(
        err.contains("\"李强\"") && err.contains("on leave"),
        "{err}"
    );
    let (_, err) = env.fails(&with(&["--excused", "钱七"]));
    assert!(err.contains("\"钱七\""), "{err}");
    let records = env.json(&["record", "list", "--org", "t1"]);
    assert_eq!(records.as_array().unwrap().len(), 1);
}

#[test]
fn a_moved_member_is_judged_by_each_branch_for_their_time_there() {
    let env = Env::new();
    branch(&env);
    env.ok(&[
        "org",
        "add",
        "--id",
        "t2",
        "--name",
        "教工第二党支部",
        "--kind",
        "teacher-branch",
        "--since",
        "2025-01-01",
    ]);
    add(&env, "m1", "王芳", &["--joined-on", "2020-07-01"]);
    add(&env, "m2", "李强", &[]);
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
            "李强",
        ]);
    }
    assert_eq!(
        env.ok(&["member", "move", "王芳", "--to", "t2", "--on", "2025-12-31"])
            .trim(),
        "m1 t1 → t2"
    );
    let t1 = env.json(&["member", "list", "--org", "t1"]);
    assert_eq!(member(&t1, "m1")["left_on"], "2025-12-31");
    assert_eq!(member(&t1, "m1")["moved_to"], "t2");
    let t2 = env.json(&["member", "list", "--org", "t2"]);
    assert_eq!(member(&t2, "m1")["joined_on"], "2025-12-31");
    assert_eq!(member(&t2, "m1")["moved_from"], "t1");
    // 2026 is t2's to judge for 王芳, not t1's.
    assert_eq!(
        members_short(&env, "t1", "study-hours"),
        Vec::<String>::new()
    );
    assert_eq!(members_short(&env, "t2", "study-hours"), ["m1"]);
    // Moving again from where she no longer is, or into her own branch, is refused.
    let (_, err) = env.fails(&[
        "member",
        "move",
        "m1",
        "--org",
        "t1",
        "--to",
        "t2",
        "--on",
        "2026-01-05",
    ]);
    assert!(err.contains("\"m1\""), "{err}");
    let (_, err) = env.fails(&["member", "move", "m1", "--to", "t2", "--on", "2026-01-05"]);
    assert!(err.contains("already in org \"t2\""), "{err}");
    // Leaving for an org outside the database.
    env.ok(&[
        "member",
        "leave",
        "m1",
        "--on",
        "2026-10-01",
        "--reason",
        "转出",
    ]);
    let t2 = env.json(&["member", "list", "--org", "t2"]);
    assert_eq!(member(&t2, "m1")["left_reason"], "转出");
}

#[test]
fn development_lists_the_pipeline_overdue_first_in_the_spec_shape() {
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
        &["--stage", "applicant", "--on", "2026-10-31"],
    );
    add(
        &env,
        "m4",
        "周洁",
        &["--stage", "probationary", "--on", "2026-06-01"],
    );
    env.ok(&[
        "record",
        "add",
        "--org",
        "t1",
        "--obligation",
        "applicant-talk",
        "--date",
        "2026-11-20",
        "--attendees",
        "赵敏",
    ]);
    let v = env.json(&["development", "--org", "t1"]);
    assert_eq!(v["today"], common::TODAY);
    let people = v["people"].as_array().unwrap();
    let ids: Vec<&str> = people.iter().map(|p| p["id"].as_str().unwrap()).collect();
    // The full member is not listed; the activist's 思想汇报 has been overdue since
    // 2026-03-31, so he leads; the probationary member's approval (due 2026-09-01) next.
    assert_eq!(ids, ["m2", "m4", "m3"], "{v}");
    assert!(!ids.contains(&"m1"));
    for p in people {
        let keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["id", "name", "next", "obligations", "org", "since", "stage"]
        );
        for o in p["obligations"].as_array().unwrap() {
            let keys: Vec<&str> = o.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, ["due", "id", "status"]);
        }
    }
    let m4 = &people[1];
    assert_eq!(m4["stage"], "probationary");
    assert_eq!(m4["since"], "2026-06-01");
    assert_eq!(
        m4["next"],
        serde_json::json!({"stage": "full", "earliest": "2027-06-01"})
    );
    assert_eq!(
        m4["obligations"][0],
        serde_json::json!({"id": "probation-approval", "due": "2026-09-01", "status": "overdue"})
    );
    let m2 = people.iter().find(|p| p["id"] == "m2").unwrap();
    assert_eq!(
        m2["next"],
        serde_json::json!({"stage": "candidate", "earliest": "2026-03-31"})
    );
    let m3 = people.iter().find(|p| p["id"] == "m3").unwrap();
    assert_eq!(
        m3["obligations"],
        serde_json::json!([{"id": "applicant-talk", "due": "2026-11-30", "status": "done"}])
    );
    let table = env.ok(&["development"]);
    assert!(table.lines().nth(1).unwrap().contains("李强"), "{table}");
}
