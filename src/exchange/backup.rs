//! Daily backups (`DATA/backups/YYYY-MM-DD.json.gz`): the first write of a day starts a
//! process beside it ([`start_daily`]) that copies the database a slice at a time under
//! the folder's lock (the only moments it holds the folder, each short enough for a
//! write to wait for) and writes the copy as a gzipped
//! JSON export (a tenth of its size, so the folder does not double), so that no write
//! waits for it. The last [`KEEP`] are kept. A corruption sled cannot see then costs at
//! most that day. `dangjian import` reads them as they are, and `doctor --restore` puts
//! the database back as one holds it ([`restore`]).
//!
//! Its work happens in `backups/.backup*` (a copy of the database and the file being
//! written), held locked while the process lives: `doctor` removes one a kill left.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, Result};
use chrono::NaiveDate;

use super::import::{self, Plan, Report, Source};
use crate::checklist::Catalog;
use crate::lang::Lang;
use crate::period::Calendar;
use crate::store::{Store, open};

/// How many daily backups are kept.
pub const KEEP: usize = 7;
/// The prefix of a backup's work folder.
pub const WORK_PREFIX: &str = ".backup";
/// The file a live backup holds locked in its work folder.
const BUSY: &str = "busy";
/// How long a backup waits for the folder a writer holds: writes come first, and the
/// restore of a university's folder holds it for minutes. A held lock is a live process.
const WAIT: Duration = Duration::from_secs(3600);

pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

fn has_backup(dir: &Path, today: NaiveDate) -> bool {
    // A folder of an earlier build may hold today's as plain JSON.
    dir.join(format!("{today}.json.gz")).exists() || dir.join(format!("{today}.json")).exists()
}

/// Starts today's backup beside the caller, unless it is kept already or being written:
/// a `dangjian backup` process of its own, which waits for the folder while the caller
/// writes. Only the dangjian program starts one (not a test harness linking the library).
pub fn start_daily(data_dir: &Path, today: NaiveDate) {
    let backups = dir(data_dir);
    if has_backup(&backups, today) {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    if exe.file_stem().and_then(|s| s.to_str()) != Some("dangjian") {
        return;
    }
    let mut cmd = std::process::Command::new(exe);
    cmd.arg("--data-dir")
        .arg(data_dir)
        .args(["--today", &today.to_string(), "backup"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    // Its own process group: a Ctrl-C meant for the caller does not cut it short.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    if let Ok(mut child) = cmd.spawn() {
        // Reaped when it ends (the UI lives on; a command's exit leaves it to init).
        std::thread::spawn(move || child.wait());
    }
}

/// `dangjian backup`: keeps today's backup unless it exists already (one backup process
/// runs at a time; the next finds it kept) or there is nothing to keep yet; then drops
/// all but the newest [`KEEP`]. Returns the file written, if one was.
pub fn run_daily(data_dir: &Path, today: NaiveDate, stamp: &str) -> Result<Option<PathBuf>> {
    // Below every write in priority: on a machine of two cores the day's backup must not
    // slow the writes that follow the first. Set before any thread starts (they inherit it).
    #[cfg(unix)]
    // SAFETY: setpriority only changes this process's scheduling priority.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS as _, 0, 10);
    }
    let dir = dir(data_dir);
    // A folder removed meanwhile is not brought back.
    if !data_dir.join("db").is_dir() {
        return Ok(None);
    }
    open::create_private_dir(&dir)?;
    // One backup process at a time: the others wait, then find the day's backup kept.
    let running = open::private_file(&dir.join("lock"))?;
    running.lock()?;
    if has_backup(&dir, today) {
        return Ok(None);
    }
    let work = tempfile::Builder::new()
        .prefix(WORK_PREFIX)
        .tempdir_in(&dir)
        .with_context(|| format!("{}", dir.display()))?;
    let busy = open::private_file(&work.path().join(BUSY))?;
    busy.try_lock()?;
    open::copy_database_in_slices(data_dir, work.path(), WAIT)?;
    let store = Store::open(work.path())?;
    if store.is_empty() {
        return Ok(None);
    }
    let written = work.path().join("backup.json.gz");
    write(&store, &written, stamp)?;
    drop(store);
    let path = dir.join(format!("{today}.json.gz"));
    std::fs::rename(&written, &path).with_context(|| format!("{}", path.display()))?;
    std::fs::File::open(&dir)?.sync_all()?;
    for old in backups(&dir).into_iter().rev().skip(KEEP) {
        std::fs::remove_file(&old).with_context(|| format!("{}", old.display()))?;
    }
    Ok(Some(path))
}

/// Writes the whole store as a gzipped export to `path` (a new file, private to the
/// user), synced.
pub fn write(store: &Store, path: &Path, stamp: &str) -> Result<()> {
    let file = open::private_file(path)?;
    file.set_len(0)?;
    {
        let gz = flate2::write::GzEncoder::new(&file, flate2::Compression::fast());
        let mut w = std::io::BufWriter::new(gz);
        super::json::write_store(store, None, stamp, &mut w)?;
        let gz = w.into_inner().map_err(|e| e.into_error())?;
        gz.finish()?;
    }
    file.sync_all()?;
    Ok(())
}

/// The work folders of backups a kill ended: no live process holds their lock.
pub fn leftovers(data_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir(data_dir)) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(WORK_PREFIX))
        .map(|e| e.path())
        .filter(|p| {
            !p.is_dir()
                || std::fs::File::open(p.join(BUSY))
                    .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
                || std::fs::File::open(p.join(BUSY)).is_ok_and(|f| f.try_lock().is_ok())
        })
        .collect();
    found.sort();
    found
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

pub use super::import::{MAX_EXPANDED, TooLarge};

/// The bytes of an export file, unzipped if it is gzipped (a backup), held whole: a gzip
/// stream that expands past [`MAX_EXPANDED`] is refused first ([`Source::file`]).
pub fn read_export(path: &Path) -> std::io::Result<Vec<u8>> {
    Source::file(path)?.bytes()
}

/// A backup that could not be read, and why.
pub struct Unreadable {
    pub file: PathBuf,
    pub why: String,
}

/// What a restore puts back, from which file, past which unreadable ones.
pub struct Restored {
    pub file: PathBuf,
    pub skipped: Vec<Unreadable>,
    /// The backup merged into an empty database.
    pub plan: Plan,
}

/// The contents of `file`, or else of the newest backup that can be read (older ones in
/// turn), checked whole as an import would check them, read as a stream. Nothing is
/// written.
pub fn readable(
    data_dir: &Path,
    file: Option<&Path>,
    catalog: &Catalog,
    cal: &Calendar,
    lang: Lang,
) -> std::result::Result<Restored, Vec<Unreadable>> {
    let candidates: Vec<PathBuf> = match file {
        Some(f) => vec![f.to_path_buf()],
        None => backups(&dir(data_dir)).into_iter().rev().collect(),
    };
    let mut skipped = Vec::new();
    for file in candidates {
        let read = Source::file(&file)
            .map_err(|e| e.to_string())
            .and_then(|source| {
                let empty = import::Local::default();
                import::plan(&source, catalog, cal, &empty, None, None, lang)
                    .map_err(|p| p.to_string())
            });
        match read {
            Ok(plan) => {
                return Ok(Restored {
                    file,
                    skipped,
                    plan,
                });
            }
            Err(why) => skipped.push(Unreadable { file, why }),
        }
    }
    Err(skipped)
}

/// Puts a backup into `store`, which must be empty (a fresh database): the restore
/// replaces, so that tombstones cannot keep what it holds away.
pub fn restore(store: &Store, plan: Plan) -> Result<Report> {
    let report = plan.apply(store)?;
    store.flush()?;
    Ok(report)
}
