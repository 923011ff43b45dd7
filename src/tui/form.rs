//! The quick-entry form for a record: state and editing, no drawing. What was typed is
//! never thrown away when a field is refused.

mod amounts;
mod attendance;
mod choices;
mod dates;
mod draft;

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::action::{Action, Outcome};
use super::input::{Edit, Input};
use crate::checklist::Catalog;
use crate::entry;
use crate::input::InputError;
use crate::lang::Lang;
use crate::messages::Localized;
use crate::model::{Member, Org, Record};

pub use attendance::Presence;
pub use choices::{Choice, choices};
pub use dates::read_date;

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

#[derive(Debug, Clone)]
pub struct RecordForm {
    /// The id of the org the record is for; saving never falls back to another.
    pub org: String,
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
    /// Party members of the day: id, name, and whether present, absent or on leave.
    pub attendance: Vec<(String, String, Presence)>,
    pub attendance_cursor: usize,
    /// The unit of the obligation's `amount` (积分), when it has one.
    pub amount_unit: Option<String>,
    /// The amount typed beside each member (by id), for an obligation with `amount`.
    pub amounts: BTreeMap<String, Input>,
    pub for_period: Input,
    pub note: Input,
    pub focus: Slot,
    /// The refused field and why.
    pub error: Option<(Slot, String)>,
    pub confirm_discard: bool,
    /// Saving a meeting with no topic: asked once, then saved on a yes.
    pub confirm_no_topic: bool,
    no_topic_asked: bool,
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
            org: org.id.clone(),
            editing: None,
            choices,
            obligation: None,
            query: Input::default(),
            pick: 0,
            implied: Vec::new(),
            implied_cursor: 0,
            date: Input::prefilled(today.to_string()),
            topic: Input::default(),
            hours: Input::default(),
            attendance: Vec::new(),
            attendance_cursor: 0,
            amount_unit: None,
            amounts: BTreeMap::new(),
            for_period: Input::default(),
            note: Input::default(),
            focus: Slot::Obligation,
            error: None,
            confirm_discard: false,
            confirm_no_topic: false,
            no_topic_asked: false,
            dirty: false,
            today,
            lang,
        };
        form.set_attendance(members, today, None, &[]);
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
        form.date.propose(record.date.to_string());
        form.topic.propose(record.topic.clone().unwrap_or_default());
        form.hours
            .propose(record.hours.map(crate::report::hours).unwrap_or_default());
        form.for_period
            .propose(record.for_period.clone().unwrap_or_default());
        form.note.propose(record.note.clone().unwrap_or_default());
        form.set_attendance(
            members,
            record.date,
            record.attendees.as_deref(),
            &record.excused,
        );
        form.load_amounts(record);
        form.editing = Some(record.clone());
        form
    }

    fn choose(&mut self, catalog: &Catalog, org: &Org, id: &str) {
        self.obligation = Some(id.to_string());
        self.set_amount_unit(catalog, id);
        self.query = Input::default();
        // With nothing typed the picker lists every choice: it highlights this one.
        self.pick = self.choices.iter().position(|c| c.id == id).unwrap_or(0);
        self.implied = entry::implied(catalog, org, &[id.to_string()])
            .into_iter()
            .map(|i| {
                let title = catalog.title(&i).to_string();
                (Choice { id: i, title }, true)
            })
            .collect();
        self.implied_cursor = 0;
    }

    /// The obligations matching what was typed, best first (all when nothing was typed).
    pub fn matches(&self) -> Vec<&Choice> {
        choices::matching(&self.choices, self.query.value())
    }

    /// The choice the picker highlights: what the type field shows and `Tab` keeps.
    pub fn highlighted(&self) -> Option<&Choice> {
        let matches = self.matches();
        matches
            .get(self.pick.min(matches.len().saturating_sub(1)))
            .copied()
    }

    /// Whether the form waits for a yes or a no.
    pub fn asks_yes_no(&self) -> bool {
        self.confirm_discard || self.confirm_no_topic
    }

    /// Whether keys should type into the focused field.
    pub fn wants_text(&self) -> bool {
        !self.asks_yes_no() && (self.focus.is_text() || self.takes_amounts())
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
        if self.confirm_no_topic {
            if let Action::Answer(yes) = action {
                self.confirm_no_topic = false;
                if yes {
                    return Outcome::Save;
                }
                self.focus = Slot::Topic;
            }
            return Outcome::Stay;
        }
        match action {
            Action::Save => return self.save(catalog),
            Action::Enter if self.focus == Slot::Note => return self.save(catalog),
            Action::Back if self.dirty => self.confirm_discard = true,
            Action::Back => return Outcome::Close,
            Action::NextField => self.step_focus(catalog, org, members, 1),
            Action::PrevField => self.step_focus(catalog, org, members, -1),
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
                    Slot::Attendance => self.toggle_presence(),
                    _ => {}
                }
            }
            Action::Type(edit) => {
                self.dirty = true;
                if self.takes_amounts() {
                    self.type_amount(edit);
                } else {
                    self.type_into(edit, members);
                }
            }
            _ => {}
        }
        Outcome::Stay
    }

    /// Save, unless the record is a meeting with no topic: that is asked once first, when
    /// nothing else in the form is refused (a refusal is said first).
    fn save(&mut self, catalog: &Catalog) -> Outcome {
        let meeting = self
            .obligation
            .as_deref()
            .and_then(|id| catalog.obligation(id))
            .is_some_and(|o| is_meeting(&o.title));
        if meeting
            && self.topic.value().trim().is_empty()
            && !self.no_topic_asked
            && self.draft().is_ok()
        {
            self.no_topic_asked = true;
            self.confirm_no_topic = true;
            return Outcome::Stay;
        }
        Outcome::Save
    }

    fn type_into(&mut self, edit: Edit, members: &[Member]) {
        if self.focus == Slot::Date
            && let Edit::Char(c @ ('+' | '-')) = edit
            // Only on a whole date: a `-` typed within `11-20` is part of the date.
            && self.date.value().trim().len() == 10
            && let Ok(date) = read_date(self.date.value(), self.today)
        {
            let next = if c == '+' {
                date.checked_add_days(Days::new(1))
            } else {
                date.checked_sub_days(Days::new(1))
            };
            if let Some(next) = next {
                self.date.propose(next.to_string());
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
        if self.focus == Slot::Obligation && self.query.value().is_empty() {
            let chosen = self.obligation.as_deref();
            self.pick = self
                .choices
                .iter()
                .position(|c| Some(c.id.as_str()) == chosen)
                .unwrap_or(0);
        }
        if self.focus == Slot::Date {
            self.check_date_as_typed();
        }
    }

    /// While the date is typed: a day that cannot exist is said at once, and the message
    /// goes as soon as the date reads. Attendance follows the date only once it is left.
    fn check_date_as_typed(&mut self) {
        let value = self.date.value().trim();
        match read_date(value, self.today) {
            Ok(_) => {
                if self.error.as_ref().is_some_and(|(s, _)| *s == Slot::Date) {
                    self.error = None;
                }
            }
            Err(e @ InputError::DateMissing(_)) => {
                self.error = Some((Slot::Date, e.message(self.lang)));
            }
            Err(_) => {}
        }
    }

    fn step_focus(&mut self, catalog: &Catalog, org: &Org, members: &[Member], by: isize) {
        if self.focus == Slot::Date {
            let value = self.date.value().trim().to_string();
            match read_date(&value, self.today) {
                Ok(date) => self.refresh_attendance(members, date),
                Err(e) => self.error = Some((Slot::Date, e.message(self.lang))),
            }
        }
        // Leaving the type field keeps the highlighted choice, which is what it shows.
        if self.focus == Slot::Obligation
            && let Some(id) = self.highlighted().map(|c| c.id.clone())
            && self.obligation.as_deref() != Some(id.as_str())
        {
            self.choose(catalog, org, &id);
            // The make-up proposed was the highlighted entry's period, not this type's.
            if self.for_period.is_prefilled() {
                self.for_period = Input::default();
            }
            self.dirty = true;
        }
        let i = Slot::ORDER
            .iter()
            .position(|s| *s == self.focus)
            .unwrap_or(0) as isize;
        let n = Slot::ORDER.len() as isize;
        self.focus = Slot::ORDER[((i + by).rem_euclid(n)) as usize];
    }
}

/// Whether an obligation is a meeting, which is normally held on a topic: 党小组会, 支部
/// 委员会会议, 支部党员大会, 组织生活会, 主题党日, 党课 (by its title, as the guides name them).
fn is_meeting(title: &str) -> bool {
    ["会", "党日", "党课"].iter().any(|w| title.contains(w))
}
