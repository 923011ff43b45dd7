//! A record: what a user typed ([`Draft`]) becomes a [`Record`] through [`build`]; a
//! record read from a file is checked by [`check_record`], the rules `build` applies.

use chrono::NaiveDate;

use super::{
    EntryError, Field, MAX_AMOUNT, MAX_HOURS, MAX_POINTS, at, find_obligation, unknown_obligation,
};
use crate::checklist::Catalog;
use crate::input::{self, check_date, check_id, check_opt, check_text};
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
    /// Obligation ids or exact titles.
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
    /// Members on leave (请假), by id or exact name.
    pub excused: Vec<String>,
}

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
    for name in &draft.obligations {
        let o = find_obligation(catalog, Some(org), name)
            .ok_or_else(|| unknown_obligation(catalog, Some(org), name))?;
        if !obligations.contains(&o.id) {
            obligations.push(o.id.clone());
        }
    }
    // What was typed is checked as typed, before any trimming.
    let texts = [
        (Field::Topic, input::Field::Topic, &draft.topic),
        (Field::Note, input::Field::Location, &draft.location),
        (Field::Note, input::Field::Speaker, &draft.speaker),
        (Field::Note, input::Field::Note, &draft.note),
        (Field::ForPeriod, input::Field::Period, &draft.for_period),
    ];
    for (field, what, value) in texts {
        check_opt(what, value).map_err(at(field))?;
    }
    if draft.implied {
        let named = obligations.clone();
        obligations.extend(implied(catalog, org, &named));
    }
    let date = draft.date.ok_or(EntryError::MissingDate)?;
    let text = |s: &Option<String>| {
        s.as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    // A make-up's period as SPEC §2 labels it, typed so or as the screen shows it
    // (`2026年5月`).
    let for_period = text(&draft.for_period).map(|typed| {
        obligations
            .iter()
            .filter_map(|id| catalog.obligation(id))
            .find_map(|o| crate::i18n::period_named(o.every, &typed, cal))
            .map_or(typed, |p| p.label)
    });
    let mut record = Record {
        id,
        org: org.id.clone(),
        obligations,
        date,
        for_period,
        topic: text(&draft.topic),
        hours: draft.hours,
        attendees: None,
        location: text(&draft.location),
        speaker: text(&draft.speaker),
        note: text(&draft.note),
        created_at: stamp.to_string(),
        updated_at: stamp.to_string(),
        points: draft.points,
        amounts: Default::default(),
        excused: Vec::new(),
    };
    // Each amount's member is named as an attendee is, by id or exact name.
    for (name, x) in &draft.amounts {
        let only = Attendance::Only(vec![name.clone()]);
        let id = attendees(org, members, date, &only, &[])?
            .0
            .and_then(|ids| ids.into_iter().next())
            .ok_or_else(|| EntryError::AmountText(name.clone()))?;
        record.amounts.insert(id, *x);
    }
    check_record(catalog, cal, org, &record, today)?;
    (record.attendees, record.excused) =
        attendees(org, members, date, &draft.attendance, &draft.excused)?;
    Ok(record)
}

/// The rules every record meets, however it got in: its id, obligations in force for
/// `org` and applying to its kind, points only on bonus and penalty entries, a date in
/// range and not after `today`, text limits, hours, and a make-up label (SPEC §3 "A
/// make-up and what it implies": it names a period of at least one of the record's
/// obligations, begun by `today` and by the record's date).
pub fn check_record(
    catalog: &Catalog,
    cal: &Calendar,
    org: &Org,
    r: &Record,
    today: NaiveDate,
) -> Result<(), EntryError> {
    check_id(input::Field::RecordId, &r.id).map_err(at(Field::Id))?;
    if r.obligations.is_empty() {
        return Err(EntryError::NoObligation);
    }
    let mut found = Vec::new();
    for oid in &r.obligations {
        let o = catalog
            .obligation(oid)
            .ok_or_else(|| unknown_obligation(catalog, Some(org), oid))?;
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
        if r.points.is_some() && o.entry.is_none() {
            return Err(EntryError::PointsNotEntry { id: oid.clone() });
        }
        found.push(o);
    }
    if let Some(p) = r.points
        && !(p.is_finite() && p > 0.0 && p <= MAX_POINTS)
    {
        return Err(EntryError::Points(p));
    }
    if !r.amounts.is_empty() && !found.iter().any(|o| o.amount.is_some()) {
        return Err(EntryError::AmountNotAllowed {
            ids: r.obligations.clone(),
        });
    }
    if let Some(x) = r
        .amounts
        .values()
        .find(|x| !(x.is_finite() && (0.0..=MAX_AMOUNT).contains(*x)))
    {
        return Err(EntryError::Amount(*x));
    }
    check_date(r.date).map_err(at(Field::Date))?;
    if r.date > today {
        return Err(EntryError::FutureDate {
            date: r.date,
            today,
        });
    }
    let texts = [
        (Field::Topic, input::Field::Topic, &r.topic),
        (Field::Note, input::Field::Location, &r.location),
        (Field::Note, input::Field::Speaker, &r.speaker),
        (Field::Note, input::Field::Note, &r.note),
        (Field::ForPeriod, input::Field::Period, &r.for_period),
    ];
    for (field, what, value) in texts {
        check_opt(what, value).map_err(at(field))?;
    }
    if let Some(h) = r.hours
        && !(h.is_finite() && (0.0..=MAX_HOURS).contains(&h))
    {
        return Err(EntryError::Hours(h));
    }
    for id in &r.excused {
        check_id(input::Field::MemberId, id).map_err(at(Field::Attendance))?;
        if r.attendees.as_ref().is_some_and(|a| a.contains(id)) {
            return Err(EntryError::ExcusedAttendee { name: id.clone() });
        }
    }
    if let Some(label) = &r.for_period {
        // The label applies to each obligation whose cadence has periods of that label;
        // the others (an implied yearly 学时) count by the record's date.
        // A 定期 duty has the org's own cadence when it set one.
        let periods: Vec<period::Period> = found
            .iter()
            .map(|o| o.every_for(org))
            .filter(|every| every.is_calendar())
            .filter_map(|every| period::parse_label(every, label, cal))
            .collect();
        let Some(p) = periods.first() else {
            let first = found[0];
            let every = first.every_for(org);
            return Err(EntryError::ForPeriod {
                label: label.clone(),
                obligation: first.title.clone(),
                every,
                example: if every.is_calendar() {
                    period::period_of(every, r.date, cal).label
                } else {
                    "—".into()
                },
            });
        };
        if p.start > today {
            return Err(EntryError::ForFuturePeriod {
                label: label.clone(),
                today,
            });
        }
        if p.start > r.date {
            return Err(EntryError::ForLaterPeriod {
                label: label.clone(),
                date: r.date,
            });
        }
    }
    Ok(())
}

/// Who attended, as member ids (`None`: everyone in scope), and who was on leave. A
/// member is named by id, else by exact name; a name several members share is refused,
/// and so is naming one person twice or as both attending and on leave.
fn attendees(
    org: &Org,
    members: &[Member],
    date: NaiveDate,
    attendance: &Attendance,
    excused: &[String],
) -> Result<(Option<Vec<String>>, Vec<String>), EntryError> {
    let present: Vec<&Member> = members
        .iter()
        .filter(|m| m.org == org.id && m.in_scope(date, date))
        .collect();
    let resolve = |names: &[String]| -> Result<Vec<(String, String)>, EntryError> {
        let mut ids: Vec<(String, String)> = Vec::new();
        for n in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            check_text(input::Field::Attendee, n).map_err(at(Field::Attendance))?;
            let id = match super::member::find_member(&present, n) {
                super::member::Named::One(m) => m.id.clone(),
                super::member::Named::Nobody => {
                    return Err(EntryError::UnknownMember {
                        name: n.to_string(),
                    });
                }
                super::member::Named::Several(ids) => {
                    return Err(EntryError::AmbiguousMember {
                        name: n.to_string(),
                        ids,
                    });
                }
            };
            if ids.iter().any(|(i, _)| *i == id) {
                return Err(EntryError::NamedTwice {
                    name: n.to_string(),
                });
            }
            ids.push((id, n.to_string()));
        }
        Ok(ids)
    };
    let ids = |named: Vec<(String, String)>| named.into_iter().map(|(id, _)| id).collect();
    let on_leave = resolve(excused)?;
    let excused_ids: Vec<String> = ids(on_leave.clone());
    // Who is expected when only the absent (or those on leave) are named: the party
    // members of the day.
    let expected = |not: &[String]| -> Vec<String> {
        present
            .iter()
            .filter(|m| m.is_party_member_on(date) && !not.contains(&m.id))
            .map(|m| m.id.clone())
            .collect()
    };
    let attended = match attendance {
        Attendance::All if excused_ids.is_empty() => None,
        Attendance::All => Some(expected(&excused_ids)),
        Attendance::Only(names) => {
            let named = resolve(names)?;
            if let Some((_, name)) = named.iter().find(|(id, _)| excused_ids.contains(id)) {
                return Err(EntryError::ExcusedAttendee { name: name.clone() });
            }
            if named.is_empty() {
                return Err(EntryError::NoAttendee);
            }
            Some(ids(named))
        }
        Attendance::Absent(names) => {
            let absent = resolve(names)?;
            if let Some((_, name)) = absent.iter().find(|(id, _)| excused_ids.contains(id)) {
                return Err(EntryError::NamedTwice { name: name.clone() });
            }
            let mut not: Vec<String> = ids(absent);
            not.extend(excused_ids.iter().cloned());
            Some(expected(&not))
        }
    };
    Ok((attended, excused_ids))
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
