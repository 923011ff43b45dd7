//! The words of party dues (党费): refusals of settings and payments, month statuses.

use super::Localized;
use crate::dues::{MAX_MONTHS_AHEAD, MAX_MONTHS_PER_PAYMENT, MAX_YUAN, MonthStatus};
use crate::entry::{AmountField, DuesError};
use crate::lang::Lang;

impl Localized for DuesError {
    fn message(&self, lang: Lang) -> String {
        use DuesError as E;
        match (self, lang) {
            (E::Amount { field, text }, Lang::Zh) => {
                let what = match field {
                    AmountField::Monthly => "月交纳额 --monthly",
                    AmountField::Base => "月收入 --base",
                    AmountField::Paid => "交纳金额 --amount",
                };
                format!(
                    "{what} \"{text}\" 不是金额；应为以元计、最多两位小数的非负数（不超过 {MAX_YUAN}），例如 12.50"
                )
            }
            (E::Amount { field, text }, Lang::En) => {
                let what = match field {
                    AmountField::Monthly => "monthly amount --monthly",
                    AmountField::Base => "monthly income --base",
                    AmountField::Paid => "amount paid --amount",
                };
                format!(
                    "{what} \"{text}\" is not an amount; expected yuan with at most two decimals, not negative (at most {MAX_YUAN}), e.g. 12.50"
                )
            }
            (E::MonthlyOrBase, Lang::Zh) => {
                "请给出 --monthly（月交纳额）或 --base（月收入，按比例计算）之一".into()
            }
            (E::MonthlyOrBase, Lang::En) => {
                "give either --monthly (the monthly amount) or --base (the monthly income)".into()
            }
            (E::KindWithoutBase, Lang::Zh) => {
                "--rate-kind 只能与 --base（月收入）一起用；直接给月交纳额时用 --monthly".into()
            }
            (E::KindWithoutBase, Lang::En) => {
                "--rate-kind goes with --base (the monthly income); --monthly gives the amount itself"
                    .into()
            }
            (E::Month(text), Lang::Zh) => {
                format!("\"{text}\" 不是月份；应写成 YYYY-MM，例如 2026-11")
            }
            (E::Month(text), Lang::En) => {
                format!("\"{text}\" is not a month; expected YYYY-MM, e.g. 2026-11")
            }
            (E::Backwards { from, to }, Lang::Zh) => {
                format!("截止月份 {to} 早于起始月份 {from}；--to 应不早于 --from")
            }
            (E::Backwards { from, to }, Lang::En) => {
                format!("--to {to} is before --from {from}; expected a month from {from} on")
            }
            (E::TooManyMonths { from, to }, Lang::Zh) => format!(
                "{from} 至 {to} 超过 {MAX_MONTHS_PER_PAYMENT} 个月；一次最多交纳 {MAX_MONTHS_PER_PAYMENT} 个月"
            ),
            (E::TooManyMonths { from, to }, Lang::En) => format!(
                "{from} to {to} is more than {MAX_MONTHS_PER_PAYMENT} months; one payment covers at most {MAX_MONTHS_PER_PAYMENT}"
            ),
            (E::TooFarAhead { to, latest }, Lang::Zh) => format!(
                "{to} 太远了；预交最多到 {MAX_MONTHS_AHEAD} 个月后（{latest}）"
            ),
            (E::TooFarAhead { to, latest }, Lang::En) => format!(
                "{to} is too far ahead; dues may be paid up to {MAX_MONTHS_AHEAD} months ahead ({latest})"
            ),
            (E::Date(e), _) | (E::Input(e), _) => e.message(lang),
            (E::FutureDate { date, today }, Lang::Zh) => {
                format!("交纳日期 {date} 在今天（{today}）之后；只能登记已经交纳的党费")
            }
            (E::FutureDate { date, today }, Lang::En) => format!(
                "payment date {date} is after today ({today}); only payments already made can be recorded"
            ),
            (E::UnknownMember(name), Lang::Zh) => {
                format!("没有党员 \"{name}\"；请用党员编号或姓名（见 member list）")
            }
            (E::UnknownMember(name), Lang::En) => {
                format!("no member \"{name}\"; use a member id or exact name (see member list)")
            }
            (E::AmbiguousMember { name, ids }, Lang::Zh) => format!(
                "有 {} 名党员的编号或姓名是 \"{name}\"：{}；请改用编号，或加 --org",
                ids.len(),
                ids.join(", ")
            ),
            (E::AmbiguousMember { name, ids }, Lang::En) => format!(
                "{} members have the id or name \"{name}\": {}; use the id, or add --org",
                ids.len(),
                ids.join(", ")
            ),
            (E::NotMember { member, month }, Lang::Zh) => format!(
                "{member} 在 {month} 不是本组织的党员（尚未入党或转入，或已转出）；只有党员交纳党费"
            ),
            (E::NotMember { member, month }, Lang::En) => format!(
                "{member} is not a party member of the org in {month} (not yet, or transferred out); only party members pay dues"
            ),
            (E::NoMonthly { member, month }, Lang::Zh) => format!(
                "{member} 在 {month} 还没有月交纳额；请先 dues set --member {member} --monthly 元 --from {month}"
            ),
            (E::NoMonthly { member, month }, Lang::En) => format!(
                "{member} has no monthly amount for {month}; first run dues set --member {member} --monthly YUAN --from {month}"
            ),
            (E::Exempt { member, month }, Lang::Zh) => {
                format!("{member} 在 {month} 免交党费（月交纳额 0.00）；无需交纳")
            }
            (E::Exempt { member, month }, Lang::En) => {
                format!("{member} is exempt from dues in {month} (monthly 0.00); nothing to pay")
            }
            (E::AlreadyPaid { month, id, date }, Lang::Zh) => {
                format!("{month} 已交纳（{date} 的交纳记录 {id}）；每个月只交一次")
            }
            (E::AlreadyPaid { month, id, date }, Lang::En) => {
                format!("{month} is already paid (payment {id} of {date}); each month is paid once")
            }
            (
                E::WrongAmount {
                    given,
                    expected,
                    from,
                    to,
                },
                Lang::Zh,
            ) => format!(
                "交纳金额 {given} 元与应交金额 {expected} 元（{from} 至 {to}）不符；请交 {expected} 元，或省略 --amount"
            ),
            (
                E::WrongAmount {
                    given,
                    expected,
                    from,
                    to,
                },
                Lang::En,
            ) => format!(
                "amount {given} does not match the {expected} owed for {from} to {to}; pay {expected}, or leave out --amount"
            ),
            (
                E::BaseMismatch {
                    monthly,
                    base,
                    expected,
                },
                Lang::Zh,
            ) => format!("月交纳额 {monthly} 与月收入 {base} 按比例应交的 {expected} 不符"),
            (
                E::BaseMismatch {
                    monthly,
                    base,
                    expected,
                },
                Lang::En,
            ) => format!(
                "monthly amount {monthly} is not the {expected} the table gives for an income of {base}"
            ),
        }
    }
}

/// A month's status as the table shows it.
pub fn status_word(s: MonthStatus, lang: Lang) -> &'static str {
    match s {
        MonthStatus::Paid => lang.pick("已交", "paid"),
        MonthStatus::Due => lang.pick("本月未交", "due"),
        MonthStatus::Arrears => lang.pick("欠交", "arrears"),
        MonthStatus::Exempt => lang.pick("免交", "exempt"),
        MonthStatus::None => lang.pick("不适用", "none"),
    }
}

/// The mark of a month in a grid: ✓ paid, · due, ✗ arrears, – exempt or not owed.
pub fn status_glyph(s: MonthStatus) -> &'static str {
    match s {
        MonthStatus::Paid => "✓",
        MonthStatus::Due => "·",
        MonthStatus::Arrears => "✗",
        MonthStatus::Exempt | MonthStatus::None => "–",
    }
}

/// 连续6个月未交纳
pub fn flag_words(lang: Lang) -> &'static str {
    lang.pick("连续6个月未交纳", "6 months in a row unpaid")
}

/// The dues line of 本期 and of `status`: `党费 2026年11月 · 3 人未交` (red when anyone is
/// in arrears); in English the month reads `2026-11`.
pub fn status_line(month: crate::dues::Month, unpaid: usize, lang: Lang) -> String {
    let month = match lang {
        Lang::Zh => format!("{}年{}月", month.year, month.month),
        Lang::En => month.to_string(),
    };
    match (lang, unpaid) {
        (Lang::Zh, 0) => format!("党费 {month} · 已交齐"),
        (Lang::En, 0) => format!("Dues {month} · all paid"),
        (Lang::Zh, _) => format!("党费 {month} · {unpaid} 人未交"),
        (Lang::En, _) => format!("Dues {month} · {unpaid} unpaid"),
    }
}
