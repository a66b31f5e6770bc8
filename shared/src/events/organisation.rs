//! Departments, people and their roles (seed §4, §5, §6(1)).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::organisation::{EmploymentKind, Role, RoleScope};

crate::domain_events! {
    /// Departments, people, their logins and their roles.
    pub enum OrganisationEvent, version 1 {
        DepartmentCreated(DepartmentCreated) => "organisation.department_created",
        DepartmentRenamed(DepartmentRenamed) => "organisation.department_renamed",
        PersonRegistered(PersonRegistered) => "organisation.person_registered",
        PersonUpdated(PersonUpdated) => "organisation.person_updated",
        PersonDeactivated(PersonDeactivated) => "organisation.person_deactivated",
        RoleAssigned(RoleAssigned) => "organisation.role_assigned",
        RoleEnded(RoleEnded) => "organisation.role_ended",
        LoginReserved(LoginReserved) => "organisation.login_reserved",
        PasswordSignInSet(PasswordSignInSet) => "organisation.password_sign_in_set",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DepartmentCreated {
    pub department_id: Uuid,
    pub name: String,
    pub parent_id: Option<Uuid>,
    /// 読み仮名 (kana), for 五十音 order; the name is used where there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DepartmentRenamed {
    pub department_id: Uuid,
    pub name: String,
    /// 読み仮名 (kana), for 五十音 order; the name is used where there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonRegistered {
    pub person_id: Uuid,
    pub name: String,
    /// The sign-in name, unique in the organisation.
    pub login: String,
    pub department_id: Uuid,
    pub employment: EmploymentKind,
    /// 読み仮名 (kana), for 五十音 order; the name is used where there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    /// 職員番号 (staff number), if the organisation gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_number: Option<String>,
    /// Where notices are mailed, if anywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonUpdated {
    pub person_id: Uuid,
    pub name: String,
    pub department_id: Uuid,
    pub employment: EmploymentKind,
    /// 読み仮名 (kana), for 五十音 order; the name is used where there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    /// 職員番号 (staff number), if the organisation gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_number: Option<String>,
    /// Where notices are mailed, if anywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonDeactivated {
    pub person_id: Uuid,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginReserved {
    pub login: String,
    pub person_id: Uuid,
}

/// Whether the person may sign in with their password; off, they sign in only by single sign-on
/// (OpenID Connect). A person may sign in with their password until an event says otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordSignInSet {
    pub person_id: Uuid,
    pub allowed: bool,
}
