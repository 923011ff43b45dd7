//! Daily backups: the first write of a day keeps the database as it was in
//! `backups/YYYY-MM-DD.json` (private to the user), the last seven are kept, and the newest
//! one can be merged back.

mod common;

use assert_cmd::Command;
use common::Env;
use dangjian::checklist::Catalog;
use dangjian::exchange::backup;
use dangjian::period::Calendar;
use dangjian::store::{Changes, Store};

fn on(env: &Env, day: &str, args: &[&str]) -> String {
    let out = Command::cargo_bin("dangjian")
        .unwrap()
        .env_remove("DANGJIAN_DATA_DIR")
        .env_remove("DANGJIAN_TODAY")
        .arg("--data-dir")
        .arg(env.path())
        .args(["--today", day, "--lang", "en"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn names(env: &Env) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(env.path().join("backups"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn the_first_write_of_each_day_keeps_a_backup_and_the_last_seven_stay() {
    let env = Env::new();
    on(
        &env,
        "2026-11-01",
        &[
            "org", "add", "--id", "t1", "--name", "支部", "--kind", "branch",
        ],
    );
    assert!(
        names(&env).is_empty(),
        "nothing to keep before the first org"
    );
    for day in 1..=10 {
        let today = format!("2026-11-{day:02}");
        let id = on(
            &env,
            &today,
            &[
                "record",
                "add",
                "--org",
                "t1",
                "--obligation",
                "theme-party-day",
                "--date",
                &today,
            ],
        );
        // A second write the same day keeps the morning's backup as it was.
        let before = std::fs::read(env.path().join(format!("backups/{today}.json"))).unwrap();
        on(&env, &today, &["record", "delete", id.trim()]);
        on(
            &env,
            &today,
            &[
                "record",
                "add",
                "--org",
                "t1",
                "--obligation",
                "theme-party-day",
                "--date",
                &today,
            ],
        );
        assert_eq!(
            std::fs::read(env.path().join(format!("backups/{today}.json"))).unwrap(),
            before
        );
        // Reading commands keep nothing.
        on(&env, &today, &["status"]);
    }
    let kept = names(&env);
    assert_eq!(
        kept,
        (4..=10)
            .map(|d| format!("2026-11-{d:02}.json"))
            .collect::<Vec<_>>()
    );
    // The backup is an export: the morning of the 10th holds the records of days 1–9.
    let newest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(env.path().join("backups/2026-11-10.json")).unwrap())
            .unwrap();
    assert_eq!(newest["dangjian_export"], 1);
    assert_eq!(newest["records"].as_array().unwrap().len(), 9);
    assert_eq!(newest["tombstones"].as_array().unwrap().len(), 9);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&env.path().join("backups")), 0o700);
        assert_eq!(mode(&env.path().join("backups/2026-11-10.json")), 0o600);
    }
}

#[test]
fn restore_newest_puts_back_what_was_silently_lost() {
    let env = Env::new();
    on(
        &env,
        "2026-11-01",
        &[
            "org", "add", "--id", "t1", "--name", "支部", "--kind", "branch",
        ],
    );
    on(
        &env,
        "2026-11-01",
        &[
            "record",
            "add",
            "--org",
            "t1",
            "--obligation",
            "theme-party-day",
            "--date",
            "2026-10-03",
        ],
    );
    on(
        &env,
        "2026-11-02",
        &[
            "record",
            "add",
            "--org",
            "t1",
            "--obligation",
            "theme-party-day",
            "--date",
            "2026-11-02",
        ],
    );
    let store = Store::open(env.path()).unwrap();
    let records = store.records("t1").unwrap();
    assert_eq!(records.len(), 2);
    // A record vanishes without a trace (no tombstone), as a damaged log tail would drop it.
    let lost = records
        .iter()
        .find(|r| r.date.to_string() == "2026-10-03")
        .unwrap();
    store
        .apply(&Changes {
            records_removed: vec![(lost.id.clone(), lost.org.clone(), lost.date)],
            ..Changes::default()
        })
        .unwrap();
    assert_eq!(store.records("t1").unwrap().len(), 1);
    let (path, report) = backup::restore_newest(
        &store,
        &Catalog::builtin(),
        &Calendar::default(),
        dangjian::i18n::Lang::En,
    )
    .unwrap()
    .expect("a backup");
    assert!(path.ends_with("2026-11-02.json"));
    assert_eq!(report.added, 1);
    assert_eq!(
        store.records("t1").unwrap().len(),
        2,
        "the lost record is back, the newer one stays"
    );
}
