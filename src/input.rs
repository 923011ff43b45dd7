//! What a user types, checked the same way on the command line and in the UI: dates,
//! ids, names and free text. Each refusal names the value and what would be accepted.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::lang::Lang;
use crate::text::{self, Danger};

/// The first and last years a date may fall in.
pub const FIRST_YEAR: i32 = 1949;
pub const LAST_YEAR: i32 = 2200;
/// The longest id.
pub const MAX_ID_LEN: usize = 64;

/// A field of something typed, named in refusals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    OrgId,
    OrgName,
    MemberId,
    MemberName,
    Tag,
    Topic,
    Location,
    Speaker,
    Note,
    Period,
    Attendee,
    SemesterLabel,
    Owner,
    Reason,
}

impl Field {
    /// Chinese and English names.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Field::OrgId => ("组织编号", "org id"),
            Field::OrgName => ("组织名称", "org name"),
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
        }
    }

    /// Whether the field may hold several lines.
    fn multi_line(self) -> bool {
        matches!(self, Field::Note | Field::Reason)
    }
}

/// Why typed input was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// Not of the form `YYYY-MM-DD`.
    DateForm(String),
    /// `YYYY-MM-DD` but no such day (`2026-02-30`).
    DateMissing(String),
    /// Before 1949 or after 2200.
    DateRange(String),
    Char {
        field: Field,
        c: char,
        danger: Danger,
    },
    Empty(Field),
    Id {
        field: Field,
        value: String,
    },
    /// A member name with a comma cannot be named in a comma-separated list later.
    Comma(String),
}

impl InputError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (InputError::DateForm(s), Lang::Zh) => {
                format!("\"{s}\" 不是日期；应写成 YYYY-MM-DD，例如 2026-11-05")
            }
            (InputError::DateForm(s), Lang::En) => {
                format!("\"{s}\" is not a date; expected YYYY-MM-DD, e.g. 2026-11-05")
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
                text::refusal(lang, field.names(), *c, *danger)
            }
            (InputError::Empty(field), Lang::Zh) => format!("{}不能为空", field.names().0),
            (InputError::Empty(field), Lang::En) => {
                format!("the {} cannot be empty", field.names().1)
            }
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
        }
    }
}

/// English, for clap's value parsers; the command line shows [`InputError::message`] in
/// the user's language.
impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for InputError {}

/// A date written `YYYY-MM-DD` exactly (no sign, no short forms), between 1949 and 2200.
pub fn parse_date(s: &str) -> Result<NaiveDate, InputError> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return Err(InputError::DateForm(s.to_string()));
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().expect("digits");
    let date = NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10))
        .ok_or_else(|| InputError::DateMissing(s.to_string()))?;
    check_date(date)
}

/// `date`, if its year is between 1949 and 2200.
pub fn check_date(date: NaiveDate) -> Result<NaiveDate, InputError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(InputError::DateRange(date.to_string()))
    }
}

/// Free text of `field`: no control, direction or zero-width characters.
pub fn check_text(field: Field, s: &str) -> Result<(), InputError> {
    match text::forbidden_in(s, field.multi_line()) {
        Some((c, danger)) => Err(InputError::Char { field, c, danger }),
        None => Ok(()),
    }
}

/// A name (of an org or a member): visible text, not empty.
pub fn check_name(field: Field, s: &str) -> Result<(), InputError> {
    check_text(field, s)?;
    if s.trim().is_empty() {
        return Err(InputError::Empty(field));
    }
    if field == Field::MemberName && s.contains(',') {
        return Err(InputError::Comma(s.to_string()));
    }
    Ok(())
}

/// An id: `[A-Za-z0-9._-]+`, at most 64 characters, not `.` or `..`.
pub fn check_id(field: Field, s: &str) -> Result<(), InputError> {
    check_text(field, s)?;
    if crate::model::valid_id(s) {
        Ok(())
    } else {
        Err(InputError::Id {
            field,
            value: s.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict_and_bounded() {
        assert_eq!(parse_date("2026-11-05").unwrap().to_string(), "2026-11-05");
        for loose in [
            "+2026-11-05",
            "2026-1-5",
            " 2026-11-05",
            "26-11-05",
            "2026/11/05",
            "",
        ] {
            assert_eq!(
                parse_date(loose),
                Err(InputError::DateForm(loose.into())),
                "{loose}"
            );
        }
        assert_eq!(
            parse_date("2026-02-30"),
            Err(InputError::DateMissing("2026-02-30".into()))
        );
        for far in ["0000-01-01", "1948-12-31", "2201-01-01", "9999-12-31"] {
            assert!(
                matches!(parse_date(far), Err(InputError::DateRange(_))),
                "{far}"
            );
        }
        assert!(parse_date("1949-01-01").is_ok());
        assert!(parse_date("2200-12-31").is_ok());
        assert!(
            InputError::DateMissing("2026-02-30".into())
                .message(Lang::Zh)
                .contains("不是存在的日期")
        );
    }

    #[test]
    fn ids_and_names() {
        assert!(check_id(Field::OrgId, "cs-t1").is_ok());
        assert!(check_id(Field::OrgId, "..").is_err());
        assert!(check_id(Field::OrgId, ".").is_err());
        assert!(check_id(Field::OrgId, &"a".repeat(64)).is_ok());
        assert!(check_id(Field::OrgId, &"a".repeat(65)).is_err());
        assert_eq!(
            check_name(Field::OrgName, " "),
            Err(InputError::Empty(Field::OrgName))
        );
        assert_eq!(
            check_name(Field::MemberName, "王,伟"),
            Err(InputError::Comma("王,伟".into()))
        );
        let e = check_name(Field::MemberName, "王\u{7}伟").unwrap_err();
        assert!(
            e.message(Lang::En).contains("U+0007"),
            "{}",
            e.message(Lang::En)
        );
        assert!(e.message(Lang::Zh).contains("成员姓名"));
    }
}
