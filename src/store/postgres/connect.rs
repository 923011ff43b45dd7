//! From a `--database` URL to a connection, with libpq's defaults where the `postgres`
//! crate has none: a password only from `PGPASSWORD` or the password file (`PGPASSFILE`,
//! else `~/.pgpass`), never from the URL; the user from `PGUSER`, else the login name;
//! the server's socket folder when no host is named. `sslmode` is the URL's: this build
//! speaks no TLS, so `sslmode=require` fails plainly instead of connecting in the clear.

use std::path::{Path, PathBuf};

use postgres::config::Host;
use postgres::{Client, Config, NoTls};

use crate::store::{Result, StoreError};

/// Where Debian's server puts its socket, libpq's default host.
const DEFAULT_SOCKET_DIR: &str = "/var/run/postgresql";

/// Parses `url` and fills in what libpq would; a URL that holds a password is refused.
pub fn config(url: &str) -> Result<Config> {
    let mut config: Config = url
        .parse()
        .map_err(|e: postgres::Error| StoreError::BadUrl {
            url: url.to_string(),
            message: e.to_string(),
        })?;
    if config.get_password().is_some() {
        return Err(StoreError::PasswordInUrl);
    }
    if config.get_user().is_none() {
        let user = std::env::var("PGUSER")
            .or_else(|_| std::env::var("USER"))
            .or_else(|_| std::env::var("LOGNAME"))
            .map_err(|_| StoreError::BadUrl {
                url: url.to_string(),
                message: "no user name".into(),
            })?;
        config.user(&user);
    }
    if config.get_hosts().is_empty() {
        config.host_path(DEFAULT_SOCKET_DIR);
    }
    if config.get_dbname().is_none() {
        let user = config.get_user().unwrap_or_default().to_string();
        config.dbname(&user);
    }
    if let Some(password) = password_for(&config) {
        config.password(password);
    }
    Ok(config)
}

/// Connects as `config` says.
pub fn connect(config: &Config, url: &str) -> Result<Client> {
    config
        .connect(NoTls)
        .map_err(|source| StoreError::Postgres {
            url: url.to_string(),
            source,
        })
}

/// The password from `PGPASSWORD`, else from the password file's first matching line.
fn password_for(config: &Config) -> Option<String> {
    if let Ok(p) = std::env::var("PGPASSWORD") {
        return Some(p);
    }
    let file = match std::env::var_os("PGPASSFILE") {
        Some(f) => PathBuf::from(f),
        None => directories::BaseDirs::new()?.home_dir().join(".pgpass"),
    };
    let text = std::fs::read_to_string(&file).ok()?;
    if !private(&file) {
        return None; // libpq ignores a password file that others can read
    }
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        // libpq matches a socket connection against `localhost`.
        _ => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let want = [
        host.as_str(),
        port.as_str(),
        config.get_dbname().unwrap_or_default(),
        config.get_user().unwrap_or_default(),
    ];
    text.lines().find_map(|line| pgpass_match(line, &want))
}

/// The password of one password-file line (`host:port:database:user:password`, `*`
/// matching anything, `\:` and `\\` escaped) when its fields match `want`.
pub fn pgpass_match(line: &str, want: &[&str; 4]) -> Option<String> {
    if line.starts_with('#') {
        return None;
    }
    let mut fields = Vec::with_capacity(5);
    let mut field = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => field.extend(chars.next()),
            ':' if fields.len() < 4 => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    if fields.len() != 5 {
        return None;
    }
    let matches = fields[..4]
        .iter()
        .zip(want)
        .all(|(f, w)| f == "*" || f == w);
    matches.then(|| fields[4].clone())
}

#[cfg(unix)]
fn private(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 == 0)
}

#[cfg(not(unix))]
fn private(_: &Path) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_with_a_password_is_refused() {
        let e = config("postgres://wang:secret@db.example/dangjian").unwrap_err();
        assert!(matches!(e, StoreError::PasswordInUrl), "{e}");
        assert!(!e.to_string().contains("secret"));
    }

    #[test]
    fn pgpass_lines_match_field_by_field() {
        let want = ["db.example", "5432", "dangjian", "wang"];
        assert_eq!(
            pgpass_match("db.example:5432:dangjian:wang:pw", &want).as_deref(),
            Some("pw")
        );
        assert_eq!(
            pgpass_match("*:*:*:wang:a\\:b", &want).as_deref(),
            Some("a:b")
        );
        assert_eq!(pgpass_match("*:*:*:li:pw", &want), None);
        assert_eq!(pgpass_match("# *:*:*:*:pw", &want), None);
        assert_eq!(pgpass_match("*:*:*:pw", &want), None);
    }

    #[test]
    fn defaults_fill_in_the_user_host_and_database() {
        let c = config("postgres:///dangjian?user=wang").unwrap();
        assert_eq!(c.get_user(), Some("wang"));
        assert_eq!(c.get_dbname(), Some("dangjian"));
        assert!(!c.get_hosts().is_empty());
    }
}
