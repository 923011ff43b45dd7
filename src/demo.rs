//! A realistic, deterministic demo: 学院党委 with teacher and student branches, members
//! with Chinese names, and years of records at the guides' cadence with some gaps.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::checklist::{Catalog, Item};
use crate::model::{Mark, MarkState};
use crate::model::{Member, Org, OrgKind, Record};
use crate::period::{self, Calendar, Every};

/// Everything the demo puts in a database.
#[derive(Default)]
pub struct Demo {
    pub orgs: Vec<Org>,
    pub members: Vec<Member>,
    pub records: Vec<Record>,
    /// Hand scores of the assessed college's items (marks).
    pub marks: Vec<Mark>,
}

const COLLEGES: &[(&str, &str)] = &[
    ("cs", "计算机科学与技术学院"),
    ("me", "机械工程学院"),
    ("mse", "材料科学与工程学院"),
    ("tex", "纺织科学与工程学院"),
    ("ee", "电子与信息工程学院"),
    ("em", "经济与管理学院"),
    ("hum", "人文学院"),
    ("fl", "外国语学院"),
    ("math", "数学科学学院"),
    ("phy", "物理科学与技术学院"),
    ("chem", "化学学院"),
    ("env", "环境科学与工程学院"),
    ("art", "艺术学院"),
    ("law", "法学院"),
    ("marx", "马克思主义学院"),
];
const CAMPUSES: &[&str] = &["", "滨海校区", "南校区", "北校区", "东校区"];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "韩", "冯", "于", "董", "曹", "欧阳",
    "司马",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "文博", "思远", "雨桐", "子涵", "浩然", "欣怡",
    "宇航", "晓东", "海燕", "志强", "立新", "春梅", "国庆", "佳怡", "俊杰", "梓萱", "一鸣",
];
const TOPICS: &[&str] = &[
    "学习党的二十届四中全会精神",
    "学习《习近平谈治国理政》第五卷",
    "学习贯彻习近平新时代中国特色社会主义思想",
    "教育强国建设专题学习",
    "“三会一课”制度学习",
    "师德师风专题教育",
    "参观红色教育基地",
    "志愿服务进社区",
    "学习党纪学习教育读本",
    "课程思政经验交流",
    "重温入党誓词",
    "观看专题纪录片并交流",
];
const NUMERALS: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

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
    let mut dept = 0usize;
    let mut made = 0;
    if assessed && orgs >= 3 {
        g.school();
        each(std::mem::take(&mut g.demo))?;
        made += 1;
    }
    while made < orgs {
        let branches = (orgs - made - 1).min(9);
        g.department(dept, branches);
        each(std::mem::take(&mut g.demo))?;
        made += 1 + branches;
        dept += 1;
    }
    Ok(())
}

/// The checklist the demo's 学校党委 follows.
const QUALITY_STANDARD: &str = "teacher-quality-standard";

/// 落实措施 as a 任务分解表 words them.
const MEASURES: &[&str] = &[
    "制定年度工作方案，报党委常委会审议",
    "建立工作台账，每季度督查一次",
    "纳入年度考核指标体系",
    "开展专题调研，形成调研报告",
    "组织专题培训，覆盖全体专任教师",
    "修订完善相关制度文件",
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

impl Gen {
    fn department(&mut self, n: usize, branches: u32) {
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
            }
            // One 特色加分 for the college, one 负面清单 entry for a branch.
            let recent = (self.today - Days::new(40)).max(self.since);
            let entries = [
                (
                    0,
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
            }
        }
    }

    /// A 学校党委 that follows the 教师党建和思想政治工作质量标准: its standing committee's
    /// studies and reports at their cadence, and marks on a dozen observation points as a
    /// 任务分解表 has them: 落实措施, the 责任单位 that leads, a 完成时限, and a hand score
    /// for those done. From a random stream of its own, so that the rest is the same.
    fn school(&mut self) {
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
        for o in catalog
            .obligations
            .iter()
            .filter(|o| o.checklist == QUALITY_STANDARD && o.every.is_calendar())
        {
            for p in self.periods(o.every) {
                let days = (p.end - p.start).num_days().max(1) as u64;
                for _ in 0..o.count.max(1) {
                    let d = p.start + Days::new(self.rng.below(days.min(300)));
                    let per_member = o.per == crate::checklist::Per::Member;
                    self.maybe(&plan, &[o.id.as_str()], d, o.hours, per_member);
                }
            }
        }
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

    fn org(&mut self, id: &str, name: &str, kind: OrgKind, parent: Option<&str>) {
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
            exempt: Default::default(),
            checklists: Vec::new(),
            updated_at: stamp(self.since),
        });
    }

    fn people(&mut self, org: &str, count: usize, teachers: bool) {
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
            });
        }
    }

    fn members_of(&self, org: &str) -> Vec<Member> {
        self.demo
            .members
            .iter()
            .filter(|m| m.org == org)
            .cloned()
            .collect()
    }

    fn branch_records(&mut self, org: &str) {
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

    fn department_records(&mut self, org: &str) {
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
    fn ideology_records(&mut self, org: &str) {
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

    /// Hand scores (marks) for about four in five of the rubric's items without a scoring
    /// rule, mostly near full points.
    fn hand_scores(&mut self, org: &str) {
        let catalog = Catalog::builtin();
        let Some(rubric) = catalog.checklist("ideology-responsibility") else {
            return;
        };
        let mut all = Vec::new();
        leaves(&rubric.items, &mut all);
        for item in all {
            let ruled = item.obligations.iter().any(|o| o.score.is_some());
            let Some(points) = item.points.filter(|_| !ruled && item.kind.is_none()) else {
                continue;
            };
            if !self.rng.chance(0.8) {
                continue;
            }
            let score = self.hand_score(points, 0.4);
            self.demo.marks.push(Mark {
                org: org.into(),
                checklist: rubric.id.clone(),
                item: item.id.clone(),
                state: MarkState::Done,
                note: None,
                owner: None,
                deadline: None,
                score: Some(score),
                updated_at: stamp(self.today),
            });
        }
    }

    /// An assessor's score for an item worth `points`: in half points, from (1 − `spread`)
    /// of the points up to all of them.
    fn hand_score(&mut self, points: f64, spread: f64) -> f64 {
        let halves = (points * 2.0) as u64;
        let below = self.rng.below((halves as f64 * spread) as u64 + 1);
        (halves - below) as f64 / 2.0
    }

    /// The periods of `every` from the first day of the demo to today.
    fn periods(&self, every: Every) -> Vec<period::Period> {
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
    fn maybe(
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
                    .filter(|m| m.in_scope(date, date) && !self.rng.chance(0.08))
                    .map(|m| m.id.clone())
                    .collect();
                let everyone = plan
                    .members
                    .iter()
                    .filter(|m| m.in_scope(date, date))
                    .count();
                (present.len() < everyone).then_some(present)
            })
            .flatten();
        let topic = self.rng.pick(TOPICS);
        self.push(plan.org, obligations, date, hours, attendees, topic);
    }

    fn push(
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
            amounts: Default::default(),
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
        });
    }
}

/// The leaf items under `items`, in order.
fn leaves<'a>(items: &'a [Item], out: &mut Vec<&'a Item>) {
    for item in items {
        if item.items.is_empty() {
            out.push(item);
        } else {
            leaves(&item.items, out);
        }
    }
}

fn stamp(date: NaiveDate) -> String {
    format!("{date}T10:00:00.000Z")
}
