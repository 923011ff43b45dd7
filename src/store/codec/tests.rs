use super::*;

#[test]
fn records_round_trip() {
    let record = Record {
        id: "0193".into(),
        org: "cs-t1".into(),
        obligations: vec!["theme-party-day".into(), "study-hours".into()],
        date: NaiveDate::from_ymd_opt(2026, 11, 5).unwrap(),
        for_period: Some("2026-09".into()),
        topic: Some("学习党的二十届四中全会精神".into()),
        hours: Some(2.5),
        attendees: Some(vec!["m01".into(), "王伟".into()]),
        location: None,
        speaker: Some("李书记".into()),
        note: None,
        created_at: "2026-11-05T10:00:00.000Z".into(),
        updated_at: "2026-11-06T10:00:00.000Z".into(),
        points: None,
        amounts: Default::default(),
        ..Default::default()
    };
    let mut w = Writer(Vec::new());
    write_record(&mut w, &record);
    assert_eq!(read_record(&w.0), Ok(record.clone()));
    assert!(read_record(&w.0[..w.0.len() - 1]).is_err());

    // With points: the old bytes plus a tagged trailer; the old bytes still decode.
    let old = w.0.clone();
    let scored = Record {
        points: Some(1.5),
        amounts: [("m01".to_string(), 5230.0)].into(),
        ..record.clone()
    };
    let mut w = Writer(Vec::new());
    write_record(&mut w, &scored);
    assert_eq!(&w.0[..old.len()], &old[..]);
    assert_eq!(read_record(&w.0), Ok(scored));
    assert_eq!(read_record(&old), Ok(record));
    // A view reads the amounts behind the other trailing fields.
    let view = read_record_view(&w.0).unwrap();
    let amounts: Vec<(&str, f64)> = crate::status::Activity::amounts(&view).collect();
    assert_eq!(amounts, [("m01", 5230.0)]);
}

#[test]
fn members_round_trip() {
    let member = Member {
        id: "m01".into(),
        org: "cs-t1".into(),
        name: "欧阳晓东".into(),
        tags: vec!["青年教师".into()],
        joined_on: NaiveDate::from_ymd_opt(2026, 10, 15),
        left_on: None,
        updated_at: String::new(),
        ..Default::default()
    };
    let mut w = Writer(Vec::new());
    write_member(&mut w, &member);
    assert_eq!(read_member(&w.0), Ok(member.clone()));
    // The path into the party and a transfer trail the old layout; a value written before
    // them still reads (above), and one with them comes back whole.
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let path = Member {
        stage: crate::model::Stage::Probationary,
        stage_dates: [
            (crate::model::Stage::Activist, d("2024-03-01")),
            (crate::model::Stage::Probationary, d("2025-06-15")),
        ]
        .into(),
        extension_months: Some(6),
        left_on: Some(d("2026-11-01")),
        left_reason: Some("转出".into()),
        moved_to: Some("cs-s1".into()),
        moved_from: Some("cs-t2".into()),
        ..member
    };
    let mut w = Writer(Vec::new());
    write_member(&mut w, &path);
    assert_eq!(read_member(&w.0), Ok(path));
}

#[test]
fn excused_round_trips_and_a_view_reads_past_it() {
    let record = Record {
        id: "r1".into(),
        org: "cs-t1".into(),
        obligations: vec!["branch-meeting".into()],
        date: NaiveDate::from_ymd_opt(2026, 11, 5).unwrap(),
        attendees: Some(vec!["m01".into()]),
        excused: vec!["m02".into()],
        amounts: [("m01".to_string(), 5.0)].into(),
        ..Default::default()
    };
    let mut w = Writer(Vec::new());
    write_record(&mut w, &record);
    assert_eq!(read_record(&w.0), Ok(record));
    let view = read_record_view(&w.0).unwrap();
    let amounts: Vec<(&str, f64)> = crate::status::Activity::amounts(&view).collect();
    assert_eq!(amounts, [("m01", 5.0)]);
}

mod props {
    use proptest::prelude::*;

    use super::*;
    use crate::store::block;

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(any::<char>(), 0..24).prop_map(String::from_iter)
    }

    fn texts() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(text(), 0..5)
    }

    /// chrono's whole range.
    fn date() -> impl Strategy<Value = NaiveDate> {
        let (min, max) = (NaiveDate::MIN, NaiveDate::MAX);
        (min.num_days_from_ce()..=max.num_days_from_ce())
            .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
    }

    /// Any number but NaN (which equals nothing, itself included).
    fn number() -> impl Strategy<Value = f64> {
        any::<f64>().prop_filter("NaN", |x| !x.is_nan())
    }

    fn record() -> impl Strategy<Value = Record> {
        let o = || prop::option::of(text());
        (
            (text(), text(), texts(), date(), o(), o()),
            (prop::option::of(number()), prop::option::of(texts())),
            (o(), o(), o(), text(), text(), prop::option::of(number())),
            prop::collection::btree_map(text(), number(), 0..3),
        )
            .prop_map(
                |(
                    (id, org, obligations, date, for_period, topic),
                    (hours, attendees),
                    (location, speaker, note, created_at, updated_at, points),
                    amounts,
                )| Record {
                    id,
                    org,
                    obligations,
                    date,
                    for_period,
                    topic,
                    hours,
                    attendees,
                    location,
                    speaker,
                    note,
                    created_at,
                    updated_at,
                    points,
                    amounts,
                    ..Default::default()
                },
            )
    }

    fn member() -> impl Strategy<Value = Member> {
        (
            text(),
            text(),
            text(),
            texts(),
            prop::option::of(date()),
            prop::option::of(date()),
            text(),
        )
            .prop_map(
                |(id, org, name, tags, joined_on, left_on, updated_at)| Member {
                    id,
                    org,
                    name,
                    tags,
                    joined_on,
                    left_on,
                    updated_at,
                    ..Default::default()
                },
            )
    }

    proptest! {
        /// A record comes back whole from its encoding, from a block of them and from
        /// the store's value; the view status reads agrees with it.
        #[test]
        fn any_record_round_trips(records in prop::collection::vec(record(), 1..5)) {
            for r in &records {
                let mut w = Writer(Vec::new());
                write_record(&mut w, r);
                prop_assert_eq!(read_record(&w.0), Ok(r.clone()));
                let view = read_record_view(&w.0).unwrap();
                prop_assert_eq!(view.id(), r.id.as_str());
                prop_assert_eq!(view.date(), r.date);
                prop_assert!(view.obligations().eq(r.obligations.iter().map(String::as_str)));
                prop_assert_eq!(view.for_period(), r.for_period.as_deref());
                prop_assert_eq!(view.hours(), r.hours);
                prop_assert_eq!(
                    view.attendees().map(|a| a.collect::<Vec<_>>()),
                    r.attendees.as_ref().map(|a| a.iter().map(String::as_str).collect())
                );
                let value = crate::store::encode(r);
                prop_assert_eq!(&crate::store::decode::<Record>(b"k", &value).unwrap(), r);
            }
            let stored = block::build(records.iter().map(block::encode).collect());
            let back: Vec<Record> = block::entries(&stored[1..])
                .unwrap()
                .into_iter()
                .map(|bytes| read_record(bytes).unwrap())
                .collect();
            let mut sorted = records.clone();
            sorted.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
            prop_assert_eq!(back, sorted);
        }

        /// A member comes back whole from its encoding and from the store's value.
        #[test]
        fn any_member_round_trips(m in member()) {
            let mut w = Writer(Vec::new());
            write_member(&mut w, &m);
            prop_assert_eq!(read_member(&w.0), Ok(m.clone()));
            let value = crate::store::encode(&m);
            prop_assert_eq!(crate::store::decode::<Member>(b"k", &value).unwrap(), m);
        }
    }
}
