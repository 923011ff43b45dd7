//! The demo's orgs and their members: 学院党委 with teacher and student branches, and the
//! 学校党委 that follows the quality standard.

use chrono::Days;

use super::marks::leaves;
use super::words::{CAMPUSES, COLLEGES, GIVEN, MEASURES, NUMERALS, SURNAMES};
use super::{Gen, Plan, QUALITY_STANDARD, Rng, SCORED_CHECKLISTS, YEARLY_DUTIES_ADDED, stamp};
use crate::checklist::Catalog;
use crate::model::{Mark, MarkState, Member, Org, OrgKind};

impl Gen {
    pub(super) fn department(&mut self, n: usize, branches: u32) {
        let (code, college) = COLLEGES[n % COLLEGES.len()];
        let campus = CAMPUSES[(n / COLLEGES.len()) % CAMPUSES.len()];
        let round = n / (COLLEGES.len() * CAMPUSES.len());
        let code = match n / COLLEGES.len() {
            0 => code.to_string(),
            k => format!("{code}{}", k + 1),
        };
        let college = match round {
            0 => format!("{campus}{college}"),
            r => format!("{campus}{college}{}", r + 1),
        };
        let id = code.clone();
        self.org(&id, &format!("{college}党委"), OrgKind::Department, None);
        let size = 7 + self.rng.below(5) as usize;
        self.people(&id, size, true);
        self.department_records(&id);
        let teachers = branches.div_ceil(2);
        for b in 0..branches {
            let (kind, bid, name) = if b < teachers {
                let k = b as usize;
                (
                    OrgKind::TeacherBranch,
                    format!("{code}-t{}", k + 1),
                    format!("{college}教工第{}党支部", NUMERALS[k % 10]),
                )
            } else {
                let k = (b - teachers) as usize;
                let level = if k.is_multiple_of(2) {
                    "本科生"
                } else {
                    "研究生"
                };
                (
                    OrgKind::StudentBranch,
                    format!("{code}-s{}", k + 1),
                    format!("{college}{level}第{}党支部", NUMERALS[k / 2 % 10]),
                )
            };
            self.org(&bid, &name, kind, Some(&id));
            let size = if kind == OrgKind::TeacherBranch {
                8 + self.rng.below(13)
            } else {
                10 + self.rng.below(21)
            };
            self.people(&bid, size as usize, kind == OrgKind::TeacherBranch);
            self.branch_records(&bid);
            // From a random stream of its own, so that the rest of the demo is the same.
            let students = kind == OrgKind::StudentBranch;
            self.aside(0xFA7B_0000 + b as u64, |g| g.pipeline(&bid, students));
        }
        if n == 0 && self.assessed {
            // The first college is also assessed on the ideology rubric (意识形态工作责任制
            // 考核), so that the demo shows scores: its reports and meetings are recorded,
            // and most items the assessor scores by hand have been scored.
            let family: Vec<String> = self
                .demo
                .orgs
                .iter()
                .filter(|o| o.id == id || o.parent.as_deref() == Some(id.as_str()))
                .map(|o| o.id.clone())
                .collect();
            // With a random stream of their own, so that the rest of the demo is the same
            // as without them.
            let own = Rng(self.rng.0 ^ 0x1DE0_1064);
            let main = std::mem::replace(&mut self.rng, own);
            for org in &family {
                self.ideology_records(org);
                self.hand_scores(org);
                self.ideology_amounts_and_findings(org);
            }
            // One 特色加分 for a branch, one 负面清单 entry for another: the rubric assesses
            // the college by its branches (各系按支部), not its committee.
            let recent = (self.today - Days::new(40)).max(self.since);
            let entries = [
                (
                    2,
                    "ideology-bonus",
                    2.0,
                    "意识形态工作经验做法被上级党委宣传部推广",
                ),
                (
                    1,
                    "ideology-penalty",
                    1.0,
                    "网络舆情处置不及时，被党委宣传部通报",
                ),
            ];
            for (i, obligation, points, topic) in entries {
                if let Some(org) = family.get(i) {
                    self.push(org, &[obligation], recent, None, None, topic);
                    if let Some(r) = self.demo.records.last_mut() {
                        r.points = Some(points);
                    }
                }
            }
            self.rng = main;
            for org in self.demo.orgs.iter_mut().filter(|o| family.contains(&o.id)) {
                org.checklists = SCORED_CHECKLISTS.iter().map(|c| c.to_string()).collect();
                // And, like every branch, the path into the party.
                org.checklists.push("member-development".into());
            }
        }
    }

    /// A 学校党委 that follows the 教师党建和思想政治工作质量标准: its standing committee's
    /// studies and reports at their cadence, and marks on a dozen observation points as a
    /// 任务分解表 has them: 落实措施, the 责任单位 that leads, a 完成时限, and a hand score
    /// for those done. From a random stream of its own, so that the rest is the same.
    pub(super) fn school(&mut self) {
        let own = Rng(self.rng.0 ^ 0x5C40_0150);
        let main = std::mem::replace(&mut self.rng, own);
        self.org("school", "学校党委", OrgKind::School, None);
        if let Some(o) = self.demo.orgs.last_mut() {
            o.checklists = vec![QUALITY_STANDARD.to_string()];
        }
        self.people("school", 11, true);
        for m in self.demo.members.iter_mut().filter(|m| m.org == "school") {
            for tag in m.tags.iter_mut().filter(|t| *t == "支部书记") {
                *tag = "党委书记".into();
            }
        }
        let members = self.members_of("school");
        let plan = Plan {
            org: "school",
            members: &members,
            diligence: 0.95,
        };
        let catalog = Catalog::builtin();
        let at_cadence = |g: &mut Gen, o: &crate::checklist::Obligation| {
            for p in g.periods(o.every) {
                let days = (p.end - p.start).num_days().max(1) as u64;
                for _ in 0..o.count.max(1) {
                    let d = p.start + Days::new(g.rng.below(days.min(300)));
                    let per_member = o.per == crate::checklist::Per::Member;
                    g.maybe(&plan, &[o.id.as_str()], d, o.hours, per_member);
                }
            }
        };
        let calendar = || {
            catalog
                .obligations
                .iter()
                .filter(|o| o.checklist == QUALITY_STANDARD && o.every.is_calendar())
        };
        for o in calendar().filter(|o| !YEARLY_DUTIES_ADDED.contains(&o.id.as_str())) {
            at_cadence(self, o);
        }
        // The yearly duties encoded later come from a stream of their own, after the
        // others, so that the school's other records and marks stay as they were.
        self.aside(0x7_0050, |g| {
            for o in calendar().filter(|o| YEARLY_DUTIES_ADDED.contains(&o.id.as_str())) {
                at_cadence(g, o);
            }
        });
        let Some(standard) = catalog.checklist(QUALITY_STANDARD) else {
            self.rng = main;
            return;
        };
        let mut points = Vec::new();
        leaves(&standard.items, &mut points);
        for item in points.into_iter().filter(|i| i.points.is_some()) {
            if !self.rng.chance(0.2) {
                continue;
            }
            let done = self.rng.chance(0.5);
            let score = item
                .points
                .filter(|_| done)
                .map(|p| self.hand_score(p, 0.3));
            let deadline = self.today + Days::new(15 + self.rng.below(120));
            self.demo.marks.push(Mark {
                org: "school".into(),
                checklist: standard.id.clone(),
                item: item.id.clone(),
                state: if done {
                    MarkState::Done
                } else {
                    MarkState::Doing
                },
                note: Some(self.rng.pick(MEASURES).to_string()),
                owner: item.owners.first().cloned(),
                deadline: Some(deadline),
                score,
                updated_at: stamp(self.today),
            });
        }
        self.rng = main;
    }

    pub(super) fn org(&mut self, id: &str, name: &str, kind: OrgKind, parent: Option<&str>) {
        let elected_on = kind.is_branch().then(|| {
            // Most branches elected 0.5–3 years ago; some are past their 3-year term.
            let back = 180 + self.rng.below(3 * 365 + 120);
            self.today - Days::new(back)
        });
        self.demo.orgs.push(Org {
            id: id.into(),
            name: name.into(),
            kind,
            parent: parent.map(Into::into),
            elected_on,
            since: self.since,
            due_days: Default::default(),
            term_years: Default::default(),
            every: Default::default(),
            exempt: Default::default(),
            checklists: Vec::new(),
            updated_at: stamp(self.since),
        });
    }

    pub(super) fn people(&mut self, org: &str, count: usize, teachers: bool) {
        for i in 0..count {
            let name = format!("{}{}", self.rng.pick(SURNAMES), self.rng.pick(GIVEN));
            let mut tags = Vec::new();
            if i == 0 {
                tags.push("支部书记".to_string());
            }
            if teachers && self.rng.chance(0.3) {
                tags.push("青年教师".to_string());
            }
            // A few joined this autumn and are still short of their hours.
            let joined_on = if self.rng.chance(0.06) {
                Some(self.today - Days::new(20 + self.rng.below(60)))
            } else {
                Some(self.since - Days::new(30 + self.rng.below(3000)))
            };
            let left_on = self
                .rng
                .chance(0.02)
                .then(|| self.today - Days::new(self.rng.below(200)));
            self.demo.members.push(Member {
                id: format!("m{:02}", i + 1),
                org: org.into(),
                name,
                tags,
                joined_on,
                left_on: left_on.filter(|l| joined_on.is_none_or(|j| j < *l)),
                updated_at: stamp(self.since),
                ..Member::default()
            });
        }
    }

    pub(super) fn members_of(&self, org: &str) -> Vec<Member> {
        self.demo
            .members
            .iter()
            .filter(|m| m.org == org)
            .cloned()
            .collect()
    }
}
