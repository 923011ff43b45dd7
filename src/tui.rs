//! The terminal UI (SPEC §8): [`keys`] maps keys to [`action`]s, [`app`] holds state and
//! changes it, [`views`] draws.

pub mod action;
pub mod app;
pub mod fields;
pub mod form;
pub mod input;
pub mod keys;
pub mod names;
pub mod text;
pub mod theme;
pub mod views;

use std::time::Duration;

use anyhow::Result;
use ratatui::crossterm::event::{self, Event, KeyEvent, KeyEventKind};

use crate::context::Context;
use app::App;

/// While idle, the UI looks this often for what other processes wrote.
const LOOK_EVERY: Duration = Duration::from_millis(1000);

/// Opens the terminal UI on the context's data folder, with `notice` in the footer until
/// the first key.
pub fn run(ctx: &Context, notice: Option<String>) -> Result<()> {
    let mut app = open_app(ctx)?;
    // Each change is stamped with the moment it is made, not when the UI opened, so
    // that the copy edited last wins when records are merged.
    app.data.clock = crate::clock::Clock::System;
    app.export_mode = ctx.export_mode();
    if let Some(notice) = notice {
        app.message = Some((notice, false));
    }
    app.data.db.close();
    // ratatui::init installs a panic hook that restores the terminal.
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    result
}

/// The UI's state on the context's folder or server, as it opens: on a folder, from the
/// overview kept beside it when there is one, its database closed until first used.
pub fn open_app(ctx: &Context) -> Result<App> {
    let mut store = ctx.open_handle()?;
    // Writes from the UI keep the answers beside the folder current, as the CLI's do.
    store.settle_with(ctx.settler());
    App::open(
        store,
        ctx.catalog()?,
        ctx.calendar()?,
        ctx.lang,
        ctx.today,
        ctx.now,
        ctx.answer_key(crate::judge::answer::OVERVIEW),
    )
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> Result<()> {
    let mut redraw = true;
    while !app.quit {
        if redraw {
            terminal.draw(|frame| views::render(app, frame))?;
        }
        if !event::poll(LOOK_EVERY)? {
            redraw = look_for_changes(app);
            app.data.db.close();
            continue;
        }
        redraw = true;
        match event::read()? {
            Event::Key(key) if key.kind == KeyEventKind::Press => on_key(terminal, app, key)?,
            // A resize redraws on the next turn of the loop.
            _ => {}
        }
    }
    Ok(())
}

/// A key pressed. A write may wait for the disk: such a key is acknowledged on screen
/// (`处理中…`) before the work starts, so that it is not pressed again; the caller draws
/// the outcome.
pub fn on_key<B: ratatui::backend::Backend>(
    terminal: &mut ratatui::Terminal<B>,
    app: &mut App,
    key: KeyEvent,
) -> Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let action = keys::action_for(app, key);
    if let Some(a) = action
        && a.writes()
        && !(a == action::Action::Toggle && app.in_form())
    {
        app.message = Some((app.lang().pick("处理中…", "working…").into(), false));
        terminal.draw(|frame| views::render(app, frame))?;
    }
    step(app, action);
    Ok(())
}

/// One key's work: take in what other processes wrote, then do `action`. The database is
/// closed afterwards: the UI holds the folder only while it reads or writes, so that a
/// script's write never waits for someone moving around the UI.
pub fn step(app: &mut App, action: Option<action::Action>) {
    look_for_changes(app);
    if let Some(action) = action {
        app.message = None;
        app.update(action);
    }
    app.data.db.close();
}

/// Takes in what another process wrote; a folder busy for longer than the wait is said
/// in the footer and tried again later.
fn look_for_changes(app: &mut App) -> bool {
    match app.refresh_if_changed() {
        Ok(changed) => changed,
        Err(e) => {
            app.message = Some((crate::context::error_message(&e, app.lang()), true));
            true
        }
    }
}
