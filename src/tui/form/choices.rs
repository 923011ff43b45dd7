//! The obligations a record form offers, and finding one by what was typed.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

use crate::checklist::Catalog;
use crate::model::Org;
use crate::tui::names;

/// An obligation offered in the form: id and title.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub id: String,
    pub title: String,
}

impl AsRef<str> for Choice {
    fn as_ref(&self) -> &str {
        &self.title
    }
}

/// The obligations that apply to `org`, in checklist order.
pub fn choices(catalog: &Catalog, org: &Org) -> Vec<Choice> {
    catalog
        .obligations
        .iter()
        .filter(|o| o.applies_to_kind(org.kind))
        .map(|o| Choice {
            id: o.id.clone(),
            title: o.title.clone(),
        })
        .collect()
}

/// The choices matching `query`, best first (all when nothing was typed): pinyin initials
/// (`ztdr` for 主题党日), then the title, then the id.
pub fn matching<'a>(choices: &'a [Choice], query: &str) -> Vec<&'a Choice> {
    let query = query.trim();
    if query.is_empty() {
        return choices.iter().collect();
    }
    let mut by_initials: Vec<(u8, usize, &Choice)> = choices
        .iter()
        .enumerate()
        .filter_map(|(i, c)| names::initials_match(&c.title, query).map(|r| (r, i, c)))
        .collect();
    by_initials.sort_by_key(|(r, i, _)| (*r, *i));
    let mut found: Vec<&Choice> = by_initials.into_iter().map(|(.., c)| c).collect();
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    for (c, _) in pattern.match_list(choices.iter(), &mut matcher) {
        if !found.contains(&c) {
            found.push(c);
        }
    }
    // Ids match too, for those who know them.
    for c in choices {
        if c.id.contains(query) && !found.contains(&c) {
            found.push(c);
        }
    }
    found
}
