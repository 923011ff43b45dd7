//! 总览: every org in a table, worst first, with its scores.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Row};
use unicode_width::UnicodeWidthStr;

use crate::report::number;
use crate::status::Status;
use crate::tui::action::View;
use crate::tui::app::{App, Sort};
use crate::tui::text::fit;
use crate::tui::theme;
use crate::tui::views::more;
use crate::tui::views::table::render_table;

/// An org's scores as `得分/满分`, one per scored checklist in force, e.g. `81.5/100`.
fn score_cell(app: &App, org: usize) -> String {
    app.data
        .facts(org)
        .scores
        .iter()
        .map(|(score, max)| format!("{}/{}", number(*score), number(*max)))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang();
    // The score column is there when some org is scored, as wide as its widest cell
    // (digits, `/`, `.` and spaces: one column each). Each score is measured once.
    let mut measured: std::collections::HashMap<(u64, u64), usize> = Default::default();
    let mut cell_width = |scores: &[(f64, f64)]| {
        let cells: usize = scores
            .iter()
            .map(|&(s, m)| {
                *measured
                    .entry((s.to_bits(), m.to_bits()))
                    .or_insert_with(|| number(s).len() + 1 + number(m).len())
            })
            .sum();
        cells + scores.len().saturating_sub(1)
    };
    let score_width = app
        .views
        .overview
        .rows
        .iter()
        .map(|r| cell_width(&app.data.facts(r.org).scores))
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
    let first_shown = (app.views.overview.cursor + 1).saturating_sub(shown);
    // Only the rows around those on screen are made (with a screen's slack either side);
    // the others stand as empty rows of the same height (one line), never drawn.
    let made = first_shown.saturating_sub(shown)..first_shown + 2 * shown;
    let body: Vec<Row> = app
        .views
        .overview
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if !made.contains(&i) {
                return Row::new(Vec::<Cell>::new());
            }
            let org = &app.data.orgs[r.org];
            let name = match (r.depth, &org.parent) {
                // Under its department a branch drops the department's name, unless
                // the department has scrolled out of view.
                (1, Some(p)) => {
                    let parent = app
                        .data
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
                Some(d) if d < app.data.today => Cell::from(d.to_string()).style(theme::error()),
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
                    Cell::from(score_cell(app, r.org))
                } else {
                    election
                },
            ])
            .style(style)
        })
        .collect();
    let sort = match app.views.overview.sort {
        Sort::Worst => l.pick("最差在前", "worst first"),
        Sort::DoneRatio => l.pick("完成率低在前", "lowest done first"),
        Sort::Score => l.pick("得分低在前", "lowest score first"),
        Sort::Name => l.pick("按名称", "by name"),
    };
    let title = format!(
        " {} {} · {} ",
        app.data.orgs.len(),
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
