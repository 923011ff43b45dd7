//! What the checks of typed text and dates say: each field's name, the date forms a
//! refusal names, and every [`InputError`], in Chinese and English side by side.

use super::Localized;
use crate::input::{DateForms, FIRST_YEAR, Field, InputError, LAST_YEAR, MAX_ID_LEN};
use crate::lang::Lang;

impl Field {
    /// Chinese and English names.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Field::OrgId => ("组织编号", "org id"),
            Field::OrgName => ("组织名称", "org name"),
            Field::RecordId => ("记录编号", "record id"),
            Field::MemberId => ("成员编号", "member id"),
            Field::MemberName => ("成员姓名", "member name"),
            Field::Tag => ("标签", "tag"),
            Field::Topic => ("主题", "topic"),
            Field::Location => ("地点", "location"),
            Field::Speaker => ("主讲人", "speaker"),
            Field::Note => ("备注", "note"),
            Field::Period => ("补开周期", "make-up period"),
            Field::Attendee => ("成员", "member"),
            Field::SemesterLabel => ("学期标签", "semester label"),
            Field::Owner => ("负责人", "owner"),
            Field::Reason => ("免除理由", "exemption reason"),
            Field::LeftReason => ("转出原因", "reason for leaving"),
        }
    }
}

impl DateForms {
    /// What a refusal says is accepted.
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            DateForms::Strict => {
                lang.pick("YYYY-MM-DD，例如 2026-11-05", "YYYY-MM-DD, e.g. 2026-11-05")
            }
            DateForms::MonthDay => lang.pick(
                "YYYY-MM-DD 或 MM-DD（今年），例如 2026-11-05、11-05",
                "YYYY-MM-DD or MM-DD (this year), e.g. 2026-11-05, 11-05",
            ),
            DateForms::Short => lang.pick(
                "2026-11-05、11-05、11/5 或 5（本月）",
                "2026-11-05, 11-05, 11/5 or 5 (this month)",
            ),
            DateForms::Roster => lang.pick(
                "2019-07-01、2019/7/1、2019.07.01 或 2019年7月1日",
                "2019-07-01, 2019/7/1, 2019.07.01 or 2019年7月1日",
            ),
        }
    }
}

impl Localized for InputError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (InputError::DateForm { value, forms }, Lang::Zh) => {
                format!("\"{value}\" 不是日期；应写成 {}", forms.describe(lang))
            }
            (InputError::DateForm { value, forms }, Lang::En) => {
                format!(
                    "\"{value}\" is not a date; expected {}",
                    forms.describe(lang)
                )
            }
            (InputError::DateMissing(s), Lang::Zh) => {
                format!("\"{s}\" 不是存在的日期；应写成 YYYY-MM-DD，例如 2026-11-05")
            }
            (InputError::DateMissing(s), Lang::En) => {
                format!("\"{s}\" is not a date that exists; expected YYYY-MM-DD, e.g. 2026-11-05")
            }
            (InputError::DateRange(s), Lang::Zh) => {
                format!("日期 \"{s}\" 超出范围；应在 {FIRST_YEAR} 年到 {LAST_YEAR} 年之间")
            }
            (InputError::DateRange(s), Lang::En) => {
                format!(
                    "date \"{s}\" is out of range; expected a year from {FIRST_YEAR} to {LAST_YEAR}"
                )
            }
            (InputError::Char { field, c, danger }, _) => {
                crate::text::refusal(lang, field.names(), *c, *danger)
            }
            (InputError::Empty(field), Lang::Zh) => format!("{}不能为空", field.names().0),
            (InputError::Empty(field), Lang::En) => {
                format!("the {} cannot be empty", field.names().1)
            }
            (InputError::TooLong { field, len }, Lang::Zh) => format!(
                "{}有 {len} 个字符，太长了；最多 {} 个字符",
                field.names().0,
                field.max_len()
            ),
            (InputError::TooLong { field, len }, Lang::En) => format!(
                "the {} is {len} characters long; at most {} are allowed",
                field.names().1,
                field.max_len()
            ),
            (InputError::Id { field, value }, Lang::Zh) => format!(
                "{} \"{value}\" 无效：只能使用字母、数字和 . _ -，最长 {MAX_ID_LEN} 个字符，且不能是 . 或 ..",
                field.names().0
            ),
            (InputError::Id { field, value }, Lang::En) => format!(
                "{} \"{value}\" is not valid; use letters, digits and . _ -, at most {MAX_ID_LEN} characters, not . or ..",
                field.names().1
            ),
            (InputError::Comma(name), Lang::Zh) => {
                format!("成员姓名 \"{name}\" 含有逗号；名单用逗号分隔，请去掉逗号")
            }
            (InputError::Comma(name), Lang::En) => format!(
                "member name \"{name}\" contains a comma; name lists are comma-separated, so leave it out"
            ),
            (InputError::State(s), Lang::Zh) => format!(
                "状态 \"{s}\" 无效；应为 未开始、进行中、已完成 或 不适用（也可写 todo、doing、done、n/a）"
            ),
            (InputError::State(s), Lang::En) => format!(
                "state \"{s}\" is not valid; expected todo, doing, done or n/a (or 未开始、进行中、已完成、不适用)"
            ),
        }
    }
}
