//! The answer to `status --format json` over every org, kept beside a data folder
//! ([`crate::store::kept`]): made whole by a status that judged every org, and made again
//! org by org after a write, for the orgs written to and those above them.

use std::collections::{BTreeSet, HashMap};

use anyhow::Result;

use super::{Judge, Judged};
use crate::report::{OrgReport, org_json};
use crate::store::{Store, Touched};

/// What the answer is kept under ([`crate::context::Context::answer_key`]).
pub const QUESTION: &str = "status --format json";

/// One org's part of the answer: its report in JSON, as `status --format json` prints it.
pub fn part(judge: &Judge, j: Judged) -> Result<Vec<u8>> {
    let mut r = OrgReport::new(judge.catalog, &j.org, &j.status, false);
    r.scores = j.scores;
    org_json(&r)
}

/// After the writes through `store`, settles the answer it moved aside when it opened:
/// back as it was when nothing was written; with the parts of the orgs written to, and
/// of those above them, made again when the answer was for `key` and the orgs are the
/// same; else dropped. The store is still open, so no one else writes meanwhile.
pub fn settle(judge: &Judge, store: &Store, key: Option<&[u8]>) {
    let touched = store.take_touched();
    if let (Touched::Orgs(written), Some(key)) = (&touched, key) {
        // Kept or not, the base goes: an answer made again is in place by now.
        let _ = again(judge, store, key, written);
    }
    store.settle_kept(touched == Touched::Nothing);
}

/// Makes the parts of `written` and the orgs above them again, and keeps the answer;
/// whether it was kept.
fn again(judge: &Judge, store: &Store, key: &[u8], written: &BTreeSet<String>) -> Result<bool> {
    let Some((ids, mut parts)) = store.kept_base(key) else {
        return Ok(false);
    };
    let orgs = store.orgs()?;
    if orgs.len() != ids.len() || orgs.iter().zip(&ids).any(|(o, id)| o.id != *id) {
        return Ok(false);
    }
    let parent: HashMap<&str, Option<&str>> = orgs
        .iter()
        .map(|o| (o.id.as_str(), o.parent.as_deref()))
        .collect();
    let mut changed = BTreeSet::new();
    for id in written {
        let mut at = Some(id.as_str());
        while let Some(a) = at {
            if !changed.insert(a) {
                break;
            }
            at = parent.get(a).copied().flatten();
        }
    }
    let which: Vec<usize> = (0..orgs.len())
        .filter(|&i| changed.contains(orgs[i].id.as_str()))
        .collect();
    let made = crate::parallel::in_parallel(&which, |&i| part(judge, judge.org(store, &orgs[i])?))?;
    for (&i, p) in which.iter().zip(made) {
        parts[i] = p;
    }
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    Ok(store.keep(key, &ids, &parts))
}
