//! What the UI knows: every org judged and scored, and the selected org's records, members
//! and marks. Loading, judging and refreshing live here; moving around reads nothing.

use std::cell::OnceCell;
use std::collections::HashMap;

use anyhow::Result;
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

use crate::checklist::Catalog;
use crate::judge::Judge;
use crate::judge::development::{pipeline, subtree};
use crate::judge::facts::Facts;
use crate::lang::Lang;
use crate::model::Mark;
use crate::model::{Member, Org, Record};
use crate::period::Calendar;
use crate::score::ChecklistScore;
use crate::stages::development::Person;
use crate::status::OrgStatus;
use crate::store::StoreHandle;
use crate::tui::names::{NaturalKey, initials, natural_key};

pub struct Data {
    pub lang: Lang,
    pub today: NaiveDate,
    /// Stamps what the app writes: a fixed moment in tests, the system clock in use.
    pub clock: crate::clock::Clock,
    /// Opened for each read or write, closed when the UI sits idle.
    pub db: StoreHandle,
    pub catalog: Catalog,
    pub cal: Calendar,
    /// Every org, parents first.
    pub orgs: Vec<Org>,
    /// Status of every org on `today`.
    pub statuses: HashMap<String, OrgStatus>,
    /// This year's scores of every org on its scored checklists in force.
    pub scores: HashMap<String, Vec<ChecklistScore>>,
    /// What the overview, the picker and the header show of every org, in the order of
    /// `orgs` ([`Data::facts`]).
    pub facts: Vec<Facts>,
    /// Each org's name as it sorts, in the order of `orgs`.
    pub names: Vec<NaturalKey>,
    /// The pinyin initials of each org's name, in the order of `orgs`: worked out when
    /// the org picker first looks for them ([`Data::initials`]).
    initials: OnceCell<Vec<String>>,
    /// What the overview is kept under beside the folder ([`crate::judge::answer`]).
    pub overview: Option<Vec<u8>>,
    /// The selected org.
    pub org: Option<usize>,
    /// The selected org's records (newest first), members and marks.
    pub records: Vec<Record>,
    pub members: Vec<Member>,
    pub marks: Vec<Mark>,
    /// The selected org's dues settings and payments (党费).
    pub dues_settings: Vec<crate::dues::Setting>,
    pub dues_payments: Vec<crate::dues::Payment>,
    /// Everyone in the pipeline of the selected org and the orgs below it on
    /// [`Data::as_of`], overdue first (发展); read when that view is shown.
    pub pipeline: Option<Vec<Person>>,
    /// Months moved back with `[` (negative: forward with `]`).
    pub shift: i32,
    /// The selected org judged on [`Data::as_of`] when `shift` is not 0.
    pub shifted: Option<OrgStatus>,
    /// Database reads so far: moving around must not add to it.
    pub reads: usize,
    /// The selected org's data is not read yet: the UI opened on the kept overview.
    pub pending: bool,
}

/// Every org, parents first, each judged and scored on `today`, its facts and its name
/// as it sorts.
type Judged = (
    Vec<Org>,
    HashMap<String, OrgStatus>,
    HashMap<String, Vec<ChecklistScore>>,
    Vec<Facts>,
    Vec<NaturalKey>,
);

/// `items` (each with its org) parents first, then by id. Orgs as the store lists them,
/// by id, are put in that order in one pass; any others are sorted.
fn parents_first<T>(items: Vec<T>, org: impl Fn(&T) -> &Org) -> Vec<T> {
    let by_id = items.is_sorted_by(|a, b| org(a).id < org(b).id);
    if !by_id {
        let mut items = items;
        items.sort_by(|a, b| {
            let (a, b) = (org(a), org(b));
            (a.parent.is_some(), &a.id).cmp(&(b.parent.is_some(), &b.id))
        });
        return items;
    }
    let n = items.iter().filter(|x| org(x).parent.is_none()).count();
    let (mut parents, mut children) = (
        Vec::with_capacity(items.len()),
        Vec::with_capacity(items.len() - n),
    );
    for x in items {
        match org(&x).parent {
            None => parents.push(x),
            Some(_) => children.push(x),
        }
    }
    parents.append(&mut children);
    parents
}

/// Every org judged; the overview is kept beside a data folder for `overview` when given
/// ([`crate::judge::answer`]), so that the next UI opens without judging.
fn judge_all(
    db: &mut StoreHandle,
    catalog: &Catalog,
    cal: &Calendar,
    today: NaiveDate,
    overview: Option<&[u8]>,
) -> Result<Judged> {
    let store = db.get()?;
    let orgs = parents_first(store.orgs()?, |o| o);
    let judge = Judge::new(catalog, cal, today).among(&orgs);
    let judged = judge.every(store, &orgs)?;
    if let (Some(key), Some(folder)) = (overview, store.folder()) {
        // In the store's order, as writers find the orgs when they make parts again.
        let mut by_id: Vec<&crate::judge::Judged> = judged.iter().collect();
        by_id.sort_by(|a, b| a.org.id.cmp(&b.org.id));
        crate::judge::answer::keep_overview(&judge, folder, key, &by_id);
    }
    let mut statuses = HashMap::with_capacity(orgs.len());
    let mut scores = HashMap::new();
    let mut facts = Vec::with_capacity(orgs.len());
    for j in judged {
        facts.push(Facts::of(catalog, &j.status, &j.scores));
        statuses.insert(j.org.id.clone(), j.status);
        if !j.scores.is_empty() {
            scores.insert(j.org.id, j.scores);
        }
    }
    let names = orgs.iter().map(|o| natural_key(&o.name)).collect();
    Ok((orgs, statuses, scores, facts, names))
}

impl Data {
    pub fn load(
        db: impl Into<StoreHandle>,
        catalog: Catalog,
        cal: Calendar,
        lang: Lang,
        today: NaiveDate,
        now: DateTime<Utc>,
        overview: Option<Vec<u8>>,
    ) -> Result<Data> {
        let mut db = db.into();
        // The overview kept beside the folder, when there is one for this day: no org is
        // judged until it is selected.
        let dir = db.dir().map(std::path::Path::to_path_buf);
        let kept = overview.as_deref().zip(dir).and_then(|(key, dir)| {
            // Each name's sort key worked out on the core that reads the org.
            let kept = crate::judge::answer::read_overview(&dir, key, |org, facts| {
                (natural_key(&org.name), org, facts)
            })?;
            // What another process writes from now on is news.
            db.seen_at(kept.generation);
            let n = kept.orgs.len();
            let (mut orgs, mut facts, mut names) = (
                Vec::with_capacity(n),
                Vec::with_capacity(n),
                Vec::with_capacity(n),
            );
            for (name, org, f) in parents_first(kept.orgs, |(_, o, _)| o) {
                orgs.push(org);
                facts.push(f);
                names.push(name);
            }
            Some((orgs, HashMap::new(), HashMap::new(), facts, names))
        });
        let (orgs, statuses, scores, facts, names) = match kept {
            Some(kept) => kept,
            None => judge_all(&mut db, &catalog, &cal, today, overview.as_deref())?,
        };
        Ok(Data {
            overview,
            lang,
            today,
            clock: crate::clock::Clock::Fixed(now),
            db,
            catalog,
            cal,
            names,
            initials: OnceCell::new(),
            orgs,
            statuses,
            scores,
            facts,
            org: None,
            records: Vec::new(),
            members: Vec::new(),
            marks: Vec::new(),
            dues_settings: Vec::new(),
            dues_payments: Vec::new(),
            pipeline: None,
            shift: 0,
            shifted: None,
            reads: 0,
            pending: false,
        })
    }

    pub fn selected_org(&self) -> Option<&Org> {
        self.org.map(|i| &self.orgs[i])
    }

    /// The org with this id, if it still exists.
    pub fn org_by_id(&self, id: &str) -> Option<&Org> {
        self.orgs.iter().find(|o| o.id == id)
    }

    /// The day the views judge: today, or a month end `shift` months back, or a day
    /// `-shift` months ahead.
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

    /// The selected org's status on [`Data::as_of`].
    pub fn org_status(&self) -> Option<&OrgStatus> {
        let org = self.selected_org()?;
        self.shifted.as_ref().or_else(|| self.statuses.get(&org.id))
    }

    /// Selects the org at `index` (back to today) and reads its data.
    pub fn select(&mut self, index: usize) -> Result<()> {
        self.org = Some(index);
        self.shift = 0;
        self.shifted = None;
        self.load_org_data()
    }

    /// Reads the selected org's records, members and marks: on selection and after a change.
    pub fn load_org_data(&mut self) -> Result<()> {
        let Some(org) = self.selected_org() else {
            return Ok(());
        };
        let id = org.id.clone();
        self.reads += 1;
        self.pipeline = None;
        let mut records = self.db.get()?.records(&id)?;
        records.reverse();
        self.records = records;
        self.members = self.db.get()?.members(&id)?;
        self.marks = self.db.get()?.marks(&id)?;
        self.dues_settings = self.db.get()?.dues_settings(Some(&id))?;
        self.dues_payments = self.db.get()?.dues_payments(Some(&id))?;
        if !self.statuses.contains_key(&id) {
            // Opened on the kept overview: the org is judged when first selected.
            let org = self.orgs[self.org.expect("selected above")].clone();
            let judge = Judge::new(&self.catalog, &self.cal, self.today).among(&self.orgs);
            let status = judge.status(self.db.get()?, &org)?;
            self.statuses.insert(id, status);
            self.rescore(&org)?;
        }
        self.pending = false;
        Ok(())
    }

    /// Reads the selected org's data when it was selected without ([`Data::pending`]).
    pub fn ensure_loaded(&mut self) -> Result<()> {
        if self.pending {
            self.load_org_data()?;
        }
        Ok(())
    }

    /// After a write: reload the org's data and judge it again, and the orgs above it.
    pub fn refresh_org(&mut self) -> Result<()> {
        self.db.get()?.flush()?;
        self.db.mark_seen()?;
        self.load_org_data()?;
        if let Some(org) = self.selected_org().cloned() {
            self.judge_again(&org)?;
            self.rejudge_above(&org)?;
            self.rejudge_shifted()?;
        }
        Ok(())
    }

    /// Judges and scores the org `id` again after a write in it, when it is not the
    /// selected one ([`Data::refresh_org`] judges that), and the orgs above it.
    pub fn rejudge(&mut self, id: &str) -> Result<()> {
        if self.selected_org().is_some_and(|o| o.id == id) {
            return Ok(());
        }
        let Some(org) = self.org_by_id(id).cloned() else {
            return Ok(());
        };
        self.judge_again(&org)?;
        self.rejudge_above(&org)
    }

    /// Judges and scores again the orgs above `org` after a write in it, as the answers
    /// kept beside the folder are made again ([`crate::judge::answer`]): their obligations
    /// may count its members (`scope: tree`).
    fn rejudge_above(&mut self, org: &Org) -> Result<()> {
        let mut at = org.parent.clone();
        // Parents never loop; the bound only keeps a damaged folder from hanging the UI.
        for _ in 0..self.orgs.len() {
            let Some(parent) = at.take().and_then(|id| self.org_by_id(&id).cloned()) else {
                break;
            };
            self.judge_again(&parent)?;
            at = parent.parent;
        }
        Ok(())
    }

    /// `org` judged and scored again today.
    fn judge_again(&mut self, org: &Org) -> Result<()> {
        self.reads += 1;
        let judge = Judge::new(&self.catalog, &self.cal, self.today).among(&self.orgs);
        let status = judge.status(self.db.get()?, org)?;
        self.statuses.insert(org.id.clone(), status);
        self.rescore(org)
    }

    /// Scores `org` again, after a mark or a record changed, and works out its facts.
    pub fn rescore(&mut self, org: &Org) -> Result<()> {
        let judge = Judge::new(&self.catalog, &self.cal, self.today).among(&self.orgs);
        let scores = judge.scores(self.db.get()?, org)?;
        let at = self.orgs.iter().position(|o| o.id == org.id);
        let facts = at.and_then(|i| self.facts.get_mut(i));
        if let (Some(status), Some(facts)) = (self.statuses.get(&org.id), facts) {
            *facts = Facts::of(&self.catalog, status, &scores);
        }
        self.scores.insert(org.id.clone(), scores);
        Ok(())
    }

    /// The pinyin initials of each org's name, in the order of [`Data::orgs`].
    pub fn initials(&self) -> &[String] {
        self.initials
            .get_or_init(|| self.orgs.iter().map(|o| initials(&o.name)).collect())
    }

    /// The facts of the org at `index` in [`Data::orgs`] (nothing owed, for none).
    pub fn facts(&self, index: usize) -> &Facts {
        static NONE: std::sync::OnceLock<Facts> = std::sync::OnceLock::new();
        self.facts
            .get(index)
            .unwrap_or_else(|| NONE.get_or_init(Facts::default))
    }

    /// Takes in what another process wrote: when the database changed since this app last
    /// looked, every org is judged again and the selected org's data is read again.
    /// `false` when nothing changed.
    pub fn refresh_if_changed(&mut self) -> Result<bool> {
        if !self.db.changed_elsewhere()? {
            return Ok(false);
        }
        self.reload_all()?;
        self.db.mark_seen()?;
        Ok(true)
    }

    /// Every org judged again, and the selected one (or the first) read again.
    pub fn reload_all(&mut self) -> Result<()> {
        let selected = self.selected_org().map(|o| o.id.clone());
        let (orgs, statuses, scores, facts, names) = judge_all(
            &mut self.db,
            &self.catalog,
            &self.cal,
            self.today,
            self.overview.as_deref(),
        )?;
        self.names = names;
        self.initials = OnceCell::new();
        self.orgs = orgs;
        self.statuses = statuses;
        self.scores = scores;
        self.facts = facts;
        self.org = selected
            .and_then(|id| self.orgs.iter().position(|o| o.id == id))
            .or(if self.orgs.is_empty() { None } else { Some(0) });
        self.load_org_data()?;
        self.rejudge_shifted()
    }

    /// Judges the selected org on [`Data::as_of`] when that is not today.
    pub fn rejudge_shifted(&mut self) -> Result<()> {
        self.pipeline = None;
        self.shifted = match (self.shift, self.selected_org()) {
            (0, _) | (_, None) => None,
            (_, Some(org)) => {
                let org = org.clone();
                self.reads += 1;
                let (judge, as_of) = (
                    Judge::new(&self.catalog, &self.cal, self.today).among(&self.orgs),
                    self.as_of(),
                );
                Some(judge.status_on(self.db.get()?, &org, as_of)?)
            }
        };
        Ok(())
    }

    /// Reads the pipeline of the selected org and the orgs below it, unless it is read.
    pub fn load_pipeline(&mut self) -> Result<()> {
        if self.pipeline.is_some() {
            return Ok(());
        }
        let orgs = match self.selected_org() {
            Some(org) => subtree(&self.orgs, org),
            None => Vec::new(),
        };
        let as_of = self.as_of();
        self.reads += 1;
        let store = self.db.get()?;
        self.pipeline = Some(pipeline(store, &self.catalog, &self.cal, &orgs, as_of)?);
        Ok(())
    }

    /// The store, about to be written: the first write of a day starts the day's backup
    /// beside it, as every command does.
    pub fn writable(&mut self) -> Result<&dyn crate::store::Storage> {
        if let Some(dir) = self.db.dir() {
            crate::exchange::backup::start_daily(dir, self.today);
        }
        Ok(self.db.get()?)
    }

    /// `now` as written into what is stored.
    pub fn stamp(&self) -> String {
        self.clock
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }
}
