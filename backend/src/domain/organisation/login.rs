use mamori_shared::events::organisation::{LoginReserved, OrganisationEvent};
use uuid::Uuid;

use super::OrganisationError;
use crate::domain::Aggregate;

/// A sign-in name (stream `login-<login>`): who holds it. Logins are unique in the organisation;
/// a stream of its own is what makes two simultaneous registrations of one login conflict.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Login {
    pub holder: Option<Uuid>,
}

#[derive(Debug, Clone)]
pub enum LoginCommand {
    /// `login` must already be valid (see [`super::valid_login`]).
    Reserve { login: String, person_id: Uuid },
}

impl Aggregate for Login {
    type Key = str;
    type Command = LoginCommand;
    type Event = OrganisationEvent;
    type Error = OrganisationError;

    fn stream_name(key: &str) -> String {
        // Valid logins (see `valid_login`) make valid stream names.
        format!("login-{key}")
    }

    fn decide(&self, command: LoginCommand) -> Result<Vec<OrganisationEvent>, OrganisationError> {
        let LoginCommand::Reserve { login, person_id } = command;
        if self.holder.is_some() {
            return Err(OrganisationError::LoginTaken);
        }
        Ok(vec![OrganisationEvent::LoginReserved(LoginReserved {
            login,
            person_id,
        })])
    }

    fn evolve(&mut self, event: &OrganisationEvent) {
        if let OrganisationEvent::LoginReserved(e) = event {
            self.holder = Some(e.person_id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_is_reserved_once() {
        let reserve = |id| LoginCommand::Reserve {
            login: "sato".into(),
            person_id: Uuid::from_u128(id),
        };
        let events = Login::default().decide(reserve(1)).unwrap();
        let mut login = Login::default();
        events.iter().for_each(|e| login.evolve(e));
        assert_eq!(login.holder, Some(Uuid::from_u128(1)));
        assert_eq!(login.decide(reserve(2)), Err(OrganisationError::LoginTaken));
    }
}
