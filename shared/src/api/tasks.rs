//! やること: what a person has to do (and what they were told), as `GET /api/v1/me/tasks` lists
//! it; and how they want to be told (`/api/v1/me/notifications`).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One thing for me to do or to know. Each area declares its kinds (`grant.decide`: a request
/// waiting for my decision; `grant.decided`: my request was decided; `grant.ending`: a grant of
/// mine ends soon); a client shows a kind it does not know by its `href`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Task {
    pub kind: String,
    /// What it is about (e.g. the asset's name), as I may see it; empty where I may not.
    pub subject: String,
    /// More of it where the kind has more (e.g. `approved` or `rejected` for `grant.decided`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The frontend path where it is done.
    pub href: String,
    /// When it arose (RFC 3339).
    pub since: String,
    /// By when (ISO date), where there is a date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// What it is about, to tell one task from another.
    pub id: Uuid,
}

/// `GET /api/v1/me/tasks`: my tasks, the ones with a date first by date, then the newest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Tasks {
    pub items: Vec<Task>,
}

/// `GET`/`PUT /api/v1/me/notifications`: whether I am told by e-mail (in the app, always).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationSettings {
    pub email: bool,
    /// Whether the server sends mail at all (`MAMORI_SMTP_URL`); read-only.
    #[serde(default)]
    pub email_available: bool,
}
