//! Party dues (党费) from the command line: settings, payments, every refusal with
//! nothing written, and the JSON of SPEC §10.

use crate::common;

use common::Env;
use serde_json::Value;

/// A branch with four members: m01 and m02 since long ago, m03 joined on 2026-03-15,
/// m04 transferred out on 2026-06-10; two share the name 王芳.
fn branch() -> Env {
    let env = Env::new();
    env.ok(&[
        "org",
        "add",
        "--id",
        "b1",
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
        "b2",
        "--name",
        "学生第一党支部",
        "--kind",
        "student-branch",
        "--since",
        "2026-01-01",
    ]);
    env.ok(&[
        "member", "add", "--org", "b1", "--id", "m01", "--name", "王伟",
    ]);
    env.ok(&[
        "member", "add", "--org", "b1", "--id", "m02", "--name", "王芳",
    ]);
    env.ok(&[
        "member",
        "add",
        "--org",
        "b1",
        "--id",
        "m03",
        "--name",
        "张敏",
        "--joined-on",
        "2026-03-15",
    ]);
    env.ok(&[
        "member", "add", "--org", "b2", "--id", "s01", "--name", "王芳",
    ]);
    env
}

fn member<'a>(report: &'a Value, org: &str, id: &str) -> &'a Value {
    report["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == org)
        .and_then(|o| {
            o["members"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["id"] == id)
        })
        .unwrap_or_else(|| panic!("{org}/{id} not in {report:#}"))
}

#[test]
fn settings_from_the_table_and_payments_make_the_json_of_spec_10() {
    let env = branch();
    assert_eq!(
        env.ok(&[
            "dues", "set", "--member", "m01", "--base", "8000", "--from", "2026-01"
        ])
        .trim(),
        "m01 pays 120.00 a month from 2026-01 (monthly income 8000.00)"
    );
    env.ok(&[
        "dues",
        "set",
        "--member",
        "m02",
        "--org",
        "b1",
        "--monthly",
        "12.5",
        "--from",
        "2026-01",
    ]);
    env.ok(&[
        "dues",
        "set",
        "--member",
        "m03",
        "--base",
        "5000.01",
        "--rate-kind",
        "retiree",
        "--from",
        "2026-03",
    ]);
    env.ok(&[
        "dues",
        "set",
        "--member",
        "s01",
        "--base",
        "0",
        "--rate-kind",
        "student",
        "--from",
        "2026-01",
    ]);
    // m01 pays Jan–Oct, then a quarter ahead; m02 pays up to May only.
    let id = env.ok(&[
        "dues", "pay", "--member", "m01", "--from", "2026-01", "--to", "2026-10", "--date", "10-31",
    ]);
    assert_eq!(id.trim().len(), 32, "prints the payment's id: {id}");
    env.ok(&[
        "dues", "pay", "--member", "m01", "--from", "2026-11", "--to", "2027-01", "--amount", "360",
    ]);
    env.ok(&[
        "dues", "pay", "--member", "m02", "--org", "b1", "--from", "2026-01", "--to", "2026-05",
        "--amount", "62.50",
    ]);
    let report = env.json(&["dues", "--year", "2026"]);
    assert_eq!(report["year"], 2026);
    assert_eq!(report["today"], "2026-11-22");
    let m01 = member(&report, "b1", "m01");
    assert_eq!(m01["monthly"], 120.0);
    assert_eq!(m01["paid"], 1440.0, "Dec is paid ahead of time");
    assert_eq!(m01["months"]["2026-12"], "paid");
    assert_eq!(m01["owed"], 0.0);
    let m02 = member(&report, "b1", "m02");
    assert_eq!(m02["months"]["2026-05"], "paid");
    assert_eq!(m02["months"]["2026-06"], "arrears");
    assert_eq!(m02["months"]["2026-11"], "due");
    assert!(
        m02["months"].get("2026-12").is_none(),
        "a month to come unpaid is not listed"
    );
    assert_eq!(
        (m02["arrears_months"].as_u64(), m02["longest_run"].as_u64()),
        (Some(5), Some(5))
    );
    assert_eq!(m02["owed"], 75.0);
    let m03 = member(&report, "b1", "m03");
    assert_eq!(
        m03["monthly"], 50.0,
        "retiree above 5,000: 1 % of the whole base"
    );
    assert_eq!(m03["months"]["2026-02"], "none");
    assert_eq!(m03["months"]["2026-03"], "arrears");
    let s01 = member(&report, "b2", "s01");
    assert_eq!(s01["monthly"], 0.2);
    let b1 = &report["orgs"][0];
    assert_eq!(b1["collected"]["2026-01"], 132.5);
    assert_eq!(b1["collected"]["2026-12"], 120.0);
    let fields: Vec<&str> = m02
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        fields,
        [
            "arrears_months",
            "id",
            "longest_run",
            "monthly",
            "months",
            "name",
            "owed",
            "paid"
        ]
    );
    // Next year's January is covered by the quarter paid ahead.
    let next = env.json(&["dues", "--year", "2027", "--org", "b1"]);
    assert_eq!(member(&next, "b1", "m01")["months"]["2027-01"], "paid");
    assert_eq!(next["orgs"][0]["collected"]["2027-01"], 120.0);
    // The table says the same, in Chinese by default.
    let out = env.cmd_zh(&["dues", "--org", "b1"]).output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("教工第一党支部（b1）"), "{table}");
    assert!(table.contains("合计"), "{table}");
}

#[test]
fn every_refusal_names_the_value_and_writes_nothing() {
    let env = branch();
    env.ok(&[
        "dues",
        "set",
        "--member",
        "m01",
        "--monthly",
        "50",
        "--from",
        "2026-01",
    ]);
    env.ok(&[
        "dues",
        "set",
        "--member",
        "m03",
        "--monthly",
        "20",
        "--from",
        "2026-01",
    ]);
    env.ok(&[
        "dues",
        "set",
        "--member",
        "m02",
        "--monthly",
        "0",
        "--from",
        "2026-01",
    ]);
    env.ok(&[
        "dues",
        "pay",
        "--member",
        "m01",
        "--from",
        "2026-01",
        "--to",
        "2026-03",
        "--date",
        "2026-03-31",
    ]);
    let before = env.contents();
    let cases: &[(&[&str], &[&str])] = &[
        // A wrong amount names both figures.
        (
            &[
                "dues", "pay", "--member", "m01", "--from", "2026-10", "--to", "2026-12",
                "--amount", "100",
            ],
            &["100.00", "150.00", "2026-10 to 2026-12"],
        ),
        // A month already paid.
        (
            &[
                "dues", "pay", "--member", "m01", "--from", "2026-03", "--to", "2026-04",
            ],
            &["2026-03 is already paid", "2026-03-31"],
        ),
        (
            &["dues", "pay", "--member", "m01", "--from", "2026-13"],
            &["\"2026-13\" is not a month", "YYYY-MM"],
        ),
        (
            &["dues", "pay", "--member", "m01", "--from", "2026/10"],
            &["\"2026/10\"", "YYYY-MM"],
        ),
        (
            &[
                "dues", "pay", "--member", "m01", "--from", "2026-10", "--to", "2026-09",
            ],
            &["2026-09 is before", "2026-10"],
        ),
        (
            &[
                "dues", "pay", "--member", "m01", "--from", "2025-01", "--to", "2027-01",
            ],
            &["at most 24"],
        ),
        (
            &["dues", "pay", "--member", "m01", "--from", "2027-12"],
            &["2027-12 is too far ahead", "2027-11"],
        ),
        (
            &[
                "dues",
                "pay",
                "--member",
                "m01",
                "--from",
                "2026-10",
                "--date",
                "2026-11-23",
            ],
            &["2026-11-23 is after today"],
        ),
        (
            &[
                "dues",
                "pay",
                "--member",
                "m01",
                "--from",
                "2026-10",
                "--date",
                "2026-02-30",
            ],
            &["2026-02-30"],
        ),
        (
            &[
                "dues", "pay", "--member", "m01", "--from", "2026-10", "--amount", "-50",
            ],
            &["\"-50\" is not an amount"],
        ),
        (
            &[
                "dues", "pay", "--member", "m01", "--from", "2026-10", "--amount", "50.001",
            ],
            &["\"50.001\""],
        ),
        // Not a party member of the org that month: before joining.
        (
            &[
                "dues", "pay", "--member", "m03", "--from", "2026-02", "--to", "2026-03",
            ],
            &["m03 is not a party member", "2026-02"],
        ),
        // Exempt, or no amount set.
        (
            &["dues", "pay", "--member", "m02", "--from", "2026-10"],
            &["m02 is exempt", "2026-10"],
        ),
        (
            &["dues", "pay", "--member", "s01", "--from", "2026-10"],
            &["s01 has no monthly amount for 2026-10", "dues set"],
        ),
        (
            &["dues", "pay", "--member", "m01", "--from", "2025-12"],
            &["m01 has no monthly amount for 2025-12"],
        ),
        // Who: nobody, two people, an org that does not exist.
        (
            &["dues", "pay", "--member", "赵六", "--from", "2026-10"],
            &["no member \"赵六\""],
        ),
        (
            &["dues", "pay", "--member", "王芳", "--from", "2026-10"],
            &["2 members have the id or name \"王芳\"", "b1/m02", "b2/s01"],
        ),
        (
            &[
                "dues", "pay", "--member", "m01", "--org", "b9", "--from", "2026-10",
            ],
            &["unknown org \"b9\""],
        ),
        // Settings.
        (
            &["dues", "set", "--member", "m01", "--monthly", "12.345"],
            &["\"12.345\" is not an amount", "12.50"],
        ),
        (
            &["dues", "set", "--member", "m01", "--base", "abc"],
            &["monthly income --base \"abc\""],
        ),
        (
            &[
                "dues",
                "set",
                "--member",
                "m01",
                "--monthly",
                "1",
                "--from",
                "2026-00",
            ],
            &["\"2026-00\" is not a month"],
        ),
        (
            &[
                "dues",
                "set",
                "--member",
                "m01",
                "--monthly",
                "1",
                "--base",
                "3000",
            ],
            &["--monthly", "--base"],
        ),
        (&["dues", "set", "--member", "m01"], &["--monthly"]),
        (
            &[
                "dues",
                "set",
                "--member",
                "m01",
                "--monthly",
                "1",
                "--rate-kind",
                "student",
            ],
            &["--base"],
        ),
        (
            &[
                "dues",
                "set",
                "--member",
                "m01",
                "--base",
                "1",
                "--rate-kind",
                "soldier",
            ],
            &["soldier", "retiree", "student"],
        ),
        (
            &["dues", "set", "--member", "nobody", "--monthly", "1"],
            &["no member \"nobody\""],
        ),
    ];
    for (args, words) in cases {
        let (code, stderr) = env.fails(args);
        assert_ne!(code, 0);
        for w in *words {
            assert!(stderr.contains(w), "{args:?}: {w:?} not in {stderr}");
        }
    }
    assert_eq!(env.contents(), before, "a refusal wrote something");
}

#[test]
fn a_member_who_transferred_out_owes_nothing_after_the_move() {
    let env = branch();
    env.ok(&[
        "dues",
        "set",
        "--member",
        "m01",
        "--monthly",
        "30",
        "--from",
        "2026-01",
    ]);
    // Transferred to the student branch on 10 June (组织关系转接).
    env.ok(&[
        "member",
        "move",
        "m01",
        "--org",
        "b1",
        "--to",
        "b2",
        "--on",
        "2026-06-10",
    ]);
    let report = env.json(&["dues", "--org", "b1"]);
    let m01 = member(&report, "b1", "m01");
    assert_eq!(m01["months"]["2026-06"], "arrears");
    assert_eq!(m01["months"]["2026-07"], "none");
    assert_eq!(m01["owed"], 180.0);
    let before = env.contents();
    let (_, e) = env.fails(&[
        "dues", "pay", "--member", "m01", "--org", "b1", "--from", "2026-06", "--to", "2026-07",
    ]);
    assert!(
        e.contains("m01 is not a party member") && e.contains("2026-07"),
        "{e}"
    );
    let (_, e) = env.fails(&[
        "dues",
        "set",
        "--member",
        "m01",
        "--org",
        "b1",
        "--monthly",
        "10",
        "--from",
        "2026-08",
    ]);
    assert!(
        e.contains("m01 is not a party member") && e.contains("2026-08"),
        "{e}"
    );
    assert_eq!(env.contents(), before);
    env.ok(&[
        "dues", "pay", "--member", "m01", "--org", "b1", "--from", "2026-01", "--to", "2026-06",
    ]);
    let report = env.json(&["dues"]);
    assert_eq!(member(&report, "b1", "m01")["owed"], 0.0);
    // In the branch they moved to, nothing is owed until an amount is set there.
    assert_eq!(member(&report, "b2", "m01")["monthly"], Value::Null);
    assert_eq!(member(&report, "b2", "m01")["owed"], 0.0);
    env.ok(&[
        "dues",
        "set",
        "--member",
        "m01",
        "--monthly",
        "20",
        "--from",
        "2026-06",
    ]);
    let report = env.json(&["dues"]);
    assert_eq!(
        member(&report, "b2", "m01")["owed"],
        120.0,
        "June to November, there"
    );
}

#[test]
fn a_probationary_member_owes_from_the_month_of_admission() {
    let env = branch();
    env.ok(&[
        "member",
        "add",
        "--org",
        "b1",
        "--id",
        "p01",
        "--name",
        "刘洋",
        "--stage",
        "probationary",
        "--on",
        "2026-05-20",
    ]);
    env.ok(&[
        "member",
        "add",
        "--org",
        "b1",
        "--id",
        "a01",
        "--name",
        "陈静",
        "--stage",
        "activist",
        "--on",
        "2026-03-01",
    ]);
    env.ok(&[
        "dues",
        "set",
        "--member",
        "p01",
        "--monthly",
        "10",
        "--from",
        "2026-01",
    ]);
    env.ok(&[
        "dues",
        "set",
        "--member",
        "a01",
        "--monthly",
        "10",
        "--from",
        "2026-01",
    ]);
    let report = env.json(&["dues", "--org", "b1"]);
    let p01 = member(&report, "b1", "p01");
    assert_eq!(p01["months"]["2026-04"], "none");
    assert_eq!(p01["months"]["2026-05"], "arrears");
    assert_eq!(p01["owed"], 70.0, "May to November");
    let listed = report["orgs"][0]["members"].as_array().unwrap();
    assert!(
        listed.iter().all(|m| m["id"] != "a01"),
        "an activist is not a party member, and is not listed"
    );
    let (_, e) = env.fails(&[
        "dues", "pay", "--member", "p01", "--from", "2026-04", "--to", "2026-05",
    ]);
    assert!(
        e.contains("p01 is not a party member") && e.contains("2026-04"),
        "{e}"
    );
    env.ok(&[
        "dues", "pay", "--member", "p01", "--from", "2026-05", "--to", "2026-11",
    ]);
    let report = env.json(&["dues", "--org", "b1"]);
    assert_eq!(member(&report, "b1", "p01")["owed"], 0.0);
}

#[test]
fn export_and_import_carry_settings_and_payments_under_the_merge_rules() {
    let a = branch();
    a.ok(&[
        "dues",
        "set",
        "--member",
        "m01",
        "--monthly",
        "30",
        "--from",
        "2026-01",
    ]);
    a.ok(&[
        "dues", "pay", "--member", "m01", "--from", "2026-01", "--to", "2026-06",
    ]);
    let export = a.ok(&["export"]);
    let file: Value = serde_json::from_str(&export).unwrap();
    assert_eq!(
        file["dues_settings"][0]["monthly"], "30.00",
        "amounts travel as exact text"
    );
    assert_eq!(file["dues_payments"][0]["amount"], "180.00");
    let b = Env::new();
    let path = b
        .path()
        .parent()
        .unwrap()
        .join(format!("dues-{}.json", std::process::id()));
    std::fs::write(&path, &export).unwrap();
    let report = b.json(&["import", path.to_str().unwrap()]);
    assert_eq!(
        report["added"],
        2 + 4 + 1 + 1,
        "orgs, members, a setting, a payment"
    );
    assert_eq!(
        b.json(&["import", path.to_str().unwrap()])["unchanged"],
        8,
        "twice changes nothing"
    );
    assert_eq!(b.json(&["dues"]), a.json(&["dues"]));
    // A bad amount or month in a file is refused, naming the object, and nothing is written.
    for (field, value, words) in [("monthly", "-3", "monthly"), ("from", "2026-13", "2026-13")] {
        let mut bad = file.clone();
        bad["dues_settings"][0][field] = value.into();
        std::fs::write(&path, bad.to_string()).unwrap();
        let (_, e) = Env::new().fails(&["import", path.to_str().unwrap()]);
        assert!(
            e.contains("dues setting b1/m01:") && e.contains(words),
            "{e}"
        );
    }
    let mut bad = file.clone();
    bad["dues_payments"][0]["member"] = "ghost".into();
    std::fs::write(&path, bad.to_string()).unwrap();
    let (_, e) = Env::new().fails(&["import", path.to_str().unwrap()]);
    assert!(e.contains("\"ghost\" is not a member of org b1"), "{e}");
    std::fs::remove_file(&path).unwrap();
}

/// Payments merged into a folder that already holds some of the same member's: each
/// member keeps the payments it had and gains the file's, and a payment the file's copy
/// deleted is deleted here too; the folder then exports what the file holds.
#[test]
fn an_import_adds_to_the_payments_a_folder_holds_and_carries_a_deleted_one() {
    let a = branch();
    for (m, monthly) in [("m01", "30"), ("m02", "20")] {
        a.ok(&[
            "dues",
            "set",
            "--member",
            m,
            "--monthly",
            monthly,
            "--from",
            "2026-01",
        ]);
    }
    for (from, to) in [("2026-01", "2026-03"), ("2026-04", "2026-06")] {
        a.ok(&["dues", "pay", "--member", "m01", "--from", from, "--to", to]);
    }
    let path = a
        .path()
        .parent()
        .unwrap()
        .join(format!("dues-merge-{}.json", std::process::id()));
    std::fs::write(&path, a.ok(&["export"])).unwrap();
    let b = Env::new();
    b.ok(&["import", path.to_str().unwrap()]);
    a.ok(&[
        "dues", "pay", "--member", "m01", "--from", "2026-07", "--to", "2026-09",
    ]);
    a.ok(&[
        "dues", "pay", "--member", "m02", "--from", "2026-01", "--to", "2026-06",
    ]);
    let mut file: Value = serde_json::from_str(&a.ok(&["export"])).unwrap();
    // The first payment, deleted in the file's copy after b took it.
    let payments = file["dues_payments"].as_array_mut().unwrap();
    let at = payments
        .iter()
        .position(|p| p["member"] == "m01" && p["from"] == "2026-01")
        .unwrap();
    let first = payments.remove(at);
    file["tombstones"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "kind": "dues-payment",
            "id": first["id"],
            "org": "b1",
            // Not earlier than the payment's last change: it deletes.
            "deleted_at": first["updated_at"],
        }));
    std::fs::write(&path, file.to_string()).unwrap();
    let report = b.json(&["import", path.to_str().unwrap()]);
    assert_eq!(
        (&report["added"], &report["deleted"]),
        (&2.into(), &1.into()),
        "{report}"
    );
    let exported: Value = serde_json::from_str(&b.ok(&["export"])).unwrap();
    assert_eq!(exported["dues_payments"], file["dues_payments"]);
    let dues = b.json(&["dues", "--org", "b1"]);
    let paid = |m: &str| member(&dues, "b1", m)["paid"].clone();
    // m01: April to September (the payment b held, and the file's); m02: the file's.
    assert_eq!((paid("m01"), paid("m02")), (180.0.into(), 120.0.into()));
    std::fs::remove_file(&path).unwrap();
}

/// The xlsx 党费 sheet, read back by calamine: each member's paid and owed and each
/// month's collection are the `dues --format json` figures, and arrears are marked.
#[test]
fn the_xlsx_dues_sheet_adds_up_to_the_json() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let env = Env::new();
    env.ok(&["demo", "--no-ui", "--orgs", "6"]);
    let report = env.json(&["dues"]);
    let path = env.path().with_extension("dues.xlsx");
    env.ok(&["export", "--output", path.to_str().unwrap()]);
    let mut book: Xlsx<_> = open_workbook(&path).expect("calamine opens the workbook");
    let sheet = book.worksheet_range("Dues").expect("a dues sheet");
    std::fs::remove_file(&path).unwrap();
    let cell = |row: &[Data], i: usize| match &row[i] {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    };
    let number = |row: &[Data], i: usize| match &row[i] {
        Data::Float(x) => *x,
        Data::Int(x) => *x as f64,
        other => panic!("column {i} holds {other:?}, not a number"),
    };
    let mut rows = sheet.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|d| d.to_string()).collect();
    assert_eq!(header[..4], ["org", "member id", "name", "monthly"]);
    assert_eq!(header[4], "Jan");
    assert_eq!(header[16..], ["paid", "owed", "remark"]);
    let (mut members, mut totals, mut arrears) = (0, 0, 0);
    for row in rows {
        let org = report["orgs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == cell(row, 0))
            .unwrap_or_else(|| panic!("org {} not in the JSON", cell(row, 0)));
        if cell(row, 2) == "collected" {
            totals += 1;
            let mut year = 0.0;
            for (i, (month, x)) in org["collected"].as_object().unwrap().iter().enumerate() {
                assert_eq!(number(row, 4 + i), x.as_f64().unwrap(), "{month}");
                year += x.as_f64().unwrap();
            }
            assert!((number(row, 16) - year).abs() < 1e-6);
            continue;
        }
        members += 1;
        let m = member(&report, org["id"].as_str().unwrap(), &cell(row, 1));
        assert_eq!(number(row, 16), m["paid"].as_f64().unwrap(), "{m}");
        assert_eq!(number(row, 17), m["owed"].as_f64().unwrap(), "{m}");
        for (i, (month, status)) in m["months"].as_object().unwrap().iter().enumerate() {
            let shown = cell(row, 4 + i);
            if status == "arrears" {
                arrears += 1;
                assert!(shown.starts_with("✗ arrears"), "{month}: {shown}");
            }
            if status == "paid" {
                assert!(number(row, 4 + i) > 0.0, "{month}");
            }
        }
        if m["longest_run"].as_u64().unwrap() >= 6 {
            assert_eq!(cell(row, 18), "6 months in a row unpaid");
        }
    }
    let listed: usize = report["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["members"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        (members, totals),
        (listed, report["orgs"].as_array().unwrap().len())
    );
    assert!(arrears > 0, "the demo leaves some members behind");
}

/// `status` prints each branch's dues line, `overdue` the members in arrears; the JSON of
/// `status` keeps the shape of SPEC §5 (no dues in it).
#[test]
fn status_carries_the_dues_line_and_overdue_the_members_in_arrears() {
    let env = branch();
    env.ok(&[
        "dues",
        "set",
        "--member",
        "m01",
        "--monthly",
        "30",
        "--from",
        "2026-01",
    ]);
    env.ok(&[
        "dues",
        "set",
        "--member",
        "m02",
        "--org",
        "b1",
        "--monthly",
        "10",
        "--from",
        "2026-01",
    ]);
    env.ok(&[
        "dues", "pay", "--member", "m01", "--from", "2026-01", "--to", "2026-11",
    ]);
    env.ok(&[
        "dues", "pay", "--member", "m02", "--org", "b1", "--from", "2026-01", "--to", "2026-04",
    ]);
    let out = env.cmd_zh(&["status", "--org", "b1"]).output().unwrap();
    let status = String::from_utf8(out.stdout).unwrap();
    assert!(status.contains("党费 2026年11月 · 1 人未交"), "{status}");
    let out = env.cmd_zh(&["overdue"]).output().unwrap();
    let overdue = String::from_utf8(out.stdout).unwrap();
    let line = overdue
        .lines()
        .find(|l| l.contains("党费 · 王芳"))
        .unwrap_or_else(|| panic!("{overdue}"));
    assert!(
        line.contains("欠交") && line.contains("2026-05–2026-11"),
        "{line}"
    );
    assert!(
        line.contains("7 个月 · 70.00 元") && line.contains("连续6个月未交纳"),
        "{line}"
    );
    assert!(!overdue.contains("党费 · 王伟"), "{overdue}");
    let json = env.json(&["status", "--org", "b1"]);
    let keys: Vec<&str> = json["orgs"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert!(!keys.iter().any(|k| k.contains("dues")), "{keys:?}");
    // Paid up: the line says so, and overdue has no dues row left.
    env.ok(&[
        "dues", "pay", "--member", "m02", "--org", "b1", "--from", "2026-05", "--to", "2026-11",
    ]);
    let out = env.cmd_zh(&["status", "--org", "b1"]).output().unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("党费 2026年11月 · 已交齐")
    );
    let out = env.cmd_zh(&["overdue"]).output().unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains("党费 ·"));
}
