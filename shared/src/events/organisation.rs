//! Departments, people and their roles (seed §4, §5, §6(1)).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::organisation::{EmploymentKind, Role, RoleScope};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "snake_case")]
pub enum OrganisationEvent {
    DepartmentCreated(DepartmentCreated),
    DepartmentRenamed(DepartmentRenamed),
    PersonRegistered(PersonRegistered),
    PersonUpdated(PersonUpdated),
    PersonDeactivated(PersonDeactivated),
    RoleAssigned(RoleAssigned),
    RoleEnded(RoleEnded),
    LoginReserved(LoginReserved),
}

impl OrganisationEvent {
    /// The type name stored in the log.
    pub fn event_type(&self) -> &'static str {
        match self {
            Self::DepartmentCreated(_) => "organisation.department_created",
            Self::DepartmentRenamed(_) => "organisation.department_renamed",
            Self::PersonRegistered(_) => "organisation.person_registered",
            Self::PersonUpdated(_) => "organisation.person_updated",
            Self::PersonDeactivated(_) => "organisation.person_deactivated",
            Self::RoleAssigned(_) => "organisation.role_assigned",
            Self::RoleEnded(_) => "organisation.role_ended",
            Self::LoginReserved(_) => "organisation.login_reserved",
        }
    }

    pub const SCHEMA_VERSION: u32 = 1;

    /// The payload stored in the log (the variant's fields, without the tag).
    pub fn payload(&self) -> serde_json::Value {
        let value = match self {
            Self::DepartmentCreated(e) => serde_json::to_value(e),
            Self::DepartmentRenamed(e) => serde_json::to_value(e),
            Self::PersonRegistered(e) => serde_json::to_value(e),
            Self::PersonUpdated(e) => serde_json::to_value(e),
            Self::PersonDeactivated(e) => serde_json::to_value(e),
            Self::RoleAssigned(e) => serde_json::to_value(e),
            Self::RoleEnded(e) => serde_json::to_value(e),
            Self::LoginReserved(e) => serde_json::to_value(e),
        };
        value.expect("event payloads always serialise")
    }

    /// Rebuilds an event from the log; `None` if the type is not an organisation event.
    pub fn from_stored(
        event_type: &str,
        payload: &serde_json::Value,
    ) -> Option<Result<Self, serde_json::Error>> {
        fn parse<T: serde::de::DeserializeOwned>(
            payload: &serde_json::Value,
            wrap: fn(T) -> OrganisationEvent,
        ) -> Option<Result<OrganisationEvent, serde_json::Error>> {
            Some(T::deserialize(payload).map(wrap))
        }
        match event_type {
            "organisation.department_created" => parse(payload, Self::DepartmentCreated),
            "organisation.department_renamed" => parse(payload, Self::DepartmentRenamed),
            "organisation.person_registered" => parse(payload, Self::PersonRegistered),
            "organisation.person_updated" => parse(payload, Self::PersonUpdated),
            "organisation.person_deactivated" => parse(payload, Self::PersonDeactivated),
            "organisation.role_assigned" => parse(payload, Self::RoleAssigned),
            "organisation.role_ended" => parse(payload, Self::RoleEnded),
            "organisation.login_reserved" => parse(payload, Self::LoginReserved),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentCreated {
    pub department_id: Uuid,
    pub name: String,
    pub parent_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentRenamed {
    pub department_id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonRegistered {
    pub person_id: Uuid,
    pub name: String,
    /// The sign-in name, unique in the organisation.
    pub login: String,
    pub department_id: Uuid,
    pub employment: EmploymentKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonUpdated {
    pub person_id: Uuid,
    pub name: String,
    pub department_id: Uuid,
    pub employment: EmploymentKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonDeactivated {
    pub person_id: Uuid,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleAssigned {
    pub assignment_id: Uuid,
    pub person_id: Uuid,
    pub role: Role,
    pub scope: RoleScope,
    /// First day the role is held (ISO date, YYYY-MM-DD).
    pub from: String,
    /// Last day the role is held, if already known.
    pub until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleEnded {
    pub assignment_id: Uuid,
    pub person_id: Uuid,
    /// Last day the role is held (ISO date).
    pub on: String,
}

/// A sign-in name taken, in a stream of its own (`login-<login>`), written in the same commit as the
/// person who holds it: two registrations of one login cannot both succeed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginReserved {
    pub login: String,
    pub person_id: Uuid,
}
