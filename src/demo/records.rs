//! The demo's records: each org's activities at the guides' cadence, with gaps where it
//! is less diligent.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::words::TOPICS;
use super::{Gen, Plan, Rng, stamp};
use crate::model::Record;
use crate::period::{self, Every};

impl Gen {
    pub(super) fn branch_records(&mut self, org: &str) {
        let members = self.members_of(org);
        let diligence = if self.rng.chance(0.12) {
            0.55 + self.rng.below(20) as f64 / 100.0
        } else {
            0.85 + self.rng.below(15) as f64 / 100.0
        };
        let plan = Plan {
            org,
            members: &members,
            diligence,
        };
        let theme_day = 5 + self.rng.below(20) as u32;
        let groups = 1 + members.len() / 10;
        for month in self.periods(Every::Month) {
            let (start, end) = (month.start, month.end);
            let on = |d: u32| start.with_day(d.min(end.day())).expect("day in month");
            let h = 2.0 + self.rng.below(5) as f64 * 0.5;
            self.maybe(
                &plan,
                &["theme-party-day", "study-hours"],
                on(theme_day),
                Some(h),
                true,
            );
            // Each party group (党小组) of about ten members meets monthly.
            for _ in 0..groups {
                let d = on(1 + self.rng.below(27) as u32);
                self.maybe(&plan, &["party-group-meeting"], d, None, true);
            }
            let d = on(1 + self.rng.below(27) as u32);
            self.maybe(&plan, &["branch-committee-meeting"], d, None, false);
        }
        for q in self.periods(Every::Quarter) {
            let d = q.end - Days::new(self.rng.below(40));
            self.maybe(&plan, &["general-member-meeting"], d, None, true);
        }
        for s in self.periods(Every::Semester) {
            let d = s.end - Days::new(self.rng.below(25));
            self.maybe(&plan, &["semester-work-report"], d, None, false);
        }
        for y in self.periods(Every::Year) {
            let day = |g: &mut Gen, from: u32, span: u64| {
                y.start + Days::new(u64::from(from) + g.rng.below(span))
            };
            let d = day(self, 60, 250);
            self.maybe(&plan, &["party-lecture", "study-hours"], d, Some(3.0), true);
            let d = day(self, 0, 40);
            self.maybe(
                &plan,
                &["organizational-life-meeting", "democratic-evaluation"],
                d,
                None,
                true,
            );
            let d = day(self, 330, 30);
            self.maybe(&plan, &["annual-work-report"], d, None, true);
            let d = day(self, 320, 40);
            self.maybe(&plan, &["member-annual-report"], d, None, true);
            let d = day(self, 150, 180);
            self.maybe(&plan, &["heart-to-heart-talk"], d, None, true);
            for _ in 0..5 {
                let d = day(self, 10, 340);
                let h = 2.0 + self.rng.below(3) as f64;
                self.maybe(&plan, &["study-hours"], d, Some(h), true);
            }
        }
        if let Some(elected) = self
            .demo
            .orgs
            .iter()
            .find(|o| o.id == org)
            .and_then(|o| o.elected_on)
            && elected >= self.since
        {
            self.push(
                org,
                &["branch-election"],
                elected,
                None,
                None,
                "支部换届选举",
            );
        }
    }

    pub(super) fn department_records(&mut self, org: &str) {
        let members = self.members_of(org);
        let plan = Plan {
            org,
            members: &members,
            diligence: 0.9 + self.rng.below(10) as f64 / 100.0,
        };
        for w in self.periods(Every::Week) {
            let d = w
                .start
                .iter_days()
                .find(|d| d.weekday() == Weekday::Wed)
                .expect("a week has a Wednesday");
            self.maybe(&plan, &["teacher-weekly-study"], d, Some(1.5), false);
        }
        for m in self.periods(Every::Month) {
            let d = m.start + Days::new(self.rng.below(25));
            self.maybe(&plan, &["innovative-theory-study"], d, Some(2.0), false);
        }
        for y in self.periods(Every::Year) {
            for from in [70, 250] {
                let d = y.start + Days::new(from + self.rng.below(40));
                self.maybe(&plan, &["ideology-study"], d, None, true);
            }
            let d = y.start + Days::new(160 + self.rng.below(20));
            self.maybe(&plan, &["ideology-report"], d, None, false);
            let d = y.start + Days::new(90 + self.rng.below(200));
            self.maybe(&plan, &["leader-party-lecture"], d, Some(2.0), true);
        }
    }

    /// The rule-scored part of the ideology rubric: half-yearly reports (due on the 15th of
    /// the half-year's last month, now and then late), meetings, analyses, lectures, and
    /// a few theme activities and news reports a year.
    pub(super) fn ideology_records(&mut self, org: &str) {
        let members = self.members_of(org);
        let plan = Plan {
            org,
            members: &members,
            diligence: 0.8 + self.rng.below(20) as f64 / 100.0,
        };
        for h in self.periods(Every::HalfYear) {
            let last_month = h.end.with_day(1).expect("first of the month");
            let day = if self.rng.chance(0.15) {
                16 + self.rng.below(12)
            } else {
                1 + self.rng.below(14)
            };
            let d = last_month + Days::new(day - 1);
            self.maybe(&plan, &["ideology-half-year-report"], d, None, false);
            let d = h.start + Days::new(20 + self.rng.below(120));
            self.maybe(&plan, &["ideology-half-year-meeting"], d, None, true);
            let d = h.start + Days::new(20 + self.rng.below(120));
            self.maybe(&plan, &["ideology-course-meeting"], d, None, true);
        }
        for q in self.periods(Every::Quarter) {
            let d = q.start + Days::new(30 + self.rng.below(45));
            self.maybe(&plan, &["ideology-quarterly-analysis"], d, None, false);
        }
        for s in self.periods(Every::Semester) {
            let d = s.start + Days::new(20 + self.rng.below(90));
            self.maybe(&plan, &["leader-attend-ideology-course"], d, None, false);
            let d = s.start + Days::new(20 + self.rng.below(90));
            self.maybe(&plan, &["leader-teach-ideology-course"], d, None, false);
        }
        for y in self.periods(Every::Year) {
            for (obligation, most) in [("ideology-theme-activity", 4), ("ideology-news-report", 7)]
            {
                for _ in 0..self.rng.below(most) {
                    let d = y.start + Days::new(self.rng.below(360));
                    self.maybe(&plan, &[obligation], d, None, false);
                }
            }
        }
    }

    /// The ideology rubric's records added with its per-member and per-violation rules:
    /// each member's 学习强国 yearly total at the end of every year that has ended (about
    /// one in ten below 5000), the quarterly 研判 reports to the 宣传部, and now and then a
    /// violation found on inspection. From a random stream of their own.
    pub(super) fn ideology_amounts_and_findings(&mut self, org: &str) {
        self.aside(0x3_2A40, |g| {
            let members = g.members_of(org);
            let plan = Plan {
                org,
                members: &members,
                diligence: 0.9,
            };
            for y in g.periods(Every::Year) {
                let d = y.end - Days::new(10);
                if d > g.today {
                    continue;
                }
                let amounts = members
                    .iter()
                    .filter(|m| m.expected_on(d))
                    .map(|m| {
                        let points = if g.rng.chance(0.1) {
                            3000 + g.rng.below(2000)
                        } else {
                            5000 + g.rng.below(4000)
                        };
                        (m.id.clone(), points as f64)
                    })
                    .collect();
                g.push(
                    org,
                    &["ideology-xuexi-points"],
                    d,
                    None,
                    None,
                    "学习强国年度积分",
                );
                if let Some(r) = g.demo.records.last_mut() {
                    r.amounts = amounts;
                }
            }
            for q in g.periods(Every::Quarter) {
                let d = q.end - Days::new(g.rng.below(20));
                g.maybe(&plan, &["ideology-quarterly-report"], d, None, false);
            }
            for (obligation, chance) in [
                ("ideology-media-violation", 0.3),
                ("ideology-club-violation", 0.2),
                ("ideology-outreach-violation", 0.15),
            ] {
                if g.rng.chance(chance) {
                    let d = g.today - Days::new(30 + g.rng.below(200));
                    g.maybe(&plan, &[obligation], d, None, false);
                }
            }
        });
    }

    /// Runs `f` on a random stream of its own (`tag` tells it apart) and keeps the record
    /// counter as it was, so that what `f` adds leaves every other record as it was.
    pub(super) fn aside(&mut self, tag: u64, f: impl FnOnce(&mut Gen)) {
        let own = Rng(self.rng.0 ^ tag);
        let main = std::mem::replace(&mut self.rng, own);
        let counter = self.counter;
        f(self);
        self.rng = main;
        self.counter = counter;
    }

    /// The periods of `every` from the first day of the demo to today.
    pub(super) fn periods(&self, every: Every) -> Vec<period::Period> {
        let mut out = Vec::new();
        let mut p = period::period_of(every, self.since, &self.cal);
        while p.start <= self.today {
            let next = period::next(&p, &self.cal);
            out.push(p);
            match next {
                Some(n) => p = n,
                None => break,
            }
        }
        out
    }

    /// Records the activity on `date` with the org's diligence, if it is not in the future.
    pub(super) fn maybe(
        &mut self,
        plan: &Plan,
        obligations: &[&str],
        date: NaiveDate,
        hours: Option<f64>,
        attendance: bool,
    ) {
        if date > self.today || date < self.since || !self.rng.chance(plan.diligence) {
            return;
        }
        let attendees = attendance
            .then(|| {
                let present: Vec<String> = plan
                    .members
                    .iter()
                    .filter(|m| m.expected_on(date) && !self.rng.chance(0.08))
                    .map(|m| m.id.clone())
                    .collect();
                let everyone = plan.members.iter().filter(|m| m.expected_on(date)).count();
                (present.len() < everyone).then_some(present)
            })
            .flatten();
        let topic = self.rng.pick(TOPICS);
        self.push(plan.org, obligations, date, hours, attendees, topic);
    }

    pub(super) fn push(
        &mut self,
        org: &str,
        obligations: &[&str],
        date: NaiveDate,
        hours: Option<f64>,
        attendees: Option<Vec<String>>,
        topic: &str,
    ) {
        self.counter += 1;
        let millis = date
            .and_hms_opt(10, 0, 0)
            .expect("valid time")
            .and_utc()
            .timestamp_millis();
        let mut random = [0u8; 10];
        random[..8].copy_from_slice(&self.rng.next().to_le_bytes());
        random[8..].copy_from_slice(&(self.counter as u16).to_le_bytes());
        let id = uuid::Builder::from_unix_timestamp_millis(millis as u64, &random)
            .into_uuid()
            .simple()
            .to_string();
        self.demo.records.push(Record {
            id,
            org: org.into(),
            obligations: obligations.iter().map(|s| s.to_string()).collect(),
            date,
            for_period: None,
            topic: Some(topic.into()),
            hours,
            attendees,
            location: None,
            speaker: None,
            note: None,
            created_at: stamp(date),
            updated_at: stamp(date),
            points: None,
            amounts: Default::default(),
            excused: Vec::new(),
        });
    }
}
