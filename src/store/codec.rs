//! The compact binary encoding of records and members, the values read in bulk: status
//! for hundreds of orgs decodes tens of thousands of them, and JSON would cost several
//! times the scan itself. Strings are length-prefixed (LEB128), dates are days from CE,
//! optional fields carry a presence byte.

use chrono::{Datelike, NaiveDate};

use crate::model::{Member, Record, Stage};
use crate::status::Activity;

pub struct Writer(pub Vec<u8>);

impl Writer {
    pub fn len(&mut self, mut n: usize) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.0.push(byte);
                return;
            }
            self.0.push(byte | 0x80);
        }
    }
    pub fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    pub fn strs(&mut self, v: &[String]) {
        self.len(v.len());
        for s in v {
            self.str(s);
        }
    }
    pub fn opt<T>(&mut self, v: &Option<T>, f: impl FnOnce(&mut Self, &T)) {
        match v {
            None => self.0.push(0),
            Some(x) => {
                self.0.push(1);
                f(self, x);
            }
        }
    }
    pub fn date(&mut self, d: NaiveDate) {
        self.0
            .extend_from_slice(&d.num_days_from_ce().to_le_bytes());
    }
    pub fn f64(&mut self, x: f64) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
}

/// Reads what [`Writer`] wrote; every read checks bounds and UTF-8.
pub struct Reader<'a>(&'a [u8]);

pub type Decoded<T> = Result<T, &'static str>;

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader(bytes)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// What is left to read.
    pub fn rest(&self) -> &'a [u8] {
        self.0
    }
    pub fn take(&mut self, n: usize) -> Decoded<&'a [u8]> {
        if self.0.len() < n {
            return Err("value ends early");
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    pub fn byte(&mut self) -> Decoded<u8> {
        Ok(self.take(1)?[0])
    }
    pub fn len(&mut self) -> Decoded<usize> {
        let mut n = 0usize;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            n |= usize::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err("length too long")
    }
    pub fn str(&mut self) -> Decoded<String> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?)
            .map(str::to_string)
            .map_err(|_| "text is not UTF-8")
    }
    pub fn strs(&mut self) -> Decoded<Vec<String>> {
        let n = self.len()?;
        (0..n).map(|_| self.str()).collect()
    }
    pub fn opt<T>(&mut self, f: impl FnOnce(&mut Self) -> Decoded<T>) -> Decoded<Option<T>> {
        match self.byte()? {
            0 => Ok(None),
            1 => f(self).map(Some),
            _ => Err("bad presence byte"),
        }
    }
    pub fn date(&mut self) -> Decoded<NaiveDate> {
        let days = i32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes"));
        NaiveDate::from_num_days_from_ce_opt(days).ok_or("date out of range")
    }
    pub fn f64(&mut self) -> Decoded<f64> {
        Ok(f64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
    pub fn end(&self) -> Decoded<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err("trailing bytes")
        }
    }
}

pub fn write_record(w: &mut Writer, r: &Record) {
    w.str(&r.id);
    w.str(&r.org);
    w.strs(&r.obligations);
    w.date(r.date);
    w.opt(&r.for_period, |w, s| w.str(s));
    w.opt(&r.topic, |w, s| w.str(s));
    w.opt(&r.hours, |w, h| w.0.extend_from_slice(&h.to_le_bytes()));
    w.opt(&r.attendees, |w, a| w.strs(a));
    w.opt(&r.location, |w, s| w.str(s));
    w.opt(&r.speaker, |w, s| w.str(s));
    w.opt(&r.note, |w, s| w.str(s));
    w.str(&r.created_at);
    w.str(&r.updated_at);
    // Fields added later trail the old layout, each behind its own tag byte, so values
    // written before them still decode.
    if let Some(p) = r.points {
        w.0.push(TAG_POINTS);
        w.0.extend_from_slice(&p.to_le_bytes());
    }
    if !r.amounts.is_empty() {
        w.0.push(TAG_AMOUNTS);
        w.len(r.amounts.len());
        for (member, x) in &r.amounts {
            w.str(member);
            w.0.extend_from_slice(&x.to_le_bytes());
        }
    }
    if !r.excused.is_empty() {
        w.0.push(TAG_EXCUSED);
        w.strs(&r.excused);
    }
}

/// Tag of the trailing `points` field of a record.
const TAG_POINTS: u8 = 1;
/// Tag of the trailing `amounts` field: a count, then member id and number pairs.
const TAG_AMOUNTS: u8 = 2;
/// Tag of the trailing `excused` field: the member ids on leave (请假).
const TAG_EXCUSED: u8 = 3;

pub fn read_record(bytes: &[u8]) -> Decoded<Record> {
    let mut r = Reader(bytes);
    let record = Record {
        id: r.str()?,
        org: r.str()?,
        obligations: r.strs()?,
        date: r.date()?,
        for_period: r.opt(Reader::str)?,
        topic: r.opt(Reader::str)?,
        hours: r.opt(Reader::f64)?,
        attendees: r.opt(Reader::strs)?,
        location: r.opt(Reader::str)?,
        speaker: r.opt(Reader::str)?,
        note: r.opt(Reader::str)?,
        created_at: r.str()?,
        updated_at: r.str()?,
        points: None,
        amounts: Default::default(),
        excused: Vec::new(),
    };
    let mut record = record;
    while !r.0.is_empty() {
        match r.byte()? {
            TAG_POINTS => record.points = Some(r.f64()?),
            TAG_AMOUNTS => {
                for (member, x) in r.amounts()? {
                    record.amounts.insert(member.to_string(), x);
                }
            }
            TAG_EXCUSED => record.excused = r.strs()?,
            _ => return Err("unknown trailing field"),
        }
    }
    r.end()?;
    Ok(record)
}

/// The fields of a stored record that status reads, borrowed from the stored bytes.
#[derive(Clone)]
pub struct RecordView<'a> {
    id: &'a str,
    obligations: Strs<'a>,
    date: NaiveDate,
    for_period: Option<&'a str>,
    hours: Option<f64>,
    attendees: Option<Strs<'a>>,
    amounts: Amounts<'a>,
}

/// A record's trailing member amounts, read lazily (already checked to be well formed).
#[derive(Clone, Copy, Default)]
struct Amounts<'a> {
    n: usize,
    bytes: &'a [u8],
}

impl<'a> Iterator for Amounts<'a> {
    type Item = (&'a str, f64);
    fn next(&mut self) -> Option<(&'a str, f64)> {
        if self.n == 0 {
            return None;
        }
        self.n -= 1;
        let mut r = Reader(self.bytes);
        let member = r.str_ref().ok()?;
        let x = r.f64().ok()?;
        self.bytes = r.0;
        Some((member, x))
    }
}

/// A run of length-prefixed strings, read lazily (already checked to be well formed).
#[derive(Clone, Copy)]
struct Strs<'a> {
    n: usize,
    bytes: &'a [u8],
}

impl<'a> Iterator for Strs<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        if self.n == 0 {
            return None;
        }
        self.n -= 1;
        let mut r = Reader(self.bytes);
        let s = r.str_ref().ok()?;
        self.bytes = r.0;
        Some(s)
    }
}

impl<'a> Reader<'a> {
    pub fn str_ref(&mut self) -> Decoded<&'a str> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| "text is not UTF-8")
    }
    /// Checks the bounds of a run of member amounts and returns it without copying.
    fn amounts(&mut self) -> Decoded<Amounts<'a>> {
        let n = self.len()?;
        let body = self.0;
        for _ in 0..n {
            self.str_ref()?;
            self.f64()?;
        }
        Ok(Amounts {
            n,
            bytes: &body[..body.len() - self.0.len()],
        })
    }

    /// Checks the bounds of a run of strings and returns it without copying; each string
    /// is checked to be UTF-8 when it is read.
    fn strs_ref(&mut self) -> Decoded<Strs<'a>> {
        let n = self.len()?;
        let body = self.0;
        for _ in 0..n {
            let len = self.len()?;
            self.take(len)?;
        }
        Ok(Strs {
            n,
            bytes: &body[..body.len() - self.0.len()],
        })
    }
}

/// Whether a stored record lists any of `obligations`, reading no further than its
/// obligation list.
pub fn lists_any(bytes: &[u8], obligations: &[String]) -> Decoded<bool> {
    let mut r = Reader(bytes);
    let n = r.len()?;
    r.take(n)?; // id
    let n = r.len()?;
    r.take(n)?; // org
    let mut found = false;
    for o in r.strs_ref()? {
        found |= obligations.iter().any(|x| x == o);
    }
    Ok(found)
}

/// The obligations an encoded record lists.
pub fn obligations_of(bytes: &[u8]) -> Decoded<impl Iterator<Item = &str>> {
    let mut r = Reader(bytes);
    let n = r.len()?;
    r.take(n)?; // id
    let n = r.len()?;
    r.take(n)?; // org
    r.strs_ref()
}

/// Reads only what status needs of a stored record.
pub fn read_record_view(bytes: &[u8]) -> Decoded<RecordView<'_>> {
    let mut r = Reader(bytes);
    let id = r.str_ref()?;
    r.str_ref()?; // org: the caller asked for one org's records
    let obligations = r.strs_ref()?;
    let date = r.date()?;
    let for_period = r.opt(Reader::str_ref)?;
    r.opt(Reader::str_ref)?; // topic
    let hours = r.opt(Reader::f64)?;
    let attendees = r.opt(Reader::strs_ref)?;
    // Amounts trail the record; only a record that has some is read that far.
    let mut amounts = Amounts::default();
    if !r.0.is_empty() {
        for _ in 0..3 {
            r.opt(Reader::str_ref)?; // location, speaker, note
        }
        r.str_ref()?; // created_at
        r.str_ref()?; // updated_at
        while !r.0.is_empty() {
            match r.byte()? {
                TAG_POINTS => {
                    r.f64()?;
                }
                TAG_AMOUNTS => amounts = r.amounts()?,
                TAG_EXCUSED => {
                    r.strs_ref()?; // those on leave did not attend: status reads no further
                }
                _ => return Err("unknown trailing field"),
            }
        }
    }
    Ok(RecordView {
        id,
        obligations,
        date,
        for_period,
        hours,
        attendees,
        amounts,
    })
}

impl<'a> RecordView<'a> {
    /// The id, borrowed from the stored bytes.
    pub fn id_str(&self) -> &'a str {
        self.id
    }
}

impl Activity for RecordView<'_> {
    fn id(&self) -> &str {
        self.id
    }
    fn date(&self) -> NaiveDate {
        self.date
    }
    fn obligations(&self) -> impl Iterator<Item = &str> {
        self.obligations
    }
    fn for_period(&self) -> Option<&str> {
        self.for_period
    }
    fn hours(&self) -> Option<f64> {
        self.hours
    }
    fn attendees(&self) -> Option<impl Iterator<Item = &str>> {
        self.attendees
    }
    fn amounts(&self) -> impl Iterator<Item = (&str, f64)> {
        self.amounts
    }
}

pub fn write_member(w: &mut Writer, m: &Member) {
    w.str(&m.id);
    w.str(&m.org);
    w.str(&m.name);
    w.strs(&m.tags);
    w.opt(&m.joined_on, |w, d| w.date(*d));
    w.opt(&m.left_on, |w, d| w.date(*d));
    w.str(&m.updated_at);
    // Fields added later trail the old layout behind tag bytes, as on records.
    if !m.stage.is_full() || !m.stage_dates.is_empty() {
        w.0.push(TAG_STAGE);
        w.0.push(stage_byte(m.stage));
        w.len(m.stage_dates.len());
        for (s, d) in &m.stage_dates {
            w.0.push(stage_byte(*s));
            w.date(*d);
        }
    }
    if let Some(n) = m.extension_months {
        w.0.push(TAG_EXTENSION);
        w.len(n as usize);
    }
    for (tag, text) in [
        (TAG_LEFT_REASON, &m.left_reason),
        (TAG_MOVED_TO, &m.moved_to),
        (TAG_MOVED_FROM, &m.moved_from),
    ] {
        if let Some(t) = text {
            w.0.push(tag);
            w.str(t);
        }
    }
}

/// Tags of a member's trailing fields.
const TAG_STAGE: u8 = 1;
const TAG_EXTENSION: u8 = 2;
const TAG_LEFT_REASON: u8 = 3;
const TAG_MOVED_TO: u8 = 4;
const TAG_MOVED_FROM: u8 = 5;

fn stage_byte(s: Stage) -> u8 {
    Stage::ALL.iter().position(|x| *x == s).unwrap_or(0) as u8
}

fn byte_stage(b: u8) -> Decoded<Stage> {
    Stage::ALL
        .get(usize::from(b))
        .copied()
        .ok_or("unknown member stage")
}

pub fn read_member(bytes: &[u8]) -> Decoded<Member> {
    let mut r = Reader(bytes);
    let mut member = Member {
        id: r.str()?,
        org: r.str()?,
        name: r.str()?,
        tags: r.strs()?,
        joined_on: r.opt(Reader::date)?,
        left_on: r.opt(Reader::date)?,
        updated_at: r.str()?,
        ..Member::default()
    };
    while !r.0.is_empty() {
        match r.byte()? {
            TAG_STAGE => {
                member.stage = byte_stage(r.byte()?)?;
                for _ in 0..r.len()? {
                    let s = byte_stage(r.byte()?)?;
                    member.stage_dates.insert(s, r.date()?);
                }
            }
            TAG_EXTENSION => {
                member.extension_months =
                    Some(u32::try_from(r.len()?).map_err(|_| "extension out of range")?)
            }
            TAG_LEFT_REASON => member.left_reason = Some(r.str()?),
            TAG_MOVED_TO => member.moved_to = Some(r.str()?),
            TAG_MOVED_FROM => member.moved_from = Some(r.str()?),
            _ => return Err("unknown trailing field"),
        }
    }
    r.end()?;
    Ok(member)
}

mod org;
pub use org::{read_org, write_org};

#[cfg(test)]
mod tests;
