//! Drawing the organizer's overview of the 500-org × 5-year demo, and a keystroke that
//! changes no data. Run with `cargo bench --bench ui`.

use std::hint::black_box;

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
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

fn bench(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let demo = dangjian::demo::generate(500, 5, 1, today);
    store
        .bulk_load(&demo.orgs, &demo.members, &demo.records)
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let mut app = App::new(
        store,
        Catalog::builtin(),
        Calendar::default(),
        Lang::Zh,
        today,
        now,
    )
    .unwrap();
    app.update(Action::Show(View::Overview));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();

    let mut group = c.benchmark_group("500-org overview at 80x24");
    group.bench_function("draw a frame", |b| {
        b.iter(|| {
            terminal
                .draw(|f| views::render(black_box(&app), f))
                .unwrap();
        })
    });
    let reads = app.data.reads;
    group.bench_function("keystroke (move down) and draw", |b| {
        b.iter(|| {
            app.update(Action::Down);
            terminal.draw(|f| views::render(&app, f)).unwrap();
        })
    });
    group.finish();
    assert_eq!(
        app.data.reads, reads,
        "moving in the overview read the database"
    );
    eprintln!(
        "database reads during the keystroke benchmark: {}",
        app.data.reads - reads
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
