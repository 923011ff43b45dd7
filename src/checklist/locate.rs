//! Finds where a key or value stands in block-style YAML text, so that problems found
//! after parsing (a duplicate id, an unknown `implies`) can still point at a line.

use std::collections::HashMap;

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
    /// Where each nested `key: value` stands, in document order; an alias (`*name`) stands
    /// for every entry of the node its anchor (`&name`) marks.
    occurrences: HashMap<(String, String), Vec<Pos>>,
}

/// A 1-based line and column.
pub type Pos = (usize, usize);

/// How many entries aliases may stand for in all, against alias bombs.
const ALIAS_BUDGET: usize = 100_000;

impl Locator {
    pub fn new(text: &str) -> Locator {
        let raw: Vec<&str> = text.lines().collect();
        let lines: Vec<Option<Line>> = raw.iter().map(|l| parse_line(l)).collect();
        let mut anchors: HashMap<String, (usize, usize)> = HashMap::new();
        let mut occurrences: HashMap<(String, String), Vec<Pos>> = HashMap::new();
        let mut budget = ALIAS_BUDGET;
        for (n, text) in raw.iter().enumerate() {
            if let Some(l) = &lines[n]
                && !(l.key_col == 1 && l.dash_col.is_none())
            {
                occurrences
                    .entry((l.key.clone(), unquote(&l.value).to_string()))
                    .or_default()
                    .push((n + 1, l.value_col));
            }
            if lines[n].is_none() {
                for (key, value, col) in flow_pairs(text) {
                    occurrences
                        .entry((key, value))
                        .or_default()
                        .push((n + 1, col));
                }
            }
            match property(text, lines[n].as_ref()) {
                Some(Property::Anchor(name, owner)) => {
                    anchors.insert(name, (n, owner));
                }
                Some(Property::Alias(name, col)) => {
                    let mut found = Vec::new();
                    expand(&raw, &lines, &anchors, &name, 0, &mut budget, &mut found);
                    for entry in found {
                        occurrences.entry(entry).or_default().push((n + 1, col));
                    }
                }
                None => {}
            }
        }
        Locator { lines, occurrences }
    }

    /// Where the `nth` (0-based) nested mapping entry `key: value` stands, pointing at the
    /// value (or at the alias that repeats it). Top-level entries are skipped: an item or
    /// obligation may share its id with the checklist's own `id`.
    pub fn value(&self, key: &str, value: &str, nth: usize) -> Option<Pos> {
        self.occurrences
            .get(&(key.to_string(), value.to_string()))?
            .get(nth)
            .copied()
    }

    /// Where the first nested mapping key `key` (quoted or not) stands: an item id used as
    /// a key (`owners: {"12": [...]}`).
    pub fn key(&self, key: &str) -> Option<Pos> {
        self.entries()
            .find(|(_, l)| l.key_col > 1 && unquote(&l.key) == key)
            .map(|(n, l)| (n + 1, l.key_col))
    }

    /// Where the top-level key `key` stands.
    pub fn top_level(&self, key: &str) -> Option<Pos> {
        self.top_levels(key)
            .next()
            .map(|(n, l)| (n + 1, l.value_col))
    }

    fn top_levels<'a>(&'a self, key: &'a str) -> impl Iterator<Item = (usize, &'a Line)> {
        self.entries()
            .filter(move |(_, l)| l.key == key && l.key_col == 1 && l.dash_col.is_none())
    }

    /// Within the mapping that holds line `at` (1-based), where `key` stands, pointing at
    /// `needle` inside its value when given and found.
    pub fn sibling(&self, at: Pos, key: &str, needle: Option<&str>) -> Option<Pos> {
        let (n, l) = self.mapping(at).find(|(_, l)| l.key == key)?;
        let offset = needle
            .and_then(|s| l.value.find(s))
            .map(|byte| l.value[..byte].chars().count())
            .unwrap_or(0);
        Some((n + 1, l.value_col + offset))
    }

    /// Where `key` stands the second time in the mapping that holds line `at`, else among
    /// the top-level keys: the place of a duplicate key.
    pub fn repeated(&self, at: Pos, key: &str) -> Option<Pos> {
        self.mapping(at)
            .filter(|(_, l)| l.key == key)
            .nth(1)
            .or_else(|| self.top_levels(key).nth(1))
            .map(|(n, l)| (n + 1, l.key_col))
    }

    /// The entries of the mapping that holds line `at`: nothing unless that line is one.
    fn mapping(&self, at: Pos) -> impl Iterator<Item = (usize, &Line)> {
        let idx = at.0.saturating_sub(1);
        let col = self
            .lines
            .get(idx)
            .and_then(|l| l.as_ref())
            .map(|l| l.key_col);
        // Walk back to the line that opens this mapping.
        let mut start = idx;
        if let Some(col) = col {
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
        }
        let col = col.unwrap_or(0);
        self.lines
            .iter()
            .enumerate()
            .skip(if col == 0 { self.lines.len() } else { start })
            .filter_map(|(n, l)| l.as_ref().map(|l| (n, l)))
            .take_while(move |&(n, l)| {
                !(n > start && (l.key_col < col || (l.key_col == col && l.dash_col.is_some())))
            })
            .filter(move |(_, l)| l.key_col == col)
    }

    fn entries(&self) -> impl Iterator<Item = (usize, &Line)> {
        self.lines
            .iter()
            .enumerate()
            .filter_map(|(n, l)| l.as_ref().map(|l| (n, l)))
    }
}

/// An anchor (`&name`, with the 1-based column of the `-` or key it marks) or an alias
/// (`*name`, with its column).
enum Property {
    Anchor(String, usize),
    Alias(String, usize),
}

/// The anchor or alias a line holds after its dashes (`- &name`, `- *name`) or as the
/// value of its key (`key: &name`, `key: *name`).
fn property(raw: &str, line: Option<&Line>) -> Option<Property> {
    let (token, col, owner) = match line {
        Some(l) => (l.value.as_str(), l.value_col, l.key_col),
        None => {
            let trimmed = raw.trim_start();
            let mut col = stripped(raw, trimmed) + 1;
            let mut rest = trimmed;
            let mut dash = None;
            while let Some(after) = rest.strip_prefix("- ").or(rest.strip_prefix("-\t")) {
                dash = Some(col);
                let inner = after.trim_start();
                col += 2 + stripped(after, inner);
                rest = inner;
            }
            (rest.trim_end(), col, dash?)
        }
    };
    let name = |t: &str| t[1..].split_whitespace().next().unwrap_or("").to_string();
    match token.chars().next()? {
        '&' => Some(Property::Anchor(name(token), owner)),
        '*' => Some(Property::Alias(name(token), col)),
        _ => None,
    }
}

/// The nested entries of the node that anchor `name` marks, aliases within it expanded.
fn expand(
    raw: &[&str],
    lines: &[Option<Line>],
    anchors: &HashMap<String, (usize, usize)>,
    name: &str,
    depth: usize,
    budget: &mut usize,
    found: &mut Vec<(String, String)>,
) {
    let Some(&(start, owner)) = anchors.get(name) else {
        return;
    };
    if depth > 8 {
        return;
    }
    // An anchored flow mapping (`- &it {id: "1", title: x}`) holds its entries on its line.
    if lines[start].is_none() {
        for (key, value, _) in flow_pairs(raw[start]) {
            *budget = budget.saturating_sub(1);
            found.push((key, value));
        }
    }
    for n in start + 1..raw.len() {
        let text = raw[n];
        let trimmed = text.trim_start();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            let col = stripped(text, trimmed) + 1;
            let under_key = lines[start].is_some() && col == owner && trimmed.starts_with("- ");
            if col <= owner && !under_key {
                break;
            }
        }
        if *budget == 0 {
            return;
        }
        if let Some(l) = &lines[n] {
            *budget -= 1;
            found.push((l.key.clone(), unquote(&l.value).to_string()));
        }
        if let Some(Property::Alias(inner, _)) = property(text, lines[n].as_ref())
            && inner != name
        {
            expand(raw, lines, anchors, &inner, depth + 1, budget, found);
        }
    }
}

/// The `key: value` entries of a one-line flow mapping (`- &a {id: "1", title: x}`), each
/// with the 1-based column of its value. Commas inside quotes are not split on.
fn flow_pairs(raw: &str) -> Vec<(String, String, usize)> {
    let (Some(open), Some(close)) = (raw.find('{'), raw.rfind('}')) else {
        return Vec::new();
    };
    if close < open {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut start = open + 1;
    let mut quote = None;
    for (i, c) in raw[..=close].char_indices().skip_while(|(i, _)| *i <= open) {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (q, Some(open_q)) if q == open_q => quote = None,
            (',' | '}', None) => {
                let part = &raw[start..i];
                if let Some((k, v)) = part.split_once(':') {
                    let v_trim = v.trim_start();
                    let v_at = i - part.len() + k.len() + 1 + (v.len() - v_trim.len());
                    out.push((
                        unquote(k.trim()).to_string(),
                        unquote(v_trim.trim_end()).to_string(),
                        raw[..v_at].chars().count() + 1,
                    ));
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    out
}

fn parse_line(raw: &str) -> Option<Line> {
    let trimmed = raw.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return None;
    }
    let mut col = stripped(raw, trimmed) + 1;
    let mut rest = trimmed;
    let mut dash_col = None;
    while let Some(after) = rest.strip_prefix("- ") {
        dash_col = Some(col);
        let inner = after.trim_start();
        col += 2 + stripped(after, inner);
        rest = inner;
    }
    let (key, value) = rest.split_once(':')?;
    if key.is_empty() || key.contains(' ') && !key.starts_with('"') {
        return None;
    }
    let value_trimmed = value.trim_start();
    let value_col = col + key.chars().count() + 1 + stripped(value, value_trimmed);
    Some(Line {
        key_col: col,
        dash_col,
        key: unquote(key).to_string(),
        value: strip_comment(value_trimmed).to_string(),
        value_col,
    })
}

/// How many characters trimming the start of `whole` removed to leave `rest`: counted
/// over the removed part only, so that a line of many `- ` stays linear.
fn stripped(whole: &str, rest: &str) -> usize {
    whole[..whole.len() - rest.len()].chars().count()
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

    #[test]
    fn an_anchored_flow_mapping_repeated_by_an_alias_points_at_the_repeat() {
        let text = "id: x\nitems:\n  - &it {id: \"1\", title: x}\n  - id: \"2\"\n  - *it\n";
        let loc = Locator::new(text);
        assert_eq!(loc.value("id", "1", 0), Some((3, 14)));
        assert_eq!(loc.value("id", "1", 1), Some((5, 5)));
    }
}
