//! The UI and scripts share one data folder: the UI holds the database only while it
//! works, a command run beside it succeeds, and the UI shows what the command wrote.

use crate::common;

use std::process::Command;

use chrono::{NaiveDate, TimeZone, Utc};
use dangjian::checklist::Catalog;
use dangjian::lang::Lang;
use dangjian::period::Calendar;
use dangjian::store::Store;
use dangjian::tui::action::Action;
use dangjian::tui::app::App;
use dangjian::tui::input::Edit;

use common::TODAY;

fn open_app(dir: &std::path::Path) -> App {
    let store = Store::open(dir).unwrap();
    let demo = dangjian::demo::generate(6, 1, 1, TODAY.parse::<NaiveDate>().unwrap());
    store
        .bulk_load(&demo.orgs, &demo.members, &demo.records)
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let mut app = App::new(
        store,
        Catalog::builtin(),
        Calendar::default(),
        Lang::En,
        TODAY.parse().unwrap(),
        now,
    )
    .unwrap();
    let i = app
        .views
        .overview
        .rows
        .iter()
        .position(|r| app.data.orgs[r.org].id == "cs-t1")
        .unwrap();
    app.views.overview.cursor = i;
    app.update(Action::Enter);
    app
}

fn cli_add(dir: &std::path::Path, topic: &str) -> std::process::Output {
    Command::new(assert_cmd::cargo::cargo_bin("dangjian"))
        .env_remove("DANGJIAN_DATA_DIR")
        .arg("--data-dir")
        .arg(dir)
        .args(["--today", TODAY, "--lang", "en"])
        .args([
            "record",
            "add",
            "--org",
            "cs-t1",
            "--obligation",
            "branch-committee-meeting",
            "--date",
            "2026-11-21",
            "--topic",
            topic,
        ])
        .output()
        .unwrap()
}

fn topics(app: &App) -> Vec<String> {
    app.data
        .records
        .iter()
        .filter_map(|r| r.topic.clone())
        .collect()
}

#[test]
fn a_command_beside_the_open_ui_succeeds_and_the_ui_shows_its_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open_app(dir.path());
    // What the event loop does once the UI sits idle.
    app.data.db.close();

    let out = cli_add(dir.path(), "脚本写入的支委会");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    assert!(!topics(&app).contains(&"脚本写入的支委会".to_string()));
    assert!(app.refresh_if_changed().unwrap(), "the change is noticed");
    assert!(topics(&app).contains(&"脚本写入的支委会".to_string()));
    // Nothing changed since: the next look opens nothing.
    app.data.db.close();
    assert!(!app.refresh_if_changed().unwrap());
    assert!(!app.data.db.is_open());
}

#[test]
fn the_ui_and_a_command_writing_at_once_both_keep_their_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open_app(dir.path());
    let path = dir.path().to_path_buf();
    // The UI holds the database (it is saving) while the command starts: the command
    // waits for it instead of failing.
    let writer = std::thread::spawn(move || cli_add(&path, "命令行的支委会"));
    app.update(Action::Add);
    // The form opens on the type field; Tab keeps it and moves to the topic.
    app.update(Action::NextField);
    for c in "界面的主题党日".chars() {
        app.update(Action::Type(Edit::Char(c)));
    }
    app.update(Action::Save);
    std::thread::sleep(std::time::Duration::from_millis(300));
    app.data.db.close();
    let out = writer.join().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    app.refresh_if_changed().unwrap();
    let shown = topics(&app);
    assert!(shown.contains(&"界面的主题党日".to_string()), "{shown:?}");
    assert!(shown.contains(&"命令行的支委会".to_string()), "{shown:?}");
    let stored = app.data.db.get().unwrap().records("cs-t1").unwrap();
    assert_eq!(
        stored
            .iter()
            .filter(|r| r.topic.as_deref() == Some("界面的主题党日")
                || r.topic.as_deref() == Some("命令行的支委会"))
            .count(),
        2
    );
}
