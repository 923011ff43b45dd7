//! The schema on the server: numbered migrations that `dangjian server init` applies in
//! order, each once, and the access rules (row-level security) every table is held to.
//!
//! Who may do what is a table of grants (user, org, role). A secretary reads and writes
//! its org; an organizer its org and every org below it (a recursive walk over
//! `parent`); a viewer reads what an organizer of that org would. The owner of the
//! tables (who ran `server init`) is not held to the policies; everyone else is,
//! whether through dangjian or `psql`.

use postgres::Client;

use crate::store::{Result, StoreError};

/// The schema version this build reads and writes: the number of [`MIGRATIONS`].
pub const SCHEMA: i32 = MIGRATIONS.len() as i32;

/// Migration `n` is `MIGRATIONS[n - 1]`. Never edit one that has shipped: add another.
const MIGRATIONS: &[&str] = &[
    // 1: the objects, their indexes, the grants and the access rules.
    r#"
CREATE TABLE dangjian.orgs (
    id text PRIMARY KEY,
    parent text,
    body bytea NOT NULL
);
CREATE INDEX orgs_parent ON dangjian.orgs (parent);
CREATE TABLE dangjian.members (
    org text NOT NULL,
    id text NOT NULL,
    body bytea NOT NULL,
    PRIMARY KEY (org, id)
);
CREATE TABLE dangjian.records (
    id text PRIMARY KEY,
    org text NOT NULL,
    date date NOT NULL,
    obligations text[] NOT NULL,
    body bytea NOT NULL
);
-- Status reads an org's records from a day on (this year's), and of earlier years only
-- those of the obligations it judges over all time: the two indexes serve the two parts.
CREATE INDEX records_org_date ON dangjian.records (org, date, id);
CREATE INDEX records_org_obligations ON dangjian.records USING gin (obligations);
CREATE TABLE dangjian.marks (
    org text NOT NULL,
    checklist text NOT NULL,
    item text NOT NULL,
    body bytea NOT NULL,
    PRIMARY KEY (org, checklist, item)
);
CREATE TABLE dangjian.tombstones (
    org text NOT NULL,
    kind text NOT NULL,
    id text NOT NULL,
    body bytea NOT NULL,
    PRIMARY KEY (org, kind, id)
);
CREATE TABLE dangjian.grants (
    usr name NOT NULL,
    org text NOT NULL,
    role text NOT NULL CHECK (role IN ('secretary', 'organizer', 'viewer')),
    PRIMARY KEY (usr, org)
);

-- The org and every org below it.
CREATE FUNCTION dangjian.subtree(root text) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    WITH RECURSIVE t(id) AS (
        SELECT root
        UNION
        SELECT o.id FROM dangjian.orgs o JOIN t ON o.parent = t.id
    )
    SELECT id FROM t
$$;
CREATE FUNCTION dangjian.readable_orgs(u name) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT g.org FROM dangjian.grants g WHERE g.usr = u
    UNION
    SELECT s FROM dangjian.grants g, dangjian.subtree(g.org) s
    WHERE g.usr = u AND g.role IN ('organizer', 'viewer')
$$;
CREATE FUNCTION dangjian.writable_orgs(u name) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT g.org FROM dangjian.grants g WHERE g.usr = u AND g.role = 'secretary'
    UNION
    SELECT s FROM dangjian.grants g, dangjian.subtree(g.org) s
    WHERE g.usr = u AND g.role = 'organizer'
$$;
-- Whether the current user may write `o`: the owner of the tables always may.
CREATE FUNCTION dangjian.may_write(o text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    SELECT pg_has_role(current_user, (SELECT relowner FROM pg_class
                                      WHERE oid = 'dangjian.orgs'::regclass), 'MEMBER')
        OR o IN (SELECT dangjian.writable_orgs(current_user))
$$;

ALTER TABLE dangjian.orgs ENABLE ROW LEVEL SECURITY;
CREATE POLICY read ON dangjian.orgs FOR SELECT
    USING (id IN (SELECT dangjian.readable_orgs(current_user)));
CREATE POLICY add ON dangjian.orgs FOR INSERT
    WITH CHECK (id IN (SELECT dangjian.writable_orgs(current_user))
                OR parent IN (SELECT dangjian.writable_orgs(current_user)));
CREATE POLICY change ON dangjian.orgs FOR UPDATE
    USING (id IN (SELECT dangjian.writable_orgs(current_user)))
    WITH CHECK (id IN (SELECT dangjian.writable_orgs(current_user)));
CREATE POLICY remove ON dangjian.orgs FOR DELETE
    USING (id IN (SELECT dangjian.writable_orgs(current_user)));
"#,
    // 2: party dues (党费), each member's monthly amounts and payments.
    super::dues::MIGRATION,
];

/// The tables whose rows belong to an org by their `org` column, each held to the same
/// four policies (the orgs table has its own, above).
pub const ORG_TABLES: &[&str] = &[
    "members",
    "records",
    "marks",
    "tombstones",
    "dues_settings",
    "dues_payments",
];

fn org_table_policies(table: &str) -> String {
    format!(
        "ALTER TABLE dangjian.{table} ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS read ON dangjian.{table};
DROP POLICY IF EXISTS add ON dangjian.{table};
DROP POLICY IF EXISTS change ON dangjian.{table};
DROP POLICY IF EXISTS remove ON dangjian.{table};
CREATE POLICY read ON dangjian.{table} FOR SELECT
    USING (org IN (SELECT dangjian.readable_orgs(current_user)));
CREATE POLICY add ON dangjian.{table} FOR INSERT
    WITH CHECK (org IN (SELECT dangjian.writable_orgs(current_user)));
CREATE POLICY change ON dangjian.{table} FOR UPDATE
    USING (org IN (SELECT dangjian.writable_orgs(current_user)))
    WITH CHECK (org IN (SELECT dangjian.writable_orgs(current_user)));
CREATE POLICY remove ON dangjian.{table} FOR DELETE
    USING (org IN (SELECT dangjian.writable_orgs(current_user)));
"
    )
}

/// The schema version on the server (0: none yet).
pub fn version(client: &mut Client) -> std::result::Result<i32, postgres::Error> {
    let exists: bool = client
        .query_one("SELECT to_regclass('dangjian.migrations') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client
        .query_one(
            "SELECT coalesce(max(version), 0) FROM dangjian.migrations",
            &[],
        )?
        .get(0))
}

/// What [`init`] did: the version found and the version now.
pub struct Upgrade {
    pub from: i32,
    pub to: i32,
}

/// Applies the migrations the server lacks, each in its own transaction, under a lock so
/// that two `server init` at once apply each once. Refused against a newer schema.
pub fn init(client: &mut Client, url: &str) -> Result<Upgrade> {
    let pg = |source| StoreError::Postgres {
        url: url.to_string(),
        source,
    };
    let mut tx = client.transaction().map_err(pg)?;
    tx.batch_execute(
        "SELECT pg_advisory_xact_lock(7419);
         CREATE SCHEMA IF NOT EXISTS dangjian;
         CREATE TABLE IF NOT EXISTS dangjian.migrations (
             version integer PRIMARY KEY,
             applied_at timestamptz NOT NULL DEFAULT now()
         );
         GRANT USAGE ON SCHEMA dangjian TO PUBLIC;
         GRANT SELECT ON dangjian.migrations TO PUBLIC;",
    )
    .map_err(pg)?;
    let from: i32 = tx
        .query_one(
            "SELECT coalesce(max(version), 0) FROM dangjian.migrations",
            &[],
        )
        .map_err(pg)?
        .get(0);
    if from > SCHEMA {
        return Err(StoreError::NewerServerSchema {
            url: url.to_string(),
            found: from,
        });
    }
    for (n, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        tx.batch_execute(sql).map_err(pg)?;
        tx.execute(
            "INSERT INTO dangjian.migrations (version) VALUES ($1)",
            &[&(n as i32 + 1)],
        )
        .map_err(pg)?;
    }
    // The access rules are laid again on every init: idempotent, and a table a later
    // migration adds is covered as soon as it is listed.
    for table in ORG_TABLES {
        tx.batch_execute(&org_table_policies(table)).map_err(pg)?;
    }
    tx.commit().map_err(pg)?;
    Ok(Upgrade { from, to: SCHEMA })
}

/// Gives `user` `role` on `org`: a row in the grants and the table privileges the
/// policies then narrow.
pub fn grant(client: &mut Client, url: &str, user: &str, org: &str, role: &str) -> Result<()> {
    let pg = |source| StoreError::Postgres {
        url: url.to_string(),
        source,
    };
    let exists: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
            &[&user],
        )
        .map_err(pg)?
        .get(0);
    if !exists {
        return Err(StoreError::NoSuchUser(user.to_string()));
    }
    let mut tx = client.transaction().map_err(pg)?;
    privileges(&mut tx, user, "GRANT", "TO").map_err(pg)?;
    tx.execute(
        "INSERT INTO dangjian.grants (usr, org, role) VALUES ($1, $2, $3)
         ON CONFLICT (usr, org) DO UPDATE SET role = EXCLUDED.role",
        &[&user, &org, &role],
    )
    .map_err(pg)?;
    tx.commit().map_err(pg)
}

/// Takes back what `user` was granted on `org`; the table privileges go with the last
/// grant. Returns how many grants were removed.
pub fn revoke(client: &mut Client, url: &str, user: &str, org: &str) -> Result<u64> {
    let pg = |source| StoreError::Postgres {
        url: url.to_string(),
        source,
    };
    let mut tx = client.transaction().map_err(pg)?;
    let n = tx
        .execute(
            "DELETE FROM dangjian.grants WHERE usr = $1 AND org = $2",
            &[&user, &org],
        )
        .map_err(pg)?;
    let left: i64 = tx
        .query_one(
            "SELECT count(*) FROM dangjian.grants WHERE usr = $1",
            &[&user],
        )
        .map_err(pg)?
        .get(0);
    let exists: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
            &[&user],
        )
        .map_err(pg)?
        .get(0);
    if left == 0 && exists {
        privileges(&mut tx, user, "REVOKE", "FROM").map_err(pg)?;
    }
    tx.commit().map_err(pg)?;
    Ok(n)
}

/// Grants (or revokes) the privileges on every table of the data that the policies then
/// narrow: `verb` is `GRANT` or `REVOKE`, `to` is `TO` or `FROM`.
fn privileges(
    tx: &mut postgres::Transaction<'_>,
    user: &str,
    verb: &str,
    to: &str,
) -> std::result::Result<(), postgres::Error> {
    let quoted: String = tx.query_one("SELECT quote_ident($1)", &[&user])?.get(0);
    let tables = std::iter::once("orgs")
        .chain(ORG_TABLES.iter().copied())
        .map(|t| format!("dangjian.{t}"))
        .collect::<Vec<_>>()
        .join(", ");
    tx.batch_execute(&format!(
        "{verb} SELECT, INSERT, UPDATE, DELETE ON {tables} {to} {quoted}"
    ))
}
