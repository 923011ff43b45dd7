//! Table tests of every scoring rule (SPEC §6), with figures worked out by hand.

use super::*;
use crate::checklist::Source;
use crate::model::OrgKind;

/// Items 1 (2 + 3 + 2 + 3 = 10) and 2 (4, teacher branches only) make `max` 14 for a
/// teacher branch; 6 is a bonus capped at 5 and 7 a penalty.
const RUBRIC: &str = r#"
schema: 1
id: rubric
title: 考核评分
applies_to: [any-branch]
items:
  - id: "1"
    title: 体制机制
    points: 10
    items:
      - id: "1.1"
        text: 每半年末15日前汇报，迟报扣0.5分，未报0分
        points: 2
        obligations:
          - { id: report, title: 汇报, every: half-year, due_day: 15, score: { late: 0.5, missed: all } }
      - id: "1.2"
        text: 每次1分，最高记3分
        points: 3
        obligations:
          - { id: talk, title: 宣讲, every: event, score: { per_record: 1 } }
      - id: "1.3"
        text: 1人不及扣0.5，扣完为止
        points: 2
        obligations:
          - { id: study, title: 学习, every: year, per: member, score: { short: 0.5 } }
      - id: "1.4"
        text: 由考核组评定
        points: 3
  - id: "2"
    title: 教工支部专项
    points: 4
    applies_to: [teacher-branch]
    items:
      - { id: "2.1", text: 教工, points: 4 }
  - id: "6"
    title: 特色加分
    kind: bonus
    points: 5
    obligations: [{ id: feature, title: 特色工作, every: event }]
  - id: "7"
    title: 负面清单
    kind: penalty
    obligations: [{ id: negative, title: 负面事项, every: event }]
"#;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn catalog() -> Catalog {
    Catalog::load(vec![Source {
        path: "rubric.yaml".into(),
        text: RUBRIC.into(),
    }])
    .unwrap()
}

struct Case {
    org: Org,
    members: Vec<Member>,
    records: Vec<Record>,
    marks: Vec<Mark>,
}

impl Case {
    fn new() -> Case {
        Case {
            org: Org {
                id: "b1".into(),
                name: "第一支部".into(),
                kind: OrgKind::TeacherBranch,
                parent: None,
                elected_on: None,
                since: d("2024-01-01"),
                due_days: Default::default(),
                term_years: Default::default(),
                every: Default::default(),
                exempt: Default::default(),
                checklists: Vec::new(),
                updated_at: String::new(),
            },
            members: (1..=5)
                .map(|i| Member {
                    id: format!("m{i}"),
                    org: "b1".into(),
                    name: format!("党员{i}"),
                    tags: Vec::new(),
                    joined_on: None,
                    left_on: None,
                    updated_at: String::new(),
                    ..Default::default()
                })
                .collect(),
            records: Vec::new(),
            marks: Vec::new(),
        }
    }

    fn record(mut self, obligation: &str, date: &str) -> Case {
        let n = self.records.len();
        self.records.push(Record {
            id: format!("r{n:03}"),
            org: "b1".into(),
            obligations: vec![obligation.into()],
            date: d(date),
            for_period: None,
            topic: None,
            hours: None,
            attendees: None,
            location: None,
            speaker: None,
            note: None,
            created_at: String::new(),
            updated_at: String::new(),
            points: None,
            amounts: Default::default(),
            ..Default::default()
        });
        self
    }

    fn points(mut self, obligation: &str, date: &str, points: f64) -> Case {
        self = self.record(obligation, date);
        self.records.last_mut().unwrap().points = Some(points);
        self
    }

    fn attended_by(mut self, ids: &[&str]) -> Case {
        self.records.last_mut().unwrap().attendees =
            Some(ids.iter().map(|s| s.to_string()).collect());
        self
    }

    fn mark(mut self, item: &str, state: MarkState, score: Option<f64>) -> Case {
        self.marks.push(Mark {
            org: "b1".into(),
            checklist: "rubric".into(),
            item: item.into(),
            state,
            note: None,
            owner: None,
            deadline: None,
            score,
            updated_at: String::new(),
        });
        self
    }

    /// Every half-year report on time and every member studying: a clean year, so that
    /// each test changes one thing.
    fn clean(self, year: i32) -> Case {
        self.record("report", &format!("{year}-06-10"))
            .record("report", &format!("{year}-12-10"))
            .record("study", &format!("{year}-03-01"))
    }

    fn score(&self, year: i32, today: &str) -> ChecklistScore {
        let all = score_org(
            &catalog(),
            &Calendar::default(),
            &self.org,
            OrgData {
                members: &self.members,
                records: &self.records,
                marks: &self.marks,
            },
            year,
            d(today),
        );
        assert_eq!(all.len(), 1, "one scored checklist");
        all.into_iter().next().unwrap()
    }
}

fn item(s: &ChecklistScore, id: &str) -> (Option<f64>, By) {
    let i = s
        .items
        .iter()
        .find(|i| i.item == id)
        .unwrap_or_else(|| panic!("item {id} is scored: {:?}", s.items));
    (i.score, i.by)
}

#[test]
fn a_clean_year_scores_every_rule_in_full_and_leaves_hand_items_unscored() {
    let s = Case::new().clean(2026).score(2026, "2026-12-31");
    assert_eq!(item(&s, "1.1"), (Some(2.0), By::Rule));
    assert_eq!(item(&s, "1.2"), (Some(0.0), By::Rule));
    assert_eq!(item(&s, "1.3"), (Some(2.0), By::Rule));
    assert_eq!(item(&s, "1.4"), (None, By::None));
    assert_eq!(item(&s, "2.1"), (None, By::None));
    assert_eq!((s.max, s.unscored, s.score), (14.0, 2, 4.0));
    // No entries: 0, not the -0 of an empty sum (which would print as "-0").
    assert!(s.penalty.is_sign_positive() && s.bonus.is_sign_positive());
    assert_eq!(item(&s, "7"), (Some(0.0), By::Penalty));
    assert!(item(&s, "7").0.unwrap().is_sign_positive());
}

#[test]
fn half_year_report_late_once_scores_1_5_and_missed_once_scores_0() {
    let late = Case::new()
        .record("report", "2026-06-20") // H1 due 06-15: late
        .record("report", "2026-12-10")
        .score(2026, "2026-12-31");
    assert_eq!(item(&late, "1.1"), (Some(1.5), By::Rule));

    let missed = Case::new()
        .record("report", "2026-06-10") // H2 never reported: missed: all
        .score(2026, "2026-12-31");
    assert_eq!(item(&missed, "1.1"), (Some(0.0), By::Rule));
}

#[test]
fn per_record_counts_the_year_s_records_capped_at_max() {
    let two = Case::new()
        .record("talk", "2026-03-01")
        .record("talk", "2026-04-01")
        .record("talk", "2025-12-01") // another year
        .score(2026, "2026-12-31");
    assert_eq!(item(&two, "1.2"), (Some(2.0), By::Rule));

    let mut five = Case::new();
    for m in 1..=5 {
        five = five.record("talk", &format!("2026-{m:02}-01"));
    }
    assert_eq!(
        item(&five.score(2026, "2026-12-31"), "1.2"),
        (Some(3.0), By::Rule)
    );
}

#[test]
fn short_deducts_per_member_short_in_an_overdue_period() {
    // 5 members, 2 studied: 3 short → 2 − 3 × 0.5 = 0.5, once the year is over.
    let s = Case::new()
        .record("study", "2026-05-01")
        .attended_by(&["m1", "m2"])
        .score(2026, "2027-01-05");
    assert_eq!(item(&s, "1.3"), (Some(0.5), By::Rule));
}

#[test]
fn a_hand_score_overrides_the_rule() {
    let s = Case::new()
        .record("report", "2026-06-10") // H2 missed: the rule gives 0
        .mark("1.1", MarkState::Done, Some(1.75))
        .mark("1.4", MarkState::Done, Some(2.5))
        .score(2026, "2026-12-31");
    assert_eq!(item(&s, "1.1"), (Some(1.75), By::Hand));
    assert_eq!(item(&s, "1.4"), (Some(2.5), By::Hand));
    assert_eq!(s.unscored, 1);
}

#[test]
fn not_applicable_and_exempt_items_leave_max() {
    let mut case = Case::new()
        .clean(2026)
        .mark("1.4", MarkState::NotApplicable, None);
    case.org.exempt.insert("report".into(), "不设党小组".into());
    let s = case.score(2026, "2026-12-31");
    assert_eq!(s.max, 14.0 - 3.0 - 2.0);
    assert!(s.items.iter().all(|i| i.item != "1.4" && i.item != "1.1"));
}

#[test]
fn an_item_for_teacher_branches_leaves_max_for_a_student_branch() {
    let mut case = Case::new().clean(2026);
    case.org.kind = OrgKind::StudentBranch;
    let s = case.score(2026, "2026-12-31");
    assert_eq!(s.max, 10.0);
    assert!(s.items.iter().all(|i| i.item != "2.1"));
}

#[test]
fn bonus_is_capped_at_its_points() {
    let s = Case::new()
        .clean(2026)
        .points("feature", "2026-05-01", 3.0)
        .points("feature", "2026-09-01", 4.0)
        .score(2026, "2026-12-31");
    assert_eq!(item(&s, "6"), (Some(5.0), By::Bonus));
    assert_eq!((s.bonus, s.score), (5.0, 4.0 + 5.0));
}

#[test]
fn penalty_is_deducted_and_the_total_floored_at_0() {
    let some = Case::new()
        .clean(2026)
        .points("negative", "2026-05-01", 1.5)
        .score(2026, "2026-12-31");
    assert_eq!((some.penalty, some.score), (1.5, 2.5));

    let heavy = Case::new()
        .clean(2026)
        .points("negative", "2026-05-01", 30.0)
        .score(2026, "2026-12-31");
    assert_eq!((heavy.penalty, heavy.score), (30.0, 0.0));
}

#[test]
fn a_past_year_is_scored_from_its_own_records() {
    // 2025: H1 on time, H2 late; this year's clean records do not count for it.
    let s = Case::new()
        .record("report", "2025-06-01")
        .record("report", "2025-12-20")
        .record("study", "2025-04-01")
        .record("talk", "2025-04-01")
        .clean(2026)
        .score(2025, "2026-11-22");
    assert_eq!(s.year, 2025);
    assert_eq!(item(&s, "1.1"), (Some(1.5), By::Rule));
    assert_eq!(item(&s, "1.2"), (Some(1.0), By::Rule));
    assert_eq!(item(&s, "1.3"), (Some(2.0), By::Rule));
}

#[test]
fn earlier_in_the_year_periods_not_yet_due_deduct_nothing() {
    // 1 March: neither half-year report nor the year's study is due yet.
    let s = Case::new().score(2026, "2026-03-01");
    assert_eq!(item(&s, "1.1"), (Some(2.0), By::Rule));
    assert_eq!(item(&s, "1.3"), (Some(2.0), By::Rule));
    // Records after today do not count either.
    let s = Case::new()
        .record("talk", "2026-02-01")
        .record("talk", "2026-05-01")
        .score(2026, "2026-03-01");
    assert_eq!(item(&s, "1.2"), (Some(1.0), By::Rule));
}

#[test]
fn a_checklist_not_in_force_is_not_scored() {
    let mut case = Case::new();
    case.org.checklists = vec!["other".into()];
    let all = score_org(
        &catalog(),
        &Calendar::default(),
        &case.org,
        OrgData {
            members: &case.members,
            records: &case.records,
            marks: &case.marks,
        },
        2026,
        d("2026-12-31"),
    );
    assert!(all.is_empty());
}
