//! A member's dues payments are kept as one value: the format byte, then each payment
//! length-prefixed, sorted by id. A payment is written without its org and member, which
//! the key (`org \0 member`) holds. Recording a payment rewrites one small value, and a
//! university's payments are tens of thousands of values rather than millions of keys.

use std::collections::BTreeMap;

use super::super::codec::{Decoded, Reader, Writer};
use super::super::{FORMAT, Result, StoreError};
use crate::dues::{Fen, Month, Payment};

/// The key of `member`'s block: `org \0 member`.
pub fn key(org: &str, member: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(org.len() + member.len() + 1);
    k.extend_from_slice(org.as_bytes());
    k.push(0);
    k.extend_from_slice(member.as_bytes());
    k
}

/// The org and member of a block key.
pub fn parse_key(k: &[u8]) -> Option<(&str, &str)> {
    let split = k.iter().position(|b| *b == 0)?;
    let org = std::str::from_utf8(&k[..split]).ok()?;
    let member = std::str::from_utf8(&k[split + 1..]).ok()?;
    Some((org, member))
}

/// One payment as a block holds it (its id first).
pub fn encode(p: &Payment) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(96));
    w.str(&p.id);
    w.len(month_number(p.from));
    w.len(month_number(p.to));
    w.0.extend_from_slice(&p.amount.0.to_le_bytes());
    w.date(p.date);
    w.str(&p.created_at);
    w.str(&p.updated_at);
    w.0
}

/// The id of an encoded payment, without decoding the rest.
pub fn id_of(entry: &[u8]) -> Decoded<&str> {
    Reader::new(entry).str_ref()
}

pub(in crate::store) fn decode(org: &str, member: &str, entry: &[u8]) -> Decoded<Payment> {
    let mut r = Reader::new(entry);
    let p = Payment {
        id: r.str()?,
        org: org.to_string(),
        member: member.to_string(),
        from: month(r.len()?)?,
        to: month(r.len()?)?,
        amount: Fen(i64::from_le_bytes(r.take(8)?.try_into().expect("8 bytes"))),
        date: r.date()?,
        created_at: r.str()?,
        updated_at: r.str()?,
    };
    r.end()?;
    Ok(p)
}

fn month_number(m: Month) -> usize {
    usize::try_from(m.index()).unwrap_or(0)
}

fn month(n: usize) -> Decoded<Month> {
    let n = i32::try_from(n).map_err(|_| "month out of range")?;
    Ok(Month::new(0, 1).expect("January").plus(n))
}

/// The encoded payments of a block value, in id order.
pub fn entries(value: &[u8]) -> Decoded<Vec<&[u8]>> {
    let body = match value.split_first() {
        Some((&FORMAT, body)) => body,
        Some(_) => return Err("value format is not one this build reads; upgrade dangjian"),
        None => return Err("empty value"),
    };
    // Length-prefixed like the records of a block.
    super::super::block::entries(body)
}

/// The payments of the block `value` stored at `k`.
pub fn payments(k: &[u8], value: &[u8]) -> Result<Vec<Payment>> {
    let all = entries(value).map_err(|m| corrupt(k, m))?;
    all.into_iter().map(|e| payment(k, e)).collect()
}

/// The encoded payments of the block `value` stored at `k`, each with its id.
pub fn with_ids<'a>(k: &[u8], value: &'a [u8]) -> Result<Vec<(&'a str, &'a [u8])>> {
    let all = entries(value).map_err(|m| corrupt(k, m))?;
    all.into_iter()
        .map(|e| Ok((id_of(e).map_err(|m| corrupt(k, m))?, e)))
        .collect()
}

/// The org and member whose payments the block stored at `k` holds.
pub fn whose(k: &[u8]) -> Result<(&str, &str)> {
    parse_key(k).ok_or_else(|| corrupt(k, "not a payment block key"))
}

/// One encoded payment of the block stored at `k`.
pub fn payment(k: &[u8], entry: &[u8]) -> Result<Payment> {
    let (org, member) = whose(k)?;
    decode(org, member, entry).map_err(|m| corrupt(k, m))
}

/// The payments of a block by id, still encoded.
pub fn by_id(k: &[u8], value: Option<&[u8]>) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut out = BTreeMap::new();
    if let Some(v) = value {
        for e in entries(v).map_err(|m| corrupt(k, m))? {
            let id = id_of(e).map_err(|m| corrupt(k, m))?;
            out.insert(id.to_string(), e.to_vec());
        }
    }
    Ok(out)
}

/// A block of encoded payments (by id), or `None` when there is none left.
pub fn build(payments: &BTreeMap<String, Vec<u8>>) -> Option<Vec<u8>> {
    if payments.is_empty() {
        return None;
    }
    let size = payments.values().map(|e| e.len() + 2).sum::<usize>() + 1;
    let mut w = Writer(Vec::with_capacity(size));
    w.0.push(FORMAT);
    for e in payments.values() {
        w.len(e.len());
        w.0.extend_from_slice(e);
    }
    Some(w.0)
}

/// Payments put and removed, gathered by the block they change and kept encoded, in the
/// order they were made: a large import holds them compactly until each block is
/// written once.
#[derive(Debug, Default)]
pub struct Edits {
    /// Block key → its edits: `1` and a length-prefixed payment, or `0` and an id.
    blocks: BTreeMap<Vec<u8>, Vec<u8>>,
}

impl Edits {
    pub fn put(&mut self, p: &Payment) {
        let entry = encode(p);
        self.write(&p.org, &p.member, |w| {
            w.0.push(1);
            w.len(entry.len());
            w.0.extend_from_slice(&entry);
        });
    }

    pub fn remove(&mut self, org: &str, member: &str, id: &str) {
        self.write(org, member, |w| {
            w.0.push(0);
            w.str(id);
        });
    }

    fn write(&mut self, org: &str, member: &str, f: impl FnOnce(&mut Writer)) {
        let edits = self.blocks.entry(key(org, member)).or_default();
        let mut w = Writer(std::mem::take(edits));
        f(&mut w);
        *edits = w.0;
    }

    /// Each block changed, in key order, with its new value (`None`: no payment left),
    /// given its stored value by `stored`. The edits are let go of as they are used.
    pub fn each(
        self,
        stored: impl Fn(&[u8]) -> Result<Option<sled::IVec>>,
        mut f: impl FnMut(&[u8], Option<Vec<u8>>) -> Result<()>,
    ) -> Result<()> {
        for (k, edits) in self.blocks {
            let old = stored(&k)?;
            let mut payments = by_id(&k, old.as_deref())?;
            apply(&mut payments, &edits).map_err(|m| corrupt(&k, m))?;
            f(&k, build(&payments))?;
        }
        Ok(())
    }
}

fn apply(payments: &mut BTreeMap<String, Vec<u8>>, edits: &[u8]) -> Decoded<()> {
    let mut r = Reader::new(edits);
    while !r.is_empty() {
        if r.byte()? == 1 {
            let n = r.len()?;
            let entry = r.take(n)?;
            payments.insert(id_of(entry)?.to_string(), entry.to_vec());
        } else {
            payments.remove(&r.str()?);
        }
    }
    Ok(())
}

fn corrupt(k: &[u8], message: &str) -> StoreError {
    StoreError::Corrupt {
        key: String::from_utf8_lossy(k).replace('\0', "/"),
        message: message.to_string(),
    }
}
