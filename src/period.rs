//! Periods, labels and due dates (SPEC §2): pure chrono, no I/O, no clock.

use std::fmt;

use chrono::{Datelike, Days, IsoWeek, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// How often an obligation recurs (`every:` in a checklist).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Every {
    Week,
    Month,
    Quarter,
    HalfYear,
    Semester,
    Year,
    Term,
    Once,
    /// One period per member, from the day they entered a stage, due `within` later
    /// (SPEC §9).
    After,
    /// Happens when it happens and is never owed (bonus and penalty entries, 一事一报).
    Event,
}

impl Every {
    pub const ALL: [Every; 10] = [
        Every::Week,
        Every::Month,
        Every::Quarter,
        Every::HalfYear,
        Every::Semester,
        Every::Year,
        Every::Term,
        Every::Once,
        Every::After,
        Every::Event,
    ];

    /// The kinds whose periods tile the calendar (all but `term` and `once`).
    pub const CALENDAR: [Every; 6] = [
        Every::Week,
        Every::Month,
        Every::Quarter,
        Every::HalfYear,
        Every::Semester,
        Every::Year,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Every::Week => "week",
            Every::Month => "month",
            Every::Quarter => "quarter",
            Every::HalfYear => "half-year",
            Every::Semester => "semester",
            Every::Year => "year",
            Every::Term => "term",
            Every::Once => "once",
            Every::After => "after",
            Every::Event => "event",
        }
    }

    /// Days before the due date at which "due soon" starts, unless `warn_days` says otherwise.
    pub fn default_warn_days(self) -> u32 {
        match self {
            Every::Week => 2,
            Every::Month => 7,
            Every::Quarter | Every::Once | Every::After => 14,
            Every::HalfYear | Every::Semester | Every::Year => 30,
            Every::Term => 90,
            Every::Event => 0,
        }
    }

    pub fn is_calendar(self) -> bool {
        !matches!(
            self,
            Every::Term | Every::Once | Every::After | Every::Event
        )
    }

    /// Whether it is owed at all: `event` obligations never are.
    pub fn is_owed(self) -> bool {
        self != Every::Event
    }
}

impl fmt::Display for Every {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One explicit semester from the config, overriding the default academic calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Semester {
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The academic calendar: by default the first semester runs Sep 1 – end of Feb and the
/// second Mar 1 – Aug 31; explicit semesters replace it on the dates they cover.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    semesters: Vec<Semester>,
}

/// Semesters that cannot make a calendar: one ends before it starts, or two overlap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    EndsBeforeStart(String),
    Overlap(String, String),
}

impl Calendar {
    /// A calendar with explicit semesters; they must not overlap and each must end on or
    /// after its start.
    pub fn with_semesters(mut semesters: Vec<Semester>) -> Result<Self, CalendarError> {
        semesters.sort_by_key(|s| s.start);
        for s in &semesters {
            if s.end < s.start {
                return Err(CalendarError::EndsBeforeStart(s.label.clone()));
            }
        }
        for pair in semesters.windows(2) {
            if pair[1].start <= pair[0].end {
                return Err(CalendarError::Overlap(
                    pair[0].label.clone(),
                    pair[1].label.clone(),
                ));
            }
        }
        Ok(Calendar { semesters })
    }

    fn explicit_semester(&self, date: NaiveDate) -> Option<&Semester> {
        self.semesters
            .iter()
            .find(|s| s.start <= date && date <= s.end)
    }

    /// The semester holding `date`, as (label, start, end).
    fn semester_of(&self, date: NaiveDate) -> (String, NaiveDate, NaiveDate) {
        if let Some(s) = self.explicit_semester(date) {
            return (s.label.clone(), s.start, s.end);
        }
        let (y, m) = (date.year(), date.month());
        let (label, start, end) = if m >= 9 {
            (
                format!("{}-{}-1", y, y + 1),
                ymd(y, 9, 1),
                month_end(y + 1, 2),
            )
        } else if m <= 2 {
            (
                format!("{}-{}-1", y - 1, y),
                ymd(y - 1, 9, 1),
                month_end(y, 2),
            )
        } else {
            (format!("{}-{}-2", y - 1, y), ymd(y, 3, 1), ymd(y, 8, 31))
        };
        // Clip the default semester so it never overlaps an explicit one.
        let start = self
            .semesters
            .iter()
            .filter(|s| s.end < date && s.end >= start)
            .map(|s| s.end.succ_opt().unwrap_or(s.end))
            .max()
            .unwrap_or(start);
        let end = self
            .semesters
            .iter()
            .filter(|s| s.start > date && s.start <= end)
            .map(|s| s.start.pred_opt().unwrap_or(s.start))
            .min()
            .unwrap_or(end);
        (label, start, end)
    }

    fn semester_by_label(&self, label: &str) -> Option<(NaiveDate, NaiveDate)> {
        if let Some(s) = self.semesters.iter().find(|s| s.label == label) {
            return Some((s.start, s.end));
        }
        let mut parts = label.split('-');
        let y1: i32 = parts.next()?.parse().ok()?;
        let y2: i32 = parts.next()?.parse().ok()?;
        let n = parts.next()?;
        if parts.next().is_some() || Some(y2) != y1.checked_add(1) {
            return None;
        }
        let probe = match n {
            "1" => ymd(y1, 9, 1),
            "2" => ymd(y2, 3, 1),
            _ => return None,
        };
        let (l, start, end) = self.semester_of(probe);
        (l == label).then_some((start, end))
    }
}

/// One period of an obligation: a label and its first and last day.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Period {
    pub every: Every,
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// The due date: `due_day` of the period's last month (clamped to the month and the
    /// period), else the period's last day. `term` and `once` periods end on their due date.
    pub fn due(&self, due_day: Option<u32>) -> NaiveDate {
        match (self.every, due_day) {
            (Every::Week | Every::Term | Every::Once | Every::After | Every::Event, _)
            | (_, None) => self.end,
            (_, Some(day)) => {
                let last = month_end(self.end.year(), self.end.month());
                let day = day.clamp(1, last.day());
                let due = last.with_day(day).unwrap_or(last);
                due.clamp(self.start, self.end)
            }
        }
    }
}

/// The calendar period of kind `every` holding `date`.
///
/// # Panics
/// For `term` and `once`, whose periods depend on the org or the obligation: use
/// [`term_period`] and [`once_period`].
pub fn period_of(every: Every, date: NaiveDate, cal: &Calendar) -> Period {
    let (y, m) = (date.year(), date.month());
    let (label, start, end) = match every {
        Every::Week => {
            let week = date.iso_week();
            // Only the weeks at the ends of chrono's range stick out of it.
            let start = NaiveDate::from_isoywd_opt(week.year(), week.week(), Weekday::Mon)
                .unwrap_or(NaiveDate::MIN);
            let end = start
                .checked_add_days(Days::new(6))
                .unwrap_or(NaiveDate::MAX);
            (week_label(week), start, end)
        }
        Every::Month => (format!("{y}-{m:02}"), ymd(y, m, 1), month_end(y, m)),
        Every::Quarter => {
            let q = (m - 1) / 3 + 1;
            let first = (q - 1) * 3 + 1;
            (
                format!("{y}-Q{q}"),
                ymd(y, first, 1),
                month_end(y, first + 2),
            )
        }
        Every::HalfYear => {
            if m <= 6 {
                (format!("{y}-H1"), ymd(y, 1, 1), ymd(y, 6, 30))
            } else {
                (format!("{y}-H2"), ymd(y, 7, 1), ymd(y, 12, 31))
            }
        }
        Every::Semester => cal.semester_of(date),
        Every::Year => (format!("{y}"), ymd(y, 1, 1), ymd(y, 12, 31)),
        Every::Term | Every::Once | Every::After | Every::Event => {
            panic!("{every} periods are not calendar periods")
        }
    };
    Period {
        every,
        label,
        start,
        end,
    }
}

/// The period just before `period` (calendar kinds only).
pub fn previous(period: &Period, cal: &Calendar) -> Option<Period> {
    let day = period.start.pred_opt()?;
    Some(period_of(period.every, day, cal))
}

/// The period just after `period` (calendar kinds only).
pub fn next(period: &Period, cal: &Calendar) -> Option<Period> {
    let day = period.end.succ_opt()?;
    Some(period_of(period.every, day, cal))
}

/// The period a label names, for calendar kinds (`2026-W05`, `2026-11`, `2026-Q4`,
/// `2026-H2`, `2026-2027-1`, `2026`).
pub fn parse_label(every: Every, label: &str, cal: &Calendar) -> Option<Period> {
    let probe = match every {
        Every::Week => {
            let (y, w) = label.split_once("-W")?;
            if w.len() != 2 {
                return None;
            }
            NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, Weekday::Mon)?
        }
        Every::Month => {
            let (y, m) = label.split_once('-')?;
            if m.len() != 2 {
                return None;
            }
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?
        }
        Every::Quarter => {
            let (y, q) = label.split_once("-Q")?;
            let q: u32 = q.parse().ok()?;
            if !(1..=4).contains(&q) {
                return None;
            }
            NaiveDate::from_ymd_opt(y.parse().ok()?, (q - 1) * 3 + 1, 1)?
        }
        Every::HalfYear => {
            let (y, h) = label.split_once("-H")?;
            let month = match h {
                "1" => 1,
                "2" => 7,
                _ => return None,
            };
            NaiveDate::from_ymd_opt(y.parse().ok()?, month, 1)?
        }
        Every::Semester => {
            let (start, _) = cal.semester_by_label(label)?;
            start
        }
        Every::Year => {
            if label.len() != 4 {
                return None;
            }
            NaiveDate::from_ymd_opt(label.parse().ok()?, 1, 1)?
        }
        Every::Term | Every::Once | Every::After | Every::Event => return None,
    };
    let period = period_of(every, probe, cal);
    (period.label == label).then_some(period)
}

/// The term running from the day after `anchor` (the last election), due `years` later
/// (never wrapping: a term too long for the calendar ends on its last day).
pub fn term_period(anchor: NaiveDate, years: u32) -> Period {
    let due = years
        .checked_mul(12)
        .and_then(|months| anchor.checked_add_months(Months::new(months)))
        .unwrap_or(NaiveDate::MAX);
    Period {
        every: Every::Term,
        label: format!("term-from-{anchor}"),
        start: anchor.succ_opt().unwrap_or(anchor),
        end: due,
    }
}

/// The election a term period runs from: the inverse of [`term_period`], read from the
/// period's dates rather than from its label. `None` for any other period.
pub fn term_anchor(p: &Period) -> Option<NaiveDate> {
    (p.every == Every::Term).then(|| p.start.pred_opt().unwrap_or(p.start))
}

/// The single period of a one-off obligation: every date up to and including `due`
/// belongs to it, and a record after `due` still counts (as late).
pub fn once_period(due: NaiveDate) -> Period {
    Period {
        every: Every::Once,
        label: due.to_string(),
        start: NaiveDate::MIN,
        end: due,
    }
}

/// A member's one period of an `every: after` obligation: from the day they entered the
/// stage, due `months` later (clamped to the month's end: 31 Jan + 1 month → 28 or 29
/// Feb). Labelled by its first day.
pub fn after_period(entered: NaiveDate, months: u32) -> Period {
    let due = entered
        .checked_add_months(chrono::Months::new(months))
        .unwrap_or(NaiveDate::MAX);
    Period {
        every: Every::After,
        label: format!("after-{entered}"),
        start: entered,
        end: due,
    }
}

fn week_label(week: IsoWeek) -> String {
    format!("{}-W{:02}", week.year(), week.week())
}

/// A date of the calendar; a year beyond chrono's range gives its first or last day.
fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(if y < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// The last day of month `m` of year `y`.
pub fn month_end(y: i32, m: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, 1) {
        // Only chrono's last month has no next one.
        Some(first) => first
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX),
        None => ymd(y, m, 1),
    }
}

#[cfg(test)]
mod tests;
