//! The user's marks on qualitative items, and the tombstones deletions leave: plain data.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The user's mark on a qualitative item (落实措施 / 完成时限).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    pub org: String,
    pub checklist: String,
    pub item: String,
    pub state: MarkState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<NaiveDate>,
    /// A hand score (0 … the item's points): the assessor's last word on the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkState {
    #[default]
    Todo,
    Doing,
    Done,
    #[serde(rename = "n/a")]
    NotApplicable,
}

impl MarkState {
    pub const ALL: [MarkState; 4] = [
        MarkState::Todo,
        MarkState::Doing,
        MarkState::Done,
        MarkState::NotApplicable,
    ];

    /// The word the command line and the exchange files use.
    pub fn as_str(self) -> &'static str {
        match self {
            MarkState::Todo => "todo",
            MarkState::Doing => "doing",
            MarkState::Done => "done",
            MarkState::NotApplicable => "n/a",
        }
    }
}

/// What was deleted (SPEC §3): kept so that an export carries the deletion to other copies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tombstone {
    pub kind: ObjectKind,
    /// The object's id: a record's or member's id, an org's id, `CHECKLIST:ITEM` for a mark.
    pub id: String,
    pub org: String,
    pub deleted_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ObjectKind {
    Org,
    Member,
    Record,
    Mark,
    /// A member's monthly dues from a month on; id `MEMBER:YYYY-MM`.
    #[serde(rename = "dues-setting")]
    DuesSetting,
    /// A dues payment; id the payment's.
    #[serde(rename = "dues-payment")]
    DuesPayment,
}

impl ObjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Org => "org",
            ObjectKind::Member => "member",
            ObjectKind::Record => "record",
            ObjectKind::Mark => "mark",
            ObjectKind::DuesSetting => "dues-setting",
            ObjectKind::DuesPayment => "dues-payment",
        }
    }
}

/// The id a mark's tombstone carries.
pub fn mark_id(checklist: &str, item: &str) -> String {
    format!("{checklist}:{item}")
}
