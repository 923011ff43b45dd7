//! The shared server (SPEC §11) against a real PostgreSQL: the store suite on both
//! stores, the same answers from a folder and a server, access by role through dangjian
//! and through `psql`, concurrent writers, and the UI hearing another user's write.

use std::process::{Command, Output};

use chrono::{NaiveDate, TimeZone, Utc};
use dangjian::checklist::Catalog;
use dangjian::lang::Lang;
use dangjian::model::{Mark, Member, ObjectKind, Org, OrgKind, Record, Tombstone};
use dangjian::period::Calendar;
use dangjian::status::RecordsNeeded;
use dangjian::store::postgres::Server;
use dangjian::store::{Changes, Storage, Store, StoreHandle};
use dangjian::tui::app::App;

use crate::common::{Env, TODAY};
use crate::pg;

/// `dangjian --database URL --today … --lang en ARGS…`, with no folder or server from
/// the environment.
fn on(url: &str, args: &[&str]) -> Output {
    Command::new(assert_cmd::cargo::cargo_bin("dangjian"))
        .env_remove("DANGJIAN_DATA_DIR")
        .env_remove("DANGJIAN_DATABASE")
        .env(
            "DANGJIAN_DATA_DIR",
            std::env::temp_dir().join("dangjian-no-folder"),
        )
        .args(["--database", url, "--today", TODAY, "--lang", "en"])
        .args(args)
        .output()
        .expect("dangjian runs")
}

fn ok(url: &str, args: &[&str]) -> String {
    let out = on(url, args);
    assert!(
        out.status.success(),
        "dangjian {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn refused(url: &str, args: &[&str]) -> String {
    let out = on(url, args);
    assert!(
        !out.status.success(),
        "dangjian {args:?} should be refused:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh database with the schema, and its owner's URL.
fn server(cluster: &pg::Cluster, label: &str) -> (pg::Db, String) {
    let db = cluster.fresh(label);
    let url = cluster.url(&cluster.user, &db.name);
    ok(&url, &["server", "init"]);
    (db, url)
}

fn org(id: &str, kind: OrgKind, parent: Option<&str>) -> Org {
    let mut o: Org = serde_json::from_value(serde_json::json!({
        "id": id, "name": format!("组织 {id}"), "kind": kind, "since": "2024-01-01",
        "updated_at": "2026-01-01T00:00:00.000Z"
    }))
    .unwrap();
    o.parent = parent.map(str::to_string);
    o
}

fn member(org: &str, id: &str) -> Member {
    serde_json::from_value(serde_json::json!({
        "id": id, "org": org, "name": format!("党员{id}"),
        "updated_at": "2026-01-01T00:00:00.000Z"
    }))
    .unwrap()
}

fn record(org: &str, id: &str, date: &str, obligation: &str) -> Record {
    serde_json::from_value(serde_json::json!({
        "id": id, "org": org, "obligations": [obligation], "date": date,
        "topic": format!("议题 {id}"), "hours": 2.0,
        "created_at": "2026-01-01T00:00:00.000Z", "updated_at": "2026-01-01T00:00:00.000Z"
    }))
    .unwrap()
}

/// The store suite: what every implementation must do alike. Returns what it read, so
/// that two implementations can be compared as well as checked.
fn suite(s: &dyn Storage) -> Vec<String> {
    let mut seen = Vec::new();
    assert!(s.is_empty().unwrap());
    s.put_org(&org("d", OrgKind::Department, None)).unwrap();
    s.put_org(&org("b", OrgKind::StudentBranch, Some("d")))
        .unwrap();
    assert!(!s.is_empty().unwrap());
    assert_eq!(s.org("b").unwrap().unwrap().parent.as_deref(), Some("d"));
    assert!(s.org("nope").unwrap().is_none());
    for id in ["m2", "m1", "m10"] {
        s.put_member(&member("b", id)).unwrap();
    }
    let ids: Vec<_> = s.members("b").unwrap().into_iter().map(|m| m.id).collect();
    assert_eq!(ids, ["m1", "m10", "m2"], "members in id order");
    let records = [
        record("b", "r3", "2026-11-05", "theme-party-day"),
        record("b", "r1", "2025-03-01", "branch-election"),
        record("b", "r2", "2026-01-10", "theme-party-day"),
        record("b", "r0", "2024-06-01", "theme-party-day"),
    ];
    for r in &records {
        s.put_record(r).unwrap();
    }
    let dates: Vec<_> = s.records("b").unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(dates, ["r0", "r1", "r2", "r3"], "records oldest first");
    // The judge's read: this year, and of earlier years only the history obligations.
    let needed = RecordsNeeded {
        from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        history: vec!["branch-election".into()],
    };
    let read = s.read_org("b", needed).unwrap();
    let views: Vec<String> = read
        .record_views()
        .unwrap()
        .iter()
        .map(|v| format!("{:?}", dangjian::status::Activity::date(v)))
        .collect();
    assert_eq!(views, ["2026-01-10", "2026-11-05", "2025-03-01"]);
    assert_eq!(read.members().unwrap().len(), 3);
    seen.push(format!("{views:?}"));
    // Deletions leave tombstones.
    let gone = s.delete_record("r2", "2026-11-20T00:00:00.000Z").unwrap();
    assert_eq!(gone.unwrap().id, "r2");
    assert!(
        s.delete_record("r2", "2026-11-20T00:00:00.000Z")
            .unwrap()
            .is_none()
    );
    assert!(s.record("r2").unwrap().is_none());
    assert_eq!(s.record("r3").unwrap().unwrap().org, "b");
    s.delete_member("b", "m10", "2026-11-20T00:00:00.000Z")
        .unwrap();
    let mark: Mark = serde_json::from_value(serde_json::json!({
        "org": "b", "checklist": "model-branch", "item": "1.1", "state": "doing",
        "updated_at": "2026-01-01T00:00:00.000Z"
    }))
    .unwrap();
    s.put_mark(&mark).unwrap();
    assert_eq!(s.marks("b").unwrap().len(), 1);
    s.delete_mark("b", "model-branch", "1.1", "2026-11-21T00:00:00.000Z")
        .unwrap();
    assert!(s.marks("b").unwrap().is_empty());
    let kinds: Vec<_> = s
        .tombstones(Some("b"))
        .unwrap()
        .into_iter()
        .map(|t| (t.kind, t.id))
        .collect();
    assert_eq!(
        kinds,
        [
            (ObjectKind::Mark, "model-branch:1.1".to_string()),
            (ObjectKind::Member, "m10".into()),
            (ObjectKind::Record, "r2".into())
        ]
    );
    s.remove_tombstone(ObjectKind::Member, "b", "m10").unwrap();
    assert_eq!(s.tombstones(None).unwrap().len(), 2);
    // An import's changes, all at once.
    let mut changes = Changes {
        orgs: vec![(
            "c".into(),
            Some(org("c", OrgKind::TeacherBranch, Some("d"))),
        )],
        members: vec![(("b".into(), "m1".into()), None)],
        records_removed: vec![("r0".into(), "b".into(), 202406)],
        tombstones: vec![Tombstone {
            kind: ObjectKind::Record,
            id: "r0".into(),
            org: "b".into(),
            deleted_at: "2026-11-21T00:00:00.000Z".into(),
        }],
        ..Changes::default()
    };
    changes
        .records_put
        .push(&record("c", "r9", "2026-10-01", "theme-party-day"));
    s.apply(changes).unwrap();
    let all = s.contents(None).unwrap();
    let mut by_id = Vec::new();
    s.records_by_id(None, &mut |r| {
        by_id.push(r.id);
        Ok(())
    })
    .unwrap();
    assert_eq!(by_id, ["r1", "r3", "r9"]);
    assert_eq!(all.orgs.len(), 3);
    assert_eq!(all.members.len(), 1);
    seen.push(format!("{all:?}"));
    seen.push(format!(
        "{:?}",
        s.contents_without_records(Some("c"), dangjian::store::Payments::Read)
            .unwrap()
    ));
    // Party dues: a setting and a payment, the payment deleted with its tombstone.
    let setting: dangjian::dues::Setting = serde_json::from_value(serde_json::json!({
        "org": "b", "member": "m2", "from": "2026-01", "monthly": "12.50",
        "updated_at": "2026-01-01T00:00:00.000Z"
    }))
    .unwrap();
    let payment: dangjian::dues::Payment = serde_json::from_value(serde_json::json!({
        "id": "p1", "org": "b", "member": "m2", "from": "2026-01", "to": "2026-03",
        "amount": "37.50", "date": "2026-03-01",
        "created_at": "2026-03-01T00:00:00.000Z", "updated_at": "2026-03-01T00:00:00.000Z"
    }))
    .unwrap();
    s.put_dues_setting(&setting).unwrap();
    s.put_dues_payment(&payment).unwrap();
    let mut paid = Vec::new();
    s.payments_by_id(None, &mut |p| {
        paid.push(p);
        Ok(())
    })
    .unwrap();
    assert_eq!(paid, std::slice::from_ref(&payment));
    assert_eq!(s.dues_settings(Some("b")).unwrap(), [setting]);
    assert_eq!(
        s.dues_payments(None).unwrap(),
        std::slice::from_ref(&payment)
    );
    let gone = s
        .delete_dues_payment("b", "m2", "p1", "2026-11-21T00:00:00.000Z")
        .unwrap();
    assert_eq!(gone, Some(payment));
    assert!(s.dues_payments(Some("b")).unwrap().is_empty());
    assert!(
        s.tombstones(Some("b"))
            .unwrap()
            .iter()
            .any(|t| t.kind == ObjectKind::DuesPayment && t.id == "p1")
    );
    seen.push(format!("{:?}", s.contents(Some("b")).unwrap()));
    s.flush().unwrap();
    seen
}

#[test]
fn the_store_suite_passes_on_a_folder_and_on_a_server_alike() {
    let folder = tempfile::tempdir().unwrap();
    let on_folder = suite(&Store::open(folder.path()).unwrap());
    let Some(cluster) = pg::cluster("the_store_suite_passes_on_a_folder_and_on_a_server_alike")
    else {
        return;
    };
    let (_db, url) = server(cluster, "suite");
    let on_server = suite(&Server::open(&url).unwrap());
    assert_eq!(on_folder, on_server);
}

#[test]
fn the_same_demo_gives_the_same_status_score_and_export_on_a_folder_and_a_server() {
    let Some(cluster) = pg::cluster("the_same_demo_gives_the_same_status_score_and_export") else {
        return;
    };
    let folder = Env::new();
    folder.ok(&["demo", "--orgs", "12", "--no-ui"]);
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("all.json");
    folder.ok(&["export", "--output", file.to_str().unwrap()]);
    let (_db, url) = server(cluster, "parity");
    ok(&url, &["import", file.to_str().unwrap()]);
    let strip = |s: String| {
        s.lines()
            .filter(|l| !l.contains("\"exported_at\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    for args in [
        &["status", "--format", "json"][..],
        &["status"],
        &["score", "--format", "json"],
        &["overdue", "--format", "json"],
        &["record", "list", "--org", "cs-t1"],
        &["dues", "--format", "json"],
    ] {
        let a = folder.ok(args);
        let b = ok(&url, args);
        assert!(a.len() > 100, "{args:?} printed little");
        assert!(a == b, "{args:?} differs between the folder and the server");
    }
    let a = strip(folder.ok(&["export", "--as", "json"]));
    let b = strip(ok(&url, &["export", "--as", "json"]));
    assert!(a == b, "the exports differ");
}

/// d1 ⊃ {b1, b2}, d2 ⊃ {b3}, each branch with a member.
fn three_users(cluster: &pg::Cluster, url: &str, db: &str) -> [String; 3] {
    let s = Server::open(url).unwrap();
    s.put_org(&org("d1", OrgKind::Department, None)).unwrap();
    s.put_org(&org("d2", OrgKind::Department, None)).unwrap();
    for (b, d) in [("b1", "d1"), ("b2", "d1"), ("b3", "d2")] {
        s.put_org(&org(b, OrgKind::StudentBranch, Some(d))).unwrap();
        s.put_member(&member(b, &format!("{b}m"))).unwrap();
        s.put_record(&record(
            b,
            &format!("{b}r"),
            "2026-11-02",
            "theme-party-day",
        ))
        .unwrap();
    }
    let (sec, organizer, viewer) = (
        cluster.user(&format!("sec_{db}")),
        cluster.user(&format!("org_{db}")),
        cluster.user(&format!("view_{db}")),
    );
    for (user, org, role) in [
        (sec.as_str(), "b1", "secretary"),
        (organizer.as_str(), "d1", "organizer"),
        (viewer.as_str(), "d1", "viewer"),
    ] {
        ok(
            url,
            &[
                "server", "grant", "--user", user, "--org", org, "--role", role,
            ],
        );
    }
    [sec, organizer, viewer]
}

fn add_record(url: &str, org: &str) -> Output {
    on(
        url,
        &[
            "record",
            "add",
            "--org",
            org,
            "--obligation",
            "theme-party-day",
            "--date",
            "2026-11-20",
            "--topic",
            "学习",
        ],
    )
}

#[test]
fn a_secretary_reads_and_writes_only_their_branch_through_dangjian_and_psql() {
    let Some(cluster) = pg::cluster("a_secretary_reads_and_writes_only_their_branch") else {
        return;
    };
    let (db, url) = server(cluster, "sec");
    let [sec, _, _] = three_users(cluster, &url, &db.name);
    let mine = cluster.url(&sec, &db.name);
    assert!(add_record(&mine, "b1").status.success());
    let orgs: serde_json::Value =
        serde_json::from_str(&ok(&mine, &["org", "list", "--format", "json"])).unwrap();
    let ids: Vec<_> = orgs
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["b1"], "a secretary sees their branch only");
    let out = add_record(&mine, "b2");
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("b2"), "{said}");
    refused(&mine, &["status", "--org", "b2"]);
    // The same rules hold for psql.
    let (_, n, _) = cluster.psql(
        &sec,
        &db.name,
        "SELECT count(*) FROM dangjian.records WHERE org <> 'b1'",
    );
    assert_eq!(n, "0");
    let (_, n, _) = cluster.psql(&sec, &db.name, "SELECT count(*) FROM dangjian.members");
    assert_eq!(n, "1");
    let (okay, _, err) = cluster.psql(
        &sec,
        &db.name,
        "INSERT INTO dangjian.records (id, org, date, obligations, body) \
         VALUES ('x', 'b2', '2026-11-01', '{}', '\\x01')",
    );
    assert!(!okay && err.contains("row-level security"), "{err}");
    let (_, n, _) = cluster.psql(
        &sec,
        &db.name,
        "WITH d AS (DELETE FROM dangjian.records WHERE org = 'b3' RETURNING id) SELECT count(*) FROM d",
    );
    assert_eq!(n, "0", "nothing of another branch can be deleted");
    let (okay, _, _) = cluster.psql(&sec, &db.name, "SELECT * FROM dangjian.grants");
    assert!(!okay, "the grants are not readable");
    // In Chinese too, naming the org.
    let out = Command::new(assert_cmd::cargo::cargo_bin("dangjian"))
        .args(["--database", &mine, "--today", TODAY])
        .args([
            "record",
            "add",
            "--org",
            "b3",
            "--obligation",
            "theme-party-day",
            "--date",
            "2026-11-20",
        ])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && said.contains("b3"), "{said}");
}

#[test]
fn an_organizer_writes_within_their_subtree_and_a_viewer_writes_nothing() {
    let Some(cluster) = pg::cluster("an_organizer_writes_within_their_subtree") else {
        return;
    };
    let (db, url) = server(cluster, "org");
    let [_, organizer, viewer] = three_users(cluster, &url, &db.name);
    let theirs = cluster.url(&organizer, &db.name);
    for b in ["b1", "b2"] {
        assert!(
            add_record(&theirs, b).status.success(),
            "organizer writes {b}"
        );
    }
    let out = add_record(&theirs, "b3");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("b3"));
    let status = ok(&theirs, &["status", "--format", "json"]);
    assert!(status.contains("\"b2\"") && !status.contains("\"b3\""));
    let (_, n, _) = cluster.psql(
        &organizer,
        &db.name,
        "SELECT string_agg(id, ',' ORDER BY id) FROM dangjian.orgs",
    );
    assert_eq!(n, "b1,b2,d1");

    let view = cluster.url(&viewer, &db.name);
    let status = ok(&view, &["status", "--format", "json"]);
    assert!(status.contains("\"b1\"") && status.contains("\"b2\"") && !status.contains("\"b3\""));
    let out = add_record(&view, "b1");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("b1"));
    let (okay, _, _) = cluster.psql(
        &viewer,
        &db.name,
        "UPDATE dangjian.records SET date = '2026-01-01' WHERE org = 'b1' RETURNING id",
    );
    let (_, n, _) = cluster.psql(
        &viewer,
        &db.name,
        "SELECT count(*) FROM dangjian.records WHERE date = '2026-01-01'",
    );
    assert!(okay && n == "0", "a viewer's update changes nothing");

    // Revoked, the viewer sees nothing.
    ok(
        &url,
        &["server", "revoke", "--user", &viewer, "--org", "d1"],
    );
    let (okay, _, _) = cluster.psql(&viewer, &db.name, "SELECT count(*) FROM dangjian.records");
    assert!(!okay, "no privileges are left");
}

#[test]
fn four_writers_at_once_lose_nothing() {
    let Some(cluster) = pg::cluster("four_writers_at_once_lose_nothing") else {
        return;
    };
    let (_db, url) = server(cluster, "many");
    let s = Server::open(&url).unwrap();
    s.put_org(&org("b", OrgKind::StudentBranch, None)).unwrap();
    // Each writer adds its records through its own process and connection, 50 each
    // (`DANGJIAN_WRITES=200` for more).
    let each: usize = std::env::var("DANGJIAN_WRITES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let script = format!(
                "for i in $(seq 1 {each}); do \"$0\" --database '{url}' --today {TODAY} record add \
                 --org b --obligation theme-party-day --date 2026-11-20 --topic w{w}-$i >/dev/null \
                 || exit 1; done"
            );
            Command::new("sh")
                .args(["-c", &script])
                .arg(assert_cmd::cargo::cargo_bin("dangjian"))
                .spawn()
                .unwrap()
        })
        .collect();
    for mut w in writers {
        assert!(w.wait().unwrap().success());
    }
    let records = s.records("b").unwrap();
    assert_eq!(records.len(), 4 * each);
    let topics: std::collections::BTreeSet<_> =
        records.iter().filter_map(|r| r.topic.clone()).collect();
    assert_eq!(topics.len(), 4 * each, "every record is there once");
}

#[test]
fn a_ui_on_the_server_shows_another_users_record_within_two_seconds() {
    let Some(cluster) = pg::cluster("a_ui_on_the_server_shows_another_users_record") else {
        return;
    };
    let (_db, url) = server(cluster, "live");
    let s = Server::open(&url).unwrap();
    s.put_org(&org("b", OrgKind::StudentBranch, None)).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let handle = StoreHandle::server(Server::open(&url).unwrap()).unwrap();
    let mut app = App::new(
        handle,
        Catalog::builtin(),
        Calendar::default(),
        Lang::En,
        TODAY.parse().unwrap(),
        now,
    )
    .unwrap();
    assert!(app.data.records.is_empty());
    assert!(!app.refresh_if_changed().unwrap());
    assert!(add_record(&url, "b").status.success());
    let written = std::time::Instant::now();
    // What the event loop does while idle, on its way to the next look.
    while app.data.records.is_empty() && written.elapsed() < std::time::Duration::from_secs(2) {
        std::thread::sleep(std::time::Duration::from_millis(50));
        dangjian::tui::step(&mut app, None);
    }
    assert_eq!(
        app.data.records.len(),
        1,
        "the record shows within 2 s: {:?}",
        app.message
    );
    // Its own writes are not news.
    dangjian::tui::step(&mut app, None);
    assert!(!app.refresh_if_changed().unwrap());
}

#[test]
fn init_is_idempotent_and_a_newer_schema_or_a_password_in_the_url_is_refused() {
    let Some(cluster) = pg::cluster("init_is_idempotent") else {
        return;
    };
    let (db, url) = server(cluster, "init");
    let again = ok(&url, &["server", "init"]);
    assert!(again.contains("up to date"), "{again}");
    cluster.sql(
        &db.name,
        "INSERT INTO dangjian.migrations (version) VALUES (99)",
    );
    let said = refused(&url, &["status"]);
    assert!(said.contains("newer dangjian"), "{said}");
    let said = refused(&url, &["server", "init"]);
    assert!(said.contains("newer dangjian"), "{said}");
    let with_password = url.replacen("@", ":secret@", 1);
    let said = refused(&with_password, &["status"]);
    assert!(
        said.contains("PGPASSWORD") && !said.contains("secret"),
        "{said}"
    );
    for folder_only in [&["doctor"][..], &["demo", "--no-ui"]] {
        let said = refused(&url, folder_only);
        assert!(
            said.contains("data folder") && said.contains("pg_dump"),
            "{said}"
        );
    }
    let fresh = cluster.fresh("bare");
    let said = refused(&cluster.url(&cluster.user, &fresh.name), &["status"]);
    assert!(said.contains("server init"), "{said}");
}

#[test]
fn a_listener_hears_other_connections_writes_not_its_own() {
    let Some(cluster) = pg::cluster("a_listener_hears_other_connections_writes") else {
        return;
    };
    let (_db, url) = server(cluster, "listen");
    let mine = Server::open(&url).unwrap();
    let mut listener = mine.listen().unwrap();
    mine.put_org(&org("a", OrgKind::StudentBranch, None))
        .unwrap();
    assert!(!listener.heard().unwrap(), "its own write is not news");
    let other = Server::open(&url).unwrap();
    other
        .put_org(&org("b", OrgKind::StudentBranch, None))
        .unwrap();
    assert!(
        listener.heard().unwrap(),
        "another connection's write is heard"
    );
    assert!(!listener.heard().unwrap(), "once");
}
