//! 花名册 import (`member import`): a branch's roster from Excel or CSV becomes members.
//! Columns are found by their headers; every row is checked by the member builder of
//! `member add` before anything is written; personal identifiers are never kept.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::entry::{EntryError, MemberDraft, build_member};
use crate::i18n::parse_stage;
use crate::input::{DateForms, InputError, read_date};
use crate::lang::Lang;
use crate::messages::Localized;
use crate::model::{Member, Stage};
use crate::stages::StageError;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Id,
    Stage,
    /// The day a stage was entered: 入党时间 is admission (预备党员), 转正时间 full.
    Entered(Stage),
    JoinedOn,
    Tags,
    /// 身份证号, 联系电话, 家庭住址: never stored.
    Identifier,
}

/// A header's meaning, by the usual Chinese names and their variants.
fn column(header: &str) -> Option<Column> {
    let h: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    Some(match h.as_str() {
        "姓名" | "党员姓名" | "名字" => Column::Name,
        "学号" | "工号" | "编号" | "学号/工号" | "学工号" => Column::Id,
        "党员类别" | "人员类别" | "类别" | "政治面貌" => Column::Stage,
        "入党时间" | "入党日期" | "接收预备党员时间" => {
            Column::Entered(Stage::Probationary)
        }
        "转正时间" | "转正日期" => Column::Entered(Stage::Full),
        "申请入党时间" | "递交入党申请书时间" => Column::Entered(Stage::Applicant),
        "确定积极分子时间" | "确定为入党积极分子时间" => {
            Column::Entered(Stage::Activist)
        }
        "确定发展对象时间" | "确定为发展对象时间" => {
            Column::Entered(Stage::Candidate)
        }
        "转入时间" | "转入日期" => Column::JoinedOn,
        "职务" | "标签" | "党内职务" => Column::Tags,
        "身份证号" | "身份证号码" | "身份证" | "联系电话" | "电话" | "手机" | "手机号"
        | "家庭住址" | "住址" => Column::Identifier,
        _ => return None,
    })
}

/// The usual header of the column that holds the day someone entered `stage`.
fn date_column(stage: Stage) -> &'static str {
    match stage {
        Stage::Applicant => "申请入党时间",
        Stage::Activist => "确定积极分子时间",
        Stage::Candidate => "确定发展对象时间",
        Stage::Probationary => "入党时间",
        Stage::Full => "转正时间",
    }
}

/// A cell as read: text, or a date from an Excel date cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Date(NaiveDate),
}

/// A sheet: its header and its rows, each with its row number in the file (the header is
/// row 1).
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<Cell>)>,
}

/// Reads the first sheet of an xlsx, or a CSV (UTF-8, with or without a byte-order mark).
pub fn read(path: &Path) -> anyhow::Result<Table> {
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let mut grid: Vec<Vec<Cell>> = Vec::new();
    if is_csv {
        let text = std::fs::read_to_string(path)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut r = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        for rec in r.records() {
            grid.push(rec?.iter().map(|s| Cell::Text(s.to_string())).collect());
        }
    } else {
        use calamine::{Data, Reader};
        let mut book = calamine::open_workbook_auto(path)?;
        let range = book
            .worksheet_range_at(0)
            .ok_or_else(|| anyhow::anyhow!("no sheet"))??;
        let excel_epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("a date");
        for row in range.rows() {
            grid.push(
                row.iter()
                    .map(|c| match c {
                        Data::DateTime(d) => excel_epoch
                            .checked_add_days(chrono::Days::new(d.as_f64().max(0.0) as u64))
                            .map_or(Cell::Text(String::new()), Cell::Date),
                        Data::Float(f) if f.fract() == 0.0 => Cell::Text(format!("{f:.0}")),
                        Data::Empty => Cell::Text(String::new()),
                        other => Cell::Text(other.to_string()),
                    })
                    .collect(),
            );
        }
    }
    let mut rows = grid.into_iter().enumerate();
    let header = rows
        .next()
        .map(|(_, h)| {
            h.into_iter()
                .map(|c| match c {
                    Cell::Text(t) => t.trim().to_string(),
                    Cell::Date(d) => d.to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    let rows = rows
        .map(|(i, r)| (i + 1, r))
        .filter(|(_, r)| {
            r.iter()
                .any(|c| !matches!(c, Cell::Text(t) if t.trim().is_empty()))
        })
        .collect();
    Ok(Table { header, rows })
}

/// What an import would do.
#[derive(Debug, Default)]
pub struct Plan {
    pub added: Vec<Member>,
    pub updated: Vec<Member>,
    pub unchanged: usize,
    /// Headers of columns not used.
    pub unused: Vec<String>,
    /// Headers of personal identifiers, never stored.
    pub skipped: Vec<String>,
    /// `第7行 入党时间: "2019.13.01" 不是日期…`, one per problem.
    pub problems: Vec<String>,
}

/// Checks every row of `table` against `existing` (the org's members) as `member add`
/// would, on `today`, and works out what to add and update. Nothing is decided for a file
/// with any problem.
pub fn plan(
    table: &Table,
    org: &str,
    existing: &[Member],
    today: NaiveDate,
    stamp: &str,
    lang: Lang,
) -> Plan {
    let mut plan = Plan::default();
    let mut cols: Vec<(usize, Column)> = Vec::new();
    for (i, h) in table.header.iter().enumerate() {
        match column(h) {
            Some(Column::Identifier) => plan.skipped.push(h.clone()),
            Some(c) => cols.push((i, c)),
            None if h.is_empty() => {}
            None => plan.unused.push(h.clone()),
        }
    }
    if !cols.iter().any(|(_, c)| *c == Column::Name) {
        plan.problems.push(
            lang.pick("第1行：没有“姓名”列", "row 1: no 姓名 (name) column")
                .to_string(),
        );
        return plan;
    }
    let header = |i: usize| table.header[i].clone();
    let mut taken: Vec<String> = existing.iter().map(|m| m.id.clone()).collect();
    let mut next_free = 1;
    let mut seen: Vec<String> = Vec::new();
    for (row, cells) in &table.rows {
        let say = |problems: &mut Vec<String>, col: Option<usize>, message: String| {
            problems.push(match (col, lang) {
                (Some(c), Lang::Zh) => format!("第{row}行 {}: {message}", header(c)),
                (Some(c), Lang::En) => format!("row {row} {}: {message}", header(c)),
                (None, Lang::Zh) => format!("第{row}行: {message}"),
                (None, Lang::En) => format!("row {row}: {message}"),
            })
        };
        let text = |i: usize| match cells.get(i) {
            Some(Cell::Text(t)) => t.trim().to_string(),
            Some(Cell::Date(d)) => d.to_string(),
            None => String::new(),
        };
        let mut draft = MemberDraft::default();
        let mut dates: BTreeMap<Stage, NaiveDate> = BTreeMap::new();
        let mut stage: Option<Stage> = None;
        let mut bad = false;
        for &(i, c) in &cols {
            let value = text(i);
            match c {
                Column::Name => draft.name = value,
                Column::Id => draft.id = value,
                Column::Tags => {
                    draft.tags = value
                        .split([',', '，', '、', ';', '；'])
                        .map(|t| t.trim().to_string())
                        .filter(|t| !t.is_empty())
                        .collect()
                }
                Column::Stage if value.is_empty() => {}
                Column::Stage => match parse_stage(&value) {
                    Some(s) => stage = Some(s),
                    None => {
                        say(
                            &mut plan.problems,
                            Some(i),
                            StageError::Unknown(value).message(lang),
                        );
                        bad = true;
                    }
                },
                Column::Entered(_) | Column::JoinedOn => {
                    let date = match cells.get(i) {
                        Some(Cell::Date(d)) => Ok(Some(*d)),
                        _ if value.is_empty() => Ok(None),
                        _ => read_date(&value, today, DateForms::Roster).map(Some),
                    };
                    match (date, c) {
                        (Ok(Some(d)), Column::Entered(s)) => {
                            dates.insert(s, d);
                        }
                        (Ok(d), _) => draft.joined_on = d.or(draft.joined_on),
                        (Err(e), _) => {
                            say(&mut plan.problems, Some(i), date_problem(&e, lang));
                            bad = true;
                        }
                    }
                }
                Column::Identifier => {}
            }
        }
        if bad {
            continue;
        }
        // The stage: as written, else the latest stage with a date, else full.
        let stage = stage
            .or_else(|| dates.keys().max().copied())
            .unwrap_or(Stage::Full);
        let same = existing.iter().find(|m| {
            m.left_on.is_none_or(|l| l > today)
                && if draft.id.is_empty() {
                    m.name == draft.name.trim()
                } else {
                    m.id == draft.id
                }
        });
        if draft.id.is_empty() {
            draft.id = match same {
                Some(m) => m.id.clone(),
                None => loop {
                    let id = format!("m{next_free:02}");
                    next_free += 1;
                    if !taken.contains(&id) {
                        break id;
                    }
                },
            };
        }
        if seen.contains(&draft.id) {
            say(
                &mut plan.problems,
                None,
                EntryError::NamedTwice {
                    name: draft.id.clone(),
                }
                .message(lang),
            );
            continue;
        }
        seen.push(draft.id.clone());
        taken.push(draft.id.clone());
        draft.stage = stage;
        draft.stage_on = dates.get(&stage).copied();
        draft.earlier = dates.into_iter().filter(|(s, _)| *s != stage).collect();
        let others: Vec<Member> = existing
            .iter()
            .filter(|m| m.id != draft.id)
            .cloned()
            .collect();
        match build_member(org, draft, &others, false, stamp, today) {
            Err(EntryError::Stage(StageError::NeedsDate(s))) => {
                let col = cols.iter().find(|(_, c)| *c == Column::Entered(s));
                let name = col.map_or(date_column(s).to_string(), |(i, _)| header(*i));
                let message = crate::messages::stages::roster_needs_date(s, &name, lang);
                say(&mut plan.problems, None, message)
            }
            Err(e) => say(&mut plan.problems, None, e.message(lang)),
            Ok(new) => match same.or_else(|| existing.iter().find(|m| m.id == new.id)) {
                None => plan.added.push(new),
                Some(old) => {
                    let keep = |m: &Member| {
                        (
                            m.name.clone(),
                            m.tags.clone(),
                            m.joined_on,
                            m.stage,
                            m.stage_dates.clone(),
                        )
                    };
                    if keep(old) == keep(&new) {
                        plan.unchanged += 1;
                    } else {
                        let mut changed = old.clone();
                        (
                            changed.name,
                            changed.tags,
                            changed.joined_on,
                            changed.stage,
                            changed.stage_dates,
                        ) = keep(&new);
                        changed.updated_at = stamp.to_string();
                        plan.updated.push(changed);
                    }
                }
            },
        }
    }
    plan
}

/// A date refused as `"2019.13.01" 不是日期；应写成 …`.
fn date_problem(e: &InputError, lang: Lang) -> String {
    e.message(lang)
}
