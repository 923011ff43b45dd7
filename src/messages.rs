//! Every user-facing word, Chinese and English side by side. Errors carry data; the
//! [`Localized`] trait turns each into a sentence in the user's language, and the
//! compiler checks every variant has both. One renderer ([`render`]) writes an error
//! chain at the edge.

pub mod checklists;
pub mod dues;
pub mod help;
mod input;
mod server;
pub mod stages;
mod store;

pub use server::{FolderOnly, NoDatabase, ServerNote};

use crate::entry::{EntryError, MAX_TERM_YEARS};
use crate::lang::Lang;
use crate::model::ParentError;
use crate::report::number;

/// An error (or any value) that can say itself in the user's language.
pub trait Localized {
    fn message(&self, lang: Lang) -> String;
}

/// A domain refusal on its way to the edge through `anyhow`: it keeps the error's data,
/// and [`render`] says it in the user's language there.
pub struct Refusal(Box<dyn Localized + Send + Sync>);

impl Refusal {
    pub fn new(e: impl Localized + Send + Sync + 'static) -> Refusal {
        Refusal(Box::new(e))
    }
}

impl std::fmt::Debug for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.message(Lang::En))
    }
}

/// English, for logs and tests; the user reads [`render`]'s words.
impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.message(Lang::En))
    }
}

impl std::error::Error for Refusal {}

impl Localized for Refusal {
    fn message(&self, lang: Lang) -> String {
        self.0.message(lang)
    }
}

/// The one renderer of an error chain, at the edge: each link in the user's language
/// when it knows how to say itself, as it is otherwise, joined by `: `.
pub fn render(e: &anyhow::Error, lang: Lang) -> String {
    let said = |c: &(dyn std::error::Error + 'static)| -> Option<String> {
        if let Some(r) = c.downcast_ref::<Refusal>() {
            return Some(r.message(lang));
        }
        if let Some(s) = c.downcast_ref::<crate::store::StoreError>() {
            return Some(s.message(lang));
        }
        None
    };
    let mut parts: Vec<String> = Vec::new();
    for c in e.chain() {
        match said(c) {
            // A link that says itself says what its sources would: stop there.
            Some(text) => {
                parts.push(text);
                break;
            }
            None => parts.push(c.to_string()),
        }
    }
    parts.join(": ")
}

/// `id 标题` pairs, joined by `sep`.
fn titled(known: &[(String, String)], sep: &str) -> String {
    known
        .iter()
        .map(|(id, title)| format!("{id} {title}"))
        .collect::<Vec<_>>()
        .join(sep)
}

impl Localized for EntryError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (EntryError::NoObligation, Lang::Zh) => "请至少选择一项义务".into(),
            (EntryError::NoObligation, Lang::En) => "choose at least one obligation".into(),
            (EntryError::UnknownObligation { id, known }, Lang::Zh) => {
                format!(
                    "没有义务 \"{id}\"；可用的有（编号 标题）：{}",
                    titled(known, "、")
                )
            }
            (EntryError::UnknownObligation { id, known }, Lang::En) => format!(
                "unknown obligation \"{id}\"; known obligations (id title): {}",
                titled(known, ", ")
            ),
            (EntryError::NotApplicable { id, kind }, Lang::Zh) => {
                format!("义务 \"{id}\" 不适用于 {kind} 类型的组织")
            }
            (EntryError::NotApplicable { id, kind }, Lang::En) => {
                format!("obligation \"{id}\" does not apply to a {kind}")
            }
            (
                EntryError::NotInForce {
                    id,
                    checklist,
                    in_force,
                },
                Lang::Zh,
            ) => format!(
                "义务 \"{id}\" 属于清单 \"{checklist}\"，该清单对本组织不适用；适用的清单：{}（见 org edit --checklist）",
                in_force.join(", ")
            ),
            (
                EntryError::NotInForce {
                    id,
                    checklist,
                    in_force,
                },
                Lang::En,
            ) => format!(
                "obligation \"{id}\" belongs to checklist \"{checklist}\", which is not in force for this org; in force: {} (see org edit --checklist)",
                in_force.join(", ")
            ),
            (EntryError::PointsNotEntry { id }, Lang::Zh) => format!(
                "义务 \"{id}\" 不属于加分项或负面清单，不能记分值（--points 只用于加分项、负面清单的义务）"
            ),
            (EntryError::PointsNotEntry { id }, Lang::En) => format!(
                "obligation \"{id}\" is not a bonus or penalty item's; --points is only for the obligations of bonus and penalty items"
            ),
            (EntryError::Points(p), Lang::Zh) => {
                format!("分值 \"{p}\" 无效；应为大于 0、不超过 100 的数")
            }
            (EntryError::Points(p), Lang::En) => {
                format!("points \"{p}\" is not valid; expected a number above 0 and at most 100")
            }
            (EntryError::MissingDate, Lang::Zh) => "请填写日期，例如 2026-11-05".into(),
            (EntryError::MissingDate, Lang::En) => "a date is needed, e.g. 2026-11-05".into(),
            (EntryError::FutureDate { date, today }, Lang::Zh) => {
                format!("日期 {date} 晚于今天（{today}）；记录的是已经开展的活动，日期不能晚于今天")
            }
            (EntryError::FutureDate { date, today }, Lang::En) => format!(
                "date {date} is after today ({today}); a record is something that happened, dated today or earlier"
            ),
            (EntryError::AmbiguousMember { name, ids }, Lang::Zh) => format!(
                "有 {} 名成员都叫 \"{name}\"：{}；请改用成员编号",
                ids.len(),
                ids.join(", ")
            ),
            (EntryError::AmbiguousMember { name, ids }, Lang::En) => format!(
                "{} members are named \"{name}\": {}; use the member id instead",
                ids.len(),
                ids.join(", ")
            ),
            (EntryError::NamedTwice { name }, Lang::Zh) => {
                format!("成员 \"{name}\" 被列了两次；每人只列一次")
            }
            (EntryError::NamedTwice { name }, Lang::En) => {
                format!("member \"{name}\" is named twice; name each person once")
            }
            (EntryError::NoAttendee, Lang::Zh) => {
                "出席名单是空的；请列出出席者，或用 --absent 列出缺席者".into()
            }
            (EntryError::NoAttendee, Lang::En) => {
                "the attendee list is empty; name who attended, or who was absent with --absent"
                    .into()
            }
            (EntryError::ForFuturePeriod { label, today }, Lang::Zh) => format!(
                "补开周期 \"{label}\" 在今天（{today}）之后才开始；只能为已经开始的周期补开"
            ),
            (EntryError::ForFuturePeriod { label, today }, Lang::En) => format!(
                "make-up period \"{label}\" starts after today ({today}); only a period that has begun can be made up"
            ),
            (EntryError::Input(_, e), lang) => e.message(lang),
            (EntryError::Hours(h), Lang::Zh) => {
                format!("学时 \"{h}\" 无效；应在 0 到 24 之间")
            }
            (EntryError::Hours(h), Lang::En) => {
                format!("hours \"{h}\" is not valid; expected a number from 0 to 24")
            }
            (EntryError::UnknownMember { name }, Lang::Zh) => {
                format!("当天本组织没有成员 \"{name}\"；请用成员编号或姓名（见 member list）")
            }
            (EntryError::UnknownMember { name }, Lang::En) => format!(
                "no member \"{name}\" in this org on that date; use a member id or exact name (see member list)"
            ),
            (
                EntryError::ForPeriod {
                    label,
                    obligation,
                    every,
                    example,
                },
                Lang::Zh,
            ) => format!(
                "\"{label}\" 不是{}义务「{obligation}」的周期；例如 {example}",
                lang.every(*every)
            ),
            (
                EntryError::ForPeriod {
                    label,
                    obligation,
                    every,
                    example,
                },
                Lang::En,
            ) => format!(
                "\"{label}\" is not a period of the {} obligation \"{obligation}\"; expected e.g. {example}",
                lang.every(*every)
            ),
            (EntryError::AmountText(t), Lang::Zh) => {
                format!("\"{t}\" 不是“成员=数值”，或没有这名成员；例如 m01=5230")
            }
            (EntryError::AmountText(t), Lang::En) => {
                format!("\"{t}\" is not MEMBER=NUMBER naming a member; expected e.g. m01=5230")
            }
            (EntryError::Amount(x), Lang::Zh) => {
                format!(
                    "数值 \"{x}\" 超出范围；应为 0 到 {}",
                    crate::entry::MAX_AMOUNT
                )
            }
            (EntryError::Amount(x), Lang::En) => format!(
                "amount \"{x}\" is out of range; expected 0 to {}",
                crate::entry::MAX_AMOUNT
            ),
            (EntryError::AmountNotAllowed { ids }, Lang::Zh) => format!(
                "义务 {} 不按成员记数值（清单未设 amount），不能填写 --amount",
                ids.join(", ")
            ),
            (EntryError::AmountNotAllowed { ids }, Lang::En) => format!(
                "obligation {} takes no per-member amounts (its checklist sets no amount); remove --amount",
                ids.join(", ")
            ),
            (EntryError::ForLaterPeriod { label, date }, Lang::Zh) => {
                format!("补开周期 \"{label}\" 晚于记录日期 {date}；只能为更早的周期补开")
            }
            (EntryError::ForLaterPeriod { label, date }, Lang::En) => format!(
                "make-up period \"{label}\" starts after the record's date {date}; only an earlier period can be made up"
            ),
            (EntryError::MemberTaken { org, id }, Lang::Zh) => {
                format!("组织 \"{org}\" 已有成员编号 \"{id}\"；请换一个编号")
            }
            (EntryError::MemberTaken { org, id }, Lang::En) => {
                format!("org \"{org}\" already has a member \"{id}\"; choose another id")
            }
            (EntryError::LeftBeforeJoined { joined, left }, Lang::Zh) => {
                format!("转出日期 {left} 早于入党/转入日期 {joined}")
            }
            (EntryError::LeftBeforeJoined { joined, left }, Lang::En) => {
                format!("left on {left}, before joining on {joined}")
            }
            (EntryError::OrgTaken(id), Lang::Zh) => {
                format!("组织编号 \"{id}\" 已存在；请换一个编号，或用 org edit 修改它")
            }
            (EntryError::OrgTaken(id), Lang::En) => format!(
                "org id \"{id}\" already exists; choose another id, or change it with org edit"
            ),
            (EntryError::Parent(e), _) => e.message(lang),
            (EntryError::Stage(e), _) => e.message(lang),
            (EntryError::SameOrg(org), Lang::Zh) => {
                format!("成员已在组织 \"{org}\"；请给出要转入的另一个组织")
            }
            (EntryError::SameOrg(org), Lang::En) => {
                format!("the member is already in org \"{org}\"; name another org to move to")
            }
            (EntryError::ExcusedAttendee { name }, Lang::Zh) => {
                format!("成员 \"{name}\" 既在出席名单中又请假；每人只能是出席、缺席或请假之一")
            }
            (EntryError::ExcusedAttendee { name }, Lang::En) => format!(
                "member \"{name}\" is both attending and on leave; each person is present, absent or on leave"
            ),
            (EntryError::UnknownChecklist { id, known }, Lang::Zh) => {
                format!("没有清单 \"{id}\"；已加载的清单：{}", known.join(", "))
            }
            (EntryError::UnknownChecklist { id, known }, Lang::En) => format!(
                "unknown checklist \"{id}\"; loaded checklists: {}",
                known.join(", ")
            ),
            (
                EntryError::UnknownItem {
                    checklist,
                    item,
                    path,
                },
                Lang::Zh,
            ) => format!(
                "清单 \"{checklist}\" 中没有指标 \"{item}\"（见 dangjian 清单视图或 {path}）"
            ),
            (
                EntryError::UnknownItem {
                    checklist,
                    item,
                    path,
                },
                Lang::En,
            ) => format!(
                "checklist \"{checklist}\" has no item \"{item}\" (see the checklist view or {path})"
            ),
            (
                EntryError::ChecklistNotInForce {
                    checklist,
                    org,
                    in_force,
                },
                Lang::Zh,
            ) => format!(
                "清单 \"{checklist}\" 对组织 \"{org}\" 不适用；适用的清单：{}（见 org edit --checklist）",
                in_force.join(", ")
            ),
            (
                EntryError::ChecklistNotInForce {
                    checklist,
                    org,
                    in_force,
                },
                Lang::En,
            ) => format!(
                "checklist \"{checklist}\" is not in force for org \"{org}\"; in force: {} (see org edit --checklist)",
                in_force.join(", ")
            ),
            (EntryError::NotScored { item }, Lang::Zh) => format!(
                "指标 \"{item}\" 没有分值（或不是末级评分指标，或是加分项、负面清单），不能手工评分；只有有分值的末级指标可以评分"
            ),
            (EntryError::NotScored { item }, Lang::En) => format!(
                "item \"{item}\" takes no hand score (it has no points of its own, is not a scored leaf item, or is a bonus or penalty item); only scored leaf items with points do"
            ),
            (EntryError::Score { value, item, max }, Lang::Zh) => format!(
                "得分 \"{value}\" 无效；指标 \"{item}\" 的得分应在 0 到 {} 之间",
                number(*max)
            ),
            (EntryError::Score { value, item, max }, Lang::En) => format!(
                "score \"{value}\" is not valid; item \"{item}\" takes a score from 0 to {}",
                number(*max)
            ),
            (EntryError::DueDayCadence { id, every }, Lang::Zh) => {
                format!("义务 \"{id}\" 是{}的，不能设截止日", lang.every(*every))
            }
            (EntryError::DueDayCadence { id, every }, Lang::En) => format!(
                "obligation \"{id}\" is every {every}; a due day applies to month … year periods"
            ),
            (EntryError::DueDay(day), Lang::Zh) => {
                format!("截止日 \"{day}\" 无效；应为 1 到 31 的整数")
            }
            (EntryError::DueDay(day), Lang::En) => {
                format!("due day \"{day}\" is not valid; expected a whole number from 1 to 31")
            }
            (EntryError::TermCadence { id, every }, Lang::Zh) => {
                format!(
                    "义务 \"{id}\" 是{}的，不是换届（term）义务，不能设任期",
                    lang.every(*every)
                )
            }
            (EntryError::TermCadence { id, every }, Lang::En) => format!(
                "obligation \"{id}\" is every {every}; --term-years applies to every: term obligations"
            ),
            (EntryError::TermYears(n), Lang::Zh) => {
                format!("任期 \"{n}\" 无效；应为 1 到 {MAX_TERM_YEARS} 的整数（年）")
            }
            (EntryError::TermYears(n), Lang::En) => format!(
                "term length \"{n}\" is not valid; expected a whole number of years from 1 to {MAX_TERM_YEARS}"
            ),
            (EntryError::NotRegular { .. } | EntryError::Cadence(_), _) => {
                checklists::cadence_refused(self, lang)
            }
            (EntryError::NoReason { id }, Lang::Zh) => {
                format!(
                    "免除义务 \"{id}\" 缺少理由；应为 义务编号=理由，例如 party-group-meeting=不设党小组"
                )
            }
            (EntryError::NoReason { id }, Lang::En) => format!(
                "the exemption from \"{id}\" gives no reason; expected OBLIGATION=REASON, e.g. party-group-meeting=no party groups"
            ),
        }
    }
}

impl Localized for ParentError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ParentError::Unknown(p), Lang::Zh) => {
                format!("上级组织 \"{p}\" 不存在；先用 org add 添加它，或查看 org list")
            }
            (ParentError::Unknown(p), Lang::En) => {
                format!("parent org \"{p}\" does not exist; add it first or see org list")
            }
            (ParentError::Branch { parent, kind }, Lang::Zh) => format!(
                "上级组织 \"{parent}\" 是{}，支部下不能再设组织；上级应为院系党委",
                lang.kind(*kind)
            ),
            (ParentError::Branch { parent, kind }, Lang::En) => format!(
                "parent org \"{parent}\" is a {}; a branch has no orgs under it, the parent must be a department",
                lang.kind(*kind)
            ),
            (ParentError::Cycle(path), Lang::Zh) => {
                format!("上级关系成环：{}；组织不能在自己之下", path.join(" → "))
            }
            (ParentError::Cycle(path), Lang::En) => format!(
                "the parents would form a cycle: {}; an org cannot be under itself",
                path.join(" → ")
            ),
            (ParentError::HasChildren(kids), Lang::Zh) => format!(
                "支部下不能有组织，而 {} 以它为上级；请先改动这些组织",
                kids.join(", ")
            ),
            (ParentError::HasChildren(kids), Lang::En) => format!(
                "a branch has no orgs under it, but {} name it as their parent; change those first",
                kids.join(", ")
            ),
        }
    }
}
