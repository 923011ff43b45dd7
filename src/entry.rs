//! Turning what a user typed (on the command line or in the form) into a [`Record`], or a
//! refusal that names the bad value and what would be accepted. Shared by the CLI and
//! the terminal UI so both accept and refuse exactly the same things.

use chrono::NaiveDate;

use crate::checklist::Catalog;
use crate::input::{self, InputError};
use crate::lang::Lang;
use crate::model::{Member, Org, Record};
use crate::period::{self, Calendar};

/// Who attended.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Attendance {
    /// Every member in scope on the date.
    #[default]
    All,
    /// Only these (ids or exact names).
    Only(Vec<String>),
    /// Everyone in scope but these (ids or exact names).
    Absent(Vec<String>),
}

/// A record as typed, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub obligations: Vec<String>,
    pub date: Option<NaiveDate>,
    pub hours: Option<f64>,
    pub topic: Option<String>,
    pub attendance: Attendance,
    pub for_period: Option<String>,
    pub location: Option<String>,
    pub speaker: Option<String>,
    pub note: Option<String>,
    /// Also count toward what the obligations imply.
    pub implied: bool,
    /// On a bonus or penalty item's obligation: the points it adds or deducts.
    pub points: Option<f64>,
    /// Per-member amounts (member id or exact name, number) for an obligation with
    /// `amount` (学习强国 积分).
    pub amounts: Vec<(String, f64)>,
}

/// Which field a refusal is about, so a form can mark it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Obligations,
    Date,
    Hours,
    Attendance,
    ForPeriod,
    Topic,
    /// The note, and the location and speaker the form does not show.
    Note,
}

/// Why a draft was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryError {
    NoObligation,
    UnknownObligation {
        id: String,
        known: Vec<String>,
    },
    NotApplicable {
        id: String,
        kind: String,
    },
    NotInForce {
        id: String,
        checklist: String,
        in_force: Vec<String>,
    },
    /// `points` on an obligation that is not a bonus or penalty item's.
    PointsNotEntry {
        id: String,
    },
    Points(f64),
    MissingDate,
    /// A record is something that happened: not after today.
    FutureDate {
        date: NaiveDate,
        today: NaiveDate,
    },
    Hours(f64),
    UnknownMember {
        name: String,
    },
    /// A name several members of the org share.
    AmbiguousMember {
        name: String,
        ids: Vec<String>,
    },
    /// The same person named twice.
    NamedTwice {
        name: String,
    },
    /// An attendee list with nobody on it.
    NoAttendee,
    /// A make-up for a period that has not begun on `today`.
    ForFuturePeriod {
        label: String,
        today: NaiveDate,
    },
    /// A date out of range or unsafe text in a field.
    Input(Field, InputError),
    ForPeriod {
        label: String,
        every: period::Every,
        example: String,
    },
    ForLaterPeriod {
        label: String,
        date: NaiveDate,
    },
    /// `--amount` text that is not `MEMBER=NUMBER`.
    AmountText(String),
    /// A negative, huge or non-finite amount.
    Amount(f64),
    /// Amounts on a record none of whose obligations has `amount`.
    AmountNotAllowed {
        ids: Vec<String>,
    },
}

/// The largest amount one member may carry on a record.
pub const MAX_AMOUNT: f64 = 1e9;

/// `MEMBER=NUMBER` (`m01=5230`) as typed on the command line or in a form.
pub fn parse_amount(text: &str) -> Result<(String, f64), EntryError> {
    let bad = || EntryError::AmountText(text.to_string());
    let (member, number) = text.split_once('=').ok_or_else(bad)?;
    let x: f64 = number.trim().parse().map_err(|_| bad())?;
    if member.trim().is_empty() {
        return Err(bad());
    }
    Ok((member.trim().to_string(), x))
}

impl EntryError {
    pub fn field(&self) -> Field {
        match self {
            EntryError::NoObligation
            | EntryError::UnknownObligation { .. }
            | EntryError::NotApplicable { .. }
            | EntryError::NotInForce { .. }
            | EntryError::PointsNotEntry { .. } => Field::Obligations,
            EntryError::Points(_) => Field::Hours,
            EntryError::MissingDate | EntryError::FutureDate { .. } => Field::Date,
            EntryError::Hours(_) => Field::Hours,
            EntryError::UnknownMember { .. }
            | EntryError::AmbiguousMember { .. }
            | EntryError::NamedTwice { .. }
            | EntryError::NoAttendee
            | EntryError::AmountText(_)
            | EntryError::Amount(_)
            | EntryError::AmountNotAllowed { .. } => Field::Attendance,
            EntryError::ForPeriod { .. }
            | EntryError::ForLaterPeriod { .. }
            | EntryError::ForFuturePeriod { .. } => Field::ForPeriod,
            EntryError::Input(field, _) => *field,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (EntryError::AmountText(t), Lang::Zh) => {
                format!("\"{t}\" 不是“成员=数值”；例如 m01=5230")
            }
            (EntryError::AmountText(t), Lang::En) => {
                format!("\"{t}\" is not MEMBER=NUMBER; expected e.g. m01=5230")
            }
            (EntryError::Amount(x), Lang::Zh) => {
                format!("数值 \"{x}\" 超出范围；应为 0 到 {MAX_AMOUNT}")
            }
            (EntryError::Amount(x), Lang::En) => {
                format!("amount \"{x}\" is out of range; expected 0 to {MAX_AMOUNT}")
            }
            (EntryError::AmountNotAllowed { ids }, Lang::Zh) => format!(
                "义务 {} 不按成员记数值（清单未设 amount），不能填写 --amount",
                ids.join(", ")
            ),
            (EntryError::AmountNotAllowed { ids }, Lang::En) => format!(
                "obligation {} takes no per-member amounts (its checklist sets no amount); remove --amount",
                ids.join(", ")
            ),
            (EntryError::NoObligation, Lang::Zh) => "请至少选择一项义务".into(),
            (EntryError::NoObligation, Lang::En) => "choose at least one obligation".into(),
            (EntryError::UnknownObligation { id, known }, Lang::Zh) => {
                format!("没有义务 \"{id}\"；可用的有：{}", known.join(", "))
            }
            (EntryError::UnknownObligation { id, known }, Lang::En) => {
                format!(
                    "unknown obligation \"{id}\"; known obligations: {}",
                    known.join(", ")
                )
            }
            (EntryError::NotApplicable { id, kind }, Lang::Zh) => {
                format!("义务 \"{id}\" 不适用于 {kind} 类型的组织")
            }
            (EntryError::NotApplicable { id, kind }, Lang::En) => {
                format!("obligation \"{id}\" does not apply to a {kind}")
            }
            (
                EntryError::NotInForce {
                    id,
                    checklist,
                    in_force,
                },
                Lang::Zh,
            ) => format!(
                "义务 \"{id}\" 属于清单 \"{checklist}\"，该清单对本组织不适用；适用的清单：{}（见 org edit --checklist）",
                in_force.join(", ")
            ),
            (
                EntryError::NotInForce {
                    id,
                    checklist,
                    in_force,
                },
                Lang::En,
            ) => format!(
                "obligation \"{id}\" belongs to checklist \"{checklist}\", which is not in force for this org; in force: {} (see org edit --checklist)",
                in_force.join(", ")
            ),
            (EntryError::PointsNotEntry { id }, Lang::Zh) => format!(
                "义务 \"{id}\" 不属于加分项或负面清单，不能记分值（--points 只用于加分项、负面清单的义务）"
            ),
            (EntryError::PointsNotEntry { id }, Lang::En) => format!(
                "obligation \"{id}\" is not a bonus or penalty item's; --points is only for the obligations of bonus and penalty items"
            ),
            (EntryError::Points(p), Lang::Zh) => {
                format!("分值 \"{p}\" 无效；应为大于 0、不超过 100 的数")
            }
            (EntryError::Points(p), Lang::En) => {
                format!("points \"{p}\" is not valid; expected a number above 0 and at most 100")
            }
            (EntryError::MissingDate, Lang::Zh) => "请填写日期，例如 2026-11-05".into(),
            (EntryError::MissingDate, Lang::En) => "a date is needed, e.g. 2026-11-05".into(),
            (EntryError::FutureDate { date, today }, Lang::Zh) => {
                format!("日期 {date} 晚于今天（{today}）；记录的是已经开展的活动，日期不能晚于今天")
            }
            (EntryError::FutureDate { date, today }, Lang::En) => format!(
                "date {date} is after today ({today}); a record is something that happened, dated today or earlier"
            ),
            (EntryError::AmbiguousMember { name, ids }, Lang::Zh) => format!(
                "有 {} 名成员都叫 \"{name}\"：{}；请改用成员编号",
                ids.len(),
                ids.join(", ")
            ),
            (EntryError::AmbiguousMember { name, ids }, Lang::En) => format!(
                "{} members are named \"{name}\": {}; use the member id instead",
                ids.len(),
                ids.join(", ")
            ),
            (EntryError::NamedTwice { name }, Lang::Zh) => {
                format!("成员 \"{name}\" 被列了两次；每人只列一次")
            }
            (EntryError::NamedTwice { name }, Lang::En) => {
                format!("member \"{name}\" is named twice; name each person once")
            }
            (EntryError::NoAttendee, Lang::Zh) => {
                "出席名单是空的；请列出出席者，或用 --absent 列出缺席者".into()
            }
            (EntryError::NoAttendee, Lang::En) => {
                "the attendee list is empty; name who attended, or who was absent with --absent"
                    .into()
            }
            (EntryError::ForFuturePeriod { label, today }, Lang::Zh) => format!(
                "补开周期 \"{label}\" 在今天（{today}）之后才开始；只能为已经开始的周期补开"
            ),
            (EntryError::ForFuturePeriod { label, today }, Lang::En) => format!(
                "make-up period \"{label}\" starts after today ({today}); only a period that has begun can be made up"
            ),
            (EntryError::Input(_, e), lang) => e.message(lang),
            (EntryError::Hours(h), Lang::Zh) => {
                format!("学时 \"{h}\" 无效；应在 0 到 24 之间")
            }
            (EntryError::Hours(h), Lang::En) => {
                format!("hours \"{h}\" is not valid; expected a number from 0 to 24")
            }
            (EntryError::UnknownMember { name }, Lang::Zh) => {
                format!("当天本组织没有成员 \"{name}\"；请用成员编号或姓名（见 member list）")
            }
            (EntryError::UnknownMember { name }, Lang::En) => format!(
                "no member \"{name}\" in this org on that date; use a member id or exact name (see member list)"
            ),
            (
                EntryError::ForPeriod {
                    label,
                    every,
                    example,
                },
                Lang::Zh,
            ) => {
                format!(
                    "\"{label}\" 不是{}义务的周期；例如 {example}",
                    Lang::Zh.every(*every)
                )
            }
            (
                EntryError::ForPeriod {
                    label,
                    every,
                    example,
                },
                Lang::En,
            ) => format!(
                "\"{label}\" is not a period of a {} obligation; expected e.g. {example}",
                lang.every(*every)
            ),
            (EntryError::ForLaterPeriod { label, date }, Lang::Zh) => {
                format!("补开周期 \"{label}\" 晚于记录日期 {date}；只能为更早的周期补开")
            }
            (EntryError::ForLaterPeriod { label, date }, Lang::En) => format!(
                "make-up period \"{label}\" starts after the record's date {date}; only an earlier period can be made up"
            ),
        }
    }
}

/// The largest number of hours one record may carry: a day.
pub const MAX_HOURS: f64 = 24.0;

/// The most points one bonus or penalty entry may carry.
pub const MAX_POINTS: f64 = 100.0;

/// Checks `draft` for `org` on `today` and builds the record, with `id` and `stamp` as
/// given.
#[allow(clippy::too_many_arguments)] // each is its own input; a bundle would only rename them
pub fn build(
    catalog: &Catalog,
    cal: &Calendar,
    org: &Org,
    members: &[Member],
    draft: &Draft,
    today: NaiveDate,
    id: String,
    stamp: &str,
) -> Result<Record, EntryError> {
    if draft.obligations.is_empty() {
        return Err(EntryError::NoObligation);
    }
    let mut obligations: Vec<String> = Vec::new();
    for oid in &draft.obligations {
        let o = catalog
            .obligation(oid)
            .ok_or_else(|| EntryError::UnknownObligation {
                id: oid.clone(),
                known: catalog
                    .obligations
                    .iter()
                    .filter(|o| o.applies_to_kind(org.kind) && catalog.obligation_in_force(org, o))
                    .map(|o| o.id.clone())
                    .collect(),
            })?;
        if !catalog.obligation_in_force(org, o) {
            return Err(EntryError::NotInForce {
                id: oid.clone(),
                checklist: o.checklist.clone(),
                in_force: catalog.in_force(org).to_vec(),
            });
        }
        if !o.applies_to_kind(org.kind) {
            return Err(EntryError::NotApplicable {
                id: oid.clone(),
                kind: org.kind.to_string(),
            });
        }
        if draft.points.is_some() && o.entry.is_none() {
            return Err(EntryError::PointsNotEntry { id: oid.clone() });
        }
        if !obligations.contains(oid) {
            obligations.push(oid.clone());
        }
    }
    if draft.implied {
        for oid in implied(catalog, org, &draft.obligations) {
            if !obligations.contains(&oid) {
                obligations.push(oid);
            }
        }
    }
    if let Some(p) = draft.points
        && !(p.is_finite() && p > 0.0 && p <= MAX_POINTS)
    {
        return Err(EntryError::Points(p));
    }
    let date = draft.date.ok_or(EntryError::MissingDate)?;
    input::check_date(date).map_err(|e| EntryError::Input(Field::Date, e))?;
    if date > today {
        return Err(EntryError::FutureDate { date, today });
    }
    let texts = [
        (Field::Topic, input::Field::Topic, &draft.topic),
        (Field::Note, input::Field::Location, &draft.location),
        (Field::Note, input::Field::Speaker, &draft.speaker),
        (Field::Note, input::Field::Note, &draft.note),
        (Field::ForPeriod, input::Field::Period, &draft.for_period),
    ];
    for (field, what, value) in texts {
        if let Some(v) = value {
            input::check_text(what, v).map_err(|e| EntryError::Input(field, e))?;
        }
    }
    if let Some(h) = draft.hours
        && !(h.is_finite() && (0.0..=MAX_HOURS).contains(&h))
    {
        return Err(EntryError::Hours(h));
    }
    if let Some(label) = &draft.for_period {
        for oid in &draft.obligations {
            let every = catalog.obligation(oid).expect("checked above").every;
            let example = if every.is_calendar() {
                period::period_of(every, date, cal).label
            } else {
                "—".into()
            };
            let Some(p) = every
                .is_calendar()
                .then(|| period::parse_label(every, label, cal))
                .flatten()
            else {
                return Err(EntryError::ForPeriod {
                    label: label.clone(),
                    every,
                    example,
                });
            };
            if p.start > today {
                return Err(EntryError::ForFuturePeriod {
                    label: label.clone(),
                    today,
                });
            }
            if p.start > date {
                return Err(EntryError::ForLaterPeriod {
                    label: label.clone(),
                    date,
                });
            }
        }
    }
    let present: Vec<&Member> = members
        .iter()
        .filter(|m| m.org == org.id && m.in_scope(date, date))
        .collect();
    // A member is named by id, else by exact name; a name several members share is
    // refused, and so is naming one person twice.
    let resolve = |names: &[String]| -> Result<Vec<String>, EntryError> {
        let mut ids: Vec<String> = Vec::new();
        for n in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            input::check_text(input::Field::Attendee, n)
                .map_err(|e| EntryError::Input(Field::Attendance, e))?;
            let id = match present.iter().find(|m| m.id == n) {
                Some(m) => m.id.clone(),
                None => {
                    let named: Vec<&&Member> = present.iter().filter(|m| m.name == n).collect();
                    match named.as_slice() {
                        [] => {
                            return Err(EntryError::UnknownMember {
                                name: n.to_string(),
                            });
                        }
                        [m] => m.id.clone(),
                        many => {
                            return Err(EntryError::AmbiguousMember {
                                name: n.to_string(),
                                ids: many.iter().map(|m| m.id.clone()).collect(),
                            });
                        }
                    }
                }
            };
            if ids.contains(&id) {
                return Err(EntryError::NamedTwice {
                    name: n.to_string(),
                });
            }
            ids.push(id);
        }
        Ok(ids)
    };
    let attendees = match &draft.attendance {
        Attendance::All => None,
        Attendance::Only(names) => {
            let ids = resolve(names)?;
            if ids.is_empty() {
                return Err(EntryError::NoAttendee);
            }
            Some(ids)
        }
        Attendance::Absent(names) => {
            let absent = resolve(names)?;
            Some(
                present
                    .iter()
                    .filter(|m| !absent.contains(&m.id))
                    .map(|m| m.id.clone())
                    .collect(),
            )
        }
    };
    let mut amounts = std::collections::BTreeMap::new();
    if !draft.amounts.is_empty() {
        if !obligations
            .iter()
            .any(|o| catalog.obligation(o).is_some_and(|o| o.amount.is_some()))
        {
            return Err(EntryError::AmountNotAllowed {
                ids: draft.obligations.clone(),
            });
        }
        for (member, x) in &draft.amounts {
            if !(x.is_finite() && (0.0..=MAX_AMOUNT).contains(x)) {
                return Err(EntryError::Amount(*x));
            }
            let [id] = <[String; 1]>::try_from(resolve(std::slice::from_ref(member))?)
                .map_err(|_| EntryError::AmountText(member.clone()))?;
            amounts.insert(id, *x);
        }
    }
    let text = |s: &Option<String>| {
        s.as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    Ok(Record {
        id,
        org: org.id.clone(),
        obligations,
        date,
        for_period: text(&draft.for_period),
        topic: text(&draft.topic),
        hours: draft.hours,
        attendees,
        location: text(&draft.location),
        speaker: text(&draft.speaker),
        note: text(&draft.note),
        created_at: stamp.to_string(),
        updated_at: stamp.to_string(),
        points: draft.points,
        amounts,
    })
}

/// What `obligations` imply and applies to `org` (implied obligations that do not apply
/// to the org's kind are left off).
pub fn implied(catalog: &Catalog, org: &Org, obligations: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for oid in obligations {
        for i in catalog
            .obligation(oid)
            .map(|o| o.implies.as_slice())
            .unwrap_or(&[])
        {
            let applies = catalog
                .obligation(i)
                .is_some_and(|o| o.applies_to_kind(org.kind) && catalog.is_listed(org, o));
            if applies && !obligations.contains(i) && !out.contains(i) {
                out.push(i.clone());
            }
        }
    }
    out
}

/// A new record id: time-ordered (UUID v7 from `now`), unique across machines.
pub fn new_id(now: chrono::DateTime<chrono::Utc>) -> String {
    let ts = uuid::Timestamp::from_unix(
        uuid::NoContext,
        now.timestamp() as u64,
        now.timestamp_subsec_nanos(),
    );
    uuid::Uuid::new_v7(ts).simple().to_string()
}
