//! A mark on a checklist item: the one check of what it may hold.

use super::{EntryError, Field, at};
use crate::checklist::{Catalog, Item};
use crate::input::{self, check_date, check_opt};
use crate::model::Mark;
use crate::model::Org;

/// The points a hand score on `item` may reach: only a scored leaf item takes one, and
/// not a bonus or penalty item (its entries carry the points, and scoring would ignore a
/// hand score there).
pub fn hand_score_points(item: &Item) -> Option<f64> {
    item.points
        .filter(|_| item.items.is_empty() && item.kind.is_none())
}

/// A mark's owner and 落实措施 within the limits of SPEC §3: what can be checked before
/// the mark's item is known.
pub fn check_mark_text(owner: &Option<String>, note: &Option<String>) -> Result<(), EntryError> {
    check_opt(input::Field::Owner, owner).map_err(at(Field::Owner))?;
    check_opt(input::Field::Note, note).map_err(at(Field::Note))
}

/// The rules every mark meets, however it got in: its checklist known and in force for
/// `org`, its item known, a hand score only where one counts and within the item's
/// points, its owner and 落实措施 within the limits, its deadline in range.
pub fn check_mark(catalog: &Catalog, org: &Org, m: &Mark) -> Result<(), EntryError> {
    let checklist = super::known_checklist(catalog, &m.checklist)?;
    let Some(item) = catalog.item(&m.checklist, &m.item) else {
        return Err(EntryError::UnknownItem {
            checklist: m.checklist.clone(),
            item: m.item.clone(),
            path: checklist.path.clone(),
        });
    };
    if !catalog.is_in_force(org, &m.checklist) {
        return Err(EntryError::ChecklistNotInForce {
            checklist: m.checklist.clone(),
            org: org.id.clone(),
            in_force: catalog.in_force(org),
        });
    }
    if let Some(value) = m.score {
        let spec = format!("{}:{}", m.checklist, m.item);
        let Some(max) = hand_score_points(item) else {
            return Err(EntryError::NotScored { item: spec });
        };
        if !(value.is_finite() && (0.0..=max).contains(&value)) {
            return Err(EntryError::Score {
                value,
                item: spec,
                max,
            });
        }
    }
    check_mark_text(&m.owner, &m.note)?;
    if let Some(d) = m.deadline {
        check_date(d).map_err(at(Field::Deadline))?;
    }
    Ok(())
}
