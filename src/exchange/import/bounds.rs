//! What a file may do to the database (SPEC §7, import points 1 and 1a): no timestamp
//! more than a day ahead of now (a laptop whose clock runs ahead must not win every later
//! merge), no org deleted while anything still refers to it, and no large deletion
//! unless it was asked for.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};

use super::object_name;
use crate::dues::Payment;
use crate::lang::Lang;
use crate::model::ObjectKind;
use crate::store::{Changes, Contents};

/// How far ahead of now a timestamp may be (clocks differ; a day is generous).
pub const MAX_AHEAD_HOURS: i64 = 24;
/// Deleting more objects than this in one import needs `--allow-deletes`.
pub const MANY_DELETIONS: usize = 50;
/// How many ids of each kind a list of deletions shows.
const FIRST_IDS: usize = 5;

/// Every timestamp of `file` more than [`MAX_AHEAD_HOURS`] after `now`, as problems that
/// name the object and the field; `found`: those of the records and of the dues
/// payments, found as they were read ([`Ahead::record`], [`Ahead::payment`]).
pub fn future_stamps(
    file: &Contents,
    (records, payments): (Vec<String>, Vec<String>),
    now: DateTime<Utc>,
    lang: Lang,
) -> Vec<String> {
    let ahead = Ahead::new(now, lang);
    let mut out = Vec::new();
    for o in &file.orgs {
        out.extend(ahead.one(ObjectKind::Org, &o.id, "updated_at", &o.updated_at));
    }
    for m in &file.members {
        out.extend(ahead.one(ObjectKind::Member, &m.id, "updated_at", &m.updated_at));
    }
    for r in &file.records {
        out.extend(ahead.record(r));
    }
    out.extend(records);
    for m in &file.marks {
        let id = crate::model::mark_id(&m.checklist, &m.item);
        out.extend(ahead.one(ObjectKind::Mark, &id, "updated_at", &m.updated_at));
    }
    for d in &file.dues_settings {
        let id = d.id();
        out.extend(ahead.one(ObjectKind::DuesSetting, &id, "updated_at", &d.updated_at));
    }
    for p in &file.dues_payments {
        out.extend(ahead.payment(p));
    }
    out.extend(payments);
    for t in &file.tombstones {
        out.extend(ahead.one(t.kind, &t.id, "deleted_at", &t.deleted_at));
    }
    out
}

/// The check of timestamps against now.
pub struct Ahead {
    limit: DateTime<Utc>,
    now_shown: String,
    lang: Lang,
}

impl Ahead {
    pub fn new(now: DateTime<Utc>, lang: Lang) -> Ahead {
        Ahead {
            limit: now + Duration::hours(MAX_AHEAD_HOURS),
            now_shown: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            lang,
        }
    }

    /// A record's timestamps that are too far ahead.
    pub fn record(&self, r: &crate::model::Record) -> Vec<String> {
        let created = self.one(ObjectKind::Record, &r.id, "created_at", &r.created_at);
        let updated = self.one(ObjectKind::Record, &r.id, "updated_at", &r.updated_at);
        created.into_iter().chain(updated).collect()
    }

    /// A dues payment's timestamps.
    pub fn payment(&self, p: &Payment) -> Vec<String> {
        let kind = ObjectKind::DuesPayment;
        [("created_at", &p.created_at), ("updated_at", &p.updated_at)]
            .into_iter()
            .filter_map(|(field, at)| self.one(kind, &p.id, field, at))
            .collect()
    }

    fn one(&self, kind: ObjectKind, id: &str, field: &str, at: &str) -> Option<String> {
        let ahead =
            crate::input::parse_instant(at).is_some_and(|t| t.with_timezone(&Utc) > self.limit);
        if !ahead {
            return None;
        }
        let name = object_name(self.lang, kind, id);
        let now_shown = &self.now_shown;
        Some(match self.lang {
            Lang::Zh => format!(
                "{name}：{field} \"{at}\" 比现在（{now_shown}）晚一天以上；时钟超前的电脑不能压过以后的每次合并"
            ),
            Lang::En => format!(
                "{name}: {field} \"{at}\" is more than a day after now ({now_shown}); a clock that runs ahead must not win every later merge"
            ),
        })
    }
}

/// What an import removes, per kind, in id order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Deletions(pub BTreeMap<ObjectKind, Vec<String>>);

impl Deletions {
    /// The objects `changes` removes and does not put back; `records`: the records it
    /// deletes.
    pub fn of(changes: &Changes, records: &[String]) -> Deletions {
        let mut d: BTreeMap<ObjectKind, BTreeSet<String>> = BTreeMap::new();
        let mut tally = |kind, id: String, gone: bool| {
            let set = d.entry(kind).or_default();
            if gone {
                set.insert(id);
            } else {
                set.remove(&id);
            }
        };
        for (id, o) in &changes.orgs {
            tally(ObjectKind::Org, id.clone(), o.is_none());
        }
        for ((_, id), m) in &changes.members {
            tally(ObjectKind::Member, id.clone(), m.is_none());
        }
        for ((_, c, i), m) in &changes.marks {
            tally(ObjectKind::Mark, crate::model::mark_id(c, i), m.is_none());
        }
        for id in records {
            tally(ObjectKind::Record, id.clone(), true);
        }
        for ((_, m, from), s) in &changes.dues_settings {
            tally(ObjectKind::DuesSetting, format!("{m}:{from}"), s.is_none());
        }
        for ((_, _, id), p) in &changes.dues_payments {
            tally(ObjectKind::DuesPayment, id.clone(), p.is_none());
        }
        Deletions(
            d.into_iter()
                .filter(|(_, ids)| !ids.is_empty())
                .map(|(k, ids)| (k, ids.into_iter().collect()))
                .collect(),
        )
    }

    pub fn total(&self) -> usize {
        self.0.values().map(Vec::len).sum()
    }

    /// Whether the import needs `--allow-deletes`: it deletes an org, or more than
    /// [`MANY_DELETIONS`] objects.
    pub fn need_permission(&self) -> bool {
        self.0.contains_key(&ObjectKind::Org) || self.total() > MANY_DELETIONS
    }

    /// One line per kind: the count and the first ids.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        self.0
            .iter()
            .map(|(kind, ids)| {
                let first: Vec<&str> = ids.iter().take(FIRST_IDS).map(String::as_str).collect();
                let more = if ids.len() > FIRST_IDS { " …" } else { "" };
                let word = object_name(lang, *kind, "");
                match lang {
                    Lang::Zh => format!(
                        "  {}：{} 个（{}{more}）",
                        word.trim(),
                        ids.len(),
                        first.join("、")
                    ),
                    Lang::En => format!(
                        "  {}: {} ({}{more})",
                        word.trim(),
                        ids.len(),
                        first.join(", ")
                    ),
                }
            })
            .collect()
    }
}

/// Who refers to which org: members, records, marks and child orgs, by key.
#[derive(Debug, Default)]
pub struct References {
    members: BTreeSet<(String, String)>,
    marks: BTreeSet<(String, String, String)>,
    /// How many records each org holds.
    records: BTreeMap<String, i64>,
    parents: BTreeMap<String, Option<String>>,
    /// Dues settings and payments, by their key (org first).
    dues: BTreeSet<(String, String, String)>,
}

impl References {
    /// What refers to what in `local`, whose records each org holds `records` of.
    pub fn of(local: &Contents, records: BTreeMap<String, usize>) -> References {
        References {
            members: local
                .members
                .iter()
                .map(|m| (m.org.clone(), m.id.clone()))
                .collect(),
            marks: local
                .marks
                .iter()
                .map(|m| (m.org.clone(), m.checklist.clone(), m.item.clone()))
                .collect(),
            records: records.into_iter().map(|(o, n)| (o, n as i64)).collect(),
            parents: local
                .orgs
                .iter()
                .map(|o| (o.id.clone(), o.parent.clone()))
                .collect(),
            dues: local
                .dues_settings
                .iter()
                .map(|s| (s.org.clone(), s.member.clone(), s.from.to_string()))
                .chain(
                    local
                        .dues_payments
                        .iter()
                        .map(|p| (p.org.clone(), p.member.clone(), p.id.clone())),
                )
                .collect(),
        }
    }

    /// The references once `changes` are applied, which give each org `gained` records.
    fn after(mut self, changes: &Changes, gained: &BTreeMap<String, i64>) -> References {
        for (k, m) in &changes.members {
            match m {
                Some(_) => self.members.insert(k.clone()),
                None => self.members.remove(k),
            };
        }
        for (k, m) in &changes.marks {
            match m {
                Some(_) => self.marks.insert(k.clone()),
                None => self.marks.remove(k),
            };
        }
        for (org, n) in gained {
            *self.records.entry(org.clone()).or_default() += n;
        }
        for (k, present) in changes
            .dues_settings
            .iter()
            .map(|(k, s)| (k, s.is_some()))
            .chain(changes.dues_payments.iter().map(|(k, p)| (k, p.is_some())))
        {
            if present {
                self.dues.insert(k.clone());
            } else {
                self.dues.remove(k);
            }
        }
        for (id, o) in &changes.orgs {
            match o {
                Some(o) => self.parents.insert(id.clone(), o.parent.clone()),
                None => self.parents.remove(id),
            };
        }
        self
    }

    /// The orgs `changes` deletes while something still refers to them once they are
    /// applied (and `payments_put`, per org, the dues payments put beside them), as
    /// problems that name the org and what refers to it.
    pub fn orgs_still_referred_to(
        self,
        changes: &Changes,
        gained: &BTreeMap<String, i64>,
        payments_put: &HashMap<String, usize>,
        deleted: &Deletions,
        lang: Lang,
    ) -> Vec<String> {
        let Some(orgs) = deleted.0.get(&ObjectKind::Org) else {
            return Vec::new();
        };
        let refs = self.after(changes, gained);
        let mut out = Vec::new();
        for org in orgs {
            let counts = [
                (
                    refs.members.iter().filter(|(o, _)| o == org).count(),
                    "名党员",
                    "members",
                ),
                (
                    refs.records.get(org).map_or(0, |n| (*n).max(0) as usize),
                    "条记录",
                    "records",
                ),
                (
                    refs.marks.iter().filter(|(o, ..)| o == org).count(),
                    "个标记",
                    "marks",
                ),
                (
                    refs.parents
                        .values()
                        .filter(|p| p.as_deref() == Some(org.as_str()))
                        .count(),
                    "个下级组织",
                    "child orgs",
                ),
                (
                    refs.dues.iter().filter(|(o, ..)| o == org).count()
                        + payments_put.get(org).copied().unwrap_or(0),
                    "条党费设置或交纳",
                    "dues settings or payments",
                ),
            ];
            let parts: Vec<String> = counts
                .iter()
                .filter(|(n, ..)| *n > 0)
                .map(|(n, zh, en)| format!("{n} {}", lang.pick(zh, en)))
                .collect();
            if parts.is_empty() {
                continue;
            }
            let name = object_name(lang, ObjectKind::Org, org);
            out.push(match lang {
                Lang::Zh => format!(
                    "{name}：文件要删除它，但仍有 {} 属于它；请先删除或移走这些对象",
                    parts.join("、")
                ),
                Lang::En => format!(
                    "{name}: the file deletes it, but {} still refer to it; delete or move them first",
                    parts.join(", ")
                ),
            });
        }
        out
    }
}
