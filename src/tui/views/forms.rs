//! Pop-ups: the record form, small field forms, the org picker and yes/no questions.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph};

use crate::tui::app::{App, rows};
use crate::tui::fields::FieldsForm;
use crate::tui::form::{RecordForm, Slot};
use crate::tui::input::Input;
use crate::tui::text::{fit, pad};
use crate::tui::theme;

const LABEL: usize = 6;

/// A `label: value` line; the focused one is highlighted and gets the cursor.
fn field_line<'a>(
    label: &str,
    value: &str,
    focused: bool,
    refused: bool,
    width: usize,
) -> Line<'a> {
    let style = if refused {
        theme::error()
    } else if focused {
        theme::focus()
    } else {
        Style::new()
    };
    let mark = if focused { "›" } else { " " };
    Line::from(vec![
        Span::styled(format!("{mark}{}", pad(label, LABEL)), style),
        Span::raw(fit(value, width.saturating_sub(LABEL + 2))),
    ])
}

fn place_cursor(frame: &mut Frame, area: Rect, row: u16, input: &Input) {
    let x = area.x + 1 + LABEL as u16 + input.cursor_column() as u16;
    frame.set_cursor_position((x.min(area.right().saturating_sub(2)), area.y + row));
}

pub fn record(app: &App, frame: &mut Frame, area: Rect, form: &RecordForm) {
    let l = app.lang;
    let popup = area.centered(Constraint::Length(78), Constraint::Length(20));
    frame.render_widget(Clear, popup);
    let title = match (&form.editing, l) {
        (Some(_), _) => l.pick(" 编辑记录 ", " Edit record "),
        (None, _) => l.pick(" 记一笔 ", " New record "),
    };
    let org = app
        .selected_org()
        .map(|o| o.name.clone())
        .unwrap_or_default();
    let block = Block::bordered().title(format!("{title}· {} ", fit(&org, 40)));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [left, right] =
        Layout::horizontal([Constraint::Length(44), Constraint::Fill(1)]).areas(inner);
    let w = left.width as usize;
    let refused = |s: Slot| form.error.as_ref().is_some_and(|(e, _)| *e == s);
    let focus = form.focus;
    let obligation = if form.query.value().is_empty() {
        form.title_of_choice().unwrap_or("").to_string()
    } else {
        form.query.value().to_string()
    };
    let ticked: Vec<&str> = form
        .implied
        .iter()
        .filter(|(_, t)| *t)
        .map(|(c, _)| c.title.as_str())
        .collect();
    let implied = if form.implied.is_empty() {
        l.pick("—", "—").to_string()
    } else {
        format!(
            "{}/{} {}",
            ticked.len(),
            form.implied.len(),
            ticked.join("、")
        )
    };
    let present = form.attendance.iter().filter(|a| a.2).count();
    let absent: Vec<&str> = form
        .attendance
        .iter()
        .filter(|a| !a.2)
        .map(|a| a.1.as_str())
        .collect();
    let attendance = if absent.is_empty() {
        format!(
            "{present}/{} {}",
            form.attendance.len(),
            l.pick("全到", "all present")
        )
    } else {
        format!(
            "{present}/{} {}: {}",
            form.attendance.len(),
            l.pick("缺席", "absent"),
            absent.join("、")
        )
    };
    let slots: [(Slot, &str, String); 8] = [
        (Slot::Obligation, l.pick("类型", "type"), obligation),
        (Slot::Implied, l.pick("计入", "also"), implied),
        (
            Slot::Date,
            l.pick("日期", "date"),
            form.date.value().to_string(),
        ),
        (
            Slot::Topic,
            l.pick("主题", "topic"),
            form.topic.value().to_string(),
        ),
        (
            Slot::Hours,
            l.pick("学时", "hours"),
            form.hours.value().to_string(),
        ),
        (Slot::Attendance, l.pick("出席", "present"), attendance),
        (
            Slot::ForPeriod,
            l.pick("补开", "for"),
            form.for_period.value().to_string(),
        ),
        (
            Slot::Note,
            l.pick("备注", "note"),
            form.note.value().to_string(),
        ),
    ];
    let mut lines: Vec<Line> = Vec::new();
    for (slot, label, value) in &slots {
        lines.push(field_line(label, value, focus == *slot, refused(*slot), w));
        lines.push(Line::raw(""));
    }
    if let Some((_, message)) = &form.error {
        lines.pop();
        lines.push(Line::styled(fit(message, w), theme::error()));
    }
    let hint = match focus {
        Slot::Obligation => l.pick(
            "输入筛选 · ↑↓ 选择 · Tab 确定",
            "type to search · ↑↓ pick · Tab accept",
        ),
        Slot::Date => l.pick(
            "2026-11-05、11-05、11/5 · + - 前后一天",
            "2026-11-05, 11-05, 11/5 · + - a day",
        ),
        Slot::Implied | Slot::Attendance => {
            l.pick("j k 移动 · 空格 勾选", "j k move · Space ticks")
        }
        Slot::ForPeriod => l.pick(
            "补开的周期，如 2026-09；留空为本期",
            "period made up, e.g. 2026-09; empty: none",
        ),
        _ => l.pick(
            "Tab 下一栏 · Ctrl-S 保存 · Esc 取消",
            "Tab next · Ctrl-S save · Esc cancel",
        ),
    };
    lines.push(Line::styled(fit(hint, w), theme::dim()));
    frame.render_widget(Paragraph::new(lines), left);

    // The right column lists what the focused field chooses from.
    let (title, items, cursor): (String, Vec<ListItem>, Option<usize>) = match focus {
        Slot::Obligation => {
            let matches = form.matches();
            let items = matches
                .iter()
                .map(|c| ListItem::new(fit(&c.title, right.width as usize - 3)))
                .collect();
            (
                l.pick(" 选择类型 ", " Choose type ").into(),
                items,
                Some(form.pick.min(matches.len().saturating_sub(1))),
            )
        }
        Slot::Implied => {
            let items = form
                .implied
                .iter()
                .map(|(c, t)| {
                    ListItem::new(format!("[{}] {}", if *t { "x" } else { " " }, c.title))
                })
                .collect();
            (
                l.pick(" 同时计入 ", " Also counts for ").into(),
                items,
                Some(form.implied_cursor),
            )
        }
        _ => {
            let items = form
                .attendance
                .iter()
                .map(|(_, name, t)| {
                    ListItem::new(format!(
                        "[{}] {}",
                        if *t { "x" } else { " " },
                        fit(name, right.width as usize - 7)
                    ))
                    .style(if *t { Style::new() } else { theme::dim() })
                })
                .collect();
            (
                l.pick(" 出席 ", " Present ").into(),
                items,
                (focus == Slot::Attendance).then_some(form.attendance_cursor),
            )
        }
    };
    let list = List::new(items)
        .block(Block::bordered().title(title))
        .highlight_style(theme::selected());
    let mut state = ListState::default().with_selected(cursor);
    frame.render_stateful_widget(list, right, &mut state);

    if form.confirm_discard {
        question(
            frame,
            area,
            l.pick(
                "放弃这条记录？(y 放弃 / n 继续编辑)",
                "Discard this record? (y discard / n keep editing)",
            ),
        );
    } else if let Some(row) = slots
        .iter()
        .position(|(s, _, _)| *s == focus)
        .filter(|_| focus.is_text())
    {
        let input = match focus {
            Slot::Obligation => &form.query,
            Slot::Date => &form.date,
            Slot::Topic => &form.topic,
            Slot::Hours => &form.hours,
            Slot::ForPeriod => &form.for_period,
            _ => &form.note,
        };
        place_cursor(frame, left, row as u16 * 2, input);
    }
}

pub fn fields(app: &App, frame: &mut Frame, area: Rect, form: &FieldsForm) {
    let height = form.fields.len() as u16 * 2 + 4;
    let popup = area.centered(Constraint::Length(64), Constraint::Length(height));
    frame.render_widget(Clear, popup);
    let block = Block::bordered().title(format!(" {} ", form.title));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let w = inner.width as usize;
    let mut lines = Vec::new();
    for (i, (label, input)) in form.fields.iter().enumerate() {
        let refused = form.error.as_ref().is_some_and(|(f, _)| *f == i);
        let style = if form.locked[i] {
            theme::dim()
        } else {
            Style::new()
        };
        let line = field_line(label, input.value(), form.focus == i, refused, w);
        lines.push(if form.locked[i] {
            line.style(style)
        } else {
            line
        });
        lines.push(Line::raw(""));
    }
    match &form.error {
        Some((_, m)) => lines.push(Line::styled(fit(m, w), theme::error())),
        None => lines.push(Line::styled(
            app.lang.pick(
                "Tab 下一栏 · Ctrl-S 保存 · Esc 取消",
                "Tab next · Ctrl-S save · Esc cancel",
            ),
            theme::dim(),
        )),
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if form.confirm_discard {
        question(
            frame,
            area,
            app.lang.pick(
                "放弃修改？(y 放弃 / n 继续编辑)",
                "Discard changes? (y discard / n keep editing)",
            ),
        );
    } else {
        // Labels here are longer than in the record form: place the cursor after them.
        let label_cols = 1 + unicode_width::UnicodeWidthStr::width(
            pad(&form.fields[form.focus].0, LABEL).as_str(),
        ) as u16;
        let x = inner.x + label_cols + form.fields[form.focus].1.cursor_column() as u16;
        frame.set_cursor_position((
            x.min(inner.right().saturating_sub(1)),
            inner.y + form.focus as u16 * 2,
        ));
    }
}

pub fn org_picker(app: &App, frame: &mut Frame, area: Rect, query: &Input, pick: usize) {
    let l = app.lang;
    let popup = area.centered(Constraint::Length(60), Constraint::Length(16));
    frame.render_widget(Clear, popup);
    let block = Block::bordered().title(l.pick(
        " 选择组织（输入筛选，Enter 确定） ",
        " Choose org (type to filter, Enter) ",
    ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [input_area, list_area] =
        Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner);
    frame.render_widget(Line::from(format!("> {}", query.value())), input_area);
    frame.set_cursor_position((
        input_area.x + 2 + query.cursor_column() as u16,
        input_area.y,
    ));
    let matches = rows::org_matches(app, query.value());
    let items: Vec<ListItem> = matches
        .iter()
        .map(|&i| {
            let o = &app.orgs[i];
            ListItem::new(fit(
                &format!("{}  ({})", o.name, o.id),
                list_area.width as usize,
            ))
        })
        .collect();
    let list = List::new(items).highlight_style(theme::selected());
    let mut state = ListState::default()
        .with_selected((!matches.is_empty()).then_some(pick.min(matches.len() - 1)));
    frame.render_stateful_widget(list, list_area, &mut state);
}

pub fn question(frame: &mut Frame, area: Rect, text: &str) {
    let width = unicode_width::UnicodeWidthStr::width(text) as u16 + 4;
    let popup = area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(3),
    );
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(text).block(Block::bordered().border_style(theme::focus())),
        popup,
    );
}
