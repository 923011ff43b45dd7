//! `dangjian mark set|list`: the marks on checklist items (状态, 落实措施, 责任人,
//! 完成时限, hand score).

use std::io::Write;

use anyhow::Result;

use super::{date_arg, existing_org, refuse, refused, write_json};
use crate::cli::{Format, MarkCommand};
use crate::context::Context;
use crate::entry::{check_mark, check_mark_text};
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
            check_mark_text(&owner, &note).map_err(refused)?;
            let Some((checklist, item_id)) = item.split_once(':') else {
                return Err(refuse(
                    ctx.lang,
                    format!(
                        "--item \"{item}\" 格式不对；应为 清单编号:指标编号，例如 ideology-responsibility:1.1"
                    ),
                    format!(
                        "--item \"{item}\" is not CHECKLIST:ITEM, e.g. ideology-responsibility:1.1"
                    ),
                ));
            };
            let deadline = date_arg(ctx, deadline.as_deref())?;
            let catalog = ctx.catalog()?;
            let store = ctx.open_store_to_write()?;
            let org = existing_org(ctx, &*store, &org)?;
            let mut mark = store
                .marks(&org.id)?
                .into_iter()
                .find(|m| m.checklist == checklist && m.item == item_id)
                .unwrap_or(Mark {
                    org: org.id.clone(),
                    checklist: checklist.to_string(),
                    item: item_id.to_string(),
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
            check_mark(&catalog, &org, &mark).map_err(refused)?;
            store.put_mark(&mark)?;
            store.flush()?;
            writeln!(out, "{}:{}", mark.checklist, mark.item)?;
            Ok(())
        }
        MarkCommand::List { org } => {
            let catalog = ctx.catalog()?;
            let store = ctx.open_store()?;
            let org = existing_org(ctx, &*store, &org)?;
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
