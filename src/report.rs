//! Output types: the JSON of `status` / `overdue` (SPEC §5), Serialize only, and the
//! aligned text tables of the CLI.

pub mod dues;

use std::borrow::Cow;
use std::io::{self, Write};

use chrono::NaiveDate;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::checklist::{Catalog, Per};
use crate::lang::Lang;
use crate::model::{Org, OrgKind};
use crate::period::Every;
use crate::status::{MemberShort, ObligationStatus, OrgStatus, PeriodStatus, Status, Summary};
use crate::text::sanitize;

#[derive(Debug, Serialize)]
pub struct StatusReport {
    pub today: NaiveDate,
    pub orgs: Vec<OrgReport>,
}

/// Writes what `serde_json::to_writer_pretty` writes for a [`StatusReport`], from each
/// org's report already written by [`org_json`].
pub fn write_status_json(
    out: &mut dyn std::io::Write,
    today: NaiveDate,
    orgs: &[Vec<u8>],
) -> anyhow::Result<()> {
    write_status_parts(out, today, orgs.len(), |i, out| out.write_all(&orgs[i]))
}

/// [`write_status_json`] of `n` orgs, each org's part written by `part` in turn.
pub fn write_status_parts(
    out: &mut dyn std::io::Write,
    today: NaiveDate,
    n: usize,
    mut part: impl FnMut(usize, &mut dyn std::io::Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    write!(out, "{{\n  \"today\": \"{today}\",\n  \"orgs\": [")?;
    for i in 0..n {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        part(i, out)?;
    }
    out.write_all(if n == 0 { b"]\n}\n" } else { b"\n  ]\n}\n" })?;
    Ok(())
}

/// One org's report as pretty JSON, for [`write_status_json`]: as an element of `orgs`
/// it sits two levels deep, so every line is indented by four spaces.
pub fn org_json(report: &OrgReport) -> anyhow::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(16 << 10);
    serde_json::to_writer_pretty(&mut buf, report)?;
    let text = std::str::from_utf8(&buf).expect("serde_json writes UTF-8");
    let safe = crate::text::escape_json(text);
    // JSON strings hold no raw newline, so lines are safe to split on.
    let json = safe.as_bytes();
    let lines = json.iter().filter(|b| **b == b'\n').count() + 1;
    let mut out = Vec::with_capacity(json.len() + 4 * lines);
    for (i, line) in json.split(|b| *b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        out.extend_from_slice(b"    ");
        out.extend_from_slice(line);
    }
    Ok(out)
}

#[derive(Debug, Serialize)]
pub struct OrgReport {
    pub id: String,
    pub name: String,
    pub kind: OrgKind,
    pub summary: Summary,
    pub obligations: Vec<ObligationReport>,
    /// Its scores for today's year (SPEC §6); empty when no scored checklist applies.
    pub scores: Vec<crate::score::ChecklistScore>,
}

#[derive(Debug, Serialize)]
pub struct ObligationReport {
    pub id: String,
    pub title: String,
    pub checklist: String,
    pub item: String,
    pub every: Every,
    /// `None` only in `overdue` output, when the current period is neither overdue nor
    /// due soon.
    pub current: Option<PeriodReport>,
    pub missed: Vec<PeriodReport>,
}

#[derive(Debug, Serialize)]
pub struct PeriodReport {
    pub period: String,
    /// `None` for a one-off obligation, whose period has no first day.
    pub start: Option<NaiveDate>,
    pub end: NaiveDate,
    pub due: NaiveDate,
    pub status: Status,
    pub count: Progress<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<Progress<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members_short: Option<Vec<MemberShort>>,
    /// Why the org is exempt, on the current period of an exempt obligation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exempt: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Progress<T> {
    pub done: T,
    pub required: T,
}

impl PeriodReport {
    pub fn new(p: &PeriodStatus, per: Per) -> PeriodReport {
        PeriodReport {
            period: p.period.label.clone(),
            start: (p.period.every != Every::Once).then_some(p.period.start),
            end: p.period.end,
            due: p.due,
            status: p.status,
            count: Progress {
                done: p.count,
                required: p.count_required,
            },
            hours: p.hours_required.map(|required| Progress {
                done: p.hours.unwrap_or(0.0),
                required,
            }),
            members_short: (per == Per::Member).then(|| p.members_short.clone()),
            exempt: None,
        }
    }
}

impl OrgReport {
    /// The full report of one org; with `only_urgent`, only overdue and due-soon periods.
    pub fn new(catalog: &Catalog, org: &Org, status: &OrgStatus, only_urgent: bool) -> OrgReport {
        let urgent = |p: &PeriodStatus| matches!(p.status, Status::Overdue | Status::DueSoon);
        let obligations = status
            .obligations
            .iter()
            .filter_map(|s| {
                let o = &catalog.obligations[s.obligation];
                let current = (!only_urgent || urgent(&s.current)).then(|| {
                    let mut p = PeriodReport::new(&s.current, o.per);
                    p.exempt = s.exempt.clone();
                    p
                });
                let missed: Vec<PeriodReport> = s
                    .missed
                    .iter()
                    .map(|m| PeriodReport::new(m, o.per))
                    .collect();
                if only_urgent && current.is_none() && missed.is_empty() {
                    return None;
                }
                Some(ObligationReport {
                    id: o.id.clone(),
                    title: o.title.clone(),
                    checklist: o.checklist.clone(),
                    item: o.item.clone(),
                    every: o.every_for(org),
                    current,
                    missed,
                })
            })
            .collect();
        OrgReport {
            id: org.id.clone(),
            name: org.name.clone(),
            kind: org.kind,
            summary: status.summary(),
            obligations,
            scores: Vec::new(),
        }
    }
}

/// Progress in words: `1/2 次`, `21.5/32 学时`, `5/7 人达标`.
pub fn progress(p: &PeriodStatus, lang: Lang) -> String {
    if let Some((total, met)) = p.members {
        return format!("{met}/{total} {}", lang.pick("人达标", "members met"));
    }
    if let (Some(done), Some(required)) = (p.hours, p.hours_required) {
        return format!(
            "{}/{} {}",
            hours(done),
            hours(required),
            lang.pick("学时", "h")
        );
    }
    if p.period.every == Every::Term {
        return String::new();
    }
    let unit = match (lang, p.count_required) {
        (Lang::Zh, _) => "次",
        (Lang::En, 1) => "time",
        (Lang::En, _) => "times",
    };
    format!("{}/{} {unit}", p.count, p.count_required)
}

/// 完成率 ([`Summary::done_ratio`]) as a whole percentage, rounded down so that 100% means
/// everything owed is done; `—` when nothing is owed.
pub fn percent(ratio: Option<f64>) -> String {
    ratio.map_or("—".into(), |r| {
        format!("{}%", (r * 100.0 + 1e-9).floor() as u32)
    })
}

/// Hours without a trailing `.0`.
pub fn hours(h: f64) -> String {
    // `+ 0.0` turns the -0.0 of an empty sum into 0.
    let s = format!("{:.1}", h + 0.0);
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// A score or points as a person writes them: `2`, `1.5`, `81.25`.
pub fn number(x: f64) -> String {
    let s = format!("{:.2}", (x * 100.0).round() / 100.0 + 0.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Days left or overdue in words.
pub fn days_left(p: &PeriodStatus, today: NaiveDate, lang: Lang) -> String {
    if p.status.is_done() || p.status == Status::NotApplicable {
        return String::new();
    }
    let days = p.days_left(today);
    match (days, lang) {
        (0, _) => lang.pick("今天到期", "due today").to_string(),
        (d, Lang::Zh) if d > 0 => format!("剩 {d} 天"),
        (d, Lang::Zh) => format!("逾期 {} 天", -d),
        (d, Lang::En) if d > 0 => format!("{d} days left"),
        (d, Lang::En) => format!("{} days overdue", -d),
    }
}

/// Rows of the `status` table for one org: urgent first, not-applicable left out.
/// One line of the status table: typed, so that nothing reads a formatted cell back.
pub struct StatusRow {
    pub status: String,
    pub obligation: String,
    pub period: String,
    pub progress: String,
    pub due: NaiveDate,
    /// Days left or late, or why the org is exempt.
    pub note: String,
}

impl StatusRow {
    /// The row's cells, in the table's column order.
    pub fn cells(self) -> Vec<String> {
        vec![
            self.status,
            self.obligation,
            self.period,
            self.progress,
            self.due.to_string(),
            self.note,
        ]
    }
}

pub fn status_rows(
    catalog: &Catalog,
    status: &OrgStatus,
    today: NaiveDate,
    lang: Lang,
    only_urgent: bool,
) -> Vec<StatusRow> {
    let mut entries: Vec<(&ObligationStatus, &PeriodStatus)> = Vec::new();
    for s in &status.obligations {
        entries.extend(s.missed.iter().map(|m| (s, m)));
        entries.push((s, &s.current));
    }
    entries.retain(|(s, p)| {
        (p.status != Status::NotApplicable || s.exempt.is_some() && !only_urgent)
            && (!only_urgent || matches!(p.status, Status::Overdue | Status::DueSoon))
    });
    entries.sort_by_key(|(_, p)| (p.status, p.due));
    entries
        .into_iter()
        .map(|(s, p)| {
            let o = &catalog.obligations[s.obligation];
            StatusRow {
                status: lang.status(p.status).to_string(),
                obligation: o.title.clone(),
                period: lang.period_label(&p.period),
                progress: progress(p, lang),
                due: p.due,
                note: match &s.exempt {
                    Some(reason) => format!("{}{reason}", lang.pick("免：", "exempt: ")),
                    None => days_left(p, today, lang),
                },
            }
        })
        .collect()
}

/// Writes rows as columns aligned by display width (Chinese characters are two wide).
/// Every cell goes through [`sanitize`]: names and topics already stored never reach the
/// terminal raw.
pub fn write_table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let rows: Vec<Vec<Cow<str>>> = rows
        .iter()
        .map(|r| r.iter().map(|c| sanitize(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(cell.width());
            }
        }
    }
    let line = |out: &mut dyn Write, cells: &mut dyn Iterator<Item = &str>| -> io::Result<()> {
        let mut text = String::new();
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            text.extend(std::iter::repeat_n(
                ' ',
                widths[i].saturating_sub(cell.width()),
            ));
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(out, &mut header.iter().copied())?;
    for row in &rows {
        line(out, &mut row.iter().map(|c| c.as_ref()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_and_numbers_read_as_a_person_writes_them() {
        assert_eq!(hours(2.0), "2");
        assert_eq!(hours(1.5), "1.5");
        // The sum of no records is -0.0 in Rust; nobody writes "-0".
        assert_eq!(hours([].iter().sum::<f64>()), "0");
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(-0.0), "0");
    }

    /// The status document put together from each org's part is what serde writes for
    /// the whole; text that could steer a terminal is escaped, and reads back the same.
    #[test]
    fn status_json_from_parts_is_the_whole_document() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let org = |id: &str, name: &str, obligations| OrgReport {
            id: id.into(),
            name: name.into(),
            kind: OrgKind::TeacherBranch,
            summary: Summary {
                overdue: 1,
                ..Summary::default()
            },
            obligations,
            scores: Vec::new(),
        };
        let period = PeriodReport {
            period: "2026-11".into(),
            start: Some(day(1)),
            end: day(30),
            due: day(30),
            status: Status::DueSoon,
            count: Progress {
                done: 0,
                required: 1,
            },
            hours: None,
            members_short: None,
            exempt: None,
        };
        let obligation = ObligationReport {
            id: "theme-party-day".into(),
            title: "主题党日".into(),
            checklist: "model-branch".into(),
            item: "2.1".into(),
            every: Every::Month,
            current: Some(period),
            missed: Vec::new(),
        };
        let whole = |orgs: Vec<OrgReport>| {
            let parts: Vec<Vec<u8>> = orgs.iter().map(|o| org_json(o).unwrap()).collect();
            let mut out = Vec::new();
            write_status_json(&mut out, day(22), &parts).unwrap();
            let serde = serde_json::to_string_pretty(&StatusReport {
                today: day(22),
                orgs,
            })
            .unwrap();
            (String::from_utf8(out).unwrap(), serde + "\n")
        };
        for orgs in [
            vec![],
            vec![org("a", "一支部", vec![obligation])],
            vec![org("a", "一支部", vec![]), org("b", "二支部", vec![])],
        ] {
            let (parts, serde) = whole(orgs);
            assert_eq!(parts, serde);
        }
        let (parts, serde) = whole(vec![org("c", "三\u{202e}支部", vec![])]);
        assert!(parts.contains("三\\u202e支部"), "{parts}");
        let read = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
        assert_eq!(read(&parts), read(&serde));
    }
}
