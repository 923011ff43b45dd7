//! Every command through the real binary and a real sled database in a fresh folder.

use crate::common;

use std::collections::BTreeSet;

use common::{Env, TODAY};
use serde_json::Value;

// ---- helpers ----

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn array(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}"))
}

/// The obligation `id` of the first org in a status report.
fn obligation<'a>(report: &'a Value, id: &str) -> &'a Value {
    array(&report["orgs"][0]["obligations"])
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("no obligation {id} in {report}"))
}

fn labels(periods: &Value) -> Vec<String> {
    array(periods)
        .iter()
        .map(|p| p["period"].as_str().unwrap().to_string())
        .collect()
}

/// Adds a 主题党日 record; returns the printed id.
fn theme_day(env: &Env, date: &str, hours: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "record",
        "add",
        "--org",
        "t1",
        "--obligation",
        "theme-party-day",
        "--date",
        date,
        "--hours",
        hours,
    ];
    args.extend(extra);
    let id = env.ok(&args).trim().to_string();
    assert_eq!(id.len(), 32, "record add prints the new id, got {id:?}");
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
    id
}

/// The worked scenario: a teacher branch judged since 2026-01-01 with two members, 王芳
/// (always there) and 李强 (joined 2026-10-15), and 主题党日 with study hours in every
/// month but March, May and August. 王芳 missed October's.
///
/// | date       | hours | attended      |
/// |------------|-------|---------------|
/// | 01,02,04,06,07,09-20 | 6 each | everyone in scope (only 王芳) |
/// | 10-20      | 6     | 李强 (王芳 absent) |
/// | 11-10      | 3     | both          |
///
/// 王芳: 36 + 3 = 39 h in 7 records; 李强: 6 + 3 = 9 h in 2 records.
fn scenario() -> Env {
    let env = Env::new();
    env.ok(&[
        "org",
        "add",
        "--id",
        "t1",
        "--name",
        "计算机学院教工第一党支部",
        "--kind",
        "teacher-branch",
        "--since",
        "2026-01-01",
    ]);
    env.ok(&[
        "member",
        "add",
        "--org",
        "t1",
        "--id",
        "m1",
        "--name",
        "王芳",
        "--tag",
        "青年教师",
    ]);
    env.ok(&[
        "member",
        "add",
        "--org",
        "t1",
        "--id",
        "m2",
        "--name",
        "李强",
        "--joined-on",
        "2026-10-15",
    ]);
    for month in ["01", "02", "04", "06", "07", "09"] {
        theme_day(&env, &format!("2026-{month}-20"), "6", &[]);
    }
    // By name, as a secretary would type it.
    theme_day(&env, "2026-10-20", "6", &["--absent", "王芳"]);
    theme_day(&env, "2026-11-10", "3", &[]);
    env
}

// ---- org ----

#[test]
fn org_add_and_list() {
    let env = Env::new();
    assert_eq!(
        env.ok(&[
            "org",
            "add",
            "--id",
            "cs",
            "--name",
            "计算机学院党委",
            "--kind",
            "department"
        ])
        .trim(),
        "cs"
    );
    env.ok(&[
        "org",
        "add",
        "--id",
        "cs-t1",
        "--name",
        "计算机学院教工第一党支部",
        "--kind",
        "teacher-branch",
        "--parent",
        "cs",
        "--elected-on",
        "2024-06-01",
        "--since",
        "2026-03-01",
        "--due-day",
        "theme-party-day=20",
    ]);
    let orgs = env.json(&["org", "list"]);
    let orgs = array(&orgs);
    assert_eq!(orgs.len(), 2);
    let cs = orgs.iter().find(|o| o["id"] == "cs").unwrap();
    assert_eq!(cs["name"], "计算机学院党委");
    assert_eq!(cs["kind"], "department");
    // since defaults to the day it was added
    assert_eq!(cs["since"], TODAY);
    assert!(cs.get("parent").is_none());
    let t1 = orgs.iter().find(|o| o["id"] == "cs-t1").unwrap();
    assert_eq!(t1["kind"], "teacher-branch");
    assert_eq!(t1["parent"], "cs");
    assert_eq!(t1["elected_on"], "2024-06-01");
    assert_eq!(t1["since"], "2026-03-01");
    assert_eq!(t1["due_days"]["theme-party-day"], 20);

    let table = env.ok(&["org", "list"]);
    let row = table.lines().find(|l| l.starts_with("cs-t1")).unwrap();
    assert!(
        row.contains("teacher branch") && row.contains("2024-06-01"),
        "{row}"
    );
    let zh = env.cmd_zh(&["org", "list"]).output().unwrap();
    let zh = String::from_utf8(zh.stdout).unwrap();
    assert!(zh.contains("教工支部") && zh.contains("编号"), "{zh}");
}

#[test]
fn org_due_day_override_moves_the_due_date() {
    let env = Env::new();
    env.ok(&[
        "org",
        "add",
        "--id",
        "t1",
        "--name",
        "支部",
        "--kind",
        "branch",
        "--due-day",
        "theme-party-day=20",
    ]);
    let report = env.json(&["status", "--org", "t1"]);
    let current = &obligation(&report, "theme-party-day")["current"];
    assert_eq!(current["due"], "2026-11-20");
    // Today is two days past the 20th.
    assert_eq!(current["status"], "overdue");
    // Others keep the month's last day.
    assert_eq!(
        obligation(&report, "party-group-meeting")["current"]["due"],
        "2026-11-30"
    );
}

#[test]
fn empty_database_says_how_to_start() {
    let env = Env::new();
    assert!(env.ok(&["status"]).contains("No orgs yet"));
    assert!(env.ok(&["overdue"]).contains("Nothing is overdue"));
    let report = env.json(&["status"]);
    assert_eq!(report["today"], TODAY);
    assert_eq!(report["orgs"], serde_json::json!([]));
}

// ---- member ----

#[test]
fn member_add_and_list() {
    let env = Env::new();
    env.ok(&[
        "org",
        "add",
        "--id",
        "t1",
        "--name",
        "支部",
        "--kind",
        "teacher-branch",
    ]);
    assert_eq!(
        env.ok(&[
            "member",
            "add",
            "--org",
            "t1",
            "--id",
            "m1",
            "--name",
            "王芳",
            "--tag",
            "青年教师",
            "--tag",
            "支委",
            "--joined-on",
            "2020-07-01",
        ])
        .trim(),
        "m1"
    );
    env.ok(&[
        "member", "add", "--org", "t1", "--id", "m2", "--name", "李强",
    ]);
    let members = env.json(&["member", "list", "--org", "t1"]);
    let members = array(&members);
    assert_eq!(members.len(), 2);
    let m1 = members.iter().find(|m| m["id"] == "m1").unwrap();
    assert_eq!(m1["name"], "王芳");
    assert_eq!(m1["org"], "t1");
    assert_eq!(m1["tags"], serde_json::json!(["青年教师", "支委"]));
    assert_eq!(m1["joined_on"], "2020-07-01");
    let table = env.ok(&["member", "list", "--org", "t1"]);
    let row = table.lines().find(|l| l.starts_with("m1")).unwrap();
    assert!(
        row.contains("青年教师,支委") && row.contains("2020-07-01"),
        "{row}"
    );
}

// ---- record ----

#[test]
fn record_add_list_delete() {
    let env = Env::new();
    env.ok(&[
        "org",
        "add",
        "--id",
        "t1",
        "--name",
        "支部",
        "--kind",
        "student-branch",
    ]);
    env.ok(&[
        "member", "add", "--org", "t1", "--id", "m1", "--name", "王芳",
    ]);
    env.ok(&[
        "member", "add", "--org", "t1", "--id", "m2", "--name", "李强",
    ]);
    let first = env
        .ok(&[
            "record",
            "add",
            "--org",
            "t1",
            "--obligation",
            "branch-committee-meeting",
            "--date",
            "2026-11-03",
            "--topic",
            "研究发展党员",
            "--attendees",
            "m1,李强",
            "--location",
            "3号楼201",
            "--speaker",
            "王芳",
            "--note",
            "按时召开",
        ])
        .trim()
        .to_string();
    let second = env
        .ok(&[
            "record",
            "add",
            "--org",
            "t1",
            "--obligation",
            "party-group-meeting",
            "--obligation",
            "general-member-meeting",
            "--date",
            "2026-11-05",
        ])
        .trim()
        .to_string();
    assert_ne!(first, second);

    let records = env.json(&["record", "list", "--org", "t1"]);
    let records = array(&records);
    assert_eq!(records.len(), 2);
    // newest first
    assert_eq!(records[0]["id"], second.as_str());
    assert_eq!(records[1]["id"], first.as_str());
    let r = &records[1];
    assert_eq!(r["org"], "t1");
    assert_eq!(r["date"], "2026-11-03");
    assert_eq!(
        r["obligations"],
        serde_json::json!(["branch-committee-meeting"])
    );
    assert_eq!(r["topic"], "研究发展党员");
    // a name is stored as the member's id
    assert_eq!(r["attendees"], serde_json::json!(["m1", "m2"]));
    assert_eq!(r["location"], "3号楼201");
    assert_eq!(r["speaker"], "王芳");
    assert_eq!(r["note"], "按时召开");
    assert!(r["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        records[0]["obligations"],
        serde_json::json!(["party-group-meeting", "general-member-meeting"])
    );
    assert!(records[0].get("attendees").is_none(), "omitted = everyone");

    let table = env.ok(&["record", "list", "--org", "t1"]);
    assert!(
        table.contains("支部委员会会议"),
        "titles, not ids:\n{table}"
    );
    assert!(table.contains("党小组会+支部党员大会"), "{table}");
    assert!(table.contains(&first) && table.contains("all"), "{table}");

    // The record counts toward status…
    let report = env.json(&["status", "--org", "t1"]);
    assert_eq!(
        obligation(&report, "branch-committee-meeting")["current"]["status"],
        "done"
    );
    // …until it is deleted.
    assert_eq!(env.ok(&["record", "delete", &first]).trim(), first);
    let records = env.json(&["record", "list", "--org", "t1"]);
    assert_eq!(array(&records).len(), 1);
    assert_eq!(records[0]["id"], second.as_str());
    let report = env.json(&["status", "--org", "t1"]);
    assert_ne!(
        obligation(&report, "branch-committee-meeting")["current"]["status"],
        "done"
    );
    // Deleting it again is refused, naming it.
    env.assert_refused(
        &["record", "delete", &first],
        &[&format!("no record \"{first}\"")],
    );
}

#[test]
fn implied_obligations_are_stored_unless_no_implied() {
    let env = Env::new();
    env.ok(&[
        "org",
        "add",
        "--id",
        "t1",
        "--name",
        "支部",
        "--kind",
        "teacher-branch",
    ]);
    env.ok(&[
        "member", "add", "--org", "t1", "--id", "m1", "--name", "王芳",
    ]);
    let with = env.ok(&[
        "record",
        "add",
        "--org",
        "t1",
        "--obligation",
        "theme-party-day",
        "--date",
        "2026-11-10",
        "--hours",
        "4",
    ]);
    let without = env.ok(&[
        "record",
        "add",
        "--org",
        "t1",
        "--obligation",
        "theme-party-day",
        "--date",
        "2026-11-12",
        "--hours",
        "4",
        "--no-implied",
    ]);
    let records = env.json(&["record", "list", "--org", "t1"]);
    let find = |id: &str| {
        array(&records)
            .iter()
            .find(|r| r["id"] == id.trim())
            .unwrap()
            .clone()
    };
    assert_eq!(
        find(&with)["obligations"],
        serde_json::json!(["theme-party-day", "study-hours"])
    );
    assert_eq!(
        find(&without)["obligations"],
        serde_json::json!(["theme-party-day"])
    );
    // Only the first record's hours count as study hours.
    let report = env.json(&["status", "--org", "t1"]);
    assert_eq!(
        obligation(&report, "study-hours")["current"]["hours"]["done"],
        4.0
    );
}

// ---- status ----

#[test]
fn status_json_has_the_spec_shape() {
    let env = scenario();
    let report = env.json(&["status"]);
    assert_eq!(keys(&report), set(&["today", "orgs"]));
    assert_eq!(report["today"], TODAY);
    let orgs = array(&report["orgs"]);
    assert_eq!(orgs.len(), 1);
    let org = &orgs[0];
    assert_eq!(
        keys(org),
        set(&["id", "name", "kind", "summary", "obligations", "scores"])
    );
    assert_eq!(org["id"], "t1");
    assert_eq!(org["name"], "计算机学院教工第一党支部");
    assert_eq!(org["kind"], "teacher-branch");
    assert_eq!(
        keys(&org["summary"]),
        set(&["overdue", "due_soon", "done", "pending", "not_applicable"])
    );
    let obligations = array(&org["obligations"]);
    // every obligation of the built-in checklists, applicable or not
    assert_eq!(obligations.len(), 26);
    let development = [
        "applicant-talk",
        "activist-review",
        "thought-report",
        "candidate-training",
        "probation-approval",
        "full-membership-review",
    ];
    let per_member = ["study-hours", "heart-to-heart-talk", "member-annual-report"];
    let (mut overdue, mut due_soon, mut done, mut pending, mut na) = (0, 0, 0, 0, 0);
    for o in obligations {
        let id = o["id"].as_str().unwrap();
        assert_eq!(
            keys(o),
            set(&[
                "id",
                "title",
                "checklist",
                "item",
                "every",
                "current",
                "missed"
            ]),
            "{id}"
        );
        for p in std::iter::once(&o["current"]).chain(array(&o["missed"])) {
            let mut expected = vec!["period", "start", "end", "due", "status", "count"];
            if id == "study-hours" || id == "candidate-training" {
                expected.push("hours");
            }
            if per_member.contains(&id) || development.contains(&id) {
                expected.push("members_short");
            }
            assert_eq!(keys(p), set(&expected), "{id} {}", p["period"]);
            assert_eq!(keys(&p["count"]), set(&["done", "required"]), "{id}");
            if let Some(h) = p.get("hours") {
                assert_eq!(keys(h), set(&["done", "required"]));
            }
        }
        for m in array(&o["missed"]) {
            assert_eq!(m["status"], "overdue", "{id}: missed periods are overdue");
            assert!(m["due"].as_str().unwrap() < TODAY);
        }
        overdue += array(&o["missed"]).len();
        match o["current"]["status"].as_str().unwrap() {
            "overdue" => overdue += 1,
            "due-soon" => due_soon += 1,
            "done" | "done-late" => done += 1,
            "pending" => pending += 1,
            "not-applicable" => na += 1,
            other => panic!("unknown status {other}"),
        }
    }
    assert_eq!(
        org["summary"],
        serde_json::json!({
            "overdue": overdue, "due_soon": due_soon, "done": done,
            "pending": pending, "not_applicable": na
        })
    );
    // The seven department obligations do not apply to a branch, and with nobody on the
    // path into the party the six of 发展党员 concern nobody.
    assert_eq!(org["summary"]["not_applicable"], 13);
    assert_eq!(
        obligation(&report, "teacher-weekly-study")["current"]["status"],
        "not-applicable"
    );
    let spec = obligation(&report, "study-hours");
    assert_eq!(spec["title"], "集中学习培训");
    assert_eq!(spec["checklist"], "model-branch");
    assert_eq!(spec["item"], "2.1.3");
    assert_eq!(spec["every"], "year");
}

#[test]
fn status_judges_the_worked_scenario() {
    let env = scenario();
    let report = env.json(&["status", "--org", "t1"]);

    // 主题党日: November held; March, May and August missed.
    let tpd = obligation(&report, "theme-party-day");
    assert_eq!(tpd["current"]["period"], "2026-11");
    assert_eq!(tpd["current"]["start"], "2026-11-01");
    assert_eq!(tpd["current"]["end"], "2026-11-30");
    assert_eq!(tpd["current"]["due"], "2026-11-30");
    assert_eq!(tpd["current"]["status"], "done");
    assert_eq!(
        tpd["current"]["count"],
        serde_json::json!({"done": 1, "required": 1})
    );
    assert_eq!(labels(&tpd["missed"]), ["2026-03", "2026-05", "2026-08"]);
    for m in array(&tpd["missed"]) {
        assert_eq!(m["status"], "overdue");
        assert_eq!(m["count"]["done"], 0);
    }
    assert_eq!(tpd["missed"][1]["due"], "2026-05-31");

    // Study hours (implied by every 主题党日): the lowest member is 李强, 9 of 32 hours.
    let sh = &obligation(&report, "study-hours")["current"];
    assert_eq!(sh["period"], "2026");
    assert_eq!(sh["due"], "2026-12-31");
    // 39 days before the due date, outside the 30-day warning
    assert_eq!(sh["status"], "pending");
    assert_eq!(
        sh["hours"],
        serde_json::json!({"done": 9.0, "required": 32.0})
    );
    assert_eq!(sh["count"], serde_json::json!({"done": 2, "required": 1}));
    assert_eq!(
        sh["members_short"],
        serde_json::json!([{"id": "m2", "name": "李强", "count": 2, "hours": 9.0}])
    );

    // A month with no record at all since January: every month missed but November.
    let pgm = obligation(&report, "party-group-meeting");
    assert_eq!(array(&pgm["missed"]).len(), 10);
    assert_eq!(pgm["missed"][0]["period"], "2026-01");
    // 8 days before the due date, outside the month's 7-day warning
    assert_eq!(pgm["current"]["status"], "pending");

    // The election is anchored on `since` with no election recorded.
    let election = &obligation(&report, "branch-election")["current"];
    assert_eq!(election["period"], "term-from-2026-01-01");
    assert_eq!(election["due"], "2029-01-01");
    assert_eq!(election["status"], "pending");

    // The table says the same in words.
    let table = env.ok(&["status", "--org", "t1"]);
    let row = table
        .lines()
        .find(|l| l.contains("集中学习培训"))
        .expect("a study-hours row");
    assert!(row.contains("1/2 members met"), "{row}");
    let missed_may = table
        .lines()
        .find(|l| l.contains("主题党日") && l.contains("2026-05"))
        .expect("a row for May's missed 主题党日");
    assert!(missed_may.starts_with("overdue"), "{missed_may}");
    assert!(missed_may.contains("175 days overdue"), "{missed_may}");
}

#[test]
fn make_up_counts_for_its_period_and_still_counts_study_hours() {
    let env = scenario();
    // 补开 August's 主题党日 in November, with 6 study hours for everyone; the period
    // named as the tables show it.
    theme_day(&env, "2026-11-15", "6", &["--for-period", "2026年8月"]);
    let report = env.json(&["status", "--org", "t1"]);
    let tpd = obligation(&report, "theme-party-day");
    assert_eq!(labels(&tpd["missed"]), ["2026-03", "2026-05"]);
    // The make-up does not count for November, the month it was held in.
    assert_eq!(tpd["current"]["count"]["done"], 1);
    // The hours were studied all the same: 李强 now has 15, 王芳 45.
    let sh = &obligation(&report, "study-hours")["current"];
    assert_eq!(sh["hours"]["done"], 15.0);
    assert_eq!(sh["count"]["done"], 3);
    assert_eq!(sh["members_short"][0]["hours"], 15.0);
}

#[test]
fn status_in_english_and_in_chinese() {
    let env = scenario();
    let en = env.ok(&["status"]);
    let header = en.lines().nth(1).unwrap();
    for word in ["status", "obligation", "period", "progress", "due"] {
        assert!(header.contains(word), "{header}");
    }
    assert!(en.lines().next().unwrap().contains("teacher branch"));
    assert!(en.contains("overdue") && en.contains("days overdue"));
    assert!(
        en.contains("1/2 members met") && en.contains("1/1 time "),
        "{en}"
    );
    // One language at a time: no `1 times`, no raw term keys, a 完成率 in words.
    assert!(
        !en.contains("/1 times") && !en.contains("term-from-"),
        "{en}"
    );
    assert!(
        en.contains("term from 2026-01-01") && en.contains("done 2%"),
        "{en}"
    );
    assert!(!en.contains("逾期") && !en.contains("状态"), "{en}");

    let zh = env.cmd_zh(&["status"]).output().unwrap();
    let zh = String::from_utf8(zh.stdout).unwrap();
    assert!(
        zh.contains("状态") && zh.contains("逾期") && zh.contains("教工支部"),
        "{zh}"
    );
    assert!(!zh.contains("days overdue"), "{zh}");
    assert!(
        zh.contains("本届任期（2026-01-01 起）")
            && zh.contains("完成率 2%")
            && !zh.contains("term-from-"),
        "{zh}"
    );
}

// ---- overdue ----

#[test]
fn overdue_lists_only_urgent_entries_longest_overdue_first() {
    let env = scenario();
    // Alphabetically first, but only judged since November: less overdue than t1.
    env.ok(&[
        "org",
        "add",
        "--id",
        "aa-dept",
        "--name",
        "计算机学院党委",
        "--kind",
        "department",
        "--since",
        "2026-11-01",
    ]);
    // A branch with nothing overdue is left out.
    env.ok(&[
        "org",
        "add",
        "--id",
        "zz-new",
        "--name",
        "新支部",
        "--kind",
        "branch",
    ]);

    let report = env.json(&["overdue"]);
    let orgs = array(&report["orgs"]);
    let ids: Vec<&str> = orgs.iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["t1", "aa-dept"]);
    for org in orgs {
        let mut last_worst = String::new();
        for o in array(&org["obligations"]) {
            let mut dues = Vec::new();
            for p in std::iter::once(&o["current"])
                .filter(|c| !c.is_null())
                .chain(array(&o["missed"]))
            {
                let status = p["status"].as_str().unwrap();
                assert!(status == "overdue" || status == "due-soon", "{status}");
                dues.push(p["due"].as_str().unwrap().to_string());
            }
            let worst = dues.into_iter().min().expect("an urgent entry");
            assert!(worst >= last_worst, "obligations sorted worst first");
            last_worst = worst;
        }
    }
    assert_eq!(orgs[0]["obligations"][0]["missed"][0]["due"], "2026-01-31");
    // Not urgent: the study hours are pending, 主题党日's November is done.
    let t1 = &orgs[0]["obligations"];
    assert!(!array(t1).iter().any(|o| o["id"] == "study-hours"));
    let tpd = array(t1)
        .iter()
        .find(|o| o["id"] == "theme-party-day")
        .unwrap();
    assert!(tpd["current"].is_null(), "November is done: {tpd}");
    assert_eq!(labels(&tpd["missed"]), ["2026-03", "2026-05", "2026-08"]);

    // The table: every row overdue or due soon, sorted by due date, oldest first.
    let table = env.ok(&["overdue"]);
    let rows: Vec<&str> = table.lines().skip(1).collect();
    assert!(rows.len() > 10, "{table}");
    let due = |row: &str| -> String {
        row.split_whitespace()
            .rfind(|w| w.len() == 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-')
            .unwrap_or_else(|| panic!("no due date in {row:?}"))
            .to_string()
    };
    let dues: Vec<String> = rows.iter().map(|r| due(r)).collect();
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted, "rows are sorted by due date:\n{table}");
    assert!(
        rows[0].starts_with("计算机学院教工第一党支部"),
        "{}",
        rows[0]
    );
    assert_eq!(dues[0], "2026-01-31");
    for row in &rows {
        assert!(row.contains("overdue") || row.contains("due soon"), "{row}");
        assert!(!row.contains("新支部"), "{row}");
    }
    // The department's teacher study of this week is due today.
    assert!(
        rows.iter().any(|r| r.contains("计算机学院党委")
            && r.contains("due soon")
            && r.contains("due today")),
        "{table}"
    );
}

// ---- demo ----

#[test]
fn demo_fills_a_fresh_database_deterministically() {
    let env = Env::new();
    let out = env.ok(&["demo", "--no-ui", "--orgs", "6"]);
    assert!(out.contains("demo: 6 orgs"), "{out}");
    assert!(out.contains(&env.path().display().to_string()), "{out}");

    let orgs = env.json(&["org", "list"]);
    let orgs = array(&orgs);
    assert_eq!(orgs.len(), 6);
    let kinds: BTreeSet<&str> = orgs.iter().map(|o| o["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains("department"));
    assert!(kinds.contains("teacher-branch"));
    assert!(kinds.contains("student-branch"));
    let branch = orgs.iter().find(|o| o["kind"] == "teacher-branch").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!array(&env.json(&["member", "list", "--org", &branch])).is_empty());
    assert!(!array(&env.json(&["record", "list", "--org", &branch])).is_empty());

    let status = env.json(&["status"]);
    assert_eq!(array(&status["orgs"]).len(), 6);
    // "with some gaps, so some of it is overdue"
    let overdue = env.json(&["overdue"]);
    assert!(
        !array(&overdue["orgs"]).is_empty(),
        "the demo has overdue work"
    );

    // The same seed gives the same demo.
    let again = Env::new();
    again.ok(&["demo", "--no-ui", "--orgs", "6"]);
    assert_eq!(again.json(&["status"]), status);

    // A database that holds data is not overwritten.
    let before = env.contents();
    let (_, stderr) = env.fails(&["demo", "--no-ui", "--orgs", "6"]);
    assert!(stderr.contains("already holds data"), "{stderr}");
    assert_eq!(env.contents(), before);
}

#[test]
fn the_demo_is_scored_school_college_and_branches() {
    let env = Env::new();
    env.ok(&["demo", "--no-ui", "--orgs", "6"]);
    let score = env.json(&["score"]);
    let of = |id: &str| -> Value {
        array(&score["orgs"])
            .iter()
            .find(|o| o["id"] == id)
            .unwrap_or_else(|| panic!("{id} is scored: {score}"))["scores"][0]
            .clone()
    };
    // A 学校党委 on the quality standard, partly assessed.
    let school = of("school");
    assert_eq!(school["checklist"], "teacher-quality-standard");
    assert_eq!(school["max"], 400.0);
    assert!(school["score"].as_f64().unwrap() > 0.0, "{school}");
    // The college's branches on the ideology rubric (各系按支部: not the college's committee
    // as well), one with a 特色加分 and one with a 负面清单 entry.
    assert!(
        array(&score["orgs"])
            .iter()
            .filter(|o| o["id"] == "cs")
            .all(|o| array(&o["scores"]).is_empty()),
        "{score}"
    );
    let branch = of("cs-t1");
    assert_eq!(branch["checklist"], "ideology-responsibility");
    let with = |field: &str, value: f64| {
        array(&score["orgs"])
            .iter()
            .filter(|o| o["scores"][0][field] == value)
            .count()
    };
    assert_eq!(
        (with("bonus", 2.0), with("penalty", 1.0)),
        (1, 1),
        "{score}"
    );
    // The school's marks read like a 任务分解表: 落实措施, 负责人, 完成时限, some scored.
    let marks = env.json(&["mark", "list", "--org", "school"]);
    let marks = array(&marks);
    assert!(marks.len() >= 5, "{marks:?}");
    assert!(
        marks
            .iter()
            .all(|m| m["note"].is_string() && m["owner"].is_string() && m["deadline"].is_string())
    );
    assert!(marks.iter().any(|m| m["score"].is_number()));
}

// ---- check ----

#[test]
fn check_through_the_cli() {
    let env = Env::new();
    let out = env.ok(&["check"]);
    assert!(
        out.contains("7 checklists, 83 obligations, all valid"),
        "{out}"
    );
    let missing = env.path().join("missing.yaml");
    let out = env
        .cmd(&["check", missing.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("{}:1:1: cannot read", missing.display())),
        "{stdout}"
    );
}

// ---- bad input ----

#[test]
fn bad_input_is_refused_naming_the_value_and_nothing_is_written() {
    let env = scenario();
    env.ok(&[
        "org",
        "add",
        "--id",
        "dept",
        "--name",
        "学院党委",
        "--kind",
        "department",
    ]);
    let add = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = ["record", "add", "--org", "t1", "--date", "2026-11-18"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let cases: Vec<(Vec<String>, Vec<&str>)> = vec![
        // unknown org
        (
            [
                "record",
                "add",
                "--org",
                "nope",
                "--obligation",
                "theme-party-day",
                "--date",
                "2026-11-18",
            ]
            .map(String::from)
            .to_vec(),
            vec!["unknown org \"nope\"", "t1"],
        ),
        (
            [
                "member", "add", "--org", "nope", "--id", "m9", "--name", "赵六",
            ]
            .map(String::from)
            .to_vec(),
            vec!["unknown org \"nope\""],
        ),
        // unknown members
        (
            add(&["--obligation", "theme-party-day", "--absent", "m1,ghost"]),
            vec!["no member \"ghost\""],
        ),
        (
            add(&[
                "--obligation",
                "theme-party-day",
                "--attendees",
                "王芳,张伟",
            ]),
            vec!["no member \"张伟\""],
        ),
        // 李强 had not joined yet on 2026-09-10
        (
            [
                "record",
                "add",
                "--org",
                "t1",
                "--obligation",
                "theme-party-day",
                "--date",
                "2026-09-10",
                "--attendees",
                "m2",
            ]
            .map(String::from)
            .to_vec(),
            vec!["no member \"m2\""],
        ),
        // unknown obligation
        (
            add(&["--obligation", "theme-party-night"]),
            vec![
                "unknown obligation \"theme-party-night\"",
                "theme-party-day",
            ],
        ),
        // a date that does not exist
        (
            [
                "record",
                "add",
                "--org",
                "t1",
                "--obligation",
                "theme-party-day",
                "--date",
                "2026-02-30",
            ]
            .map(String::from)
            .to_vec(),
            vec!["\"2026-02-30\" is not a date that exists", "YYYY-MM-DD"],
        ),
        // hours
        (
            add(&["--obligation", "theme-party-day", "--hours", "-2"]),
            vec!["hours \"-2\"", "0 to 24"],
        ),
        (
            add(&["--obligation", "theme-party-day", "--hours", "25"]),
            vec!["hours \"25\"", "0 to 24"],
        ),
        // not for this kind of org
        (
            add(&["--obligation", "teacher-weekly-study"]),
            vec!["\"teacher-weekly-study\" does not apply to a teacher-branch"],
        ),
        (
            [
                "record",
                "add",
                "--org",
                "dept",
                "--obligation",
                "theme-party-day",
                "--date",
                "2026-11-18",
            ]
            .map(String::from)
            .to_vec(),
            vec!["\"theme-party-day\" does not apply to a department"],
        ),
        // a make-up period that is not one of the obligation's
        (
            add(&["--obligation", "theme-party-day", "--for-period", "2026-13"]),
            vec![
                "\"2026-13\" is not a period of the monthly obligation \"主题党日\"",
                "2026-11",
            ],
        ),
        (
            add(&["--obligation", "theme-party-day", "--for-period", "2026-Q3"]),
            vec!["\"2026-Q3\" is not a period of the monthly obligation \"主题党日\""],
        ),
        // a make-up for a later period
        (
            add(&["--obligation", "theme-party-day", "--for-period", "2026-12"]),
            vec!["\"2026-12\""],
        ),
        // orgs
        (
            [
                "org",
                "add",
                "--id",
                "x1",
                "--name",
                "俱乐部",
                "--kind",
                "club",
            ]
            .map(String::from)
            .to_vec(),
            vec!["invalid value 'club'", "teacher-branch"],
        ),
        (
            [
                "org",
                "add",
                "--id",
                "t1",
                "--name",
                "另一个支部",
                "--kind",
                "branch",
            ]
            .map(String::from)
            .to_vec(),
            vec!["org id \"t1\" already exists"],
        ),
        (
            [
                "org", "add", "--id", "bad id", "--name", "支部", "--kind", "branch",
            ]
            .map(String::from)
            .to_vec(),
            vec!["org id \"bad id\" is not valid"],
        ),
        (
            [
                "org", "add", "--id", "x2", "--name", "支部", "--kind", "branch", "--parent",
                "nope",
            ]
            .map(String::from)
            .to_vec(),
            vec!["parent org \"nope\" does not exist"],
        ),
        (
            [
                "org",
                "add",
                "--id",
                "x3",
                "--name",
                "支部",
                "--kind",
                "branch",
                "--due-day",
                "theme-party-night=20",
            ]
            .map(String::from)
            .to_vec(),
            vec!["unknown obligation \"theme-party-night\""],
        ),
        (
            [
                "org",
                "add",
                "--id",
                "x4",
                "--name",
                "支部",
                "--kind",
                "branch",
                "--due-day",
                "theme-party-day=32",
            ]
            .map(String::from)
            .to_vec(),
            vec!["due day \"32\""],
        ),
        (
            [
                "org",
                "add",
                "--id",
                "x5",
                "--name",
                "支部",
                "--kind",
                "branch",
                "--due-day",
                "teacher-weekly-study=3",
            ]
            .map(String::from)
            .to_vec(),
            vec!["\"teacher-weekly-study\" is every week"],
        ),
        // members
        (
            [
                "member",
                "add",
                "--org",
                "t1",
                "--id",
                "m1",
                "--name",
                "另一个王芳",
            ]
            .map(String::from)
            .to_vec(),
            vec!["already has a member \"m1\""],
        ),
        // status of an unknown org
        (
            ["status", "--org", "nope"].map(String::from).to_vec(),
            vec!["unknown org \"nope\""],
        ),
    ];
    let before = env.contents();
    for (args, needles) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        env.refuses(&args, needles, &before);
    }
    // The duplicate org id did not replace the original.
    let orgs = env.json(&["org", "list"]);
    let t1 = array(&orgs).iter().find(|o| o["id"] == "t1").unwrap();
    assert_eq!(t1["name"], "计算机学院教工第一党支部");
}

#[test]
fn refusals_are_in_chinese_by_default() {
    let env = scenario();
    let out = env
        .cmd_zh(&[
            "record",
            "add",
            "--org",
            "t1",
            "--obligation",
            "theme-party-day",
            "--date",
            "2026-11-18",
            "--hours",
            "25",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("学时 \"25\" 无效"), "{stderr}");
}
