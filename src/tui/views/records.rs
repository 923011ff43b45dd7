//! 记录: the org's records, newest first, filtered with `/`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::Row;

use crate::report::hours;
use crate::tui::action::View;
use crate::tui::app::{App, rows};
use crate::tui::text::fit;
use crate::tui::views::table::render_table;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang();
    let list = rows::filtered_records(app);
    let widths = [
        Constraint::Length(10),
        Constraint::Length(20),
        Constraint::Fill(1),
        Constraint::Length(5),
        Constraint::Length(7),
    ];
    let topic_width = (area.width as usize).saturating_sub(10 + 20 + 5 + 7 + 4 + 2);
    let body: Vec<Row> = list
        .iter()
        .map(|r| {
            let titles: Vec<&str> = r
                .obligations
                .iter()
                .map(|o| app.data.catalog.title(o))
                .collect();
            let present = match &r.attendees {
                None => l.pick("全体", "all").to_string(),
                Some(a) => format!(
                    "{}/{}",
                    a.len(),
                    a.len() + r.absentees(&app.data.members).len()
                ),
            };
            let mut topic = r.topic.clone().unwrap_or_default();
            if let Some(p) = &r.for_period {
                topic = format!("[{}{p}] {topic}", l.pick("补", "for "));
            }
            Row::new([
                r.date.to_string(),
                fit(&titles.join("+"), 20),
                fit(&topic, topic_width),
                r.hours.map(hours).unwrap_or_default(),
                present,
            ])
        })
        .collect();
    let header = Row::new([
        l.pick("日期", "date"),
        l.pick("义务", "obligation"),
        l.pick("主题", "topic"),
        l.pick("学时", "hours"),
        l.pick("出席", "present"),
    ]);
    let mut title = format!(" {} {} ", list.len(), l.pick("条记录", "records"));
    if !app.views.records.filter.value().is_empty() {
        title = format!(" {} · /{} ", title.trim(), app.views.records.filter.value());
    }
    render_table(
        app,
        frame,
        area,
        View::Records,
        header,
        body,
        &widths,
        title,
    );
}
