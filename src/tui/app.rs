//! The app's state and [`App::update`]: every change happens here, nothing is drawn.
//!
//! Status is computed once for every org when the app opens and again only for the org a
//! change touches; moving around reads nothing from the database.

mod export;
pub mod rows;

use std::collections::HashMap;

use anyhow::Result;
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

use super::action::Action;
use super::fields::{FieldsForm, Purpose};
use super::form::{Outcome, RecordForm};
use super::input::Input;
use crate::checklist::Catalog;
use crate::entry;
use crate::judge::Judge;
use crate::lang::Lang;
use crate::model::{Mark, MarkState, ObjectKind};
use crate::model::{Member, Org, Record, valid_id};
use crate::period::Calendar;
use crate::score::ChecklistScore;
use crate::status::OrgStatus;
use crate::store::StoreHandle;

pub use rows::{OverviewRow, PeriodRow, Sort, TreeRow};

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
}

impl View {
    pub const ALL: [View; 5] = [
        View::Period,
        View::Overview,
        View::Tree,
        View::Records,
        View::Members,
    ];

    pub fn index(self) -> usize {
        View::ALL.iter().position(|v| *v == self).expect("listed")
    }
}

/// What has the keyboard.
#[derive(Debug, Clone)]
pub enum Mode {
    Normal,
    Help,
    PickOrg { query: Input, pick: usize },
    Filter,
    Record(Box<RecordForm>),
    Fields(Box<FieldsForm>),
    Confirm(Pending),
}

/// What a saved field form writes.
enum FieldsWrite {
    Member(Member),
    Mark(Mark),
}

/// A deletion waiting for a yes.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    DeleteRecord(String),
    DeleteMember(String),
}

pub struct App {
    pub lang: Lang,
    pub today: NaiveDate,
    /// Stamps what the app writes: a fixed moment in tests, the system clock in use.
    pub clock: crate::clock::Clock,
    /// Opened for each read or write, closed when the UI sits idle.
    pub db: StoreHandle,
    pub catalog: Catalog,
    pub cal: Calendar,
    pub orgs: Vec<Org>,
    /// Status of every org on `today`.
    pub statuses: HashMap<String, OrgStatus>,
    /// This year's scores of every org on its scored checklists in force.
    pub scores: HashMap<String, Vec<ChecklistScore>>,
    /// The selected org.
    pub org: Option<usize>,
    pub view: View,
    pub mode: Mode,
    /// The selected org's records (newest first), members and marks.
    pub records: Vec<Record>,
    pub members: Vec<Member>,
    pub marks: Vec<Mark>,
    /// Months moved back with `[` (negative: forward with `]`).
    pub shift: i32,
    /// The selected org judged on [`App::as_of`] when `shift` is not 0.
    pub shifted: Option<OrgStatus>,
    /// Highlighted row per view.
    pub cursor: [usize; 5],
    pub filter: Input,
    /// 本期 shows only what is overdue or due soon.
    pub urgent_only: bool,
    pub sort: Sort,
    /// Overview rows in display order, kept until statuses or the sort change.
    pub overview: Vec<OverviewRow>,
    /// Deleted records, newest last, restorable with `u` until the app closes.
    pub undo: Vec<Record>,
    /// A line for the footer: text and whether it is an error.
    pub message: Option<(String, bool)>,
    /// Where `x` writes its workbook: the folder the UI was started in.
    pub export_dir: std::path::PathBuf,
    pub quit: bool,
    /// Database reads so far: moving around must not add to it.
    pub reads: usize,
}

/// Every org, parents first, each judged and scored on `today`.
type Judged = (
    Vec<Org>,
    HashMap<String, OrgStatus>,
    HashMap<String, Vec<ChecklistScore>>,
);

fn judge_all(
    db: &mut StoreHandle,
    catalog: &Catalog,
    cal: &Calendar,
    today: NaiveDate,
) -> Result<Judged> {
    let store = db.get()?;
    let mut orgs = store.orgs()?;
    orgs.sort_by(|a, b| (a.parent.is_some(), &a.id).cmp(&(b.parent.is_some(), &b.id)));
    let judged = Judge::new(catalog, cal, today).every(store, &orgs)?;
    let mut statuses = HashMap::with_capacity(orgs.len());
    let mut scores = HashMap::new();
    for j in judged {
        statuses.insert(j.org.id.clone(), j.status);
        if !j.scores.is_empty() {
            scores.insert(j.org.id, j.scores);
        }
    }
    Ok((orgs, statuses, scores))
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
        let mut db = db.into();
        let (orgs, statuses, scores) = judge_all(&mut db, &catalog, &cal, today)?;
        let mut app = App {
            lang,
            today,
            clock: crate::clock::Clock::Fixed(now),
            db,
            catalog,
            cal,
            orgs,
            statuses,
            scores,
            org: None,
            view: View::Overview,
            mode: Mode::Normal,
            records: Vec::new(),
            members: Vec::new(),
            marks: Vec::new(),
            shift: 0,
            shifted: None,
            cursor: [0; 5],
            filter: Input::default(),
            urgent_only: false,
            sort: Sort::Worst,
            overview: Vec::new(),
            undo: Vec::new(),
            message: None,
            export_dir: std::path::PathBuf::from("."),
            quit: false,
            reads: 0,
        };
        app.overview = rows::overview(&app);
        if app.orgs.len() == 1 {
            app.select_org(0)?;
            app.view = View::Period;
        } else if let Some(first) = app.overview.first().map(|r| r.org) {
            app.select_org(first)?;
        }
        Ok(app)
    }

    pub fn selected_org(&self) -> Option<&Org> {
        self.org.map(|i| &self.orgs[i])
    }

    /// The day the 本期 view judges: today, or a month end `shift` months back.
    pub fn as_of(&self) -> NaiveDate {
        match self.shift {
            0 => self.today,
            s if s > 0 => {
                let d = self
                    .today
                    .checked_sub_months(Months::new(s as u32))
                    .unwrap_or(self.today);
                crate::period::month_end(d.year(), d.month())
            }
            s => self
                .today
                .checked_add_months(Months::new((-s) as u32))
                .unwrap_or(self.today),
        }
    }

    /// The selected org's status on [`App::as_of`].
    pub fn org_status(&self) -> Option<&OrgStatus> {
        let org = self.selected_org()?;
        self.shifted.as_ref().or_else(|| self.statuses.get(&org.id))
    }

    pub fn asks_yes_no(&self) -> bool {
        match &self.mode {
            Mode::Confirm(_) => true,
            Mode::Record(f) => f.confirm_discard,
            Mode::Fields(f) => f.confirm_discard,
            _ => false,
        }
    }

    pub fn wants_text(&self) -> bool {
        match &self.mode {
            Mode::PickOrg { .. } | Mode::Filter | Mode::Fields(_) => true,
            Mode::Record(f) => f.wants_text(),
            _ => false,
        }
    }

    /// Puts the overview's cursor on the selected org.
    fn highlight_org_in_overview(&mut self) {
        if let Some(i) = self
            .org
            .and_then(|o| self.overview.iter().position(|r| r.org == o))
        {
            self.cursor[View::Overview.index()] = i;
        }
    }

    fn select_org(&mut self, index: usize) -> Result<()> {
        self.org = Some(index);
        self.shift = 0;
        self.shifted = None;
        self.cursor[View::Period.index()] = 0;
        self.cursor[View::Records.index()] = 0;
        self.cursor[View::Members.index()] = 0;
        self.cursor[View::Tree.index()] = 0;
        self.filter = Input::default();
        self.load_org_data()
    }

    /// Reads the selected org's records, members and marks: on selection and after a change.
    fn load_org_data(&mut self) -> Result<()> {
        let Some(org) = self.selected_org() else {
            return Ok(());
        };
        let id = org.id.clone();
        self.reads += 1;
        let mut records = self.db.get()?.records(&id)?;
        records.reverse();
        self.records = records;
        self.members = self.db.get()?.members(&id)?;
        self.marks = self.db.get()?.marks(&id)?;
        Ok(())
    }

    /// After a write: reload the org's data and judge it again, and only it.
    fn refresh_org(&mut self) -> Result<()> {
        self.db.get()?.flush()?;
        self.db.mark_seen()?;
        self.load_org_data()?;
        if let Some(org) = self.selected_org().cloned() {
            self.reads += 1;
            let judge = Judge::new(&self.catalog, &self.cal, self.today);
            let status = judge.status(self.db.get()?, &org)?;
            self.statuses.insert(org.id.clone(), status);
            let scores = judge.scores(self.db.get()?, &org)?;
            self.scores.insert(org.id.clone(), scores);
            self.rejudge_shifted()?;
        }
        self.overview = rows::overview(self);
        Ok(())
    }

    /// Shows what another process wrote: when the database changed since this app last
    /// looked, every org is judged again and the selected org's data is read again.
    pub fn refresh_if_changed(&mut self) -> Result<bool> {
        if !self.db.changed_elsewhere()? {
            return Ok(false);
        }
        let selected = self.selected_org().map(|o| o.id.clone());
        let (orgs, statuses, scores) =
            judge_all(&mut self.db, &self.catalog, &self.cal, self.today)?;
        self.orgs = orgs;
        self.statuses = statuses;
        self.scores = scores;
        self.org = selected
            .and_then(|id| self.orgs.iter().position(|o| o.id == id))
            .or(if self.orgs.is_empty() { None } else { Some(0) });
        self.load_org_data()?;
        self.rejudge_shifted()?;
        self.overview = rows::overview(self);
        let rows = self.row_count();
        let v = self.view.index();
        self.cursor[v] = self.cursor[v].min(rows.saturating_sub(1));
        self.db.mark_seen()?;
        Ok(true)
    }

    fn rejudge_shifted(&mut self) -> Result<()> {
        self.shifted = match (self.shift, self.selected_org()) {
            (0, _) | (_, None) => None,
            (_, Some(org)) => {
                let org = org.clone();
                self.reads += 1;
                let (judge, as_of) = (
                    Judge::new(&self.catalog, &self.cal, self.today),
                    self.as_of(),
                );
                Some(judge.status_on(self.db.get()?, &org, as_of)?)
            }
        };
        Ok(())
    }

    /// The store, about to be written: the first write of a day keeps a backup first, as
    /// every command does.
    fn writable(&mut self) -> Result<&crate::store::Store> {
        let (today, stamp) = (self.today, self.stamp());
        let store = self.db.get()?;
        crate::exchange::backup::daily(store, today, &stamp)?;
        Ok(store)
    }

    /// `now` as written into what is stored.
    fn stamp(&self) -> String {
        self.clock
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }

    fn say(&mut self, zh: &str, en: &str) {
        self.message = Some((self.lang.pick(zh, en).to_string(), false));
    }

    fn row_count(&self) -> usize {
        match self.view {
            View::Period => rows::period(self).len(),
            View::Overview => self.overview.len(),
            View::Tree => rows::tree(self).len(),
            View::Records => rows::filtered_records(self).len(),
            View::Members => self.members.len(),
        }
    }

    /// Carries out one action. Errors are shown in the footer, never lose typed input.
    pub fn update(&mut self, action: Action) {
        if let Err(e) = self.try_update(action) {
            self.message = Some((crate::context::error_message(&e, self.lang), true));
        }
    }

    fn try_update(&mut self, action: Action) -> Result<()> {
        if action == Action::Quit && !matches!(self.mode, Mode::Record(_) | Mode::Fields(_)) {
            self.quit = true;
            return Ok(());
        }
        let mode = std::mem::replace(&mut self.mode, Mode::Normal);
        match mode {
            Mode::Normal => self.normal(action)?,
            Mode::Help => {}
            Mode::Filter => {
                match action {
                    Action::Type(edit) => self.filter.apply(edit),
                    Action::Back => self.filter = Input::default(),
                    Action::Enter => {}
                    _ => {
                        self.mode = Mode::Filter;
                        return Ok(());
                    }
                }
                if action != Action::Enter && action != Action::Back {
                    self.mode = Mode::Filter;
                }
                self.cursor[View::Records.index()] = 0;
            }
            Mode::PickOrg {
                mut query,
                mut pick,
            } => match action {
                Action::Type(edit) => {
                    query.apply(edit);
                    pick = 0;
                    self.mode = Mode::PickOrg { query, pick };
                }
                Action::Up | Action::Down => {
                    let n = rows::org_matches(self, query.value()).len();
                    pick = if action == Action::Down {
                        (pick + 1).min(n.saturating_sub(1))
                    } else {
                        pick.saturating_sub(1)
                    };
                    self.mode = Mode::PickOrg { query, pick };
                }
                Action::Enter => {
                    if let Some(&i) = rows::org_matches(self, query.value()).get(pick) {
                        self.select_org(i)?;
                        if self.view == View::Overview {
                            self.view = View::Period;
                        }
                    }
                }
                Action::Back => {}
                _ => self.mode = Mode::PickOrg { query, pick },
            },
            Mode::Confirm(pending) => {
                if action == Action::Answer(true) {
                    self.delete(pending)?;
                }
            }
            Mode::Record(mut form) => {
                let org = self
                    .selected_org()
                    .cloned()
                    .expect("a form belongs to an org");
                match form.handle(&self.catalog, &org, &self.members, action) {
                    Outcome::Stay => self.mode = Mode::Record(form),
                    Outcome::Close => {}
                    Outcome::Save => {
                        if !self.save_record(&org, &mut form)? {
                            self.mode = Mode::Record(form);
                        }
                    }
                }
            }
            Mode::Fields(mut form) => match form.handle(action) {
                Outcome::Stay => self.mode = Mode::Fields(form),
                Outcome::Close => {}
                Outcome::Save => {
                    if !self.save_fields(&mut form)? {
                        self.mode = Mode::Fields(form);
                    }
                }
            },
        }
        Ok(())
    }

    fn normal(&mut self, action: Action) -> Result<()> {
        let v = self.view.index();
        let n = self.row_count();
        match action {
            Action::Help => self.mode = Mode::Help,
            Action::Show(view) if view != View::Overview => self.view = view,
            Action::Up => self.cursor[v] = self.cursor[v].saturating_sub(1),
            Action::Down => self.cursor[v] = (self.cursor[v] + 1).min(n.saturating_sub(1)),
            Action::PageUp => self.cursor[v] = self.cursor[v].saturating_sub(10),
            Action::PageDown => self.cursor[v] = (self.cursor[v] + 10).min(n.saturating_sub(1)),
            Action::Top => self.cursor[v] = 0,
            Action::Bottom => self.cursor[v] = n.saturating_sub(1),
            Action::Enter if self.view == View::Overview => {
                if let Some(row) = self.overview.get(self.cursor[v]) {
                    let i = row.org;
                    if self.org != Some(i) {
                        self.select_org(i)?;
                    }
                    self.view = View::Period;
                }
            }
            // Back to the org's own page, then to the overview with the org highlighted.
            Action::Back if self.view != View::Overview && self.view != View::Period => {
                self.view = View::Period
            }
            Action::Back if self.view == View::Period && self.orgs.len() > 1 => {
                self.view = View::Overview;
                self.highlight_org_in_overview();
            }
            Action::Show(View::Overview) => {
                self.view = View::Overview;
                self.highlight_org_in_overview();
            }
            Action::Urgent if self.view == View::Period => {
                self.urgent_only = !self.urgent_only;
                self.cursor[v] = 0;
                if self.urgent_only {
                    self.say(
                        "只显示逾期和即将到期（f 显示全部）",
                        "only overdue and due soon (f shows all)",
                    );
                }
            }
            Action::PickOrg if !self.orgs.is_empty() => {
                self.mode = Mode::PickOrg {
                    query: Input::default(),
                    pick: 0,
                }
            }
            Action::Filter if self.view == View::Records => self.mode = Mode::Filter,
            Action::PrevPeriod | Action::NextPeriod if self.org.is_some() => {
                self.shift += if action == Action::PrevPeriod { 1 } else { -1 };
                self.rejudge_shifted()?;
                self.cursor[View::Period.index()] = 0;
            }
            Action::Sort if self.view == View::Overview => {
                self.sort = self.sort.next();
                self.overview = rows::overview(self);
            }
            Action::Add => self.open_add(),
            Action::Edit => self.open_edit(),
            Action::Delete => self.ask_delete(),
            Action::Undo => self.undo_delete()?,
            Action::Export => self.export_xlsx()?,
            Action::Toggle if self.view == View::Tree => self.cycle_mark()?,
            _ => {}
        }
        Ok(())
    }

    fn open_add(&mut self) {
        let Some(org) = self.selected_org().cloned() else {
            return self.say("请先用 o 选择一个组织", "choose an org first with o");
        };
        match self.view {
            View::Members => {
                let l = self.lang;
                let fields = vec![
                    (l.pick("编号", "id").into(), String::new(), false),
                    (l.pick("姓名", "name").into(), String::new(), false),
                    (
                        l.pick("标签（逗号分隔）", "tags (comma-separated)").into(),
                        String::new(),
                        false,
                    ),
                    (
                        l.pick("入党/转入日期", "joined on").into(),
                        String::new(),
                        false,
                    ),
                    (l.pick("转出日期", "left on").into(), String::new(), false),
                ];
                let title = l.pick("添加党员", "Add member").to_string();
                self.mode =
                    Mode::Fields(Box::new(FieldsForm::new(Purpose::NewMember, title, fields)));
            }
            _ => {
                let highlighted = match self.view {
                    View::Period => rows::period(self)
                        .get(self.cursor[View::Period.index()])
                        .map(|r| self.catalog.obligations[r.obligation].id.clone()),
                    _ => None,
                };
                let default = highlighted.or_else(|| Some("theme-party-day".to_string()));
                let form = RecordForm::new(
                    &self.catalog,
                    &org,
                    &self.members,
                    default.as_deref(),
                    self.today,
                    self.lang,
                );
                self.mode = Mode::Record(Box::new(form));
            }
        }
    }

    fn open_edit(&mut self) {
        let Some(org) = self.selected_org().cloned() else {
            return;
        };
        let l = self.lang;
        match self.view {
            View::Records => {
                if let Some(r) =
                    rows::filtered_records(self).get(self.cursor[View::Records.index()])
                {
                    let form = RecordForm::edit(
                        &self.catalog,
                        &org,
                        &self.members,
                        r,
                        self.today,
                        self.lang,
                    );
                    self.mode = Mode::Record(Box::new(form));
                }
            }
            View::Members => {
                if let Some(m) = self.members.get(self.cursor[View::Members.index()]) {
                    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
                    let fields = vec![
                        (l.pick("编号", "id").into(), m.id.clone(), true),
                        (l.pick("姓名", "name").into(), m.name.clone(), false),
                        (
                            l.pick("标签（逗号分隔）", "tags (comma-separated)").into(),
                            m.tags.join(","),
                            false,
                        ),
                        (
                            l.pick("入党/转入日期", "joined on").into(),
                            date(m.joined_on),
                            false,
                        ),
                        (l.pick("转出日期", "left on").into(), date(m.left_on), false),
                    ];
                    let title = l.pick("编辑党员", "Edit member").to_string();
                    self.mode = Mode::Fields(Box::new(FieldsForm::new(
                        Purpose::EditMember(m.id.clone()),
                        title,
                        fields,
                    )));
                }
            }
            View::Tree => {
                if let Some(TreeRow {
                    checklist,
                    item,
                    leaf: true,
                    points,
                    ..
                }) = rows::tree(self)
                    .get(self.cursor[View::Tree.index()])
                    .cloned()
                {
                    let mark = self
                        .marks
                        .iter()
                        .find(|m| m.checklist == checklist && m.item == item);
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
                        title,
                        fields,
                    )));
                }
            }
            _ => {}
        }
    }

    fn ask_delete(&mut self) {
        match self.view {
            View::Records => {
                if let Some(r) =
                    rows::filtered_records(self).get(self.cursor[View::Records.index()])
                {
                    self.mode = Mode::Confirm(Pending::DeleteRecord(r.id.clone()));
                }
            }
            View::Members => {
                if let Some(m) = self.members.get(self.cursor[View::Members.index()]) {
                    self.mode = Mode::Confirm(Pending::DeleteMember(m.id.clone()));
                }
            }
            _ => {}
        }
    }

    fn delete(&mut self, pending: Pending) -> Result<()> {
        match pending {
            Pending::DeleteRecord(id) => {
                let stamp = self.stamp();
                if let Some(r) = self.writable()?.delete_record(&id, &stamp)? {
                    self.undo.push(r);
                    self.say("已删除，按 u 撤销", "deleted; press u to undo");
                }
            }
            Pending::DeleteMember(id) => {
                let org = self
                    .selected_org()
                    .map(|o| o.id.clone())
                    .unwrap_or_default();
                let stamp = self.stamp();
                self.writable()?.delete_member(&org, &id, &stamp)?;
                self.say("已删除党员", "member deleted");
            }
        }
        self.refresh_org()?;
        let v = View::Records.index();
        self.cursor[v] = self.cursor[v].min(self.row_count().saturating_sub(1));
        Ok(())
    }

    fn undo_delete(&mut self) -> Result<()> {
        let Some(record) = self.undo.pop() else {
            self.say("没有可撤销的删除", "nothing to undo");
            return Ok(());
        };
        let store = self.db.get()?;
        store.put_record(&record)?;
        store.remove_tombstone(ObjectKind::Record, &record.org, &record.id)?;
        if let Some(i) = self.orgs.iter().position(|o| o.id == record.org)
            && self.org != Some(i)
        {
            self.select_org(i)?;
        }
        self.refresh_org()?;
        self.say("已恢复删除的记录", "deleted record restored");
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
        let stamp = self.stamp();
        let id = form
            .editing
            .as_ref()
            .map_or_else(|| entry::new_id(self.clock.now()), |r| r.id.clone());
        match entry::build(
            &self.catalog,
            &self.cal,
            org,
            &self.members,
            &draft,
            self.today,
            id,
            &stamp,
        ) {
            Ok(mut record) => {
                if let Some(old) = &form.editing {
                    record.created_at = old.created_at.clone();
                }
                self.writable()?.put_record(&record)?;
                self.refresh_org()?;
                self.say("已保存", "saved");
                Ok(true)
            }
            Err(e) => {
                form.refuse(e.field(), e.message(self.lang));
                Ok(false)
            }
        }
    }

    fn save_fields(&mut self, form: &mut FieldsForm) -> Result<bool> {
        let org = self
            .selected_org()
            .map(|o| o.id.clone())
            .unwrap_or_default();
        let lang = self.lang;
        let stamp = self.stamp();
        let date = |form: &FieldsForm, i: usize| -> Result<Option<NaiveDate>, String> {
            match form.value(i) {
                "" => Ok(None),
                s => super::form::parse_date(s, self.today)
                    .map(Some)
                    .ok_or_else(|| {
                        super::form::date_problem(s, self.today)
                            .unwrap_or(super::form::DateProblem::Unreadable)
                            .message(s, lang)
                    }),
            }
        };
        // Check every field first; the first refusal marks its field and keeps the form.
        let checked = || -> Result<FieldsWrite, (usize, String)> {
            match form.purpose.clone() {
                Purpose::NewMember | Purpose::EditMember(_) => {
                    let id = form.value(0).to_string();
                    if !valid_id(&id) {
                        let m = lang.pick(
                            "编号只能使用字母、数字和 . _ -",
                            "an id uses letters, digits and . _ -",
                        );
                        return Err((0, m.into()));
                    }
                    if form.purpose == Purpose::NewMember && self.members.iter().any(|m| m.id == id)
                    {
                        let m = lang.pick("已有成员编号", "a member already has id");
                        return Err((0, format!("{m} \"{id}\"")));
                    }
                    if form.value(1).is_empty() {
                        return Err((1, lang.pick("姓名不能为空", "a name is needed").into()));
                    }
                    let joined_on = date(form, 3).map_err(|m| (3, m))?;
                    let left_on = date(form, 4).map_err(|m| (4, m))?;
                    let tags = form
                        .value(2)
                        .split([',', '，'])
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(String::from)
                        .collect();
                    Ok(FieldsWrite::Member(Member {
                        id,
                        org: org.clone(),
                        name: form.value(1).to_string(),
                        tags,
                        joined_on,
                        left_on,
                        updated_at: stamp.clone(),
                    }))
                }
                Purpose::Mark { checklist, item } => {
                    let deadline = date(form, 2).map_err(|m| (2, m))?;
                    // A blank state is a new mark's.
                    let typed = form.value(3).trim();
                    let state = if typed.is_empty() {
                        Some(MarkState::Todo)
                    } else {
                        crate::i18n::parse_mark_state(typed)
                    };
                    let state = state.ok_or_else(|| {
                        (
                            3,
                            format!(
                                "{} \"{}\"{}",
                                lang.pick("状态", "state"),
                                form.value(3),
                                lang.pick(
                                    " 无效；应为 未开始、进行中、已完成 或 不适用",
                                    " is not valid; expected todo, doing, done or n/a"
                                )
                            ),
                        )
                    })?;
                    let points = self.catalog.item(&checklist, &item).and_then(|i| i.points);
                    let score = match (form.value(4), points) {
                        ("", _) => None,
                        (v, Some(p)) => match v.parse::<f64>() {
                            Ok(n) if n.is_finite() && (0.0..=p).contains(&n) => Some(n),
                            _ => {
                                return Err((
                                    4,
                                    match lang {
                                        Lang::Zh => format!(
                                            "得分 \"{v}\" 无效；应在 0 到 {} 之间",
                                            crate::report::number(p)
                                        ),
                                        Lang::En => format!(
                                            "score \"{v}\" is not valid; expected a number from 0 to {}",
                                            crate::report::number(p)
                                        ),
                                    },
                                ));
                            }
                        },
                        (_, None) => None,
                    };
                    let text = |i: usize| Some(form.value(i).to_string()).filter(|s| !s.is_empty());
                    Ok(FieldsWrite::Mark(Mark {
                        org: org.clone(),
                        checklist,
                        item,
                        state,
                        note: text(0),
                        owner: text(1),
                        deadline,
                        score,
                        updated_at: stamp.clone(),
                    }))
                }
            }
        };
        match checked() {
            Ok(FieldsWrite::Member(member)) => self.writable()?.put_member(&member)?,
            Ok(FieldsWrite::Mark(mark)) => self.writable()?.put_mark(&mark)?,
            Err((field, message)) => {
                form.refuse(field, message);
                return Ok(false);
            }
        }
        self.refresh_org()?;
        self.say("已保存", "saved");
        Ok(true)
    }

    fn cycle_mark(&mut self) -> Result<()> {
        let Some(org) = self.selected_org().map(|o| o.id.clone()) else {
            return Ok(());
        };
        let Some(TreeRow {
            checklist,
            item,
            leaf: true,
            ..
        }) = rows::tree(self)
            .get(self.cursor[View::Tree.index()])
            .cloned()
        else {
            self.say("只有末级指标可以标记", "only leaf items carry a mark");
            return Ok(());
        };
        let mut mark = self
            .marks
            .iter()
            .find(|m| m.checklist == checklist && m.item == item)
            .cloned()
            .unwrap_or(Mark {
                org,
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
        mark.updated_at = self.stamp();
        self.writable()?.put_mark(&mark)?;
        self.db.get()?.flush()?;
        self.reads += 1;
        self.marks = self.db.get()?.marks(&mark.org)?;
        if let Some(org) = self.selected_org().cloned() {
            let judge = Judge::new(&self.catalog, &self.cal, self.today);
            let scores = judge.scores(self.db.get()?, &org)?;
            self.scores.insert(org.id, scores);
            self.overview = rows::overview(self);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
