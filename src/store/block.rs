//! Records are kept one value per org and month: a block of encoded records sorted by date
//! and id. Judging an org reads a few dozen small values instead of one key per record,
//! which keeps the database small and quick to open, and recording a meeting rewrites one
//! small block.

use chrono::{Datelike, NaiveDate};

use super::codec::{self, Decoded, Reader, Writer};
use crate::model::Record;

/// One encoded record with the date and id it is sorted by.
pub type Entry = (NaiveDate, String, Vec<u8>);

/// A block's month, `year * 100 + month` (`202611`).
pub type Month = i32;

pub fn month_of(date: NaiveDate) -> Month {
    date.year() * 100 + date.month() as i32
}

/// The key of `org`'s block for `month`: `org \0 YYYY-MM`.
pub fn key(org: &str, month: Month) -> Vec<u8> {
    let mut k = Vec::with_capacity(org.len() + 8);
    k.extend_from_slice(org.as_bytes());
    k.push(0);
    k.extend_from_slice(format!("{:04}-{:02}", month / 100, month % 100).as_bytes());
    k
}

/// The org and month of a block key.
pub fn parse_key(k: &[u8]) -> Option<(&str, Month)> {
    let split = k.iter().position(|b| *b == 0)?;
    let org = std::str::from_utf8(&k[..split]).ok()?;
    let (y, m) = std::str::from_utf8(&k[split + 1..]).ok()?.split_once('-')?;
    let (y, m): (i32, i32) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some((org, y * 100 + m))
}

/// The last day of a block's month.
pub fn month_end(month: Month) -> NaiveDate {
    crate::period::month_end(month / 100, (month % 100) as u32)
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

/// A block of already encoded records, with its format byte, sorted by date and id.
pub fn build<I: AsRef<str>, B: AsRef<[u8]>>(mut records: Vec<(NaiveDate, I, B)>) -> Vec<u8> {
    records.sort_by(|a, b| (a.0, a.1.as_ref()).cmp(&(b.0, b.1.as_ref())));
    let size = records
        .iter()
        .map(|r| r.2.as_ref().len() + 3)
        .sum::<usize>()
        + 1;
    let mut w = Writer(Vec::with_capacity(size));
    w.0.push(super::FORMAT);
    for (_, _, bytes) in &records {
        w.len(bytes.as_ref().len());
        w.0.extend_from_slice(bytes.as_ref());
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
pub fn date_and_id(bytes: &[u8]) -> Decoded<(NaiveDate, &str)> {
    let view = codec::read_record_view(bytes)?;
    Ok((crate::status::Activity::date(&view), view.id_str()))
}
