//! A copy of the database taken a slice at a time, so that the day's backup never holds
//! the folder for longer than one slice: a university's database is gigabytes, and a
//! write waits at most [`super::BUSY_WAIT`] for the folder.
//!
//! Between two slices another dangjian may open the database. Every open counts itself
//! in the lock file ([`super::count_open`]) before sled starts, and sled's files change
//! their size or time when written, so a copy that sees either move starts again. After
//! a few such starts it copies whole, under one hold of the folder.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{copy_database, create_private_dir, fingerprint, lock, opens};
use crate::store::{Result, StoreError};

/// How much is copied under one hold of the folder.
const SLICE: u64 = 32 << 20;
/// Copies begun again, when others opened the database meanwhile, before one whole copy.
const ATTEMPTS: usize = 20;
/// The pause after each slice, longer than a waiting command's retry
/// (every 20 ms), so that a command waiting for the folder gets it first.
const PAUSE: Duration = Duration::from_millis(50);
/// The quiet wanted before a copy begins again: the commands that came in meanwhile end.
const QUIET: Duration = Duration::from_secs(1);

/// What tells that nobody opened the database since: the opens counted and sled's files.
#[derive(PartialEq, Eq)]
struct State {
    opens: u64,
    files: Vec<(String, u64, i128)>,
}

fn state(dir: &Path, held: &File) -> State {
    State {
        opens: opens(held),
        files: fingerprint(dir),
    }
}

/// Copies the database of `dir` into `to/db` a slice at a time, each slice under the
/// folder's lock (waiting up to `wait` for it), and only keeps a copy during which
/// nobody opened the database.
pub fn copy_database_in_slices(dir: &Path, to: &Path, wait: Duration) -> Result<()> {
    copy_in(dir, to, wait, SLICE, PAUSE)
}

fn copy_in(dir: &Path, to: &Path, wait: Duration, slice: u64, pause: Duration) -> Result<()> {
    let deadline = Instant::now() + wait;
    for _ in 0..ATTEMPTS {
        if attempt(dir, to, wait, slice, pause)? {
            return Ok(());
        }
        if Instant::now() >= deadline {
            break;
        }
        std::thread::sleep(QUIET);
    }
    let _ = std::fs::remove_dir_all(to.join("db"));
    copy_database(dir, to, wait)
}

/// One copy: whether nobody opened the database while it was taken.
fn attempt(dir: &Path, to: &Path, wait: Duration, slice: u64, pause: Duration) -> Result<bool> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { path, source }
    };
    let (from, into) = (dir.join("db"), to.join("db"));
    let held = lock(dir, Instant::now() + wait)?;
    let before = state(dir, &held);
    let files = files(&from).map_err(io(&from))?;
    drop(held);
    let _ = std::fs::remove_dir_all(&into);
    create_private_dir(&into)?;
    for (relative, len) in &files {
        let (source, target) = (from.join(relative), into.join(relative));
        if let Some(parent) = target.parent() {
            create_private_dir(parent)?;
        }
        let mut out = super::private_file(&target).map_err(io(&target))?;
        let mut offset = 0;
        loop {
            let held = lock(dir, Instant::now() + wait)?;
            if state(dir, &held) != before {
                return Ok(false);
            }
            let mut input = File::open(&source).map_err(io(&source))?;
            input.seek(SeekFrom::Start(offset)).map_err(io(&source))?;
            out.seek(SeekFrom::Start(offset)).map_err(io(&target))?;
            let n = std::io::copy(&mut input.take(slice.min(len - offset)), &mut out)
                .map_err(io(&target))?;
            drop(held);
            std::thread::sleep(pause);
            offset += n;
            if n == 0 || offset >= *len {
                break;
            }
        }
    }
    let held = lock(dir, Instant::now() + wait)?;
    Ok(state(dir, &held) == before)
}

/// The files under `db` with their sizes, by path below it; half-written snapshots left
/// out (sled ignores them, and they vanish).
pub(super) fn files(db: &Path) -> std::io::Result<Vec<(PathBuf, u64)>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, u64)>) -> std::io::Result<()> {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let path = entry.path();
            if entry.file_name().to_string_lossy().ends_with(".generating") {
                continue;
            }
            let kind = entry.file_type()?;
            if kind.is_dir() {
                walk(root, &path, out)?;
            } else if kind.is_file() {
                let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                out.push((relative, entry.metadata()?.len()));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(db, db, &mut out)?;
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_copy_in_slices_opens_as_the_database_it_copied() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let org: crate::model::Org = serde_json::from_str(
            r#"{"id":"a","name":"甲支部","kind":"teacher-branch","since":"2024-01-01","updated_at":""}"#,
        )
        .unwrap();
        store.put_org(&org).unwrap();
        store.flush().unwrap();
        drop(store);
        let to = tempfile::tempdir().unwrap();
        // Slices of 4 KiB: the file is copied in many.
        copy_in(
            dir.path(),
            to.path(),
            Duration::from_secs(2),
            4096,
            Duration::ZERO,
        )
        .unwrap();
        let copy = Store::open(to.path()).unwrap();
        assert_eq!(copy.orgs().unwrap(), vec![org]);
    }

    #[test]
    fn an_open_between_two_slices_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::open(dir.path()).unwrap());
        let held = lock(dir.path(), Instant::now()).unwrap();
        let before = state(dir.path(), &held);
        drop(held);
        drop(Store::open(dir.path()).unwrap());
        let held = lock(dir.path(), Instant::now()).unwrap();
        assert!(state(dir.path(), &held) != before);
    }
}
