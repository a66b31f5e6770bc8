use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::organisation::RoleAssignmentView;

/// `POST /api/v1/auth/sign-in`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub login: String,
    pub password: String,
}

/// `GET /api/v1/me`: who I am, what I hold, and what the UI may offer me.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Me {
    pub person_id: Uuid,
    pub name: String,
    pub login: String,
    pub department_id: Uuid,
    pub department_name: String,
    /// Roles held today.
    pub roles: Vec<RoleAssignmentView>,
    /// Send back in the `X-CSRF-Token` header with every state-changing request.
    pub csrf_token: String,
    /// The actions Cedar permits this person on the organisation (to show or hide screens; the
    /// server still decides every request).
    pub permissions: Vec<String>,
}

/// One of my sessions (`GET /api/v1/me/sessions`). The token itself is never shown again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionView {
    pub id: Uuid,
    pub created_at: String,
    pub last_seen_at: String,
    pub address: String,
    pub user_agent: String,
    pub current: bool,
}

/// `PUT /api/v1/me/password`. A new password ends every other session of mine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}
