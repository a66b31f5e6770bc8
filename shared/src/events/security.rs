//! The security log (ASVS V7 / seed §6(5)): every sign-in attempt and every refused authorization,
//! appended to the event log where the app cannot edit it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The stream that holds the security log.
pub const STREAM: &str = "security-log";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInAttempted {
    /// The login that was typed (not necessarily an existing one).
    pub login: String,
    /// The person it resolved to, when it did.
    pub person_id: Option<Uuid>,
    pub address: String,
    pub outcome: SignInOutcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInOutcome {
    Succeeded,
    /// Unknown login, wrong password or deactivated person: one outcome, as the client sees one answer.
    Refused,
    RateLimited,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorizationDenied {
    pub person_id: Uuid,
    pub action: String,
    pub resource: String,
    pub address: String,
}

pub const SIGN_IN_ATTEMPTED: &str = "security.sign_in_attempted";
pub const AUTHORIZATION_DENIED: &str = "security.authorization_denied";
