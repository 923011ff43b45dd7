//! The "there is more" marks on a list's border: `↑ 还有 3 项` on top, `↓ 还有 12 项` below.

use ratatui::Frame;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use crate::lang::Lang;
use crate::tui::theme;

/// Marks the border of `area` with how many of `total` rows lie above and below the
/// `shown` rows that start at `offset`.
pub fn show(frame: &mut Frame, area: Rect, lang: Lang, total: usize, offset: usize, shown: usize) {
    let below = total.saturating_sub(offset + shown);
    let text = |arrow: &str, n: usize| match lang {
        Lang::Zh => format!(" {arrow} 还有 {n} 项 "),
        Lang::En => format!(" {arrow} {n} more "),
    };
    let mut put = |y: u16, s: String| {
        let w = s.width() as u16;
        if area.width < w + 4 {
            return;
        }
        let x = area.right() - 2 - w;
        frame.buffer_mut().set_string(x, y, s, theme::focus());
    };
    if offset > 0 && area.height > 0 {
        put(area.y, text("↑", offset));
    }
    if below > 0 && area.height > 1 {
        put(area.bottom() - 1, text("↓", below));
    }
}

/// Rows a bordered table shows: its height less the two borders and the header line.
pub fn table_rows(area: Rect) -> usize {
    area.height.saturating_sub(3) as usize
}

/// Rows a bordered list shows.
pub fn list_rows(area: Rect) -> usize {
    area.height.saturating_sub(2) as usize
}
