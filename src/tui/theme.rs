//! Colours: overdue red, due soon yellow, done green, not applicable grey.

use ratatui::style::{Color, Modifier, Style};

use crate::status::Status;

pub fn status(s: Status) -> Style {
    match s {
        Status::Overdue => Style::new().fg(Color::Red),
        Status::DueSoon => Style::new().fg(Color::Yellow),
        Status::Pending => Style::new(),
        Status::Done | Status::DoneLate => Style::new().fg(Color::Green),
        Status::NotApplicable => Style::new().fg(Color::DarkGray),
    }
}

/// A one-column glyph for a status.
pub fn glyph(s: Status) -> &'static str {
    match s {
        Status::Overdue => "●",
        Status::DueSoon => "◐",
        Status::Pending => "○",
        Status::Done | Status::DoneLate => "✓",
        Status::NotApplicable => "–",
    }
}

pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn focus() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

/// A checklist's heading row in 清单.
pub fn heading() -> Style {
    Style::new()
        .fg(Color::Cyan)
        .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}
