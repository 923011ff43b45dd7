//! Width-aware text: Chinese characters take two columns, and text cut to fit ends in `…`
//! on a character boundary.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `s` cut to at most `width` columns, ending in `…` when it had to be cut.
pub fn fit(s: &str, width: usize) -> String {
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
    fn wraps_by_width() {
        assert_eq!(
            wrap("每月相对固定1天开展", 8),
            ["每月相对", "固定1天", "开展"]
        );
    }
}
