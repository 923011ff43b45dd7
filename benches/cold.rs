//! The figures of the README's performance table, measured on the real binary, for each
//! size of demo in `DANGJIAN_ORGS` (default `6,500`; the README's run is `6,500,5000`),
//! each `N` orgs × 5 years:
//!
//! - the demo's folder, and the JSON export of it;
//! - a cold `status --format json` (a fresh process) and its peak memory: judged (the
//!   answer kept beside the folder removed first, as on a new day), given again from the
//!   answer it kept, and after a `record add` to one branch (which makes that branch's
//!   and its department's parts of the answer again); interleaved with the previous
//!   release's binary
//!   when `DANGJIAN_PREV` names one (on its own demo of the same size: it reads neither
//!   this build's folders nor its checklists);
//! - `export --as json` and `import` of that export into a fresh folder (a restore), with
//!   the import's peak memory against its bound (1.5 × the file + 50 MB), and the first
//!   cold `status --format json` on the restored folder (the import judged every org and
//!   kept the answers);
//! - the UI in process at 80×24: the first frame judged (no overview kept: open, judge
//!   every org, draw) and from the overview kept beside the folder (read it, draw; the
//!   database is opened when first used, timed apart), and every kind of key (move, open
//!   an org, switch view, filter, the org picker);
//! - the first write of a new day (`record add`, which starts the day's backup) against
//!   the median of the ten writes after it, on days one after the other.
//!
//! Each figure is the median, min and max of `DANGJIAN_RUNS` runs (default 7); the
//! processes of one run go one after the other, every size and both binaries in turn,
//! so that a noisy moment hits all of them alike. The table at the end gathers the
//! medians; the ratios follow it. With taskwarrior's `task` on PATH, `task summary` over
//! the 500-org demo's records runs interleaved with `status` (see [`taskwarrior`]).
//!
//! With `DANGJIAN_SOAK=5000`, 5,000 single `record add` processes on a copy of the
//! 500-org folder, whose size and open time are then set against the fresh one.
//!
//! With `DANGJIAN_ONLY=ui`, only the demos and the UI's figures: no export, no process
//! runs, no first writes (`DANGJIAN_ONLY=ui DANGJIAN_ORGS=6,500,5000 DANGJIAN_RUNS=9`).
//!
//! `DANGJIAN_PREV=/path/to/previous/dangjian cargo bench --bench cold`

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, TimeZone, Utc};
use dangjian::lang::Lang;
use dangjian::store::Store;
use dangjian::tui::action::{Action, View};
use dangjian::tui::input::Edit;
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

fn command(bin: &str, dir: &Path, today: &str, args: &[&str]) -> Command {
    let mut c = Command::new(bin);
    c.env_remove("DANGJIAN_DATA_DIR")
        .env_remove("DANGJIAN_TODAY")
        .arg("--data-dir")
        .arg(dir)
        .args(["--today", today])
        .args(args);
    c
}

fn dangjian(dir: &Path, args: &[&str]) -> Command {
    command(BIN, dir, TODAY, args)
}

/// median, min, max
fn stats(v: &[f64]) -> (f64, f64, f64) {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    (median, v[0], v[n - 1])
}

/// The figures of one size, by name, each a list of runs.
#[derive(Default)]
struct Figures(BTreeMap<&'static str, Vec<f64>>);

impl Figures {
    fn add(&mut self, name: &'static str, value: f64) {
        self.0.entry(name).or_default().push(value);
    }

    fn run(&mut self, name: &'static str, run: Run) {
        self.add(name, run.wall.as_secs_f64() * 1000.0);
        let mem: &'static str = format!("{name} · peak MB").leak();
        self.add(mem, run.max_rss_kb as f64 / 1024.0);
    }

    fn median(&self, name: &str) -> Option<f64> {
        self.0.get(name).map(|v| stats(v).0)
    }

    /// `median (min–max)`, or a dash.
    fn shown(&self, name: &str, digits: usize) -> String {
        match self.0.get(name) {
            Some(v) => {
                let (m, lo, hi) = stats(v);
                format!("{m:.digits$} ({lo:.digits$}–{hi:.digits$})")
            }
            None => "–".into(),
        }
    }
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

fn mb(path: &Path) -> f64 {
    std::fs::metadata(path).unwrap().len() as f64 / (1024.0 * 1024.0)
}

/// One demo folder and what was made from it.
struct Size {
    orgs: usize,
    /// A branch the benchmark writes to.
    branch: String,
    data: PathBuf,
    export: PathBuf,
    folder_mb: f64,
    export_mb: f64,
    figures: Figures,
}

fn main() {
    // `cargo bench` passes --bench; a filter argument is not used here.
    let runs: usize = env("DANGJIAN_RUNS").map_or(7, |v| v.parse().expect("DANGJIAN_RUNS"));
    let sizes: Vec<usize> = env("DANGJIAN_ORGS")
        .unwrap_or_else(|| "6,500".into())
        .split(',')
        .map(|n| {
            n.trim()
                .parse()
                .expect("DANGJIAN_ORGS: numbers, e.g. 500,5000")
        })
        .collect();
    let prev = env("DANGJIAN_PREV");
    let only_ui = match env("DANGJIAN_ONLY").as_deref() {
        None => false,
        Some("ui") => true,
        Some(other) => panic!("DANGJIAN_ONLY: \"{other}\"; only \"ui\" is known"),
    };
    let work = tempfile::tempdir().unwrap();
    println!(
        "dangjian {} — {runs} runs each, {} cores{}",
        env!("CARGO_PKG_VERSION"),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        prev.as_deref()
            .map(|p| format!(", previous release: {p}"))
            .unwrap_or_default()
    );

    let mut all: Vec<Size> = sizes
        .iter()
        .map(|&n| make(work.path(), n, !only_ui))
        .collect();
    if only_ui {
        for s in &mut all {
            ui(&s.data, runs, &mut s.figures);
        }
        print(&all, false);
        return;
    }
    // The previous release reads neither this build's folders nor its checklists' files:
    // it judges its own demo of the same size, made by its own `demo` command.
    if let Some(prev) = &prev {
        for s in &all {
            let n = s.orgs.to_string();
            let demo = [
                "demo", "--orgs", &n, "--years", "5", "--seed", "1", "--no-ui",
            ];
            let mut c = command(prev, &s.data.with_extension("prev"), TODAY, &demo);
            assert!(c.status().unwrap().success(), "{prev} demo");
        }
    }
    let task = all
        .iter()
        .find(|s| s.orgs == 500)
        .and_then(|s| taskwarrior(work.path(), &s.data));

    // The processes, interleaved: every size and both binaries in each run.
    for i in 0..runs {
        for s in &mut all {
            let out = work.path().join(format!("export-{}-{i}.json", s.orgs));
            let fresh = work.path().join(format!("restored-{}-{i}", s.orgs));
            let f = &mut s.figures;
            // What the last size's export and import left to write back reaches the disk
            // first, so that it slows neither binary's status.
            assert!(Command::new("sync").status().unwrap().success());
            // Judged: the answer kept from the last status is removed first, as a write
            // removes it; the previous release's status (which keeps nothing) just after.
            // Then given again from the answer that run kept.
            let _ = std::fs::remove_file(s.data.join(dangjian::store::kept::FILE));
            f.run(
                "status",
                measure(&mut dangjian(&s.data, &["status", "--format", "json"])),
            );
            if let Some(prev) = &prev {
                let data = s.data.with_extension("prev");
                let mut c = command(prev, &data, TODAY, &["status", "--format", "json"]);
                f.run("status, previous release", measure(&mut c));
            }
            f.run(
                "status, kept answer",
                measure(&mut dangjian(&s.data, &["status", "--format", "json"])),
            );
            // A write to one branch makes its part of the answer (and its department's)
            // again; status after it reads the answer kept current.
            let add = [
                "record",
                "add",
                "--org",
                &s.branch,
                "--obligation",
                "branch-committee-meeting",
                "--date",
                TODAY,
                "--topic",
                "支委会",
            ];
            f.run(
                "write, answer kept current",
                measure(&mut dangjian(&s.data, &add)),
            );
            wait_for_backup(&s.data, TODAY, Instant::now());
            f.run(
                "status after a write",
                measure(&mut dangjian(&s.data, &["status", "--format", "json"])),
            );
            f.run(
                "open",
                measure(&mut dangjian(&s.data, &["org", "list", "--format", "json"])),
            );
            let export = ["export", "--as", "json", "--output", out.to_str().unwrap()];
            f.run("export json", measure(&mut dangjian(&s.data, &export)));
            std::fs::remove_file(&out).unwrap();
            let import = ["import", s.export.to_str().unwrap(), "--format", "json"];
            f.run("import", measure(&mut dangjian(&fresh, &import)));
            // The import, a first write, started the day's backup: let it end first.
            wait_for_backup(&fresh, TODAY, Instant::now());
            // The first status after a restore: the import judged every org once and
            // kept the answers.
            assert!(Command::new("sync").status().unwrap().success());
            f.run(
                "status after a restore",
                measure(&mut dangjian(&fresh, &["status", "--format", "json"])),
            );
            std::fs::remove_dir_all(&fresh).unwrap();
            if s.orgs == 500
                && let Some(rc) = &task
            {
                let mut c = Command::new("task");
                f.run("taskwarrior", measure(c.env("TASKRC", rc).arg("summary")));
            }
        }
    }
    for s in &mut all {
        ui(&s.data, runs, &mut s.figures);
    }
    let soak: usize = env("DANGJIAN_SOAK").map_or(0, |v| v.parse().expect("DANGJIAN_SOAK"));
    if soak > 0
        && let Some(s) = all.iter().find(|s| s.orgs == 500)
    {
        soak_test(work.path(), &s.data, soak, runs, s.folder_mb);
    }
    for s in &mut all {
        first_writes(&s.data, runs, &mut s.figures);
    }
    print(&all, prev.is_some());
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The demo of `orgs` orgs × 5 years and, with `export`, its JSON export.
fn make(work: &Path, orgs: usize, export: bool) -> Size {
    let data = work.join(format!("demo-{orgs}"));
    let n = orgs.to_string();
    let mut figures = Figures::default();
    let demo = [
        "demo", "--orgs", &n, "--years", "5", "--seed", "1", "--no-ui",
    ];
    figures.run("demo", measure(&mut dangjian(&data, &demo)));
    let folder_mb = folder_mb(&data);
    let (made, export) = (export, work.join(format!("demo-{orgs}.json")));
    let args = [
        "export",
        "--as",
        "json",
        "--output",
        export.to_str().unwrap(),
    ];
    assert!(!made || dangjian(&data, &args).status().unwrap().success());
    let export_mb = if made { mb(&export) } else { 0.0 };
    println!("{orgs} orgs: folder {folder_mb:.1} MB, JSON export {export_mb:.1} MB");
    let branch = Store::open(&data)
        .unwrap()
        .orgs()
        .unwrap()
        .into_iter()
        .find(|o| o.parent.is_some())
        .unwrap()
        .id;
    Size {
        branch,
        orgs,
        data,
        export,
        folder_mb,
        export_mb,
        figures,
    }
}

/// The UI on the folder, in process and drawn at 80×24: from opening the store to the
/// first frame; then each kind of key, timed from the key to the next frame drawn.
fn ui(data: &Path, runs: usize, f: &mut Figures) {
    let today: NaiveDate = TODAY.parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let ctx = dangjian::context::Context::on_folder(data, today, now, Lang::Zh);
    assert!(
        ctx.answer_key(dangjian::judge::answer::OVERVIEW).is_some(),
        "the overview can be kept"
    );
    // As `dangjian` opens the UI on the folder.
    let open = || {
        let app = dangjian::tui::open_app(&ctx).unwrap();
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|fr| views::render(&app, fr)).unwrap();
        (app, terminal)
    };
    for _ in 0..runs {
        // Judged: with no overview kept, every org is judged (and the overview kept).
        dangjian::store::kept::remove(data);
        let started = Instant::now();
        drop(open());
        f.add("UI first frame, judged", ms(started));
        // As the UI opens on a folder whose overview is kept: no org is judged and the
        // database is opened when first used.
        let started = Instant::now();
        let (mut app, mut terminal) = open();
        f.add("UI first frame", ms(started));
        let started = Instant::now();
        app.data.db.get().unwrap();
        f.add("UI: open the database after the first frame", ms(started));

        let mut key = |f: &mut Figures, name: &'static str, actions: &[Action]| {
            let started = Instant::now();
            for a in actions {
                app.update(*a);
            }
            terminal.draw(|fr| views::render(&app, fr)).unwrap();
            f.add(name, ms(started));
        };
        key(f, "key: switch view", &[Action::Show(View::Overview)]);
        for _ in 0..20 {
            key(f, "key: move", &[Action::Down]);
        }
        key(f, "key: open an org", &[Action::Enter]);
        for v in View::ALL {
            key(f, "key: switch view", &[Action::Show(v)]);
        }
        key(f, "key: switch view", &[Action::Show(View::Overview)]);
        key(f, "key: filter", &[Action::Filter]);
        for c in "计算机".chars() {
            key(f, "key: filter", &[Action::Type(Edit::Char(c))]);
        }
        key(f, "key: filter", &[Action::Enter]);
        key(f, "key: org picker", &[Action::PickOrg]);
        for c in "xy".chars() {
            key(f, "key: org picker", &[Action::Type(Edit::Char(c))]);
        }
        key(f, "key: org picker", &[Action::Type(Edit::Backspace)]);
        key(f, "key: org picker", &[Action::Enter]);
    }
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

/// On days after the demo's, one after the other: the first `record add` of the day (it
/// starts the day's backup) and the ten after it, as soon as each returns. Then the day's
/// backup is waited for, so that the next day starts as the first did.
fn first_writes(data: &Path, runs: usize, f: &mut Figures) {
    let branch = Store::open(data)
        .unwrap()
        .orgs()
        .unwrap()
        .into_iter()
        .find(|o| o.parent.is_some())
        .unwrap()
        .id;
    let start: NaiveDate = TODAY.parse().unwrap();
    for d in 1..=runs as u64 {
        let day = (start + Days::new(d)).to_string();
        let add = |i: usize| {
            let topic = format!("第{i}次支委会");
            let args = [
                "record",
                "add",
                "--org",
                &branch,
                "--obligation",
                "branch-committee-meeting",
                "--date",
                &day,
                "--topic",
                &topic,
            ];
            measure(&mut command(BIN, data, &day, &args))
                .wall
                .as_secs_f64()
                * 1000.0
        };
        let started = Instant::now();
        let first = add(0);
        let next: Vec<f64> = (1..=10).map(add).collect();
        let (median, ..) = stats(&next);
        f.add("first write of a day", first);
        for n in next {
            f.add("next ten writes", n);
        }
        f.add("first write ÷ median of the next ten", first / median);
        wait_for_backup(data, &day, started);
        f.add("backup ready after the first write", ms(started));
    }
}

/// Waits until the backup of `day` is written and its process has left.
fn wait_for_backup(data: &Path, day: &str, started: Instant) {
    let dir = data.join("backups");
    let backup = dir.join(format!("{day}.json.gz"));
    let at_work = || {
        std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(".backup"))
    };
    while !backup.exists() || at_work() {
        assert!(started.elapsed() < Duration::from_secs(900), "no backup");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn print(all: &[Size], prev: bool) {
    println!();
    for s in all {
        println!("— {} orgs × 5 years —", s.orgs);
        for name in s.figures.0.keys() {
            println!("{name:<44} {}", s.figures.shown(name, 1));
        }
        let bound = 1.5 * s.export_mb + 50.0;
        if let Some(peak) = s.figures.median("import · peak MB") {
            println!(
                "import peak memory bound (1.5 × {:.1} MB + 50 MB) {bound:.0} MB: {}",
                s.export_mb,
                if peak <= bound { "met" } else { "NOT met" }
            );
        }
        println!();
    }
    println!(
        "| orgs | folder | JSON export | cold `status --format json` after a restore | after a write | judged (a new day) | peak memory (judged) | import of its JSON export | import peak memory | UI first frame | judged |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for s in all {
        let f = &s.figures;
        println!(
            "| {} | {:.0} MB | {:.0} MB | {} ms | {} ms | {} ms | {} MB | {} ms | {} MB | {} ms | {} ms |",
            s.orgs,
            s.folder_mb,
            s.export_mb,
            f.shown("status after a restore", 0),
            f.shown("status after a write", 0),
            f.shown("status", 0),
            f.shown("status · peak MB", 0),
            f.shown("import", 0),
            f.shown("import · peak MB", 0),
            f.shown("UI first frame", 1),
            f.shown("UI first frame, judged", 1),
        );
    }
    println!();
    for s in all {
        let f = &s.figures;
        println!(
            "  {} orgs: status from the kept answer {} ms, the write before it {} ms, the UI's database opened after its first frame {} ms",
            s.orgs,
            f.shown("status, kept answer", 0),
            f.shown("write, answer kept current", 0),
            f.shown("UI: open the database after the first frame", 1),
        );
    }
    println!();
    println!("Ratios (medians of this run):");
    for s in all {
        let f = &s.figures;
        let m = |n: &str| f.median(n).unwrap_or(f64::NAN);
        // "–" for a figure this run did not measure (`DANGJIAN_ONLY=ui`).
        let ratio = |a: &str, b: &str| match (f.median(a), f.median(b)) {
            (Some(a), Some(b)) => format!("{:.2}", a / b),
            _ => "–".to_string(),
        };
        println!(
            "  {} orgs: first write ÷ next ten {} (per day; ≤ 1.5), import ÷ export json {} (≤ 3), slowest key {:.1} ms",
            s.orgs,
            f.shown("first write ÷ median of the next ten", 2),
            ratio("import", "export json"),
            [
                "key: move",
                "key: open an org",
                "key: switch view",
                "key: filter",
                "key: org picker"
            ]
            .iter()
            .filter_map(|k| f.0.get(*k))
            .flatten()
            .fold(0.0f64, |a, b| a.max(*b)),
        );
        if prev {
            println!(
                "  {} orgs: cold status, previous release ÷ this build {:.2} after a restore, {:.2} after a write (≥ 2 at 500), {:.2} judged, {:.2} from the kept answer",
                s.orgs,
                m("status, previous release") / m("status after a restore"),
                m("status, previous release") / m("status after a write"),
                m("status, previous release") / m("status"),
                m("status, previous release") / m("status, kept answer")
            );
        }
        if let Some(t) = f.median("taskwarrior") {
            println!(
                "  {} orgs: taskwarrior task summary ÷ status {:.1}",
                s.orgs,
                t / m("status")
            );
        }
    }
    let by = |n: usize| all.iter().find(|s| s.orgs == n).map(|s| &s.figures);
    if let (Some(small), Some(big)) = (by(500), by(5000)) {
        for (name, limit) in [
            ("status after a restore", 6.0),
            ("status after a write", 6.0),
            ("status", 6.0),
            ("status, kept answer", 6.0),
            ("UI first frame", 3.0),
            ("UI first frame, judged", 3.0),
        ] {
            let (Some(b), Some(s)) = (big.median(name), small.median(name)) else {
                continue;
            };
            let r = b / s;
            println!("  5,000 ÷ 500 orgs: {name} {r:.2} (≤ {limit})");
        }
    }
}

/// Taskwarrior's data made from the demo: each record a task completed on its date (a
/// record is something that happened), and each obligation's period that is still open
/// and not yet met a pending task due on its due date, as `status` judges them.
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
    let day = |d: &str| format!("{}T000000Z", d.replace('-', ""));
    let mut lines = String::new();
    let store = Store::open(data).unwrap();
    for org in store.orgs().unwrap() {
        for r in store.records(&org.id).unwrap() {
            let at = day(&r.date.to_string());
            let task = serde_json::json!({"description": r.topic.clone().unwrap_or_default(),
                "project": org.id, "status": "completed", "entry": at, "end": at,
                "tags": r.obligations});
            lines.push_str(&task.to_string());
            lines.push('\n');
        }
    }
    drop(store);
    let status = dangjian(data, &["status", "--format", "json"])
        .output()
        .unwrap();
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    for org in status["orgs"].as_array().unwrap() {
        for o in org["obligations"].as_array().unwrap() {
            let current = &o["current"];
            let open = ["pending", "due-soon", "overdue"];
            let due = current["due"].as_str();
            if let (true, Some(due)) = (
                open.contains(&current["status"].as_str().unwrap_or("")),
                due,
            ) {
                let start = current["start"].as_str().unwrap_or(due);
                let task = serde_json::json!({"description": o["title"], "project": org["id"],
                    "status": "pending", "entry": day(start), "due": day(due), "tags": [o["id"]]});
                lines.push_str(&task.to_string());
                lines.push('\n');
            }
        }
    }
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
    let mut f = Figures::default();
    for _ in 0..runs {
        f.run(
            "bare open, fresh folder",
            measure(&mut dangjian(fresh, &["org", "list", "--format", "json"])),
        );
        f.run(
            "bare open, after the adds",
            measure(&mut dangjian(&soaked, &["org", "list", "--format", "json"])),
        );
    }
    for name in ["bare open, fresh folder", "bare open, after the adds"] {
        println!("{name:<44} {} ms", f.shown(name, 1));
    }
    let a = f.median("bare open, fresh folder").unwrap();
    let b = f.median("bare open, after the adds").unwrap();
    let soaked_mb = folder_mb(&soaked);
    println!(
        "{:<44} {soaked_mb:>16.1} MB ({:.2}× the fresh folder; open {:.2}×)",
        format!("data folder after {adds} adds"),
        soaked_mb / fresh_mb,
        b / a
    );
}
