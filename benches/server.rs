//! The README's shared-server figure: a cold `status --format json` as a fresh process on
//! the 500-org × 5-year demo, from its data folder and from a local PostgreSQL holding the
//! same data (the folder exported and imported), run interleaved so that a noisy moment
//! hits both alike; median, min and max of `DANGJIAN_RUNS` runs (default 7).
//!
//! `cargo bench --bench server`: the PostgreSQL is the tests' (`DANGJIAN_TEST_PG*`, else a
//! throwaway cluster where the server programs are installed; `tests/it/pg.rs`).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

#[path = "../tests/it/pg.rs"]
mod pg;

const BIN: &str = env!("CARGO_BIN_EXE_dangjian");
const TODAY: &str = "2026-11-22";

fn run(folder: &Path, database: Option<&str>, args: &[&str]) -> f64 {
    let mut c = Command::new(BIN);
    c.env_remove("DANGJIAN_DATA_DIR")
        .env_remove("DANGJIAN_DATABASE")
        .arg("--data-dir")
        .arg(folder)
        .args(["--today", TODAY]);
    if let Some(url) = database {
        c.args(["--database", url]);
    }
    let started = Instant::now();
    let status = c.args(args).stdout(Stdio::null()).status().unwrap();
    assert!(status.success(), "{args:?} failed");
    started.elapsed().as_secs_f64() * 1000.0
}

fn report(name: &str, mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    println!(
        "{name:<40} median {median:>8.1} ms  min {:>8.1}  max {:>8.1}  ({n} runs)",
        v[0],
        v[n - 1]
    );
    median
}

fn main() {
    let runs: usize = std::env::var("DANGJIAN_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    let Some(cluster) = pg::cluster("bench server") else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let folder = work.path().join("data");
    let folder_s = folder.to_str().unwrap();
    run(
        &folder,
        None,
        &["demo", "--orgs", "500", "--years", "5", "--no-ui"],
    );
    let file = work.path().join("all.json");
    run(
        &folder,
        None,
        &["export", "--output", file.to_str().unwrap()],
    );
    let db = cluster.fresh("bench");
    let url = cluster.url(&cluster.user, &db.name);
    run(&folder, Some(&url), &["server", "init"]);
    let took = run(&folder, Some(&url), &["import", file.to_str().unwrap()]);
    println!(
        "import of the whole demo into PostgreSQL: {:.1} s",
        took / 1000.0
    );
    cluster.sql(&db.name, "VACUUM ANALYZE");
    let (mut on_folder, mut on_server) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        on_folder.push(run(&folder, None, &["status", "--format", "json"]));
        on_server.push(run(&folder, Some(&url), &["status", "--format", "json"]));
    }
    println!("500 orgs × 5 years, {folder_s}");
    let a = report("cold status --format json, folder", on_folder);
    let b = report("cold status --format json, PostgreSQL", on_server);
    println!("PostgreSQL ÷ folder: {:.1}×", b / a);
}
