//! Marks on qualitative items: `Space` cycles the state, `e` opens the mark form.

use anyhow::Result;

use super::members::form_date;
use super::{App, Mode, TreeRow, rows};
use crate::entry::{self, Field};
use crate::input::InputError;
use crate::messages::Localized;
use crate::model::{Mark, MarkState};
use crate::tui::fields::{FieldsForm, Purpose};

/// The mark form's fields.
const NOTE: usize = 0;
const OWNER: usize = 1;
const DEADLINE: usize = 2;
const STATE: usize = 3;
const SCORE: usize = 4;

impl App {
    fn highlighted_leaf(&self) -> Option<TreeRow> {
        rows::tree(self)
            .get(self.views.tree.cursor)
            .filter(|r| r.leaf)
            .cloned()
    }

    fn mark_of(&self, checklist: &str, item: &str) -> Option<&Mark> {
        self.data
            .marks
            .iter()
            .find(|m| m.checklist == checklist && m.item == item)
    }

    pub(super) fn open_mark(&mut self) {
        let Some(org) = self.data.selected_org().map(|o| o.id.clone()) else {
            return;
        };
        let Some(TreeRow {
            checklist,
            item,
            points,
            ..
        }) = self.highlighted_leaf()
        else {
            return self.say("只有末级指标可以标记", "only leaf items carry a mark");
        };
        let l = self.lang();
        let mark = self.mark_of(&checklist, &item);
        let get = |f: fn(&Mark) -> Option<String>| mark.and_then(f).unwrap_or_default();
        let fields = vec![
            (
                l.pick("落实措施/备注", "measures / note").into(),
                get(|m| m.note.clone()),
                false,
            ),
            (
                l.pick("负责人", "owner").into(),
                get(|m| m.owner.clone()),
                false,
            ),
            (
                l.pick("完成时限", "deadline").into(),
                get(|m| m.deadline.map(|d| d.to_string())),
                false,
            ),
            (
                l.pick("状态", "state").into(),
                l.mark_state(mark.map_or(MarkState::Todo, |m| m.state))
                    .into(),
                false,
            ),
            (
                match points {
                    Some(p) => format!(
                        "{} (0–{})",
                        l.pick("得分", "score"),
                        crate::report::number(p)
                    ),
                    None => l.pick("得分（无分值）", "score (no points)").into(),
                },
                get(|m| m.score.map(crate::report::number)),
                points.is_none(),
            ),
        ];
        let title = format!("{} {item}", l.pick("指标", "Item"));
        self.mode = Mode::Fields(Box::new(FieldsForm::new(
            Purpose::Mark { checklist, item },
            Some(org),
            title,
            fields,
        )));
    }

    /// Checks and writes the mark form; `false` (and the field marked) when refused.
    pub(super) fn save_mark(&mut self, form: &mut FieldsForm) -> Result<bool> {
        let (Some(org), Purpose::Mark { checklist, item }) =
            (form.org.clone(), form.purpose.clone())
        else {
            return Ok(false);
        };
        let lang = self.lang();
        let today = self.data.today;
        let checked = || -> Result<Mark, (usize, String)> {
            let deadline = form_date(form, DEADLINE, today, lang)?;
            // A blank state is a new mark's.
            let state = match form.value(STATE) {
                "" => MarkState::Todo,
                typed => crate::i18n::parse_mark_state(typed)
                    .ok_or_else(|| (STATE, InputError::State(typed.to_string()).message(lang)))?,
            };
            let score = match form.value(SCORE) {
                "" => None,
                v => Some(v.parse::<f64>().map_err(|_| {
                    let m = lang.pick("得分应为数字，例如 1.5", "a score is a number, e.g. 1.5");
                    (SCORE, format!("{m}: \"{v}\""))
                })?),
            };
            let text = |i: usize| Some(form.value(i).to_string()).filter(|s| !s.is_empty());
            let mark = Mark {
                org: org.clone(),
                checklist: checklist.clone(),
                item: item.clone(),
                state,
                note: text(NOTE),
                owner: text(OWNER),
                deadline,
                score,
                updated_at: self.data.stamp(),
            };
            // The rules the command line and import apply: no hand score on a bonus or
            // penalty item, none above the item's points.
            let owner_org = self.data.orgs.iter().find(|o| o.id == org);
            if let Some(o) = owner_org {
                entry::check_mark(&self.data.catalog, o, &mark).map_err(|e| {
                    let field = match e.field() {
                        Field::Owner => OWNER,
                        Field::Deadline => DEADLINE,
                        Field::Score => SCORE,
                        _ => NOTE,
                    };
                    (field, e.message(lang))
                })?;
            }
            Ok(mark)
        };
        match checked() {
            Ok(mark) => self.data.writable()?.put_mark(&mark)?,
            Err((field, message)) => {
                form.refuse(field, message);
                return Ok(false);
            }
        }
        self.refresh_org()?;
        self.say("已保存", "saved");
        Ok(true)
    }

    /// `Space` in 清单: the highlighted leaf's mark moves on to the next state.
    pub(super) fn cycle_mark(&mut self) -> Result<()> {
        let Some(org) = self.data.selected_org().cloned() else {
            return Ok(());
        };
        let Some(TreeRow {
            checklist, item, ..
        }) = self.highlighted_leaf()
        else {
            self.say("只有末级指标可以标记", "only leaf items carry a mark");
            return Ok(());
        };
        let mut mark = self.mark_of(&checklist, &item).cloned().unwrap_or(Mark {
            org: org.id.clone(),
            checklist,
            item,
            state: MarkState::Todo,
            note: None,
            owner: None,
            deadline: None,
            score: None,
            updated_at: String::new(),
        });
        mark.state = match mark.state {
            MarkState::Todo => MarkState::Doing,
            MarkState::Doing => MarkState::Done,
            MarkState::Done => MarkState::NotApplicable,
            MarkState::NotApplicable => MarkState::Todo,
        };
        mark.updated_at = self.data.stamp();
        self.data.writable()?.put_mark(&mark)?;
        self.data.db.get()?.flush()?;
        self.data.reads += 1;
        self.data.marks = self.data.db.get()?.marks(&mark.org)?;
        self.data.rescore(&org)?;
        self.views.overview.rows = rows::overview(self);
        Ok(())
    }
}
