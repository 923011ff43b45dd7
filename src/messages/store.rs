//! What the data folder and the server say when something goes wrong: every
//! [`StoreError`] in Chinese and English side by side. English is also its `Display`, for
//! logs and the error chain.

use crate::lang::Lang;
use crate::store::postgres::{error_text as postgres_error_text, schema::SCHEMA as SERVER_SCHEMA};
use crate::store::{SCHEMA, StoreError};

use super::Localized;

impl Localized for StoreError {
    fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            StoreError::Busy(p) => {
                let p = p.display();
                if zh {
                    format!("数据文件夹 {p} 正被另一个 dangjian 使用（已等待 2 秒）；请关闭它或稍后再试")
                } else {
                    format!("data folder {p} is in use by another dangjian (waited 2 s); close it or try again")
                }
            }
            StoreError::NewerSchema { path, found } => {
                let p = path.display();
                if zh {
                    format!("数据文件夹 {p} 由更新版本的 dangjian 写入（数据库版本 {found}，本程序读取 {SCHEMA}）；请升级 dangjian")
                } else {
                    format!("data folder {p} was written by a newer dangjian (database schema {found}, this build reads {SCHEMA}); upgrade dangjian")
                }
            }
            StoreError::CreateDir { path, source } => {
                let p = path.display();
                if zh {
                    format!("无法创建数据文件夹 {p}：{source}")
                } else {
                    format!("cannot create data folder {p}: {source}")
                }
            }
            StoreError::Io { path, source } => {
                let p = path.display();
                if zh {
                    format!("无法使用 {p}：{source}")
                } else {
                    format!("cannot use {p}: {source}")
                }
            }
            StoreError::Sled { path, source } => {
                let (p, what) = (path.display(), sled_text(source, lang));
                if zh {
                    format!("{p} 的数据库出错：{what}；请运行 `dangjian doctor` 检查并修复")
                } else {
                    format!("database error in {p}: {what}; run `dangjian doctor` to check and repair it")
                }
            }
            StoreError::Missing(p) => {
                let p = p.display();
                if zh {
                    format!("数据文件夹 {p} 不存在；请检查 --data-dir（只读的命令不会创建它）")
                } else {
                    format!("data folder {p} does not exist; check --data-dir (a command that only reads creates none)")
                }
            }
            StoreError::Postgres { url, source } => {
                let what = postgres_error_text(source);
                if zh {
                    format!("无法使用数据库 {url}：{what}")
                } else {
                    format!("database {url}: {what}")
                }
            }
            StoreError::BadUrl { url, message } => {
                if zh {
                    format!("--database {url:?} 不是 PostgreSQL 地址：{message}")
                } else {
                    format!("--database {url:?} is not a PostgreSQL URL: {message}")
                }
            }
            StoreError::PasswordInUrl => lang
                .pick(
                    "数据库地址中不能含密码：请把密码放在 PGPASSWORD 或 ~/.pgpass 中",
                    "a database URL must not hold a password: put it in PGPASSWORD or ~/.pgpass instead",
                )
                .to_string(),
            StoreError::Refused(org) => {
                if zh {
                    format!("拒绝写入：你在本服务器上无权写入组织 {org}（请向管理员申请授权）")
                } else {
                    format!("refused: you may not write into org {org} on this server (ask for a grant)")
                }
            }
            StoreError::NoServerSchema(url) => {
                if zh {
                    format!("数据库 {url} 尚未建立 dangjian 的表；请先运行 `dangjian server init`")
                } else {
                    format!("the database {url} has no dangjian schema yet; run `dangjian server init` first")
                }
            }
            StoreError::OlderServerSchema { url, found } => {
                let ours = SERVER_SCHEMA;
                if zh {
                    format!("数据库 {url} 的版本是 {found}，低于本程序的 {ours}；请运行 `dangjian server init` 升级")
                } else {
                    format!("the database {url} has schema {found}, older than this build's {ours}; run `dangjian server init` to upgrade it")
                }
            }
            StoreError::NewerServerSchema { url, found } => {
                let ours = SERVER_SCHEMA;
                if zh {
                    format!("数据库 {url} 由更新版本的 dangjian 建立（版本 {found}，本程序认识 {ours}）；请升级 dangjian")
                } else {
                    format!("the database {url} was set up by a newer dangjian (schema {found}, this build knows {ours}); upgrade dangjian")
                }
            }
            StoreError::NoSuchUser(user) => {
                if zh {
                    format!("没有 PostgreSQL 用户 {user}；请先创建（createuser {user}）")
                } else {
                    format!("there is no PostgreSQL user {user}; create it first (createuser {user})")
                }
            }
            StoreError::Corrupt { key, message } => {
                if zh {
                    format!("存储的值 {key:?} 无法读取：{message}；请运行 `dangjian doctor` 检查并修复数据文件夹")
                } else {
                    format!("a stored value under {key:?} is unreadable: {message}; run `dangjian doctor` to check and repair the data folder")
                }
            }
        }
    }
}

/// English, for logs and the error chain; the user reads [`Localized::message`].
impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// A sled error as a user reads it: what happened, without Rust's debug text.
pub fn sled_text(e: &sled::Error, lang: Lang) -> String {
    match e {
        sled::Error::Io(io) => io.to_string(),
        sled::Error::Corruption { .. } => lang
            .pick("数据库文件已损坏", "the database files are damaged")
            .to_string(),
        sled::Error::Unsupported(what) => {
            format!("{}{what}", lang.pick("不支持的操作：", "unsupported: "))
        }
        sled::Error::ReportableBug(_) => lang
            .pick("数据库内部出错", "the database ran into an internal error")
            .to_string(),
        sled::Error::CollectionNotFound(_) => lang
            .pick("数据库缺少一部分", "a part of the database is missing")
            .to_string(),
    }
}
