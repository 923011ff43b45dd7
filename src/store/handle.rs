//! A data folder held only while it is used: the terminal UI keeps what it shows in memory
//! and opens the database for each read or write, so that commands from other terminals
//! and cron jobs can use the folder while the UI sits idle.

use std::path::{Path, PathBuf};

use super::{Result, Storage, Store, open};

pub struct StoreHandle {
    dir: PathBuf,
    store: Option<Store>,
    /// The write generation the holder has seen (its own writes included).
    seen: u64,
    /// The database files as they were when the store was last closed.
    closed: Vec<(String, u64, i128)>,
}

impl From<Store> for StoreHandle {
    fn from(store: Store) -> StoreHandle {
        StoreHandle {
            dir: store.path().to_path_buf(),
            seen: store.generation().unwrap_or(0),
            store: Some(store),
            closed: Vec::new(),
        }
    }
}

impl StoreHandle {
    /// Opens the store in `dir`, waiting like every command for a folder in use.
    pub fn open(dir: &Path) -> Result<StoreHandle> {
        Ok(Store::open(dir)?.into())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The open store, opening it first if it was closed.
    pub fn get(&mut self) -> Result<&dyn Storage> {
        Ok(self.folder()?)
    }

    fn folder(&mut self) -> Result<&Store> {
        if self.store.is_none() {
            self.store = Some(Store::open(&self.dir)?);
        }
        Ok(self.store.as_ref().expect("opened above"))
    }

    pub fn is_open(&self) -> bool {
        self.store.is_some()
    }

    /// Closes the database so that other processes can use the folder.
    pub fn close(&mut self) {
        if self.store.take().is_some() {
            self.closed = open::fingerprint(&self.dir);
        }
    }

    /// Notes that everything written so far has been seen (after a reload or an own write).
    pub fn mark_seen(&mut self) -> Result<()> {
        self.seen = self.folder()?.generation()?;
        Ok(())
    }

    /// Whether another process wrote since [`StoreHandle::mark_seen`]. While closed, the
    /// files are compared first, so an idle check opens nothing unless they changed.
    pub fn changed_elsewhere(&mut self) -> Result<bool> {
        if self.store.is_none() && open::fingerprint(&self.dir) == self.closed {
            return Ok(false);
        }
        let was_open = self.is_open();
        let changed = self.folder()?.generation()? != self.seen;
        if !changed && !was_open {
            self.close();
        }
        Ok(changed)
    }
}
