use mamori_shared::assets::{AssetKind, Classification, NetworkTier};
use mamori_shared::classification::Scheme;
use mamori_shared::events::assets::{
    AssetClassified, AssetDetails, AssetEvent, AssetRegistered, AssetRetired, CustodianChanged,
    DetailsChanged, OwnerChanged, TierMoved,
};
use uuid::Uuid;

use super::{
    check_classification, check_personal_information, check_placement,
    check_specific_personal_tier, valid_details, valid_reason, AssetError,
};
use crate::domain::Aggregate;

/// An information asset: the state its decisions need.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Asset {
    pub registered: bool,
    pub retired: bool,
    pub classification: Option<Classification>,
    pub tier: Option<NetworkTier>,
    pub owner_department_id: Option<Uuid>,
    pub details: AssetDetails,
}

/// Commands on an asset. The owner department and custodian are checked to exist by the caller
/// (other aggregates); the adopted scheme is given by the caller.
#[derive(Debug, Clone)]
pub enum AssetCommand {
    Register {
        asset_id: Uuid,
        name: String,
        kind: AssetKind,
        owner_department_id: Uuid,
        custodian_id: Option<Uuid>,
        tier: Option<NetworkTier>,
        location: String,
        description: String,
        details: AssetDetails,
    },
    Classify {
        asset_id: Uuid,
        scheme: Scheme,
        classification: Classification,
        reason: String,
    },
    ChangeOwner {
        asset_id: Uuid,
        owner_department_id: Uuid,
        reason: String,
    },
    ChangeCustodian {
        asset_id: Uuid,
        custodian_id: Option<Uuid>,
        reason: String,
    },
    MoveTier {
        asset_id: Uuid,
        scheme: Scheme,
        tier: Option<NetworkTier>,
        reason: String,
    },
    /// The register's particulars, all as they are to be; decided on the adopted `scheme` (the
    /// rules on personal information depend on the level).
    ChangeDetails {
        asset_id: Uuid,
        scheme: Scheme,
        details: AssetDetails,
        reason: String,
    },
    Retire {
        asset_id: Uuid,
        reason: String,
    },
    /// The organisation adopts `scheme`: the asset's confidentiality level is read anew through
    /// `mapping` (old code → new code), retired or not, in the commit of the adoption.
    AdoptScheme {
        asset_id: Uuid,
        scheme: Scheme,
        mapping: Vec<(String, String)>,
        reason: String,
    },
}

impl Asset {
    fn require_live(&self) -> Result<(), AssetError> {
        if !self.registered {
            Err(AssetError::NotFound)
        } else if self.retired {
            Err(AssetError::Retired)
        } else {
            Ok(())
        }
    }
}

fn valid_name(name: &str) -> Result<String, AssetError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AssetError::InvalidName);
    }
    Ok(name.to_owned())
}

impl Aggregate for Asset {
    type Key = uuid::Uuid;
    type Command = AssetCommand;
    type Event = AssetEvent;
    type Error = AssetError;

    fn stream_name(key: &uuid::Uuid) -> String {
        format!("asset-{key}")
    }

    fn decide(&self, command: AssetCommand) -> Result<Vec<AssetEvent>, AssetError> {
        use AssetEvent as E;
        match command {
            AssetCommand::Register {
                asset_id,
                name,
                kind,
                owner_department_id,
                custodian_id,
                tier,
                location,
                description,
                details,
            } => {
                if self.registered {
                    return Err(AssetError::AlreadyExists);
                }
                let details = valid_details(details)?;
                // Not classified yet: only the tier can break a rule.
                check_specific_personal_tier(tier, details.personal_information, "tier")?;
                Ok(vec![E::AssetRegistered(AssetRegistered {
                    asset_id,
                    name: valid_name(&name)?,
                    kind,
                    owner_department_id,
                    custodian_id,
                    tier,
                    location: location.trim().chars().take(500).collect(),
                    description: description.trim().chars().take(4000).collect(),
                    details,
                })])
            }
            AssetCommand::Classify {
                asset_id,
                scheme,
                classification,
                reason,
            } => {
                self.require_live()?;
                check_classification(&scheme, &classification)?;
                check_placement(&scheme, Some(&classification), self.tier)?;
                check_personal_information(
                    &scheme,
                    Some(&classification),
                    self.tier,
                    self.details.personal_information,
                    "classification.confidentiality",
                )?;
                Ok(vec![E::AssetClassified(AssetClassified {
                    asset_id,
                    scheme_id: scheme.id,
                    classification,
                    reason: valid_reason(&reason)?,
                })])
            }
            AssetCommand::ChangeOwner {
                asset_id,
                owner_department_id,
                reason,
            } => {
                self.require_live()?;
                if self.owner_department_id == Some(owner_department_id) {
                    return Ok(vec![]);
                }
                Ok(vec![E::OwnerChanged(OwnerChanged {
                    asset_id,
                    owner_department_id,
                    reason: valid_reason(&reason)?,
                })])
            }
            AssetCommand::ChangeCustodian {
                asset_id,
                custodian_id,
                reason,
            } => {
                self.require_live()?;
                Ok(vec![E::CustodianChanged(CustodianChanged {
                    asset_id,
                    custodian_id,
                    reason: valid_reason(&reason)?,
                })])
            }
            AssetCommand::MoveTier {
                asset_id,
                scheme,
                tier,
                reason,
            } => {
                self.require_live()?;
                if self.tier == tier {
                    return Ok(vec![]);
                }
                check_placement(&scheme, self.classification.as_ref(), tier)?;
                check_personal_information(
                    &scheme,
                    self.classification.as_ref(),
                    tier,
                    self.details.personal_information,
                    "tier",
                )?;
                Ok(vec![E::TierMoved(TierMoved {
                    asset_id,
                    tier,
                    reason: valid_reason(&reason)?,
                })])
            }
            AssetCommand::ChangeDetails {
                asset_id,
                scheme,
                details,
                reason,
            } => {
                self.require_live()?;
                let details = valid_details(details)?;
                if details == self.details {
                    return Ok(vec![]);
                }
                check_personal_information(
                    &scheme,
                    self.classification.as_ref(),
                    self.tier,
                    details.personal_information,
                    "personal_information",
                )?;
                Ok(vec![E::DetailsChanged(DetailsChanged {
                    asset_id,
                    details,
                    reason: valid_reason(&reason)?,
                })])
            }
            AssetCommand::Retire { asset_id, reason } => {
                self.require_live()?;
                Ok(vec![E::AssetRetired(AssetRetired {
                    asset_id,
                    reason: valid_reason(&reason)?,
                })])
            }
            AssetCommand::AdoptScheme {
                asset_id,
                scheme,
                mapping,
                reason,
            } => {
                let Some(current) = &self.classification else {
                    return Ok(vec![]);
                };
                let confidentiality = mapping
                    .iter()
                    .find(|(from, _)| *from == current.confidentiality)
                    .map(|(_, to)| to.clone())
                    .ok_or_else(|| AssetError::MappingMissing(current.confidentiality.clone()))?;
                let classification = Classification {
                    confidentiality,
                    ..current.clone()
                };
                check_classification(&scheme, &classification)?;
                if !self.retired {
                    check_placement(&scheme, Some(&classification), self.tier)?;
                    check_personal_information(
                        &scheme,
                        Some(&classification),
                        self.tier,
                        self.details.personal_information,
                        "mapping",
                    )?;
                }
                Ok(vec![E::AssetClassified(AssetClassified {
                    asset_id,
                    scheme_id: scheme.id,
                    classification,
                    reason: valid_reason(&reason)?,
                })])
            }
        }
    }

    fn evolve(&mut self, event: &AssetEvent) {
        match event {
            AssetEvent::AssetRegistered(e) => {
                self.registered = true;
                self.tier = e.tier;
                self.owner_department_id = Some(e.owner_department_id);
                self.details = e.details.clone();
            }
            AssetEvent::DetailsChanged(e) => self.details = e.details.clone(),
            AssetEvent::AssetClassified(e) => self.classification = Some(e.classification.clone()),
            AssetEvent::OwnerChanged(e) => self.owner_department_id = Some(e.owner_department_id),
            AssetEvent::TierMoved(e) => self.tier = e.tier,
            AssetEvent::AssetRetired(_) => self.retired = true,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use mamori_shared::classification::shipped;

    use super::*;

    const ASSET: Uuid = Uuid::from_u128(1);
    const DEPT: Uuid = Uuid::from_u128(2);

    fn given(events: &[AssetEvent]) -> Asset {
        let mut state = Asset::default();
        events.iter().for_each(|e| state.evolve(e));
        state
    }

    fn registered(tier: Option<NetworkTier>) -> AssetEvent {
        AssetEvent::AssetRegistered(AssetRegistered {
            asset_id: ASSET,
            name: "住民基本台帳システム".into(),
            kind: AssetKind::InformationSystem,
            owner_department_id: DEPT,
            custodian_id: None,
            tier,
            location: "本庁舎サーバー室".into(),
            description: String::new(),
            details: AssetDetails::default(),
        })
    }

    fn classification(c: &str) -> Classification {
        Classification {
            confidentiality: c.into(),
            integrity: "2".into(),
            availability: "2".into(),
        }
    }

    fn classify(c: &str) -> AssetCommand {
        AssetCommand::Classify {
            asset_id: ASSET,
            scheme: shipped().remove(0),
            classification: classification(c),
            reason: "個人番号を含むため".into(),
        }
    }

    #[test]
    fn an_asset_is_classified_on_all_three_axes_with_a_reason() {
        let events = given(&[registered(Some(NetworkTier::MyNumber))])
            .decide(classify("3A"))
            .unwrap();
        assert_eq!(
            events,
            vec![AssetEvent::AssetClassified(AssetClassified {
                asset_id: ASSET,
                scheme_id: "guideline-2024".into(),
                classification: classification("3A"),
                reason: "個人番号を含むため".into(),
            })]
        );
    }

    #[test]
    fn a_level_outside_the_scheme_is_refused() {
        assert_eq!(
            given(&[registered(None)]).decide(classify("3")),
            Err(AssetError::UnknownLevel {
                field: "confidentiality",
                code: "3".into()
            })
        );
    }

    #[test]
    fn top_confidentiality_never_sits_on_the_internet_tier() {
        assert_eq!(
            given(&[registered(Some(NetworkTier::Internet))]).decide(classify("3B")),
            Err(AssetError::TopConfidentialityOnInternet)
        );
        assert!(given(&[registered(Some(NetworkTier::Internet))])
            .decide(classify("2"))
            .is_ok());
        let classified = AssetEvent::AssetClassified(AssetClassified {
            asset_id: ASSET,
            scheme_id: "guideline-2024".into(),
            classification: classification("3C"),
            reason: "r".into(),
        });
        let move_to_internet = AssetCommand::MoveTier {
            asset_id: ASSET,
            scheme: shipped().remove(0),
            tier: Some(NetworkTier::Internet),
            reason: "移設".into(),
        };
        assert_eq!(
            given(&[registered(Some(NetworkTier::Lgwan)), classified]).decide(move_to_internet),
            Err(AssetError::TopConfidentialityOnInternet)
        );
    }

    #[test]
    fn a_level_outside_the_adopted_scheme_blocks_a_tier_move() {
        // Classified 3A under the 2024 scheme, while the older 3/2/1 scheme is adopted.
        let classified = AssetEvent::AssetClassified(AssetClassified {
            asset_id: ASSET,
            scheme_id: "guideline-2024".into(),
            classification: classification("3A"),
            reason: "r".into(),
        });
        let legacy = shipped().remove(1);
        assert_eq!(legacy.id, "legacy-321");
        let move_to_internet = AssetCommand::MoveTier {
            asset_id: ASSET,
            scheme: legacy.clone(),
            tier: Some(NetworkTier::Internet),
            reason: "移設".into(),
        };
        assert_eq!(
            given(&[registered(Some(NetworkTier::Lgwan)), classified.clone()])
                .decide(move_to_internet),
            Err(AssetError::ClassificationOutsideScheme("3A".into()))
        );
        assert_eq!(
            super::super::level_kind(&legacy, Some("3A")),
            super::super::LevelKind::Top,
            "an unknown level is guarded as top"
        );
        // Read anew under the adopted scheme (as the adoption's commit does), the rule applies.
        let adopt = AssetCommand::AdoptScheme {
            asset_id: ASSET,
            scheme: legacy.clone(),
            mapping: vec![("3A".into(), "3".into())],
            reason: "分類基準の変更".into(),
        };
        let state = given(&[registered(Some(NetworkTier::Lgwan)), classified]);
        let events = state.decide(adopt).unwrap();
        let mut state = state;
        events.iter().for_each(|e| state.evolve(e));
        assert_eq!(state.classification.as_ref().unwrap().confidentiality, "3");
        let move_to_internet = AssetCommand::MoveTier {
            asset_id: ASSET,
            scheme: legacy,
            tier: Some(NetworkTier::Internet),
            reason: "移設".into(),
        };
        assert_eq!(
            state.decide(move_to_internet),
            Err(AssetError::TopConfidentialityOnInternet)
        );
    }

    #[test]
    fn a_retired_asset_changes_no_more() {
        let retired = AssetEvent::AssetRetired(AssetRetired {
            asset_id: ASSET,
            reason: "廃棄".into(),
        });
        assert_eq!(
            given(&[registered(None), retired]).decide(classify("1")),
            Err(AssetError::Retired)
        );
        assert_eq!(given(&[]).decide(classify("1")), Err(AssetError::NotFound));
    }

    #[test]
    fn classification_and_retirement_need_a_reason() {
        let mut command = classify("1");
        if let AssetCommand::Classify { reason, .. } = &mut command {
            *reason = "  ".into();
        }
        assert_eq!(
            given(&[registered(None)]).decide(command),
            Err(AssetError::ReasonRequired)
        );
    }

    fn specific_personal() -> AssetDetails {
        AssetDetails {
            personal_information: Some(
                mamori_shared::assets::PersonalInformation::SpecificPersonal,
            ),
            ..AssetDetails::default()
        }
    }

    #[test]
    fn specific_personal_information_is_registered_and_kept_on_the_my_number_tier() {
        let register = |tier| AssetCommand::Register {
            asset_id: ASSET,
            name: "住民記録".into(),
            kind: AssetKind::Information,
            owner_department_id: DEPT,
            custodian_id: None,
            tier,
            location: String::new(),
            description: String::new(),
            details: specific_personal(),
        };
        assert_eq!(
            given(&[]).decide(register(Some(NetworkTier::Lgwan))),
            Err(AssetError::SpecificPersonalOffMyNumber { field: "tier" })
        );
        let events = given(&[])
            .decide(register(Some(NetworkTier::MyNumber)))
            .unwrap();
        let state = given(&events);
        assert_eq!(state.details, specific_personal());
        let move_to = |tier| AssetCommand::MoveTier {
            asset_id: ASSET,
            scheme: shipped().remove(0),
            tier,
            reason: "移設".into(),
        };
        assert_eq!(
            state.decide(move_to(Some(NetworkTier::Internet))),
            Err(AssetError::SpecificPersonalOffMyNumber { field: "tier" })
        );
        assert!(state.decide(move_to(None)).is_ok(), "no network is allowed");
    }

    #[test]
    fn personal_information_is_not_classified_public_nor_marked_on_a_public_asset() {
        let with_personal = AssetEvent::DetailsChanged(DetailsChanged {
            asset_id: ASSET,
            details: AssetDetails {
                personal_information: Some(mamori_shared::assets::PersonalInformation::Personal),
                ..AssetDetails::default()
            },
            reason: "台帳の整備".into(),
        });
        assert_eq!(
            given(&[registered(None), with_personal]).decide(classify("1")),
            Err(AssetError::PersonalInformationPublic {
                field: "classification.confidentiality"
            })
        );
        let public = AssetEvent::AssetClassified(AssetClassified {
            asset_id: ASSET,
            scheme_id: "guideline-2024".into(),
            classification: classification("1"),
            reason: "公開情報".into(),
        });
        let mark = |details: AssetDetails| AssetCommand::ChangeDetails {
            asset_id: ASSET,
            scheme: shipped().remove(0),
            details,
            reason: "台帳の整備".into(),
        };
        let state = given(&[registered(Some(NetworkTier::Lgwan)), public]);
        assert_eq!(
            state.decide(mark(AssetDetails {
                personal_information: Some(mamori_shared::assets::PersonalInformation::Personal),
                ..AssetDetails::default()
            })),
            Err(AssetError::PersonalInformationPublic {
                field: "personal_information"
            })
        );
        assert_eq!(
            state.decide(mark(specific_personal())),
            Err(AssetError::SpecificPersonalOffMyNumber {
                field: "personal_information"
            })
        );
    }

    #[test]
    fn particulars_change_in_one_event_with_a_reason_and_not_when_unchanged() {
        let change = |reason: &str| AssetCommand::ChangeDetails {
            asset_id: ASSET,
            scheme: shipped().remove(0),
            details: AssetDetails {
                reading: Some("ｼﾞｭｳｷ".into()),
                retention: Some(mamori_shared::assets::Retention::Permanent),
                contractor: Some("株式会社みやぎ情報".into()),
                ..AssetDetails::default()
            },
            reason: reason.into(),
        };
        let state = given(&[registered(None)]);
        assert_eq!(state.decide(change(" ")), Err(AssetError::ReasonRequired));
        let events = state.decide(change("台帳の整備")).unwrap();
        let AssetEvent::DetailsChanged(changed) = &events[0] else {
            panic!("{events:?}")
        };
        assert_eq!(changed.details.reading.as_deref(), Some("ジュウキ"));
        let state = given(&[registered(None), events[0].clone()]);
        assert_eq!(state.decide(change("同じ内容")), Ok(vec![]));
    }
}
