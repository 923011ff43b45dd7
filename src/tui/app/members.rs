//! Members: the member form opened and saved.

use anyhow::Result;
use chrono::NaiveDate;

use super::{App, Mode};
use crate::entry::{self, Field};
use crate::lang::Lang;
use crate::messages::Localized;
use crate::model::Member;
use crate::tui::fields::{FieldsForm, Purpose};

/// The member form's fields, in `Tab` order.
const NAME: usize = 0;
const ID: usize = 1;
const TAGS: usize = 2;
const JOINED: usize = 3;
const LEFT: usize = 4;

/// The next free `mNN` id among `members`: `m07` after `m01`…`m06`.
pub fn next_member_id(members: &[Member]) -> String {
    let highest = members
        .iter()
        .filter_map(|m| m.id.strip_prefix('m')?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("m{:02}", highest + 1)
}

impl App {
    fn member_fields(&self, m: Option<&Member>) -> Vec<(String, String, bool)> {
        let l = self.lang();
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let id = m.map_or_else(|| next_member_id(&self.data.members), |m| m.id.clone());
        vec![
            (
                l.pick("姓名", "name").into(),
                m.map(|m| m.name.clone()).unwrap_or_default(),
                false,
            ),
            (l.pick("编号", "id").into(), id, m.is_some()),
            (
                l.pick("标签（逗号分隔）", "tags (comma-separated)").into(),
                m.map(|m| m.tags.join(",")).unwrap_or_default(),
                false,
            ),
            (
                l.pick("入党/转入日期", "joined on").into(),
                date(m.and_then(|m| m.joined_on)),
                false,
            ),
            (
                l.pick("转出日期", "left on").into(),
                date(m.and_then(|m| m.left_on)),
                false,
            ),
        ]
    }

    pub(super) fn open_new_member(&mut self) {
        let Some(org) = self.data.selected_org().map(|o| o.id.clone()) else {
            return;
        };
        let title = self.lang().pick("添加党员", "Add member").to_string();
        let fields = self.member_fields(None);
        self.mode = Mode::Fields(Box::new(FieldsForm::new(
            Purpose::NewMember,
            Some(org),
            title,
            fields,
        )));
    }

    pub(super) fn open_edit_member(&mut self) {
        let Some(org) = self.data.selected_org().map(|o| o.id.clone()) else {
            return;
        };
        let Some(m) = self.data.members.get(self.views.members.cursor) else {
            return;
        };
        let title = self.lang().pick("编辑党员", "Edit member").to_string();
        let purpose = Purpose::EditMember(m.id.clone());
        let fields = self.member_fields(Some(m));
        self.mode = Mode::Fields(Box::new(FieldsForm::new(purpose, Some(org), title, fields)));
    }

    /// Checks and writes the member form; `false` (and the field marked) when refused.
    pub(super) fn save_member(&mut self, form: &mut FieldsForm) -> Result<bool> {
        let Some(org) = form.org.clone() else {
            return Ok(false);
        };
        let lang = self.lang();
        let today = self.data.today;
        // Every field is read, then the member is built by the function the command line
        // and import use; a refusal marks its field and keeps the form.
        let checked = || -> Result<Member, (usize, String)> {
            let draft = entry::MemberDraft {
                id: form.value(ID).to_string(),
                name: form.value(NAME).to_string(),
                tags: form
                    .value(TAGS)
                    .split([',', '，'])
                    .map(String::from)
                    .collect(),
                joined_on: form_date(form, JOINED, today, lang)?,
                left_on: form_date(form, LEFT, today, lang)?,
                ..entry::MemberDraft::default()
            };
            let editing = form.purpose != Purpose::NewMember;
            let stamp = self.data.stamp();
            entry::build_member(&org, draft, &self.data.members, editing, &stamp, today).map_err(
                |e| {
                    let field = match e.field() {
                        Field::Id => ID,
                        Field::Name => NAME,
                        Field::Tags => TAGS,
                        Field::JoinedOn => JOINED,
                        _ => LEFT,
                    };
                    (field, e.message(lang))
                },
            )
        };
        match checked() {
            Ok(member) => self.data.writable()?.put_member(&member)?,
            Err((field, message)) => {
                form.refuse(field, message);
                return Ok(false);
            }
        }
        self.refresh_org()?;
        self.say("已保存", "saved");
        Ok(true)
    }
}

/// A form's date field: empty is none, else a date in the short forms the forms accept.
pub(super) fn form_date(
    form: &FieldsForm,
    field: usize,
    today: NaiveDate,
    lang: Lang,
) -> Result<Option<NaiveDate>, (usize, String)> {
    match form.value(field) {
        "" => Ok(None),
        s => crate::tui::form::read_date(s, today)
            .map(Some)
            .map_err(|e| (field, e.message(lang))),
    }
}
