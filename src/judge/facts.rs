//! What the overview, the org picker and the header show of every org, without its
//! whole status: its counts, its members' study hours, its next election and its score.
//! Worked out from the org's judgement, and kept beside a data folder with the status
//! answer ([`super::answer`]), so that the UI opens on every org without judging them.

use chrono::NaiveDate;

use crate::checklist::Catalog;
use crate::score::ChecklistScore;
use crate::status::{OrgStatus, Status, Summary};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    pub summary: Summary,
    /// Members meeting their yearly study hours, of those in scope.
    pub hours: Option<(usize, usize)>,
    /// When the org's term ends.
    pub next_election: Option<NaiveDate>,
    /// This year's score and maximum on each scored checklist in force, in order.
    pub scores: Vec<(f64, f64)>,
}

impl Facts {
    pub fn of(catalog: &Catalog, status: &OrgStatus, scores: &[ChecklistScore]) -> Facts {
        let find = |id: &str| {
            status.obligations.iter().find(|o| {
                catalog.obligations[o.obligation].id == id
                    && o.current.status != Status::NotApplicable
            })
        };
        Facts {
            summary: status.summary(),
            hours: find("study-hours").and_then(|o| o.current.members),
            next_election: find("branch-election").map(|o| o.current.due),
            scores: scores.iter().map(|c| (c.score, c.max)).collect(),
        }
    }
}
