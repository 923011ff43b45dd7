//! 党费: the selected org's members × the months of a year — ✓ paid, · due, ✗ in
//! arrears, – exempt or not a party member — coloured like statuses, what was collected
//! each month at the foot, and the highlighted member and month spelled out below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};

use crate::dues::{Fen, MemberDues, Month, MonthStatus, RED_RUN};
use crate::lang::Lang;
use crate::messages::dues::{flag_words, status_glyph, status_word};
use crate::status::Status;
use crate::tui::app::App;
use crate::tui::text::{fit, pad};
use crate::tui::theme;
use crate::tui::views::more;

/// Columns: name, monthly amount, then five per month (12 × 5 = 60; 75 in all at 80).
const NAME: u16 = 8;
const MONTHLY: u16 = 7;
const MONTH: u16 = 5;

/// A month's colour, like the statuses': paid green, due yellow, in arrears red.
pub fn month_style(s: MonthStatus) -> Style {
    match s {
        MonthStatus::Paid => theme::status(Status::Done),
        MonthStatus::Due => theme::status(Status::DueSoon),
        MonthStatus::Arrears => theme::status(Status::Overdue),
        MonthStatus::Exempt | MonthStatus::None => theme::dim(),
    }
}

/// An amount in at most `width` columns: exact when it fits, else whole 元.
fn short_amount(x: Fen, width: usize) -> String {
    let exact = x.to_string();
    let trimmed = exact.trim_end_matches('0').trim_end_matches('.');
    if exact.len() <= width {
        exact
    } else if trimmed.len() <= width {
        trimmed.to_string()
    } else {
        ((x.0 + 50) / 100).to_string()
    }
}

fn centered(s: &str, width: u16) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    let left = (width as usize).saturating_sub(w) / 2;
    pad(&format!("{}{s}", " ".repeat(left)), width as usize)
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let dues = app.org_dues();
    let [table_area, foot_area, detail_area] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(2),
    ])
    .areas(area);
    let l = app.lang();
    let year = dues.year;
    let highlighted = app.dues_month();
    let mut widths = vec![Constraint::Length(NAME), Constraint::Length(MONTHLY)];
    widths.extend([Constraint::Length(MONTH); 12]);
    let mut header = vec![
        Cell::from(pad(l.pick("姓名", "name"), NAME as usize)),
        Cell::from(pad(l.pick("月交纳", "monthly"), MONTHLY as usize)),
    ];
    header.extend(Month::year(year).map(|m| {
        let label = match l {
            Lang::Zh => format!("{}月", m.month),
            Lang::En => format!("{:>2}", m.month),
        };
        let style = if m == highlighted {
            theme::focus()
        } else {
            Style::new()
        };
        Cell::from(centered(&label, MONTH)).style(style)
    }));
    let cursor = app.views.dues.cursor;
    let body: Vec<Row> = dues
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| member_row(m, year, highlighted, i == cursor))
        .collect();
    let total = body.len();
    let title = match l {
        Lang::Zh => format!("党费 {year}年 · ✓ 已交 · 本月未交 ✗ 欠交 – 免交/非党员"),
        Lang::En => format!("Dues {year} · ✓ paid · due ✗ arrears – exempt/not a member"),
    };
    let table = Table::new(body, widths)
        .header(Row::new(header).style(theme::title()))
        .block(Block::bordered().title(fit(&title, area.width.saturating_sub(4) as usize)))
        .row_highlight_style(Style::new().add_modifier(Modifier::BOLD))
        .column_spacing(0);
    let mut state = TableState::default().with_selected((total > 0).then_some(cursor));
    frame.render_stateful_widget(table, table_area, &mut state);
    more::show(
        frame,
        table_area,
        l,
        total,
        state.offset(),
        more::table_rows(table_area),
    );
    // Each month's total collected, under its column.
    let mut foot = vec![Span::styled(
        format!(
            " {}{}",
            pad(l.pick("收缴合计", "collected"), NAME as usize),
            pad("", MONTHLY as usize)
        ),
        theme::title(),
    )];
    for (m, x) in &dues.collected {
        let text = if *x == Fen::ZERO {
            String::new()
        } else {
            short_amount(*x, MONTH as usize - 1)
        };
        let style = if *m == highlighted {
            theme::focus()
        } else {
            Style::new()
        };
        foot.push(Span::styled(centered(&text, MONTH), style));
    }
    frame.render_widget(Line::from(foot), foot_area);
    render_detail(app, frame, detail_area, &dues, highlighted);
}

fn member_row(m: &MemberDues, year: i32, highlighted: Month, selected: bool) -> Row<'static> {
    let name_style = if m.flagged() || m.current_run >= RED_RUN {
        theme::error()
    } else {
        Style::new()
    };
    let monthly = m.monthly.map_or(String::new(), |x| short_amount(x, 6));
    let mut cells = vec![
        Cell::from(pad(&m.name, NAME as usize)).style(name_style),
        Cell::from(format!("{monthly:>6} ")),
    ];
    cells.extend(Month::year(year).map(|month| {
        let Some(s) = m.months.get(&month).copied() else {
            return Cell::from(centered(
                if selected && month == highlighted {
                    "[ ]"
                } else {
                    ""
                },
                MONTH,
            ));
        };
        let glyph = status_glyph(s);
        let text = if selected && month == highlighted {
            format!("[{glyph}]")
        } else {
            glyph.to_string()
        };
        Cell::from(centered(&text, MONTH)).style(month_style(s))
    }));
    Row::new(cells)
}

fn render_detail(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    dues: &crate::dues::OrgDues,
    month: Month,
) {
    let l = app.lang();
    let width = area.width as usize;
    let Some(m) = dues.members.get(app.views.dues.cursor) else {
        let text = l.pick(
            "没有党员：在 成员 中添加，用 dues set 设置月交纳额",
            "no party members: add them in Members, set their dues with dues set",
        );
        frame.render_widget(Paragraph::new(fit(text, width)), area);
        return;
    };
    let mut first = match (l, m.monthly) {
        (Lang::Zh, Some(x)) => format!("{} · 每月 {x}", m.name),
        (Lang::En, Some(x)) => format!("{} · {x} a month", m.name),
        (Lang::Zh, None) => format!("{} · 未设月交纳额", m.name),
        (Lang::En, None) => format!("{} · no monthly amount", m.name),
    };
    first.push_str(&match l {
        Lang::Zh => format!(" · {}年已交 {} · 未交 {}", dues.year, m.paid, m.owed),
        Lang::En => format!(" · paid {} in {} · owed {}", m.paid, dues.year, m.owed),
    });
    let mut spans = vec![Span::raw(first)];
    if m.flagged() {
        spans.push(Span::styled(
            format!(" · {}", flag_words(l)),
            theme::error(),
        ));
    } else if m.current_run >= RED_RUN {
        let run = match l {
            Lang::Zh => format!(" · 连续{}个月欠交", m.current_run),
            Lang::En => format!(" · {} months in arrears", m.current_run),
        };
        spans.push(Span::styled(run, theme::error()));
    }
    let status = m.months.get(&month).copied();
    let collected = dues.collected.get(&month).copied().unwrap_or_default();
    let second = match l {
        Lang::Zh => format!(
            "{}年{}月：{} · 收缴 {collected} 元 · 全年 {} 元 · p 从本月起交纳",
            month.year,
            month.month,
            status.map_or("—", |s| status_word(s, l)),
            dues.collected_total()
        ),
        Lang::En => format!(
            "{month}: {} · collected {collected} · year {} · p pays from here",
            status.map_or("—", |s| status_word(s, l)),
            dues.collected_total()
        ),
    };
    let lines = vec![Line::from(spans), Line::from(fit(&second, width))];
    frame.render_widget(Paragraph::new(lines), area);
}
