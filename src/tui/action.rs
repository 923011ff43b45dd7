//! Key presses become [`Action`]s here, in one place; [`super::App::update`] carries them out.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, Mode, View};
use super::input::Edit;

/// What the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    Show(View),
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// `Enter`: open the highlighted org, accept a choice, or go to the next field.
    Enter,
    /// `Esc`: close what is open, or go back.
    Back,
    Filter,
    PickOrg,
    PrevPeriod,
    NextPeriod,
    Add,
    Edit,
    Delete,
    Undo,
    /// `x`: the selected org (all orgs from 总览) as an Excel workbook in the current folder.
    Export,
    /// `Space` on a list: tick or untick, or cycle a mark.
    Toggle,
    Sort,
    /// `f` in 本期: only what is overdue or due soon, or everything again.
    Urgent,
    NextField,
    PrevField,
    Save,
    /// An answer to a yes/no question.
    Answer(bool),
    /// Typing into a text field.
    Type(Edit),
}

/// The action a key press means in the app's current state, if any.
pub fn action_for(app: &App, key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    if ctrl && key.code == KeyCode::Char('s') {
        return Some(Action::Save);
    }
    if app.asks_yes_no() {
        return match key.code {
            KeyCode::Char('y' | 'Y') | KeyCode::Enter => Some(Action::Answer(true)),
            KeyCode::Char('n' | 'N') | KeyCode::Esc => Some(Action::Answer(false)),
            _ => None,
        };
    }
    if matches!(app.mode, Mode::Help) {
        return Some(Action::Back);
    }
    // Keys every mode shares.
    match key.code {
        KeyCode::Esc => return Some(Action::Back),
        KeyCode::Enter => return Some(Action::Enter),
        KeyCode::Tab => return Some(Action::NextField),
        KeyCode::BackTab => return Some(Action::PrevField),
        KeyCode::Up => return Some(Action::Up),
        KeyCode::Down => return Some(Action::Down),
        KeyCode::PageUp => return Some(Action::PageUp),
        KeyCode::PageDown => return Some(Action::PageDown),
        _ => {}
    }
    if app.wants_text() {
        return match key.code {
            KeyCode::Char(c) if !ctrl => Some(Action::Type(Edit::Char(c))),
            KeyCode::Backspace => Some(Action::Type(Edit::Backspace)),
            KeyCode::Delete => Some(Action::Type(Edit::Delete)),
            KeyCode::Left => Some(Action::Type(Edit::Left)),
            KeyCode::Right => Some(Action::Type(Edit::Right)),
            KeyCode::Home => Some(Action::Type(Edit::Home)),
            KeyCode::End => Some(Action::Type(Edit::End)),
            _ => None,
        };
    }
    match key.code {
        KeyCode::Char(' ') => Some(Action::Toggle),
        KeyCode::Char('j') => Some(Action::Down),
        KeyCode::Char('k') => Some(Action::Up),
        KeyCode::Home | KeyCode::Char('g') => Some(Action::Top),
        KeyCode::End | KeyCode::Char('G') => Some(Action::Bottom),
        _ if !matches!(app.mode, Mode::Normal) => None,
        KeyCode::Char('q') => Some(Action::Quit),
        KeyCode::Char('?') => Some(Action::Help),
        KeyCode::Char('1') => Some(Action::Show(View::Period)),
        KeyCode::Char('2') => Some(Action::Show(View::Overview)),
        KeyCode::Char('3') => Some(Action::Show(View::Tree)),
        KeyCode::Char('4') => Some(Action::Show(View::Records)),
        KeyCode::Char('5') => Some(Action::Show(View::Members)),
        KeyCode::Char('/') => Some(Action::Filter),
        KeyCode::Char('o') => Some(Action::PickOrg),
        KeyCode::Char('[') => Some(Action::PrevPeriod),
        KeyCode::Char(']') => Some(Action::NextPeriod),
        KeyCode::Char('a') => Some(Action::Add),
        KeyCode::Char('e') => Some(Action::Edit),
        KeyCode::Char('d') => Some(Action::Delete),
        KeyCode::Char('u') => Some(Action::Undo),
        KeyCode::Char('x') => Some(Action::Export),
        KeyCode::Char('s') => Some(Action::Sort),
        KeyCode::Char('f') => Some(Action::Urgent),
        _ => None,
    }
}
