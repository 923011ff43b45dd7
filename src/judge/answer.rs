//! The answers kept beside a data folder ([`crate::store::kept`]): `status --format json`
//! over every org, and the facts the UI's overview shows of every org. Made whole by a
//! status or a UI that judged every org, and made again org by org after a write, for the
//! orgs written to and those above them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::Result;

use super::facts::Facts;
use super::{Judge, Judged};
use crate::model::Org;
use crate::report::{OrgReport, org_json};
use crate::status::Summary;
use crate::store::codec::{self, Decoded, Reader, Writer};
use crate::store::{Answer, Storage, Store, Touched};

/// What the status answer is kept under ([`crate::context::Context::answer_key`]).
pub const QUESTION: &str = "status --format json";
/// What the overview's facts are kept under; named anew when their encoding changes, so
/// that an overview kept in another is never read.
pub const OVERVIEW: &str = "overview, compact 2";

/// The keys of the answers, as the caller's context makes them; `None`: not kept.
#[derive(Clone, Default)]
pub struct Keys {
    pub status: Option<Vec<u8>>,
    pub overview: Option<Vec<u8>>,
}

impl Keys {
    fn of(&self, answer: Answer) -> Option<&[u8]> {
        match answer {
            Answer::Status => self.status.as_deref(),
            Answer::Overview => self.overview.as_deref(),
        }
    }
}

/// One org's part of the status answer: its report in JSON, as `status --format json`
/// prints it.
pub fn part(judge: &Judge, j: &Judged) -> Result<Vec<u8>> {
    let mut r = OrgReport::new(judge.catalog, &j.org, &j.status, false);
    r.scores = j.scores.clone();
    org_json(&r)
}

/// One org's part of the overview: the org and its facts, in the store's compact
/// encoding ([`crate::store::codec`]), which the UI reads at every start.
pub fn facts_part(judge: &Judge, j: &Judged) -> Result<Vec<u8>> {
    let facts = Facts::of(judge.catalog, &j.status, &j.scores);
    let mut w = Writer(Vec::with_capacity(256));
    codec::write_org(&mut w, &j.org);
    let Facts {
        summary,
        hours,
        next_election,
        scores,
    } = &facts;
    let Summary {
        overdue,
        due_soon,
        done,
        pending,
        not_applicable,
    } = *summary;
    for n in [overdue, due_soon, done, pending, not_applicable] {
        w.len(n);
    }
    w.opt(hours, |w, &(a, b)| {
        w.len(a);
        w.len(b);
    });
    w.opt(next_election, |w, d| w.date(*d));
    w.len(scores.len());
    for &(score, max) in scores {
        w.f64(score);
        w.f64(max);
    }
    Ok(w.0)
}

/// Reads what [`facts_part`] wrote, all of it.
fn read_part(bytes: &[u8]) -> Decoded<(Org, Facts)> {
    let mut r = Reader::new(bytes);
    let org = codec::read_org(&mut r)?;
    let summary = Summary {
        overdue: r.len()?,
        due_soon: r.len()?,
        done: r.len()?,
        pending: r.len()?,
        not_applicable: r.len()?,
    };
    let hours = r.opt(|r| Ok((r.len()?, r.len()?)))?;
    let next_election = r.opt(Reader::date)?;
    let n = r.len()?;
    // Two numbers of eight bytes each: a count past what is left is no part.
    if n > bytes.len() / 16 {
        return Err("too many scores");
    }
    let scores = (0..n)
        .map(|_| Ok((r.f64()?, r.f64()?)))
        .collect::<Decoded<_>>()?;
    r.end()?;
    let facts = Facts {
        summary,
        hours,
        next_election,
        scores,
    };
    Ok((org, facts))
}

/// Keeps the overview of every org judged (`orgs` in the store's order), when the
/// store is a data folder's.
pub fn keep_overview(judge: &Judge, store: &Store, key: &[u8], judged: &[&Judged]) {
    let parts: Result<Vec<Vec<u8>>> = judged.iter().map(|j| facts_part(judge, j)).collect();
    if let Ok(parts) = parts {
        let ids: Vec<&str> = judged.iter().map(|j| j.org.id.as_str()).collect();
        let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        store.keep(Answer::Overview, key, &ids, &parts);
    }
}

/// The overview kept beside `dir` for `key`: every org, in the store's order, with its
/// facts, each turned by the reader's `then`; and the database's write generation they
/// were made at.
pub struct Overview<T> {
    pub orgs: Vec<T>,
    pub generation: u64,
}

/// `None` when there is none for `key`, or a part does not read: the caller judges afresh.
/// Each org and its facts are turned by `then` on the core that read them.
pub fn read_overview<T: Send>(
    dir: &std::path::Path,
    key: &[u8],
    then: impl Fn(Org, Facts) -> T + Sync,
) -> Option<Overview<T>> {
    let whole = crate::store::kept::read_whole(dir, Answer::Overview, key)?;
    // Read on every core: at 5,000 orgs this is much of the UI's first frame.
    let each: Vec<usize> = (0..whole.ids.len()).collect();
    let orgs = crate::parallel::in_parallel(&each, |&i| {
        let (org, facts) = read_part(whole.part(i)).map_err(anyhow::Error::msg)?;
        anyhow::ensure!(org.id == whole.ids[i], "a part of another org");
        Ok(then(org, facts))
    })
    .ok()?;
    Some(Overview {
        orgs,
        generation: whole.generation,
    })
}

/// Both answers of every org judged once: the status parts, and the overview's when
/// asked for. The org's JSON and facts are made on the core that judged it.
pub struct Made {
    pub ids: Vec<String>,
    pub parts: Vec<Vec<u8>>,
    pub facts: Option<Vec<Vec<u8>>>,
}

impl Made {
    /// Judges every org of `orgs` (the store's, in its order).
    pub fn judge(judge: &Judge, store: &dyn Storage, orgs: &[Org], facts: bool) -> Result<Made> {
        let made = judge.every_then(store, orgs, |j| {
            let f = facts.then(|| facts_part(judge, &j)).transpose()?;
            Ok((part(judge, &j)?, f))
        })?;
        let (parts, f): (Vec<Vec<u8>>, Vec<Option<Vec<u8>>>) = made.into_iter().unzip();
        Ok(Made {
            ids: orgs.iter().map(|o| o.id.clone()).collect(),
            parts,
            facts: f.into_iter().collect(),
        })
    }

    /// Keeps what was made beside `folder`, each answer under its key. The caller holds
    /// the store, and with it the folder's lock; an answer that cannot be kept is made
    /// again when next asked.
    pub fn keep(&self, folder: &Store, keys: &Keys) {
        let ids: Vec<&str> = self.ids.iter().map(String::as_str).collect();
        if let Some(key) = &keys.status {
            let parts: Vec<&[u8]> = self.parts.iter().map(Vec::as_slice).collect();
            folder.keep(Answer::Status, key, &ids, &parts);
        }
        if let (Some(key), Some(facts)) = (&keys.overview, &self.facts) {
            let facts: Vec<&[u8]> = facts.iter().map(Vec::as_slice).collect();
            folder.keep(Answer::Overview, key, &ids, &facts);
        }
    }
}

/// After a write that may have changed every org's answer (an import, a demo): judges
/// every org and keeps both answers, so that the status and the UI that follow read
/// them instead of judging. Nothing is kept on a server, or when a key cannot be made.
pub fn keep_every(judge: &Judge, store: &dyn Storage, keys: &Keys) -> Result<()> {
    let Some(folder) = store.folder() else {
        return Ok(());
    };
    if keys.status.is_none() && keys.overview.is_none() {
        return Ok(());
    }
    // The answers moved aside when the store opened are older than these: they go, and
    // a write after this point removes what is kept here.
    let touched = folder.take_touched();
    folder.settle_kept(touched == Touched::Nothing);
    let orgs = folder.orgs()?;
    Made::judge(&judge.among(&orgs), folder, &orgs, keys.overview.is_some())?.keep(folder, keys);
    Ok(())
}

/// After the writes through `store`, settles the answers it moved aside when it opened:
/// back as they were when nothing was written; with the parts of the orgs written to,
/// and of those above them, made again when an answer was for its key and holds every
/// other org (an org added gets its part in its place); else dropped. The store is still
/// open, so no one else writes meanwhile.
pub fn settle(judge: &Judge, store: &Store, keys: &Keys) {
    let touched = store.take_touched();
    if let Touched::Orgs(written) = &touched {
        // Kept or not, the bases go: an answer made again is in place by now.
        let _ = again(judge, store, keys, written);
    }
    store.settle_kept(touched == Touched::Nothing);
}

/// Makes the parts of `written` and the orgs above them again, in each answer moved
/// aside for its key, and keeps them. An org added since has its part made in its place.
fn again(judge: &Judge, store: &Store, keys: &Keys, written: &BTreeSet<String>) -> Result<()> {
    // The orgs written to and those above them, each once.
    let mut changed: HashMap<String, Org> = HashMap::new();
    for id in written {
        let mut at = Some(id.clone());
        while let Some(a) = at.take() {
            if changed.contains_key(&a) {
                break;
            }
            if let Some(org) = store.org(&a)? {
                at = org.parent.clone();
                changed.insert(a, org);
            }
        }
    }
    let ids = store.org_ids()?;
    // An answer is made again when it holds every org but those whose parts are made
    // now, and no other.
    let mut bases: Vec<(Answer, &[u8])> = Vec::new();
    for answer in Answer::ALL {
        let Some(key) = keys.of(answer) else { continue };
        let Some(base) = store.kept_base_ids(answer, key) else {
            continue;
        };
        if crate::store::kept::placed(&base, &ids, |i| changed.contains_key(&ids[i])).is_some() {
            bases.push((answer, key));
        }
    }
    if bases.is_empty() {
        return Ok(());
    }
    let which: Vec<usize> = (0..ids.len())
        .filter(|&i| changed.contains_key(&ids[i]))
        .collect();
    let judged = crate::parallel::in_parallel(&which, |&i| judge.org(store, &changed[&ids[i]]))?;
    for (answer, key) in bases {
        let mut replaced = BTreeMap::new();
        for (&i, j) in which.iter().zip(&judged) {
            let part = match answer {
                Answer::Status => part(judge, j)?,
                Answer::Overview => facts_part(judge, j)?,
            };
            replaced.insert(i, part);
        }
        store.keep_replacing(answer, key, &ids, &replaced);
    }
    Ok(())
}
