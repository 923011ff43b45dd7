//! Scoring from the command line: `score`, `mark set/list`, `record add --points`, the
//! org overrides (`--exempt`, `--term-years`, `--checklist`) and `org edit`, each with its
//! bad input refused and nothing written.

use crate::common;

use common::Env;
use serde_json::Value;

/// A small rubric: 1.1 (2, half-year report, late −0.5, missed all), 1.2 (3, by hand),
/// a bonus capped at 5 and a penalty.
const RUBRIC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/scoring");

/// `dangjian --checklists RUBRIC ARGS…`
fn with_rubric<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(["--checklists", RUBRIC]);
    all
}

fn env() -> Env {
    let env = Env::new();
    env.ok(&with_rubric(&[
        "org",
        "add",
        "--id",
        "b1",
        "--name",
        "第一支部",
        "--kind",
        "teacher-branch",
        "--since",
        "2026-01-01",
    ]));
    env
}

fn rubric_score(env: &Env) -> Value {
    let report = env.json(&with_rubric(&["score", "--org", "b1"]));
    let scores = report["orgs"][0]["scores"].as_array().unwrap().clone();
    scores
        .into_iter()
        .find(|s| s["checklist"] == "fx-rubric")
        .expect("the rubric is scored")
}

fn item<'a>(score: &'a Value, id: &str) -> &'a Value {
    score["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == id)
        .unwrap_or_else(|| panic!("item {id} in {score}"))
}

#[test]
fn score_follows_records_marks_bonus_and_penalty() {
    let env = env();
    // H1's report came after 06-15: late, 2 − 0.5; H2 is not due yet on 2026-11-22.
    env.ok(&with_rubric(&[
        "record",
        "add",
        "--org",
        "b1",
        "--obligation",
        "fx-report",
        "--date",
        "2026-06-20",
    ]));
    let s = rubric_score(&env);
    assert_eq!(s["year"], 2026);
    assert_eq!(s["max"], 5.0);
    assert_eq!(item(&s, "1.1")["score"], 1.5);
    assert_eq!(item(&s, "1.1")["by"], "rule");
    assert_eq!(item(&s, "1.2")["score"], Value::Null);
    assert_eq!(item(&s, "1.2")["by"], "none");
    assert_eq!(
        (s["score"].clone(), s["unscored"].clone()),
        (1.5.into(), 1.into())
    );

    env.ok(&with_rubric(&[
        "mark",
        "set",
        "--org",
        "b1",
        "--item",
        "fx-rubric:1.2",
        "--score",
        "2.5",
        "--owner",
        "组织委员",
        "--deadline",
        "2026-12-20",
        "--note",
        "整改到位",
    ]));
    for (obligation, points) in [("fx-feature", "3"), ("fx-negative", "1")] {
        env.ok(&with_rubric(&[
            "record",
            "add",
            "--org",
            "b1",
            "--obligation",
            obligation,
            "--date",
            "2026-09-01",
            "--points",
            points,
        ]));
    }
    let s = rubric_score(&env);
    assert_eq!(item(&s, "1.2")["by"], "hand");
    assert_eq!(s["bonus"], 3.0);
    assert_eq!(s["penalty"], 1.0);
    assert_eq!(s["score"], 1.5 + 2.5 + 3.0 - 1.0);

    // The same scores sit on the org in status --format json.
    let status = env.json(&with_rubric(&["status"]));
    let scores = status["orgs"][0]["scores"].as_array().unwrap();
    assert!(scores.iter().any(|x| x == &s), "{scores:?}");
    // Event obligations are never listed as owed.
    let listed: Vec<&str> = status["orgs"][0]["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert!(listed.contains(&"fx-report") && !listed.contains(&"fx-feature"));

    // The table: worst first, score / max.
    let table = env.ok(&with_rubric(&["score"]));
    assert!(table.contains("6 / 5"), "{table}");
    assert!(table.contains("score / max"), "{table}");

    // The marks list shows what was set.
    let marks = env.ok(&with_rubric(&["mark", "list", "--org", "b1"]));
    assert!(
        marks.contains("fx-rubric:1.2") && marks.contains("2.5 / 3"),
        "{marks}"
    );
    assert!(
        marks.contains("组织委员") && marks.contains("2026-12-20"),
        "{marks}"
    );
    let json = env.json(&with_rubric(&["mark", "list", "--org", "b1"]));
    assert_eq!(json[0]["score"], 2.5);
    assert_eq!(json[0]["note"], "整改到位");
}

#[test]
fn a_past_year_is_scored_with_year() {
    let env = env();
    let report = env.json(&with_rubric(&["score", "--year", "2025"]));
    assert_eq!(report["year"], 2025);
    assert_eq!(report["today"], common::TODAY);
    // The org started in 2026: no 2025 period is judged, nothing deducted.
    assert_eq!(report["orgs"][0]["scores"][0]["items"][0]["score"], 2.0);
    let (_, err) = env.fails(&["score", "--year", "twenty"]);
    assert!(err.contains("twenty"), "{err}");
}

#[test]
fn a_hand_score_above_points_is_refused_and_nothing_written() {
    let env = env();
    let (code, err) = env.fails(&with_rubric(&[
        "mark",
        "set",
        "--org",
        "b1",
        "--item",
        "fx-rubric:1.2",
        "--score",
        "3.5",
    ]));
    assert_ne!(code, 0);
    assert!(err.contains("\"3.5\"") && err.contains("0 to 3"), "{err}");
    let (_, err) = env.fails(&with_rubric(&[
        "mark",
        "set",
        "--org",
        "b1",
        "--item",
        "fx-rubric:1",
        "--score",
        "1",
    ]));
    assert!(err.contains("fx-rubric:1"), "{err}");
    let (_, err) = env.fails(&with_rubric(&[
        "mark",
        "set",
        "--org",
        "b1",
        "--item",
        "fx-rubric:9.9",
    ]));
    assert!(err.contains("\"9.9\""), "{err}");
    let (_, err) = env.fails(&with_rubric(&[
        "mark",
        "set",
        "--org",
        "b1",
        "--item",
        "fx-rubric:1.2",
        "--state",
        "finished",
    ]));
    assert!(err.contains("finished") && err.contains("todo"), "{err}");
    let json = env.json(&with_rubric(&["mark", "list", "--org", "b1"]));
    assert_eq!(json, Value::Array(Vec::new()));
}

#[test]
fn points_are_refused_on_an_obligation_that_is_not_a_bonus_or_penalty() {
    let env = env();
    for (obligation, points) in [
        ("fx-report", "2"),
        ("fx-feature", "0"),
        ("fx-feature", "-1"),
    ] {
        let (_, err) = env.fails(&with_rubric(&[
            "record",
            "add",
            "--org",
            "b1",
            "--obligation",
            obligation,
            "--date",
            "2026-09-01",
            "--points",
            points,
        ]));
        if obligation == "fx-report" {
            assert!(
                err.contains("\"fx-report\"") && err.contains("bonus"),
                "{err}"
            );
        } else {
            assert!(err.contains(&format!("\"{points}\"")), "{err}");
        }
    }
    let records = env.json(&with_rubric(&["record", "list", "--org", "b1"]));
    assert_eq!(records, Value::Array(Vec::new()));
}

#[test]
fn exempt_makes_an_obligation_not_applicable_with_its_reason() {
    let env = env();
    env.ok(&[
        "org",
        "edit",
        "b1",
        "--exempt",
        "party-group-meeting=不设党小组",
    ]);
    let status = env.json(&["status"]);
    let pgm = status["orgs"][0]["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "party-group-meeting")
        .unwrap()
        .clone();
    assert_eq!(pgm["current"]["status"], "not-applicable");
    assert_eq!(pgm["current"]["exempt"], "不设党小组");
    let table = env.ok(&["status"]);
    assert!(table.contains("exempt: 不设党小组"), "{table}");

    let before = env.json(&["org", "list"]);
    let (_, err) = env.fails(&["org", "edit", "b1", "--exempt", "no-such-duty=原因"]);
    assert!(err.contains("\"no-such-duty\""), "{err}");
    let (_, err) = env.fails(&["org", "edit", "b1", "--exempt", "party-group-meeting"]);
    assert!(err.contains("OBLIGATION=REASON"), "{err}");
    assert_eq!(env.json(&["org", "list"]), before);
}

#[test]
fn term_years_changes_the_next_election_date() {
    let env = env();
    env.ok(&[
        "org",
        "edit",
        "b1",
        "--elected-on",
        "2024-06-01",
        "--term-years",
        "branch-election=5",
    ]);
    let status = env.json(&["status"]);
    let election = status["orgs"][0]["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "branch-election")
        .unwrap()
        .clone();
    assert_eq!(election["current"]["due"], "2029-06-01");

    let before = env.json(&["org", "list"]);
    for bad in [
        "branch-election=0",
        "theme-party-day=5",
        "nothing=3",
        "branch-election",
    ] {
        let (_, err) = env.fails(&["org", "edit", "b1", "--term-years", bad]);
        let (oid, n) = bad.split_once('=').unwrap_or((bad, bad));
        assert!(
            err.contains(&format!("\"{oid}\"")) || err.contains(&format!("\"{n}\"")),
            "{bad}: {err}"
        );
    }
    assert_eq!(env.json(&["org", "list"]), before);
}

#[test]
fn an_org_s_own_checklists_replace_the_default_set() {
    let env = Env::new();
    env.ok(&[
        "org",
        "add",
        "--id",
        "s1",
        "--name",
        "学校党委",
        "--kind",
        "school",
        "--checklist",
        "benchmark-department",
    ]);
    let list = env.json(&["org", "list"]);
    assert_eq!(list[0]["checklists"][0], "benchmark-department");
    assert_eq!(list[0]["kind"], "school");
    let status = env.json(&["status"]);
    // SPEC §5's status JSON names the checklist of each obligation, no list of its own.
    assert!(status["orgs"][0].get("checklists").is_none());
    let checklists: Vec<&str> = status["orgs"][0]["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["checklist"].as_str().unwrap())
        .collect();
    assert!(
        checklists.iter().all(|c| *c == "benchmark-department"),
        "{checklists:?}"
    );
    // A model-branch obligation is refused on its records, naming it and the checklist.
    let (_, err) = env.fails(&[
        "record",
        "add",
        "--org",
        "s1",
        "--obligation",
        "theme-party-day",
        "--date",
        "2026-11-01",
    ]);
    assert!(
        err.contains("\"theme-party-day\"") && err.contains("model-branch"),
        "{err}"
    );

    // An unknown checklist is refused and nothing is written.
    let (_, err) = env.fails(&["org", "edit", "s1", "--checklist", "no-such-guide"]);
    assert!(
        err.contains("\"no-such-guide\"") && err.contains("model-branch"),
        "{err}"
    );
    let (_, err) = env.fails(&[
        "org",
        "add",
        "--id",
        "s2",
        "--name",
        "x",
        "--kind",
        "school",
        "--checklist",
        "nope",
    ]);
    assert!(err.contains("\"nope\""), "{err}");
    assert_eq!(env.json(&["org", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn org_edit_changes_only_what_is_given() {
    let env = env();
    env.ok(&[
        "org",
        "edit",
        "b1",
        "--name",
        "第一党支部",
        "--kind",
        "student-branch",
    ]);
    let org = &env.json(&["org", "list"])[0];
    assert_eq!(org["name"], "第一党支部");
    assert_eq!(org["kind"], "student-branch");
    assert_eq!(org["since"], "2026-01-01");

    let (_, err) = env.fails(&["org", "edit", "nobody", "--name", "x"]);
    assert!(err.contains("\"nobody\""), "{err}");
    let (_, err) = env.fails(&["org", "edit", "b1", "--kind", "club"]);
    assert!(err.contains("club") && err.contains("school"), "{err}");
    let (_, err) = env.fails(&["org", "edit", "b1", "--parent", "b1"]);
    assert!(err.contains("b1 → b1"), "{err}");
    assert_eq!(env.json(&["org", "list"])[0]["name"], "第一党支部");
}

#[test]
fn config_yaml_chooses_the_checklists_in_force() {
    let env = env();
    std::fs::write(
        env.path().join("config.yaml"),
        "checklists: [benchmark-department]\n",
    )
    .unwrap();
    let status = env.json(&["status"]);
    let checklists: std::collections::BTreeSet<&str> = status["orgs"][0]["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["checklist"].as_str().unwrap())
        .collect();
    assert_eq!(checklists, ["benchmark-department"].into());
    std::fs::write(
        env.path().join("config.yaml"),
        "checklists: [model-branch, no-such-guide]\n",
    )
    .unwrap();
    let (_, err) = env.fails(&["status"]);
    assert!(
        err.contains("config.yaml:1:") && err.contains("\"no-such-guide\""),
        "{err}"
    );
}

/// A one-off report scored `{late: 1, missed: all}`, due 2026-06-30.
const ONCE: &str = "schema: 1
id: fx-once
title: 一次性报送
applies_to: [any-branch]
items:
  - id: \"1\"
    text: 2026年6月30日前报送建设方案。
    points: 4
    obligations:
      - id: fx-plan
        title: 报送建设方案
        every: once
        due: 2026-06-30
        score: {late: 1, missed: all}
";

#[test]
fn a_once_report_filed_years_earlier_still_scores() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("once.yaml"), ONCE).unwrap();
    let with = |args: &[&str]| -> Vec<String> {
        let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        all.extend(["--checklists".into(), dir.path().display().to_string()]);
        all
    };
    let run = |args: &[&str]| -> Value {
        let all = with(args);
        env.json(&all.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let ok = |args: &[&str]| {
        let all = with(args);
        env.ok(&all.iter().map(String::as_str).collect::<Vec<_>>());
    };
    ok(&[
        "org",
        "add",
        "--id",
        "b1",
        "--name",
        "支部",
        "--kind",
        "branch",
        "--since",
        "2023-01-01",
    ]);
    let score = |year: &str| -> Value {
        run(&["score", "--org", "b1", "--year", year])["orgs"][0]["scores"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["checklist"] == "fx-once")
            .expect("scored")
            .clone()
    };
    assert_eq!(score("2026")["score"], 0.0, "not filed: missed");
    // Filed in 2024, long before this year's blocks: it still counts, on time.
    ok(&[
        "record",
        "add",
        "--org",
        "b1",
        "--obligation",
        "fx-plan",
        "--date",
        "2024-03-01",
    ]);
    assert_eq!(score("2026")["score"], 4.0);
    assert_eq!(
        run(&["status", "--org", "b1"])["orgs"][0]["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == "fx-plan")
            .expect("listed")["current"]["status"],
        "done"
    );
}
