//! `App::update` driven directly, with the store checked afterwards.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::model::Org;
use crate::model::{MarkState, Member};
use crate::store::Store;
use crate::tui::action::View;
use crate::tui::input::Edit;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// An app on the 6-org demo in a fresh folder; the folder lives as long as the app.
fn demo_app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let demo = crate::demo::generate(6, 1, 1, today());
    store
        .bulk_load(&demo.orgs, &demo.members, &demo.records)
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let app = App::new(
        store,
        Catalog::builtin(),
        Calendar::default(),
        Lang::Zh,
        today(),
        now,
    )
    .unwrap();
    (dir, app)
}

fn open_org(app: &mut App, id: &str) {
    let i = app
        .views
        .overview
        .rows
        .iter()
        .position(|r| app.data.orgs[r.org].id == id)
        .unwrap();
    app.views.overview.cursor = i;
    app.update(Action::Enter);
    assert_eq!(app.selected_org().unwrap().id, id);
    assert_eq!(app.view, View::Period);
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Type(Edit::Char(c)));
    }
}

#[test]
fn opens_on_the_overview_worst_first() {
    let (_dir, app) = demo_app();
    assert_eq!(app.view, View::Overview);
    assert_eq!(app.data.orgs.len(), 6);
    // The department leads its branches.
    assert_eq!(
        app.data.orgs[app.views.overview.rows[0].org].kind,
        crate::model::OrgKind::Department
    );
    let branches: Vec<usize> = app.views.overview.rows[1..]
        .iter()
        .map(|r| r.overdue)
        .collect();
    assert!(branches.windows(2).all(|w| w[0] >= w[1]), "{branches:?}");
}

/// Presses `keys` through the app's key map, as the terminal would; returns how many.
fn press(app: &mut App, keys: &[KeyEvent]) -> usize {
    for key in keys {
        if let Some(action) = crate::tui::keys::action_for(app, *key) {
            app.update(action);
        }
    }
    keys.len()
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn chars(text: &str) -> Vec<KeyEvent> {
    text.chars().map(|c| key(KeyCode::Char(c))).collect()
}

/// From 本期, whatever row is highlighted: today's 主题党日 with a topic, 2 学时 and two
/// absentees in 10 keys besides the topic.
#[test]
fn quick_entry_takes_ten_keys_from_any_row() {
    let (_dir, mut app) = demo_app();
    open_org(&mut app, "cs-t1");
    let rows = rows::period(&app).len();
    assert!(rows > 5);
    for row in 0..rows {
        app.views.period.cursor = row;
        let before = app.data.db.get().unwrap().records("cs-t1").unwrap().len();
        let topic = format!("学习四中全会精神 第{row}次");
        let mut keys = 0;
        keys += press(&mut app, &chars("a"));
        keys += press(&mut app, &chars("zt"));
        keys += press(&mut app, &[key(KeyCode::Tab)]);
        press(&mut app, &chars(&topic));
        keys += press(&mut app, &[key(KeyCode::Tab)]);
        keys += press(&mut app, &chars("2"));
        keys += press(&mut app, &[key(KeyCode::Tab)]);
        keys += press(&mut app, &chars("  "));
        keys += press(
            &mut app,
            &[KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)],
        );
        assert_eq!(keys, 10);
        assert!(
            matches!(app.mode, Mode::Normal),
            "row {row}: saved and closed"
        );
        // Read back from the database, not from the app's memory.
        let stored = app.data.db.get().unwrap().records("cs-t1").unwrap();
        assert_eq!(stored.len(), before + 1);
        let r = stored
            .iter()
            .find(|r| r.topic.as_deref() == Some(topic.as_str()))
            .unwrap();
        assert_eq!(r.obligations, ["theme-party-day", "study-hours"]);
        assert_eq!(r.date, today());
        assert_eq!(r.hours, Some(2.0));
        let members = app.data.db.get().unwrap().members("cs-t1").unwrap();
        let absent: Vec<&str> = members
            .iter()
            .filter(|m| m.expected_on(r.date) && !r.attendees.as_ref().unwrap().contains(&m.id))
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(absent, ["m01", "m02"], "row {row}");
        app.view = View::Period;
    }
}

#[test]
fn the_type_field_finds_by_pinyin_initials_and_by_chinese() {
    let (_dir, mut app) = demo_app();
    open_org(&mut app, "cs-t1");
    for query in ["ztdr", "主题"] {
        app.update(Action::Add);
        type_text(&mut app, query);
        let Mode::Record(form) = &app.mode else {
            panic!("the form is open")
        };
        let titles: Vec<&str> = form.matches().iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles.first(), Some(&"主题党日"), "{query}: {titles:?}");
        assert!(
            titles.iter().all(|t| t.contains("主题")),
            "{query}: {titles:?}"
        );
        app.update(Action::Back);
        app.update(Action::Answer(true));
    }
}

#[test]
fn a_refused_field_keeps_everything_typed() {
    let (_dir, mut app) = demo_app();
    open_org(&mut app, "cs-t1");
    app.update(Action::Add);
    app.update(Action::NextField);
    type_text(&mut app, "专题学习");
    app.update(Action::NextField);
    type_text(&mut app, "30");
    app.update(Action::Save);
    let Mode::Record(form) = &app.mode else {
        panic!("the form stays open")
    };
    assert_eq!(form.focus, crate::tui::form::Slot::Hours);
    assert!(
        form.error.as_ref().unwrap().1.contains("\"30\""),
        "{:?}",
        form.error
    );
    assert_eq!(form.topic.value(), "专题学习");
    assert_eq!(form.hours.value(), "30");
    // Fix it and save.
    app.update(Action::Type(Edit::Backspace));
    app.update(Action::Save);
    assert!(matches!(app.mode, Mode::Normal));
}

#[test]
fn escape_asks_before_discarding() {
    let (_dir, mut app) = demo_app();
    open_org(&mut app, "cs-t1");
    let before = app.data.db.get().unwrap().records("cs-t1").unwrap().len();
    app.update(Action::Add);
    app.update(Action::NextField);
    type_text(&mut app, "x");
    app.update(Action::Back);
    assert!(app.asks_yes_no());
    app.update(Action::Answer(false));
    let Mode::Record(form) = &app.mode else {
        panic!("still editing")
    };
    assert_eq!(form.topic.value(), "x");
    app.update(Action::Back);
    app.update(Action::Answer(true));
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(
        app.data.db.get().unwrap().records("cs-t1").unwrap().len(),
        before
    );
}

#[test]
fn edit_delete_and_undo_a_record() {
    let (_dir, mut app) = demo_app();
    open_org(&mut app, "cs-t1");
    app.update(Action::Show(View::Records));
    let newest = app.data.records[0].clone();
    app.update(Action::Edit);
    for _ in 0..40 {
        app.update(Action::Type(Edit::Backspace));
    }
    type_text(&mut app, "改过的主题");
    app.update(Action::Save);
    let edited = app
        .data
        .db
        .get()
        .unwrap()
        .record(&newest.id)
        .unwrap()
        .unwrap();
    assert_eq!(edited.topic.as_deref(), Some("改过的主题"));
    assert_eq!(edited.created_at, newest.created_at);
    assert_eq!(edited.obligations, newest.obligations);

    app.update(Action::Delete);
    app.update(Action::Answer(true));
    assert!(
        app.data
            .db
            .get()
            .unwrap()
            .record(&newest.id)
            .unwrap()
            .is_none()
    );
    app.update(Action::Undo);
    assert_eq!(
        app.data
            .db
            .get()
            .unwrap()
            .record(&newest.id)
            .unwrap()
            .unwrap()
            .topic
            .as_deref(),
        Some("改过的主题")
    );
}

#[test]
fn moving_the_period_judges_an_earlier_month() {
    let (_dir, mut app) = demo_app();
    open_org(&mut app, "cs-t1");
    app.update(Action::PrevPeriod);
    assert_eq!(
        app.data.as_of(),
        NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()
    );
    let status = app.data.org_status().unwrap();
    let monthly = status
        .obligations
        .iter()
        .find(|o| app.data.catalog.obligations[o.obligation].id == "theme-party-day")
        .unwrap();
    assert_eq!(monthly.current.period.label, "2026-10");
    app.update(Action::NextPeriod);
    assert_eq!(app.data.as_of(), today());
    assert!(app.data.shifted.is_none());
}

#[test]
fn moving_around_reads_nothing() {
    let (_dir, mut app) = demo_app();
    open_org(&mut app, "cs-t1");
    let reads = app.data.reads;
    for action in [
        Action::Down,
        Action::Down,
        Action::Up,
        Action::Show(View::Tree),
        Action::Down,
        Action::Show(View::Records),
        Action::Bottom,
        Action::Show(View::Members),
        Action::Show(View::Overview),
        Action::Sort,
        Action::Help,
        Action::Back,
    ] {
        app.update(action);
    }
    assert_eq!(app.data.reads, reads);
}

#[test]
fn a_qualitative_item_is_marked_and_stored() {
    let (_dir, mut app) = demo_app();
    open_org(&mut app, "cs-t1");
    app.update(Action::Show(View::Tree));
    let rows = rows::tree(&app);
    let i = rows.iter().position(|r| r.qualitative).unwrap();
    app.views.tree.cursor = i;
    app.update(Action::Toggle);
    app.update(Action::Toggle);
    let marks = app.data.db.get().unwrap().marks("cs-t1").unwrap();
    assert_eq!(marks.len(), 1);
    assert_eq!(
        (marks[0].item.as_str(), marks[0].state),
        (rows[i].item.as_str(), MarkState::Done)
    );
}

#[test]
fn members_are_added_and_a_bad_date_is_explained() {
    let (_dir, mut app) = demo_app();
    open_org(&mut app, "cs-t1");
    app.update(Action::Show(View::Members));
    app.update(Action::Add);
    type_text(&mut app, "新党员");
    app.update(Action::NextField);
    type_text(&mut app, "m99");
    app.update(Action::NextField);
    type_text(&mut app, "青年教师");
    app.update(Action::NextField);
    type_text(&mut app, "2026-02-30");
    app.update(Action::Save);
    let Mode::Fields(form) = &app.mode else {
        panic!("form stays open")
    };
    assert_eq!(form.focus, 3);
    assert_eq!(form.value(0), "新党员");
    for _ in 0..2 {
        app.update(Action::Type(Edit::Backspace));
    }
    type_text(&mut app, "15");
    app.update(Action::Save);
    let m = app
        .data
        .db
        .get()
        .unwrap()
        .members("cs-t1")
        .unwrap()
        .into_iter()
        .find(|m| m.id == "m99")
        .unwrap();
    assert_eq!(
        (m.name.as_str(), m.tags.as_slice(), m.joined_on),
        (
            "新党员",
            &["青年教师".to_string()][..],
            NaiveDate::from_ymd_opt(2026, 2, 15)
        )
    );
}

#[test]
fn escape_goes_back_to_the_org_it_came_from() {
    let (_dir, mut app) = demo_app();
    open_org(&mut app, "cs-t2");
    for view in [View::Records, View::Members, View::Tree] {
        app.update(Action::Show(view));
        app.update(Action::Back);
        assert_eq!(app.view, View::Period, "{view:?}");
        assert_eq!(app.selected_org().unwrap().id, "cs-t2");
    }
    app.update(Action::Back);
    assert_eq!(app.view, View::Overview);
    // The overview highlights the branch, so Enter opens it again, not its department.
    let row = &app.views.overview.rows[app.views.overview.cursor];
    assert_eq!(app.data.orgs[row.org].id, "cs-t2");
    app.update(Action::Enter);
    assert_eq!(app.selected_org().unwrap().id, "cs-t2");
}

#[test]
fn the_records_filter_finds_who_came_and_who_did_not() {
    let (_dir, mut app) = demo_app();
    open_org(&mut app, "cs-t1");
    app.update(Action::Show(View::Records));
    let with_absentee = app
        .data
        .records
        .iter()
        .find(|r| !r.absentees(&app.data.members).is_empty())
        .unwrap()
        .clone();
    let absent = with_absentee.absentees(&app.data.members)[0].name.clone();
    app.update(Action::Filter);
    type_text(&mut app, &absent);
    app.update(Action::Enter);
    let found = rows::filtered_records(&app);
    assert!(found.iter().any(|r| r.id == with_absentee.id), "{absent}");
    // The record's topic does not hold the name: it is found by who stayed away.
    assert!(!with_absentee.topic.unwrap_or_default().contains(&absent));
    // Someone who came to it finds it too.
    let came = with_absentee.attendees.as_ref().unwrap()[0].clone();
    let name = app
        .data
        .members
        .iter()
        .find(|m| m.id == came)
        .unwrap()
        .name
        .clone();
    app.update(Action::Filter);
    app.update(Action::Back);
    app.update(Action::Filter);
    type_text(&mut app, &name);
    assert!(
        rows::filtered_records(&app)
            .iter()
            .any(|r| r.id == with_absentee.id)
    );
}

#[test]
fn the_overview_sorts_names_naturally() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let stamp = "2026-11-22T09:00:00.000Z".to_string();
    let names = [
        "第十党支部",
        "第二党支部",
        "第一党支部",
        "安全党支部",
        "第三党支部",
    ];
    for (i, name) in names.iter().enumerate() {
        store
            .put_org(&Org {
                id: format!("b{i}"),
                name: name.to_string(),
                kind: crate::model::OrgKind::TeacherBranch,
                parent: None,
                elected_on: None,
                since: today(),
                due_days: Default::default(),
                term_years: Default::default(),
                every: Default::default(),
                exempt: Default::default(),
                checklists: Vec::new(),
                updated_at: stamp.clone(),
            })
            .unwrap();
    }
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let mut app = App::new(
        store,
        Catalog::builtin(),
        Calendar::default(),
        Lang::Zh,
        today(),
        now,
    )
    .unwrap();
    while app.views.overview.sort != Sort::Name {
        app.update(Action::Sort);
    }
    let sorted: Vec<&str> = app
        .views
        .overview
        .rows
        .iter()
        .map(|r| app.data.orgs[r.org].name.as_str())
        .collect();
    assert_eq!(
        sorted,
        [
            "安全党支部",
            "第一党支部",
            "第二党支部",
            "第三党支部",
            "第十党支部"
        ]
    );
}

#[test]
fn the_done_ratio_agrees_with_the_overdue_count() {
    let (_dir, app) = demo_app();
    for r in &app.views.overview.rows {
        let ratio = r.done_ratio.unwrap_or(1.0);
        assert!((0.0..=1.0).contains(&ratio));
        if r.overdue > 0 {
            assert!(
                ratio < 1.0,
                "{}: {} overdue but 完成率 {ratio}",
                app.data.orgs[r.org].id,
                r.overdue,
            );
        }
    }
}

#[test]
fn a_form_whose_org_was_deleted_elsewhere_closes_without_saving() {
    let (_dir, mut app) = demo_app();
    open_org(&mut app, "cs-t1");
    app.update(Action::Add);
    app.update(Action::NextField);
    type_text(&mut app, "不该保存");
    // Another process deletes the org; the app takes in the change before the next key.
    app.data.orgs.retain(|o| o.id != "cs-t1");
    app.data.org = Some(0);
    app.update(Action::Save);
    assert!(matches!(app.mode, Mode::Normal));
    let (message, error) = app.message.clone().unwrap();
    assert!(
        error && message.contains("cs-t1") && message.contains("已被删除"),
        "{message}"
    );
    for org in app.data.db.get().unwrap().orgs().unwrap() {
        let records = app.data.db.get().unwrap().records(&org.id).unwrap();
        assert!(
            records
                .iter()
                .all(|r| r.topic.as_deref() != Some("不该保存"))
        );
    }
}

/// 发展: overdue people first; `a` records the person's step, `>` moves them on at the
/// day typed, refused (and the form kept) before a year as activist.
#[test]
fn the_development_view_records_a_step_and_advances_a_person() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let demo = crate::demo::generate(6, 1, 1, today());
    let mut members = demo.members.clone();
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let branch = demo
        .orgs
        .iter()
        .find(|o| o.kind.is_branch())
        .unwrap()
        .id
        .clone();
    let path = |id: &str,
                name: &str,
                stage: crate::model::Stage,
                dates: &[(crate::model::Stage, &str)]| Member {
        id: id.into(),
        org: branch.clone(),
        name: name.into(),
        stage,
        stage_dates: dates.iter().map(|(s, x)| (*s, d(x))).collect(),
        ..Member::default()
    };
    use crate::model::Stage::{Activist, Applicant};
    // Only these two on the branch's path, not the demo's own.
    members.retain(|m| m.org != branch || m.stage == crate::model::Stage::Full);
    members.push(path("p1", "甲申", Applicant, &[(Applicant, "2026-11-10")]));
    members.push(path("p2", "乙酉", Activist, &[(Activist, "2026-03-01")]));
    store
        .bulk_load(&demo.orgs, &members, &demo.records)
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let mut app = App::new(
        store,
        Catalog::builtin(),
        Calendar::default(),
        Lang::Zh,
        today(),
        now,
    )
    .unwrap();
    open_org(&mut app, &branch);
    app.update(Action::Show(View::Development));
    let list = development::people(&app);
    // The activist's Q2 思想汇报 is overdue; the applicant's talk is not yet due.
    assert_eq!(
        list.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        ["p2", "p1"]
    );
    app.views.development.cursor = 1;
    app.update(Action::Add);
    let talk = app
        .data
        .records
        .iter()
        .find(|r| r.obligations == ["applicant-talk"])
        .unwrap();
    assert_eq!(talk.attendees.as_deref(), Some(&["p1".to_string()][..]));
    assert_eq!(talk.date, today());
    app.views.development.cursor = 0;
    app.update(Action::Advance);
    assert!(matches!(app.mode, Mode::Fields(_)));
    app.update(Action::Type(Edit::Clear));
    type_text(&mut app, "2026-11-20");
    app.update(Action::Save);
    // Less than a year as activist: refused with the earliest day, the form kept.
    let Mode::Fields(form) = &app.mode else {
        panic!("the form closed")
    };
    assert!(
        form.error.as_ref().unwrap().1.contains("2027-03-01"),
        "{:?}",
        form.error
    );
    app.update(Action::Back);
    let p2 = app.data.members.iter().find(|m| m.id == "p2").unwrap();
    assert_eq!(p2.stage, Activist);
}

#[test]
fn an_organizer_sees_the_pipeline_of_every_branch_below_and_acts_on_each_in_its_branch() {
    use crate::model::OrgKind::{Department, TeacherBranch};
    use crate::model::Stage::{Activist, Applicant, Candidate, Full};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let org = |id: &str, name: &str, kind, parent: Option<&str>| Org {
        id: id.into(),
        name: name.into(),
        kind,
        parent: parent.map(Into::into),
        elected_on: None,
        since: d("2025-01-01"),
        due_days: Default::default(),
        term_years: Default::default(),
        every: Default::default(),
        exempt: Default::default(),
        checklists: Vec::new(),
        updated_at: "2026-01-01T00:00:00.000Z".into(),
    };
    let orgs = [
        org("d1", "物理学院党委", Department, None),
        org("t1", "物理学院教工第一党支部", TeacherBranch, Some("d1")),
        org("t2", "物理学院教工第二党支部", TeacherBranch, Some("d1")),
    ];
    // The same ids in both branches, as a roster numbers each branch from m01.
    let person = |org: &str, id: &str, name: &str, stage, since: &str| Member {
        id: id.into(),
        org: org.into(),
        name: name.into(),
        joined_on: Some(d("2020-01-01")),
        stage,
        stage_dates: [(stage, d(since))].into_iter().collect(),
        ..Member::default()
    };
    let members = [
        person("t1", "m1", "甲申", Full, "2010-07-01"),
        person("t1", "m2", "乙酉", Activist, "2026-03-01"),
        person("t2", "m1", "丙戌", Activist, "2025-03-01"),
        person("t2", "m2", "丁亥", Applicant, "2026-11-10"),
    ];
    store.bulk_load(&orgs, &members, &[]).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let mut app = App::new(
        store,
        Catalog::builtin(),
        Calendar::default(),
        Lang::Zh,
        today(),
        now,
    )
    .unwrap();
    open_org(&mut app, "d1");
    app.update(Action::Show(View::Development));
    assert!(development::shows_org(&app));
    let who = |app: &App| -> Vec<(String, String)> {
        development::people(app)
            .iter()
            .map(|p| (p.org.clone(), p.name.clone()))
            .collect()
    };
    // Overdue first: 丙戌's 思想汇报 has been late since 2026-03-31, 乙酉's since
    // 2026-06-30; 丁亥's talk is not due yet. The full member is not listed.
    let t = |o: &str, n: &str| (o.to_string(), n.to_string());
    assert_eq!(
        who(&app),
        [t("t2", "丙戌"), t("t1", "乙酉"), t("t2", "丁亥")]
    );
    // `a` on 丁亥 records her talk in her own branch.
    app.views.development.cursor = 2;
    app.update(Action::Add);
    let stored = app.data.db.get().unwrap().records("t2").unwrap();
    assert_eq!(stored.len(), 1, "{:?}", app.message);
    assert_eq!(stored[0].obligations, ["applicant-talk"]);
    assert_eq!(
        stored[0].attendees.as_deref(),
        Some(&["m2".to_string()][..])
    );
    let talk = development::people(&app)
        .iter()
        .find(|p| p.name == "丁亥")
        .map(|p| p.obligations.clone())
        .unwrap();
    let done = crate::status::Status::Done;
    assert_eq!(talk, [("applicant-talk".into(), d("2026-12-10"), done)]);
    // `>` on 丙戌 (m1 of t2) moves her on, on today unless changed; 甲申 (m1 of t1) stays
    // as he was.
    app.views.development.cursor = 0;
    assert_eq!(development::people(&app)[0].name, "丙戌");
    app.update(Action::Advance);
    app.update(Action::Save);
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);
    let db = app.data.db.get().unwrap();
    let t2 = db.members("t2").unwrap();
    let moved = t2.iter().find(|m| m.id == "m1").unwrap();
    assert_eq!(moved.stage, Candidate);
    assert_eq!(moved.entered(Candidate), Some(today()));
    assert_eq!(db.members("t1").unwrap()[0].stage, Full);
    let bing = development::people(&app).iter().find(|p| p.name == "丙戌");
    assert_eq!(bing.map(|p| p.stage), Some(Candidate));
}
