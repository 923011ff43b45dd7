//! Drawing: reads the app, changes nothing. One `render_*` per region.

mod forms;
mod lists;
mod more;
mod period;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Mode, Pending, View};
use super::text::fit;
use super::theme;
use crate::status::Status;

/// The smallest terminal everything fits in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return render_too_small(app, frame, area);
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(app, frame, header);
    if app.orgs.is_empty() {
        render_first_run(app, frame, body);
    } else {
        match app.view {
            View::Period => period::render(app, frame, body),
            View::Overview => lists::overview(app, frame, body),
            View::Tree => lists::tree(app, frame, body),
            View::Records => lists::records(app, frame, body),
            View::Members => lists::members(app, frame, body),
        }
    }
    render_footer(app, frame, footer);
    match &app.mode {
        Mode::Help => render_help(app, frame, area),
        Mode::PickOrg { query, pick } => forms::org_picker(app, frame, area, query, *pick),
        Mode::Record(form) => forms::record(app, frame, area, form),
        Mode::Fields(form) => forms::fields(app, frame, area, form),
        Mode::Confirm(pending) => forms::question(frame, area, &confirm_text(app, pending)),
        Mode::Normal | Mode::Filter => {}
    }
}

/// The delete question, naming what goes: a record's date, type and topic, or a member.
fn confirm_text(app: &App, pending: &Pending) -> String {
    let l = app.lang;
    let what = match pending {
        Pending::DeleteRecord(id) => match app.records.iter().find(|r| &r.id == id) {
            Some(r) => {
                let titles: Vec<&str> =
                    r.obligations.iter().map(|o| app.catalog.title(o)).collect();
                let mut s = format!("{} {}", r.date, titles.join("+"));
                if let Some(t) = &r.topic {
                    s.push_str(&format!(" “{}”", fit(t, 30)));
                }
                s
            }
            None => id.clone(),
        },
        Pending::DeleteMember(id) => match app.members.iter().find(|m| &m.id == id) {
            Some(m) => format!("{} {} ({id})", l.pick("党员", "member"), m.name),
            None => id.clone(),
        },
    };
    let what = super::text::visible(&what).into_owned();
    match l {
        crate::lang::Lang::Zh => format!("删除 {what}？\n(y 删除 / n 取消)"),
        crate::lang::Lang::En => format!("Delete {what}?\n(y yes / n no)"),
    }
}

fn render_too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = match app.lang {
        crate::lang::Lang::Zh => format!(
            "终端太小：至少需要 {MIN_WIDTH}×{MIN_HEIGHT}，当前 {}×{}。请放大窗口（q 退出）。",
            area.width, area.height
        ),
        crate::lang::Lang::En => format!(
            "Terminal too small: {MIN_WIDTH}×{MIN_HEIGHT} needed, this is {}×{}. Enlarge it (q quits).",
            area.width, area.height
        ),
    };
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

fn render_header(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    let [tabs_line, org_line] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let names = [
        l.pick("本期", "Now"),
        l.pick("总览", "Overview"),
        l.pick("清单", "Checklist"),
        l.pick("记录", "Records"),
        l.pick("成员", "Members"),
    ];
    let mut spans = vec![Span::styled(
        format!(" {} ", l.pick("党建", "dangjian")),
        theme::title(),
    )];
    for (i, (view, name)) in View::ALL.iter().zip(names).enumerate() {
        let style = if *view == app.view {
            theme::selected()
        } else {
            Style::new()
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(format!("{}{name}", i + 1), style));
    }
    let date = format!("{} {}", l.pick("今天", "today"), app.today);
    let [tabs_area, date_area] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(date.len() as u16 + 6),
    ])
    .areas(tabs_line);
    frame.render_widget(Line::from(spans), tabs_area);
    frame.render_widget(Line::from(date).right_aligned(), date_area);

    let Some(org) = app.selected_org() else {
        return;
    };
    let status = app
        .statuses
        .get(&org.id)
        .map(|s| s.summary())
        .unwrap_or_default();
    let counts = vec![
        Span::styled(
            format!("{} {}", l.status(Status::Overdue), status.overdue),
            theme::status(Status::Overdue),
        ),
        Span::raw(" · "),
        Span::styled(
            format!("{} {}", l.status(Status::DueSoon), status.due_soon),
            theme::status(Status::DueSoon),
        ),
        Span::raw(" · "),
        Span::styled(
            format!("{} {}", l.status(Status::Done), status.done),
            theme::status(Status::Done),
        ),
    ];
    let counts_width: usize = counts.iter().map(|s| s.width()).sum();
    let kind = format!(" {} ", l.kind(org.kind));
    let name_width = (area.width as usize).saturating_sub(counts_width + kind.width() + 1);
    let mut spans = vec![
        Span::styled(format!(" {}", fit(&org.name, name_width)), theme::title()),
        Span::raw(kind),
    ];
    spans.extend(counts);
    frame.render_widget(Line::from(spans), org_line);
}

fn render_footer(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    let (text, style) = match (&app.message, &app.mode) {
        (_, Mode::Filter) => (
            format!(
                "/{}  ({})",
                app.filter.value(),
                l.pick("Enter 确定 · Esc 清除", "Enter keep · Esc clear")
            ),
            Style::new(),
        ),
        (Some((m, true)), _) => (m.clone(), theme::error()),
        (Some((m, false)), Mode::Normal) => (m.clone(), theme::focus()),
        _ => {
            let hints = match app.view {
                View::Overview => l.pick(
                    "Enter 打开 · s 排序 · o 选组织 · 1-5 视图 · ? 帮助 · q 退出",
                    "Enter open · s sort · o org · 1-5 views · ? help · q quit",
                ),
                View::Period => l.pick(
                    "a 记一笔 · f 只看逾期 · [ ] 换期 · o 选组织 · ? 帮助 · q 退出",
                    "a add · f overdue only · [ ] period · o org · ? help · q quit",
                ),
                View::Tree => l.pick(
                    "空格 标记 · e 备注 · o 选组织 · ? 帮助 · q 退出",
                    "Space mark · e note · o org · ? help · q quit",
                ),
                View::Records => l.pick(
                    "a 新增 · e 编辑 · d 删除 · u 撤销 · / 筛选 · ? 帮助",
                    "a add · e edit · d delete · u undo · / filter · ? help",
                ),
                View::Members => l.pick(
                    "a 添加 · e 编辑 · d 删除 · o 选组织 · ? 帮助 · q 退出",
                    "a add · e edit · d delete · o org · ? help · q quit",
                ),
            };
            (hints.to_string(), theme::dim())
        }
    };
    frame.render_widget(Line::styled(fit(&text, area.width as usize), style), area);
    if let Mode::Filter = app.mode {
        frame.set_cursor_position((area.x + 1 + app.filter.cursor_column() as u16, area.y));
    }
}

fn render_first_run(app: &App, frame: &mut Frame, area: Rect) {
    let text = match app.lang {
        crate::lang::Lang::Zh => {
            "还没有任何组织。\n\n先在命令行添加一个支部：\n  dangjian org add --id cs-t1 --name 计算机学院教工第一党支部 --kind teacher-branch\n  dangjian member add --org cs-t1 --id m01 --name 王伟\n\n或者先看看演示数据：\n  dangjian demo\n\n按 q 退出。"
        }
        crate::lang::Lang::En => {
            "There are no organizations yet.\n\nAdd a branch from the command line:\n  dangjian org add --id cs-t1 --name \"CS teachers' branch 1\" --kind teacher-branch\n  dangjian member add --org cs-t1 --id m01 --name \"Wang Wei\"\n\nOr look at the demo first:\n  dangjian demo\n\nPress q to quit."
        }
    };
    let block = Block::bordered().title(app.lang.pick(" 欢迎使用 党建 ", " Welcome to dangjian "));
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
        area,
    );
}

fn render_help(app: &App, frame: &mut Frame, area: Rect) {
    let keys: &[(&str, &str, &str)] = &[
        (
            "1-5",
            "本期 / 总览 / 清单 / 记录 / 成员",
            "now / overview / checklist / records / members",
        ),
        (
            "j k ↑ ↓",
            "上下移动（PgUp/PgDn 翻页，g/G 首尾）",
            "move (PgUp/PgDn page, g/G first/last)",
        ),
        ("Enter", "打开组织 / 确认", "open org / accept"),
        (
            "Esc",
            "返回：记录/成员/清单 → 本期 → 总览；关闭弹窗",
            "back: records/members/checklist → now → overview",
        ),
        ("o", "选择组织（可模糊搜索）", "choose org (fuzzy)"),
        ("[ ]", "上一期 / 下一期", "previous / next period"),
        (
            "f",
            "本期：只看逾期和即将到期 / 全部",
            "now: overdue and due soon only / all",
        ),
        (
            "a",
            "新增记录（本期、记录）或党员（成员）",
            "add record (now, records) or member (members)",
        ),
        (
            "e",
            "编辑记录 / 党员 / 指标备注",
            "edit record / member / item note",
        ),
        ("d", "删除（会先询问）", "delete (asks first)"),
        ("u", "撤销删除记录", "undo a record deletion"),
        (
            "x",
            "导出 Excel（所选组织；总览中为全部）到当前文件夹",
            "export Excel (selected org; all from overview) here",
        ),
        ("空格", "标记指标 / 勾选出席", "mark item / tick attendance"),
        (
            "/",
            "筛选记录（日期、主题、类型、出席/缺席者）",
            "filter records (date, topic, type, who came or not)",
        ),
        (
            "s",
            "总览排序：最差 / 完成率 / 名称",
            "overview sort: worst / done ratio / name",
        ),
        (
            "完成率",
            "已完成 ÷（本期各项 + 今年错过的周期）",
            "done ÷ (current periods + periods missed this year)",
        ),
        (
            "Tab",
            "表单：下一栏（Shift-Tab 上一栏）",
            "form: next field (Shift-Tab back)",
        ),
        ("Ctrl-S", "表单：保存", "form: save"),
        (
            "+ -",
            "表单日期：前后一天",
            "form date: a day later / earlier",
        ),
        ("? q", "帮助 / 退出", "help / quit"),
    ];
    let lines: Vec<Line> = keys
        .iter()
        .map(|(k, zh, en)| {
            Line::from(vec![
                Span::styled(format!(" {}", super::text::pad(k, 9)), theme::focus()),
                Span::raw(app.lang.pick(zh, en).to_string()),
            ])
        })
        .collect();
    let popup = area.centered(
        Constraint::Length(64),
        Constraint::Length(lines.len() as u16 + 2),
    );
    forms::clear(frame, popup);
    let block = Block::bordered().title(
        app.lang
            .pick(" 按键（任意键关闭） ", " Keys (any key closes) "),
    );
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
