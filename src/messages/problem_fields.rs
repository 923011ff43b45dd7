//! The words of `dangjian check` about an obligation's own fields (`count`, `due`,
//! `every: after`, `per: member`…), Chinese and English side by side.

use crate::checklist::Problem;

/// (Chinese, English) for a problem with an obligation's fields.
pub(super) fn said(p: &Problem) -> (String, String) {
    match p {
        Problem::ObligationId { id } => (
            format!("义务编号 \"{id}\" 无效；只能由小写字母、数字和 - 组成（[a-z0-9-]+）"),
            format!("obligation id \"{id}\" must match [a-z0-9-]+"),
        ),
        Problem::Count { value, max } => (
            format!("count \"{value}\" 超出范围；应为 1 到 {max}"),
            format!("count \"{value}\" is out of range; expected 1 to {max}"),
        ),
        Problem::Hours { value, max } => (
            format!("hours \"{value}\" 超出范围；应大于 0 且不超过 {max}"),
            format!("hours \"{value}\" is out of range; expected a number above 0 and at most {max}"),
        ),
        Problem::WarnDays { value, max } => (
            format!("warn_days \"{value}\" 超出范围；应为 0 到 {max}"),
            format!("warn_days \"{value}\" is out of range; expected 0 to {max}"),
        ),
        Problem::Due { value, first, last } => (
            format!("due \"{value}\" 超出范围；应为 {first} 到 {last} 之间的日期"),
            format!("due \"{value}\" is out of range; expected a date from {first} to {last}"),
        ),
        Problem::DueDayWeek { value } => (
            format!(
                "due_day \"{value}\" 不能与 every: week 同用（每周的截止日是周日）；请删去，或改用更长的周期"
            ),
            format!(
                "due_day \"{value}\" is not allowed with every: week (a week is due on its Sunday); remove it or use a longer period"
            ),
        ),
        Problem::DueDayCadence { value, every } => (
            format!(
                "due_day \"{value}\" 不能与 every: {every} 同用；截止日只用于按日历的周期（month … year）"
            ),
            format!(
                "due_day \"{value}\" is not allowed with every: {every}; it applies to week-or-longer calendar periods (month … year)"
            ),
        ),
        Problem::DueDayRange { value } => (
            format!("due_day \"{value}\" 超出范围；应为每月的 1 到 31 日"),
            format!("due_day \"{value}\" is out of range; expected a day of the month from 1 to 31"),
        ),
        Problem::OnceNeedsDue => (
            "every: once 需要截止日期：请加上 due: YYYY-MM-DD".into(),
            "every: once needs a due date: add due: YYYY-MM-DD".into(),
        ),
        Problem::DueNotOnce { value, every } => (
            format!("due \"{value}\" 只能与 every: once 同用（本义务是 every: {every}）"),
            format!(
                "due \"{value}\" is only allowed with every: once (this obligation is every: {every})"
            ),
        ),
        Problem::Years { value, max } => (
            format!("years \"{value}\" 超出范围；应为 1 到 {max}"),
            format!("years \"{value}\" is out of range; expected 1 to {max}"),
        ),
        Problem::YearsNotTerm { value, every } => (
            format!("years \"{value}\" 只能与 every: term 同用（本义务是 every: {every}）"),
            format!(
                "years \"{value}\" is only allowed with every: term (this obligation is every: {every})"
            ),
        ),
        Problem::RegularCadence { every } => (
            format!(
                "regular: true（定期）需要一个按日历的默认周期，week … year（本义务是 every: {every}）"
            ),
            format!(
                "regular: true (定期) needs a calendar cadence, week … year, as its default (this obligation is every: {every})"
            ),
        ),
        Problem::TagNeedsMember { tag } => (
            format!("tag \"{tag}\" 需要 per: member"),
            format!("tag \"{tag}\" needs per: member"),
        ),
        Problem::NotWithEvent { key } => (
            format!("{key} 不能与 every: event 同用（随时记录的事项从不到期）"),
            format!("{key} is not allowed with every: event (an event is never owed)"),
        ),
        Problem::NeedsMember { key } => (
            format!("{key} 需要 per: member（它针对每名成员）"),
            format!("{key} needs per: member (it concerns each member)"),
        ),
        Problem::AmountAtLeast { value } => (
            format!("amount 的 at_least \"{value}\" 应为大于 0 的数"),
            format!("amount at_least \"{value}\" must be a number above 0"),
        ),
        Problem::AmountUnit => (
            "amount 需要单位（例如 unit: 积分）".into(),
            "amount needs a unit (e.g. unit: 积分)".into(),
        ),
        Problem::AfterNeedsWithin => (
            "every: after 需要 within：进入阶段后多久到期（例如 within: {months: 1}）".into(),
            "every: after needs within: how long after entering the stage it is due (e.g. within: {months: 1})".into(),
        ),
        Problem::WithinOne => (
            "within 只写 months 或 years 其中之一，例如 within: {months: 3}".into(),
            "within takes one of months or years, e.g. within: {months: 3}".into(),
        ),
        Problem::Within { months, max } => (
            format!("within {months} 个月超出范围；应为 1 到 {max} 个月（或不超过 10 年）"),
            format!(
                "within {months} months is out of range; expected 1 to {max} months (or up to 10 years)"
            ),
        ),
        Problem::WithinNotAfter { every } => (
            format!("within 只能与 every: after 同用（本义务是 every: {every}）"),
            format!("within is only allowed with every: after (this obligation is every: {every})"),
        ),
        Problem::AfterNeedsMember => (
            "every: after 需要 per: member（每名成员从进入该阶段之日起承担）".into(),
            "every: after needs per: member (each member owes it from the day they entered the stage)".into(),
        ),
        Problem::AfterNeedsStage => (
            "every: after 需要 stage：从哪个阶段之日起算（例如 stage: [applicant]）".into(),
            "every: after needs stage: the stage whose day it counts from (e.g. stage: [applicant])".into(),
        ),
        Problem::AfterOneStage => (
            "every: after 只从一个阶段起算；请只写一个（例如 stage: [probationary]）".into(),
            "every: after counts from one stage; name exactly one (e.g. stage: [probationary])".into(),
        ),
        Problem::StageEmpty => (
            "stage 是空的；请写出它针对的阶段，例如 stage: [activist, candidate]".into(),
            "stage is empty; name the stages it concerns, e.g. stage: [activist, candidate]".into(),
        ),
        _ => unreachable!("the other problems are worded in messages::problems"),
    }
}
