//! Where an export goes (SPEC §7): never inside the data folder, never over an existing
//! file unless asked, never through a symbolic link, and always whole: a temporary file
//! beside the target, renamed into place, removed if the export fails. The file gets the
//! mode the user's umask gives, since exports are meant to be shared.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::lang::Lang;

/// The prefix of an export's temporary file; `doctor` removes one a kill left behind.
pub const TEMP_PREFIX: &str = ".dangjian-export";

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

/// Whether `output` may be written, with `data` the data folder.
pub fn check(output: Output, data: &Path) -> Result<(), Refusal> {
    let dir = folder(output.path);
    let Ok(real_dir) = dir.canonicalize() else {
        return Err(Refusal::NoFolder(dir.to_path_buf()));
    };
    if !real_dir.is_dir() {
        return Err(Refusal::NoFolder(dir.to_path_buf()));
    }
    if let Ok(real_data) = data.canonicalize()
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
/// `path`. On an error the temporary file is removed and `path` is untouched.
pub fn write_whole(
    path: &Path,
    mode: u32,
    fill: impl FnOnce(&File, &Path) -> Result<()>,
) -> Result<()> {
    let dir = folder(path);
    let tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
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
    Ok(())
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
