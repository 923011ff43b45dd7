//! The words of a shared server (SPEC §11): what `server init`, `grant` and `revoke` did,
//! and the commands that only a data folder has.

use super::Localized;
use crate::lang::Lang;

/// A command that works on a data folder only, asked of a server.
pub struct FolderOnly {
    pub command: String,
    pub url: String,
}

impl Localized for FolderOnly {
    fn message(&self, lang: Lang) -> String {
        let (c, url) = (&self.command, &self.url);
        match lang {
            Lang::Zh => format!(
                "`dangjian {c}` 只用于数据文件夹，而现在用的是数据库 {url}；服务器请用 PostgreSQL 自己的工具（如 pg_dump）"
            ),
            Lang::En => format!(
                "`dangjian {c}` works on a data folder, and this is the database {url}; on a server use PostgreSQL's own tools (pg_dump)"
            ),
        }
    }
}

/// What a `server` command did.
pub enum ServerNote<'a> {
    /// The schema went from version `from` to `to` (equal: nothing to do).
    Init {
        url: &'a str,
        from: i32,
        to: i32,
    },
    Granted {
        user: &'a str,
        org: &'a str,
        role: &'a str,
    },
    Revoked {
        user: &'a str,
        org: &'a str,
        n: u64,
    },
}

fn role(role: &str, lang: Lang) -> &str {
    match (role, lang) {
        ("secretary", Lang::Zh) => "书记（读写本组织）",
        ("organizer", Lang::Zh) => "组织员（读写本组织及其下属组织）",
        ("viewer", Lang::Zh) => "查看者（只读本组织及其下属组织）",
        ("secretary", _) => "secretary (reads and writes the org)",
        ("organizer", _) => "organizer (reads and writes the org and every org below it)",
        ("viewer", _) => "viewer (reads the org and every org below it)",
        (other, _) => other,
    }
}

impl Localized for ServerNote<'_> {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ServerNote::Init { url, from, to }, Lang::Zh) if from == to => {
                format!("数据库 {url} 已是最新（版本 {to}），访问规则已重新设置")
            }
            (ServerNote::Init { url, from, to }, Lang::En) if from == to => {
                format!("database {url} is up to date (schema {to}); access rules laid again")
            }
            (ServerNote::Init { url, from, to }, Lang::Zh) => {
                format!("数据库 {url} 已从版本 {from} 升级到 {to}，访问规则已设置")
            }
            (ServerNote::Init { url, from, to }, Lang::En) => {
                format!("database {url} upgraded from schema {from} to {to}; access rules laid")
            }
            (ServerNote::Granted { user, org, role: r }, Lang::Zh) => {
                format!("{user} 现在是组织 {org} 的{}", role(r, lang))
            }
            (ServerNote::Granted { user, org, role: r }, Lang::En) => {
                format!("{user} is now {} of org {org}", role(r, lang))
            }
            (ServerNote::Revoked { user, org, n: 0 }, Lang::Zh) => {
                format!("{user} 在组织 {org} 上没有授权，未作改动")
            }
            (ServerNote::Revoked { user, org, n: 0 }, Lang::En) => {
                format!("{user} had no grant on org {org}; nothing changed")
            }
            (ServerNote::Revoked { user, org, .. }, Lang::Zh) => {
                format!("已收回 {user} 在组织 {org} 上的授权")
            }
            (ServerNote::Revoked { user, org, .. }, Lang::En) => {
                format!("{user}'s grant on org {org} is taken back")
            }
        }
    }
}

/// A `server` command given no server.
pub struct NoDatabase;

impl Localized for NoDatabase {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => "`dangjian server` 需要数据库地址：--database URL（或 DANGJIAN_DATABASE，或 config.yaml 的 database:）".into(),
            Lang::En => "`dangjian server` needs a database: --database URL (or DANGJIAN_DATABASE, or database: in config.yaml)".into(),
        }
    }
}
