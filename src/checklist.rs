//! Checklist files (SPEC §1): the YAML schema, loading, and validation that reports every
//! problem of a file as `path:line:column: message`.

mod base;
mod for_org;
mod locate;
mod members;
mod scoring;
mod validate;

pub use scoring::{Amount, Missed, MissedSpec, Scope, Score, ScoreSpec, TermFrom};

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

use crate::model::{AppliesTo, Org, OrgKind, PARTY_STAGES, Stage};
use crate::period::Every;

/// The newest checklist schema this build understands.
pub const SCHEMA: u32 = 1;

/// The built-in checklists in force when the data folder's `config.yaml` names none.
pub const DEFAULT_IN_FORCE: &[&str] =
    &["model-branch", "benchmark-department", "member-development"];

/// The checklists that ship in `checklists/`, compiled into the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "checklists/model-branch.yaml",
        include_str!("../checklists/model-branch.yaml"),
    ),
    (
        "checklists/benchmark-department.yaml",
        include_str!("../checklists/benchmark-department.yaml"),
    ),
    (
        "checklists/teacher-quality-standard.yaml",
        include_str!("../checklists/teacher-quality-standard.yaml"),
    ),
    (
        "checklists/ideology-responsibility.yaml",
        include_str!("../checklists/ideology-responsibility.yaml"),
    ),
    (
        "checklists/benchmark-department-dalian.yaml",
        include_str!("../checklists/benchmark-department-dalian.yaml"),
    ),
    (
        "checklists/teacher-quality-standard-culr.yaml",
        include_str!("../checklists/teacher-quality-standard-culr.yaml"),
    ),
    (
        "checklists/member-development.yaml",
        include_str!("../checklists/member-development.yaml"),
    ),
];

/// One checklist file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub schema: u32,
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub applies_to: Option<Vec<AppliesTo>>,
    #[serde(default)]
    pub items: Vec<Item>,
    /// Another checklist whose items this one reuses (a school's own 责任部门 for the same
    /// standard); its own `items` follow them.
    #[serde(default)]
    pub base: Option<String>,
    /// With `base`: item id → the 责任单位 that replace the base item's `owners`.
    #[serde(default)]
    pub owners: std::collections::BTreeMap<String, Vec<String>>,
    /// Where it was loaded from, for messages.
    #[serde(skip)]
    pub path: String,
}

/// An indicator (一级 / 二级 / 三级指标); leaves carry the guide's own text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    /// 观测重点
    #[serde(default)]
    pub focus: Option<String>,
    /// 责任单位; the first leads.
    #[serde(default)]
    pub owners: Vec<String>,
    /// 考核标准: how the guide says to score it, verbatim.
    #[serde(default)]
    pub criteria: Option<String>,
    /// 分值: the item's maximum; on a parent, the sum of its children's.
    #[serde(default)]
    pub points: Option<f64>,
    /// 加分项 or 负面清单; `None` for a regular item.
    #[serde(default)]
    pub kind: Option<ItemKind>,
    /// The org kinds this item and everything under it concern; default the parent's.
    #[serde(default)]
    pub applies_to: Option<Vec<AppliesTo>>,
    #[serde(default)]
    pub items: Vec<Item>,
    #[serde(default)]
    pub obligations: Vec<ObligationSpec>,
}

impl Item {
    /// The title, else the text: what a list shows for this item.
    pub fn label(&self) -> &str {
        self.title.as_deref().or(self.text.as_deref()).unwrap_or("")
    }
}

/// A bonus (加分项) or penalty (负面清单) item: its records' `points` add or deduct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    Bonus,
    Penalty,
}

/// Whether a requirement is on the org as a whole or on every member.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Per {
    #[default]
    Org,
    Member,
}

/// A recurring obligation as written under an item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObligationSpec {
    pub id: String,
    pub title: String,
    pub every: Every,
    #[serde(default)]
    pub count: Option<u32>,
    #[serde(default)]
    pub hours: Option<f64>,
    #[serde(default)]
    pub per: Per,
    #[serde(default)]
    pub tag: Option<String>,
    #[serde(default)]
    pub due_day: Option<i64>,
    #[serde(default, deserialize_with = "optional_date")]
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub years: Option<u32>,
    #[serde(default)]
    pub warn_days: Option<u32>,
    #[serde(default)]
    pub implies: Vec<String>,
    #[serde(default)]
    pub applies_to: Option<Vec<AppliesTo>>,
    #[serde(default)]
    pub score: Option<ScoreSpec>,
    #[serde(default)]
    pub amount: Option<Amount>,
    #[serde(default)]
    pub scope: Option<Scope>,
    /// With `per: member`: the member stages it concerns (SPEC §9).
    #[serde(default)]
    pub stage: Option<Vec<Stage>>,
    /// With `every: after`: how long after entering the stage it is due.
    #[serde(default)]
    pub within: Option<Within>,
    /// The guide says 定期 without a cadence: `every` is a default an org may replace.
    #[serde(default)]
    pub regular: bool,
}

/// How long after the day a member entered a stage an `every: after` obligation is due:
/// `{months: N}` or `{years: N}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Within {
    #[serde(default)]
    pub months: Option<u32>,
    #[serde(default)]
    pub years: Option<u32>,
}

impl Within {
    /// In months (both given: added up; `check` refuses that).
    pub fn months(self) -> u32 {
        self.months
            .unwrap_or(0)
            .saturating_add(self.years.unwrap_or(0).saturating_mul(12))
    }
}

/// An obligation resolved against its checklist: defaults filled in, ready to judge.
#[derive(Debug, Clone, PartialEq)]
pub struct Obligation {
    pub id: String,
    pub title: String,
    pub checklist: String,
    /// The id of the item whose text sets it.
    pub item: String,
    pub every: Every,
    pub count: u32,
    pub hours: Option<f64>,
    pub per: Per,
    pub tag: Option<String>,
    pub due_day: Option<u32>,
    pub due: Option<NaiveDate>,
    pub years: u32,
    pub years_from: TermFrom,
    /// A 定期 duty: `every` is the checklist's default cadence, which an org may replace
    /// (`org edit --every OB=CADENCE`).
    pub regular: bool,
    pub warn_days: u32,
    pub implies: Vec<String>,
    /// Empty: every kind.
    pub applies_to: Vec<AppliesTo>,
    pub score: Option<Score>,
    /// With `score` on an item split into parts: this part's share of the item's points.
    pub share: Option<f64>,
    pub amount: Option<Amount>,
    pub scope: Scope,
    /// With `per: member`: the stages of the members it concerns (default the party
    /// members, `probationary` and `full`).
    pub stages: Vec<Stage>,
    /// With `every: after`: due this long after the member entered the stage.
    pub within: Option<Within>,
    /// Set when the obligation sits under a bonus or penalty item: its records carry points.
    pub entry: Option<ItemKind>,
}

impl Obligation {
    /// Whether it concerns only the party members (the default `stage`).
    pub fn for_party_members(&self) -> bool {
        self.stages == PARTY_STAGES
    }

    pub fn applies_to_kind(&self, kind: OrgKind) -> bool {
        self.applies_to.is_empty() || self.applies_to.iter().any(|a| a.matches(kind))
    }
}

/// A problem in a checklist file, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )
    }
}

/// Checklist files that failed to load; every problem found, in file order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
pub struct LoadErrors(pub Vec<Diagnostic>);

/// Every loaded checklist and its obligations, looked up by id.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub checklists: Vec<Checklist>,
    pub obligations: Vec<Obligation>,
    index: HashMap<String, usize>,
    /// The built-in checklists in force for an org with no list of its own.
    in_force: Vec<String>,
    /// Checklists loaded from `--checklists`: in force for every org.
    always: Vec<String>,
}

/// A checklist's text and where it came from.
pub struct Source {
    pub path: String,
    pub text: String,
}

impl Catalog {
    /// The built-in checklists only, the default ones in force.
    pub fn builtin() -> Catalog {
        let mut c = Catalog::load(builtin_sources()).expect("the shipped checklists are valid");
        c.in_force = DEFAULT_IN_FORCE.iter().map(|s| s.to_string()).collect();
        c
    }

    /// The built-in checklists plus `extra` (the files of `--checklists`, read at the
    /// edge). In force: the default built-in ones and every one of `extra`.
    pub fn with_extra(extra: Vec<Source>) -> Result<Catalog, LoadErrors> {
        let mut sources = builtin_sources();
        sources.extend(extra);
        let mut c = Catalog::load(sources)?;
        c.in_force = DEFAULT_IN_FORCE.iter().map(|s| s.to_string()).collect();
        c.always = c.checklists[BUILTIN.len()..]
            .iter()
            .map(|c| c.id.clone())
            .collect();
        Ok(c)
    }

    /// Parses and validates `sources` together (obligation ids are unique across them).
    /// Every one of them is in force.
    pub fn load(sources: Vec<Source>) -> Result<Catalog, LoadErrors> {
        validate::load(sources)
    }

    /// Replaces the checklists in force by default (the data folder's `checklists:`);
    /// files loaded from a folder stay in force. Refuses an unknown id.
    pub fn set_builtin_in_force(&mut self, ids: &[String]) -> Result<(), String> {
        for id in ids {
            self.known_checklist(id)?;
        }
        self.in_force = ids.to_vec();
        Ok(())
    }

    /// `Ok` when `id` names a loaded checklist; else a message listing the loaded ones.
    pub fn known_checklist(&self, id: &str) -> Result<(), String> {
        if self.checklist(id).is_some() {
            return Ok(());
        }
        let known: Vec<&str> = self.checklists.iter().map(|c| c.id.as_str()).collect();
        Err(format!(
            "unknown checklist \"{id}\"; loaded checklists: {}",
            known.join(", ")
        ))
    }

    /// The checklists in force for `org`: its own list, else the default set, and the
    /// files loaded from `--checklists`.
    pub fn in_force(&self, org: &Org) -> Vec<String> {
        let own = if org.checklists.is_empty() {
            &self.in_force
        } else {
            &org.checklists
        };
        let mut all = own.clone();
        all.extend(self.always.iter().filter(|c| !own.contains(c)).cloned());
        all
    }

    pub fn is_in_force(&self, org: &Org, checklist: &str) -> bool {
        let own = if org.checklists.is_empty() {
            &self.in_force
        } else {
            &org.checklists
        };
        own.iter().chain(&self.always).any(|c| c == checklist)
    }

    /// Whether the obligation is owed by `org` at all: of a checklist in force for it and
    /// not an `event`. (Whether it applies to the org's kind is a status, not this.)
    pub fn is_listed(&self, org: &Org, o: &Obligation) -> bool {
        o.every.is_owed() && self.obligation_in_force(org, o)
    }

    /// Whether `o` is in force for `org`: its checklist is, or a checklist built on it
    /// (`base`) is, whose items carry the same obligations.
    pub fn obligation_in_force(&self, org: &Org, o: &Obligation) -> bool {
        self.is_in_force(org, &o.checklist)
            || self.checklists.iter().any(|c| {
                c.base.as_deref() == Some(o.checklist.as_str()) && self.is_in_force(org, &c.id)
            })
    }

    /// Sets the term length of every `term` obligation whose checklist gives none (the
    /// data folder's `config.yaml` `term_years:`).
    pub fn set_term_years(&mut self, years: u32) {
        for o in &mut self.obligations {
            if o.years_from == TermFrom::Default {
                o.years = years;
                o.years_from = TermFrom::Config;
            }
        }
    }

    pub fn obligation(&self, id: &str) -> Option<&Obligation> {
        self.index.get(id).map(|&i| &self.obligations[i])
    }

    /// The obligation's title, or the id itself when no loaded checklist defines it.
    pub fn title<'a>(&'a self, id: &'a str) -> &'a str {
        self.obligation(id).map_or(id, |o| o.title.as_str())
    }

    pub fn checklist(&self, id: &str) -> Option<&Checklist> {
        self.checklists.iter().find(|c| c.id == id)
    }

    /// The item `item_id` of checklist `checklist_id`, searched through the whole tree.
    pub fn item(&self, checklist_id: &str, item_id: &str) -> Option<&Item> {
        fn find<'a>(items: &'a [Item], id: &str) -> Option<&'a Item> {
            items
                .iter()
                .find_map(|i| (i.id == id).then_some(i).or_else(|| find(&i.items, id)))
        }
        find(&self.checklist(checklist_id)?.items, item_id)
    }

    fn from_parts(checklists: Vec<Checklist>, obligations: Vec<Obligation>) -> Catalog {
        let index = obligations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), i))
            .collect();
        let in_force = checklists.iter().map(|c| c.id.clone()).collect();
        Catalog {
            checklists,
            obligations,
            index,
            in_force,
            always: Vec::new(),
        }
    }
}

pub fn builtin_sources() -> Vec<Source> {
    BUILTIN
        .iter()
        .map(|(path, text)| Source {
            path: (*path).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}

fn string_or_number<'de, D: Deserializer<'de>>(de: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        S(String),
        U(u64),
        F(f64),
    }
    Ok(match Id::deserialize(de)? {
        Id::S(s) => s,
        Id::U(n) => n.to_string(),
        Id::F(f) => f.to_string(),
    })
}

fn optional_date<'de, D: Deserializer<'de>>(de: D) -> Result<Option<NaiveDate>, D::Error> {
    let text = String::deserialize(de)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            serde::de::Error::custom(format!(
                "\"{text}\" is not a date; expected YYYY-MM-DD, e.g. 2024-04-30"
            ))
        })
}
