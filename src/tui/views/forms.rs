//! Pop-ups: the record form, small field forms, the org picker and yes/no questions.

mod attendance;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph};

use crate::tui::app::App;
use crate::tui::fields::FieldsForm;
use crate::tui::form::{Presence, RecordForm, Slot};
use crate::tui::input::Input;
use crate::tui::names::member_label;
use crate::tui::text::{fit, pad, visible, window, wrap};
use crate::tui::theme;
use crate::tui::views::more;
use unicode_width::UnicodeWidthStr;

/// Columns for a form's labels: the widest label and a space, so none is cut, but never
/// more than half the line.
fn label_width<'a>(labels: impl Iterator<Item = &'a str>, width: usize) -> usize {
    let widest = labels.map(UnicodeWidthStr::width).max().unwrap_or(0) + 1;
    widest.min(width / 2)
}

/// A `label value` line; the focused one is highlighted. A text field being edited shows
/// the part around its cursor, and the cursor's column is returned.
fn field_line<'a>(
    label: &str,
    label_cols: usize,
    value: &str,
    editing: Option<&Input>,
    focused: bool,
    refused: bool,
    width: usize,
) -> (Line<'a>, Option<u16>) {
    let style = if refused {
        theme::error()
    } else if focused {
        theme::focus()
    } else {
        Style::new()
    };
    let mark = if focused { "›" } else { " " };
    let room = width.saturating_sub(label_cols + 1);
    let (shown, cursor) = match editing {
        Some(input) => {
            let (shown, col) = window(&visible(input.value()), input.cursor(), room);
            (shown, Some((1 + label_cols + col) as u16))
        }
        None => (fit(value, room), None),
    };
    let line = Line::from(vec![
        Span::styled(format!("{mark}{}", pad(label, label_cols)), style),
        Span::raw(shown),
    ]);
    (line, cursor)
}

/// Clears the place of a pop-up. A wide character just left of it would cover the
/// pop-up's left border on a real terminal: it is blanked, by display width.
pub fn clear(frame: &mut Frame, popup: Rect) {
    frame.render_widget(Clear, popup);
    if popup.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in popup.top()..popup.bottom() {
        let cell = &mut buffer[(popup.x - 1, y)];
        if cell.symbol().width() > 1 {
            cell.set_symbol(" ");
        }
    }
}

pub fn record(app: &App, frame: &mut Frame, area: Rect, form: &RecordForm) {
    let l = app.lang();
    // The form grows with the terminal; a refusal is wrapped below the fields, whole.
    let width = area.width.saturating_sub(2).min(120);
    let message: Vec<String> = form
        .error
        .as_ref()
        .map(|(_, m)| wrap(m, width.saturating_sub(2) as usize))
        .unwrap_or_default();
    let height = (16 + message.len() as u16 + 1 + 2).min(area.height);
    let popup = area.centered(Constraint::Length(width), Constraint::Length(height));
    clear(frame, popup);
    let title = match (&form.editing, l) {
        (Some(_), _) => l.pick(" 编辑记录 ", " Edit record "),
        (None, _) => l.pick(" 记一笔 ", " New record "),
    };
    // The org the form writes into, which it knows itself.
    let org = app
        .data
        .org_by_id(&form.org)
        .map_or(form.org.as_str(), |o| o.name.as_str());
    let block = Block::bordered().title(format!("{title}· {} ", fit(org, 40)));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(16), Constraint::Fill(1)]).areas(inner);
    let [left, right] = Layout::horizontal([
        Constraint::Length((inner.width * 11 / 19).max(44)),
        Constraint::Fill(1),
    ])
    .areas(top);
    let w = left.width as usize;
    let refused = |s: Slot| form.error.as_ref().is_some_and(|(e, _)| *e == s);
    let focus = form.focus;
    // With nothing typed the field shows the highlighted choice, which Tab keeps.
    let obligation = if form.query.value().is_empty() {
        form.highlighted()
            .map_or("", |c| c.title.as_str())
            .to_string()
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
    let marked = |p: Presence| -> Vec<String> {
        form.attendance
            .iter()
            .filter(|a| a.2 == p)
            .map(|a| member_label(&app.data.members, &a.0, &a.1))
            .collect()
    };
    let present = marked(Presence::Present).len();
    let mut attendance = format!("{present}/{}", form.attendance.len());
    if present == form.attendance.len() {
        attendance = format!("{attendance} {}", l.pick("全到", "all present"));
    }
    for p in [Presence::Absent, Presence::Excused] {
        let who = marked(p);
        if !who.is_empty() {
            attendance = format!("{attendance} {}: {}", p.mark(l).1, who.join("、"));
        }
    }
    let slots: Vec<(Slot, &str, String)> = Slot::ORDER
        .iter()
        .map(|&slot| {
            let (label, value) = match slot {
                Slot::Obligation => (l.pick("类型", "type"), obligation.clone()),
                Slot::Implied => (l.pick("计入", "also"), implied.clone()),
                Slot::Date => (l.pick("日期", "date"), form.date.value().to_string()),
                Slot::Topic => (l.pick("主题", "topic"), form.topic.value().to_string()),
                Slot::Hours => (l.pick("学时", "hours"), form.hours.value().to_string()),
                Slot::Attendance => (l.pick("出席", "present"), attendance.clone()),
                Slot::ForPeriod => (l.pick("补开", "for"), form.for_period.value().to_string()),
                Slot::Note => (l.pick("备注", "note"), form.note.value().to_string()),
            };
            (slot, label, value)
        })
        .collect();
    let label_cols = label_width(slots.iter().map(|s| s.1), w);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor = None;
    for (row, (slot, label, value)) in slots.iter().enumerate() {
        // With nothing typed, the type field shows the highlighted choice.
        let searching = *slot != Slot::Obligation || !form.query.value().is_empty();
        let editing = (focus == *slot && slot.is_text() && searching && !form.asks_yes_no())
            .then(|| input_of(form, *slot));
        let (line, col) = field_line(
            label,
            label_cols,
            value,
            editing,
            focus == *slot,
            refused(*slot),
            w,
        );
        if let Some(col) = col {
            cursor = Some((left.x + col, left.y + row as u16 * 2));
        }
        lines.push(line);
        lines.push(Line::raw(""));
    }
    lines.pop();
    let mut below: Vec<Line> = message
        .into_iter()
        .map(|m| Line::styled(m, theme::error()))
        .collect();
    let hint = match focus {
        Slot::Obligation => l.pick(
            "输入筛选 · ↑↓ 选择 · Tab 确定",
            "type to search · ↑↓ pick · Tab accept",
        ),
        Slot::Date => l.pick(
            "2026-11-05、11-05、11/5 · + - 前后一天",
            "2026-11-05, 11-05, 11/5 · + - a day",
        ),
        Slot::Implied => l.pick(
            "空格 勾选/取消并下移 · j k 移动",
            "Space ticks and moves on · j k move",
        ),
        Slot::Attendance if form.amount_unit.is_some() => l.pick(
            "输入该成员的数值 · 空格 出席→缺席→请假 · ↑↓ 移动",
            "type the member's amount · Space: present → absent → on leave · ↑↓ move",
        ),
        Slot::Attendance => l.pick(
            "空格 出席→缺席→请假并下移 · j k 移动",
            "Space: present → absent → on leave, and on · j k move",
        ),
        Slot::ForPeriod => l.pick(
            "补开的周期，如 2026年9月 或 2026-09；留空为本期",
            "period made up, e.g. 2026-09; empty: none",
        ),
        _ => l.pick(
            "Tab 下一栏 · Ctrl-S 保存 · Esc 取消",
            "Tab next · Ctrl-S save · Esc cancel",
        ),
    };
    below.push(Line::styled(fit(hint, bottom.width as usize), theme::dim()));
    frame.render_widget(Paragraph::new(lines), left);
    frame.render_widget(Paragraph::new(below), bottom);

    // The right column lists what the focused field chooses from.
    let (title, items, selected): (String, Vec<ListItem>, Option<usize>) = match focus {
        Slot::Obligation => {
            let matches = form.matches();
            let items = matches
                .iter()
                .map(|c| ListItem::new(fit(&c.title, (right.width as usize).saturating_sub(3))))
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
                    ListItem::new(format!(
                        "[{}] {}",
                        if *t { "x" } else { " " },
                        fit(&c.title, (right.width as usize).saturating_sub(7))
                    ))
                })
                .collect();
            (
                l.pick(" 同时计入 ", " Also counts for ").into(),
                items,
                Some(form.implied_cursor),
            )
        }
        _ => {
            let (title, items) = attendance::items(app, form, l, right.width as usize);
            (
                title,
                items,
                (focus == Slot::Attendance).then_some(form.attendance_cursor),
            )
        }
    };
    let total = items.len();
    let list = List::new(items)
        .block(Block::bordered().title(title))
        .highlight_style(theme::selected());
    let mut state = ListState::default().with_selected(selected);
    frame.render_stateful_widget(list, right, &mut state);
    more::show(
        frame,
        right,
        l,
        total,
        state.offset(),
        more::list_rows(right),
    );

    if form.confirm_discard {
        question(
            frame,
            area,
            l.pick(
                "放弃这条记录？(y 放弃 / n 继续编辑)",
                "Discard this record? (y discard / n keep editing)",
            ),
        );
    } else if form.confirm_no_topic {
        let what = visible(form.highlighted().map_or("", |c| c.title.as_str()));
        let text = match l {
            crate::lang::Lang::Zh => {
                format!("这次{what}没有填写主题，仍然保存？\n(y 保存 / n 填写主题)")
            }
            crate::lang::Lang::En => {
                format!("This {what} has no topic. Save anyway?\n(y save / n add a topic)")
            }
        };
        question(frame, area, &text);
    } else if let Some(at) = cursor {
        frame.set_cursor_position(at);
    }
}

/// The text a field slot edits.
fn input_of(form: &RecordForm, slot: Slot) -> &Input {
    match slot {
        Slot::Obligation => &form.query,
        Slot::Date => &form.date,
        Slot::Topic => &form.topic,
        Slot::Hours => &form.hours,
        Slot::ForPeriod => &form.for_period,
        _ => &form.note,
    }
}

pub fn fields(app: &App, frame: &mut Frame, area: Rect, form: &FieldsForm) {
    // As wide as the terminal allows up to 100 columns; a refusal wraps, whole.
    let width = area.width.saturating_sub(4).clamp(64, 100);
    let message = form
        .error
        .as_ref()
        .map(|(_, m)| wrap(m, width.saturating_sub(2) as usize))
        .unwrap_or_default();
    let height = (form.fields.len() as u16 * 2 + 3 + message.len().max(1) as u16).min(area.height);
    let popup = area.centered(Constraint::Length(width), Constraint::Length(height));
    clear(frame, popup);
    let block = Block::bordered().title(format!(" {} ", fit(&form.title, width as usize - 6)));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let w = inner.width as usize;
    let label_cols = label_width(form.fields.iter().map(|f| f.0.as_str()), w);
    let mut lines = Vec::new();
    let mut cursor = None;
    for (i, (label, input)) in form.fields.iter().enumerate() {
        let refused = form.error.as_ref().is_some_and(|(f, _)| *f == i);
        let focused = form.focus == i;
        let editing = (focused && !form.locked[i] && !form.confirm_discard).then_some(input);
        let (line, col) = field_line(
            label,
            label_cols,
            input.value(),
            editing,
            focused,
            refused,
            w,
        );
        if let Some(col) = col {
            cursor = Some((inner.x + col, inner.y + i as u16 * 2));
        }
        lines.push(if form.locked[i] {
            line.style(theme::dim())
        } else {
            line
        });
        lines.push(Line::raw(""));
    }
    let l = app.lang();
    match (&form.error, form.at_end) {
        (Some(_), _) => lines.extend(message.into_iter().map(|m| Line::styled(m, theme::error()))),
        (None, Some(last)) => {
            let mut s = if last {
                l.pick(
                    "已是最后一栏；Ctrl-S 或 Enter 保存",
                    "last field; Ctrl-S or Enter saves",
                )
                .to_string()
            } else {
                l.pick("已是第一栏", "first field").to_string()
            };
            let locked = form.locked_labels();
            if !locked.is_empty() {
                s.push_str(&match l {
                    crate::lang::Lang::Zh => format!("（{} 不可编辑）", locked.join("、")),
                    crate::lang::Lang::En => format!(" ({} cannot be edited)", locked.join(", ")),
                });
            }
            lines.push(Line::styled(fit(&s, w), theme::focus()));
        }
        (None, None) => lines.push(Line::styled(
            l.pick(crate::tui::keys::FORM_HINT.0, crate::tui::keys::FORM_HINT.1),
            theme::dim(),
        )),
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if form.confirm_discard {
        question(
            frame,
            area,
            app.lang().pick(
                "放弃修改？(y 放弃 / n 继续编辑)",
                "Discard changes? (y discard / n keep editing)",
            ),
        );
    } else if let Some(at) = cursor {
        frame.set_cursor_position(at);
    }
}

pub fn org_picker(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    query: &Input,
    matches: &[usize],
    pick: usize,
) {
    let l = app.lang();
    // 60×16 at 80×24, growing with the terminal so long names keep their ids.
    let width = (area.width * 3 / 4).clamp(60, 100);
    let height = (area.height * 2 / 3).clamp(16, 30);
    let popup = area.centered(Constraint::Length(width), Constraint::Length(height));
    clear(frame, popup);
    let block = Block::bordered().title(l.pick(
        " 选择组织（输入筛选，Enter 确定） ",
        " Choose org (type to filter, Enter) ",
    ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [input_area, list_area] =
        Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner);
    let (shown, col) = window(
        &visible(query.value()),
        query.cursor(),
        (input_area.width as usize).saturating_sub(2),
    );
    frame.render_widget(Line::from(format!("> {shown}")), input_area);
    frame.set_cursor_position((input_area.x + 2 + col as u16, input_area.y));
    if matches.is_empty() {
        frame.render_widget(
            Line::styled(l.pick("无匹配", "no match"), theme::dim()),
            list_area,
        );
        return;
    }
    // Worst first, so each row says how much is overdue. Only the items around those on
    // screen are made; the others stand empty, never drawn.
    let shown = list_area.height as usize;
    let made = (pick + 1).saturating_sub(2 * shown)..pick + 2 * shown;
    let items: Vec<ListItem> = matches
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            if !made.contains(&n) {
                return ListItem::new("");
            }
            let o = &app.data.orgs[i];
            let overdue = app.data.facts(i).summary.overdue;
            let late = format!("{} {overdue}", l.status(crate::status::Status::Overdue));
            let room = (list_area.width as usize).saturating_sub(late.width() + 1);
            let name = pad(&fit(&format!("{}  ({})", o.name, o.id), room), room);
            ListItem::new(format!("{name} {late}"))
        })
        .collect();
    let list = List::new(items).highlight_style(theme::selected());
    let mut state = ListState::default()
        .with_selected((!matches.is_empty()).then_some(pick.min(matches.len() - 1)));
    frame.render_stateful_widget(list, list_area, &mut state);
    more::show(
        frame,
        popup,
        l,
        matches.len(),
        state.offset(),
        list_area.height as usize,
    );
}

/// A yes/no question in a box, wrapped by display width to fit the screen, so the keys
/// to answer with always show.
pub fn question(frame: &mut Frame, area: Rect, text: &str) {
    let room = (area.width as usize).saturating_sub(6).max(10);
    let lines: Vec<String> = text.split('\n').flat_map(|l| wrap(l, room)).collect();
    let inner = lines.iter().map(|l| l.width()).max().unwrap_or(0) as u16 + 2;
    let popup = area.centered(
        Constraint::Length((inner + 2).min(area.width)),
        Constraint::Length(lines.len() as u16 + 2),
    );
    clear(frame, popup);
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::raw(format!(" {l}")))
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().border_style(theme::focus())),
        popup,
    );
}
