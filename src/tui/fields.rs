//! A small form of labelled text fields (members, marks on checklist items). A field that
//! cannot be edited is shown but is not in the `Tab` order, and `Tab` on the last field
//! stays there: keys never go to a field the user did not choose.

use super::action::{Action, Outcome};
use super::input::Input;

/// What the form is for, so saving knows where it goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    NewMember,
    EditMember(String),
    Mark {
        checklist: String,
        item: String,
    },
    NewOrg,
    EditOrg(String),
    /// 发展's `>`: the member moving on, and to which stage.
    Advance {
        member: String,
        to: crate::model::Stage,
    },
    /// A dues payment of this member (id) of the form's org.
    Payment(String),
}

#[derive(Debug, Clone)]
pub struct FieldsForm {
    pub purpose: Purpose,
    /// The org the form writes into; saving never falls back to another.
    pub org: Option<String>,
    pub title: String,
    /// Label and value.
    pub fields: Vec<(String, Input)>,
    /// Fields shown but not edited.
    pub locked: Vec<bool>,
    pub focus: usize,
    pub error: Option<(usize, String)>,
    /// `Tab` pressed on the last field (`Some(true)`) or `Shift-Tab` on the first: the
    /// form says that the focus stayed.
    pub at_end: Option<bool>,
    pub confirm_discard: bool,
    pub dirty: bool,
}

impl FieldsForm {
    /// `fields` are label, value and whether it is locked; values are proposals that the
    /// first character typed replaces.
    pub fn new(
        purpose: Purpose,
        org: Option<String>,
        title: String,
        fields: Vec<(String, String, bool)>,
    ) -> FieldsForm {
        let locked = fields.iter().map(|f| f.2).collect::<Vec<_>>();
        let focus = locked.iter().position(|l| !l).unwrap_or(0);
        FieldsForm {
            purpose,
            org,
            title,
            fields: fields
                .into_iter()
                .map(|(l, v, _)| (l, Input::prefilled(v)))
                .collect(),
            locked,
            focus,
            error: None,
            at_end: None,
            confirm_discard: false,
            dirty: false,
        }
    }

    pub fn value(&self, i: usize) -> &str {
        self.fields[i].1.value().trim()
    }

    pub fn wants_text(&self) -> bool {
        !self.confirm_discard && !self.locked[self.focus]
    }

    fn last_open(&self) -> usize {
        self.locked.iter().rposition(|l| !l).unwrap_or(0)
    }

    pub fn handle(&mut self, action: Action) -> Outcome {
        if self.confirm_discard {
            if let Action::Answer(yes) = action {
                self.confirm_discard = false;
                if yes {
                    return Outcome::Close;
                }
            }
            return Outcome::Stay;
        }
        self.at_end = None;
        match action {
            Action::Save => return Outcome::Save,
            Action::Enter if self.focus == self.last_open() => return Outcome::Save,
            Action::Back if self.dirty => self.confirm_discard = true,
            Action::Back => return Outcome::Close,
            Action::NextField | Action::Enter | Action::Down => self.step(1),
            Action::PrevField | Action::Up => self.step(-1),
            Action::Type(edit) if !self.locked[self.focus] => {
                self.dirty = true;
                self.fields[self.focus].1.apply(edit);
            }
            _ => {}
        }
        Outcome::Stay
    }

    /// The next (or previous) field that can be edited; at either end the focus stays and
    /// the form says so.
    fn step(&mut self, by: isize) {
        let next = if by > 0 {
            (self.focus + 1..self.fields.len()).find(|&i| !self.locked[i])
        } else {
            (0..self.focus).rev().find(|&i| !self.locked[i])
        };
        match next {
            Some(i) => self.focus = i,
            None => self.at_end = Some(by > 0),
        }
    }

    /// The labels of the fields that cannot be edited.
    pub fn locked_labels(&self) -> Vec<&str> {
        self.fields
            .iter()
            .zip(&self.locked)
            .filter(|(_, l)| **l)
            .map(|(f, _)| f.0.as_str())
            .collect()
    }

    pub fn refuse(&mut self, field: usize, message: String) {
        self.error = Some((field, message));
        self.focus = field;
    }
}
