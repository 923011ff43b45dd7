//! The amount column of the attendance list, for an obligation with `amount` (学习强国
//! 积分): a number typed beside each member, read by the same rule as `--amount
//! MEMBER=NUMBER` ([`entry::parse_amount`]) and checked by the same builder.

use super::{RecordForm, Slot};
use crate::checklist::Catalog;
use crate::entry::{self, EntryError};
use crate::model::Record;
use crate::tui::input::{Edit, Input};

impl RecordForm {
    /// The unit of the chosen obligation's `amount`, when it has one: then the attendance
    /// list takes a number for each member.
    pub(super) fn set_amount_unit(&mut self, catalog: &Catalog, id: &str) {
        self.amount_unit = catalog
            .obligation(id)
            .and_then(|o| o.amount.as_ref())
            .map(|a| a.unit.clone());
    }

    /// Whether the focused attendance list takes typed amounts.
    pub(super) fn takes_amounts(&self) -> bool {
        self.focus == Slot::Attendance && self.amount_unit.is_some()
    }

    /// The amount typed for a member, as typed.
    pub fn amount_of(&self, member: &str) -> &str {
        self.amounts.get(member).map_or("", Input::value)
    }

    /// A key typed in the attendance list: a space still cycles the member's presence,
    /// anything else edits the highlighted member's amount.
    pub(super) fn type_amount(&mut self, edit: Edit) {
        if edit == Edit::Char(' ') {
            self.toggle_presence();
            return;
        }
        if let Some((id, _, _)) = self.attendance.get(self.attendance_cursor) {
            self.amounts.entry(id.clone()).or_default().apply(edit);
        }
    }

    /// Space in the attendance list: 出席 → 缺席 → 请假, and on to the next member.
    pub(super) fn toggle_presence(&mut self) {
        if let Some((_, _, p)) = self.attendance.get_mut(self.attendance_cursor) {
            *p = p.next();
            self.attendance_cursor = (self.attendance_cursor + 1).min(self.attendance.len() - 1);
        }
    }

    /// The amounts of a record being edited, as they would be typed.
    pub(super) fn load_amounts(&mut self, record: &Record) {
        self.amounts = record
            .amounts
            .iter()
            .map(|(id, x)| (id.clone(), Input::prefilled(x.to_string())))
            .collect();
    }

    /// The amounts typed, as `MEMBER=NUMBER` reads them; none unless the obligation has
    /// `amount`. An empty box is no amount.
    pub(super) fn typed_amounts(&self) -> Result<Vec<(String, f64)>, EntryError> {
        if self.amount_unit.is_none() {
            return Ok(Vec::new());
        }
        self.amounts
            .iter()
            .filter(|(_, input)| !input.value().trim().is_empty())
            .map(|(id, input)| entry::parse_amount(&format!("{id}={}", input.value())))
            .collect()
    }
}
