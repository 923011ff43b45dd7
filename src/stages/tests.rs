//! SPEC §9's rules on fixed dates.

use chrono::NaiveDate;

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn person(stage: Stage, dates: &[(Stage, &str)]) -> Member {
    Member {
        id: "m01".into(),
        org: "b1".into(),
        name: "李明".into(),
        stage,
        stage_dates: dates.iter().map(|(s, x)| (*s, d(x))).collect(),
        ..Member::default()
    }
}

#[test]
fn a_candidate_is_refused_before_a_year_as_activist_with_the_earliest_date() {
    let m = person(
        Stage::Activist,
        &[
            (Stage::Applicant, "2025-01-10"),
            (Stage::Activist, "2025-03-31"),
        ],
    );
    let today = d("2026-11-30");
    assert_eq!(
        advance(&m, Stage::Candidate, d("2026-03-30"), today),
        Err(StageError::CandidateTooSoon {
            date: d("2026-03-30"),
            activist: d("2025-03-31"),
            earliest: d("2026-03-31"),
        })
    );
    let c = advance(&m, Stage::Candidate, d("2026-03-31"), today).unwrap();
    assert_eq!(c.stage, Stage::Candidate);
    // The earlier stages' dates stay.
    assert_eq!(c.entered(Stage::Activist), Some(d("2025-03-31")));
    assert_eq!(c.entered(Stage::Candidate), Some(d("2026-03-31")));
}

#[test]
fn full_is_refused_before_the_probation_ends_and_allowed_after_an_extension() {
    let m = person(Stage::Probationary, &[(Stage::Probationary, "2025-06-15")]);
    let today = d("2026-12-31");
    assert_eq!(
        advance(&m, Stage::Full, d("2026-06-14"), today),
        Err(StageError::FullTooSoon {
            date: d("2026-06-14"),
            earliest: d("2026-06-15"),
        })
    );
    let extended = extend(&m, 6).unwrap();
    assert_eq!(probation_end(&extended), Some(d("2026-12-15")));
    assert_eq!(
        advance(&extended, Stage::Full, d("2026-06-15"), today),
        Err(StageError::FullTooSoon {
            date: d("2026-06-15"),
            earliest: d("2026-12-15"),
        })
    );
    let full = advance(&extended, Stage::Full, d("2026-12-15"), today).unwrap();
    assert_eq!(full.stage, Stage::Full);
    assert_eq!(extend(&extended, 6), Err(StageError::ExtendedTwice(6)));
    assert_eq!(extend(&m, 5), Err(StageError::ExtensionMonths(5)));
    assert_eq!(extend(&m, 13), Err(StageError::ExtensionMonths(13)));
    assert_eq!(
        extend(&full, 6),
        Err(StageError::NotProbationary(Stage::Full))
    );
}

#[test]
fn advancing_skips_no_stage_goes_back_in_time_or_ahead_of_today() {
    let m = person(Stage::Applicant, &[(Stage::Applicant, "2026-03-01")]);
    let today = d("2026-11-30");
    assert_eq!(
        advance(&m, Stage::Candidate, d("2026-10-01"), today),
        Err(StageError::NotNext {
            current: Stage::Applicant,
            to: Stage::Candidate,
            next: Some(Stage::Activist),
        })
    );
    assert_eq!(
        advance(&m, Stage::Activist, d("2026-02-28"), today),
        Err(StageError::BeforeCurrent {
            date: d("2026-02-28"),
            current: Stage::Applicant,
            since: d("2026-03-01"),
        })
    );
    assert_eq!(
        advance(&m, Stage::Activist, d("2026-12-01"), today),
        Err(StageError::AfterToday {
            date: d("2026-12-01"),
            today,
        })
    );
    assert!(advance(&m, Stage::Activist, d("2026-03-01"), today).is_ok());
    let full = person(Stage::Full, &[]);
    assert!(matches!(
        advance(&full, Stage::Full, today, today),
        Err(StageError::NotNext { next: None, .. })
    ));
}

#[test]
fn party_membership_follows_the_stage_dates() {
    let m = person(
        Stage::Full,
        &[
            (Stage::Probationary, "2025-06-15"),
            (Stage::Full, "2026-06-15"),
        ],
    );
    assert!(!m.is_party_member_on(d("2025-06-14")));
    assert!(m.is_party_member_on(d("2025-06-15")));
    assert_eq!(m.stage_on(d("2026-01-01")), Some(Stage::Probationary));
    assert_eq!(m.stage_on(d("2026-06-15")), Some(Stage::Full));
    // A full member added without dates has always been one.
    assert!(person(Stage::Full, &[]).is_party_member_on(d("1990-01-01")));
    let activist = person(Stage::Activist, &[(Stage::Activist, "2025-01-01")]);
    assert!(!activist.is_party_member_on(d("2026-11-30")));
    // 入党时间 known, 转正时间 not: a party member from admission on.
    let roster = person(Stage::Full, &[(Stage::Probationary, "2019-07-01")]);
    assert!(!roster.is_party_member_on(d("2019-06-30")));
    assert!(roster.is_party_member_on(d("2019-07-01")));
}

#[test]
fn a_calendar_period_concerns_who_was_in_the_stage_all_through_it() {
    // Became an activist on 20 June: the first half-year's review is not theirs.
    let m = person(
        Stage::Activist,
        &[
            (Stage::Applicant, "2026-01-05"),
            (Stage::Activist, "2026-06-20"),
        ],
    );
    let stages = [Stage::Activist];
    let today = d("2026-11-30");
    let h1 = (d("2026-01-01"), d("2026-06-30"));
    let h2 = (d("2026-07-01"), d("2026-12-31"));
    assert!(!in_stage_scope(&m, &stages, h1.0, h1.1, today));
    assert!(in_stage_scope(&m, &stages, h2.0, h2.1, today));
    // Advanced out of the stage before the period's end: no longer owed.
    let later = d("2027-12-31");
    let moved = advance(&m, Stage::Candidate, d("2027-06-20"), later).unwrap();
    assert!(!in_stage_scope(
        &moved,
        &stages,
        d("2027-07-01"),
        later,
        later
    ));
    // Party-member obligations concern admitted members only.
    assert!(!in_stage_scope(
        &m,
        &PARTY_STAGES,
        d("2026-01-01"),
        d("2026-12-31"),
        today
    ));
}

#[test]
fn a_member_path_is_checked_however_it_got_in() {
    assert_eq!(
        check_path(&person(Stage::Activist, &[])),
        Err(StageError::NeedsDate(Stage::Activist))
    );
    assert!(matches!(
        check_path(&person(
            Stage::Candidate,
            &[
                (Stage::Activist, "2026-01-01"),
                (Stage::Candidate, "2025-01-01")
            ]
        )),
        Err(StageError::Order { .. })
    ));
    assert!(matches!(
        check_path(&person(
            Stage::Activist,
            &[(Stage::Activist, "2026-01-01"), (Stage::Full, "2026-02-01")]
        )),
        Err(StageError::NotReached { .. })
    ));
}

mod obligations {
    //! The `member-development` checklist judged by the one status evaluation.

    use super::{d, person};
    use crate::checklist::Catalog;
    use crate::model::{Member, Org, OrgKind, Record, Stage};
    use crate::period::Calendar;
    use crate::stages::development;
    use crate::status::{Status, evaluate};

    fn branch() -> Org {
        Org {
            id: "b1".into(),
            name: "学生第一党支部".into(),
            kind: OrgKind::StudentBranch,
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

    fn record(obligation: &str, date: &str, who: &[&str], hours: Option<f64>) -> Record {
        Record {
            id: format!("{obligation}-{date}-{}", who.join("-")),
            org: "b1".into(),
            obligations: vec![obligation.into()],
            date: d(date),
            attendees: Some(who.iter().map(|s| s.to_string()).collect()),
            hours,
            ..Record::default()
        }
    }

    fn named(id: &str, m: Member) -> Member {
        Member { id: id.into(), ..m }
    }

    /// The current period of `obligation` on `today`: its due date, status and who is short.
    fn current(
        members: &[Member],
        records: &[Record],
        obligation: &str,
        today: &str,
    ) -> (chrono::NaiveDate, Status, Vec<String>) {
        let catalog = Catalog::builtin();
        let s = evaluate(
            &catalog,
            &Calendar::default(),
            &branch(),
            members,
            records,
            d(today),
        );
        let o = s
            .obligations
            .iter()
            .find(|o| catalog.obligations[o.obligation].id == obligation)
            .unwrap();
        let short = o
            .current
            .members_short
            .iter()
            .map(|m| m.id.clone())
            .collect();
        (o.current.due, o.current.status, short)
    }

    #[test]
    fn the_talk_is_due_a_month_after_the_application_clamped_to_the_month() {
        let a = [named(
            "m1",
            person(Stage::Applicant, &[(Stage::Applicant, "2026-01-31")]),
        )];
        let talk = |records: &[Record], today| current(&a, records, "applicant-talk", today);
        assert_eq!(
            talk(&[], "2026-02-10"),
            (d("2026-02-28"), Status::Pending, vec!["m1".into()])
        );
        assert_eq!(talk(&[], "2026-02-14").1, Status::DueSoon);
        assert_eq!(talk(&[], "2026-03-01").1, Status::Overdue);
        // A talk before the application does not count; one by the due date does.
        let early = [record("applicant-talk", "2026-01-30", &["m1"], None)];
        assert_eq!(talk(&early, "2026-03-01").1, Status::Overdue);
        let held = [record("applicant-talk", "2026-02-28", &["m1"], None)];
        assert_eq!(talk(&held, "2026-03-01").1, Status::Done);
        let late = [record("applicant-talk", "2026-03-02", &["m1"], None)];
        assert_eq!(talk(&late, "2026-03-05").1, Status::DoneLate);
        // In a leap year the clamp lands on the 29th.
        let leap = [named(
            "m1",
            person(Stage::Applicant, &[(Stage::Applicant, "2028-01-31")]),
        )];
        assert_eq!(
            current(&leap, &[], "applicant-talk", "2028-02-01").0,
            d("2028-02-29")
        );
    }

    #[test]
    fn a_thought_report_is_owed_each_quarter_by_each_person() {
        let people = [
            named(
                "m1",
                person(Stage::Activist, &[(Stage::Activist, "2025-03-01")]),
            ),
            named(
                "m2",
                person(
                    Stage::Candidate,
                    &[
                        (Stage::Activist, "2024-05-01"),
                        (Stage::Candidate, "2025-06-01"),
                    ],
                ),
            ),
            named("m3", person(Stage::Full, &[])),
        ];
        let reports = [record("thought-report", "2026-10-15", &["m1"], None)];
        let (due, status, short) = current(&people, &reports, "thought-report", "2026-11-30");
        assert_eq!(due, d("2026-12-31"));
        assert_eq!(status, Status::Pending);
        // m1 reported this quarter, m2 not; a full member owes none.
        assert_eq!(short, ["m2"]);
        let both = [
            reports[0].clone(),
            record("thought-report", "2026-11-02", &["m2"], None),
        ];
        assert_eq!(
            current(&people, &both, "thought-report", "2026-11-30").1,
            Status::Done
        );
        // Q3 was missed by both: listed per person in the development list.
        let catalog = Catalog::builtin();
        let list = development::people(
            &catalog,
            &Calendar::default(),
            &branch(),
            &people,
            &both,
            d("2026-11-30"),
        );
        assert_eq!(list.len(), 2);
        for p in &list {
            let missed: Vec<_> = p
                .obligations
                .iter()
                .filter(|(id, _, s)| id == "thought-report" && *s == Status::Overdue)
                .map(|(_, due, _)| *due)
                .collect();
            assert_eq!(
                missed,
                [d("2026-03-31"), d("2026-06-30"), d("2026-09-30")],
                "{}",
                p.id
            );
        }
    }

    #[test]
    fn someone_who_advanced_out_of_a_stage_is_no_longer_owed_its_steps() {
        let applicant = named(
            "m1",
            person(Stage::Applicant, &[(Stage::Applicant, "2026-01-31")]),
        );
        let today = d("2026-11-30");
        assert_eq!(
            current(
                std::slice::from_ref(&applicant),
                &[],
                "applicant-talk",
                "2026-11-30"
            )
            .1,
            Status::Overdue
        );
        let activist =
            crate::stages::advance(&applicant, Stage::Activist, d("2026-06-20"), today).unwrap();
        let (_, status, short) = current(
            std::slice::from_ref(&activist),
            &[],
            "applicant-talk",
            "2026-11-30",
        );
        assert_eq!(
            (status, short),
            (Status::NotApplicable, Vec::<String>::new())
        );
        // Activist since 20 June: the first half-year's review is not theirs, the second is.
        let catalog = Catalog::builtin();
        let list = development::people(
            &catalog,
            &Calendar::default(),
            &branch(),
            &[activist],
            &[] as &[Record],
            today,
        );
        let owed: Vec<(&str, chrono::NaiveDate)> = list[0]
            .obligations
            .iter()
            .map(|(id, due, _)| (id.as_str(), *due))
            .collect();
        assert!(
            !owed.iter().any(|(id, _)| *id == "applicant-talk"),
            "{owed:?}"
        );
        assert!(
            owed.contains(&("activist-review", d("2026-12-31"))),
            "{owed:?}"
        );
        assert!(
            !owed.contains(&("activist-review", d("2026-06-30"))),
            "{owed:?}"
        );
    }

    #[test]
    fn applicants_are_not_counted_for_study_hours() {
        let people = [
            named("m1", person(Stage::Full, &[])),
            named(
                "m2",
                person(Stage::Applicant, &[(Stage::Applicant, "2026-03-01")]),
            ),
            named(
                "m3",
                person(Stage::Activist, &[(Stage::Activist, "2025-03-01")]),
            ),
        ];
        let hours = [
            record("study-hours", "2026-05-01", &["m1"], Some(16.0)),
            record("study-hours", "2026-06-01", &["m1"], Some(16.0)),
        ];
        let (_, status, short) = current(&people, &hours, "study-hours", "2026-11-30");
        assert_eq!((status, short), (Status::Done, Vec::<String>::new()));
    }

    #[test]
    fn the_training_needs_its_hours_and_the_review_waits_for_an_extension() {
        let c = named(
            "m1",
            person(
                Stage::Candidate,
                &[
                    (Stage::Activist, "2025-01-10"),
                    (Stage::Candidate, "2026-09-01"),
                ],
            ),
        );
        let some = [record(
            "candidate-training",
            "2026-09-10",
            &["m1"],
            Some(16.0),
        )];
        assert_eq!(
            current(
                std::slice::from_ref(&c),
                &some,
                "candidate-training",
                "2026-11-20"
            )
            .1,
            Status::DueSoon
        );
        let all = [
            some[0].clone(),
            record("candidate-training", "2026-11-10", &["m1"], Some(8.0)),
        ];
        assert_eq!(
            current(&[c], &all, "candidate-training", "2026-11-20").1,
            Status::Done
        );
        let p = named(
            "m2",
            person(Stage::Probationary, &[(Stage::Probationary, "2025-11-01")]),
        );
        assert_eq!(
            current(
                std::slice::from_ref(&p),
                &[],
                "full-membership-review",
                "2026-11-20"
            ),
            (d("2026-11-01"), Status::Overdue, vec!["m2".into()])
        );
        let extended = crate::stages::extend(&p, 6).unwrap();
        assert_eq!(
            current(&[extended], &[], "full-membership-review", "2026-11-20").0,
            d("2027-05-01")
        );
    }
}
