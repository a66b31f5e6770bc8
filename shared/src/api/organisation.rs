use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::organisation::{EmploymentKind, Role, RoleScope};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DepartmentView {
    pub id: Uuid,
    pub name: String,
    /// 読み仮名 (hiragana or katakana), for 五十音 order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    pub parent_id: Option<Uuid>,
    /// The department's stream version: send it back as `If-Match` to change it.
    pub version: u64,
    /// The actions Cedar permits the caller on it (e.g. `person.manage`), for showing or hiding
    /// them; the server still decides every request. Given with one resource (its page, a
    /// command's answer), not in lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

/// `POST /api/v1/departments`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewDepartment {
    /// 1 to 100 characters.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 100)))]
    pub name: String,
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    /// 読み仮名: hiragana or katakana (half-width is made full-width), ー, ・ and spaces; at most
    /// 100 characters; empty or absent for none. Lists sort by it, else by the name.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 100)))]
    pub reading: Option<String>,
}

/// `PUT /api/v1/departments/{id}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DepartmentChanges {
    /// 1 to 100 characters.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 100)))]
    pub name: String,
    /// 読み仮名: hiragana or katakana (half-width is made full-width), ー, ・ and spaces; at most
    /// 100 characters; empty or absent for none. Lists sort by it, else by the name.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 100)))]
    pub reading: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PersonView {
    pub id: Uuid,
    pub name: String,
    /// 読み仮名 (hiragana or katakana), for 五十音 order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    pub login: String,
    /// 職員番号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_number: Option<String>,
    /// Where notices are mailed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub department_id: Uuid,
    pub department_name: String,
    pub employment: EmploymentKind,
    pub active: bool,
    /// Whether they may sign in with their password (off: by single sign-on only).
    #[serde(default = "yes")]
    pub password_sign_in: bool,
    /// Every role ever assigned, current and past (the role history).
    pub roles: Vec<RoleAssignmentView>,
    pub version: u64,
    /// The actions Cedar permits the caller on it (e.g. `person.manage`), for showing or hiding
    /// them; the server still decides every request. Given with one resource (its page, a
    /// command's answer), not in lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

/// `POST /api/v1/people`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPerson {
    /// 1 to 100 characters.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 100)))]
    pub name: String,
    /// What they sign in with: 3 to 64 of a-z, 0-9, '.', '_', '-'.
    #[cfg_attr(feature = "schema", schemars(length(min = 3, max = 64), regex(pattern = r"^[a-z0-9._-]{3,64}$"), extend("examples" = ["yamada.taro"])))]
    pub login: String,
    pub department_id: Uuid,
    pub employment: EmploymentKind,
    /// The initial password: 12 to 128 characters, not containing the login, not a common one.
    #[cfg_attr(feature = "schema", schemars(length(min = 12, max = 128), extend("examples" = ["kumo no ue no shiro 7"])))]
    pub password: String,
    /// 読み仮名: hiragana or katakana (half-width is made full-width), ー, ・ and spaces; at most
    /// 100 characters; empty or absent for none. Lists sort by it, else by the name.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 100)))]
    pub reading: Option<String>,
    /// 職員番号: letters, digits and '-' (full-width is made half-width), at most 20; empty or
    /// absent for none.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 20)))]
    pub staff_number: Option<String>,
    /// An e-mail address (where notices are mailed: "you have a task", never what it is about),
    /// at most 254 characters; empty or absent for none.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 254)))]
    pub email: Option<String>,
}

/// `PUT /api/v1/people/{id}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonChanges {
    /// 1 to 100 characters.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 100)))]
    pub name: String,
    pub department_id: Uuid,
    pub employment: EmploymentKind,
    /// 読み仮名: hiragana or katakana (half-width is made full-width), ー, ・ and spaces; at most
    /// 100 characters; empty or absent for none. Lists sort by it, else by the name.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 100)))]
    pub reading: Option<String>,
    /// 職員番号: letters, digits and '-' (full-width is made half-width), at most 20; empty or
    /// absent for none.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 20)))]
    pub staff_number: Option<String>,
    /// An e-mail address (where notices are mailed: "you have a task", never what it is about),
    /// at most 254 characters; empty or absent for none.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 254)))]
    pub email: Option<String>,
}

/// `PUT /api/v1/people/{id}/password-sign-in`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordSignIn {
    /// Whether the person may sign in with their password (off: single sign-on only).
    pub allowed: bool,
}

/// `POST /api/v1/people/{id}/deactivate`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Deactivation {
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RoleAssignmentView {
    pub id: Uuid,
    pub role: Role,
    pub scope: RoleScope,
    /// Name of the scope's department, if the scope is one.
    pub department_name: Option<String>,
    pub from: String,
    pub until: Option<String>,
    /// Held today.
    pub current: bool,
}

/// `POST /api/v1/people/{id}/roles`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRoleAssignment {
    pub role: Role,
    pub scope: RoleScope,
    /// ISO date; today when omitted.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date")))]
    pub from: Option<String>,
    /// The last day held (ISO date); open-ended when omitted.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date")))]
    pub until: Option<String>,
}

/// `POST /api/v1/people/{id}/roles/{assignment}/end`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RoleEnd {
    /// Last day held (ISO date); today when omitted.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date")))]
    pub on: Option<String>,
}

fn yes() -> bool {
    true
}
