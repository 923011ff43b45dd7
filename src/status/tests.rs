//! Table tests of every status rule, with dates worked out by hand.

use super::*;
use crate::checklist::Source;
use crate::model::OrgKind;

const CHECKLIST: &str = r#"
schema: 1
id: rules
title: 规则
applies_to: [any-branch]
items:
  - id: "1"
    title: 一
    items:
      - id: "1.1"
        title: 二
        items:
          - id: "1.1.1"
            text: 三
            obligations:
              - { id: monthly, title: 主题党日, every: month }
              - { id: quarterly, title: 党员大会, every: quarter }
              - { id: twice-a-year, title: 专题研究, every: year, count: 2 }
              - { id: half-year-report, title: 半年报告, every: half-year, due_day: 15 }
              - { id: semester-report, title: 学期报告, every: semester }
              - { id: study-hours, title: 学习, every: year, hours: 32, per: member }
              - { id: young-study, title: 青年教师学习, every: year, per: member, tag: 青年教师 }
              - { id: election, title: 换届, every: term, years: 3 }
              - { id: founding-report, title: 一次性报告, every: once, due: "2026-04-30" }
              - { id: dept-only, title: 院系, every: month, applies_to: [department] }
"#;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn catalog() -> Catalog {
    Catalog::load(vec![Source {
        path: "rules.yaml".into(),
        text: CHECKLIST.into(),
    }])
    .unwrap()
}

fn org() -> Org {
    Org {
        id: "b1".into(),
        name: "第一支部".into(),
        kind: OrgKind::TeacherBranch,
        parent: None,
        elected_on: None,
        since: d("2025-01-01"),
        due_days: Default::default(),
        term_years: Default::default(),
        every: Default::default(),
        exempt: Default::default(),
        checklists: Vec::new(),
        updated_at: String::new(),
    }
}

fn member(id: &str, joined: Option<&str>, tags: &[&str]) -> Member {
    Member {
        id: id.into(),
        org: "b1".into(),
        name: format!("党员{id}"),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        joined_on: joined.map(d),
        left_on: None,
        updated_at: String::new(),
        ..Default::default()
    }
}

fn record(obligation: &str, date: &str) -> Record {
    Record {
        id: format!("r-{obligation}-{date}"),
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
    }
}

fn with_hours(mut r: Record, hours: f64, attendees: Option<&[&str]>) -> Record {
    r.hours = Some(hours);
    r.attendees = attendees.map(|a| a.iter().map(|s| s.to_string()).collect());
    r
}

struct Case<'a> {
    org: Org,
    members: Vec<Member>,
    records: Vec<Record>,
    today: &'a str,
}

impl Case<'_> {
    fn new(today: &str) -> Case<'_> {
        Case {
            org: org(),
            members: vec![member("m1", None, &[])],
            records: Vec::new(),
            today,
        }
    }

    fn status(&self, obligation: &str) -> ObligationStatus {
        let catalog = catalog();
        let all = evaluate(
            &catalog,
            &Calendar::default(),
            &self.org,
            &self.members,
            &self.records,
            d(self.today),
        );
        let index = catalog
            .obligations
            .iter()
            .position(|o| o.id == obligation)
            .unwrap();
        all.obligations
            .into_iter()
            .find(|o| o.obligation == index)
            .unwrap()
    }

    fn current(&self, obligation: &str) -> (String, NaiveDate, Status) {
        let s = self.status(obligation).current;
        (s.period.label, s.due, s.status)
    }
}

#[test]
fn monthly_pending_due_soon_overdue_by_today() {
    let case = |today| Case::new(today).current("monthly");
    // warn_days for a month is 7: due soon from Nov 23 for a Nov 30 due date.
    assert_eq!(
        case("2026-11-22"),
        ("2026-11".into(), d("2026-11-30"), Status::Pending)
    );
    assert_eq!(
        case("2026-11-23"),
        ("2026-11".into(), d("2026-11-30"), Status::DueSoon)
    );
    assert_eq!(
        case("2026-11-30"),
        ("2026-11".into(), d("2026-11-30"), Status::DueSoon)
    );
}

#[test]
fn a_record_in_the_period_makes_it_done() {
    let mut c = Case::new("2026-11-22");
    c.records.push(record("monthly", "2026-11-03"));
    assert_eq!(c.current("monthly").2, Status::Done);
    assert_eq!(
        c.status("monthly").current.records,
        vec!["r-monthly-2026-11-03"]
    );
}

#[test]
fn count_needs_that_many_records_in_the_period() {
    let mut c = Case::new("2026-11-22");
    c.records.push(record("twice-a-year", "2026-03-03"));
    let s = c.status("twice-a-year").current;
    assert_eq!(
        (s.status, s.count, s.count_required),
        (Status::Pending, 1, 2)
    );
    c.records.push(record("twice-a-year", "2026-09-09"));
    assert_eq!(c.current("twice-a-year").2, Status::Done);
}

#[test]
fn half_year_report_is_due_on_the_15th_of_the_last_month() {
    // 每半年末15日前: H2 2026 is due Dec 15; warn 30 days → due soon from Nov 15.
    let c = Case::new("2026-11-14");
    assert_eq!(
        c.current("half-year-report"),
        ("2026-H2".into(), d("2026-12-15"), Status::Pending)
    );
    assert_eq!(
        Case::new("2026-11-15").current("half-year-report").2,
        Status::DueSoon
    );
    // Filed Dec 20: after the 15th, so H2 is done late — and overdue on Dec 16 before that.
    assert_eq!(
        Case::new("2026-12-16").current("half-year-report").2,
        Status::Overdue
    );
    let mut late = Case::new("2026-12-22");
    late.records.push(record("half-year-report", "2026-12-20"));
    assert_eq!(late.current("half-year-report").2, Status::DoneLate);
    let mut on_time = Case::new("2026-12-22");
    on_time
        .records
        .push(record("half-year-report", "2026-12-15"));
    assert_eq!(on_time.current("half-year-report").2, Status::Done);
}

#[test]
fn semester_straddles_new_year() {
    // 2026-2027-1 runs 2026-09-01 .. 2027-02-28: a December report still counts in January.
    let mut c = Case::new("2027-01-10");
    c.records.push(record("semester-report", "2026-12-28"));
    assert_eq!(
        c.current("semester-report"),
        ("2026-2027-1".into(), d("2027-02-28"), Status::Done)
    );
    // The previous semester (2025-2026-2, due 2026-08-31) was never reported, but its due
    // date is in 2026, not in today's year 2027: it is not a missed period of 2027.
    assert!(c.status("semester-report").missed.is_empty());
    // On 2026-11-22 it is.
    let c = Case::new("2026-11-22");
    let missed: Vec<String> = c
        .status("semester-report")
        .missed
        .into_iter()
        .map(|m| m.period.label)
        .collect();
    assert_eq!(missed, ["2025-2026-1", "2025-2026-2"]);
}

#[test]
fn member_who_joined_in_october_is_short_of_32_hours() {
    let mut c = Case::new("2026-12-01");
    c.members = vec![
        member("m1", Some("2020-05-01"), &[]),
        member("m2", Some("2026-10-15"), &[]),
    ];
    // m1 attended everything (36 h); m2 joined in October and was at only the November one.
    c.records.push(with_hours(
        record("study-hours", "2026-03-10"),
        20.0,
        Some(&["m1"]),
    ));
    c.records.push(with_hours(
        record("study-hours", "2026-11-10"),
        16.0,
        Some(&["m1", "m2"]),
    ));
    let s = c.status("study-hours").current;
    assert_eq!(s.status, Status::DueSoon);
    assert_eq!((s.hours, s.hours_required), (Some(16.0), Some(32.0)));
    assert_eq!(s.members, Some((2, 1)));
    assert_eq!(
        s.members_short,
        vec![MemberShort {
            id: "m2".into(),
            name: "党员m2".into(),
            count: 1,
            hours: 16.0,
            amount: None,
        }]
    );
    // Without an attendee list everyone in scope that day attended: m2 had not joined in March.
    let mut c2 = Case::new("2026-12-01");
    c2.members = c.members.clone();
    c2.records
        .push(with_hours(record("study-hours", "2026-03-10"), 20.0, None));
    c2.records
        .push(with_hours(record("study-hours", "2026-11-10"), 16.0, None));
    assert_eq!(c2.status("study-hours").current.members_short.len(), 1);
    c2.records
        .push(with_hours(record("study-hours", "2026-11-20"), 16.0, None));
    assert_eq!(c2.current("study-hours").2, Status::Done);
}

#[test]
fn per_member_with_a_tag_and_no_one_in_scope() {
    let mut c = Case::new("2026-11-22");
    assert_eq!(c.current("young-study").2, Status::NotApplicable);
    c.members.push(member("y1", None, &["青年教师"]));
    assert_eq!(c.current("young-study").2, Status::Pending);
    c.records.push(with_hours(
        record("young-study", "2026-05-05"),
        2.0,
        Some(&["y1"]),
    ));
    assert_eq!(c.current("young-study").2, Status::Done);
}

#[test]
fn make_up_record_counts_only_for_the_period_it_names() {
    // September was missed; a make-up (补开) held on Nov 5 for 2026-09.
    let mut c = Case::new("2026-11-22");
    for m in [
        "2026-01-08",
        "2026-02-08",
        "2026-03-08",
        "2026-04-08",
        "2026-05-08",
        "2026-06-08",
        "2026-07-08",
        "2026-08-08",
        "2026-10-08",
    ] {
        c.records.push(record("monthly", m));
    }
    let missed: Vec<String> = c
        .status("monthly")
        .missed
        .iter()
        .map(|m| m.period.label.clone())
        .collect();
    assert_eq!(missed, ["2026-09"]);
    let mut makeup = record("monthly", "2026-11-05");
    makeup.for_period = Some("2026-09".into());
    c.records.push(makeup);
    let s = c.status("monthly");
    assert!(s.missed.is_empty());
    // The make-up does not count for November, the month it was held in.
    assert_eq!(s.current.status, Status::Pending);
}

#[test]
fn a_make_up_counts_by_date_for_what_it_implies() {
    // A make-up 主题党日 for September held on Nov 10: its hours were studied in 2026, so
    // they count toward the yearly study hours, whose periods "2026-09" does not name.
    let mut c = Case::new("2026-11-22");
    let mut makeup = with_hours(record("monthly", "2026-11-10"), 32.0, None);
    makeup.obligations.push("study-hours".into());
    makeup.for_period = Some("2026-09".into());
    c.records.push(makeup);
    assert_eq!(c.current("study-hours").2, Status::Done);
    assert_eq!(c.current("monthly").2, Status::Pending);
}

#[test]
fn make_up_after_the_due_date_is_done_late() {
    let mut c = Case::new("2026-11-22");
    let mut makeup = record("quarterly", "2026-11-05");
    makeup.for_period = Some("2026-Q3".into());
    c.records.push(makeup);
    let catalog = catalog();
    let all = evaluate(
        &catalog,
        &Calendar::default(),
        &c.org,
        &c.members,
        &c.records,
        d(c.today),
    );
    let o = catalog
        .obligations
        .iter()
        .position(|o| o.id == "quarterly")
        .unwrap();
    let q3 = all.obligations[o]
        .missed
        .iter()
        .find(|m| m.period.label == "2026-Q3");
    assert!(q3.is_none(), "Q3 is done late, not missed");
}

#[test]
fn missed_months_earlier_in_the_year() {
    let mut c = Case::new("2026-05-20");
    c.records.push(record("monthly", "2026-01-15"));
    c.records.push(record("monthly", "2026-03-15"));
    let s = c.status("monthly");
    let missed: Vec<(String, Status)> = s
        .missed
        .iter()
        .map(|m| (m.period.label.clone(), m.status))
        .collect();
    assert_eq!(
        missed,
        [
            ("2026-02".into(), Status::Overdue),
            ("2026-04".into(), Status::Overdue)
        ]
    );
    // December 2025 was missed too but was due last year.
    let summary = evaluate(
        &catalog(),
        &Calendar::default(),
        &c.org,
        &c.members,
        &c.records,
        d(c.today),
    )
    .summary();
    assert!(summary.overdue >= 2);
}

#[test]
fn periods_before_the_org_existed_are_not_judged() {
    let mut c = Case::new("2026-05-20");
    c.org.since = d("2026-03-10");
    let missed: Vec<String> = c
        .status("monthly")
        .missed
        .iter()
        .map(|m| m.period.label.clone())
        .collect();
    assert_eq!(missed, ["2026-03", "2026-04"]);
}

#[test]
fn org_due_day_override() {
    let mut c = Case::new("2026-11-21");
    c.org.due_days.insert("monthly".into(), 20);
    assert_eq!(
        c.current("monthly"),
        ("2026-11".into(), d("2026-11-20"), Status::Overdue)
    );
}

#[test]
fn term_is_due_three_years_after_elected_on_feb_29() {
    let mut c = Case::new("2026-11-22");
    c.org.elected_on = Some(d("2024-02-29"));
    assert_eq!(
        c.current("election"),
        (
            "term-from-2024-02-29".into(),
            d("2027-02-28"),
            Status::Pending
        )
    );
    // warn_days for a term is 90: due soon from 2026-11-30.
    c.today = "2026-11-30";
    assert_eq!(c.current("election").2, Status::DueSoon);
    c.today = "2027-03-01";
    assert_eq!(c.current("election").2, Status::Overdue);
    // An election record moves the anchor once it is held: the next term is due in 2030.
    c.records.push(record("election", "2027-03-05"));
    c.today = "2027-03-05";
    assert_eq!(
        c.current("election"),
        (
            "term-from-2027-03-05".into(),
            d("2030-03-05"),
            Status::Pending
        )
    );
}

#[test]
fn term_falls_back_to_since() {
    let c = Case::new("2026-11-22");
    assert_eq!(
        c.current("election"),
        (
            "term-from-2025-01-01".into(),
            d("2028-01-01"),
            Status::Pending
        )
    );
}

#[test]
fn once_is_done_late_after_its_due_date() {
    let c = Case::new("2026-04-20");
    assert_eq!(
        c.current("founding-report"),
        ("2026-04-30".into(), d("2026-04-30"), Status::DueSoon)
    );
    let c = Case::new("2026-11-22");
    assert_eq!(c.current("founding-report").2, Status::Overdue);
    let mut c = Case::new("2026-11-22");
    c.records.push(record("founding-report", "2026-05-02"));
    assert_eq!(c.current("founding-report").2, Status::DoneLate);
    let mut c = Case::new("2026-11-22");
    c.records.push(record("founding-report", "2025-12-02"));
    assert_eq!(c.current("founding-report").2, Status::Done);
}

#[test]
fn obligation_for_another_kind_is_not_applicable() {
    let c = Case::new("2026-11-22");
    let s = c.status("dept-only");
    assert_eq!(s.current.status, Status::NotApplicable);
    assert!(s.missed.is_empty());
}

#[test]
fn summary_counts_missed_periods_as_overdue() {
    let c = Case::new("2026-03-05");
    let s = evaluate(
        &catalog(),
        &Calendar::default(),
        &c.org,
        &c.members,
        &c.records,
        d(c.today),
    )
    .summary();
    // Missed: monthly Jan + Feb, semester 2025-2026-1 (due Feb 28). Current overdue: none.
    assert_eq!(s.overdue, 3);
    assert_eq!(s.not_applicable, 2); // dept-only, young-study (no tagged member)
}

#[test]
fn records_needed_reaches_back_to_the_first_period_due_this_year() {
    let n = records_needed(&catalog(), &Calendar::default(), d("2026-11-22"));
    // The semester holding Jan 1 2026 started 2025-09-01.
    assert_eq!(n.from, d("2025-09-01"));
    assert_eq!(n.history, ["election", "founding-report"]);
}

// ---- as of an earlier day (SPEC §4 rule 6) ----

#[test]
fn an_earlier_day_does_not_count_later_records() {
    // Judged on 2026-09-30, November's 16 hours are not there yet.
    let mut c = Case::new("2026-09-30");
    c.records
        .push(with_hours(record("study-hours", "2026-03-10"), 20.0, None));
    c.records
        .push(with_hours(record("study-hours", "2026-11-05"), 16.0, None));
    let s = c.status("study-hours").current;
    assert_eq!(s.hours, Some(20.0));
    assert_eq!(s.records, vec!["r-study-hours-2026-03-10".to_string()]);
    // September's 主题党日 held on October 2 does not make September done on the 30th.
    c.records.push(record("monthly", "2026-10-02"));
    assert_ne!(c.current("monthly").2, Status::Done);
}

#[test]
fn a_member_who_joined_later_is_not_in_scope_on_an_earlier_day() {
    let mut c = Case::new("2026-09-30");
    c.members.push(member("m2", Some("2026-11-02"), &[]));
    c.records.push(with_hours(
        record("study-hours", "2026-03-10"),
        32.0,
        Some(&["m1"]),
    ));
    let s = c.status("study-hours").current;
    assert!(s.members_short.is_empty(), "{:?}", s.members_short);
    assert_eq!(s.members, Some((1, 1)));
    // On 2026-11-22 the new member is in scope, and short.
    let mut later = Case::new("2026-11-22");
    later.members = c.members.clone();
    later.records = c.records.clone();
    assert_eq!(later.status("study-hours").current.members_short.len(), 1);
}

#[test]
fn a_term_anchor_ignores_an_election_held_after_the_day() {
    let mut c = Case::new("2026-05-01");
    c.records.push(record("election", "2023-06-01"));
    c.records.push(record("election", "2026-06-15"));
    assert_eq!(c.current("election").0, "term-from-2023-06-01");
    let mut later = Case::new("2026-07-01");
    later.records = c.records.clone();
    assert_eq!(later.current("election").0, "term-from-2026-06-15");
}

#[test]
fn a_once_report_filed_after_the_day_does_not_count() {
    // Due 2026-04-30; filed on 2026-05-10.
    let mut c = Case::new("2026-05-05");
    c.records.push(record("founding-report", "2026-05-10"));
    assert_eq!(c.current("founding-report").2, Status::Overdue);
    let mut later = Case::new("2026-05-20");
    later.records = c.records.clone();
    assert_eq!(later.current("founding-report").2, Status::DoneLate);
}
