//! The app: a small [`App`] that owns the data ([`data`]), each view's state ([`state`])
//! and what has the keyboard ([`Mode`]), and routes every [`Action`] to the concern it is
//! about: [`records`], [`members`], [`marks`], [`pickers`]. Nothing here draws.

pub mod data;
pub mod development;
mod dues;
mod export;
mod marks;
mod members;
mod orgs;
pub mod pickers;
mod records;
pub mod rows;
pub mod state;

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};

use super::action::{Action, Outcome, View};
use super::fields::{FieldsForm, Purpose};
use super::form::RecordForm;
use crate::checklist::Catalog;
use crate::lang::Lang;
use crate::period::Calendar;
use crate::store::StoreHandle;

pub use data::Data;
pub use pickers::OrgPicker;
pub use rows::{OverviewRow, PeriodRow, Sort, TreeRow};
pub use state::Views;

/// What has the keyboard.
#[derive(Debug, Clone)]
pub enum Mode {
    Normal,
    Help,
    PickOrg(OrgPicker),
    Filter,
    Record(Box<RecordForm>),
    Fields(Box<FieldsForm>),
    Confirm(Pending),
}

/// A deletion waiting for a yes.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    DeleteRecord(String),
    DeleteMember(String),
    /// A dues payment: the member's id and the payment's.
    DeletePayment(String, String),
}

pub struct App {
    pub data: Data,
    pub view: View,
    pub views: Views,
    pub mode: Mode,
    /// Deleted records, newest last, restorable with `u` until the app closes.
    pub undo: Vec<crate::model::Record>,
    /// A line for the footer: text and whether it is an error.
    pub message: Option<(String, bool)>,
    /// Where `x` writes its workbook: the folder the UI was started in.
    pub export_dir: std::path::PathBuf,
    /// The mode of that workbook: what the user's umask gives a new file, as for
    /// `dangjian export --output` (exports are meant to be shared).
    pub export_mode: u32,
    pub quit: bool,
}

impl App {
    pub fn new(
        db: impl Into<StoreHandle>,
        catalog: Catalog,
        cal: Calendar,
        lang: Lang,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<App> {
        App::open(db, catalog, cal, lang, today, now, None)
    }

    /// [`App::new`], opening on the overview kept beside the folder for `overview` when
    /// there is one (every org's facts, none judged until selected), else judging every
    /// org and keeping the overview for the next time.
    pub fn open(
        db: impl Into<StoreHandle>,
        catalog: Catalog,
        cal: Calendar,
        lang: Lang,
        today: NaiveDate,
        now: DateTime<Utc>,
        overview: Option<Vec<u8>>,
    ) -> Result<App> {
        let mut app = App {
            data: Data::load(db, catalog, cal, lang, today, now, overview)?,
            view: View::Overview,
            views: Views::default(),
            mode: Mode::Normal,
            undo: Vec::new(),
            message: None,
            export_dir: std::path::PathBuf::from("."),
            export_mode: 0o644,
            quit: false,
        };
        app.views.overview.rows = rows::overview(&app);
        if app.data.orgs.len() == 1 {
            app.select_org(0)?;
            app.view = View::Period;
        } else if let Some(first) = app.views.overview.rows.first().map(|r| r.org) {
            if app.data.statuses.is_empty() {
                // Opened on the kept overview: the first org is read at the first key.
                app.data.org = Some(first);
                app.data.pending = true;
            } else {
                app.select_org(first)?;
            }
        }
        Ok(app)
    }

    pub fn lang(&self) -> Lang {
        self.data.lang
    }

    pub fn selected_org(&self) -> Option<&crate::model::Org> {
        self.data.selected_org()
    }

    pub fn asks_yes_no(&self) -> bool {
        match &self.mode {
            Mode::Confirm(_) => true,
            Mode::Record(f) => f.asks_yes_no(),
            Mode::Fields(f) => f.confirm_discard,
            _ => false,
        }
    }

    /// Whether a form or text field has the keyboard.
    pub fn in_form(&self) -> bool {
        matches!(
            self.mode,
            Mode::PickOrg(_) | Mode::Filter | Mode::Record(_) | Mode::Fields(_)
        )
    }

    pub fn wants_text(&self) -> bool {
        match &self.mode {
            Mode::PickOrg(_) | Mode::Filter => true,
            Mode::Fields(f) => f.wants_text(),
            Mode::Record(f) => f.wants_text(),
            _ => false,
        }
    }

    /// Puts the overview's cursor on the selected org.
    fn highlight_org_in_overview(&mut self) {
        if let Some(i) = self
            .data
            .org
            .and_then(|o| self.views.overview.rows.iter().position(|r| r.org == o))
        {
            self.views.overview.cursor = i;
        }
    }

    pub fn select_org(&mut self, index: usize) -> Result<()> {
        self.views.reset_org_views();
        self.data.select(index)
    }

    /// After a write: the org judged again, the overview sorted again.
    fn refresh_org(&mut self) -> Result<()> {
        self.data.refresh_org()?;
        self.views.overview.rows = rows::overview(self);
        Ok(())
    }

    /// Shows what another process wrote (see [`Data::refresh_if_changed`]). A form whose
    /// org is gone closes with a message, rather than saving into another org.
    pub fn refresh_if_changed(&mut self) -> Result<bool> {
        if !self.data.refresh_if_changed()? {
            return Ok(false);
        }
        self.after_reload();
        Ok(true)
    }

    fn after_reload(&mut self) {
        self.views.overview.rows = rows::overview(self);
        // The picker's matches are indices into the orgs, which may have changed.
        if let Mode::PickOrg(p) = &self.mode {
            let matches = pickers::org_matches(self, p.query.value());
            if let Mode::PickOrg(p) = &mut self.mode {
                p.pick = p.pick.min(matches.len().saturating_sub(1));
                p.matches = matches;
            }
        }
        if let Err(e) = self.read_shown() {
            self.message = Some((crate::context::error_message(&e, self.lang()), true));
        }
        let n = self.row_count();
        let cursor = self.views.cursor_mut(self.view);
        *cursor = (*cursor).min(n.saturating_sub(1));
        self.close_orphan_form();
    }

    /// Closes a form whose org no longer exists, saying so.
    fn close_orphan_form(&mut self) {
        let org = match &self.mode {
            Mode::Record(f) => Some(f.org.clone()),
            Mode::Fields(f) => f.org.clone(),
            _ => None,
        };
        if let Some(org) = org
            && self.data.org_by_id(&org).is_none()
        {
            self.mode = Mode::Normal;
            self.message = Some((
                match self.lang() {
                    Lang::Zh => {
                        format!("组织 {org} 已被删除（可能在另一个窗口），表单已关闭，未保存")
                    }
                    Lang::En => format!(
                        "org {org} was deleted (perhaps in another window); the form closed unsaved"
                    ),
                },
                true,
            ));
        }
    }

    /// Reads what the view shown reads only when shown (发展's pipeline).
    fn read_shown(&mut self) -> Result<()> {
        if self.view == View::Development {
            self.data.load_pipeline()?;
        }
        Ok(())
    }

    fn say(&mut self, zh: &str, en: &str) {
        self.message = Some((self.lang().pick(zh, en).to_string(), false));
    }

    fn row_count(&self) -> usize {
        match self.view {
            View::Period => rows::period(self).len(),
            View::Overview => self.views.overview.rows.len(),
            View::Tree => rows::tree(self).len(),
            View::Records => rows::filtered_records(self).len(),
            View::Members => self.data.members.len(),
            View::Development => development::people(self).len(),
            View::Dues => self.dues_members().len(),
        }
    }

    /// Carries out one action. Errors are shown in the footer, never lose typed input.
    pub fn update(&mut self, action: Action) {
        if let Err(e) = self.try_update(action) {
            self.message = Some((crate::context::error_message(&e, self.lang()), true));
        }
    }

    fn try_update(&mut self, action: Action) -> Result<()> {
        if action == Action::Quit && !self.in_form() {
            self.quit = true;
            return Ok(());
        }
        self.data.ensure_loaded()?;
        let mode = std::mem::replace(&mut self.mode, Mode::Normal);
        match mode {
            Mode::Normal => self.normal(action)?,
            Mode::Help => {}
            Mode::Filter => self.filter(action),
            Mode::PickOrg(picker) => self.pick_org(picker, action)?,
            Mode::Confirm(pending) => {
                if action == Action::Answer(true) {
                    self.delete(pending)?;
                }
            }
            Mode::Record(form) => self.record_form(form, action)?,
            Mode::Fields(mut form) => match form.handle(action) {
                Outcome::Stay => self.mode = Mode::Fields(form),
                Outcome::Close => {}
                Outcome::Save => {
                    let saved = match form.purpose.clone() {
                        Purpose::NewMember | Purpose::EditMember(_) => {
                            self.save_member(&mut form)?
                        }
                        Purpose::Mark { .. } => self.save_mark(&mut form)?,
                        Purpose::NewOrg | Purpose::EditOrg(_) => self.save_org(&mut form)?,
                        Purpose::Advance { .. } => self.save_advance(&mut form)?,
                        Purpose::Payment(_) => self.save_payment(&mut form)?,
                    };
                    if !saved {
                        self.mode = Mode::Fields(form);
                    }
                }
            },
        }
        self.read_shown()
    }

    fn normal(&mut self, action: Action) -> Result<()> {
        let view = self.view;
        let n = self.row_count();
        let cursor = self.views.cursor_mut(view);
        let last = n.saturating_sub(1);
        match action {
            Action::Up => *cursor = cursor.saturating_sub(1),
            Action::Down => *cursor = (*cursor + 1).min(last),
            Action::PageUp => *cursor = cursor.saturating_sub(10),
            Action::PageDown => *cursor = (*cursor + 10).min(last),
            Action::Top => *cursor = 0,
            Action::Bottom => *cursor = last,
            Action::Help => self.mode = Mode::Help,
            Action::Show(View::Overview) => {
                self.view = View::Overview;
                self.highlight_org_in_overview();
            }
            Action::Show(view) => self.view = view,
            Action::Enter if view == View::Overview => {
                if let Some(i) = self.highlighted_org() {
                    if self.data.org != Some(i) {
                        self.select_org(i)?;
                    }
                    self.view = View::Period;
                }
            }
            // Back to the org's own page, then to the overview with the org highlighted.
            Action::Back if view != View::Overview && view != View::Period => {
                self.view = View::Period
            }
            Action::Back if view == View::Period && self.data.orgs.len() > 1 => {
                self.view = View::Overview;
                self.highlight_org_in_overview();
            }
            Action::Urgent => {
                let state = &mut self.views.period;
                state.owed_only = !state.owed_only;
                state.cursor = 0;
                if state.owed_only {
                    self.say(
                        "只看尚欠的：逾期、将到期和本期待完成（f 显示全部）",
                        "only what is owed: overdue, due soon, pending (f shows all)",
                    );
                }
            }
            Action::PickOrg if !self.data.orgs.is_empty() => {
                self.mode = Mode::PickOrg(OrgPicker::open(self))
            }
            Action::Filter => self.mode = Mode::Filter,
            Action::Left | Action::Right | Action::Pay => self.dues_action(action),
            Action::PrevPeriod | Action::NextPeriod if view == View::Dues => {
                self.dues_action(action)
            }
            Action::PrevPeriod | Action::NextPeriod if self.data.org.is_some() => {
                self.data.shift += if action == Action::PrevPeriod { 1 } else { -1 };
                self.data.rejudge_shifted()?;
                self.views.period.cursor = 0;
            }
            Action::Sort => {
                self.views.overview.sort = self.views.overview.sort.next();
                self.views.overview.rows = rows::overview(self);
            }
            Action::Add => self.open_add()?,
            Action::Advance => self.open_advance(),
            Action::AddOrg => {
                // On a branch, `A` edits it; on a department or the school, it adds a branch.
                let edit = self.highlighted_org().is_some_and(|i| {
                    !matches!(
                        self.data.orgs[i].kind,
                        crate::model::OrgKind::School | crate::model::OrgKind::Department
                    )
                });
                self.open_org_form(edit)
            }
            Action::Edit => self.open_edit(),
            Action::Delete => self.ask_delete(),
            Action::Undo => self.undo_delete()?,
            Action::Export => self.export_xlsx()?,
            Action::Toggle => self.cycle_mark()?,
            Action::NextChecklist => {
                let rows = rows::tree(self);
                let at = self.views.tree.cursor;
                let next = (at + 1..rows.len())
                    .chain(0..at)
                    .find(|&i| rows[i].is_heading());
                if let Some(i) = next {
                    self.views.tree.cursor = i;
                }
            }
            Action::Unavailable(key) => {
                if let Some(why) = super::keys::not_here(view, key, self.lang()) {
                    self.message = Some((why, false));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The org of the highlighted 总览 row.
    pub fn highlighted_org(&self) -> Option<usize> {
        self.views
            .overview
            .rows
            .get(self.views.overview.cursor)
            .map(|r| r.org)
    }

    /// `a`: a record form for the org the screen names, a member form in 成员, or in 发展
    /// the highlighted person's next step recorded.
    fn open_add(&mut self) -> Result<()> {
        if self.data.selected_org().is_none() {
            self.say("请先用 o 选择一个组织", "choose an org first with o");
            return Ok(());
        }
        match self.view {
            View::Members => self.open_new_member(),
            View::Development => self.record_step()?,
            _ => self.open_new_record(),
        }
        Ok(())
    }

    fn open_edit(&mut self) {
        match self.view {
            View::Records => self.open_edit_record(),
            View::Members => self.open_edit_member(),
            View::Tree => self.open_mark(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
