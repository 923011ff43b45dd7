//! dangjian (党建) tells a university party organization what it owes and when: it reads
//! the guides as YAML checklists, keeps each organization's members and activity records
//! in an embedded sled database, and works out every recurring obligation's period,
//! deadline and status for any given day.
//!
//! The domain ([`model`], [`period`], [`checklist`], [`status`], [`score`], [`entry`],
//! [`input`]) knows nothing of storage, terminals or the clock. Above it: [`store`] keeps
//! the data, [`judge`] is the one path from stored records to statuses and scores,
//! [`context`] resolves what the command line and the UI share, and [`commands`] and
//! [`tui`] sit on top; `main` picks which runs.

pub mod checklist;
pub mod cli;
pub mod clock;
pub mod commands;
mod config;
pub mod context;
pub mod demo;
pub mod dues;
pub mod entry;
pub mod exchange;
pub mod i18n;
pub mod input;
pub mod judge;
pub mod lang;
pub mod messages;
pub mod model;
pub mod parallel;
pub mod period;
pub mod report;
pub mod score;
pub mod stages;
pub mod status;
pub mod store;
pub mod text;
pub mod tui;
mod yaml;
