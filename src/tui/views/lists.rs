//! 总览, 清单, 记录 and 成员: tables with a highlighted row.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::text::Span;
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};

use unicode_width::UnicodeWidthStr;

use crate::model::MarkState;
use crate::report::{hours, number};
use crate::score::By;
use crate::status::Status;
use crate::tui::app::{App, Sort, View, rows};
use crate::tui::text::{fit, wrap};
use crate::tui::theme;
use crate::tui::views::more;

/// A bordered table with the view's highlighted row, marked when it holds more rows
/// than it shows.
#[allow(clippy::too_many_arguments)]
fn render_table(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    view: View,
    header: Row,
    body: Vec<Row>,
    widths: &[Constraint],
    title: String,
) {
    let total = body.len();
    let selected = (total > 0).then_some(app.cursor[view.index()]);
    let t = Table::new(body, widths.to_vec())
        .header(header.style(theme::title()))
        .block(Block::bordered().title(title))
        .row_highlight_style(theme::selected())
        .column_spacing(1);
    let mut state = TableState::default().with_selected(selected);
    frame.render_stateful_widget(t, area, &mut state);
    more::show(
        frame,
        area,
        app.lang,
        total,
        state.offset(),
        more::table_rows(area),
    );
}

/// An org's scores as `得分/满分`, one per scored checklist in force, e.g. `81.5/100`.
fn score_cell(app: &App, org: &str) -> String {
    app.scores
        .get(org)
        .map(|list| {
            list.iter()
                .map(|s| format!("{}/{}", number(s.score), number(s.max)))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

pub fn overview(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    // The score column is there when some org is scored, as wide as its widest cell.
    let score_width = app
        .overview
        .iter()
        .map(|r| score_cell(app, &app.orgs[r.org].id).width())
        .max()
        .unwrap_or(0);
    let score_width = if score_width == 0 {
        0
    } else {
        score_width.clamp(l.pick("得分/满分", "score/max").width(), 15)
    };
    let mut widths = [
        Constraint::Fill(1),
        Constraint::Length(8),
        Constraint::Length(4),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(8),
        Constraint::Length(10),
    ];
    let mut header_cells = [
        l.pick("组织", "org"),
        l.pick("类型", "kind"),
        l.pick("逾期", "late"),
        l.pick("将到期", "soon"),
        l.pick("完成率", "done"),
        l.pick("学时达标", "hours ok"),
        l.pick("下次换届", "election"),
    ];
    let mut used = 8 + 4 + 6 + 6 + 8 + 10 + 6 + 2;
    if score_width > 0 {
        // Room for the scores: the election date gives way first.
        widths[6] = Constraint::Length(score_width as u16);
        header_cells[6] = l.pick("得分/满分", "score/max");
        used = used - 10 + score_width;
    }
    let name_width = (area.width as usize).saturating_sub(used);
    let header = Row::new(header_cells);
    // The first row on screen, as the table will scroll to keep the cursor in view.
    let shown = more::table_rows(area).max(1);
    let first_shown = (app.cursor[View::Overview.index()] + 1).saturating_sub(shown);
    let body: Vec<Row> = app
        .overview
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let org = &app.orgs[r.org];
            let name = match (r.depth, &org.parent) {
                // Under its department a branch drops the department's name, unless
                // the department has scrolled out of view.
                (1, Some(p)) => {
                    let parent = app
                        .orgs
                        .iter()
                        .find(|o| &o.id == p)
                        .map(|o| o.name.trim_end_matches("党委").trim_end_matches("党总支"))
                        .unwrap_or("");
                    let own = org.name.strip_prefix(parent).unwrap_or(&org.name);
                    if i == first_shown {
                        // The branch's own name whole, the department's cut to fit.
                        let room = name_width.saturating_sub(own.width() + 3);
                        format!("└ {}·{own}", fit(parent, room))
                    } else {
                        format!("└ {own}")
                    }
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
            // An election date already past is late, whatever the rest of the row says:
            // red and bold, so it stands out on a red row too.
            let election = match r.next_election {
                Some(d) if d < app.today => Cell::from(d.to_string()).style(theme::error()),
                Some(d) => Cell::from(d.to_string()),
                None => Cell::from(""),
            };
            Row::new([
                Cell::from(fit(&name, name_width)),
                Cell::from(l.kind(org.kind)),
                Cell::from(r.overdue.to_string()),
                Cell::from(r.due_soon.to_string()),
                Cell::from(ratio),
                Cell::from(hours_ok),
                if score_width > 0 {
                    Cell::from(score_cell(app, &org.id))
                } else {
                    election
                },
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
    render_table(
        app,
        frame,
        area,
        View::Overview,
        header,
        body,
        &widths,
        title,
    );
}

/// The glyph of a mark on an item without a status of its own. Distinct from the status
/// glyphs (● ◐ ○ ✓ –) where the meaning differs: ▸ is "doing", never "due soon".
fn mark_glyph(mark: Option<MarkState>, qualitative: bool) -> (&'static str, Style) {
    match mark {
        Some(MarkState::Done) => ("✓", theme::status(Status::Done)),
        Some(MarkState::Doing) => ("▸", theme::focus()),
        Some(MarkState::NotApplicable) => ("–", theme::dim()),
        _ if qualitative => ("□", Style::new()),
        _ => ("·", theme::dim()),
    }
}

pub fn tree(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    let rows = rows::tree(app);
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(7)]).areas(area);
    let scored = rows.iter().any(|r| r.points.is_some());
    let label_width =
        (list_area.width as usize).saturating_sub(6 + if scored { 2 * 6 + 2 } else { 0 });
    let body: Vec<Row> = rows
        .iter()
        .map(|r| {
            let (glyph, style) = match (r.status, r.mark) {
                (Some(s), None) => (theme::glyph(s), theme::status(s)),
                (_, mark) => mark_glyph(mark, r.qualitative),
            };
            let label = format!("{}{} {}", "  ".repeat(r.depth), r.item, r.label);
            let mut cells = vec![glyph.to_string(), fit(&label, label_width)];
            if scored {
                cells.push(r.points.map(number).unwrap_or_default());
                cells.push(match (r.score, r.by) {
                    (Some(s), Some(By::Hand)) => format!("{}*", number(s)),
                    (Some(s), Some(By::Penalty)) if s > 0.0 => format!("-{}", number(s)),
                    (Some(s), _) => number(s),
                    (None, Some(By::None)) => "—".into(),
                    (None, _) => String::new(),
                });
            }
            Row::new(cells).style(if r.depth == 0 {
                style.patch(theme::title())
            } else {
                style
            })
        })
        .collect();
    let mut widths = vec![Constraint::Length(2), Constraint::Fill(1)];
    // As many levels as the deepest checklist shown has (three at least).
    let depth = rows.iter().map(|r| r.depth + 1).max().unwrap_or(1);
    let indicators = l.indicator_levels(depth.max(3), " → ");
    let mut header = vec!["", indicators.as_str()];
    if scored {
        widths.extend([Constraint::Length(6), Constraint::Length(6)]);
        header.extend([l.pick("分值", "points"), l.pick("得分", "score")]);
    }
    let title = match app.selected_org().and_then(|o| app.scores.get(&o.id)) {
        Some(list) if !list.is_empty() => {
            // Each scored checklist's total, under its title where the titles fit beside
            // the "more" marker, else under its id.
            let totals = |name: &dyn Fn(&str) -> String| -> String {
                let totals: Vec<String> = list
                    .iter()
                    .map(|s| {
                        format!(
                            "{} {}/{}",
                            name(&s.checklist),
                            number(s.score),
                            number(s.max)
                        )
                    })
                    .collect();
                format!(
                    " {} · {} ",
                    l.pick("任务清单", "Checklist"),
                    totals.join(" · ")
                )
            };
            let by_title = totals(&|id| {
                let title = app.catalog.checklist(id).map_or(id, |c| c.title.as_str());
                crate::text::sanitize(title).into_owned()
            });
            if by_title.width() + 18 <= list_area.width as usize {
                by_title
            } else {
                totals(&|id| id.to_string())
            }
        }
        _ => format!(" {} ", l.pick("任务清单", "Checklist")),
    };
    render_table(
        app,
        frame,
        list_area,
        View::Tree,
        Row::new(header),
        body,
        &widths,
        title,
    );

    let width = detail_area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    if let Some(r) = rows.get(app.cursor[View::Tree.index()]) {
        let item = app.catalog.item(&r.checklist, &r.item);
        if let Some(text) = item.and_then(|i| i.text.as_deref().or(i.title.as_deref())) {
            lines.extend(wrap(text, width).into_iter().take(2).map(Line::raw));
        }
        let mark = app
            .marks
            .iter()
            .find(|m| m.checklist == r.checklist && m.item == r.item);
        let mut s = String::new();
        if let Some(p) = r.points {
            let by = match r.by {
                Some(By::Hand) => l.pick("手工评分", "by hand"),
                Some(By::Rule) => l.pick("按规则", "by rule"),
                Some(By::Bonus) => l.pick("加分", "bonus"),
                Some(By::Penalty) => l.pick("扣分", "penalty"),
                Some(By::None) => l.pick("未评分", "unscored"),
                None => "",
            };
            let score = r.score.map_or("—".into(), number);
            s = format!(
                "{} {} · {} {score} {by}",
                l.pick("分值", "points"),
                number(p),
                l.pick("得分", "score")
            );
        }
        if let Some(m) = mark {
            if !s.is_empty() {
                s.push_str(" · ");
            }
            s.push_str(&format!(
                "{}: {}",
                l.pick("标记", "mark"),
                l.mark_state(m.state)
            ));
            if let Some(n) = &m.note {
                s.push_str(&format!(" · {n}"));
            }
            if let Some(o) = &m.owner {
                s.push_str(&format!(" · {}: {o}", l.pick("负责人", "owner")));
            }
            if let Some(d) = m.deadline {
                s.push_str(&format!(" · {}: {d}", l.pick("时限", "deadline")));
            }
        }
        if !s.is_empty() {
            lines.extend(
                wrap(&s, width)
                    .into_iter()
                    .take(2)
                    .map(|t| Line::styled(t, theme::focus())),
            );
        } else if r.leaf {
            lines.push(Line::styled(
                l.pick(
                    "空格 标记进度 · e 填写落实措施、时限、得分",
                    "Space marks progress · e sets measures, deadline, score",
                ),
                theme::dim(),
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines).block(Block::bordered()), detail_area);
    render_tree_legend(app, frame, detail_area);
}

/// What the 清单 marks mean, on the bottom border of `area`.
fn render_tree_legend(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    let marks = [
        (
            "●",
            l.pick("逾期", "overdue"),
            theme::status(Status::Overdue),
        ),
        (
            "◐",
            l.pick("将到期", "soon"),
            theme::status(Status::DueSoon),
        ),
        ("○", l.pick("待完成", "pending"), Style::new()),
        ("✓", l.pick("完成", "done"), theme::status(Status::Done)),
        ("□", l.pick("待标记", "todo"), Style::new()),
        ("▸", l.pick("进行中", "doing"), theme::focus()),
        ("–", l.pick("不适用", "n/a"), theme::dim()),
        ("·", l.pick("无周期", "none"), theme::dim()),
        ("*", l.pick("手工分", "hand"), Style::new()),
    ];
    let mut spans = vec![Span::raw(" ")];
    for (glyph, meaning, style) in marks {
        spans.push(Span::styled(glyph, style));
        spans.push(Span::raw(format!(" {meaning} ")));
    }
    let line = Line::from(spans);
    if area.height < 2 || line.width() + 2 > area.width as usize {
        return;
    }
    let legend = Rect::new(area.x + 1, area.bottom() - 1, area.width - 2, 1);
    frame.render_widget(line, legend);
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

pub fn members(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    // Each member's hours in the year of the day judged, from the org's records already in
    // memory, as of that day: later records are left out.
    let as_of = app.as_of();
    let year = as_of.format("%Y").to_string();
    // The yearly 学时 only where the org owes them: in force, for its kind, not exempt.
    let required = app
        .catalog
        .obligation("study-hours")
        .filter(|o| {
            app.selected_org().is_some_and(|org| {
                o.applies_to_kind(org.kind)
                    && !org.exempt.contains_key(&o.id)
                    && app.catalog.in_force(org).contains(&o.checklist)
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
        .members
        .iter()
        .map(|m| {
            let sum: f64 = app
                .records
                .iter()
                .filter(|r| {
                    r.date <= as_of
                        && r.date.format("%Y").to_string() == year
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
    let title = format!(" {} {} ", app.members.len(), l.pick("名党员", "members"));
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
