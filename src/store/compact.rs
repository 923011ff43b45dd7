//! Rewriting the database into a new file when a schema move leaves an old tree behind.
//! sled keeps the space of what was removed as free stretches of its file and writes
//! over every one of them each time it opens: a folder whose dues payments moved to
//! blocks, and whose old tree was dropped, opened three times slower than before the
//! move. The copy leaves the old tree out instead.
//!
//! The database is copied tree by tree into `db.compact` beside `db`, made durable, and
//! marked whole (`db.compact/whole`). Once the store that copied it has closed, `db` is
//! moved to `db.old`, the copy to `db`, and the old one removed ([`finish`], which every
//! open runs first, under the folder's lock). A kill at any moment leaves either `db` as
//! it was, or a whole copy that the next open puts in place; a copy not marked whole is
//! removed.

use std::path::{Path, PathBuf};

use super::{Result, StoreError, open};

const COPY: &str = "db.compact";
const OLD: &str = "db.old";
/// The file that marks a copy whole.
const WHOLE: &str = "whole";
/// Keys copied per batch.
const BATCH: usize = 1024;

/// Copies `db` (the database of the folder `dir`, which nothing writes to meanwhile) into
/// `dir/db.compact`, all but the tree `leave_out`, with `schema` set; then marks the copy
/// whole, for [`finish`] to put in place.
pub(super) fn copy(db: &sled::Db, dir: &Path, leave_out: &str, schema: u32) -> Result<()> {
    let to = dir.join(COPY);
    remove_dir(&to)?;
    open::create_private_dir(&to)?;
    let sled_err = |source| StoreError::Sled {
        path: to.clone(),
        source,
    };
    {
        let copy = sled::Config::new()
            .path(&to)
            .cache_capacity(64 << 20)
            .open()
            .map_err(sled_err)?;
        for name in db.tree_names() {
            if name == leave_out.as_bytes() {
                continue;
            }
            let (from, into) = (
                db.open_tree(&name).map_err(sled_err)?,
                copy.open_tree(&name).map_err(sled_err)?,
            );
            let mut batch = sled::Batch::default();
            let mut held = 0;
            for kv in from.iter() {
                let (k, v) = kv.map_err(sled_err)?;
                batch.insert(k, v);
                held += 1;
                if held == BATCH {
                    into.apply_batch(std::mem::take(&mut batch))
                        .map_err(sled_err)?;
                    held = 0;
                }
            }
            into.apply_batch(batch).map_err(sled_err)?;
        }
        copy.insert("schema", &schema.to_be_bytes())
            .map_err(sled_err)?;
        copy.flush().map_err(sled_err)?;
    }
    open::sync_dir(&to).map_err(io(&to))?;
    open::private_file(&to.join(WHOLE))
        .and_then(|f| f.sync_all())
        .map_err(io(&to))?;
    open::make_private(&to);
    std::fs::File::open(&to)
        .and_then(|f| f.sync_all())
        .map_err(io(&to))
}

/// Puts a whole copy in place of `dir/db`, and removes what a copy or a move left.
pub(super) fn finish(dir: &Path) -> Result<()> {
    let (db, copy, old) = (dir.join("db"), dir.join(COPY), dir.join(OLD));
    if copy.join(WHOLE).exists() {
        if db.exists() {
            remove_dir(&old)?;
            std::fs::rename(&db, &old).map_err(io(&db))?;
        }
        std::fs::rename(&copy, &db).map_err(io(&copy))?;
        std::fs::File::open(dir)
            .and_then(|f| f.sync_all())
            .map_err(io(dir))?;
    }
    match std::fs::remove_file(db.join(WHOLE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(&db)(e)),
        _ => {}
    }
    remove_dir(&copy)?;
    remove_dir(&old)
}

fn remove_dir(path: &Path) -> Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(path)(e)),
        _ => Ok(()),
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError {
    let path: PathBuf = path.to_path_buf();
    move |source| StoreError::Io { path, source }
}
