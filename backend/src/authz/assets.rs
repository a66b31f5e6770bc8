//! The asset register's Cedar actions and entities (情報資産).

use std::collections::{HashMap, HashSet};

use cedar_policy::{Entity, RestrictedExpression};
use uuid::Uuid;

use super::entities::uid;
use super::organisation::{department_ref, person_ref};
use super::{Action, Kind, Resource, StreamReading, World};

impl Action {
    pub const ASSETS_LIST: Self = Self::new("assets.list");
    pub const ASSETS_REQUEST: Self = Self::new("assets.request");
    pub const ASSETS_IMPORT: Self = Self::new("assets.import");
    pub const ASSET_REGISTER: Self = Self::new("asset.register");
    pub const ASSET_VIEW: Self = Self::new("asset.view");
    pub const ASSET_MANAGE: Self = Self::new("asset.manage");
    pub const ASSET_REQUEST: Self = Self::new("asset.request");
    pub const ASSET_GRANTS: Self = Self::new("asset.grants");
    pub const ASSETS_SUMMARY: Self = Self::new("assets.summary");
    pub const ASSETS_INQUIRE: Self = Self::new("assets.inquire");
    pub const INQUIRIES_READ: Self = Self::new("inquiries.read");
    pub const INQUIRIES_ANSWER: Self = Self::new("inquiries.answer");
}

/// An asset the caller may not see does not exist for them: neither its name nor its existence is
/// disclosed (§6(5) access control).
pub const ASSET: &Kind = &Kind {
    cedar_type: "Asset",
    singleton: false,
    exists: |world, id| world.register.assets.contains_key(&id),
    entity: |world, id, _| asset(world, id),
    hidden_unless: Some(Action::ASSET_VIEW),
};

/// An asset's events are read by those who see it; a grant's by those who see the asset's grants;
/// the classification scheme's by everyone who opens the register.
pub(super) const STREAMS: &[StreamReading] = &[
    StreamReading {
        prefix: "asset-",
        decided_on: |_, id| Some((Action::ASSET_VIEW, Resource::asset(id.parse().ok()?))),
    },
    StreamReading {
        prefix: "grant-",
        decided_on: |world, id| {
            let grant = world.register.grants.get(&id.parse().ok()?)?;
            Some((Action::ASSET_GRANTS, Resource::asset(grant.asset_id)))
        },
    },
    StreamReading {
        prefix: "inquiry-",
        decided_on: |world, id| {
            let inquiry = world.register.inquiries.get(&id.parse().ok()?)?;
            Some((
                Action::INQUIRIES_READ,
                Resource::department(inquiry.department_id),
            ))
        },
    },
    StreamReading {
        prefix: "classification-scheme",
        decided_on: |_, _| Some((Action::ASSETS_LIST, Resource::organisation())),
    },
];

impl Resource {
    pub fn asset(id: Uuid) -> Self {
        Self::of(ASSET, id)
    }
}

fn asset(world: World<'_>, id: Uuid) -> Option<Entity> {
    let register = &world.register;
    let entry = register.assets.get(&id)?;
    let level = crate::domain::assets::level_kind(
        register.scheme(),
        entry
            .classification
            .as_ref()
            .map(|c| c.confidentiality.as_str()),
    );
    let attrs = HashMap::from([
        (
            "owner".to_owned(),
            department_ref(entry.owner_department_id),
        ),
        (
            "level".to_owned(),
            RestrictedExpression::new_string(level.code().to_owned()),
        ),
        (
            "grantees".to_owned(),
            RestrictedExpression::new_set(register.grantees(id).map(person_ref)),
        ),
        (
            "retired".to_owned(),
            RestrictedExpression::new_bool(entry.retired),
        ),
    ]);
    Entity::new(uid("Asset", &id.to_string()), attrs, HashSet::new()).ok()
}
