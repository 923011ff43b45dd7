//! The second check of an import file's objects: each meets the rules it would meet on the
//! command line (the one check per object in [`crate::entry`]), and what it refers to —
//! orgs, parents, members, obligations, checklist items — exists, in the file or in the
//! database.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::checklist::Catalog;
use crate::dues::Payment;
use crate::entry::{self, EntryError};
use crate::exchange::import::object_name;
use crate::exchange::json::Export;
use crate::lang::Lang;
use crate::messages::Localized;
use crate::model::{ObjectKind, Org, Record};
use crate::period::Calendar;
use crate::store::Contents;

/// Checks every object of `f`; a record may be dated up to `until`.
pub(super) fn check(
    f: &Export,
    catalog: &Catalog,
    cal: &Calendar,
    local: &Contents,
    lang: Lang,
    until: NaiveDate,
    problems: &mut Vec<String>,
) {
    let file = Contents {
        orgs: f.orgs.clone(),
        members: f.members.clone(),
        records: Vec::new(),
        marks: f.marks.clone(),
        dues_settings: f.dues_settings.clone(),
        dues_payments: f.dues_payments.clone(),
        tombstones: f.tombstones.clone(),
    };
    let refs = Refs::new(&file, catalog, cal, local, lang, until);
    refs.before_records(problems);
    let mut seen = HashSet::new();
    for r in &f.records {
        let first = seen.insert(r.id.as_str());
        refs.record(r, first, problems);
    }
    refs.after_records(Vec::new(), problems);
}

/// What the objects of a file may refer to: the orgs and members of the file and of the
/// database. The records are checked one at a time as they are read ([`Refs::record`]).
pub struct Refs<'a> {
    file: &'a Contents,
    catalog: &'a Catalog,
    cal: &'a Calendar,
    lang: Lang,
    until: NaiveDate,
    /// The orgs as they will be: the file's copy of an org over the stored one.
    orgs: HashMap<&'a str, &'a Org>,
    /// Per org, its members' ids: a record's attendees are looked up in one small set.
    members: HashMap<&'a str, HashSet<&'a str>>,
}

fn say(problems: &mut Vec<String>, lang: Lang, name: &str, zh: String, en: String) {
    problems.push(match lang {
        Lang::Zh => format!("{name}：{zh}"),
        Lang::En => format!("{name}: {en}"),
    })
}

fn unknown_org(id: &str) -> (String, String) {
    (
        format!("组织 \"{id}\" 不存在（文件和数据库中都没有）"),
        format!("org \"{id}\" exists neither in the file nor in the database"),
    )
}

fn twice_words() -> (String, String) {
    (
        "在文件中出现两次".to_string(),
        "appears twice in the file".to_string(),
    )
}

fn refusal(e: &EntryError) -> (String, String) {
    (e.message(Lang::Zh), e.message(Lang::En))
}

impl<'a> Refs<'a> {
    /// `file`: what the file holds but its records.
    pub fn new(
        file: &'a Contents,
        catalog: &'a Catalog,
        cal: &'a Calendar,
        local: &'a Contents,
        lang: Lang,
        until: NaiveDate,
    ) -> Refs<'a> {
        let mut orgs: HashMap<&str, &Org> = local.orgs.iter().map(|o| (o.id.as_str(), o)).collect();
        orgs.extend(file.orgs.iter().map(|o| (o.id.as_str(), o)));
        let mut members: HashMap<&str, HashSet<&str>> = HashMap::new();
        let stones = file.tombstones.iter().chain(&local.tombstones);
        for (org, id) in file
            .members
            .iter()
            .chain(&local.members)
            .map(|m| (m.org.as_str(), m.id.as_str()))
            .chain(
                stones
                    .filter(|t| t.kind == ObjectKind::Member)
                    .map(|t| (t.org.as_str(), t.id.as_str())),
            )
        {
            members.entry(org).or_default().insert(id);
        }
        Refs {
            file,
            catalog,
            cal,
            lang,
            until,
            orgs,
            members,
        }
    }

    /// The orgs and members of the file.
    pub fn before_records(&self, problems: &mut Vec<String>) {
        let (f, lang, catalog) = (self.file, self.lang, self.catalog);
        let all_orgs: Vec<Org> = self.orgs.values().map(|o| (*o).clone()).collect();
        let mut seen: HashSet<(ObjectKind, String)> = HashSet::new();
        for o in &f.orgs {
            let name = object_name(lang, ObjectKind::Org, &o.id);
            if !seen.insert((ObjectKind::Org, o.id.clone())) {
                let (zh, en) = twice_words();
                say(problems, lang, &name, zh, en);
            }
            if let Err(e) = entry::check_org(catalog, o, &all_orgs) {
                let (zh, en) = refusal(&e);
                say(problems, lang, &name, zh, en);
            }
        }
        for m in &f.members {
            let name = object_name(lang, ObjectKind::Member, &format!("{}/{}", m.org, m.id));
            if !seen.insert((ObjectKind::Member, format!("{}\0{}", m.org, m.id))) {
                let (zh, en) = twice_words();
                say(problems, lang, &name, zh, en);
            }
            if let Err(e) = entry::check_member(m) {
                let (zh, en) = refusal(&e);
                say(problems, lang, &name, zh, en);
            }
            if !self.orgs.contains_key(m.org.as_str()) {
                let (zh, en) = unknown_org(&m.org);
                say(
                    problems,
                    lang,
                    &name,
                    format!("org：{zh}"),
                    format!("org: {en}"),
                );
            }
        }
    }

    /// One record of the file; `first`: the first with its id.
    pub fn record(&self, r: &Record, first: bool, problems: &mut Vec<String>) {
        let lang = self.lang;
        let name = object_name(lang, ObjectKind::Record, &r.id);
        if !first {
            let (zh, en) = twice_words();
            say(problems, lang, &name, zh, en);
        }
        let Some(org) = self.orgs.get(r.org.as_str()) else {
            let (zh, en) = unknown_org(&r.org);
            say(
                problems,
                lang,
                &name,
                format!("org：{zh}"),
                format!("org: {en}"),
            );
            return;
        };
        if let Err(e) = entry::check_record(self.catalog, self.cal, org, r, self.until) {
            let (zh, en) = refusal(&e);
            say(problems, lang, &name, zh, en);
        }
        let members = self.members.get(r.org.as_str());
        let known = |a: &str| members.is_some_and(|m| m.contains(a));
        let named = [
            ("attendees", r.attendees.as_deref().unwrap_or(&[])),
            ("excused", &r.excused),
        ];
        for (field, ids) in named {
            for a in ids.iter().filter(|a| !known(a)) {
                say(
                    problems,
                    lang,
                    &name,
                    format!("{field}：党员 \"{a}\" 不属于组织 {}", r.org),
                    format!("{field}: member \"{a}\" is not one of org {}", r.org),
                );
            }
        }
        for a in r.amounts.keys() {
            if !known(a) {
                say(
                    problems,
                    lang,
                    &name,
                    format!("amounts：党员 \"{a}\" 不属于组织 {}", r.org),
                    format!("amounts: member \"{a}\" is not one of org {}", r.org),
                );
            }
        }
    }

    /// One dues payment of the file; `first`: the first with its id.
    pub fn payment(&self, p: &Payment, first: bool, problems: &mut Vec<String>) {
        let checked = entry::check_payment(p, self.until);
        let kind = ObjectKind::DuesPayment;
        self.dues(kind, &p.id, &p.org, &p.member, checked, first, problems);
    }

    /// A member's dues belong to a member of the org that exists, here or in the file.
    #[allow(clippy::too_many_arguments)]
    fn dues(
        &self,
        kind: ObjectKind,
        id: &str,
        org: &str,
        member: &str,
        checked: Result<(), entry::DuesError>,
        first: bool,
        problems: &mut Vec<String>,
    ) {
        let lang = self.lang;
        let name = object_name(lang, kind, id);
        if !first {
            let (zh, en) = twice_words();
            say(problems, lang, &name, zh, en);
        }
        if let Err(e) = checked {
            say(
                problems,
                lang,
                &name,
                e.message(Lang::Zh),
                e.message(Lang::En),
            );
        }
        if !self.members.get(org).is_some_and(|m| m.contains(member)) {
            say(
                problems,
                lang,
                &name,
                format!("member：党员 \"{member}\" 不属于组织 {org}"),
                format!("member: \"{member}\" is not a member of org {org}"),
            );
        }
    }

    /// The marks, dues and tombstones of the file; `payments`: the problems of the
    /// payments checked as the file was read ([`Refs::payment`]), if it was.
    pub fn after_records(&self, mut payments: Vec<String>, problems: &mut Vec<String>) {
        let (f, lang) = (self.file, self.lang);
        let mut seen: HashSet<(ObjectKind, String)> = HashSet::new();
        for m in &f.marks {
            let name = object_name(
                lang,
                ObjectKind::Mark,
                &format!("{}/{}:{}", m.org, m.checklist, m.item),
            );
            if !seen.insert((
                ObjectKind::Mark,
                format!("{}\0{}\0{}", m.org, m.checklist, m.item),
            )) {
                let (zh, en) = twice_words();
                say(problems, lang, &name, zh, en);
            }
            let Some(org) = self.orgs.get(m.org.as_str()) else {
                let (zh, en) = unknown_org(&m.org);
                say(
                    problems,
                    lang,
                    &name,
                    format!("org：{zh}"),
                    format!("org: {en}"),
                );
                continue;
            };
            if let Err(e) = entry::check_mark(self.catalog, org, m) {
                let (zh, en) = refusal(&e);
                say(problems, lang, &name, zh, en);
            }
        }
        // A member's dues belong to a member of the org that exists, here or in the file.
        for d in &f.dues_settings {
            let id = format!("{}/{}", d.org, d.id());
            let first = seen.insert((ObjectKind::DuesSetting, id.clone()));
            let checked = entry::check_setting(d, None);
            self.dues(
                ObjectKind::DuesSetting,
                &id,
                &d.org,
                &d.member,
                checked,
                first,
                problems,
            );
        }
        for p in &f.dues_payments {
            let first = seen.insert((ObjectKind::DuesPayment, p.id.clone()));
            self.payment(p, first, problems);
        }
        problems.append(&mut payments);
        for t in &f.tombstones {
            let name = format!(
                "{} {} {}",
                lang.pick("删除标记", "tombstone"),
                t.kind.as_str(),
                t.id
            );
            if !seen.insert((t.kind, format!("tomb\0{}\0{}", t.org, t.id))) {
                let (zh, en) = twice_words();
                say(problems, lang, &name, zh, en);
            }
            if t.org.is_empty()
                || t.id.is_empty()
                || (matches!(t.kind, ObjectKind::Mark | ObjectKind::DuesSetting)
                    && !t.id.contains(':'))
                || (t.kind == ObjectKind::Org && t.org != t.id)
            {
                say(
                    problems,
                    lang,
                    &name,
                    "org 或 id 不完整".into(),
                    "org or id is incomplete".into(),
                );
            }
        }
    }
}
