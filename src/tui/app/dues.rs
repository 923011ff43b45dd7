//! 党费: the year shown, the highlighted month, and a payment recorded from it with the
//! builder the command line uses.

use anyhow::Result;
use chrono::Datelike;

use super::{App, Mode};
use crate::dues::{self, Month, OrgDues};
use crate::entry::{self, DuesError, PaymentDraft};
use crate::input::DateForms;
use crate::messages::Localized;
use crate::model::Member;
use crate::tui::action::Action;
use crate::tui::fields::{FieldsForm, Purpose};

/// The payment form's fields (the member, shown, comes first).
const FROM: usize = 1;
const TO: usize = 2;
const DATE: usize = 3;

impl App {
    /// The year 党费 shows: today's unless `[` / `]` moved it.
    pub fn dues_year(&self) -> i32 {
        self.views.dues.year.unwrap_or(self.data.today.year())
    }

    /// The highlighted month of 党费.
    pub fn dues_month(&self) -> Month {
        let month = match self.views.dues.month {
            0 if self.dues_year() == self.data.today.year() => self.data.today.month(),
            0 => 1,
            m => m,
        };
        Month {
            year: self.dues_year(),
            month,
        }
    }

    /// The members 党费 lists for its year, as of today.
    pub fn dues_members(&self) -> Vec<&Member> {
        crate::judge::dues::listed(&self.data.members, self.dues_year(), self.data.today)
    }

    /// The selected org's dues over the year shown, as of today.
    pub fn org_dues(&self) -> OrgDues {
        let members: Vec<Member> = self.dues_members().into_iter().cloned().collect();
        dues::org_dues(
            &members,
            &self.data.dues_settings,
            &self.data.dues_payments,
            self.dues_year(),
            self.data.today,
        )
    }

    /// `←` `→` `[` `]` and `p` in 党费.
    pub(super) fn dues_action(&mut self, action: Action) {
        let month = self.dues_month().month;
        let state = &mut self.views.dues;
        match action {
            Action::Left => state.month = month.saturating_sub(1).max(1),
            Action::Right => state.month = (month + 1).min(12),
            Action::PrevPeriod | Action::NextPeriod => {
                let year = self.dues_year() + if action == Action::PrevPeriod { -1 } else { 1 };
                let state = &mut self.views.dues;
                state.year = Some(year);
                state.month = month;
                state.cursor = 0;
            }
            Action::Pay => self.open_payment(),
            _ => {}
        }
    }

    /// `p`: a payment form for the highlighted member from the highlighted month up to the
    /// last of the months unpaid that follow it, up to today's.
    fn open_payment(&mut self) {
        let Some(org) = self.data.selected_org().map(|o| o.id.clone()) else {
            return self.say("请先用 o 选择一个组织", "choose an org first with o");
        };
        let dues = self.org_dues();
        let Some(m) = dues.members.get(self.views.dues.cursor) else {
            return self.say("没有可交纳的党员", "no member to record a payment for");
        };
        let from = self.dues_month();
        let now = Month::of(self.data.today);
        let to = Month::range(from, now.max(from))
            .take_while(|month| {
                m.months.get(month).is_none_or(|s| s.unpaid()) && *month <= now || *month == from
            })
            .last()
            .unwrap_or(from);
        let l = self.lang();
        let title = match (l, m.monthly) {
            (crate::lang::Lang::Zh, Some(x)) => format!("交纳党费 · 每月 {x} 元"),
            (crate::lang::Lang::En, Some(x)) => format!("Pay dues · {x} a month"),
            _ => l.pick("交纳党费", "Pay dues").to_string(),
        };
        let fields = vec![
            (l.pick("党员", "member").into(), m.name.clone(), true),
            (
                l.pick("从（年-月）", "from (YYYY-MM)").into(),
                from.to_string(),
                false,
            ),
            (
                l.pick("至（年-月）", "to (YYYY-MM)").into(),
                to.to_string(),
                false,
            ),
            (
                l.pick("交纳日期", "paid on").into(),
                self.data.today.to_string(),
                false,
            ),
        ];
        let mut form = FieldsForm::new(Purpose::Payment(m.id.clone()), Some(org), title, fields);
        form.focus = TO;
        self.mode = Mode::Fields(Box::new(form));
    }

    /// The stored payment covering the highlighted month of the highlighted member.
    pub fn highlighted_payment(&self) -> Option<&crate::dues::Payment> {
        let members = self.dues_members();
        let m = members.get(self.views.dues.cursor)?;
        let month = self.dues_month();
        self.data
            .dues_payments
            .iter()
            .find(|p| p.member == m.id && p.covers(month))
    }

    /// `d` in 党费: asks before deleting the payment covering the highlighted month.
    pub(super) fn ask_delete_payment(&mut self) {
        match self.highlighted_payment() {
            Some(p) => {
                let pending = super::Pending::DeletePayment(p.member.clone(), p.id.clone());
                self.mode = Mode::Confirm(pending);
            }
            None => self.say("这个月没有交纳记录", "no payment covers this month"),
        }
    }

    pub(super) fn delete_payment(&mut self, member: &str, id: &str, stamp: &str) -> Result<()> {
        let Some(org) = self.data.selected_org().map(|o| o.id.clone()) else {
            return Ok(());
        };
        if let Some(p) = self
            .data
            .writable()?
            .delete_dues_payment(&org, member, id, stamp)?
        {
            self.message = Some((
                match self.lang() {
                    crate::lang::Lang::Zh => {
                        format!("已删除 {} 至 {} 的交纳（{} 元）", p.from, p.to, p.amount)
                    }
                    crate::lang::Lang::En => {
                        format!(
                            "deleted the payment for {} to {} ({})",
                            p.from, p.to, p.amount
                        )
                    }
                },
                false,
            ));
        }
        Ok(())
    }

    /// Checks and writes the payment form; `false` (and the field marked) when refused.
    pub(super) fn save_payment(&mut self, form: &mut FieldsForm) -> Result<bool> {
        let Purpose::Payment(id) = form.purpose.clone() else {
            return Ok(false);
        };
        let Some(member) = self.data.members.iter().find(|m| m.id == id).cloned() else {
            return Ok(false);
        };
        let lang = self.lang();
        let draft = PaymentDraft {
            from: form.value(FROM).to_string(),
            to: Some(form.value(TO).to_string()),
            amount: None,
            date: Some(form.value(DATE).to_string()),
        };
        let stamp = self.data.stamp();
        let built = entry::build_payment(
            &member,
            &self.data.dues_settings,
            &self.data.dues_payments,
            &draft,
            DateForms::Short,
            self.data.today,
            self.data.clock.now(),
            &stamp,
        );
        let payment = match built {
            Ok(p) => p,
            Err(e) => {
                let field = match &e {
                    DuesError::Date(_) | DuesError::FutureDate { .. } => DATE,
                    DuesError::Month(text) if *text == draft.from => FROM,
                    DuesError::NotMember { month, .. }
                    | DuesError::NoMonthly { month, .. }
                    | DuesError::Exempt { month, .. }
                    | DuesError::AlreadyPaid { month, .. }
                        if month.to_string() == form.value(FROM) =>
                    {
                        FROM
                    }
                    _ => TO,
                };
                form.refuse(field, e.message(lang));
                return Ok(false);
            }
        };
        self.data.writable()?.put_dues_payment(&payment)?;
        self.refresh_org()?;
        self.message = Some((
            match lang {
                crate::lang::Lang::Zh => format!(
                    "已登记：{} {} 至 {}，{} 元",
                    member.name, payment.from, payment.to, payment.amount
                ),
                crate::lang::Lang::En => format!(
                    "recorded: {} {} to {}, {}",
                    member.name, payment.from, payment.to, payment.amount
                ),
            },
            false,
        ));
        Ok(true)
    }
}
