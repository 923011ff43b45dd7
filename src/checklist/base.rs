//! Checklists built on another (`base:`): a school that implements a standard with its own
//! 责任部门 reuses the standard's items and replaces their `owners`, then adds its own.

use std::collections::HashSet;

use super::validate::FileCheck;
use super::{Checklist, Item, Problem};

/// Gives every checklist with a `base` the base's items (owners replaced as it says)
/// followed by its own, reporting an unknown base, a base that has one itself, an owner
/// override naming no item of the base, and an own item reusing a base item's id.
pub(super) fn resolve(parsed: Vec<(usize, Checklist)>, files: &mut [FileCheck]) -> Vec<Checklist> {
    let bases: Vec<Option<Vec<Item>>> = parsed
        .iter()
        .map(|(file, c)| {
            let check = &mut files[*file];
            let Some(base_id) = c.base.as_deref() else {
                if !c.owners.is_empty() {
                    let at = check.locator.top_level("owners");
                    check.error(at, Problem::OwnersWithoutBase);
                }
                return None;
            };
            let at = check.locator.top_level("base");
            let known = || {
                parsed
                    .iter()
                    .filter(|(_, b)| b.base.is_none() && b.id != c.id)
                    .map(|(_, b)| b.id.clone())
                    .collect::<Vec<_>>()
            };
            let Some((_, base)) = parsed.iter().find(|(_, b)| b.id == base_id) else {
                check.error(
                    at,
                    Problem::BaseUnknown {
                        base: base_id.to_string(),
                        known: known(),
                    },
                );
                return None;
            };
            if base.base.is_some() || base.id == c.id {
                check.error(
                    at,
                    Problem::BaseNested {
                        base: base_id.to_string(),
                        known: known(),
                    },
                );
                return None;
            }
            let mut items = base.items.clone();
            let mut ids = HashSet::new();
            collect_ids(&items, &mut ids);
            for (item, owners) in &c.owners {
                match find_mut(&mut items, item) {
                    Some(found) => found.owners = owners.clone(),
                    None => {
                        let at = check
                            .locator
                            .key(item)
                            .or(check.locator.top_level("owners"));
                        check.error(
                            at,
                            Problem::OwnersUnknownItem {
                                item: item.clone(),
                                base: base_id.to_string(),
                            },
                        );
                    }
                }
            }
            let mut own = HashSet::new();
            collect_ids(&c.items, &mut own);
            for id in own.intersection(&ids) {
                let at = check.locator.value("id", id, 0);
                check.error(
                    at,
                    Problem::ItemInBase {
                        id: id.clone(),
                        base: base_id.to_string(),
                    },
                );
            }
            Some(items)
        })
        .collect();
    parsed
        .into_iter()
        .zip(bases)
        .map(|((_, mut c), base)| {
            if let Some(mut items) = base {
                items.append(&mut c.items);
                c.items = items;
            }
            c
        })
        .collect()
}

fn collect_ids(items: &[Item], ids: &mut HashSet<String>) {
    for i in items {
        ids.insert(i.id.clone());
        collect_ids(&i.items, ids);
    }
}

fn find_mut<'a>(items: &'a mut [Item], id: &str) -> Option<&'a mut Item> {
    for i in items {
        if i.id == id {
            return Some(i);
        }
        if let Some(found) = find_mut(&mut i.items, id) {
            return Some(found);
        }
    }
    None
}
