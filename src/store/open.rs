//! Opening the data folder, the one place that knows sled's files: an exclusive lock of
//! our own, a bounded wait when another dangjian holds the folder, removal of snapshots a
//! killed process left half-written, and permissions private to the user.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{Result, StoreError};

/// How long a command waits for a folder another dangjian holds before giving up.
pub const BUSY_WAIT: Duration = Duration::from_millis(2000);
const RETRY_EVERY: Duration = Duration::from_millis(20);

/// The lock file that guards the folder, held for as long as the database is open.
pub(super) const LOCK_FILE: &str = "lock";

/// Takes the folder's lock (waiting up to [`BUSY_WAIT`]), tidies the folder, and opens
/// sled in `dir/db`. The returned file holds the lock; drop it after the database.
pub(super) fn open(dir: &Path) -> Result<(sled::Db, File, Vec<PathBuf>)> {
    create_private_dir(dir)?;
    let deadline = Instant::now() + BUSY_WAIT;
    let lock = lock(dir, deadline)?;
    make_private(dir);
    let removed = remove_stale_snapshots(&dir.join("db"));
    loop {
        match sled::Config::new()
            .path(dir.join("db"))
            .cache_capacity(64 << 20)
            .open()
        {
            Ok(db) => return Ok((db, lock, removed)),
            // A process that has just closed the folder can still hold sled's own lock
            // for a moment while its flusher thread ends.
            Err(sled::Error::Io(io)) if is_lock_error(&io) && Instant::now() < deadline => {
                std::thread::sleep(RETRY_EVERY);
            }
            Err(sled::Error::Io(io)) if is_lock_error(&io) => {
                return Err(StoreError::Busy(dir.to_path_buf()));
            }
            Err(source) => {
                return Err(StoreError::Sled {
                    path: dir.to_path_buf(),
                    source,
                });
            }
        }
    }
}

fn lock(dir: &Path, deadline: Instant) -> Result<File> {
    let path = dir.join(LOCK_FILE);
    let file = private_file(&path).map_err(|source| StoreError::Io {
        path: path.clone(),
        source,
    })?;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(RETRY_EVERY);
            }
            Err(TryLockError::WouldBlock) => return Err(StoreError::Busy(dir.to_path_buf())),
            Err(TryLockError::Error(source)) => return Err(StoreError::Io { path, source }),
        }
    }
}

/// sled 0.34 writes a snapshot to `snap.<lsn>.generating` and renames it when whole; a
/// process killed in between leaves the half-written file, which the next open reads as
/// the newest snapshot and fails on (sled issue #1527). With the folder's lock held no
/// live process is writing one, so any such file is stale.
pub(super) fn remove_stale_snapshots(db_dir: &Path) -> Vec<PathBuf> {
    stale_snapshots(db_dir)
        .into_iter()
        .filter(|p| std::fs::remove_file(p).is_ok())
        .collect()
}

pub(super) fn stale_snapshots(db_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(db_dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("snap.") && n.ends_with(".generating"))
        })
        .collect();
    found.sort();
    found
}

fn is_lock_error(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::WouldBlock || e.to_string().contains("could not acquire lock")
}

/// Creates `dir` (and its parents) as 0700, or makes an existing one 0700.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    let err = |source| StoreError::CreateDir {
        path: dir.to_path_buf(),
        source,
    };
    if !dir.is_dir() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).map_err(err)?;
    }
    set_mode(dir, 0o700).map_err(err)
}

/// Opens (creating) a file readable and writable by the user alone.
pub fn private_file(path: &Path) -> std::io::Result<File> {
    let mut options = File::options();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    set_mode(path, 0o600)?;
    Ok(file)
}

/// Makes every folder under `dir` 0700 and every file 0600, whatever umask created them.
/// Errors are ignored: a file that vanished meanwhile needs no fixing.
pub fn make_private(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_dir() {
            let _ = set_mode(&path, 0o700);
            make_private(&path);
        } else if kind.is_file() {
            let _ = set_mode(&path, 0o600);
        }
    }
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let current = std::fs::metadata(path)?.permissions().mode() & 0o777;
    if current != mode {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> std::io::Result<()> {
    Ok(())
}

/// Makes what sled flushed durable: sled's own flush ends in `sync_file_range`, which does
/// not survive a power loss, so the log and its folder are synced with `fsync` as well.
pub(super) fn sync_dir(db_dir: &Path) -> std::io::Result<()> {
    for name in ["db", "conf"] {
        match File::open(db_dir.join(name)) {
            Ok(f) => f.sync_all()?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    File::open(db_dir)?.sync_all()
}

/// A cheap fingerprint of the database files: it changes when another process writes.
pub fn fingerprint(dir: &Path) -> Vec<(String, u64, i128)> {
    let Ok(entries) = std::fs::read_dir(dir.join("db")) else {
        return Vec::new();
    };
    let mut out: Vec<(String, u64, i128)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            let modified = meta
                .modified()
                .ok()?
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?
                .as_nanos() as i128;
            Some((
                e.file_name().to_string_lossy().into_owned(),
                meta.len(),
                modified,
            ))
        })
        .collect();
    out.sort();
    out
}
