//! Export and import (SPEC §7): how secretaries hand their records to the organizer, how
//! an office gets its Excel table and a phone its calendar, and the daily backups.
//! One file per format; [`json::Export`] is the one serialized shape of the data.

pub mod backup;
pub mod csv;
pub mod ics;
pub mod import;
pub mod json;
pub mod output;
pub mod roster;
pub mod xlsx;

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use chrono::NaiveDate;

use crate::checklist::Catalog;
use crate::judge::{Judge, Judged};
use crate::lang::Lang;
use crate::model::Org;
use crate::period::Calendar;
use crate::store::{Contents, Storage};

/// The formats `export` writes (`--as`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    Xlsx,
    Ics,
}

impl ExportFormat {
    /// The format a file name asks for by its extension.
    pub fn from_path(path: &Path) -> Option<ExportFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(ExportFormat::Json),
            "csv" => Some(ExportFormat::Csv),
            "xlsx" => Some(ExportFormat::Xlsx),
            "ics" | "ical" | "ifb" | "icalendar" => Some(ExportFormat::Ics),
            _ => None,
        }
    }
}

/// What an export is of and as of when.
pub struct Request<'a> {
    pub catalog: &'a Catalog,
    pub cal: &'a Calendar,
    /// One org, or every org.
    pub org: Option<&'a str>,
    pub today: NaiveDate,
    /// `exported_at`, and the ICS `DTSTAMP`.
    pub stamp: &'a str,
    pub lang: Lang,
}

/// Every org of `orgs` judged and scored on the export's day.
fn judge(store: &dyn Storage, req: &Request, orgs: &[Org]) -> Result<Vec<Judged>> {
    Judge::new(req.catalog, req.cal, req.today).every(store, orgs)
}

/// Writes a text export (JSON, CSV, ICS) to `out`.
pub fn write(
    store: &dyn Storage,
    req: &Request,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        ExportFormat::Json => json::write_store(store, req.org, req.stamp, out)?,
        ExportFormat::Csv => csv::write(out, store, req)?,
        ExportFormat::Ics => {
            let orgs = store
                .contents_without_records(req.org, crate::store::Payments::Left)?
                .orgs;
            let judged = judge(store, req, &sorted(orgs))?;
            let events = ics::events(req.catalog, req.cal, &judged, req.today, req.lang);
            ics::write(out, &events, req.stamp)?;
        }
        ExportFormat::Xlsx => anyhow::bail!(req.lang.pick(
            "Excel 工作簿只能写入文件：请加 --output 文件名.xlsx",
            "an Excel workbook can only be written to a file: add --output NAME.xlsx"
        )),
    }
    Ok(())
}

/// Writes an export to `path`, whole or not at all ([`output::write_whole`]), as a file
/// of `mode`, its temporary file entered in the journal of the data folder `data` (none
/// on a server). Where it may go is checked first ([`output::check`]).
pub fn write_file(
    store: &dyn Storage,
    req: &Request,
    format: ExportFormat,
    path: &Path,
    mode: u32,
    data: Option<&Path>,
) -> Result<()> {
    output::write_whole(path, mode, data, |file, tmp| {
        match format {
            ExportFormat::Xlsx => {
                let mut contents =
                    store.contents_without_records(req.org, crate::store::Payments::Read)?;
                contents.orgs = sorted(std::mem::take(&mut contents.orgs));
                let judged = judge(store, req, &contents.orgs)?;
                xlsx::write(tmp, store, req, &contents, &judged)?;
            }
            _ => {
                let mut w = std::io::BufWriter::new(file);
                write(store, req, format, &mut w)?;
                w.flush()?;
            }
        }
        Ok(())
    })
}

/// The part of `all` (members, marks) that belongs to `org`, with `org`'s records read
/// from the store: what the per-org rows of CSV and xlsx need.
fn org_part(store: &dyn Storage, all: &Contents, org: &Org) -> Result<Contents> {
    Ok(Contents {
        orgs: vec![org.clone()],
        members: all
            .members
            .iter()
            .filter(|m| m.org == org.id)
            .cloned()
            .collect(),
        records: store.records(&org.id)?,
        marks: all
            .marks
            .iter()
            .filter(|m| m.org == org.id)
            .cloned()
            .collect(),
        dues_settings: all
            .dues_settings
            .iter()
            .filter(|s| s.org == org.id)
            .cloned()
            .collect(),
        dues_payments: all
            .dues_payments
            .iter()
            .filter(|p| p.org == org.id)
            .cloned()
            .collect(),
        tombstones: Vec::new(),
    })
}

fn sorted(mut orgs: Vec<Org>) -> Vec<Org> {
    orgs.sort_by(|a, b| a.id.cmp(&b.id));
    orgs
}
