//! 发展: each person on the path into the party, their stage, since when, the next stage
//! and its earliest day, and each obligation of their stage with its status; overdue first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::widgets::Row;

use crate::tui::action::View;
use crate::tui::app::App;
use crate::tui::app::development::{overdue, people};
use crate::tui::text::fit;
use crate::tui::theme;
use crate::tui::views::table::render_table;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang();
    let list = people(app);
    let widths = [
        Constraint::Length(8),
        Constraint::Length(12),
        Constraint::Length(10),
        Constraint::Length(17),
        Constraint::Fill(1),
    ];
    let body: Vec<Row> = list
        .iter()
        .map(|p| {
            let next = p.next.map_or(String::new(), |(s, e)| {
                let at = e
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
            Row::new([
                fit(&p.name, 8),
                fit(l.stage(p.stage), 12),
                p.since.map(|d| d.to_string()).unwrap_or_default(),
                fit(&next, 17),
                owed.join("；"),
            ])
            .style(style)
        })
        .collect();
    let header = Row::new([
        l.pick("姓名", "name"),
        l.pick("阶段", "stage"),
        l.pick("起始", "since"),
        l.pick("下一阶段·最早", "next · earliest"),
        l.pick("应办事项", "owed"),
    ]);
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
