//! What can be wrong with a checklist file, as data: each problem with the values it
//! names. `crate::messages` says it in the user's language; `Display` is English.

use std::fmt;

use chrono::NaiveDate;

use crate::lang::Lang;
use crate::messages::Localized;
use crate::period::Every;
use crate::yaml::YamlProblem;

/// A problem in a checklist file, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub problem: Problem,
}

impl Diagnostic {
    /// `path:line:column: message`, the message in `lang`.
    pub fn said(&self, lang: Lang) -> String {
        format!(
            "{}:{}:{}: {}",
            self.path,
            self.line,
            self.column,
            self.problem.message(lang)
        )
    }
}

/// English, for logs and tests; the user reads [`Diagnostic::said`] in their language.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said(Lang::En))
    }
}

/// Checklist files that failed to load; every problem found, in file order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub struct LoadErrors(pub Vec<Diagnostic>);

impl Localized for LoadErrors {
    fn message(&self, lang: Lang) -> String {
        self.0
            .iter()
            .map(|d| d.said(lang))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// One problem. Numbers that may be fractional are kept as written in the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file is not YAML of the schema (the parser's or serde's word).
    Yaml(YamlProblem),
    /// The file or folder cannot be read.
    Unreadable {
        kind: std::io::ErrorKind,
        text: String,
    },
    SchemaNewer {
        found: u64,
        supported: u32,
    },
    SchemaZero {
        supported: u32,
    },
    ChecklistId {
        id: String,
    },
    ChecklistIdTaken {
        id: String,
    },
    ObligationIdTaken {
        id: String,
        path: String,
        line: usize,
    },
    ImpliesItself {
        id: String,
    },
    ImpliesUnknown {
        id: String,
        known: Vec<String>,
    },
    ItemIdTwice {
        id: String,
    },
    ItemUnnamed {
        id: String,
    },
    ItemPoints {
        points: String,
    },
    BonusNeedsPoints,
    ObligationId {
        id: String,
    },
    Count {
        value: u32,
        max: u32,
    },
    Hours {
        value: String,
        max: String,
    },
    WarnDays {
        value: u32,
        max: u32,
    },
    Due {
        value: NaiveDate,
        first: NaiveDate,
        last: NaiveDate,
    },
    DueDayWeek {
        value: i64,
    },
    DueDayCadence {
        value: i64,
        every: Every,
    },
    DueDayRange {
        value: i64,
    },
    OnceNeedsDue,
    DueNotOnce {
        value: NaiveDate,
        every: Every,
    },
    Years {
        value: u32,
        max: u32,
    },
    YearsNotTerm {
        value: u32,
        every: Every,
    },
    RegularCadence {
        every: Every,
    },
    TagNeedsMember {
        tag: String,
    },
    NotWithEvent {
        key: &'static str,
    },
    NeedsMember {
        key: &'static str,
    },
    AmountAtLeast {
        value: String,
    },
    AmountUnit,
    AfterNeedsWithin,
    WithinOne,
    Within {
        months: u32,
        max: u32,
    },
    WithinNotAfter {
        every: Every,
    },
    AfterNeedsMember,
    AfterNeedsStage,
    AfterOneStage,
    StageEmpty,
    OwnersWithoutBase,
    BaseUnknown {
        base: String,
        known: Vec<String>,
    },
    BaseNested {
        base: String,
        known: Vec<String>,
    },
    OwnersUnknownItem {
        item: String,
        base: String,
    },
    ItemInBase {
        id: String,
        base: String,
    },
    PointsNotSum {
        points: String,
        item: String,
        sum: String,
    },
    SplitNeedsShares {
        item: String,
        parts: usize,
    },
    PointsNotShares {
        points: String,
        item: String,
        sum: String,
    },
    ScoreUnderEntry,
    ScoreNeedsLeaf {
        item: String,
    },
    SharePoints {
        share: String,
        points: String,
    },
    MaxWithoutPerRecord,
    PerRecord {
        value: String,
    },
    Max {
        value: String,
        points: String,
    },
    LateNeedsPeriods {
        every: Every,
    },
    Late {
        value: String,
    },
    MissedMissing,
    MissedNegative {
        value: String,
    },
    MissedWord {
        value: String,
    },
    ShortNeedsMember {
        each: String,
    },
    DeductNeedsEvent {
        each: String,
        every: Every,
    },
    /// `short` or `deduct_per_record` not above 0.
    DeductEach {
        key: &'static str,
        value: String,
    },
    ScoreEmpty,
    ScoreMixed,
}
