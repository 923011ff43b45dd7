//! An answer kept beside the database (`status --format json` over every org), so that
//! asking again reads one file and opens no database.
//!
//! The file is `answer.kept` in the data folder: a header naming what the answer was made
//! from, then the answer's bytes. It is sound because of two rules:
//! - it is written only by a reader holding the folder's lock, from the database it
//!   judged, into a side file renamed into place (a kill leaves no half-written answer);
//! - every open that may write removes it before anything is written (also before sled
//!   opens), and so does a store's first write whatever opened it. A kill after the
//!   removal leaves no answer, never a stale one.
//!
//! The header holds the caller's key (the build, the day, the language, the checklists
//! and the configuration: whatever besides the database the answer depends on) and the
//! database's own identity (the device and inode of `db/` and its log), so that a
//! database put in place by hand is not answered for by the one before it.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::Path;

use super::open::private_file;

/// The kept answer, in the data folder.
pub const FILE: &str = "answer.kept";
/// Where an answer is written before it is renamed into place.
const WRITING: &str = "answer.kept.writing";
const MAGIC: &[u8; 16] = b"dangjian-kept-1\n";

/// Removes the kept answer of `dir`, if any. A folder that cannot be written keeps its
/// answer, but then nothing can write its database either.
pub fn remove(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(FILE));
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

/// The answer kept for `key` in `dir`, opened after its header, when there is one made
/// from the database as it stands. Nothing is locked: a writer removes the file before
/// it writes, and an open file keeps its bytes, so what is read was true when opened.
pub fn read(dir: &Path, key: &[u8]) -> Option<File> {
    let want = header(dir, key)?;
    let mut file = File::open(dir.join(FILE)).ok()?;
    let mut got = vec![0; want.len()];
    file.read_exact(&mut got).ok()?;
    (got == want).then_some(file)
}

/// An answer being written while its database is open ([`super::Store::keeper`]);
/// [`Keeper::finish`] puts it in place.
pub struct Keeper<'a> {
    file: BufWriter<File>,
    dir: &'a Path,
}

impl<'a> Keeper<'a> {
    /// Starts the answer for `key` in `dir`; `None` when the folder cannot take it.
    pub(super) fn start(dir: &'a Path, key: &[u8]) -> Option<Keeper<'a>> {
        let head = header(dir, key)?;
        let file = private_file(&dir.join(WRITING)).ok()?;
        file.set_len(0).ok()?;
        let mut file = BufWriter::with_capacity(1 << 20, file);
        file.write_all(&head).ok()?;
        Some(Keeper { file, dir })
    }

    /// Puts the answer written so far in place.
    pub fn finish(self) -> std::io::Result<()> {
        let file = self.file.into_inner().map_err(|e| e.into_error())?;
        drop(file);
        std::fs::rename(self.dir.join(WRITING), self.dir.join(FILE))
    }
}

impl Write for Keeper<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}
