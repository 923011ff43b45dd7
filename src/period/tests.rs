use super::*;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn cal() -> Calendar {
    Calendar::default()
}

#[test]
fn labels_follow_the_spec() {
    let day = d("2026-11-22");
    let cases = [
        (Every::Week, "2026-W47", "2026-11-16", "2026-11-22"),
        (Every::Month, "2026-11", "2026-11-01", "2026-11-30"),
        (Every::Quarter, "2026-Q4", "2026-10-01", "2026-12-31"),
        (Every::HalfYear, "2026-H2", "2026-07-01", "2026-12-31"),
        (Every::Semester, "2026-2027-1", "2026-09-01", "2027-02-28"),
        (Every::Year, "2026", "2026-01-01", "2026-12-31"),
    ];
    for (every, label, start, end) in cases {
        let p = period_of(every, day, &cal());
        assert_eq!(
            (p.label.as_str(), p.start, p.end),
            (label, d(start), d(end)),
            "{every}"
        );
    }
}

#[test]
fn week_labels_are_iso_and_zero_padded() {
    assert_eq!(
        period_of(Every::Week, d("2026-01-30"), &cal()).label,
        "2026-W05"
    );
    // 2027-01-01 is a Friday: it belongs to ISO week 53 of 2026.
    assert_eq!(
        period_of(Every::Week, d("2027-01-01"), &cal()).label,
        "2026-W53"
    );
}

#[test]
fn semester_straddles_new_year_and_leap_february() {
    let p = period_of(Every::Semester, d("2028-01-10"), &cal());
    assert_eq!(p.label, "2027-2028-1");
    assert_eq!((p.start, p.end), (d("2027-09-01"), d("2028-02-29")));
    let p = period_of(Every::Semester, d("2027-03-01"), &cal());
    assert_eq!(p.label, "2026-2027-2");
    assert_eq!((p.start, p.end), (d("2027-03-01"), d("2027-08-31")));
}

#[test]
fn explicit_semesters_override_the_default() {
    let cal = Calendar::with_semesters(vec![
        Semester {
            label: "2026秋".into(),
            start: d("2026-08-31"),
            end: d("2027-01-17"),
        },
        Semester {
            label: "2027春".into(),
            start: d("2027-02-22"),
            end: d("2027-07-04"),
        },
    ])
    .unwrap();
    assert_eq!(
        period_of(Every::Semester, d("2026-12-01"), &cal).label,
        "2026秋"
    );
    let gap = period_of(Every::Semester, d("2027-02-01"), &cal);
    assert_eq!((gap.start, gap.end), (d("2027-01-18"), d("2027-02-21")));
    assert_eq!(
        parse_label(Every::Semester, "2027春", &cal).unwrap().end,
        d("2027-07-04")
    );
}

#[test]
fn overlapping_semesters_are_refused() {
    let err = Calendar::with_semesters(vec![
        Semester {
            label: "a".into(),
            start: d("2026-09-01"),
            end: d("2027-01-31"),
        },
        Semester {
            label: "b".into(),
            start: d("2027-01-15"),
            end: d("2027-06-30"),
        },
    ])
    .unwrap_err();
    assert_eq!(err, CalendarError::Overlap("a".into(), "b".into()));
}

#[test]
fn due_day_lands_in_the_last_month_clamped() {
    // 每半年末15日前: H1 is due Jun 15, H2 Dec 15.
    let h1 = period_of(Every::HalfYear, d("2026-03-03"), &cal());
    assert_eq!(h1.due(Some(15)), d("2026-06-15"));
    let feb = period_of(Every::Month, d("2026-02-10"), &cal());
    assert_eq!(feb.due(Some(31)), d("2026-02-28"));
    assert_eq!(feb.due(None), d("2026-02-28"));
    let sem = period_of(Every::Semester, d("2027-10-10"), &cal());
    assert_eq!(sem.due(Some(30)), d("2028-02-29"));
}

#[test]
fn term_is_due_years_after_the_anchor_with_feb_29_clamped() {
    let t = term_period(d("2024-02-29"), 3);
    assert_eq!(t.label, "term-from-2024-02-29");
    assert_eq!(
        (t.start, t.end, t.due(None)),
        (d("2024-03-01"), d("2027-02-28"), d("2027-02-28"))
    );
}

#[test]
fn bad_labels_are_rejected() {
    for (every, label) in [
        (Every::Month, "2026-13"),
        (Every::Month, "2026-1"),
        (Every::Week, "2026-W54"),
        (Every::Week, "2026-W5"),
        (Every::Quarter, "2026-Q5"),
        (Every::HalfYear, "2026-H3"),
        (Every::Semester, "2026-2028-1"),
        (Every::Semester, "2026-2027-3"),
        (Every::Year, "26"),
        (Every::Year, "2026-11"),
    ] {
        assert!(
            parse_label(every, label, &cal()).is_none(),
            "{every} {label}"
        );
    }
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // 1990-01-01 .. 2100-12-31
    (0i64..40_541).prop_map(|n| d("1990-01-01") + chrono::Duration::days(n))
}

fn any_calendar_kind() -> impl Strategy<Value = Every> {
    prop::sample::select(Every::CALENDAR.to_vec())
}

proptest! {
    #[test]
    fn every_date_lies_in_its_period(every in any_calendar_kind(), date in any_date()) {
        let p = period_of(every, date, &cal());
        prop_assert!(p.contains(date));
        // Every day of the period maps back to the same period: exactly one period holds it.
        prop_assert_eq!(period_of(every, p.start, &cal()), p.clone());
        prop_assert_eq!(period_of(every, p.end, &cal()), p);
    }

    #[test]
    fn periods_tile_the_calendar(every in any_calendar_kind(), date in any_date()) {
        let p = period_of(every, date, &cal());
        let n = next(&p, &cal()).unwrap();
        prop_assert_eq!(n.start, p.end.succ_opt().unwrap());
        let back = previous(&n, &cal()).unwrap();
        prop_assert_eq!(back, p.clone());
        prop_assert!(n.label != p.label);
    }

    #[test]
    fn labels_round_trip(every in any_calendar_kind(), date in any_date()) {
        let p = period_of(every, date, &cal());
        prop_assert_eq!(parse_label(every, &p.label, &cal()), Some(p));
    }

    #[test]
    fn due_dates_lie_in_the_last_month(every in any_calendar_kind(), date in any_date(), day in 1u32..=31) {
        let p = period_of(every, date, &cal());
        let due_day = (every != Every::Week).then_some(day);
        let due = p.due(due_day);
        prop_assert!(p.contains(due));
        if every != Every::Week {
            prop_assert_eq!((due.year(), due.month()), (p.end.year(), p.end.month()));
        }
    }
}

#[test]
fn a_term_names_the_election_it_runs_from() {
    let anchor = d("2024-02-29");
    assert_eq!(term_anchor(&term_period(anchor, 5)), Some(anchor));
    assert_eq!(term_anchor(&period_of(Every::Year, anchor, &cal())), None);
}

#[test]
fn a_huge_term_never_wraps_round() {
    // 12 × 357913942 overflows a u32 to 8: the term must not come due 8 months later.
    let anchor = d("2024-06-01");
    let p = term_period(anchor, 357_913_942);
    assert_eq!(p.end, NaiveDate::MAX);
    assert_eq!(term_period(anchor, u32::MAX).end, NaiveDate::MAX);
    assert_eq!(term_period(anchor, 3).end, d("2027-06-01"));
}

#[test]
fn semester_labels_with_huge_years_are_refused() {
    assert_eq!(
        parse_label(Every::Semester, "2147483647-2147483648-1", &cal()),
        None
    );
    assert_eq!(parse_label(Every::Semester, "-5-x-1", &cal()), None);
}

proptest! {
    /// chrono's whole range, its first and last days included: nothing overflows or panics.
    #[test]
    fn no_date_makes_period_maths_panic(
        every in any_calendar_kind(),
        date in prop_oneof![
            Just(NaiveDate::MIN),
            Just(NaiveDate::MAX),
            (0i32..400).prop_map(|n| NaiveDate::MIN + chrono::Duration::days(n.into())),
            (0i32..400).prop_map(|n| NaiveDate::MAX - chrono::Duration::days(n.into())),
        ],
        day in 1u32..=31,
        years in any::<u32>(),
    ) {
        let p = period_of(every, date, &cal());
        prop_assert!(p.start <= p.end);
        let due = p.due((every != Every::Week).then_some(day));
        prop_assert!(p.start <= due && due <= p.end);
        let _ = previous(&p, &cal());
        let _ = next(&p, &cal());
        let _ = parse_label(every, &p.label, &cal());
        let term = term_period(date, years);
        prop_assert!(term.end >= date);
    }
}

/// Up to four explicit semesters between July of the year before `year` and June of the
/// year after: some adjoining, some with gaps, some inside a default semester.
fn explicit_calendar() -> impl Strategy<Value = (i32, Vec<Semester>)> {
    (2000i32..2090, prop::collection::btree_set(0i64..730, 0..=8)).prop_map(|(year, cuts)| {
        let first = NaiveDate::from_ymd_opt(year - 1, 7, 1).unwrap();
        let cuts: Vec<NaiveDate> = cuts
            .into_iter()
            .map(|n| first + chrono::Duration::days(n))
            .collect();
        let semesters = cuts
            .chunks_exact(2)
            .enumerate()
            .map(|(i, pair)| Semester {
                label: format!("S{i}"),
                start: pair[0],
                end: pair[1],
            })
            .collect();
        (year, semesters)
    })
}

proptest! {
    /// With explicit semesters, the year's semesters still tile it: each one starts the
    /// day after the last ends, every day lies in exactly one of them, and each explicit
    /// semester inside the year is a period exactly as given.
    #[test]
    fn explicit_semester_calendars_tile_the_year((year, semesters) in explicit_calendar()) {
        let cal = Calendar::with_semesters(semesters.clone()).unwrap();
        let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        let dec31 = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
        let mut p = period_of(Every::Semester, jan1, &cal);
        prop_assert!(p.contains(jan1));
        let mut walked = vec![p.clone()];
        while p.end < dec31 {
            let n = next(&p, &cal).unwrap();
            prop_assert_eq!(n.start, p.end.succ_opt().unwrap(), "{:?} then {:?}", p, n);
            prop_assert!(n.start <= n.end);
            walked.push(n.clone());
            p = n;
        }
        let mut day = jan1;
        while day <= dec31 {
            let holding: Vec<&Period> = walked.iter().filter(|p| p.contains(day)).collect();
            prop_assert_eq!(holding.len(), 1, "{} lies in {:?}", day, holding);
            prop_assert_eq!(&period_of(Every::Semester, day, &cal), holding[0]);
            day = day.succ_opt().unwrap();
        }
        for s in semesters.iter().filter(|s| s.start >= jan1 && s.end <= dec31) {
            let p = period_of(Every::Semester, s.start, &cal);
            prop_assert_eq!((p.label.as_str(), p.start, p.end), (s.label.as_str(), s.start, s.end));
        }
    }
}
