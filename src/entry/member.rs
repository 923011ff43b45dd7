//! A member: the one check of its fields, and building one from what was typed.

use chrono::NaiveDate;

use super::{EntryError, Field, at};
use crate::input::{self, check_date, check_id, check_name, check_text};
use crate::model::Member;

/// A member as typed (on the command line or in the form).
#[derive(Debug, Clone, Default)]
pub struct MemberDraft {
    pub id: String,
    pub name: String,
    pub tags: Vec<String>,
    pub joined_on: Option<NaiveDate>,
    pub left_on: Option<NaiveDate>,
}

/// Builds the member of `org` from `draft`. `others` are the org's members as stored; a
/// new member (`editing` false) may not take an id one of them has.
pub fn build_member(
    org: &str,
    draft: MemberDraft,
    others: &[Member],
    editing: bool,
    stamp: &str,
) -> Result<Member, EntryError> {
    check_id(input::Field::MemberId, &draft.id).map_err(at(Field::Id))?;
    check_name(input::Field::MemberName, &draft.name).map_err(at(Field::Name))?;
    for t in &draft.tags {
        check_text(input::Field::Tag, t).map_err(at(Field::Tags))?;
    }
    let member = Member {
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
    };
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
