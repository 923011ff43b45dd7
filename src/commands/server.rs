//! `dangjian server init|grant|revoke`: the schema and the access rules of a shared
//! PostgreSQL server (SPEC §11).

use std::io::Write;

use anyhow::Result;

use super::existing_org;
use crate::cli::ServerCommand;
use crate::context::Context;
use crate::messages::{Localized, NoDatabase, Refusal, ServerNote};
use crate::store::postgres::Server;

pub fn run(ctx: &Context, command: ServerCommand, out: &mut dyn Write) -> Result<()> {
    let url = ctx
        .database
        .as_deref()
        .ok_or_else(|| Refusal::new(NoDatabase))?;
    let note = match command {
        ServerCommand::Init => {
            let up = Server::connect(url)?.init()?;
            ServerNote::Init {
                url,
                from: up.from,
                to: up.to,
            }
            .message(ctx.lang)
        }
        ServerCommand::Grant { user, org, role } => {
            let server = Server::open(url)?;
            existing_org(ctx, &server, &org)?;
            server.grant(&user, &org, role.as_str())?;
            ServerNote::Granted {
                user: &user,
                org: &org,
                role: role.as_str(),
            }
            .message(ctx.lang)
        }
        ServerCommand::Revoke { user, org } => {
            let n = Server::open(url)?.revoke(&user, &org)?;
            ServerNote::Revoked {
                user: &user,
                org: &org,
                n,
            }
            .message(ctx.lang)
        }
    };
    writeln!(out, "{}", crate::text::sanitize(&note))?;
    Ok(())
}
