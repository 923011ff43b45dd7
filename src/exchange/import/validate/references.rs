//! The second pass over an import file: each object meets the rules it would meet on the
//! command line (the one check per object in [`crate::entry`]), and what it refers to —
//! orgs, parents, members, obligations, checklist items — exists, in the file or in the
//! database.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::object_name;
use crate::checklist::Catalog;
use crate::entry::{self, EntryError};
use crate::exchange::json::Export;
use crate::lang::Lang;
use crate::messages::Localized;
use crate::model::{ObjectKind, Org};
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
    let mut say = |name: &str, zh: String, en: String| {
        problems.push(match lang {
            Lang::Zh => format!("{name}：{zh}"),
            Lang::En => format!("{name}: {en}"),
        })
    };
    // The orgs as they will be: the file's copy of an org over the stored one.
    let mut orgs: HashMap<&str, &Org> = local.orgs.iter().map(|o| (o.id.as_str(), o)).collect();
    orgs.extend(f.orgs.iter().map(|o| (o.id.as_str(), o)));
    let all_orgs: Vec<Org> = orgs.values().map(|o| (*o).clone()).collect();
    let members: HashSet<(&str, &str)> = f
        .members
        .iter()
        .chain(&local.members)
        .map(|m| (m.org.as_str(), m.id.as_str()))
        .chain(
            f.tombstones
                .iter()
                .chain(&local.tombstones)
                .filter(|t| t.kind == ObjectKind::Member)
                .map(|t| (t.org.as_str(), t.id.as_str())),
        )
        .collect();
    let mut seen: HashSet<(ObjectKind, String)> = HashSet::new();
    let mut twice = |kind: ObjectKind, key: String| !seen.insert((kind, key));
    let unknown_org = |id: &str| {
        (
            format!("组织 \"{id}\" 不存在（文件和数据库中都没有）"),
            format!("org \"{id}\" exists neither in the file nor in the database"),
        )
    };
    let twice_words = || {
        (
            "在文件中出现两次".to_string(),
            "appears twice in the file".to_string(),
        )
    };
    let refusal = |e: &EntryError| (e.message(Lang::Zh), e.message(Lang::En));
    for o in &f.orgs {
        let name = object_name(lang, ObjectKind::Org, &o.id);
        if twice(ObjectKind::Org, o.id.clone()) {
            let (zh, en) = twice_words();
            say(&name, zh, en);
        }
        if let Err(e) = entry::check_org(catalog, o, &all_orgs) {
            let (zh, en) = refusal(&e);
            say(&name, zh, en);
        }
    }
    for m in &f.members {
        let name = object_name(lang, ObjectKind::Member, &format!("{}/{}", m.org, m.id));
        if twice(ObjectKind::Member, format!("{}\0{}", m.org, m.id)) {
            let (zh, en) = twice_words();
            say(&name, zh, en);
        }
        if let Err(e) = entry::check_member(m) {
            let (zh, en) = refusal(&e);
            say(&name, zh, en);
        }
        if !orgs.contains_key(m.org.as_str()) {
            let (zh, en) = unknown_org(&m.org);
            say(&name, format!("org：{zh}"), format!("org: {en}"));
        }
    }
    for r in &f.records {
        let name = object_name(lang, ObjectKind::Record, &r.id);
        if twice(ObjectKind::Record, r.id.clone()) {
            let (zh, en) = twice_words();
            say(&name, zh, en);
        }
        let Some(org) = orgs.get(r.org.as_str()) else {
            let (zh, en) = unknown_org(&r.org);
            say(&name, format!("org：{zh}"), format!("org: {en}"));
            continue;
        };
        if let Err(e) = entry::check_record(catalog, cal, org, r, until) {
            let (zh, en) = refusal(&e);
            say(&name, zh, en);
        }
        let named = [
            ("attendees", r.attendees.as_deref().unwrap_or(&[])),
            ("excused", &r.excused),
        ];
        for (field, ids) in named {
            for a in ids
                .iter()
                .filter(|a| !members.contains(&(r.org.as_str(), a.as_str())))
            {
                say(
                    &name,
                    format!("{field}：党员 \"{a}\" 不属于组织 {}", r.org),
                    format!("{field}: member \"{a}\" is not one of org {}", r.org),
                );
            }
        }
        for a in r.amounts.keys() {
            if !members.contains(&(r.org.as_str(), a.as_str())) {
                say(
                    &name,
                    format!("amounts：党员 \"{a}\" 不属于组织 {}", r.org),
                    format!("amounts: member \"{a}\" is not one of org {}", r.org),
                );
            }
        }
    }
    for m in &f.marks {
        let name = object_name(
            lang,
            ObjectKind::Mark,
            &format!("{}/{}:{}", m.org, m.checklist, m.item),
        );
        if twice(
            ObjectKind::Mark,
            format!("{}\0{}\0{}", m.org, m.checklist, m.item),
        ) {
            let (zh, en) = twice_words();
            say(&name, zh, en);
        }
        let Some(org) = orgs.get(m.org.as_str()) else {
            let (zh, en) = unknown_org(&m.org);
            say(&name, format!("org：{zh}"), format!("org: {en}"));
            continue;
        };
        if let Err(e) = entry::check_mark(catalog, org, m) {
            let (zh, en) = refusal(&e);
            say(&name, zh, en);
        }
    }
    // A member's dues belong to a member of the org that exists, here or in the file.
    let settings = f.dues_settings.iter().map(|d| {
        let id = format!("{}/{}", d.org, d.id());
        let kind = ObjectKind::DuesSetting;
        (kind, id, &d.org, &d.member, entry::check_setting(d, None))
    });
    let payments = f.dues_payments.iter().map(|p| {
        let kind = ObjectKind::DuesPayment;
        (
            kind,
            p.id.clone(),
            &p.org,
            &p.member,
            entry::check_payment(p, until),
        )
    });
    for (kind, id, org, member, checked) in settings.chain(payments) {
        let name = object_name(lang, kind, &id);
        if twice(kind, id) {
            let (zh, en) = twice_words();
            say(&name, zh, en);
        }
        if let Err(e) = checked {
            say(&name, e.message(Lang::Zh), e.message(Lang::En));
        }
        if !members.contains(&(org.as_str(), member.as_str())) {
            say(
                &name,
                format!("member：党员 \"{member}\" 不属于组织 {org}"),
                format!("member: \"{member}\" is not a member of org {org}"),
            );
        }
    }
    for t in &f.tombstones {
        let name = format!(
            "{} {} {}",
            lang.pick("删除标记", "tombstone"),
            t.kind.as_str(),
            t.id
        );
        if twice(t.kind, format!("tomb\0{}\0{}", t.org, t.id)) {
            let (zh, en) = twice_words();
            say(&name, zh, en);
        }
        if t.org.is_empty()
            || t.id.is_empty()
            || (matches!(t.kind, ObjectKind::Mark | ObjectKind::DuesSetting) && !t.id.contains(':'))
            || (t.kind == ObjectKind::Org && t.org != t.id)
        {
            say(
                &name,
                "org 或 id 不完整".into(),
                "org or id is incomplete".into(),
            );
        }
    }
}
