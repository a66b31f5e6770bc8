//! 連携システム: the client systems registered to call the API, their tokens and their webhook
//! subscriptions. A token's value is never recorded: only its SHA-256 and its first characters.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::integration::Scope;

crate::domain_events! {
    /// The integration area's events (`client-<id>`).
    pub enum IntegrationEvent, version 1 {
        ClientRegistered(ClientRegistered) => "integration.client_registered",
        ClientChanged(ClientChanged) => "integration.client_changed",
        TokenIssued(TokenIssued) => "integration.token_issued",
        TokenRevoked(TokenRevoked) => "integration.token_revoked",
        SubscriptionCreated(SubscriptionCreated) => "integration.subscription_created",
        SubscriptionDisabled(SubscriptionDisabled) => "integration.subscription_disabled",
    }
}

/// A client system is registered by the CISO or the 統括.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClientRegistered {
    pub client_id: Uuid,
    pub name: String,
    /// The body that runs it (宮城県 総務部, ...).
    pub organisation: String,
    /// Whom to call about it.
    pub contact: String,
    pub scopes: Vec<Scope>,
}

/// Its name, owner, contact or scopes change (all given, as they now are).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClientChanged {
    pub client_id: Uuid,
    pub name: String,
    pub organisation: String,
    pub contact: String,
    pub scopes: Vec<Scope>,
}

/// A token is issued to the client. Its value was shown once, to the person who issued it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenIssued {
    pub client_id: Uuid,
    pub token_id: Uuid,
    pub label: String,
    /// The value's first characters (`mamori_AbCd`), to tell tokens apart.
    pub prefix: String,
    /// SHA-256 of the value, hex: what a request's token is looked up by.
    pub sha256: String,
    /// RFC 3339: the token is refused from then on.
    pub expires_at: String,
    /// The token this one replaces (a rotation), revoked in the same commit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<Uuid>,
}

/// A token is revoked: refused from now on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenRevoked {
    pub client_id: Uuid,
    pub token_id: Uuid,
}

/// The client subscribes a URL to event types; its secret is kept outside the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SubscriptionCreated {
    pub client_id: Uuid,
    pub subscription_id: Uuid,
    pub url: String,
    /// Event types (`assets.asset_registered`), or `*` for every type the client may see.
    pub event_types: Vec<String>,
    /// The log position from which events are delivered (the head when it was created).
    pub from_position: u64,
}

/// A subscription stops: its receiver answered 410 Gone, or a person turned it off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SubscriptionDisabled {
    pub client_id: Uuid,
    pub subscription_id: Uuid,
    /// `gone` (the receiver answered 410) or `by_person`.
    pub reason: String,
}
