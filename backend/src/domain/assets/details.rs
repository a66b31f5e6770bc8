//! The register's particulars of an asset (読み仮名, 保存期間, 個人情報, 委託先, 外部サービス) and the
//! classification rules that concern personal information.

use mamori_shared::assets::{Classification, NetworkTier, PersonalInformation, Retention};
use mamori_shared::classification::Scheme;
use mamori_shared::events::assets::AssetDetails;

use super::{level_kind, AssetError, LevelKind};
use crate::domain::reading::valid_reading;

/// The longest 委託先 or 外部サービス, in characters.
pub const MAX_DETAIL_TEXT: usize = 200;
/// The longest 保存期間 in years (beyond it, 永年).
pub const MAX_RETENTION_YEARS: u16 = 100;

/// The particulars as the register keeps them: the 読み仮名 in one form, texts trimmed (empty is
/// none), each within its limits.
pub fn valid_details(details: AssetDetails) -> Result<AssetDetails, AssetError> {
    let reading =
        valid_reading(details.reading.as_deref()).map_err(|_| AssetError::InvalidReading)?;
    if let Some(Retention::Years(years)) = details.retention {
        if !(1..=MAX_RETENTION_YEARS).contains(&years) {
            return Err(AssetError::InvalidRetention);
        }
    }
    let text = |value: Option<String>, field: &'static str| -> Result<Option<String>, AssetError> {
        let value = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        match value {
            Some(v) if v.chars().count() > MAX_DETAIL_TEXT => {
                Err(AssetError::DetailTooLong { field })
            }
            v => Ok(v),
        }
    };
    Ok(AssetDetails {
        reading,
        retention: details.retention,
        personal_information: details.personal_information,
        contractor: text(details.contractor, "contractor")?,
        external_service: text(details.external_service, "external_service")?,
    })
}

/// The rules on personal information, checked whenever what they depend on changes (`field`
/// names what the command changes, for the error): [`check_specific_personal_tier`] and
/// [`check_personal_level`].
pub fn check_personal_information(
    scheme: &Scheme,
    classification: Option<&Classification>,
    tier: Option<NetworkTier>,
    personal: Option<PersonalInformation>,
    field: &'static str,
) -> Result<(), AssetError> {
    check_specific_personal_tier(tier, personal, field)?;
    check_personal_level(scheme, classification, personal, field)
}

/// 特定個人情報 (personal information with a My Number) is handled only on the マイナンバー利用事務系
/// tier, or on no network at all (paper, an isolated machine): 三層の対策 confines My Number work
/// to that tier.
pub fn check_specific_personal_tier(
    tier: Option<NetworkTier>,
    personal: Option<PersonalInformation>,
    field: &'static str,
) -> Result<(), AssetError> {
    if personal == Some(PersonalInformation::SpecificPersonal)
        && !matches!(tier, None | Some(NetworkTier::MyNumber))
    {
        return Err(AssetError::SpecificPersonalOffMyNumber { field });
    }
    Ok(())
}

/// Personal information (個人情報 or 特定個人情報) is never public: it is not classified at the
/// scheme's lowest confidentiality level.
pub fn check_personal_level(
    scheme: &Scheme,
    classification: Option<&Classification>,
    personal: Option<PersonalInformation>,
    field: &'static str,
) -> Result<(), AssetError> {
    let level = level_kind(scheme, classification.map(|c| c.confidentiality.as_str()));
    if personal.is_some_and(PersonalInformation::is_personal) && level == LevelKind::Public {
        return Err(AssetError::PersonalInformationPublic { field });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use mamori_shared::classification::shipped;

    use super::*;

    fn classified(confidentiality: &str) -> Classification {
        Classification {
            confidentiality: confidentiality.into(),
            integrity: "2".into(),
            availability: "2".into(),
        }
    }

    #[test]
    fn specific_personal_information_sits_on_the_my_number_tier_or_on_no_network() {
        let scheme = &shipped()[0];
        let specific = Some(PersonalInformation::SpecificPersonal);
        for tier in [None, Some(NetworkTier::MyNumber)] {
            assert_eq!(
                check_personal_information(scheme, None, tier, specific, "tier"),
                Ok(())
            );
        }
        for tier in [NetworkTier::Lgwan, NetworkTier::Internet] {
            assert_eq!(
                check_personal_information(scheme, None, Some(tier), specific, "tier"),
                Err(AssetError::SpecificPersonalOffMyNumber { field: "tier" })
            );
        }
        // Other personal information may sit on the LGWAN tier.
        assert_eq!(
            check_personal_information(
                scheme,
                None,
                Some(NetworkTier::Lgwan),
                Some(PersonalInformation::Personal),
                "tier"
            ),
            Ok(())
        );
    }

    #[test]
    fn personal_information_is_never_classified_public() {
        for scheme in shipped() {
            let lowest = scheme
                .levels(mamori_shared::classification::Axis::Confidentiality)
                .last()
                .unwrap()
                .code
                .clone();
            for personal in [
                PersonalInformation::Personal,
                PersonalInformation::SpecificPersonal,
            ] {
                assert_eq!(
                    check_personal_information(
                        &scheme,
                        Some(&classified(&lowest)),
                        None,
                        Some(personal),
                        "classification.confidentiality"
                    ),
                    Err(AssetError::PersonalInformationPublic {
                        field: "classification.confidentiality"
                    }),
                    "{} {lowest}",
                    scheme.id
                );
                assert_eq!(
                    check_personal_information(
                        &scheme,
                        Some(&classified("2")),
                        None,
                        Some(personal),
                        "x"
                    ),
                    Ok(())
                );
            }
            // Unclassified, or holding none: nothing to check.
            assert_eq!(
                check_personal_information(
                    &scheme,
                    None,
                    None,
                    Some(PersonalInformation::Personal),
                    "x"
                ),
                Ok(())
            );
            assert_eq!(
                check_personal_information(
                    &scheme,
                    Some(&classified(&lowest)),
                    Some(NetworkTier::Internet),
                    Some(PersonalInformation::NoneHeld),
                    "x"
                ),
                Ok(())
            );
        }
    }

    #[test]
    fn particulars_are_kept_in_one_form_within_their_limits() {
        let details = valid_details(AssetDetails {
            reading: Some(" ｼﾞｭｳﾐﾝ きろく ".into()),
            retention: Some(Retention::Years(30)),
            personal_information: Some(PersonalInformation::Personal),
            contractor: Some("  株式会社みやぎ情報  ".into()),
            external_service: Some("   ".into()),
        })
        .unwrap();
        assert_eq!(details.reading.as_deref(), Some("ジュウミン きろく"));
        assert_eq!(details.contractor.as_deref(), Some("株式会社みやぎ情報"));
        assert_eq!(details.external_service, None);
        let with = |details: AssetDetails| valid_details(details);
        assert_eq!(
            with(AssetDetails {
                reading: Some("住民記録".into()),
                ..Default::default()
            }),
            Err(AssetError::InvalidReading)
        );
        for years in [0, MAX_RETENTION_YEARS + 1] {
            assert_eq!(
                with(AssetDetails {
                    retention: Some(Retention::Years(years)),
                    ..Default::default()
                }),
                Err(AssetError::InvalidRetention)
            );
        }
        assert_eq!(
            with(AssetDetails {
                contractor: Some("あ".repeat(MAX_DETAIL_TEXT + 1)),
                ..Default::default()
            }),
            Err(AssetError::DetailTooLong {
                field: "contractor"
            })
        );
    }
}
