//! 发展: everyone of the selected org on the path into the party, overdue first; `a`
//! records the highlighted person's next step, `>` moves them on (asking the date).

use anyhow::Result;

use super::{App, Mode};
use crate::entry::{self, Attendance, Draft};
use crate::messages::Localized;
use crate::model::Member;
use crate::stages::development::Person;
use crate::status::Status;
use crate::tui::fields::{FieldsForm, Purpose};

/// The people of the selected org's pipeline and its subtree's as of the day judged,
/// overdue first (read when 发展 is shown).
pub fn people(app: &App) -> &[Person] {
    app.data.pipeline.as_deref().unwrap_or_default()
}

/// Whether 发展 names each person's org: the selected org has orgs below it.
pub fn shows_org(app: &App) -> bool {
    app.data.selected_org().is_some_and(|o| {
        app.data
            .orgs
            .iter()
            .any(|c| c.parent.as_ref() == Some(&o.id))
    })
}

impl App {
    fn highlighted_person(&self) -> Option<Person> {
        people(self).get(self.views.development.cursor).cloned()
    }

    /// `a`: a record of the person's most pressing step that is not done (a talk, a
    /// review, a 思想汇报), dated today, listing them; built by the one record builder.
    pub(super) fn record_step(&mut self) -> Result<()> {
        let Some(p) = self.highlighted_person() else {
            return Ok(());
        };
        let Some((obligation, _, _)) = p.obligations.iter().find(|o| !o.2.is_done()).cloned()
        else {
            self.say("此人当前没有待办事项", "nothing is owed by this person now");
            return Ok(());
        };
        let Some(org) = self.data.org_by_id(&p.org).cloned() else {
            return Ok(());
        };
        let members = self.members_of(&p.org)?;
        let draft = Draft {
            obligations: vec![obligation.clone()],
            date: Some(self.data.today),
            attendance: Attendance::Only(vec![p.id.clone()]),
            ..Draft::default()
        };
        let stamp = self.data.stamp();
        let id = entry::new_id(self.data.clock.now());
        let record = entry::build(
            &self.data.catalog,
            &self.data.cal,
            &org,
            &members,
            &draft,
            self.data.today,
            id,
            &stamp,
        );
        match record {
            Ok(r) => {
                self.data.writable()?.put_record(&r)?;
                self.refresh_after_write_in(&p.org)?;
                let title = self.data.catalog.title(&obligation).to_string();
                let said = match self.lang() {
                    crate::lang::Lang::Zh => format!("已记录：{} {title}", p.name),
                    crate::lang::Lang::En => format!("recorded: {} {title}", p.name),
                };
                self.message = Some((said, false));
            }
            Err(e) => self.message = Some((e.message(self.lang()), true)),
        }
        Ok(())
    }

    /// `>`: asks the day the highlighted person entered the next stage.
    pub(super) fn open_advance(&mut self) {
        let Some(p) = self.highlighted_person() else {
            return;
        };
        let Some((to, earliest)) = p.next else { return };
        let l = self.lang();
        // The day the branch decided: today unless changed; the earliest day allowed, when
        // it is still to come, in the title.
        let title = match earliest.filter(|e| *e > self.data.today) {
            Some(e) => format!(
                "{} → {}（{} {e}）",
                p.name,
                l.stage(to),
                l.pick("最早", "earliest")
            ),
            None => format!("{} → {}", p.name, l.stage(to)),
        };
        let day = self.data.today;
        let fields = vec![(l.pick("日期", "date").to_string(), day.to_string(), false)];
        let org = Some(p.org.clone());
        self.mode = Mode::Fields(Box::new(FieldsForm::new(
            Purpose::Advance {
                member: p.id.clone(),
                to,
            },
            org,
            title,
            fields,
        )));
    }

    /// Writes the advance, or keeps the form with the refusal (the same words as `member
    /// advance`).
    pub(super) fn save_advance(&mut self, form: &mut FieldsForm) -> Result<bool> {
        let Purpose::Advance { member, to } = form.purpose.clone() else {
            return Ok(false);
        };
        let lang = self.lang();
        let today = self.data.today;
        let Some(org) = form.org.clone() else {
            return Ok(false);
        };
        let Some(m) = self.members_of(&org)?.into_iter().find(|m| m.id == member) else {
            return Ok(false);
        };
        let on = match super::members::form_date(form, 0, today, lang) {
            Ok(d) => d,
            Err((field, message)) => {
                form.refuse(field, message);
                return Ok(false);
            }
        };
        let stamp = self.data.stamp();
        match entry::advance_member(&m, Some(to), on, None, today, &stamp) {
            Ok(moved) => {
                self.data.writable()?.put_member(&moved)?;
                self.refresh_after_write_in(&org)?;
                self.say("已转入下一阶段", "moved on");
                Ok(true)
            }
            Err(e) => {
                form.refuse(0, e.message(lang));
                Ok(false)
            }
        }
    }
}

impl App {
    /// `org`'s members: the selected org's as read, another's (an org below it) from the
    /// store.
    fn members_of(&mut self, org: &str) -> Result<Vec<Member>> {
        if self.data.selected_org().is_some_and(|o| o.id == org) {
            return Ok(self.data.members.clone());
        }
        Ok(self.data.db.get()?.members(org)?)
    }

    /// After a write in `org` (the selected one or one below it): both judged again.
    fn refresh_after_write_in(&mut self, org: &str) -> Result<()> {
        self.data.rejudge(org)?;
        self.refresh_org()
    }
}

/// Whether a person has anything overdue: their row is red.
pub fn overdue(p: &Person) -> bool {
    p.obligations.iter().any(|o| o.2 == Status::Overdue)
}
