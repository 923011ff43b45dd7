//! The CSV export (SPEC §7): one row per record, UTF-8 with a byte-order mark so that
//! Excel shows the Chinese, headers in the user's language.

use std::collections::HashMap;
use std::io::Write;

use anyhow::Result;

use crate::checklist::Catalog;
use crate::lang::Lang;
use crate::model::Member;
use crate::report::hours;
use crate::store::Contents;

pub fn header(lang: Lang) -> [&'static str; 13] {
    match lang {
        Lang::Zh => [
            "组织",
            "日期",
            "义务",
            "补开周期",
            "主题",
            "学时",
            "参加人员",
            "缺席人员",
            "请假人员",
            "地点",
            "主讲人",
            "备注",
            "编号",
        ],
        Lang::En => [
            "org",
            "date",
            "obligations",
            "for_period",
            "topic",
            "hours",
            "attendees",
            "absentees",
            "on_leave",
            "location",
            "speaker",
            "note",
            "id",
        ],
    }
}

/// The record rows, by org, date and id: the cells CSV and the xlsx 记录 sheet share.
pub fn record_rows(catalog: &Catalog, c: &Contents, lang: Lang) -> Vec<[String; 13]> {
    let names: HashMap<&str, &str> = c
        .orgs
        .iter()
        .map(|o| (o.id.as_str(), o.name.as_str()))
        .collect();
    let mut members: HashMap<&str, Vec<Member>> = HashMap::new();
    for m in &c.members {
        members.entry(m.org.as_str()).or_default().push(m.clone());
    }
    let mut records: Vec<_> = c.records.iter().collect();
    records.sort_by(|a, b| (&a.org, a.date, &a.id).cmp(&(&b.org, b.date, &b.id)));
    let none = Vec::new();
    records
        .into_iter()
        .map(|r| {
            let ms = members.get(r.org.as_str()).unwrap_or(&none);
            let name = |id: &String| {
                ms.iter()
                    .find(|m| &m.id == id)
                    .map_or(id.clone(), |m| m.name.clone())
            };
            let attendees = match &r.attendees {
                None => lang.pick("全体", "all").to_string(),
                Some(a) => a.iter().map(name).collect::<Vec<_>>().join("、"),
            };
            let absentees: Vec<&str> = r.absentees(ms).iter().map(|m| m.name.as_str()).collect();
            let on_leave: Vec<&str> = r.on_leave(ms).iter().map(|m| m.name.as_str()).collect();
            let titles: Vec<&str> = r.obligations.iter().map(|o| catalog.title(o)).collect();
            [
                names
                    .get(r.org.as_str())
                    .map_or(r.org.clone(), |n| n.to_string()),
                r.date.to_string(),
                titles.join("、"),
                r.for_period.clone().unwrap_or_default(),
                r.topic.clone().unwrap_or_default(),
                r.hours.map(hours).unwrap_or_default(),
                attendees,
                absentees.join("、"),
                on_leave.join("、"),
                r.location.clone().unwrap_or_default(),
                r.speaker.clone().unwrap_or_default(),
                r.note.clone().unwrap_or_default(),
                r.id.clone(),
            ]
        })
        .collect()
}

/// Writes the CSV, one org at a time (by org id, then date).
pub fn write(
    out: &mut dyn Write,
    store: &dyn crate::store::Storage,
    req: &super::Request,
) -> Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header(req.lang))?;
    // One row per record: no payment is written.
    let all = store.contents_without_records(req.org, crate::store::Payments::Left)?;
    for org in super::sorted(all.orgs.clone()) {
        let part = super::org_part(store, &all, &org)?;
        for row in record_rows(req.catalog, &part, req.lang) {
            let cells: Vec<_> = row.iter().map(|cell| inert(cell)).collect();
            w.write_record(cells.iter().map(|c| c.as_bytes()))?;
        }
    }
    w.flush()?;
    Ok(())
}

/// A cell a spreadsheet will not run: text that begins with `=`, `+`, `-`, `@`, TAB or CR
/// gets a leading `'` (OWASP's advice against formula injection).
pub fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn formula_cells_get_a_quote_and_others_stay() {
        for cell in ["=cmd|' /C calc'!A0", "-2+3", "+1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(inert(cell), format!("'{cell}"));
        }
        for cell in ["主题党日", "2026-11-02", "1.5", "a=b", ""] {
            assert_eq!(inert(cell), cell);
        }
    }
}
