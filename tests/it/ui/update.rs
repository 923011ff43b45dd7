//! `App::update` on the hand-built fixture: what a secretary does, and what the screen
//! then says.

use dangjian::lang::Lang;
use dangjian::tui::action::{Action, View};
use dangjian::tui::app::Mode;
use dangjian::tui::input::Edit;

use super::fixture;
use super::{draw, screen};

fn type_text(app: &mut dangjian::tui::app::App, text: &str) {
    for c in text.chars() {
        app.update(Action::Type(Edit::Char(c)));
    }
}

#[test]
fn a_in_the_overview_records_for_the_highlighted_org() {
    let (_dir, mut app) = fixture::branch(Lang::Zh);
    // Back to 总览, another org highlighted: the header names it, and `a` records for it.
    fixture::highlight(&mut app, "chem-s1");
    let text = screen(&draw(&app, 80, 24));
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .contains("化学学院学生第一党支部"),
        "{text}"
    );
    app.update(Action::Add);
    let Mode::Record(form) = &app.mode else {
        panic!("the form is open")
    };
    assert_eq!(form.org, "chem-s1");
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("记一笔 · 化学学院学生第一党支部"), "{text}");
}

#[test]
fn the_type_field_shows_what_tab_keeps() {
    let (_dir, mut app) = fixture::branch(Lang::Zh);
    let rows = dangjian::tui::app::rows::period(&app);
    let at = rows
        .iter()
        .position(|r| app.data.catalog.obligations[r.obligation].id == "theme-party-day")
        .unwrap();
    app.views.period.cursor = at;
    app.update(Action::Add);
    let text = screen(&draw(&app, 80, 24));
    let field = text.lines().find(|l| l.contains("›类型")).unwrap();
    assert!(field.contains("主题党日"), "{text}");
    // ↓ moves the highlight; the field follows, and Tab keeps it.
    app.update(Action::Down);
    let Mode::Record(form) = &app.mode else {
        panic!()
    };
    let shown = form.highlighted().unwrap().title.clone();
    assert_ne!(shown, "主题党日");
    app.update(Action::NextField);
    let Mode::Record(form) = &app.mode else {
        panic!()
    };
    let kept = form.obligation.clone().unwrap();
    assert_eq!(app.data.catalog.title(&kept), shown);
}

#[test]
fn a_digit_after_tab_in_the_mark_form_of_an_unscored_item_is_never_in_the_note() {
    let (_dir, mut app) = fixture::branch(Lang::Zh);
    app.update(Action::Show(View::Tree));
    let rows = dangjian::tui::app::rows::tree(&app);
    let at = rows
        .iter()
        .position(|r| r.leaf && r.points.is_none())
        .unwrap();
    app.views.tree.cursor = at;
    app.update(Action::Edit);
    type_text(&mut app, "按月落实");
    for _ in 0..4 {
        app.update(Action::NextField);
    }
    // 得分 cannot be edited: Tab stays on 状态 and says so.
    let text = screen(&draw(&app, 80, 24));
    assert!(
        text.contains("已是最后一栏") && text.contains("不可编辑"),
        "{text}"
    );
    type_text(&mut app, "3");
    app.update(Action::Save);
    let marks = app.data.db.get().unwrap().marks("phy-t1").unwrap();
    // The 3 went to the last field, 状态, which refuses it: nothing is saved, and the note
    // is as typed.
    assert!(marks.is_empty(), "{marks:?}");
    let Mode::Fields(form) = &app.mode else {
        panic!("the form stays open")
    };
    assert_eq!(form.value(0), "按月落实");
}

#[test]
fn the_header_counts_the_day_viewed_and_says_when_it_is_to_come() {
    let (_dir, mut app) = fixture::branch(Lang::Zh);
    app.update(Action::PrevPeriod);
    let summary = app.data.org_status().unwrap().summary();
    let today = app.data.statuses["phy-t1"].summary();
    assert_ne!(
        (summary.overdue, summary.done),
        (today.overdue, today.done),
        "the fixture differs between the two days"
    );
    let text = screen(&draw(&app, 80, 24));
    let header = text.lines().nth(1).unwrap();
    assert!(
        header.contains(&format!("逾期 {}", summary.overdue))
            && header.contains(&format!("已完成 {}", summary.done))
            && header.contains("截至 2026-10-31"),
        "{text}"
    );
    app.update(Action::NextPeriod);
    app.update(Action::NextPeriod);
    app.update(Action::NextPeriod);
    let text = screen(&draw(&app, 80, 24));
    assert!(
        text.contains("预览未来的 2027-01-22") && text.contains("2026年未完成的不在此列"),
        "{text}"
    );
}

#[test]
fn the_first_key_replaces_a_proposed_date_and_ctrl_keys_edit() {
    let (_dir, mut app) = fixture::branch(Lang::Zh);
    app.update(Action::Add);
    for _ in 0..4 {
        app.update(Action::NextField);
    }
    // A short date with its `-` is typed whole, not read as "a day earlier".
    type_text(&mut app, "11-20");
    let Mode::Record(form) = &app.mode else {
        panic!()
    };
    assert_eq!(form.date.value(), "11-20");
    // On a whole date, `-` is a day earlier.
    app.update(Action::Type(Edit::Clear));
    type_text(&mut app, "2026-11-20-");
    let Mode::Record(form) = &app.mode else {
        panic!()
    };
    assert_eq!(form.date.value(), "2026-11-19");
    app.update(Action::Type(Edit::Clear));
    let Mode::Record(form) = &app.mode else {
        panic!()
    };
    assert_eq!(form.date.value(), "");
    // Ctrl-C in a form is Esc: it asks before dropping what was typed.
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let action = dangjian::tui::keys::action_for(&app, ctrl_c).unwrap();
    assert_eq!(action, Action::Back);
    app.update(action);
    assert!(app.asks_yes_no() && !app.quit);
}

#[test]
fn a_key_that_does_nothing_here_says_why() {
    let (_dir, mut app) = fixture::app(Lang::Zh);
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let e = KeyEvent::new(KeyCode::Char('e'), KeyModifiers::NONE);
    let action = dangjian::tui::keys::action_for(&app, e).unwrap();
    app.update(action);
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("总览中不能编辑；按 Enter 打开支部"), "{text}");
}

#[test]
fn f_lists_what_is_still_owed_now() {
    let (_dir, mut app) = fixture::branch(Lang::Zh);
    app.update(Action::Urgent);
    let rows = dangjian::tui::app::rows::period(&app);
    let statuses: Vec<_> = rows.iter().map(|r| r.period(&app).status).collect();
    use dangjian::status::Status;
    assert!(statuses.contains(&Status::Overdue) && statuses.contains(&Status::Pending));
    assert!(!statuses.iter().any(|s| s.is_done()));
}

#[test]
fn the_org_picker_finds_pinyin_initials_worst_first_and_says_when_nothing_matches() {
    let (_dir, mut app) = fixture::app(Lang::Zh);
    app.update(Action::PickOrg);
    type_text(&mut app, "wl");
    let Mode::PickOrg(picker) = &app.mode else {
        panic!("the picker is open")
    };
    let found = dangjian::tui::app::pickers::org_matches(&app, picker.query.value());
    let ids: Vec<&str> = found
        .iter()
        .map(|&i| app.data.orgs[i].id.as_str())
        .collect();
    // Both 物理 orgs, the department (more overdue) first; nothing from 化学.
    assert_eq!(ids, ["phy", "phy-t1"]);
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("物理学院党委  (phy)"), "{text}");
    app.update(Action::Enter);
    assert_eq!(app.selected_org().unwrap().id, "phy");

    app.update(Action::PickOrg);
    type_text(&mut app, "qqq");
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("无匹配"), "{text}");
}

#[test]
fn the_records_filter_lists_one_persons_absences() {
    let (_dir, mut app) = fixture::branch(Lang::Zh);
    app.update(Action::Show(View::Records));
    app.update(Action::Filter);
    type_text(&mut app, "缺席:罗丽");
    app.update(Action::Enter);
    let ids: Vec<&str> = dangjian::tui::app::rows::filtered_records(&app)
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(ids, ["r03", "r02"]);
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains(" 2 条记录 · /缺席:罗丽 "), "{text}");
}

#[test]
fn the_overview_sorts_by_score() {
    let (_dir, mut app) = fixture::app(Lang::Zh);
    while app.views.overview.sort != dangjian::tui::app::Sort::Score {
        app.update(Action::Sort);
    }
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("得分低在前"), "{text}");
}

#[test]
fn the_checklist_view_heads_each_checklist_and_n_jumps_to_the_next() {
    let (_dir, mut app) = fixture::app(Lang::Zh);
    // The branch: the model-branch guide and the ideology rubric concern it (the rubric
    // assesses a 系 by its branches, not its committee).
    fixture::highlight(&mut app, "phy-t1");
    app.update(Action::Enter);
    app.update(Action::Show(View::Tree));
    let rows = dangjian::tui::app::rows::tree(&app);
    let headings: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].is_heading()).collect();
    assert!(headings.len() >= 2, "the branch has several checklists");
    assert_eq!(headings[0], 0);
    app.update(Action::Down);
    let first = app
        .data
        .catalog
        .checklist(&rows[0].checklist)
        .unwrap()
        .title
        .clone();
    let text = screen(&draw(&app, 120, 40));
    assert!(
        text.contains(&format!("清单 1/{}：{first}", headings.len())),
        "{text}"
    );
    app.update(Action::NextChecklist);
    assert_eq!(app.views.tree.cursor, headings[1]);
    let second = app
        .data
        .catalog
        .checklist(&rows[headings[1]].checklist)
        .unwrap()
        .title
        .clone();
    let text = screen(&draw(&app, 120, 40));
    assert!(
        text.contains(&format!("清单 2/{}：{second}", headings.len())),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.contains('▌') && l.contains(&second)),
        "{text}"
    );
}

#[test]
fn a_make_up_from_a_missed_row_saves_and_its_hours_count() {
    let (_dir, mut app) = fixture::branch(Lang::Zh);
    let rows = dangjian::tui::app::rows::period(&app);
    let at = rows
        .iter()
        .position(|r| {
            r.missed.is_some() && app.data.catalog.obligations[r.obligation].id == "theme-party-day"
        })
        .expect("May's 主题党日 is missed");
    assert_eq!(rows[at].period(&app).period.label, "2026-05");
    let hours_before = app.data.statuses["phy-t1"]
        .obligations
        .iter()
        .find(|o| app.data.catalog.obligations[o.obligation].id == "study-hours")
        .unwrap()
        .current
        .members_short
        .len();
    app.views.period.cursor = at;
    app.update(Action::Add);
    let Mode::Record(form) = &app.mode else {
        panic!("the form is open")
    };
    // 补开 is filled in as the row names the period; it is stored as SPEC §2 labels it.
    assert_eq!(form.for_period.value(), "2026年5月", "补开 is filled in");
    app.update(Action::NextField);
    type_text(&mut app, "补开五月主题党日");
    app.update(Action::NextField);
    type_text(&mut app, "2");
    app.update(Action::Save);
    assert!(matches!(app.mode, Mode::Normal), "saved: {:?}", app.message);
    let stored = app.data.db.get().unwrap().records("phy-t1").unwrap();
    let r = stored
        .iter()
        .find(|r| r.topic.as_deref() == Some("补开五月主题党日"))
        .unwrap();
    assert_eq!(r.for_period.as_deref(), Some("2026-05"));
    app.update(Action::Show(View::Records));
    let text = screen(&draw(&app, 120, 40));
    assert!(text.contains("[补2026年5月] 补开五月主题党日"), "{text}");
    app.update(Action::Show(View::Period));
    assert_eq!(r.obligations, ["theme-party-day", "study-hours"]);
    // May is no longer missed, and the 2 学时 count toward the year's 32: every member
    // now has 2 more.
    assert!(!dangjian::tui::app::rows::period(&app).iter().any(|r| {
        r.missed.is_some()
            && r.period(&app).period.label == "2026-05"
            && app.data.catalog.obligations[r.obligation].id == "theme-party-day"
    }));
    let study = app.data.statuses["phy-t1"]
        .obligations
        .iter()
        .find(|o| app.data.catalog.obligations[o.obligation].id == "study-hours")
        .unwrap();
    let luo = study
        .current
        .members_short
        .iter()
        .find(|m| m.id == "m01")
        .unwrap();
    assert_eq!(luo.hours, 17.0);
    assert!(study.current.members_short.len() <= hours_before);
}

#[test]
fn a_meeting_with_no_topic_is_asked_about_once() {
    let (_dir, mut app) = fixture::branch(Lang::Zh);
    app.update(Action::Add);
    // A date that does not exist is said first; the question waits until it is fixed.
    for _ in 0..4 {
        app.update(Action::NextField);
    }
    type_text(&mut app, "2026-02-30");
    app.update(Action::Save);
    let text = screen(&draw(&app, 80, 24));
    assert!(
        text.contains("不是存在的日期") && !text.contains("没有填写主题"),
        "{text}"
    );
    app.update(Action::Type(Edit::Clear));
    type_text(&mut app, "11-20");
    app.update(Action::Save);
    let text = screen(&draw(&app, 80, 24));
    assert!(
        text.contains("这次党小组会没有填写主题，仍然保存？"),
        "{text}"
    );
    assert!(text.contains("(y 保存 / n 填写主题)"), "{text}");
    // No: back to the topic.
    app.update(Action::Answer(false));
    let Mode::Record(form) = &app.mode else {
        panic!("still editing")
    };
    assert_eq!(form.focus, dangjian::tui::form::Slot::Topic);
    // Asked once: the next save goes through.
    app.update(Action::Save);
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);
}

#[test]
fn an_organizer_adds_and_edits_a_branch_from_the_overview() {
    let (_dir, mut app) = fixture::app(Lang::Zh);
    fixture::highlight(&mut app, "phy");
    app.update(Action::AddOrg);
    type_text(&mut app, "物理学院学生第一党支部");
    app.update(Action::NextField);
    app.update(Action::NextField);
    type_text(&mut app, "学生支部");
    app.update(Action::Save);
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);
    let stored = app.data.db.get().unwrap().orgs().unwrap();
    let new = stored
        .iter()
        .find(|o| o.id == "phy-b1")
        .expect("the proposed id");
    assert_eq!(new.name, "物理学院学生第一党支部");
    assert_eq!(new.parent.as_deref(), Some("phy"));
    assert_eq!(new.kind, dangjian::model::OrgKind::StudentBranch);
    // The new branch is highlighted; A edits it.
    assert_eq!(app.data.orgs[app.highlighted_org().unwrap()].id, "phy-b1");
    app.update(Action::AddOrg);
    type_text(&mut app, "物理学院研究生党支部");
    app.update(Action::Save);
    let stored = app.data.db.get().unwrap().orgs().unwrap();
    let edited = stored.iter().find(|o| o.id == "phy-b1").unwrap();
    assert_eq!(edited.name, "物理学院研究生党支部");
    // A bad kind is named, and the form stays.
    app.update(Action::AddOrg);
    app.update(Action::NextField);
    type_text(&mut app, "小组");
    app.update(Action::Save);
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("类型 \"小组\" 无效"), "{text}");
}

#[test]
fn the_member_form_starts_with_the_name_and_proposes_the_next_id() {
    let (_dir, mut app) = fixture::branch(Lang::Zh);
    app.update(Action::Show(View::Members));
    app.update(Action::Add);
    let text = screen(&draw(&app, 80, 24));
    // The name has the cursor, the proposed id (after m01–m04) comes next.
    let name = text.lines().position(|l| l.contains("›姓名")).unwrap();
    let id = text
        .lines()
        .position(|l| l.contains("编号") && l.contains("m05"));
    assert!(id.is_some_and(|id| name < id), "{text}");
    type_text(&mut app, "赵刚");
    app.update(Action::NextField);
    app.update(Action::Type(Edit::Clear));
    app.update(Action::Save);
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("为空") || text.contains("不能为空"), "{text}");
}

/// The screen's text with borders and spaces taken out, to find wrapped text whole.
fn squeezed(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !"│┌┐└┘─".contains(*c))
        .collect()
}

#[test]
fn now_records_and_a_refused_form_at_80_and_120_columns() {
    for (w, h) in [(80, 24), (120, 40)] {
        let (_dir, mut app) = fixture::branch(Lang::Zh);
        let now = screen(&draw(&app, w, h));
        insta::assert_snapshot!(format!("now_{w}x{h}"), now);
        // The due column keeps its 天, whatever the width.
        for line in now
            .lines()
            .filter(|l| l.contains("逾期") && l.contains('●'))
        {
            assert!(
                line.trim_end_matches(['│', ' ']).ends_with('天'),
                "{w}: {line}"
            );
        }
        app.update(Action::Show(View::Records));
        let records = screen(&draw(&app, w, h));
        insta::assert_snapshot!(format!("records_{w}x{h}"), records);
        if w == 120 {
            // Room for the obligations whole.
            assert!(records.contains("主题党日+集中学习培训"), "{records}");
        }

        app.update(Action::Add);
        app.update(Action::NextField);
        type_text(&mut app, "学习");
        for _ in 0..5 {
            app.update(Action::NextField);
        }
        type_text(&mut app, "五月");
        app.update(Action::Save);
        let Mode::Record(form) = &app.mode else {
            panic!("the form stays open")
        };
        let message = form.error.clone().expect("refused").1;
        let text = screen(&draw(&app, w, h));
        insta::assert_snapshot!(format!("refused_form_{w}x{h}"), text);
        assert!(
            squeezed(&text).contains(&squeezed(&message)),
            "{message}\n{text}"
        );
    }
}
