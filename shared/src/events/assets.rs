//! The asset register (seed §2(3), §6(2), §6(5)): the classification scheme, assets, access grants.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::assets::{
    AccessLevel, AssetKind, Classification, NetworkTier, PersonalInformation, Retention,
};

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
        DetailsChanged(DetailsChanged) => "assets.details_changed",
        GrantRequested(GrantRequested) => "assets.grant_requested",
        GrantApproved(GrantDecided) => "assets.grant_approved",
        GrantRejected(GrantDecided) => "assets.grant_rejected",
        GrantRevoked(GrantDecided) => "assets.grant_revoked",
        GrantExpired(GrantExpired) => "assets.grant_expired",
        GrantWithdrawn(GrantDecided) => "assets.grant_withdrawn",
        InquiryMade(InquiryMade) => "assets.inquiry_made",
        InquiryLinked(InquiryLinked) => "assets.inquiry_linked",
        InquiryDeclined(InquiryClosed) => "assets.inquiry_declined",
        InquiryWithdrawn(InquiryClosed) => "assets.inquiry_withdrawn",
    }
}

/// The organisation adopts a classification scheme. When it replaces another, every classified
/// asset's confidentiality is mapped explicitly (old code → new code); nothing is mapped silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SchemeAdopted {
    pub scheme_id: String,
    /// (old confidentiality code, new confidentiality code) for every code in use.
    #[serde(default)]
    pub confidentiality_mapping: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// The register's particulars (読み仮名, 保存期間, ...): absent in events written before they
    /// were recorded, and when not given.
    #[serde(default, skip_serializing_if = "AssetDetails::is_empty")]
    pub details: AssetDetails,
}

/// What the register records of an asset besides its name, place and classification. Each is
/// optional: `None` is "not recorded" (and absent from the stored payload).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AssetDetails {
    /// 読み仮名 (hiragana or katakana), for 五十音 order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    /// 保存期間
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<Retention>,
    /// 個人情報の有無
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_information: Option<PersonalInformation>,
    /// 委託先: the contractor handling it (free text until the outsourcing register links it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contractor: Option<String>,
    /// 外部サービス: the external (cloud) service it runs on (free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_service: Option<String>,
}

impl AssetDetails {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AssetClassified {
    pub asset_id: Uuid,
    pub scheme_id: String,
    pub classification: Classification,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OwnerChanged {
    pub asset_id: Uuid,
    pub owner_department_id: Uuid,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CustodianChanged {
    pub asset_id: Uuid,
    pub custodian_id: Option<Uuid>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TierMoved {
    pub asset_id: Uuid,
    pub tier: Option<NetworkTier>,
    pub reason: String,
}

/// The asset's particulars, all of them as they now are, with why they changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DetailsChanged {
    pub asset_id: Uuid,
    pub details: AssetDetails,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AssetRetired {
    pub asset_id: Uuid,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GrantDecided {
    pub grant_id: Uuid,
    pub asset_id: Uuid,
    pub reason: String,
}

/// The grant's end date has passed: recorded by the system, no one acting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GrantExpired {
    pub grant_id: Uuid,
    pub asset_id: Uuid,
    pub on: String,
}

/// A request for access by description (照会): someone who cannot name the asset (they may not see
/// it) says what they need and which department they think holds it; its managers link it to an
/// asset (which makes the grant) or decline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InquiryMade {
    pub inquiry_id: Uuid,
    pub person_id: Uuid,
    pub department_id: Uuid,
    pub description: String,
    pub access: AccessLevel,
    pub reason: String,
    /// Last day of the access asked for (ISO date).
    pub until: String,
}

/// A manager names the asset the inquiry is about; the grant is made in the same commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InquiryLinked {
    pub inquiry_id: Uuid,
    pub asset_id: Uuid,
    pub grant_id: Uuid,
}

/// Declined by a manager, or withdrawn by the one who asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InquiryClosed {
    pub inquiry_id: Uuid,
    pub reason: String,
}
