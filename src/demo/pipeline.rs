//! The demo's path into the party: each branch has applicants, activists, candidates and
//! probationary members at dates that fit the rules (a year as activist before becoming a
//! candidate, a year's 预备期), with their talks, reviews, 思想汇报, training and approvals
//! recorded — most on time, some late or not at all, so that 发展 has overdue rows.

use chrono::{Days, Months, NaiveDate};

use super::Gen;
use super::words::{GIVEN, SURNAMES};
use crate::model::{Member, Stage};
use crate::period::Every;

impl Gen {
    /// Adds the pipeline of branch `org`: students apply more than teachers do.
    pub(super) fn pipeline(&mut self, org: &str, students: bool) {
        let mut next = self.demo.members.iter().filter(|m| m.org == org).count();
        let applicants = if students {
            1 + self.rng.below(3)
        } else {
            self.rng.below(2)
        };
        let activists = if students { 1 + self.rng.below(2) } else { 1 };
        let mut plan: Vec<Stage> = Vec::new();
        plan.extend((0..applicants).map(|_| Stage::Applicant));
        plan.extend((0..activists).map(|_| Stage::Activist));
        for stage in [Stage::Candidate, Stage::Probationary] {
            if self.rng.chance(0.6) {
                plan.push(stage);
            }
        }
        for stage in plan {
            next += 1;
            let m = self.person(org, next, stage);
            self.steps(&m);
            self.demo.members.push(m);
        }
    }

    /// Someone at `stage` today, with the dates of each stage up to it, working back from
    /// the day they entered it.
    fn person(&mut self, org: &str, n: usize, stage: Stage) -> Member {
        let back = |g: &mut Gen, from: NaiveDate, min: u64, spread: u64| {
            from - Days::new(min + g.rng.below(spread))
        };
        let today = self.today;
        let entered = match stage {
            Stage::Applicant => back(self, today, 5, 75),
            Stage::Activist => back(self, today, 60, 600),
            Stage::Candidate => back(self, today, 10, 150),
            _ => back(self, today, 40, 300),
        };
        let mut dates = vec![(stage, entered)];
        let mut day = entered;
        for earlier in Stage::ALL.into_iter().filter(|s| *s < stage).rev() {
            day = match earlier {
                // A year or more as activist before becoming a candidate.
                Stage::Activist => back(self, day, 370, 200),
                Stage::Candidate => back(self, day, 90, 120),
                _ => back(self, day, 60, 200),
            };
            dates.push((earlier, day));
        }
        Member {
            id: format!("m{n:02}"),
            org: org.into(),
            name: format!("{}{}", self.rng.pick(SURNAMES), self.rng.pick(GIVEN)),
            joined_on: Some(day),
            stage,
            stage_dates: dates.into_iter().collect(),
            updated_at: super::stamp(self.since),
            ..Member::default()
        }
    }

    /// The steps `m` took at their stages, as records listing them.
    fn steps(&mut self, m: &Member) {
        let on = |s| m.entered(s);
        let within = |g: &mut Gen, from: NaiveDate, days: u64| from + Days::new(g.rng.below(days));
        if let Some(applied) = on(Stage::Applicant) {
            // The talk within the month, mostly; now and then late or forgotten.
            let late = self.rng.chance(0.25);
            let day = within(self, applied, if late { 60 } else { 28 });
            if !self.rng.chance(0.1) {
                self.step(m, "applicant-talk", day, None, "入党申请人谈话");
            }
        }
        // Each quarter's 思想汇报 and each half-year's review while in the stages that owe
        // them, with a few missed.
        let owes = |s: Stage| matches!(s, Stage::Activist | Stage::Candidate | Stage::Probationary);
        for (every, obligation, topic, stages) in [
            (
                Every::Quarter,
                "thought-report",
                "思想汇报",
                owes as fn(Stage) -> bool,
            ),
            (
                Every::HalfYear,
                "activist-review",
                "入党积极分子考察",
                |s| s == Stage::Activist,
            ),
        ] {
            for p in self.periods(every) {
                let held = m.stage_on(p.start).is_some_and(stages)
                    && m.stage_on(p.end.min(self.today)).is_some_and(stages);
                if !held || self.rng.chance(0.2) {
                    continue;
                }
                let day = within(self, p.start, 80);
                self.step(m, obligation, day, None, topic);
            }
        }
        if let Some(day) = on(Stage::Candidate)
            && self.rng.chance(0.7)
        {
            let day = within(self, day, 80);
            self.step(m, "candidate-training", day, Some(24.0), "发展对象集中培训");
        }
        if let Some(day) = on(Stage::Probationary)
            && self.rng.chance(0.75)
        {
            let day = within(self, day + Months::new(1), 70);
            self.step(m, "probation-approval", day, None, "上级党委审批");
        }
    }

    /// One step's record, when its day has come and falls in the demo's years.
    fn step(
        &mut self,
        m: &Member,
        obligation: &str,
        day: NaiveDate,
        hours: Option<f64>,
        topic: &str,
    ) {
        if day <= self.today && day >= self.since {
            let who = Some(vec![m.id.clone()]);
            self.push(&m.org, &[obligation], day, hours, who, topic);
        }
    }
}
