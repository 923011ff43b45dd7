//! An answer kept beside the database (`status --format json` over every org), one part
//! per org, so that asking again reads one file and opens no database, and a write that
//! touches a few orgs makes only their parts again.
//!
//! The file is `answer.kept` in the data folder: a header naming what the answer was made
//! from, the orgs' ids and the lengths of their parts, then the parts. It is sound
//! because of three rules:
//! - it is written only by one holding the folder's lock, from the database it judged,
//!   into a side file renamed into place (a kill leaves no half-written answer);
//! - every open that may write moves it aside (to `answer.kept.base`, removing any base
//!   left there) before anything is written, also before sled opens; a store opened only
//!   to read that writes all the same removes it at its first write;
//! - a base is put back only by the store that moved it aside: as it was, when nothing
//!   was written, or with the parts of every org written to made again
//!   ([`crate::judge::answer`]). Any other way the store closes drops the base, and a
//!   kill leaves it for the next open to remove: never a stale answer.
//!
//! The header holds the caller's key (the build, the day, the language, the checklists
//! and the configuration: whatever besides the database the answer depends on) and the
//! database's own identity (the device and inode of `db/` and its log), so that a
//! database put in place by hand is not answered for by the one before it.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, Write};
use std::path::Path;

use super::open::private_file;

/// The status answer, in the data folder.
pub const FILE: &str = "answer.kept";
const MAGIC: &[u8; 16] = b"dangjian-kept-2\n";

/// The answers kept beside a data folder, each in its own file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// `status --format json` over every org: each org's report.
    Status,
    /// What the UI's overview shows of every org: the org and its facts.
    Overview,
}

impl Answer {
    pub const ALL: [Answer; 2] = [Answer::Status, Answer::Overview];

    /// The answer's file, where a writer moves it while it writes, and where it is
    /// written before it is renamed into place.
    fn files(self) -> [&'static str; 3] {
        match self {
            Answer::Status => [FILE, "answer.kept.base", "answer.kept.writing"],
            Answer::Overview => [
                "overview.kept",
                "overview.kept.base",
                "overview.kept.writing",
            ],
        }
    }
}

/// Removes the kept answers of `dir` and any bases, if there are. A folder that cannot
/// be written keeps its answers, but then nothing can write its database either.
pub fn remove(dir: &Path) {
    for a in Answer::ALL {
        let [file, base, _] = a.files();
        let _ = std::fs::remove_file(dir.join(file));
        let _ = std::fs::remove_file(dir.join(base));
    }
}

/// Moves the kept answers aside before a store that may write opens; a base left by a
/// writer that never finished is removed first, and so is an answer half written by a
/// process killed while it kept one (only a holder of the lock writes one).
pub(super) fn set_aside(dir: &Path) {
    for a in Answer::ALL {
        let [file, base, writing] = a.files();
        let _ = std::fs::remove_file(dir.join(writing));
        let _ = std::fs::remove_file(dir.join(base));
        let _ = std::fs::rename(dir.join(file), dir.join(base));
    }
}

/// Puts the answers moved aside back, as they were: nothing was written.
pub(super) fn put_back(dir: &Path) {
    for a in Answer::ALL {
        let [file, base, _] = a.files();
        let _ = std::fs::rename(dir.join(base), dir.join(file));
    }
}

/// Drops the answers moved aside.
pub(super) fn drop_base(dir: &Path) {
    for a in Answer::ALL {
        let _ = std::fs::remove_file(dir.join(a.files()[1]));
    }
}

/// The identity of the database files of `dir`: device and inode of `db/` and `db/db`.
fn identity(dir: &Path) -> Option<Vec<u8>> {
    use std::os::unix::fs::MetadataExt;
    let mut out = Vec::with_capacity(32);
    for path in [dir.join("db"), dir.join("db").join("db")] {
        let meta = std::fs::metadata(path).ok()?;
        out.extend(meta.dev().to_le_bytes());
        out.extend(meta.ino().to_le_bytes());
    }
    Some(out)
}

/// The header of an answer for `key` over the database of `dir` as it stands.
fn header(dir: &Path, key: &[u8]) -> Option<Vec<u8>> {
    let id = identity(dir)?;
    let mut out = Vec::with_capacity(MAGIC.len() + 16 + key.len() + id.len());
    out.extend(MAGIC);
    out.extend((key.len() as u64).to_le_bytes());
    out.extend(key);
    out.extend((id.len() as u64).to_le_bytes());
    out.extend(id);
    Some(out)
}

/// A kept answer opened after its index: each org's id and the length of its part, and
/// the file where the parts follow, in that order.
pub struct Kept {
    /// The database's write generation the answer was made at.
    pub generation: u64,
    pub ids: Vec<String>,
    pub lens: Vec<u64>,
    parts: BufReader<File>,
}

impl Kept {
    /// Copies the next part to `out`; parts are read in order, each once.
    pub fn copy_next(&mut self, len: u64, out: &mut dyn Write) -> std::io::Result<()> {
        let copied = std::io::copy(&mut (&mut self.parts).take(len), out)?;
        if copied < len {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        Ok(())
    }
}

fn read_u64(r: &mut impl Read) -> Option<u64> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b).ok()?;
    Some(u64::from_le_bytes(b))
}

/// Opens `file`, checks its header against `want` and reads its index.
fn open(file: File, want: &[u8]) -> Option<Kept> {
    let len = file.metadata().ok()?.len();
    let mut file = BufReader::with_capacity(1 << 16, file);
    let mut got = vec![0; want.len()];
    file.read_exact(&mut got).ok()?;
    if got != want {
        return None;
    }
    let generation = read_u64(&mut file)?;
    let n = read_u64(&mut file)?;
    // Each org takes at least 16 bytes of the index: a count past that is no answer.
    if n > len / 16 {
        return None;
    }
    let (mut ids, mut lens) = (
        Vec::with_capacity(n as usize),
        Vec::with_capacity(n as usize),
    );
    for _ in 0..n {
        let id_len = read_u64(&mut file)?;
        if id_len > len {
            return None;
        }
        let mut id = vec![0; id_len as usize];
        file.read_exact(&mut id).ok()?;
        ids.push(String::from_utf8(id).ok()?);
        lens.push(read_u64(&mut file)?);
    }
    Some(Kept {
        generation,
        ids,
        lens,
        parts: file,
    })
}

/// The answer kept for `key` in `dir`, when there is one made from the database as it
/// stands. Nothing is locked: a writer moves the file aside before it writes, and an open
/// file keeps its bytes, so what is read was true when opened.
pub fn read(dir: &Path, answer: Answer, key: &[u8]) -> Option<Kept> {
    let want = header(dir, key)?;
    open(File::open(dir.join(answer.files()[0])).ok()?, &want)
}

/// An answer read whole: the generation it was made at, each org's id, and the parts in
/// one buffer.
pub struct Whole {
    pub generation: u64,
    pub ids: Vec<String>,
    bytes: Vec<u8>,
    /// Where each part ends in `bytes`.
    ends: Vec<usize>,
}

impl Whole {
    /// The part of the `i`-th org.
    pub fn part(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }
}

/// The answer kept for `key` in `dir`, whole.
pub fn read_whole(dir: &Path, answer: Answer, key: &[u8]) -> Option<Whole> {
    let mut kept = read(dir, answer, key)?;
    let mut bytes = Vec::new();
    kept.parts.read_to_end(&mut bytes).ok()?;
    let mut ends = Vec::with_capacity(kept.lens.len());
    let mut end = 0usize;
    for &len in &kept.lens {
        end = end.checked_add(usize::try_from(len).ok()?)?;
        ends.push(end);
    }
    (end == bytes.len()).then_some(Whole {
        generation: kept.generation,
        ids: kept.ids,
        bytes,
        ends,
    })
}

/// The answer this store moved aside. `None` when there is none for `key` (another day,
/// language or build made it).
fn read_base(dir: &Path, answer: Answer, key: &[u8]) -> Option<Kept> {
    let want = header(dir, key)?;
    open(File::open(dir.join(answer.files()[1])).ok()?, &want)
}

/// Where each org of `ids` (the store's, in its order) finds its part in an answer kept
/// for the orgs `held`: the position of its part there, or `None` for one whose part is
/// made anew (`made` says which, by position in `ids`). `None` when an org of `held` is
/// not in `ids`, or one of `ids` has neither. Both lists are in the store's order, so
/// they are walked once.
pub fn placed(
    held: &[String],
    ids: &[String],
    made: impl Fn(usize) -> bool,
) -> Option<Vec<Option<usize>>> {
    let mut found = Vec::with_capacity(ids.len());
    let mut next = 0;
    for (i, id) in ids.iter().enumerate() {
        let there = held.get(next) == Some(id);
        if !there && !made(i) {
            return None;
        }
        found.push(there.then_some(next));
        next += usize::from(there);
    }
    (next == held.len()).then_some(found)
}

/// Writes the answer moved aside again for `key`, for the orgs `ids` (the store's, in
/// its order): the parts of `made` (by position in `ids`) made anew, the others copied
/// from it as they stand, through a side file renamed into place. Refused when an org of
/// the base is not in `ids`, or an org of `ids` has neither a part made nor one kept.
fn rewrite(
    dir: &Path,
    answer: Answer,
    (key, generation): (&[u8], u64),
    ids: &[String],
    made: &BTreeMap<usize, Vec<u8>>,
) -> std::io::Result<()> {
    let mut base = read_base(dir, answer, key).ok_or(std::io::ErrorKind::NotFound)?;
    let in_base =
        placed(&base.ids, ids, |i| made.contains_key(&i)).ok_or(std::io::ErrorKind::InvalidData)?;
    let head = header(dir, key).ok_or(std::io::ErrorKind::NotFound)?;
    let [name, _, writing] = answer.files();
    let file = private_file(&dir.join(writing))?;
    file.set_len(0)?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    out.write_all(&head)?;
    out.write_all(&generation.to_le_bytes())?;
    out.write_all(&(ids.len() as u64).to_le_bytes())?;
    for (i, id) in ids.iter().enumerate() {
        let len = match (made.get(&i), in_base[i]) {
            (Some(part), _) => part.len() as u64,
            (None, Some(b)) => base.lens[b],
            (None, None) => unreachable!("refused above"),
        };
        out.write_all(&(id.len() as u64).to_le_bytes())?;
        out.write_all(id.as_bytes())?;
        out.write_all(&len.to_le_bytes())?;
    }
    // The parts kept as they stand are copied a run at a time, from file to file; `at` is
    // where the base's next part not yet copied or passed over starts.
    let mut at = base.parts.stream_position()?;
    let from = base.parts.into_inner();
    let mut out = out.into_inner().map_err(|e| e.into_error())?;
    let mut run = 0;
    for (i, b) in in_base.into_iter().enumerate() {
        match (made.get(&i), b) {
            (Some(part), b) => {
                copy_range(&from, at, run, &mut out)?;
                // A part made anew in place of the base's passes over that one.
                at += run + b.map_or(0, |b| base.lens[b]);
                run = 0;
                out.write_all(part)?;
            }
            (None, Some(b)) => run += base.lens[b],
            (None, None) => unreachable!("refused above"),
        }
    }
    copy_range(&from, at, run, &mut out)?;
    drop(out);
    std::fs::rename(dir.join(writing), dir.join(name))
}

/// Copies `len` bytes of `from` at `at` to the end of `out`.
fn copy_range(mut from: &File, at: u64, len: u64, out: &mut File) -> std::io::Result<()> {
    if len == 0 {
        return Ok(());
    }
    from.seek(std::io::SeekFrom::Start(at))?;
    if std::io::copy(&mut from.take(len), out)? < len {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(())
}

/// Keeps `parts` (one per org of `ids`, in order) as the answer for `key` in `dir`,
/// through a side file renamed into place.
fn write(
    dir: &Path,
    answer: Answer,
    (key, generation): (&[u8], u64),
    ids: &[&str],
    parts: &[&[u8]],
) -> std::io::Result<()> {
    let [name, base, writing] = answer.files();
    let head = header(dir, key).ok_or(std::io::ErrorKind::NotFound)?;
    let file = private_file(&dir.join(writing))?;
    file.set_len(0)?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    out.write_all(&head)?;
    out.write_all(&generation.to_le_bytes())?;
    out.write_all(&(ids.len() as u64).to_le_bytes())?;
    for (id, part) in ids.iter().zip(parts) {
        out.write_all(&(id.len() as u64).to_le_bytes())?;
        out.write_all(id.as_bytes())?;
        out.write_all(&(part.len() as u64).to_le_bytes())?;
    }
    for part in parts {
        out.write_all(part)?;
    }
    drop(out.into_inner().map_err(|e| e.into_error())?);
    std::fs::rename(dir.join(writing), dir.join(name))?;
    // The answer moved aside is older than this one: it must not be put back over it.
    let _ = std::fs::remove_file(dir.join(base));
    Ok(())
}

/// What a store has written to, for the answer kept beside it.
#[derive(Debug, Default, PartialEq, Eq)]
pub enum Touched {
    /// Nothing yet.
    #[default]
    Nothing,
    /// The own data (records, members, marks, tombstones) of these orgs.
    Orgs(std::collections::BTreeSet<String>),
    /// Something any org's answer may depend on (the orgs themselves, dues, an import).
    All,
    /// Taken by [`Store::take_touched`]: the answer moved aside is the taker's.
    Taken,
}

impl Touched {
    fn add(&mut self, what: Touched) {
        match (&mut *self, what) {
            (Touched::All, _) | (_, Touched::Nothing | Touched::Taken) => {}
            (Touched::Orgs(mine), Touched::Orgs(more)) => mine.extend(more),
            (me, what) => *me = what,
        }
    }
}

/// Settles the answer a store moved aside, when the store closes.
pub type Settler = Box<dyn FnOnce(&super::Store) + Send>;

impl super::Store {
    /// Has `settle` settle the answer this store moved aside when it closes, if it wrote
    /// to some orgs' own data only ([`crate::judge::answer::settle`]); otherwise the
    /// answer is put back or dropped without it.
    pub fn settle_on_close(&self, settle: Settler) {
        *self.settler.lock().unwrap_or_else(|e| e.into_inner()) = Some(settle);
    }

    pub(super) fn touch(&self, what: Touched) {
        let mut touched = self.touched.lock().unwrap_or_else(|e| e.into_inner());
        if *touched == Touched::Taken {
            // Written after the answer was settled: it no longer holds.
            remove(&self.path);
            *touched = Touched::All;
            return;
        }
        touched.add(what);
    }

    /// What this store has written to since it opened. The answer it moved aside is then
    /// the caller's to settle, with [`Store::kept_base`], [`Store::keep`] and
    /// [`Store::settle_kept`].
    pub fn take_touched(&self) -> Touched {
        let mut touched = self.touched.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::replace(&mut *touched, Touched::Taken)
    }

    /// Whether this store moved an answer aside when it opened (a folder opened to write).
    fn moves_aside(&self) -> bool {
        self.writes == super::open::Writes::Maybe && self._copy.is_none()
    }

    /// The answer this store moved aside when it opened, when it was made for `key`: each
    /// org's id and part.
    /// The orgs of the answer this store moved aside when it opened, when it was made for
    /// `key`, in order.
    pub fn kept_base_ids(&self, answer: Answer, key: &[u8]) -> Option<Vec<String>> {
        if !self.moves_aside() {
            return None;
        }
        Some(read_base(&self.path, answer, key)?.ids)
    }

    /// Keeps the answer this store moved aside for `key` again, for the orgs `ids` (the
    /// store's, in order), with the parts of `made` (by position in `ids`) made anew:
    /// every org it did not hold among them; whether it was kept.
    pub fn keep_replacing(
        &self,
        answer: Answer,
        key: &[u8],
        ids: &[String],
        made: &BTreeMap<usize, Vec<u8>>,
    ) -> bool {
        let Ok(generation) = self.generation() else {
            return false;
        };
        self.moves_aside() && rewrite(&self.path, answer, (key, generation), ids, made).is_ok()
    }

    /// Keeps `parts` (one per org of `ids`) as the answer for `key` beside this database,
    /// unless it is read from a copy; whether it was kept. The caller holds this store,
    /// and with it the folder's lock, until it returns.
    pub fn keep(&self, answer: Answer, key: &[u8], ids: &[&str], parts: &[&[u8]]) -> bool {
        let Ok(generation) = self.generation() else {
            return false;
        };
        self._copy.is_none() && write(&self.path, answer, (key, generation), ids, parts).is_ok()
    }

    /// Settles the answer this store moved aside: back as it was when `unchanged`, else
    /// dropped (whatever was to be kept is kept by now).
    pub fn settle_kept(&self, unchanged: bool) {
        if !self.moves_aside() {
            return;
        }
        if unchanged {
            put_back(&self.path);
        } else {
            drop_base(&self.path);
        }
    }
}

impl Drop for super::Store {
    fn drop(&mut self) {
        let settler = self
            .settler
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        let orgs_only = matches!(
            *self.touched.lock().unwrap_or_else(|e| e.into_inner()),
            Touched::Orgs(_)
        );
        // Nothing moved aside, nothing to make again: the judging is not even started.
        if let Some(settle) = settler
            && orgs_only
            && self.moves_aside()
            && Answer::ALL
                .iter()
                .any(|a| self.path.join(a.files()[1]).exists())
        {
            settle(self);
        }
        // An answer nobody settled: back when nothing was written, else dropped.
        match self.take_touched() {
            Touched::Taken => {}
            touched => self.settle_kept(touched == Touched::Nothing),
        }
    }
}
