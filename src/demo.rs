//! A realistic, deterministic demo: 学院党委 with teacher and student branches, members
//! with Chinese names, and years of records at the guides' cadence with some gaps.

mod dues;
mod marks;
mod orgs;
mod pipeline;
mod records;
mod words;

use chrono::{Datelike, NaiveDate};

use crate::checklist::Catalog;
use crate::model::{Mark, Member, Org, Record};
use crate::period::Calendar;

/// Everything the demo puts in a database.
#[derive(Default)]
pub struct Demo {
    pub orgs: Vec<Org>,
    pub members: Vec<Member>,
    pub records: Vec<Record>,
    /// Hand scores of the assessed college's items (marks).
    pub marks: Vec<Mark>,
    /// Branch members' monthly dues and their payments (党费).
    pub dues_settings: Vec<crate::dues::Setting>,
    pub dues_payments: Vec<crate::dues::Payment>,
}

/// SplitMix64: small, fast, and the same everywhere for a given seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// Builds the demo: `orgs` organizations in all (a 学院党委 then up to nine branches of
/// it, repeated), `years` years of records ending on `today`. This is the demo without
/// the assessed college (see [`generate_in_parts`]).
pub fn generate(orgs: u32, years: u32, seed: u64, today: NaiveDate) -> Demo {
    let mut all = Demo::default();
    generate_in_parts(orgs, years, seed, today, false, |part| {
        all.orgs.extend(part.orgs);
        all.members.extend(part.members);
        all.records.extend(part.records);
        all.marks.extend(part.marks);
        all.dues_settings.extend(part.dues_settings);
        all.dues_payments.extend(part.dues_payments);
        Ok::<_, std::convert::Infallible>(())
    })
    .unwrap_or_else(|never| match never {});
    all
}

/// The demo, handed over one department (with its branches) at a time, so that a large
/// demo is never held in memory whole. With `assessed`, the first college and its
/// branches are also assessed on the ideology rubric: its records and hand scores are
/// added, drawn from a random stream of their own, so that the rest is the same.
pub fn generate_in_parts<E>(
    orgs: u32,
    years: u32,
    seed: u64,
    today: NaiveDate,
    assessed: bool,
    mut each: impl FnMut(Demo) -> Result<(), E>,
) -> Result<(), E> {
    let mut g = Gen {
        assessed,
        rng: Rng(seed ^ 0x5EED_DA96_1A00),
        today,
        since: NaiveDate::from_ymd_opt(today.year() - years as i32 + 1, 1, 1).expect("valid year"),
        cal: Calendar::default(),
        demo: Demo::default(),
        counter: 0,
    };
    let catalog = Catalog::builtin();
    let mut dept = 0usize;
    let mut made = 0;
    let first = crate::dues::Month::of(g.since);
    let with_dues = |mut part: Demo, n: u64| {
        dues::add(&mut part, seed, n, first, today);
        part
    };
    if assessed && orgs >= 3 {
        g.school();
        each(with_dues(
            applicable_only(&catalog, std::mem::take(&mut g.demo)),
            u64::MAX,
        ))?;
        made += 1;
    }
    while made < orgs {
        let branches = (orgs - made - 1).min(9);
        g.department(dept, branches);
        each(with_dues(
            applicable_only(&catalog, std::mem::take(&mut g.demo)),
            dept as u64,
        ))?;
        made += 1 + branches;
        dept += 1;
    }
    Ok(())
}

/// `demo` without the records of obligations that do not apply to their org's kind (a
/// 学院党委's ideology meetings, now that the rubric assesses its branches; the school's
/// records of a 学院党委 duty). They are drawn all the same, so that every other record
/// stays as it was.
fn applicable_only(catalog: &Catalog, mut demo: Demo) -> Demo {
    let kinds: std::collections::HashMap<&str, crate::model::OrgKind> =
        demo.orgs.iter().map(|o| (o.id.as_str(), o.kind)).collect();
    demo.records.retain(|r| {
        kinds.get(r.org.as_str()).is_none_or(|&kind| {
            r.obligations.iter().all(|o| {
                catalog
                    .obligation(o)
                    .is_none_or(|o| o.applies_to_kind(kind))
            })
        })
    });
    demo
}

/// The checklist the demo's 学校党委 follows.
const QUALITY_STANDARD: &str = "teacher-quality-standard";

/// The quality standard's yearly duties encoded after the demo's first version (items 1,
/// 8, 15, 50, 57 and 59, and its 定期 duties): the school's records of them come from a
/// stream of their own.
const YEARLY_DUTIES_ADDED: [&str; 13] = [
    "tqs-teacher-work-plan",
    "tqs-college-branch-review",
    "tqs-model-teacher-selection",
    "tqs-staff-training",
    "tqs-teacher-survey",
    "tqs-teacher-survey-report",
    "tqs-annual-work-points",
    "tqs-annual-assessment",
    "tqs-department-annual-plan",
    "tqs-teacher-recruitment-plan",
    "tqs-annual-budget",
    "tqs-quality-report-review",
    "tqs-next-year-plan",
];

/// The checklists in force for the first college and its branches.
const SCORED_CHECKLISTS: [&str; 3] = [
    "model-branch",
    "benchmark-department",
    "ideology-responsibility",
];

struct Gen {
    /// Whether the first college is assessed on the ideology rubric.
    assessed: bool,
    rng: Rng,
    today: NaiveDate,
    since: NaiveDate,
    cal: Calendar,
    demo: Demo,
    counter: u64,
}

struct Plan<'a> {
    org: &'a str,
    members: &'a [Member],
    /// How reliably this org holds what it owes.
    diligence: f64,
}

fn stamp(date: NaiveDate) -> String {
    format!("{date}T10:00:00.000Z")
}
