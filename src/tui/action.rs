//! What the user asked for ([`Action`]), the views they ask for it in ([`View`]) and what a
//! form wants after a key ([`Outcome`]): plain data every other UI module may import.

use super::input::Edit;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    /// 本期: the selected org's obligations now.
    Period,
    /// 总览: every org.
    Overview,
    /// 清单: the indicator tree.
    Tree,
    /// 记录
    Records,
    /// 成员
    Members,
    /// 发展: everyone on the path into the party (SPEC §9).
    Development,
    /// 党费: members × the months of a year, paid, due and in arrears.
    Dues,
}

impl View {
    pub const ALL: [View; 7] = [
        View::Period,
        View::Overview,
        View::Tree,
        View::Records,
        View::Members,
        View::Development,
        View::Dues,
    ];

    pub fn index(self) -> usize {
        View::ALL.iter().position(|v| *v == self).expect("listed")
    }
}

/// What the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    Show(View),
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// `Enter`: open the highlighted org, accept a choice, or go to the next field.
    Enter,
    /// `Esc`: close what is open, or go back.
    Back,
    Filter,
    PickOrg,
    PrevPeriod,
    NextPeriod,
    Add,
    /// `A` in 总览: add a branch, or edit the highlighted one.
    AddOrg,
    Edit,
    Delete,
    Undo,
    /// `x`: the selected org (all orgs from 总览) as an Excel workbook in the current folder.
    Export,
    /// `Space` on a list: tick or untick, or cycle a mark.
    Toggle,
    Sort,
    /// `f` in 本期: only what is still owed now, or everything again.
    Urgent,
    /// `>` in 发展: move the highlighted person on to the next stage.
    Advance,
    /// `n` in 清单: the next checklist's heading.
    NextChecklist,
    /// `←` / `→` in 党费: the previous or next month.
    Left,
    Right,
    /// `p` in 党费: record a payment from the highlighted month.
    Pay,
    NextField,
    PrevField,
    Save,
    /// An answer to a yes/no question.
    Answer(bool),
    /// Typing into a text field.
    Type(Edit),
    /// A key bound elsewhere, pressed where it does nothing: the footer says why.
    Unavailable(char),
}

impl Action {
    /// Whether the action may write to the database, and so take a moment.
    pub fn writes(self) -> bool {
        matches!(
            self,
            Action::Toggle | Action::Save | Action::Answer(true) | Action::Undo | Action::Export
        )
    }
}

/// What a form wants after a key.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    Stay,
    Close,
    Save,
}
