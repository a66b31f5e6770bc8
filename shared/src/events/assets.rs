//! The asset register (seed §2(3), §6(2), §6(5)): the classification scheme, assets, access grants.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::assets::{AccessLevel, AssetKind, Classification, NetworkTier};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "snake_case")]
pub enum AssetEvent {
    SchemeAdopted(SchemeAdopted),
    AssetRegistered(AssetRegistered),
    AssetClassified(AssetClassified),
    OwnerChanged(OwnerChanged),
    CustodianChanged(CustodianChanged),
    TierMoved(TierMoved),
    AssetRetired(AssetRetired),
    GrantRequested(GrantRequested),
    GrantApproved(GrantDecided),
    GrantRejected(GrantDecided),
    GrantRevoked(GrantDecided),
    GrantExpired(GrantExpired),
}

macro_rules! event_names {
    ($($variant:ident => $name:literal),* $(,)?) => {
        impl AssetEvent {
            pub const SCHEMA_VERSION: u32 = 1;

            /// The type name stored in the log.
            pub fn event_type(&self) -> &'static str {
                match self { $(Self::$variant(_) => $name,)* }
            }

            /// The payload stored in the log (the variant's fields, without the tag).
            pub fn payload(&self) -> serde_json::Value {
                match self { $(Self::$variant(e) => serde_json::to_value(e),)* }
                    .expect("event payloads always serialise")
            }

            /// Rebuilds an event from the log; `None` if the type is not an asset-register event.
            pub fn from_stored(event_type: &str, payload: &serde_json::Value) -> Option<Result<Self, serde_json::Error>> {
                match event_type {
                    $($name => Some(serde::Deserialize::deserialize(payload).map(Self::$variant)),)*
                    _ => None,
                }
            }
        }
    };
}

event_names! {
    SchemeAdopted => "assets.scheme_adopted",
    AssetRegistered => "assets.asset_registered",
    AssetClassified => "assets.asset_classified",
    OwnerChanged => "assets.owner_changed",
    CustodianChanged => "assets.custodian_changed",
    TierMoved => "assets.tier_moved",
    AssetRetired => "assets.asset_retired",
    GrantRequested => "assets.grant_requested",
    GrantApproved => "assets.grant_approved",
    GrantRejected => "assets.grant_rejected",
    GrantRevoked => "assets.grant_revoked",
    GrantExpired => "assets.grant_expired",
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
