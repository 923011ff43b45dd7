//! An import holds one object of its file at a time: a file is imported whole under a
//! memory limit of 1.5 × its size + 50 MB, which holding it (about 7 bytes of memory per
//! byte of JSON) would break. The limit is an allocator that refuses to go past it: an
//! import that needed more would abort the test.
//!
//! Its own test binary, for its own global allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use dangjian::lang::Lang;
use dangjian::store::Store;

/// Bytes allocated now, the most at once since [`arm`], and the limit (0: none).
static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static LIMIT: AtomicUsize = AtomicUsize::new(0);

struct Limited;

// SAFETY: every call is passed on to the system allocator; only the counts are added.
unsafe impl GlobalAlloc for Limited {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        let limit = LIMIT.load(Ordering::Relaxed);
        if limit > 0 && now > limit {
            NOW.fetch_sub(layout.size(), Ordering::Relaxed);
            return std::ptr::null_mut();
        }
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let grow = new_size.saturating_sub(layout.size());
        let now = NOW.fetch_add(grow, Ordering::Relaxed) + grow;
        let limit = LIMIT.load(Ordering::Relaxed);
        if limit > 0 && now > limit {
            NOW.fetch_sub(grow, Ordering::Relaxed);
            return std::ptr::null_mut();
        }
        PEAK.fetch_max(now, Ordering::Relaxed);
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        NOW.fetch_sub(layout.size().saturating_sub(new_size), Ordering::Relaxed);
        p
    }
}

#[global_allocator]
static GLOBAL: Limited = Limited;

/// Arms the limit `extra` bytes above what is allocated now; returns that base.
fn arm(extra: usize) -> usize {
    let base = NOW.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    LIMIT.store(base + extra, Ordering::Relaxed);
    base
}

fn run(dir: &std::path::Path, args: &[&str]) -> Vec<u8> {
    let mut all = vec!["dangjian", "--data-dir", dir.to_str().unwrap()];
    all.extend(["--today", "2026-11-22", "--lang", "en"]);
    all.extend(args);
    let cli = dangjian::cli::parse_from(all.iter().map(Into::into), Lang::En).unwrap();
    let ctx = dangjian::context::Context::resolve(&cli.global).unwrap();
    let mut out = Vec::new();
    dangjian::commands::run(&ctx, cli.command.unwrap(), &mut out).unwrap();
    out
}

/// Orgs in the demo exported: enough for a file whose whole holding would not fit.
const ORGS: u32 = 120;

#[test]
fn a_large_export_imports_within_one_and_a_half_times_its_size_plus_50_mb() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let work = tempfile::tempdir().unwrap();
    let (from, to) = (work.path().join("from"), work.path().join("to"));
    let records;
    {
        let store = Store::open(&from).unwrap();
        let demo = dangjian::demo::generate(ORGS, 5, 1, today);
        records = demo.records.len();
        store
            .bulk_load(&demo.orgs, &demo.members, &demo.records)
            .unwrap();
    }
    let file = work.path().join("all.json");
    run(&from, &["export", "--output", file.to_str().unwrap()]);
    let size = std::fs::metadata(&file).unwrap().len() as usize;
    let bound = size + size / 2 + (50 << 20);
    // Holding the file, its parsed form and both sides of the merge would not fit.
    assert!(
        7 * size > bound,
        "the file ({size} bytes) is too small to tell"
    );

    let base = arm(bound);
    let report = run(&to, &["import", file.to_str().unwrap(), "--format", "json"]);
    LIMIT.store(0, Ordering::Relaxed);
    let peak = PEAK.load(Ordering::Relaxed) - base;
    eprintln!(
        "import of {:.1} MB: peak {:.1} MB above the start (bound {:.1} MB)",
        size as f64 / 1e6,
        peak as f64 / 1e6,
        bound as f64 / 1e6
    );

    let report: serde_json::Value = serde_json::from_slice(&report).unwrap();
    assert!(report["added"].as_u64().unwrap() as usize > records);
    // What was imported is what was exported.
    let again = work.path().join("again.json");
    run(&to, &["export", "--output", again.to_str().unwrap()]);
    let body = |p: &std::path::Path| {
        let text = std::fs::read_to_string(p).unwrap();
        text.lines()
            .filter(|l| !l.starts_with("\"exported_at\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(body(&file) == body(&again), "the import changed the data");
}
