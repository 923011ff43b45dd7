//! Checklist files (SPEC §1): the YAML schema, loading, and validation that reports every
//! problem of a file as `path:line:column: message`.

mod locate;
mod validate;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

use crate::model::{AppliesTo, OrgKind};
use crate::period::Every;

/// The newest checklist schema this build understands.
pub const SCHEMA: u32 = 1;

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
    /// 分值
    #[serde(default)]
    pub points: Option<f64>,
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

/// Whether a requirement is on the org as a whole or on every member.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Per {
    #[default]
    Org,
    Member,
}

/// A scoring rule (SPEC §6): `{per_record, max}` or `{on_time, late, missing}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    pub per_record: Option<f64>,
    pub max: Option<f64>,
    pub on_time: Option<f64>,
    pub late: Option<f64>,
    pub missing: Option<f64>,
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
    pub score: Option<Score>,
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
    pub warn_days: u32,
    pub implies: Vec<String>,
    /// Empty: every kind.
    pub applies_to: Vec<AppliesTo>,
    pub score: Option<Score>,
}

impl Obligation {
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
}

/// A checklist's text and where it came from.
pub struct Source {
    pub path: String,
    pub text: String,
}

impl Catalog {
    /// The built-in checklists only.
    pub fn builtin() -> Catalog {
        Catalog::load(builtin_sources()).expect("the shipped checklists are valid")
    }

    /// Loads the built-in checklists plus every `*.yaml` file in `dir`.
    pub fn with_dir(dir: Option<&Path>) -> Result<Catalog, LoadErrors> {
        let mut sources = builtin_sources();
        if let Some(dir) = dir {
            sources.extend(read_paths(&[dir.to_path_buf()])?);
        }
        Catalog::load(sources)
    }

    /// Parses and validates `sources` together (obligation ids are unique across them).
    pub fn load(sources: Vec<Source>) -> Result<Catalog, LoadErrors> {
        validate::load(sources)
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
        Catalog {
            checklists,
            obligations,
            index,
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

/// Reads the given files, and every `*.yaml` / `*.yml` file of the given folders (sorted).
pub fn read_paths(paths: &[PathBuf]) -> Result<Vec<Source>, LoadErrors> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let io_error = |path: &Path, e: std::io::Error| Diagnostic {
        path: path.display().to_string(),
        line: 1,
        column: 1,
        message: format!("cannot read: {e}"),
    };
    for path in paths {
        if path.is_dir() {
            match std::fs::read_dir(path) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> = entries
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                        .collect();
                    found.sort();
                    files.extend(found);
                }
                Err(e) => errors.push(io_error(path, e)),
            }
        } else {
            files.push(path.clone());
        }
    }
    let mut sources = Vec::new();
    for file in files {
        match read_limited(&file) {
            Ok(bytes) => match crate::yaml::decode(&bytes) {
                Ok(text) => sources.push(Source {
                    path: file.display().to_string(),
                    text: text.to_string(),
                }),
                Err(e) => errors.push(Diagnostic {
                    path: file.display().to_string(),
                    line: e.line,
                    column: e.column,
                    message: e.message,
                }),
            },
            Err(e) => errors.push(io_error(&file, e)),
        }
    }
    if errors.is_empty() {
        Ok(sources)
    } else {
        Err(LoadErrors(errors))
    }
}

/// The file's bytes, but no more than one past the size limit: a huge file is refused
/// without reading it all.
fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(crate::yaml::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
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
