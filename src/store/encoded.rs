//! Objects held in the store's compact encoding between reading a file and writing them:
//! an import reads its file once, and holds its records and dues payments this way
//! (about a third of their size in the file) while it checks and merges them, never as
//! objects.

use std::marker::PhantomData;
use std::sync::Arc;

use super::codec::{self, Decoded, Reader, Writer};
use super::dues::block;
use super::{Result, StoreError};
use crate::dues::Payment;
use crate::model::Record;

/// How an object is held.
pub trait Encoding: Sized {
    fn write(&self, w: &mut Writer);
    fn read(bytes: &[u8]) -> Decoded<Self>;
}

impl Encoding for Record {
    fn write(&self, w: &mut Writer) {
        codec::write_record(w, self);
    }

    fn read(bytes: &[u8]) -> Decoded<Record> {
        codec::read_record(bytes)
    }
}

/// A payment as its member's block holds it, after its org and member
/// ([`payment_prefix`]).
impl Encoding for Payment {
    fn write(&self, w: &mut Writer) {
        w.0.extend_from_slice(&payment_prefix(&self.org, &self.member));
        w.0.extend_from_slice(&block::encode(self));
    }

    fn read(bytes: &[u8]) -> Decoded<Payment> {
        let mut r = Reader::new(bytes);
        let (org, member) = (r.str_ref()?, r.str_ref()?);
        block::decode(org, member, r.rest())
    }
}

/// What comes before a payment's block encoding where it is held: its org and member.
pub(super) fn payment_prefix(org: &str, member: &str) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    w.str(org);
    w.str(member);
    w.0
}

/// About how much one chunk holds: a chunk read is let go of ([`Encoded::drain`]).
const CHUNK: usize = 1 << 20;

/// Objects in the order they were pushed, encoded and length-prefixed, in chunks.
pub struct Encoded<T> {
    chunks: Vec<Vec<u8>>,
    of: PhantomData<fn() -> T>,
}

impl<T> Default for Encoded<T> {
    fn default() -> Self {
        Encoded {
            chunks: Vec::new(),
            of: PhantomData,
        }
    }
}

impl<T: Encoding> Encoded<T> {
    pub fn push(&mut self, v: &T) {
        let mut one = Writer(Vec::with_capacity(128));
        v.write(&mut one);
        let full = self.chunks.last().is_none_or(|c| c.len() >= CHUNK);
        if full {
            self.chunks.push(Vec::with_capacity(CHUNK + 4096));
        }
        let mut w = Writer(std::mem::take(
            self.chunks.last_mut().expect("pushed above"),
        ));
        w.len(one.0.len());
        w.0.extend_from_slice(&one.0);
        *self.chunks.last_mut().expect("pushed above") = w.0;
    }

    /// Hands over each object, in order, letting go of each chunk once it is read.
    pub fn drain(self, mut f: impl FnMut(T) -> Result<()>) -> Result<()> {
        for chunk in self.chunks {
            read_chunk(&chunk, &mut f)?;
        }
        Ok(())
    }

    /// Hands over each object twice, side by side: to `theirs` on a thread of its own
    /// and to `mine` on this one, letting go of each chunk once both have read it.
    pub fn drain_twice(
        self,
        theirs: impl FnMut(T) -> Result<()> + Send,
        mine: impl FnMut(T) -> Result<()>,
    ) -> Result<()> {
        twice(self.chunks.into_iter().map(Arc::new), theirs, mine)
    }

    /// [`Encoded::drain_twice`], keeping the objects.
    pub fn each_twice(
        &self,
        theirs: impl FnMut(T) -> Result<()> + Send,
        mine: impl FnMut(T) -> Result<()>,
    ) -> Result<()> {
        twice(self.chunks.iter().map(Vec::as_slice), theirs, mine)
    }
}

/// Each chunk read by two threads at once, the one a chunk or two ahead at most.
fn twice<T: Encoding, C: std::ops::Deref<Target: AsRef<[u8]>> + Clone + Send>(
    chunks: impl Iterator<Item = C>,
    mut theirs: impl FnMut(T) -> Result<()> + Send,
    mut mine: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<C>(1);
        let other = s.spawn(move || {
            for chunk in rx {
                read_chunk((*chunk).as_ref(), &mut theirs)?;
            }
            Ok(())
        });
        let mut read = Ok(());
        for chunk in chunks {
            // Refused when the other thread stopped on an error, which its join gives.
            if tx.send(chunk.clone()).is_err() {
                break;
            }
            read = read_chunk((*chunk).as_ref(), &mut mine);
            if read.is_err() {
                break;
            }
        }
        drop(tx);
        let theirs = other.join().expect("reading a chunk does not panic");
        theirs.and(read)
    })
}

/// Objects held as their ids and encodings in chunks, and handed back in id order one at
/// a time: an export writes each list sorted by id, holding the records and payments of a
/// large database this way (no allocation per object, no buffer copied as it grows)
/// rather than as objects.
pub struct ById<T> {
    chunks: Vec<Vec<u8>>,
    /// Each object: its chunk, where its id starts there, the id's length and the length
    /// of the encoding that follows it.
    spans: Vec<(u32, u32, u32, u32)>,
    of: PhantomData<fn() -> T>,
}

impl<T> Default for ById<T> {
    fn default() -> Self {
        ById {
            chunks: Vec::new(),
            spans: Vec::new(),
            of: PhantomData,
        }
    }
}

impl<T: Encoding> ById<T> {
    /// Holds the object `id`, encoded as `parts` one after the other.
    pub fn push(&mut self, id: &str, parts: &[&[u8]]) {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        let whole = id.len() + len;
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.capacity() - c.len() >= whole);
        if !fits {
            self.chunks.push(Vec::with_capacity(CHUNK.max(whole)));
        }
        let n = self.chunks.len() - 1;
        let chunk = &mut self.chunks[n];
        let small = |n: usize| u32::try_from(n).expect("a chunk under 4 GB");
        self.spans
            .push((small(n), small(chunk.len()), small(id.len()), small(len)));
        chunk.extend_from_slice(id.as_bytes());
        for p in parts {
            chunk.extend_from_slice(p);
        }
    }

    /// Hands over each object in id order; `key` names the place a damaged one was read
    /// from.
    pub fn each<E: From<StoreError>>(
        mut self,
        key: &str,
        mut f: impl FnMut(T) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let chunks = &self.chunks;
        let bytes = |&(c, at, n, len): &(u32, u32, u32, u32)| {
            let (at, n) = (at as usize, n as usize);
            let chunk = &chunks[c as usize];
            (&chunk[at..at + n], &chunk[at + n..at + n + len as usize])
        };
        self.spans
            .sort_unstable_by(|a, b| bytes(a).0.cmp(bytes(b).0));
        for span in &self.spans {
            let v = T::read(bytes(span).1).map_err(|message| StoreError::Corrupt {
                key: key.to_string(),
                message: message.to_string(),
            })?;
            f(v)?;
        }
        Ok(())
    }
}

fn read_chunk<T: Encoding>(chunk: &[u8], f: &mut impl FnMut(T) -> Result<()>) -> Result<()> {
    let corrupt = |message: &str| StoreError::Corrupt {
        key: "import".to_string(),
        message: message.to_string(),
    };
    let mut r = Reader::new(chunk);
    while !r.is_empty() {
        let n = r.len().map_err(corrupt)?;
        let bytes = r.take(n).map_err(corrupt)?;
        f(T::read(bytes).map_err(corrupt)?)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_payments_come_back_as_they_went_in_across_chunks() {
        let record: Record = serde_json::from_str(
            r#"{"id":"r1","org":"a","obligations":["x"],"date":"2026-03-01","topic":"学习",
            "hours":1.5,"attendees":["m1"],"created_at":"2026-03-01T08:00:00.000Z",
            "updated_at":"2026-03-01T08:00:00.000Z","points":2.0,"amounts":{"m1":3.0},
            "excused":["m2"]}"#,
        )
        .unwrap();
        let payment: Payment = serde_json::from_str(
            r#"{"id":"p1","org":"a","member":"m1","from":"2026-01","to":"2026-03",
            "amount":"12.50","date":"2026-03-02","created_at":"2026-03-02T08:00:00.000Z",
            "updated_at":"2026-03-02T08:00:00.000Z"}"#,
        )
        .unwrap();
        let (mut records, mut payments) = (Encoded::default(), Encoded::default());
        // Enough to fill several chunks.
        let n = 3 * CHUNK / 100;
        for i in 0..n {
            let mut r = record.clone();
            r.id = format!("r{i}");
            records.push(&r);
            let mut p = payment.clone();
            p.id = format!("p{i}");
            payments.push(&p);
        }
        assert!(records.chunks.len() > 2 && payments.chunks.len() > 1);
        let mut seen = Vec::new();
        payments
            .drain(|p| {
                seen.push(p);
                Ok(())
            })
            .unwrap();
        assert_eq!(seen.len(), n);
        assert_eq!(
            seen[n - 1],
            Payment {
                id: format!("p{}", n - 1),
                ..payment
            }
        );
        let mut i = 0;
        records
            .drain(|r| {
                assert_eq!(
                    r,
                    Record {
                        id: format!("r{i}"),
                        ..record.clone()
                    }
                );
                i += 1;
                Ok(())
            })
            .unwrap();
        assert_eq!(i, n);
    }

    #[test]
    fn read_twice_side_by_side_both_see_every_object_in_order_and_an_error_stops_it() {
        let record: Record = serde_json::from_str(
            r#"{"id":"r","org":"a","obligations":["x"],"date":"2026-03-01",
            "created_at":"2026-03-01T08:00:00.000Z","updated_at":"2026-03-01T08:00:00.000Z"}"#,
        )
        .unwrap();
        let mut held = Encoded::default();
        let n = 2 * CHUNK / 60;
        for i in 0..n {
            held.push(&Record {
                id: format!("r{i}"),
                ..record.clone()
            });
        }
        assert!(held.chunks.len() > 1);
        let ids = |v: &mut Vec<String>| {
            let ids: Vec<String> = (0..n).map(|i| format!("r{i}")).collect();
            std::mem::take(v) == ids
        };
        let (mut theirs, mut mine) = (Vec::new(), Vec::new());
        held.each_twice(
            |r| {
                theirs.push(r.id);
                Ok(())
            },
            |r| {
                mine.push(r.id);
                Ok(())
            },
        )
        .unwrap();
        assert!(ids(&mut theirs) && ids(&mut mine));
        let failed = held.drain_twice(
            |r| match r.id.as_str() {
                "r7" => Err(StoreError::Corrupt {
                    key: "r7".into(),
                    message: "refused".into(),
                }),
                _ => Ok(()),
            },
            |_| Ok(()),
        );
        assert!(matches!(failed, Err(StoreError::Corrupt { key, .. }) if key == "r7"));
    }
}
