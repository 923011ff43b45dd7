//! `dangjian member add|list`.

use std::io::Write;

use anyhow::Result;

use super::{date_arg, existing_org, refused, write_json};
use crate::cli::{Format, MemberCommand};
use crate::context::Context;
use crate::entry::{MemberDraft, build_member};
use crate::lang::Lang;
use crate::report::write_table;

pub fn run(ctx: &Context, command: MemberCommand, out: &mut dyn Write) -> Result<()> {
    let lang = ctx.lang;
    match command {
        MemberCommand::Add {
            org,
            id,
            name,
            tag,
            joined_on,
        } => {
            let draft = MemberDraft {
                id,
                name,
                tags: tag,
                joined_on: date_arg(ctx, joined_on.as_deref())?,
                left_on: None,
            };
            // Every field is checked before the store is opened; the id's uniqueness then.
            build_member(&org, draft.clone(), &[], false, "").map_err(refused)?;
            let store = ctx.open_store_to_write()?;
            existing_org(ctx, &*store, &org)?;
            let members = store.members(&org)?;
            let member =
                build_member(&org, draft, &members, false, &ctx.stamp()).map_err(refused)?;
            store.put_member(&member)?;
            store.flush()?;
            writeln!(out, "{}", member.id)?;
        }
        MemberCommand::List { org } => {
            let store = ctx.open_store()?;
            existing_org(ctx, &*store, &org)?;
            let members = store.members(&org)?;
            if ctx.format == Format::Json {
                return write_json(out, &members);
            }
            let rows: Vec<Vec<String>> = members
                .iter()
                .map(|m| {
                    vec![
                        m.id.clone(),
                        m.name.clone(),
                        m.tags.join(","),
                        m.joined_on.map(|d| d.to_string()).unwrap_or_default(),
                        m.left_on.map(|d| d.to_string()).unwrap_or_default(),
                    ]
                })
                .collect();
            let header = match lang {
                Lang::Zh => ["编号", "姓名", "标签", "入党/转入", "转出"],
                Lang::En => ["id", "name", "tags", "joined", "left"],
            };
            write_table(out, &header, &rows)?;
        }
    }
    Ok(())
}
