//! What a secretary types that cannot be right is refused, naming the value and what would
//! be accepted, and nothing is written: a date after today, a name two members share, one
//! person named twice, an empty attendee list.

use crate::common;

use common::Env;

fn branch_with_two_wang_wei() -> Env {
    let env = Env::new();
    env.ok(&[
        "org",
        "add",
        "--id",
        "c1",
        "--name",
        "支部",
        "--kind",
        "branch",
        "--since",
        "2026-01-01",
    ]);
    for (id, name) in [("m1", "王伟"), ("m2", "王伟"), ("m3", "李娜")] {
        env.ok(&["member", "add", "--org", "c1", "--id", id, "--name", name]);
    }
    env
}

fn records(env: &Env) -> String {
    env.ok(&["record", "list", "--org", "c1", "--format", "json"])
}

fn refused(env: &Env, extra: &[&str]) -> String {
    let before = records(env);
    let mut args = vec![
        "record",
        "add",
        "--org",
        "c1",
        "--obligation",
        "theme-party-day",
    ];
    args.extend_from_slice(extra);
    let (code, stderr) = env.fails(&args);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(records(env), before, "nothing was written");
    stderr
}

#[test]
fn a_record_dated_after_today_is_refused_with_todays_date() {
    let env = branch_with_two_wang_wei();
    let stderr = refused(&env, &["--date", "2026-11-23"]);
    assert!(stderr.contains("2026-11-23"), "{stderr}");
    assert!(stderr.contains("today (2026-11-22)"), "{stderr}");
    // Today itself is fine.
    env.ok(&[
        "record",
        "add",
        "--org",
        "c1",
        "--obligation",
        "theme-party-day",
        "--date",
        "2026-11-22",
    ]);
}

#[test]
fn a_make_up_for_a_period_after_today_is_refused() {
    let env = branch_with_two_wang_wei();
    let stderr = refused(&env, &["--date", "2026-11-20", "--for-period", "2026-12"]);
    assert!(stderr.contains("2026-12"), "{stderr}");
}

#[test]
fn a_name_two_members_share_is_refused_listing_their_ids() {
    let env = branch_with_two_wang_wei();
    let stderr = refused(&env, &["--date", "2026-11-20", "--absent", "王伟"]);
    assert!(stderr.contains("王伟"), "{stderr}");
    assert!(stderr.contains("m1") && stderr.contains("m2"), "{stderr}");
    // By id it is clear.
    env.ok(&[
        "record",
        "add",
        "--org",
        "c1",
        "--obligation",
        "theme-party-day",
        "--date",
        "2026-11-20",
        "--absent",
        "m1",
    ]);
}

#[test]
fn one_person_named_twice_or_nobody_named_is_refused() {
    let env = branch_with_two_wang_wei();
    let stderr = refused(
        &env,
        &[
            "--date",
            "2026-11-20",
            "--hours",
            "16",
            "--attendees",
            "m3,m3",
        ],
    );
    assert!(
        stderr.contains("m3") && stderr.contains("twice"),
        "{stderr}"
    );
    let stderr = refused(&env, &["--date", "2026-11-20", "--attendees", ""]);
    assert!(stderr.contains("empty"), "{stderr}");
}

#[test]
fn status_on_an_earlier_day_leaves_out_later_records() {
    let env = branch_with_two_wang_wei();
    for (date, hours) in [("2026-03-10", "4"), ("2026-11-05", "16")] {
        env.ok(&[
            "record",
            "add",
            "--org",
            "c1",
            "--obligation",
            "study-hours",
            "--date",
            date,
            "--hours",
            hours,
        ]);
    }
    let hours_on = |today: &str| {
        let out = env
            .cmd(&["status", "--org", "c1", "--format", "json"])
            .args(["--today", today])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["orgs"][0]["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == "study-hours")
            .unwrap()["current"]["hours"]["done"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(hours_on("2026-11-22"), 20.0);
    assert_eq!(hours_on("2026-09-30"), 4.0);
}
