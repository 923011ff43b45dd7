//! `dangjian member add|list`.

use std::io::Write;

use anyhow::Result;

use super::{existing_org, refuse, write_json};
use crate::cli::{Format, MemberCommand};
use crate::context::Context;
use crate::input::{Field, check_id, check_name, check_text};
use crate::lang::Lang;
use crate::model::Member;
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
            check_id(Field::MemberId, &id)
                .and_then(|()| check_name(Field::MemberName, &name))
                .and_then(|()| tag.iter().try_for_each(|t| check_text(Field::Tag, t)))
                .map_err(|e| anyhow::Error::msg(e.message(lang)))?;
            let store = ctx.open_store_to_write()?;
            existing_org(ctx, &store, &org)?;
            let members = store.members(&org)?;
            if members.iter().any(|m| m.id == id) {
                return Err(refuse(
                    lang,
                    format!("组织 \"{org}\" 已有成员编号 \"{id}\"；请换一个编号"),
                    format!("org \"{org}\" already has a member \"{id}\"; choose another id"),
                ));
            }
            let member = Member {
                id,
                org,
                name: name.trim().to_string(),
                tags: tag,
                joined_on,
                left_on: None,
                updated_at: ctx.stamp(),
            };
            store.put_member(&member)?;
            store.flush()?;
            writeln!(out, "{}", member.id)?;
        }
        MemberCommand::List { org } => {
            let store = ctx.open_store()?;
            existing_org(ctx, &store, &org)?;
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
