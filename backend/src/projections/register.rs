//! The asset register as everyone sees it: the adopted scheme, every asset with its current state,
//! every grant. Who may see which asset is Cedar's decision (`authz`), not this projection's.

use std::collections::HashMap;

use mamori_shared::assets::{AccessLevel, AssetKind, Classification, NetworkTier};
use mamori_shared::classification::{shipped, Scheme, DEFAULT_SCHEME};
use mamori_shared::events::assets::{AssetDetails, AssetEvent};
use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use super::{Projection, ProjectionError};
use crate::codec;
use crate::domain::assets::{GrantStatus, InquiryStatus};
use crate::domain::parse_date;
use crate::store::RecordedEvent;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Register {
    pub schemes: Vec<Scheme>,
    pub scheme_id: String,
    /// The version of the `classification-scheme` stream: what a decision on the scheme in force
    /// requires it still to be when it commits.
    pub scheme_version: u64,
    pub assets: HashMap<Uuid, AssetEntry>,
    pub grants: HashMap<Uuid, GrantEntry>,
    /// Requests for access by description.
    pub inquiries: HashMap<Uuid, InquiryEntry>,
    /// The last position applied: what cached decisions about the register are valid for.
    pub position: u64,
}

impl Default for Register {
    fn default() -> Self {
        Self {
            schemes: shipped(),
            scheme_id: DEFAULT_SCHEME.to_owned(),
            scheme_version: 0,
            assets: HashMap::new(),
            grants: HashMap::new(),
            inquiries: HashMap::new(),
            position: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetEntry {
    pub id: Uuid,
    pub name: String,
    pub kind: AssetKind,
    pub owner_department_id: Uuid,
    pub custodian_id: Option<Uuid>,
    pub tier: Option<NetworkTier>,
    pub location: String,
    pub description: String,
    pub classification: Option<Classification>,
    /// 読み仮名, 保存期間, 個人情報, 委託先, 外部サービス.
    pub details: AssetDetails,
    pub retired: bool,
    pub version: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryEntry {
    pub id: Uuid,
    pub person_id: Uuid,
    pub department_id: Uuid,
    pub description: String,
    pub access: AccessLevel,
    pub reason: String,
    pub until: Date,
    pub status: InquiryStatus,
    /// Once linked: the asset and the grant made on it.
    pub asset_id: Option<Uuid>,
    pub grant_id: Option<Uuid>,
    /// Why it was declined.
    pub answer: String,
    pub asked_at: i64,
    pub changed_at: i64,
    pub version: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantEntry {
    pub id: Uuid,
    pub asset_id: Uuid,
    pub person_id: Uuid,
    pub access: AccessLevel,
    pub reason: String,
    pub until: Date,
    pub status: GrantStatus,
    pub requested_at: i64,
    /// When its status last changed (microseconds since the epoch): requested, decided, ended.
    pub changed_at: i64,
    pub version: u64,
}

impl Register {
    pub fn scheme(&self) -> &Scheme {
        self.schemes
            .iter()
            .find(|s| s.id == self.scheme_id)
            .unwrap_or(&self.schemes[0])
    }

    /// People holding an active grant on `asset`.
    pub fn grantees(&self, asset: Uuid) -> impl Iterator<Item = Uuid> + '_ {
        self.grants
            .values()
            .filter(move |g| g.asset_id == asset && g.status == GrantStatus::Active)
            .map(|g| g.person_id)
    }

    /// Confidentiality codes that assets carry now, retired ones included (their history keeps
    /// its meaning under the new scheme).
    pub fn codes_in_use(&self) -> Vec<String> {
        let mut codes: Vec<String> = self
            .assets
            .values()
            .filter_map(|a| a.classification.as_ref().map(|c| c.confidentiality.clone()))
            .collect();
        codes.sort();
        codes.dedup();
        codes
    }
}

impl Projection for Register {
    fn apply(&mut self, event: &RecordedEvent) -> Result<(), ProjectionError> {
        let failed = |reason: String| ProjectionError {
            position: event.position,
            reason,
        };
        let Some(domain_event) = codec::decode::<AssetEvent>(event).map_err(failed)? else {
            return Ok(());
        };
        self.position = event.position;
        let version = event.stream_version;
        fn asset(
            assets: &mut HashMap<Uuid, AssetEntry>,
            id: Uuid,
            version: u64,
            position: u64,
        ) -> Result<&mut AssetEntry, ProjectionError> {
            let entry = assets.get_mut(&id).ok_or_else(|| ProjectionError {
                position,
                reason: format!("unknown asset {id}"),
            })?;
            entry.version = version;
            Ok(entry)
        }
        let position = event.position;
        match domain_event {
            AssetEvent::SchemeAdopted(e) => {
                // Adoptions now reclassify each asset in their own commit (the events that follow);
                // logs written before that have only this event, so the mapping is applied here too
                // (to the same result).
                for entry in self.assets.values_mut() {
                    if let Some(c) = entry.classification.as_mut() {
                        if let Some((_, to)) = e
                            .confidentiality_mapping
                            .iter()
                            .find(|(from, _)| *from == c.confidentiality)
                        {
                            c.confidentiality = to.clone();
                        }
                    }
                }
                self.scheme_id = e.scheme_id;
                self.scheme_version = version;
            }
            AssetEvent::AssetRegistered(e) => {
                self.assets.insert(
                    e.asset_id,
                    AssetEntry {
                        id: e.asset_id,
                        name: e.name,
                        kind: e.kind,
                        owner_department_id: e.owner_department_id,
                        custodian_id: e.custodian_id,
                        tier: e.tier,
                        location: e.location,
                        description: e.description,
                        classification: None,
                        details: e.details,
                        retired: false,
                        version,
                    },
                );
            }
            AssetEvent::AssetClassified(e) => {
                asset(&mut self.assets, e.asset_id, version, position)?.classification =
                    Some(e.classification)
            }
            AssetEvent::OwnerChanged(e) => {
                asset(&mut self.assets, e.asset_id, version, position)?.owner_department_id =
                    e.owner_department_id
            }
            AssetEvent::CustodianChanged(e) => {
                asset(&mut self.assets, e.asset_id, version, position)?.custodian_id =
                    e.custodian_id
            }
            AssetEvent::TierMoved(e) => {
                asset(&mut self.assets, e.asset_id, version, position)?.tier = e.tier
            }
            AssetEvent::DetailsChanged(e) => {
                asset(&mut self.assets, e.asset_id, version, position)?.details = e.details
            }
            AssetEvent::AssetRetired(e) => {
                asset(&mut self.assets, e.asset_id, version, position)?.retired = true
            }
            AssetEvent::GrantRequested(e) => {
                let at = micros(event);
                let until = parse_date(&e.until)
                    .ok_or_else(|| failed(format!("invalid date {}", e.until)))?;
                self.grants.insert(
                    e.grant_id,
                    GrantEntry {
                        id: e.grant_id,
                        asset_id: e.asset_id,
                        person_id: e.person_id,
                        access: e.access,
                        reason: e.reason,
                        until,
                        status: GrantStatus::Pending,
                        requested_at: at,
                        changed_at: at,
                        version,
                    },
                );
            }
            AssetEvent::GrantApproved(e) => self.set_status(
                e.grant_id,
                GrantStatus::Active,
                version,
                micros(event),
                &failed,
            )?,
            AssetEvent::GrantRejected(e) => self.set_status(
                e.grant_id,
                GrantStatus::Rejected,
                version,
                micros(event),
                &failed,
            )?,
            AssetEvent::GrantRevoked(e) => self.set_status(
                e.grant_id,
                GrantStatus::Revoked,
                version,
                micros(event),
                &failed,
            )?,
            AssetEvent::GrantExpired(e) => self.set_status(
                e.grant_id,
                GrantStatus::Expired,
                version,
                micros(event),
                &failed,
            )?,
            AssetEvent::GrantWithdrawn(e) => self.set_status(
                e.grant_id,
                GrantStatus::Withdrawn,
                version,
                micros(event),
                &failed,
            )?,
            AssetEvent::InquiryMade(e) => {
                let until = parse_date(&e.until)
                    .ok_or_else(|| failed(format!("invalid date {}", e.until)))?;
                let at = micros(event);
                self.inquiries.insert(
                    e.inquiry_id,
                    InquiryEntry {
                        id: e.inquiry_id,
                        person_id: e.person_id,
                        department_id: e.department_id,
                        description: e.description,
                        access: e.access,
                        reason: e.reason,
                        until,
                        status: InquiryStatus::Open,
                        asset_id: None,
                        grant_id: None,
                        answer: String::new(),
                        asked_at: at,
                        changed_at: at,
                        version,
                    },
                );
            }
            AssetEvent::InquiryLinked(e) => {
                let inquiry = self.inquiry_mut(e.inquiry_id, version, micros(event), &failed)?;
                inquiry.status = InquiryStatus::Linked;
                inquiry.asset_id = Some(e.asset_id);
                inquiry.grant_id = Some(e.grant_id);
            }
            AssetEvent::InquiryDeclined(e) => {
                let inquiry = self.inquiry_mut(e.inquiry_id, version, micros(event), &failed)?;
                inquiry.status = InquiryStatus::Declined;
                inquiry.answer = e.reason;
            }
            AssetEvent::InquiryWithdrawn(e) => {
                self.inquiry_mut(e.inquiry_id, version, micros(event), &failed)?
                    .status = InquiryStatus::Withdrawn;
            }
        }
        Ok(())
    }
}

impl Register {
    fn set_status(
        &mut self,
        id: Uuid,
        status: GrantStatus,
        version: u64,
        at: i64,
        failed: &dyn Fn(String) -> ProjectionError,
    ) -> Result<(), ProjectionError> {
        let grant = self
            .grants
            .get_mut(&id)
            .ok_or_else(|| failed(format!("unknown grant {id}")))?;
        grant.status = status;
        grant.version = version;
        grant.changed_at = at;
        Ok(())
    }
}

impl Register {
    fn inquiry_mut(
        &mut self,
        id: Uuid,
        version: u64,
        at: i64,
        failed: &dyn Fn(String) -> ProjectionError,
    ) -> Result<&mut InquiryEntry, ProjectionError> {
        let inquiry = self
            .inquiries
            .get_mut(&id)
            .ok_or_else(|| failed(format!("unknown inquiry {id}")))?;
        inquiry.version = version;
        inquiry.changed_at = at;
        Ok(inquiry)
    }
}

/// When `event` was recorded, in microseconds since the epoch.
pub(crate) fn micros(event: &RecordedEvent) -> i64 {
    (event.recorded_at.unix_timestamp_nanos() / 1_000) as i64
}
