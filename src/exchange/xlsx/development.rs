//! 发展: everyone on the path into the party, overdue first — org, stage, since when, the
//! next stage and its earliest day, the steps overdue (red) and the others owed.

use super::{Cell, Sheet, text};
use crate::checklist::Catalog;
use crate::lang::Lang;
use crate::model::Org;
use crate::stages::development::Person;
use crate::status::Status;

/// The sheet's name.
pub fn sheet_name(lang: Lang) -> &'static str {
    lang.pick("发展", "Development")
}

/// Columns: org, member id, name, stage, since, next stage, its earliest day, the steps
/// overdue, the other steps owed.
pub fn header(lang: Lang) -> Vec<&'static str> {
    match lang {
        Lang::Zh => vec![
            "组织",
            "编号",
            "姓名",
            "阶段",
            "起始日期",
            "下一阶段",
            "最早日期",
            "逾期事项",
            "其他事项",
        ],
        Lang::En => vec![
            "org",
            "id",
            "name",
            "stage",
            "since",
            "next stage",
            "earliest",
            "overdue",
            "other steps",
        ],
    }
}

/// A row per person of `people` (in their order), the org by its name in `orgs`.
pub fn sheet(catalog: &Catalog, orgs: &[Org], people: &[Person], lang: Lang) -> Sheet {
    let org_name = |id: &str| {
        orgs.iter()
            .find(|o| o.id == id)
            .map_or(id.to_string(), |o| o.name.clone())
    };
    let rows = people
        .iter()
        .map(|p| {
            let steps = |overdue: bool| {
                p.obligations
                    .iter()
                    .filter(|(_, _, s)| (*s == Status::Overdue) == overdue)
                    .map(|(id, due, s)| format!("{} {due} {}", catalog.title(id), lang.status(*s)))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let late = steps(true);
            let (next, earliest) = match p.next {
                Some((stage, day)) => (
                    text(lang.stage(stage)),
                    day.map_or(Cell::Empty, |d| text(d.to_string())),
                ),
                None => (Cell::Empty, Cell::Empty),
            };
            vec![
                text(org_name(&p.org)),
                text(p.id.clone()),
                text(p.name.clone()),
                text(lang.stage(p.stage)),
                p.since.map_or(Cell::Empty, |d| text(d.to_string())),
                next,
                earliest,
                if late.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Status(Status::Overdue, late)
                },
                text(steps(false)),
            ]
        })
        .collect();
    Sheet {
        name: sheet_name(lang),
        header: header(lang),
        rows,
    }
}
