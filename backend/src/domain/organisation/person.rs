use std::collections::BTreeMap;

use mamori_shared::events::organisation::{
    OrganisationEvent, PasswordSignInSet, PersonDeactivated, PersonRegistered, PersonUpdated,
    RoleAssigned, RoleEnded,
};
use mamori_shared::organisation::{EmploymentKind, Role, RoleScope};
use time::Date;
use uuid::Uuid;

use super::{
    valid_email, valid_login, valid_name, valid_reading, valid_staff_number, OrganisationError,
};
use crate::domain::{format_date, parse_date, Aggregate};

/// A person (職員等) and the roles they hold: the state their decisions need.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Person {
    pub registered: bool,
    pub active: bool,
    pub assignments: BTreeMap<Uuid, Assignment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub role: Role,
    pub scope: RoleScope,
    pub from: Date,
    pub until: Option<Date>,
}

/// Commands on a person. Department existence and login uniqueness span aggregates and are checked
/// by the caller against the directory before deciding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonCommand {
    Register {
        person_id: Uuid,
        name: String,
        login: String,
        department_id: Uuid,
        employment: EmploymentKind,
        reading: Option<String>,
        staff_number: Option<String>,
        email: Option<String>,
    },
    Update {
        person_id: Uuid,
        name: String,
        department_id: Uuid,
        employment: EmploymentKind,
        reading: Option<String>,
        staff_number: Option<String>,
        email: Option<String>,
    },
    Deactivate {
        person_id: Uuid,
        reason: String,
    },
    AssignRole {
        person_id: Uuid,
        assignment_id: Uuid,
        role: Role,
        scope: RoleScope,
        from: Date,
        until: Option<Date>,
    },
    EndRole {
        person_id: Uuid,
        assignment_id: Uuid,
        on: Date,
    },
    /// Allow or refuse their password at sign-in (single sign-on is unaffected).
    SetPasswordSignIn {
        person_id: Uuid,
        allowed: bool,
    },
}

impl Person {
    fn require_active(&self) -> Result<(), OrganisationError> {
        if !self.registered {
            Err(OrganisationError::NotFound)
        } else if !self.active {
            Err(OrganisationError::Deactivated)
        } else {
            Ok(())
        }
    }
}

impl Aggregate for Person {
    type Key = uuid::Uuid;
    type Command = PersonCommand;
    type Event = OrganisationEvent;
    type Error = OrganisationError;

    fn stream_name(key: &uuid::Uuid) -> String {
        format!("person-{key}")
    }

    fn decide(&self, command: PersonCommand) -> Result<Vec<OrganisationEvent>, OrganisationError> {
        use OrganisationEvent as E;
        match command {
            PersonCommand::Register {
                person_id,
                name,
                login,
                department_id,
                employment,
                reading,
                staff_number,
                email,
            } => {
                if self.registered {
                    return Err(OrganisationError::AlreadyExists);
                }
                Ok(vec![E::PersonRegistered(PersonRegistered {
                    person_id,
                    name: valid_name(&name)?,
                    login: valid_login(&login)?,
                    department_id,
                    employment,
                    reading: valid_reading(reading.as_deref())?,
                    staff_number: valid_staff_number(staff_number.as_deref())?,
                    email: valid_email(email.as_deref())?,
                })])
            }
            PersonCommand::Update {
                person_id,
                name,
                department_id,
                employment,
                reading,
                staff_number,
                email,
            } => {
                self.require_active()?;
                Ok(vec![E::PersonUpdated(PersonUpdated {
                    person_id,
                    name: valid_name(&name)?,
                    department_id,
                    employment,
                    reading: valid_reading(reading.as_deref())?,
                    staff_number: valid_staff_number(staff_number.as_deref())?,
                    email: valid_email(email.as_deref())?,
                })])
            }
            PersonCommand::Deactivate { person_id, reason } => {
                self.require_active()?;
                let reason = reason.trim();
                if reason.is_empty() {
                    return Err(OrganisationError::ReasonRequired);
                }
                Ok(vec![E::PersonDeactivated(PersonDeactivated {
                    person_id,
                    reason: reason.to_owned(),
                })])
            }
            PersonCommand::AssignRole {
                person_id,
                assignment_id,
                role,
                scope,
                from,
                until,
            } => {
                self.require_active()?;
                if until.is_some_and(|until| until < from) {
                    return Err(OrganisationError::EndsBeforeStart);
                }
                if self.assignments.contains_key(&assignment_id) {
                    return Err(OrganisationError::AlreadyExists);
                }
                Ok(vec![E::RoleAssigned(RoleAssigned {
                    assignment_id,
                    person_id,
                    role,
                    scope,
                    from: format_date(from),
                    until: until.map(format_date),
                })])
            }
            PersonCommand::SetPasswordSignIn { person_id, allowed } => {
                self.require_active()?;
                Ok(vec![E::PasswordSignInSet(PasswordSignInSet {
                    person_id,
                    allowed,
                })])
            }
            PersonCommand::EndRole {
                person_id,
                assignment_id,
                on,
            } => {
                if !self.registered {
                    return Err(OrganisationError::NotFound);
                }
                let assignment = self
                    .assignments
                    .get(&assignment_id)
                    .ok_or(OrganisationError::AssignmentNotFound)?;
                if assignment.until.is_some_and(|until| until <= on) {
                    return Err(OrganisationError::AssignmentEnded);
                }
                if on < assignment.from {
                    return Err(OrganisationError::EndsBeforeStart);
                }
                Ok(vec![E::RoleEnded(RoleEnded {
                    assignment_id,
                    person_id,
                    on: format_date(on),
                })])
            }
        }
    }

    fn evolve(&mut self, event: &OrganisationEvent) {
        match event {
            OrganisationEvent::PersonRegistered(_) => {
                self.registered = true;
                self.active = true;
            }
            OrganisationEvent::PersonDeactivated(_) => self.active = false,
            OrganisationEvent::RoleAssigned(e) => {
                if let Some(from) = parse_date(&e.from) {
                    self.assignments.insert(
                        e.assignment_id,
                        Assignment {
                            role: e.role,
                            scope: e.scope,
                            from,
                            until: e.until.as_deref().and_then(parse_date),
                        },
                    );
                }
            }
            OrganisationEvent::RoleEnded(e) => {
                if let Some(assignment) = self.assignments.get_mut(&e.assignment_id) {
                    assignment.until = parse_date(&e.on);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const PERSON: Uuid = Uuid::from_u128(1);
    const DEPT: Uuid = Uuid::from_u128(2);
    const ASSIGNMENT: Uuid = Uuid::from_u128(3);

    struct Given(Person);

    fn given(events: &[OrganisationEvent]) -> Given {
        let mut state = Person::default();
        events.iter().for_each(|e| state.evolve(e));
        Given(state)
    }

    impl Given {
        fn when(
            &self,
            command: PersonCommand,
        ) -> Result<Vec<OrganisationEvent>, OrganisationError> {
            self.0.decide(command)
        }
    }

    fn registered() -> OrganisationEvent {
        OrganisationEvent::PersonRegistered(PersonRegistered {
            person_id: PERSON,
            name: "佐藤 花子".into(),
            login: "sato".into(),
            department_id: DEPT,
            employment: EmploymentKind::FiscalYear,
            reading: Some("さとう はなこ".into()),
            staff_number: Some("01234".into()),
            email: None,
        })
    }

    fn assigned(from: &str, until: Option<&str>) -> OrganisationEvent {
        OrganisationEvent::RoleAssigned(RoleAssigned {
            assignment_id: ASSIGNMENT,
            person_id: PERSON,
            role: Role::Manager,
            scope: RoleScope::Department {
                department_id: DEPT,
            },
            from: from.into(),
            until: until.map(Into::into),
        })
    }

    fn deactivated() -> OrganisationEvent {
        OrganisationEvent::PersonDeactivated(PersonDeactivated {
            person_id: PERSON,
            reason: "退職".into(),
        })
    }

    fn assign(from: Date, until: Option<Date>) -> PersonCommand {
        PersonCommand::AssignRole {
            person_id: PERSON,
            assignment_id: ASSIGNMENT,
            role: Role::Manager,
            scope: RoleScope::Department {
                department_id: DEPT,
            },
            from,
            until,
        }
    }

    #[test]
    fn registering_normalises_the_login_and_happens_once() {
        let register = PersonCommand::Register {
            person_id: PERSON,
            name: "佐藤 花子".into(),
            login: " Sato ".into(),
            department_id: DEPT,
            employment: EmploymentKind::FiscalYear,
            reading: Some("さとう　はなこ".into()),
            staff_number: Some("０１２３４".into()),
            email: None,
        };
        assert_eq!(given(&[]).when(register.clone()), Ok(vec![registered()]));
        assert_eq!(
            given(&[registered()]).when(register),
            Err(OrganisationError::AlreadyExists)
        );
    }

    #[test]
    fn a_bad_login_is_refused() {
        let register = PersonCommand::Register {
            person_id: PERSON,
            name: "x".into(),
            login: "日本語".into(),
            department_id: DEPT,
            employment: EmploymentKind::Staff,
            reading: None,
            staff_number: None,
            email: None,
        };
        assert_eq!(
            given(&[]).when(register),
            Err(OrganisationError::InvalidLogin)
        );
    }

    #[test]
    fn a_reading_must_be_kana_and_a_staff_number_plain() {
        let update = |reading: &str, staff_number: &str| PersonCommand::Update {
            person_id: PERSON,
            name: "佐藤 花子".into(),
            department_id: DEPT,
            employment: EmploymentKind::Staff,
            reading: Some(reading.into()),
            staff_number: Some(staff_number.into()),
            email: Some("sato@example.lg.jp".into()),
        };
        let state = given(&[registered()]);
        assert_eq!(
            state.when(update("佐藤", "1")),
            Err(OrganisationError::InvalidReading)
        );
        assert_eq!(
            state.when(update("さとう", "1 2")),
            Err(OrganisationError::InvalidStaffNumber)
        );
        assert!(state.when(update("", "")).is_ok());
    }

    #[test]
    fn a_role_is_assigned_with_its_dates() {
        assert_eq!(
            given(&[registered()]).when(assign(date!(2026 - 04 - 01), Some(date!(2027 - 03 - 31)))),
            Ok(vec![assigned("2026-04-01", Some("2027-03-31"))])
        );
        assert_eq!(
            given(&[registered()]).when(assign(date!(2026 - 04 - 01), Some(date!(2026 - 03 - 31)))),
            Err(OrganisationError::EndsBeforeStart)
        );
    }

    #[test]
    fn a_deactivated_person_gets_no_new_role() {
        assert_eq!(
            given(&[registered(), deactivated()]).when(assign(date!(2026 - 04 - 01), None)),
            Err(OrganisationError::Deactivated)
        );
        assert_eq!(
            given(&[registered(), deactivated()]).when(PersonCommand::Deactivate {
                person_id: PERSON,
                reason: "again".into()
            }),
            Err(OrganisationError::Deactivated)
        );
    }

    #[test]
    fn ending_a_role_keeps_its_history_and_happens_once() {
        let end = |on| PersonCommand::EndRole {
            person_id: PERSON,
            assignment_id: ASSIGNMENT,
            on,
        };
        let state = given(&[registered(), assigned("2026-04-01", None)]);
        assert_eq!(
            state.when(end(date!(2026 - 09 - 30))),
            Ok(vec![OrganisationEvent::RoleEnded(RoleEnded {
                assignment_id: ASSIGNMENT,
                person_id: PERSON,
                on: "2026-09-30".into()
            })])
        );
        assert_eq!(
            state.when(end(date!(2026 - 03 - 01))),
            Err(OrganisationError::EndsBeforeStart)
        );
        let ended = given(&[
            registered(),
            assigned("2026-04-01", None),
            OrganisationEvent::RoleEnded(RoleEnded {
                assignment_id: ASSIGNMENT,
                person_id: PERSON,
                on: "2026-09-30".into(),
            }),
        ]);
        assert_eq!(
            ended.0.assignments[&ASSIGNMENT].until,
            Some(date!(2026 - 09 - 30))
        );
        assert_eq!(
            ended.when(end(date!(2026 - 10 - 31))),
            Err(OrganisationError::AssignmentEnded)
        );
    }

    #[test]
    fn deactivation_needs_a_reason() {
        assert_eq!(
            given(&[registered()]).when(PersonCommand::Deactivate {
                person_id: PERSON,
                reason: " ".into()
            }),
            Err(OrganisationError::ReasonRequired)
        );
    }

    #[test]
    fn password_sign_in_is_set_for_an_active_person_only() {
        let set = |allowed| PersonCommand::SetPasswordSignIn {
            person_id: PERSON,
            allowed,
        };
        assert_eq!(
            given(&[registered()]).when(set(false)),
            Ok(vec![OrganisationEvent::PasswordSignInSet(
                PasswordSignInSet {
                    person_id: PERSON,
                    allowed: false,
                }
            )])
        );
        assert_eq!(given(&[]).when(set(true)), Err(OrganisationError::NotFound));
        assert_eq!(
            given(&[registered(), deactivated()]).when(set(true)),
            Err(OrganisationError::Deactivated)
        );
    }
}
