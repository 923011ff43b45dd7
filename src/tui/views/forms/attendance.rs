//! The record form's attendance list: each member's mark, and for an obligation with
//! `amount` (学习强国 积分) the amount typed beside them.

use ratatui::style::Style;
use ratatui::widgets::ListItem;

use crate::lang::Lang;
use crate::tui::app::App;
use crate::tui::form::{Presence, RecordForm};
use crate::tui::names::member_label;
use crate::tui::text::{fit, pad, visible};
use crate::tui::theme;

/// Columns the amount takes at the end of a row.
const AMOUNT_COLS: usize = 9;

/// The list's title and its rows, `width` columns wide inside its border.
pub(super) fn items<'a>(
    app: &App,
    form: &RecordForm,
    l: Lang,
    width: usize,
) -> (String, Vec<ListItem<'a>>) {
    let room = width.saturating_sub(3);
    let rows = form
        .attendance
        .iter()
        .map(|(id, name, p)| {
            let (mark, word) = p.mark(l);
            let mut text = format!("[{mark}] {}", member_label(&app.data.members, id, name));
            if *p == Presence::Excused {
                text = format!("{text} {word}");
            }
            let text = if form.amount_unit.is_some() {
                let amount = match form.amount_of(id).trim() {
                    "" => "—".to_string(),
                    typed => visible(typed).into_owned(),
                };
                let name_cols = room.saturating_sub(AMOUNT_COLS + 1);
                format!(
                    "{} {:>AMOUNT_COLS$}",
                    pad(&fit(&text, name_cols), name_cols),
                    fit(&amount, AMOUNT_COLS)
                )
            } else {
                fit(&text, room)
            };
            ListItem::new(text).style(if *p == Presence::Present {
                Style::new()
            } else {
                theme::dim()
            })
        })
        .collect();
    let title = match &form.amount_unit {
        Some(unit) => format!(
            " {} · {} ",
            l.pick("出席", "Present"),
            visible(unit).into_owned()
        ),
        None => l.pick(" 出席 ", " Present ").to_string(),
    };
    (title, rows)
}
