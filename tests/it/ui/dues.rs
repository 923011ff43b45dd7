//! 党费: members × months at 80×24, its colours, a quarter paid with `p`, and the dues
//! line of 本期 going from red to green.

use dangjian::dues::{Fen, Month, Payment, Setting};
use dangjian::lang::Lang;
use dangjian::tui::action::{Action, View};
use dangjian::tui::app::App;
use dangjian::tui::input::Edit;
use ratatui::style::Color;

use super::{draw, fixture, line_of, open, screen};

fn setting(member: &str, monthly: &str) -> Setting {
    Setting {
        org: "phy-t1".into(),
        member: member.into(),
        from: Month::parse("2026-01").unwrap(),
        monthly: Fen::parse(monthly).unwrap(),
        base: None,
        rate_kind: None,
        updated_at: "2026-01-01T00:00:00.000Z".into(),
    }
}

fn payment(member: &str, from: &str, to: &str, amount: &str) -> Payment {
    Payment {
        id: format!("pay-{member}-{from}"),
        org: "phy-t1".into(),
        member: member.into(),
        from: Month::parse(from).unwrap(),
        to: Month::parse(to).unwrap(),
        amount: Fen::parse(amount).unwrap(),
        date: format!("{from}-05").parse().unwrap(),
        created_at: "2026-01-01T00:00:00.000Z".into(),
        updated_at: "2026-01-01T00:00:00.000Z".into(),
    }
}

/// The physics teachers' branch on 本期: 罗丽 (m01) paid to September, 王伟 (m02) to
/// December, 张敏 (m03) exempt, 李强 (m04) only January to April — six months behind.
fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = fixture::store(dir.path());
    store
        .bulk_load_dues(
            &[
                setting("m01", "30"),
                setting("m02", "50"),
                setting("m03", "0"),
                setting("m04", "20"),
            ],
            &[
                payment("m01", "2026-01", "2026-09", "270"),
                payment("m02", "2026-01", "2026-12", "600"),
                payment("m04", "2026-01", "2026-04", "80"),
            ],
        )
        .unwrap();
    let mut app = open(store, Lang::Zh);
    fixture::highlight(&mut app, "phy-t1");
    app.update(Action::Enter);
    (dir, app)
}

/// The colour of the first cell holding `needle` on the line holding `line`.
fn colour_of(
    t: &ratatui::Terminal<ratatui::backend::TestBackend>,
    line: &str,
    needle: &str,
) -> Color {
    let text = screen(t);
    let y = text
        .lines()
        .position(|l| l.contains(line))
        .unwrap_or_else(|| panic!("no line holds {line:?}:\n{text}"));
    let buffer = t.backend().buffer();
    let x = (0..buffer.area.width)
        .find(|x| buffer[(*x, y as u16)].symbol() == needle)
        .unwrap_or_else(|| panic!("no {needle:?} on {line:?}"));
    buffer[(x, y as u16)].fg
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Type(Edit::Char(c)));
    }
}

#[test]
fn dues_view_and_a_quarter_paid_from_it() {
    let (_dir, mut app) = app();
    // 本期 carries the branch's dues line, red: someone is in arrears.
    let t = draw(&app, 80, 24);
    let text = screen(&t);
    let line = line_of(&text, "党费 2026年11月");
    assert!(line.contains("党费 2026年11月 · 2 人未交"), "{text}");
    assert_eq!(colour_of(&t, "党费 2026年11月", "●"), Color::Red);

    app.update(Action::Show(View::Dues));
    let t = draw(&app, 80, 24);
    let text = screen(&t);
    insta::assert_snapshot!("dues_view", text);
    // ✓ green, · yellow, ✗ red; six months behind is flagged, in red.
    assert_eq!(colour_of(&t, "罗丽", "✓"), Color::Green);
    assert_eq!(colour_of(&t, "罗丽", "✗"), Color::Red);
    assert_eq!(colour_of(&t, "李强", "✗"), Color::Red);
    let foot = line_of(&text, "收缴合计");
    assert!(foot.contains(" 100 ") && foot.contains(" 50 "), "{text}");
    app.update(Action::Bottom);
    let text = screen(&draw(&app, 80, 24));
    assert!(
        line_of(&text, "李强 · 每月 20.00").contains("连续6个月未交纳"),
        "{text}"
    );

    // 罗丽: October, then p; the form proposes October to November; a quarter it is.
    app.update(Action::Top);
    app.update(Action::Left);
    app.update(Action::Pay);
    let text = screen(&draw(&app, 80, 24));
    assert!(line_of(&text, "从（年-月）").contains("2026-10"), "{text}");
    assert!(line_of(&text, "至（年-月）").contains("2026-11"), "{text}");
    type_text(&mut app, "2026-12");
    app.update(Action::Save);
    let (message, error) = app.message.clone().expect("a message");
    assert!(!error, "{message}");
    assert_eq!(message, "已登记：罗丽 2026-10 至 2026-12，90.00 元");
    let paid = app
        .data
        .dues_payments
        .iter()
        .find(|p| p.member == "m01" && p.from.to_string() == "2026-10")
        .expect("stored");
    assert_eq!(
        (paid.to.to_string(), paid.amount.to_string()),
        ("2026-12".into(), "90.00".into())
    );
    let paid_id = paid.id.clone();

    // A month already paid is refused in the form, naming it, and nothing is written.
    app.update(Action::Pay);
    app.update(Action::Save);
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("2026-10 已交纳"), "{text}");
    app.update(Action::Back);
    assert_eq!(app.data.dues_payments.len(), 4);

    // 李强: from May (five months left of October) to November, the months behind.
    app.update(Action::Bottom);
    for _ in 0..5 {
        app.update(Action::Left);
    }
    app.update(Action::Pay);
    app.update(Action::Save);
    assert_eq!(
        app.message.clone().unwrap().0,
        "已登记：李强 2026-05 至 2026-11，140.00 元"
    );

    // Back on 本期 the line has gone green.
    app.update(Action::Show(View::Period));
    let t = draw(&app, 80, 24);
    let text = screen(&t);
    assert!(
        line_of(&text, "党费 2026年11月").contains("已交齐"),
        "{text}"
    );
    assert_eq!(colour_of(&t, "党费 2026年11月", "✓"), Color::Green);

    // d on a paid month (October, five right of May) asks, then deletes the payment covering it, leaving a tombstone.
    app.update(Action::Show(View::Dues));
    app.update(Action::Top);
    for _ in 0..5 {
        app.update(Action::Right);
    }
    app.update(Action::Delete);
    let text = screen(&draw(&app, 80, 24));
    assert!(
        text.contains("罗丽 2026-10 至 2026-12 的党费交纳（90.00 元）"),
        "{text}"
    );
    app.update(Action::Answer(true));
    assert_eq!(
        app.message.clone().unwrap().0,
        "已删除 2026-10 至 2026-12 的交纳（90.00 元）"
    );
    assert!(app.data.dues_payments.iter().all(|p| p.id != paid_id));
    let stones = app
        .data
        .db
        .get()
        .unwrap()
        .tombstones(Some("phy-t1"))
        .unwrap();
    assert!(
        stones
            .iter()
            .any(|t| t.kind == dangjian::model::ObjectKind::DuesPayment && t.id == paid_id)
    );
    app.update(Action::Show(View::Period));
    let text = screen(&draw(&app, 80, 24));
    assert!(
        line_of(&text, "党费 2026年11月").contains("1 人未交"),
        "{text}"
    );

    // ] shows next year: 罗丽's December payment is in 2026, nothing yet in 2027.
    app.update(Action::Show(View::Dues));
    app.update(Action::NextPeriod);
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("党费 2027年"), "{text}");
}

#[test]
fn the_day_viewed_is_never_cut_for_the_dues_line() {
    let (_dir, mut app) = app();
    for _ in 0..3 {
        app.update(Action::NextPeriod);
    }
    // At 80 columns the preview's words fill the border: the dues line gives way.
    let text = screen(&draw(&app, 80, 24));
    let border = text.lines().nth(2).unwrap();
    assert!(
        border.contains("预览未来的 2027-02-22：尚无记录，2026年未完成的不在此列"),
        "{text}"
    );
    assert!(!border.contains("党费"), "{text}");
    // At 120 both fit.
    let text = screen(&draw(&app, 120, 40));
    let border = text.lines().nth(2).unwrap();
    assert!(
        border.contains("2026年未完成的不在此列") && border.contains("党费 2027年2月"),
        "{text}"
    );
}
