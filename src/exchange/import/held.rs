//! The records and dues payments of a file, held encoded once the file is read
//! ([`crate::store::Encoded`]), checked against what they refer to and merged with what
//! is stored: the two side by side, a chunk at a time, on two cores.

use std::collections::HashSet;

use super::bounds::Ahead;
use super::records::digest;
use super::{payments, records};
use crate::dues::Payment;
use crate::exchange::import::validate::Refs;
use crate::model::Record;
use crate::store::Encoded;

/// What the checks of the held objects found.
pub struct Checks<'a> {
    refs: &'a Refs<'a>,
    ahead: Option<Ahead>,
    records_seen: HashSet<u128>,
    payments_seen: HashSet<u128>,
    pub problems: Vec<String>,
    pub payment_problems: Vec<String>,
    /// Timestamps ahead of now: the records', the payments'.
    pub ahead_found: (Vec<String>, Vec<String>),
}

impl<'a> Checks<'a> {
    pub fn new(refs: &'a Refs<'a>, ahead: Option<Ahead>) -> Checks<'a> {
        Checks {
            refs,
            ahead,
            records_seen: HashSet::new(),
            payments_seen: HashSet::new(),
            problems: Vec::new(),
            payment_problems: Vec::new(),
            ahead_found: (Vec::new(), Vec::new()),
        }
    }

    fn record(&mut self, r: &Record) {
        let first = self.records_seen.insert(digest(r.id.as_bytes()));
        self.refs.record(r, first, &mut self.problems);
        if let Some(ahead) = &self.ahead {
            self.ahead_found.0.extend(ahead.record(r));
        }
    }

    fn payment(&mut self, p: &Payment) {
        let first = self.payments_seen.insert(digest(p.id.as_bytes()));
        self.refs.payment(p, first, &mut self.payment_problems);
        if let Some(ahead) = &self.ahead {
            self.ahead_found.1.extend(ahead.payment(p));
        }
    }
}

/// The merges of the held objects (each id once: a second copy is a problem the checks
/// report).
pub struct Merges<'a> {
    pub records: records::Merge<'a>,
    pub payments: payments::Merge<'a>,
}

impl Merges<'_> {
    fn record(&mut self, r: Record) {
        if !self.records.seen_before(&r.id) {
            self.records.record(&r);
        }
    }

    fn payment(&mut self, p: Payment) {
        if !self.payments.seen_before(&p.id) {
            self.payments.payment(&p);
        }
    }
}

/// Checks and merges every held record, letting go of them as it goes (those put are
/// held by the merge), then every held payment, which stay held to be written: checked
/// on a thread of their own, merged on this one.
pub fn check_and_merge(
    records: Encoded<Record>,
    payments: &Encoded<Payment>,
    checks: &mut Checks,
    merges: &mut Merges,
) -> crate::store::Result<()> {
    records.drain_twice(
        |r| {
            checks.record(&r);
            Ok(())
        },
        |r| {
            merges.record(r);
            Ok(())
        },
    )?;
    payments.each_twice(
        |p| {
            checks.payment(&p);
            Ok(())
        },
        |p| {
            merges.payment(p);
            Ok(())
        },
    )
}
