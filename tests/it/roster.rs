//! 花名册 import (`member import`) from the committed fixtures: a CSV written by hand and an
//! xlsx written by rust_xlsxwriter ([`write_xlsx_fixture`] writes it again).

use crate::common::Env;
use crate::stages::member;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/roster");

fn branch(env: &Env) {
    env.ok(&[
        "org",
        "add",
        "--id",
        "t1",
        "--name",
        "学生第一党支部",
        "--kind",
        "student-branch",
    ]);
}

/// Every byte under `dir`, as lossy text.
fn folder_text(dir: &std::path::Path) -> String {
    let mut all = String::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            all.push_str(&folder_text(&p));
        } else if let Ok(bytes) = std::fs::read(&p) {
            all.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    all
}

#[test]
fn a_hand_written_csv_roster_comes_in_with_every_date_form() {
    let env = Env::new();
    branch(&env);
    let file = format!("{DIR}/roster.csv");
    let dry = env.ok(&["member", "import", "--org", "t1", &file, "--dry-run"]);
    assert!(
        dry.contains("added 5, updated 0, unchanged 0 (dry run"),
        "{dry}"
    );
    assert!(dry.contains("add 2021002 李娜"), "{dry}");
    assert!(dry.contains("身份证号, 联系电话"), "{dry}");
    assert!(dry.contains("columns not used: 籍贯"), "{dry}");
    assert_eq!(
        env.json(&["member", "list", "--org", "t1"]),
        serde_json::json!([])
    );
    let out = env.ok(&["member", "import", "--org", "t1", &file]);
    assert!(out.contains("added 5, updated 0, unchanged 0"), "{out}");
    let list = env.json(&["member", "list", "--org", "t1"]);
    let wang = member(&list, "2021001");
    assert!(wang.get("stage").is_none(), "full: {wang}");
    assert_eq!(
        wang["stage_dates"],
        serde_json::json!({"probationary": "2019-07-01", "full": "2020-07-01"})
    );
    assert_eq!(wang["joined_on"], "2021-09-01");
    assert_eq!(wang["tags"], serde_json::json!(["支部书记"]));
    let li = member(&list, "2021002");
    assert_eq!(li["stage"], "probationary");
    assert_eq!(li["stage_dates"]["probationary"], "2026-03-15");
    assert_eq!(li["joined_on"], "2021-09-01");
    let zhang = member(&list, "2021003");
    assert_eq!(zhang["stage"], "activist");
    assert_eq!(
        zhang["stage_dates"],
        serde_json::json!({"applicant": "2025-03-01", "activist": "2025-09-20"})
    );
    assert_eq!(zhang["joined_on"], "2021-09-01");
    assert_eq!(
        member(&list, "2021004")["stage_dates"]["applicant"],
        "2026-10-08"
    );
    assert_eq!(
        member(&list, "2021005")["stage_dates"]["full"],
        "2019-06-30"
    );
    // Identifiers are never stored: not in the database, not in an export.
    let stored = folder_text(env.path());
    let export = env.ok(&["export", "--as", "json"]);
    for id in ["110101199001011234", "13800000001"] {
        assert!(
            !stored.contains(id) && !export.contains(id),
            "{id} was stored"
        );
    }
    // The same file again changes nothing.
    let again = env.ok(&["member", "import", "--org", "t1", &file]);
    assert!(again.contains("added 0, updated 0, unchanged 5"), "{again}");
    assert_eq!(env.json(&["member", "list", "--org", "t1"]), list);
}

#[test]
fn a_bad_row_is_refused_with_its_row_and_column_and_nothing_is_written() {
    let env = Env::new();
    branch(&env);
    let out = env
        .cmd_zh(&["member", "import", "--org", "t1", &format!("{DIR}/bad.csv")])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("第7行 入党时间: \"2019.13.01\" 不是日期"),
        "{err}"
    );
    assert!(err.contains("未导入任何人"), "{err}");
    assert_eq!(
        env.json(&["member", "list", "--org", "t1"]),
        serde_json::json!([])
    );
    // A stage without its day names the column to fill in, not a command-line flag.
    let file = env.path().with_extension("csv");
    std::fs::write(
        &file,
        "姓名,人员类别,申请入党时间\n王伟,正式党员,\n李娜,发展对象,2024-03-01\n",
    )
    .unwrap();
    let out = env
        .cmd_zh(&["member", "import", "--org", "t1", file.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("第3行: 发展对象需要进入该阶段的日期：请填写“确定发展对象时间”列"),
        "{err}"
    );
    assert!(!err.contains("--on"), "{err}");
}

#[test]
fn an_xlsx_roster_with_date_cells_and_text_dates_comes_in_whole() {
    let env = Env::new();
    branch(&env);
    let file = format!("{DIR}/roster.xlsx");
    let out = env.ok(&["member", "import", "--org", "t1", &file]);
    assert!(out.contains("added 30, updated 0, unchanged 0"), "{out}");
    assert!(out.contains("身份证号, 联系电话, 家庭住址"), "{out}");
    let list = env.json(&["member", "list", "--org", "t1"]);
    assert_eq!(list.as_array().unwrap().len(), 30);
    // No id column: the next free ids.
    let first = member(&list, "m01");
    assert_eq!(first["name"], "王伟");
    // A date cell and each text form read the same day.
    for (id, stage, date) in [
        ("m01", "probationary", "2019-07-01"),
        ("m02", "probationary", "2019-07-01"),
        ("m03", "probationary", "2019-07-01"),
        ("m04", "probationary", "2019-07-01"),
        ("m05", "probationary", "2019-07-01"),
    ] {
        assert_eq!(member(&list, id)["stage_dates"][stage], date, "{id}");
    }
    let stages: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["stage"].as_str().unwrap_or("full"))
        .collect();
    for s in ["applicant", "activist", "candidate", "probationary", "full"] {
        assert!(stages.contains(&s), "{s}: {stages:?}");
    }
    let stored = folder_text(env.path());
    assert!(
        !stored.contains("120101199"),
        "an identity number was stored"
    );
    let again = env.ok(&["member", "import", "--org", "t1", &file]);
    assert!(
        again.contains("added 0, updated 0, unchanged 30"),
        "{again}"
    );
}

/// Writes `tests/fixtures/roster/roster.xlsx` again: `cargo test --test it write_xlsx_fixture -- --ignored`.
#[test]
#[ignore]
fn write_xlsx_fixture() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "序号",
        "姓名",
        "党员类别",
        "申请入党时间",
        "确定积极分子时间",
        "确定发展对象时间",
        "入党时间",
        "转正时间",
        "职务",
        "身份证号",
        "联系电话",
        "家庭住址",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let names = [
        "王伟", "李娜", "张强", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周洁", "吴昊", "徐丽",
        "孙涛", "马超", "朱琳", "胡斌", "郭靖", "何玲", "高翔", "林峰", "罗丽", "郑凯", "梁爽",
        "谢婷", "宋佳", "唐俊", "韩雪", "冯晨", "邓宇", "曹颖", "彭博",
    ];
    // Rows 2–6: one 入党时间 each as a date cell and in the four text forms.
    let forms = ["", "2019-07-01", "2019/7/1", "2019.07.01", "2019年7月1日"];
    for (i, name) in names.iter().enumerate() {
        let r = (i + 1) as u32;
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        sheet.write_string(r, 1, *name).unwrap();
        let (stage, cols): (&str, &[(u16, &str)]) = match i {
            0..=4 => ("正式党员", &[]),
            5..=7 => ("入党申请人", &[(3, "2026-10-09")]),
            8..=11 => ("入党积极分子", &[(3, "2024-12-01"), (4, "2025-06-20")]),
            12..=13 => (
                "发展对象",
                &[(3, "2023-11-01"), (4, "2024-05-10"), (5, "2026-09-01")],
            ),
            14..=15 => (
                "预备党员",
                &[
                    (3, "2023-03-01"),
                    (4, "2023-09-01"),
                    (5, "2024-10-01"),
                    (6, "2025-10-15"),
                ],
            ),
            _ => ("正式党员", &[(6, "2015-06-01"), (7, "2016-06-01")]),
        };
        sheet.write_string(r, 2, stage).unwrap();
        if i < 5 {
            if i == 0 {
                let d = ExcelDateTime::from_ymd(2019, 7, 1).unwrap();
                sheet.write_datetime_with_format(r, 6, &d, &date).unwrap();
            } else {
                sheet.write_string(r, 6, forms[i]).unwrap();
            }
        }
        for (c, v) in cols {
            let (y, m, d) = (
                v[0..4].parse().unwrap(),
                v[5..7].parse().unwrap(),
                v[8..10].parse().unwrap(),
            );
            let x = ExcelDateTime::from_ymd(y, m, d).unwrap();
            sheet.write_datetime_with_format(r, *c, &x, &date).unwrap();
        }
        if i == 0 {
            sheet.write_string(r, 8, "支部书记").unwrap();
        }
        sheet
            .write_string(r, 9, format!("1201011990010{:05}", i))
            .unwrap();
        sheet.write_string(r, 10, format!("139{:08}", i)).unwrap();
        sheet
            .write_string(r, 11, "天津市西青区宾水西道399号")
            .unwrap();
    }
    book.save(format!("{DIR}/roster.xlsx")).unwrap();
}
