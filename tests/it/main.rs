//! Every integration test, in one binary (linked once): each module holds the tests of one
//! concern; `common` holds the helpers they share.

mod common;

mod backup;
mod check;
mod cli;
mod cli_zh;
mod crash;
mod demo_kill;
mod doctor;
mod dues;
mod e2e;
mod entry;
mod exchange;
mod exchange_bounds;
mod exchange_kill;
mod exchange_props;
mod exchange_xlsx;
mod input;
mod kept;
mod lock;
mod parity;
mod pg;
mod pipeline;
mod reliability;
mod roster;
mod rubric;
mod sanitize;
mod schema_move;
mod score;
mod server;
mod shared_folder;
mod stages;
mod ui;
