//! A small hand-built folder for the UI tests: a physics department with one teachers'
//! branch (four members, a year of meetings with gaps) and a chemistry students' branch
//! with nothing recorded. Today is 2026-11-22.

use chrono::{NaiveDate, TimeZone, Utc};
use dangjian::checklist::Catalog;
use dangjian::lang::Lang;
use dangjian::model::{Member, Org, Record};
use dangjian::period::Calendar;
use dangjian::store::Store;
use dangjian::tui::action::Action;
use dangjian::tui::app::App;
use serde_json::json;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

const STAMP: &str = "2026-01-01T00:00:00.000Z";

/// The physics orgs follow the ideology rubric beside the guides, as the demo's first
/// college does.
fn org(id: &str, name: &str, kind: &str, parent: Option<&str>) -> Org {
    let checklists: &[&str] = if id.starts_with("phy") {
        &[
            "model-branch",
            "benchmark-department",
            "ideology-responsibility",
        ]
    } else {
        &[]
    };
    serde_json::from_value(json!({
        "id": id, "name": name, "kind": kind, "parent": parent,
        "since": "2026-01-01", "checklists": checklists, "updated_at": STAMP,
    }))
    .unwrap()
}

fn member(id: &str, name: &str) -> Member {
    serde_json::from_value(json!({
        "id": id, "org": "phy-t1", "name": name, "tags": [],
        "joined_on": "2020-01-01", "updated_at": STAMP,
    }))
    .unwrap()
}

/// A record of `phy-t1`; `absent` are the members who did not come.
fn record(
    id: &str,
    date: &str,
    obligations: &[&str],
    topic: &str,
    hours: Option<f64>,
    absent: &[&str],
) -> Record {
    let all = ["m01", "m02", "m03", "m04"];
    let attendees: Option<Vec<&str>> = (!absent.is_empty()).then(|| {
        all.iter()
            .copied()
            .filter(|m| !absent.contains(m))
            .collect()
    });
    serde_json::from_value(json!({
        "id": id, "org": "phy-t1", "obligations": obligations, "date": date,
        "topic": topic, "hours": hours, "attendees": attendees,
        "created_at": STAMP, "updated_at": STAMP,
    }))
    .unwrap()
}

/// The folder's contents.
pub fn store(dir: &std::path::Path) -> Store {
    let store = Store::open(dir).unwrap();
    let orgs = [
        org("phy", "物理学院党委", "department", None),
        org(
            "phy-t1",
            "物理学院教工第一党支部",
            "teacher-branch",
            Some("phy"),
        ),
        org("chem-s1", "化学学院学生第一党支部", "student-branch", None),
    ];
    let members = [
        member("m01", "罗丽"),
        member("m02", "王伟"),
        member("m03", "张敏"),
        member("m04", "李强"),
    ];
    let tpd = ["theme-party-day", "study-hours"];
    let records = [
        record("r01", "2026-01-15", &tpd, "学习新年贺词", Some(2.0), &[]),
        record(
            "r02",
            "2026-02-12",
            &tpd,
            "寒假安全教育",
            Some(2.0),
            &["m01"],
        ),
        record(
            "r03",
            "2026-03-10",
            &tpd,
            "学习两会精神",
            Some(2.0),
            &["m01"],
        ),
        record("r04", "2026-04-12", &tpd, "清明祭扫", Some(2.0), &[]),
        record("r05", "2026-06-15", &tpd, "七一党课", Some(3.0), &[]),
        record(
            "r06",
            "2026-07-08",
            &tpd,
            "暑期调研部署",
            Some(2.0),
            &["m04"],
        ),
        record("r07", "2026-08-20", &tpd, "学习总书记讲话", Some(2.0), &[]),
        record("r08", "2026-09-20", &tpd, "开学第一课", Some(2.0), &["m04"]),
        record("r09", "2026-10-18", &tpd, "重温入党誓词", Some(2.0), &[]),
        record(
            "r10",
            "2026-11-08",
            &["branch-committee-meeting"],
            "支委会：年度总结安排",
            None,
            &[],
        ),
    ];
    store.bulk_load(&orgs, &members, &records).unwrap();
    store
}

/// The UI on the fixture, on 总览.
pub fn app(lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let app = App::new(
        store,
        Catalog::builtin(),
        Calendar::default(),
        lang,
        today(),
        now,
    )
    .unwrap();
    (dir, app)
}

/// Highlights `id` in 总览.
pub fn highlight(app: &mut App, id: &str) {
    app.update(Action::Show(dangjian::tui::action::View::Overview));
    let i = app
        .views
        .overview
        .rows
        .iter()
        .position(|r| app.data.orgs[r.org].id == id)
        .unwrap();
    app.views.overview.cursor = i;
}

/// The UI with the teachers' branch open on 本期.
pub fn branch(lang: Lang) -> (tempfile::TempDir, App) {
    let (dir, mut app) = app(lang);
    highlight(&mut app, "phy-t1");
    app.update(Action::Enter);
    assert_eq!(app.selected_org().unwrap().id, "phy-t1");
    (dir, app)
}
