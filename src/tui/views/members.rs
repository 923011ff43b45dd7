//! 成员: each member's hours against the per-member obligations.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::widgets::Row;

use crate::report::hours;
use crate::status::Status;
use crate::tui::action::View;
use crate::tui::app::App;
use crate::tui::text::fit;
use crate::tui::theme;
use crate::tui::views::table::render_table;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang();
    // Each member's hours in the year of the day judged, from the org's records already in
    // memory, as of that day: later records are left out.
    let as_of = app.data.as_of();
    let year = as_of.format("%Y").to_string();
    // The yearly 学时 only where the org owes them: in force, for its kind, not exempt.
    let required = app
        .data
        .catalog
        .obligation("study-hours")
        .filter(|o| {
            app.selected_org().is_some_and(|org| {
                o.applies_to_kind(org.kind)
                    && !org.exempt.contains_key(&o.id)
                    && app.data.catalog.in_force(org).contains(&o.checklist)
            })
        })
        .and_then(|o| o.hours);
    let widths = [
        Constraint::Length(6),
        Constraint::Length(10),
        Constraint::Fill(1),
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Length(9),
    ];
    let body: Vec<Row> = app
        .data
        .members
        .iter()
        .map(|m| {
            let sum: f64 = app
                .data
                .records
                .iter()
                .filter(|r| {
                    r.date <= as_of
                        && r.date.format("%Y").to_string() == year
                        && r.obligations.iter().any(|o| o == "study-hours")
                })
                .filter(|r| match &r.attendees {
                    Some(a) => a.contains(&m.id),
                    None => m.expected_on(r.date),
                })
                .map(|r| r.hours.unwrap_or(0.0))
                .sum();
            // Applicants, activists and candidates owe no 学时: their stage shows instead.
            let party = m.is_party_member_on(as_of);
            let short = party && required.is_some_and(|req| sum + 1e-9 < req);
            let h = match required {
                _ if !party => l.stage(m.stage).to_string(),
                Some(req) => format!("{}/{}", hours(sum), hours(req)),
                None => hours(sum),
            };
            let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            let style = if m.left_on.is_some_and(|d| d < app.data.today) {
                theme::dim()
            } else if short {
                theme::status(Status::DueSoon)
            } else {
                Style::new()
            };
            Row::new([
                m.id.clone(),
                fit(&m.name, 10),
                fit(&m.tags.join(","), 40),
                date(m.joined_on),
                date(m.left_on),
                h,
            ])
            .style(style)
        })
        .collect();
    let header = Row::new([
        l.pick("编号", "id"),
        l.pick("姓名", "name"),
        l.pick("标签", "tags"),
        l.pick("入党/转入", "joined"),
        l.pick("转出", "left"),
        l.pick("本年学时", "hours"),
    ]);
    let title = format!(
        " {} {} ",
        app.data.members.len(),
        l.pick("名党员", "members")
    );
    render_table(
        app,
        frame,
        area,
        View::Members,
        header,
        body,
        &widths,
        title,
    );
}
