//! One rule, three ways in: each bad input is sent through the command line (the real
//! binary), the UI's forms (`App::update`), and import (a JSON file), and each path
//! refuses it with the same message and writes nothing.

use crate::common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::Env;
use dangjian::checklist::Catalog;
use dangjian::lang::Lang;
use dangjian::model::{Member, Org};
use dangjian::period::Calendar;
use dangjian::store::Store;
use dangjian::tui::action::{Action, View};
use dangjian::tui::app::{App, Mode};
use dangjian::tui::form::Slot;
use dangjian::tui::input::Edit;
use serde_json::json;

const STAMP: &str = "2026-01-01T00:00:00.000Z";

/// What a bad input is on: which object, and the one field that is wrong.
#[derive(Clone, Copy)]
enum On {
    /// A new member of `t1`: id, name, tags, joined on.
    Member(&'static str, &'static str, &'static str, &'static str),
    /// A 主题党日 record of `t1` with one field set: (field, value).
    Record(&'static str, &'static str),
    /// A mark on `ideology-responsibility:ITEM` with one field set.
    Mark(&'static str, &'static str, &'static str),
    /// A 学习强国 积分 record of `t1` with one member's amount: (member, amount).
    Amount(&'static str, &'static str),
}

fn long(c: char, n: usize) -> &'static str {
    Box::leak(
        std::iter::repeat_n(c, n)
            .collect::<String>()
            .into_boxed_str(),
    )
}

/// The table: at least 25 bad inputs.
fn cases() -> Vec<(&'static str, On)> {
    use On::{Amount, Mark, Member, Record};
    vec![
        (
            "id escaping the folder",
            Member("../../etc/passwd", "王伟", "", ""),
        ),
        ("id with a space", Member("m 9", "王伟", "", "")),
        ("empty id", Member("", "王伟", "", "")),
        ("id of 65 characters", Member(long('m', 65), "王伟", "", "")),
        ("name with a comma", Member("m9", "王,伟", "", "")),
        ("name with U+202E", Member("m9", "王\u{202e}伟", "", "")),
        ("name with U+200B", Member("m9", "王\u{200b}伟", "", "")),
        ("name with ESC", Member("m9", "王\u{1b}[31m伟", "", "")),
        (
            "name with a soft hyphen",
            Member("m9", "王\u{ad}伟", "", ""),
        ),
        ("name of blanks", Member("m9", "   ", "", "")),
        (
            "name of 65 characters",
            Member("m9", long('王', 65), "", ""),
        ),
        (
            "tag of 33 characters",
            Member("m9", "王伟", long('t', 33), ""),
        ),
        (
            "tag with U+2028",
            Member("m9", "王伟", "青年\u{2028}教师", ""),
        ),
        (
            "joined on 2026-02-30",
            Member("m9", "王伟", "", "2026-02-30"),
        ),
        (
            "joined on 1900-01-01",
            Member("m9", "王伟", "", "1900-01-01"),
        ),
        (
            "joined on 0000-01-01",
            Member("m9", "王伟", "", "0000-01-01"),
        ),
        ("topic with ESC", Record("topic", "学习\u{1b}]0;x\u{7}")),
        ("topic with U+200D", Record("topic", "学\u{200d}习")),
        ("topic of 201 characters", Record("topic", long('学', 201))),
        (
            "note of 2,001 characters",
            Record("note", long('备', 2_001)),
        ),
        ("note with U+202E", Record("note", "备\u{202e}注")),
        ("negative hours", Record("hours", "-1")),
        ("hours past a day", Record("hours", "25")),
        ("date 2026-02-30", Record("date", "2026-02-30")),
        ("date after today", Record("date", "2027-01-05")),
        ("date 1900-01-01", Record("date", "1900-01-01")),
        ("make-up of no month", Record("for_period", "2026-13")),
        (
            "make-up of a month to come",
            Record("for_period", "2026-12"),
        ),
        (
            "make-up label with ESC",
            Record("for_period", "2026-\u{1b}05"),
        ),
        ("hand score on a bonus item", Mark("6", "score", "1")),
        ("hand score over the points", Mark("1.1", "score", "4")),
        ("negative hand score", Mark("1.1", "score", "-1")),
        (
            "落实措施 of 2,001 characters",
            Mark("1.1", "note", long('措', 2_001)),
        ),
        ("owner with ESC", Mark("1.1", "owner", "宣传\u{1b}部")),
        ("deadline 2026-02-30", Mark("1.1", "deadline", "2026-02-30")),
        ("negative amount", Amount("m1", "-5")),
        ("amount past a billion", Amount("m2", "2000000000")),
    ]
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// A teachers' branch on the model-branch guide and the ideology rubric, two members.
fn fixture(dir: &std::path::Path) -> Store {
    let store = Store::open(dir).unwrap();
    let org: Org = serde_json::from_value(json!({
        "id": "t1", "name": "教工第一党支部", "kind": "teacher-branch",
        "since": "2026-01-01", "updated_at": STAMP,
        "checklists": ["model-branch", "ideology-responsibility"],
    }))
    .unwrap();
    let members: Vec<Member> = [("m1", "罗丽"), ("m2", "王芳")]
        .iter()
        .map(|(id, name)| {
            serde_json::from_value(json!({
                "id": id, "org": "t1", "name": name, "updated_at": STAMP,
            }))
            .unwrap()
        })
        .collect();
    store.bulk_load(&[org], &members, &[]).unwrap();
    store
}

/// The message a refusal on the command line gives (`--lang en`).
fn by_cli(env: &Env, on: On, before: &str) -> String {
    let mut args: Vec<&str> = Vec::new();
    match on {
        On::Member(id, name, tag, joined) => {
            args.extend(["member", "add", "--org", "t1", "--id", id, "--name", name]);
            if !tag.is_empty() {
                args.extend(["--tag", tag]);
            }
            if !joined.is_empty() {
                args.extend(["--joined-on", joined]);
            }
        }
        On::Record(field, value) => {
            args.extend(["record", "add", "--org", "t1", "--obligation", "主题党日"]);
            if field != "date" {
                args.extend(["--date", "2026-11-20"]);
            }
            let flag = format!("--{}", field.replace('_', "-"));
            args.push(Box::leak(flag.into_boxed_str()));
            args.push(value);
        }
        On::Mark(item, field, value) => {
            let spec = format!("ideology-responsibility:{item}");
            args.extend(["mark", "set", "--org", "t1", "--item"]);
            args.push(Box::leak(spec.into_boxed_str()));
            let flag = format!("--{field}");
            args.push(Box::leak(flag.into_boxed_str()));
            args.push(value);
        }
        On::Amount(member, value) => {
            let obligation = ["--obligation", "ideology-xuexi-points"];
            args.extend(["record", "add", "--org", "t1", "--date", "2026-11-20"]);
            args.extend(obligation);
            let spec = format!("{member}={value}");
            args.extend(["--amount", Box::leak(spec.into_boxed_str())]);
        }
    }
    let (_, stderr) = env.fails(&args);
    assert_eq!(env.contents(), before, "{args:?} wrote something");
    stderr
        .trim_end()
        .strip_prefix("error: ")
        .unwrap_or_else(|| panic!("{args:?}: {stderr}"))
        .to_string()
}

/// What import refuses, naming the object: the message after the object's name.
fn by_import(env: &Env, on: On, before: &str) -> String {
    let (list, object, name) = match on {
        On::Member(id, name, tag, joined) => {
            let mut m = json!({"id": id, "org": "t1", "name": name, "updated_at": STAMP});
            if !tag.is_empty() {
                m["tags"] = json!([tag]);
            }
            if !joined.is_empty() {
                m["joined_on"] = json!(joined);
            }
            ("members", m, format!("member t1/{id}"))
        }
        On::Record(field, value) => {
            let mut r = json!({
                "id": "0193aaaa", "org": "t1", "date": "2026-11-20",
                "obligations": ["theme-party-day", "study-hours"],
                "created_at": STAMP, "updated_at": STAMP,
            });
            r[field] = match field {
                "hours" => json!(value.parse::<f64>().unwrap()),
                _ => json!(value),
            };
            ("records", r, "record 0193aaaa".to_string())
        }
        On::Mark(item, field, value) => {
            let mut m = json!({
                "org": "t1", "checklist": "ideology-responsibility", "item": item,
                "state": "todo", "updated_at": STAMP,
            });
            m[field] = match field {
                "score" => json!(value.parse::<f64>().unwrap()),
                _ => json!(value),
            };
            let name = format!("mark t1/ideology-responsibility:{item}");
            ("marks", m, name)
        }
        On::Amount(member, value) => {
            let r = json!({
                "id": "0193aaaa", "org": "t1", "date": "2026-11-20",
                "obligations": ["ideology-xuexi-points"],
                "amounts": {member: value.parse::<f64>().unwrap()},
                "created_at": STAMP, "updated_at": STAMP,
            });
            ("records", r, "record 0193aaaa".to_string())
        }
    };
    let mut file = json!({
        "dangjian_export": 1, "exported_at": "2026-11-22T08:00:00.000Z",
        "orgs": [], "members": [], "records": [], "marks": [], "tombstones": [],
    });
    file[list] = json!([object]);
    let path = env.path().join("in.json");
    std::fs::write(&path, file.to_string()).unwrap();
    let (_, stderr) = env.fails(&["import", path.to_str().unwrap()]);
    assert_eq!(env.contents(), before, "import of {object} wrote something");
    let line = stderr
        .lines()
        .find(|l| l.starts_with(&name))
        .unwrap_or_else(|| panic!("no line names {name}:\n{stderr}"));
    let rest = line[name.len()..]
        .strip_prefix(": ")
        .unwrap_or(&line[name.len()..]);
    // A date import cannot read is named with its field: `joined_on "2026-02-30" is …`.
    match rest.strip_prefix(&format!("{} ", on_field(on))) {
        Some(date)
            if ["joined_on", "date", "deadline"].contains(&on_field(on))
                && (date.starts_with('"') || date.starts_with("date \"")) =>
        {
            date.to_string()
        }
        _ => rest.to_string(),
    }
}

/// The field a date refusal of import is prefixed with.
fn on_field(on: On) -> &'static str {
    match on {
        On::Member(..) => "joined_on",
        On::Record(field, _) | On::Mark(_, field, _) => field,
        On::Amount(..) => "amounts",
    }
}

fn type_text(app: &mut App, text: &str) {
    app.update(Action::Type(Edit::Clear));
    for c in text.chars() {
        app.update(Action::Type(Edit::Char(c)));
    }
}

/// The UI's form on the same folder: the message it shows, and the form closed again.
fn by_ui(app: &mut App, on: On) -> String {
    match on {
        On::Member(id, name, tag, joined) => {
            app.update(Action::Show(View::Members));
            app.update(Action::Add);
            for (i, value) in [name, id, tag, joined].into_iter().enumerate() {
                focus_field(app, i);
                type_text(app, value);
            }
        }
        On::Record(field, value) => {
            app.update(Action::Show(View::Period));
            let rows = dangjian::tui::app::rows::period(app);
            app.views.period.cursor = rows
                .iter()
                .position(|r| app.data.catalog.obligations[r.obligation].id == "theme-party-day")
                .unwrap();
            app.update(Action::Add);
            focus_slot(app, Slot::Date);
            type_text(app, "2026-11-20");
            // A meeting with a topic, so that saving asks nothing first.
            focus_slot(app, Slot::Topic);
            type_text(app, "学习");
            let slot = match field {
                "topic" => Slot::Topic,
                "note" => Slot::Note,
                "hours" => Slot::Hours,
                "date" => Slot::Date,
                _ => Slot::ForPeriod,
            };
            focus_slot(app, slot);
            type_text(app, value);
        }
        On::Mark(item, field, value) => {
            app.update(Action::Show(View::Tree));
            let rows = dangjian::tui::app::rows::tree(app);
            app.views.tree.cursor = rows
                .iter()
                .position(|r| r.checklist == "ideology-responsibility" && r.item == item)
                .unwrap();
            app.update(Action::Edit);
            let i = ["note", "owner", "deadline", "state", "score"]
                .iter()
                .position(|f| *f == field)
                .unwrap();
            focus_field(app, i);
            type_text(app, value);
        }
        On::Amount(member, value) => {
            // The type field finds the obligation; its attendance list takes amounts.
            app.update(Action::Show(View::Period));
            app.update(Action::Add);
            type_text(app, "学习强国");
            focus_slot(app, Slot::Attendance);
            let Mode::Record(form) = &app.mode else {
                panic!("the record form is open")
            };
            assert_eq!(form.obligation.as_deref(), Some("ideology-xuexi-points"));
            let row = form.attendance.iter().position(|a| a.0 == member).unwrap();
            for _ in 0..row {
                app.update(Action::Down);
            }
            type_text(app, value);
        }
    }
    let before = app.data.db.get().unwrap().contents(None).unwrap();
    app.update(Action::Save);
    let after = app.data.db.get().unwrap().contents(None).unwrap();
    assert_eq!(
        (after.members.len(), after.records.len(), after.marks.len()),
        (
            before.members.len(),
            before.records.len(),
            before.marks.len()
        ),
        "the form wrote something"
    );
    let message = match &app.mode {
        Mode::Fields(form) => form.error.clone().map(|e| e.1),
        Mode::Record(form) => form.error.clone().map(|e| e.1),
        _ => None,
    }
    .expect("the form stays open with a message");
    app.update(Action::Back);
    app.update(Action::Answer(true));
    assert!(matches!(app.mode, Mode::Normal), "the form closes");
    // What reaches a terminal goes through the one sanitiser, as the CLI's does.
    dangjian::text::sanitize_lines(&message).into_owned()
}

fn focus_field(app: &mut App, i: usize) {
    for _ in 0..8 {
        match &app.mode {
            Mode::Fields(form) if form.focus == i => return,
            Mode::Fields(_) => app.update(Action::NextField),
            _ => panic!("a form is open"),
        }
    }
    panic!("field {i} cannot be reached");
}

fn focus_slot(app: &mut App, slot: Slot) {
    for _ in 0..12 {
        match &app.mode {
            Mode::Record(form) if form.focus == slot => return,
            Mode::Record(_) => app.update(Action::NextField),
            _ => panic!("the record form is open"),
        }
    }
    panic!("{slot:?} cannot be reached");
}

#[test]
fn every_bad_input_gets_the_same_refusal_on_every_path() {
    let cases = cases();
    assert!(cases.len() >= 25, "the table has {} rows", cases.len());
    let cli = Env::new();
    drop(fixture(cli.path()));
    let import = Env::new();
    drop(fixture(import.path()));
    let ui_dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let mut app = App::new(
        fixture(ui_dir.path()),
        Catalog::builtin(),
        Calendar::default(),
        Lang::En,
        today(),
        now,
    )
    .unwrap();
    app.update(Action::Enter);
    assert_eq!(app.data.selected_org().unwrap().id, "t1");
    let (cli_before, import_before) = (cli.contents(), import.contents());
    let mut differ = Vec::new();
    for (what, on) in cases {
        let (c, u, i) = (
            by_cli(&cli, on, &cli_before),
            by_ui(&mut app, on),
            by_import(&import, on, &import_before),
        );
        if !(c == u && u == i) {
            differ.push(format!(
                "{what}:\n  cli:    {c}\n  ui:     {u}\n  import: {i}"
            ));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

/// The UI on the fixture in `dir`, the add-record form open on t1's 主题党日.
fn theme_day_form(dir: &std::path::Path, lang: Lang) -> App {
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let mut app = App::new(
        fixture(dir),
        Catalog::builtin(),
        Calendar::default(),
        lang,
        today(),
        now,
    )
    .unwrap();
    app.update(Action::Enter);
    let rows = dangjian::tui::app::rows::period(&app);
    app.views.period.cursor = rows
        .iter()
        .position(|r| app.data.catalog.obligations[r.obligation].id == "theme-party-day")
        .unwrap();
    app.update(Action::Add);
    app
}

#[test]
fn a_make_up_with_its_implied_hours_saves_from_the_form_and_its_hours_count() {
    let env = Env::new();
    let mut app = theme_day_form(env.path(), Lang::Zh);
    let Mode::Record(form) = &app.mode else {
        panic!("the form is open")
    };
    assert!(
        form.implied
            .iter()
            .any(|(c, on)| c.id == "study-hours" && *on),
        "集中学习培训 is implied and ticked"
    );
    for (slot, value) in [
        (Slot::Topic, "补开五月主题党日"),
        (Slot::Hours, "2"),
        (Slot::ForPeriod, "2026-05"),
    ] {
        focus_slot(&mut app, slot);
        type_text(&mut app, value);
    }
    app.update(Action::Save);
    assert!(matches!(app.mode, Mode::Normal), "saved");
    drop(app);
    let status = env.json(&["status", "--org", "t1"]);
    let obligations = status["orgs"][0]["obligations"].as_array().unwrap();
    let of = |id: &str| obligations.iter().find(|o| o["id"] == id).unwrap();
    // The make-up counts for May's 主题党日, and its hours toward this year's 学时.
    let may = of("theme-party-day")["missed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["period"] == "2026-05");
    assert!(!may, "May is no longer missed");
    assert_eq!(of("study-hours")["current"]["hours"]["done"], 2.0);
}

/// 请假 on every path: someone both attending and on leave is refused with the same words
/// by the command line and by import; the form cannot say both (Space cycles 出席 → 缺席
/// → 请假), and what it saves for a member on leave is what `--excused` saves.
#[test]
fn leave_is_refused_alike_and_saved_alike_on_every_path() {
    let cli = Env::new();
    drop(fixture(cli.path()));
    let import = Env::new();
    drop(fixture(import.path()));
    let before = cli.contents();
    let (_, c) = cli.fails(&[
        "record",
        "add",
        "--org",
        "t1",
        "--obligation",
        "主题党日",
        "--date",
        "2026-11-20",
        "--attendees",
        "m1,m2",
        "--excused",
        "m2",
    ]);
    assert_eq!(cli.contents(), before, "the refusal wrote nothing");
    let file = json!({
        "dangjian_export": 1, "exported_at": "2026-11-22T08:00:00.000Z",
        "orgs": [], "members": [], "marks": [], "tombstones": [],
        "records": [{
            "id": "0193aaaa", "org": "t1", "date": "2026-11-20",
            "obligations": ["theme-party-day", "study-hours"],
            "attendees": ["m1", "m2"], "excused": ["m2"],
            "created_at": STAMP, "updated_at": STAMP,
        }],
    });
    let path = import.path().join("in.json");
    std::fs::write(&path, file.to_string()).unwrap();
    let (_, i) = import.fails(&["import", path.to_str().unwrap()]);
    let c = c.trim_end().strip_prefix("error: ").unwrap().to_string();
    assert!(c.contains("\"m2\""), "{c}");
    assert!(
        i.lines().any(|l| l == format!("record 0193aaaa: {c}")),
        "cli: {c}\nimport: {i}"
    );
    // The CLI's 请假 and the form's: the same attendees and the same leave.
    cli.ok(&[
        "record",
        "add",
        "--org",
        "t1",
        "--obligation",
        "主题党日",
        "--date",
        "2026-11-20",
        "--topic",
        "学习",
        "--excused",
        "王芳",
    ]);
    let export: serde_json::Value = serde_json::from_str(&cli.ok(&["export"])).unwrap();
    let by_cli = &export["records"][0];
    let ui_dir = tempfile::tempdir().unwrap();
    let mut app = theme_day_form(ui_dir.path(), Lang::En);
    focus_slot(&mut app, Slot::Date);
    type_text(&mut app, "2026-11-20");
    focus_slot(&mut app, Slot::Topic);
    type_text(&mut app, "学习");
    focus_slot(&mut app, Slot::Attendance);
    let Mode::Record(form) = &app.mode else {
        panic!("the record form is open")
    };
    let wang = form.attendance.iter().position(|a| a.1 == "王芳").unwrap();
    // Space twice on her row: 缺席, then 请假 (Space also moves down, so go back to her).
    for _ in 0..2 {
        let Mode::Record(form) = &app.mode else {
            panic!("the record form is open")
        };
        let at = form.attendance_cursor;
        let step = if at > wang { Action::Up } else { Action::Down };
        for _ in 0..at.abs_diff(wang) {
            app.update(step);
        }
        app.update(Action::Toggle);
    }
    app.update(Action::Save);
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);
    let saved = app.data.db.get().unwrap().records("t1").unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(json!(saved[0].excused), by_cli["excused"]);
    assert_eq!(json!(saved[0].attendees), by_cli["attendees"]);
    assert_eq!(by_cli["excused"], json!(["m2"]));
}
