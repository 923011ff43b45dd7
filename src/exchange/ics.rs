//! The calendar export (SPEC §7, RFC 5545): one all-day event per obligation period that
//! is due from today on or is overdue, with an alarm `warn_days` before and a UID stable
//! across exports, so that a phone re-reading the file updates its events.

use std::io::{self, Write};

use chrono::NaiveDate;

use crate::checklist::Catalog;
use crate::judge::Judged;
use crate::lang::Lang;
use crate::period::{self, Calendar, Period};
use crate::report::progress;
use crate::status::{PeriodStatus, Status};

/// One event: what is due, for whom, when.
pub struct Event {
    pub uid: String,
    pub summary: String,
    pub description: String,
    pub due: NaiveDate,
    /// Days before `due` the alarm rings; `None` for a period already done.
    pub alarm: Option<u32>,
}

/// The events of every judged org, in org and obligation order.
pub fn events(
    catalog: &Catalog,
    cal: &Calendar,
    judged: &[Judged],
    today: NaiveDate,
    lang: Lang,
) -> Vec<Event> {
    let mut out = Vec::new();
    for j in judged {
        for o in &j.status.obligations {
            if o.current.status == Status::NotApplicable {
                continue;
            }
            let ob = &catalog.obligations[o.obligation];
            let event = |period: &Period, due: NaiveDate, status: Option<&PeriodStatus>| {
                let mut description = format!("{} {}", ob.checklist, ob.item);
                if let Some(p) = status {
                    description = format!(
                        "{} {} · {description}",
                        lang.status(p.status),
                        progress(p, lang)
                    );
                }
                Event {
                    uid: format!("{}/{}/{}@dangjian", j.org.id, ob.id, period.label),
                    summary: format!("{} · {} · {}", ob.title, j.org.name, period.label),
                    description,
                    due,
                    alarm: (!status.is_some_and(|p| p.status.is_done())).then_some(ob.warn_days),
                }
            };
            for p in &o.missed {
                out.push(event(&p.period, p.due, Some(p)));
            }
            let c = &o.current;
            if c.due >= today || c.status == Status::Overdue {
                out.push(event(&c.period, c.due, Some(c)));
            }
            if c.period.every.is_calendar()
                && let Some(next) = period::next(&c.period, cal)
            {
                let due_day = j.org.due_days.get(&ob.id).copied().or(ob.due_day);
                out.push(event(&next, next.due(due_day), None));
            }
        }
    }
    out
}

pub fn write(out: &mut dyn Write, events: &[Event], stamp: &str) -> io::Result<()> {
    let dtstamp: String = stamp
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .take(15)
        .collect();
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//dangjian//dangjian//ZH".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "X-WR-CALNAME:党建".into(),
    ];
    for e in events {
        let next_day = e.due.succ_opt().unwrap_or(e.due);
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", escape(&e.uid)),
            format!("DTSTAMP:{dtstamp}Z"),
            format!("DTSTART;VALUE=DATE:{}", e.due.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next_day.format("%Y%m%d")),
            format!("SUMMARY:{}", escape(&e.summary)),
            format!("DESCRIPTION:{}", escape(&e.description)),
            "TRANSP:TRANSPARENT".into(),
        ]);
        if let Some(days) = e.alarm {
            lines.extend([
                "BEGIN:VALARM".to_string(),
                "ACTION:DISPLAY".into(),
                format!("DESCRIPTION:{}", escape(&e.summary)),
                if days == 0 {
                    "TRIGGER:PT0S".into()
                } else {
                    format!("TRIGGER:-P{days}D")
                },
                "END:VALARM".into(),
            ]);
        }
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    for line in lines {
        out.write_all(fold(&line).as_bytes())?;
    }
    Ok(())
}

/// RFC 5545 §3.3.11: backslash, semicolon, comma and newline escaped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF and a space, never
/// splitting a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}
