//! 本期 says where a length or a cadence the org or the folder can change comes from: a
//! term's years (the app's default, `config.yaml`, the org's own) and a 定期 duty's cadence
//! (the checklist's default or the org's own).

use chrono::{TimeZone, Utc};
use dangjian::checklist::Catalog;
use dangjian::lang::Lang;
use dangjian::period::{Calendar, Every};
use dangjian::tui::action::Action;
use dangjian::tui::app::App;

use super::fixture;
use super::{draw, screen};

/// The fixture's UI with `org` open on 本期, `change` made to it first, `obligation`
/// highlighted; the screen.
fn detail(
    catalog: Catalog,
    org: &str,
    change: impl Fn(&mut dangjian::model::Org),
    obligation: &str,
) -> String {
    let dir = tempfile::tempdir().unwrap();
    let store = fixture::store(dir.path());
    let mut o = store
        .orgs()
        .unwrap()
        .into_iter()
        .find(|o| o.id == org)
        .unwrap();
    change(&mut o);
    store.put_org(&o).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let mut app = App::new(
        store,
        catalog,
        Calendar::default(),
        Lang::Zh,
        fixture::today(),
        now,
    )
    .unwrap();
    fixture::highlight(&mut app, org);
    app.update(Action::Enter);
    let rows = dangjian::tui::app::rows::period(&app);
    app.views.period.cursor = rows
        .iter()
        .position(|r| app.data.catalog.obligations[r.obligation].id == obligation)
        .unwrap_or_else(|| panic!("{org} lists {obligation}"));
    screen(&draw(&app, 80, 24))
}

#[test]
fn the_period_view_says_where_a_terms_length_comes_from() {
    let text = detail(Catalog::builtin(), "phy-t1", |_| {}, "branch-election");
    assert!(
        text.contains("任期 3 年：默认（支部工作条例），非指南规定"),
        "{text}"
    );
    // config.yaml's term_years reaches the catalog as the data folder's setting.
    let mut catalog = Catalog::builtin();
    catalog.set_term_years(5);
    let text = detail(catalog, "phy-t1", |_| {}, "branch-election");
    assert!(
        text.contains("任期 5 年：config.yaml 的 term_years"),
        "{text}"
    );
    let own = |o: &mut dangjian::model::Org| {
        o.term_years.insert("branch-election".into(), 2);
    };
    let text = detail(Catalog::builtin(), "phy-t1", own, "branch-election");
    assert!(text.contains("任期 2 年：本组织设定"), "{text}");
}

#[test]
fn the_period_view_says_whether_a_regular_duty_keeps_the_default_cadence() {
    let text = detail(Catalog::builtin(), "phy", |_| {}, "dept-ideology-survey");
    assert!(text.contains("定期：每年，清单默认"), "{text}");
    let own = |o: &mut dangjian::model::Org| {
        o.every
            .insert("dept-ideology-survey".into(), Every::HalfYear);
    };
    let text = detail(Catalog::builtin(), "phy", own, "dept-ideology-survey");
    assert!(text.contains("定期：每半年，本组织设定"), "{text}");
    assert!(
        text.contains("每半年 "),
        "the title names the org's cadence: {text}"
    );
}
