//! The optional `config.yaml` in the data folder: an explicit academic calendar and the
//! built-in checklists in force.
//!
//! ```yaml
//! semesters:
//!   - { label: 2026-2027-1, start: 2026-08-31, end: 2027-01-17 }
//! checklists: [model-branch, benchmark-department, ideology-responsibility]
//! term_years: 5        # 换届: the term of every `term` obligation whose checklist sets none
//! database: postgres://wang@db.example/dangjian   # a shared server instead of this folder
//! ```

use std::path::Path;

use serde::Deserialize;

use crate::checklist::Catalog;
use crate::entry::EntryError;
use crate::input::{Field, InputError};
use crate::lang::Lang;
use crate::period::{Calendar, CalendarError, Semester};
use crate::yaml::YamlProblem;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default)]
    semesters: Vec<Semester>,
    #[serde(default)]
    checklists: Option<Vec<String>>,
    /// The term length (换届) for the whole folder, where a checklist sets none.
    #[serde(default)]
    term_years: Option<u32>,
    /// A PostgreSQL server to use instead of this folder (SPEC §11).
    #[serde(default)]
    database: Option<String>,
}

/// A refusal of `config.yaml`: where it is (a line and column when one is known) and
/// what is wrong; `crate::messages` says it in the user's language.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    pub path: String,
    pub at: Option<(usize, usize)>,
    pub problem: ConfigProblem,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConfigProblem {
    Unreadable {
        kind: std::io::ErrorKind,
        text: String,
    },
    Yaml(YamlProblem),
    TermYears {
        years: u32,
        max: u32,
    },
    /// `checklists:` names one that is not loaded (an [`EntryError::UnknownChecklist`]).
    Checklist(Box<EntryError>),
    SemesterLabel(InputError),
    Calendar(CalendarError),
}

/// English, for logs and tests.
impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::messages::Localized::message(self, Lang::En))
    }
}

impl std::error::Error for ConfigError {}

/// The `database:` URL of `dir/config.yaml`, if it names one.
pub fn database(dir: &Path) -> Result<Option<String>, ConfigError> {
    Ok(load(dir)?.database)
}

/// The longest term `term_years:` accepts, as a checklist's `years`.
const MAX_TERM_YEARS: u32 = 10;

fn refusal(path: &Path, at: Option<(usize, usize)>, problem: ConfigProblem) -> ConfigError {
    ConfigError {
        path: path.display().to_string(),
        at,
        problem,
    }
}

fn load(dir: &Path) -> Result<Config, ConfigError> {
    let path = dir.join("config.yaml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => {
            let problem = ConfigProblem::Unreadable {
                kind: e.kind(),
                text: e.to_string(),
            };
            return Err(refusal(&path, None, problem));
        }
    };
    crate::yaml::from_str(&text).map_err(|e| {
        refusal(
            &path,
            Some((e.line, e.column)),
            ConfigProblem::Yaml(e.problem),
        )
    })
}

/// The calendar from `dir/config.yaml`, or the default one when there is no such file.
pub fn load_calendar(dir: &Path) -> Result<Calendar, ConfigError> {
    let path = dir.join("config.yaml");
    let config = load(dir)?;
    for s in &config.semesters {
        crate::input::check_text(Field::SemesterLabel, &s.label)
            .map_err(|e| refusal(&path, None, ConfigProblem::SemesterLabel(e)))?;
    }
    Calendar::with_semesters(config.semesters)
        .map_err(|e| refusal(&path, None, ConfigProblem::Calendar(e)))
}

/// Puts the built-in checklists that `dir/config.yaml` lists in force in `catalog`
/// (leaving the default set when it lists none), and its `term_years:` on the term
/// obligations whose checklist sets none; an unknown id or a term out of range is refused,
/// naming it and where it is written.
pub fn apply_checklists(dir: &Path, catalog: &mut Catalog) -> Result<(), ConfigError> {
    let config = load(dir)?;
    let path = dir.join("config.yaml");
    let text = || std::fs::read_to_string(&path).unwrap_or_default();
    if let Some(years) = config.term_years {
        if !(1..=MAX_TERM_YEARS).contains(&years) {
            let line = text()
                .lines()
                .position(|l| l.trim_start().starts_with("term_years"))
                .map_or(1, |i| i + 1);
            let problem = ConfigProblem::TermYears {
                years,
                max: MAX_TERM_YEARS,
            };
            return Err(refusal(&path, Some((line, 1)), problem));
        }
        catalog.set_term_years(years);
    }
    let Some(ids) = config.checklists else {
        return Ok(());
    };
    for id in &ids {
        if let Err(e) = crate::entry::known_checklist(catalog, id) {
            let line = text()
                .lines()
                .position(|l| l.contains(id.as_str()))
                .map_or(1, |i| i + 1);
            return Err(refusal(
                &path,
                Some((line, 1)),
                ConfigProblem::Checklist(Box::new(e)),
            ));
        }
    }
    catalog.set_builtin_in_force(&ids);
    Ok(())
}
