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
mod held;
mod merge;
pub mod payments;
pub mod records;
pub mod stream;
mod validate;

pub use bounds::{Ahead, Deletions, MANY_DELETIONS, References, future_stamps};
pub use merge::{Report, merge};
pub use stream::{MAX_EXPANDED, Source, TooLarge};
pub use validate::{Problems, read, read_on};

use chrono::{DateTime, NaiveDate, Utc};

use crate::checklist::Catalog;
use crate::dues::Payment;
use crate::lang::Lang;
use crate::model::ObjectKind;
use crate::period::Calendar;
use crate::store::{Changes, Contents, Encoded, Storage};

/// What is stored, as an import weighs it: everything but the records, and the records
/// by a compact index ([`records::Local`]).
#[derive(Default)]
pub struct Local {
    pub rest: Contents,
    pub records: records::Local,
}

impl Local {
    pub fn of(store: &dyn Storage) -> crate::store::Result<Local> {
        let mut records = records::Local::default();
        store.each_record(&mut |r| records.add(&r, crate::store::month_of(r.date)))?;
        Ok(Local {
            rest: store.contents_without_records(None, crate::store::Payments::Read)?,
            records,
        })
    }
}

/// What is stored and what a file holds, merged: the changes to write, what they amount
/// to and what they delete.
pub struct Plan {
    pub changes: Changes,
    pub report: Report,
    pub deletions: Deletions,
    /// The file's dues payments to put, of those it holds.
    pub payments: payments::Puts,
    held: Encoded<Payment>,
}

impl Plan {
    /// Writes the plan into `store` in one transaction ([`Storage::apply`]), the file's
    /// dues payments staged as they are let go of.
    pub fn apply(self, store: &dyn Storage) -> crate::store::Result<Report> {
        let Plan {
            changes,
            report,
            payments,
            held,
            ..
        } = self;
        if changes.is_empty() && payments.is_empty() {
            return Ok(report);
        }
        let mut held = Some(held);
        store.apply_with(changes, &mut |put| match held.take() {
            Some(held) => held.drain(|p| if payments.holds(&p) { put(p) } else { Ok(()) }),
            None => Ok(()),
        })?;
        Ok(report)
    }
}

/// Checks a whole file against `local` and merges it, reading the file once and holding
/// its records and dues payments encoded ([`Encoded`]): every problem of the file, a
/// timestamp ahead of `now` (when given), or an org deleted while something still refers
/// to it is refused here, before anything is written. A record may be dated up to the
/// file's `exported_at`, or `today` when that is later.
pub fn plan(
    source: &Source,
    catalog: &Catalog,
    cal: &Calendar,
    local: &Local,
    now: Option<DateTime<Utc>>,
    today: Option<NaiveDate>,
    lang: Lang,
) -> Result<Plan, Problems> {
    let scanned = validate::scan(source, lang, false)?;
    let until = scanned.until(today);
    let validate::Scanned {
        file,
        records: staged,
        payments: held,
        ..
    } = scanned;
    let refs = validate::Refs::new(&file, catalog, cal, &local.rest, lang, until);
    let mut problems = Vec::new();
    refs.before_records(&mut problems);
    let mut checks = held::Checks::new(&refs, now.map(|now| Ahead::new(now, lang)));
    let mut merges = held::Merges {
        records: records::Merge::new(&local.records, &local.rest.tombstones, &file.tombstones),
        payments: payments::Merge::new(
            &local.rest.dues_payments,
            &local.rest.tombstones,
            &file.tombstones,
        ),
    };
    if let Err(e) = held::check_and_merge(staged, &held, &mut checks, &mut merges) {
        return Err(Problems(vec![e.to_string()]));
    }
    problems.append(&mut checks.problems);
    refs.after_records(checks.payment_problems, &mut problems);
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    if let Some(now) = now {
        let ahead = future_stamps(&file, checks.ahead_found, now, lang);
        if !ahead.is_empty() {
            return Err(Problems(ahead));
        }
    }
    let records = merges.records.finish();
    let payments = merges.payments.finish();
    let references = References::of(&local.rest, local.records.per_org());
    let (gained, deleted) = (records.gained.clone(), records.deleted.clone());
    let (mut changes, mut report) = merge::merge_rest(without_payments(&local.rest), file);
    records.into_changes(&mut changes, &mut report);
    let payments = payments.into_changes(&mut changes, &mut report);
    let deletions = Deletions::of(&changes, &deleted);
    let referred =
        references.orgs_still_referred_to(&changes, &gained, &payments.per_org, &deletions, lang);
    if !referred.is_empty() {
        return Err(Problems(referred));
    }
    Ok(Plan {
        changes,
        report,
        deletions,
        payments,
        held,
    })
}

/// A copy of `c` but its dues payments (merged apart, [`payments`]).
fn without_payments(c: &Contents) -> Contents {
    Contents {
        orgs: c.orgs.clone(),
        members: c.members.clone(),
        records: c.records.clone(),
        marks: c.marks.clone(),
        dues_settings: c.dues_settings.clone(),
        dues_payments: Vec::new(),
        tombstones: c.tombstones.clone(),
    }
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
