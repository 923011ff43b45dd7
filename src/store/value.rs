//! How values and keys are laid out: a format byte, then JSON (orgs, marks, tombstones)
//! or the compact binary encoding ([`super::codec`]) of records and members; key parts
//! joined by `\0`.

use super::{FORMAT, Result, StoreError, codec};
use crate::dues::{Payment, Setting};
use crate::model::{Mark, Member, Org, Record, Tombstone};

/// A value kept in the database: a format byte, then its encoding.
pub(super) trait Value: Sized {
    fn encode_into(&self, out: &mut Vec<u8>);
    fn decode_from(bytes: &[u8]) -> std::result::Result<Self, String>;
}

macro_rules! json_value {
    ($($t:ty),*) => {$(
        impl Value for $t {
            fn encode_into(&self, out: &mut Vec<u8>) {
                serde_json::to_writer(out, self).expect("model types serialize");
            }
            fn decode_from(bytes: &[u8]) -> std::result::Result<Self, String> {
                serde_json::from_slice(bytes).map_err(|e| e.to_string())
            }
        }
    )*};
}
json_value!(Org, Mark, Tombstone, Setting, Payment);

impl Value for Record {
    fn encode_into(&self, out: &mut Vec<u8>) {
        let mut w = codec::Writer(std::mem::take(out));
        codec::write_record(&mut w, self);
        *out = w.0;
    }
    fn decode_from(bytes: &[u8]) -> std::result::Result<Self, String> {
        codec::read_record(bytes).map_err(str::to_string)
    }
}

impl Value for Member {
    fn encode_into(&self, out: &mut Vec<u8>) {
        let mut w = codec::Writer(std::mem::take(out));
        codec::write_member(&mut w, self);
        *out = w.0;
    }
    fn decode_from(bytes: &[u8]) -> std::result::Result<Self, String> {
        codec::read_member(bytes).map_err(str::to_string)
    }
}

pub(super) fn encode<T: Value>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    out.push(FORMAT);
    value.encode_into(&mut out);
    out
}

pub(super) fn decode<T: Value>(k: &[u8], v: &[u8]) -> Result<T> {
    let corrupt = |message: String| StoreError::Corrupt {
        key: String::from_utf8_lossy(k).replace('\0', "/"),
        message,
    };
    match v.split_first() {
        Some((&FORMAT, rest)) => T::decode_from(rest).map_err(corrupt),
        Some((other, _)) => Err(corrupt(format!(
            "value format {other} is not one this build reads ({FORMAT}); upgrade dangjian"
        ))),
        None => Err(corrupt("empty value".into())),
    }
}

pub(super) fn key(parts: &[&str]) -> Vec<u8> {
    parts.join("\0").into_bytes()
}

pub(super) fn prefix(parts: &[&str]) -> Vec<u8> {
    let mut k = key(parts);
    k.push(0);
    k
}

pub(super) fn tombstone_key(t: &Tombstone) -> Vec<u8> {
    key(&[&t.org, t.kind.as_str(), &t.id])
}
