//! The one place that reads the system clock. Everything else takes the moment or the day
//! as a parameter: [`Clock::Fixed`] in tests, [`Clock::System`] only where a person is
//! waiting (the terminal UI stamps each change with the moment it was made).

use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// Always this moment.
    Fixed(DateTime<Utc>),
    /// The system's clock.
    System,
}

impl Clock {
    pub fn now(self) -> DateTime<Utc> {
        match self {
            Clock::Fixed(t) => t,
            Clock::System => Utc::now(),
        }
    }
}

/// Today's date on the system clock, in the local time zone: the default of `--today`.
pub fn local_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}
