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
