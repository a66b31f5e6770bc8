//! The security log (ASVS V7 / seed §6(5)): sign-in attempts and refused requests, appended to the
//! event log where the app cannot edit it. Rate-limited sign-ins are recorded individually only the
//! first time per account or address and period; the others are counted in a summary
//! ([`SignInRefusalsSummarised`]), so that a flood is visible in the log without filling it.

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

/// The sign-ins refused, and not recorded individually, over one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInRefusalsSummarised {
    /// When the period began and ended (RFC 3339, UTC).
    pub from: String,
    pub until: String,
    /// Refused by the rate limit, after the one recorded for their account or address.
    pub rate_limited: u64,
    /// Refused because the server's password-checking queue was full.
    pub busy: u64,
}

/// A state-changing request of a signed-in person without their session's CSRF token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsrfRefused {
    pub person_id: Uuid,
    pub method: String,
    pub path: String,
    pub address: String,
}

/// A person tried to approve their own access request (nobody approves their own request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfApprovalRefused {
    pub person_id: Uuid,
    pub grant_id: Uuid,
    pub address: String,
}

/// A request with a token (`Authorization: Bearer`) was refused. An unknown token is recorded at
/// most once a minute per address, a known one once a minute per token and reason; the rest are
/// refused without a record, so that a flood cannot fill the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRefused {
    /// unknown | expired | revoked | insufficient_scope | forbidden (by Cedar)
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_id: Option<Uuid>,
    /// The action refused and its resource (insufficient_scope, forbidden).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The request (absent for a refusal decided within a handler).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub method: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub path: String,
    pub address: String,
}

/// The schema version of every security event's payload.
pub const SCHEMA_VERSION: u32 = 1;

pub const SIGN_IN_ATTEMPTED: &str = "security.sign_in_attempted";
pub const AUTHORIZATION_DENIED: &str = "security.authorization_denied";
pub const SIGN_IN_REFUSALS_SUMMARISED: &str = "security.sign_in_refusals_summarised";
pub const CSRF_REFUSED: &str = "security.csrf_refused";
pub const SELF_APPROVAL_REFUSED: &str = "security.self_approval_refused";
pub const TOKEN_REFUSED: &str = "security.token_refused";
