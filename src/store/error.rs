//! What can go wrong with the data folder or the server. The words are in
//! [`crate::messages`], which also gives each error its `Display`.

use std::path::PathBuf;

#[derive(Debug)]
pub enum StoreError {
    /// Another dangjian holds the folder (after waiting 2 s).
    Busy(PathBuf),
    /// The folder was written by a newer schema than this build reads.
    NewerSchema {
        path: PathBuf,
        found: u32,
    },
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    Sled {
        path: PathBuf,
        source: sled::Error,
    },
    /// A read found no data folder (reads create none).
    Missing(PathBuf),
    Postgres {
        url: String,
        source: postgres::Error,
    },
    BadUrl {
        url: String,
        message: String,
    },
    PasswordInUrl,
    /// The server refused a write into this org.
    Refused(String),
    NoServerSchema(String),
    OlderServerSchema {
        url: String,
        found: i32,
    },
    NewerServerSchema {
        url: String,
        found: i32,
    },
    NoSuchUser(String),
    Corrupt {
        key: String,
        message: String,
    },
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::CreateDir { source, .. } | StoreError::Io { source, .. } => Some(source),
            StoreError::Sled { source, .. } => Some(source),
            StoreError::Postgres { source, .. } => Some(source),
            _ => None,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
