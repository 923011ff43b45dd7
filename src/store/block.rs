//! Records are kept one value per org and year: a block of encoded records sorted by date
//! and id. Judging an org reads a handful of values instead of one key per record, which
//! keeps the database small and quick to open. A second value per org, the record index,
//! lists each record id with the year of its block, to find a record by id alone.

use chrono::Datelike;

use super::codec::{self, Decoded, Reader, Writer};
use crate::model::Record;

/// One encoded record with the date and id it is sorted by.
pub type Entry = (chrono::NaiveDate, String, Vec<u8>);

/// The key of `org`'s block for `year`: `org \0 YYYY`.
pub fn key(org: &str, year: i32) -> Vec<u8> {
    let mut k = Vec::with_capacity(org.len() + 5);
    k.extend_from_slice(org.as_bytes());
    k.push(0);
    k.extend_from_slice(format!("{year:04}").as_bytes());
    k
}

/// The org and year of a block key.
pub fn parse_key(k: &[u8]) -> Option<(&str, i32)> {
    let split = k.iter().position(|b| *b == 0)?;
    let org = std::str::from_utf8(&k[..split]).ok()?;
    let year = std::str::from_utf8(&k[split + 1..]).ok()?.parse().ok()?;
    Some((org, year))
}

pub fn year_of(r: &Record) -> i32 {
    r.date.year()
}

/// The encoded records of a block (without its format byte), each still encoded.
pub fn entries(block: &[u8]) -> Decoded<Vec<&[u8]>> {
    let mut r = Reader::new(block);
    let mut out = Vec::new();
    while !r.is_empty() {
        let n = r.len()?;
        out.push(r.take(n)?);
    }
    Ok(out)
}

/// A block of already encoded records (without the format byte), sorted by date and id.
pub fn build(mut records: Vec<Entry>) -> Vec<u8> {
    records.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let size = records.iter().map(|r| r.2.len() + 3).sum::<usize>() + 1;
    let mut w = Writer(Vec::with_capacity(size));
    w.0.push(super::FORMAT);
    for (_, _, bytes) in &records {
        w.len(bytes.len());
        w.0.extend_from_slice(bytes);
    }
    w.0
}

/// One record, encoded for a block.
pub fn encode(r: &Record) -> Entry {
    let mut w = Writer(Vec::with_capacity(128));
    codec::write_record(&mut w, r);
    (r.date, r.id.clone(), w.0)
}

/// The date and id of an encoded record, to sort and find it without decoding it all.
pub fn date_and_id(bytes: &[u8]) -> Decoded<(chrono::NaiveDate, &str)> {
    let view = codec::read_record_view(bytes)?;
    Ok((crate::status::Activity::date(&view), view.id_str()))
}

/// An org's record index: every record id with the year of its block, sorted by id.
pub fn index_entries(value: &[u8]) -> Decoded<Vec<(&str, i32)>> {
    let mut r = Reader::new(value);
    let mut out = Vec::new();
    while !r.is_empty() {
        let id = r.str_ref()?;
        let year = i32::from(u16::from_le_bytes(r.take(2)?.try_into().expect("2 bytes")));
        out.push((id, year));
    }
    Ok(out)
}

pub fn build_index(mut entries: Vec<(&str, i32)>) -> Vec<u8> {
    entries.sort();
    let mut w = Writer(Vec::with_capacity(entries.len() * 36 + 1));
    w.0.push(super::FORMAT);
    for (id, year) in entries {
        w.str(id);
        w.0.extend_from_slice(&(year.clamp(0, i32::from(u16::MAX)) as u16).to_le_bytes());
    }
    w.0
}
