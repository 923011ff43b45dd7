//! What the terminal UI holds. A data folder is held only while it is used: the UI keeps
//! what it shows in memory and opens the database for each read or write, so that
//! commands from other terminals and cron jobs can use the folder while the UI sits idle.
//! A server stays connected, and hears other users' writes through a listener.

use std::path::{Path, PathBuf};

use super::postgres::{Listener, Server};
use super::{Result, Storage, Store, open};

pub struct StoreHandle(Held);

enum Held {
    Folder(Box<Folder>),
    Server {
        server: Box<Server>,
        listener: Box<Listener>,
    },
}

struct Folder {
    dir: PathBuf,
    store: Option<Store>,
    /// The write generation the holder has seen (its own writes included).
    seen: u64,
    /// The database files as they were when the store was last closed.
    closed: Vec<(String, u64, i128)>,
}

impl From<Store> for StoreHandle {
    fn from(store: Store) -> StoreHandle {
        StoreHandle(Held::Folder(Box::new(Folder {
            dir: store.path().to_path_buf(),
            seen: store.generation().unwrap_or(0),
            store: Some(store),
            closed: Vec::new(),
        })))
    }
}

impl StoreHandle {
    /// Opens the store in `dir`, waiting like every command for a folder in use.
    pub fn open(dir: &Path) -> Result<StoreHandle> {
        Ok(Store::open(dir)?.into())
    }

    /// Holds `server`, listening for what others write from now on.
    pub fn server(server: Server) -> Result<StoreHandle> {
        let listener = server.listen()?;
        Ok(StoreHandle(Held::Server {
            server: Box::new(server),
            listener: Box::new(listener),
        }))
    }

    /// The data folder, when the handle holds one (the daily backup is kept there).
    pub fn dir(&self) -> Option<&Path> {
        match &self.0 {
            Held::Folder(f) => Some(&f.dir),
            Held::Server { .. } => None,
        }
    }

    /// The open store, opening a folder first if it was closed.
    pub fn get(&mut self) -> Result<&dyn Storage> {
        match &mut self.0 {
            Held::Folder(f) => Ok(f.store()?),
            Held::Server { server, .. } => Ok(&**server),
        }
    }

    pub fn is_open(&self) -> bool {
        match &self.0 {
            Held::Folder(f) => f.store.is_some(),
            Held::Server { .. } => true,
        }
    }

    /// Closes a folder's database so that other processes can use the folder; a server
    /// connection stays.
    pub fn close(&mut self) {
        if let Held::Folder(f) = &mut self.0
            && f.store.take().is_some()
        {
            f.closed = open::fingerprint(&f.dir);
        }
    }

    /// Notes that everything written so far has been seen (after a reload or an own write).
    pub fn mark_seen(&mut self) -> Result<()> {
        match &mut self.0 {
            Held::Folder(f) => f.seen = f.store()?.generation()?,
            // Its own writes are not news to the listener, and others' heard since the
            // last look are kept for the next.
            Held::Server { .. } => {}
        }
        Ok(())
    }

    /// Whether another process wrote since [`StoreHandle::mark_seen`]. While a folder is
    /// closed, its files are compared first, so an idle check opens nothing unless they
    /// changed; a server's listener is asked without waiting.
    pub fn changed_elsewhere(&mut self) -> Result<bool> {
        let f = match &mut self.0 {
            Held::Folder(f) => f,
            Held::Server { listener, .. } => return listener.heard(),
        };
        if f.store.is_none() && open::fingerprint(&f.dir) == f.closed {
            return Ok(false);
        }
        let was_open = f.store.is_some();
        let changed = f.store()?.generation()? != f.seen;
        if !changed && !was_open {
            self.close();
        }
        Ok(changed)
    }
}

impl Folder {
    fn store(&mut self) -> Result<&Store> {
        if self.store.is_none() {
            self.store = Some(Store::open(&self.dir)?);
        }
        Ok(self.store.as_ref().expect("opened above"))
    }
}
