//! The pickers: `o` chooses an org (pinyin initials, names, ids; worst first), `/` filters
//! the records.

use anyhow::Result;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

use super::{App, Mode};
use crate::tui::action::{Action, View};
use crate::tui::input::Input;
use crate::tui::names::{initials_query, initials_rank};

/// The org picker's query and highlighted match.
#[derive(Debug, Clone, Default)]
pub struct OrgPicker {
    pub query: Input,
    pub pick: usize,
    /// The orgs matching the query, worst first ([`org_matches`]): found again when the
    /// query or the orgs change, not on every key or frame.
    pub matches: Vec<usize>,
}

impl OrgPicker {
    /// The picker with an empty query: every org, worst first.
    pub fn open(app: &App) -> OrgPicker {
        OrgPicker {
            matches: org_matches(app, ""),
            ..OrgPicker::default()
        }
    }
}

impl App {
    pub(super) fn pick_org(&mut self, mut picker: OrgPicker, action: Action) -> Result<()> {
        match action {
            Action::Type(edit) => {
                picker.query.apply(edit);
                picker.pick = 0;
                picker.matches = org_matches(self, picker.query.value());
            }
            Action::Up | Action::Down => {
                let n = picker.matches.len();
                picker.pick = if action == Action::Down {
                    (picker.pick + 1).min(n.saturating_sub(1))
                } else {
                    picker.pick.saturating_sub(1)
                };
            }
            Action::Enter => {
                if let Some(&i) = picker.matches.get(picker.pick) {
                    self.select_org(i)?;
                    if self.view == View::Overview {
                        self.view = View::Period;
                    }
                }
                return Ok(());
            }
            Action::Back => return Ok(()),
            _ => {}
        }
        self.mode = Mode::PickOrg(picker);
        Ok(())
    }

    pub(super) fn filter(&mut self, action: Action) {
        let state = &mut self.views.records;
        match action {
            Action::Type(edit) => state.filter.apply(edit),
            Action::Back => state.filter = Input::default(),
            Action::Enter => {}
            _ => {}
        }
        if action != Action::Enter && action != Action::Back {
            self.mode = Mode::Filter;
        }
        state.cursor = 0;
    }
}

/// Orgs matching `query`, worst first (most overdue, then most due soon): those whose
/// name's pinyin initials start with it (`wl` finds 物理…), then those that match it
/// elsewhere in the initials, then fuzzy matches of name or id. Everything when empty.
pub fn org_matches(app: &App, query: &str) -> Vec<usize> {
    let orgs = &app.data.orgs;
    let worst = |i: usize| {
        let s = app.data.facts(i).summary;
        (
            std::cmp::Reverse(s.overdue),
            std::cmp::Reverse(s.due_soon),
            &app.data.names[i],
        )
    };
    let query = query.trim();
    let mut found: Vec<(u8, usize)> = Vec::new();
    let mut by_initials = vec![false; orgs.len()];
    if query.is_empty() {
        found.extend((0..orgs.len()).map(|i| (0, i)));
    } else if let Some(q) = initials_query(query) {
        for (i, initials) in app.data.initials().iter().enumerate() {
            if let Some(rank) = initials_rank(initials, &q) {
                found.push((rank, i));
                by_initials[i] = true;
            }
        }
    }
    if !query.is_empty() {
        let haystacks: Vec<(usize, String)> = orgs
            .iter()
            .enumerate()
            .filter(|(i, _)| !by_initials[*i])
            .map(|(i, o)| (i, format!("{} {}", o.name, o.id)))
            .collect();
        struct H<'a>(&'a (usize, String));
        impl AsRef<str> for H<'_> {
            fn as_ref(&self) -> &str {
                &self.0.1
            }
        }
        let mut matcher = Matcher::new(Config::DEFAULT);
        let fuzzy = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart)
            .match_list(haystacks.iter().map(H), &mut matcher);
        found.extend(fuzzy.into_iter().map(|(h, _)| (2, h.0.0)));
    }
    found.sort_by_key(|&(rank, i)| (rank, worst(i)));
    found.into_iter().map(|(_, i)| i).collect()
}
