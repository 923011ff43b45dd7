//! `dangjian mark set|list`: the marks on checklist items (状态, 落实措施, 责任人,
//! 完成时限, hand score).

use std::io::Write;

use anyhow::Result;

use super::{existing_org, refuse, write_json};
use crate::checklist::{Catalog, Item};
use crate::cli::{Format, MarkCommand};
use crate::context::Context;
use crate::input::{Field, check_text};
use crate::lang::Lang;
use crate::model::{Mark, MarkState};
use crate::report::{number, write_table};

pub fn run(ctx: &Context, command: MarkCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        MarkCommand::Set {
            org,
            item,
            state,
            score,
            owner,
            deadline,
            note,
        } => {
            owner
                .iter()
                .try_for_each(|o| check_text(Field::Owner, o))
                .and_then(|()| note.iter().try_for_each(|n| check_text(Field::Note, n)))
                .map_err(|e| anyhow::Error::msg(e.message(ctx.lang)))?;
            let catalog = ctx.catalog()?;
            let store = ctx.open_store_to_write()?;
            let org = existing_org(ctx, &store, &org)?;
            let (checklist, found) = find_item(ctx, &catalog, &item)?;
            if !catalog.is_in_force(&org, checklist) {
                return Err(refuse(
                    ctx.lang,
                    format!(
                        "清单 \"{checklist}\" 对组织 \"{}\" 不适用；适用的清单：{}（见 org edit --checklist）",
                        org.id,
                        catalog.in_force(&org).join(", ")
                    ),
                    format!(
                        "checklist \"{checklist}\" is not in force for org \"{}\"; in force: {} (see org edit --checklist)",
                        org.id,
                        catalog.in_force(&org).join(", ")
                    ),
                ));
            }
            if let Some(n) = score {
                check_score(ctx, &item, found, n)?;
            }
            let mut mark = store
                .marks(&org.id)?
                .into_iter()
                .find(|m| m.checklist == checklist && m.item == found.id)
                .unwrap_or(Mark {
                    org: org.id.clone(),
                    checklist: checklist.to_string(),
                    item: found.id.clone(),
                    state: MarkState::Todo,
                    note: None,
                    owner: None,
                    deadline: None,
                    score: None,
                    updated_at: String::new(),
                });
            let text = |s: String| Some(s.trim().to_string()).filter(|s| !s.is_empty());
            if let Some(s) = state {
                mark.state = s;
            }
            if score.is_some() {
                mark.score = score;
            }
            if let Some(o) = owner {
                mark.owner = text(o);
            }
            if let Some(d) = deadline {
                mark.deadline = Some(d);
            }
            if let Some(n) = note {
                mark.note = text(n);
            }
            mark.updated_at = ctx.stamp();
            store.put_mark(&mark)?;
            store.flush()?;
            writeln!(out, "{}:{}", mark.checklist, mark.item)?;
            Ok(())
        }
        MarkCommand::List { org } => {
            let catalog = ctx.catalog()?;
            let store = ctx.open_store()?;
            let org = existing_org(ctx, &store, &org)?;
            let marks = store.marks(&org.id)?;
            if ctx.format == Format::Json {
                return write_json(out, &marks);
            }
            let lang = ctx.lang;
            let rows: Vec<Vec<String>> = marks
                .iter()
                .map(|m| {
                    let item = catalog.item(&m.checklist, &m.item);
                    let points = item.and_then(|i| i.points);
                    let score = match (m.score, points) {
                        (Some(s), Some(p)) => format!("{} / {}", number(s), number(p)),
                        (None, Some(p)) => format!("— / {}", number(p)),
                        _ => String::new(),
                    };
                    vec![
                        format!("{}:{}", m.checklist, m.item),
                        lang.mark_state(m.state).to_string(),
                        score,
                        m.owner.clone().unwrap_or_default(),
                        m.deadline.map(|d| d.to_string()).unwrap_or_default(),
                        m.note.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            if rows.is_empty() {
                writeln!(
                    out,
                    "{}",
                    lang.pick(
                        "还没有标记：用 dangjian mark set 添加。",
                        "No marks yet: add one with dangjian mark set."
                    )
                )?;
                return Ok(());
            }
            let header = match lang {
                Lang::Zh => ["指标", "状态", "得分", "责任人", "完成时限", "落实措施"],
                Lang::En => ["item", "state", "score", "owner", "deadline", "note"],
            };
            Ok(write_table(out, &header, &rows)?)
        }
    }
}

/// `CHECKLIST:ITEM`, resolved against the loaded checklists.
fn find_item<'a>(ctx: &Context, catalog: &'a Catalog, spec: &str) -> Result<(&'a str, &'a Item)> {
    let Some((cid, iid)) = spec.split_once(':') else {
        return Err(refuse(
            ctx.lang,
            format!(
                "--item \"{spec}\" 格式不对；应为 清单编号:指标编号，例如 ideology-responsibility:1.1"
            ),
            format!("--item \"{spec}\" is not CHECKLIST:ITEM, e.g. ideology-responsibility:1.1"),
        ));
    };
    let Some(checklist) = catalog.checklist(cid) else {
        let known: Vec<&str> = catalog.checklists.iter().map(|c| c.id.as_str()).collect();
        return Err(refuse(
            ctx.lang,
            format!("没有清单 \"{cid}\"；已加载的清单：{}", known.join(", ")),
            format!(
                "unknown checklist \"{cid}\"; loaded checklists: {}",
                known.join(", ")
            ),
        ));
    };
    match catalog.item(cid, iid) {
        Some(item) => Ok((checklist.id.as_str(), item)),
        None => Err(refuse(
            ctx.lang,
            format!(
                "清单 \"{cid}\" 中没有指标 \"{iid}\"（见 dangjian 清单视图或 {}）",
                checklist.path
            ),
            format!(
                "checklist \"{cid}\" has no item \"{iid}\" (see the checklist view or {})",
                checklist.path
            ),
        )),
    }
}

/// A hand score goes on a leaf item with points, from 0 to those points.
fn check_score(ctx: &Context, spec: &str, item: &Item, n: f64) -> Result<()> {
    let Some(points) = item
        .points
        .filter(|_| item.items.is_empty() && item.kind.is_none())
    else {
        return Err(refuse(
            ctx.lang,
            format!(
                "指标 \"{spec}\" 没有分值（或不是末级评分指标），不能手工评分；--score 只用于有分值的指标"
            ),
            format!(
                "item \"{spec}\" has no points of its own (or is not a scored leaf item); --score is only for items with points"
            ),
        ));
    };
    if !(n.is_finite() && (0.0..=points).contains(&n)) {
        return Err(refuse(
            ctx.lang,
            format!(
                "得分 \"{n}\" 无效；指标 \"{spec}\" 的得分应在 0 到 {} 之间",
                number(points)
            ),
            format!(
                "score \"{n}\" is not valid; item \"{spec}\" takes a score from 0 to {}",
                number(points)
            ),
        ));
    }
    Ok(())
}
