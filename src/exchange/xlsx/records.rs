//! 记录 and 学时: the records in the CSV export's columns, and each member's records and
//! hours this year for every per-member obligation.

use chrono::{Datelike, NaiveDate};

use super::{Cell, Sheet, text};
use crate::checklist::{Catalog, Per};
use crate::judge::Judged;
use crate::lang::Lang;
use crate::report::hours;
use crate::status::Status;
use crate::store::Contents;

/// 记录: the records, in the columns of the CSV export.
pub(super) fn records(name: &'static str, catalog: &Catalog, c: &Contents, lang: Lang) -> Sheet {
    let rows = crate::exchange::csv::record_rows(catalog, c, lang)
        .into_iter()
        .map(|row| {
            row.into_iter()
                .enumerate()
                .map(|(i, s)| match (i, s.parse::<f64>()) {
                    (5, Ok(h)) => Cell::Number(h),
                    _ => text(s),
                })
                .collect()
        })
        .collect();
    Sheet {
        name,
        header: crate::exchange::csv::header(lang).to_vec(),
        rows,
    }
}

/// 学时: each member's records and hours this year for every per-member obligation.
pub(super) fn study_hours(
    name: &'static str,
    catalog: &Catalog,
    c: &Contents,
    judged: &[Judged],
    today: NaiveDate,
    lang: Lang,
) -> Sheet {
    let header = match lang {
        Lang::Zh => vec![
            "组织",
            "党员",
            "义务",
            "年度",
            "次数",
            "学时",
            "要求",
            "党员编号",
        ],
        Lang::En => vec![
            "org",
            "member",
            "obligation",
            "year",
            "records",
            "hours",
            "required",
            "member id",
        ],
    };
    let start = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("Jan 1 exists");
    let mut rows = Vec::new();
    for j in judged {
        let org = &j.org;
        let members: Vec<_> = c
            .members
            .iter()
            .filter(|m| m.org == org.id && m.in_scope(start, today))
            .collect();
        let records: Vec<_> = c
            .records
            .iter()
            .filter(|r| r.org == org.id && r.date >= start && r.date <= today)
            .collect();
        for o in &j.status.obligations {
            let ob = &catalog.obligations[o.obligation];
            if ob.per != Per::Member || o.current.status == Status::NotApplicable {
                continue;
            }
            let required = match ob.hours {
                Some(h) => format!("{} {}", hours(h), lang.pick("学时", "h")),
                None => format!("{} {}", ob.count, lang.pick("次", "times")),
            };
            for m in members
                .iter()
                .filter(|m| ob.tag.as_ref().is_none_or(|t| m.has_tag(t)))
                .filter(|m| crate::stages::in_stage_scope(m, &ob.stages, start, today, today))
            {
                let attended: Vec<_> = records
                    .iter()
                    .filter(|r| r.obligations.contains(&ob.id))
                    .filter(|r| match &r.attendees {
                        Some(a) => a.contains(&m.id),
                        None => m.expected_on(r.date),
                    })
                    .collect();
                let total: f64 = attended.iter().filter_map(|r| r.hours).sum::<f64>() + 0.0;
                rows.push(vec![
                    text(org.name.clone()),
                    text(m.name.clone()),
                    text(ob.title.clone()),
                    Cell::Number(today.year() as f64),
                    Cell::Number(attended.len() as f64),
                    Cell::Number(total),
                    text(required.clone()),
                    text(m.id.clone()),
                ]);
            }
        }
    }
    Sheet { name, header, rows }
}
