//! The pipeline across orgs: a 学院党委 sees its branches' people in `development` and in
//! the workbook's 发展 sheet, and an export carries stages, leaves and transfers to a
//! fresh folder that judges them as the first one did.

use crate::common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::Env;
use serde_json::Value;

/// 学院党委 `d1` with branches `t1` and `t2`, both judged from 2025.
fn college(env: &Env) {
    env.ok(&[
        "org",
        "add",
        "--id",
        "d1",
        "--name",
        "物理学院党委",
        "--kind",
        "department",
    ]);
    for (id, name) in [("t1", "教工第一党支部"), ("t2", "教工第二党支部")] {
        env.ok(&[
            "org",
            "add",
            "--id",
            id,
            "--name",
            name,
            "--kind",
            "teacher-branch",
            "--parent",
            "d1",
            "--since",
            "2025-01-01",
        ]);
    }
}

fn add(env: &Env, org: &str, id: &str, name: &str, extra: &[&str]) {
    let mut args = vec!["member", "add", "--org", org, "--id", id, "--name", name];
    args.extend(extra);
    env.ok(&args);
}

fn cell(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn the_college_sees_its_branches_pipeline_overdue_first_in_development_and_the_workbook() {
    let env = Env::new();
    college(&env);
    add(&env, "t1", "m1", "王芳", &[]);
    add(
        &env,
        "t1",
        "m2",
        "李强",
        &["--stage", "activist", "--on", "2025-03-31"],
    );
    add(
        &env,
        "t1",
        "m3",
        "赵敏",
        &["--stage", "applicant", "--on", "2026-10-31"],
    );
    add(
        &env,
        "t2",
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
    // The college's view takes in both branches, overdue first.
    let v = env.json(&["development", "--org", "d1"]);
    let who: Vec<(&str, &str)> = v["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["org"].as_str().unwrap(), p["id"].as_str().unwrap()))
        .collect();
    assert_eq!(who, [("t1", "m2"), ("t2", "m4"), ("t1", "m3")], "{v}");

    let path = env.path().with_extension("xlsx");
    let out = env
        .cmd_zh(&["export", "--output", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut book: Xlsx<_> = open_workbook(&path).expect("calamine opens the workbook");
    assert!(book.sheet_names().contains(&"发展".to_string()));
    let sheet = book.worksheet_range("发展").unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(cell).collect()).collect();
    assert_eq!(
        rows[0],
        [
            "组织",
            "编号",
            "姓名",
            "阶段",
            "起始日期",
            "下一阶段",
            "最早日期",
            "逾期事项",
            "其他事项"
        ]
    );
    assert_eq!(rows.len(), 4, "three people and no full member: {rows:?}");
    assert_eq!(
        rows[1][..7],
        [
            "教工第一党支部",
            "m2",
            "李强",
            "入党积极分子",
            "2025-03-31",
            "发展对象",
            "2026-03-31"
        ]
    );
    assert!(
        rows[1][7].contains("思想汇报 2026-03-31 逾期"),
        "{:?}",
        rows[1]
    );
    assert_eq!(rows[2][..4], ["教工第二党支部", "m4", "周洁", "预备党员"]);
    assert_eq!(rows[2][6], "2027-06-01", "转正 after a year");
    assert!(
        rows[2][7].contains("上级党委审批 2026-09-01 逾期"),
        "{:?}",
        rows[2]
    );
    assert_eq!(rows[3][2], "赵敏");
    assert_eq!(rows[3][7], "", "nothing of hers is late");
    assert!(
        rows[3][8].contains("入党申请人谈话 2026-11-30"),
        "{:?}",
        rows[3]
    );
}

#[test]
fn an_export_carries_stages_leaves_and_transfers_to_a_fresh_folder() {
    let env = Env::new();
    college(&env);
    add(&env, "t1", "m1", "王芳", &["--joined-on", "2020-07-01"]);
    add(&env, "t1", "m2", "李强", &[]);
    add(
        &env,
        "t1",
        "m5",
        "孙丽",
        &["--stage", "activist", "--on", "2025-03-31"],
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
            "李强",
        ]);
    }
    env.ok(&["member", "move", "王芳", "--to", "t2", "--on", "2025-12-31"]);
    env.ok(&["member", "move", "孙丽", "--to", "t2", "--on", "2026-02-01"]);
    add(&env, "t2", "m6", "陈刚", &[]);
    env.ok(&[
        "record",
        "add",
        "--org",
        "t2",
        "--obligation",
        "theme-party-day",
        "--date",
        "2026-11-10",
        "--excused",
        "王芳",
    ]);
    let file = env.path().with_extension("json");
    env.ok(&["export", "--output", file.to_str().unwrap()]);

    let fresh = Env::new();
    fresh.ok(&["import", file.to_str().unwrap()]);
    // The same answers from the copy as from the original.
    for args in [
        ["member", "list", "--org", "t1"],
        ["member", "list", "--org", "t2"],
        ["record", "list", "--org", "t2"],
    ] {
        assert_eq!(fresh.json(&args), env.json(&args), "{args:?}");
    }
    assert_eq!(
        fresh.json(&["development", "--org", "d1"]),
        env.json(&["development", "--org", "d1"])
    );
    let t2 = fresh.json(&["member", "list", "--org", "t2"]);
    let sun = crate::stages::member(&t2, "m5");
    assert_eq!(sun["stage"], "activist");
    assert_eq!(sun["moved_from"], "t1");
    let t1 = fresh.json(&["member", "list", "--org", "t1"]);
    assert_eq!(crate::stages::member(&t1, "m1")["moved_to"], "t2");
    let records = fresh.json(&["record", "list", "--org", "t2"]);
    assert_eq!(
        records[0]["excused"],
        serde_json::json!(["m1"]),
        "{records}"
    );
    // Each branch judges 王芳 for her own time: 2026's study hours are t2's to ask.
    let short = |org| crate::stages::members_short(&fresh, org, "study-hours");
    assert_eq!(short("t1"), Vec::<String>::new());
    assert_eq!(short("t2"), ["m1", "m6"]);
    // The copy's development: 孙丽 owes her 思想汇报 to t2 now, and t1 lists nobody.
    let v: Value = fresh.json(&["development", "--org", "t1"]);
    assert_eq!(v["people"], serde_json::json!([]));
    let v: Value = fresh.json(&["development", "--org", "t2"]);
    assert_eq!(v["people"][0]["id"], "m5");
    assert_eq!(v["people"][0]["since"], "2025-03-31");
}
