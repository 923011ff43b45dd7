//! Where an export goes (SPEC §7): never inside the data folder, never over an existing
//! file unless asked, never through a symbolic link, and always whole: a temporary file
//! beside the target, renamed into place, removed if the export fails. The file gets the
//! mode the user's umask gives, since exports are meant to be shared.
//!
//! The temporary file may be anywhere, and `doctor` knows only the data folder: so before
//! it is created, a journal entry in `DATA/exporting/` names it, held locked while the
//! export lives and removed once the file is in place. `doctor` removes the temporary
//! files that entries no live export holds still name ([`abandoned`]).

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::lang::Lang;

/// The prefix of an export's temporary file; `doctor` removes one a kill left behind.
pub const TEMP_PREFIX: &str = ".dangjian-export";
/// The folder in the data folder that holds one journal entry per export under way.
pub const JOURNAL: &str = "exporting";

/// A file an export is asked to write.
#[derive(Debug, Clone, Copy)]
pub struct Output<'a> {
    pub path: &'a Path,
    /// Replace a file that is there.
    pub force: bool,
}

/// Why an export may not go where it was asked to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    InsideDataFolder { data: PathBuf },
    Exists,
    Symlink,
    NoFolder(PathBuf),
    NotAFile,
}

impl Refusal {
    pub fn message(&self, path: &Path, lang: Lang) -> String {
        let p = path.display();
        match (self, lang) {
            (Refusal::InsideDataFolder { data }, Lang::Zh) => format!(
                "{p} 在数据文件夹 {} 里，导出不能写到那里（会毁坏数据库）；请换一个位置",
                data.display()
            ),
            (Refusal::InsideDataFolder { data }, Lang::En) => format!(
                "{p} is inside the data folder {}; an export cannot go there (it could destroy the database), choose another place",
                data.display()
            ),
            (Refusal::Exists, Lang::Zh) => {
                format!("{p} 已存在；要替换它请加 --force")
            }
            (Refusal::Exists, Lang::En) => {
                format!("{p} exists already; add --force to replace it")
            }
            (Refusal::Symlink, Lang::Zh) => {
                format!("{p} 是符号链接，不会替换它；请直接写到它指向的文件")
            }
            (Refusal::Symlink, Lang::En) => format!(
                "{p} is a symbolic link and is not replaced; write to the file it points to instead"
            ),
            (Refusal::NoFolder(dir), Lang::Zh) => {
                format!("文件夹 {} 不存在；请先创建它", dir.display())
            }
            (Refusal::NoFolder(dir), Lang::En) => {
                format!(
                    "the folder {} does not exist; create it first",
                    dir.display()
                )
            }
            (Refusal::NotAFile, Lang::Zh) => format!("{p} 不是普通文件，不能替换"),
            (Refusal::NotAFile, Lang::En) => {
                format!("{p} is not a regular file and cannot be replaced")
            }
        }
    }
}

/// The folder a path's file lives in (`.` for a bare file name).
fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Whether `output` may be written, with `data` the data folder (none on a server).
pub fn check(output: Output, data: Option<&Path>) -> Result<(), Refusal> {
    let dir = folder(output.path);
    let Ok(real_dir) = dir.canonicalize() else {
        return Err(Refusal::NoFolder(dir.to_path_buf()));
    };
    if !real_dir.is_dir() {
        return Err(Refusal::NoFolder(dir.to_path_buf()));
    }
    if let Some(data) = data
        && let Ok(real_data) = data.canonicalize()
        && real_dir.starts_with(&real_data)
    {
        return Err(Refusal::InsideDataFolder {
            data: data.to_path_buf(),
        });
    }
    match std::fs::symlink_metadata(output.path) {
        Err(_) => Ok(()),
        Ok(m) if m.file_type().is_symlink() => Err(Refusal::Symlink),
        Ok(_) if !output.force => Err(Refusal::Exists),
        Ok(m) if !m.is_file() => Err(Refusal::NotAFile),
        Ok(_) => Ok(()),
    }
}

/// Writes `path` whole: `fill` writes a temporary file beside it (held locked, so that
/// `doctor` leaves a live export alone), which is synced, given `mode` and renamed over
/// `path`. On an error the temporary file is removed and `path` is untouched. With a data
/// folder, the temporary file is entered in its journal first ([`Entry`]).
pub fn write_whole(
    path: &Path,
    mode: u32,
    data: Option<&Path>,
    fill: impl FnOnce(&File, &Path) -> Result<()>,
) -> Result<()> {
    let dir = folder(path);
    let entry = data.and_then(|data| Entry::begin(data, dir));
    let mut builder = tempfile::Builder::new();
    let tmp = match &entry {
        Some(e) => builder.prefix(&e.temp_name).rand_bytes(0),
        None => builder.prefix(TEMP_PREFIX),
    }
    .tempfile_in(dir)
    .with_context(|| format!("{}", dir.display()))?;
    let _ = tmp.as_file().try_lock();
    fill(tmp.as_file(), tmp.path())?;
    tmp.as_file().sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode & 0o777))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    tmp.persist(path)
        .with_context(|| format!("{}", path.display()))?;
    drop(entry);
    Ok(())
}

/// An export under way, entered in the data folder's journal: a file that names the
/// temporary file (written and synced before that is created), locked while the export
/// lives, removed when it ends however it ends, unless a kill ends it.
struct Entry {
    _file: tempfile::NamedTempFile,
    temp_name: String,
}

impl Entry {
    /// None when the data folder cannot be written (a read-only folder can still be
    /// exported from; its journal cannot be kept) or does not exist (it is not created).
    fn begin(data: &Path, dir: &Path) -> Option<Entry> {
        let journal = data.join(JOURNAL);
        if !data.is_dir() || crate::store::open::create_private_dir(&journal).is_err() {
            return None;
        }
        let mut file = tempfile::Builder::new()
            .prefix("")
            .tempfile_in(&journal)
            .ok()?;
        file.as_file().try_lock().ok()?;
        let suffix = file.path().file_name()?.to_str()?.to_string();
        let temp_name = format!("{TEMP_PREFIX}{suffix}");
        let temp = std::path::absolute(dir).ok()?.join(&temp_name);
        use std::io::Write as _;
        file.write_all(temp.as_os_str().as_encoded_bytes()).ok()?;
        file.as_file().sync_all().ok()?;
        Some(Entry {
            _file: file,
            temp_name,
        })
    }
}

/// What killed exports left, as the data folder's journal lists it: each temporary file
/// an entry no live export holds still names, then the entry itself. Only a regular file
/// whose name an export would give it is named, wherever the entry says it is.
pub fn abandoned(data: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(data.join(JOURNAL)) else {
        return Vec::new();
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    let mut found = Vec::new();
    for entry in entries {
        let Ok(file) = File::open(&entry) else {
            continue;
        };
        if file.try_lock().is_err() {
            continue;
        }
        let temp = std::fs::read(&entry)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .map(PathBuf::from);
        if let Some(temp) = temp.filter(|t| is_temp(t))
            && File::open(&temp).is_ok_and(|f| f.try_lock().is_ok())
        {
            found.push(temp);
        }
        found.push(entry);
    }
    found
}

/// Whether `path` is a regular file (not a link) named as an export's temporary file.
fn is_temp(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with(TEMP_PREFIX))
        && std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

/// The temporary export files in `dir` that no live export holds: what a kill left.
pub fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(TEMP_PREFIX))
        .map(|e| e.path())
        .filter(|p| File::open(p).is_ok_and(|f| f.try_lock().is_ok()))
        .collect();
    found.sort();
    found
}
