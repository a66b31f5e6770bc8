//! 連携システム: the systems of other bodies (the prefecture's) that call the API with a token of
//! their own, and what a token may be used for (its client's scopes).

use serde::{Deserialize, Serialize};

/// What a client's tokens may be used for. A request with a token needs the scope of its action
/// **and** a Cedar policy that permits the client on the resource (the server's `authz/integration.rs`
/// maps each scope to its actions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Scope {
    /// The asset register: the list and each asset the policies let the client see.
    #[serde(rename = "assets:read")]
    AssetsRead,
    /// The policy documents the policies let the client see.
    #[serde(rename = "documents:read")]
    DocumentsRead,
    /// The event feed and webhooks: the events of what the client may read.
    #[serde(rename = "feed:read")]
    FeedRead,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::AssetsRead, Scope::DocumentsRead, Scope::FeedRead];

    pub fn code(self) -> &'static str {
        match self {
            Self::AssetsRead => "assets:read",
            Self::DocumentsRead => "documents:read",
            Self::FeedRead => "feed:read",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|scope| scope.code() == code)
    }
}

/// Whether `text` is an event type's name as the log stores it (`assets.asset_registered`): what a
/// feed's `types` and a subscription's `event_types` name.
pub fn is_event_type(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 100
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'.')
}

/// Every token begins with it, so that a secret scanner (and a person) knows one when they see it.
pub const TOKEN_PREFIX: &str = "mamori_";

/// A webhook secret begins with it (Standard Webhooks), followed by the key in base64.
pub const WEBHOOK_SECRET_PREFIX: &str = "whsec_";
