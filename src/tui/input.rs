//! A one-line text field that keeps what was typed.

use unicode_width::UnicodeWidthStr;

/// An edit to a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Char(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    value: String,
    /// Cursor position in characters.
    cursor: usize,
}

impl Input {
    pub fn new(value: impl Into<String>) -> Input {
        let value = value.into();
        let cursor = value.chars().count();
        Input { value, cursor }
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn set(&mut self, value: impl Into<String>) {
        *self = Input::new(value);
    }

    pub fn apply(&mut self, edit: Edit) {
        let byte = |s: &str, i: usize| s.char_indices().nth(i).map_or(s.len(), |(b, _)| b);
        match edit {
            Edit::Char(c) => {
                let at = byte(&self.value, self.cursor);
                self.value.insert(at, c);
                self.cursor += 1;
            }
            Edit::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = byte(&self.value, self.cursor);
                self.value.remove(at);
            }
            Edit::Delete if self.cursor < self.value.chars().count() => {
                let at = byte(&self.value, self.cursor);
                self.value.remove(at);
            }
            Edit::Left => self.cursor = self.cursor.saturating_sub(1),
            Edit::Right => self.cursor = (self.cursor + 1).min(self.value.chars().count()),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = self.value.chars().count(),
            Edit::Backspace | Edit::Delete => {}
        }
    }

    /// Cursor position in characters.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Display columns before the cursor, for placing the terminal cursor.
    pub fn cursor_column(&self) -> usize {
        let s: String = self.value.chars().take(self.cursor).collect();
        s.width()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_chinese_by_character() {
        let mut i = Input::new("主题党日");
        i.apply(Edit::Backspace);
        i.apply(Edit::Left);
        i.apply(Edit::Char('x'));
        assert_eq!(i.value(), "主题x党");
        assert_eq!(i.cursor_column(), 5);
        i.apply(Edit::Home);
        i.apply(Edit::Delete);
        assert_eq!(i.value(), "题x党");
    }
}
