//! Members: the member form opened and saved.

use anyhow::Result;
use chrono::NaiveDate;

use super::{App, Mode};
use crate::lang::Lang;
use crate::model::{Member, valid_id};
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
        let checked = || -> Result<Member, (usize, String)> {
            let id = form.value(ID).to_string();
            if id.is_empty() {
                let m = lang.pick("编号不能为空，例如 m07", "an id is needed, e.g. m07");
                return Err((ID, m.into()));
            }
            if !valid_id(&id) {
                let m = lang.pick(
                    "编号只能使用字母、数字和 . _ -",
                    "an id uses letters, digits and . _ -",
                );
                return Err((ID, m.into()));
            }
            if form.purpose == Purpose::NewMember && self.data.members.iter().any(|m| m.id == id) {
                let m = lang.pick("已有成员编号", "a member already has id");
                return Err((ID, format!("{m} \"{id}\"")));
            }
            if form.value(NAME).is_empty() {
                return Err((NAME, lang.pick("姓名不能为空", "a name is needed").into()));
            }
            let joined_on = form_date(form, JOINED, today, lang)?;
            let left_on = form_date(form, LEFT, today, lang)?;
            let tags = form
                .value(TAGS)
                .split([',', '，'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(String::from)
                .collect();
            Ok(Member {
                id,
                org: org.clone(),
                name: form.value(NAME).to_string(),
                tags,
                joined_on,
                left_on,
                updated_at: self.data.stamp(),
            })
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
    use crate::tui::form::{DateProblem, date_problem, parse_date};
    match form.value(field) {
        "" => Ok(None),
        s => parse_date(s, today).map(Some).ok_or_else(|| {
            let problem = date_problem(s, today).unwrap_or(DateProblem::Unreadable);
            (field, problem.message(s, lang))
        }),
    }
}
