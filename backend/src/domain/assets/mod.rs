//! The asset register (seed §2(3) information assets, §6(2) classification, §6(5) access control):
//! the adopted classification scheme, the assets, and access grants.

mod asset;
mod details;
mod error;
mod grant;
mod inquiry;
mod scheme;

pub use asset::{Asset, AssetCommand};
pub use details::{
    check_personal_information, check_personal_level, check_specific_personal_tier, valid_details,
    MAX_DETAIL_TEXT, MAX_RETENTION_YEARS,
};
pub use error::AssetError;
pub use grant::{Grant, GrantCommand, GrantDecision, GrantStatus};
pub use inquiry::{Inquiry, InquiryCommand, InquiryStatus, MAX_DESCRIPTION};
pub use scheme::{SchemeChoice, SchemeCommand};

use mamori_shared::assets::{Classification, NetworkTier};
use mamori_shared::classification::{Axis, Scheme};

/// Every code of the classification is a level of the scheme.
pub fn check_classification(
    scheme: &Scheme,
    classification: &Classification,
) -> Result<(), AssetError> {
    for (axis, code, field) in [
        (
            Axis::Confidentiality,
            &classification.confidentiality,
            "confidentiality",
        ),
        (Axis::Integrity, &classification.integrity, "integrity"),
        (
            Axis::Availability,
            &classification.availability,
            "availability",
        ),
    ] {
        if scheme.level(axis, code).is_none() {
            return Err(AssetError::UnknownLevel {
                field,
                code: code.clone(),
            });
        }
    }
    Ok(())
}

/// The placement rule: information at the scheme's top confidentiality levels never sits on the
/// internet-connected tier (三層の対策: the internet tier is where leaks start).
pub fn check_placement(
    scheme: &Scheme,
    classification: Option<&Classification>,
    tier: Option<NetworkTier>,
) -> Result<(), AssetError> {
    let level = match classification {
        None => None,
        Some(c) => Some(
            scheme
                .level(Axis::Confidentiality, &c.confidentiality)
                // Unknown to the scheme is not "not top": the rule cannot be checked, so refuse.
                .ok_or_else(|| {
                    AssetError::ClassificationOutsideScheme(c.confidentiality.clone())
                })?,
        ),
    };
    let top = level.is_some_and(|level| level.top);
    if top && tier == Some(NetworkTier::Internet) {
        return Err(AssetError::TopConfidentialityOnInternet);
    }
    Ok(())
}

/// A reason people can read later in the history: trimmed, 1 to 500 characters.
pub fn valid_reason(reason: &str) -> Result<String, AssetError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(AssetError::ReasonRequired);
    }
    Ok(reason.to_owned())
}

/// Where a confidentiality level sits in a scheme: what access to an asset depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelKind {
    /// Not classified yet.
    Unclassified,
    /// The scheme's lowest level (public information).
    Public,
    /// Between the lowest and the top levels.
    Internal,
    /// A top level (3A/3B/3C, or 3): only with a grant or a role covering the owner. A code the
    /// scheme does not have (classified under another scheme) counts as top: what cannot be placed
    /// is guarded most.
    Top,
}

impl LevelKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Unclassified => "unclassified",
            Self::Public => "public",
            Self::Internal => "internal",
            Self::Top => "top",
        }
    }
}

pub fn level_kind(scheme: &Scheme, confidentiality: Option<&str>) -> LevelKind {
    let Some(code) = confidentiality else {
        return LevelKind::Unclassified;
    };
    let levels = scheme.levels(Axis::Confidentiality);
    match levels.iter().find(|l| l.code == code) {
        None => LevelKind::Top,
        Some(level) if level.top => LevelKind::Top,
        Some(level)
            if levels
                .last()
                .is_some_and(|lowest| lowest.code == level.code) =>
        {
            LevelKind::Public
        }
        Some(_) => LevelKind::Internal,
    }
}
