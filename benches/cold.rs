//! The figures of the README's performance table, measured on the real binary: the
//! 500-org × 5-year demo (its time, peak memory and folder), a cold `status --format json`
//! and a bare open (`org list --format json`) as fresh processes, the UI's first frame,
//! a highlight move and opening an org, and a data folder after 5,000 single `record add`
//! processes against a fresh one. Each figure is the median, min and max of several runs;
//! the CLI figures are interleaved so that a noisy moment hits all of them alike.
//!
//! `cargo bench --bench cold` (`DANGJIAN_RUNS`, default 7; `DANGJIAN_SOAK`, default 5000
//! adds, 0 to skip). With taskwarrior's `task` on PATH, `task summary` over the same
//! records (one task each, imported once) runs interleaved with `status`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use dangjian::checklist::Catalog;
use dangjian::lang::Lang;
use dangjian::period::Calendar;
use dangjian::store::Store;
use dangjian::tui::action::Action;
use dangjian::tui::action::View;
use dangjian::tui::app::App;
use dangjian::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const BIN: &str = env!("CARGO_BIN_EXE_dangjian");
const TODAY: &str = "2026-11-22";

/// One run of a process: wall time and peak resident memory.
#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    max_rss_kb: u64,
}

/// Runs `cmd` to the end under GNU time, which reports the peak memory of the command
/// alone (a child forked from this process would count this process's memory too).
fn measure(cmd: &mut Command) -> Run {
    let out = tempfile::NamedTempFile::new().unwrap();
    let mut timed = Command::new("/usr/bin/time");
    timed
        .args(["-f", "%M", "-o"])
        .arg(out.path())
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => timed.env(k, v),
            None => timed.env_remove(k),
        };
    }
    let started = Instant::now();
    let status = timed
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("/usr/bin/time runs (apt-get install time)");
    let wall = started.elapsed();
    assert!(status.success(), "{cmd:?} failed");
    let text = std::fs::read_to_string(out.path()).unwrap();
    Run {
        wall,
        max_rss_kb: text.trim().lines().last().unwrap().trim().parse().unwrap(),
    }
}

fn dangjian(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.env_remove("DANGJIAN_DATA_DIR")
        .arg("--data-dir")
        .arg(dir)
        .args(["--today", TODAY])
        .args(args);
    c
}

/// median, min, max
fn stats(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    (median, v[0], v[n - 1])
}

fn report(name: &str, unit: &str, values: Vec<f64>) -> f64 {
    let runs = values.len();
    let (median, min, max) = stats(values);
    println!(
        "{name:<44} median {median:>9.1} {unit:<3} min {min:>9.1}  max {max:>9.1}  ({runs} runs)"
    );
    median
}

fn ms(runs: &[Run]) -> Vec<f64> {
    runs.iter().map(|r| r.wall.as_secs_f64() * 1000.0).collect()
}

fn mb(runs: &[Run]) -> Vec<f64> {
    runs.iter().map(|r| r.max_rss_kb as f64 / 1024.0).collect()
}

fn folder_mb(dir: &Path) -> f64 {
    fn walk(p: &Path) -> u64 {
        let meta = std::fs::symlink_metadata(p).unwrap();
        if meta.is_dir() {
            std::fs::read_dir(p)
                .unwrap()
                .map(|e| walk(&e.unwrap().path()))
                .sum()
        } else {
            meta.len()
        }
    }
    walk(dir) as f64 / (1024.0 * 1024.0)
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes --bench; a filter argument is not used here.
    let runs = env_usize("DANGJIAN_RUNS", 7);
    let soak = env_usize("DANGJIAN_SOAK", 5000);
    let work = tempfile::tempdir().unwrap();
    println!("dangjian {} — {runs} runs each", env!("CARGO_PKG_VERSION"));

    // The demo, built afresh each run; the last one is the folder measured below.
    let mut demo_runs = Vec::new();
    let mut data = PathBuf::new();
    for i in 0..runs {
        data = work.path().join(format!("demo{i}"));
        demo_runs.push(measure(&mut dangjian(
            &data,
            &["demo", "--orgs", "500", "--years", "5", "--no-ui"],
        )));
    }
    report("demo --orgs 500 --years 5: time", "ms", ms(&demo_runs));
    report(
        "demo --orgs 500 --years 5: peak memory",
        "MB",
        mb(&demo_runs),
    );
    let fresh_mb = folder_mb(&data);
    println!("{:<44} {fresh_mb:>16.1} MB", "data folder after the demo");

    let task = taskwarrior(work.path(), &data);

    let (mut status, mut open, mut tasks) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        status.push(measure(&mut dangjian(
            &data,
            &["status", "--format", "json"],
        )));
        open.push(measure(&mut dangjian(
            &data,
            &["org", "list", "--format", "json"],
        )));
        if let Some(rc) = &task {
            tasks.push(measure(
                Command::new("task").env("TASKRC", rc).arg("summary"),
            ));
        }
    }
    let status_ms = report("cold status --format json: time", "ms", ms(&status));
    report("cold status --format json: peak memory", "MB", mb(&status));
    report("bare open (org list --format json): time", "ms", ms(&open));
    report("bare open: peak memory", "MB", mb(&open));
    if !tasks.is_empty() {
        let task_ms = report("taskwarrior task summary: time", "ms", ms(&tasks));
        println!(
            "{:<44} {:>16.1}×",
            "task summary ÷ status (medians)",
            task_ms / status_ms
        );
    }

    ui(&data, runs);

    // Exports of the whole demo, the organizer's hand-over (JSON) and the offices' workbook.
    for (format, file) in [("json", "export.json"), ("xlsx", "export.xlsx")] {
        let out = work.path().join(file);
        let runs: Vec<Run> = (0..runs)
            .map(|_| {
                measure(&mut dangjian(
                    &data,
                    &["export", "--output", out.to_str().unwrap()],
                ))
            })
            .collect();
        report(&format!("export {format}: time"), "ms", ms(&runs));
        report(&format!("export {format}: peak memory"), "MB", mb(&runs));
    }

    if soak > 0 {
        soak_test(work.path(), &data, soak, runs, fresh_mb);
    }
}

/// Taskwarrior's data made from the demo's records, one task per record: the records of
/// today's year pending with their date as due date, earlier ones completed on it.
fn taskwarrior(work: &Path, data: &Path) -> Option<PathBuf> {
    let version = Command::new("task").arg("--version").output().ok()?;
    println!(
        "taskwarrior {}",
        String::from_utf8_lossy(&version.stdout).trim()
    );
    let dir = work.join("taskwarrior");
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let rc = dir.join("taskrc");
    std::fs::write(
        &rc,
        format!(
            "data.location={}\nconfirmation=off\nverbose=nothing\nrecurrence=off\n",
            dir.join("data").display()
        ),
    )
    .unwrap();
    let store = Store::open(data).unwrap();
    let mut lines = String::new();
    for org in store.orgs().unwrap() {
        for r in store.records(&org.id).unwrap() {
            let day = r.date.format("%Y%m%dT000000Z");
            let task = if r.date.format("%Y").to_string() == TODAY[..4] {
                serde_json::json!({"description": r.topic.clone().unwrap_or_default(),
                    "project": org.id, "status": "pending", "entry": day.to_string(),
                    "due": day.to_string(), "tags": r.obligations})
            } else {
                serde_json::json!({"description": r.topic.clone().unwrap_or_default(),
                    "project": org.id, "status": "completed", "entry": day.to_string(),
                    "end": day.to_string(), "tags": r.obligations})
            };
            lines.push_str(&task.to_string());
            lines.push('\n');
        }
    }
    drop(store);
    let file = dir.join("tasks.json");
    std::fs::write(&file, lines).unwrap();
    let imported = Command::new("task")
        .env("TASKRC", &rc)
        .arg("import")
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    imported.success().then_some(rc)
}

/// The UI on the folder, in process and drawn at 80×24: from opening the store to the
/// first frame, a highlight move in the overview, and opening an org from it.
fn ui(data: &Path, runs: usize) {
    let today: NaiveDate = TODAY.parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let (mut first, mut moves, mut opens) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let started = Instant::now();
        let mut app = App::new(
            Store::open(data).unwrap(),
            Catalog::builtin(),
            Calendar::default(),
            Lang::Zh,
            today,
            now,
        )
        .unwrap();
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| views::render(&app, f)).unwrap();
        first.push(started.elapsed().as_secs_f64() * 1000.0);

        app.update(Action::Show(View::Overview));
        let started = Instant::now();
        let n = 200;
        for _ in 0..n {
            app.update(Action::Down);
            terminal.draw(|f| views::render(&app, f)).unwrap();
        }
        moves.push(started.elapsed().as_secs_f64() * 1000.0 / f64::from(n));

        let started = Instant::now();
        app.update(Action::Enter);
        terminal.draw(|f| views::render(&app, f)).unwrap();
        opens.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    report("UI: first frame (open, judge all, draw)", "ms", first);
    report("UI: move the highlight and draw", "ms", moves);
    report("UI: open an org from the overview", "ms", opens);
}

/// `adds` single `record add` processes on a copy of the folder, spread over the branches
/// and this year's months; then the copy and the fresh folder are opened in turn.
fn soak_test(work: &Path, fresh: &Path, adds: usize, runs: usize, fresh_mb: f64) {
    let soaked = work.join("soaked");
    let copied = Command::new("cp")
        .arg("-r")
        .arg(fresh)
        .arg(&soaked)
        .status()
        .unwrap();
    assert!(copied.success());
    let store = Store::open(&soaked).unwrap();
    let branches: Vec<String> = store
        .orgs()
        .unwrap()
        .into_iter()
        .filter(|o| o.parent.is_some())
        .map(|o| o.id)
        .collect();
    drop(store);
    let started = Instant::now();
    for i in 0..adds {
        let org = &branches[(i * 7919) % branches.len()];
        let date = format!("2026-{:02}-{:02}", 1 + i % 11, 1 + i % 20);
        let topic = format!("第{i}次支委会");
        measure(&mut dangjian(
            &soaked,
            &[
                "record",
                "add",
                "--org",
                org,
                "--obligation",
                "branch-committee-meeting",
                "--date",
                &date,
                "--topic",
                &topic,
            ],
        ));
    }
    println!(
        "{:<44} {:>16.1} s",
        format!("{adds} single record adds"),
        started.elapsed().as_secs_f64()
    );
    let (mut fresh_open, mut soaked_open) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        fresh_open.push(measure(&mut dangjian(
            fresh,
            &["org", "list", "--format", "json"],
        )));
        soaked_open.push(measure(&mut dangjian(
            &soaked,
            &["org", "list", "--format", "json"],
        )));
    }
    let a = report("bare open, fresh folder", "ms", ms(&fresh_open));
    let b = report(
        &format!("bare open, after {adds} adds"),
        "ms",
        ms(&soaked_open),
    );
    let soaked_mb = folder_mb(&soaked);
    println!(
        "{:<44} {soaked_mb:>16.1} MB ({:.2}× the fresh folder; open {:.2}×)",
        format!("data folder after {adds} adds"),
        soaked_mb / fresh_mb,
        b / a
    );
}
