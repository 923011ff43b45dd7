//! `dangjian check` on the built-in checklists and on the fixtures: every refusal points
//! at the right line with a message that says what is wrong.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::Env;
use serde_json::Value;

const INVALID: &str = "tests/fixtures/invalid";
const VALID: &str = "tests/fixtures/valid";

/// `dangjian check ARGS…` run from the crate root, so that relative paths print as given.
fn check(env: &Env, args: &[&str]) -> std::process::Output {
    let mut all = vec!["check"];
    all.extend(args);
    env.cmd(&all)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("dangjian runs")
}

/// The `# expect: LINE MESSAGE` lines at the top of a fixture.
fn expectations(path: &Path) -> Vec<(usize, String)> {
    // Lossy: a fixture may hold invalid UTF-8 after its header on purpose.
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let text = String::from_utf8_lossy(&bytes);
    let found: Vec<(usize, String)> = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .filter_map(|l| l.strip_prefix("# expect: "))
        .map(|rest| {
            let (line, message) = rest.split_once(' ').expect("# expect: LINE MESSAGE");
            (line.parse().expect("LINE is a number"), message.to_string())
        })
        .collect();
    assert!(
        !found.is_empty(),
        "{} has no # expect: line",
        path.display()
    );
    found
}

/// Every `*.yaml` directly in the invalid fixtures folder, as paths relative to the crate.
fn invalid_fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(INVALID);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the invalid fixtures folder")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| Path::new(INVALID).join(p.file_name().unwrap()))
        .collect();
    files.sort();
    files
}

/// Checks that `check TARGET` fails and reports exactly the problems `expect_file` expects.
fn assert_refused(env: &Env, target: &str, expect_file: &Path) {
    let out = check(env, &[target]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "check {target} should exit 1; stdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = expectations(expect_file);
    let reported: Vec<&str> = stdout.lines().filter(|l| !l.trim().is_empty()).collect();
    for (line, message) in &expected {
        let prefix = format!("{}:{line}:", expect_file.display());
        assert!(
            reported
                .iter()
                .any(|l| l.starts_with(&prefix) && l.contains(message.as_str())),
            "check {target}: no error at {prefix} saying {message:?}; got:\n{stdout}"
        );
    }
    assert_eq!(
        reported.len(),
        expected.len(),
        "check {target}: expected exactly {} error(s), got:\n{stdout}",
        expected.len()
    );
}

#[test]
fn builtin_checklists_are_valid_and_summarized() {
    let env = Env::new();
    let out = check(&env, &[]);
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("7 / 10 / 28"),
        "model-branch levels:\n{stdout}"
    );
    assert!(
        stdout.contains("5 / 12 / 39"),
        "benchmark-department levels:\n{stdout}"
    );
    assert!(stdout.contains("model-branch"), "{stdout}");
    assert!(stdout.contains("benchmark-department"), "{stdout}");
    assert!(stdout.contains("all valid"), "{stdout}");
    // The rubric's items scored in parts, the checklist built on a base, the 定期 duties.
    assert!(
        stdout.contains("scored in parts: 1.5 = 2 + 2, 3.2 = 2 + 3, 4.4 = 1 + 3"),
        "{stdout}"
    );
    assert!(
        stdout.contains("built on: teacher-quality-standard  items with their own owners: 60"),
        "{stdout}"
    );
    assert!(
        stdout.contains("obligations: 8  regular (cadence per org): 3"),
        "{stdout}"
    );
}

#[test]
fn builtin_checklists_as_json() {
    let env = Env::new();
    let out = check(&env, &["--format", "json"]);
    assert!(out.status.success(), "{out:?}");
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let lists = json["checklists"].as_array().expect("checklists");
    let by_id = |id: &str| {
        lists
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("no checklist {id}"))
    };
    assert_eq!(
        by_id("model-branch")["levels"],
        serde_json::json!([7, 10, 28])
    );
    assert_eq!(
        by_id("benchmark-department")["levels"],
        serde_json::json!([5, 12, 39])
    );
    assert_eq!(by_id("model-branch")["obligations"], 12);
    assert_eq!(by_id("benchmark-department")["obligations"], 8);
}

#[test]
fn every_invalid_fixture_is_refused_at_its_line() {
    let env = Env::new();
    let files = invalid_fixtures();
    // One file per refusal: a folder that lost its fixtures must not pass quietly.
    assert!(
        files.len() >= 33,
        "expected at least 33 invalid fixtures, found {}",
        files.len()
    );
    for file in &files {
        assert_refused(&env, &file.display().to_string(), file);
    }
}

#[test]
fn two_problems_in_one_file_are_both_reported() {
    let env = Env::new();
    let file = Path::new(INVALID).join("two-problems.yaml");
    let expected = expectations(&file);
    assert_eq!(expected.len(), 2, "the fixture expects two problems");
    assert_ne!(expected[0].0, expected[1].0, "on different lines");
    assert_refused(&env, &file.display().to_string(), &file);
}

#[test]
fn duplicate_obligation_across_files_is_reported_on_the_second() {
    let env = Env::new();
    let dir = format!("{INVALID}/dup-across");
    assert_refused(&env, &dir, &Path::new(&dir).join("b.yaml"));
    // Each file alone is fine: the clash is between them.
    for one in ["a.yaml", "b.yaml"] {
        let out = check(&env, &[&format!("{dir}/{one}")]);
        assert!(out.status.success(), "{one} alone should load: {out:?}");
    }
}

#[test]
fn invalid_fixture_errors_as_json() {
    let env = Env::new();
    let file = format!("{INVALID}/due-day-week.yaml");
    let out = check(&env, &[&file, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let errors = json["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{json}");
    assert_eq!(errors[0]["path"], file.as_str());
    assert_eq!(errors[0]["line"], 18);
    assert!(errors[0]["column"].as_u64().unwrap() > 1);
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("not allowed with every: week")
    );
}

#[test]
fn valid_fixture_loads_with_its_levels() {
    let env = Env::new();
    let file = format!("{VALID}/half-year-report.yaml");
    let out = check(&env, &[&file]);
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("fx-half-year"), "{stdout}");
    assert!(stdout.contains("8 checklists, 84 obligations"), "{stdout}");

    let out = check(&env, &[&file, "--format", "json"]);
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let extra = json["checklists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "fx-half-year")
        .expect("the extra checklist is listed");
    assert_eq!(extra["levels"], serde_json::json!([1, 1, 1]));
    assert_eq!(extra["obligations"], 1);
    assert_eq!(extra["path"], file.as_str());
}

#[test]
fn valid_fixture_text_is_the_guides_own_words() {
    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(VALID)
            .join("half-year-report.yaml"),
    )
    .unwrap();
    let clause = "建立定期汇报制度，支部每半年末15日前向党委宣传部书面汇报1次意识形态工作情况。遇重要情况及时报告并提出建设性意见。";
    assert!(fixture.contains(&format!("text: {clause}")));
}

/// Runs `dangjian ARGS…` from the crate root (so `--checklists tests/fixtures/valid`
/// resolves); it must succeed. Returns stdout.
fn run_in_crate(env: &Env, args: &[&str]) -> String {
    let out = env
        .cmd(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The extra checklist's obligation in `status --format json` for `org`.
fn half_year_report(env: &Env, org: &str) -> Value {
    let text = run_in_crate(
        env,
        &[
            "status",
            "--org",
            org,
            "--checklists",
            VALID,
            "--format",
            "json",
        ],
    );
    let json: Value = serde_json::from_str(&text).expect("JSON");
    json["orgs"][0]["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "fx-half-year-report")
        .cloned()
        .expect("status shows the extra obligation")
}

#[test]
fn status_with_extra_checklists_shows_the_extra_obligation() {
    let env = Env::new();
    env.ok(&[
        "org",
        "add",
        "--id",
        "t1",
        "--name",
        "教工第一党支部",
        "--kind",
        "teacher-branch",
    ]);
    env.ok(&[
        "org",
        "add",
        "--id",
        "dept",
        "--name",
        "计算机学院党委",
        "--kind",
        "department",
    ]);
    // A branch that reports on the 20th instead; the override needs the extra checklist.
    run_in_crate(
        &env,
        &[
            "org",
            "add",
            "--id",
            "t2",
            "--name",
            "教工第二党支部",
            "--kind",
            "teacher-branch",
            "--checklists",
            VALID,
            "--due-day",
            "fx-half-year-report=20",
        ],
    );

    let o = half_year_report(&env, "t1");
    assert_eq!(o["checklist"], "fx-half-year");
    assert_eq!(o["item"], "1.2.1");
    assert_eq!(o["every"], "half-year");
    let current = &o["current"];
    assert_eq!(current["period"], "2026-H2");
    assert_eq!(current["start"], "2026-07-01");
    assert_eq!(current["end"], "2026-12-31");
    assert_eq!(current["due"], "2026-12-15");
    // 23 days before the due date, inside the half-year's 30-day warning.
    assert_eq!(current["status"], "due-soon");

    assert_eq!(half_year_report(&env, "t2")["current"]["due"], "2026-12-20");
    // applies_to: [any-branch]
    assert_eq!(
        half_year_report(&env, "dept")["current"]["status"],
        "not-applicable"
    );

    // The table shows it too, with its due date.
    let table = run_in_crate(&env, &["status", "--org", "t1", "--checklists", VALID]);
    let row = table
        .lines()
        .find(|l| l.contains("向党委宣传部书面汇报意识形态工作"))
        .unwrap_or_else(|| panic!("no row for the extra obligation:\n{table}"));
    assert!(
        row.contains("2026-12-15") && row.contains("2026-H2"),
        "{row}"
    );

    // Without --checklists the obligation does not exist.
    let plain = env.json(&["status", "--org", "t1"]);
    assert!(
        !plain["orgs"][0]["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["id"] == "fx-half-year-report")
    );
}

#[test]
fn status_refuses_an_invalid_checklists_folder() {
    let env = Env::new();
    env.ok(&[
        "org", "add", "--id", "t1", "--name", "支部", "--kind", "branch",
    ]);
    let out = env
        .cmd(&["status", "--checklists", &format!("{INVALID}/dup-across")])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("dup-across/b.yaml:15:"),
        "the error names the file and line:\n{stderr}"
    );
}

/// Every leaf's `text` (and `focus`, `criteria`) of a shipped checklist stands word for word
/// in its source document (`tests/fixtures/guides/NNN_….txt`, the guides as published),
/// once whitespace (the PDF's line wraps) is removed from both.
fn leaf_texts_stand_in_their_seed(file: &str, seeds: &[&str]) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/guides");
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let mut seed_text = String::new();
    for prefix in seeds {
        let Some(path) = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("the seed documents at {}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(prefix))
        else {
            panic!("no seed {prefix}_… in {}", dir.display());
        };
        seed_text.push_str(&squeeze(&std::fs::read_to_string(path).unwrap()));
    }
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let mut missing = Vec::new();
    let mut checked = 0;
    fn walk(v: &serde_yaml::Value, out: &mut Vec<(String, String)>) {
        if let Some(items) = v.get("items").and_then(|i| i.as_sequence()) {
            for item in items {
                let id = item.get("id").map(|i| format!("{i:?}")).unwrap_or_default();
                let leaf = item.get("items").is_none();
                for field in ["text", "focus", "criteria"] {
                    if let Some(t) = item.get(field).and_then(|t| t.as_str())
                        && (leaf || field == "text")
                    {
                        out.push((format!("{id} {field}"), t.to_string()));
                    }
                }
                walk(item, out);
            }
        }
    }
    let mut texts = Vec::new();
    walk(&yaml, &mut texts);
    for (place, text) in texts {
        checked += 1;
        // A 考核标准 cell the source merged across rows is realigned by its points: each of
        // its pieces must stand in the seed, not their joined run.
        let found = if place.ends_with("criteria") {
            text.split_whitespace()
                .all(|piece| seed_text.contains(piece))
        } else {
            seed_text.contains(&squeeze(&text))
        };
        if !found {
            missing.push(place);
        }
    }
    assert!(checked > 0, "{file} has texts");
    assert!(missing.is_empty(), "{file}: not in the seed: {missing:?}");
}

#[test]
fn the_two_core_guides_keep_their_words() {
    leaf_texts_stand_in_their_seed("checklists/model-branch.yaml", &["002"]);
    leaf_texts_stand_in_their_seed("checklists/benchmark-department.yaml", &["002"]);
}

#[test]
fn the_teacher_quality_standard_keeps_the_guides_words() {
    leaf_texts_stand_in_their_seed("checklists/teacher-quality-standard.yaml", &["000", "001"]);
}

#[test]
fn the_ideology_rubric_keeps_the_guides_words() {
    leaf_texts_stand_in_their_seed("checklists/ideology-responsibility.yaml", &["003"]);
}

#[test]
fn the_dalian_department_guide_keeps_the_guides_words() {
    leaf_texts_stand_in_their_seed("checklists/benchmark-department-dalian.yaml", &["004"]);
}

/// `check FILE` on a generated file: it must fail at `line:column` saying `message`,
/// quickly. Returns how long the command took.
fn refused_quickly(name: &str, content: &[u8], line: usize, column: usize, message: &str) {
    let env = Env::new();
    let file = env.path().join(name);
    std::fs::write(&file, content).unwrap();
    let file = file.display().to_string();

    // In process: the loader itself, without the start of a process.
    let started = Instant::now();
    let errors = dangjian::context::read_paths(&[PathBuf::from(&file)])
        .and_then(dangjian::checklist::Catalog::load)
        .expect_err("refused");
    let in_process = started.elapsed();
    assert_eq!(errors.0.len(), 1, "{errors}");
    let d = &errors.0[0];
    assert_eq!((d.line, d.column), (line, column), "{d}");
    assert!(d.message.contains(message), "{d}");

    // The real binary, as a user runs it.
    let started = Instant::now();
    let out = check(&env, &[&file]);
    let command = started.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.starts_with(&format!("{file}:{line}:{column}: ")) && stdout.contains(message),
        "{stdout}"
    );
    eprintln!("{name}: refused in {in_process:?} in process, {command:?} by `dangjian check`");
    // Parsing 100,000 nested `[` used to take 21 s; the pre-scan takes well under 100 ms in
    // a release build. The bounds leave room for a debug build on a busy machine.
    assert!(in_process < Duration::from_secs(1), "{in_process:?}");
    assert!(command < Duration::from_secs(3), "{command:?}");
}

#[test]
fn a_deeply_nested_flow_file_is_refused_quickly_where_level_65_opens() {
    refused_quickly(
        "deep.yaml",
        "[".repeat(100_000).as_bytes(),
        1,
        65,
        "nesting deeper than 64 levels",
    );
}

#[test]
fn a_deeply_nested_block_file_is_refused_quickly_where_level_65_opens() {
    let text = format!(
        "schema: 1\nid: deep\ntitle: 深\nitems:\n  {}x\n",
        "- ".repeat(100_000)
    );
    // Level 1 is the file's mapping and the first dash opens level 2: the 64th opens 65.
    refused_quickly(
        "deep-block.yaml",
        text.as_bytes(),
        5,
        3 + 63 * 2,
        "nesting deeper than 64 levels",
    );
}

#[test]
fn a_file_over_one_mib_is_refused_quickly_where_it_crosses_the_limit() {
    // 2 MB of comment lines of 100 bytes: byte 1,048,576 is the 77th of line 10,486.
    let line = format!("# {}\n", "x".repeat(97));
    let text = line.repeat(20_000);
    refused_quickly("big.yaml", text.as_bytes(), 10_486, 77, "larger than 1 MiB");
}

/// The table of 中国劳动关系学院's 任务分解表 (seed 001):观测点 number → the lines of its
/// 责任部门 cell. Each row is the 指标内容 (`N.…`), the 观测重点, then the cell, one unit a
/// line, up to the empty 落实措施 cell.
fn culr_owner_cells() -> std::collections::BTreeMap<String, Vec<String>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/guides");
    let text = std::fs::read_to_string(dir.join("001_7ec36b06d6b38aa7.txt")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut cells = std::collections::BTreeMap::new();
    let mut at = 0;
    for n in 1..=60 {
        let opens = |l: &str| {
            [format!("\t{n}."), format!("\t{n}．")]
                .iter()
                .any(|p| l.starts_with(p.as_str()) && l.chars().count() > 16)
        };
        at += lines[at..].iter().position(|l| opens(l)).expect("item row");
        // The text and the focus may wrap; each cell opens with a tab.
        let mut j = at + 1;
        while !lines[j].starts_with('\t') {
            j += 1;
        }
        j += 1;
        while !lines[j].starts_with('\t') {
            j += 1;
        }
        let mut owners = Vec::new();
        while !lines[j].trim().is_empty() {
            owners.push(lines[j].trim().to_string());
            j += 1;
        }
        cells.insert(n.to_string(), owners);
        at = j;
    }
    cells
}

#[test]
fn the_culr_checklist_keeps_its_owners_dates_and_words() {
    let file = "checklists/teacher-quality-standard-culr.yaml";
    leaf_texts_stand_in_their_seed(file, &["001"]);
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(yaml["base"], "teacher-quality-standard");
    let cells = culr_owner_cells();
    let owners = yaml["owners"].as_mapping().unwrap();
    assert_eq!(owners.len(), 60, "every 观测点 has its 责任部门");
    for (n, cell) in &cells {
        let given: Vec<&str> = owners[n.as_str()]
            .as_sequence()
            .unwrap_or_else(|| panic!("owners of {n}"))
            .iter()
            .map(|o| o.as_str().unwrap())
            .collect();
        // One unit a line, as printed; a line holding two units run together (item 24's
        // "党委教师工作部党委宣传部") is given as both.
        assert_eq!(given.concat(), cell.concat(), "item {n}");
        assert!(given.len() >= cell.len(), "item {n}: {given:?} vs {cell:?}");
    }
    // 59 of the 60 differ from 湖北二师's (seed 000), which the base carries.
    let base: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string("checklists/teacher-quality-standard.yaml").unwrap(),
    )
    .unwrap();
    let mut base_owners = std::collections::BTreeMap::new();
    fn walk(v: &serde_yaml::Value, out: &mut std::collections::BTreeMap<String, String>) {
        for item in v["items"].as_sequence().into_iter().flatten() {
            if let (Some(id), Some(o)) = (item["id"].as_str(), item.get("owners")) {
                out.insert(id.to_string(), format!("{o:?}"));
            }
            walk(item, out);
        }
    }
    walk(&base, &mut base_owners);
    let same = cells
        .keys()
        .filter(|n| base_owners.get(*n) == Some(&format!("{:?}", owners[n.as_str()])))
        .count();
    assert_eq!(same, 1);
    // The timeline: each phase's deliverable is due at the phase's end, in 2024.
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/guides/001_7ec36b06d6b38aa7.txt"),
    )
    .unwrap();
    assert!(seed.contains("于4月30日下班前将任务分解表"));
    let phases = yaml["items"][0]["items"].as_sequence().unwrap();
    let expected = [
        ("（一）动员部署阶段（2024年4月）", vec!["2024-04-30"]),
        ("（二）深化推进阶段（2024年5月-9月）", vec!["2024-09-30"]),
        (
            "（三）成果总结阶段（2024年10月-11月）",
            vec!["2024-11-30", "2024-11-30"],
        ),
    ];
    for (phase, (heading, dues)) in phases.iter().zip(expected) {
        let title = phase["title"].as_str().unwrap();
        assert!(
            heading.ends_with(title) && seed.contains(heading),
            "{title}"
        );
        let given: Vec<&str> = phase["obligations"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|o| {
                assert_eq!(o["every"], "once");
                o["due"].as_str().unwrap()
            })
            .collect();
        assert_eq!(given, dues, "{title}");
    }
}
