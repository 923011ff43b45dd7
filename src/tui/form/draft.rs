//! From the form to [`crate::entry::build`] and back: what was typed as a draft, and a refusal
//! as the field it is about.

use super::{Presence, RecordForm, Slot, read_date};
use crate::entry::{Attendance, Draft, Field};
use crate::messages::Localized;
use crate::tui::input::Input;

impl RecordForm {
    /// What was typed, as a draft for [`crate::entry::build`], or the field that cannot be read
    /// and why.
    pub fn draft(&self) -> Result<Draft, (Slot, String)> {
        let value = self.date.value().trim();
        let date = read_date(value, self.today).map_err(|e| (Slot::Date, e.message(self.lang)))?;
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
        let amounts = self
            .typed_amounts()
            .map_err(|e| (Slot::Attendance, e.message(self.lang)))?;
        let absent = self.marked(Presence::Absent);
        let text = |i: &Input| Some(i.value().trim().to_string()).filter(|s| !s.is_empty());
        Ok(Draft {
            amounts,
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
            excused: self.marked(Presence::Excused),
        })
    }

    /// Marks the field a refusal is about, and moves there.
    pub fn refuse(&mut self, field: Field, message: String) {
        let slot = match field {
            Field::Obligations => Slot::Obligation,
            Field::Date | Field::JoinedOn | Field::LeftOn | Field::Deadline | Field::Stage => {
                Slot::Date
            }
            Field::Hours | Field::Score => Slot::Hours,
            Field::Attendance => Slot::Attendance,
            Field::ForPeriod => Slot::ForPeriod,
            Field::Topic => Slot::Topic,
            // The location, speaker and id the form does not show.
            Field::Note
            | Field::Id
            | Field::Name
            | Field::Tags
            | Field::Owner
            | Field::State
            | Field::Place => Slot::Note,
        };
        self.error = Some((slot, message));
        self.focus = slot;
    }
}
