//! 任务分解: every leaf item that concerns an org, in the columns of the guides' tables,
//! with the worst status of its obligations, its points and its score.

use super::{Cell, Sheet, opt_text, text};
use crate::checklist::{Catalog, Item};
use crate::judge::Judged;
use crate::lang::Lang;
use crate::model::{AppliesTo, Org};
use crate::status::Status;
use crate::store::Contents;

/// 任务分解: every leaf item that concerns the org, in the columns of the guides' tables.
pub(super) fn tasks(
    name: &'static str,
    catalog: &Catalog,
    c: &Contents,
    judged: &[Judged],
    lang: Lang,
) -> Sheet {
    let header = match lang {
        Lang::Zh => vec![
            "组织",
            "清单",
            "编号",
            "一级指标",
            "二级指标",
            "指标内容",
            "观测重点",
            "责任部门",
            "落实措施",
            "完成时限",
            "状态",
            "分值",
            "得分",
        ],
        Lang::En => vec![
            "org",
            "checklist",
            "item",
            "level 1",
            "level 2",
            "content",
            "focus",
            "owners",
            "measures",
            "deadline",
            "status",
            "points",
            "score",
        ],
    };
    let mut rows = Vec::new();
    for j in judged {
        let org = &j.org;
        let marks: Vec<_> = c.marks.iter().filter(|m| m.org == org.id).collect();
        for list in &catalog.checklists {
            if !catalog.is_in_force(org, &list.id) || !applies(list.applies_to.as_ref(), org) {
                continue;
            }
            let score = j.scores.iter().find(|s| s.checklist == list.id);
            let mut leaves = Vec::new();
            leaves_of(
                &list.items,
                org,
                list.applies_to.as_ref(),
                &mut Vec::new(),
                &mut leaves,
            );
            for (path, item) in leaves {
                let mark = marks
                    .iter()
                    .find(|m| m.checklist == list.id && m.item == item.id);
                let level = |n: usize| {
                    path.get(n)
                        .filter(|_| path.len() > n + 1)
                        .map(|i: &&Item| i.label().to_string())
                };
                let status = worst(catalog, j, &list.id, item);
                let status_cell = match (status, mark) {
                    (Some(s), _) => Cell::Status(s, lang.status(s).to_string()),
                    (None, Some(m)) => text(lang.mark_state(m.state)),
                    (None, None) => Cell::Empty,
                };
                let owners = mark
                    .and_then(|m| m.owner.clone())
                    .unwrap_or_else(|| item.owners.join("、"));
                let item_score = score
                    .and_then(|s| s.items.iter().find(|i| i.item == item.id))
                    .and_then(|i| i.score);
                rows.push(vec![
                    text(org.name.clone()),
                    text(list.id.clone()),
                    text(item.id.clone()),
                    level(0).map_or(Cell::Empty, text),
                    level(1).map_or(Cell::Empty, text),
                    text(item.text.clone().or(item.title.clone()).unwrap_or_default()),
                    opt_text(item.focus.as_ref()),
                    text(owners),
                    opt_text(mark.and_then(|m| m.note.as_ref())),
                    mark.and_then(|m| m.deadline)
                        .map_or(Cell::Empty, |d| text(d.to_string())),
                    status_cell,
                    item.points.map_or(Cell::Empty, Cell::Number),
                    item_score.map_or(Cell::Empty, Cell::Number),
                ]);
            }
        }
    }
    Sheet { name, header, rows }
}

/// Whether `applies_to` (none: every kind) takes in the org's kind.
fn applies(applies_to: Option<&Vec<AppliesTo>>, org: &Org) -> bool {
    applies_to.is_none_or(|a| a.is_empty() || a.iter().any(|k| k.matches(org.kind)))
}

/// The leaf items that concern `org`, each with the items above it (itself last).
fn leaves_of<'a>(
    items: &'a [Item],
    org: &Org,
    inherited: Option<&'a Vec<AppliesTo>>,
    path: &mut Vec<&'a Item>,
    out: &mut Vec<(Vec<&'a Item>, &'a Item)>,
) {
    for item in items {
        let scope = item.applies_to.as_ref().or(inherited);
        if !applies(scope, org) {
            continue;
        }
        path.push(item);
        if item.items.is_empty() {
            out.push((path.clone(), item));
        } else {
            leaves_of(&item.items, org, scope, path, out);
        }
        path.pop();
    }
}

/// The worst status among the item's obligations (a missed period counts as overdue);
/// `None` for an item with no obligation judged.
fn worst(catalog: &Catalog, j: &Judged, checklist: &str, item: &Item) -> Option<Status> {
    let judged: Vec<Status> = j
        .status
        .obligations
        .iter()
        .filter(|o| {
            let ob = &catalog.obligations[o.obligation];
            ob.checklist == checklist && item.obligations.iter().any(|s| s.id == ob.id)
        })
        .map(|o| {
            if o.missed.is_empty() {
                o.current.status
            } else {
                Status::Overdue
            }
        })
        .collect();
    let applicable = judged
        .iter()
        .copied()
        .filter(|s| *s != Status::NotApplicable)
        .min();
    applicable.or(judged.first().copied())
}
