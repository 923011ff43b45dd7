//! The terminal UI drawn on ratatui's TestBackend at 80×24 with a fixed today: one
//! snapshot per view, plus colour checks on buffer cells (snapshots carry no colour).

use chrono::{NaiveDate, TimeZone, Utc};
use dangjian::checklist::Catalog;
use dangjian::i18n::Lang;
use dangjian::period::Calendar;
use dangjian::store::Store;
use dangjian::tui::action::Action;
use dangjian::tui::app::{App, View};
use dangjian::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn app_with(orgs: u32, lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    if orgs > 0 {
        let demo = dangjian::demo::generate(orgs, 1, 1, today());
        store
            .bulk_load(&demo.orgs, &demo.members, &demo.records)
            .unwrap();
    }
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

/// The demo with branch `cs-t1` open.
fn branch_app(lang: Lang) -> (tempfile::TempDir, App) {
    let (dir, mut app) = app_with(6, lang);
    let i = app
        .overview
        .iter()
        .position(|r| app.orgs[r.org].id == "cs-t1")
        .unwrap();
    app.cursor[View::Overview.index()] = i;
    app.update(Action::Enter);
    (dir, app)
}

fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| views::render(app, f)).unwrap();
    terminal
}

/// The screen as a person sees it: one line per row, wide characters once.
fn screen(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut x = 0;
        while x < buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            out.push_str(symbol);
            x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        out.push('\n');
    }
    out
}

/// The foreground colour of the first cell of the line holding `needle`.
fn line_colour(terminal: &Terminal<TestBackend>, needle: &str) -> Color {
    let buffer = terminal.backend().buffer();
    let width = buffer.area.width as usize;
    for y in 0..buffer.area.height {
        let line: String = (0..width as u16)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect();
        if line.replace(" ", "").contains(&needle.replace(" ", "")) {
            // The status glyph sits just inside the table border.
            return buffer[(1, y)].fg;
        }
    }
    panic!("no line holds {needle:?}");
}

#[test]
fn period_view() {
    let (_dir, app) = branch_app(Lang::Zh);
    let t = draw(&app, 80, 24);
    insta::assert_snapshot!(screen(&t));
}

#[test]
fn overdue_is_red_and_done_is_green() {
    let (_dir, app) = branch_app(Lang::Zh);
    let t = draw(&app, 80, 24);
    assert_eq!(line_colour(&t, "● 未补"), Color::Red);
    assert_eq!(line_colour(&t, "✓ 已完成"), Color::Green);
    // In the overview a branch with overdue work is red.
    let (_dir, app) = app_with(6, Lang::Zh);
    let t = draw(&app, 80, 24);
    let worst = &app.orgs[app.overview[1].org];
    assert!(app.overview[1].overdue > 0);
    let short = worst.name.trim_start_matches("计算机科学与技术学院");
    assert_eq!(line_colour(&t, short), Color::Red);
}

#[test]
fn overview_view() {
    let (_dir, app) = app_with(6, Lang::Zh);
    insta::assert_snapshot!(screen(&draw(&app, 80, 24)));
}

#[test]
fn checklist_view() {
    let (_dir, mut app) = branch_app(Lang::Zh);
    app.update(Action::Show(View::Tree));
    insta::assert_snapshot!(screen(&draw(&app, 80, 24)));
}

#[test]
fn records_view() {
    let (_dir, mut app) = branch_app(Lang::Zh);
    app.update(Action::Show(View::Records));
    insta::assert_snapshot!(screen(&draw(&app, 80, 24)));
}

#[test]
fn members_view() {
    let (_dir, mut app) = branch_app(Lang::Zh);
    app.update(Action::Show(View::Members));
    insta::assert_snapshot!(screen(&draw(&app, 80, 24)));
}

#[test]
fn record_form() {
    let (_dir, mut app) = branch_app(Lang::Zh);
    app.update(Action::Show(View::Records));
    app.update(Action::Add);
    for c in "学习四中全会精神".chars() {
        app.update(Action::Type(dangjian::tui::input::Edit::Char(c)));
    }
    insta::assert_snapshot!(screen(&draw(&app, 80, 24)));
}

#[test]
fn help() {
    let (_dir, mut app) = branch_app(Lang::Zh);
    app.update(Action::Help);
    insta::assert_snapshot!(screen(&draw(&app, 80, 24)));
}

#[test]
fn small_terminal_notice() {
    let (_dir, app) = branch_app(Lang::Zh);
    insta::assert_snapshot!(screen(&draw(&app, 60, 20)));
}

#[test]
fn first_run() {
    let (_dir, app) = app_with(0, Lang::Zh);
    insta::assert_snapshot!(screen(&draw(&app, 80, 24)));
}

#[test]
fn english_period_view() {
    let (_dir, app) = branch_app(Lang::En);
    insta::assert_snapshot!(screen(&draw(&app, 80, 24)));
}

/// Six demo orgs with the test rubric in force beside the built-in guides: cs-t1 has a
/// late half-year report (1.1: 1.5 of 2) and a bonus entry of 2.
fn scored_app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let demo = dangjian::demo::generate(6, 1, 1, today());
    store
        .bulk_load(&demo.orgs, &demo.members, &demo.records)
        .unwrap();
    for (obligation, date, points) in [
        ("fx-report", "2026-06-20", None),
        ("fx-feature", "2026-09-01", Some(2.0)),
    ] {
        store
            .put_record(&dangjian::model::Record {
                id: format!("fx-{obligation}"),
                org: "cs-t1".into(),
                obligations: vec![obligation.into()],
                date: date.parse().unwrap(),
                for_period: None,
                topic: None,
                hours: None,
                attendees: None,
                location: None,
                speaker: None,
                note: None,
                created_at: String::new(),
                updated_at: String::new(),
                points,
            })
            .unwrap();
    }
    let mut sources = dangjian::checklist::builtin_sources();
    sources.extend(
        dangjian::checklist::read_paths(&[std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/scoring"
        ))])
        .unwrap(),
    );
    let catalog = Catalog::load(sources).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let mut app = App::new(store, catalog, Calendar::default(), Lang::Zh, today(), now).unwrap();
    let i = app
        .overview
        .iter()
        .position(|r| app.orgs[r.org].id == "cs-t1")
        .unwrap();
    app.cursor[View::Overview.index()] = i;
    (dir, app)
}

#[test]
fn overview_shows_score_over_max() {
    let (_dir, app) = scored_app();
    let shown = screen(&draw(&app, 80, 24));
    assert!(shown.contains("得分/满分"), "{shown}");
    // cs-t1: 1.5 (rule) + 2 (bonus) of 5; an untouched branch has 2 of 5 (1.2 unscored).
    assert!(shown.contains("3.5/5"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn checklist_view_shows_points_and_scores_and_a_hand_score_changes_the_total() {
    let (_dir, mut app) = scored_app();
    app.update(Action::Enter);
    app.update(Action::Show(View::Tree));
    let rows = dangjian::tui::app::rows::tree(&app);
    let at = rows
        .iter()
        .position(|r| r.checklist == "fx-rubric" && r.item == "1.2")
        .unwrap();
    app.cursor[View::Tree.index()] = at;
    let before = screen(&draw(&app, 80, 24));
    assert!(before.contains("fx-rubric 3.5/5"), "{before}");
    assert!(
        before.contains("分值") && before.contains("得分"),
        "{before}"
    );
    insta::assert_snapshot!("checklist_scores_before", before);

    // e opens the mark form on 1.2; a score above its points is refused and kept.
    app.update(Action::Edit);
    for _ in 0..4 {
        app.update(Action::NextField);
    }
    for c in "4".chars() {
        app.update(Action::Type(dangjian::tui::input::Edit::Char(c)));
    }
    app.update(Action::Save);
    let refused = screen(&draw(&app, 80, 24));
    assert!(
        refused.contains("\"4\"") && refused.contains("0 到 3"),
        "{refused}"
    );
    app.update(Action::Type(dangjian::tui::input::Edit::Backspace));
    for c in "2.5".chars() {
        app.update(Action::Type(dangjian::tui::input::Edit::Char(c)));
    }
    app.update(Action::Save);
    let after = screen(&draw(&app, 80, 24));
    assert!(
        after.contains("fx-rubric 6/5") || after.contains("fx-rubric 6/5"),
        "{after}"
    );
    assert!(after.contains("2.5*"), "{after}");
    insta::assert_snapshot!("checklist_scores_after", after);
}
