//! The rubrics scored from records (issue 18): parts of an item, per-member amounts,
//! per-violation deductions, who is assessed, members counted below a school, a checklist
//! built on another, one-off duties before an org existed, and the folder's term length.
//! Each test runs the real binary on a small data folder.

use crate::common;

use common::Env;
use serde_json::Value;

/// `org add` with the given checklist in force for it.
fn org(env: &Env, id: &str, kind: &str, parent: Option<&str>, checklist: &str) {
    let mut args = vec![
        "org",
        "add",
        "--id",
        id,
        "--name",
        id,
        "--kind",
        kind,
        "--since",
        "2025-01-01",
        "--checklist",
        checklist,
    ];
    if let Some(p) = parent {
        args.extend(["--parent", p]);
    }
    env.ok(&args);
}

fn member(env: &Env, org: &str, id: &str, tags: &[&str]) {
    let mut args = vec![
        "member",
        "add",
        "--org",
        org,
        "--id",
        id,
        "--name",
        id,
        "--joined-on",
        "2024-01-01",
    ];
    for t in tags {
        args.extend(["--tag", t]);
    }
    env.ok(&args);
}

fn record(env: &Env, org: &str, obligation: &str, date: &str, extra: &[&str]) {
    let mut args = vec![
        "record",
        "add",
        "--org",
        org,
        "--obligation",
        obligation,
        "--date",
        date,
    ];
    args.extend(extra);
    env.ok(&args);
}

/// The org's score on `checklist` for `year`.
fn score(env: &Env, org: &str, checklist: &str, year: &str) -> Option<Value> {
    let report = env.json(&["score", "--org", org, "--year", year]);
    report["orgs"][0]["scores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["checklist"] == checklist)
        .cloned()
}

fn item(score: &Value, id: &str) -> Option<Value> {
    score["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == id)
        .cloned()
}

/// The org's status entry for one obligation.
fn obligation(env: &Env, org: &str, id: &str) -> Value {
    let status = env.json(&["status", "--org", org]);
    status["orgs"][0]["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("{org} lists {id}"))
}

const IDEOLOGY: &str = "ideology-responsibility";

/// A teacher branch of five members, each with a yearly 学习强国 total entered on one
/// record at the end of 2025, and three 主题活动 that year.
fn branch_with_points(env: &Env, id: &str, points: [&str; 5]) {
    org(env, id, "teacher-branch", None, IDEOLOGY);
    let mut amounts = Vec::new();
    for (n, p) in points.iter().enumerate() {
        let m = format!("{id}-m{n}");
        member(env, id, &m, &[]);
        amounts.push(format!("{m}={p}"));
    }
    let mut extra = Vec::new();
    for a in &amounts {
        extra.extend(["--amount", a.as_str()]);
    }
    record(env, id, "ideology-xuexi-points", "2025-12-20", &extra);
    for date in ["2025-03-01", "2025-06-01", "2025-10-01"] {
        record(env, id, "ideology-theme-activity", date, &[]);
    }
}

#[test]
fn item_3_2_scores_both_parts_from_amounts_and_records() {
    let env = Env::new();
    branch_with_points(&env, "b1", ["5230", "5000", "6100", "7000", "5001"]);
    branch_with_points(&env, "b2", ["5230", "5000", "6100", "7000", "4800"]);
    let full = score(&env, "b1", IDEOLOGY, "2025").unwrap();
    assert_eq!(item(&full, "3.2").unwrap()["score"], 5.0, "{full}");
    assert_eq!(item(&full, "3.2").unwrap()["by"], "rule");
    // One member at 4,800: 1人不及扣0.5.
    let short = score(&env, "b2", IDEOLOGY, "2025").unwrap();
    assert_eq!(item(&short, "3.2").unwrap()["score"], 4.5, "{short}");
}

#[test]
fn amounts_are_refused_for_an_unknown_member_a_non_number_or_an_obligation_without_amount() {
    let env = Env::new();
    org(&env, "b1", "teacher-branch", None, IDEOLOGY);
    member(&env, "b1", "m1", &[]);
    let cases: [(&[&str], &str, &str); 3] = [
        (
            &["ideology-xuexi-points", "--amount", "nobody=5000"],
            "nobody",
            "",
        ),
        (
            &["ideology-xuexi-points", "--amount", "m1=lots"],
            "m1=lots",
            "MEMBER=NUMBER",
        ),
        (
            &["ideology-theme-activity", "--amount", "m1=5000"],
            "ideology-theme-activity",
            "amount",
        ),
    ];
    for (args, named, accepted) in cases {
        let mut all = vec![
            "record",
            "add",
            "--org",
            "b1",
            "--date",
            "2026-11-01",
            "--obligation",
        ];
        all.extend(args);
        let (code, err) = env.fails(&all);
        assert_ne!(code, 0);
        assert!(err.contains(named) && err.contains(accepted), "{err}");
    }
    let list = env.json(&["record", "list", "--org", "b1"]);
    assert_eq!(list.to_string().matches("\"id\"").count(), 0, "{list}");
}

#[test]
fn violations_deduct_a_point_each() {
    let env = Env::new();
    org(&env, "b1", "branch", None, IDEOLOGY);
    for date in ["2026-03-01", "2026-09-01"] {
        record(&env, "b1", "ideology-outreach-violation", date, &[]);
    }
    record(&env, "b1", "ideology-club-no-advisor", "2026-04-01", &[]);
    let s = score(&env, "b1", IDEOLOGY, "2026").unwrap();
    assert_eq!(item(&s, "4.6").unwrap()["score"], 2.0, "{s}");
    // 4.4: no 指导教师 costs its 1-point share; no violation keeps the other 3.
    assert_eq!(item(&s, "4.4").unwrap()["score"], 3.0, "{s}");
    assert_eq!(item(&s, "4.3").unwrap()["score"], 5.0, "{s}");
}

#[test]
fn item_1_5_scores_its_report_like_1_2() {
    let env = Env::new();
    org(&env, "b1", "teacher-branch", None, IDEOLOGY);
    for date in ["2026-03-20", "2026-06-20", "2026-09-20"] {
        record(&env, "b1", "ideology-quarterly-analysis", date, &[]);
    }
    // Q1 on time, Q2 late (filed in July as a make-up), Q3 on time: 2 − 0.5.
    record(&env, "b1", "ideology-quarterly-report", "2026-03-25", &[]);
    record(
        &env,
        "b1",
        "ideology-quarterly-report",
        "2026-07-05",
        &["--for-period", "2026-Q2"],
    );
    record(&env, "b1", "ideology-quarterly-report", "2026-09-25", &[]);
    let s = score(&env, "b1", IDEOLOGY, "2026").unwrap();
    assert_eq!(item(&s, "1.5").unwrap()["score"], 3.5, "{s}");
}

#[test]
fn a_department_is_not_scored_on_the_ideology_rubric_and_only_a_xi_branch_owes_its_duties() {
    let env = Env::new();
    org(&env, "d1", "department", None, IDEOLOGY);
    org(&env, "s1", "student-branch", Some("d1"), IDEOLOGY);
    org(&env, "o1", "branch", None, IDEOLOGY);
    assert!(score(&env, "d1", IDEOLOGY, "2026").is_none());
    assert!(score(&env, "s1", IDEOLOGY, "2026").is_some());
    for id in ["ideology-course-meeting", "leader-attend-ideology-course"] {
        let s1 = obligation(&env, "s1", id);
        assert_ne!(s1["current"]["status"], "not-applicable", "{s1}");
        let o1 = obligation(&env, "o1", id);
        assert_eq!(o1["current"]["status"], "not-applicable", "{o1}");
    }
    // 1.7 concerns a 系's branches only: an office's branch is not scored on it.
    let o1 = score(&env, "o1", IDEOLOGY, "2026").unwrap();
    assert!(item(&o1, "1.7").is_none(), "{o1}");
    assert_eq!(o1["max"], 94.0, "{o1}");
}

const QUALITY: &str = "teacher-quality-standard";

#[test]
fn the_school_counts_its_young_teachers_in_the_branches_below_it() {
    let env = Env::new();
    org(&env, "u", "school", None, QUALITY);
    org(&env, "d1", "department", Some("u"), "model-branch");
    org(&env, "t1", "teacher-branch", Some("d1"), "model-branch");
    member(&env, "t1", "young", &["青年教师"]);
    member(&env, "t1", "old", &[]);
    let o = obligation(&env, "u", "tqs-young-teacher-national-conditions-study");
    let short: Vec<&str> = o["current"]["members_short"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(short, ["young"], "{o}");
    // The school's 国情研修 with every member in scope present counts them.
    record(
        &env,
        "u",
        "tqs-young-teacher-national-conditions-study",
        "2026-10-01",
        &[],
    );
    let o = obligation(&env, "u", "tqs-young-teacher-national-conditions-study");
    assert_eq!(o["current"]["status"], "done", "{o}");
}

#[test]
fn the_college_lead_report_is_each_departments_duty() {
    let env = Env::new();
    org(&env, "u", "school", None, QUALITY);
    org(&env, "d1", "department", Some("u"), QUALITY);
    let school = obligation(&env, "u", "tqs-college-lead-report");
    assert_eq!(school["current"]["status"], "not-applicable");
    let dept = obligation(&env, "d1", "tqs-college-lead-report");
    assert_ne!(dept["current"]["status"], "not-applicable", "{dept}");
}

const CULR: &str = "teacher-quality-standard-culr";

#[test]
fn a_once_duty_due_before_the_org_existed_is_not_judged() {
    let env = Env::new();
    org(&env, "u", "school", None, CULR);
    for id in ["culr-task-breakdown", "culr-summary-report"] {
        let o = obligation(&env, "u", id);
        assert_eq!(o["current"]["status"], "not-applicable", "{o}");
    }
    // The standard's own obligations are owed through the checklist built on it.
    let o = obligation(&env, "u", "tqs-quality-report");
    assert_eq!(o["current"]["status"], "pending", "{o}");
    let s = score(&env, "u", CULR, "2026").unwrap();
    assert_eq!(s["max"], 400.0);
    assert!(score(&env, "u", QUALITY, "2026").is_none());
}

#[test]
fn an_org_added_before_the_deadline_owes_the_timeline() {
    let env = Env::new();
    env.ok(&[
        "org",
        "add",
        "--id",
        "u",
        "--name",
        "学校党委",
        "--kind",
        "school",
        "--since",
        "2024-01-01",
        "--checklist",
        CULR,
    ]);
    let o = obligation(&env, "u", "culr-task-breakdown");
    assert_eq!(o["current"]["due"], "2024-04-30");
    assert_eq!(o["current"]["status"], "overdue", "{o}");
}

#[test]
fn the_culr_checklist_shows_its_own_owners_in_the_task_sheet() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let env = Env::new();
    org(&env, "u", "school", None, CULR);
    let file = tempfile::tempdir().unwrap();
    let path = file.path().join("out.xlsx");
    let out = env
        .cmd_zh(&["export", "--output", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range("任务分解").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|d| match d {
                    Data::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (content, owners) = (col("指标内容"), col("责任部门"));
    let row = |start: &str| {
        rows.iter()
            .find(|r| r[content].starts_with(start))
            .unwrap_or_else(|| panic!("a row for {start}"))
    };
    // 劳动关系学院's 责任部门, not 湖北二师's (发展规划处, 党政办公室, 组织部, 人事处).
    assert_eq!(
        row("将教师党建思政和师德师风建设工作纳入学校章程")[owners],
        "党政办公室、党委组织部、党委教师工作部、各教学单位"
    );
    assert_eq!(
        row("学校将教师思想政治工作经费列入预算")[owners],
        "财务处、党委教师工作部"
    );
    // Its own timeline items are listed too.
    assert_eq!(
        row("将落实《质量标准》要求列入部门年度工作要点")[owners],
        "各部门、党委教师工作部"
    );
}

#[test]
fn config_term_years_sets_the_term_for_the_whole_folder() {
    let env = Env::new();
    env.ok(&[
        "org",
        "add",
        "--id",
        "b1",
        "--name",
        "b1",
        "--kind",
        "teacher-branch",
        "--elected-on",
        "2024-06-01",
    ]);
    let due = |env: &Env| obligation(env, "b1", "branch-election")["current"]["due"].clone();
    assert_eq!(due(&env), "2027-06-01");
    std::fs::write(env.path().join("config.yaml"), "term_years: 5\n").unwrap();
    assert_eq!(due(&env), "2029-06-01");
    // The org's own setting still wins.
    env.ok(&["org", "edit", "b1", "--term-years", "branch-election=2"]);
    assert_eq!(due(&env), "2026-06-01");
    std::fs::write(env.path().join("config.yaml"), "term_years: 0\n").unwrap();
    let (_, err) = env.fails(&["status"]);
    assert!(
        err.contains("config.yaml:1:") && err.contains("term_years"),
        "{err}"
    );
}

#[test]
fn a_regular_duty_is_yearly_by_default_and_an_org_can_set_its_own_cadence() {
    let env = Env::new();
    org(&env, "d1", "department", None, "benchmark-department");
    org(&env, "d2", "department", None, "benchmark-department");
    let survey = |env: &Env, org: &str| obligation(env, org, "dept-ideology-survey");
    let o = survey(&env, "d1");
    assert_eq!(
        (o["every"].clone(), o["current"]["period"].clone()),
        ("year".into(), "2026".into())
    );
    env.ok(&[
        "org",
        "edit",
        "d1",
        "--every",
        "dept-ideology-survey=half-year",
    ]);
    // d1's 调研分析 is now half-yearly: the first half without one is missed.
    let o = survey(&env, "d1");
    assert_eq!(o["every"], "half-year", "{o}");
    assert_eq!(o["current"]["period"], "2026-H2", "{o}");
    assert_eq!(o["missed"][0]["period"], "2026-H1", "{o}");
    record(&env, "d1", "dept-ideology-survey", "2026-03-10", &[]);
    let o = survey(&env, "d1");
    assert_eq!(o["missed"].as_array().unwrap().len(), 0, "{o}");
    // A make-up names a period of the org's own cadence.
    record(
        &env,
        "d1",
        "dept-ideology-survey",
        "2026-10-10",
        &["--for-period", "2026-H1"],
    );
    // Other orgs keep the checklist's default.
    assert_eq!(survey(&env, "d2")["every"], "year");
    // A cadence the guide states is not the org's to change; nor is a cadence without periods.
    let (_, err) = env.fails(&["org", "edit", "d1", "--every", "ideology-study=half-year"]);
    assert!(
        err.contains("\"ideology-study\"") && err.contains("dept-ideology-survey"),
        "{err}"
    );
    let (_, err) = env.fails(&["org", "edit", "d1", "--every", "dept-ideology-survey=term"]);
    assert!(
        err.contains("\"term\"") && err.contains("half-year"),
        "{err}"
    );
    assert_eq!(survey(&env, "d1")["every"], "half-year", "nothing written");
}

/// The items whose words say 定期, by checklist file.
fn regular_items() -> Vec<(String, String, Vec<String>)> {
    fn walk(items: &serde_yaml::Value, out: &mut Vec<(String, Vec<String>)>) {
        for it in items.as_sequence().into_iter().flatten() {
            if it["text"].as_str().is_some_and(|t| t.contains("定期")) {
                let obligations = it["obligations"]
                    .as_sequence()
                    .into_iter()
                    .flatten()
                    .filter(|o| o["regular"].as_bool() == Some(true))
                    .map(|o| o["id"].as_str().unwrap().to_string())
                    .collect();
                out.push((it["id"].as_str().unwrap().to_string(), obligations));
            }
            walk(&it["items"], out);
        }
    }
    let mut found = Vec::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let doc: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut items = Vec::new();
        walk(&doc["items"], &mut items);
        for (item, obligations) in items {
            found.push((doc["id"].as_str().unwrap().to_string(), item, obligations));
        }
    }
    found
}

#[test]
fn every_regular_duty_in_the_checklists_is_in_the_readme_with_what_became_of_it() {
    let readme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/README.md"),
    )
    .unwrap();
    let found = regular_items();
    assert!(found.len() >= 15, "{found:?}");
    let mut missing = Vec::new();
    for (checklist, item, obligations) in &found {
        // A row of the 定期 table, or the paragraph of what was left out.
        let row = format!("| `{checklist}` | {item} |");
        let left_out = format!("`{checklist}` {item}");
        let Some(line) = readme
            .lines()
            .find(|l| l.starts_with(&row) || l.contains(&left_out))
        else {
            missing.push(format!("{checklist} {item}: not in checklists/README.md"));
            continue;
        };
        // Every obligation the table names as yearly by the rule is `regular` in its file.
        let named_yearly = line.contains("(year");
        if named_yearly && obligations.is_empty() {
            missing.push(format!(
                "{checklist} {item}: no obligation is regular: true"
            ));
        }
        for o in obligations {
            if !readme.contains(&format!("`{o}` (year")) {
                missing.push(format!("{checklist} {item}: {o} is not in the table"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn amounts_travel_through_export_and_import() {
    let from = Env::new();
    branch_with_points(&from, "b1", ["5230", "5000", "6100", "7000", "4800"]);
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("out.json");
    from.ok(&["export", "--output", file.to_str().unwrap()]);
    let to = Env::new();
    to.ok(&["import", file.to_str().unwrap()]);
    let s = score(&to, "b1", IDEOLOGY, "2025").unwrap();
    assert_eq!(item(&s, "3.2").unwrap()["score"], 4.5, "{s}");
}

#[test]
fn the_quality_standards_yearly_duties_are_obligations_of_the_school() {
    let env = Env::new();
    org(&env, "u", "school", None, QUALITY);
    let status = env.json(&["status", "--org", "u"]);
    let yearly: Vec<&str> = status["orgs"][0]["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["every"] == "year" && o["current"]["status"] != "not-applicable")
        .map(|o| o["item"].as_str().unwrap())
        .collect();
    // 1 年度党政工作要点…年度考核, 8 年度工作有计划, 15 发展计划, 50 年度预算, E1.2's
    // 年度质量报告 (56) and its 评估 (57), 59 下一年度重点工作计划.
    for item in ["1", "8", "15", "50", "56", "57", "59"] {
        assert!(yearly.contains(&item), "item {item}: {yearly:?}");
    }
    // 2024年年底…总结上报: a one-off, not owed by a school added after it.
    let o = obligation(&env, "u", "tqs-hubei-2024-summary");
    assert_eq!(o["current"]["due"], "2024-12-31", "{o}");
    assert_eq!(o["current"]["status"], "not-applicable", "{o}");
}
