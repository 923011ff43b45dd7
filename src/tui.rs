//! The terminal UI (SPEC §8): [`app`] holds state and changes it, [`action`] maps keys
//! to intent, [`views`] draws.

pub mod action;
pub mod app;
pub mod fields;
pub mod form;
pub mod input;
pub mod text;
pub mod theme;
pub mod views;

use anyhow::Result;
use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::commands::Context;
use crate::store::Store;
use app::App;

/// Opens the terminal UI on the context's data folder.
pub fn run(ctx: &Context) -> Result<()> {
    let store = Store::open(&ctx.data_dir)?;
    let mut app = App::new(
        store,
        ctx.catalog()?,
        ctx.calendar()?,
        ctx.lang,
        ctx.today,
        ctx.now,
    )?;
    // ratatui::init installs a panic hook that restores the terminal.
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> Result<()> {
    while !app.quit {
        terminal.draw(|frame| views::render(app, frame))?;
        match event::read()? {
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                if let Some(action) = action::action_for(app, key) {
                    app.message = None;
                    app.update(action);
                }
            }
            // A resize redraws on the next turn of the loop.
            _ => {}
        }
    }
    Ok(())
}
