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
    initials_rank(&initials(s), &initials_query(query)?)
}

/// `query` as initials are matched against it: trimmed and lower-cased; `None` unless it
/// is Latin letters and digits.
pub fn initials_query(query: &str) -> Option<String> {
    let query = query.trim().to_lowercase();
    (!query.is_empty() && query.chars().all(|c| c.is_ascii_alphanumeric())).then_some(query)
}

/// How `initials` (of a name, [`initials`]) match a query from [`initials_query`], as in
/// [`initials_match`].
pub fn initials_rank(initials: &str, query: &str) -> Option<u8> {
    if initials.starts_with(query) {
        Some(0)
    } else if initials.contains(query) {
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

/// The sort key of a name: 第一, 第二 … 第十 in numeric order, everything else by pinyin.
/// The name's pieces, numbers (Arabic or Chinese numerals) and text between them, in
/// bytes that compare as the pieces do, one after the other: a number is [`NUMBER`] and
/// its value in eight bytes, big-endian; text is [`TEXT`], its bytes (pinyin with a space
/// after each syllable, anything else lower-cased; a 0 byte as 0 0xff) and 0 1. A number
/// sorts before text, and a name before any longer name that starts with its pieces.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NaturalKey(Vec<u8>);

const NUMBER: u8 = 1;
const TEXT: u8 = 2;

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
    let mut key = Vec::with_capacity(2 * s.len() + 8);
    // Where the run of numerals being read starts, and whether text is being read.
    let (mut run, mut text) = (None, false);
    for (at, c) in s.char_indices() {
        if is_numeral(c) {
            if std::mem::take(&mut text) {
                key.extend([0, 1]);
            }
            run.get_or_insert(at);
            continue;
        }
        if let Some(start) = run.take() {
            key.push(NUMBER);
            key.extend(value(&s[start..at]).to_be_bytes());
        }
        if !std::mem::replace(&mut text, true) {
            key.push(TEXT);
        }
        match c.to_pinyin() {
            Some(p) => {
                key.extend(p.plain().as_bytes());
                key.push(b' ');
            }
            None => {
                for c in c.to_lowercase() {
                    let mut utf8 = [0; 4];
                    for &b in c.encode_utf8(&mut utf8).as_bytes() {
                        key.push(b);
                        if b == 0 {
                            key.push(0xff);
                        }
                    }
                }
            }
        }
    }
    if let Some(start) = run {
        key.push(NUMBER);
        key.extend(value(&s[start..]).to_be_bytes());
    }
    if text {
        key.extend([0, 1]);
    }
    NaturalKey(key)
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

    #[test]
    fn names_sort_by_their_pieces() {
        use Ordering::*;
        for (a, b, want) in [
            // A name sorts before a longer one that starts with it.
            ("党支部", "党支部甲", Less),
            ("第一", "第一支部", Less),
            ("支部", "支部1", Less),
            // A number before text in the same place; numbers by value.
            ("1支部", "支部", Less),
            ("第9", "第10", Less),
            ("第二十", "第十九", Greater),
            ("a2b", "a2c", Less),
            ("A", "a", Equal),
            // A 0 byte in a name sorts below every other character, above the name's end.
            ("a\0", "a", Greater),
            ("a\0", "a\u{1}", Less),
            ("a\0b", "a\0", Greater),
        ] {
            assert_eq!(natural_cmp(a, b), want, "{a:?} {b:?}");
            assert_eq!(natural_cmp(b, a), want.reverse(), "{b:?} {a:?}");
        }
    }
}
