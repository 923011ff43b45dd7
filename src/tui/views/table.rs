//! The bordered table every list view draws, with its highlighted row and the "more"
//! marks.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, Row, Table, TableState};

use crate::tui::action::View;
use crate::tui::app::App;
use crate::tui::theme;
use crate::tui::views::more;

/// A bordered table with the view's highlighted row, marked when it holds more rows
/// than it shows.
#[allow(clippy::too_many_arguments)]
pub fn render_table(
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
    let selected = (total > 0).then_some(app.views.cursor(view));
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
        app.lang(),
        total,
        state.offset(),
        more::table_rows(area),
    );
}

/// Column widths for a bordered table `width` columns wide (one column between cells):
/// each column as wide as its widest cell; when they do not all fit, the columns in
/// `give` give way in that order, each down to its minimum; room left over goes to the
/// column `grow`.
pub fn share(natural: &[usize], width: usize, give: &[(usize, usize)], grow: usize) -> Vec<usize> {
    let mut widths = natural.to_vec();
    let room = width.saturating_sub(2 + natural.len().saturating_sub(1));
    let mut over = widths.iter().sum::<usize>().saturating_sub(room);
    for &(i, min) in give {
        let cut = over.min(widths[i].saturating_sub(min));
        widths[i] -= cut;
        over -= cut;
    }
    let used: usize = widths.iter().sum();
    widths[grow] += room.saturating_sub(used);
    widths
}

/// The display width of the widest of `cells`.
pub fn widest<'a>(cells: impl IntoIterator<Item = &'a str>) -> usize {
    use unicode_width::UnicodeWidthStr;
    cells
        .into_iter()
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}
