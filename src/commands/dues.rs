//! `dangjian dues [--org ID] [--year YYYY]`, `dues set` and `dues pay` (SPEC §10).

use std::io::Write;

use anyhow::Result;
use chrono::Datelike;

use super::{existing_org, refused, write_json};
use crate::cli::{DuesArgs, DuesCommand, DuesPayArgs, DuesSetArgs, Format};
use crate::context::Context;
use crate::entry::{self, PaymentDraft, SettingDraft};
use crate::input::DateForms;
use crate::lang::Lang;
use crate::model::Member;
use crate::report::dues::{DuesReport, write_dues_table};
use crate::store::Storage;

pub fn run(ctx: &Context, args: DuesArgs, out: &mut dyn Write) -> Result<()> {
    match args.command {
        Some(DuesCommand::Set(set)) => run_set(ctx, set, out),
        Some(DuesCommand::Pay(pay)) => run_pay(ctx, pay, out),
        None => show(ctx, args.org.as_deref(), args.year, out),
    }
}

/// The members `--member` may name: those of `--org`, or of every org.
fn candidates(ctx: &Context, store: &dyn Storage, org: Option<&str>) -> Result<Vec<Member>> {
    Ok(match org {
        Some(id) => {
            existing_org(ctx, store, id)?;
            store.members(id)?
        }
        None => {
            let mut all = Vec::new();
            for o in store.orgs()? {
                all.extend(store.members(&o.id)?);
            }
            all
        }
    })
}

fn run_set(ctx: &Context, args: DuesSetArgs, out: &mut dyn Write) -> Result<()> {
    let draft = SettingDraft {
        monthly: args.monthly,
        base: args.base,
        rate_kind: args.rate_kind,
        from: args.from,
    };
    // What was typed is checked before the store is opened.
    entry::read_setting(&draft, ctx.today).map_err(refused)?;
    let store = ctx.open_store_to_write()?;
    let members = candidates(ctx, store.as_ref(), args.org.as_deref())?;
    let member = entry::find_dues_member(&members, &args.member).map_err(refused)?;
    let setting = entry::build_setting(member, &draft, ctx.today, &ctx.stamp()).map_err(refused)?;
    store.put_dues_setting(&setting)?;
    store.flush()?;
    let base = setting.base.map(|b| match ctx.lang {
        Lang::Zh => format!("（月收入 {b} 元）"),
        Lang::En => format!(" (monthly income {b})"),
    });
    match ctx.lang {
        Lang::Zh => writeln!(
            out,
            "{} 自 {} 起每月 {} 元{}",
            member.id,
            setting.from,
            setting.monthly,
            base.unwrap_or_default()
        )?,
        Lang::En => writeln!(
            out,
            "{} pays {} a month from {}{}",
            member.id,
            setting.monthly,
            setting.from,
            base.unwrap_or_default()
        )?,
    }
    Ok(())
}

fn run_pay(ctx: &Context, args: DuesPayArgs, out: &mut dyn Write) -> Result<()> {
    let draft = PaymentDraft {
        from: args.from,
        to: args.to,
        amount: args.amount,
        date: args.date,
    };
    // The months, the date and the amount as typed, before the store is opened.
    entry::read_payment(&draft, DateForms::MonthDay, ctx.today).map_err(refused)?;
    let store = ctx.open_store_to_write()?;
    let members = candidates(ctx, store.as_ref(), args.org.as_deref())?;
    let member = entry::find_dues_member(&members, &args.member).map_err(refused)?;
    let settings = store.dues_settings(Some(&member.org))?;
    let payments = store.dues_payments(Some(&member.org))?;
    let payment = entry::build_payment(
        member,
        &settings,
        &payments,
        &draft,
        DateForms::MonthDay,
        ctx.today,
        ctx.now,
        &ctx.stamp(),
    )
    .map_err(refused)?;
    store.put_dues_payment(&payment)?;
    store.flush()?;
    writeln!(out, "{}", payment.id)?;
    Ok(())
}

fn show(ctx: &Context, org: Option<&str>, year: Option<i32>, out: &mut dyn Write) -> Result<()> {
    let store = ctx.open_store()?;
    let mut orgs = match org {
        Some(id) => vec![existing_org(ctx, store.as_ref(), id)?],
        None => store.orgs()?,
    };
    orgs.sort_by(|a, b| a.id.cmp(&b.id));
    let year = year.unwrap_or(ctx.today.year());
    let dues = crate::judge::dues::dues_of(store.as_ref(), &orgs, year, ctx.today)?;
    if ctx.format == Format::Json {
        return write_json(out, &DuesReport::new(year, ctx.today, &dues));
    }
    if dues.is_empty() {
        writeln!(
            out,
            "{}",
            ctx.lang.pick(
                "没有党员（用 member add 新增，dues set 设置月交纳额）",
                "no members (add them with member add, set their dues with dues set)"
            )
        )?;
        return Ok(());
    }
    write_dues_table(out, &dues, ctx.lang)?;
    Ok(())
}
