//! `dangjian dues --format json` (SPEC §10): the one serialized shape of a year's dues,
//! and the table. Money is summed in fen; it becomes a JSON number of 元 only here.

use std::collections::BTreeMap;
use std::io::{self, Write};

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::dues::{Fen, MemberDues, MonthStatus, RED_RUN};
use crate::judge::dues::OrgDuesOf;
use crate::lang::Lang;
use crate::messages::dues::{flag_words, status_glyph};

/// An amount as a JSON number of 元 (`12.5`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Yuan(pub Fen);

impl Serialize for Yuan {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.0.as_yuan_number())
    }
}

#[derive(Debug, Serialize)]
pub struct DuesReport {
    pub year: i32,
    pub today: NaiveDate,
    pub orgs: Vec<OrgDuesReport>,
}

#[derive(Debug, Serialize)]
pub struct OrgDuesReport {
    pub id: String,
    pub name: String,
    pub members: Vec<MemberDuesReport>,
    pub collected: BTreeMap<String, Yuan>,
}

#[derive(Debug, Serialize)]
pub struct MemberDuesReport {
    pub id: String,
    pub name: String,
    pub monthly: Option<Yuan>,
    pub months: BTreeMap<String, MonthStatus>,
    pub paid: Yuan,
    pub owed: Yuan,
    pub arrears_months: u32,
    pub longest_run: u32,
}

impl DuesReport {
    pub fn new(year: i32, today: NaiveDate, orgs: &[OrgDuesOf]) -> DuesReport {
        DuesReport {
            year,
            today,
            orgs: orgs
                .iter()
                .map(|o| OrgDuesReport {
                    id: o.org.id.clone(),
                    name: o.org.name.clone(),
                    members: o.dues.members.iter().map(member).collect(),
                    collected: o
                        .dues
                        .collected
                        .iter()
                        .map(|(m, x)| (m.to_string(), Yuan(*x)))
                        .collect(),
                })
                .collect(),
        }
    }
}

fn member(m: &MemberDues) -> MemberDuesReport {
    MemberDuesReport {
        id: m.id.clone(),
        name: m.name.clone(),
        monthly: m.monthly.map(Yuan),
        months: m.months.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        paid: Yuan(m.paid),
        owed: Yuan(m.owed),
        arrears_months: m.arrears_months,
        longest_run: m.longest_run,
    }
}

/// What the last column says of a member: 连续6个月未交纳, or a shorter run that is
/// already red.
pub fn remark(m: &MemberDues, lang: Lang) -> String {
    if m.flagged() {
        flag_words(lang).to_string()
    } else if m.current_run >= RED_RUN {
        match lang {
            Lang::Zh => format!("连续{}个月欠交", m.current_run),
            Lang::En => format!("{} months in arrears", m.current_run),
        }
    } else {
        String::new()
    }
}

/// The table: per org, a row per member with a mark per month, then what was collected.
pub fn write_dues_table(out: &mut dyn Write, orgs: &[OrgDuesOf], lang: Lang) -> io::Result<()> {
    let months: Vec<String> = (1..=12).map(|m| format!("{m:>2}")).collect();
    let mut header: Vec<&str> = vec![lang.pick("编号", "id"), lang.pick("姓名", "name")];
    header.push(lang.pick("月交纳额", "monthly"));
    header.extend(months.iter().map(String::as_str));
    header.extend([
        lang.pick("已交", "paid"),
        lang.pick("未交", "owed"),
        lang.pick("备注", "remark"),
    ]);
    for (i, o) in orgs.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{}（{}）",
            crate::text::sanitize(&o.org.name),
            o.org.id
        )?;
        let year = o.dues.year;
        let mut rows: Vec<Vec<String>> = o
            .dues
            .members
            .iter()
            .map(|m| {
                let mut row = vec![
                    m.id.clone(),
                    m.name.clone(),
                    m.monthly
                        .map_or_else(|| lang.pick("未设", "unset").into(), |x| x.to_string()),
                ];
                row.extend(crate::dues::Month::year(year).map(|month| {
                    m.months
                        .get(&month)
                        .map_or(String::new(), |s| format!("{:>2}", status_glyph(*s)))
                }));
                row.extend([m.paid.to_string(), m.owed.to_string(), remark(m, lang)]);
                row
            })
            .collect();
        let mut total = vec![
            String::new(),
            lang.pick("合计", "total").into(),
            String::new(),
        ];
        total.extend(o.dues.collected.values().map(|x| {
            if *x == Fen::ZERO {
                String::new()
            } else {
                x.to_string()
            }
        }));
        let paid: Fen = o.dues.members.iter().map(|m| m.paid).sum();
        let owed: Fen = o.dues.members.iter().map(|m| m.owed).sum();
        total.extend([paid.to_string(), owed.to_string(), String::new()]);
        rows.push(total);
        crate::report::write_table(out, &header, &rows)?;
    }
    Ok(())
}
