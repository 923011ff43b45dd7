//! The words of an org's adjustments to a checklist: the cadence of a 定期 duty
//! (`--every`) and where a term's length comes from.

use crate::checklist::TermFrom;
use crate::entry::EntryError;
use crate::lang::Lang;
use crate::period::Every;

/// The cadences `--every` accepts, as typed.
fn cadences() -> String {
    Every::ALL
        .into_iter()
        .filter(|e| e.is_calendar())
        .map(Every::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A refused `--every`: a duty whose cadence the guide states, or a cadence that is not
/// one of week … year.
pub fn cadence_refused(e: &EntryError, lang: Lang) -> String {
    match (e, lang) {
        (EntryError::NotRegular { id, every, regular }, Lang::Zh) => format!(
            "义务 \"{id}\" 的周期（{}）是指南规定的，不能按组织修改；--every 只用于指南写作“定期”的义务：{}",
            lang.every(*every),
            regular.join(", ")
        ),
        (EntryError::NotRegular { id, every, regular }, Lang::En) => format!(
            "obligation \"{id}\" is {} as its guide states; --every applies to the duties a guide asks for regularly, without a cadence: {}",
            lang.every(*every),
            regular.join(", ")
        ),
        (EntryError::Cadence(text), Lang::Zh) => {
            format!("周期 \"{text}\" 无效；应为 {}", cadences())
        }
        (EntryError::Cadence(text), Lang::En) => {
            format!(
                "cadence \"{text}\" is not valid; expected one of {}",
                cadences()
            )
        }
        _ => unreachable!("only the refusals of --every are worded here"),
    }
}

/// A 定期 duty's cadence and where it comes from: `定期：每年，清单默认（…）`.
pub fn cadence_from(every: Every, own: bool, lang: Lang) -> String {
    match (own, lang) {
        (false, Lang::Zh) => format!(
            "定期：{}，清单默认（可按组织修改，--every）",
            lang.every(every)
        ),
        (false, Lang::En) => format!(
            "regular duty: {}, the checklist's default (--every)",
            lang.every(every)
        ),
        (true, Lang::Zh) => format!("定期：{}，本组织设定（--every）", lang.every(every)),
        (true, Lang::En) => format!(
            "regular duty: {}, this org's own (--every)",
            lang.every(every)
        ),
    }
}

/// A term's length and where it comes from, as the UI shows it beside a 换届 duty.
pub fn term_from(years: u32, from: TermFrom, lang: Lang) -> String {
    match (from, lang) {
        (TermFrom::Org, Lang::Zh) => format!("任期 {years} 年：本组织设定（--term-years）"),
        (TermFrom::Org, Lang::En) => format!("term {years} years: this org's own (--term-years)"),
        (TermFrom::Checklist, Lang::Zh) => format!("任期 {years} 年：清单规定"),
        (TermFrom::Checklist, Lang::En) => format!("term {years} years: set by the checklist"),
        (TermFrom::Config, Lang::Zh) => format!("任期 {years} 年：config.yaml 的 term_years"),
        (TermFrom::Config, Lang::En) => {
            format!("term {years} years: term_years in config.yaml")
        }
        (TermFrom::Default, Lang::Zh) => {
            format!("任期 {years} 年：默认（支部工作条例），非指南规定")
        }
        (TermFrom::Default, Lang::En) => {
            format!("term {years} years: the default (a branch committee's), not the guide's")
        }
    }
}
