//! 记录: the org's records, newest first, filtered with `/`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::Row;

use crate::report::hours;
use crate::tui::action::View;
use crate::tui::app::{App, rows};
use crate::tui::names::made_up_period;
use crate::tui::text::fit;
use crate::tui::views::table::{render_table, share, widest};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang();
    let list = rows::filtered_records(app);
    let header = [
        l.pick("日期", "date"),
        l.pick("义务", "obligation"),
        l.pick("主题", "topic"),
        l.pick("学时", "hours"),
        l.pick("出席", "present"),
    ];
    let cells: Vec<[String; 5]> = list
        .iter()
        .map(|r| {
            let titles: Vec<&str> = r
                .obligations
                .iter()
                .map(|o| app.data.catalog.title(o))
                .collect();
            let present = match &r.attendees {
                None => l.pick("全体", "all").to_string(),
                Some(a) => {
                    let leave = r.on_leave(&app.data.members);
                    let total = a.len() + r.absentees(&app.data.members).len() + leave.len();
                    let mut text = format!("{}/{total}", a.len());
                    if !leave.is_empty() {
                        let names: Vec<&str> = leave.iter().map(|m| m.name.as_str()).collect();
                        text = format!("{text} {} {}", l.pick("请假", "leave"), names.join(","));
                    }
                    text
                }
            };
            let mut topic = r.topic.clone().unwrap_or_default();
            if let Some(p) = made_up_period(&app.data.catalog, &app.data.cal, l, r) {
                topic = format!("[{}{p}] {topic}", l.pick("补", "for "));
            }
            [
                r.date.to_string(),
                titles.join("+"),
                topic,
                r.hours.map(hours).unwrap_or_default(),
                present,
            ]
        })
        .collect();
    // The obligations whole where the width allows, the topic taking the rest: at 80
    // columns the obligations give way to a topic of 20 columns.
    let mut natural: Vec<usize> = (0..5)
        .map(|c| widest(cells.iter().map(|r| r[c].as_str()).chain([header[c]])))
        .collect();
    natural[2] = natural[2].min(20);
    let w = share(&natural, area.width as usize, &[(1, 12), (2, 8)], 2);
    let widths: Vec<Constraint> = w.iter().map(|&n| Constraint::Length(n as u16)).collect();
    let body: Vec<Row> = cells
        .iter()
        .map(|cells| {
            Row::new(
                cells
                    .iter()
                    .zip(&w)
                    .map(|(c, &n)| fit(c, n))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let header = Row::new(header);
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
