//! 本期: the selected org's obligations now, most urgent first, with the guide's text.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState};

use chrono::Datelike;

use crate::lang::Lang;
use crate::messages::checklists;
use crate::period::Every;
use crate::report::{hours, progress};
use crate::status::{PeriodStatus, Status};
use crate::tui::app::{App, PeriodRow};
use crate::tui::names::member_label;
use crate::tui::text::{fit, wrap};
use crate::tui::theme;
use crate::tui::views::more;
use crate::tui::views::table::{share, widest};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let rows = crate::tui::app::rows::period(app);
    let [table_area, detail_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(7)]).areas(area);
    render_table(app, frame, table_area, &rows);
    let selected = rows.get(app.views.period.cursor);
    render_detail(app, frame, detail_area, selected);
}

/// The branch's dues on the day viewed, for the top border of the list, `党费 2026年11月 · 3 人未交`: red when anyone is in
/// arrears, yellow when only this month is unpaid, green when all is paid. None when no
/// member of the org has a monthly amount.
fn dues_line(app: &App) -> Option<Line<'static>> {
    if app.data.dues_settings.is_empty() {
        return None;
    }
    let as_of = app.data.as_of();
    let unpaid = crate::judge::dues::unpaid(
        &app.data.members,
        &app.data.dues_settings,
        &app.data.dues_payments,
        as_of,
    );
    let status = if unpaid.iter().any(|u| u.standing.arrears > 0) {
        Status::Overdue
    } else if unpaid.is_empty() {
        Status::Done
    } else {
        Status::DueSoon
    };
    let month = crate::dues::Month::of(as_of);
    let text = crate::messages::dues::status_line(month, unpaid.len(), app.lang());
    Some(
        Line::from(Span::styled(
            format!(" {} {text} ", theme::glyph(status)),
            theme::status(status),
        ))
        .right_aligned(),
    )
}

fn due_text(app: &App, p: &PeriodStatus) -> String {
    let l = app.lang();
    let as_of = app.data.as_of();
    let days = p.days_left(as_of);
    let due = p.due.format("%m-%d").to_string();
    let due = if p.due.format("%Y").to_string() == as_of.format("%Y").to_string() {
        due
    } else {
        p.due.to_string()
    };
    if p.status.is_done() || p.status == Status::NotApplicable {
        return due;
    }
    match (l, days) {
        (_, 0) => format!("{due} {}", l.pick("今天", "today")),
        (Lang::Zh, d) if d > 0 => format!("{due} 剩{d}天"),
        (Lang::Zh, d) => format!("{due} 逾期{}天", -d),
        (Lang::En, d) if d > 0 => format!("{due} in {d}d"),
        (Lang::En, d) => format!("{due} {}d late", -d),
    }
}

/// The day the view judges, said plainly: today's list, an earlier day's, or a preview of
/// a day still to come (whose year's unfinished work no longer shows when the year changes).
pub fn day_viewed(app: &App) -> String {
    let l = app.lang();
    let (day, today) = (app.data.as_of(), app.data.today);
    match (day.cmp(&today), l) {
        (std::cmp::Ordering::Equal, _) => l.pick("本期应完成", "Owed now").to_string(),
        (std::cmp::Ordering::Less, Lang::Zh) => format!("截至 {day}"),
        (std::cmp::Ordering::Less, Lang::En) => format!("As of {day}"),
        (_, Lang::Zh) if day.year() > today.year() => format!(
            "预览未来的 {day}：尚无记录，{}年未完成的不在此列",
            today.year()
        ),
        (_, Lang::En) if day.year() > today.year() => format!(
            "Preview of {day}, still to come: nothing recorded, {}'s unfinished work not listed",
            today.year()
        ),
        (_, Lang::Zh) => format!("预览未来的 {day}：今天之后尚无记录"),
        (_, Lang::En) => format!("Preview of {day}, still to come: nothing recorded after today"),
    }
}

fn render_table(app: &App, frame: &mut Frame, area: Rect, rows: &[PeriodRow]) {
    let l = app.lang();
    let header = [
        l.pick("状态", "status"),
        l.pick("义务", "obligation"),
        l.pick("周期", "period"),
        l.pick("进度", "progress"),
        l.pick("截止", "due"),
    ];
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            let p = r.period(app);
            let o = &app.data.catalog.obligations[r.obligation];
            let status = if r.missed.is_some() {
                format!("{} {}", theme::glyph(p.status), l.pick("未补", "missed"))
            } else {
                format!("{} {}", theme::glyph(p.status), l.status(p.status))
            };
            [
                status,
                o.title.clone(),
                l.period_label(&p.period),
                progress(p, l),
                due_text(app, p),
            ]
        })
        .collect();
    // Every column as wide as it needs; when the width is short the obligation, then the
    // period give way, never the status, progress or due date (which keeps its 天).
    let natural: Vec<usize> = (0..5)
        .map(|c| widest(cells.iter().map(|r| r[c].as_str()).chain([header[c]])))
        .collect();
    let w = share(&natural, area.width as usize, &[(1, 14), (2, 8), (1, 8)], 1);
    let widths = w.iter().map(|&n| Constraint::Length(n as u16));
    let body: Vec<Row> = rows
        .iter()
        .zip(cells)
        .map(|(r, cells)| {
            let status = r.period(app).status;
            Row::new(
                cells
                    .iter()
                    .zip(&w)
                    .map(|(c, &n)| fit(c, n))
                    .collect::<Vec<_>>(),
            )
            .style(theme::status(status))
        })
        .collect();
    let header = Row::new(header).style(theme::title());
    let mut as_of = format!(" {} ", day_viewed(app));
    if app.views.period.owed_only {
        as_of.push_str(l.pick("· 只看尚欠的 ", "· owed only "));
    }
    // The branch's dues ride on the table's top border, right: the list keeps its rows.
    // The day viewed is never cut for them: when both do not fit, the dues line gives way
    // (党费 has its own view).
    let as_of_width = unicode_width::UnicodeWidthStr::width(as_of.as_str());
    let mut block = Block::bordered().title(as_of);
    if let Some(dues) = dues_line(app)
        && as_of_width + dues.width() + 3 <= area.width as usize
    {
        block = block.title(dues);
    }
    let table = Table::new(body, widths)
        .header(header)
        .block(block)
        .row_highlight_style(theme::selected())
        .column_spacing(1);
    let mut state =
        TableState::default().with_selected((!rows.is_empty()).then_some(app.views.period.cursor));
    frame.render_stateful_widget(table, area, &mut state);
    more::show(
        frame,
        area,
        l,
        rows.len(),
        state.offset(),
        more::table_rows(area),
    );
}

fn render_detail(app: &App, frame: &mut Frame, area: Rect, row: Option<&PeriodRow>) {
    let l = app.lang();
    let Some(row) = row else {
        let text = l.pick(
            "这个组织没有适用的义务。",
            "No obligation applies to this org.",
        );
        frame.render_widget(Paragraph::new(text).block(Block::bordered()), area);
        return;
    };
    let o = &app.data.catalog.obligations[row.obligation];
    let p = row.period(app);
    let inner_width = area.width.saturating_sub(2) as usize;
    let item = app.data.catalog.item(&o.checklist, &o.item);
    let checklist_title = app
        .data
        .catalog
        .checklist(&o.checklist)
        .map_or(o.checklist.as_str(), |c| c.title.as_str());
    let org = app.selected_org();
    let every = org.map_or(o.every, |org| o.every_for(org));
    let title = format!(
        " {} · {} {} · {} ",
        o.title,
        checklist_title,
        o.item,
        l.every(every)
    );
    // Where a cadence or a term's length comes from, when the org or the folder can
    // change it: a 定期 duty's default, a term's years.
    let rule = match org {
        Some(org) if o.regular => Some(checklists::cadence_from(
            every,
            org.every.contains_key(&o.id),
            l,
        )),
        Some(org) if o.every == Every::Term => {
            let (years, from) = o.term_years(org);
            Some(checklists::term_from(years, from, l))
        }
        _ => None,
    };
    let owned = item.is_some_and(|i| !i.owners.is_empty());
    let text_lines = if owned && rule.is_some() { 2 } else { 3 };
    let mut lines: Vec<Line> = Vec::new();
    if let Some(text) = item.and_then(|i| i.text.as_deref()) {
        for (i, line) in wrap(text, inner_width).into_iter().enumerate() {
            if i == text_lines {
                break;
            }
            lines.push(Line::raw(line));
        }
    }
    if let Some(rule) = rule {
        lines.push(Line::styled(fit(&rule, inner_width), theme::dim()));
    }
    if let Some(owners) = item.filter(|i| !i.owners.is_empty()) {
        lines.push(Line::styled(
            format!(
                "{}: {}",
                l.pick("责任单位", "responsible"),
                owners.owners.join("、")
            ),
            theme::dim(),
        ));
    }
    let counted: Vec<String> = p
        .records
        .iter()
        .filter_map(|id| app.data.records.iter().find(|r| &r.id == id))
        .map(|r| {
            let mut s = r.date.format("%m-%d").to_string();
            if let Some(t) = &r.topic {
                s.push(' ');
                s.push_str(t);
            }
            if let Some(h) = r.hours {
                s.push_str(&format!(" {}{}", hours(h), l.pick("学时", "h")));
            }
            s
        })
        .collect();
    let label = l.pick("已计入", "counted");
    let records_line = if counted.is_empty() {
        format!("{label}: {}", l.pick("无", "none"))
    } else {
        format!("{label} {}: {}", counted.len(), counted.join("；"))
    };
    lines.push(Line::raw(fit(&records_line, inner_width)));
    if !p.members_short.is_empty() {
        let short: Vec<String> = p
            .members_short
            .iter()
            .map(|m| {
                let name = member_label(&app.data.members, &m.id, &m.name);
                match (p.hours_required, l) {
                    (Some(req), _) => format!("{name} {}/{}", hours(m.hours), hours(req)),
                    (None, Lang::Zh) => format!("{name} {}次", m.count),
                    (None, Lang::En) => format!("{name} {}×", m.count),
                }
            })
            .collect();
        let text = format!(
            "{} {}: {}",
            l.pick("未达标", "short"),
            short.len(),
            short.join("、")
        );
        lines.push(Line::from(Span::styled(
            fit(&text, inner_width),
            theme::status(Status::Overdue),
        )));
    }
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(fit(&title, inner_width))),
        area,
    );
}
