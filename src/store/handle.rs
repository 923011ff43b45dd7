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
    /// The write generation the holder has seen (its own writes included); `None`: the
    /// one the store has when it is first opened.
    seen: Option<u64>,
    /// The database files as they were when the store was last closed.
    closed: Vec<(String, u64, i128)>,
    /// What settles the answers kept beside the folder when a store that wrote closes.
    settler: Option<Settler>,
}

/// Settles the answers kept beside a folder ([`crate::judge::answer::settle`]).
pub type Settler = std::sync::Arc<dyn Fn(&Store) + Send + Sync>;

impl From<Store> for StoreHandle {
    fn from(store: Store) -> StoreHandle {
        StoreHandle(Held::Folder(Box::new(Folder {
            dir: store.path().to_path_buf(),
            seen: store.generation().ok(),
            store: Some(store),
            closed: Vec::new(),
            settler: None,
        })))
    }
}

impl StoreHandle {
    /// Opens the store in `dir`, waiting like every command for a folder in use.
    pub fn open(dir: &Path) -> Result<StoreHandle> {
        Ok(Store::open(dir)?.into())
    }

    /// Holds the data folder `dir` without opening its database until it is first used.
    pub fn closed(dir: &Path) -> StoreHandle {
        StoreHandle(Held::Folder(Box::new(Folder {
            dir: dir.to_path_buf(),
            store: None,
            seen: None,
            closed: open::fingerprint(dir),
            settler: None,
        })))
    }

    /// Notes that the holder has seen the database as it was at write `generation`
    /// (what it shows was kept at that generation).
    pub fn seen_at(&mut self, generation: u64) {
        if let Held::Folder(f) = &mut self.0 {
            f.seen = Some(generation);
        }
    }

    /// Has every store opened from now on settle the answers kept beside the folder
    /// when it closes, after its writes.
    pub fn settle_with(&mut self, settler: Settler) {
        if let Held::Folder(f) = &mut self.0 {
            if let Some(store) = &f.store {
                let settle = settler.clone();
                store.settle_on_close(Box::new(move |s| settle(s)));
            }
            f.settler = Some(settler);
        }
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
            Held::Folder(f) => f.seen = Some(f.store()?.generation()?),
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
        let changed = Some(f.store()?.generation()?) != f.seen;
        if !changed && !was_open {
            self.close();
        }
        Ok(changed)
    }
}

impl Folder {
    fn store(&mut self) -> Result<&Store> {
        if self.store.is_none() {
            let store = Store::open(&self.dir)?;
            if let Some(settle) = self.settler.clone() {
                store.settle_on_close(Box::new(move |s| settle(s)));
            }
            if self.seen.is_none() {
                self.seen = Some(store.generation()?);
            }
            self.store = Some(store);
        }
        Ok(self.store.as_ref().expect("opened above"))
    }
}
