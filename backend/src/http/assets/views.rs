//! The register's entries as the API shows them.

use mamori_shared::api::assets::{AssetView, GrantView, InquiryView};
use uuid::Uuid;

use super::super::organisation::views::department_name;
use crate::authz::{Action, Resource, World};
use crate::clock::today;
use crate::domain::assets::{Asset, Grant, GrantDecision, Inquiry};
use crate::domain::format_date;
use crate::http::extract::Caller;
use crate::http::respond::Shown;
use crate::http::AppState;
use crate::projections::register::{GrantEntry, InquiryEntry};

impl Shown for Asset {
    type View = AssetView;

    fn location(id: Uuid) -> Option<String> {
        Some(format!("/api/v1/assets/{id}"))
    }

    fn show(
        state: &AppState,
        caller: &Caller,
        world: World<'_>,
        id: Uuid,
    ) -> Option<(AssetView, u64)> {
        let entry = world.register.assets.get(&id)?;
        let resource = Resource::asset(id);
        let mut allowed = state.authz.permitted(
            world,
            caller.principal_id,
            resource,
            &[Action::ASSET_MANAGE, Action::ASSET_REQUEST],
            today(),
        );
        allowed.extend(state.authz.readable(
            world,
            caller.principal_id,
            resource,
            &[Action::ASSET_GRANTS],
            today(),
        ));
        Some((asset(world, entry, Some(allowed)), entry.version))
    }
}

impl Shown for Grant {
    type View = GrantView;

    fn location(id: Uuid) -> Option<String> {
        Some(format!("/api/v1/grants/{id}"))
    }

    fn show(
        state: &AppState,
        caller: &Caller,
        world: World<'_>,
        id: Uuid,
    ) -> Option<(GrantView, u64)> {
        let entry = world.register.grants.get(&id)?;
        Some((grant_for(state, caller, world, entry), entry.version))
    }
}

/// A grant as `caller` may see it: the asset's name only if they may see the asset (a request for
/// a hidden asset must not reveal what it is), and the decisions they may take on it — those the
/// grant's state leaves open to them (the domain's rule), if Cedar lets them manage the asset.
pub fn grant_for(
    state: &AppState,
    caller: &Caller,
    world: World<'_>,
    entry: &GrantEntry,
) -> GrantView {
    let mut view = grant(world, entry);
    let asset = Resource::asset(entry.asset_id);
    let day = today();
    if !state
        .authz
        .is_allowed(world, caller.principal_id, Action::ASSET_VIEW, asset, day)
    {
        view.asset_name = String::new();
    }
    let manages =
        state
            .authz
            .is_allowed(world, caller.principal_id, Action::ASSET_MANAGE, asset, day);
    let as_aggregate = Grant {
        status: entry.status,
        asset_id: Some(entry.asset_id),
        person_id: Some(entry.person_id),
        until: Some(entry.until),
    };
    // Nothing can be decided in the past. Managing the asset opens the decisions on it; a
    // withdrawal is the requester's own (the domain says whose), on no asset they need to see.
    view.allowed = Some(if world.is_past() {
        Vec::new()
    } else {
        as_aggregate
            .open_decisions(caller.principal_id)
            .into_iter()
            .filter(|decision| manages || *decision == GrantDecision::Withdraw)
            .map(|decision| decision.code().to_owned())
            .collect()
    });
    view
}

impl Shown for Inquiry {
    type View = InquiryView;

    fn location(id: Uuid) -> Option<String> {
        Some(format!("/api/v1/inquiries/{id}"))
    }

    /// Only to the one who asked and to those who may read the department's requests.
    fn show(
        state: &AppState,
        caller: &Caller,
        world: World<'_>,
        id: Uuid,
    ) -> Option<(InquiryView, u64)> {
        let entry = world.register.inquiries.get(&id)?;
        let department = Resource::department(entry.department_id);
        let day = today();
        let own = entry.person_id == caller.principal_id;
        if !own
            && !state.authz.is_allowed(
                world,
                caller.principal_id,
                Action::INQUIRIES_READ,
                department,
                day,
            )
        {
            return None;
        }
        let mut view = inquiry(world, entry);
        let as_aggregate = Inquiry {
            status: entry.status,
            person_id: Some(entry.person_id),
        };
        let answers = || {
            state.authz.is_allowed(
                world,
                caller.principal_id,
                Action::INQUIRIES_ANSWER,
                department,
                day,
            )
        };
        let open = as_aggregate.open_actions(caller.principal_id);
        let answerable = open.contains(&"link") && answers();
        view.allowed = Some(if world.is_past() {
            Vec::new()
        } else {
            open.into_iter()
                .filter(|action| *action == "withdraw" || answerable)
                .map(str::to_owned)
                .collect()
        });
        Some((view, entry.version))
    }
}

pub fn inquiry(world: World<'_>, entry: &InquiryEntry) -> InquiryView {
    use crate::domain::assets::InquiryStatus as S;
    InquiryView {
        id: entry.id,
        person_id: entry.person_id,
        person_name: world
            .directory
            .people
            .get(&entry.person_id)
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        department_id: entry.department_id,
        department_name: department_name(&world.directory, entry.department_id),
        description: entry.description.clone(),
        access: entry.access,
        reason: entry.reason.clone(),
        until: format_date(entry.until),
        status: match entry.status {
            S::None | S::Open => "open",
            S::Linked => "linked",
            S::Declined => "declined",
            S::Withdrawn => "withdrawn",
        }
        .to_owned(),
        grant_id: entry.grant_id,
        answer: entry.answer.clone(),
        asked_at: crate::clock::rfc3339(entry.asked_at),
        version: entry.version,
        allowed: None,
    }
}

pub fn asset(
    world: World<'_>,
    entry: &crate::projections::register::AssetEntry,
    allowed: Option<Vec<String>>,
) -> AssetView {
    let directory = &world.directory;
    AssetView {
        id: entry.id,
        name: entry.name.clone(),
        kind: entry.kind,
        owner_department_id: entry.owner_department_id,
        owner_department_name: department_name(directory, entry.owner_department_id),
        custodian_id: entry.custodian_id,
        custodian_name: entry
            .custodian_id
            .and_then(|id| directory.people.get(&id))
            .map(|p| p.name.clone()),
        tier: entry.tier,
        location: entry.location.clone(),
        description: entry.description.clone(),
        reading: entry.details.reading.clone(),
        retention: entry.details.retention,
        personal_information: entry.details.personal_information,
        contractor: entry.details.contractor.clone(),
        external_service: entry.details.external_service.clone(),
        classification: entry.classification.clone(),
        level: crate::domain::assets::level_kind(
            world.register.scheme(),
            entry
                .classification
                .as_ref()
                .map(|c| c.confidentiality.as_str()),
        )
        .code()
        .to_owned(),
        retired: entry.retired,
        version: entry.version,
        allowed,
    }
}

fn grant(world: World<'_>, entry: &GrantEntry) -> GrantView {
    use crate::domain::assets::GrantStatus as S;
    GrantView {
        id: entry.id,
        asset_id: entry.asset_id,
        asset_name: world
            .register
            .assets
            .get(&entry.asset_id)
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        person_id: entry.person_id,
        person_name: world
            .directory
            .people
            .get(&entry.person_id)
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        access: entry.access,
        reason: entry.reason.clone(),
        until: format_date(entry.until),
        status: match entry.status {
            S::None | S::Pending => "pending",
            S::Active => "active",
            S::Rejected => "rejected",
            S::Revoked => "revoked",
            S::Expired => "expired",
            S::Withdrawn => "withdrawn",
        }
        .to_owned(),
        requested_at: crate::clock::rfc3339(entry.requested_at),
        version: entry.version,
        allowed: None,
    }
}
