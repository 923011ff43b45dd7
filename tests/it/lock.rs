//! A data folder held by another dangjian: commands wait up to 2 s for it, then give up
//! with exit code 3 and a message in the user's language naming the folder.

use crate::common;

use std::time::{Duration, Instant};

use common::Env;
use dangjian::store::Store;

#[test]
fn a_folder_in_use_is_waited_for_then_refused_with_exit_3() {
    let env = Env::new();
    env.ok(&[
        "org", "add", "--id", "t1", "--name", "支部", "--kind", "branch",
    ]);

    let store = Store::open(env.path()).expect("the store opens");
    // A read in English, the same in Chinese, and a write: each waits its 2 s, side by side.
    let started = Instant::now();
    let ((code, stderr), zh, (write, _)) = std::thread::scope(|s| {
        let en = s.spawn(|| env.fails(&["org", "list"]));
        let zh = s.spawn(|| env.cmd_zh(&["org", "list"]).output().unwrap());
        let write = s.spawn(|| {
            env.fails(&[
                "org", "add", "--id", "t2", "--name", "支部", "--kind", "branch",
            ])
        });
        (
            en.join().unwrap(),
            zh.join().unwrap(),
            write.join().unwrap(),
        )
    });
    assert!(started.elapsed() >= Duration::from_secs(2), "it waits 2 s");
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains(&env.path().display().to_string()),
        "the message names the folder:\n{stderr}"
    );
    assert!(stderr.contains("in use"), "{stderr}");
    // In Chinese, every word of it is Chinese.
    assert_eq!(zh.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&zh.stderr);
    assert!(stderr.contains("正被另一个 dangjian 使用"), "{stderr}");
    assert!(!stderr.contains("in use"), "{stderr}");
    // A write is refused the same way, and writes nothing.
    assert_eq!(write, 3);
    assert_eq!(store.orgs().unwrap().len(), 1);

    // Once it is closed, the folder is free again.
    drop(store);
    let orgs = env.json(&["org", "list"]);
    assert_eq!(orgs.as_array().unwrap().len(), 1);
}

#[test]
fn a_command_waits_for_a_folder_released_within_the_wait() {
    let env = Env::new();
    env.ok(&[
        "org", "add", "--id", "t1", "--name", "支部", "--kind", "branch",
    ]);
    let store = Store::open(env.path()).expect("the store opens");
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(600));
        drop(store);
    });
    let started = Instant::now();
    env.ok(&[
        "org",
        "add",
        "--id",
        "t2",
        "--name",
        "支部二",
        "--kind",
        "branch",
    ]);
    assert!(started.elapsed() >= Duration::from_millis(500), "it waited");
    release.join().unwrap();
    assert_eq!(env.json(&["org", "list"]).as_array().unwrap().len(), 2);
}

#[test]
fn a_script_writes_while_someone_moves_around_the_ui() {
    use dangjian::checklist::Catalog;
    use dangjian::period::Calendar;
    use dangjian::tui::action::{Action, View};
    use dangjian::tui::app::App;

    let env = Env::new();
    env.ok(&["demo", "--no-ui", "--seed", "1"]);
    let now = chrono::Utc::now();
    let store = Store::open(env.path()).expect("the store opens");
    let mut app = App::new(
        store,
        Catalog::builtin(),
        Calendar::default(),
        dangjian::lang::Lang::En,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        now,
    )
    .unwrap();
    dangjian::tui::step(&mut app, None);

    let dir = env.path().to_path_buf();
    let script = std::thread::spawn(move || {
        let mut waits = Vec::new();
        for i in 0..20 {
            std::thread::sleep(Duration::from_millis(300));
            let started = Instant::now();
            let out = assert_cmd::Command::cargo_bin("dangjian")
                .unwrap()
                .env_remove("DANGJIAN_DATA_DIR")
                .env_remove("DANGJIAN_TODAY")
                .arg("--data-dir")
                .arg(&dir)
                .args(["--today", common::TODAY])
                .args([
                    "record",
                    "add",
                    "--org",
                    "cs-t1",
                    "--obligation",
                    "theme-party-day",
                    "--date",
                    "2026-11-02",
                    "--topic",
                    &format!("script {i}"),
                ])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "write {i}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            waits.push(started.elapsed());
        }
        waits
    });
    // One navigation action every 50 ms for 10 s: moving, opening orgs, switching views.
    let keys = [
        Action::Down,
        Action::Down,
        Action::Enter,
        Action::Show(View::Records),
        Action::Up,
        Action::Show(View::Members),
        Action::Down,
        Action::Show(View::Period),
        Action::Show(View::Overview),
        Action::Up,
    ];
    let started = Instant::now();
    let mut i = 0;
    while started.elapsed() < Duration::from_secs(10) {
        dangjian::tui::step(&mut app, Some(keys[i % keys.len()]));
        i += 1;
        std::thread::sleep(Duration::from_millis(50));
    }
    let waits = script.join().unwrap();
    assert_eq!(waits.len(), 20);
    let slowest = waits.iter().max().unwrap();
    assert!(
        *slowest < Duration::from_secs(1),
        "every write within 1 s while the UI is used: {waits:?}"
    );
    // The UI took the script's writes in.
    dangjian::tui::step(&mut app, None);
    assert!(
        !app.data.db.is_open(),
        "the UI holds no database between keys"
    );
}
