//! The optional `config.yaml` in the data folder: an explicit academic calendar.
//!
//! ```yaml
//! semesters:
//!   - { label: 2026-2027-1, start: 2026-08-31, end: 2027-01-17 }
//! ```

use std::path::Path;

use serde::Deserialize;

use crate::i18n::Lang;
use crate::input::Field;
use crate::period::{Calendar, Semester};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default)]
    semesters: Vec<Semester>,
}

/// The calendar from `dir/config.yaml`, or the default one when there is no such file.
/// Refusals are in `lang`.
pub fn load_calendar(dir: &Path, lang: Lang) -> Result<Calendar, String> {
    let path = dir.join("config.yaml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Calendar::default()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let config: Config = crate::yaml::from_str(&text)
        .map_err(|e| format!("{}:{}:{}: {}", path.display(), e.line, e.column, e.message))?;
    for s in &config.semesters {
        crate::input::check_text(Field::SemesterLabel, &s.label)
            .map_err(|e| format!("{}: {}", path.display(), e.message(lang)))?;
    }
    Calendar::with_semesters(config.semesters).map_err(|e| format!("{}: {e}", path.display()))
}
