//! The Excel workbook (SPEC §7): 任务分解, 义务, 记录, 学时 and 党费, one row per fact with the
//! org first. Every user text goes through `write_string`, so a topic that begins with
//! `=`, `+`, `-` or `@` stays text and never becomes a formula.

mod dues;

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context as _, Result};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, Format, Workbook, Worksheet};
use unicode_width::UnicodeWidthStr;

use super::Request;
use crate::checklist::{Catalog, Item, Per};
use crate::judge::Judged;
use crate::lang::Lang;
use crate::model::{AppliesTo, Org};
use crate::report::{hours, number, progress};
use crate::status::Status;
use crate::store::{Contents, Storage};

/// A cell as written: text stays text, numbers are numbers.
#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Number(f64),
    Status(Status, String),
    Empty,
}

struct Sheet {
    name: &'static str,
    header: Vec<&'static str>,
    rows: Vec<Vec<Cell>>,
}

/// The sheet names, in the user's language.
pub fn sheet_names(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::Zh => ["任务分解", "义务", "记录", "学时"],
        Lang::En => ["Tasks", "Obligations", "Records", "Study hours"],
    }
}

pub fn write(
    path: &Path,
    store: &dyn Storage,
    req: &Request,
    contents: &Contents,
    judged: &[Judged],
) -> Result<()> {
    let (catalog, lang, today) = (req.catalog, req.lang, req.today);
    let names = sheet_names(lang);
    let one = std::slice::from_ref;
    let mut book = Workbook::new();
    // One org at a time, so that memory holds one org's rows, not the whole workbook's.
    let mut w = SheetWriter::new(&mut book, tasks(names[0], catalog, contents, &[], lang))?;
    for j in judged {
        w.push_all(tasks(names[0], catalog, contents, one(j), lang).rows)?;
    }
    w.finish()?;
    let mut w = SheetWriter::new(&mut book, obligations(names[1], catalog, &[], lang))?;
    for j in judged {
        w.push_all(obligations(names[1], catalog, one(j), lang).rows)?;
    }
    w.finish()?;
    let mut w = SheetWriter::new(
        &mut book,
        records(names[2], catalog, &Contents::default(), lang),
    )?;
    for j in judged {
        let part = super::org_part(store, contents, &j.org)?;
        w.push_all(records(names[2], catalog, &part, lang).rows)?;
    }
    w.finish()?;
    let empty = Contents::default();
    let mut w = SheetWriter::new(
        &mut book,
        study_hours(names[3], catalog, &empty, &[], today, lang),
    )?;
    for j in judged {
        let part = super::org_part(store, contents, &j.org)?;
        w.push_all(study_hours(names[3], catalog, &part, one(j), today, lang).rows)?;
    }
    w.finish()?;
    let orgs: Vec<Org> = judged.iter().map(|j| j.org.clone()).collect();
    let dues = crate::judge::dues::dues_of(store, &orgs, today.year(), today)?;
    let mut sheet = dues::sheet(&dues, lang);
    let rows = std::mem::take(&mut sheet.rows);
    let mut w = SheetWriter::new(&mut book, sheet)?;
    w.push_all(rows)?;
    w.finish()?;
    book.save(path)
        .with_context(|| format!("{}", path.display()))?;
    Ok(())
}

/// Writes one sheet row by row, keeping the widest text of each column for its width.
struct SheetWriter<'b> {
    ws: &'b mut Worksheet,
    row: u32,
    widths: Vec<usize>,
    styles: HashMap<Status, Format>,
}

impl<'b> SheetWriter<'b> {
    fn new(book: &'b mut Workbook, sheet: Sheet) -> Result<SheetWriter<'b>> {
        let ws = book.add_worksheet_with_constant_memory();
        ws.set_name(sheet.name)?;
        ws.set_freeze_panes(1, 0)?;
        let bold = Format::new().set_bold();
        for (col, h) in sheet.header.iter().enumerate() {
            ws.write_string_with_format(0, col as u16, *h, &bold)?;
        }
        let styles = [
            Status::Overdue,
            Status::DueSoon,
            Status::Done,
            Status::DoneLate,
            Status::NotApplicable,
        ]
        .into_iter()
        .map(|s| (s, status_format(s)))
        .collect();
        Ok(SheetWriter {
            ws,
            row: 1,
            widths: sheet.header.iter().map(|h| h.width()).collect(),
            styles,
        })
    }

    fn push_all(&mut self, rows: Vec<Vec<Cell>>) -> Result<()> {
        for row in rows {
            self.push(&row)?;
        }
        Ok(())
    }

    fn push(&mut self, row: &[Cell]) -> Result<()> {
        let r = self.row;
        for (c, cell) in row.iter().enumerate() {
            // Widths from the display width of the text: a Chinese character takes two columns.
            let width = match cell {
                Cell::Text(s) | Cell::Status(_, s) => {
                    s.lines().map(|l| l.width()).max().unwrap_or(0)
                }
                Cell::Number(x) => number(*x).len(),
                Cell::Empty => 0,
            };
            if let Some(w) = self.widths.get_mut(c) {
                *w = (*w).max(width);
            }
            let c = c as u16;
            match cell {
                Cell::Text(s) => {
                    self.ws.write_string(r, c, s)?;
                }
                Cell::Number(x) => {
                    self.ws.write_number(r, c, *x)?;
                }
                Cell::Status(s, text) => match self.styles.get(s) {
                    Some(f) => {
                        self.ws.write_string_with_format(r, c, text, f)?;
                    }
                    None => {
                        self.ws.write_string(r, c, text)?;
                    }
                },
                Cell::Empty => {}
            }
        }
        self.row += 1;
        Ok(())
    }

    fn finish(self) -> Result<()> {
        for (col, w) in self.widths.iter().enumerate() {
            self.ws
                .set_column_width(col as u16, (*w).clamp(4, 60) as f64 + 2.0)?;
        }
        Ok(())
    }
}

/// The UI's colours (red, yellow, green, grey) as Excel's own good/neutral/bad fills.
fn status_format(s: Status) -> Format {
    let (font, fill) = match s {
        Status::Overdue => (0x9C0006, Some(0xFFC7CE)),
        Status::DueSoon => (0x9C5700, Some(0xFFEB9C)),
        Status::Done | Status::DoneLate => (0x006100, Some(0xC6EFCE)),
        Status::NotApplicable => (0x808080, None),
        Status::Pending => (0x000000, None),
    };
    let f = Format::new().set_font_color(Color::RGB(font));
    match fill {
        Some(fill) => f.set_background_color(Color::RGB(fill)),
        None => f,
    }
}

fn text(s: impl Into<String>) -> Cell {
    let s = s.into();
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s)
    }
}

fn opt_text(s: Option<&String>) -> Cell {
    s.map_or(Cell::Empty, |s| text(s.clone()))
}

/// 任务分解: every leaf item that concerns the org, in the columns of the guides' tables.
fn tasks(
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
pub fn leaves_of<'a>(
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

/// 义务: each obligation's current period and the periods missed this year.
fn obligations(name: &'static str, catalog: &Catalog, judged: &[Judged], lang: Lang) -> Sheet {
    let header = match lang {
        Lang::Zh => vec![
            "组织",
            "义务",
            "周期",
            "开始",
            "结束",
            "截止",
            "状态",
            "进度",
            "说明",
            "清单",
            "条目",
            "义务编号",
            "组织编号",
        ],
        Lang::En => vec![
            "org",
            "obligation",
            "period",
            "start",
            "end",
            "due",
            "status",
            "progress",
            "note",
            "checklist",
            "item",
            "obligation id",
            "org id",
        ],
    };
    let mut rows = Vec::new();
    for j in judged {
        for o in &j.status.obligations {
            let ob = &catalog.obligations[o.obligation];
            let current = o
                .exempt
                .clone()
                .unwrap_or_else(|| lang.pick("本期", "current").to_string());
            let periods = std::iter::once((&o.current, current)).chain(
                o.missed
                    .iter()
                    .map(|p| (p, lang.pick("往期未完成", "missed").to_string())),
            );
            for (p, note) in periods {
                rows.push(vec![
                    text(j.org.name.clone()),
                    text(ob.title.clone()),
                    text(p.period.label.clone()),
                    text(p.period.start.to_string()),
                    text(p.period.end.to_string()),
                    text(p.due.to_string()),
                    Cell::Status(p.status, lang.status(p.status).to_string()),
                    text(progress(p, lang)),
                    text(note),
                    text(ob.checklist.clone()),
                    text(ob.item.clone()),
                    text(ob.id.clone()),
                    text(j.org.id.clone()),
                ]);
            }
        }
    }
    Sheet { name, header, rows }
}

/// 记录: the records, in the columns of the CSV export.
fn records(name: &'static str, catalog: &Catalog, c: &Contents, lang: Lang) -> Sheet {
    let rows = super::csv::record_rows(catalog, c, lang)
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
        header: super::csv::header(lang).to_vec(),
        rows,
    }
}

/// 学时: each member's records and hours this year for every per-member obligation.
fn study_hours(
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
