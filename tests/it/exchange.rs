//! `export` and `import` through the real binary: the JSON round trip, merging two
//! secretaries' files in either order, refusals that write nothing, and the CSV, Excel
//! and calendar files read back by real readers.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Env, TODAY};
use serde_json::Value;

/// A small database: two branches, members, records, a mark.
fn small(env: &Env) {
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
    env.ok(&[
        "org",
        "add",
        "--id",
        "s1",
        "--name",
        "学生第一党支部",
        "--kind",
        "student-branch",
        "--since",
        "2026-01-01",
    ]);
    for (org, id, name) in [
        ("t1", "m1", "王芳"),
        ("t1", "m2", "李强"),
        ("s1", "m1", "张伟"),
    ] {
        env.ok(&["member", "add", "--org", org, "--id", id, "--name", name]);
    }
    for (org, date) in [
        ("t1", "2026-10-12"),
        ("t1", "2026-11-03"),
        ("s1", "2026-11-05"),
    ] {
        env.ok(&[
            "record",
            "add",
            "--org",
            org,
            "--obligation",
            "theme-party-day",
            "--date",
            date,
            "--hours",
            "2",
            "--topic",
            "学习",
        ]);
    }
}

/// The export without its `exported_at` line.
fn export(env: &Env) -> String {
    let text = env.ok(&["export"]);
    assert!(text.contains("\"exported_at\""), "{text}");
    text.lines()
        .filter(|l| !l.starts_with("\"exported_at\""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn write(env: &Env, name: &str, text: &str) -> String {
    let p = env.path().with_extension(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn report(env: &Env, file: &str) -> Value {
    env.json(&["import", file])
}

fn counts(r: &Value) -> [u64; 5] {
    ["added", "updated", "deleted", "unchanged", "conflicts"].map(|k| r[k].as_u64().unwrap())
}

#[test]
fn export_import_into_an_empty_folder_restores_everything_and_twice_changes_nothing() {
    let a = Env::new();
    a.ok(&[
        "demo",
        "--orgs",
        "4",
        "--no-ui",
        "--data-dir",
        a.path().to_str().unwrap(),
    ]);
    a.ok(&[
        "mark",
        "set",
        "--org",
        "cs-t1",
        "--item",
        "model-branch:1.1.1",
        "--state",
        "doing",
        "--note",
        "=1+1",
    ]);
    let file = write(&a, "a.json", &a.ok(&["export"]));
    let b = Env::new();
    let first = report(&b, &file);
    assert_eq!(first["updated"], 0);
    assert_eq!(first["deleted"], 0);
    assert!(first["added"].as_u64().unwrap() > 100, "{first}");
    assert_eq!(
        export(&a),
        export(&b),
        "export → import → export changes nothing"
    );
    let second = report(&b, &file);
    assert_eq!(counts(&second)[..3], [0, 0, 0], "{second}");
    assert_eq!(second["unchanged"], first["added"]);
    // Statuses are the same too.
    assert_eq!(
        a.ok(&["status", "--format", "json"]),
        b.ok(&["status", "--format", "json"])
    );
}

#[test]
fn two_secretaries_imported_in_either_order_give_the_same_database() {
    let base = Env::new();
    small(&base);
    let base_file = write(&base, "base.json", &base.ok(&["export"]));
    let record_ids: Vec<String> = serde_json::from_str::<Value>(
        &std::fs::read_to_string(&base_file).unwrap(),
    )
    .unwrap()["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let (a, b) = (Env::new(), Env::new());
    report(&a, &base_file);
    report(&b, &base_file);
    // Secretary A renames t1, deletes a record, adds one and a member.
    a.ok(&["org", "edit", "t1", "--name", "教工第一党支部（A）"]);
    a.ok(&["record", "delete", &record_ids[0]]);
    a.ok(&[
        "record",
        "add",
        "--org",
        "t1",
        "--obligation",
        "theme-party-day",
        "--date",
        "2026-11-20",
        "--topic",
        "A 的会",
    ]);
    a.ok(&[
        "member", "add", "--org", "t1", "--id", "m3", "--name", "赵敏",
    ]);
    // Secretary B, later: renames t1 too (B's is later and wins), marks an item, adds a record.
    b.ok(&["org", "edit", "t1", "--name", "教工第一党支部（B）"]);
    b.ok(&[
        "mark",
        "set",
        "--org",
        "s1",
        "--item",
        "model-branch:1.1.1",
        "--state",
        "done",
    ]);
    b.ok(&[
        "record",
        "add",
        "--org",
        "s1",
        "--obligation",
        "theme-party-day",
        "--date",
        "2026-11-21",
        "--topic",
        "B 的会",
    ]);
    let fa = write(&a, "a.json", &a.ok(&["export"]));
    let fb = write(&b, "b.json", &b.ok(&["export"]));

    let (one, two) = (Env::new(), Env::new());
    report(&one, &base_file);
    report(&two, &base_file);
    report(&one, &fa);
    let r = report(&one, &fb);
    assert_eq!(r["updated"], 1, "B's later rename of t1 wins: {r}");
    report(&two, &fb);
    let r = report(&two, &fa);
    assert_eq!(r["deleted"], 1, "A's deletion travels: {r}");
    assert_eq!(export(&one), export(&two));

    let merged: Value = serde_json::from_str(&one.ok(&["export"])).unwrap();
    let t1 = merged["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "t1")
        .unwrap();
    assert_eq!(t1["name"], "教工第一党支部（B）");
    let ids: BTreeSet<&str> = merged["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        !ids.contains(record_ids[0].as_str()),
        "the deleted record stays deleted"
    );
    assert_eq!(ids.len(), 3 - 1 + 2);
    assert_eq!(merged["members"].as_array().unwrap().len(), 4);
    assert_eq!(merged["marks"].as_array().unwrap().len(), 1);
    let stones = merged["tombstones"].as_array().unwrap();
    assert_eq!(stones.len(), 1);
    assert_eq!(stones[0]["kind"], "record");
    assert_eq!(stones[0]["id"], record_ids[0].as_str());
    // Importing A's file again into the merge changes nothing.
    assert_eq!(counts(&report(&one, &fa))[..3], [0, 0, 0]);
}

#[test]
fn a_file_with_one_bad_record_is_refused_naming_it_and_nothing_changes() {
    let env = Env::new();
    small(&env);
    let mut file: Value = serde_json::from_str(&env.ok(&["export"])).unwrap();
    // Another copy's data: a new org with a record, and one bad record among good ones.
    let before = export(&env);
    let records = file["records"].as_array_mut().unwrap();
    let bad_id = records[1]["id"].as_str().unwrap().to_string();
    records[1]["date"] = Value::from("2026-02-30");
    records[1]["updated_at"] = Value::from("2030-01-01T00:00:00.000Z");
    records[0]["updated_at"] = Value::from("2030-01-01T00:00:00.000Z");
    records[0]["topic"] = Value::from("changed");
    let path = write(&env, "bad.json", &file.to_string());
    let (code, err) = env.fails(&["import", &path]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!(
            "record {bad_id}: date \"2026-02-30\" is not a date"
        )),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(export(&env), before, "the database is unchanged");

    // An unknown obligation, an unknown attendee, an unknown field: each named.
    let mut file: Value = serde_json::from_str(&env.ok(&["export"])).unwrap();
    let r = &mut file["records"][0];
    let id = r["id"].as_str().unwrap().to_string();
    r["obligations"] = serde_json::json!(["no-such-thing"]);
    r["attendees"] = serde_json::json!(["ghost"]);
    let path = write(&env, "bad2.json", &file.to_string());
    let (_, err) = env.fails(&["import", &path]);
    assert!(
        err.contains(&format!(
            "record {id}: unknown obligation \"no-such-thing\""
        )),
        "{err}"
    );
    assert!(err.contains("attendees: member \"ghost\""), "{err}");
    assert_eq!(export(&env), before);
    file["members"][0]["colour"] = Value::from("red");
    let path = write(&env, "bad2.json", &file.to_string());
    let (_, err) = env.fails(&["import", &path]);
    assert!(
        err.contains("member s1/m1: unknown field \"colour\"; expected one of: id, org, name"),
        "{err}"
    );
    assert_eq!(export(&env), before);
    // In Chinese by default.
    let out = env.cmd_zh(&["import", &path]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("未导入，数据库未改动"));
}

#[test]
fn a_file_from_a_newer_dangjian_or_not_an_export_is_refused() {
    let env = Env::new();
    small(&env);
    let before = export(&env);
    let newer = write(
        &env,
        "newer.json",
        r#"{"dangjian_export": 2, "exported_at": "x", "orgs": []}"#,
    );
    let (_, err) = env.fails(&["import", &newer]);
    assert!(
        err.contains("newer dangjian (export format 2, this build reads 1)"),
        "{err}"
    );
    let other = write(&env, "other.json", r#"{"hello": 1}"#);
    let (_, err) = env.fails(&["import", &other]);
    assert!(err.contains("not a dangjian export"), "{err}");
    let (_, err) = env.fails(&["import", "/nonexistent/file.json"]);
    assert!(err.contains("cannot read /nonexistent/file.json"), "{err}");
    assert_eq!(export(&env), before);
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let a = Env::new();
    small(&a);
    let file = write(&a, "a.json", &a.ok(&["export"]));
    let b = Env::new();
    let dry = b.json(&["import", &file, "--dry-run"]);
    assert_eq!(dry["added"], 8);
    assert_eq!(b.ok(&["org", "list", "--format", "json"]).trim(), "[]");
    let table = b.ok(&["import", &file]);
    assert!(table.contains("added") && table.contains("8"), "{table}");
}

#[test]
fn the_format_comes_from_as_then_the_extension_and_xlsx_needs_a_file() {
    let env = Env::new();
    small(&env);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("out.csv");
    env.ok(&["export", "--output", csv.to_str().unwrap()]);
    assert!(
        std::fs::read(&csv)
            .unwrap()
            .starts_with("\u{feff}".as_bytes())
    );
    let forced = dir.path().join("out.txt");
    env.ok(&[
        "export",
        "--output",
        forced.to_str().unwrap(),
        "--as",
        "ics",
    ]);
    assert!(
        std::fs::read_to_string(&forced)
            .unwrap()
            .starts_with("BEGIN:VCALENDAR\r\n")
    );
    let (_, err) = env.fails(&["export", "--as", "xlsx"]);
    assert!(err.contains("add --output NAME.xlsx"), "{err}");
    let (_, err) = env.fails(&[
        "export",
        "--output",
        dir.path().join("x.doc").to_str().unwrap(),
    ]);
    assert!(
        err.contains("\"") && err.contains("x.doc") && err.contains("--as json|csv|xlsx|ics"),
        "{err}"
    );
    let (_, err) = env.fails(&["export", "--org", "nope"]);
    assert!(err.contains("unknown org \"nope\""), "{err}");
    // One org: only its objects.
    let one: Value = serde_json::from_str(&env.ok(&["export", "--org", "s1"])).unwrap();
    assert_eq!(one["orgs"].as_array().unwrap().len(), 1);
    assert!(
        one["records"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["org"] == "s1")
    );
    assert_eq!(one["members"].as_array().unwrap().len(), 1);
}

#[test]
fn csv_has_a_bom_and_one_row_per_record_with_headers_in_the_language() {
    let env = Env::new();
    small(&env);
    let bytes = env.ok(&["export", "--as", "csv"]).into_bytes();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM first");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(r.headers().unwrap().get(0), Some("org"));
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert!(
        rows.iter().any(|row| row.get(0) == Some("教工第一党支部")
            && row.get(2).unwrap().starts_with("主题党日"))
    );
    let zh = env
        .cmd_zh(&["export", "--as", "csv"])
        .output()
        .unwrap()
        .stdout;
    let mut r = csv::Reader::from_reader(&zh[3..]);
    assert_eq!(r.headers().unwrap().get(0), Some("组织"));
    assert_eq!(r.headers().unwrap().get(7), Some("缺席人员"));
}

/// The lines of an iCalendar file, unfolded, checked the way a strict reader would:
/// CRLF line ends, at most 75 octets a line, BEGIN/END balanced, required properties.
fn parse_ics(text: &str) -> Vec<BTreeMap<String, String>> {
    assert!(text.ends_with("\r\n"));
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(raw.len() <= 75, "line longer than 75 octets: {raw:?}");
        assert!(
            !raw.contains('\n') && !raw.contains('\r'),
            "bare line break in {raw:?}"
        );
        match raw.strip_prefix(' ') {
            Some(rest) => lines
                .last_mut()
                .expect("a continuation follows a line")
                .push_str(rest),
            None => lines.push(raw.to_string()),
        }
    }
    let mut stack: Vec<String> = Vec::new();
    let mut events = Vec::new();
    let mut event = BTreeMap::new();
    for line in &lines {
        let (name, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("no colon in {line:?}"));
        match name {
            "BEGIN" => stack.push(value.to_string()),
            "END" => {
                assert_eq!(
                    stack.pop().as_deref(),
                    Some(value),
                    "END:{value} without its BEGIN"
                );
                if value == "VEVENT" {
                    events.push(std::mem::take(&mut event));
                }
            }
            _ => {
                let path = stack.join("/");
                event.insert(format!("{path}/{name}"), value.to_string());
            }
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    assert_eq!(lines[0], "BEGIN:VCALENDAR");
    assert!(lines.contains(&"VERSION:2.0".to_string()));
    for e in &events {
        for required in ["UID", "DTSTAMP", "DTSTART;VALUE=DATE", "SUMMARY"] {
            assert!(
                e.contains_key(&format!("VCALENDAR/VEVENT/{required}")),
                "{required} missing in {e:?}"
            );
        }
    }
    events
}

#[test]
fn ics_parses_with_unique_uids_stable_across_exports_and_alarms() {
    let env = Env::new();
    env.ok(&[
        "demo",
        "--orgs",
        "3",
        "--no-ui",
        "--data-dir",
        env.path().to_str().unwrap(),
    ]);
    let first = env.ok(&["export", "--as", "ics"]);
    let events = parse_ics(&first);
    assert!(events.len() > 20, "{}", events.len());
    let uids: Vec<&String> = events.iter().map(|e| &e["VCALENDAR/VEVENT/UID"]).collect();
    let unique: BTreeSet<_> = uids.iter().collect();
    assert_eq!(unique.len(), uids.len(), "UIDs are unique");
    assert!(
        uids.iter()
            .all(|u| u.ends_with("@dangjian") && u.split('/').count() == 3)
    );
    let again = parse_ics(&env.ok(&["export", "--as", "ics"]));
    let uids2: Vec<&String> = again.iter().map(|e| &e["VCALENDAR/VEVENT/UID"]).collect();
    assert_eq!(uids, uids2, "the same UIDs in a second export");
    // Summary `义务 · 组织 · 周期`, alarm warn_days before (主题党日: monthly, 7 days).
    let zh = env
        .cmd_zh(&["export", "--as", "ics"])
        .output()
        .unwrap()
        .stdout;
    let zh = parse_ics(&String::from_utf8(zh).unwrap());
    let theme = zh
        .iter()
        .find(|e| e["VCALENDAR/VEVENT/UID"].contains("/theme-party-day/2026-12@"))
        .expect("next month's 主题党日");
    assert!(
        theme["VCALENDAR/VEVENT/SUMMARY"].starts_with("主题党日 · "),
        "{theme:?}"
    );
    assert!(
        theme["VCALENDAR/VEVENT/SUMMARY"].ends_with(" · 2026-12"),
        "{theme:?}"
    );
    assert_eq!(theme["VCALENDAR/VEVENT/VALARM/TRIGGER"], "-P7D");
    assert_eq!(theme["VCALENDAR/VEVENT/DTSTART;VALUE=DATE"], "20261231");
    // Nothing before today unless overdue.
    let status: Value = env.json(&["status"]);
    let overdue: usize = status["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["summary"]["overdue"].as_u64().unwrap() as usize)
        .sum();
    let past = zh
        .iter()
        .filter(|e| e["VCALENDAR/VEVENT/DTSTART;VALUE=DATE"].as_str() < "20261122")
        .count();
    assert!(past <= overdue, "{past} past events, {overdue} overdue");
    let _ = TODAY;
}

#[test]
fn an_object_twice_in_a_file_is_refused_and_a_field_written_twice_counts_once() {
    let env = Env::new();
    small(&env);
    let before = export(&env);
    let mut file: Value = serde_json::from_str(&env.ok(&["export"])).unwrap();
    let records = file["records"].as_array_mut().unwrap();
    let again = records[0].clone();
    let id = again["id"].as_str().unwrap().to_string();
    records.push(again);
    let path = write(&env, "twice.json", &file.to_string());
    let (code, err) = env.fails(&["import", &path]);
    assert_eq!(code, 1);
    let twice = format!("record {id}: appears twice in the file");
    assert_eq!(err.matches(&twice).count(), 1, "{err}");
    assert_eq!(export(&env), before, "the database is unchanged");
    // A field written twice: the last one counts, as JSON readers take it.
    let text = env.ok(&["export"]);
    let topic = "\"topic\":\"学习\"";
    assert!(text.contains(topic), "{text}");
    let text = text.replacen(topic, "\"topic\":\"first\",\"topic\":\"again\"", 1);
    let path = write(&env, "field.json", &text);
    let fresh = Env::new();
    fresh.ok(&["import", &path]);
    let restored = export(&fresh);
    assert!(restored.contains("\"topic\":\"again\""), "{restored}");
    assert!(!restored.contains("\"topic\":\"first\""), "{restored}");
}
