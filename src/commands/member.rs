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
use crate::text::sanitize;

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
                earlier: Vec::new(),
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
            store.apply(Changes {
                members: [left, joined]
                    .into_iter()
                    .map(|m| ((m.org.clone(), m.id.clone()), Some(m)))
                    .collect(),
                ..Changes::default()
            })?;
            store.flush()?;
            writeln!(out, "{} {} → {to}", m.id, m.org)?;
        }
        MemberCommand::Import { org, file, dry_run } => {
            return import(ctx, &org, &file, dry_run, out);
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
        None => {
            store
                .contents_without_records(None, crate::store::Payments::Left)?
                .members
        }
    };
    let current: Vec<&Member> = members
        .iter()
        .filter(|m| m.left_on.is_none_or(|l| l > ctx.today))
        .collect();
    match entry::find_member(&current, name.trim()) {
        entry::Named::One(m) => Ok(m.clone()),
        entry::Named::Nobody => Err(refused(EntryError::UnknownMember {
            name: name.to_string(),
        })),
        entry::Named::Several(ids) => Err(refused(EntryError::AmbiguousMember {
            name: name.to_string(),
            ids,
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

/// `member import --org ID FILE [--dry-run]`: the whole 花名册 checked first, then written
/// in one transaction, or nothing.
fn import(
    ctx: &Context,
    org: &str,
    file: &std::path::Path,
    dry_run: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let lang = ctx.lang;
    let table = crate::exchange::roster::read(file).map_err(|e| {
        anyhow::anyhow!(
            "{}: {e}",
            lang.pick("读不了花名册", "cannot read the roster")
        )
        .context(file.display().to_string())
    })?;
    let store = if dry_run {
        ctx.open_store()?
    } else {
        ctx.open_store_to_write()?
    };
    existing_org(ctx, &*store, org)?;
    let existing = store.members(org)?;
    let plan = crate::exchange::roster::plan(&table, org, &existing, ctx.today, &ctx.stamp(), lang);
    if !plan.problems.is_empty() {
        return Err(anyhow::anyhow!(
            "{}\n{}",
            plan.problems.join("\n"),
            lang.pick(
                "花名册有误，未导入任何人",
                "the roster has problems; nobody was imported"
            )
        ));
    }
    for (word, who) in [
        (lang.pick("新增", "add"), &plan.added),
        (lang.pick("更新", "update"), &plan.updated),
    ] {
        for m in who {
            let dates: Vec<String> = m
                .stage_dates
                .iter()
                .map(|(s, d)| format!("{} {d}", lang.stage(*s)))
                .collect();
            writeln!(
                out,
                "{word} {} {} {} {}",
                m.id,
                sanitize(&m.name),
                lang.stage(m.stage),
                dates.join("，")
            )?;
        }
    }
    if !plan.skipped.is_empty() {
        writeln!(
            out,
            "{}{}",
            lang.pick("未保存的个人信息列：", "personal identifiers not stored: "),
            plan.skipped.join(lang.pick("、", ", "))
        )?;
    }
    if !plan.unused.is_empty() {
        writeln!(
            out,
            "{}{}",
            lang.pick("未使用的列：", "columns not used: "),
            plan.unused
                .iter()
                .map(|s| sanitize(s).into_owned())
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", "))
        )?;
    }
    let (a, u, n) = (plan.added.len(), plan.updated.len(), plan.unchanged);
    match lang {
        Lang::Zh => writeln!(
            out,
            "新增 {a} 人，更新 {u} 人，未变 {n} 人{}",
            if dry_run {
                "（试运行，未写入）"
            } else {
                ""
            }
        )?,
        Lang::En => writeln!(
            out,
            "added {a}, updated {u}, unchanged {n}{}",
            if dry_run {
                " (dry run, nothing written)"
            } else {
                ""
            }
        )?,
    }
    if !dry_run && a + u > 0 {
        store.apply(Changes {
            members: plan
                .added
                .into_iter()
                .chain(plan.updated)
                .map(|m| ((m.org.clone(), m.id.clone()), Some(m)))
                .collect(),
            ..Changes::default()
        })?;
        store.flush()?;
    }
    Ok(())
}
