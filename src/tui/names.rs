//! Chinese names for people who type Latin letters: pinyin initials for searching
//! (`ztdr` finds 主题党日) and a natural sort key (第二 before 第十, the rest by pinyin).

use std::cmp::Ordering;

use ::pinyin::ToPinyin;

use crate::model::Member;

/// The first letter of each character's pinyin; other characters lower-cased as they are.
pub fn initials(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c.to_pinyin() {
            Some(p) => p.first_letter().to_string(),
            None => c.to_lowercase().to_string(),
        })
        .collect()
}

/// Whether `query` (Latin letters) matches the pinyin initials of `s`: as a prefix
/// (`Some(0)`, best) or elsewhere (`Some(1)`).
pub fn initials_match(s: &str, query: &str) -> Option<u8> {
    let query = query.trim().to_lowercase();
    if query.is_empty() || !query.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let initials = initials(s);
    if initials.starts_with(&query) {
        Some(0)
    } else if initials.contains(&query) {
        Some(1)
    } else {
        None
    }
}

/// A make-up's period as the screen shows it (SPEC §8): the record's `2026-05` as
/// `2026年5月`, read by the first of its obligations whose cadence has such a period.
pub fn made_up_period(
    catalog: &crate::checklist::Catalog,
    cal: &crate::period::Calendar,
    lang: crate::lang::Lang,
    r: &crate::model::Record,
) -> Option<String> {
    let label = r.for_period.as_deref()?;
    let shown = r
        .obligations
        .iter()
        .filter_map(|id| catalog.obligation(id))
        .find_map(|o| crate::period::parse_label(o.every, label, cal))
        .map(|p| lang.period_label(&p));
    Some(shown.unwrap_or_else(|| label.to_string()))
}

/// A member's name as shown: with the id beside it when another member of `members`
/// has the same name (`王伟 (m03)`).
pub fn member_label(members: &[Member], id: &str, name: &str) -> String {
    if members.iter().any(|m| m.name == name && m.id != id) {
        format!("{name} ({id})")
    } else {
        name.to_string()
    }
}

/// A piece of a name for sorting: numbers (Arabic or Chinese numerals) compare as numbers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Piece {
    Number(u64),
    Text(String),
}

/// The sort key of a name: 第一, 第二 … 第十 in numeric order, everything else by pinyin.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NaturalKey(Vec<Piece>);

fn chinese_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || chinese_digit(c).is_some() || matches!(c, '十' | '百' | '千')
}

/// The value of a run of numerals: `12`, `十二`, `二十`, `一百零五`.
fn value(run: &str) -> u64 {
    if run.chars().all(|c| c.is_ascii_digit()) {
        return run.parse().unwrap_or(u64::MAX);
    }
    let (mut total, mut current) = (0u64, 0u64);
    for c in run.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                current = current.saturating_mul(10).saturating_add(
                    chinese_digit(c)
                        .or(c.to_digit(10).map(u64::from))
                        .unwrap_or(0),
                );
                continue;
            }
        };
        total = total.saturating_add(current.max(1).saturating_mul(unit));
        current = 0;
    }
    total.saturating_add(current)
}

pub fn natural_key(s: &str) -> NaturalKey {
    let mut pieces = Vec::new();
    let mut run = String::new();
    let mut text = String::new();
    let flush_text = |text: &mut String, pieces: &mut Vec<Piece>| {
        if !text.is_empty() {
            pieces.push(Piece::Text(std::mem::take(text)));
        }
    };
    for c in s.chars() {
        if is_numeral(c) {
            flush_text(&mut text, &mut pieces);
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            pieces.push(Piece::Number(value(&run)));
            run.clear();
        }
        match c.to_pinyin() {
            Some(p) => {
                text.push_str(p.plain());
                text.push(' ');
            }
            None => text.extend(c.to_lowercase()),
        }
    }
    if !run.is_empty() {
        pieces.push(Piece::Number(value(&run)));
    }
    flush_text(&mut text, &mut pieces);
    NaturalKey(pieces)
}

/// Compares two names naturally.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    natural_key(a).cmp(&natural_key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_find_chinese_titles() {
        assert_eq!(initials("主题党日"), "ztdr");
        assert_eq!(initials_match("主题党日", "ztdr"), Some(0));
        assert_eq!(initials_match("主题党日", "dr"), Some(1));
        assert_eq!(initials_match("支部党员大会", "ztdr"), None);
        assert_eq!(initials_match("主题党日", "主题"), None);
    }

    #[test]
    fn a_shared_name_shows_its_id() {
        let member = |id: &str, name: &str| Member {
            id: id.into(),
            org: "b".into(),
            name: name.into(),
            tags: Vec::new(),
            joined_on: None,
            left_on: None,
            updated_at: String::new(),
            ..Default::default()
        };
        let members = [
            member("m01", "王伟"),
            member("m02", "王伟"),
            member("m03", "李娜"),
        ];
        assert_eq!(member_label(&members, "m02", "王伟"), "王伟 (m02)");
        assert_eq!(member_label(&members, "m03", "李娜"), "李娜");
    }

    #[test]
    fn numerals_sort_as_numbers() {
        let mut names = vec![
            "教工第十党支部",
            "教工第二党支部",
            "教工第一党支部",
            "教工第十一党支部",
            "教工第三党支部",
            "本科生第一党支部",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "本科生第一党支部",
                "教工第一党支部",
                "教工第二党支部",
                "教工第三党支部",
                "教工第十党支部",
                "教工第十一党支部",
            ]
        );
        assert_eq!(value("二十"), 20);
        assert_eq!(value("一百零五"), 105);
        assert_eq!(value("12"), 12);
    }
}
