//! User-facing words in Chinese (the default) and English.

use crate::lang::Lang;
use crate::model::{MarkState, OrgKind, Stage};
use crate::period::Every;
use crate::status::Status;

impl Lang {
    /// The heading of an indicator tree `levels` deep (1 to 6), its levels joined by
    /// `sep`: `指标（一级 / 二级 / 三级）`, `indicators (level 1 / 2 / 3)`.
    pub fn indicator_levels(self, levels: usize, sep: &str) -> String {
        const NAMES: [&str; 6] = ["一级", "二级", "三级", "四级", "五级", "六级"];
        let levels = levels.clamp(1, NAMES.len());
        match self {
            Lang::Zh => format!("指标（{}）", NAMES[..levels].join(sep)),
            Lang::En => {
                let numbers: Vec<String> = (1..=levels).map(|n| n.to_string()).collect();
                format!("indicators (level {})", numbers.join(sep))
            }
        }
    }

    pub fn status(self, s: Status) -> &'static str {
        match s {
            Status::Overdue => self.pick("逾期", "overdue"),
            Status::DueSoon => self.pick("即将到期", "due soon"),
            Status::Pending => self.pick("待完成", "pending"),
            Status::DoneLate => self.pick("补完成", "done late"),
            Status::Done => self.pick("已完成", "done"),
            Status::NotApplicable => self.pick("不适用", "n/a"),
        }
    }

    pub fn kind(self, k: OrgKind) -> &'static str {
        match k {
            OrgKind::School => self.pick("学校党委", "school"),
            OrgKind::Department => self.pick("院系党委", "department"),
            OrgKind::TeacherBranch => self.pick("教工支部", "teacher branch"),
            OrgKind::StudentBranch => self.pick("学生支部", "student branch"),
            OrgKind::Branch => self.pick("党支部", "branch"),
        }
    }

    /// A period's label as people read it (SPEC §8), in tables and the UI; JSON and files
    /// keep the labels of SPEC §2. In Chinese: `2026年11月`, `2026年第4季度`,
    /// `2026年下半年`, `2026-2027学年第一学期`, `2026年第47周`, `2026年`; a term reads as the
    /// term that began after its anchor (`本届任期（2024-06-01 起）`), a person's own period
    /// from the day they entered a stage (`2026-10-13 起`). In English the §2 labels, a
    /// term as `term from 2024-06-01`, a person's period as `from 2026-10-13`.
    pub fn period_label(self, p: &crate::period::Period) -> String {
        use chrono::Datelike;
        let (year, month) = (p.start.year(), p.start.month());
        match (self, p.every) {
            (_, Every::Term) => match (self, crate::period::term_anchor(p)) {
                (Lang::Zh, Some(anchor)) => format!("本届任期（{anchor} 起）"),
                (Lang::En, Some(anchor)) => format!("term from {anchor}"),
                _ => p.label.clone(),
            },
            // A person's own period (`every: after`), from the day they entered the stage.
            (_, Every::After) => match (self, p.label.strip_prefix("after-")) {
                (Lang::Zh, Some(day)) => format!("{day} 起"),
                (Lang::En, Some(day)) => format!("from {day}"),
                _ => p.label.clone(),
            },
            (Lang::En, _) => p.label.clone(),
            (Lang::Zh, Every::Month) => format!("{year}年{month}月"),
            (Lang::Zh, Every::Quarter) => format!("{year}年第{}季度", (month - 1) / 3 + 1),
            (Lang::Zh, Every::HalfYear) if month <= 6 => format!("{year}年上半年"),
            (Lang::Zh, Every::HalfYear) => format!("{year}年下半年"),
            (Lang::Zh, Every::Year) => format!("{year}年"),
            (Lang::Zh, Every::Week) => match p.label.split_once("-W") {
                Some((y, w)) => format!("{y}年第{}周", w.trim_start_matches('0')),
                None => p.label.clone(),
            },
            (Lang::Zh, Every::Semester) => {
                // The default labels (`2026-2027-1`); a calendar's own labels as they are.
                let parts: Vec<&str> = p.label.split('-').collect();
                match parts.as_slice() {
                    [a, b, "1"] => format!("{a}-{b}学年第一学期"),
                    [a, b, "2"] => format!("{a}-{b}学年第二学期"),
                    _ => p.label.clone(),
                }
            }
            (Lang::Zh, _) => p.label.clone(),
        }
    }

    /// A mark's state in words, as the mark list, the mark form and the xlsx show it.
    pub fn mark_state(self, s: MarkState) -> &'static str {
        match s {
            MarkState::Todo => self.pick("未开始", "todo"),
            MarkState::Doing => self.pick("进行中", "doing"),
            MarkState::Done => self.pick("已完成", "done"),
            MarkState::NotApplicable => self.pick("不适用", "n/a"),
        }
    }

    /// A stage of the path into the party (SPEC §9), in the guides' words.
    pub fn stage(self, s: Stage) -> &'static str {
        match s {
            Stage::Applicant => self.pick("入党申请人", "applicant"),
            Stage::Activist => self.pick("入党积极分子", "activist"),
            Stage::Candidate => self.pick("发展对象", "candidate"),
            Stage::Probationary => self.pick("预备党员", "probationary member"),
            Stage::Full => self.pick("正式党员", "full member"),
        }
    }

    pub fn every(self, e: Every) -> &'static str {
        match e {
            Every::Week => self.pick("每周", "weekly"),
            Every::Month => self.pick("每月", "monthly"),
            Every::Quarter => self.pick("每季度", "quarterly"),
            Every::HalfYear => self.pick("每半年", "half-yearly"),
            Every::Semester => self.pick("每学期", "each semester"),
            Every::Year => self.pick("每年", "yearly"),
            Every::Term => self.pick("换届", "each term"),
            Every::Once => self.pick("一次", "once"),
            Every::After => self.pick("进入阶段后", "after entering a stage"),
            Every::Event => self.pick("随时", "as it happens"),
        }
    }
}

/// A mark's state as typed: the command line's word (`todo`, `doing`, `done`, `n/a` or
/// `na`), or its name in either language.
pub fn parse_mark_state(s: &str) -> Option<MarkState> {
    if s == "na" {
        return Some(MarkState::NotApplicable);
    }
    MarkState::ALL
        .into_iter()
        .find(|&m| [m.as_str(), Lang::Zh.mark_state(m), Lang::En.mark_state(m)].contains(&s))
}

/// A stage as typed or as a 花名册 writes it: the command line's word (`activist`), or its
/// name in either language (`入党积极分子`). The one stage parser.
pub fn parse_stage(s: &str) -> Option<Stage> {
    let s = s.trim();
    Stage::ALL
        .into_iter()
        .find(|&x| [x.as_str(), Lang::Zh.stage(x), Lang::En.stage(x)].contains(&s))
}

/// What [`parse_stage`] accepts, for a refusal: `applicant（入党申请人）、…`.
pub fn stages_accepted(lang: Lang) -> String {
    Stage::ALL
        .map(|s| match lang {
            Lang::Zh => format!("{}（{}）", s.as_str(), lang.stage(s)),
            Lang::En => s.as_str().to_string(),
        })
        .join(lang.pick("、", ", "))
}

/// The period of a calendar cadence that `shown` names, as §2 labels it or as this
/// program shows it in Chinese (`2026年5月` for `2026-05`, `2025-2026学年第一学期`), so
/// that what the screen says can be typed back.
pub fn period_named(
    every: Every,
    shown: &str,
    cal: &crate::period::Calendar,
) -> Option<crate::period::Period> {
    use chrono::Datelike;
    let shown = shown.trim();
    if let Some(p) = crate::period::parse_label(every, shown, cal) {
        return Some(p);
    }
    if !every.is_calendar() {
        return None;
    }
    // Chinese labels begin with a year: the one their period starts in, or for the
    // second semester of a school year the year before. Walk the periods of the two years
    // from that one's start (a week at a time at most).
    let year: i32 = shown.get(..4)?.parse().ok()?;
    let first = chrono::NaiveDate::from_ymd_opt(year, 1, 1)?;
    let mut p = crate::period::period_of(every, first, cal);
    while p.start.year() <= year + 1 {
        if Lang::Zh.period_label(&p) == shown {
            return Some(p);
        }
        p = crate::period::next(&p, cal)?;
    }
    None
}

#[cfg(test)]
mod period_label_tests {
    use crate::lang::Lang;
    use crate::period::{Calendar, Every, period_of};
    use chrono::NaiveDate;

    #[test]
    fn labels_read_as_spec_8_in_chinese_and_as_spec_2_in_english() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let cal = Calendar::default();
        let label = |every, lang: Lang| lang.period_label(&period_of(every, day, &cal));
        assert_eq!(label(Every::Month, Lang::Zh), "2026年11月");
        assert_eq!(label(Every::Quarter, Lang::Zh), "2026年第4季度");
        assert_eq!(label(Every::HalfYear, Lang::Zh), "2026年下半年");
        assert_eq!(label(Every::Semester, Lang::Zh), "2026-2027学年第一学期");
        assert_eq!(label(Every::Week, Lang::Zh), "2026年第47周");
        assert_eq!(label(Every::Year, Lang::Zh), "2026年");
        assert_eq!(label(Every::Quarter, Lang::En), "2026-Q4");
    }

    #[test]
    fn what_the_screen_shows_names_the_period_back() {
        let cal = Calendar::default();
        let everies = Every::ALL.into_iter().filter(|e| e.is_calendar());
        let mut day = NaiveDate::from_ymd_opt(2025, 12, 20).unwrap();
        while day < NaiveDate::from_ymd_opt(2027, 1, 10).unwrap() {
            for every in everies.clone() {
                let p = period_of(every, day, &cal);
                let shown = Lang::Zh.period_label(&p);
                assert_eq!(
                    super::period_named(every, &shown, &cal),
                    Some(p.clone()),
                    "{shown}"
                );
                assert_eq!(super::period_named(every, &p.label, &cal), Some(p));
            }
            day = day.succ_opt().unwrap();
        }
        assert_eq!(super::period_named(Every::Month, "2026年13月", &cal), None);
        assert_eq!(super::period_named(Every::Month, "五月", &cal), None);
        assert_eq!(super::period_named(Every::Quarter, "2026年5月", &cal), None);
    }
}
