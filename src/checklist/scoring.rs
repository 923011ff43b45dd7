//! Scoring rules as written (`score:` on an obligation, SPEC §6) and their checks: the
//! forms, the shares of an item split into parts, and points that add up.

use serde::Deserialize;

use super::locate::Pos;
use super::validate::{FileCheck, Inherited};
use super::{Item, ObligationSpec, Per, Problem};
use crate::period::Every;

/// A scoring rule as written: one of `{per_record, max}`, `{late, missed}`, `{short}` or
/// `{deduct_per_record}`, with `points`, the share of its item, when the item is split.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreSpec {
    #[serde(default)]
    pub points: Option<f64>,
    #[serde(default)]
    pub deduct_per_record: Option<f64>,
    #[serde(default)]
    pub per_record: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub late: Option<f64>,
    #[serde(default)]
    pub missed: Option<MissedSpec>,
    #[serde(default)]
    pub short: Option<f64>,
}

/// `missed:` is a number of points or the word `all`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum MissedSpec {
    Points(f64),
    Word(String),
}

/// A validated scoring rule (SPEC §6).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Score {
    /// `min(max, each × records in the year)`; `max` defaults to the item's points.
    PerRecord { each: f64, max: Option<f64> },
    /// From the item's points, `late` off per period done late and `missed` per overdue one.
    Timeliness { late: f64, missed: Missed },
    /// From the item's points, `each` off per member short in every overdue period.
    Short { each: f64 },
    /// From the item's points, `each` off per record in the year (有违规现象1次扣1分).
    DeductPerRecord { each: f64 },
}

/// `amount: {unit, at_least}`: each member's amounts on a period's records add up to at
/// least `at_least` (学习强国 个人年度积分至少5000分).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amount {
    pub unit: String,
    pub at_least: f64,
}

/// Whose members a `per: member` obligation counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// The org's own members.
    #[default]
    Org,
    /// The members of the org and of every org below it (a school's 每名青年教师).
    Tree,
}

/// Where a `term` obligation's length comes from, shown beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermFrom {
    /// The checklist's `years`.
    Checklist,
    /// The data folder's `config.yaml` `term_years:`.
    Config,
    /// Neither: the app's default of 3 years (the 党支部委员会 term of the
    /// 《中国共产党支部工作条例（试行）》, not the guide's).
    Default,
    /// The org's own `--term-years`.
    Org,
}

/// What an overdue period costs under `{late, missed}`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Missed {
    Points(f64),
    /// The item scores 0.
    All,
}

/// A parent's `points` must equal the sum of its regular children's (bonus and penalty
/// children are outside the total).
pub(super) fn check_points_sum(check: &mut FileCheck, item: &Item, at: Option<Pos>) {
    let Some(points) = item.points else { return };
    if item.items.is_empty() {
        return;
    }
    let sum: f64 = item
        .items
        .iter()
        .filter(|c| c.kind.is_none())
        .filter_map(|c| c.points)
        .sum();
    if (sum - points).abs() > 1e-6 {
        let at = at.and_then(|at| check.locator.sibling(at, "points", None));
        check.error(
            at,
            Problem::PointsNotSum {
                points: number(points),
                item: item.id.clone(),
                sum: number(sum),
            },
        );
    }
}

/// A number as a person writes it: `2`, `1.5`.
pub(super) fn number(x: f64) -> String {
    let r = (x * 1000.0).round() / 1000.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r}")
    }
}

/// Turns a written `score:` into a [`Score`], or reports why it cannot be one.
/// With the rule, its share of the item's points when `score.points` gives one.
pub(super) fn check_score(
    check: &mut FileCheck,
    item: &Item,
    inherited: Inherited,
    spec: &ObligationSpec,
    score: &ScoreSpec,
    at: Option<Pos>,
) -> Option<(Score, Option<f64>)> {
    let before = check.errors.len();
    let bad = |check: &mut FileCheck, p: Problem| check.error(at, p);
    if inherited.kind.is_some() {
        bad(check, Problem::ScoreUnderEntry);
    }
    let Some(points) = item.points.filter(|_| item.items.is_empty()) else {
        bad(
            check,
            Problem::ScoreNeedsLeaf {
                item: item.id.clone(),
            },
        );
        return None;
    };
    let non_negative = |x: f64| x.is_finite() && x >= 0.0;
    if let Some(share) = score.points
        && !(share.is_finite() && share > 0.0 && share <= points + 1e-9)
    {
        bad(
            check,
            Problem::SharePoints {
                share: share.to_string(),
                points: number(points),
            },
        );
    }
    // A part's rule works against its share.
    let points = score.points.unwrap_or(points);
    let forms = [
        score.per_record.is_some() || score.max.is_some(),
        score.late.is_some() || score.missed.is_some(),
        score.short.is_some(),
        score.deduct_per_record.is_some(),
    ];
    let result = match forms {
        [true, false, false, false] => match score.per_record {
            None => {
                bad(check, Problem::MaxWithoutPerRecord);
                None
            }
            Some(each) if !(each.is_finite() && each > 0.0) => {
                bad(
                    check,
                    Problem::PerRecord {
                        value: each.to_string(),
                    },
                );
                None
            }
            Some(each) => match score.max {
                Some(m) if !(non_negative(m) && m <= points + 1e-9) => {
                    bad(
                        check,
                        Problem::Max {
                            value: m.to_string(),
                            points: number(points),
                        },
                    );
                    None
                }
                max => Some(Score::PerRecord { each, max }),
            },
        },
        [false, true, false, false] => {
            if !spec.every.is_calendar() && spec.every != Every::Once {
                bad(check, Problem::LateNeedsPeriods { every: spec.every });
            }
            let late = score.late.unwrap_or(0.0);
            if !non_negative(late) {
                bad(
                    check,
                    Problem::Late {
                        value: late.to_string(),
                    },
                );
            }
            let missed = match &score.missed {
                None => {
                    bad(check, Problem::MissedMissing);
                    None
                }
                Some(MissedSpec::Points(b)) if non_negative(*b) => Some(Missed::Points(*b)),
                Some(MissedSpec::Points(b)) => {
                    bad(
                        check,
                        Problem::MissedNegative {
                            value: b.to_string(),
                        },
                    );
                    None
                }
                Some(MissedSpec::Word(w)) if w == "all" => Some(Missed::All),
                Some(MissedSpec::Word(w)) => {
                    bad(check, Problem::MissedWord { value: w.clone() });
                    None
                }
            };
            missed.map(|missed| Score::Timeliness { late, missed })
        }
        [false, false, true, false] | [false, false, false, true] => {
            // Both deduct `each` per thing counted: a member short, or a violation's record.
            let (key, each, needs, ok) = match score.short {
                Some(each) => (
                    "short",
                    each,
                    Problem::ShortNeedsMember { each: number(each) },
                    spec.per == Per::Member,
                ),
                None => {
                    let each = score.deduct_per_record.unwrap_or(0.0);
                    let needs = Problem::DeductNeedsEvent {
                        each: number(each),
                        every: spec.every,
                    };
                    ("deduct_per_record", each, needs, spec.every == Every::Event)
                }
            };
            if !ok {
                bad(check, needs);
            }
            if !(each.is_finite() && each > 0.0) {
                bad(
                    check,
                    Problem::DeductEach {
                        key,
                        value: each.to_string(),
                    },
                );
            }
            Some(if score.short.is_some() {
                Score::Short { each }
            } else {
                Score::DeductPerRecord { each }
            })
        }
        [false, false, false, false] => {
            bad(check, Problem::ScoreEmpty);
            None
        }
        _ => {
            bad(check, Problem::ScoreMixed);
            None
        }
    };
    if check.errors.len() > before {
        None
    } else {
        result.map(|r| (r, score.points))
    }
}

/// An item's scored obligations: one scores the whole item; several split it, each with
/// its share as `score.points`, and the shares add up to the item's points.
pub(super) fn check_shares(check: &mut FileCheck, item: &Item, at: Option<Pos>) {
    let scored: Vec<&ScoreSpec> = item
        .obligations
        .iter()
        .filter_map(|o| o.score.as_ref())
        .collect();
    let Some(points) = item.points else { return };
    if scored.len() >= 2 && scored.iter().any(|s| s.points.is_none()) {
        check.error(
            at,
            Problem::SplitNeedsShares {
                item: item.id.clone(),
                parts: scored.len(),
            },
        );
        return;
    }
    let shares: Vec<f64> = scored.iter().filter_map(|s| s.points).collect();
    let sum: f64 = shares.iter().sum();
    if !shares.is_empty() && (sum - points).abs() > 1e-6 {
        let at = at.and_then(|at| check.locator.sibling(at, "points", None));
        check.error(
            at,
            Problem::PointsNotShares {
                points: number(points),
                item: item.id.clone(),
                sum: number(sum),
            },
        );
    }
}
