//! Text that is safe on a terminal. Control characters (C0, DEL, C1: ESC sequences, BEL,
//! CR, backspace), bidirectional overrides and zero-width characters can rewrite what a
//! terminal shows, so input refuses them ([`forbidden_in`]) and every printer renders
//! those already stored visibly, as `\u{1b}` ([`sanitize`]).

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::lang::Lang;

/// What makes a character unsafe to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Danger {
    /// C0 controls (ESC, BEL, CR, LF, backspace…), DEL and C1 controls.
    Control,
    /// Embeddings, overrides and isolates that reorder the text around them (U+202E).
    Bidi,
    /// Characters with no width that hide inside words (U+200B, U+FEFF, the soft hyphen
    /// U+00AD…), and the line and paragraph separators U+2028/2029.
    ZeroWidth,
}

impl Danger {
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            Danger::Control => lang.pick("控制字符", "a control character"),
            Danger::Bidi => lang.pick("文字方向控制符", "a text-direction override"),
            Danger::ZeroWidth => lang.pick("零宽字符", "a zero-width character"),
        }
    }
}

/// Why `c` must not reach a terminal raw, if it must not.
pub fn danger(c: char) -> Option<Danger> {
    match c {
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => Some(Danger::Control),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}' => Some(Danger::Bidi),
        '\u{200b}'..='\u{200f}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{2060}'..='\u{2065}'
        | '\u{00ad}' => Some(Danger::ZeroWidth),
        '\u{feff}' => Some(Danger::ZeroWidth),
        _ => None,
    }
}

/// The first character of `s` that input refuses; with `multi_line`, line feeds and tabs
/// are allowed (a note may have several lines).
pub fn forbidden_in(s: &str, multi_line: bool) -> Option<(char, Danger)> {
    s.chars()
        .filter(|&c| !(multi_line && matches!(c, '\n' | '\t')))
        .find_map(|c| danger(c).map(|d| (c, d)))
}

/// `U+001B`: how a refusal names a character.
pub fn code(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// The refusal of `value` in `field` (its Chinese and English names) for holding `c`.
pub fn refusal(lang: Lang, field: (&str, &str), c: char, d: Danger) -> String {
    match lang {
        Lang::Zh => format!(
            "{}含有不允许的字符 {}（{}）；请只用可见的文字",
            field.0,
            code(c),
            d.describe(lang)
        ),
        Lang::En => format!(
            "{} contains {} ({}), which is not allowed; use visible text only",
            field.1,
            code(c),
            d.describe(lang)
        ),
    }
}

/// `s` with every unsafe character shown as `\u{1b}`, line feeds included: for a table
/// cell or any other one-line place.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// Like [`sanitize`], but keeps line feeds: for messages of several lines.
pub fn sanitize_lines(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// Pretty JSON made safe to print: serde_json escapes C0 controls itself; DEL, C1
/// controls, direction overrides and zero-width characters are escaped here too
/// (`\u202e`), so that JSON read on a terminal cannot reorder or hide text. Both forms
/// decode to the same string.
pub fn escape_json(text: &str) -> Cow<'_, str> {
    // Every dangerous character outside ASCII starts with one of these bytes; Chinese
    // text never does, so most documents are returned as they are after one byte scan.
    let suspect = |b: &u8| matches!(*b, 0x7f | 0xc2 | 0xd8 | 0xe2 | 0xef);
    // (U+00AD is 0xc2 0xad; U+061C starts with 0xd8.)
    // Outside strings JSON holds only ASCII whitespace, which serde_json writes as plain
    // spaces and line feeds: every other dangerous character is in a string.
    let escaped = |c: char| danger(c).is_some() && !matches!(c, '\n' | ' ');
    if !text.as_bytes().iter().any(suspect) || !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if escaped(c) {
            let _ = write!(safe, "\\u{:04x}", c as u32);
        } else {
            safe.push(c);
        }
    }
    Cow::Owned(safe)
}

fn escape(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| danger(c).is_some() && !(keep_newlines && c == '\n');
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_shown_not_interpreted() {
        assert_eq!(sanitize("第一支部"), "第一支部");
        assert!(matches!(sanitize("第一支部"), Cow::Borrowed(_)));
        assert_eq!(
            sanitize("a\x1b]0;title\x07b\r\x08\u{202e}c\u{200b}\u{feff}\x7f\u{9b}"),
            "a\\u{1b}]0;title\\u{7}b\\u{d}\\u{8}\\u{202e}c\\u{200b}\\u{feff}\\u{7f}\\u{9b}"
        );
        assert_eq!(sanitize("a\nb"), "a\\u{a}b");
        assert_eq!(sanitize_lines("a\nb\x1b"), "a\nb\\u{1b}");
    }

    #[test]
    fn json_is_escaped_only_where_it_could_drive_a_terminal_and_reads_back_the_same() {
        let value = serde_json::json!({
            "name": "第一支部\u{202e}（一）",
            "notes": ["a\x1b[31mb\u{7f}", {"empty": [], "none": {}}, 1.5],
        });
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        assert!(matches!(
            escape_json("{\n  \"a\": \"第一支部（一）\"\n}"),
            Cow::Borrowed(_)
        ));
        let safe = escape_json(&pretty);
        assert_eq!(
            safe,
            pretty
                .replace('\u{202e}', "\\u202e")
                .replace('\u{7f}', "\\u007f")
        );
        assert!(safe.contains("\\u001b[31m"), "serde_json escapes C0 itself");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn input_names_the_first_forbidden_character() {
        assert_eq!(forbidden_in("王伟", false), None);
        assert_eq!(
            forbidden_in("王\x1b[31m伟", false),
            Some(('\x1b', Danger::Control))
        );
        assert_eq!(forbidden_in("a\nb", false), Some(('\n', Danger::Control)));
        assert_eq!(forbidden_in("a\nb", true), None);
        assert_eq!(
            forbidden_in("abc\u{202e}", true),
            Some(('\u{202e}', Danger::Bidi))
        );
        assert_eq!(
            forbidden_in("a\u{200d}b", false),
            Some(('\u{200d}', Danger::ZeroWidth))
        );
        assert_eq!(code('\x1b'), "U+001B");
        assert_eq!(code('\u{202e}'), "U+202E");
    }
}
