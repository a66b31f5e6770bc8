use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::organisation::RoleAssignmentView;

/// `POST /api/v1/auth/sign-in`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// At most [`MAX_LOGIN_CHARS`] characters: refused when the body is read, so that what an
    /// anonymous client types cannot grow the server's state.
    #[serde(deserialize_with = "bounded_login")]
    #[cfg_attr(feature = "schema", schemars(length(max = 64)))]
    pub login: String,
    pub password: String,
}

/// The longest login accepted at sign-in (a person's login has 3 to 64 characters).
pub const MAX_LOGIN_CHARS: usize = 64;

fn bounded_login<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let login = String::deserialize(deserializer)?;
    if login.chars().count() > MAX_LOGIN_CHARS {
        return Err(serde::de::Error::custom(format_args!(
            "a login has at most {MAX_LOGIN_CHARS} characters"
        )));
    }
    Ok(login)
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
    /// The departments in which Cedar permits this person to register assets (`asset.register`).
    #[serde(default)]
    pub asset_departments: Vec<Uuid>,
    /// Departments whose acknowledgements and training the person may read (`compliance.read`).
    #[serde(default)]
    pub compliance_departments: Vec<Uuid>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_longer_than_64_characters_does_not_deserialize() {
        let body = |login: &str| serde_json::json!({"login": login, "password": "x"});
        let longest = "あ".repeat(MAX_LOGIN_CHARS);
        assert!(serde_json::from_value::<SignIn>(body(&longest)).is_ok());
        let error = serde_json::from_value::<SignIn>(body(&format!("{longest}a"))).unwrap_err();
        assert!(error.to_string().contains("at most 64"), "{error}");
    }
}

/// `GET /api/v1/auth/oidc`: whether single sign-on (OpenID Connect) is offered, for the sign-in page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SsoStatus {
    /// Whether `GET /api/v1/auth/oidc/start` leads to an identity provider.
    pub configured: bool,
}
