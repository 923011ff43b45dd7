//! Scoring (评分, SPEC §6): a year's score per org and per scored checklist in force,
//! judged as of today. Built on the period judgements of [`crate::status`]; pure.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::checklist::{Catalog, Checklist, Item, ItemKind, Missed, Obligation, Score};
use crate::model::{AppliesTo, Member, Org, Record};
use crate::model::{Mark, MarkState};
use crate::period::Calendar;
use crate::status::{self, Status};

/// How an item got its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum By {
    /// The obligation's `score` rule.
    Rule,
    /// A hand score on the item's mark.
    Hand,
    /// Unscored: no rule and no hand score.
    None,
    Bonus,
    Penalty,
}

/// One item's line in a checklist's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemScore {
    pub item: String,
    pub points: Option<f64>,
    pub score: Option<f64>,
    pub by: By,
}

/// One org's score on one checklist for one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChecklistScore {
    pub checklist: String,
    pub year: i32,
    pub score: f64,
    pub max: f64,
    pub bonus: f64,
    pub penalty: f64,
    pub unscored: usize,
    pub items: Vec<ItemScore>,
}

/// Whether `checklist` is scored at all: some item carries points.
pub fn is_scored(checklist: &Checklist) -> bool {
    fn any(items: &[Item]) -> bool {
        items.iter().any(|i| i.points.is_some() || any(&i.items))
    }
    any(&checklist.items)
}

/// The scored checklists in force for `org` that apply to its kind, in catalog order.
pub fn scored_checklists<'a>(catalog: &'a Catalog, org: &Org) -> Vec<&'a Checklist> {
    catalog
        .checklists
        .iter()
        .filter(|c| {
            catalog.is_in_force(org, &c.id)
                && is_scored(c)
                && kinds_match(c.applies_to.as_ref(), org)
        })
        .collect()
}

fn kinds_match(applies_to: Option<&Vec<AppliesTo>>, org: &Org) -> bool {
    applies_to.is_none_or(|a| a.is_empty() || a.iter().any(|a| a.matches(org.kind)))
}

/// What is scored of one org: its members, records and marks.
#[derive(Clone, Copy)]
pub struct OrgData<'a> {
    pub members: &'a [Member],
    pub records: &'a [Record],
    pub marks: &'a [Mark],
}

/// Scores `org` for `year` as of `today` on every scored checklist in force for it.
/// Records dated after `today` never count.
pub fn score_org(
    catalog: &Catalog,
    cal: &Calendar,
    org: &Org,
    data: OrgData,
    year: i32,
    today: NaiveDate,
) -> Vec<ChecklistScore> {
    let OrgData {
        members,
        records,
        marks,
    } = data;
    let mut by_obligation: HashMap<&str, Vec<&Record>> = HashMap::new();
    for r in records
        .iter()
        .filter(|r| r.date <= today && r.org == org.id)
    {
        for o in &r.obligations {
            by_obligation.entry(o.as_str()).or_default().push(r);
        }
    }
    for list in by_obligation.values_mut() {
        list.sort_by_key(|r| r.date);
    }
    let scorer = Scorer {
        catalog,
        cal,
        org,
        members,
        marks,
        by_obligation,
        year,
        today,
    };
    scored_checklists(catalog, org)
        .into_iter()
        .map(|c| scorer.checklist(c))
        .collect()
}

struct Scorer<'a> {
    catalog: &'a Catalog,
    cal: &'a Calendar,
    org: &'a Org,
    members: &'a [Member],
    marks: &'a [Mark],
    by_obligation: HashMap<&'a str, Vec<&'a Record>>,
    year: i32,
    today: NaiveDate,
}

impl Scorer<'_> {
    fn checklist(&self, c: &Checklist) -> ChecklistScore {
        let mut out = ChecklistScore {
            checklist: c.id.clone(),
            year: self.year,
            score: 0.0,
            max: 0.0,
            bonus: 0.0,
            penalty: 0.0,
            unscored: 0,
            items: Vec::new(),
        };
        let mut sum = 0.0;
        for item in &c.items {
            self.walk(c, item, c.applies_to.as_ref(), &mut out, &mut sum);
        }
        out.score = round((sum + out.bonus - out.penalty).max(0.0));
        out.max = round(out.max);
        out.bonus = round(out.bonus);
        out.penalty = round(out.penalty);
        out
    }

    fn walk(
        &self,
        c: &Checklist,
        item: &Item,
        applies_to: Option<&Vec<AppliesTo>>,
        out: &mut ChecklistScore,
        sum: &mut f64,
    ) {
        let applies_to = item.applies_to.as_ref().or(applies_to);
        if !kinds_match(applies_to, self.org) {
            return;
        }
        if let Some(kind) = item.kind {
            let total: f64 = obligations_under(item)
                .iter()
                .flat_map(|o| self.records_in_year(o))
                .map(|r| r.points.unwrap_or(0.0))
                .sum();
            let (score, by) = match kind {
                ItemKind::Bonus => {
                    let s = total.min(item.points.unwrap_or(0.0));
                    out.bonus += s;
                    (s, By::Bonus)
                }
                ItemKind::Penalty => {
                    out.penalty += total;
                    (total, By::Penalty)
                }
            };
            out.items.push(ItemScore {
                item: item.id.clone(),
                points: item.points,
                score: Some(round(score)),
                by,
            });
            return;
        }
        if !item.items.is_empty() {
            for child in &item.items {
                self.walk(c, child, applies_to, out, sum);
            }
            return;
        }
        let Some(points) = item.points else { return };
        let mark = self
            .marks
            .iter()
            .find(|m| m.checklist == c.id && m.item == item.id);
        if mark.is_some_and(|m| m.state == MarkState::NotApplicable) {
            return;
        }
        // One obligation with `score` scores the whole item; several split it, each
        // against its own share.
        let rules: Vec<&Obligation> = item
            .obligations
            .iter()
            .filter(|o| o.score.is_some())
            .filter_map(|spec| self.catalog.obligation(&spec.id))
            .collect();
        if rules
            .iter()
            .any(|o| !o.applies_to_kind(self.org.kind) || self.org.exempt.contains_key(&o.id))
        {
            return;
        }
        out.max += points;
        let (score, by) = match (mark.and_then(|m| m.score), rules.is_empty()) {
            (Some(hand), _) => (Some(hand.min(points)), By::Hand),
            (None, false) => {
                let parts: f64 = rules
                    .iter()
                    .map(|o| self.rule(o, o.share.unwrap_or(points)))
                    .sum();
                (Some(parts.min(points)), By::Rule)
            }
            (None, true) => (None, By::None),
        };
        match score {
            Some(s) => *sum += s,
            None => out.unscored += 1,
        }
        out.items.push(ItemScore {
            item: item.id.clone(),
            points: Some(points),
            score: score.map(round),
            by,
        });
    }

    /// The obligation's records dated in the year (and on or before today).
    fn records_in_year(&self, oid: &str) -> Vec<&Record> {
        self.by_obligation
            .get(oid)
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|r| r.date.year() == self.year)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The score of `o`'s rule out of `points` (the item's, or the part's share).
    fn rule(&self, o: &Obligation, points: f64) -> f64 {
        let score = o.score.expect("the rule's obligation carries score");
        let records: &[&Record] = self
            .by_obligation
            .get(o.id.as_str())
            .map_or(&[], Vec::as_slice);
        let periods = || {
            status::periods_due_in(
                o,
                self.cal,
                self.org,
                self.members,
                records,
                self.year,
                self.today,
            )
        };
        let s = match score {
            Score::PerRecord { each, max } => {
                let n = self.records_in_year(&o.id).len() as f64;
                (each * n).min(max.unwrap_or(points))
            }
            Score::Timeliness { late, missed } => {
                let mut s = points;
                for p in periods() {
                    match (p.status, missed) {
                        (Status::DoneLate, _) => s -= late,
                        (Status::Overdue, Missed::All) => s = 0.0,
                        (Status::Overdue, Missed::Points(b)) => s -= b,
                        _ => {}
                    }
                    if s <= 0.0 {
                        break;
                    }
                }
                s
            }
            Score::DeductPerRecord { each } => {
                points - each * self.records_in_year(&o.id).len() as f64
            }
            Score::Short { each } => {
                let mut s = points;
                for p in periods() {
                    if p.status == Status::Overdue {
                        s -= each * p.members_short.len() as f64;
                    }
                }
                s
            }
        };
        s.clamp(0.0, points)
    }
}

/// Every obligation id in the subtree of `item`.
fn obligations_under(item: &Item) -> Vec<String> {
    let mut out: Vec<String> = item.obligations.iter().map(|o| o.id.clone()).collect();
    for child in &item.items {
        out.extend(obligations_under(child));
    }
    out
}

/// Scores to the hundredth, so that 0.1 + 0.2 shows as 0.3.
fn round(x: f64) -> f64 {
    // `+ 0.0` turns the -0.0 of an empty sum into 0.
    (x * 100.0).round() / 100.0 + 0.0
}

#[cfg(test)]
mod tests;
