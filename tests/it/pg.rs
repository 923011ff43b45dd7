//! A throwaway PostgreSQL cluster for the tests that need one.
//!
//! With `DANGJIAN_TEST_PGHOST` (a socket folder or host), `DANGJIAN_TEST_PGPORT` and
//! `DANGJIAN_TEST_PGUSER` (a superuser) set, that server is used (CI starts one). Else,
//! where PostgreSQL's server programs are installed (`/usr/lib/postgresql/*/bin`), a
//! cluster is made in a temporary folder with `initdb`, started on a Unix socket there
//! (no TCP port), and stopped when the tests end; as root it runs as the `postgres`
//! user, since PostgreSQL refuses to run as root. Without either, each test says
//! loudly that it is skipped.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Cluster {
    /// The socket folder (or host name).
    pub host: String,
    pub port: u16,
    /// A superuser.
    pub user: String,
}

/// A database of its own for one test.
pub struct Db {
    pub name: String,
}

static CLUSTER: OnceLock<Option<Cluster>> = OnceLock::new();
static STARTED: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
static NEXT: AtomicUsize = AtomicUsize::new(0);

/// The cluster, or `None` after printing why the calling test is skipped.
pub fn cluster(test: &str) -> Option<&'static Cluster> {
    let c = CLUSTER.get_or_init(find_or_start).as_ref();
    if c.is_none() {
        // Straight to standard error: the test harness captures eprintln! of passing tests.
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED {test}: no PostgreSQL (install the `postgresql` package, or set \
             DANGJIAN_TEST_PGHOST/PGPORT/PGUSER) ***\n"
        );
    }
    c
}

impl Cluster {
    /// The URL of `db` as `user` (percent-encoding a socket folder, as URLs need).
    pub fn url(&self, user: &str, db: &str) -> String {
        let host = self.host.replace('/', "%2F");
        format!("postgresql://{user}@{host}:{}/{db}", self.port)
    }

    /// A fresh, empty database.
    pub fn fresh(&self, label: &str) -> Db {
        let name = format!(
            "dj_{label}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        self.sql("postgres", &format!("CREATE DATABASE {name}"));
        Db { name }
    }

    /// Runs `sql` as the superuser in `db`.
    pub fn sql(&self, db: &str, sql: &str) {
        let mut c = postgres::Client::connect(&self.url(&self.user, db), postgres::NoTls)
            .expect("the test cluster accepts its superuser");
        c.batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// `psql` as `user` on `db`, running `sql`: (success, stdout, stderr).
    pub fn psql(&self, user: &str, db: &str, sql: &str) -> (bool, String, String) {
        let out = Command::new("psql")
            .args(["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1"])
            .args(["-h", &self.host, "-p", &self.port.to_string()])
            .args(["-U", user, "-d", db, "-c", sql])
            .env_remove("PGPASSWORD")
            .output()
            .expect("psql runs");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// A login role of its own for one test (roles belong to the whole cluster).
    pub fn user(&self, label: &str) -> String {
        let name = format!("u_{label}_{}", std::process::id());
        self.sql(
            "postgres",
            &format!(
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') \
                 THEN CREATE ROLE {name} LOGIN; END IF; END $$"
            ),
        );
        name
    }
}

fn find_or_start() -> Option<Cluster> {
    if let (Ok(host), Ok(port), Ok(user)) = (
        std::env::var("DANGJIAN_TEST_PGHOST"),
        std::env::var("DANGJIAN_TEST_PGPORT"),
        std::env::var("DANGJIAN_TEST_PGUSER"),
    ) {
        return Some(Cluster {
            host,
            port: port.parse().expect("DANGJIAN_TEST_PGPORT is a port"),
            user,
        });
    }
    let bin = server_bin()?;
    Command::new("psql").arg("--version").output().ok()?;
    let dir = tempfile::Builder::new()
        .prefix("dangjian-pg-")
        .tempdir()
        .ok()?
        .keep();
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        let ok = Command::new("chown")
            .args(["postgres:postgres"])
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("cannot give {} to the postgres user", dir.display());
            return None;
        }
    }
    let data = dir.join("data");
    let run = |program: &str, args: &[&str]| {
        let mut c = if root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(bin.join(program));
            c
        } else {
            Command::new(bin.join(program))
        };
        c.args(args).output()
    };
    let data_s = data.to_str()?;
    let out = run(
        "initdb",
        &[
            "-D",
            data_s,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
        ],
    )
    .ok()?;
    if !out.status.success() {
        eprintln!("initdb failed: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    let options = format!(
        "-k {} -c listen_addresses='' -p 5432 -c fsync=off -c max_connections=100",
        dir.display()
    );
    let log = dir.join("log");
    let out = run(
        "pg_ctl",
        &[
            "-D",
            data_s,
            "-o",
            &options,
            "-l",
            log.to_str()?,
            "-w",
            "start",
        ],
    )
    .ok()?;
    if !out.status.success() {
        eprintln!(
            "pg_ctl start failed: {}{}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        return None;
    }
    STARTED.set((bin.clone(), dir.clone())).ok();
    unsafe { libc::atexit(stop) };
    Some(Cluster {
        host: dir.to_str()?.to_string(),
        port: 5432,
        user: "postgres".into(),
    })
}

/// The newest installed server's programs.
fn server_bin() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

/// Stops the cluster this process started and removes its folder.
extern "C" fn stop() {
    let Some((bin, dir)) = STARTED.get() else {
        return;
    };
    let data = dir.join("data");
    let mut c = if unsafe { libc::geteuid() } == 0 {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin.join("pg_ctl"));
        c
    } else {
        Command::new(bin.join("pg_ctl"))
    };
    let _ = c
        .args(["-D"])
        .arg(&data)
        .args(["-m", "immediate", "-w", "stop"])
        .output();
    let _ = std::fs::remove_dir_all(Path::new(dir));
}
