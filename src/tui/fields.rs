//! A small form of labelled text fields (members, marks on checklist items).

use super::action::Action;
use super::form::Outcome;
use super::input::Input;

/// What the form is for, so saving knows where it goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    NewMember,
    EditMember(String),
    Mark { checklist: String, item: String },
}

#[derive(Debug, Clone)]
pub struct FieldsForm {
    pub purpose: Purpose,
    pub title: String,
    /// Label and value; a field whose label is `None`-editable is shown but not changed.
    pub fields: Vec<(String, Input)>,
    pub locked: Vec<bool>,
    pub focus: usize,
    pub error: Option<(usize, String)>,
    pub confirm_discard: bool,
    pub dirty: bool,
}

impl FieldsForm {
    pub fn new(purpose: Purpose, title: String, fields: Vec<(String, String, bool)>) -> FieldsForm {
        let locked = fields.iter().map(|f| f.2).collect::<Vec<_>>();
        let focus = locked.iter().position(|l| !l).unwrap_or(0);
        FieldsForm {
            purpose,
            title,
            fields: fields
                .into_iter()
                .map(|(l, v, _)| (l, Input::new(v)))
                .collect(),
            locked,
            focus,
            error: None,
            confirm_discard: false,
            dirty: false,
        }
    }

    pub fn value(&self, i: usize) -> &str {
        self.fields[i].1.value().trim()
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
        let n = self.fields.len();
        match action {
            Action::Save => return Outcome::Save,
            Action::Enter if self.focus + 1 == n => return Outcome::Save,
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

    fn step(&mut self, by: isize) {
        let n = self.fields.len() as isize;
        let mut i = self.focus as isize;
        for _ in 0..n {
            i = (i + by).rem_euclid(n);
            if !self.locked[i as usize] {
                break;
            }
        }
        self.focus = i as usize;
    }

    pub fn refuse(&mut self, field: usize, message: String) {
        self.error = Some((field, message));
        self.focus = field;
    }
}
