//! Finds where a key or value stands in block-style YAML text, so that problems found
//! after parsing (a duplicate id, an unknown `implies`) can still point at a line.

/// One `key: value` line, with 1-based columns counted in characters.
struct Line {
    /// Column of the key (after any `- `).
    key_col: usize,
    /// Column of a `- ` that starts a sequence entry on this line.
    dash_col: Option<usize>,
    key: String,
    value: String,
    value_col: usize,
}

/// Index of the mapping lines of one YAML file.
pub struct Locator {
    lines: Vec<Option<Line>>,
}

/// A 1-based line and column.
pub type Pos = (usize, usize);

impl Locator {
    pub fn new(text: &str) -> Locator {
        Locator {
            lines: text.lines().map(parse_line).collect(),
        }
    }

    /// Where the `nth` (0-based) nested mapping entry `key: value` stands, pointing at the
    /// value. Top-level entries are skipped: an item or obligation may share its id with
    /// the checklist's own `id`.
    pub fn value(&self, key: &str, value: &str, nth: usize) -> Option<Pos> {
        self.entries()
            .filter(|(_, l)| !(l.key_col == 1 && l.dash_col.is_none()))
            .filter(|(_, l)| l.key == key && unquote(&l.value) == value)
            .nth(nth)
            .map(|(n, l)| (n + 1, l.value_col))
    }

    /// Where the top-level key `key` stands.
    pub fn top_level(&self, key: &str) -> Option<Pos> {
        self.entries()
            .find(|(_, l)| l.key == key && l.key_col == 1 && l.dash_col.is_none())
            .map(|(n, l)| (n + 1, l.value_col))
    }

    /// Within the mapping that holds line `at` (1-based), where `key` stands, pointing at
    /// `needle` inside its value when given and found.
    pub fn sibling(&self, at: Pos, key: &str, needle: Option<&str>) -> Option<Pos> {
        let idx = at.0 - 1;
        let col = self.lines.get(idx)?.as_ref()?.key_col;
        // Walk back to the line that opens this mapping.
        let mut start = idx;
        while start > 0 {
            match &self.lines[start] {
                Some(l) if l.key_col == col && l.dash_col.is_some() => break,
                Some(l) if l.key_col < col => {
                    start += 1;
                    break;
                }
                _ => start -= 1,
            }
        }
        for (n, line) in self.lines.iter().enumerate().skip(start) {
            let Some(l) = line else { continue };
            if n > start && (l.key_col < col || (l.key_col == col && l.dash_col.is_some())) {
                break;
            }
            if l.key_col == col && l.key == key {
                let offset = needle
                    .and_then(|s| l.value.find(s))
                    .map(|byte| l.value[..byte].chars().count())
                    .unwrap_or(0);
                return Some((n + 1, l.value_col + offset));
            }
        }
        None
    }

    fn entries(&self) -> impl Iterator<Item = (usize, &Line)> {
        self.lines
            .iter()
            .enumerate()
            .filter_map(|(n, l)| l.as_ref().map(|l| (n, l)))
    }
}

fn parse_line(raw: &str) -> Option<Line> {
    let trimmed = raw.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return None;
    }
    let mut col = raw.chars().count() - trimmed.chars().count() + 1;
    let mut rest = trimmed;
    let mut dash_col = None;
    while let Some(after) = rest.strip_prefix("- ") {
        dash_col = Some(col);
        let inner = after.trim_start();
        col += 2 + (after.chars().count() - inner.chars().count());
        rest = inner;
    }
    let (key, value) = rest.split_once(':')?;
    if key.is_empty() || key.contains(' ') && !key.starts_with('"') {
        return None;
    }
    let value_trimmed = value.trim_start();
    let value_col =
        col + key.chars().count() + 1 + (value.chars().count() - value_trimmed.chars().count());
    Some(Line {
        key_col: col,
        dash_col,
        key: unquote(key).to_string(),
        value: strip_comment(value_trimmed).to_string(),
        value_col,
    })
}

fn strip_comment(value: &str) -> &str {
    match value.find(" #") {
        Some(i) if !value.starts_with('"') && !value.starts_with('\'') => value[..i].trim_end(),
        _ => value.trim_end(),
    }
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "schema: 1\nid: x\nitems:\n  - id: \"1\"\n    title: a\n    items:\n      - id: \"1.1\"\n        obligations:\n          - title: T\n            id: o\n            every: week\n            due_day: 3\n          - id: p\n            every: month\n";

    #[test]
    fn finds_values_and_siblings() {
        assert_eq!(Locator::new(TEXT).value("id", "1.1", 0), Some((7, 13)));
        let loc = Locator::new(TEXT);
        let o = loc.value("id", "o", 0).unwrap();
        assert_eq!(o, (10, 17));
        assert_eq!(loc.sibling(o, "due_day", None), Some((12, 22)));
        assert_eq!(loc.sibling(o, "title", None), Some((9, 20)));
        let p = loc.value("id", "p", 0).unwrap();
        assert_eq!(loc.sibling(p, "due_day", None), None);
        assert_eq!(loc.top_level("schema"), Some((1, 9)));
        // An obligation named like the checklist is found at the obligation, not at the top.
        let same = Locator::new("id: x\nitems:\n  - id: \"1\"\n    obligations:\n      - id: x\n");
        assert_eq!(same.value("id", "x", 0), Some((5, 13)));
    }
}
