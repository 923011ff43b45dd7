//! The quick-entry form for a record: state and editing, no drawing. What was typed is
//! never thrown away when a field is refused.

use chrono::{Datelike, Days, NaiveDate};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

use super::action::Action;
use super::input::{Edit, Input};
use super::names;
use crate::checklist::Catalog;
use crate::entry::{self, Attendance, Draft, Field};
use crate::lang::Lang;
use crate::model::{Member, Org, Record};

/// The form's fields, in the order `Tab` visits them: what is typed for nearly every
/// record first, the fields whose defaults usually stand last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Obligation,
    Implied,
    Date,
    Topic,
    Hours,
    Attendance,
    ForPeriod,
    Note,
}

impl Slot {
    pub const ORDER: [Slot; 8] = [
        Slot::Obligation,
        Slot::Topic,
        Slot::Hours,
        Slot::Attendance,
        Slot::Date,
        Slot::Implied,
        Slot::ForPeriod,
        Slot::Note,
    ];

    /// Slots that take typed text (the others are lists moved with `j`/`k`).
    pub fn is_text(self) -> bool {
        !matches!(self, Slot::Implied | Slot::Attendance)
    }
}

/// What the form wants after a key.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    Stay,
    Close,
    Save,
}

/// An obligation offered in the form: id and title.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub id: String,
    pub title: String,
}

impl AsRef<str> for Choice {
    fn as_ref(&self) -> &str {
        &self.title
    }
}

#[derive(Debug, Clone)]
pub struct RecordForm {
    /// The record being edited, or `None` for a new one.
    pub editing: Option<Record>,
    /// Obligations that apply to the org.
    pub choices: Vec<Choice>,
    pub obligation: Option<String>,
    pub query: Input,
    pub pick: usize,
    /// Other obligations the record also counts toward, ticked or not.
    pub implied: Vec<(Choice, bool)>,
    pub implied_cursor: usize,
    pub date: Input,
    pub topic: Input,
    pub hours: Input,
    /// Members in scope: id, name, present.
    pub attendance: Vec<(String, String, bool)>,
    pub attendance_cursor: usize,
    pub for_period: Input,
    pub note: Input,
    pub focus: Slot,
    /// The refused field and why.
    pub error: Option<(Slot, String)>,
    pub confirm_discard: bool,
    pub dirty: bool,
    today: NaiveDate,
    lang: Lang,
}

impl RecordForm {
    /// A new record for `org`: today, everyone present, `obligation` and what it implies.
    /// The cursor starts in the type field: `Tab` keeps the type, typing searches another.
    pub fn new(
        catalog: &Catalog,
        org: &Org,
        members: &[Member],
        obligation: Option<&str>,
        today: NaiveDate,
        lang: Lang,
    ) -> RecordForm {
        let choices = choices(catalog, org);
        let obligation = obligation
            .filter(|o| choices.iter().any(|c| c.id == *o))
            .map(str::to_string);
        let mut form = RecordForm {
            editing: None,
            choices,
            obligation: None,
            query: Input::default(),
            pick: 0,
            implied: Vec::new(),
            implied_cursor: 0,
            date: Input::new(today.to_string()),
            topic: Input::default(),
            hours: Input::default(),
            attendance: Vec::new(),
            attendance_cursor: 0,
            for_period: Input::default(),
            note: Input::default(),
            focus: Slot::Obligation,
            error: None,
            confirm_discard: false,
            dirty: false,
            today,
            lang,
        };
        form.set_attendance(members, today, None);
        if let Some(o) = obligation {
            form.choose(catalog, org, &o);
        }
        form
    }

    /// A form holding `record`, to edit it.
    pub fn edit(
        catalog: &Catalog,
        org: &Org,
        members: &[Member],
        record: &Record,
        today: NaiveDate,
        lang: Lang,
    ) -> RecordForm {
        let first = record.obligations.first().map(String::as_str);
        let mut form = RecordForm::new(catalog, org, members, first, today, lang);
        form.focus = Slot::Topic;
        for (choice, ticked) in &mut form.implied {
            *ticked = record.obligations.contains(&choice.id);
        }
        for extra in record.obligations.iter().skip(1) {
            if !form.implied.iter().any(|(c, _)| &c.id == extra) {
                let title = catalog.title(extra).to_string();
                form.implied.push((
                    Choice {
                        id: extra.clone(),
                        title,
                    },
                    true,
                ));
            }
        }
        form.date.set(record.date.to_string());
        form.topic.set(record.topic.clone().unwrap_or_default());
        form.hours
            .set(record.hours.map(crate::report::hours).unwrap_or_default());
        form.for_period
            .set(record.for_period.clone().unwrap_or_default());
        form.note.set(record.note.clone().unwrap_or_default());
        form.set_attendance(members, record.date, record.attendees.as_deref());
        form.editing = Some(record.clone());
        form
    }

    fn set_attendance(&mut self, members: &[Member], date: NaiveDate, present: Option<&[String]>) {
        self.attendance = members
            .iter()
            .filter(|m| m.in_scope(date, date))
            .map(|m| {
                (
                    m.id.clone(),
                    m.name.clone(),
                    present.is_none_or(|p| p.contains(&m.id)),
                )
            })
            .collect();
        self.attendance_cursor = 0;
    }

    fn choose(&mut self, catalog: &Catalog, org: &Org, id: &str) {
        self.obligation = Some(id.to_string());
        self.query = Input::default();
        self.pick = 0;
        self.implied = entry::implied(catalog, org, &[id.to_string()])
            .into_iter()
            .map(|i| {
                let title = catalog.title(&i).to_string();
                (Choice { id: i, title }, true)
            })
            .collect();
        self.implied_cursor = 0;
    }

    /// The obligations matching what was typed, best first (all when nothing was typed):
    /// pinyin initials (`ztdr` for 主题党日), then the title, then the id.
    pub fn matches(&self) -> Vec<&Choice> {
        let query = self.query.value().trim();
        if query.is_empty() {
            return self.choices.iter().collect();
        }
        let mut by_initials: Vec<(u8, usize, &Choice)> = self
            .choices
            .iter()
            .enumerate()
            .filter_map(|(i, c)| names::initials_match(&c.title, query).map(|r| (r, i, c)))
            .collect();
        by_initials.sort_by_key(|(r, i, _)| (*r, *i));
        let mut found: Vec<&Choice> = by_initials.into_iter().map(|(.., c)| c).collect();
        let mut matcher = Matcher::new(Config::DEFAULT);
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        for (c, _) in pattern.match_list(self.choices.iter(), &mut matcher) {
            if !found.contains(&c) {
                found.push(c);
            }
        }
        // Ids match too, for those who know them.
        for c in &self.choices {
            if c.id.contains(query) && !found.contains(&c) {
                found.push(c);
            }
        }
        found
    }

    pub fn title_of_choice(&self) -> Option<&str> {
        let id = self.obligation.as_deref()?;
        self.choices
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.title.as_str())
    }

    /// Whether keys should type into the focused field.
    pub fn wants_text(&self) -> bool {
        !self.confirm_discard && self.focus.is_text()
    }

    pub fn handle(
        &mut self,
        catalog: &Catalog,
        org: &Org,
        members: &[Member],
        action: Action,
    ) -> Outcome {
        if self.confirm_discard {
            if let Action::Answer(yes) = action {
                self.confirm_discard = false;
                if yes {
                    return Outcome::Close;
                }
            }
            return Outcome::Stay;
        }
        match action {
            Action::Save => return Outcome::Save,
            Action::Back if self.dirty => self.confirm_discard = true,
            Action::Back => return Outcome::Close,
            Action::NextField => self.step_focus(catalog, org, members, 1),
            Action::PrevField => self.step_focus(catalog, org, members, -1),
            Action::Enter if self.focus == Slot::Note => return Outcome::Save,
            Action::Enter => self.step_focus(catalog, org, members, 1),
            Action::Up | Action::Down => {
                let down = action == Action::Down;
                let step = |i: &mut usize, len: usize| {
                    *i = if down {
                        (*i + 1).min(len.saturating_sub(1))
                    } else {
                        i.saturating_sub(1)
                    }
                };
                match self.focus {
                    Slot::Obligation => {
                        let n = self.matches().len();
                        step(&mut self.pick, n);
                    }
                    Slot::Implied => step(&mut self.implied_cursor, self.implied.len()),
                    Slot::Attendance => step(&mut self.attendance_cursor, self.attendance.len()),
                    _ => {}
                }
            }
            // Space ticks or unticks and moves on, so that neighbours take one key each.
            Action::Toggle => {
                self.dirty = true;
                match self.focus {
                    Slot::Implied => {
                        if let Some((_, t)) = self.implied.get_mut(self.implied_cursor) {
                            *t = !*t;
                            self.implied_cursor =
                                (self.implied_cursor + 1).min(self.implied.len() - 1);
                        }
                    }
                    Slot::Attendance => {
                        if let Some((_, _, t)) = self.attendance.get_mut(self.attendance_cursor) {
                            *t = !*t;
                            self.attendance_cursor =
                                (self.attendance_cursor + 1).min(self.attendance.len() - 1);
                        }
                    }
                    _ => {}
                }
            }
            Action::Type(edit) => {
                self.dirty = true;
                self.type_into(edit, members);
            }
            _ => {}
        }
        Outcome::Stay
    }

    fn type_into(&mut self, edit: Edit, members: &[Member]) {
        if self.focus == Slot::Date
            && let Edit::Char(c @ ('+' | '-')) = edit
            && let Some(date) = parse_date(self.date.value(), self.today)
        {
            let next = if c == '+' {
                date.checked_add_days(Days::new(1))
            } else {
                date.checked_sub_days(Days::new(1))
            };
            if let Some(next) = next {
                self.date.set(next.to_string());
                self.refresh_attendance(members, next);
            }
            return;
        }
        let field = match self.focus {
            Slot::Obligation => {
                self.pick = 0;
                &mut self.query
            }
            Slot::Date => &mut self.date,
            Slot::Topic => &mut self.topic,
            Slot::Hours => &mut self.hours,
            Slot::ForPeriod => &mut self.for_period,
            Slot::Note => &mut self.note,
            Slot::Implied | Slot::Attendance => return,
        };
        field.apply(edit);
        if self.focus == Slot::Date {
            self.check_date_as_typed();
        }
    }

    /// While the date is typed: a day that cannot exist is said at once, and the message
    /// goes as soon as the date reads. Attendance follows the date only once it is left.
    fn check_date_as_typed(&mut self) {
        let value = self.date.value().trim();
        match date_problem(value, self.today) {
            None => {
                if self.error.as_ref().is_some_and(|(s, _)| *s == Slot::Date) {
                    self.error = None;
                }
            }
            Some(problem @ DateProblem::NoSuchDay) => {
                self.error = Some((Slot::Date, problem.message(value, self.lang)));
            }
            Some(DateProblem::Unreadable) => {}
        }
    }

    /// Keeps ticks of members still in scope on the new date.
    fn refresh_attendance(&mut self, members: &[Member], date: NaiveDate) {
        let absent: Vec<String> = self
            .attendance
            .iter()
            .filter(|a| !a.2)
            .map(|a| a.0.clone())
            .collect();
        let present: Vec<String> = members
            .iter()
            .filter(|m| m.in_scope(date, date) && !absent.contains(&m.id))
            .map(|m| m.id.clone())
            .collect();
        self.set_attendance(members, date, Some(&present));
    }

    fn step_focus(&mut self, catalog: &Catalog, org: &Org, members: &[Member], by: isize) {
        if self.focus == Slot::Date {
            let value = self.date.value().trim().to_string();
            match parse_date(&value, self.today) {
                Some(date) => self.refresh_attendance(members, date),
                None => {
                    let problem =
                        date_problem(&value, self.today).unwrap_or(DateProblem::Unreadable);
                    self.error = Some((Slot::Date, problem.message(&value, self.lang)));
                }
            }
        }
        if self.focus == Slot::Obligation && !self.query.value().trim().is_empty() {
            let picked = self.matches().get(self.pick).map(|c| c.id.clone());
            if let Some(id) = picked {
                self.choose(catalog, org, &id);
                self.dirty = true;
            }
        }
        let i = Slot::ORDER
            .iter()
            .position(|s| *s == self.focus)
            .unwrap_or(0) as isize;
        let n = Slot::ORDER.len() as isize;
        self.focus = Slot::ORDER[((i + by).rem_euclid(n)) as usize];
    }

    /// What was typed, as a draft for [`entry::build`], or the field that cannot be read
    /// and why.
    pub fn draft(&self) -> Result<Draft, (Slot, String)> {
        let value = self.date.value().trim();
        let date = parse_date(value, self.today).ok_or_else(|| {
            let problem = date_problem(value, self.today).unwrap_or(DateProblem::Unreadable);
            (Slot::Date, problem.message(value, self.lang))
        })?;
        let hours = match self.hours.value().trim() {
            "" => None,
            h => Some(h.parse::<f64>().map_err(|_| {
                let m = self.lang.pick(
                    "学时应为数字，例如 2 或 1.5",
                    "hours must be a number, e.g. 2 or 1.5",
                );
                (Slot::Hours, format!("{m}: \"{h}\""))
            })?),
        };
        let mut obligations: Vec<String> = self.obligation.iter().cloned().collect();
        obligations.extend(
            self.implied
                .iter()
                .filter(|(_, t)| *t)
                .map(|(c, _)| c.id.clone()),
        );
        let absent: Vec<String> = self
            .attendance
            .iter()
            .filter(|a| !a.2)
            .map(|a| a.0.clone())
            .collect();
        let text = |i: &Input| Some(i.value().trim().to_string()).filter(|s| !s.is_empty());
        Ok(Draft {
            amounts: Vec::new(),
            obligations,
            date: Some(date),
            hours,
            topic: text(&self.topic),
            attendance: if absent.is_empty() {
                Attendance::All
            } else {
                Attendance::Absent(absent)
            },
            for_period: text(&self.for_period),
            location: self.editing.as_ref().and_then(|r| r.location.clone()),
            speaker: self.editing.as_ref().and_then(|r| r.speaker.clone()),
            note: text(&self.note),
            implied: false,
            points: self.editing.as_ref().and_then(|r| r.points),
        })
    }

    /// Marks the field a refusal is about, and moves there.
    pub fn refuse(&mut self, field: Field, message: String) {
        let slot = match field {
            Field::Obligations => Slot::Obligation,
            Field::Date => Slot::Date,
            Field::Hours => Slot::Hours,
            Field::Attendance => Slot::Attendance,
            Field::ForPeriod => Slot::ForPeriod,
            Field::Topic => Slot::Topic,
            Field::Note => Slot::Note,
        };
        self.error = Some((slot, message));
        self.focus = slot;
    }
}

/// The obligations that apply to `org`, in checklist order.
pub fn choices(catalog: &Catalog, org: &Org) -> Vec<Choice> {
    catalog
        .obligations
        .iter()
        .filter(|o| o.applies_to_kind(org.kind))
        .map(|o| Choice {
            id: o.id.clone(),
            title: o.title.clone(),
        })
        .collect()
}

/// Why a date field does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    /// Numbers in a date's shape, but no such day: `2026-02-30`.
    NoSuchDay,
    Unreadable,
}

impl DateProblem {
    pub fn message(self, value: &str, lang: Lang) -> String {
        let value = super::text::visible(value);
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
