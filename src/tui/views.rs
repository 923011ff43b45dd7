//! Drawing: reads the app, changes nothing. One `render_*` per region.

mod development;
mod dues;
mod forms;
mod members;
mod more;
mod overview;
pub mod period;
mod records;
mod table;
mod tree;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::action::View;
use super::app::{App, Mode, Pending};
use super::text::{fit, wrap};
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
    let footer_lines = footer_lines(app, area.width as usize);
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(footer_lines.len() as u16),
    ])
    .areas(area);
    render_header(app, frame, header);
    if app.data.orgs.is_empty() {
        render_first_run(app, frame, body);
    } else {
        match app.view {
            View::Period => period::render(app, frame, body),
            View::Overview => overview::render(app, frame, body),
            View::Tree => tree::render(app, frame, body),
            View::Records => records::render(app, frame, body),
            View::Members => members::render(app, frame, body),
            View::Development => development::render(app, frame, body),
            View::Dues => dues::render(app, frame, body),
        }
    }
    render_footer(app, frame, footer, footer_lines);
    match &app.mode {
        Mode::Help => render_help(app, frame, area),
        Mode::PickOrg(p) => forms::org_picker(app, frame, area, &p.query, &p.matches, p.pick),
        Mode::Record(form) => forms::record(app, frame, area, form),
        Mode::Fields(form) => forms::fields(app, frame, area, form),
        Mode::Confirm(pending) => forms::question(frame, area, &confirm_text(app, pending)),
        Mode::Normal | Mode::Filter => {}
    }
}

/// The delete question, naming what goes: a record's date, type and topic, or a member.
fn confirm_text(app: &App, pending: &Pending) -> String {
    let l = app.lang();
    let what = match pending {
        Pending::DeleteRecord(id) => match app.data.records.iter().find(|r| &r.id == id) {
            Some(r) => {
                let titles: Vec<&str> = r
                    .obligations
                    .iter()
                    .map(|o| app.data.catalog.title(o))
                    .collect();
                let mut s = format!("{} {}", r.date, titles.join("+"));
                if let Some(t) = &r.topic {
                    s.push_str(&format!(" “{}”", fit(t, 30)));
                }
                s
            }
            None => id.clone(),
        },
        Pending::DeleteMember(id) => match app.data.members.iter().find(|m| &m.id == id) {
            Some(m) => format!("{} {} ({id})", l.pick("党员", "member"), m.name),
            None => id.clone(),
        },
        Pending::DeletePayment(member, id) => {
            let name = app
                .data
                .members
                .iter()
                .find(|m| &m.id == member)
                .map_or(member.as_str(), |m| m.name.as_str());
            match app.data.dues_payments.iter().find(|p| &p.id == id) {
                Some(p) => match l {
                    crate::lang::Lang::Zh => {
                        format!(
                            "{name} {} 至 {} 的党费交纳（{} 元）",
                            p.from, p.to, p.amount
                        )
                    }
                    crate::lang::Lang::En => {
                        format!(
                            "{name}'s dues payment for {} to {} ({})",
                            p.from, p.to, p.amount
                        )
                    }
                },
                None => id.clone(),
            }
        }
    };
    let what = super::text::visible(&what).into_owned();
    match l {
        crate::lang::Lang::Zh => format!("删除 {what}？\n(y 删除 / n 取消)"),
        crate::lang::Lang::En => format!("Delete {what}?\n(y yes / n no)"),
    }
}

fn render_too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = match app.lang() {
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
    let l = app.lang();
    let [tabs_line, org_line] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let names = [
        l.pick("本期", "Now"),
        l.pick("总览", "Overview"),
        l.pick("清单", "Checklist"),
        l.pick("记录", "Records"),
        l.pick("成员", "Members"),
        l.pick("发展", "Pipeline"),
        l.pick("党费", "Dues"),
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
    let date = format!("{} {}", l.pick("今天", "today"), app.data.today);
    let [tabs_area, date_area] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(date.len() as u16 + 6),
    ])
    .areas(tabs_line);
    frame.render_widget(Line::from(spans), tabs_area);
    frame.render_widget(Line::from(date).right_aligned(), date_area);

    // The org a key acts on: in 总览 the highlighted row, elsewhere the selected org,
    // counted on the day the views judge.
    let (org, status) = match app.view {
        View::Overview => match app.highlighted_org() {
            Some(i) => {
                let org = &app.data.orgs[i];
                (org, app.data.facts(i).summary)
            }
            None => return,
        },
        _ => match app.selected_org() {
            Some(org) => (
                org,
                app.data
                    .org_status()
                    .map(|s| s.summary())
                    .unwrap_or_default(),
            ),
            None => return,
        },
    };
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
    let mut counts = counts;
    // Counted on another day than today: the header says which.
    if app.view != View::Overview && app.data.shift != 0 {
        let day = app.data.as_of();
        let word = if day > app.data.today {
            l.pick("预览", "preview")
        } else {
            l.pick("截至", "as of")
        };
        counts.push(Span::styled(format!(" · {word} {day}"), theme::focus()));
    }
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

/// The footer: a message (wrapped, never cut) above the view's key hints, so a notice and
/// the keys show together; the `/` filter being typed.
fn footer_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let l = app.lang();
    if let Mode::Filter = app.mode {
        let text = format!(
            "/{}  ({})",
            app.views.records.filter.value(),
            l.pick("Enter 确定 · Esc 清除", "Enter keep · Esc clear")
        );
        return vec![Line::raw(fit(&text, width))];
    }
    let mut lines: Vec<Line> = match &app.message {
        Some((m, error)) => {
            let style = if *error {
                theme::error()
            } else {
                theme::focus()
            };
            wrap(m, width)
                .into_iter()
                .take(3)
                .map(|t| Line::styled(t, style))
                .collect()
        }
        None => Vec::new(),
    };
    lines.push(Line::styled(
        fit(&super::keys::hints(app.view, l), width),
        theme::dim(),
    ));
    lines
}

fn render_footer(app: &App, frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    frame.render_widget(Paragraph::new(lines), area);
    if let Mode::Filter = app.mode {
        frame.set_cursor_position((
            area.x + 1 + app.views.records.filter.cursor_column() as u16,
            area.y,
        ));
    }
}

fn render_first_run(app: &App, frame: &mut Frame, area: Rect) {
    let text = match app.lang() {
        crate::lang::Lang::Zh => {
            "还没有任何组织。\n\n按 A 在这里添加一个支部，或者在命令行添加：\n  dangjian org add --id cs-t1 --name 计算机学院教工第一党支部 \\\n      --kind teacher-branch\n  dangjian member add --org cs-t1 --id m01 --name 王伟\n\n或者先看看演示数据：\n  dangjian demo\n\n按 q 退出。"
        }
        crate::lang::Lang::En => {
            "There are no organizations yet.\n\nPress A to add a branch here, or add one from the command line:\n  dangjian org add --id cs-t1 --name \"CS teachers' branch 1\" \\\n      --kind teacher-branch\n  dangjian member add --org cs-t1 --id m01 --name \"Wang Wei\"\n\nOr look at the demo first:\n  dangjian demo\n\nPress q to quit."
        }
    };
    let block =
        Block::bordered().title(app.lang().pick(" 欢迎使用 党建 ", " Welcome to dangjian "));
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
        area,
    );
}

fn render_help(app: &App, frame: &mut Frame, area: Rect) {
    let lines: Vec<Line> = super::keys::help(app.lang())
        .into_iter()
        .map(|(k, meaning)| {
            Line::from(vec![
                Span::styled(format!(" {}", super::text::pad(k, 9)), theme::focus()),
                Span::raw(meaning),
            ])
        })
        .collect();
    let widest = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 3;
    let popup = area.centered(
        Constraint::Length(widest.min(area.width)),
        Constraint::Length((lines.len() as u16 + 2).min(area.height)),
    );
    forms::clear(frame, popup);
    let block = Block::bordered().title(
        app.lang()
            .pick(" 按键（任意键关闭） ", " Keys (any key closes) "),
    );
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
