//! The dates a form reads: `2026-11-05`, `11-05`, `11/5` or `5`, and why one does not read.

use chrono::{Datelike, NaiveDate};

use crate::lang::Lang;

/// Why a date field does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    /// Numbers in a date's shape, but no such day: `2026-02-30`.
    NoSuchDay,
    Unreadable,
}

impl DateProblem {
    pub fn message(self, value: &str, lang: Lang) -> String {
        let value = crate::tui::text::visible(value);
        match (self, lang) {
            (DateProblem::NoSuchDay, Lang::Zh) => {
                format!("\"{value}\" 不是存在的日期；例如 2026-11-05")
            }
            (DateProblem::NoSuchDay, Lang::En) => {
                format!("\"{value}\" is not a date that exists; e.g. 2026-11-05")
            }
            (DateProblem::Unreadable, Lang::Zh) => {
                format!("日期 \"{value}\" 无法识别；可写 2026-11-05、11-05 或 11/5")
            }
            (DateProblem::Unreadable, Lang::En) => {
                format!("date \"{value}\" not understood; write 2026-11-05, 11-05 or 11/5")
            }
        }
    }
}

/// `None` when `s` reads as a date ([`parse_date`]); otherwise whether it names a day
/// that does not exist or cannot be read at all.
pub fn date_problem(s: &str, today: NaiveDate) -> Option<DateProblem> {
    if parse_date(s, today).is_some() {
        return None;
    }
    let parts: Vec<&str> = s.trim().split(['-', '/', '.']).collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse::<u32>().ok()).collect();
    let shaped = match numbers.as_deref() {
        Some([y, m, d]) => {
            (1000..=9999).contains(y) && (1..=12).contains(m) && (1..=31).contains(d)
        }
        Some([m, d]) => (1..=12).contains(m) && (1..=31).contains(d),
        Some([d]) => (1..=31).contains(d),
        _ => false,
    };
    Some(if shaped {
        DateProblem::NoSuchDay
    } else {
        DateProblem::Unreadable
    })
}

/// Reads `2026-11-05`, `11-05`, `11/5` (this year), or `5` (this month).
pub fn parse_date(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = crate::input::parse_date(s) {
        return Some(d);
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let num = |p: &str| p.parse::<u32>().ok();
    let date = match parts.as_slice() {
        [m, d] => NaiveDate::from_ymd_opt(today.year(), num(m)?, num(d)?),
        [d] => NaiveDate::from_ymd_opt(today.year(), today.month(), num(d)?),
        [y, m, d] if y.len() == 4 => NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?),
        _ => None,
    }?;
    crate::input::check_date(date).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_short_forms() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let d = |s| parse_date(s, today).map(|d| d.to_string());
        assert_eq!(d("2026-11-05").as_deref(), Some("2026-11-05"));
        assert_eq!(d("11-05").as_deref(), Some("2026-11-05"));
        assert_eq!(d("11/5").as_deref(), Some("2026-11-05"));
        assert_eq!(d("5").as_deref(), Some("2026-11-05"));
        assert_eq!(d("2/30"), None);
        assert_eq!(d("昨天"), None);
        assert_eq!(
            date_problem("2026-02-30", today),
            Some(DateProblem::NoSuchDay)
        );
        assert_eq!(date_problem("2/30", today), Some(DateProblem::NoSuchDay));
        assert_eq!(
            date_problem("2026-13-01", today),
            Some(DateProblem::Unreadable)
        );
        assert_eq!(date_problem("2026-02-28", today), None);
    }
}
