//! What a user types, checked the same way on the command line and in the UI: dates,
//! ids, names and free text. Each refusal names the value and what would be accepted.

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

use crate::lang::Lang;
use crate::text::{self, Danger};

/// The first and last years a date may fall in.
pub const FIRST_YEAR: i32 = 1949;
pub const LAST_YEAR: i32 = 2200;
/// The longest id.
pub const MAX_ID_LEN: usize = 64;
/// The longest name (of an org or a member).
pub const MAX_NAME_LEN: usize = 64;
/// The longest tag.
pub const MAX_TAG_LEN: usize = 32;
/// The longest short text: a topic, a location, a speaker.
pub const MAX_LINE_LEN: usize = 200;
/// The longest long text: a note, an owner, a 落实措施.
pub const MAX_TEXT_LEN: usize = 2_000;

/// A field of something typed, named in refusals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    OrgId,
    OrgName,
    RecordId,
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
    /// Why a member left (转出).
    LeftReason,
}

impl Field {
    /// Whether the field may hold several lines.
    fn multi_line(self) -> bool {
        matches!(self, Field::Note | Field::Reason)
    }

    /// The most characters the field may hold (SPEC §3).
    pub fn max_len(self) -> usize {
        match self {
            Field::OrgId | Field::RecordId | Field::MemberId => MAX_ID_LEN,
            Field::OrgName | Field::MemberName | Field::Attendee => MAX_NAME_LEN,
            Field::Period | Field::SemesterLabel => MAX_ID_LEN,
            Field::Tag => MAX_TAG_LEN,
            Field::Topic | Field::Location | Field::Speaker | Field::Reason | Field::LeftReason => {
                MAX_LINE_LEN
            }
            Field::Note | Field::Owner => MAX_TEXT_LEN,
        }
    }
}

/// Why typed input was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// Not in a form the path accepts.
    DateForm {
        value: String,
        forms: DateForms,
    },
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
    /// More characters than the field holds.
    TooLong {
        field: Field,
        len: usize,
    },
    Id {
        field: Field,
        value: String,
    },
    /// A member name with a comma cannot be named in a comma-separated list later.
    Comma(String),
    /// Not a mark's state.
    State(String),
}

/// English, for clap's value parsers; the command line shows [`InputError::message`] in
/// the user's language.
impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::messages::Localized::message(self, Lang::En))
    }
}

impl std::error::Error for InputError {}

/// The written forms of a date a path accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateForms {
    /// `YYYY-MM-DD` exactly: files.
    Strict,
    /// `YYYY-MM-DD`, or `MM-DD` in today's year: the command line.
    MonthDay,
    /// Also `11/5`, `11.5`, and `5` for a day of this month: the form.
    Short,
    /// As a 花名册 writes them: `2019-07-01`, `2019/7/1`, `2019.07.01`, `2019年7月1日`.
    Roster,
}

/// A date written `YYYY-MM-DD` exactly (no sign, no short forms), between 1949 and 2200.
pub fn parse_date(s: &str) -> Result<NaiveDate, InputError> {
    // Today only matters for the short forms, which this one does not take.
    read_date(s, NaiveDate::MIN, DateForms::Strict)
}

/// A timestamp in RFC 3339 (`2026-11-22T08:00:00.000Z`), as every file and record keeps
/// them. The form dangjian writes is read directly; any other goes to chrono's parser,
/// which decides alike: a university's import reads millions of them.
pub fn parse_instant(s: &str) -> Option<DateTime<FixedOffset>> {
    written_form(s.as_bytes()).or_else(|| DateTime::parse_from_rfc3339(s).ok())
}

/// `YYYY-MM-DDTHH:MM:SS[.f…]Z` with at most nine digits of fraction and no leap second;
/// `None` for anything else, which may still be a timestamp.
fn written_form(b: &[u8]) -> Option<DateTime<FixedOffset>> {
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let punctuated = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')]
        .iter()
        .all(|&(at, c)| b.get(at) == Some(&c));
    if !punctuated || b.last() != Some(&b'Z') {
        return None;
    }
    let nanos = match b.len() {
        20 => 0,
        n if (22..=30).contains(&n) && b[19] == b'.' => {
            let fraction = &b[20..n - 1];
            digits(20..n - 1)? * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)?;
    let (h, m, sec) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    if sec > 59 {
        return None;
    }
    let time = chrono::NaiveTime::from_hms_nano_opt(h, m, sec, nanos)?;
    Some(date.and_time(time).and_utc().fixed_offset())
}

/// The one date parser: `s` in one of `forms`, between 1949 and 2200; short forms fall
/// in `today`'s year (and month). A day that cannot exist (`2026-02-30`, `2/30`) is
/// refused as such, whatever the form.
pub fn read_date(s: &str, today: NaiveDate, forms: DateForms) -> Result<NaiveDate, InputError> {
    let form = || InputError::DateForm {
        value: s.to_string(),
        forms,
    };
    let strict = |s: &str| {
        let b = s.as_bytes();
        b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    };
    let numbers = |s: &str, seps: &[char]| -> Option<Vec<u32>> {
        s.split(seps)
            .map(|p| {
                (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| p.parse().ok())
                    .flatten()
            })
            .collect()
    };
    let chinese = |t: &str| -> Option<String> {
        let (y, rest) = t.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        Some(format!("{y}-{m}-{}", d.strip_suffix('日')?))
    };
    let owned;
    let t = match forms {
        DateForms::Short => s.trim(),
        DateForms::Roster => {
            owned = chinese(s.trim()).unwrap_or_else(|| s.trim().to_string());
            owned.as_str()
        }
        _ => s,
    };
    let parts = if strict(t) {
        numbers(t, &['-'])
    } else {
        match forms {
            DateForms::Strict => None,
            DateForms::MonthDay => numbers(t, &['-']).filter(|p| p.len() == 2),
            DateForms::Short => numbers(t, &['-', '/', '.']),
            DateForms::Roster => numbers(t, &['-', '/', '.']).filter(|p| p.len() == 3),
        }
    };
    let (y, m, d) = match parts.as_deref() {
        Some(&[y, m, d])
            if strict(t)
                || (matches!(forms, DateForms::Short | DateForms::Roster) && y >= 1000) =>
        {
            (y as i32, m, d)
        }
        Some(&[m, d]) if m <= 99 && d <= 99 => (today.year(), m, d),
        Some(&[d]) if forms == DateForms::Short && d <= 99 => (today.year(), today.month(), d),
        _ => return Err(form()),
    };
    if !((1..=12).contains(&m) && (1..=31).contains(&d)) {
        return Err(form());
    }
    let date =
        NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| InputError::DateMissing(s.to_string()))?;
    check_date(date).map_err(|_| InputError::DateRange(s.to_string()))
}

/// `date`, if its year is between 1949 and 2200.
pub fn check_date(date: NaiveDate) -> Result<NaiveDate, InputError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(InputError::DateRange(date.to_string()))
    }
}

/// Free text of `field`: no control, direction or zero-width characters, and no longer
/// than the field holds.
pub fn check_text(field: Field, s: &str) -> Result<(), InputError> {
    if let Some((c, danger)) = text::forbidden_in(s, field.multi_line()) {
        return Err(InputError::Char { field, c, danger });
    }
    let len = s.trim().chars().count();
    if len > field.max_len() {
        return Err(InputError::TooLong { field, len });
    }
    Ok(())
}

/// Optional free text of `field` ([`check_text`]).
pub fn check_opt(field: Field, s: &Option<String>) -> Result<(), InputError> {
    s.as_deref().map_or(Ok(()), |s| check_text(field, s))
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
    if s.is_empty() {
        return Err(InputError::Empty(field));
    }
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
    use crate::messages::Localized;

    #[test]
    fn timestamps_read_as_chrono_reads_them() {
        for s in [
            "2026-11-22T08:00:00.000Z",
            "2026-11-22T08:00:00Z",
            "2026-11-22T08:00:00.5Z",
            "2026-11-22T23:59:59.123456789Z",
            "2026-11-22T23:59:59.1234567891Z",
            "2024-02-29T00:00:00.000Z",
            "2026-02-29T00:00:00.000Z",
            "2026-02-30T00:00:00.000Z",
            "2026-13-01T00:00:00.000Z",
            "2026-11-22T24:00:00.000Z",
            "2026-11-22T08:60:00.000Z",
            "2016-12-31T23:59:60.000Z",
            "2026-11-22t08:00:00.000z",
            "2026-11-22 08:00:00.000Z",
            "2026-11-22T08:00:00.000+08:00",
            "2026-11-22T08:00:00.Z",
            "2026-11-22T08:00:00.000ZZ",
            "2026-1-22T08:00:00.000Z",
            "+026-11-22T08:00:00.000Z",
            "",
            "2026-11-22",
        ] {
            let chrono = DateTime::parse_from_rfc3339(s).ok();
            assert_eq!(parse_instant(s), chrono, "{s}");
        }
    }

    #[test]
    fn dates_on_the_command_line_and_in_forms() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let cli = |s| read_date(s, today, DateForms::MonthDay);
        assert_eq!(cli("11-05").unwrap().to_string(), "2026-11-05");
        assert_eq!(cli("2026-11-05").unwrap().to_string(), "2026-11-05");
        assert!(matches!(cli("11/5"), Err(InputError::DateForm { .. })));
        assert!(matches!(cli("02-30"), Err(InputError::DateMissing(_))));
        let form = |s| read_date(s, today, DateForms::Short);
        assert_eq!(form(" 11/5 ").unwrap().to_string(), "2026-11-05");
        assert_eq!(form("5").unwrap().to_string(), "2026-11-05");
        assert!(matches!(form("0000-01-01"), Err(InputError::DateRange(_))));
        assert!(matches!(
            parse_date("2026-1-5"),
            Err(InputError::DateForm { .. })
        ));
    }

    #[test]
    fn dates_as_a_roster_writes_them() {
        let roster = |s| read_date(s, NaiveDate::MIN, DateForms::Roster);
        for form in [
            "2019-07-01",
            "2019/7/1",
            "2019.07.01",
            "2019年7月1日",
            " 2019-7-1 ",
        ] {
            assert_eq!(roster(form).unwrap().to_string(), "2019-07-01", "{form}");
        }
        assert!(matches!(
            roster("2019.13.01"),
            Err(InputError::DateForm { .. })
        ));
        assert!(matches!(roster("7/1"), Err(InputError::DateForm { .. })));
        assert!(matches!(
            roster("2019年2月30日"),
            Err(InputError::DateMissing(_))
        ));
        let e = roster("2019.13.01").unwrap_err().message(Lang::Zh);
        assert!(e.starts_with("\"2019.13.01\" 不是日期"), "{e}");
    }

    #[test]
    fn text_limits() {
        assert!(check_text(Field::Topic, &"题".repeat(200)).is_ok());
        assert_eq!(
            check_text(Field::Topic, &"题".repeat(201)),
            Err(InputError::TooLong {
                field: Field::Topic,
                len: 201
            })
        );
        assert!(check_text(Field::Tag, &"a".repeat(33)).is_err());
        assert!(check_name(Field::MemberName, &"王".repeat(65)).is_err());
        assert!(check_text(Field::Note, &"a".repeat(2_000)).is_ok());
        assert!(check_text(Field::Note, &"a".repeat(2_001)).is_err());
        assert!(check_text(Field::Topic, "a\u{ad}b").is_err());
    }

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
                Err(InputError::DateForm {
                    value: loose.into(),
                    forms: DateForms::Strict
                }),
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
