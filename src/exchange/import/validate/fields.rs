//! The first check of each object of a file: its field names, dates and timestamps (for
//! messages that name the field), then its typed form. An object is looked at as its
//! fields' JSON text ([`Fields`]) and read into its type from that text, never built as a
//! `serde_json::Value` unless it is wrong and a message needs one.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{DeserializeSeed, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

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

/// An object's fields, each as its JSON text: by name, the last of a name written twice
/// winning, as `serde_json::Map` has them.
pub struct Fields<'a>(BTreeMap<Cow<'a, str>, &'a RawValue>);

/// One field's value, as the checks tell them apart.
enum Field<'a> {
    Null,
    Str(Cow<'a, str>),
    /// Anything else: a number, a list, an object or a boolean.
    Other(&'a RawValue),
}

impl<'a> Fields<'a> {
    /// The fields of `item`, or `None` when it is not an object.
    pub fn of(item: &'a RawValue) -> Option<Fields<'a>> {
        if !item.get().starts_with('{') {
            return None;
        }
        let mut de = serde_json::Deserializer::from_str(item.get());
        serde::Deserializer::deserialize_map(&mut de, FieldsVisitor).ok()
    }

    fn get(&self, k: &str) -> Option<Field<'a>> {
        let raw = *self.0.get(k)?;
        let text = raw.get();
        Some(if text == "null" {
            Field::Null
        } else if text.starts_with('"') {
            match serde_json::from_str::<&str>(text) {
                Ok(s) => Field::Str(Cow::Borrowed(s)),
                Err(_) => Field::Str(Cow::Owned(
                    serde_json::from_str::<String>(text).unwrap_or_default(),
                )),
            }
        } else {
            Field::Other(raw)
        })
    }

    fn str(&self, k: &str) -> Option<Cow<'a, str>> {
        match self.get(k)? {
            Field::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// A value as a message shows it: as `serde_json::Value` prints it.
fn shown(raw: &RawValue) -> String {
    serde_json::from_str::<Value>(raw.get())
        .map_or_else(|_| raw.get().to_string(), |v| v.to_string())
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Fields<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields<'de>, A::Error> {
        let mut fields = BTreeMap::new();
        while let Some(k) = map.next_key_seed(Key)? {
            fields.insert(k, map.next_value::<&RawValue>()?);
        }
        Ok(Fields(fields))
    }
}

/// A field's name, borrowed from the text unless it is written with escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(s))
    }

    fn visit_str<E>(self, s: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(s.to_string()))
    }
}

/// How an object is named in messages (`item`: its fields, `None` when it is not an
/// object; `i`: its place in its list).
pub fn name_of(lang: Lang, shape: &Shape, item: Option<&Fields>, i: usize) -> String {
    let s = |k: &str| item.and_then(|f| f.str(k));
    let or_what = |v: Option<Cow<str>>| v.map_or_else(|| "?".to_string(), Cow::into_owned);
    let id = match shape.kind {
        Some(ObjectKind::Record) | Some(ObjectKind::Org) => s("id").map(Cow::into_owned),
        Some(ObjectKind::Member) => s("id").map(|id| format!("{}/{id}", or_what(s("org")))),
        Some(ObjectKind::Mark) => {
            s("item").map(|it| format!("{}/{}:{it}", or_what(s("org")), or_what(s("checklist"))))
        }
        Some(ObjectKind::DuesSetting) => {
            s("member").map(|m| format!("{}/{m}:{}", or_what(s("org")), or_what(s("from"))))
        }
        Some(ObjectKind::DuesPayment) => s("id").map(Cow::into_owned),
        None => s("id").map(|id| format!("{} {id}", or_what(s("kind")))),
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

/// Checks the names, dates, months, amounts and timestamps of an object's fields; `name`
/// names it, and is worked out only for a message.
pub fn check_fields(
    lang: Lang,
    shape: &Shape,
    name: &dyn Fn() -> String,
    fields: &Fields,
    problems: &mut Vec<String>,
) {
    for k in fields.0.keys() {
        if !shape.fields.contains(&k.as_ref()) {
            let name = name();
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
        match fields.get(k) {
            None | Some(Field::Null) => {}
            Some(Field::Str(s)) => {
                if let Err(e) = crate::input::parse_date(&s) {
                    let name = name();
                    problems.push(match lang {
                        Lang::Zh => format!("{name}：{k} {}", e.message(lang)),
                        Lang::En => format!("{name}: {k} {}", e.message(lang)),
                    });
                }
            }
            Some(Field::Other(v)) => {
                let (name, v) = (name(), shown(v));
                problems.push(match lang {
                    Lang::Zh => format!("{name}：{k} {v} 不是有效日期（应为 YYYY-MM-DD）"),
                    Lang::En => format!("{name}: {k} {v} is not a date (expected YYYY-MM-DD)"),
                })
            }
        }
    }
    for k in shape.months {
        let text = match fields.get(k) {
            None | Some(Field::Null) => continue,
            Some(Field::Str(s)) if crate::dues::Month::parse(&s).is_some() => continue,
            Some(Field::Str(s)) => s.into_owned(),
            Some(Field::Other(v)) => shown(v),
        };
        problems.push(format!(
            "{}{}{k} {}",
            name(),
            lang.pick("：", ": "),
            crate::entry::DuesError::Month(text).message(lang)
        ));
    }
    for k in shape.money {
        let v = match fields.get(k) {
            None | Some(Field::Null) => continue,
            Some(Field::Str(s)) if crate::dues::Fen::parse(&s).is_some() => continue,
            Some(Field::Str(s)) => Value::String(s.into_owned()).to_string(),
            Some(Field::Other(v)) => shown(v),
        };
        let name = name();
        problems.push(match lang {
            Lang::Zh => format!(
                "{name}：{k} {v} 不是金额；应为以元计、最多两位小数的字符串，例如 \"12.50\""
            ),
            Lang::En => format!(
                "{name}: {k} {v} is not an amount; expected yuan with at most two decimals, as text, e.g. \"12.50\""
            ),
        });
    }
    for k in shape.stamps {
        let v = match fields.get(k) {
            Some(Field::Str(s)) if chrono::DateTime::parse_from_rfc3339(&s).is_ok() => continue,
            None => {
                let name = name();
                problems.push(match lang {
                    Lang::Zh => format!("{name}：缺少 {k}"),
                    Lang::En => format!("{name}: {k} is missing"),
                });
                continue;
            }
            Some(Field::Str(s)) => Value::String(s.into_owned()).to_string(),
            Some(Field::Null) => "null".to_string(),
            Some(Field::Other(v)) => shown(v),
        };
        let name = name();
        problems.push(match lang {
            Lang::Zh => format!("{name}：{k} {v} 不是时间戳（应为 RFC 3339，如 2026-11-22T08:00:00.000Z）"),
            Lang::En => format!("{name}: {k} {v} is not a timestamp (expected RFC 3339, e.g. 2026-11-22T08:00:00.000Z)"),
        });
    }
}

/// `item` read into its type; a message naming it when it cannot be.
pub fn decode<T: serde::de::DeserializeOwned>(
    item: &RawValue,
    name: &dyn Fn() -> String,
    problems: &mut Vec<String>,
) -> Option<T> {
    if let Ok(v) = serde_json::from_str(item.get()) {
        return Some(v);
    }
    // As a `Value`: a field written twice counts once, the last, and the message names
    // no place in the text.
    let value: Value = serde_json::from_str(item.get()).ok()?;
    match serde_json::from_value(value) {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(format!("{}: {e}", name()));
            None
        }
    }
}
