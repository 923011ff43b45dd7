//! Organizations, members and records (SPEC §3): plain data, no storage, no rules.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod mark;
mod stage;
pub use mark::{Mark, MarkState, ObjectKind, Tombstone, mark_id};
pub use stage::{PARTY_STAGES, Stage};

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
    /// Its own cadence for a 定期 duty (`--every`), replacing the checklist's default.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub every: BTreeMap<String, crate::period::Every>,
    /// Obligations the org is exempt from, with the reason (不设党小组的除外).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub exempt: BTreeMap<String, String>,
    /// The checklists in force for this org; empty: the data folder's default set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checklists: Vec<String>,
    pub updated_at: String,
}

/// A person of one org: a party member, or someone on the path into the party.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    /// Where the member stands on the path into the party (SPEC §9).
    #[serde(default, skip_serializing_if = "Stage::is_full")]
    pub stage: Stage,
    /// The day the member entered each stage, as far as it is known; earlier stages stay
    /// when the member advances.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stage_dates: BTreeMap<Stage, NaiveDate>,
    /// 延长预备期: months added to the one-year 预备期 (6 to 12, once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_months: Option<u32>,
    /// Why the member left (`转出`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_reason: Option<String>,
    /// The org the member moved to (组织关系转接), on `left_on`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
    /// The org the member came from, on `joined_on`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<String>,
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    /// Member ids on leave (请假): they did not attend, and are not counted as absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excused: Vec<String>,
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
    /// Member id → number, for obligations with `amount` (学习强国 积分).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub amounts: BTreeMap<String, f64>,
}

impl Record {
    /// Party members of the org on the record's date who are neither among its attendees
    /// nor on leave (none when no attendee list was kept: everyone was there).
    pub fn absentees<'m>(&self, members: &'m [Member]) -> Vec<&'m Member> {
        let Some(present) = &self.attendees else {
            return Vec::new();
        };
        members
            .iter()
            .filter(|m| {
                m.expected_on(self.date)
                    && !present.contains(&m.id)
                    && !self.excused.contains(&m.id)
            })
            .collect()
    }
}

impl Record {
    /// The members on leave (请假), in `members` order.
    pub fn on_leave<'m>(&self, members: &'m [Member]) -> Vec<&'m Member> {
        members
            .iter()
            .filter(|m| m.org == self.org && self.excused.contains(&m.id))
            .collect()
    }
}

/// An `id` is `[A-Za-z0-9._-]+`, at most 64 characters, and not `.` or `..` (it may name a
/// file one day).
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id != "."
        && id != ".."
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// The ids of every org below `org` (its children, theirs, …), in `orgs` order.
pub fn descendants<'a>(orgs: &'a [Org], org: &str) -> Vec<&'a str> {
    let mut found: Vec<&str> = Vec::new();
    let mut frontier = vec![org];
    while let Some(parent) = frontier.pop() {
        for o in orgs.iter().filter(|o| o.parent.as_deref() == Some(parent)) {
            // A cycle is refused on entry; this guard keeps a damaged folder finite.
            if o.id != org && !found.contains(&o.id.as_str()) {
                found.push(&o.id);
                frontier.push(&o.id);
            }
        }
    }
    found
}

/// Why an org cannot have the parent it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParentError {
    /// No org has that id.
    Unknown(String),
    /// A branch has no orgs under it.
    Branch { parent: String, kind: OrgKind },
    /// The org would end up above itself: the ids from the org up to itself again.
    Cycle(Vec<String>),
    /// The org is (becoming) a branch but other orgs name it as their parent.
    HasChildren(Vec<String>),
}

/// Checks `org`'s place among `orgs` (which may hold an older copy of it): its parent
/// exists and is not a branch, following parents never leads back to it, and a branch has
/// no org under it. `org add` and `org edit` both call it before writing.
pub fn check_parent(org: &Org, orgs: &[Org]) -> Result<(), ParentError> {
    let find = |id: &str| {
        if id == org.id {
            Some(org)
        } else {
            orgs.iter().find(|o| o.id == id)
        }
    };
    if org.kind.is_branch() {
        let kids: Vec<String> = orgs
            .iter()
            .filter(|o| o.id != org.id && o.parent.as_deref() == Some(org.id.as_str()))
            .map(|o| o.id.clone())
            .collect();
        if !kids.is_empty() {
            return Err(ParentError::HasChildren(kids));
        }
    }
    let Some(first) = &org.parent else {
        return Ok(());
    };
    let mut path = vec![org.id.clone()];
    let mut next = Some(first.clone());
    while let Some(id) = next {
        let parent = find(&id).ok_or_else(|| ParentError::Unknown(id.clone()))?;
        path.push(id.clone());
        if parent.id == org.id {
            return Err(ParentError::Cycle(path));
        }
        if path.len() == 2 && parent.kind.is_branch() {
            return Err(ParentError::Branch {
                parent: id,
                kind: parent.kind,
            });
        }
        if path.len() > orgs.len() + 2 {
            // A cycle above the org that does not pass through it: not this edit's doing.
            return Ok(());
        }
        next = parent.parent.clone();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(id: &str, kind: OrgKind, parent: Option<&str>) -> Org {
        Org {
            id: id.into(),
            name: id.into(),
            kind,
            parent: parent.map(String::from),
            elected_on: None,
            since: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            due_days: BTreeMap::new(),
            term_years: Default::default(),
            every: Default::default(),
            exempt: Default::default(),
            checklists: Vec::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn parents_are_departments_and_never_loop() {
        let orgs = vec![
            org("school", OrgKind::Department, None),
            org("cs", OrgKind::Department, Some("school")),
            org("t1", OrgKind::TeacherBranch, Some("cs")),
        ];
        let ok = org("t2", OrgKind::StudentBranch, Some("cs"));
        assert_eq!(check_parent(&ok, &orgs), Ok(()));
        let under_branch = org("d2", OrgKind::Department, Some("t1"));
        assert!(matches!(
            check_parent(&under_branch, &orgs),
            Err(ParentError::Branch { .. })
        ));
        let unknown = org("t3", OrgKind::Branch, Some("nope"));
        assert_eq!(
            check_parent(&unknown, &orgs),
            Err(ParentError::Unknown("nope".into()))
        );
        // school edited to sit under cs, which sits under school.
        let looped = org("school", OrgKind::Department, Some("cs"));
        assert_eq!(
            check_parent(&looped, &orgs),
            Err(ParentError::Cycle(vec![
                "school".into(),
                "cs".into(),
                "school".into()
            ]))
        );
        let itself = org("cs", OrgKind::Department, Some("cs"));
        assert!(matches!(
            check_parent(&itself, &orgs),
            Err(ParentError::Cycle(_))
        ));
        // cs turned into a branch while t1 is under it.
        let demoted = org("cs", OrgKind::TeacherBranch, Some("school"));
        assert_eq!(
            check_parent(&demoted, &orgs),
            Err(ParentError::HasChildren(vec!["t1".into()]))
        );
    }
}
