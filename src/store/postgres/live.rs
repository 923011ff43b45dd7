//! Hearing other users' writes: a connection of its own that `LISTEN`s on the channel
//! every write transaction notifies when it commits ([`super::CHANNEL`]).

use postgres::Client;
use postgres::fallible_iterator::FallibleIterator;

use crate::store::{Result, StoreError};

pub struct Listener {
    url: String,
    client: Client,
    /// The backend of the connection that writes for this process: not news.
    own: i32,
}

impl Listener {
    pub fn new(url: &str, own: i32) -> Result<Listener> {
        let config = super::connect::config(url)?;
        let mut client = super::connect::connect(&config, url)?;
        client
            .batch_execute(&format!("LISTEN {}", super::CHANNEL))
            .map_err(|source| StoreError::Postgres {
                url: url.to_string(),
                source,
            })?;
        Ok(Listener {
            url: url.to_string(),
            client,
            own,
        })
    }

    /// Whether another connection wrote since the last call; never waits for one.
    pub fn heard(&mut self) -> Result<bool> {
        // A round trip reads what the server sent meanwhile: a bare look at the buffer
        // would not see what the socket holds until the connection is driven.
        self.client
            .batch_execute("")
            .map_err(|source| StoreError::Postgres {
                url: self.url.clone(),
                source,
            })?;
        let mut heard = false;
        let mut notifications = self.client.notifications();
        let mut iter = notifications.iter();
        while let Some(n) = iter.next().map_err(|source| StoreError::Postgres {
            url: self.url.clone(),
            source,
        })? {
            heard |= n.process_id() != self.own;
        }
        Ok(heard)
    }
}
