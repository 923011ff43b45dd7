//! The Excel workbook (SPEC §7): 任务分解, 义务, 记录, 学时, 党费 and 发展, one row per fact with the
//! org first. Every user text goes through `write_string`, so a topic that begins with
//! `=`, `+`, `-` or `@` stays text and never becomes a formula.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context as _, Result};
use chrono::Datelike;
use rust_xlsxwriter::{Color, Format, Workbook, Worksheet};
use unicode_width::UnicodeWidthStr;

mod development;
mod dues;
mod obligations;
mod records;
mod tasks;

use obligations::obligations;
use records::{records, study_hours};
use tasks::tasks;

use super::Request;
use crate::judge::Judged;
use crate::lang::Lang;
use crate::model::Org;
use crate::report::number;
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
    let people = crate::judge::development::pipeline(store, catalog, req.cal, &orgs, today)?;
    let mut sheet = development::sheet(catalog, &orgs, &people, lang);
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
