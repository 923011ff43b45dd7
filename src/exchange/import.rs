//! `dangjian import` (SPEC §7): the whole file is checked before anything is written
//! ([`validate`]), then merged with what is stored ([`merge`]) and written in one
//! transaction.
//!
//! The merge treats every object as a last-writer-wins register: an object's newest copy
//! (by `updated_at`) wins, each tombstone keeps its latest `deleted_at`, and an object is
//! kept when its `updated_at` is later than its tombstone's `deleted_at`. Every step is a
//! maximum, so importing two files in either order gives the same database, and
//! importing a file twice changes nothing the second time.

mod merge;
mod validate;

pub use merge::{Report, merge};
pub use validate::{Problems, read, read_on};

use crate::model::ObjectKind;

/// What an object is, in messages: `记录 0193…` / `record 0193…`.
pub fn object_name(lang: crate::lang::Lang, kind: ObjectKind, id: &str) -> String {
    let word = match kind {
        ObjectKind::Org => lang.pick("组织", "org"),
        ObjectKind::Member => lang.pick("党员", "member"),
        ObjectKind::Record => lang.pick("记录", "record"),
        ObjectKind::Mark => lang.pick("标记", "mark"),
    };
    format!("{word} {id}")
}
