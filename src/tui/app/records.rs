//! Records: the record form opened and saved, deletion and undo.

use anyhow::Result;

use super::{App, Mode, Pending, rows};
use crate::entry;
use crate::messages::Localized;
use crate::model::ObjectKind;
use crate::model::Org;
use crate::tui::action::{Action, Outcome, View};
use crate::tui::form::RecordForm;
use crate::tui::names::made_up_period;

impl App {
    /// A new record for the org the screen names: the highlighted row's org in 总览, else
    /// the selected one; from a row of 本期, its obligation (and a missed period's label as
    /// 补开).
    pub(super) fn open_new_record(&mut self) {
        let index = match self.view {
            View::Overview => self.highlighted_org().or(self.data.org),
            _ => self.data.org,
        };
        let Some(index) = index else { return };
        let org = self.data.orgs[index].clone();
        if self.data.org != Some(index)
            && let Err(e) = self.select_org(index)
        {
            self.message = Some((crate::context::error_message(&e, self.lang()), true));
            return;
        }
        let (highlighted, for_period) = match self.view {
            View::Period => rows::period(self)
                .get(self.views.period.cursor)
                .map(|r| {
                    let id = self.data.catalog.obligations[r.obligation].id.clone();
                    let missed = r
                        .missed
                        .map(|_| self.lang().period_label(&r.period(self).period));
                    (Some(id), missed)
                })
                .unwrap_or_default(),
            _ => (None, None),
        };
        let default = highlighted.or_else(|| Some("theme-party-day".to_string()));
        let mut form = RecordForm::new(
            &self.data.catalog,
            &org,
            &self.data.members,
            default.as_deref(),
            self.data.today,
            self.lang(),
        );
        // From a missed period's row the record is its make-up (补开).
        if let Some(label) = for_period {
            form.for_period.propose(label);
        }
        self.mode = Mode::Record(Box::new(form));
    }

    pub(super) fn open_edit_record(&mut self) {
        let Some(org) = self.data.selected_org().cloned() else {
            return;
        };
        if let Some(r) = rows::filtered_records(self).get(self.views.records.cursor) {
            let mut form = RecordForm::edit(
                &self.data.catalog,
                &org,
                &self.data.members,
                r,
                self.data.today,
                self.lang(),
            );
            // 补开 as the screen shows periods (`2026年5月`).
            let shown = made_up_period(&self.data.catalog, &self.data.cal, self.lang(), r);
            if let Some(shown) = shown {
                form.for_period.propose(shown);
            }
            self.mode = Mode::Record(Box::new(form));
        }
    }

    /// A key in the record form; saving goes to the form's own org, and a form whose org
    /// is gone closes with a message.
    pub(super) fn record_form(&mut self, mut form: Box<RecordForm>, action: Action) -> Result<()> {
        let Some(org) = self.data.org_by_id(&form.org).cloned() else {
            self.mode = Mode::Record(form);
            self.close_orphan_form();
            return Ok(());
        };
        match form.handle(&self.data.catalog, &org, &self.data.members, action) {
            Outcome::Stay => self.mode = Mode::Record(form),
            Outcome::Close => {}
            Outcome::Save => {
                if !self.save_record(&org, &mut form)? {
                    self.mode = Mode::Record(form);
                }
            }
        }
        Ok(())
    }

    /// Checks and writes the form's record; `false` (and the form marked) when refused.
    fn save_record(&mut self, org: &Org, form: &mut RecordForm) -> Result<bool> {
        let draft = match form.draft() {
            Ok(d) => d,
            Err((slot, message)) => {
                form.error = Some((slot, message));
                form.focus = slot;
                return Ok(false);
            }
        };
        let stamp = self.data.stamp();
        let id = form
            .editing
            .as_ref()
            .map_or_else(|| entry::new_id(self.data.clock.now()), |r| r.id.clone());
        let built = entry::build(
            &self.data.catalog,
            &self.data.cal,
            org,
            &self.data.members,
            &draft,
            self.data.today,
            id,
            &stamp,
        );
        match built {
            Ok(mut record) => {
                if let Some(old) = &form.editing {
                    record.created_at = old.created_at.clone();
                }
                self.data.writable()?.put_record(&record)?;
                self.refresh_org()?;
                self.say("已保存", "saved");
                Ok(true)
            }
            Err(e) => {
                form.refuse(e.field(), e.message(self.lang()));
                Ok(false)
            }
        }
    }

    pub(super) fn ask_delete(&mut self) {
        match self.view {
            View::Records => {
                if let Some(r) = rows::filtered_records(self).get(self.views.records.cursor) {
                    self.mode = Mode::Confirm(Pending::DeleteRecord(r.id.clone()));
                }
            }
            View::Members => {
                if let Some(m) = self.data.members.get(self.views.members.cursor) {
                    self.mode = Mode::Confirm(Pending::DeleteMember(m.id.clone()));
                }
            }
            View::Dues => self.ask_delete_payment(),
            _ => {}
        }
    }

    pub(super) fn delete(&mut self, pending: Pending) -> Result<()> {
        let stamp = self.data.stamp();
        match pending {
            Pending::DeleteRecord(id) => {
                if let Some(r) = self.data.writable()?.delete_record(&id, &stamp)? {
                    self.undo.push(r);
                    self.say("已删除，按 u 撤销", "deleted; press u to undo");
                }
            }
            Pending::DeleteMember(id) => {
                let org = self
                    .data
                    .selected_org()
                    .map(|o| o.id.clone())
                    .unwrap_or_default();
                self.data.writable()?.delete_member(&org, &id, &stamp)?;
                self.say("已删除党员", "member deleted");
            }
            Pending::DeletePayment(member, id) => self.delete_payment(&member, &id, &stamp)?,
        }
        self.refresh_org()?;
        let n = self.row_count();
        let cursor = self.views.cursor_mut(self.view);
        *cursor = (*cursor).min(n.saturating_sub(1));
        Ok(())
    }

    pub(super) fn undo_delete(&mut self) -> Result<()> {
        let Some(record) = self.undo.pop() else {
            self.say("没有可撤销的删除", "nothing to undo");
            return Ok(());
        };
        let store = self.data.db.get()?;
        store.put_record(&record)?;
        store.remove_tombstone(ObjectKind::Record, &record.org, &record.id)?;
        if let Some(i) = self.data.orgs.iter().position(|o| o.id == record.org)
            && self.data.org != Some(i)
        {
            self.select_org(i)?;
        }
        self.refresh_org()?;
        self.say("已恢复删除的记录", "deleted record restored");
        Ok(())
    }
}
