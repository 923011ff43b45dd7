//! 总览, 清单, 记录 and 成员: tables with a highlighted row.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState};

use crate::report::hours;
use crate::status::Status;
use crate::store::MarkState;
use crate::tui::app::{App, Sort, View, rows};
use crate::tui::text::{fit, wrap};
use crate::tui::theme;

fn table<'a>(
    app: &App,
    view: View,
    header: Row<'a>,
    body: Vec<Row<'a>>,
    widths: &'a [Constraint],
    title: String,
) -> (Table<'a>, TableState) {
    let selected = (!body.is_empty()).then_some(app.cursor[view.index()]);
    let t = Table::new(body, widths.to_vec())
        .header(header.style(theme::title()))
        .block(Block::bordered().title(title))
        .row_highlight_style(theme::selected())
        .column_spacing(1);
    (t, TableState::default().with_selected(selected))
}

pub fn overview(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    let widths = [
        Constraint::Fill(1),
        Constraint::Length(8),
        Constraint::Length(4),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(8),
        Constraint::Length(10),
    ];
    let name_width = (area.width as usize).saturating_sub(8 + 4 + 6 + 6 + 8 + 10 + 6 + 2);
    let header = Row::new([
        l.pick("组织", "org"),
        l.pick("类型", "kind"),
        l.pick("逾期", "late"),
        l.pick("将到期", "soon"),
        l.pick("完成率", "done"),
        l.pick("学时达标", "hours ok"),
        l.pick("下次换届", "election"),
    ]);
    let body: Vec<Row> = app
        .overview
        .iter()
        .map(|r| {
            let org = &app.orgs[r.org];
            let name = match (r.depth, &org.parent) {
                // Under its department a branch drops the department's name.
                (1, Some(p)) => {
                    let parent = app
                        .orgs
                        .iter()
                        .find(|o| &o.id == p)
                        .map(|o| o.name.trim_end_matches("党委").trim_end_matches("党总支"))
                        .unwrap_or("");
                    format!("└ {}", org.name.strip_prefix(parent).unwrap_or(&org.name))
                }
                _ => org.name.clone(),
            };
            let ratio = crate::report::percent(r.done_ratio);
            let hours_ok = r
                .hours
                .map_or("—".into(), |(total, met)| format!("{met}/{total}"));
            let style = if r.overdue > 0 {
                theme::status(Status::Overdue)
            } else if r.due_soon > 0 {
                theme::status(Status::DueSoon)
            } else {
                theme::status(Status::Done)
            };
            Row::new([
                fit(&name, name_width),
                l.kind(org.kind).to_string(),
                r.overdue.to_string(),
                r.due_soon.to_string(),
                ratio,
                hours_ok,
                r.next_election.map(|d| d.to_string()).unwrap_or_default(),
            ])
            .style(style)
        })
        .collect();
    let sort = match app.sort {
        Sort::Worst => l.pick("最差在前", "worst first"),
        Sort::DoneRatio => l.pick("完成率低在前", "lowest done first"),
        Sort::Name => l.pick("按名称", "by name"),
    };
    let title = format!(
        " {} {} · {} ",
        app.orgs.len(),
        l.pick("个组织", "orgs"),
        sort
    );
    let (t, mut state) = table(app, View::Overview, header, body, &widths, title);
    frame.render_stateful_widget(t, area, &mut state);
}

pub fn tree(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    let rows = rows::tree(app);
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(7)]).areas(area);
    let label_width = (list_area.width as usize).saturating_sub(6);
    let body: Vec<Row> = rows
        .iter()
        .map(|r| {
            let (glyph, style) = match (r.status, r.mark) {
                (Some(s), _) => (theme::glyph(s).to_string(), theme::status(s)),
                (None, Some(MarkState::Done)) => ("✓".into(), theme::status(Status::Done)),
                (None, Some(MarkState::Doing)) => ("◐".into(), theme::status(Status::DueSoon)),
                (None, Some(MarkState::NotApplicable)) => ("–".into(), theme::dim()),
                (None, _) if r.qualitative => ("□".into(), Style::new()),
                (None, _) => ("·".into(), theme::dim()),
            };
            let label = format!("{}{} {}", "  ".repeat(r.depth), r.item, r.label);
            Row::new([glyph, fit(&label, label_width)]).style(if r.depth == 0 {
                style.patch(theme::title())
            } else {
                style
            })
        })
        .collect();
    let widths = [Constraint::Length(2), Constraint::Fill(1)];
    let header = Row::new([
        "",
        l.pick("指标（一级 → 二级 → 三级）", "indicators (level 1 → 2 → 3)"),
    ]);
    let (t, mut state) = table(
        app,
        View::Tree,
        header,
        body,
        &widths,
        format!(" {} ", l.pick("任务清单", "Checklist")),
    );
    frame.render_stateful_widget(t, list_area, &mut state);

    let width = detail_area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    if let Some(r) = rows.get(app.cursor[View::Tree.index()]) {
        let item = app.catalog.item(&r.checklist, &r.item);
        if let Some(text) = item.and_then(|i| i.text.as_deref().or(i.title.as_deref())) {
            lines.extend(wrap(text, width).into_iter().take(3).map(Line::raw));
        }
        if let Some(m) = app
            .marks
            .iter()
            .find(|m| m.checklist == r.checklist && m.item == r.item)
        {
            let state = match m.state {
                MarkState::Todo => l.pick("未开始", "to do"),
                MarkState::Doing => l.pick("进行中", "doing"),
                MarkState::Done => l.pick("已完成", "done"),
                MarkState::NotApplicable => l.pick("不适用", "n/a"),
            };
            let mut s = format!("{}: {state}", l.pick("标记", "mark"));
            if let Some(n) = &m.note {
                s.push_str(&format!(" · {n}"));
            }
            if let Some(o) = &m.owner {
                s.push_str(&format!(" · {}: {o}", l.pick("负责人", "owner")));
            }
            if let Some(d) = m.deadline {
                s.push_str(&format!(" · {}: {d}", l.pick("时限", "deadline")));
            }
            lines.push(Line::styled(fit(&s, width), theme::focus()));
        } else if r.qualitative {
            lines.push(Line::styled(
                l.pick(
                    "空格 标记进度 · e 填写落实措施",
                    "Space marks progress · e adds measures",
                ),
                theme::dim(),
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines).block(Block::bordered()), detail_area);
}

pub fn records(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang;
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
            let titles: Vec<&str> = r.obligations.iter().map(|o| app.catalog.title(o)).collect();
            let present = match &r.attendees {
                None => l.pick("全体", "all").to_string(),
                Some(a) => format!("{}/{}", a.len(), a.len() + r.absentees(&app.members).len()),
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
    if !app.filter.value().is_empty() {
        title = format!(" {} · /{} ", title.trim(), app.filter.value());
    }
    let (t, mut state) = table(app, View::Records, header, body, &widths, title);
    frame.render_stateful_widget(t, area, &mut state);
}

pub fn members(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    // Each member's hours this year up to today, from the org's records already in memory.
    let year = app.today.format("%Y").to_string();
    let required = app.catalog.obligation("study-hours").and_then(|o| o.hours);
    let widths = [
        Constraint::Length(6),
        Constraint::Length(10),
        Constraint::Fill(1),
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Length(9),
    ];
    let body: Vec<Row> = app
        .members
        .iter()
        .map(|m| {
            let sum: f64 = app
                .records
                .iter()
                .filter(|r| {
                    r.date.format("%Y").to_string() == year
                        && r.date <= app.today
                        && r.obligations.iter().any(|o| o == "study-hours")
                })
                .filter(|r| match &r.attendees {
                    Some(a) => a.contains(&m.id),
                    None => m.in_scope(r.date, r.date),
                })
                .map(|r| r.hours.unwrap_or(0.0))
                .sum();
            let short = required.is_some_and(|req| sum + 1e-9 < req);
            let h = match required {
                Some(req) => format!("{}/{}", hours(sum), hours(req)),
                None => hours(sum),
            };
            let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            let style = if m.left_on.is_some_and(|d| d < app.today) {
                theme::dim()
            } else if short {
                theme::status(Status::DueSoon)
            } else {
                Style::new()
            };
            Row::new([
                m.id.clone(),
                fit(&m.name, 10),
                m.tags.join(","),
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
    let title = format!(" {} {} ", app.members.len(), l.pick("名党员", "members"));
    let (t, mut state) = table(app, View::Members, header, body, &widths, title);
    frame.render_stateful_widget(t, area, &mut state);
}
