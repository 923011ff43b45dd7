//! An export file read as a stream: the top-level object walked key by key and each list
//! one object at a time ([`walk`]), so that a file is read holding one object of it at a
//! time, never the whole file ([`Source`] unzips a backup as it reads).

use std::fmt;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

/// The lists of an export, in the order problems are reported.
pub const LISTS: [&str; 7] = [
    "orgs",
    "members",
    "records",
    "marks",
    "dues_settings",
    "dues_payments",
    "tombstones",
];
/// Index of `records` in [`LISTS`].
pub const RECORDS: usize = 2;
/// Index of `dues_payments` in [`LISTS`].
pub const PAYMENTS: usize = 5;

/// How far a gzipped export may expand: a larger stream is refused as soon as it does.
pub const MAX_EXPANDED: u64 = 1 << 30;

/// A gzip stream that expands past [`MAX_EXPANDED`].
#[derive(Debug)]
pub struct TooLarge;

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expands past {} GiB", MAX_EXPANDED >> 30)
    }
}

impl std::error::Error for TooLarge {}

/// Where an export's bytes come from: a file (plain JSON or a gzipped backup), or bytes
/// already in memory.
pub enum Source {
    File { path: PathBuf, gzip: bool },
    Bytes(Vec<u8>),
}

impl Source {
    /// A file, measured first when it is gzipped: a small file that expands without end
    /// is refused after [`MAX_EXPANDED`] bytes, having held no more than a buffer.
    pub fn file(path: &Path) -> std::io::Result<Source> {
        let mut magic = [0u8; 2];
        let mut f = std::fs::File::open(path)?;
        let n = f.read(&mut magic)?;
        let gzip = n == 2 && magic == [0x1f, 0x8b];
        if gzip {
            std::io::Seek::rewind(&mut f)?;
            // Inflated into one buffer again and again: measured, never kept.
            let file = BufReader::with_capacity(1 << 20, f);
            let mut counting = flate2::read::GzDecoder::new(file).take(MAX_EXPANDED + 1);
            let (mut expanded, mut buf) = (0u64, vec![0u8; 1 << 20]);
            loop {
                match counting.read(&mut buf)? {
                    0 => break,
                    n => expanded += n as u64,
                }
            }
            if expanded > MAX_EXPANDED {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    TooLarge,
                ));
            }
        }
        Ok(Source::File {
            path: path.to_path_buf(),
            gzip,
        })
    }

    /// The bytes from the start, unzipped.
    pub fn reader(&self) -> std::io::Result<Box<dyn Read + Send + '_>> {
        const BUF: usize = 1 << 20;
        Ok(match self {
            Source::Bytes(b) => Box::new(b.as_slice()),
            Source::File { path, gzip: false } => {
                Box::new(BufReader::with_capacity(BUF, std::fs::File::open(path)?))
            }
            Source::File { path, gzip: true } => {
                let file = BufReader::with_capacity(BUF, std::fs::File::open(path)?);
                let gz = flate2::read::GzDecoder::new(file).take(MAX_EXPANDED);
                Box::new(BufReader::with_capacity(BUF, gz))
            }
        })
    }

    /// The whole file, unzipped.
    pub fn bytes(&self) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        self.reader()?.read_to_end(&mut out)?;
        Ok(out)
    }
}

/// What the walk found at the top level, beside the lists' objects.
pub trait Visit {
    /// A top-level key that is not a list, with its value.
    fn field(&mut self, key: String, value: Value);
    /// A list's value is not a list.
    fn not_a_list(&mut self, list: usize);
    /// The `index`-th object (or whatever stands there) of list `list`, as its JSON text.
    fn item(&mut self, list: usize, index: usize, item: &RawValue);
}

/// How a walk ended, short of an error in the JSON itself.
#[derive(Debug, PartialEq, Eq)]
pub enum Shape {
    Object,
    NotAnObject,
}

/// Walks the file once, handing each top-level field and each list's objects to `visit`.
/// The file is read on a thread of its own, side by side with `visit`, which is handed
/// what was read in batches, in order: looking at an object takes longer than reading it.
pub fn walk(source: &Source, visit: &mut dyn Visit) -> Result<Shape, serde_json::Error> {
    // serde_json reads a byte at a time: through a `BufReader` each byte is taken from its
    // buffer, not through a call on the boxed reader.
    let reader = BufReader::with_capacity(1 << 16, source.reader().map_err(serde_json::Error::io)?);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Found>>(4);
    std::thread::scope(|s| {
        let reading = s.spawn(move || {
            let mut de = serde_json::Deserializer::from_reader(reader);
            let mut sink = Batches {
                tx,
                batch: Vec::new(),
                bytes: 0,
            };
            let shape = Top { sink: &mut sink }.deserialize(&mut de)?;
            de.end()?;
            sink.send();
            Ok(shape)
        });
        for found in rx.iter().flatten() {
            match found {
                Found::Field(key, value) => visit.field(key, value),
                Found::NotAList(list) => visit.not_a_list(list),
                Found::Item(list, index, item) => visit.item(list, index, &item),
            }
        }
        reading.join().expect("reading a file does not panic")
    })
}

/// What the reading thread found, in the order it was read.
enum Found {
    Field(String, Value),
    NotAList(usize),
    Item(usize, usize, Box<RawValue>),
}

/// About how much of the file one batch holds: a few are in flight at a time.
const BATCH: usize = 1 << 18;

struct Batches {
    tx: std::sync::mpsc::SyncSender<Vec<Found>>,
    batch: Vec<Found>,
    bytes: usize,
}

impl Batches {
    fn add(&mut self, found: Found, bytes: usize) {
        self.batch.push(found);
        self.bytes += bytes;
        if self.bytes >= BATCH {
            self.send();
        }
    }

    fn send(&mut self) {
        self.bytes = 0;
        // The walk takes every batch until the sender is gone.
        let _ = self.tx.send(std::mem::take(&mut self.batch));
    }
}

struct Top<'v> {
    sink: &'v mut Batches,
}

impl<'de> DeserializeSeed<'de> for Top<'_> {
    type Value = Shape;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Shape, D::Error> {
        d.deserialize_any(self)
    }
}

/// Anything but an object at the top is read past and reported as such.
macro_rules! not_an_object {
    ($($name:ident: $t:ty),*) => {
        $(fn $name<E: serde::de::Error>(self, _: $t) -> Result<Shape, E> {
            Ok(Shape::NotAnObject)
        })*
    };
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match LISTS.iter().position(|l| *l == key) {
                Some(list) => map.next_value_seed(List {
                    sink: &mut *self.sink,
                    list,
                })?,
                None => {
                    let value: Value = map.next_value()?;
                    self.sink.add(Found::Field(key, value), 0);
                }
            }
        }
        Ok(Shape::Object)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Shape::NotAnObject)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Shape, E> {
        Ok(Shape::NotAnObject)
    }

    not_an_object!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64,
        visit_str: &str);
}

struct List<'v> {
    sink: &'v mut Batches,
    list: usize,
}

impl<'de> DeserializeSeed<'de> for List<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// Anything but a list where a list belongs is read past and reported.
macro_rules! not_a_list {
    ($($name:ident: $t:ty),*) => {
        $(fn $name<E: serde::de::Error>(self, _: $t) -> Result<(), E> {
            self.sink.add(Found::NotAList(self.list), 0);
            Ok(())
        })*
    };
}

impl<'de> Visitor<'de> for List<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(item) = seq.next_element::<Box<RawValue>>()? {
            let bytes = item.get().len();
            self.sink.add(Found::Item(self.list, index, item), bytes);
            index += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.sink.add(Found::NotAList(self.list), 0);
        Ok(())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.sink.add(Found::NotAList(self.list), 0);
        Ok(())
    }

    not_a_list!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64,
        visit_str: &str);
}
