//! 連携システム over the API: client systems, their tokens, their webhook subscriptions and
//! deliveries (managed by the CISO and the 統括), and the event feed (read by the clients).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::integration::Scope;

/// `POST /api/v1/clients`, and `PUT /api/v1/clients/{client_id}` (If-Match) with all of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClientBody {
    /// 1 to 200 characters.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 200)))]
    pub name: String,
    /// The body that runs it; 1 to 200 characters.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 200)))]
    pub organisation: String,
    /// Whom to call about it; at most 200 characters.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 200)))]
    pub contact: String,
    /// At least one.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub scopes: Vec<Scope>,
}

/// A client system as its managers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClientView {
    pub id: Uuid,
    pub name: String,
    pub organisation: String,
    pub contact: String,
    pub scopes: Vec<Scope>,
    /// RFC 3339.
    pub registered_at: String,
    /// Newest first; never their values.
    pub tokens: Vec<TokenView>,
    pub subscriptions: Vec<SubscriptionView>,
    pub version: u64,
    /// `clients.manage` when the caller may change it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

/// A token, without its value (shown once, when it is issued).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TokenView {
    pub id: Uuid,
    pub label: String,
    /// The value's first characters (`mamori_AbCd`).
    pub prefix: String,
    /// active | expired | revoked
    pub status: String,
    /// RFC 3339.
    pub issued_at: String,
    pub expires_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
    /// The last request it was used for (RFC 3339), and from where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_from: Option<String>,
    /// The token this one replaced (a rotation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<Uuid>,
}

/// `POST /api/v1/clients/{client_id}/tokens` (If-Match: the client's version), and
/// `POST .../tokens/{token_id}/rotate` (the label and lifetime default to the old token's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewToken {
    /// What it is for (本番, 検証環境); 1 to 100 characters.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 100)))]
    pub label: String,
    /// RFC 3339, in the future and at most 366 days away.
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date-time")))]
    pub expires_at: String,
}

/// `POST /api/v1/clients/{client_id}/tokens/{token_id}/rotate`: a new token in place of this one,
/// which is revoked at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rotation {
    /// The old token's label if absent; 1 to 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 100)))]
    pub label: Option<String>,
    /// RFC 3339; as long from now as the old token was issued for, at most 366 days, if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date-time")))]
    pub expires_at: Option<String>,
}

/// A token just issued: its value, shown this once and never again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IssuedToken {
    /// `mamori_` and 43 characters (256 random bits): send it as `Authorization: Bearer <value>`.
    pub value: String,
    pub token: TokenView,
    /// The client's version after the issue (its next If-Match).
    pub client_version: u64,
}

/// `POST /api/v1/clients/{client_id}/subscriptions` (If-Match: the client's version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewSubscription {
    /// An `https://` URL (or `http://`); at most 2000 characters. Loopback and private addresses
    /// are refused unless the server allows them (`MAMORI_WEBHOOKS_ALLOW_PRIVATE`).
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 2000), extend("examples" = ["https://203.0.114.1/hooks/mamori"])))]
    pub url: String,
    /// 1 to 50 event types (`assets.asset_registered`), or `["*"]` for all the client may see.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 50)))]
    pub event_types: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SubscriptionView {
    pub id: Uuid,
    pub url: String,
    pub event_types: Vec<String>,
    pub active: bool,
    /// Why it stopped: `gone` (the receiver answered 410) or `by_person`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_reason: Option<String>,
    /// RFC 3339.
    pub created_at: String,
}

/// A subscription just created, with its signing secret, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreatedSubscription {
    /// `whsec_` and the key in base64 (Standard Webhooks).
    pub secret: String,
    pub subscription: SubscriptionView,
    pub client_version: u64,
}

/// One attempt to deliver one event to one subscription (`webhook-id`), as the delivery log
/// shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeliveryView {
    /// The `webhook-id` header: the same on every retry of this delivery.
    pub id: String,
    pub subscription_id: Uuid,
    pub event_id: Uuid,
    pub event_type: String,
    pub position: u64,
    /// pending | delivered | failed (retries exhausted) | gone (410)
    pub status: String,
    pub attempts: u32,
    /// The receiver's last HTTP status, or why there was none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<String>,
}

/// `GET /api/v1/feed`: the events the caller may see, in log order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedPage {
    pub items: Vec<FeedItem>,
    /// Where to continue from (`?after=`), also when the page is empty. Opaque.
    pub next: String,
}

/// One event of the feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedItem {
    /// The event's id: the same every time it is served (deduplicate by it).
    pub id: Uuid,
    /// Continue after this item (`?after=`, or SSE's `Last-Event-ID`). Opaque.
    pub cursor: String,
    /// Its position in the log.
    pub position: u64,
    #[serde(rename = "type")]
    pub event_type: String,
    /// The payload's schema version (`data` follows the schema of its type and version).
    pub schema_version: u32,
    pub stream: String,
    /// RFC 3339.
    pub recorded_at: String,
    pub data: serde_json::Value,
}
