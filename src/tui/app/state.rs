//! Each view's own state: its highlighted row and what it alone remembers.

use super::rows::{OverviewRow, Sort};
use crate::tui::action::View;
use crate::tui::input::Input;

#[derive(Debug, Default)]
pub struct PeriodState {
    pub cursor: usize,
    /// Only what is still owed now: overdue, due soon and this period's pending.
    pub owed_only: bool,
}

#[derive(Debug)]
pub struct OverviewState {
    pub cursor: usize,
    pub sort: Sort,
    /// Rows in display order, kept until statuses or the sort change.
    pub rows: Vec<OverviewRow>,
}

#[derive(Debug, Default)]
pub struct TreeState {
    pub cursor: usize,
}

#[derive(Debug, Default)]
pub struct RecordsState {
    pub cursor: usize,
    /// The `/` filter.
    pub filter: Input,
}

#[derive(Debug, Default)]
pub struct MembersState {
    pub cursor: usize,
}

/// 发展: the highlighted person.
#[derive(Debug, Default)]
pub struct DevelopmentState {
    pub cursor: usize,
}

#[derive(Debug, Default)]
pub struct DuesState {
    /// The highlighted member.
    pub cursor: usize,
    /// The highlighted month, 1–12.
    pub month: u32,
    /// The year shown; `None`: today's.
    pub year: Option<i32>,
}

/// Every view's state, one struct each.
#[derive(Debug)]
pub struct Views {
    pub period: PeriodState,
    pub overview: OverviewState,
    pub tree: TreeState,
    pub records: RecordsState,
    pub members: MembersState,
    pub development: DevelopmentState,
    pub dues: DuesState,
}

impl Default for Views {
    fn default() -> Views {
        Views {
            period: PeriodState::default(),
            overview: OverviewState {
                cursor: 0,
                sort: Sort::Worst,
                rows: Vec::new(),
            },
            tree: TreeState::default(),
            records: RecordsState::default(),
            members: MembersState::default(),
            development: DevelopmentState::default(),
            dues: DuesState::default(),
        }
    }
}

impl Views {
    /// The highlighted row of `view`.
    pub fn cursor(&self, view: View) -> usize {
        match view {
            View::Period => self.period.cursor,
            View::Overview => self.overview.cursor,
            View::Tree => self.tree.cursor,
            View::Records => self.records.cursor,
            View::Members => self.members.cursor,
            View::Development => self.development.cursor,
            View::Dues => self.dues.cursor,
        }
    }

    pub fn cursor_mut(&mut self, view: View) -> &mut usize {
        match view {
            View::Period => &mut self.period.cursor,
            View::Overview => &mut self.overview.cursor,
            View::Tree => &mut self.tree.cursor,
            View::Records => &mut self.records.cursor,
            View::Members => &mut self.members.cursor,
            View::Development => &mut self.development.cursor,
            View::Dues => &mut self.dues.cursor,
        }
    }

    /// A new org selected: each of its views starts at the top, unfiltered.
    pub fn reset_org_views(&mut self) {
        self.period.cursor = 0;
        self.tree.cursor = 0;
        self.records = RecordsState::default();
        self.members.cursor = 0;
        self.development.cursor = 0;
        self.dues.cursor = 0;
    }
}
