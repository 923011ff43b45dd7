//! 清单: the indicator tree with status, points, score and marks.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row};
use unicode_width::UnicodeWidthStr;

use crate::model::MarkState;
use crate::report::number;
use crate::score::By;
use crate::status::Status;
use crate::tui::action::View;
use crate::tui::app::{App, rows};
use crate::tui::text::{fit, wrap};
use crate::tui::theme;
use crate::tui::views::table::render_table;

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

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang();
    let rows = rows::tree(app);
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(7)]).areas(area);
    let scored = rows.iter().any(|r| r.points.is_some());
    let label_width =
        (list_area.width as usize).saturating_sub(6 + if scored { 2 * 6 + 2 } else { 0 });
    let body: Vec<Row> = rows
        .iter()
        .map(|r| {
            if r.is_heading() {
                let title = crate::text::sanitize(&r.label).into_owned();
                let mut cells = vec![String::from("▌"), fit(&title, label_width)];
                if scored {
                    cells.push(r.points.map(number).unwrap_or_default());
                    cells.push(r.score.map(number).unwrap_or_default());
                }
                return Row::new(cells).style(theme::heading());
            }
            let (glyph, style) = match (r.status, r.mark) {
                (Some(s), None) => (theme::glyph(s), theme::status(s)),
                (_, mark) => mark_glyph(mark, r.qualitative),
            };
            let label = format!("{}{} {}", "  ".repeat(r.depth + 1), r.item, r.label);
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
    // The title names the highlighted row's checklist (which of how many), with its score.
    let headings: Vec<&rows::TreeRow> = rows.iter().filter(|r| r.is_heading()).collect();
    let title = match rows.get(app.views.tree.cursor) {
        Some(at) => {
            let n = headings
                .iter()
                .position(|h| h.checklist == at.checklist)
                .map_or(0, |i| i + 1);
            let heading = headings.get(n.saturating_sub(1));
            let score = heading
                .and_then(|h| Some(format!(" {}/{}", number(h.score?), number(h.points?))))
                .unwrap_or_default();
            let name = heading.map_or(String::new(), |h| {
                crate::text::sanitize(&h.label).into_owned()
            });
            let room = (list_area.width as usize).saturating_sub(score.width() + 30);
            format!(
                " {} {n}/{}：{}{score} ",
                l.pick("清单", "Checklist"),
                headings.len(),
                fit(&name, room)
            )
        }
        None => format!(" {} ", l.pick("任务清单", "Checklist")),
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
    if let Some(r) = rows.get(app.views.tree.cursor) {
        let item = app.data.catalog.item(&r.checklist, &r.item);
        if let Some(text) = item.and_then(|i| i.text.as_deref().or(i.title.as_deref())) {
            lines.extend(wrap(text, width).into_iter().take(2).map(Line::raw));
        }
        let mark = app
            .data
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
    let l = app.lang();
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
