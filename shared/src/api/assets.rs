use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::assets::{AccessLevel, AssetKind, Classification, NetworkTier};
use crate::classification::Scheme;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AssetView {
    pub id: Uuid,
    pub name: String,
    pub kind: AssetKind,
    pub owner_department_id: Uuid,
    pub owner_department_name: String,
    pub custodian_id: Option<Uuid>,
    pub custodian_name: Option<String>,
    pub tier: Option<NetworkTier>,
    pub location: String,
    pub description: String,
    pub classification: Option<Classification>,
    /// Where the confidentiality sits in the adopted scheme: public, internal, top, unclassified.
    pub level: String,
    pub retired: bool,
    pub version: u64,
    /// The actions Cedar permits the caller on this asset (`asset.manage`, `asset.request`), for
    /// showing or hiding them; the server still decides every request. Given with one asset (its
    /// page, a command's answer), not in lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

/// `POST /api/v1/departments/{department_id}/assets`: register an asset the department owns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewAsset {
    pub name: String,
    pub kind: AssetKind,
    #[serde(default)]
    pub custodian_id: Option<Uuid>,
    #[serde(default)]
    pub tier: Option<NetworkTier>,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub description: String,
}

/// `POST /api/v1/assets/{asset_id}/classification`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Classify {
    pub classification: Classification,
    pub reason: String,
}

/// `POST /api/v1/assets/{asset_id}/owner`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OwnerChange {
    pub owner_department_id: Uuid,
    pub reason: String,
}

/// `POST /api/v1/assets/{asset_id}/custodian`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CustodianChange {
    pub custodian_id: Option<Uuid>,
    pub reason: String,
}

/// `POST /api/v1/assets/{asset_id}/tier`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TierChange {
    pub tier: Option<NetworkTier>,
    pub reason: String,
}

/// `POST /api/v1/assets/{asset_id}/retire`, and reasons of grant decisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reason {
    #[serde(default)]
    pub reason: String,
}

/// One step of an asset's history (its timeline).
pub use super::timeline::HistoryEntry;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GrantView {
    pub id: Uuid,
    pub asset_id: Uuid,
    pub asset_name: String,
    pub person_id: Uuid,
    pub person_name: String,
    pub access: AccessLevel,
    pub reason: String,
    pub until: String,
    /// pending, active, rejected, revoked, expired
    pub status: String,
    pub requested_at: String,
    pub version: u64,
    /// The decisions the caller may take on it (`approve`, `reject`, `revoke`): those its state
    /// leaves open to them, if Cedar lets them manage the asset. For showing or hiding them; the
    /// server still decides every request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

/// `POST /api/v1/assets/{asset_id}/grants`: ask for access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GrantRequest {
    pub access: AccessLevel,
    pub reason: String,
    /// Last day (YYYY-MM-DD).
    pub until: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Schemes {
    pub adopted: String,
    pub schemes: Vec<Scheme>,
}

/// `POST /api/v1/classification/adopt`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AdoptScheme {
    pub scheme_id: String,
    /// For every confidentiality level in use: the level of the new scheme it becomes.
    #[serde(default)]
    pub mapping: Vec<LevelMapping>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LevelMapping {
    pub from: String,
    pub to: String,
}

/// A change in the register, as the live stream (`GET /api/v1/assets/events`, SSE) tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RegisterChange {
    pub position: u64,
    pub event_type: String,
    pub asset_id: Option<Uuid>,
}

/// `GET /api/v1/assets/summary`: the assets I may see, counted by confidentiality level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RegisterSummary {
    pub total: u64,
    /// Every level of the adopted scheme, most sensitive first, with its count.
    pub by_confidentiality: Vec<LevelCount>,
    pub unclassified: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LevelCount {
    pub code: String,
    pub count: u64,
}
