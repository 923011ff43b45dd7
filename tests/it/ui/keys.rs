//! Keys as the terminal delivers them, through the same function the event loop calls:
//! what is on screen at each frame.

use dangjian::lang::Lang;
use dangjian::tui::action::View;
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Size};

use super::fixture;

/// A test terminal that keeps the text of every frame it shows.
struct Recording {
    inner: TestBackend,
    frames: Vec<String>,
}

impl Backend for Recording {
    type Error = core::convert::Infallible;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()?;
        let buffer = self.inner.buffer();
        let text = (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n");
        self.frames.push(text);
        Ok(())
    }
}

#[test]
fn a_key_that_writes_is_acknowledged_on_screen_before_the_write() {
    let (_dir, mut app) = fixture::branch(Lang::Zh);
    app.update(dangjian::tui::action::Action::Show(View::Tree));
    let rows = dangjian::tui::app::rows::tree(&app);
    app.views.tree.cursor = rows
        .iter()
        .position(|r| r.leaf && r.points.is_none())
        .unwrap();
    let mut terminal = Terminal::new(Recording {
        inner: TestBackend::new(80, 24),
        frames: Vec::new(),
    })
    .unwrap();
    let space = KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE);
    dangjian::tui::on_key(&mut terminal, &mut app, space).unwrap();
    // The first frame after the key says it is being done, before the mark is written.
    let frames = &terminal.backend().frames;
    assert_eq!(frames.len(), 1, "one frame before the work");
    let first = frames[0].replace(' ', "");
    assert!(first.contains("处理中…"), "{first}");
    assert!(!first.contains("标记:进行中"), "{first}");
    // The work done, the next frame shows the new mark and no longer says 处理中.
    terminal
        .draw(|f| dangjian::tui::views::render(&app, f))
        .unwrap();
    let after = terminal.backend().frames.last().unwrap().replace(' ', "");
    assert!(
        after.contains("标记:进行中") && !after.contains("处理中"),
        "{after}"
    );
    let marks = app.data.db.get().unwrap().marks("phy-t1").unwrap();
    assert_eq!(marks.len(), 1, "{marks:?}");

    // A key that only moves is not announced.
    let down = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    dangjian::tui::on_key(&mut terminal, &mut app, down).unwrap();
    assert_eq!(terminal.backend().frames.len(), 2);
}
