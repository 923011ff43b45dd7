//! Status for every org of the 500-org × 5-year demo, against a raw sled scan of the same
//! records. Run with `cargo bench --bench status`.

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use dangjian::checklist::Catalog;
use dangjian::period::Calendar;
use dangjian::store::Store;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let demo = dangjian::demo::generate(500, 5, 1, today());
    {
        let store = Store::open(dir.path()).unwrap();
        store
            .bulk_load(&demo.orgs, &demo.members, &demo.records)
            .unwrap();
        store.flush().unwrap();
    }
    eprintln!(
        "demo: {} orgs, {} members, {} records in {:.1} s",
        demo.orgs.len(),
        demo.members.len(),
        demo.records.len(),
        started.elapsed().as_secs_f64()
    );
    let store = Store::open(dir.path()).unwrap();
    let catalog = Catalog::builtin();
    let cal = Calendar::default();
    let orgs = store.orgs().unwrap();

    let mut group = c.benchmark_group("500 orgs x 5 years");
    group.sample_size(20);
    let judge = dangjian::judge::Judge::new(&catalog, &cal, today());
    group.bench_function("status of every org", |b| {
        b.iter(|| {
            for org in &orgs {
                black_box(judge.status(&store, org).unwrap());
            }
        })
    });
    group.bench_function("raw read of what status reads", |b| {
        b.iter(|| {
            let needed = dangjian::status::records_needed(&catalog, &cal, today());
            let mut bytes = 0;
            for org in &orgs {
                bytes += store.read_org(&org.id, needed.clone()).unwrap().len();
            }
            black_box(bytes)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
