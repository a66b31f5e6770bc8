//! The organisation as everyone sees it: departments, people, and who holds which role when.

use std::collections::{BTreeMap, HashMap};

use mamori_shared::events::organisation::OrganisationEvent;
use mamori_shared::organisation::{EmploymentKind, Role, RoleScope};
use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use super::{Projection, ProjectionError};
use crate::codec;
use crate::domain::parse_date;
use crate::store::RecordedEvent;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Directory {
    /// The last position applied: what cached decisions about people are valid for.
    pub position: u64,
    pub departments: BTreeMap<Uuid, DepartmentEntry>,
    pub people: HashMap<Uuid, PersonEntry>,
    logins: HashMap<String, Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentEntry {
    pub id: Uuid,
    pub name: String,
    pub reading: Option<String>,
    pub parent_id: Option<Uuid>,
    pub version: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonEntry {
    pub id: Uuid,
    pub name: String,
    pub reading: Option<String>,
    pub login: String,
    pub staff_number: Option<String>,
    pub email: Option<String>,
    pub department_id: Uuid,
    pub employment: EmploymentKind,
    pub active: bool,
    /// Whether they may sign in with their password (else by single sign-on only).
    #[serde(default = "yes")]
    pub password_sign_in: bool,
    /// Every assignment ever made, in the order made: the role history.
    pub assignments: Vec<AssignmentEntry>,
    pub version: u64,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentEntry {
    pub id: Uuid,
    pub role: Role,
    pub scope: RoleScope,
    pub from: Date,
    pub until: Option<Date>,
}

impl AssignmentEntry {
    pub fn held_on(&self, day: Date) -> bool {
        self.from <= day && self.until.is_none_or(|until| day <= until)
    }
}

impl PersonEntry {
    /// The assignments held on `day`.
    pub fn roles_on(&self, day: Date) -> impl Iterator<Item = &AssignmentEntry> {
        self.assignments.iter().filter(move |a| a.held_on(day))
    }
}

impl Directory {
    pub fn person_by_login(&self, login: &str) -> Option<&PersonEntry> {
        self.logins.get(login).and_then(|id| self.people.get(id))
    }

    /// `department` and every department above it, nearest first.
    pub fn department_and_ancestors(&self, department: Uuid) -> Vec<Uuid> {
        let mut chain = Vec::new();
        let mut current = Some(department);
        while let Some(id) = current {
            if chain.contains(&id) {
                break; // a cycle cannot be created, but never loop on one
            }
            chain.push(id);
            current = self.departments.get(&id).and_then(|d| d.parent_id);
        }
        chain
    }
}

impl Projection for Directory {
    fn apply(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        let failed = |reason: String| ProjectionError {
            position: event.position,
            reason,
        };
        let Some(domain_event) = codec::decode::<OrganisationEvent>(event).map_err(failed)? else {
            return Ok(());
        };
        self.position = event.position;
        let version = event.stream_version;
        let date =
            |text: &str| parse_date(text).ok_or_else(|| failed(format!("invalid date {text:?}")));
        match domain_event {
            OrganisationEvent::DepartmentCreated(e) => {
                self.departments.insert(
                    e.department_id,
                    DepartmentEntry {
                        id: e.department_id,
                        name: e.name,
                        reading: e.reading,
                        parent_id: e.parent_id,
                        version,
                    },
                );
            }
            OrganisationEvent::DepartmentRenamed(e) => {
                let department = self
                    .departments
                    .get_mut(&e.department_id)
                    .ok_or_else(|| failed("rename of an unknown department".into()))?;
                department.name = e.name;
                department.reading = e.reading;
                department.version = version;
            }
            OrganisationEvent::PersonRegistered(e) => {
                self.logins.insert(e.login.clone(), e.person_id);
                self.people.insert(
                    e.person_id,
                    PersonEntry {
                        id: e.person_id,
                        name: e.name,
                        reading: e.reading,
                        login: e.login,
                        staff_number: e.staff_number,
                        email: e.email,
                        department_id: e.department_id,
                        employment: e.employment,
                        active: true,
                        password_sign_in: true,
                        assignments: Vec::new(),
                        version,
                    },
                );
            }
            OrganisationEvent::PersonUpdated(e) => {
                let person = self.person_mut(e.person_id, &failed)?;
                person.name = e.name;
                person.reading = e.reading;
                person.staff_number = e.staff_number;
                person.email = e.email;
                person.department_id = e.department_id;
                person.employment = e.employment;
                person.version = version;
            }
            OrganisationEvent::PasswordSignInSet(e) => {
                let person = self.person_mut(e.person_id, &failed)?;
                person.password_sign_in = e.allowed;
                person.version = version;
            }
            OrganisationEvent::PersonDeactivated(e) => {
                let person = self.person_mut(e.person_id, &failed)?;
                person.active = false;
                person.version = version;
            }
            OrganisationEvent::RoleAssigned(e) => {
                let from = date(&e.from)?;
                let until = e.until.as_deref().map(date).transpose()?;
                let person = self.person_mut(e.person_id, &failed)?;
                person.assignments.push(AssignmentEntry {
                    id: e.assignment_id,
                    role: e.role,
                    scope: e.scope,
                    from,
                    until,
                });
                person.version = version;
            }
            // The person's own event carries the login; the reservation only guards it.
            OrganisationEvent::LoginReserved(_) => {}
            OrganisationEvent::RoleEnded(e) => {
                let on = date(&e.on)?;
                let person = self.person_mut(e.person_id, &failed)?;
                let assignment = person
                    .assignments
                    .iter_mut()
                    .find(|a| a.id == e.assignment_id)
                    .ok_or_else(|| failed("end of an unknown assignment".into()))?;
                assignment.until = Some(on);
                person.version = version;
            }
        }
        Ok(())
    }
}

impl Directory {
    fn person_mut(
        &mut self,
        id: Uuid,
        failed: &dyn Fn(String) -> ProjectionError,
    ) -> Result<&mut PersonEntry, ProjectionError> {
        self.people
            .get_mut(&id)
            .ok_or_else(|| failed(format!("unknown person {id}")))
    }
}
