//! Opening the data folder, the one place that knows sled's files: an exclusive lock of
//! our own, a bounded wait when another dangjian holds the folder, removal of snapshots a
//! killed process left half-written, and permissions private to the user.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{Result, Store, StoreError};

mod slices;

pub use slices::copy_database_in_slices;

/// How long a command waits for a folder another dangjian holds before giving up.
pub const BUSY_WAIT: Duration = Duration::from_millis(2000);
const RETRY_EVERY: Duration = Duration::from_millis(20);

/// The lock file that guards the folder, held for as long as the database is open.
pub(super) const LOCK_FILE: &str = "lock";

impl Store {
    /// Opens the database in `dir` for a command that only reads (SPEC §5): a folder that
    /// does not exist is not created but reported, and a folder this user cannot write
    /// (a read-only mount, a full disk) is read from a copy.
    pub fn open_to_read(dir: &Path) -> Result<Store> {
        if !dir.is_dir() {
            return Err(StoreError::Missing(dir.to_path_buf()));
        }
        match open(dir, None, Writes::No)
            .and_then(|parts| Store::from_parts(dir, parts, None, Writes::No))
        {
            Err(e) if cannot_write(&e) => {
                let copy = tempfile::Builder::new()
                    .prefix("dangjian-read")
                    .tempdir()
                    .map_err(|source| StoreError::Io {
                        path: std::env::temp_dir(),
                        source,
                    })?;
                copy_database(dir, copy.path(), BUSY_WAIT)?;
                let path = copy.path().to_path_buf();
                Store::from_parts(
                    &path,
                    open(&path, None, Writes::No)?,
                    Some(copy),
                    Writes::No,
                )
            }
            other => other,
        }
    }

    /// Opens a fresh, empty database in `dir` after moving the one there to `aside`
    /// (`doctor --restore`), under one hold of the folder's lock.
    pub fn open_replacing(dir: &Path, aside: &Path) -> Result<Store> {
        Store::from_parts(
            dir,
            open(dir, Some(aside), Writes::Maybe)?,
            None,
            Writes::Maybe,
        )
    }
}

/// Whether an open failed because the folder cannot be written.
fn cannot_write(e: &StoreError) -> bool {
    use std::io::ErrorKind::*;
    let io = match e {
        StoreError::Io { source, .. } | StoreError::CreateDir { source, .. } => source,
        StoreError::Sled {
            source: sled::Error::Io(io),
            ..
        } => io,
        _ => return false,
    };
    matches!(
        io.kind(),
        PermissionDenied | ReadOnlyFilesystem | StorageFull | QuotaExceeded
    )
}

/// Copies the database of `dir` into `to/db`, holding the folder's lock (waiting up to
/// `wait`) so that no write is half in the copy. A folder whose lock cannot be taken
/// because it cannot be written is copied as it stands: nothing can write it either.
pub fn copy_database(dir: &Path, to: &Path, wait: Duration) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { path, source }
    };
    let held = match lock(dir, Instant::now() + wait) {
        Ok(f) => Some(f),
        Err(StoreError::Io { source, .. })
            if matches!(
                source.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            None
        }
        Err(e) => return Err(e),
    };
    copy_tree(&dir.join("db"), &to.join("db")).map_err(io(&dir.join("db")))?;
    drop(held);
    Ok(())
}

/// Copies the database files of `from` ([`slices::files`]) into `to`, private to the user.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    let private =
        |dir: &Path| create_private_dir(dir).map_err(|e| std::io::Error::other(e.to_string()));
    private(to)?;
    for (relative, _) in slices::files(from)? {
        let target = to.join(&relative);
        if let Some(parent) = target.parent() {
            private(parent)?;
        }
        std::fs::copy(from.join(&relative), target)?;
    }
    Ok(())
}

/// Whether the one who opens may write: then the answer kept beside the database goes
/// before anything else is done ([`super::kept`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Writes {
    Maybe,
    No,
}

/// Takes the folder's lock (waiting up to [`BUSY_WAIT`]), tidies the folder, moves the
/// database to `aside` if asked, and opens sled in `dir/db`. The returned file holds the
/// lock; drop it after the database.
pub(super) fn open(
    dir: &Path,
    aside: Option<&Path>,
    writes: Writes,
) -> Result<(sled::Db, File, Vec<PathBuf>)> {
    create_private_dir(dir)?;
    let deadline = Instant::now() + BUSY_WAIT;
    let lock = lock(dir, deadline)?;
    count_open(&lock);
    if writes == Writes::Maybe {
        super::kept::set_aside(dir);
    }
    super::compact::finish(dir)?;
    if let Some(aside) = aside
        && dir.join("db").exists()
    {
        std::fs::rename(dir.join("db"), aside).map_err(|source| StoreError::Io {
            path: dir.join("db"),
            source,
        })?;
    }
    make_private(dir);
    let removed = remove_stale_snapshots(&dir.join("db"));
    loop {
        match sled::Config::new()
            .path(dir.join("db"))
            // A command reads most values once: a small cache, and a small footprint for
            // an import whose memory is bounded by its file.
            .cache_capacity(16 << 20)
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

pub(crate) fn lock(dir: &Path, deadline: Instant) -> Result<File> {
    let path = dir.join(LOCK_FILE);
    let file = private_file(&path)
        // A folder that cannot be written may still hold the file: a shared reader
        // locks it all the same, so that no writer is half done.
        .or_else(|e| File::open(&path).map_err(|_| e))
        .map_err(|source| StoreError::Io {
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

/// Counts an open of the database in the lock file, under the lock and before sled
/// starts (sled may write on any open): a copy taken in slices between other processes'
/// opens can tell that one came in between ([`slices`]). A folder whose lock file cannot
/// be written cannot be written by sled either.
fn count_open(lock: &File) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        let next = opens(lock).wrapping_add(1);
        let _ = lock.write_all_at(&next.to_be_bytes(), 0);
    }
    #[cfg(not(unix))]
    let _ = lock;
}

/// How many times the database was opened, as counted in its lock file.
fn opens(lock: &File) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        let mut n = [0u8; 8];
        match lock.read_exact_at(&mut n, 0) {
            Ok(()) => u64::from_be_bytes(n),
            Err(_) => 0,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = lock;
        0
    }
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
