//! A cheap pass over a YAML text before serde_yaml sees it. It refuses what would make the
//! parser slow (a file over 1 MiB, nesting deeper than 64 levels, whose cost grows with
//! the square of the depth) or report at the wrong place (invalid UTF-8, control
//! characters), each at the line and column where the problem starts.

use super::{YamlError, YamlProblem};

/// The largest YAML file accepted, in bytes.
pub const MAX_BYTES: usize = 1024 * 1024;

/// The deepest nesting of collections accepted (the top-level mapping is level 1).
pub const MAX_DEPTH: usize = 64;

/// The text of a file's bytes, refusing a file over [`MAX_BYTES`] or one that is not UTF-8.
pub fn decode(bytes: &[u8]) -> Result<&str, YamlError> {
    check_size(bytes)?;
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let bad = bytes[at..]
            .iter()
            .take(e.error_len().unwrap_or(bytes.len() - at).min(4))
            .map(|b| format!("0x{b:02X}"))
            .collect::<Vec<_>>()
            .join(" ");
        error_at(bytes, at, YamlProblem::Utf8 { bad })
    })
}

/// Refuses a text over [`MAX_BYTES`], with a control character, or nested deeper than
/// [`MAX_DEPTH`].
pub fn check(text: &str) -> Result<(), YamlError> {
    check_size(text.as_bytes())?;
    check_characters(text)?;
    Depth::default().scan(text)
}

fn check_size(bytes: &[u8]) -> Result<(), YamlError> {
    if bytes.len() <= MAX_BYTES {
        return Ok(());
    }
    Err(error_at(
        bytes,
        MAX_BYTES,
        YamlProblem::TooLarge { max: MAX_BYTES },
    ))
}

/// A message at byte `at` of `bytes`: 1-based line, column in characters.
fn error_at(bytes: &[u8], at: usize, problem: YamlProblem) -> YamlError {
    let before = &bytes[..at];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    YamlError {
        line: before.iter().filter(|&&b| b == b'\n').count() + 1,
        column: String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1,
        problem,
    }
}

/// YAML allows tab, line breaks and printable characters only (YAML 1.2 §5.1).
fn check_characters(text: &str) -> Result<(), YamlError> {
    let printable = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
            || c >= '\u{10000}'
    };
    match text.char_indices().find(|&(_, c)| !printable(c)) {
        None => Ok(()),
        Some((at, c)) => Err(error_at(text.as_bytes(), at, YamlProblem::Control { c })),
    }
}

/// Nesting of block and flow collections, followed line by line.
#[derive(Default)]
struct Depth {
    /// Open block collections: (column in bytes, is a sequence).
    blocks: Vec<(usize, bool)>,
    /// Open flow collections (`[` / `{`), which may span lines.
    flow: usize,
    /// Inside a quoted scalar that continues on the next line.
    quote: Option<u8>,
    /// Lines indented deeper than this belong to a scalar (block scalar or plain
    /// continuation) and hold no structure.
    scalar_above: Option<usize>,
    line: usize,
}

impl Depth {
    fn scan(mut self, text: &str) -> Result<(), YamlError> {
        for (n, raw) in text.split('\n').enumerate() {
            self.line = n + 1;
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            self.scan_line(line)?;
        }
        Ok(())
    }

    fn scan_line(&mut self, l: &str) -> Result<(), YamlError> {
        let b = l.as_bytes();
        let mut at = 0;
        if let Some(q) = self.quote {
            match close_quote(b, 0, q) {
                Some(end) => {
                    self.quote = None;
                    at = end;
                }
                None => return Ok(()),
            }
            if self.flow == 0 {
                return Ok(());
            }
        }
        if self.flow > 0 {
            return self.scan_flow(l, at);
        }
        let indent = b.iter().take_while(|&&c| c == b' ').count();
        if indent == b.len() || b[indent] == b'#' {
            return Ok(());
        }
        if let Some(limit) = self.scalar_above {
            if indent > limit {
                return Ok(());
            }
            self.scalar_above = None;
        }
        if indent == 0 && (l.starts_with("---") || l.starts_with("...") || l.starts_with('%')) {
            self.blocks.clear();
            return Ok(());
        }
        while self.blocks.last().is_some_and(|&(col, _)| col > indent) {
            self.blocks.pop();
        }
        if self
            .blocks
            .last()
            .is_some_and(|&(col, seq)| col == indent && seq && !is_dash(b, indent))
        {
            self.blocks.pop();
        }
        self.scan_node(l, indent)
    }

    /// A block node starting at byte `at` of line `l`.
    fn scan_node(&mut self, l: &str, mut at: usize) -> Result<(), YamlError> {
        let b = l.as_bytes();
        // The column of the innermost `-` or key: more indented lines that follow a scalar
        // here continue the scalar.
        let mut owner = self.blocks.last().map_or(at, |&(col, _)| col.min(at));
        loop {
            at = skip_spaces(b, at);
            if at >= b.len() || b[at] == b'#' {
                return Ok(());
            }
            if is_dash(b, at) {
                self.open(l, at, true)?;
                owner = at;
                at += 1;
                continue;
            }
            match b[at] {
                b'&' | b'!' => at = skip_token(b, at),
                b'*' => return Ok(()),
                b'[' | b'{' => return self.scan_flow(l, at),
                b'|' | b'>' => {
                    self.scalar_above = Some(owner);
                    return Ok(());
                }
                q @ (b'"' | b'\'') => match close_quote(b, at + 1, q) {
                    None => {
                        self.quote = Some(q);
                        return Ok(());
                    }
                    Some(end) => {
                        let after = skip_spaces(b, end);
                        if is_key_colon(b, after) {
                            self.open(l, at, false)?;
                            owner = at;
                            at = after + 1;
                        } else {
                            return Ok(());
                        }
                    }
                },
                _ => match plain_key_colon(b, at) {
                    Some(colon) => {
                        self.open(l, at, false)?;
                        owner = at;
                        at = colon + 1;
                    }
                    None => {
                        self.scalar_above = Some(owner);
                        return Ok(());
                    }
                },
            }
        }
    }

    /// Flow content from byte `from` of line `l`; stops when the outermost collection closes.
    fn scan_flow(&mut self, l: &str, from: usize) -> Result<(), YamlError> {
        let b = l.as_bytes();
        let mut at = from;
        // Quotes open a scalar only where a token may start.
        let mut token_start = true;
        while at < b.len() {
            let c = b[at];
            match c {
                b'#' if at == 0 || matches!(b[at - 1], b' ' | b'\t') => return Ok(()),
                b'[' | b'{' => {
                    self.flow += 1;
                    if self.blocks.len() + self.flow > MAX_DEPTH {
                        return Err(self.too_deep(l, at));
                    }
                }
                b']' | b'}' => {
                    self.flow = self.flow.saturating_sub(1);
                    if self.flow == 0 {
                        return Ok(());
                    }
                }
                b'"' | b'\'' if token_start => match close_quote(b, at + 1, c) {
                    Some(end) => {
                        at = end;
                        token_start = false;
                        continue;
                    }
                    None => {
                        self.quote = Some(c);
                        return Ok(());
                    }
                },
                _ => {}
            }
            token_start = match c {
                b' ' | b'\t' => token_start,
                b'[' | b'{' | b',' | b':' | b'?' => true,
                _ => false,
            };
            at += 1;
        }
        Ok(())
    }

    /// Opens (or continues) a block collection at byte column `at`.
    fn open(&mut self, l: &str, at: usize, seq: bool) -> Result<(), YamlError> {
        if self.blocks.last() == Some(&(at, seq)) {
            return Ok(());
        }
        self.blocks.push((at, seq));
        if self.blocks.len() + self.flow > MAX_DEPTH {
            return Err(self.too_deep(l, at));
        }
        Ok(())
    }

    fn too_deep(&self, l: &str, at: usize) -> YamlError {
        YamlError {
            line: self.line,
            column: l[..at].chars().count() + 1,
            problem: YamlProblem::TooDeep { max: MAX_DEPTH },
        }
    }
}

fn is_dash(b: &[u8], at: usize) -> bool {
    b.get(at) == Some(&b'-') && matches!(b.get(at + 1), None | Some(b' ' | b'\t'))
}

fn is_key_colon(b: &[u8], at: usize) -> bool {
    b.get(at) == Some(&b':') && matches!(b.get(at + 1), None | Some(b' ' | b'\t'))
}

fn skip_spaces(b: &[u8], mut at: usize) -> usize {
    while matches!(b.get(at), Some(b' ' | b'\t')) {
        at += 1;
    }
    at
}

/// Past an anchor or tag (`&name`, `!tag`).
fn skip_token(b: &[u8], mut at: usize) -> usize {
    while at < b.len() && !matches!(b[at], b' ' | b'\t') {
        at += 1;
    }
    at
}

/// The `:` that ends a plain key starting at `at`, if the line holds `key: …`.
fn plain_key_colon(b: &[u8], from: usize) -> Option<usize> {
    (from..b.len()).find_map(|at| match b[at] {
        b'#' if matches!(b[at - 1], b' ' | b'\t') => Some(None),
        b':' if is_key_colon(b, at) => Some(Some(at)),
        _ => None,
    })?
}

/// The byte after the quote `q` that closes a scalar whose text starts at `from`.
fn close_quote(b: &[u8], from: usize, q: u8) -> Option<usize> {
    let mut at = from;
    while at < b.len() {
        match b[at] {
            b'\\' if q == b'"' => at += 2,
            c if c == q => {
                if q == b'\'' && b.get(at + 1) == Some(&b'\'') {
                    at += 2;
                } else {
                    return Some(at + 1);
                }
            }
            _ => at += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests;
