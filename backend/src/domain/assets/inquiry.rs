use mamori_shared::assets::AccessLevel;
use mamori_shared::events::assets::{AssetEvent, InquiryClosed, InquiryLinked, InquiryMade};
use time::Date;
use uuid::Uuid;

use super::{valid_reason, AssetError};
use crate::domain::{format_date, Aggregate};

/// The longest description of what someone needs.
pub const MAX_DESCRIPTION: usize = 1_000;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum InquiryStatus {
    #[default]
    None,
    Open,
    Linked,
    Declined,
    Withdrawn,
}

/// A request for access by description (§6(5)): made by someone who cannot name the asset, answered
/// by the managers of the department they name, who link it to an asset or decline it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Inquiry {
    pub status: InquiryStatus,
    pub person_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InquiryCommand {
    /// The department is checked to exist by the caller (another aggregate).
    Make {
        inquiry_id: Uuid,
        person_id: Uuid,
        department_id: Uuid,
        description: String,
        access: AccessLevel,
        reason: String,
        until: Date,
        today: Date,
    },
    /// `by` names the asset; the grant is requested (and approved) on it in the same commit.
    Link {
        inquiry_id: Uuid,
        asset_id: Uuid,
        grant_id: Uuid,
        by: Uuid,
    },
    Decline {
        inquiry_id: Uuid,
        by: Uuid,
        reason: String,
    },
    /// Only the one who asked withdraws.
    Withdraw { inquiry_id: Uuid, by: Uuid },
}

impl Inquiry {
    /// What `by` could do with it as it stands, by the same checks `decide` makes (whether Cedar
    /// lets them answer is asked separately): what a screen offers.
    pub fn open_actions(&self, by: Uuid) -> Vec<&'static str> {
        let mut open = Vec::new();
        if self.require_answerable(by).is_ok() {
            open.extend(["link", "decline"]);
        }
        if self.status == InquiryStatus::Open && self.person_id == Some(by) {
            open.push("withdraw");
        }
        open
    }

    /// An answer needs an open inquiry, and someone other than the one who asked.
    fn require_answerable(&self, by: Uuid) -> Result<(), AssetError> {
        match self.status {
            InquiryStatus::None => Err(AssetError::NotFound),
            InquiryStatus::Open if self.person_id == Some(by) => Err(AssetError::SelfApproval),
            InquiryStatus::Open => Ok(()),
            _ => Err(AssetError::NotPending),
        }
    }
}

impl Aggregate for Inquiry {
    type Key = Uuid;
    type Command = InquiryCommand;
    type Event = AssetEvent;
    type Error = AssetError;

    fn stream_name(key: &Uuid) -> String {
        format!("inquiry-{key}")
    }

    fn decide(&self, command: InquiryCommand) -> Result<Vec<AssetEvent>, AssetError> {
        match command {
            InquiryCommand::Make {
                inquiry_id,
                person_id,
                department_id,
                description,
                access,
                reason,
                until,
                today,
            } => {
                if self.status != InquiryStatus::None {
                    return Err(AssetError::AlreadyExists);
                }
                let description = description.trim();
                if description.is_empty() || description.chars().count() > MAX_DESCRIPTION {
                    return Err(AssetError::InvalidDescription);
                }
                if until < today {
                    return Err(AssetError::EndsInPast);
                }
                Ok(vec![AssetEvent::InquiryMade(InquiryMade {
                    inquiry_id,
                    person_id,
                    department_id,
                    description: description.to_owned(),
                    access,
                    reason: valid_reason(&reason)?,
                    until: format_date(until),
                })])
            }
            InquiryCommand::Link {
                inquiry_id,
                asset_id,
                grant_id,
                by,
            } => {
                self.require_answerable(by)?;
                Ok(vec![AssetEvent::InquiryLinked(InquiryLinked {
                    inquiry_id,
                    asset_id,
                    grant_id,
                })])
            }
            InquiryCommand::Decline {
                inquiry_id,
                by,
                reason,
            } => {
                self.require_answerable(by)?;
                Ok(vec![AssetEvent::InquiryDeclined(InquiryClosed {
                    inquiry_id,
                    reason: valid_reason(&reason)?,
                })])
            }
            InquiryCommand::Withdraw { inquiry_id, by } => {
                if self.status == InquiryStatus::None {
                    return Err(AssetError::NotFound);
                }
                if self.person_id != Some(by) {
                    return Err(AssetError::NotRequester);
                }
                if self.status != InquiryStatus::Open {
                    return Err(AssetError::NotPending);
                }
                Ok(vec![AssetEvent::InquiryWithdrawn(InquiryClosed {
                    inquiry_id,
                    reason: String::new(),
                })])
            }
        }
    }

    fn evolve(&mut self, event: &AssetEvent) {
        match event {
            AssetEvent::InquiryMade(e) => {
                self.status = InquiryStatus::Open;
                self.person_id = Some(e.person_id);
            }
            AssetEvent::InquiryLinked(_) => self.status = InquiryStatus::Linked,
            AssetEvent::InquiryDeclined(_) => self.status = InquiryStatus::Declined,
            AssetEvent::InquiryWithdrawn(_) => self.status = InquiryStatus::Withdrawn,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const INQUIRY: Uuid = Uuid::from_u128(1);
    const STAFF: Uuid = Uuid::from_u128(3);
    const MANAGER: Uuid = Uuid::from_u128(4);

    fn made() -> Inquiry {
        let mut state = Inquiry::default();
        let events = state.decide(make("住民記録の閲覧")).unwrap();
        events.iter().for_each(|e| state.evolve(e));
        state
    }

    fn make(description: &str) -> InquiryCommand {
        InquiryCommand::Make {
            inquiry_id: INQUIRY,
            person_id: STAFF,
            department_id: Uuid::from_u128(9),
            description: description.into(),
            access: AccessLevel::View,
            reason: "窓口対応のため".into(),
            until: date!(2026 - 12 - 31),
            today: date!(2026 - 12 - 01),
        }
    }

    #[test]
    fn an_inquiry_says_what_is_needed() {
        assert_eq!(
            Inquiry::default().decide(make("  ")),
            Err(AssetError::InvalidDescription)
        );
        assert_eq!(made().status, InquiryStatus::Open);
        assert_eq!(made().decide(make("x")), Err(AssetError::AlreadyExists));
    }

    #[test]
    fn a_manager_answers_and_only_the_one_who_asked_withdraws() {
        let state = made();
        let link = |by| InquiryCommand::Link {
            inquiry_id: INQUIRY,
            asset_id: Uuid::from_u128(7),
            grant_id: Uuid::from_u128(8),
            by,
        };
        assert_eq!(state.decide(link(STAFF)), Err(AssetError::SelfApproval));
        assert!(state.decide(link(MANAGER)).is_ok());
        let withdraw = |by| InquiryCommand::Withdraw {
            inquiry_id: INQUIRY,
            by,
        };
        assert_eq!(
            state.decide(withdraw(MANAGER)),
            Err(AssetError::NotRequester)
        );
        let mut withdrawn = state.clone();
        for event in state.decide(withdraw(STAFF)).unwrap() {
            withdrawn.evolve(&event);
        }
        assert_eq!(withdrawn.decide(link(MANAGER)), Err(AssetError::NotPending));
    }
}
