use chrono::NaiveDate;

use super::*;
use crate::model::{Member, Stage};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn yuan(s: &str) -> Fen {
    Fen::parse(s).unwrap()
}

fn month(s: &str) -> Month {
    Month::parse(s).unwrap()
}

fn member(id: &str, joined: Option<&str>, left: Option<&str>) -> Member {
    Member {
        id: id.into(),
        org: "b1".into(),
        name: format!("党员{id}"),
        tags: Vec::new(),
        joined_on: joined.map(d),
        left_on: left.map(d),
        ..Member::default()
    }
}

/// A member at `stage`, who entered each stage of `dates` on its day.
fn staged(id: &str, stage: Stage, dates: &[(Stage, &str)]) -> Member {
    Member {
        stage,
        stage_dates: dates.iter().map(|(s, day)| (*s, d(day))).collect(),
        ..member(id, None, None)
    }
}

fn setting(member: &str, from: &str, monthly: &str) -> Setting {
    Setting {
        org: "b1".into(),
        member: member.into(),
        from: month(from),
        monthly: yuan(monthly),
        base: None,
        rate_kind: None,
        updated_at: String::new(),
    }
}

fn payment(member: &str, from: &str, to: &str, amount: &str, date: &str) -> Payment {
    Payment {
        id: format!("p-{member}-{from}"),
        org: "b1".into(),
        member: member.into(),
        from: month(from),
        to: month(to),
        amount: yuan(amount),
        date: d(date),
        created_at: String::new(),
        updated_at: String::new(),
    }
}

#[test]
fn amounts_are_read_and_written_in_yuan_with_two_decimals() {
    for (text, fen, shown) in [
        ("12.5", 1250, "12.50"),
        ("12.50", 1250, "12.50"),
        ("12", 1200, "12.00"),
        ("0.2", 20, "0.20"),
        ("0", 0, "0.00"),
        ("0.05", 5, "0.05"),
        ("100000000", 10_000_000_000, "100000000.00"),
    ] {
        assert_eq!(Fen::parse(text), Some(Fen(fen)), "{text}");
        assert_eq!(Fen(fen).to_string(), shown);
    }
    for bad in [
        "",
        "-1",
        "+1",
        "1e3",
        "12.345",
        ".5",
        "12.",
        " 12",
        "12 ",
        "１２",
        "1,000",
        "0x10",
        "100000000.01",
        "NaN",
    ] {
        assert_eq!(Fen::parse(bad), None, "{bad:?}");
    }
}

/// The rule's table at each bound, both sides, and rounding to the fen.
#[test]
fn the_rate_table_at_each_bound() {
    use RateKind::*;
    let cases = [
        // 在职: up to 3,000 → 0.5 %
        (Standard, "0", "0.00"),
        (Standard, "2999.99", "15.00"), // 14.99995 rounds up
        (Standard, "3000", "15.00"),
        (Standard, "3000.01", "30.00"), // 1 % of the whole base: 30.0001
        (Standard, "5000", "50.00"),
        (Standard, "5000.01", "75.00"), // 1.5 %: 75.00015
        (Standard, "10000", "150.00"),
        (Standard, "10000.01", "200.00"), // 2 %: 200.0002
        (Standard, "25000", "500.00"),
        // rounding to the fen, half a fen up
        (Standard, "1001", "5.01"),       // 5.005
        (Standard, "1000.9", "5.00"),     // 5.0045
        (Standard, "1234.56", "6.17"),    // 6.1728
        (Standard, "4321.1", "43.21"),    // 43.211
        (Standard, "7777.77", "116.67"),  // 116.66655
        (Standard, "12345.67", "246.91"), // 246.9134
        // 离退休: up to 5,000 → 0.5 %, above → 1 %
        (Retiree, "3000.01", "15.00"),
        (Retiree, "5000", "25.00"),
        (Retiree, "5000.01", "50.00"),
        (Retiree, "8888.88", "88.89"), // 88.8888
        // 学生: 0.20 元 whatever the base
        (Student, "0", "0.20"),
        (Student, "800", "0.20"),
        (Student, "20000", "0.20"),
    ];
    for (kind, base, expected) in cases {
        assert_eq!(
            monthly_from_base(yuan(base), kind).to_string(),
            expected,
            "{kind:?} {base}"
        );
    }
    assert_eq!(permille(yuan("3000"), Standard), Some(5));
    assert_eq!(permille(yuan("3000.01"), Standard), Some(10));
    assert_eq!(permille(yuan("10000.01"), Standard), Some(20));
    assert_eq!(permille(yuan("5000.01"), Retiree), Some(10));
    assert_eq!(permille(yuan("1"), Student), None);
}

#[test]
fn months_are_read_as_the_month_period_labels() {
    assert_eq!(
        month("2026-11"),
        Month {
            year: 2026,
            month: 11
        }
    );
    assert_eq!(month("2026-12").next(), month("2027-01"));
    assert_eq!(month("2026-01").plus(-1), month("2025-12"));
    for bad in [
        "2026-13",
        "2026-1",
        "26-11",
        "2026-11-01",
        "1900-01",
        "2201-01",
        "",
    ] {
        assert_eq!(Month::parse(bad), None, "{bad}");
    }
    let q: Vec<String> = Month::range(month("2026-11"), month("2027-01"))
        .map(|m| m.to_string())
        .collect();
    assert_eq!(q, ["2026-11", "2026-12", "2027-01"]);
}

fn statuses(dues: &MemberDues) -> String {
    dues.months
        .values()
        .map(|s| match s {
            MonthStatus::Paid => '✓',
            MonthStatus::Due => '·',
            MonthStatus::Arrears => '✗',
            MonthStatus::Exempt => '0',
            MonthStatus::None => '–',
        })
        .collect()
}

#[test]
fn a_member_owes_from_the_month_of_joining_and_nothing_after_leaving() {
    let settings = [setting("a", "2025-01", "30"), setting("b", "2025-01", "30")];
    // Joined (admitted) on 15 March: March is owed, February is not.
    let joined = member("a", Some("2026-03-15"), None);
    let dues = member_dues(&joined, &settings, &[], 2026, d("2026-11-20"));
    assert_eq!(statuses(&dues), "––✗✗✗✗✗✗✗✗·");
    assert_eq!(dues.arrears_months, 8);
    assert_eq!(dues.owed, yuan("270"));
    // Transferred out on 10 June: June is still owed, nothing after it.
    let left = member("b", None, Some("2026-06-10"));
    let dues = member_dues(&left, &settings, &[], 2026, d("2026-11-20"));
    assert_eq!(statuses(&dues), "✗✗✗✗✗✗–––––");
    assert_eq!(dues.owed, yuan("180"));
    let standing = owed_now(&left, &settings, &[], d("2026-11-20"));
    assert_eq!(standing.unpaid.last(), Some(&month("2026-06")));
    // As of a day before they joined, they are not in scope at all.
    let dues = member_dues(&joined, &settings, &[], 2026, d("2026-03-10"));
    assert_eq!(statuses(&dues), "–––");
}

#[test]
fn a_probationary_member_owes_from_the_month_of_admission_and_others_owe_nothing() {
    let settings = [
        setting("p", "2025-01", "10"),
        setting("c", "2025-01", "10"),
        setting("f", "2025-01", "10"),
    ];
    let path = [
        (Stage::Applicant, "2023-09-01"),
        (Stage::Activist, "2024-03-01"),
        (Stage::Candidate, "2025-04-01"),
    ];
    // Admitted (预备党员) on 20 May: May is owed, April is not.
    let mut dates = path.to_vec();
    dates.push((Stage::Probationary, "2026-05-20"));
    let probationary = staged("p", Stage::Probationary, &dates);
    let dues = member_dues(&probationary, &settings, &[], 2026, d("2026-11-20"));
    assert_eq!(statuses(&dues), "––––✗✗✗✗✗✗·");
    assert_eq!(dues.owed, yuan("70"));
    // Confirmed (转正) later: still owed all along, from the admission.
    dates.push((Stage::Full, "2026-10-20"));
    let full = staged("f", Stage::Full, &dates);
    let dues = member_dues(&full, &settings, &[], 2026, d("2026-11-20"));
    assert_eq!(statuses(&dues), "––––✗✗✗✗✗✗·");
    // A candidate (发展对象) is not a party member: nothing is owed, whatever is set.
    let candidate = staged("c", Stage::Candidate, &path);
    let dues = member_dues(&candidate, &settings, &[], 2026, d("2026-11-20"));
    assert_eq!(statuses(&dues), "–––––––––––");
    assert_eq!(dues.owed, Fen::ZERO);
    assert!(
        owed_now(&candidate, &settings, &[], d("2026-11-20"))
            .unpaid
            .is_empty()
    );
}

#[test]
fn an_exempt_member_owes_nothing() {
    let m = member("a", None, None);
    let settings = [setting("a", "2026-01", "0")];
    let dues = member_dues(&m, &settings, &[], 2026, d("2026-11-20"));
    assert_eq!(statuses(&dues), "00000000000");
    assert_eq!(
        (dues.owed, dues.arrears_months, dues.longest_run),
        (Fen::ZERO, 0, 0)
    );
    // Exempt from July on: what came before is still owed.
    let settings = [
        setting("a", "2026-01", "12.5"),
        setting("a", "2026-07", "0"),
    ];
    let dues = member_dues(&m, &settings, &[], 2026, d("2026-11-20"));
    assert_eq!(statuses(&dues), "✗✗✗✗✗✗00000");
    assert_eq!(dues.owed, yuan("75"));
    assert_eq!(dues.monthly, Some(Fen::ZERO));
}

#[test]
fn six_months_in_arrears_are_flagged_even_across_the_new_year() {
    let m = member("a", None, None);
    let settings = [setting("a", "2025-01", "20")];
    let paid = [payment("a", "2025-01", "2025-09", "180", "2025-09-30")];
    // October 2025 – March 2026 unpaid: six months on 1 April.
    let dues = member_dues(&m, &settings, &paid, 2026, d("2026-03-31"));
    assert_eq!(statuses(&dues), "✗✗·");
    assert_eq!((dues.longest_run, dues.current_run), (5, 5));
    assert!(!dues.flagged());
    let dues = member_dues(&m, &settings, &paid, 2026, d("2026-04-01"));
    assert_eq!((dues.longest_run, dues.current_run), (6, 6));
    assert!(dues.flagged());
    assert_eq!(
        dues.arrears_months, 3,
        "only this year's months are counted"
    );
    let standing = owed_now(&m, &settings, &paid, d("2026-04-01"));
    assert_eq!((standing.arrears, standing.current_run), (6, 6));
    assert_eq!(standing.unpaid.len(), 7, "and April is due");
    // Paid up (late): as of that day the months are paid, and nothing is flagged.
    let later = [
        paid[0].clone(),
        payment("a", "2025-10", "2026-04", "140", "2026-04-02"),
    ];
    let dues = member_dues(&m, &settings, &later, 2026, d("2026-04-02"));
    assert_eq!(statuses(&dues), "✓✓✓✓");
    assert_eq!((dues.longest_run, dues.current_run), (0, 0));
    // Looking back at 1 April, the late payment does not count yet.
    let back = member_dues(&m, &settings, &later, 2026, d("2026-04-01"));
    assert!(back.flagged());
}

#[test]
fn a_payment_in_advance_makes_later_months_paid_not_due() {
    let m = member("a", None, None);
    let settings = [setting("a", "2026-01", "50")];
    let quarter = [payment("a", "2026-11", "2027-01", "150", "2026-11-05")];
    let dues = member_dues(&m, &settings, &quarter, 2026, d("2026-11-20"));
    assert_eq!(dues.months[&month("2026-11")], MonthStatus::Paid);
    assert_eq!(dues.months[&month("2026-12")], MonthStatus::Paid);
    assert_eq!(dues.paid, yuan("100"), "this year's share of the payment");
    let next = member_dues(&m, &settings, &quarter, 2027, d("2026-11-20"));
    assert_eq!(statuses(&next), "✓");
    assert_eq!(next.paid, yuan("50"));
    // As of the day before it was made, the payment does not count.
    let before = member_dues(&m, &settings, &quarter, 2026, d("2026-11-04"));
    assert_eq!(before.months[&month("2026-11")], MonthStatus::Due);
    assert!(!before.months.contains_key(&month("2026-12")));
    assert_eq!(before.paid, Fen::ZERO);
}

#[test]
fn collected_adds_up_in_fen() {
    let members = [member("a", None, None), member("b", None, None)];
    let settings = [
        setting("a", "2026-01", "0.2"),
        setting("b", "2026-01", "116.67"),
        setting("b", "2026-03", "120.01"),
    ];
    let payments = [
        payment("a", "2026-01", "2026-12", "2.40", "2026-01-10"),
        // Feb at the old amount, March at the new one.
        payment("b", "2026-02", "2026-03", "236.68", "2026-03-01"),
        // An amount that is not the months' sum is split evenly, odd fen first.
        payment("b", "2026-04", "2026-06", "100.00", "2026-06-01"),
    ];
    let org = org_dues(&members, &settings, &payments, 2026, d("2026-11-30"));
    assert_eq!(org.collected[&month("2026-02")], yuan("116.87"));
    assert_eq!(org.collected[&month("2026-03")], yuan("120.21"));
    assert_eq!(org.collected[&month("2026-04")], yuan("33.54"));
    assert_eq!(org.collected[&month("2026-05")], yuan("33.53"));
    assert_eq!(org.collected[&month("2026-12")], yuan("0.20"));
    let paid: Fen = org.members.iter().map(|m| m.paid).sum();
    assert_eq!(paid, org.collected_total());
    assert_eq!(paid, yuan("339.08"));
}
