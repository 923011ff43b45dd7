//! The form's attendance list: each member expected on the record's date, present,
//! absent or on leave (请假).

use chrono::NaiveDate;

use super::RecordForm;
use crate::lang::Lang;
use crate::model::Member;

/// One member's answer in the attendance list; Space cycles 出席 → 缺席 → 请假.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Present,
    Absent,
    Excused,
}

impl Presence {
    pub fn next(self) -> Presence {
        match self {
            Presence::Present => Presence::Absent,
            Presence::Absent => Presence::Excused,
            Presence::Excused => Presence::Present,
        }
    }

    /// The mark in the list's box, and the word.
    pub fn mark(self, lang: Lang) -> (&'static str, &'static str) {
        match self {
            Presence::Present => ("x", lang.pick("出席", "present")),
            Presence::Absent => (" ", lang.pick("缺席", "absent")),
            Presence::Excused => ("-", lang.pick("请假", "on leave")),
        }
    }
}

impl RecordForm {
    pub(super) fn set_attendance(
        &mut self,
        members: &[Member],
        date: NaiveDate,
        present: Option<&[String]>,
        excused: &[String],
    ) {
        self.attendance = members
            .iter()
            .filter(|m| m.expected_on(date))
            .map(|m| {
                let p = if excused.contains(&m.id) {
                    Presence::Excused
                } else if present.is_none_or(|p| p.contains(&m.id)) {
                    Presence::Present
                } else {
                    Presence::Absent
                };
                (m.id.clone(), m.name.clone(), p)
            })
            .collect();
        self.attendance_cursor = 0;
    }

    /// The ids of the members marked `p`.
    pub(super) fn marked(&self, p: Presence) -> Vec<String> {
        self.attendance
            .iter()
            .filter(|a| a.2 == p)
            .map(|a| a.0.clone())
            .collect()
    }

    /// Keeps the marks of members still in scope on the new date.
    pub(super) fn refresh_attendance(&mut self, members: &[Member], date: NaiveDate) {
        let (absent, excused) = (
            self.marked(Presence::Absent),
            self.marked(Presence::Excused),
        );
        let present: Vec<String> = members
            .iter()
            .filter(|m| m.expected_on(date) && !absent.contains(&m.id))
            .map(|m| m.id.clone())
            .collect();
        self.set_attendance(members, date, Some(&present), &excused);
    }
}
