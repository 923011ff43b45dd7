//! The words of the path into the party (SPEC §9): refusals of a stage, its date or an
//! extension of the 预备期.

use super::Localized;
use crate::i18n::stages_accepted;
use crate::lang::Lang;
use crate::stages::{EXTENSION_MONTHS, StageError};

impl Localized for StageError {
    fn message(&self, lang: Lang) -> String {
        let st = |s| lang.stage(s);
        let (lo, hi) = (EXTENSION_MONTHS.start(), EXTENSION_MONTHS.end());
        match (self, lang) {
            (StageError::Unknown(s), Lang::Zh) => {
                format!("\"{s}\" 不是发展阶段；应为 {}", stages_accepted(lang))
            }
            (StageError::Unknown(s), Lang::En) => {
                format!("\"{s}\" is not a stage; expected {}", stages_accepted(lang))
            }
            (StageError::NeedsDate(s), Lang::Zh) => {
                format!("{}需要进入该阶段的日期（--on），例如 2026-03-01", st(*s))
            }
            (StageError::NeedsDate(s), Lang::En) => format!(
                "a {} needs the day they entered the stage (--on), e.g. 2026-03-01",
                st(*s)
            ),
            (StageError::NotNext { current, to, next }, Lang::Zh) => match next {
                Some(n) => format!(
                    "不能从{}直接转为{}；下一阶段是 {}（{}）",
                    st(*current),
                    st(*to),
                    n.as_str(),
                    st(*n)
                ),
                None => format!("{}已是最后阶段，不能再转为{}", st(*current), st(*to)),
            },
            (StageError::NotNext { current, to, next }, Lang::En) => match next {
                Some(n) => format!(
                    "a {} cannot become a {}; the next stage is {}",
                    st(*current),
                    st(*to),
                    n.as_str()
                ),
                None => format!(
                    "a {} is at the last stage and cannot become a {}",
                    st(*current),
                    st(*to)
                ),
            },
            (StageError::AfterToday { date, today }, Lang::Zh) => {
                format!("日期 {date} 晚于今天（{today}）；只能记录已经发生的事")
            }
            (StageError::AfterToday { date, today }, Lang::En) => format!(
                "date {date} is after today ({today}); only what has happened can be recorded"
            ),
            (
                StageError::BeforeCurrent {
                    date,
                    current,
                    since,
                },
                Lang::Zh,
            ) => format!(
                "日期 {date} 早于成为{}的日期 {since}；应不早于 {since}",
                st(*current)
            ),
            (
                StageError::BeforeCurrent {
                    date,
                    current,
                    since,
                },
                Lang::En,
            ) => format!(
                "date {date} is before the member became a {} on {since}; expected {since} or later",
                st(*current)
            ),
            (
                StageError::CandidateTooSoon {
                    date,
                    activist,
                    earliest,
                },
                Lang::Zh,
            ) => format!(
                "{date} 距成为入党积极分子（{activist}）不满一年；最早可在 {earliest} 确定为发展对象"
            ),
            (
                StageError::CandidateTooSoon {
                    date,
                    activist,
                    earliest,
                },
                Lang::En,
            ) => format!(
                "{date} is less than a year after becoming an activist ({activist}); the earliest day to become a candidate is {earliest}"
            ),
            (StageError::FullTooSoon { date, earliest }, Lang::Zh) => {
                format!("{date} 预备期未满；最早可在 {earliest} 转为正式党员")
            }
            (StageError::FullTooSoon { date, earliest }, Lang::En) => format!(
                "{date} is before the probation (预备期) ends; the earliest day to become a full member is {earliest}"
            ),
            (StageError::Order { earlier, later }, Lang::Zh) => format!(
                "成为{}的日期 {} 早于成为{}的日期 {}；各阶段日期应依次不早于前一阶段",
                st(later.0),
                later.1,
                st(earlier.0),
                earlier.1
            ),
            (StageError::Order { earlier, later }, Lang::En) => format!(
                "the day of becoming a {} ({}) is before the day of becoming a {} ({}); each stage's day must be on or after the one before",
                st(later.0),
                later.1,
                st(earlier.0),
                earlier.1
            ),
            (StageError::NotReached { stage, current }, Lang::Zh) => format!(
                "成员当前是{}，尚未成为{}，不能有该阶段的日期",
                st(*current),
                st(*stage)
            ),
            (StageError::NotReached { stage, current }, Lang::En) => format!(
                "the member is a {} and has not become a {}; that stage can have no date",
                st(*current),
                st(*stage)
            ),
            (StageError::ExtensionMonths(n), Lang::Zh) => {
                format!("延长预备期 \"{n}\" 个月无效；应为 {lo} 到 {hi} 个月")
            }
            (StageError::ExtensionMonths(n), Lang::En) => {
                format!("an extension of \"{n}\" months is not valid; expected {lo} to {hi} months")
            }
            (StageError::ExtendedTwice(n), Lang::Zh) => {
                format!("预备期已经延长过（{n} 个月）；只能延长一次")
            }
            (StageError::ExtendedTwice(n), Lang::En) => {
                format!("the probation was already extended ({n} months); it is extended once")
            }
            (StageError::NotProbationary(s), Lang::Zh) => {
                format!("只有预备党员可以延长预备期；该成员是{}", st(*s))
            }
            (StageError::NotProbationary(s), Lang::En) => format!(
                "only a probationary member's probation can be extended; this member is a {}",
                st(*s)
            ),
            (StageError::Left { id, on }, Lang::Zh) => {
                format!("成员 \"{id}\" 已于 {on} 转出本组织")
            }
            (StageError::Left { id, on }, Lang::En) => {
                format!("member \"{id}\" left this org on {on}")
            }
        }
    }
}

/// A roster row at `stage` with no date for it: the column to fill in, not a flag.
pub fn roster_needs_date(stage: crate::model::Stage, column: &str, lang: Lang) -> String {
    let st = lang.stage(stage);
    match lang {
        Lang::Zh => format!("{st}需要进入该阶段的日期：请填写“{column}”列，例如 2026-03-01"),
        Lang::En => format!(
            "a {st} needs the day they entered the stage: fill in the \"{column}\" column, e.g. 2026-03-01"
        ),
    }
}
