//! What an import may do and where an export may go (SPEC §7 import points 1 and 1a,
//! "Where an export goes"): a file cannot wipe orgs that still hold records, a clock that
//! runs ahead cannot win every merge, large deletions are shown and need
//! `--allow-deletes`, a gzip bomb is refused in bounded time and memory; an export never
//! lands in the data folder, over a file or through a link, and CSV cells are inert.

#![cfg(unix)]

use crate::common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::Env;
use serde_json::{Value, json};

/// Now, as the binary reads it (tombstones must be later than the demo's stamps).
fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn demo() -> Env {
    let env = Env::new();
    env.ok(&["demo", "--no-ui", "--seed", "1"]);
    env
}

fn file(env: &Env, name: &str, value: &Value) -> String {
    let path = env.path().join(name);
    std::fs::write(&path, serde_json::to_vec(value).unwrap()).unwrap();
    path.to_string_lossy().into_owned()
}

fn export_file(tombstones: Value) -> Value {
    json!({
        "dangjian_export": 1,
        "exported_at": now(),
        "orgs": [], "members": [], "records": [], "marks": [],
        "tombstones": tombstones,
    })
}

fn org_ids(env: &Env) -> Vec<String> {
    env.json(&["org", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn three_org_tombstones_are_refused_and_nothing_changes() {
    let env = demo();
    let before = env.ok(&["export", "--as", "json"]);
    let stones = |at: &str| {
        json!(
            ["cs-s1", "cs-t1", "school"]
                .iter()
                .map(|id| json!({"kind": "org", "id": id, "org": id, "deleted_at": at}))
                .collect::<Vec<_>>()
        )
    };
    // Stamped far ahead, as in the report: refused for the stamp, naming each org.
    let far = file(
        &env,
        "far.json",
        &export_file(stones("9999-12-31T00:00:00Z")),
    );
    let (_, err) = env.fails(&["import", &far, "--allow-deletes"]);
    assert!(
        err.contains("org cs-s1: deleted_at \"9999-12-31T00:00:00Z\" is more than a day after now"),
        "{err}"
    );
    // Stamped now: refused because members, records and marks still refer to the orgs.
    let near = file(&env, "near.json", &export_file(stones(&now())));
    let (_, err) = env.fails(&["import", &near, "--allow-deletes"]);
    assert!(
        err.contains("org cs-t1: the file deletes it, but")
            && err.contains("members")
            && err.contains("records")
            && err.contains("still refer to it"),
        "{err}"
    );
    let (_, err) = env.fails(&["import", &near, "--dry-run"]);
    assert!(err.contains("still refer to it"), "{err}");
    let after = env.ok(&["export", "--as", "json"]);
    let strip = |s: &str| -> Value {
        let mut v: Value = serde_json::from_str(s).unwrap();
        v["exported_at"] = Value::Null;
        v
    };
    assert_eq!(strip(&before), strip(&after), "nothing changed");
    assert_eq!(org_ids(&env).len(), 6);
}

#[test]
fn a_far_future_stamp_is_refused_naming_the_object() {
    let env = demo();
    let mut v: Value = serde_json::from_str(&env.ok(&["export", "--as", "json"])).unwrap();
    let id = v["records"][0]["id"].as_str().unwrap().to_string();
    v["records"][0]["updated_at"] = json!("9999-12-31T00:00:00Z");
    v["records"][0]["topic"] = json!("from a clock that runs ahead");
    let path = file(&env, "ahead.json", &v);
    let (code, err) = env.fails(&["import", &path]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("record {id}: updated_at \"9999-12-31T00:00:00Z\"")),
        "{err}"
    );
    assert!(!env.ok(&["export", "--as", "json"]).contains("runs ahead"));
}

#[test]
fn many_deletions_are_listed_and_need_allow_deletes() {
    let env = Env::new();
    env.ok(&[
        "org", "add", "--id", "t1", "--name", "支部", "--kind", "branch",
    ]);
    env.ok(&[
        "org",
        "add",
        "--id",
        "t2",
        "--name",
        "空支部",
        "--kind",
        "branch",
    ]);
    // 51 records, brought in by one import.
    let stamp = "2026-01-01T00:00:00.000Z";
    let mut ids: Vec<String> = (0..51).map(|i| format!("{:032x}", i + 1)).collect();
    let records: Vec<Value> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            json!({
                "id": id, "org": "t1", "obligations": ["theme-party-day"],
                "date": format!("2026-{:02}-{:02}", 1 + i % 10, 1 + i % 27),
                "created_at": stamp, "updated_at": stamp,
            })
        })
        .collect();
    let mut records_file = export_file(json!([]));
    records_file["records"] = json!(records);
    env.ok(&["import", &file(&env, "records.json", &records_file)]);
    ids.sort();
    let at = now();
    let stones: Vec<Value> = ids
        .iter()
        .map(|id| json!({"kind": "record", "id": id, "org": "t1", "deleted_at": at}))
        .collect();
    let path = file(&env, "many.json", &export_file(json!(stones)));
    let (_, err) = env.fails(&["import", &path]);
    assert!(
        err.contains("--allow-deletes") && err.contains(&format!("record: 51 ({}", ids[0])),
        "{err}"
    );
    let dry = env.ok(&["import", &path, "--dry-run"]);
    assert!(
        dry.contains("would delete") && dry.contains(&format!("record: 51 ({}", ids[0])),
        "{dry}"
    );
    assert_eq!(
        env.json(&["record", "list", "--org", "t1"])
            .as_array()
            .unwrap()
            .len(),
        51
    );
    let done = env.json(&["import", &path, "--allow-deletes"]);
    assert_eq!(done["deleted"], 51);
    assert!(
        env.json(&["record", "list", "--org", "t1"])
            .as_array()
            .unwrap()
            .is_empty()
    );

    // An org with nothing left that refers to it goes, but only when allowed.
    let org = file(
        &env,
        "org.json",
        &export_file(json!([{"kind": "org", "id": "t2", "org": "t2", "deleted_at": now()}])),
    );
    let (_, err) = env.fails(&["import", &org]);
    assert!(err.contains("org: 1 (t2)"), "{err}");
    assert_eq!(org_ids(&env), ["t1", "t2"]);
    env.ok(&["import", &org, "--allow-deletes"]);
    assert_eq!(org_ids(&env), ["t1"]);
}

#[test]
fn a_gzip_bomb_is_refused_within_2_s_and_200_mb() {
    let env = Env::new();
    let bomb = env.path().join("bomb.json.gz");
    {
        let out = std::fs::File::create(&bomb).unwrap();
        let mut gz = flate2::write::GzEncoder::new(out, flate2::Compression::fast());
        gz.write_all(br#"{"dangjian_export":1,"orgs":["#).unwrap();
        let spaces = vec![b' '; 1 << 20];
        for _ in 0..1100 {
            gz.write_all(&spaces).unwrap();
        }
        gz.finish().unwrap();
    }
    // Time is the CPU the importer spent (user + system), not the wall clock: other tests
    // and processes share the machine, and waiting for a core is not work the bomb caused.
    let measured = tempfile::NamedTempFile::new().unwrap();
    let out = std::process::Command::new("/usr/bin/time")
        .args(["-f", "%M %U %S", "-o"])
        .arg(measured.path())
        .arg(assert_cmd::cargo::cargo_bin("dangjian"))
        .arg("--data-dir")
        .arg(env.path())
        .args(["--lang", "en", "import"])
        .arg(&bomb)
        .output()
        .expect("/usr/bin/time runs (apt-get install time)");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("expands past 1 GiB"), "{err}");
    let figures = std::fs::read_to_string(measured.path()).unwrap();
    let figures: Vec<f64> = figures
        .trim()
        .lines()
        .last()
        .unwrap()
        .split(' ')
        .map(|f| f.parse().unwrap())
        .collect();
    let (kb, cpu_s) = (figures[0], figures[1] + figures[2]);
    assert!(cpu_s < 2.0, "{cpu_s} s of CPU");
    assert!(kb < 200.0 * 1024.0, "peak memory {kb} KB");
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_get_a_quote() {
    let env = Env::new();
    env.ok(&[
        "org", "add", "--id", "t1", "--name", "支部", "--kind", "branch",
    ]);
    env.ok(&[
        "record",
        "add",
        "--org",
        "t1",
        "--obligation",
        "theme-party-day",
        "--date",
        "2026-11-02",
        "--topic",
        "=cmd|' /C calc'!A0",
        "--note=-2+3",
    ]);
    let csv = env.ok(&["export", "--as", "csv"]);
    assert!(csv.contains(",'=cmd|' /C calc'!A0,"), "{csv}");
    assert!(csv.contains(",'-2+3,"), "{csv}");
}

fn with_umask(env: &Env, umask: &str, args: &[&str]) -> std::process::Output {
    let mut line = format!(
        "umask {umask}; exec '{}' --data-dir '{}' --lang en",
        assert_cmd::cargo::cargo_bin("dangjian").display(),
        env.path().display()
    );
    for a in args {
        line.push_str(&format!(" '{a}'"));
    }
    std::process::Command::new("sh")
        .args(["-c", &line])
        .env_remove("DANGJIAN_DATA_DIR")
        .output()
        .unwrap()
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn an_export_goes_only_where_it_may_and_whole() {
    let env = Env::new();
    env.ok(&[
        "org", "add", "--id", "t1", "--name", "支部", "--kind", "branch",
    ]);
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("all.json");
    let t = target.to_str().unwrap();

    // Inside the data folder, even over the live database: refused, the folder intact.
    let db = env.path().join("db/db");
    let (_, err) = env.fails(&[
        "export",
        "--output",
        db.to_str().unwrap(),
        "--as",
        "json",
        "--force",
    ]);
    assert!(err.contains("is inside the data folder"), "{err}");
    assert_eq!(org_ids(&env), ["t1"]);

    // A new file gets the user's umask; the data folder stays private.
    let out = with_umask(&env, "022", &["export", "--output", t]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&target), 0o644);
    assert_eq!(mode(env.path()), 0o700);

    // An existing file is kept unless --force.
    std::fs::write(&target, "mine").unwrap();
    let out = with_umask(&env, "022", &["export", "--output", t]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists already; add --force"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");
    let out = with_umask(&env, "022", &["export", "--output", t, "--force"]);
    assert!(out.status.success());
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("dangjian_export")
    );
    assert_eq!(mode(&target), 0o644);

    // A symbolic link is not replaced, even with --force.
    let link = out_dir.path().join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let (_, err) = env.fails(&["export", "--output", link.to_str().unwrap(), "--force"]);
    assert!(err.contains("is a symbolic link"), "{err}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );

    // A missing folder is named plainly.
    let missing = out_dir.path().join("nowhere/all.json");
    let (_, err) = env.fails(&["export", "--output", missing.to_str().unwrap()]);
    assert!(
        err.contains(&format!(
            "the folder {} does not exist",
            out_dir.path().join("nowhere").display()
        )),
        "{err}"
    );
    // No temporary file is left beside the target.
    let names: Vec<String> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.starts_with(".dangjian-export")),
        "{names:?}"
    );
}

#[test]
fn the_text_limits_hold_on_the_command_line_and_in_an_import() {
    let env = Env::new();
    env.ok(&[
        "org", "add", "--id", "t1", "--name", "支部", "--kind", "branch",
    ]);
    let before = env.ok(&["export"]);
    let unchanged = |env: &Env| {
        let now: Value = serde_json::from_str(&env.ok(&["export"])).unwrap();
        let was: Value = serde_json::from_str(&before).unwrap();
        assert_eq!(
            (&now["orgs"], &now["members"], &now["records"]),
            (&was["orgs"], &was["members"], &was["records"])
        );
    };
    // A 100 KB org name, a 65-character one on edit, a 10,000-character member name and a
    // 100 KB topic: each refused, naming the limit, nothing written.
    let huge = "a".repeat(100_000);
    let long_name = "王".repeat(65);
    let ten_k = "王".repeat(10_000);
    for (args, needle) in [
        (
            vec![
                "org", "add", "--id", "t2", "--name", &huge, "--kind", "branch",
            ],
            "org name",
        ),
        (vec!["org", "edit", "t1", "--name", &long_name], "org name"),
        (
            vec![
                "member", "add", "--org", "t1", "--id", "m1", "--name", &ten_k,
            ],
            "member name",
        ),
        (
            "record add --org t1 --obligation theme-party-day --date 2026-11-02 --topic"
                .split(' ')
                .chain([huge.as_str()])
                .collect(),
            "topic",
        ),
    ] {
        let (_, err) = env.fails(&args);
        assert!(err.contains(needle) && err.contains("at most"), "{err}");
        assert!(
            err.len() < 400,
            "the refusal does not repeat the text: {err}"
        );
    }
    unchanged(&env);

    // The same limits in an import: a 131 KB org name, a 201-character location.
    let stamp = "2026-01-01T00:00:00.000Z";
    let org = |name: &str| json!({"id": "t9", "name": name, "kind": "branch", "since": "2020-01-01", "updated_at": stamp});
    let record = |location: &str| {
        json!({"id": "0".repeat(31) + "1", "org": "t1", "obligations": ["theme-party-day"],
               "date": "2025-11-02", "location": location, "created_at": stamp, "updated_at": stamp})
    };
    let cases = [
        (
            vec![org(&"a".repeat(131_072))],
            vec![],
            "org t9",
            "org name",
        ),
        (
            vec![],
            vec![record(&"地".repeat(201))],
            "record 0000",
            "location",
        ),
    ];
    for (orgs, records, object, field) in cases {
        let path = file(
            &env,
            "limits.json",
            &json!({"dangjian_export": 1, "exported_at": stamp, "orgs": orgs,
                    "members": [], "records": records, "marks": [], "tombstones": []}),
        );
        let (_, err) = env.fails(&["import", &path]);
        assert!(
            err.contains(object) && err.contains(field) && err.contains("at most"),
            "{err}"
        );
        assert!(
            err.len() < 600,
            "the refusal does not repeat the text: {err}"
        );
    }
    unchanged(&env);
}
