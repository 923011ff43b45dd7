//! The JSON export (SPEC §7): lossless and deterministic. [`Export`] is the one serialized
//! shape of orgs, members, records, marks, dues settings and payments, and tombstones, shared by export, import and
//! the daily backups.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::dues::{Payment, Setting};
use crate::model::{Mark, Tombstone, mark_id};
use crate::model::{Member, Org, Record};
use crate::store::Contents;

/// The export format this build writes and reads (`dangjian_export`).
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Export {
    pub dangjian_export: u32,
    pub exported_at: String,
    pub orgs: Vec<Org>,
    pub members: Vec<Member>,
    pub records: Vec<Record>,
    pub marks: Vec<Mark>,
    /// Members' monthly dues (党费); absent from files of earlier builds.
    #[serde(default)]
    pub dues_settings: Vec<Setting>,
    #[serde(default)]
    pub dues_payments: Vec<Payment>,
    pub tombstones: Vec<Tombstone>,
}

impl Export {
    /// The store's contents in export order: each list sorted by id, so two exports of the
    /// same data differ only in `exported_at`.
    pub fn new(mut c: Contents, exported_at: &str) -> Export {
        c.orgs.sort_by(|a, b| a.id.cmp(&b.id));
        c.members
            .sort_by(|a, b| (&a.id, &a.org).cmp(&(&b.id, &b.org)));
        c.records.sort_by(|a, b| a.id.cmp(&b.id));
        c.marks
            .sort_by_cached_key(|m| (mark_id(&m.checklist, &m.item), m.org.clone()));
        c.dues_settings
            .sort_by(|a, b| (&a.org, &a.member, a.from).cmp(&(&b.org, &b.member, b.from)));
        c.dues_payments.sort_by(|a, b| a.id.cmp(&b.id));
        c.tombstones
            .sort_by(|a, b| (&a.id, a.kind, &a.org).cmp(&(&b.id, b.kind, &b.org)));
        Export {
            dangjian_export: VERSION,
            exported_at: exported_at.to_string(),
            orgs: c.orgs,
            members: c.members,
            records: c.records,
            marks: c.marks,
            dues_settings: c.dues_settings,
            dues_payments: c.dues_payments,
            tombstones: c.tombstones,
        }
    }

    pub fn into_contents(self) -> Contents {
        Contents {
            orgs: self.orgs,
            members: self.members,
            records: self.records,
            marks: self.marks,
            dues_settings: self.dues_settings,
            dues_payments: self.dues_payments,
            tombstones: self.tombstones,
        }
    }

    /// Writes the export as JSON, one object per line: compact for large databases, yet
    /// readable and friendly to line-based diffs.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{{")?;
        writeln!(out, "\"dangjian_export\": {},", self.dangjian_export)?;
        writeln!(out, "\"exported_at\": {},", json(&self.exported_at)?)?;
        list(out, "orgs", &self.orgs, false)?;
        list(out, "members", &self.members, false)?;
        list(out, "records", &self.records, false)?;
        list(out, "marks", &self.marks, false)?;
        list(out, "dues_settings", &self.dues_settings, false)?;
        list(out, "dues_payments", &self.dues_payments, false)?;
        list(out, "tombstones", &self.tombstones, true)?;
        writeln!(out, "}}")
    }
}

/// Writes the export of `org` (or of everything) straight from the store, the records
/// and the dues payments one at a time: the same bytes as [`Export::write`] of
/// [`Export::new`].
pub fn write_store(
    store: &dyn crate::store::Storage,
    org: Option<&str>,
    exported_at: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let rest = Export::new(
        store.contents_without_records(org, crate::store::Payments::Left)?,
        exported_at,
    );
    writeln!(out, "{{")?;
    writeln!(out, "\"dangjian_export\": {},", rest.dangjian_export)?;
    writeln!(out, "\"exported_at\": {},", json(&rest.exported_at)?)?;
    list(out, "orgs", &rest.orgs, false)?;
    list(out, "members", &rest.members, false)?;
    stream(out, "records", false, |each| store.records_by_id(org, each))?;
    list(out, "marks", &rest.marks, false)?;
    list(out, "dues_settings", &rest.dues_settings, false)?;
    stream(out, "dues_payments", false, |each| {
        store.payments_by_id(org, each)
    })?;
    list(out, "tombstones", &rest.tombstones, true)?;
    writeln!(out, "}}")?;
    Ok(())
}

/// Writes the list `name` as [`list`] does, from the items `items` hands over one at a
/// time.
fn stream<T: Serialize>(
    out: &mut dyn Write,
    name: &str,
    last: bool,
    items: impl FnOnce(&mut dyn FnMut(T) -> anyhow::Result<()>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    write!(out, "\"{name}\": [")?;
    let mut any = false;
    items(&mut |item| {
        writeln!(out, "{}", if any { "," } else { "" })?;
        any = true;
        serde_json::to_writer(&mut *out, &item)?;
        Ok(())
    })?;
    write!(out, "{}]", if any { "\n" } else { "" })?;
    writeln!(out, "{}", if last { "" } else { "," })?;
    Ok(())
}

fn json(value: &impl Serialize) -> io::Result<String> {
    serde_json::to_string(value).map_err(io::Error::other)
}

fn list<T: Serialize>(out: &mut dyn Write, name: &str, items: &[T], last: bool) -> io::Result<()> {
    if items.is_empty() {
        write!(out, "\"{name}\": []")?;
    } else {
        writeln!(out, "\"{name}\": [")?;
        for (i, item) in items.iter().enumerate() {
            serde_json::to_writer(&mut *out, item).map_err(io::Error::other)?;
            writeln!(out, "{}", if i + 1 < items.len() { "," } else { "" })?;
        }
        write!(out, "]")?;
    }
    writeln!(out, "{}", if last { "" } else { "," })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The export streamed from the store (records and payments one at a time) is the
    /// export of everything held at once, byte for byte, for the whole store and for one
    /// org: each list sorted by id, payments of many members interleaved by id.
    #[test]
    fn the_streamed_export_is_the_export_held_whole() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::open(dir.path()).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let demo = crate::demo::generate(6, 2, 1, today);
        store
            .bulk_load(&demo.orgs, &demo.members, &demo.records)
            .unwrap();
        store
            .bulk_load_dues(&demo.dues_settings, &demo.dues_payments)
            .unwrap();
        assert!(
            demo.dues_payments.len() > 100,
            "payments of several members"
        );
        let stamp = "2026-11-22T08:00:00.000Z";
        let org = demo.orgs.iter().find(|o| o.parent.is_some()).unwrap();
        for org in [None, Some(org.id.as_str())] {
            let mut streamed = Vec::new();
            write_store(&store, org, stamp, &mut streamed).unwrap();
            let mut whole = Vec::new();
            Export::new(store.contents(org).unwrap(), stamp)
                .write(&mut whole)
                .unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }
}
