//! Per-member amounts (学习强国 积分) typed in the record form's attendance list, on the
//! hand-built fixture: saved on the record, shown again when it is edited, and a number
//! that `--amount` would refuse is refused here with the same words.

use dangjian::lang::Lang;
use dangjian::tui::action::{Action, View};
use dangjian::tui::app::{App, Mode};
use dangjian::tui::form::Slot;
use dangjian::tui::input::Edit;

use super::fixture;
use super::{draw, screen};

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Type(Edit::Char(c)));
    }
}

fn form(app: &App) -> &dangjian::tui::form::RecordForm {
    match &app.mode {
        Mode::Record(form) => form,
        _ => panic!("the record form is open"),
    }
}

/// Opens the form on the 学习强国 obligation with the attendance list focused.
fn open_on_points(app: &mut App) {
    app.update(Action::Add);
    type_text(app, "学习强国");
    for _ in 0..8 {
        if form(app).focus == Slot::Attendance {
            break;
        }
        app.update(Action::NextField);
    }
    assert_eq!(
        form(app).obligation.as_deref(),
        Some("ideology-xuexi-points")
    );
    assert_eq!(form(app).focus, Slot::Attendance);
}

#[test]
fn the_attendance_list_takes_each_members_amount() {
    let (_dir, mut app) = fixture::branch(Lang::Zh);
    open_on_points(&mut app);
    let before = app.data.db.get().unwrap().records("phy-t1").unwrap().len();
    // m01 5230, m02 4800 (Space still marks m03 absent, and moves on), m04 not a number.
    type_text(&mut app, "5230");
    app.update(Action::Down);
    type_text(&mut app, "4800");
    app.update(Action::Down);
    app.update(Action::Type(Edit::Char(' ')));
    type_text(&mut app, "lots");
    let text = screen(&draw(&app, 80, 24));
    assert!(text.contains("出席 · 积分"), "{text}");
    assert!(text.contains("5230") && text.contains("4800"), "{text}");
    app.update(Action::Save);
    let refused = form(&app).error.clone().expect("a refusal");
    assert_eq!(refused.0, Slot::Attendance);
    assert!(refused.1.contains("\"m04=lots\""), "{}", refused.1);
    assert_eq!(
        app.data.db.get().unwrap().records("phy-t1").unwrap().len(),
        before,
        "nothing written"
    );
    // What was typed is kept: correct m04 and save.
    app.update(Action::Type(Edit::Clear));
    type_text(&mut app, "6100.5");
    app.update(Action::Save);
    assert!(matches!(app.mode, Mode::Normal), "saved and closed");
    let stored = app.data.db.get().unwrap().records("phy-t1").unwrap();
    let r = stored
        .iter()
        .find(|r| r.obligations.contains(&"ideology-xuexi-points".to_string()))
        .unwrap();
    let amounts: Vec<(&str, f64)> = r.amounts.iter().map(|(m, x)| (m.as_str(), *x)).collect();
    assert_eq!(amounts, [("m01", 5230.0), ("m02", 4800.0), ("m04", 6100.5)]);
    let present = r.attendees.as_ref().unwrap();
    assert_eq!(present, &["m01", "m02", "m04"]);
    // Editing the record shows its amounts again and keeps them.
    let id = r.id.clone();
    app.update(Action::Show(View::Records));
    let rows = dangjian::tui::app::rows::filtered_records(&app);
    app.views.records.cursor = rows.iter().position(|r| r.id == id).unwrap();
    app.update(Action::Edit);
    assert_eq!(form(&app).amount_of("m02"), "4800");
    app.update(Action::Save);
    let stored = app.data.db.get().unwrap().records("phy-t1").unwrap();
    let again = stored.iter().find(|r| r.id == id).unwrap();
    assert_eq!(again.amounts.len(), 3, "{again:?}");
}
