//! An obligation as one org owes it: the org's own cadence for a 定期 duty and its own
//! term length, where it set them (`org edit --every`, `--term-years`).

use std::borrow::Cow;

use super::{Obligation, TermFrom};
use crate::model::Org;
use crate::period::Every;

impl Obligation {
    /// The cadence for `org`: its own, for a 定期 duty it set one for, else the checklist's.
    pub fn every_for(&self, org: &Org) -> Every {
        match org.every.get(&self.id) {
            Some(&every) if self.regular => every,
            _ => self.every,
        }
    }

    /// The obligation as `org` owes it: with its own cadence for a 定期 duty. Borrowed
    /// unless the org changed it.
    pub fn for_org(&self, org: &Org) -> Cow<'_, Obligation> {
        let every = self.every_for(org);
        if every == self.every {
            Cow::Borrowed(self)
        } else {
            Cow::Owned(Obligation {
                every,
                // The default warning of the new cadence, or the checklist's if shorter.
                warn_days: if self.warn_days == self.every.default_warn_days() {
                    every.default_warn_days()
                } else {
                    self.warn_days.min(every.default_warn_days())
                },
                ..self.clone()
            })
        }
    }

    /// The term length for `org` and where it comes from: the org's own setting, else the
    /// checklist's, `config.yaml`'s or the default.
    pub fn term_years(&self, org: &Org) -> (u32, TermFrom) {
        match org.term_years.get(&self.id) {
            Some(&n) => (n, TermFrom::Org),
            None => (self.years, self.years_from),
        }
    }
}
