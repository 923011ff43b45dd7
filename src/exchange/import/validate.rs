//! Checking a whole export file before anything is written: its format version, every
//! field of every object, the references between them and to the loaded checklists.
//! A problem names the object and the field: `record 0193…: date "2026-02-30" is not a
//! date`.

use serde_json::{Map, Value};

mod references;

use chrono::NaiveDate;

use super::object_name;
use crate::checklist::Catalog;
use crate::exchange::json::{Export, VERSION};
use crate::lang::Lang;
use crate::messages::Localized;
use crate::model::ObjectKind;
use crate::period::Calendar;
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

const LISTS: [&str; 7] = [
    "orgs",
    "members",
    "records",
    "marks",
    "dues_settings",
    "dues_payments",
    "tombstones",
];

/// The fields each kind of object may carry, its date fields and its timestamps.
struct Shape {
    kind: Option<ObjectKind>,
    fields: &'static [&'static str],
    dates: &'static [&'static str],
    stamps: &'static [&'static str],
    /// Months `YYYY-MM` and amounts in 元 (党费).
    months: &'static [&'static str],
    money: &'static [&'static str],
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
            months: &[],
            money: &[],
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
                "stage",
                "stage_dates",
                "extension_months",
                "left_reason",
                "moved_to",
                "moved_from",
            ],
            dates: &["joined_on", "left_on"],
            stamps: &["updated_at"],
            months: &[],
            money: &[],
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
                "excused",
            ],
            dates: &["date"],
            stamps: &["created_at", "updated_at"],
            months: &[],
            money: &[],
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
            months: &[],
            money: &[],
        },
        "dues_settings" => Shape {
            kind: Some(ObjectKind::DuesSetting),
            fields: &[
                "org",
                "member",
                "from",
                "monthly",
                "base",
                "rate_kind",
                "updated_at",
            ],
            dates: &[],
            stamps: &["updated_at"],
            months: &["from"],
            money: &["monthly", "base"],
        },
        "dues_payments" => Shape {
            kind: Some(ObjectKind::DuesPayment),
            fields: &[
                "id",
                "org",
                "member",
                "from",
                "to",
                "amount",
                "date",
                "created_at",
                "updated_at",
            ],
            dates: &["date"],
            stamps: &["created_at", "updated_at"],
            months: &["from", "to"],
            money: &["amount"],
        },
        _ => Shape {
            kind: None,
            fields: &["kind", "id", "org", "deleted_at"],
            dates: &[],
            stamps: &["deleted_at"],
            months: &[],
            money: &[],
        },
    }
}

/// Reads and checks a whole export file; `local` is what is stored (references may point
/// into it). Nothing is returned unless everything is right. Records are checked as of
/// the file's `exported_at` (a record is something that had happened when the file was
/// written): [`read_on`] for a file from elsewhere.
pub fn read(
    bytes: &[u8],
    catalog: &Catalog,
    cal: &Calendar,
    local: &Contents,
    lang: Lang,
) -> Result<Export, Problems> {
    read_on(bytes, catalog, cal, local, lang, None)
}

/// [`read`], for an import on `today`: a record may be dated up to the file's
/// `exported_at`, or up to `today` when that is later (a clock that runs behind the
/// `--today` the records were entered with).
pub fn read_on(
    bytes: &[u8],
    catalog: &Catalog,
    cal: &Calendar,
    local: &Contents,
    lang: Lang,
    today: Option<NaiveDate>,
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
        dues_settings: Vec::new(),
        dues_payments: Vec::new(),
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
                "dues_settings" => {
                    decode(item, &name, &mut problems).map(|o| typed.dues_settings.push(o))
                }
                "dues_payments" => {
                    decode(item, &name, &mut problems).map(|o| typed.dues_payments.push(o))
                }
                _ => decode(item, &name, &mut problems).map(|o| typed.tombstones.push(o)),
            };
            let _ = typed_ok;
        }
    }
    if problems.is_empty() {
        let exported = chrono::DateTime::parse_from_rfc3339(&typed.exported_at)
            .ok()
            .map(|t| t.date_naive());
        // Without a date to go by, only the range of dates holds a record back.
        let until = match (exported, today) {
            (Some(e), Some(t)) => e.max(t),
            (Some(d), None) | (None, Some(d)) => d,
            (None, None) => NaiveDate::MAX,
        };
        references::check(&typed, catalog, cal, local, lang, until, &mut problems);
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
        Some(ObjectKind::DuesSetting) => s("member").map(|m| {
            format!(
                "{}/{m}:{}",
                s("org").unwrap_or("?"),
                s("from").unwrap_or("?")
            )
        }),
        Some(ObjectKind::DuesPayment) => s("id").map(str::to_string),
        None => s("id").map(|id| format!("{} {id}", s("kind").unwrap_or("?"))),
    };
    // An id too long to be one is named by its start.
    let id = match id {
        Some(id) if id.chars().count() > 80 => {
            format!("{}…", id.chars().take(64).collect::<String>())
        }
        Some(id) => id,
        None => format!("#{}", i + 1),
    };
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
    // Dates as the command line reads them, but only in the strict form.
    for k in shape.dates {
        match fields.get(*k) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => {
                if let Err(e) = crate::input::parse_date(s) {
                    problems.push(match lang {
                        Lang::Zh => format!("{name}：{k} {}", e.message(lang)),
                        Lang::En => format!("{name}: {k} {}", e.message(lang)),
                    });
                }
            }
            Some(v) => problems.push(match lang {
                Lang::Zh => format!("{name}：{k} {v} 不是有效日期（应为 YYYY-MM-DD）"),
                Lang::En => format!("{name}: {k} {v} is not a date (expected YYYY-MM-DD)"),
            }),
        }
    }
    for k in shape.months {
        match fields.get(*k) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if crate::dues::Month::parse(s).is_some() => {}
            Some(v) => problems.push(format!(
                "{name}{}{k} {}",
                lang.pick("：", ": "),
                crate::entry::DuesError::Month(text_of(v)).message(lang)
            )),
        }
    }
    for k in shape.money {
        match fields.get(*k) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if crate::dues::Fen::parse(s).is_some() => {}
            Some(v) => problems.push(match lang {
                Lang::Zh => format!(
                    "{name}：{k} {} 不是金额；应为以元计、最多两位小数的字符串，例如 \"12.50\"",
                    v
                ),
                Lang::En => format!(
                    "{name}: {k} {v} is not an amount; expected yuan with at most two decimals, as text, e.g. \"12.50\""
                ),
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

/// A JSON value as the text it holds, or as written.
fn text_of(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
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
