//! Every object that gets in — a record, a member, an org, a mark — is built and checked
//! here, by one function each, whether it was typed on the command line, in a form, or
//! read from an import file. So all three accept and refuse exactly the same things,
//! with the same words ([`crate::messages`]).

mod dues;
mod mark;
mod member;
mod org;
mod record;

pub use dues::{
    AmountField, DuesError, PaymentDraft, PaymentInput, SettingDraft, amount_due, build_payment,
    build_setting, check_payment, check_setting, find_dues_member, parse_month, read_payment,
    read_setting,
};
pub use mark::{check_mark, check_mark_text, hand_score_points};
pub use member::{
    MemberDraft, Named, advance_member, build_member, check_member, find_member, leave_member,
    move_member,
};
pub use org::{MAX_TERM_YEARS, check_org, parse_cadence};
pub use record::{Attendance, Draft, build, check_record, implied, new_id};

use chrono::NaiveDate;

use crate::checklist::{Catalog, Obligation};
use crate::input::InputError;
use crate::model::{Org, ParentError};
use crate::period;

/// The largest number of hours one record may carry: a day.
pub const MAX_HOURS: f64 = 24.0;

/// The most points one bonus or penalty entry may carry.
pub const MAX_POINTS: f64 = 100.0;

/// Which field a refusal is about, so a form can mark it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Obligations,
    Date,
    Hours,
    Attendance,
    ForPeriod,
    Topic,
    /// The note (落实措施 on a mark), and the location and speaker the form does not show.
    Note,
    Id,
    Name,
    Tags,
    JoinedOn,
    LeftOn,
    Owner,
    Deadline,
    State,
    Score,
    /// What an org or a mark belongs to: its parent, its checklist or item.
    Place,
    /// A member's stage and its dates (SPEC §9).
    Stage,
}

/// Why an object was refused. Data only: the words are in [`crate::messages`].
#[derive(Debug, Clone, PartialEq)]
pub enum EntryError {
    NoObligation,
    UnknownObligation {
        id: String,
        /// Ids and titles of the obligations that would be accepted.
        known: Vec<(String, String)>,
    },
    NotApplicable {
        id: String,
        kind: String,
    },
    NotInForce {
        id: String,
        checklist: String,
        in_force: Vec<String>,
    },
    /// `points` on an obligation that is not a bonus or penalty item's.
    PointsNotEntry {
        id: String,
    },
    Points(f64),
    MissingDate,
    /// A record is something that happened: not after today.
    FutureDate {
        date: NaiveDate,
        today: NaiveDate,
    },
    Hours(f64),
    UnknownMember {
        name: String,
    },
    /// A name several members of the org share.
    AmbiguousMember {
        name: String,
        ids: Vec<String>,
    },
    /// The same person named twice.
    NamedTwice {
        name: String,
    },
    /// An attendee list with nobody on it.
    NoAttendee,
    /// A make-up for a period that has not begun on `today`.
    ForFuturePeriod {
        label: String,
        today: NaiveDate,
    },
    /// A date out of range, unsafe or too long text in a field.
    Input(Field, InputError),
    /// A make-up label that names a period of none of the record's obligations.
    ForPeriod {
        label: String,
        obligation: String,
        every: period::Every,
        example: String,
    },
    ForLaterPeriod {
        label: String,
        date: NaiveDate,
    },
    /// The org already has a member with this id.
    MemberTaken {
        org: String,
        id: String,
    },
    /// Left before joining.
    LeftBeforeJoined {
        joined: NaiveDate,
        left: NaiveDate,
    },
    OrgTaken(String),
    Parent(ParentError),
    UnknownChecklist {
        id: String,
        known: Vec<String>,
    },
    UnknownItem {
        checklist: String,
        item: String,
        path: String,
    },
    ChecklistNotInForce {
        checklist: String,
        org: String,
        in_force: Vec<String>,
    },
    /// A hand score on an item that takes none (no points, not a leaf, or a bonus or
    /// penalty item, whose entries carry the points).
    NotScored {
        item: String,
    },
    Score {
        value: f64,
        item: String,
        max: f64,
    },
    /// A due day on an obligation whose periods have no day of the month.
    DueDayCadence {
        id: String,
        every: period::Every,
    },
    DueDay(String),
    TermCadence {
        id: String,
        every: period::Every,
    },
    TermYears(String),
    /// `--every` on an obligation whose cadence the guide states (not a 定期 duty).
    NotRegular {
        id: String,
        every: period::Every,
        /// The 定期 duties loaded, whose cadence an org may set.
        regular: Vec<String>,
    },
    /// A cadence for a 定期 duty that is not one of week … year.
    Cadence(String),
    NoReason {
        id: String,
    },
    /// `--amount` text that is not `MEMBER=NUMBER`.
    AmountText(String),
    /// A negative, huge or non-finite amount.
    Amount(f64),
    /// Amounts on a record none of whose obligations has `amount`.
    AmountNotAllowed {
        ids: Vec<String>,
    },
    /// A stage, its date or an extension of the 预备期 against the rules of SPEC §9.
    Stage(crate::stages::StageError),
    /// A member both attending and on leave.
    ExcusedAttendee {
        name: String,
    },
    /// A transfer to the org the member is already in.
    SameOrg(String),
}

impl From<crate::stages::StageError> for EntryError {
    fn from(e: crate::stages::StageError) -> EntryError {
        EntryError::Stage(e)
    }
}

/// The largest amount one member may carry on a record.
pub const MAX_AMOUNT: f64 = 1e9;

/// `MEMBER=NUMBER` (`m01=5230`) as typed on the command line or in a form.
pub fn parse_amount(text: &str) -> Result<(String, f64), EntryError> {
    let bad = || EntryError::AmountText(text.to_string());
    let (member, number) = text.split_once('=').ok_or_else(bad)?;
    let x: f64 = number.trim().parse().map_err(|_| bad())?;
    if member.trim().is_empty() {
        return Err(bad());
    }
    Ok((member.trim().to_string(), x))
}

impl EntryError {
    pub fn field(&self) -> Field {
        use EntryError as E;
        match self {
            E::NoObligation
            | E::UnknownObligation { .. }
            | E::NotApplicable { .. }
            | E::NotInForce { .. }
            | E::PointsNotEntry { .. }
            | E::DueDayCadence { .. }
            | E::DueDay(_)
            | E::TermCadence { .. }
            | E::TermYears(_)
            | E::NotRegular { .. }
            | E::Cadence(_)
            | E::NoReason { .. } => Field::Obligations,
            E::Points(_) | E::Hours(_) => Field::Hours,
            E::MissingDate | E::FutureDate { .. } => Field::Date,
            E::UnknownMember { .. }
            | E::AmbiguousMember { .. }
            | E::NamedTwice { .. }
            | E::NoAttendee
            | E::AmountText(_)
            | E::Amount(_)
            | E::AmountNotAllowed { .. }
            | E::ExcusedAttendee { .. } => Field::Attendance,
            E::SameOrg(_) => Field::Place,
            E::Stage(_) => Field::Stage,
            E::ForPeriod { .. } | E::ForLaterPeriod { .. } | E::ForFuturePeriod { .. } => {
                Field::ForPeriod
            }
            E::Input(field, _) => *field,
            E::MemberTaken { .. } | E::OrgTaken(_) => Field::Id,
            E::LeftBeforeJoined { .. } => Field::LeftOn,
            E::Parent(_)
            | E::UnknownChecklist { .. }
            | E::UnknownItem { .. }
            | E::ChecklistNotInForce { .. } => Field::Place,
            E::NotScored { .. } | E::Score { .. } => Field::Score,
        }
    }
}

/// `e` about `field`.
fn at(field: Field) -> impl Fn(InputError) -> EntryError {
    move |e| EntryError::Input(field, e)
}

/// An obligation named by its id or its exact title (`主题党日`). A title several
/// obligations share names the one in force for `org` and applying to its kind.
pub fn find_obligation<'a>(
    catalog: &'a Catalog,
    org: Option<&Org>,
    name: &str,
) -> Option<&'a Obligation> {
    let name = name.trim();
    catalog.obligation(name).or_else(|| {
        let titled = || catalog.obligations.iter().filter(move |o| o.title == name);
        titled()
            .find(|o| {
                org.is_some_and(|org| {
                    o.applies_to_kind(org.kind) && catalog.obligation_in_force(org, o)
                })
            })
            .or_else(|| titled().next())
    })
}

/// The refusal of an obligation `name` that is neither an id nor a title: it lists the
/// ones `org` could take, by id and title.
pub fn unknown_obligation(catalog: &Catalog, org: Option<&Org>, name: &str) -> EntryError {
    EntryError::UnknownObligation {
        id: name.to_string(),
        known: catalog
            .obligations
            .iter()
            .filter(|o| {
                org.is_none_or(|org| {
                    o.applies_to_kind(org.kind) && catalog.obligation_in_force(org, o)
                })
            })
            .map(|o| (o.id.clone(), o.title.clone()))
            .collect(),
    }
}
