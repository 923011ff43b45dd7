//! The demo's party dues: each branch member's monthly amount from a realistic income by
//! the rule's table (students 0.20 元, some retirees, the odd exemption), paid quarterly
//! or monthly, and a few members behind by one to seven months. Drawn from a random
//! stream of their own, so that the rest of the demo stays as it was.

use chrono::NaiveDate;

use super::{Demo, Rng, stamp};
use crate::dues::{
    Fen, Month, Payment, RateKind, STUDENT_MONTHLY, Setting, monthly_for, monthly_from_base,
};
use crate::model::OrgKind;

/// Adds settings and payments for the party members of `demo`'s branches, from `first`
/// (the demo's first month) to `today`.
pub(super) fn add(demo: &mut Demo, seed: u64, part: u64, first: Month, today: NaiveDate) {
    let mut rng = Rng(seed ^ 0xD0E5_0000_0000 ^ part.wrapping_mul(0x9E37_79B9));
    let now = Month::of(today);
    for m in &demo.members {
        let Some(org) = demo.orgs.iter().find(|o| o.id == m.org) else {
            continue;
        };
        if !org.kind.is_branch() || m.left_on.is_some() || !m.is_party_member_on(today) {
            continue;
        }
        // From the demo's first month, or the month they joined or were admitted.
        let admitted = m
            .entered(crate::model::Stage::Probationary)
            .into_iter()
            .chain(m.joined_on)
            .max()
            .map(Month::of);
        let from = admitted.map_or(first, |a| a.max(first));
        let (monthly, base, kind) = if org.kind == OrgKind::StudentBranch {
            (STUDENT_MONTHLY, None, None)
        } else if rng.chance(0.02) {
            (Fen::ZERO, None, None)
        } else if rng.chance(0.12) {
            let base = Fen::yuan(3_000 + 100 * rng.below(50) as i64);
            let kind = RateKind::Retiree;
            (monthly_from_base(base, kind), Some(base), Some(kind))
        } else {
            let base = Fen::yuan(3_500 + 50 * rng.below(230) as i64);
            (
                monthly_from_base(base, RateKind::Standard),
                Some(base),
                None,
            )
        };
        let setting = Setting {
            org: m.org.clone(),
            member: m.id.clone(),
            from,
            monthly,
            base,
            rate_kind: kind,
            updated_at: stamp(from.first_day().max(first.first_day())),
        };
        let quarterly = rng.chance(0.6);
        // A few are behind by one to seven months; the rest are paid up to now, the
        // quarterly payers to the end of the quarter.
        let behind = rng.chance(0.2).then(|| 1 + rng.below(7) as i32);
        let last = match behind {
            Some(k) => now.plus(-k),
            None if quarterly => now.plus(2 - (now.month as i32 - 1) % 3),
            None => now,
        };
        if monthly > Fen::ZERO {
            let mut start = from;
            while start <= last {
                let end = if quarterly {
                    start.plus(2 - (start.month as i32 - 1) % 3).min(last)
                } else {
                    start
                };
                let day = 1 + rng.below(12) as u32;
                let date = NaiveDate::from_ymd_opt(start.year, start.month, day)
                    .expect("a day under 13")
                    .min(today);
                let amount = Month::range(start, end)
                    .map(|month| monthly_for([&setting], month).unwrap_or_default())
                    .sum();
                demo.dues_payments.push(Payment {
                    id: format!("dues-{}-{}-{start}", m.org, m.id),
                    org: m.org.clone(),
                    member: m.id.clone(),
                    from: start,
                    to: end,
                    amount,
                    date,
                    created_at: stamp(date),
                    updated_at: stamp(date),
                });
                start = end.next();
            }
        }
        demo.dues_settings.push(setting);
    }
}
