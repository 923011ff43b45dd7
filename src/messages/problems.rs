//! The words of `dangjian check`: every problem a checklist file can have, in Chinese and
//! English side by side. YAML keys and values (`per: member`, `every: once`) stay as the
//! file writes them, so the reader can find them.

use super::Localized;
use crate::checklist::Problem;
use crate::lang::Lang;

/// The forms of `score:`.
const FORMS_ZH: &str =
    "{per_record: N, max: M}、{late: N, missed: N|all}、{short: N} 或 {deduct_per_record: N}";
const FORMS_EN: &str =
    "{per_record: N, max: M}, {late: N, missed: N|all}, {short: N} or {deduct_per_record: N}";

impl Localized for Problem {
    fn message(&self, lang: Lang) -> String {
        let (zh, en) = match self {
            Problem::ObligationId { .. }
            | Problem::Count { .. }
            | Problem::Hours { .. }
            | Problem::WarnDays { .. }
            | Problem::Due { .. }
            | Problem::DueDayWeek { .. }
            | Problem::DueDayCadence { .. }
            | Problem::DueDayRange { .. }
            | Problem::OnceNeedsDue
            | Problem::DueNotOnce { .. }
            | Problem::Years { .. }
            | Problem::YearsNotTerm { .. }
            | Problem::RegularCadence { .. }
            | Problem::TagNeedsMember { .. }
            | Problem::NotWithEvent { .. }
            | Problem::NeedsMember { .. }
            | Problem::AmountAtLeast { .. }
            | Problem::AmountUnit
            | Problem::AfterNeedsWithin
            | Problem::WithinOne
            | Problem::Within { .. }
            | Problem::WithinNotAfter { .. }
            | Problem::AfterNeedsMember
            | Problem::AfterNeedsStage
            | Problem::AfterOneStage
            | Problem::StageEmpty => super::problem_fields::said(self),
            Problem::Yaml(p) => return p.message(lang),
            Problem::Unreadable { kind, text } => (
                match kind {
                    std::io::ErrorKind::NotFound => "无法读取：文件或文件夹不存在".to_string(),
                    std::io::ErrorKind::PermissionDenied => "无法读取：没有读取权限".to_string(),
                    _ => format!("无法读取：{text}"),
                },
                format!("cannot read: {text}"),
            ),
            Problem::SchemaNewer { found, supported } => (
                format!(
                    "schema {found} 比本程序支持的版本（{supported}）新；请升级 dangjian 后再读这个文件"
                ),
                format!(
                    "schema {found} is newer than this dangjian supports ({supported}); upgrade dangjian to read this file"
                ),
            ),
            Problem::SchemaZero { supported } => (
                format!("schema 0 不是有效的版本；应为 {supported}"),
                format!("schema 0 is not a schema; expected {supported}"),
            ),
            Problem::ChecklistId { id } => (
                format!("清单编号 \"{id}\" 无效；只能由小写字母、数字和 - 组成（[a-z0-9-]+）"),
                format!("checklist id \"{id}\" must match [a-z0-9-]+"),
            ),
            Problem::ChecklistIdTaken { id } => (
                format!("清单编号 \"{id}\" 已被另一份已加载的清单使用"),
                format!("checklist id \"{id}\" is already used by another loaded checklist"),
            ),
            Problem::ObligationIdTaken { id, path, line } => (
                format!("义务编号 \"{id}\" 已在 {path}:{line} 定义过"),
                format!("obligation id \"{id}\" is already defined at {path}:{line}"),
            ),
            Problem::ImpliesItself { id } => (
                format!("义务 \"{id}\" 不能在 implies 中包含自己"),
                format!("obligation \"{id}\" cannot imply itself"),
            ),
            Problem::ImpliesUnknown { id, known } => (
                format!(
                    "implies 写了不存在的义务 \"{id}\"；已有的义务：{}",
                    known.join(", ")
                ),
                format!(
                    "implies unknown obligation \"{id}\"; known obligations: {}",
                    known.join(", ")
                ),
            ),
            Problem::ItemIdTwice { id } => (
                format!("指标编号 \"{id}\" 在本文件中用了两次"),
                format!("item id \"{id}\" is used twice in this file"),
            ),
            Problem::ItemUnnamed { id } => (
                format!("指标 \"{id}\" 需要 title 或 text"),
                format!("item \"{id}\" needs a title or a text"),
            ),
            Problem::ItemPoints { points } => (
                format!("分值 points \"{points}\" 应为不小于 0 的数"),
                format!("points \"{points}\" must be a number of 0 or more"),
            ),
            Problem::BonusNeedsPoints => (
                "kind: bonus（加分项）需要 points：其记录最多能加的分（例如 points: 5）".into(),
                "kind: bonus needs points: the most its records may add (e.g. points: 5)".into(),
            ),
            Problem::OwnersWithoutBase => (
                "owners: 用来替换基础清单中指标的责任单位；请加上 base: 基础清单编号".into(),
                "owners: replaces a base checklist's owners; add base: CHECKLIST-ID".into(),
            ),
            Problem::BaseUnknown { base, known } => (
                format!(
                    "base \"{base}\" 不是已加载的清单；应为以下之一：{}",
                    known.join(", ")
                ),
                format!(
                    "base \"{base}\" is not a loaded checklist; expected one of: {}",
                    known.join(", ")
                ),
            ),
            Problem::BaseNested { base, known } => (
                format!(
                    "base \"{base}\" 本身也建立在另一份清单之上；请写一份自身独立的清单：{}",
                    known.join(", ")
                ),
                format!(
                    "base \"{base}\" is itself built on a base; name a checklist of its own: {}",
                    known.join(", ")
                ),
            ),
            Problem::OwnersUnknownItem { item, base } => (
                format!("owners 写了指标 \"{item}\"，而基础清单 \"{base}\" 没有这个指标"),
                format!("owners names item \"{item}\", which base \"{base}\" does not have"),
            ),
            Problem::ItemInBase { id, base } => (
                format!("指标编号 \"{id}\" 已是基础清单 \"{base}\" 的指标；请给本指标换一个编号"),
                format!(
                    "item id \"{id}\" is already an item of base \"{base}\"; give this item another id"
                ),
            ),
            Problem::PointsNotSum { points, item, sum } => (
                format!("指标 \"{item}\" 的分值 points \"{points}\" 不等于下级指标分值之和（{sum}）"),
                format!(
                    "points \"{points}\" of item \"{item}\" is not the sum of its children's points ({sum})"
                ),
            ),
            Problem::SplitNeedsShares { item, parts } => (
                format!(
                    "指标 \"{item}\" 分给了 {parts} 项带 score 的义务；请在每项的 score 下写出它所占的分值 points: N"
                ),
                format!(
                    "item \"{item}\" is split among {parts} obligations with a score; give each its share of the item's points as score points: N"
                ),
            ),
            Problem::PointsNotShares { points, item, sum } => (
                format!(
                    "指标 \"{item}\" 的分值 points \"{points}\" 不等于各项 score 所占分值之和（{sum}）"
                ),
                format!(
                    "points \"{points}\" of item \"{item}\" is not the sum of its score shares ({sum})"
                ),
            ),
            Problem::ScoreUnderEntry => (
                "加分项或负面清单下不能设 score：按其记录的分值计分".into(),
                "score is not allowed under a bonus or penalty item: its records' points count instead".into(),
            ),
            Problem::ScoreNeedsLeaf { item } => (
                format!(
                    "score 需要其指标 \"{item}\" 是有分值（points）的末级指标（得分从分值扣起，或以分值为上限）"
                ),
                format!(
                    "score needs its item \"{item}\" to be a leaf with points (the score starts from or is capped by them)"
                ),
            ),
            Problem::SharePoints { share, points } => (
                format!("score 的 points \"{share}\" 应大于 0，且不超过指标的分值（{points}）"),
                format!(
                    "score points \"{share}\" must be above 0 and at most the item's points ({points})"
                ),
            ),
            Problem::MaxWithoutPerRecord => (
                "score 有 max 却没有 per_record；应写作 {per_record: N, max: M}".into(),
                "score has max but no per_record; write {per_record: N, max: M}".into(),
            ),
            Problem::PerRecord { value } => (
                format!("per_record \"{value}\" 应为大于 0 的数"),
                format!("per_record \"{value}\" must be a number above 0"),
            ),
            Problem::Max { value, points } => (
                format!("max \"{value}\" 应在 0 到指标的分值或所占分值（{points}）之间"),
                format!("max \"{value}\" must be from 0 to the item's points or share ({points})"),
            ),
            Problem::LateNeedsPeriods { every } => (
                format!(
                    "score {{late, missed}} 要有周期才谈得上逾期；本义务是 every: {every}"
                ),
                format!(
                    "score {{late, missed}} needs periods to be late for; this obligation is every: {every}"
                ),
            ),
            Problem::Late { value } => (
                format!("late \"{value}\" 应为不小于 0 的数"),
                format!("late \"{value}\" must be a number of 0 or more"),
            ),
            Problem::MissedMissing => (
                "score {late, missed} 需要 missed：一个数或 all".into(),
                "score {late, missed} needs missed: a number or all".into(),
            ),
            Problem::MissedNegative { value } => (
                format!("missed \"{value}\" 应为不小于 0 的数，或 all"),
                format!("missed \"{value}\" must be a number of 0 or more, or all"),
            ),
            Problem::MissedWord { value } => (
                format!("missed \"{value}\" 既不是数也不是 all"),
                format!("missed \"{value}\" is not a number or all"),
            ),
            Problem::ShortNeedsMember { each } => (
                format!("score {{short: {each}}} 需要 per: member（它按未达标的成员扣分）"),
                format!("score {{short: {each}}} needs per: member (it counts members short)"),
            ),
            Problem::DeductNeedsEvent { each, every } => (
                format!(
                    "score {{deduct_per_record: {each}}} 需要 every: event（每条记录是一次违规）；本义务是 every: {every}"
                ),
                format!(
                    "score {{deduct_per_record: {each}}} needs every: event (each record is one violation); this obligation is every: {every}"
                ),
            ),
            Problem::DeductEach { key, value } => (
                format!("{key} \"{value}\" 应为大于 0 的数"),
                format!("{key} \"{value}\" must be a number above 0"),
            ),
            Problem::ScoreEmpty => (
                format!("score 是空的；应为 {FORMS_ZH}"),
                format!("score is empty; expected {FORMS_EN}"),
            ),
            Problem::ScoreMixed => (
                format!("score 混用了几种写法；只能用其中一种：{FORMS_ZH}"),
                format!("score mixes forms; use one of {FORMS_EN}"),
            ),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
