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
    /// `Ctrl-U`: the whole field.
    Clear,
    /// `Ctrl-W`: the word before the cursor.
    DeleteWord,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    value: String,
    /// Cursor position in characters.
    cursor: usize,
    /// A value the form filled in: the first character typed replaces it.
    prefilled: bool,
}

impl Input {
    pub fn new(value: impl Into<String>) -> Input {
        let value = value.into();
        let cursor = value.chars().count();
        Input {
            value,
            cursor,
            prefilled: false,
        }
    }

    /// A value the form proposes: typing a character replaces it, moving keeps it.
    pub fn prefilled(value: impl Into<String>) -> Input {
        let mut input = Input::new(value);
        input.prefilled = !input.value.is_empty();
        input
    }

    /// Whether the value is still the one the form proposed, untouched.
    pub fn is_prefilled(&self) -> bool {
        self.prefilled
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn set(&mut self, value: impl Into<String>) {
        *self = Input::new(value);
    }

    /// Sets a value the form proposes (see [`Input::prefilled`]).
    pub fn propose(&mut self, value: impl Into<String>) {
        *self = Input::prefilled(value);
    }

    pub fn apply(&mut self, edit: Edit) {
        let byte = |s: &str, i: usize| s.char_indices().nth(i).map_or(s.len(), |(b, _)| b);
        if std::mem::take(&mut self.prefilled) && matches!(edit, Edit::Char(_)) {
            self.value.clear();
            self.cursor = 0;
        }
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
            Edit::Clear => *self = Input::default(),
            Edit::DeleteWord => {
                let chars: Vec<char> = self.value.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                while start > 0 && !chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                let (from, to) = (byte(&self.value, start), byte(&self.value, self.cursor));
                self.value.replace_range(from..to, "");
                self.cursor = start;
            }
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

    #[test]
    fn the_first_character_replaces_a_proposed_value() {
        let mut i = Input::prefilled("2026-11-22");
        i.apply(Edit::Char('1'));
        assert_eq!(i.value(), "1");
        let mut i = Input::prefilled("2026-11-22");
        i.apply(Edit::Backspace);
        i.apply(Edit::Char('1'));
        assert_eq!(i.value(), "2026-11-21");
        let mut i = Input::new("学习 四中 全会");
        i.apply(Edit::DeleteWord);
        assert_eq!(i.value(), "学习 四中 ");
        i.apply(Edit::DeleteWord);
        assert_eq!(i.value(), "学习 ");
        i.apply(Edit::Clear);
        assert_eq!(i.value(), "");
    }
}
