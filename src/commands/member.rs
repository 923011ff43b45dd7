//! `dangjian member add|list|advance|move|leave`.

use std::io::Write;

use anyhow::Result;

use super::{date_arg, existing_org, refused, write_json};
use crate::cli::{Format, MemberCommand};
use crate::context::Context;
use crate::entry::{self, EntryError, MemberDraft, build_member};
use crate::i18n::parse_stage;
use crate::lang::Lang;
use crate::model::{Member, Stage};
use crate::report::write_table;
use crate::stages::StageError;
use crate::store::{Changes, Storage};

pub fn run(ctx: &Context, command: MemberCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        MemberCommand::Add {
            org,
            id,
            name,
            tag,
            joined_on,
            stage,
            on,
        } => {
            let draft = MemberDraft {
                id,
                name,
                tags: tag,
                joined_on: date_arg(ctx, joined_on.as_deref())?,
                left_on: None,
                stage: stage_arg(stage.as_deref())?.unwrap_or_default(),
                stage_on: date_arg(ctx, on.as_deref())?,
            };
            // Every field is checked before the store is opened; the id's uniqueness then.
            build_member(&org, draft.clone(), &[], false, "", ctx.today).map_err(refused)?;
            let store = ctx.open_store_to_write()?;
            existing_org(ctx, &*store, &org)?;
            let members = store.members(&org)?;
            let member = build_member(&org, draft, &members, false, &ctx.stamp(), ctx.today)
                .map_err(refused)?;
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
            list(ctx.lang, &members, out)?;
        }
        MemberCommand::Advance {
            id,
            org,
            to,
            on,
            extend_months,
        } => {
            let to = stage_arg(to.as_deref())?;
            let on = date_arg(ctx, on.as_deref())?;
            let store = ctx.open_store_to_write()?;
            let m = find_member(ctx, &*store, &id, org.as_deref())?;
            let moved = entry::advance_member(&m, to, on, extend_months, ctx.today, &ctx.stamp())
                .map_err(refused)?;
            store.put_member(&moved)?;
            store.flush()?;
            writeln!(out, "{} {}", moved.id, moved.stage.as_str())?;
        }
        MemberCommand::Move { id, org, to, on } => {
            let on = date_arg(ctx, Some(&on))?.expect("given");
            let store = ctx.open_store_to_write()?;
            let m = find_member(ctx, &*store, &id, org.as_deref())?;
            existing_org(ctx, &*store, &to)?;
            let target = store.members(&to)?;
            let (left, joined) = entry::move_member(&m, &to, on, &target, ctx.today, &ctx.stamp())
                .map_err(refused)?;
            // Both memberships change in one transaction: never one without the other.
            store.apply(&Changes {
                members: [left, joined]
                    .into_iter()
                    .map(|m| ((m.org.clone(), m.id.clone()), Some(m)))
                    .collect(),
                ..Changes::default()
            })?;
            store.flush()?;
            writeln!(out, "{} {} → {to}", m.id, m.org)?;
        }
        MemberCommand::Leave {
            id,
            org,
            on,
            reason,
        } => {
            let on = date_arg(ctx, Some(&on))?.expect("given");
            let store = ctx.open_store_to_write()?;
            let m = find_member(ctx, &*store, &id, org.as_deref())?;
            let left = entry::leave_member(&m, on, reason.as_deref(), ctx.today, &ctx.stamp())
                .map_err(refused)?;
            store.put_member(&left)?;
            store.flush()?;
            writeln!(out, "{} {}", left.id, left.org)?;
        }
    }
    Ok(())
}

/// `--stage` / `--to` text as a stage, by the one stage parser.
fn stage_arg(s: Option<&str>) -> Result<Option<Stage>> {
    s.map(|s| parse_stage(s).ok_or_else(|| refused(StageError::Unknown(s.to_string()))))
        .transpose()
}

/// The member named `name` (id, else exact name) among the current members of `org`, or
/// of every org: one who has not left by today. Several are refused, listing them.
fn find_member(
    ctx: &Context,
    store: &dyn Storage,
    name: &str,
    org: Option<&str>,
) -> Result<Member> {
    let members = match org {
        Some(o) => {
            existing_org(ctx, store, o)?;
            store.members(o)?
        }
        None => store.contents_without_records(None)?.members,
    };
    let current = |m: &&Member| m.left_on.is_none_or(|l| l > ctx.today);
    let by_id: Vec<&Member> = members
        .iter()
        .filter(current)
        .filter(|m| m.id == name)
        .collect();
    let found = if by_id.is_empty() {
        members
            .iter()
            .filter(current)
            .filter(|m| m.name == name.trim())
            .collect()
    } else {
        by_id
    };
    match found.as_slice() {
        [m] => Ok((*m).clone()),
        [] => Err(refused(EntryError::UnknownMember {
            name: name.to_string(),
        })),
        many => Err(refused(EntryError::AmbiguousMember {
            name: name.to_string(),
            ids: many.iter().map(|m| format!("{}/{}", m.org, m.id)).collect(),
        })),
    }
}

/// `member list` as a table: id, name, tags, stage and the day each stage was entered,
/// joined and left (with where to or why).
fn list(lang: Lang, members: &[Member], out: &mut dyn Write) -> Result<()> {
    let rows: Vec<Vec<String>> = members
        .iter()
        .map(|m| {
            let dates: Vec<String> = m
                .stage_dates
                .iter()
                .map(|(s, d)| format!("{} {d}", lang.stage(*s)))
                .collect();
            let mut left = m.left_on.map(|d| d.to_string()).unwrap_or_default();
            if let Some(to) = m.moved_to.as_ref().or(m.left_reason.as_ref()) {
                left = format!("{left} {to}");
            }
            let mut stage = lang.stage(m.stage).to_string();
            if let Some(n) = m.extension_months {
                let (ext, months) = (lang.pick("延长", "extended"), lang.pick("个月", "months"));
                stage = format!("{stage}（{ext} {n} {months}）");
            }
            vec![
                m.id.clone(),
                m.name.clone(),
                m.tags.join(","),
                stage,
                dates.join("，"),
                m.joined_on.map(|d| d.to_string()).unwrap_or_default(),
                left,
            ]
        })
        .collect();
    let header = match lang {
        Lang::Zh => [
            "编号",
            "姓名",
            "标签",
            "阶段",
            "阶段日期",
            "入党/转入",
            "转出",
        ],
        Lang::En => [
            "id",
            "name",
            "tags",
            "stage",
            "stage dates",
            "joined",
            "left",
        ],
    };
    write_table(out, &header, &rows)?;
    Ok(())
}
