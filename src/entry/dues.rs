//! Party dues: a member's monthly amount ([`build_setting`]) and a payment
//! ([`build_payment`]), built and checked here for the command line, the 党费 view and
//! import alike.

use chrono::{DateTime, NaiveDate, Utc};

use super::member::{Named, find_member};
use crate::dues::{
    Fen, MAX_MONTHS_AHEAD, MAX_MONTHS_PER_PAYMENT, Month, Payment, RateKind, Setting, monthly_for,
    monthly_from_base, party_member_in,
};
use crate::input::{self, DateForms, InputError, check_date, check_id};
use crate::model::Member;

/// Which amount a refusal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountField {
    /// `--monthly`
    Monthly,
    /// `--base`
    Base,
    /// `--amount`
    Paid,
}

/// Why a dues setting or payment was refused. Data only: the words are in
/// [`crate::messages`].
#[derive(Debug, Clone, PartialEq)]
pub enum DuesError {
    /// Not an amount in 元 with at most two decimals.
    Amount {
        field: AmountField,
        text: String,
    },
    /// Neither `--monthly` nor `--base`, or both.
    MonthlyOrBase,
    /// A kind of the table without a base to apply it to.
    KindWithoutBase,
    /// Not a month `YYYY-MM`.
    Month(String),
    /// `--to` before `--from`.
    Backwards {
        from: Month,
        to: Month,
    },
    TooManyMonths {
        from: Month,
        to: Month,
    },
    /// Paid further ahead than [`MAX_MONTHS_AHEAD`] months.
    TooFarAhead {
        to: Month,
        latest: Month,
    },
    Date(InputError),
    /// A payment is something that happened: not after today.
    FutureDate {
        date: NaiveDate,
        today: NaiveDate,
    },
    UnknownMember(String),
    AmbiguousMember {
        name: String,
        ids: Vec<String>,
    },
    /// Not a party member of the org in that month (not yet, or no longer).
    NotMember {
        member: String,
        month: Month,
    },
    /// No monthly amount set for that month.
    NoMonthly {
        member: String,
        month: Month,
    },
    /// Exempted (减免) that month: nothing to pay.
    Exempt {
        member: String,
        month: Month,
    },
    /// Already covered by payment `id` of `date`.
    AlreadyPaid {
        month: Month,
        id: String,
        date: NaiveDate,
    },
    /// `--amount` that is not what the months add up to.
    WrongAmount {
        given: Fen,
        expected: Fen,
        from: Month,
        to: Month,
    },
    /// An id or a name out of bounds (import).
    Input(InputError),
    /// A stored amount that is not what its base and kind give (import).
    BaseMismatch {
        monthly: Fen,
        base: Fen,
        expected: Fen,
    },
}

fn amount(field: AmountField, text: &str) -> Result<Fen, DuesError> {
    Fen::parse(text.trim()).ok_or_else(|| DuesError::Amount {
        field,
        text: text.to_string(),
    })
}

/// A month as typed: `YYYY-MM`.
pub fn parse_month(text: &str) -> Result<Month, DuesError> {
    Month::parse(text.trim()).ok_or_else(|| DuesError::Month(text.to_string()))
}

/// The member `name` names among `members` (by id, else by exact name).
pub fn find_dues_member<'a>(members: &'a [Member], name: &str) -> Result<&'a Member, DuesError> {
    let all: Vec<&Member> = members.iter().collect();
    match find_member(&all, name.trim()) {
        Named::One(m) => Ok(m),
        // A member who moved is found in both orgs: the org they are in now is meant.
        Named::Several(_)
            if members
                .iter()
                .filter(|m| (m.id == name.trim() || m.name == name.trim()) && m.left_on.is_none())
                .count()
                == 1 =>
        {
            Ok(members
                .iter()
                .find(|m| (m.id == name.trim() || m.name == name.trim()) && m.left_on.is_none())
                .expect("counted above"))
        }
        Named::Nobody => Err(DuesError::UnknownMember(name.to_string())),
        Named::Several(ids) => Err(DuesError::AmbiguousMember {
            name: name.to_string(),
            ids,
        }),
    }
}

/// A monthly amount as typed: `--monthly`, or `--base` with the kind of the table.
#[derive(Debug, Clone, Default)]
pub struct SettingDraft {
    pub monthly: Option<String>,
    pub base: Option<String>,
    pub rate_kind: Option<RateKind>,
    /// `YYYY-MM`; default: today's month.
    pub from: Option<String>,
}

/// What `draft` says, checked as typed: the first month, the monthly amount and the base
/// it was worked out from. The command line calls it before it opens the store.
pub fn read_setting(
    draft: &SettingDraft,
    today: NaiveDate,
) -> Result<(Month, Fen, Option<Fen>), DuesError> {
    let from = match &draft.from {
        Some(text) => parse_month(text)?,
        None => Month::of(today),
    };
    match (&draft.monthly, &draft.base) {
        (Some(_), None) if draft.rate_kind.is_some() => Err(DuesError::KindWithoutBase),
        (Some(m), None) => Ok((from, amount(AmountField::Monthly, m)?, None)),
        (None, Some(b)) => {
            let base = amount(AmountField::Base, b)?;
            let kind = draft.rate_kind.unwrap_or_default();
            Ok((from, monthly_from_base(base, kind), Some(base)))
        }
        _ => Err(DuesError::MonthlyOrBase),
    }
}

/// The setting of `member`'s monthly dues from `draft`, on `today`.
pub fn build_setting(
    member: &Member,
    draft: &SettingDraft,
    today: NaiveDate,
    stamp: &str,
) -> Result<Setting, DuesError> {
    let (from, monthly, base) = read_setting(draft, today)?;
    let setting = Setting {
        org: member.org.clone(),
        member: member.id.clone(),
        from,
        monthly,
        base,
        rate_kind: base.and(draft.rate_kind),
        updated_at: stamp.to_string(),
    };
    check_setting(&setting, Some(member))?;
    Ok(setting)
}

/// The rules every setting meets, however it got in: ids within bounds, an amount worked
/// out from a base is the table's, and the member is still in the org in its month.
pub fn check_setting(s: &Setting, member: Option<&Member>) -> Result<(), DuesError> {
    check_id(input::Field::OrgId, &s.org).map_err(DuesError::Input)?;
    check_id(input::Field::MemberId, &s.member).map_err(DuesError::Input)?;
    if let Some(base) = s.base {
        let expected = monthly_from_base(base, s.rate_kind.unwrap_or_default());
        if expected != s.monthly {
            return Err(DuesError::BaseMismatch {
                monthly: s.monthly,
                base,
                expected,
            });
        }
    }
    if let Some(m) = member
        && m.left_on.is_some_and(|left| left < s.from.first_day())
    {
        return Err(DuesError::NotMember {
            member: m.id.clone(),
            month: s.from,
        });
    }
    Ok(())
}

/// What paying `from..=to` costs `member`: the sum of those months' monthly amounts.
/// Refused when a month is not owed (not a party member, no amount set, exempt).
pub fn amount_due(
    member: &Member,
    settings: &[Setting],
    from: Month,
    to: Month,
) -> Result<Fen, DuesError> {
    let mine: Vec<&Setting> = settings
        .iter()
        .filter(|s| s.org == member.org && s.member == member.id)
        .collect();
    let mut sum = Fen::ZERO;
    for month in Month::range(from, to) {
        let who = || member.id.clone();
        if !party_member_in(member, month) {
            return Err(DuesError::NotMember {
                member: who(),
                month,
            });
        }
        match monthly_for(mine.iter().copied(), month) {
            None => {
                return Err(DuesError::NoMonthly {
                    member: who(),
                    month,
                });
            }
            Some(Fen::ZERO) => {
                return Err(DuesError::Exempt {
                    member: who(),
                    month,
                });
            }
            Some(a) => sum += a,
        }
    }
    Ok(sum)
}

/// A payment as typed.
#[derive(Debug, Clone, Default)]
pub struct PaymentDraft {
    pub from: String,
    /// Default: `from` (one month).
    pub to: Option<String>,
    /// Default: what the months add up to.
    pub amount: Option<String>,
    /// Default: today.
    pub date: Option<String>,
}

/// A payment as typed, checked before anything is looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentInput {
    pub from: Month,
    pub to: Month,
    pub date: NaiveDate,
    pub amount: Option<Fen>,
}

/// What `draft` says, checked as typed: the months in order, not too many, not too far
/// ahead of `today`; the date not after it; the amount an amount. The command line calls
/// it before it opens the store.
pub fn read_payment(
    draft: &PaymentDraft,
    forms: DateForms,
    today: NaiveDate,
) -> Result<PaymentInput, DuesError> {
    let from = parse_month(&draft.from)?;
    let to = match draft.to.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => parse_month(t)?,
        None => from,
    };
    if to < from {
        return Err(DuesError::Backwards { from, to });
    }
    if to.index() - from.index() >= MAX_MONTHS_PER_PAYMENT as i32 {
        return Err(DuesError::TooManyMonths { from, to });
    }
    let latest = Month::of(today).plus(MAX_MONTHS_AHEAD as i32);
    if to > latest {
        return Err(DuesError::TooFarAhead { to, latest });
    }
    let date = match draft
        .date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(text) => input::read_date(text, today, forms).map_err(DuesError::Date)?,
        None => today,
    };
    if date > today {
        return Err(DuesError::FutureDate { date, today });
    }
    let amount = draft
        .amount
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| amount(AmountField::Paid, t))
        .transpose()?;
    Ok(PaymentInput {
        from,
        to,
        date,
        amount,
    })
}

/// The payment `draft` describes for `member`, on `today`: the months owed and none paid
/// already (by any payment stored, whatever its date), the amount what they add up to.
#[allow(clippy::too_many_arguments)] // each is its own input
pub fn build_payment(
    member: &Member,
    settings: &[Setting],
    payments: &[Payment],
    draft: &PaymentDraft,
    forms: DateForms,
    today: NaiveDate,
    now: DateTime<Utc>,
    stamp: &str,
) -> Result<Payment, DuesError> {
    let PaymentInput {
        from,
        to,
        date,
        amount,
    } = read_payment(draft, forms, today)?;
    let expected = amount_due(member, settings, from, to)?;
    for month in Month::range(from, to) {
        if let Some(p) = payments
            .iter()
            .find(|p| p.org == member.org && p.member == member.id && p.covers(month))
        {
            return Err(DuesError::AlreadyPaid {
                month,
                id: p.id.clone(),
                date: p.date,
            });
        }
    }
    if let Some(given) = amount
        && given != expected
    {
        return Err(DuesError::WrongAmount {
            given,
            expected,
            from,
            to,
        });
    }
    let payment = Payment {
        id: super::new_id(now),
        org: member.org.clone(),
        member: member.id.clone(),
        from,
        to,
        amount: expected,
        date,
        created_at: stamp.to_string(),
        updated_at: stamp.to_string(),
    };
    check_payment(&payment, today)?;
    Ok(payment)
}

/// The rules every payment meets, however it got in: ids within bounds, months in order
/// and not too many, an amount above 0, a date in range and not after `until`.
pub fn check_payment(p: &Payment, until: NaiveDate) -> Result<(), DuesError> {
    check_id(input::Field::RecordId, &p.id).map_err(DuesError::Input)?;
    check_id(input::Field::OrgId, &p.org).map_err(DuesError::Input)?;
    check_id(input::Field::MemberId, &p.member).map_err(DuesError::Input)?;
    if p.to < p.from {
        return Err(DuesError::Backwards {
            from: p.from,
            to: p.to,
        });
    }
    if p.to.index() - p.from.index() >= MAX_MONTHS_PER_PAYMENT as i32 {
        return Err(DuesError::TooManyMonths {
            from: p.from,
            to: p.to,
        });
    }
    if p.amount <= Fen::ZERO {
        return Err(DuesError::Amount {
            field: AmountField::Paid,
            text: p.amount.to_string(),
        });
    }
    check_date(p.date).map_err(DuesError::Date)?;
    if p.date > until {
        return Err(DuesError::FutureDate {
            date: p.date,
            today: until,
        });
    }
    Ok(())
}
