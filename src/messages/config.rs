//! The words of a refused `config.yaml`, Chinese and English side by side.

use super::Localized;
use crate::config::{ConfigError, ConfigProblem};
use crate::lang::Lang;
use crate::period::CalendarError;

impl Localized for ConfigError {
    fn message(&self, lang: Lang) -> String {
        let at = match self.at {
            Some((line, column)) => format!("{}:{line}:{column}", self.path),
            None => self.path.clone(),
        };
        format!("{at}: {}", self.problem.message(lang))
    }
}

impl Localized for ConfigProblem {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ConfigProblem::Unreadable { kind, text }, Lang::Zh) => match kind {
                std::io::ErrorKind::PermissionDenied => "无法读取：没有读取权限".into(),
                _ => format!("无法读取：{text}"),
            },
            (ConfigProblem::Unreadable { text, .. }, Lang::En) => text.clone(),
            (ConfigProblem::Yaml(p), _) => p.message(lang),
            (ConfigProblem::TermYears { years, max }, Lang::Zh) => {
                format!("term_years \"{years}\" 超出范围；应为 1 到 {max}")
            }
            (ConfigProblem::TermYears { years, max }, Lang::En) => {
                format!("term_years \"{years}\" is out of range; expected 1 to {max}")
            }
            (ConfigProblem::Checklist(e), _) => format!("checklists: {}", e.message(lang)),
            (ConfigProblem::SemesterLabel(e), _) => e.message(lang),
            (ConfigProblem::Calendar(e), _) => e.message(lang),
        }
    }
}

impl Localized for CalendarError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (CalendarError::EndsBeforeStart(label), Lang::Zh) => {
                format!("学期 \"{label}\" 的结束日期早于开始日期")
            }
            (CalendarError::EndsBeforeStart(label), Lang::En) => {
                format!("semester \"{label}\" ends before it starts")
            }
            (CalendarError::Overlap(a, b), Lang::Zh) => {
                format!("学期 \"{a}\" 与 \"{b}\" 的日期重叠")
            }
            (CalendarError::Overlap(a, b), Lang::En) => {
                format!("semesters \"{a}\" and \"{b}\" overlap")
            }
        }
    }
}
