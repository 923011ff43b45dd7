//! The stages of the path into the party (发展党员, SPEC §9) and a member's place on it:
//! plain data and the one answer to "was this person a party member on that day".

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Member;

/// A member's stage, in the order the path runs.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// 入党申请人: the application is received.
    Applicant,
    /// 入党积极分子: the branch committee confirms them.
    Activist,
    /// 发展对象: confirmed after at least a year as activist.
    Candidate,
    /// 预备党员: admitted by the 支部党员大会; 预备期 one year.
    Probationary,
    /// 正式党员.
    #[default]
    Full,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Applicant,
        Stage::Activist,
        Stage::Candidate,
        Stage::Probationary,
        Stage::Full,
    ];

    /// The word the command line, the checklists and the exchange files use.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Applicant => "applicant",
            Stage::Activist => "activist",
            Stage::Candidate => "candidate",
            Stage::Probationary => "probationary",
            Stage::Full => "full",
        }
    }

    /// The stage after this one, if any.
    pub fn next(self) -> Option<Stage> {
        let i = Stage::ALL.iter().position(|s| *s == self)?;
        Stage::ALL.get(i + 1).copied()
    }

    /// The stage before this one, if any.
    pub fn previous(self) -> Option<Stage> {
        let i = Stage::ALL.iter().position(|s| *s == self)?;
        i.checked_sub(1).map(|i| Stage::ALL[i])
    }

    /// `probationary` and `full`: the party members, who are in scope of meetings, 学时
    /// and dues.
    pub fn is_party_member(self) -> bool {
        matches!(self, Stage::Probationary | Stage::Full)
    }

    pub fn is_full(&self) -> bool {
        *self == Stage::Full
    }
}

/// The default `stage` of an obligation with `per: member`: the party members.
pub const PARTY_STAGES: [Stage; 2] = [Stage::Probationary, Stage::Full];

impl Member {
    /// The day the member entered `stage`, when known.
    pub fn entered(&self, stage: Stage) -> Option<NaiveDate> {
        self.stage_dates.get(&stage).copied()
    }

    /// The member's stage on `day`, as far as the dates tell: the latest stage up to the
    /// current one entered on or before `day`. A stage whose date is not known counts from
    /// the latest known date before it; with none known, the current stage counts as
    /// always held (a 正式党员 added without dates has always been one) and an earlier one
    /// not at all. `None`: not on the path that day, as far as the dates tell.
    pub fn stage_on(&self, day: NaiveDate) -> Option<Stage> {
        let reached = Stage::ALL.into_iter().filter(|s| *s <= self.stage);
        for s in reached.rev() {
            match self.entered(s) {
                Some(d) if d <= day => return Some(s),
                Some(_) => continue,
                None => {
                    let before = self
                        .stage_dates
                        .iter()
                        .filter(|(k, _)| **k < s)
                        .map(|(_, d)| *d)
                        .max();
                    // Nothing known before it: only the current stage counts as always
                    // held (a 正式党员 added without dates); an earlier one is not guessed.
                    if before.map_or(s == self.stage, |d| d <= day) {
                        return Some(s);
                    }
                }
            }
        }
        None
    }

    /// Whether the member was a party member (`probationary` or `full`) on `day`: the one
    /// rule meetings, 学时 and dues follow.
    pub fn is_party_member_on(&self, day: NaiveDate) -> bool {
        self.stage_on(day).is_some_and(Stage::is_party_member)
    }

    /// Whether the member was in one of `stages` on `day`.
    pub fn in_stages_on(&self, stages: &[Stage], day: NaiveDate) -> bool {
        self.stage_on(day).is_some_and(|s| stages.contains(&s))
    }

    /// A party member of the org on `day`: expected at its meetings (SPEC §3).
    pub fn expected_on(&self, day: NaiveDate) -> bool {
        self.in_scope(day, day) && self.is_party_member_on(day)
    }
}
