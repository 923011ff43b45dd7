//! Checking a whole export file before anything is written: its format version, every
//! field of every object, the references between them and to the loaded checklists.
//! A problem names the object and the field: `record 0193…: date "2026-02-30" is not a
//! date`.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::object_name;
use crate::checklist::Catalog;
use crate::entry::MAX_HOURS;
use crate::exchange::json::{Export, VERSION};
use crate::lang::Lang;
use crate::model::ObjectKind;
use crate::model::valid_id;
use crate::period::{self, Calendar};
use crate::store::Contents;

/// Every problem found in a file, each a line in the user's language.
#[derive(Debug)]
pub struct Problems(pub Vec<String>);

impl std::fmt::Display for Problems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const SHOWN: usize = 20;
        for (i, p) in self.0.iter().take(SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        if self.0.len() > SHOWN {
            write!(f, "\n… {} more", self.0.len() - SHOWN)?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

const LISTS: [&str; 5] = ["orgs", "members", "records", "marks", "tombstones"];

/// The fields each kind of object may carry, its date fields and its timestamps.
struct Shape {
    kind: Option<ObjectKind>,
    fields: &'static [&'static str],
    dates: &'static [&'static str],
    stamps: &'static [&'static str],
}

fn shape(list: &str) -> Shape {
    match list {
        "orgs" => Shape {
            kind: Some(ObjectKind::Org),
            fields: &[
                "id",
                "name",
                "kind",
                "parent",
                "elected_on",
                "since",
                "due_days",
                "term_years",
                "exempt",
                "checklists",
                "updated_at",
            ],
            dates: &["elected_on", "since"],
            stamps: &["updated_at"],
        },
        "members" => Shape {
            kind: Some(ObjectKind::Member),
            fields: &[
                "id",
                "org",
                "name",
                "tags",
                "joined_on",
                "left_on",
                "updated_at",
            ],
            dates: &["joined_on", "left_on"],
            stamps: &["updated_at"],
        },
        "records" => Shape {
            kind: Some(ObjectKind::Record),
            fields: &[
                "id",
                "org",
                "obligations",
                "date",
                "for_period",
                "topic",
                "hours",
                "attendees",
                "location",
                "speaker",
                "note",
                "created_at",
                "updated_at",
                "points",
                "amounts",
            ],
            dates: &["date"],
            stamps: &["created_at", "updated_at"],
        },
        "marks" => Shape {
            kind: Some(ObjectKind::Mark),
            fields: &[
                "org",
                "checklist",
                "item",
                "state",
                "note",
                "owner",
                "deadline",
                "score",
                "updated_at",
            ],
            dates: &["deadline"],
            stamps: &["updated_at"],
        },
        _ => Shape {
            kind: None,
            fields: &["kind", "id", "org", "deleted_at"],
            dates: &[],
            stamps: &["deleted_at"],
        },
    }
}

/// Reads and checks a whole export file; `local` is what is stored (references may point
/// into it). Nothing is returned unless everything is right.
pub fn read(
    bytes: &[u8],
    catalog: &Catalog,
    cal: &Calendar,
    local: &Contents,
    lang: Lang,
) -> Result<Export, Problems> {
    let one = |zh: String, en: String| Problems(vec![lang.pick(&zh, &en).to_string()]);
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        one(
            format!("不是 JSON 文件：{e}"),
            format!("not a JSON file: {e}"),
        )
    })?;
    let Value::Object(mut top) = value else {
        return Err(one(
            "不是 dangjian 导出文件：顶层应为对象".into(),
            "not a dangjian export: the top level is not an object".into(),
        ));
    };
    match top.get("dangjian_export").and_then(Value::as_u64) {
        Some(v) if v == VERSION as u64 => {}
        Some(v) if v > VERSION as u64 => {
            return Err(one(
                format!(
                    "该文件由更新版本的 dangjian 导出（导出格式 {v}，本程序读取 {VERSION}）；请升级 dangjian"
                ),
                format!(
                    "this file comes from a newer dangjian (export format {v}, this build reads {VERSION}); upgrade dangjian"
                ),
            ));
        }
        other => {
            let shown = other.map_or("none".to_string(), |v| v.to_string());
            return Err(one(
                format!("不是 dangjian 导出文件：dangjian_export 为 {shown}，应为 {VERSION}"),
                format!("not a dangjian export: dangjian_export is {shown}, expected {VERSION}"),
            ));
        }
    }
    let mut problems = Vec::new();
    for k in top.keys() {
        if k != "dangjian_export" && k != "exported_at" && !LISTS.contains(&k.as_str()) {
            problems.push(
                lang.pick(
                    &format!(
                        "未知字段 \"{k}\"；应为 dangjian_export、exported_at、{}",
                        LISTS.join("、")
                    ),
                    &format!(
                        "unknown field \"{k}\"; expected dangjian_export, exported_at, {}",
                        LISTS.join(", ")
                    ),
                )
                .to_string(),
            );
        }
    }
    let exported_at = match top.remove("exported_at") {
        Some(Value::String(s)) => s,
        _ => String::new(),
    };
    // Each object in turn: field names, dates and timestamps first (for messages that
    // name the field), then the typed form.
    let mut lists: Vec<Vec<Value>> = Vec::new();
    for list in LISTS {
        match top.remove(list) {
            Some(Value::Array(items)) => lists.push(items),
            None => lists.push(Vec::new()),
            Some(_) => {
                problems.push(
                    lang.pick(
                        &format!("\"{list}\" 应为列表"),
                        &format!("\"{list}\" is not a list"),
                    )
                    .to_string(),
                );
                lists.push(Vec::new());
            }
        }
    }
    let mut typed = Export {
        dangjian_export: VERSION,
        exported_at,
        orgs: Vec::new(),
        members: Vec::new(),
        records: Vec::new(),
        marks: Vec::new(),
        tombstones: Vec::new(),
    };
    for (list, items) in LISTS.iter().zip(lists) {
        let shape = shape(list);
        for (i, item) in items.into_iter().enumerate() {
            let name = name_of(lang, &shape, &item, i);
            let Value::Object(fields) = &item else {
                problems.push(format!(
                    "{name}: {}",
                    lang.pick("应为对象", "is not an object")
                ));
                continue;
            };
            let before = problems.len();
            check_fields(lang, &shape, &name, fields, &mut problems);
            if problems.len() > before {
                continue;
            }
            let typed_ok = match *list {
                "orgs" => decode(item, &name, &mut problems).map(|o| typed.orgs.push(o)),
                "members" => decode(item, &name, &mut problems).map(|o| typed.members.push(o)),
                "records" => decode(item, &name, &mut problems).map(|o| typed.records.push(o)),
                "marks" => decode(item, &name, &mut problems).map(|o| typed.marks.push(o)),
                _ => decode(item, &name, &mut problems).map(|o| typed.tombstones.push(o)),
            };
            let _ = typed_ok;
        }
    }
    if problems.is_empty() {
        references(&typed, catalog, cal, local, lang, &mut problems);
    }
    if problems.is_empty() {
        Ok(typed)
    } else {
        Err(Problems(problems))
    }
}

fn name_of(lang: Lang, shape: &Shape, item: &Value, i: usize) -> String {
    let s = |k: &str| item.get(k).and_then(Value::as_str);
    let id = match shape.kind {
        Some(ObjectKind::Record) | Some(ObjectKind::Org) => s("id").map(str::to_string),
        Some(ObjectKind::Member) => s("id").map(|id| format!("{}/{id}", s("org").unwrap_or("?"))),
        Some(ObjectKind::Mark) => s("item").map(|it| {
            format!(
                "{}/{}:{it}",
                s("org").unwrap_or("?"),
                s("checklist").unwrap_or("?")
            )
        }),
        None => s("id").map(|id| format!("{} {id}", s("kind").unwrap_or("?"))),
    };
    let id = id.unwrap_or_else(|| format!("#{}", i + 1));
    match shape.kind {
        Some(kind) => object_name(lang, kind, &id),
        None => format!("{} {id}", lang.pick("删除标记", "tombstone")),
    }
}

fn check_fields(
    lang: Lang,
    shape: &Shape,
    name: &str,
    fields: &Map<String, Value>,
    problems: &mut Vec<String>,
) {
    for k in fields.keys() {
        if !shape.fields.contains(&k.as_str()) {
            problems.push(match lang {
                Lang::Zh => format!(
                    "{name}：未知字段 \"{k}\"；可用字段：{}",
                    shape.fields.join("、")
                ),
                Lang::En => format!(
                    "{name}: unknown field \"{k}\"; expected one of: {}",
                    shape.fields.join(", ")
                ),
            });
        }
    }
    for k in shape.dates {
        match fields.get(*k) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() => {}
            Some(v) => problems.push(match lang {
                Lang::Zh => format!("{name}：{k} {v} 不是有效日期（应为 YYYY-MM-DD）"),
                Lang::En => format!("{name}: {k} {v} is not a date (expected YYYY-MM-DD)"),
            }),
        }
    }
    for k in shape.stamps {
        match fields.get(*k) {
            Some(Value::String(s)) if chrono::DateTime::parse_from_rfc3339(s).is_ok() => {}
            None => problems.push(match lang {
                Lang::Zh => format!("{name}：缺少 {k}"),
                Lang::En => format!("{name}: {k} is missing"),
            }),
            Some(v) => problems.push(match lang {
                Lang::Zh => format!("{name}：{k} {v} 不是时间戳（应为 RFC 3339，如 2026-11-22T08:00:00.000Z）"),
                Lang::En => format!("{name}: {k} {v} is not a timestamp (expected RFC 3339, e.g. 2026-11-22T08:00:00.000Z)"),
            }),
        }
    }
}

fn decode<T: serde::de::DeserializeOwned>(
    item: Value,
    name: &str,
    problems: &mut Vec<String>,
) -> Option<T> {
    match serde_json::from_value(item) {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(format!("{name}: {e}"));
            None
        }
    }
}

/// The references: orgs, parents, members, obligations and checklist items that must
/// exist, here or in the database, and values in range.
fn references(
    f: &Export,
    catalog: &Catalog,
    cal: &Calendar,
    local: &Contents,
    lang: Lang,
    problems: &mut Vec<String>,
) {
    let mut say = |name: String, zh: String, en: String| {
        problems.push(match lang {
            Lang::Zh => format!("{name}：{zh}"),
            Lang::En => format!("{name}: {en}"),
        })
    };
    let orgs: HashSet<&str> = f
        .orgs
        .iter()
        .chain(&local.orgs)
        .map(|o| o.id.as_str())
        .collect();
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
    for o in &f.orgs {
        let name = object_name(lang, ObjectKind::Org, &o.id);
        if twice(ObjectKind::Org, o.id.clone()) {
            say(
                name.clone(),
                "在文件中出现两次".into(),
                "appears twice in the file".into(),
            );
        }
        if !valid_id(&o.id) {
            say(
                name.clone(),
                format!("id \"{}\" 只能含字母、数字和 . _ -", o.id),
                format!("id \"{}\" may only hold letters, digits and . _ -", o.id),
            );
        }
        if let Some(p) = &o.parent
            && (!orgs.contains(p.as_str()) || p == &o.id)
        {
            let (zh, en) = unknown_org(p);
            say(
                name.clone(),
                format!("parent：{zh}"),
                format!("parent: {en}"),
            );
        }
        for c in &o.checklists {
            if let Err(e) = catalog.known_checklist(c) {
                say(
                    name.clone(),
                    format!("checklists：{e}"),
                    format!("checklists: {e}"),
                );
            }
        }
        for (field, ids) in [
            ("due_days", o.due_days.keys().collect::<Vec<_>>()),
            ("term_years", o.term_years.keys().collect()),
            ("exempt", o.exempt.keys().collect()),
        ] {
            for id in ids {
                if catalog.obligation(id).is_none() {
                    say(
                        name.clone(),
                        format!("{field}：义务 \"{id}\" 不在已加载的清单中"),
                        format!("{field}: obligation \"{id}\" is in none of the loaded checklists"),
                    );
                }
            }
        }
        for (id, d) in &o.due_days {
            if !(1..=31).contains(d) {
                say(
                    name.clone(),
                    format!("due_days：{id} 的日期 {d} 应在 1 到 31 之间"),
                    format!("due_days: day {d} of {id} is not from 1 to 31"),
                );
            }
        }
    }
    for m in &f.members {
        let name = object_name(lang, ObjectKind::Member, &format!("{}/{}", m.org, m.id));
        if twice(ObjectKind::Member, format!("{}\0{}", m.org, m.id)) {
            say(
                name.clone(),
                "在文件中出现两次".into(),
                "appears twice in the file".into(),
            );
        }
        if !valid_id(&m.id) {
            say(
                name.clone(),
                format!("id \"{}\" 只能含字母、数字和 . _ -", m.id),
                format!("id \"{}\" may only hold letters, digits and . _ -", m.id),
            );
        }
        if !orgs.contains(m.org.as_str()) {
            let (zh, en) = unknown_org(&m.org);
            say(name, format!("org：{zh}"), format!("org: {en}"));
        }
    }
    for r in &f.records {
        let name = object_name(lang, ObjectKind::Record, &r.id);
        if twice(ObjectKind::Record, r.id.clone()) {
            say(
                name.clone(),
                "在文件中出现两次".into(),
                "appears twice in the file".into(),
            );
        }
        if r.id.is_empty() {
            say(name.clone(), "id 为空".into(), "id is empty".into());
        }
        if !orgs.contains(r.org.as_str()) {
            let (zh, en) = unknown_org(&r.org);
            say(name.clone(), format!("org：{zh}"), format!("org: {en}"));
        }
        if r.obligations.is_empty() {
            say(
                name.clone(),
                "obligations 为空".into(),
                "obligations is empty".into(),
            );
        }
        for o in &r.obligations {
            if catalog.obligation(o).is_none() {
                say(
                    name.clone(),
                    format!("obligations：义务 \"{o}\" 不在已加载的清单中"),
                    format!("obligations: obligation \"{o}\" is in none of the loaded checklists"),
                );
            }
        }
        if let Some(h) = r.hours
            && !(h.is_finite() && (0.0..=MAX_HOURS).contains(&h))
        {
            say(
                name.clone(),
                format!("hours {h} 应在 0 到 {MAX_HOURS} 之间"),
                format!("hours {h} is not from 0 to {MAX_HOURS}"),
            );
        }
        if let Some(p) = r.points
            && !(p.is_finite() && p > 0.0)
        {
            say(
                name.clone(),
                format!("points {p} 应大于 0"),
                format!("points {p} is not above 0"),
            );
        }
        if !r.amounts.is_empty()
            && !r
                .obligations
                .iter()
                .any(|o| catalog.obligation(o).is_some_and(|o| o.amount.is_some()))
        {
            say(
                name.clone(),
                "amounts：记录的义务不按成员记数值".into(),
                "amounts: none of the record's obligations takes per-member amounts".into(),
            );
        }
        for (a, x) in &r.amounts {
            if !members.contains(&(r.org.as_str(), a.as_str())) {
                say(
                    name.clone(),
                    format!("amounts：党员 \"{a}\" 不属于组织 {}", r.org),
                    format!("amounts: member \"{a}\" is not one of org {}", r.org),
                );
            }
            if !(x.is_finite() && (0.0..=crate::entry::MAX_AMOUNT).contains(x)) {
                say(
                    name.clone(),
                    format!("amounts：数值 {x} 超出范围"),
                    format!("amounts: {x} is out of range"),
                );
            }
        }
        for a in r.attendees.iter().flatten() {
            if !members.contains(&(r.org.as_str(), a.as_str())) {
                say(
                    name.clone(),
                    format!("attendees：党员 \"{a}\" 不属于组织 {}", r.org),
                    format!("attendees: member \"{a}\" is not one of org {}", r.org),
                );
            }
        }
        if let (Some(label), Some(o)) = (
            &r.for_period,
            r.obligations.first().and_then(|o| catalog.obligation(o)),
        ) && o.every.is_calendar()
            && period::parse_label(o.every, label, cal).is_none()
        {
            say(
                name.clone(),
                format!("for_period \"{label}\" 不是{}的周期", lang.every(o.every)),
                format!(
                    "for_period \"{label}\" is not a period of {}",
                    o.every.as_str()
                ),
            );
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
            say(
                name.clone(),
                "在文件中出现两次".into(),
                "appears twice in the file".into(),
            );
        }
        if !orgs.contains(m.org.as_str()) {
            let (zh, en) = unknown_org(&m.org);
            say(name.clone(), format!("org：{zh}"), format!("org: {en}"));
        }
        match catalog.item(&m.checklist, &m.item) {
            None => say(
                name,
                format!("item：清单 {} 中没有条目 \"{}\"", m.checklist, m.item),
                format!("item: checklist {} has no item \"{}\"", m.checklist, m.item),
            ),
            Some(item) => {
                if let Some(s) = m.score {
                    let max = item.points.unwrap_or(0.0);
                    if !(s.is_finite() && (0.0..=max).contains(&s)) {
                        say(
                            name,
                            format!("score {s} 应在 0 到 {max} 之间"),
                            format!("score {s} is not from 0 to {max}"),
                        );
                    }
                }
            }
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
            say(
                name.clone(),
                "在文件中出现两次".into(),
                "appears twice in the file".into(),
            );
        }
        if t.org.is_empty()
            || t.id.is_empty()
            || (t.kind == ObjectKind::Mark && !t.id.contains(':'))
            || (t.kind == ObjectKind::Org && t.org != t.id)
        {
            say(
                name,
                "org 或 id 不完整".into(),
                "org or id is incomplete".into(),
            );
        }
    }
}
