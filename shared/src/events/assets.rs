//! The asset register (seed §2(3), §6(2), §6(5)): the classification scheme, assets, access grants.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::assets::{AccessLevel, AssetKind, Classification, NetworkTier};

crate::domain_events! {
    /// The asset register's events.
    pub enum AssetEvent, version 1 {
        SchemeAdopted(SchemeAdopted) => "assets.scheme_adopted",
        AssetRegistered(AssetRegistered) => "assets.asset_registered",
        AssetClassified(AssetClassified) => "assets.asset_classified",
        OwnerChanged(OwnerChanged) => "assets.owner_changed",
        CustodianChanged(CustodianChanged) => "assets.custodian_changed",
        TierMoved(TierMoved) => "assets.tier_moved",
        AssetRetired(AssetRetired) => "assets.asset_retired",
        GrantRequested(GrantRequested) => "assets.grant_requested",
        GrantApproved(GrantDecided) => "assets.grant_approved",
        GrantRejected(GrantDecided) => "assets.grant_rejected",
        GrantRevoked(GrantDecided) => "assets.grant_revoked",
        GrantExpired(GrantExpired) => "assets.grant_expired",
    }
}

/// The organisation adopts a classification scheme. When it replaces another, every classified
/// asset's confidentiality is mapped explicitly (old code → new code); nothing is mapped silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemeAdopted {
    pub scheme_id: String,
    /// (old confidentiality code, new confidentiality code) for every code in use.
    #[serde(default)]
    pub confidentiality_mapping: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetRegistered {
    pub asset_id: Uuid,
    pub name: String,
    pub kind: AssetKind,
    pub owner_department_id: Uuid,
    pub custodian_id: Option<Uuid>,
    pub tier: Option<NetworkTier>,
    pub location: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetClassified {
    pub asset_id: Uuid,
    pub scheme_id: String,
    pub classification: Classification,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnerChanged {
    pub asset_id: Uuid,
    pub owner_department_id: Uuid,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustodianChanged {
    pub asset_id: Uuid,
    pub custodian_id: Option<Uuid>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierMoved {
    pub asset_id: Uuid,
    pub tier: Option<NetworkTier>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetRetired {
    pub asset_id: Uuid,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantRequested {
    pub grant_id: Uuid,
    pub asset_id: Uuid,
    pub person_id: Uuid,
    pub access: AccessLevel,
    pub reason: String,
    /// Last day of the grant (ISO date).
    pub until: String,
}

/// Approval, rejection or revocation of a grant, by the actor in the event's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantDecided {
    pub grant_id: Uuid,
    pub asset_id: Uuid,
    pub reason: String,
}

/// The grant's end date has passed: recorded by the system, no one acting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantExpired {
    pub grant_id: Uuid,
    pub asset_id: Uuid,
    pub on: String,
}
