//! Per org, the months whose blocks hold each obligation's records (tree `record_months`).
//!
//! Status needs this year's blocks, and of the earlier ones only the records of the
//! obligations it judges over all time (terms, `once` reports). This index names those
//! blocks, so status reads a year of blocks instead of every block the org ever had.
//!
//! An index may name months that no longer hold the obligation (a record was deleted or
//! moved) but never leaves one out: writes only add to it, in the same transaction as
//! the block they change, and `doctor` rebuilds it from the blocks.

use std::collections::{BTreeMap, BTreeSet};

use super::FORMAT;
use super::block::Month;
use super::codec::{Decoded, Reader, Writer};

/// Obligation id → the months whose blocks may hold its records.
pub type Months = BTreeMap<String, BTreeSet<Month>>;

/// Records that `month`'s block holds a record of each of `obligations`; true if that
/// was news.
pub fn add<'a>(
    m: &mut Months,
    month: Month,
    obligations: impl IntoIterator<Item = &'a str>,
) -> bool {
    let mut changed = false;
    for o in obligations {
        changed |= match m.get_mut(o) {
            Some(months) => months.insert(month),
            None => {
                m.insert(o.to_string(), BTreeSet::from([month]));
                true
            }
        };
    }
    changed
}

/// Whether `wider` names every month `exact` names.
pub fn covers(wider: &Months, exact: &Months) -> bool {
    exact.iter().all(|(o, months)| {
        wider
            .get(o)
            .is_some_and(|w| months.iter().all(|m| w.contains(m)))
    })
}

pub fn encode(m: &Months) -> Vec<u8> {
    let mut w = Writer(vec![FORMAT]);
    w.len(m.len());
    for (o, months) in m {
        w.str(o);
        w.len(months.len());
        for month in months {
            w.len(usize::try_from(*month).unwrap_or(0));
        }
    }
    w.0
}

pub fn decode(v: &[u8]) -> Decoded<Months> {
    let Some((&FORMAT, rest)) = v.split_first() else {
        return Err("unknown value format");
    };
    let mut r = Reader::new(rest);
    let mut out = Months::new();
    for _ in 0..r.len()? {
        let n = r.len()?;
        let o = std::str::from_utf8(r.take(n)?).map_err(|_| "text is not UTF-8")?;
        let mut months = BTreeSet::new();
        for _ in 0..r.len()? {
            let month = i32::try_from(r.len()?).map_err(|_| "month out of range")?;
            months.insert(month);
        }
        out.insert(o.to_string(), months);
    }
    if !r.is_empty() {
        return Err("value has trailing bytes");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_only_grows() {
        let mut m = Months::new();
        assert!(add(&mut m, 202310, ["election", "party-day"]));
        assert!(!add(&mut m, 202310, ["election"]));
        assert!(add(&mut m, 202611, ["party-day"]));
        assert_eq!(decode(&encode(&m)).unwrap(), m);
        assert_eq!(m["party-day"], BTreeSet::from([202310, 202611]));

        let mut fewer = Months::new();
        add(&mut fewer, 202310, ["election"]);
        assert!(covers(&m, &fewer));
        assert!(!covers(&fewer, &m));
        assert!(decode(&[FORMAT, 1, 1]).is_err());
    }
}
