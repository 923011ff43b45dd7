//! The Excel export read back by a real reader (calamine): sheets and headers, one row per
//! checklist item per org, statuses that match `status --format json`, and text that
//! never becomes a formula.

use crate::common;

use std::collections::BTreeMap;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::Env;
use dangjian::checklist::{Catalog, Item};
use dangjian::model::{AppliesTo, Org};
use serde_json::Value;

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn status_word(zh: &str) -> &'static str {
    match zh {
        "逾期" => "overdue",
        "即将到期" => "due-soon",
        "待完成" => "pending",
        "补完成" => "done-late",
        "已完成" => "done",
        "不适用" => "not-applicable",
        other => panic!("unknown status word {other:?}"),
    }
}

/// Leaf items of a checklist that concern an org of this kind, counted independently of
/// the exporter.
fn leaves(items: &[Item], scope: Option<&Vec<AppliesTo>>, org: &Org) -> usize {
    items
        .iter()
        .map(|i| {
            let scope = i.applies_to.as_ref().or(scope);
            if !scope.is_none_or(|a| a.is_empty() || a.iter().any(|k| k.matches(org.kind))) {
                0
            } else if i.items.is_empty() {
                1
            } else {
                leaves(&i.items, scope, org)
            }
        })
        .sum()
}

#[test]
fn the_workbook_reads_back_with_its_sheets_rows_statuses_and_text_as_text() {
    let env = Env::new();
    env.ok(&[
        "demo",
        "--orgs",
        "4",
        "--no-ui",
        "--data-dir",
        env.path().to_str().unwrap(),
    ]);
    let topic = r#"=HYPERLINK("http://example.com","点我")"#;
    env.ok(&[
        "record",
        "add",
        "--org",
        "cs-t1",
        "--obligation",
        "theme-party-day",
        "--date",
        "2026-11-20",
        "--topic",
        topic,
    ]);
    env.ok(&[
        "mark",
        "set",
        "--org",
        "cs-t1",
        "--item",
        "model-branch:1.1.1",
        "--note",
        "+落实",
        "--owner",
        "@组织委员",
        "--state",
        "doing",
    ]);
    let path = env.path().with_extension("xlsx");
    let printed = env
        .cmd_zh(&["export", "--output", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(printed.status.success());
    assert!(
        String::from_utf8_lossy(&printed.stdout).contains(".xlsx"),
        "says where it wrote"
    );
    let mut book: Xlsx<_> = open_workbook(&path).expect("calamine opens the workbook");
    assert_eq!(
        book.sheet_names(),
        ["任务分解", "义务", "记录", "学时", "党费", "发展"]
    );

    // 任务分解: the guide's columns, one row per item that concerns each org.
    let tasks = book.worksheet_range("任务分解").unwrap();
    let header: Vec<String> = tasks.rows().next().unwrap().iter().map(text).collect();
    for col in [
        "一级指标",
        "二级指标",
        "指标内容",
        "观测重点",
        "责任部门",
        "落实措施",
        "完成时限",
        "状态",
        "分值",
        "得分",
    ] {
        assert!(header.iter().any(|h| h == col), "{col} in {header:?}");
    }
    assert_eq!(header[0], "组织");
    let export: Value = serde_json::from_str(&env.ok(&["export"])).unwrap();
    let orgs: Vec<Org> = serde_json::from_value(export["orgs"].clone()).unwrap();
    let catalog = Catalog::builtin();
    let mut expected = 0;
    for org in &orgs {
        for c in &catalog.checklists {
            if catalog.is_in_force(org, &c.id)
                && c.applies_to
                    .as_ref()
                    .is_none_or(|a| a.iter().any(|k| k.matches(org.kind)))
            {
                expected += leaves(&c.items, c.applies_to.as_ref(), org);
            }
        }
    }
    assert!(expected > 50);
    assert_eq!(
        tasks.rows().count() - 1,
        expected,
        "one row per item per org"
    );
    let marked = tasks
        .rows()
        .find(|r| text(&r[2]) == "1.1.1" && text(&r[0]) == "计算机科学与技术学院教工第一党支部")
        .expect("the marked item's row");
    assert_eq!(text(&marked[8]), "+落实");
    assert_eq!(text(&marked[7]), "@组织委员");

    // 义务: every period's status as `status --format json` has it.
    let status = env.json(&["status"]);
    let mut from_json = BTreeMap::new();
    for o in status["orgs"].as_array().unwrap() {
        for ob in o["obligations"].as_array().unwrap() {
            let periods = std::iter::once(&ob["current"]).chain(ob["missed"].as_array().unwrap());
            for p in periods {
                from_json.insert(
                    (
                        o["id"].as_str().unwrap().to_string(),
                        ob["id"].as_str().unwrap().to_string(),
                        p["period"].as_str().unwrap().to_string(),
                    ),
                    p["status"].as_str().unwrap().to_string(),
                );
            }
        }
    }
    let obligations = book.worksheet_range("义务").unwrap();
    let header: Vec<String> = obligations
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(text)
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name} in {header:?}"))
    };
    let (org, ob, period, st) = (col("组织编号"), col("义务编号"), col("周期"), col("状态"));
    let from_sheet: BTreeMap<_, _> = obligations
        .rows()
        .skip(1)
        .map(|r| {
            (
                (text(&r[org]), text(&r[ob]), text(&r[period])),
                status_word(&text(&r[st])).to_string(),
            )
        })
        .collect();
    assert_eq!(from_sheet, from_json);
    assert!(from_sheet.values().any(|s| s == "overdue"));

    // 记录: the topic is the text the secretary typed, not a formula.
    let records = book.worksheet_range("记录").unwrap();
    let row = records
        .rows()
        .position(|r| r.iter().any(|c| text(c) == topic))
        .expect("the topic as text");
    let formulas = book.worksheet_formula("记录").unwrap();
    assert!(
        formulas.rows().flatten().all(|f| f.is_empty()),
        "no formula anywhere"
    );
    assert!(row > 0);
    assert_eq!(
        records.rows().count() - 1,
        export["records"].as_array().unwrap().len()
    );

    // 学时: members' hours this year.
    let hours = book.worksheet_range("学时").unwrap();
    assert!(hours.rows().count() > 5);
    assert!(
        hours
            .rows()
            .skip(1)
            .all(|r| matches!(r[5], Data::Float(_) | Data::Int(_)))
    );
}
