//! `dangjian status` and `dangjian overdue`.

use std::io::Write;

use anyhow::Result;
use chrono::NaiveDate;

use super::{existing_org, write_json};
use crate::cli::Format;
use crate::context::Context;
use crate::judge::{Judge, answer, dues};
use crate::lang::Lang;
use crate::model::Org;
use crate::report::{
    OrgReport, StatusReport, StatusRow, percent, status_rows, write_status_json,
    write_status_parts, write_table,
};
use crate::status::{OrgStatus, Status};
use crate::store::Answer;
use crate::text::sanitize;

pub fn run(ctx: &Context, org: Option<&str>, only_urgent: bool, out: &mut dyn Write) -> Result<()> {
    // Every org's status in JSON is kept beside the folder, and given again while
    // nothing it was made from has changed (see `crate::store::kept`).
    let whole = ctx.format == Format::Json && org.is_none() && !only_urgent;
    let key = whole.then(|| ctx.answer_key(answer::QUESTION)).flatten();
    if let Some(key) = &key
        && let Some(mut kept) = crate::store::kept::read(&ctx.data_dir, Answer::Status, key)
    {
        let lens = std::mem::take(&mut kept.lens);
        return write_status_parts(out, ctx.today, lens.len(), |i, out| {
            kept.copy_next(lens[i], out)
        });
    }
    let catalog = ctx.catalog()?;
    let cal = ctx.calendar()?;
    let store = ctx.open_store()?;
    let orgs = match org {
        Some(id) => vec![existing_org(ctx, &*store, id)?],
        None => store.orgs()?,
    };
    let judge = Judge::new(&catalog, &cal, ctx.today);
    // Holding every org, the orgs below a school are found among them, not read again.
    let judge = if org.is_none() {
        judge.among(&orgs)
    } else {
        judge
    };
    if ctx.format == Format::Json && !only_urgent {
        // Judged and written on every core, each org on its own; then printed in order.
        // With every org judged, the UI's overview is kept too.
        let keys = answer::Keys {
            overview: key.as_ref().and(ctx.answer_key(answer::OVERVIEW)),
            status: key,
        };
        let made = answer::Made::judge(&judge, &*store, &orgs, keys.overview.is_some())?;
        // Kept beside the folder on another core while it is printed, before the store,
        // and with it the folder's lock, is let go of.
        let folder = keys.status.as_ref().and(store.folder());
        return std::thread::scope(|s| {
            let kept = folder.map(|folder| s.spawn(|| made.keep(folder, &keys)));
            let printed = write_status_json(out, ctx.today, &made.parts);
            let _ = kept.map(|k| k.join());
            printed
        });
    }
    let mut judged: Vec<(Org, OrgStatus)> = Vec::with_capacity(orgs.len());
    for o in &orgs {
        let s = judge.status(&*store, o)?;
        judged.push((o.clone(), s));
    }
    // Members in arrears are listed by `overdue` whatever their org's obligations say.
    let dues_orgs: Vec<Org> = judged.iter().map(|(o, _)| o.clone()).collect();
    if only_urgent {
        // Worst first: the org with the longest-overdue entry leads.
        judged.retain(|(_, s)| worst_due(s).is_some());
        judged.sort_by_key(|(o, s)| (worst_due(s), o.id.clone()));
    }
    match ctx.format {
        Format::Json => {
            let orgs = judged
                .iter()
                .map(|(o, s)| {
                    let mut r = OrgReport::new(&catalog, o, s, only_urgent);
                    r.scores = judge.scores(&*store, o)?;
                    if only_urgent {
                        r.obligations.sort_by_key(|ob| {
                            ob.missed.iter().chain(&ob.current).map(|p| p.due).min()
                        });
                    }
                    Ok(r)
                })
                .collect::<Result<Vec<_>>>()?;
            write_json(
                out,
                &StatusReport {
                    today: ctx.today,
                    orgs,
                },
            )
        }
        Format::Table if only_urgent => {
            let lang = ctx.lang;
            let mut rows: Vec<(NaiveDate, Vec<String>)> =
                dues_rows(store.as_ref(), &dues_orgs, ctx)?;
            for (o, s) in &judged {
                for row in status_rows(&catalog, s, ctx.today, lang, true) {
                    let due = row.due;
                    let mut cells = vec![o.name.clone()];
                    cells.extend(row.cells());
                    rows.push((due, cells));
                }
            }
            rows.sort_by_key(|r| r.0);
            let header = match lang {
                Lang::Zh => ["组织", "状态", "义务", "周期", "进度", "截止", ""],
                Lang::En => [
                    "org",
                    "status",
                    "obligation",
                    "period",
                    "progress",
                    "due",
                    "",
                ],
            };
            let rows: Vec<Vec<String>> = rows.into_iter().map(|(_, r)| r).collect();
            if rows.is_empty() {
                writeln!(
                    out,
                    "{}",
                    lang.pick(
                        "没有逾期或即将到期的事项。",
                        "Nothing is overdue or due soon."
                    )
                )?;
                return Ok(());
            }
            Ok(write_table(out, &header, &rows)?)
        }
        Format::Table => {
            let lang = ctx.lang;
            for (i, (o, s)) in judged.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                let sum = s.summary();
                writeln!(
                    out,
                    "{} ({}) {}  {} {} · {} {} · {} {} · {} {} · {} {}",
                    sanitize(&o.name),
                    sanitize(&o.id),
                    lang.kind(o.kind),
                    lang.status(Status::Overdue),
                    sum.overdue,
                    lang.status(Status::DueSoon),
                    sum.due_soon,
                    lang.status(Status::Done),
                    sum.done,
                    lang.status(Status::Pending),
                    sum.pending,
                    lang.pick("完成率", "done"),
                    percent(sum.done_ratio()),
                )?;
                let header = match lang {
                    Lang::Zh => ["状态", "义务", "周期", "进度", "截止", ""],
                    Lang::En => ["status", "obligation", "period", "progress", "due", ""],
                };
                write_table(
                    out,
                    &header,
                    &status_rows(&catalog, s, ctx.today, lang, false)
                        .into_iter()
                        .map(StatusRow::cells)
                        .collect::<Vec<_>>(),
                )?;
                if let Some(line) = dues_line(store.as_ref(), o, ctx)? {
                    writeln!(out, "{line}")?;
                }
                let in_force = catalog.in_force(o);
                let guides: Vec<&str> = in_force
                    .iter()
                    .map(|id| {
                        catalog
                            .checklist(id)
                            .map_or(id.as_str(), |c| c.title.as_str())
                    })
                    .collect();
                writeln!(
                    out,
                    "{}{}",
                    lang.pick("适用清单：", "Checklists: "),
                    sanitize(&guides.join(" · "))
                )?;
            }
            if judged.is_empty() {
                writeln!(
                    out,
                    "{}",
                    lang.pick(
                        "还没有组织：用 dangjian org add 添加，或运行 dangjian demo。",
                        "No orgs yet: add one with dangjian org add, or run dangjian demo."
                    )
                )?;
            }
            Ok(())
        }
    }
}

/// Writes a kept answer out, in large pieces.
/// The org's dues line, `党费 2026年11月 · 3 人未交`, when its members have monthly amounts.
fn dues_line(
    store: &dyn crate::store::Storage,
    org: &Org,
    ctx: &Context,
) -> Result<Option<String>> {
    if !dues::keeps_dues(store, &org.id)? {
        return Ok(None);
    }
    let unpaid = dues::unpaid_in(store, &org.id, ctx.today)?;
    let month = crate::dues::Month::of(ctx.today);
    Ok(Some(crate::messages::dues::status_line(
        month,
        unpaid.len(),
        ctx.lang,
    )))
}

/// One row of `overdue` per member in arrears: what they owe since when, by the last day
/// of the first month unpaid.
fn dues_rows(
    store: &dyn crate::store::Storage,
    orgs: &[Org],
    ctx: &Context,
) -> Result<Vec<(NaiveDate, Vec<String>)>> {
    let lang = ctx.lang;
    let mut rows = Vec::new();
    for o in orgs {
        for u in dues::unpaid_in(store, &o.id, ctx.today)? {
            let s = &u.standing;
            let (Some(first), Some(last)) = (s.unpaid.first(), s.unpaid.last()) else {
                continue;
            };
            if s.arrears == 0 {
                continue;
            }
            let months = s.unpaid.len();
            let remark = if s.current_run >= crate::dues::FLAG_RUN {
                crate::messages::dues::flag_words(lang).to_string()
            } else {
                String::new()
            };
            rows.push((
                first.last_day(),
                vec![
                    o.name.clone(),
                    crate::messages::dues::status_word(crate::dues::MonthStatus::Arrears, lang)
                        .to_string(),
                    format!("{} · {}", lang.pick("党费", "dues"), u.member.name),
                    format!("{first}–{last}"),
                    match lang {
                        Lang::Zh => format!("{months} 个月 · {} 元", s.owed),
                        Lang::En => format!("{months} months · {}", s.owed),
                    },
                    first.last_day().to_string(),
                    remark,
                ],
            ));
        }
    }
    Ok(rows)
}

/// The earliest due date among the overdue and due-soon periods.
fn worst_due(s: &OrgStatus) -> Option<NaiveDate> {
    s.obligations
        .iter()
        .flat_map(|o| o.missed.iter().chain(std::iter::once(&o.current)))
        .filter(|p| matches!(p.status, Status::Overdue | Status::DueSoon))
        .map(|p| p.due)
        .min()
}
