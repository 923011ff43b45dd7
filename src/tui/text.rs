//! Width-aware text: Chinese characters take two columns, text cut to fit ends in `…`
//! on a character boundary, and characters a terminal would act on are shown, not sent.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `s` with every character a terminal would act on or hide written out as `\u{1b}`, so
/// stored text can never drive the terminal or reorder what is around it: the one
/// sanitiser the command line uses too ([`crate::text::sanitize`]).
pub fn visible(s: &str) -> Cow<'_, str> {
    crate::text::sanitize(s)
}

/// The part of a field's `value` that fits in `width` columns with the cursor (at
/// character `cursor`) in view, and the cursor's column within it.
pub fn window(value: &str, cursor: usize, width: usize) -> (String, usize) {
    let chars: Vec<char> = value.chars().collect();
    let col = |c: &char| c.width().unwrap_or(0);
    // Leave one column for the cursor itself past the last character.
    let room = width.saturating_sub(1).max(1);
    let mut start = 0;
    let before = |start: usize| {
        chars[start..cursor.min(chars.len())]
            .iter()
            .map(col)
            .sum::<usize>()
    };
    while start < cursor && before(start) > room {
        start += 1;
    }
    let mut shown = String::new();
    let mut used = 0;
    for c in &chars[start..] {
        if used + col(c) > width {
            break;
        }
        used += col(c);
        shown.push(*c);
    }
    (shown, before(start))
}

/// `s` cut to at most `width` columns, ending in `…` when it had to be cut.
pub fn fit(s: &str, width: usize) -> String {
    let s = visible(s);
    let s = s.as_ref();
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` padded with spaces to exactly `width` columns (cut with `…` if longer).
pub fn pad(s: &str, width: usize) -> String {
    let mut out = fit(s, width);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// Splits `s` into lines of at most `width` columns, breaking anywhere (Chinese text
/// has no spaces to break at).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let s = visible(s);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        line.push(c);
        used += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_chinese_on_character_boundaries() {
        assert_eq!(fit("计算机学院教工第一党支部", 9), "计算机学…");
        assert_eq!(fit("计算机学院教工第一党支部", 10), "计算机学…");
        assert_eq!(fit("主题党日", 8), "主题党日");
        assert_eq!(pad("党日", 6), "党日  ");
        assert_eq!(pad("abc", 2), "a…");
    }

    #[test]
    fn terminal_codes_are_shown_not_sent() {
        assert_eq!(visible("王伟"), "王伟");
        assert_eq!(visible("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(visible("\u{202e}abc\u{200b}"), "\\u{202e}abc\\u{200b}");
        assert_eq!(fit("\r\u{8}", 20), "\\u{d}\\u{8}");
        // The same as the command line: soft hyphens and line separators too.
        assert_eq!(visible("a\u{ad}b\u{2028}"), "a\\u{ad}b\\u{2028}");
        assert_eq!(
            visible("a\u{ad}b\u{2028}"),
            crate::text::sanitize("a\u{ad}b\u{2028}")
        );
    }

    #[test]
    fn a_long_field_scrolls_to_the_cursor() {
        let topic = "学习贯彻党的二十届四中全会精神专题研讨暨主题党日活动";
        let n = topic.chars().count();
        let (shown, col) = window(topic, n, 20);
        assert!(shown.ends_with("活动"), "{shown}");
        assert!(col <= 19 && shown.width() <= 20);
        let (shown, col) = window(topic, 0, 20);
        assert!(shown.starts_with("学习"));
        assert_eq!(col, 0);
    }

    #[test]
    fn wraps_by_width() {
        assert_eq!(
            wrap("每月相对固定1天开展", 8),
            ["每月相对", "固定1天", "开展"]
        );
    }
}
