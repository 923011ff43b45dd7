//! The one place that parses YAML, so every error carries a line and column.

mod scan;

use serde::de::DeserializeOwned;

pub use scan::{MAX_BYTES, decode};

/// A YAML error at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub problem: YamlProblem,
}

/// What is wrong with a YAML text; `crate::messages` says it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YamlProblem {
    /// The parser's or serde's own message (English, locations taken out).
    Parse(String),
    /// Bytes that are not UTF-8, as `0xB5 0x..`.
    Utf8 {
        bad: String,
    },
    TooLarge {
        max: usize,
    },
    Control {
        c: char,
    },
    TooDeep {
        max: usize,
    },
}

/// English, for logs and tests; `crate::messages` says it in the user's language.
impl std::fmt::Display for YamlProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let said = crate::messages::Localized::message(self, crate::lang::Lang::En);
        f.write_str(&said)
    }
}

/// Parses `text` straight into `T` (never through an untyped value, which would lose the
/// location of the error). A text that is too large, too deeply nested or holds control
/// characters is refused first, at the place of the problem.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    scan::check(text)?;
    serde_yaml::from_str(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        YamlError {
            line,
            column,
            problem: YamlProblem::Parse(strip_locations(&e.to_string())),
        }
    })
}

/// Drops the " at line N column M" phrases: the location is reported separately.
fn strip_locations(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + " at line ".len()..];
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let mut skip = digits(tail);
        if let Some(col) = tail[skip..].strip_prefix(" column ") {
            skip += " column ".len() + digits(col);
        }
        rest = &tail[skip..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_taken_out_of_messages() {
        assert_eq!(
            strip_locations(
                "did not find expected key at line 18 column 16, while parsing a block mapping at line 5 column 3"
            ),
            "did not find expected key, while parsing a block mapping"
        );
        assert_eq!(strip_locations("unknown field `x`"), "unknown field `x`");
    }
}
