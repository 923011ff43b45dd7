//! The first check of each object of a file: its field names, dates and timestamps (for
//! messages that name the field), then its typed form.

use serde_json::{Map, Value};

use crate::exchange::import::object_name;
use crate::lang::Lang;
use crate::messages::Localized;
use crate::model::ObjectKind;

/// The fields each kind of object may carry, its date fields and its timestamps.
pub struct Shape {
    kind: Option<ObjectKind>,
    fields: &'static [&'static str],
    dates: &'static [&'static str],
    stamps: &'static [&'static str],
    /// Months `YYYY-MM` and amounts in 元 (党费).
    months: &'static [&'static str],
    money: &'static [&'static str],
}

pub fn shape(list: &str) -> Shape {
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
                "every",
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

pub fn name_of(lang: Lang, shape: &Shape, item: &Value, i: usize) -> String {
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

pub fn check_fields(
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

pub fn decode<T: serde::de::DeserializeOwned>(
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
