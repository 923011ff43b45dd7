//! An org in the compact encoding, as the overview kept beside a data folder holds every
//! org ([`crate::judge::answer`]): the UI reads thousands of them before its first frame.

use std::collections::BTreeMap;

use super::{Decoded, Reader, Writer};
use crate::model::{Org, OrgKind};
use crate::period::Every;

/// Writes every field of `org`; a field added to [`Org`] must be added here too.
pub fn write_org(w: &mut Writer, org: &Org) {
    let Org {
        id,
        name,
        kind,
        parent,
        elected_on,
        since,
        due_days,
        term_years,
        every,
        exempt,
        checklists,
        updated_at,
    } = org;
    w.str(id);
    w.str(name);
    w.0.push(position(&OrgKind::ALL, kind));
    w.opt(parent, |w, p| w.str(p));
    w.opt(elected_on, |w, d| w.date(*d));
    w.date(*since);
    for days in [due_days, term_years] {
        map(w, days, |w, n| w.len(*n as usize));
    }
    map(w, every, |w, e| w.0.push(position(&Every::ALL, e)));
    map(w, exempt, |w, why| w.str(why));
    w.strs(checklists);
    w.str(updated_at);
}

/// Reads what [`write_org`] wrote, all of it.
pub fn read_org(r: &mut Reader) -> Decoded<Org> {
    Ok(Org {
        id: r.str()?,
        name: r.str()?,
        kind: nth(&OrgKind::ALL, r.byte()?)?,
        parent: r.opt(Reader::str)?,
        elected_on: r.opt(Reader::date)?,
        since: r.date()?,
        due_days: read_map(r, u32_of)?,
        term_years: read_map(r, u32_of)?,
        every: read_map(r, |r| nth(&Every::ALL, r.byte()?))?,
        exempt: read_map(r, Reader::str)?,
        checklists: r.strs()?,
        updated_at: r.str()?,
    })
}

fn position<T: PartialEq>(all: &[T], x: &T) -> u8 {
    all.iter().position(|a| a == x).unwrap_or(0) as u8
}

fn nth<T: Copy>(all: &[T], b: u8) -> Decoded<T> {
    all.get(usize::from(b)).copied().ok_or("unknown kind")
}

fn u32_of(r: &mut Reader) -> Decoded<u32> {
    u32::try_from(r.len()?).map_err(|_| "number out of range")
}

fn map<V>(w: &mut Writer, m: &BTreeMap<String, V>, mut f: impl FnMut(&mut Writer, &V)) {
    w.len(m.len());
    for (k, v) in m {
        w.str(k);
        f(w, v);
    }
}

fn read_map<'a, V>(
    r: &mut Reader<'a>,
    mut f: impl FnMut(&mut Reader<'a>) -> Decoded<V>,
) -> Decoded<BTreeMap<String, V>> {
    let n = r.len()?;
    let mut m = BTreeMap::new();
    for _ in 0..n {
        let k = r.str()?;
        m.insert(k, f(r)?);
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn orgs_round_trip_with_every_field() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let org = Org {
            id: "cs-t1".into(),
            name: "计算机学院教工第一党支部".into(),
            kind: OrgKind::TeacherBranch,
            parent: Some("cs".into()),
            elected_on: Some(day(5)),
            since: day(1),
            due_days: [("theme-party-day".to_string(), 20)].into(),
            term_years: [("branch-election".to_string(), 2)].into(),
            every: [("branch-committee-meeting".to_string(), Every::Quarter)].into(),
            exempt: [("party-group-meeting".to_string(), "不设党小组".to_string())].into(),
            checklists: vec!["branch-standards".into()],
            updated_at: "2026-03-05T10:00:00.000Z".into(),
        };
        let mut w = Writer(Vec::new());
        write_org(&mut w, &org);
        let mut r = Reader::new(&w.0);
        assert_eq!(read_org(&mut r), Ok(org.clone()));
        assert!(r.is_empty());
        // Cut short anywhere, it is refused rather than misread.
        for cut in 0..w.0.len() {
            assert!(read_org(&mut Reader::new(&w.0[..cut])).is_err(), "{cut}");
        }
        let bare = Org {
            parent: None,
            elected_on: None,
            due_days: BTreeMap::new(),
            term_years: BTreeMap::new(),
            every: BTreeMap::new(),
            exempt: BTreeMap::new(),
            checklists: Vec::new(),
            ..org
        };
        let mut w = Writer(Vec::new());
        write_org(&mut w, &bare);
        assert_eq!(read_org(&mut Reader::new(&w.0)), Ok(bare));
    }
}
