//! `dangjian record add|list|delete`.

use std::io::Write;

use anyhow::Result;

use super::{date_arg, existing_org, refuse, refused, write_json};
use crate::cli::{Format, RecordAddArgs, RecordCommand};
use crate::context::Context;
use crate::entry::{self, Attendance, Draft};
use crate::lang::Lang;
use crate::report::{hours, write_table};

pub fn run(ctx: &Context, command: RecordCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        RecordCommand::Add(args) => add(ctx, *args, out),
        RecordCommand::List { org } => list(ctx, &org, out),
        RecordCommand::Delete { id } => {
            let store = ctx.open_store_to_write()?;
            match store.delete_record(&id, &ctx.stamp())? {
                Some(r) => {
                    store.flush()?;
                    writeln!(out, "{}", crate::text::sanitize(&r.id))?;
                    Ok(())
                }
                None => Err(refuse(
                    ctx.lang,
                    format!("没有记录 \"{id}\"（见 record list --org 组织编号）"),
                    format!("no record \"{id}\" (see record list --org ID)"),
                )),
            }
        }
    }
}

fn add(ctx: &Context, args: RecordAddArgs, out: &mut dyn Write) -> Result<()> {
    let date = date_arg(ctx, Some(&args.date))?;
    let catalog = ctx.catalog()?;
    let cal = ctx.calendar()?;
    let store = ctx.open_store_to_write()?;
    let org = existing_org(ctx, &*store, &args.org)?;
    let members = store.members(&org.id)?;
    let attendance = match (args.attendees, args.absent) {
        (Some(a), _) => Attendance::Only(a),
        (None, Some(a)) => Attendance::Absent(a),
        (None, None) => Attendance::All,
    };
    let draft = Draft {
        obligations: args.obligations,
        date,
        hours: args.hours,
        topic: args.topic,
        attendance,
        for_period: args.for_period,
        location: args.location,
        speaker: args.speaker,
        note: args.note,
        implied: !args.no_implied,
        points: args.points,
        amounts: args
            .amounts
            .iter()
            .map(|a| entry::parse_amount(a))
            .collect::<Result<_, _>>()
            .map_err(refused)?,
        excused: args.excused,
    };
    let record = entry::build(
        &catalog,
        &cal,
        &org,
        &members,
        &draft,
        ctx.today,
        entry::new_id(ctx.now),
        &ctx.stamp(),
    )
    .map_err(refused)?;
    store.put_record(&record)?;
    // Acknowledged means on disk: flushed and fsynced before the id is printed, which
    // happens while the database is still open (closing it syncs again).
    store.flush()?;
    writeln!(out, "{}", record.id)?;
    out.flush()?;
    Ok(())
}

fn list(ctx: &Context, org: &str, out: &mut dyn Write) -> Result<()> {
    let catalog = ctx.catalog()?;
    let store = ctx.open_store()?;
    existing_org(ctx, &*store, org)?;
    let mut records = store.records(org)?;
    records.reverse();
    if ctx.format == Format::Json {
        return write_json(out, &records);
    }
    let members = store.members(org)?;
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            let titles: Vec<&str> = r.obligations.iter().map(|o| catalog.title(o)).collect();
            let attendees = match &r.attendees {
                None => ctx.lang.pick("全体", "all").to_string(),
                Some(a) => {
                    let names = |ms: Vec<&crate::model::Member>| -> Vec<String> {
                        ms.iter().map(|m| m.name.clone()).collect()
                    };
                    let absent = names(r.absentees(&members));
                    let on_leave = names(r.on_leave(&members));
                    let total = a.len() + absent.len() + on_leave.len();
                    let mut text = format!("{}/{total}", a.len());
                    for (word, who) in [
                        (ctx.lang.pick("缺席", "absent"), &absent),
                        (ctx.lang.pick("请假", "on leave"), &on_leave),
                    ] {
                        if !who.is_empty() {
                            text = format!("{text} {word} {}", who.join(","));
                        }
                    }
                    text
                }
            };
            vec![
                r.date.to_string(),
                titles.join("+"),
                r.for_period.clone().unwrap_or_default(),
                r.topic.clone().unwrap_or_default(),
                r.hours.map(hours).unwrap_or_default(),
                attendees,
                r.id.clone(),
            ]
        })
        .collect();
    let header = match ctx.lang {
        Lang::Zh => ["日期", "义务", "补开", "主题", "学时", "参加", "编号"],
        Lang::En => [
            "date",
            "obligations",
            "for",
            "topic",
            "hours",
            "attendees",
            "id",
        ],
    };
    write_table(out, &header, &rows)?;
    Ok(())
}
