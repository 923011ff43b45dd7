//! What is kept: a member's monthly amount from a month on ([`Setting`]), and a payment
//! covering whole months ([`Payment`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Fen, Month, RateKind};

/// The member's monthly dues from `from` on, until a later setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    pub org: String,
    pub member: String,
    pub from: Month,
    /// 0 means exempted (减免).
    pub monthly: Fen,
    /// The monthly income it was worked out from, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Fen>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_kind: Option<RateKind>,
    pub updated_at: String,
}

impl Setting {
    /// The id its tombstone carries: `MEMBER:YYYY-MM`.
    pub fn id(&self) -> String {
        setting_id(&self.member, self.from)
    }
}

pub fn setting_id(member: &str, from: Month) -> String {
    format!("{member}:{from}")
}

/// A payment of dues for the months `from..=to`, made on `date`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    pub id: String,
    pub org: String,
    pub member: String,
    pub from: Month,
    pub to: Month,
    pub amount: Fen,
    pub date: NaiveDate,
    pub created_at: String,
    pub updated_at: String,
}

impl Payment {
    pub fn covers(&self, month: Month) -> bool {
        self.from <= month && month <= self.to
    }

    pub fn months(&self) -> impl Iterator<Item = Month> {
        Month::range(self.from, self.to)
    }
}

/// The monthly amount `settings` (one member's) give for `month`: the latest setting
/// from that month or earlier; `None` when none has been set yet.
pub fn monthly_for<'a>(
    settings: impl IntoIterator<Item = &'a Setting>,
    month: Month,
) -> Option<Fen> {
    settings
        .into_iter()
        .filter(|s| s.from <= month)
        .max_by_key(|s| s.from)
        .map(|s| s.monthly)
}
