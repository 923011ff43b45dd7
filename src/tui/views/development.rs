//! 发展: each person on the path into the party, their stage, since when, the next stage
//! and its earliest day, and each obligation of their stage with its status; overdue first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row};
use unicode_width::UnicodeWidthStr;

use crate::tui::action::View;
use crate::tui::app::App;
use crate::tui::app::development::{overdue, people, shows_org};
use crate::tui::text::fit;
use crate::tui::theme;
use crate::tui::views::table::render_table;

/// The org column's width, when it is shown.
const ORG_WIDTH: usize = 14;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let [table_area, detail_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(6)]).areas(area);
    render_people(app, frame, table_area);
    render_detail(app, frame, detail_area);
}

fn render_people(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang();
    let list = people(app);
    // An organizer sees the orgs below: each row names its org, without the part of the
    // name it shares with the selected org (计算机学院党委 → 教工第一党支部).
    let orgs = shows_org(app).then(|| app.data.selected_org()).flatten();
    let org_name = |id: &str| {
        let name = app.data.org_by_id(id).map_or(id, |o| o.name.as_str());
        let top = orgs.map_or("", |o| o.name.as_str());
        let shared: usize = name
            .chars()
            .zip(top.chars())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a.len_utf8())
            .sum();
        let rest = &name[shared..];
        fit(if rest.is_empty() { name } else { rest }, ORG_WIDTH)
    };
    let mut widths = vec![
        Constraint::Length(8),
        Constraint::Length(12),
        Constraint::Length(10),
        Constraint::Length(17),
        Constraint::Fill(1),
    ];
    if orgs.is_some() {
        widths.insert(0, Constraint::Length(ORG_WIDTH as u16));
    }
    let body: Vec<Row> = list
        .iter()
        .map(|p| {
            // The earliest day only while it is still to come: before it, `>` is refused.
            let next = p.next.map_or(String::new(), |(s, e)| {
                let at = e
                    .filter(|d| *d > app.data.as_of())
                    .map(|d| format!(" {}", d.format("%y-%m-%d")))
                    .unwrap_or_default();
                format!("{}{at}", l.stage(s))
            });
            let owed: Vec<String> = p
                .obligations
                .iter()
                .map(|(id, due, s)| {
                    let title = app.data.catalog.title(id);
                    let this_year =
                        due.format("%Y").to_string() == app.data.today.format("%Y").to_string();
                    let day = due.format(if this_year { "%m-%d" } else { "%Y-%m-%d" });
                    format!("{title} {day} {}", l.status(*s))
                })
                .collect();
            let style = if overdue(p) {
                theme::status(crate::status::Status::Overdue)
            } else {
                Style::new()
            };
            let mut cells = vec![
                fit(&p.name, 8),
                fit(l.stage(p.stage), 12),
                p.since.map(|d| d.to_string()).unwrap_or_default(),
                fit(&next, 17),
                owed.join("；"),
            ];
            if orgs.is_some() {
                cells.insert(0, org_name(&p.org));
            }
            Row::new(cells).style(style)
        })
        .collect();
    let mut header = vec![
        l.pick("姓名", "name"),
        l.pick("阶段", "stage"),
        l.pick("起始", "since"),
        l.pick("下一阶段·最早", "next · earliest"),
        l.pick("应办事项", "owed"),
    ];
    if orgs.is_some() {
        header.insert(0, l.pick("组织", "org"));
    }
    let header = Row::new(header);
    let title = format!(
        " {} {} ",
        list.len(),
        l.pick("人在发展中", "in the pipeline")
    );
    render_table(
        app,
        frame,
        area,
        View::Development,
        header,
        body,
        &widths,
        title,
    );
}

/// The highlighted person's steps, one after another, each in its status's colour.
fn render_detail(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang();
    let Some(p) = people(app).get(app.views.development.cursor) else {
        let text = l.pick(
            "没有人在发展中：用 成员 视图或 member add --stage 添加入党申请人。",
            "Nobody is on the path: add an applicant in 成员 or with member add --stage.",
        );
        frame.render_widget(Paragraph::new(text).block(Block::bordered()), area);
        return;
    };
    let org = app
        .data
        .org_by_id(&p.org)
        .map_or(p.org.as_str(), |o| o.name.as_str());
    let title = format!(" {} · {} · {} ", p.name, l.stage(p.stage), org);
    let width = area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut line: Vec<Span> = Vec::new();
    let mut used = 0;
    for (id, due, s) in &p.obligations {
        let step = format!(
            "{} {} {due} {}",
            theme::glyph(*s),
            app.data.catalog.title(id),
            l.status(*s)
        );
        let w = step.width() + 2;
        if used > 0 && used + w > width {
            lines.push(Line::from(std::mem::take(&mut line)));
            used = 0;
        }
        line.push(Span::styled(fit(&step, width), theme::status(*s)));
        line.push(Span::raw("  "));
        used += w;
    }
    if !line.is_empty() {
        lines.push(Line::from(line));
    }
    if lines.is_empty() {
        lines.push(Line::raw(
            l.pick("此阶段暂无应办事项", "nothing owed at this stage"),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        area,
    );
}
