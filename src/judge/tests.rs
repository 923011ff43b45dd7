//! Properties of judging: the store's narrow read agrees with judging every record, a
//! record never makes a period's status worse, and scores stay within their bounds.

use std::collections::HashMap;

use chrono::Days;
use proptest::prelude::*;
use proptest::sample::Index;

use super::*;
use crate::checklist::{Item, ItemKind};
use crate::model::{Mark, MarkState, Member, OrgKind, Record};
use crate::period::{self, Every};
use crate::status::{ObligationStatus, Status};
use crate::store::Store;

/// The checklists of the assessed demo college: the two defaults and the ideology rubric.
const CHECKLISTS: [&str; 3] = [
    "model-branch",
    "benchmark-department",
    "ideology-responsibility",
];

/// The shipped checklists, read once for every case.
fn catalog() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(Catalog::builtin)
}

/// A record before it is tied to a catalog: its obligations and attendees are picks.
#[derive(Debug, Clone)]
struct Raw {
    days_before: u64,
    obligations: (Index, Option<Index>),
    hours: Option<u8>,
    absent: Option<u8>,
    points: Option<u8>,
    /// A make-up (补开) for the period before the one it is dated in.
    make_up: bool,
}

fn raw() -> impl Strategy<Value = Raw> {
    (
        // Most records in the last months, where periods are still open; some years back.
        prop_oneof![3 => 0u64..200, 1 => 0u64..2200],
        (any::<Index>(), prop::option::of(any::<Index>())),
        prop::option::of(0u8..9),
        prop::option::of(any::<u8>()),
        prop::option::weighted(0.2, 0u8..8),
        prop::bool::weighted(0.15),
    )
        .prop_map(
            |(days_before, obligations, hours, absent, points, make_up)| Raw {
                days_before,
                obligations,
                hours,
                absent,
                points,
                make_up,
            },
        )
}

/// An org of any kind, its members, its records (and a second org's), and the day.
#[derive(Debug, Clone)]
struct Case {
    today: NaiveDate,
    kind: OrgKind,
    joined: Vec<Option<u64>>,
    records: Vec<Raw>,
    marks: Vec<(Index, u8, u8)>,
}

fn case(records: std::ops::Range<usize>) -> impl Strategy<Value = Case> {
    (
        0u64..1500,
        prop::sample::select(OrgKind::ALL.to_vec()),
        prop::collection::vec(prop::option::of(0u64..2000), 0..6),
        prop::collection::vec(raw(), records),
        prop::collection::vec((any::<Index>(), 0u8..4, 0u8..=10), 0..12),
    )
        .prop_map(|(day, kind, joined, records, marks)| Case {
            today: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Days::new(day),
            kind,
            joined,
            records,
            marks,
        })
}

fn org(id: &str, kind: OrgKind) -> Org {
    Org {
        id: id.into(),
        name: id.into(),
        kind,
        parent: None,
        elected_on: None,
        since: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        due_days: Default::default(),
        term_years: Default::default(),
        every: Default::default(),
        exempt: Default::default(),
        checklists: CHECKLISTS.iter().map(|c| c.to_string()).collect(),
        updated_at: String::new(),
    }
}

impl Case {
    fn org(&self, id: &str) -> Org {
        org(id, self.kind)
    }

    fn members(&self, org: &str) -> Vec<Member> {
        self.joined
            .iter()
            .enumerate()
            .map(|(i, joined)| Member {
                id: format!("m{i}"),
                org: org.into(),
                name: format!("党员{i}"),
                tags: Vec::new(),
                joined_on: joined.map(|d| self.today - Days::new(d)),
                left_on: None,
                updated_at: String::new(),
                ..Default::default()
            })
            .collect()
    }

    /// The records of `org`, on the obligations the catalog lists for it.
    fn records(&self, catalog: &Catalog, cal: &Calendar, org: &Org) -> Vec<Record> {
        let listed: Vec<&str> = catalog
            .obligations
            .iter()
            .filter(|o| catalog.is_listed(org, o))
            .map(|o| o.id.as_str())
            .collect();
        if listed.is_empty() {
            return Vec::new();
        }
        // Points go on the bonus and penalty items' obligations (events), as SPEC §3 has it.
        let events: Vec<&str> = catalog
            .obligations
            .iter()
            .filter(|o| o.every == Every::Event && catalog.is_in_force(org, &o.checklist))
            .map(|o| o.id.as_str())
            .collect();
        let members = self.members(&org.id);
        self.records
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let pool = if r.points.is_some() && !events.is_empty() {
                    &events
                } else {
                    &listed
                };
                let mut obligations = vec![r.obligations.0.get(pool).to_string()];
                if let Some(second) = r.obligations.1.map(|x| x.get(&listed).to_string())
                    && !obligations.contains(&second)
                {
                    obligations.push(second);
                }
                let attendees = r.absent.map(|mask| {
                    members
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| mask & (1 << j) == 0)
                        .map(|(_, m)| m.id.clone())
                        .collect()
                });
                let date = self.today + Days::new(30) - Days::new(r.days_before);
                let every = catalog.obligation(&obligations[0]).map(|o| o.every);
                let for_period = every
                    .filter(|e| r.make_up && Every::CALENDAR.contains(e))
                    .and_then(|e| period::previous(&period::period_of(e, date, cal), cal))
                    .map(|p| p.label);
                Record {
                    id: format!("{}-{i:04}", org.id),
                    org: org.id.clone(),
                    obligations,
                    date,
                    for_period,
                    topic: None,
                    hours: r.hours.map(|h| f64::from(h) / 2.0),
                    attendees,
                    location: None,
                    speaker: None,
                    note: None,
                    created_at: String::new(),
                    updated_at: String::new(),
                    points: r.points.map(f64::from),
                    amounts: Default::default(),
                    ..Default::default()
                }
            })
            .collect()
    }

    /// Hand scores and states on the scored leaves of the org's checklists.
    fn marks(&self, catalog: &Catalog, org: &Org) -> Vec<Mark> {
        let mut leaves = Vec::new();
        for c in score::scored_checklists(catalog, org) {
            scored_leaves(&c.items, &mut |item| leaves.push((c.id.clone(), item)));
        }
        if leaves.is_empty() {
            return Vec::new();
        }
        let mut marks: HashMap<(String, String), Mark> = HashMap::new();
        for (pick, state, tenths) in &self.marks {
            let (checklist, item) = pick.get(&leaves);
            let points = item.points.unwrap_or(0.0);
            marks.insert(
                (checklist.clone(), item.id.clone()),
                Mark {
                    org: org.id.clone(),
                    checklist: checklist.clone(),
                    item: item.id.clone(),
                    state: MarkState::ALL[usize::from(*state)],
                    note: None,
                    owner: None,
                    deadline: None,
                    score: (*tenths < 10).then(|| points * f64::from(*tenths) / 10.0),
                    updated_at: String::new(),
                },
            );
        }
        marks.into_values().collect()
    }
}

fn scored_leaves<'a>(items: &'a [Item], each: &mut impl FnMut(&'a Item)) {
    for item in items {
        if item.items.is_empty() {
            if item.points.is_some() && item.kind.is_none() {
                each(item);
            }
        } else {
            scored_leaves(&item.items, each);
        }
    }
}

/// Each period of each obligation, by obligation and period label, with its status.
fn periods(status: &OrgStatus) -> HashMap<(usize, String), Status> {
    let mut out = HashMap::new();
    for ObligationStatus {
        obligation,
        current,
        missed,
        ..
    } in &status.obligations
    {
        for p in missed.iter().chain(std::iter::once(current)) {
            out.insert((*obligation, p.period.label.clone()), p.status);
        }
    }
    out
}

/// How good a status is: overdue is the worst, done the best.
fn rank(s: Status) -> u8 {
    match s {
        Status::Overdue => 0,
        Status::DueSoon | Status::Pending => 1,
        Status::DoneLate => 2,
        Status::Done => 3,
        Status::NotApplicable => 4,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// What status reads through the record-month index (this year's blocks and the
    /// older ones holding a term's or a `once` obligation's records) judges exactly as
    /// every record of the org would: some written in bulk, some one by one; and judged
    /// whole, status and scores read once, it is judged the same.
    #[test]
    fn status_through_the_index_equals_status_over_every_record(case in case(0..40)) {
        let catalog = catalog();
        let cal = Calendar::default();
        let (a, b) = (case.org("a"), case.org("b"));
        let records = case.records(catalog, &cal, &a);
        let others = case.records(catalog, &cal, &b);
        let members = case.members("a");
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let (bulk, one_by_one) = records.split_at(records.len() / 2);
        store.bulk_load(&[a.clone(), b], &members, bulk).unwrap();
        store.bulk_load(&[], &case.members("b"), &others).unwrap();
        for r in one_by_one {
            store.put_record(r).unwrap();
        }
        let judge = Judge::new(catalog, &cal, case.today);
        let judged = judge.status(&store, &a).unwrap();
        let every = status::evaluate(catalog, &cal, &a, &members, &store.records("a").unwrap(), case.today);
        prop_assert_eq!(store.records("a").unwrap().len(), records.len());
        prop_assert_eq!(&judged, &every);
        // Judged whole (status and scores from one read), the org is judged the same.
        let whole = judge.org(&store, &a).unwrap();
        prop_assert_eq!(whole.status, judged);
        prop_assert_eq!(whole.scores, judge.scores(&store, &a).unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Adding a record never makes a period's status worse.
    #[test]
    fn adding_a_record_never_makes_a_status_worse(case in case(1..40)) {
        let catalog = catalog();
        let cal = Calendar::default();
        let a = case.org("a");
        let members = case.members("a");
        let mut records = case.records(catalog, &cal, &a);
        let Some(added) = records.pop() else { return Ok(()) };
        let before = periods(&status::evaluate(catalog, &cal, &a, &members, &records, case.today));
        records.push(added.clone());
        let after = periods(&status::evaluate(catalog, &cal, &a, &members, &records, case.today));
        for (key, was) in &before {
            // A missed period the record makes done is no longer listed: that is better.
            if let Some(now) = after.get(key) {
                prop_assert!(
                    rank(*now) >= rank(*was),
                    "{} {}: {:?} became {:?} after adding {:?}",
                    catalog.obligations[key.0].id, key.1, was, now, added
                );
            }
        }
    }

    /// A score is never below 0, nor above its checklist's `max` plus the bonus earned
    /// (SPEC §6: bonus items are not in `max`); each item scores between 0 and its points,
    /// and the bonus never passes what the bonus items can give.
    #[test]
    fn scores_stay_between_zero_and_max(case in case(0..60), year_back in 0i32..2) {
        let catalog = catalog();
        let cal = Calendar::default();
        let a = case.org("a");
        let members = case.members("a");
        let records = case.records(catalog, &cal, &a);
        let marks = case.marks(catalog, &a);
        let data = score::OrgData { members: &members, records: &records, marks: &marks };
        let year = case.today.year() - year_back;
        for s in score::score_org(catalog, &cal, &a, data, year, case.today) {
            prop_assert!(s.score >= 0.0, "{s:?}");
            prop_assert!(s.score <= s.max + s.bonus + 1e-9, "{s:?}");
            let bonus_cap: f64 = catalog
                .checklist(&s.checklist)
                .map(|c| bonus_points(&c.items))
                .unwrap_or(0.0);
            prop_assert!(s.bonus <= bonus_cap + 1e-9, "{s:?}");
            for item in &s.items {
                if let (Some(points), Some(score)) = (item.points, item.score) {
                    prop_assert!((0.0..=points + 1e-9).contains(&score), "{item:?}");
                }
            }
        }
    }
}

fn bonus_points(items: &[Item]) -> f64 {
    items
        .iter()
        .map(|i| match i.kind {
            Some(ItemKind::Bonus) => i.points.unwrap_or(0.0),
            _ => bonus_points(&i.items),
        })
        .sum()
}

/// The day the folders below are judged on.
fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// A data folder holding `orgs`.
fn folder(orgs: &[&Org]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for o in orgs {
        store.put_org(o).unwrap();
    }
    (dir, store)
}

/// The overview kept beside a folder reads back as the orgs and facts judged; one with a
/// part cut short, run on, or of another org is no overview (the UI then judges afresh).
#[test]
fn a_kept_overview_reads_back_whole_or_not_at_all() {
    use crate::store::Answer;
    let (catalog, cal) = (catalog(), Calendar::default());
    let mut branch = org("b", OrgKind::TeacherBranch);
    branch.parent = Some("a".into());
    branch.name = "教工第一党支部".into();
    branch.due_days.insert("theme-party-day".into(), 20);
    let (dir, store) = folder(&[&org("a", OrgKind::Department), &branch]);
    let orgs = store.orgs().unwrap();
    let judge = Judge::new(catalog, &cal, day());
    let judged = judge.every(&store, &orgs).unwrap();
    let key = b"overview of the test".as_slice();
    let ids = ["a", "b"];
    let parts: Vec<Vec<u8>> = judged
        .iter()
        .map(|j| answer::facts_part(&judge, j).unwrap())
        .collect();
    let keep = |parts: &[&[u8]]| assert!(store.keep(Answer::Overview, key, &ids, parts));
    keep(&[&parts[0], &parts[1]]);
    let read = answer::read_overview(dir.path(), key, |o, f| (o, f)).expect("kept");
    let want: Vec<(Org, facts::Facts)> = judged
        .iter()
        .map(|j| {
            (
                j.org.clone(),
                facts::Facts::of(catalog, &j.status, &j.scores),
            )
        })
        .collect();
    assert_eq!(read.orgs, want);
    assert!(!want[1].1.scores.is_empty() && want[1].1.next_election.is_some());
    assert!(answer::read_overview(dir.path(), b"another key", |o, f| (o, f)).is_none());

    let b = &parts[1];
    let mut longer = b.clone();
    longer.push(0);
    for bad in [&b[..b.len() - 1], &b[..1], &[][..], &longer, &parts[0]] {
        keep(&[&parts[0], bad]);
        assert!(
            answer::read_overview(dir.path(), key, |o, f| (o, f)).is_none(),
            "{bad:?}"
        );
    }
}

/// A school's duty to every young teacher below it counts the members of its branches,
/// found among the orgs the caller holds as when they are read from the store.
#[test]
fn the_orgs_below_are_found_among_those_held_as_in_the_store() {
    let (catalog, cal) = (catalog(), Calendar::default());
    let mut school = org("school", OrgKind::School);
    school.checklists = vec!["teacher-quality-standard".into()];
    let mut dept = org("cs", OrgKind::Department);
    dept.parent = Some("school".into());
    let mut branch = org("cs-t1", OrgKind::TeacherBranch);
    branch.parent = Some("cs".into());
    let (_dir, store) = folder(&[&school, &dept, &branch]);
    for (id, tag) in [("m1", "青年教师"), ("m2", "青年教师"), ("m3", "支委")] {
        let m = Member {
            id: id.into(),
            org: "cs-t1".into(),
            name: id.into(),
            tags: vec![tag.into()],
            ..Member::default()
        };
        store.put_member(&m).unwrap();
    }
    let orgs = store.orgs().unwrap();
    let judge = Judge::new(catalog, &cal, day());
    let read = judge.status(&store, &school).unwrap();
    let held = judge.among(&orgs).status(&store, &school).unwrap();
    assert_eq!(held, read);
    let young = held
        .obligations
        .iter()
        .find(|o| {
            catalog.obligations[o.obligation].id == "tqs-young-teacher-national-conditions-study"
        })
        .expect("the school owes it");
    assert_eq!(
        young.current.members.map(|(a, b)| a.max(b)),
        Some(2),
        "{young:?}"
    );
    assert_eq!(
        judge.among(&orgs).scores(&store, &school).unwrap(),
        judge.scores(&store, &school).unwrap()
    );
}
