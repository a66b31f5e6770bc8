use mamori_shared::assets::AccessLevel;
use mamori_shared::events::assets::{AssetEvent, GrantDecided, GrantExpired, GrantRequested};
use time::Date;
use uuid::Uuid;

use super::{valid_reason, AssetError};
use crate::domain::{format_date, parse_date, Aggregate};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum GrantStatus {
    #[default]
    None,
    Pending,
    Active,
    Rejected,
    Revoked,
    Expired,
    /// Withdrawn by the requester before a decision.
    Withdrawn,
}

/// An access grant (§6(5)): requested by a person, decided by the owning department's manager or
/// above, ended by its date, a revocation, or the person's deactivation.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Grant {
    pub status: GrantStatus,
    pub asset_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub until: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantCommand {
    Request {
        grant_id: Uuid,
        asset_id: Uuid,
        person_id: Uuid,
        access: AccessLevel,
        reason: String,
        until: Date,
        today: Date,
    },
    /// `by` is who decides; whether they may is Cedar's question, asked by the caller.
    Approve {
        grant_id: Uuid,
        by: Uuid,
        reason: String,
    },
    Reject {
        grant_id: Uuid,
        by: Uuid,
        reason: String,
    },
    Revoke {
        grant_id: Uuid,
        reason: String,
    },
    /// The system ends a grant whose last day has passed.
    Expire {
        grant_id: Uuid,
        today: Date,
    },
    /// The requester takes back a pending request.
    Withdraw {
        grant_id: Uuid,
        by: Uuid,
    },
}

/// A decision on a grant, as the API names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantDecision {
    Approve,
    Reject,
    Revoke,
    /// The requester's own: taking a pending request back.
    Withdraw,
}

impl GrantDecision {
    pub fn code(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::Revoke => "revoke",
            Self::Withdraw => "withdraw",
        }
    }
}

impl Grant {
    /// The decisions `by` could take on the grant as it stands, by the same checks `decide`
    /// makes (whether Cedar lets them is asked separately): what a screen offers.
    pub fn open_decisions(&self, by: Uuid) -> Vec<GrantDecision> {
        let mut open = Vec::new();
        if self.require_pending(by).is_ok() {
            open.extend([GrantDecision::Approve, GrantDecision::Reject]);
        }
        if self.require_active().is_ok() {
            open.push(GrantDecision::Revoke);
        }
        if self.status == GrantStatus::Pending && self.person_id == Some(by) {
            open.push(GrantDecision::Withdraw);
        }
        open
    }

    fn require_active(&self) -> Result<(), AssetError> {
        if self.status == GrantStatus::Active {
            Ok(())
        } else {
            Err(AssetError::NotActive)
        }
    }

    /// A decision needs a pending request, and someone other than the requester.
    fn require_pending(&self, by: Uuid) -> Result<(), AssetError> {
        match self.status {
            GrantStatus::None => Err(AssetError::NotFound),
            GrantStatus::Pending if self.person_id == Some(by) => Err(AssetError::SelfApproval),
            GrantStatus::Pending => Ok(()),
            _ => Err(AssetError::NotPending),
        }
    }
}

impl Aggregate for Grant {
    type Key = uuid::Uuid;
    type Command = GrantCommand;
    type Event = AssetEvent;
    type Error = AssetError;

    fn stream_name(key: &uuid::Uuid) -> String {
        format!("grant-{key}")
    }

    fn decide(&self, command: GrantCommand) -> Result<Vec<AssetEvent>, AssetError> {
        let asset_id = self.asset_id.unwrap_or_default();
        match command {
            GrantCommand::Request {
                grant_id,
                asset_id,
                person_id,
                access,
                reason,
                until,
                today,
            } => {
                if self.status != GrantStatus::None {
                    return Err(AssetError::AlreadyExists);
                }
                if until < today {
                    return Err(AssetError::EndsInPast);
                }
                Ok(vec![AssetEvent::GrantRequested(GrantRequested {
                    grant_id,
                    asset_id,
                    person_id,
                    access,
                    reason: valid_reason(&reason)?,
                    until: format_date(until),
                })])
            }
            GrantCommand::Approve {
                grant_id,
                by,
                reason,
            } => {
                self.require_pending(by)?;
                Ok(vec![AssetEvent::GrantApproved(GrantDecided {
                    grant_id,
                    asset_id,
                    reason: reason.trim().to_owned(),
                })])
            }
            GrantCommand::Reject {
                grant_id,
                by,
                reason,
            } => {
                self.require_pending(by)?;
                Ok(vec![AssetEvent::GrantRejected(GrantDecided {
                    grant_id,
                    asset_id,
                    reason: valid_reason(&reason)?,
                })])
            }
            GrantCommand::Revoke { grant_id, reason } => {
                self.require_active()?;
                Ok(vec![AssetEvent::GrantRevoked(GrantDecided {
                    grant_id,
                    asset_id,
                    reason: valid_reason(&reason)?,
                })])
            }
            GrantCommand::Withdraw { grant_id, by } => {
                match self.status {
                    GrantStatus::None => return Err(AssetError::NotFound),
                    _ if self.person_id != Some(by) => return Err(AssetError::NotRequester),
                    GrantStatus::Pending => {}
                    _ => return Err(AssetError::NotPending),
                }
                Ok(vec![AssetEvent::GrantWithdrawn(GrantDecided {
                    grant_id,
                    asset_id,
                    reason: String::new(),
                })])
            }
            GrantCommand::Expire { grant_id, today } => {
                self.require_active()?;
                if self.until.is_none_or(|until| until >= today) {
                    return Err(AssetError::NotDue);
                }
                Ok(vec![AssetEvent::GrantExpired(GrantExpired {
                    grant_id,
                    asset_id,
                    on: format_date(today),
                })])
            }
        }
    }

    fn evolve(&mut self, event: &AssetEvent) {
        match event {
            AssetEvent::GrantRequested(e) => {
                self.status = GrantStatus::Pending;
                self.asset_id = Some(e.asset_id);
                self.person_id = Some(e.person_id);
                self.until = parse_date(&e.until);
            }
            AssetEvent::GrantApproved(_) => self.status = GrantStatus::Active,
            AssetEvent::GrantRejected(_) => self.status = GrantStatus::Rejected,
            AssetEvent::GrantRevoked(_) => self.status = GrantStatus::Revoked,
            AssetEvent::GrantExpired(_) => self.status = GrantStatus::Expired,
            AssetEvent::GrantWithdrawn(_) => self.status = GrantStatus::Withdrawn,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const GRANT: Uuid = Uuid::from_u128(1);
    const ASSET: Uuid = Uuid::from_u128(2);
    const STAFF: Uuid = Uuid::from_u128(3);
    const MANAGER: Uuid = Uuid::from_u128(4);

    fn given(events: &[AssetEvent]) -> Grant {
        let mut state = Grant::default();
        events.iter().for_each(|e| state.evolve(e));
        state
    }

    fn requested() -> AssetEvent {
        AssetEvent::GrantRequested(GrantRequested {
            grant_id: GRANT,
            asset_id: ASSET,
            person_id: STAFF,
            access: AccessLevel::View,
            reason: "監査対応のため".into(),
            until: "2026-12-31".into(),
        })
    }

    fn decided(reason: &str) -> GrantDecided {
        GrantDecided {
            grant_id: GRANT,
            asset_id: ASSET,
            reason: reason.into(),
        }
    }

    #[test]
    fn a_request_names_its_end_which_is_not_past() {
        let request = |until| GrantCommand::Request {
            grant_id: GRANT,
            asset_id: ASSET,
            person_id: STAFF,
            access: AccessLevel::View,
            reason: "監査対応のため".into(),
            until,
            today: date!(2026 - 11 - 26),
        };
        assert_eq!(
            given(&[]).decide(request(date!(2026 - 12 - 31))),
            Ok(vec![requested()])
        );
        assert_eq!(
            given(&[]).decide(request(date!(2026 - 11 - 25))),
            Err(AssetError::EndsInPast)
        );
    }

    #[test]
    fn nobody_approves_their_own_request() {
        let approve = |by| GrantCommand::Approve {
            grant_id: GRANT,
            by,
            reason: String::new(),
        };
        assert_eq!(
            given(&[requested()]).decide(approve(STAFF)),
            Err(AssetError::SelfApproval)
        );
        assert_eq!(
            given(&[requested()]).decide(approve(MANAGER)),
            Ok(vec![AssetEvent::GrantApproved(decided(""))])
        );
        let approved = given(&[requested(), AssetEvent::GrantApproved(decided(""))]);
        assert_eq!(
            approved.decide(approve(MANAGER)),
            Err(AssetError::NotPending)
        );
    }

    #[test]
    fn an_active_grant_expires_after_its_last_day_only() {
        let active = given(&[requested(), AssetEvent::GrantApproved(decided(""))]);
        let expire = |today| GrantCommand::Expire {
            grant_id: GRANT,
            today,
        };
        assert_eq!(
            active.decide(expire(date!(2026 - 12 - 31))),
            Err(AssetError::NotDue)
        );
        assert_eq!(
            active.decide(expire(date!(2027 - 01 - 01))),
            Ok(vec![AssetEvent::GrantExpired(GrantExpired {
                grant_id: GRANT,
                asset_id: ASSET,
                on: "2027-01-01".into()
            })])
        );
        assert_eq!(
            given(&[requested()]).decide(expire(date!(2027 - 01 - 01))),
            Err(AssetError::NotActive)
        );
    }

    #[test]
    fn only_an_active_grant_is_revoked() {
        let revoke = GrantCommand::Revoke {
            grant_id: GRANT,
            reason: "異動".into(),
        };
        assert_eq!(
            given(&[requested()]).decide(revoke.clone()),
            Err(AssetError::NotActive)
        );
        assert_eq!(
            given(&[requested(), AssetEvent::GrantApproved(decided(""))]).decide(revoke),
            Ok(vec![AssetEvent::GrantRevoked(decided("異動"))])
        );
    }

    #[test]
    fn only_the_requester_withdraws_and_only_while_pending() {
        let withdraw = |by| GrantCommand::Withdraw {
            grant_id: GRANT,
            by,
        };
        let state = given(&[requested()]);
        assert_eq!(
            state.decide(withdraw(MANAGER)),
            Err(AssetError::NotRequester)
        );
        assert_eq!(
            state.decide(withdraw(STAFF)),
            Ok(vec![AssetEvent::GrantWithdrawn(decided(""))])
        );
        let approved = given(&[requested(), AssetEvent::GrantApproved(decided(""))]);
        assert_eq!(
            approved.decide(withdraw(STAFF)),
            Err(AssetError::NotPending)
        );
    }
}
