//! A member: the one check of its fields, and building one from what was typed.

use chrono::NaiveDate;

use super::{EntryError, Field, at};
use crate::input::{self, check_date, check_id, check_name, check_opt, check_text};
use crate::model::{Member, Stage};
use crate::stages::{self, StageError};

/// A member as typed (on the command line or in the form).
#[derive(Debug, Clone, Default)]
pub struct MemberDraft {
    pub id: String,
    pub name: String,
    pub tags: Vec<String>,
    pub joined_on: Option<NaiveDate>,
    pub left_on: Option<NaiveDate>,
    /// The stage a new member is added at (SPEC §9; default `full`).
    pub stage: Stage,
    /// The day they entered it; needed for every stage but `full`.
    pub stage_on: Option<NaiveDate>,
    /// The days they entered earlier stages, when known (a 花名册's 入党时间).
    pub earlier: Vec<(Stage, NaiveDate)>,
}

/// Builds the member of `org` from `draft` on `today`. `others` are the org's members as
/// stored; a new member (`editing` false) may not take an id one of them has, and an
/// edited one keeps its place on the path into the party (its stages change only by
/// [`advance_member`]).
pub fn build_member(
    org: &str,
    draft: MemberDraft,
    others: &[Member],
    editing: bool,
    stamp: &str,
    today: NaiveDate,
) -> Result<Member, EntryError> {
    check_id(input::Field::MemberId, &draft.id).map_err(at(Field::Id))?;
    check_name(input::Field::MemberName, &draft.name).map_err(at(Field::Name))?;
    for t in &draft.tags {
        check_text(input::Field::Tag, t).map_err(at(Field::Tags))?;
    }
    let mut member = Member {
        id: draft.id,
        org: org.to_string(),
        name: draft.name.trim().to_string(),
        tags: draft
            .tags
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect(),
        joined_on: draft.joined_on,
        left_on: draft.left_on,
        updated_at: stamp.to_string(),
        ..Member::default()
    };
    let stored = others.iter().find(|m| m.id == member.id && m.org == org);
    match stored.filter(|_| editing) {
        Some(old) => {
            member.stage = old.stage;
            member.stage_dates = old.stage_dates.clone();
            member.extension_months = old.extension_months;
            member.left_reason = old.left_reason.clone();
            member.moved_to = old.moved_to.clone();
            member.moved_from = old.moved_from.clone();
        }
        None => {
            member.stage = draft.stage;
            if let Some(on) = draft.stage_on {
                check_date(on).map_err(at(Field::Stage))?;
                if on > today {
                    return Err(StageError::AfterToday { date: on, today }.into());
                }
                member.stage_dates.insert(draft.stage, on);
            }
            for &(s, on) in &draft.earlier {
                check_date(on).map_err(at(Field::Stage))?;
                member.stage_dates.insert(s, on);
            }
        }
    }
    check_member(&member)?;
    if !editing && others.iter().any(|m| m.id == member.id && m.org == org) {
        return Err(EntryError::MemberTaken {
            org: org.to_string(),
            id: member.id,
        });
    }
    Ok(member)
}

/// The rules every member meets, however it got in: an id, a name and tags within the
/// limits of SPEC §3, dates in range, not left before joining.
pub fn check_member(m: &Member) -> Result<(), EntryError> {
    check_id(input::Field::MemberId, &m.id).map_err(at(Field::Id))?;
    check_name(input::Field::MemberName, &m.name).map_err(at(Field::Name))?;
    for t in &m.tags {
        check_text(input::Field::Tag, t).map_err(at(Field::Tags))?;
    }
    if let Some(d) = m.joined_on {
        check_date(d).map_err(at(Field::JoinedOn))?;
    }
    if let Some(d) = m.left_on {
        check_date(d).map_err(at(Field::LeftOn))?;
    }
    if let (Some(joined), Some(left)) = (m.joined_on, m.left_on)
        && left < joined
    {
        return Err(EntryError::LeftBeforeJoined { joined, left });
    }
    for d in m.stage_dates.values() {
        check_date(*d).map_err(at(Field::Stage))?;
    }
    stages::check_path(m)?;
    check_opt(input::Field::LeftReason, &m.left_reason).map_err(at(Field::LeftOn))?;
    for org in [&m.moved_to, &m.moved_from].into_iter().flatten() {
        check_id(input::Field::OrgId, org).map_err(at(Field::Place))?;
    }
    Ok(())
}

/// Who a name names among `members`: the member with that id, else the one with that
/// exact name.
pub enum Named<'a> {
    One(&'a Member),
    Nobody,
    /// Several share the name: their ids (`org/id` when they are of several orgs).
    Several(Vec<String>),
}

/// The member `name` names among `members`: by id, else by exact name.
pub fn find_member<'a>(members: &[&'a Member], name: &str) -> Named<'a> {
    let by_id: Vec<&&Member> = members.iter().filter(|m| m.id == name).collect();
    let found: Vec<&&Member> = if by_id.is_empty() {
        members.iter().filter(|m| m.name == name).collect()
    } else {
        by_id
    };
    match found.as_slice() {
        [] => Named::Nobody,
        [m] => Named::One(m),
        many => {
            let one_org = many.iter().all(|m| m.org == many[0].org);
            Named::Several(
                many.iter()
                    .map(|m| {
                        if one_org {
                            m.id.clone()
                        } else {
                            format!("{}/{}", m.org, m.id)
                        }
                    })
                    .collect(),
            )
        }
    }
}

/// `m` moved on to stage `to` on `on` (`member advance`, the 发展 view's `>`), with the
/// 预备期 first extended by `extend_months` when given; stamped `stamp`.
pub fn advance_member(
    m: &Member,
    to: Option<Stage>,
    on: Option<NaiveDate>,
    extend_months: Option<u32>,
    today: NaiveDate,
    stamp: &str,
) -> Result<Member, EntryError> {
    let mut moved = m.clone();
    if let Some(n) = extend_months {
        moved = stages::extend(&moved, n)?;
    }
    if let Some(to) = to {
        let on = on.ok_or(EntryError::MissingDate)?;
        check_date(on).map_err(at(Field::Date))?;
        moved = stages::advance(&moved, to, on, today)?;
    }
    moved.updated_at = stamp.to_string();
    check_member(&moved)?;
    Ok(moved)
}

/// A transfer (组织关系转接) of `m` to the org `to` on `on`: the membership in `m`'s org
/// ends that day and one in `to` begins, carrying the member's stages, so each org judges
/// the member for the time they belonged to it. `target` are `to`'s members as stored.
pub fn move_member(
    m: &Member,
    to: &str,
    on: NaiveDate,
    target: &[Member],
    today: NaiveDate,
    stamp: &str,
) -> Result<(Member, Member), EntryError> {
    if to == m.org {
        return Err(EntryError::SameOrg(to.to_string()));
    }
    if target.iter().any(|t| t.id == m.id && t.org == to) {
        return Err(EntryError::MemberTaken {
            org: to.to_string(),
            id: m.id.clone(),
        });
    }
    let mut left = leave_member(m, on, None, today, stamp)?;
    left.moved_to = Some(to.to_string());
    let mut joined = m.clone();
    joined.org = to.to_string();
    joined.joined_on = Some(on);
    joined.left_on = None;
    joined.left_reason = None;
    joined.moved_to = None;
    joined.moved_from = Some(m.org.clone());
    joined.updated_at = stamp.to_string();
    check_member(&left)?;
    check_member(&joined)?;
    Ok((left, joined))
}

/// `m` leaving its org on `on` (`member leave`, `--reason 转出` for an org outside the
/// database): not after today, not before joining, and only once.
pub fn leave_member(
    m: &Member,
    on: NaiveDate,
    reason: Option<&str>,
    today: NaiveDate,
    stamp: &str,
) -> Result<Member, EntryError> {
    check_date(on).map_err(at(Field::LeftOn))?;
    if let Some(left) = m.left_on.filter(|l| *l <= today) {
        return Err(StageError::Left {
            id: m.id.clone(),
            on: left,
        }
        .into());
    }
    if on > today {
        return Err(StageError::AfterToday { date: on, today }.into());
    }
    if let Some(r) = reason {
        check_text(input::Field::LeftReason, r).map_err(at(Field::LeftOn))?;
    }
    let mut left = m.clone();
    left.left_on = Some(on);
    left.left_reason = reason
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    left.updated_at = stamp.to_string();
    check_member(&left)?;
    Ok(left)
}
