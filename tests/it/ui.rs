//! The terminal UI drawn on ratatui's TestBackend at 80×24 with a fixed today: one
//! snapshot per view, plus colour checks on buffer cells (snapshots carry no colour).

use chrono::{NaiveDate, TimeZone, Utc};
use dangjian::checklist::Catalog;
use dangjian::lang::Lang;
use dangjian::period::Calendar;
use dangjian::store::Store;
use dangjian::tui::action::Action;
use dangjian::tui::action::View;
use dangjian::tui::app::App;
use dangjian::tui::input::Edit;
use dangjian::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};

mod amounts;
mod dues;
mod fixture;
mod keys;
mod sources;
mod update;

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
    (dir, open(store, lang))
}

/// The UI on `store`, today 2026-11-22.
fn open(store: Store, lang: Lang) -> App {
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    App::new(
        store,
        Catalog::builtin(),
        Calendar::default(),
        lang,
        today(),
        now,
    )
    .unwrap()
}

/// The demo with branch `cs-t1` open.
fn branch_app(lang: Lang) -> (tempfile::TempDir, App) {
    let (dir, mut app) = app_with(6, lang);
    let i = app
        .views
        .overview
        .rows
        .iter()
        .position(|r| app.data.orgs[r.org].id == "cs-t1")
        .unwrap();
    app.views.overview.cursor = i;
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

/// The row of `text` holding `needle`.
fn line_of<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line holds {needle:?}:\n{text}"))
}

#[test]
fn period_view() {
    let (_dir, app) = fixture::branch(Lang::Zh);
    let text = screen(&draw(&app, 80, 24));
    insta::assert_snapshot!(text);
    // No 党小组会 was ever recorded: January's, the oldest missed, leads the list.
    let first = text.lines().nth(4).unwrap();
    assert!(
        first.contains("● 未补") && first.contains("党小组会"),
        "{text}"
    );
}

#[test]
fn overdue_is_red_and_done_is_green() {
    let (_dir, app) = branch_app(Lang::Zh);
    // Tall enough for a done entry below the overdue and pending ones.
    let t = draw(&app, 80, 40);
    assert_eq!(line_colour(&t, "● 未补"), Color::Red);
    assert_eq!(line_colour(&t, "✓ 已完成"), Color::Green);
    // In the overview a branch with overdue work is red.
    let (_dir, app) = app_with(6, Lang::Zh);
    let t = draw(&app, 80, 24);
    let worst = &app.data.orgs[app.views.overview.rows[1].org];
    assert!(app.views.overview.rows[1].overdue > 0);
    let short = worst.name.trim_start_matches("计算机科学与技术学院");
    assert_eq!(line_colour(&t, short), Color::Red);
}

#[test]
fn overview_view() {
    let (_dir, app) = fixture::app(Lang::Zh);
    let text = screen(&draw(&app, 80, 24));
    insta::assert_snapshot!(text);
    // The department leads, its branch under it by its own name.
    let rows: Vec<&str> = text.lines().skip(4).take(3).collect();
    assert!(rows[0].contains("物理学院党委"), "{text}");
    assert!(rows[1].contains("└ 教工第一党支部"), "{text}");
    assert!(rows[2].contains("化学学院学生第一党支部"), "{text}");
}

#[test]
fn checklist_view() {
    let (_dir, mut app) = fixture::branch(Lang::Zh);
    app.update(Action::Show(View::Tree));
    let text = screen(&draw(&app, 80, 24));
    insta::assert_snapshot!(text);
    // The item holding 主题党日 is overdue for the missed May.
    assert!(line_of(&text, "1.2.2").contains('●'), "{text}");
}

#[test]
fn records_view() {
    let (_dir, mut app) = fixture::branch(Lang::Zh);
    app.update(Action::Show(View::Records));
    let text = screen(&draw(&app, 80, 24));
    insta::assert_snapshot!(text);
    assert!(text.contains(" 10 条记录 "), "{text}");
    // Newest first.
    assert!(
        text.lines().nth(4).unwrap().contains("2026-11-08"),
        "{text}"
    );
}

#[test]
fn members_view() {
    let (_dir, mut app) = fixture::branch(Lang::Zh);
    app.update(Action::Show(View::Members));
    let text = screen(&draw(&app, 80, 24));
    insta::assert_snapshot!(text);
    // 罗丽 missed two 主题党日 of 2 学时 each: 15 of 32, against 王伟's 19.
    assert!(line_of(&text, "罗丽").contains("15/32"), "{text}");
    assert!(line_of(&text, "王伟").contains("19/32"), "{text}");
}

#[test]
fn record_form() {
    let (_dir, mut app) = fixture::branch(Lang::Zh);
    app.update(Action::Show(View::Records));
    app.update(Action::Add);
    app.update(Action::NextField);
    for c in "学习四中全会精神".chars() {
        app.update(Action::Type(dangjian::tui::input::Edit::Char(c)));
    }
    let text = screen(&draw(&app, 80, 24));
    insta::assert_snapshot!(text);
    // The form names the branch it records for.
    assert!(
        line_of(&text, "记一笔").contains("物理学院教工第一党支部"),
        "{text}"
    );
}

#[test]
fn help() {
    let (_dir, mut app) = fixture::branch(Lang::Zh);
    let footer = screen(&draw(&app, 80, 24))
        .lines()
        .last()
        .unwrap()
        .to_string();
    app.update(Action::Help);
    let text = screen(&draw(&app, 80, 24));
    insta::assert_snapshot!(text);
    // Every key the footer offers is explained in help.
    for hint in footer.split(" · ") {
        let key = hint.split(' ').next().unwrap();
        if key != "?" {
            assert!(
                text.contains(&format!("│ {key} ")),
                "{key} missing from help:\n{text}"
            );
        }
    }
}

#[test]
fn small_terminal_notice() {
    let (_dir, app) = fixture::branch(Lang::Zh);
    let text = screen(&draw(&app, 60, 20));
    insta::assert_snapshot!(text);
    assert!(text.contains("80×24") && text.contains("60×20"), "{text}");
}

#[test]
fn first_run() {
    let (_dir, app) = app_with(0, Lang::Zh);
    let text = screen(&draw(&app, 80, 24));
    insta::assert_snapshot!(text);
    // The example commands wrap between options, never inside one.
    for option in [
        "--id cs-t1",
        "--kind teacher-branch",
        "--org cs-t1",
        "--name 王伟",
    ] {
        assert!(
            text.lines().any(|l| l.contains(option)),
            "{option}:\n{text}"
        );
    }
}

#[test]
fn english_period_view() {
    let (_dir, app) = fixture::branch(Lang::En);
    let text = screen(&draw(&app, 80, 24));
    insta::assert_snapshot!(text);
    assert!(text.lines().nth(4).unwrap().contains("missed"), "{text}");
    assert!(text.lines().last().unwrap().contains("? help"), "{text}");
}

/// The demo branch with the most overdue entries, opened.
fn worst_branch_app() -> (tempfile::TempDir, App) {
    let (dir, mut app) = app_with(6, Lang::Zh);
    let worst = (0..app.views.overview.rows.len())
        .filter(|&i| {
            app.data.orgs[app.views.overview.rows[i].org]
                .parent
                .is_some()
        })
        .max_by_key(|&i| app.views.overview.rows[i].overdue)
        .unwrap();
    app.views.overview.cursor = worst;
    app.update(Action::Enter);
    (dir, app)
}

#[test]
fn worst_branch_starts_with_its_overdue_entries() {
    let (_dir, app) = worst_branch_app();
    let overdue = app.data.statuses[&app.selected_org().unwrap().id]
        .summary()
        .overdue;
    assert!(overdue >= 5, "the worst branch has {overdue} overdue");
    let t = draw(&app, 80, 24);
    let text = screen(&t);
    insta::assert_snapshot!(text);
    // The first table rows on screen are every overdue entry, in red.
    let buffer = t.backend().buffer();
    for y in 4..4 + overdue as u16 {
        assert_eq!(buffer[(1, y)].symbol(), "●", "row {y}:\n{text}");
        assert_eq!(buffer[(1, y)].fg, Color::Red);
    }
    assert_ne!(buffer[(1, 4 + overdue as u16)].symbol(), "●");
    assert!(text.contains("↓ 还有"), "{text}");
}

#[test]
fn f_keeps_only_what_is_still_owed() {
    let (_dir, mut app) = worst_branch_app();
    let all = dangjian::tui::app::rows::period(&app).len();
    app.update(Action::Urgent);
    let urgent = dangjian::tui::app::rows::period(&app);
    assert!(urgent.len() < all);
    // What is done or does not apply goes; this period's pending stays.
    assert!(urgent.iter().all(|r| matches!(
        r.period(&app).status,
        dangjian::status::Status::Overdue
            | dangjian::status::Status::DueSoon
            | dangjian::status::Status::Pending
    )));
    assert!(
        urgent
            .iter()
            .any(|r| r.period(&app).status == dangjian::status::Status::Pending)
    );
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("只看尚欠的"), "{text}");
    app.update(Action::Urgent);
    assert_eq!(dangjian::tui::app::rows::period(&app).len(), all);
}

/// Whether the cell at (x, y) is hidden behind a wide character to its left, as a real
/// terminal would draw it.
fn covered(t: &Terminal<TestBackend>, x: u16, y: u16) -> bool {
    x > 0 && unicode_width::UnicodeWidthStr::width(t.backend().buffer()[(x - 1, y)].symbol()) > 1
}

#[test]
fn popups_keep_their_borders_next_to_chinese_text() {
    type Open = fn(&mut App);
    let opens: [(&str, Open); 5] = [
        ("help", |a| a.update(Action::Help)),
        ("org picker", |a| a.update(Action::PickOrg)),
        ("delete", |a| {
            a.update(Action::Show(View::Records));
            a.update(Action::Delete)
        }),
        ("record form", |a| a.update(Action::Add)),
        ("member form", |a| {
            a.update(Action::Show(View::Members));
            a.update(Action::Add)
        }),
    ];
    for (name, open) in opens {
        let (_dir, mut app) = branch_app(Lang::Zh);
        open(&mut app);
        for width in 80..=101 {
            for height in [24, 25, 31] {
                let t = draw(&app, width, height);
                // No border anywhere on screen may sit behind a wide character.
                let buffer = t.backend().buffer();
                for y in 0..height {
                    for x in 1..width {
                        if ["│", "┌", "└", "┐", "┘"].contains(&buffer[(x, y)].symbol()) {
                            assert!(
                                !covered(&t, x, y),
                                "{name} at {width}x{height}: border at ({x},{y}) covered\n{}",
                                screen(&t)
                            );
                        }
                    }
                }
            }
        }
    }
    // And as a person sees it, once, at 80×24: the delete question names the record.
    let (_dir, mut app) = branch_app(Lang::Zh);
    app.update(Action::Show(View::Records));
    app.update(Action::Delete);
    let t = draw(&app, 81, 24);
    let text = screen(&t);
    let newest = &app.data.records[0];
    assert!(text.contains(&newest.date.to_string()), "{text}");
    assert!(text.contains(newest.topic.as_deref().unwrap()), "{text}");
    insta::assert_snapshot!("delete_question", text);
    let (_dir, mut app) = branch_app(Lang::Zh);
    app.update(Action::Help);
    insta::assert_snapshot!("help_at_81", screen(&draw(&app, 81, 24)));
}

#[test]
fn a_long_topic_scrolls_with_the_cursor_in_view() {
    let (_dir, mut app) = branch_app(Lang::Zh);
    app.update(Action::Add);
    app.update(Action::NextField);
    let topic = "学习贯彻党的二十届四中全会精神专题研讨暨“不忘初心、牢记使命”主题党日活动";
    for c in topic.chars() {
        app.update(Action::Type(Edit::Char(c)));
    }
    let mut t = draw(&app, 80, 24);
    let text = screen(&t);
    insta::assert_snapshot!(text);
    assert!(
        text.contains("主题党日活动"),
        "the end of the topic is shown:\n{text}"
    );
    let cursor = t.get_cursor_position().unwrap();
    // The cursor sits just after the last character typed, inside the form's left column.
    let buffer = t.backend().buffer();
    assert_eq!(buffer[(cursor.x - 2, cursor.y)].symbol(), "动");
    assert!(cursor.x < 2 + 44, "cursor at {cursor:?}");
    // Home brings the start back into view.
    app.update(Action::Type(Edit::Home));
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("主题 学习贯彻"), "{text}");
}

#[test]
fn a_date_that_does_not_exist_is_named_and_cleared_when_fixed() {
    let (_dir, mut app) = branch_app(Lang::Zh);
    app.update(Action::Add);
    for _ in 0..4 {
        app.update(Action::NextField);
    }
    let form = |app: &App| match &app.mode {
        dangjian::tui::app::Mode::Record(f) => (*f).clone(),
        _ => panic!("form closed"),
    };
    assert_eq!(form(&app).focus, dangjian::tui::form::Slot::Date);
    let attendance = form(&app).attendance.clone();
    for _ in 0..10 {
        app.update(Action::Type(Edit::Backspace));
    }
    for c in "2026-02-30".chars() {
        app.update(Action::Type(Edit::Char(c)));
        assert_eq!(
            form(&app).attendance,
            attendance,
            "attendance kept while typing"
        );
    }
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("不是存在的日期"), "{text}");
    app.update(Action::Type(Edit::Backspace));
    app.update(Action::Type(Edit::Char('8')));
    assert!(form(&app).error.is_none());
    let text = screen(&draw(&app, 80, 24));
    assert!(!text.contains("不是存在的日期"), "{text}");
}

#[test]
fn an_election_date_in_the_past_is_red() {
    // The demo made on 2026-11-22, looked at on 2029-05-10: the elections due in 2028
    // and on 2029-05-04 are late, 2029-05-25 is not yet. A late one is red and bold, so
    // it stands out even on a row already red for other reasons.
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let demo = dangjian::demo::generate(6, 1, 1, today());
    store
        .bulk_load(&demo.orgs, &demo.members, &demo.records)
        .unwrap();
    let later = NaiveDate::from_ymd_opt(2029, 5, 10).unwrap();
    let now = Utc.with_ymd_and_hms(2029, 5, 10, 9, 0, 0).unwrap();
    let app = App::new(
        store,
        Catalog::builtin(),
        Calendar::default(),
        Lang::Zh,
        later,
        now,
    )
    .unwrap();
    let t = draw(&app, 80, 24);
    let buffer = t.backend().buffer();
    // The 下次换届 column is the last ten columns inside the border.
    let column = |y: u16| -> String { (69..79).map(|x| buffer[(x, y)].symbol()).collect() };
    let mut seen = Vec::new();
    for y in 4..23 {
        let date = column(y);
        if let Ok(d) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") {
            let late = d < later;
            let cell = &buffer[(69, y)];
            let marked = cell.fg == Color::Red && cell.modifier.contains(Modifier::BOLD);
            assert_eq!(marked, late, "{date}\n{}", screen(&t));
            seen.push(late);
        }
    }
    assert!(
        seen.contains(&true) && seen.contains(&false),
        "{}",
        screen(&t)
    );
}

#[test]
fn the_checklist_view_explains_its_marks() {
    let (_dir, mut app) = branch_app(Lang::Zh);
    app.update(Action::Show(View::Tree));
    let text = screen(&draw(&app, 80, 24));
    for mark in [
        "● 逾期",
        "◐ 将到期",
        "✓ 完成",
        "□ 待标记",
        "▸ 进行中",
        "– 不适用",
        "* 手工分",
    ] {
        assert!(text.contains(mark), "{mark}\n{text}");
    }
    // ◐ means due soon and nothing else: a mark in progress is ▸.
    assert!(!text.contains("将到期/进行中"), "{text}");
}

#[test]
fn terminal_codes_in_stored_text_are_shown_not_sent() {
    let (_dir, mut app) = branch_app(Lang::Zh);
    app.update(Action::Show(View::Records));
    app.data.records[0].topic = Some("开会\u{1b}]0;pwned\u{7}\u{202e}反转\u{200b}".into());
    app.data.members[0].name = "王\u{1b}[2J伟".into();
    for view in [View::Records, View::Members] {
        app.update(Action::Show(view));
        let t = draw(&app, 80, 24);
        let buffer = t.backend().buffer();
        for cell in buffer.content() {
            assert!(
                !cell
                    .symbol()
                    .chars()
                    .any(|c| c.is_control() || matches!(c, '\u{202e}' | '\u{200b}')),
                "{:?} reached the screen",
                cell.symbol()
            );
        }
        let text = screen(&t);
        let expected = if view == View::Records {
            "\\u{1b}]0;pwned"
        } else {
            "王\\u{1b}"
        };
        assert!(text.contains(expected), "{text}");
    }
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
                amounts: Default::default(),
                ..Default::default()
            })
            .unwrap();
    }
    let mut sources = dangjian::checklist::builtin_sources();
    sources.extend(
        dangjian::context::read_paths(&[std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/scoring"
        ))])
        .unwrap(),
    );
    let catalog = Catalog::load(sources).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let mut app = App::new(store, catalog, Calendar::default(), Lang::Zh, today(), now).unwrap();
    let i = app
        .views
        .overview
        .rows
        .iter()
        .position(|r| app.data.orgs[r.org].id == "cs-t1")
        .unwrap();
    app.views.overview.cursor = i;
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
    app.views.tree.cursor = at;
    let before = screen(&draw(&app, 80, 24));
    // The title names the highlighted item's checklist with its score.
    assert!(before.contains("清单 4/4：测试考核评分 3.5/5"), "{before}");
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
    assert!(after.contains("清单 4/4：测试考核评分 6/5"), "{after}");
    assert!(after.contains("2.5*"), "{after}");
    insta::assert_snapshot!("checklist_scores_after", after);
}

#[test]
fn form_labels_are_whole() {
    for lang in [Lang::Zh, Lang::En] {
        let (_dir, mut app) = branch_app(lang);
        app.update(Action::Show(View::Members));
        app.update(Action::Add);
        let text = screen(&draw(&app, 80, 24));
        let labels = match lang {
            Lang::Zh => ["标签（逗号分隔）", "入党/转入日期"],
            Lang::En => ["tags (comma-separated)", "joined on"],
        };
        for label in labels {
            assert!(text.contains(label), "{label}\n{text}");
        }
        app.update(Action::Back);
        app.update(Action::Show(View::Records));
        app.update(Action::Add);
        let text = screen(&draw(&app, 80, 24));
        let label = lang.pick("出席", "present");
        assert!(text.contains(&format!(" {label} ")), "{label}\n{text}");
    }
}

#[test]
fn members_of_a_school_show_their_hours_without_a_branch_s_32() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let school: dangjian::model::Org = serde_json::from_value(serde_json::json!({
        "id": "school", "name": "学校党委", "kind": "school", "since": "2026-01-01",
        "checklists": ["teacher-quality-standard"], "updated_at": "2026-01-01T00:00:00.000Z"
    }))
    .unwrap();
    store.put_org(&school).unwrap();
    let member: dangjian::model::Member = serde_json::from_value(serde_json::json!({
        "id": "m01", "org": "school", "name": "王伟", "updated_at": "2026-01-01T00:00:00.000Z"
    }))
    .unwrap();
    store.put_member(&member).unwrap();
    let mut app = open(store, Lang::Zh);
    app.update(Action::Show(View::Members));
    let text = screen(&draw(&app, 80, 24));
    let row = text
        .lines()
        .find(|l| l.contains("王伟"))
        .expect("the member's row");
    // A school owes no 32 学时 (that is a branch guide's), and no hours read as 0, not -0.
    assert!(
        row.trim_end_matches('│').trim_end().ends_with(" 0"),
        "{row}"
    );
    assert!(!text.contains("/32") && !text.contains("-0"), "{text}");
}

/// Far down a list longer than the screen, the overview and the org picker still show
/// the org under the cursor, and Enter opens that org.
#[test]
fn long_lists_show_the_row_under_the_cursor() {
    let (_dir, mut app) = app_with(100, Lang::En);
    for _ in 0..90 {
        app.update(Action::Down);
    }
    let text = screen(&draw(&app, 120, 24));
    let blank = |l: &&str| l.starts_with('│') && l.trim_matches(['│', ' ']).is_empty();
    assert!(
        !text.lines().any(|l| blank(&l)),
        "every row on screen filled:\n{text}"
    );
    app.update(Action::PickOrg);
    for _ in 0..80 {
        app.update(Action::Down);
    }
    let dangjian::tui::app::Mode::PickOrg(picker) = &app.mode else {
        panic!("the picker is open");
    };
    let picked = app.data.orgs[picker.matches[80]].clone();
    let text = screen(&draw(&app, 120, 40));
    assert!(
        text.contains(&format!("({})", picked.id)),
        "pick 80 ({}) on screen:\n{text}",
        picked.id
    );
    app.update(Action::Enter);
    assert_eq!(app.selected_org().map(|o| o.id.clone()), Some(picked.id));
}
