//! Branches from 总览: `A` adds a branch under the highlighted department, or edits the
//! highlighted org. The org is checked by [`entry::check_org`], as on the command line.

use anyhow::Result;

use super::{App, Mode, rows};
use crate::entry::{self, EntryError, Field};
use crate::lang::Lang;
use crate::messages::Localized;
use crate::model::{Org, OrgKind};
use crate::tui::fields::{FieldsForm, Purpose};

/// The org form's fields, in `Tab` order.
const NAME: usize = 0;
const ID: usize = 1;
const KIND: usize = 2;
const PARENT: usize = 3;

/// An org kind typed in either language or as the command line writes it.
fn parse_kind(s: &str) -> Option<OrgKind> {
    OrgKind::ALL
        .into_iter()
        .find(|&k| s == k.as_str() || s == Lang::Zh.kind(k) || s == Lang::En.kind(k))
}

/// `base-b2` after `base-b1`: the next free id for a new branch.
fn next_org_id(orgs: &[Org], base: &str) -> String {
    (1..)
        .map(|n| format!("{base}-b{n}"))
        .find(|id| !orgs.iter().any(|o| &o.id == id))
        .expect("some number is free")
}

impl App {
    /// `A` in 总览: a new branch under the highlighted department (or beside the
    /// highlighted branch), or, on a branch, that branch to edit.
    pub(super) fn open_org_form(&mut self, edit: bool) {
        let l = self.lang();
        let highlighted = self.highlighted_org().map(|i| self.data.orgs[i].clone());
        let (purpose, title, values, locked_id) = match (&highlighted, edit) {
            (Some(o), true) => (
                Purpose::EditOrg(o.id.clone()),
                l.pick("编辑组织", "Edit org"),
                [
                    o.name.clone(),
                    o.id.clone(),
                    l.kind(o.kind).to_string(),
                    o.parent.clone().unwrap_or_default(),
                ],
                true,
            ),
            _ => {
                let parent = highlighted.as_ref().map(|o| match o.kind {
                    OrgKind::School | OrgKind::Department => o.id.clone(),
                    _ => o.parent.clone().unwrap_or_default(),
                });
                let parent = parent.unwrap_or_default();
                let base = if parent.is_empty() {
                    "org"
                } else {
                    parent.as_str()
                };
                (
                    Purpose::NewOrg,
                    l.pick("新增支部", "Add branch"),
                    [
                        String::new(),
                        next_org_id(&self.data.orgs, base),
                        l.kind(OrgKind::TeacherBranch).to_string(),
                        parent,
                    ],
                    false,
                )
            }
        };
        // The kinds are named in full when one typed is refused.
        let labels = [
            l.pick("名称", "name").to_string(),
            l.pick("编号", "id").to_string(),
            l.pick("类型（如 教工支部）", "kind (e.g. teacher branch)")
                .to_string(),
            l.pick("上级编号", "parent id").to_string(),
        ];
        let fields = labels
            .into_iter()
            .zip(values)
            .enumerate()
            .map(|(i, (label, value))| (label, value, i == ID && locked_id))
            .collect();
        self.mode = Mode::Fields(Box::new(FieldsForm::new(
            purpose,
            None,
            title.to_string(),
            fields,
        )));
    }

    /// Checks and writes the org form; `false` (and the field marked) when refused.
    pub(super) fn save_org(&mut self, form: &mut FieldsForm) -> Result<bool> {
        let lang = self.lang();
        let editing = match &form.purpose {
            Purpose::EditOrg(id) => match self.data.org_by_id(id) {
                Some(o) => Some(o.clone()),
                None => {
                    form.refuse(ID, already_gone(lang, id));
                    return Ok(false);
                }
            },
            _ => None,
        };
        let kind = match parse_kind(form.value(KIND)) {
            Some(k) => k,
            None => {
                let kinds: Vec<&str> = OrgKind::ALL.iter().map(|&k| lang.kind(k)).collect();
                let v = form.value(KIND);
                let m = match lang {
                    Lang::Zh => format!("类型 \"{v}\" 无效；应为 {}", kinds.join("、")),
                    Lang::En => format!("kind \"{v}\" is not valid; expected {}", kinds.join(", ")),
                };
                form.refuse(KIND, m);
                return Ok(false);
            }
        };
        let stamp = self.data.stamp();
        let parent = Some(form.value(PARENT).to_string()).filter(|p| !p.is_empty());
        let org = match editing {
            Some(old) => Org {
                name: form.value(NAME).to_string(),
                kind,
                parent,
                updated_at: stamp,
                ..old
            },
            None => {
                let mut org: Org = serde_json::from_value(serde_json::json!({
                    "id": form.value(ID), "name": form.value(NAME), "kind": kind,
                    "since": self.data.today, "updated_at": stamp,
                }))?;
                org.parent = parent;
                org
            }
        };
        let taken = form.purpose == Purpose::NewOrg && self.data.org_by_id(&org.id).is_some();
        let checked = if taken {
            Err(EntryError::OrgTaken(org.id.clone()))
        } else {
            entry::check_org(&self.data.catalog, &org, &self.data.orgs)
        };
        if let Err(e) = checked {
            let field = match e.field() {
                Field::Id => ID,
                Field::Name => NAME,
                Field::Place => PARENT,
                _ => KIND,
            };
            form.refuse(field, e.message(lang));
            return Ok(false);
        }
        self.data.writable()?.put_org(&org)?;
        self.data.db.get()?.flush()?;
        self.data.reload_all()?;
        self.data.db.mark_seen()?;
        self.views.overview.rows = rows::overview(self);
        if let Some(i) = self
            .views
            .overview
            .rows
            .iter()
            .position(|r| self.data.orgs[r.org].id == org.id)
        {
            self.views.overview.cursor = i;
        }
        self.say("已保存", "saved");
        Ok(true)
    }
}

fn already_gone(lang: Lang, id: &str) -> String {
    match lang {
        Lang::Zh => format!("组织 {id} 已被删除（可能在另一个窗口）"),
        Lang::En => format!("org {id} was deleted (perhaps in another window)"),
    }
}
