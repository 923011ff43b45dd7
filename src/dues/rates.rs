//! The rule's table (中组发〔2008〕3号): the monthly dues worked out from the monthly
//! income (税后月工资收入), as a percentage of the whole base, rounded to the fen.

use serde::{Deserialize, Serialize};

use super::Fen;

/// Which column of the table applies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RateKind {
    /// 在职: up to 3,000 → 0.5 %, up to 5,000 → 1 %, up to 10,000 → 1.5 %, above → 2 %.
    #[default]
    Standard,
    /// 离退休: up to 5,000 → 0.5 %, above → 1 %.
    Retiree,
    /// 学生: 0.20 元 a month, whatever the base.
    Student,
}

impl RateKind {
    pub const ALL: [RateKind; 3] = [RateKind::Standard, RateKind::Retiree, RateKind::Student];

    pub fn as_str(self) -> &'static str {
        match self {
            RateKind::Standard => "standard",
            RateKind::Retiree => "retiree",
            RateKind::Student => "student",
        }
    }

    pub fn parse(s: &str) -> Option<RateKind> {
        RateKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What a student pays each month.
pub const STUDENT_MONTHLY: Fen = Fen(20);

/// The rate, in permille of the whole base, for `base` under `kind` (`None` for a
/// student, who pays a fixed amount). Each bound belongs to the lower band ("up to").
pub fn permille(base: Fen, kind: RateKind) -> Option<i64> {
    match kind {
        RateKind::Standard if base <= Fen::yuan(3_000) => Some(5),
        RateKind::Standard if base <= Fen::yuan(5_000) => Some(10),
        RateKind::Standard if base <= Fen::yuan(10_000) => Some(15),
        RateKind::Standard => Some(20),
        RateKind::Retiree if base <= Fen::yuan(5_000) => Some(5),
        RateKind::Retiree => Some(10),
        RateKind::Student => None,
    }
}

/// The monthly dues for a monthly income of `base`.
pub fn monthly_from_base(base: Fen, kind: RateKind) -> Fen {
    match permille(base, kind) {
        Some(p) => base.permille(p),
        None => STUDENT_MONTHLY,
    }
}
