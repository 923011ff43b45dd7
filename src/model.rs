//! Organizations, members and records (SPEC §3): plain data, no storage, no rules.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What kind of party organization an org is; `any-branch` in `applies_to` matches the
/// three branch kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrgKind {
    /// 学校党委: school-level standards whose items are owned by offices
    School,
    /// 院系党委 / 党总支
    Department,
    /// 教工党支部
    TeacherBranch,
    /// 学生党支部
    StudentBranch,
    /// 其他党支部
    Branch,
}

impl OrgKind {
    pub const ALL: [OrgKind; 5] = [
        OrgKind::School,
        OrgKind::Department,
        OrgKind::TeacherBranch,
        OrgKind::StudentBranch,
        OrgKind::Branch,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::School => "school",
            OrgKind::Department => "department",
            OrgKind::TeacherBranch => "teacher-branch",
            OrgKind::StudentBranch => "student-branch",
            OrgKind::Branch => "branch",
        }
    }

    pub fn is_branch(self) -> bool {
        matches!(
            self,
            OrgKind::TeacherBranch | OrgKind::StudentBranch | OrgKind::Branch
        )
    }
}

impl fmt::Display for OrgKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OrgKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrgKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown org kind \"{s}\"; expected one of: {}",
                    OrgKind::ALL.map(OrgKind::as_str).join(", ")
                )
            })
    }
}

/// The kinds an obligation or checklist applies to (`applies_to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppliesTo {
    School,
    Department,
    TeacherBranch,
    StudentBranch,
    Branch,
    AnyBranch,
}

impl AppliesTo {
    pub fn matches(self, kind: OrgKind) -> bool {
        match self {
            AppliesTo::AnyBranch => kind.is_branch(),
            AppliesTo::School => kind == OrgKind::School,
            AppliesTo::Department => kind == OrgKind::Department,
            AppliesTo::TeacherBranch => kind == OrgKind::TeacherBranch,
            AppliesTo::StudentBranch => kind == OrgKind::StudentBranch,
            AppliesTo::Branch => kind == OrgKind::Branch,
        }
    }
}

/// A party organization: a department committee or a branch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub kind: OrgKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elected_on: Option<NaiveDate>,
    /// Periods that end before this day are not judged.
    pub since: NaiveDate,
    /// Per-obligation `due_day` overrides (a branch that holds 主题党日 on the 20th).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub due_days: BTreeMap<String, u32>,
    /// Per-obligation term lengths in years (`--term-years`), replacing the checklist's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub term_years: BTreeMap<String, u32>,
    /// Obligations the org is exempt from, with the reason (不设党小组的除外).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub exempt: BTreeMap<String, String>,
    /// The checklists in force for this org; empty: the data folder's default set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checklists: Vec<String>,
    pub updated_at: String,
}

/// A party member of one org.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub org: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_on: Option<NaiveDate>,
    pub updated_at: String,
}

impl Member {
    /// In scope for the days `start..=end`: joined on or before `end` and not left before
    /// `start`.
    pub fn in_scope(&self, start: NaiveDate, end: NaiveDate) -> bool {
        self.joined_on.is_none_or(|j| j <= end) && self.left_on.is_none_or(|l| l >= start)
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

/// An activity that happened: a meeting, a lecture, a report filed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Generated, sortable by creation.
    pub id: String,
    pub org: String,
    pub obligations: Vec<String>,
    pub date: NaiveDate,
    /// A make-up (补开) for this earlier period: the record counts only there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_period: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<f64>,
    /// Member ids; `None` means every member in scope on `date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendees: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// On a bonus or penalty item's obligation: the points this entry adds or deducts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
}

impl Record {
    /// Members in scope on the record's date who are not among its attendees (none when
    /// no attendee list was kept: everyone was there).
    pub fn absentees<'m>(&self, members: &'m [Member]) -> Vec<&'m Member> {
        let Some(present) = &self.attendees else {
            return Vec::new();
        };
        members
            .iter()
            .filter(|m| m.in_scope(self.date, self.date) && !present.contains(&m.id))
            .collect()
    }
}

/// An `id` is `[A-Za-z0-9._-]+`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}
