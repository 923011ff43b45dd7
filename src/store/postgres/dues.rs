//! Party dues on the server: each member's monthly amounts and payments, in tables held
//! to the same access rules as members (by their `org`).

use postgres::Transaction;

use super::Server;
use crate::dues::{Payment, Setting};
use crate::store::encode;
use crate::store::{Changes, Result};

/// Migration 2: the dues tables.
pub const MIGRATION: &str = r#"
CREATE TABLE dangjian.dues_settings (
    org text NOT NULL,
    member text NOT NULL,
    month text NOT NULL,
    body bytea NOT NULL,
    PRIMARY KEY (org, member, month)
);
CREATE TABLE dangjian.dues_payments (
    org text NOT NULL,
    member text NOT NULL,
    id text NOT NULL,
    body bytea NOT NULL,
    PRIMARY KEY (org, member, id)
);
"#;

pub fn put_setting(
    tx: &mut Transaction<'_>,
    s: &Setting,
) -> std::result::Result<u64, postgres::Error> {
    tx.execute(
        "INSERT INTO dangjian.dues_settings (org, member, month, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org, member, month) DO UPDATE SET body = EXCLUDED.body",
        &[&s.org, &s.member, &s.from.to_string(), &encode(s)],
    )
}

pub fn put_payment(
    tx: &mut Transaction<'_>,
    p: &Payment,
) -> std::result::Result<u64, postgres::Error> {
    tx.execute(
        "INSERT INTO dangjian.dues_payments (org, member, id, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org, member, id) DO UPDATE SET body = EXCLUDED.body",
        &[&p.org, &p.member, &p.id, &encode(p)],
    )
}

/// The settings of `org`'s members (or every org's), in the folder's order.
pub fn settings(server: &Server, org: Option<&str>) -> Result<Vec<Setting>> {
    server.list(
        "SELECT member, body FROM dangjian.dues_settings WHERE $1::text IS NULL OR org = $1
         ORDER BY org COLLATE \"C\", member COLLATE \"C\", month COLLATE \"C\"",
        &[&org],
    )
}

/// The payments of `org`'s members (or every org's), in the folder's order.
pub fn payments(server: &Server, org: Option<&str>) -> Result<Vec<Payment>> {
    server.list(
        "SELECT id, body FROM dangjian.dues_payments WHERE $1::text IS NULL OR org = $1
         ORDER BY org COLLATE \"C\", member COLLATE \"C\", id COLLATE \"C\"",
        &[&org],
    )
}

/// An import's dues changes, within `tx`.
pub fn apply(
    tx: &mut Transaction<'_>,
    changes: &Changes,
) -> std::result::Result<(), postgres::Error> {
    for ((org, member, month), s) in &changes.dues_settings {
        match s {
            Some(s) => put_setting(tx, s)?,
            None => tx.execute(
                "DELETE FROM dangjian.dues_settings WHERE org = $1 AND member = $2 AND month = $3",
                &[org, member, month],
            )?,
        };
    }
    for ((org, member, id), p) in &changes.dues_payments {
        match p {
            Some(p) => put_payment(tx, p)?,
            None => tx.execute(
                "DELETE FROM dangjian.dues_payments WHERE org = $1 AND member = $2 AND id = $3",
                &[org, member, id],
            )?,
        };
    }
    Ok(())
}

/// Every org an import's dues changes write into.
pub fn orgs_touched(changes: &Changes) -> impl Iterator<Item = String> + '_ {
    changes
        .dues_settings
        .iter()
        .map(|((org, ..), _)| org.clone())
        .chain(
            changes
                .dues_payments
                .iter()
                .map(|((org, ..), _)| org.clone()),
        )
}
