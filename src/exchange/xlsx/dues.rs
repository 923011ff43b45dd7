//! 党费: the 党费 view's shape in a sheet — a row per member with the amount each month
//! brought (arrears marked red, this month's unpaid yellow), what they paid and still owe
//! in the year, and 连续6个月未交纳; then a row per org with each month's total.

use super::{Cell, Sheet, text};
use crate::dues::{Month, MonthStatus};
use crate::judge::dues::OrgDuesOf;
use crate::lang::Lang;
use crate::messages::dues::{flag_words, status_word};
use crate::report::dues::remark;
use crate::status::Status;

/// The sheet's name.
pub fn sheet_name(lang: Lang) -> &'static str {
    lang.pick("党费", "Dues")
}

const MONTHS_ZH: [&str; 12] = [
    "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Columns: org, member id, name, monthly, the twelve months, paid, owed, remark.
pub fn header(lang: Lang) -> Vec<&'static str> {
    let mut h = match lang {
        Lang::Zh => vec!["组织", "党员编号", "姓名", "月交纳额"],
        Lang::En => vec!["org", "member id", "name", "monthly"],
    };
    h.extend(match lang {
        Lang::Zh => MONTHS_ZH,
        Lang::En => MONTHS_EN,
    });
    h.extend(match lang {
        Lang::Zh => ["已交合计", "未交", "备注"],
        Lang::En => ["paid", "owed", "remark"],
    });
    h
}

/// The rows of `orgs`' dues: each member, then the org's totals.
pub fn sheet(orgs: &[OrgDuesOf], lang: Lang) -> Sheet {
    let yuan = |x: crate::dues::Fen| Cell::Number(x.as_yuan_number());
    let mut rows = Vec::new();
    for o in orgs {
        let year = o.dues.year;
        for m in &o.dues.members {
            let mut row = vec![
                text(o.org.name.clone()),
                text(m.id.clone()),
                text(m.name.clone()),
                m.monthly.map_or(Cell::Empty, yuan),
            ];
            row.extend(Month::year(year).map(|month| {
                let owed = m.amounts.get(&month).copied().unwrap_or_default();
                match m.months.get(&month) {
                    Some(MonthStatus::Paid) => {
                        m.shares.get(&month).copied().map_or(Cell::Empty, yuan)
                    }
                    Some(MonthStatus::Arrears) => Cell::Status(
                        Status::Overdue,
                        format!("✗ {} {owed}", status_word(MonthStatus::Arrears, lang)),
                    ),
                    Some(MonthStatus::Due) => Cell::Status(
                        Status::DueSoon,
                        format!("· {}", status_word(MonthStatus::Due, lang)),
                    ),
                    Some(MonthStatus::Exempt) => Cell::Status(
                        Status::NotApplicable,
                        status_word(MonthStatus::Exempt, lang).to_string(),
                    ),
                    Some(MonthStatus::None) | None => Cell::Empty,
                }
            }));
            let note = remark(m, lang);
            row.extend([
                yuan(m.paid),
                yuan(m.owed),
                if m.flagged() {
                    Cell::Status(Status::Overdue, flag_words(lang).to_string())
                } else {
                    text(note)
                },
            ]);
            rows.push(row);
        }
        let mut total = vec![
            text(o.org.name.clone()),
            Cell::Empty,
            text(lang.pick("收缴合计", "collected")),
            Cell::Empty,
        ];
        total.extend(o.dues.collected.values().map(|x| yuan(*x)));
        let owed = o.dues.members.iter().map(|m| m.owed).sum();
        total.extend([yuan(o.dues.collected_total()), yuan(owed), Cell::Empty]);
        rows.push(total);
    }
    Sheet {
        name: sheet_name(lang),
        header: header(lang),
        rows,
    }
}
