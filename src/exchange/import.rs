//! `dangjian import` (SPEC §7): the whole file is checked before anything is written
//! ([`validate`]), then merged with what is stored ([`merge`]), bounded in what it may
//! do ([`bounds`]) and written in one transaction.
//!
//! The merge treats every object as a last-writer-wins register: an object's newest copy
//! (by `updated_at`) wins, each tombstone keeps its latest `deleted_at`, and an object is
//! kept when its `updated_at` is later than its tombstone's `deleted_at`. Every step is a
//! maximum, so importing two files in either order gives the same database, and
//! importing a file twice changes nothing the second time.

mod bounds;
mod merge;
mod validate;

pub use bounds::{Deletions, MANY_DELETIONS, References, future_stamps};
pub use merge::{Report, merge};
pub use validate::{Problems, read, read_on};

use chrono::{DateTime, NaiveDate, Utc};

use crate::checklist::Catalog;
use crate::lang::Lang;
use crate::model::ObjectKind;
use crate::period::Calendar;
use crate::store::{Changes, Contents};

/// What is stored and what a file holds, merged: the changes to write, what they amount
/// to and what they delete.
pub struct Plan {
    pub changes: Changes,
    pub report: Report,
    pub deletions: Deletions,
}

/// Checks a whole file against `local` and merges it: every problem of the file, a
/// timestamp ahead of `now`, or an org deleted while something still refers to it is
/// refused here, before anything is written.
pub fn plan(
    bytes: &[u8],
    catalog: &Catalog,
    cal: &Calendar,
    local: Contents,
    now: DateTime<Utc>,
    today: NaiveDate,
    lang: Lang,
) -> Result<Plan, Problems> {
    let file = read_on(bytes, catalog, cal, &local, lang, Some(today))?.into_contents();
    let ahead = future_stamps(&file, now, lang);
    if !ahead.is_empty() {
        return Err(Problems(ahead));
    }
    let refs = References::of(&local);
    let (changes, report) = merge(local, file);
    let deletions = Deletions::of(&changes);
    let referred = refs.orgs_still_referred_to(&changes, &deletions, lang);
    if !referred.is_empty() {
        return Err(Problems(referred));
    }
    Ok(Plan {
        changes,
        report,
        deletions,
    })
}

/// What an object is, in messages: `记录 0193…` / `record 0193…`.
pub fn object_name(lang: crate::lang::Lang, kind: ObjectKind, id: &str) -> String {
    let word = match kind {
        ObjectKind::Org => lang.pick("组织", "org"),
        ObjectKind::Member => lang.pick("党员", "member"),
        ObjectKind::Record => lang.pick("记录", "record"),
        ObjectKind::Mark => lang.pick("标记", "mark"),
        ObjectKind::DuesSetting => lang.pick("党费设置", "dues setting"),
        ObjectKind::DuesPayment => lang.pick("党费交纳", "dues payment"),
    };
    format!("{word} {id}")
}
