//! Daily backups (`DATA/backups/YYYY-MM-DD.json`): before the first write of a day, the
//! database as it stands is kept as a JSON export; the last [`KEEP`] are kept. A corruption
//! sled cannot see then costs at most that day.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use chrono::NaiveDate;

use super::import::{self, Report};
use crate::checklist::Catalog;
use crate::i18n::Lang;
use crate::period::Calendar;
use crate::store::Store;

/// How many daily backups are kept.
pub const KEEP: usize = 7;

pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

/// Keeps today's backup unless it exists already (or there is nothing to keep yet), then
/// drops all but the newest [`KEEP`]. Returns the file written, if one was.
pub fn daily(store: &Store, today: NaiveDate, stamp: &str) -> Result<Option<PathBuf>> {
    let dir = dir(store.path());
    let path = dir.join(format!("{today}.json"));
    if path.exists() || store.is_empty() {
        return Ok(None);
    }
    create_private_dir(&dir)?;
    let tmp = tempfile::Builder::new()
        .prefix(".backup")
        .tempfile_in(&dir)
        .with_context(|| format!("{}", dir.display()))?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file());
        super::json::write_store(store, None, stamp, &mut w)?;
        std::io::Write::flush(&mut w)?;
    }
    tmp.as_file().sync_all()?;
    // tempfile creates files 0600.
    tmp.persist(&path)
        .with_context(|| format!("{}", path.display()))?;
    for old in backups(&dir).into_iter().rev().skip(KEEP) {
        std::fs::remove_file(&old).with_context(|| format!("{}", old.display()))?;
    }
    Ok(Some(path))
}

/// The backups in `dir`, oldest first (by the date in their names).
pub fn backups(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_stem()
                    .and_then(|s| s.to_str())
                    .is_some_and(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok())
        })
        .collect();
    out.sort();
    out
}

/// Merges the newest backup back into the store, as an import would (what was written
/// later stays). Returns the backup used and what it put back; `None` when there is none.
pub fn restore_newest(
    store: &Store,
    catalog: &Catalog,
    cal: &Calendar,
    lang: Lang,
) -> Result<Option<(PathBuf, Report)>> {
    let Some(newest) = backups(&dir(store.path())).pop() else {
        return Ok(None);
    };
    let bytes = std::fs::read(&newest).with_context(|| format!("{}", newest.display()))?;
    let local = store.contents(None)?;
    let file = import::read(&bytes, catalog, cal, &local, lang)
        .map_err(|p| anyhow::anyhow!("{}: {p}", newest.display()))?;
    let (changes, report) = import::merge(local, file.into_contents());
    store.apply(&changes)?;
    store.flush()?;
    Ok(Some((newest, report)))
}

fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("{}", dir.display()))?;
    }
    Ok(())
}
