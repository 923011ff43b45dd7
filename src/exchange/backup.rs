//! Daily backups (`DATA/backups/YYYY-MM-DD.json.gz`): before the first write of a day, the
//! database as it stands is kept as a gzipped JSON export (a tenth of its size, so the
//! folder does not double); the last [`KEEP`] are kept. A corruption sled cannot see then
//! costs at most that day. `dangjian import` reads them as they are.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use chrono::NaiveDate;

use super::import::{self, Report};
use crate::checklist::Catalog;
use crate::lang::Lang;
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
    let path = dir.join(format!("{today}.json.gz"));
    // A folder of an earlier build may hold today's as plain JSON.
    if path.exists() || dir.join(format!("{today}.json")).exists() || store.is_empty() {
        return Ok(None);
    }
    create_private_dir(&dir)?;
    let tmp = tempfile::Builder::new()
        .prefix(".backup")
        .tempfile_in(&dir)
        .with_context(|| format!("{}", dir.display()))?;
    {
        let gz = flate2::write::GzEncoder::new(tmp.as_file(), flate2::Compression::fast());
        let mut w = std::io::BufWriter::new(gz);
        super::json::write_store(store, None, stamp, &mut w)?;
        let gz = w.into_inner().map_err(|e| e.into_error())?;
        gz.finish()?;
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

/// The backups in `dir` (`YYYY-MM-DD.json.gz`, or `.json` from an earlier build), oldest
/// first by the date in their names.
pub fn backups(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<(NaiveDate, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?;
            let stem = name
                .strip_suffix(".json.gz")
                .or_else(|| name.strip_suffix(".json"))?;
            let date = NaiveDate::parse_from_str(stem, "%Y-%m-%d").ok()?;
            Some((date, p))
        })
        .collect();
    out.sort();
    out.into_iter().map(|(_, p)| p).collect()
}

/// The bytes of an export file, unzipped if it is gzipped (a backup).
pub fn read_export(path: &Path) -> std::io::Result<Vec<u8>> {
    let bytes = std::fs::read(path)?;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len() * 8);
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(bytes.as_slice()),
        &mut out,
    )?;
    Ok(out)
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
    let bytes = read_export(&newest).with_context(|| format!("{}", newest.display()))?;
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
