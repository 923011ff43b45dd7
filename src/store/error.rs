//! What can go wrong with the data folder, each error in the user's language too.

use std::path::PathBuf;

use super::SCHEMA;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("data folder {0} is in use by another dangjian (waited 2 s); close it or try again")]
    Busy(PathBuf),
    #[error(
        "data folder {path} was written by a newer dangjian (database schema {found}, this build reads {SCHEMA}); upgrade dangjian"
    )]
    NewerSchema { path: PathBuf, found: u32 },
    #[error("cannot create data folder {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot use {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "database error in {path}: {}; run `dangjian doctor` to check and repair it",
        super::open::sled_text(source, crate::lang::Lang::En)
    )]
    Sled { path: PathBuf, source: sled::Error },
    #[error(
        "data folder {0} does not exist; check --data-dir (a command that only reads creates none)"
    )]
    Missing(PathBuf),
    #[error(
        "a stored value under {key:?} is unreadable: {message}; run `dangjian doctor` to check and repair the data folder"
    )]
    Corrupt { key: String, message: String },
}

impl StoreError {
    /// The message in the user's language.
    pub fn message(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (StoreError::Busy(p), Lang::Zh) => format!(
                "数据文件夹 {} 正被另一个 dangjian 使用（已等待 2 秒）；请关闭它或稍后再试",
                p.display()
            ),
            (StoreError::NewerSchema { path, found }, Lang::Zh) => format!(
                "数据文件夹 {} 由更新版本的 dangjian 写入（数据库版本 {found}，本程序读取 {SCHEMA}）；请升级 dangjian",
                path.display()
            ),
            (StoreError::CreateDir { path, source }, Lang::Zh) => {
                format!("无法创建数据文件夹 {}：{source}", path.display())
            }
            (StoreError::Io { path, source }, Lang::Zh) => {
                format!("无法使用 {}：{source}", path.display())
            }
            (StoreError::Sled { path, source }, Lang::Zh) => format!(
                "{} 的数据库出错：{}；请运行 `dangjian doctor` 检查并修复",
                path.display(),
                super::open::sled_text(source, lang)
            ),
            (StoreError::Missing(p), Lang::Zh) => format!(
                "数据文件夹 {} 不存在；请检查 --data-dir（只读的命令不会创建它）",
                p.display()
            ),
            (StoreError::Corrupt { key, message }, Lang::Zh) => format!(
                "存储的值 {key:?} 无法读取：{message}；请运行 `dangjian doctor` 检查并修复数据文件夹"
            ),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
