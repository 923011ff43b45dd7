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
use crate::input::Field;
use crate::lang::Lang;
use crate::period::{Calendar, Semester};

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

/// The `database:` URL of `dir/config.yaml`, if it names one.
pub fn database(dir: &Path) -> Result<Option<String>, String> {
    Ok(load(dir)?.database)
}

/// The longest term `term_years:` accepts, as a checklist's `years`.
const MAX_TERM_YEARS: u32 = 10;

fn load(dir: &Path) -> Result<Config, String> {
    let path = dir.join("config.yaml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    crate::yaml::from_str(&text)
        .map_err(|e| format!("{}:{}:{}: {}", path.display(), e.line, e.column, e.message))
}

/// The calendar from `dir/config.yaml`, or the default one when there is no such file.
/// Refusals are in `lang`.
pub fn load_calendar(dir: &Path, lang: Lang) -> Result<Calendar, String> {
    let path = dir.join("config.yaml");
    let config = load(dir)?;
    for s in &config.semesters {
        crate::input::check_text(Field::SemesterLabel, &s.label).map_err(|e| {
            format!(
                "{}: {}",
                path.display(),
                crate::messages::Localized::message(&e, lang)
            )
        })?;
    }
    Calendar::with_semesters(config.semesters).map_err(|e| format!("{}: {e}", path.display()))
}

/// Puts the built-in checklists that `dir/config.yaml` lists in force in `catalog`
/// (leaving the default set when it lists none), and its `term_years:` on the term
/// obligations whose checklist sets none; an unknown id or a term out of range is refused,
/// naming it and where it is written.
pub fn apply_checklists(dir: &Path, catalog: &mut Catalog) -> Result<(), String> {
    let config = load(dir)?;
    let path = dir.join("config.yaml");
    if let Some(years) = config.term_years {
        if !(1..=MAX_TERM_YEARS).contains(&years) {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("term_years"))
                .map_or(1, |i| i + 1);
            return Err(format!(
                "{}:{line}:1: term_years \"{years}\" is out of range; expected 1 to {MAX_TERM_YEARS}",
                path.display()
            ));
        }
        catalog.set_term_years(years);
    }
    let Some(ids) = config.checklists else {
        return Ok(());
    };
    catalog.set_builtin_in_force(&ids).map_err(|e| {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let bad = ids.iter().find(|id| catalog.checklist(id).is_none());
        let line = bad
            .and_then(|id| text.lines().position(|l| l.contains(id.as_str())))
            .map_or(1, |i| i + 1);
        format!("{}:{line}:1: checklists: {e}", path.display())
    })
}
