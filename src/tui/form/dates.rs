//! Dates typed into a form, read by the one date parser ([`crate::input::read_date`]).

use chrono::NaiveDate;

use crate::input::{DateForms, InputError};

/// Reads a date typed into a form: `2026-11-05`, `11-05`, `11/5` (this year), or `5`
/// (this month).
pub fn read_date(s: &str, today: NaiveDate) -> Result<NaiveDate, InputError> {
    crate::input::read_date(s, today, DateForms::Short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_short_forms() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let d = |s| read_date(s, today).ok().map(|d| d.to_string());
        assert_eq!(d("2026-11-05").as_deref(), Some("2026-11-05"));
        assert_eq!(d("11-05").as_deref(), Some("2026-11-05"));
        assert_eq!(d("11/5").as_deref(), Some("2026-11-05"));
        assert_eq!(d("5").as_deref(), Some("2026-11-05"));
        assert_eq!(d("2/30"), None);
        assert_eq!(d("昨天"), None);
        let missing = |s: &str| matches!(read_date(s, today), Err(InputError::DateMissing(_)));
        assert!(missing("2026-02-30"));
        assert!(missing("2/30"));
        assert!(!missing("2026-13-01"));
        assert!(read_date("2026-02-28", today).is_ok());
    }
}
