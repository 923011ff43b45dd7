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
    #[error("database {url}: {}", super::postgres::error_text(source))]
    Postgres {
        url: String,
        source: postgres::Error,
    },
    #[error("--database {url:?} is not a PostgreSQL URL: {message}")]
    BadUrl { url: String, message: String },
    #[error("a database URL must not hold a password: put it in PGPASSWORD or ~/.pgpass instead")]
    PasswordInUrl,
    #[error("refused: you may not write into org {0} on this server (ask for a grant)")]
    Refused(String),
    #[error("the database {0} has no dangjian schema yet; run `dangjian server init` first")]
    NoServerSchema(String),
    #[error(
        "the database {url} has schema {found}, older than this build's {}; run `dangjian server init` to upgrade it",
        super::postgres::schema::SCHEMA
    )]
    OlderServerSchema { url: String, found: i32 },
    #[error(
        "the database {url} was set up by a newer dangjian (schema {found}, this build knows {}); upgrade dangjian",
        super::postgres::schema::SCHEMA
    )]
    NewerServerSchema { url: String, found: i32 },
    #[error("there is no PostgreSQL user {0}; create it first (createuser {0})")]
    NoSuchUser(String),
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
            (StoreError::Postgres { url, source }, Lang::Zh) => {
                format!(
                    "无法使用数据库 {url}：{}",
                    super::postgres::error_text(source)
                )
            }
            (StoreError::BadUrl { url, message }, Lang::Zh) => {
                format!("--database {url:?} 不是 PostgreSQL 地址：{message}")
            }
            (StoreError::PasswordInUrl, Lang::Zh) => {
                "数据库地址中不能含密码：请把密码放在 PGPASSWORD 或 ~/.pgpass 中".to_string()
            }
            (StoreError::Refused(org), Lang::Zh) => {
                format!("拒绝写入：你在本服务器上无权写入组织 {org}（请向管理员申请授权）")
            }
            (StoreError::NoServerSchema(url), Lang::Zh) => {
                format!("数据库 {url} 尚未建立 dangjian 的表；请先运行 `dangjian server init`")
            }
            (StoreError::OlderServerSchema { url, found }, Lang::Zh) => format!(
                "数据库 {url} 的版本是 {found}，低于本程序的 {}；请运行 `dangjian server init` 升级",
                super::postgres::schema::SCHEMA
            ),
            (StoreError::NewerServerSchema { url, found }, Lang::Zh) => format!(
                "数据库 {url} 由更新版本的 dangjian 建立（版本 {found}，本程序认识 {}）；请升级 dangjian",
                super::postgres::schema::SCHEMA
            ),
            (StoreError::NoSuchUser(user), Lang::Zh) => {
                format!("没有 PostgreSQL 用户 {user}；请先创建（createuser {user}）")
            }
            (StoreError::Corrupt { key, message }, Lang::Zh) => format!(
                "存储的值 {key:?} 无法读取：{message}；请运行 `dangjian doctor` 检查并修复数据文件夹"
            ),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
