//! Access grants (§6(5)): request, approve, reject, revoke; my requests; my approvals inbox.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use mamori_shared::api::assets::{GrantRequest, GrantView, Reason};
use mamori_shared::events::security::SelfApprovalRefused;
use uuid::Uuid;

use super::views::grant_for;
use crate::auth::security_log;
use crate::authz::assets::ASSET;
use crate::authz::Action;
use crate::authz::{Resource, World};
use crate::clock::today;
use crate::commands::{execute, CommandError, Commit, Executed};
use crate::domain::assets::{AssetError, Grant, GrantCommand, GrantStatus};
use crate::domain::organisation::Person;
use crate::http::as_of::AsOf;
use crate::http::error::ApiError;
use crate::http::extract::{date_field, path_uuid, Caller, Change, JsonBody};
use crate::http::respond;
use crate::http::routes::{api_routes, Access, ApiRoute, Target};
use crate::http::AppState;

pub async fn request(
    State(state): State<AppState>,
    caller: Caller,
    Path(asset): Path<String>,
    JsonBody(body): JsonBody<GrantRequest>,
) -> Result<Response, ApiError> {
    let asset_id = path_uuid(&asset)?;
    let until = date_field(&body.until, "until")?;
    let id = Uuid::now_v7();
    let command = GrantCommand::Request {
        grant_id: id,
        asset_id,
        person_id: caller.principal_id,
        access: body.access,
        reason: body.reason,
        until,
        today: today(),
    };
    // The requester as the decision saw them: a deactivation committed meanwhile (which ends every
    // grant and request of theirs in its own commit) makes this request conflict, not slip past it.
    let person_version = state
        .projections
        .directory
        .read()
        .people
        .get(&caller.principal_id)
        .map(|p| p.version)
        .ok_or(ApiError::Unauthenticated)?;
    let mut commit = Commit::new(caller.metadata());
    commit
        .decide::<Grant>(&state.store, &id, None, command)
        .await?;
    commit.require::<Person>(&caller.principal_id, person_version);
    let done = commit.commit::<AssetError>(&state.store).await?;
    let response =
        respond::answer::<Grant>(&state, &caller, id, Executed::last_position(&done)).await?;
    Ok(respond::created::<Grant>(response, id))
}

// Which decision a route takes (a const parameter, so that each route has a handler of its own).
const APPROVE: u8 = 0;
const REJECT: u8 = 1;
const REVOKE: u8 = 2;
const WITHDRAW: u8 = 3;

async fn decide<const DECISION: u8>(change: Change<Reason>) -> Result<Response, ApiError> {
    let (state, caller, grant_id, version, body) = change.parts();
    let by = caller.principal_id;
    let reason = body.reason;
    let command = match DECISION {
        APPROVE => GrantCommand::Approve {
            grant_id,
            by,
            reason,
        },
        REJECT => GrantCommand::Reject {
            grant_id,
            by,
            reason,
        },
        REVOKE => GrantCommand::Revoke { grant_id, reason },
        _ => GrantCommand::Withdraw { grant_id, by },
    };
    let done = match execute::<Grant>(
        &state.store,
        &grant_id,
        Some(version),
        command,
        caller.metadata(),
    )
    .await
    {
        Err(CommandError::Domain(AssetError::SelfApproval)) => {
            // A refused request the README promises is recorded, though Cedar permitted it.
            security_log::self_approval_refused(
                &state.store,
                SelfApprovalRefused {
                    person_id: by,
                    grant_id,
                    address: caller.address.clone(),
                },
            )
            .await;
            return Err(CommandError::Domain(AssetError::SelfApproval).into());
        }
        done => done?,
    };
    respond::answer::<Grant>(&state, &caller, grant_id, done.position()).await
}

/// My own requests and grants, newest first.
/// One grant: to its requester, and to those who may see who holds access to its asset; to anyone
/// else it does not exist (404).
pub async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    as_of: AsOf,
) -> Result<Response, ApiError> {
    let id = path_uuid(&id)?;
    let seen = as_of.read(&state);
    let world = seen.world();
    let entry = world.register.grants.get(&id).ok_or(ApiError::NotFound)?;
    let sees = entry.person_id == caller.principal_id
        || state.authz.is_allowed(
            world,
            caller.principal_id,
            Action::ASSET_GRANTS,
            Resource::asset(entry.asset_id),
            world.day(today()),
        );
    if !sees {
        return Err(ApiError::NotFound);
    }
    let view = grant_for(&state, &caller, world, entry);
    Ok(respond::versioned(view, entry.version))
}

pub async fn mine(
    State(state): State<AppState>,
    caller: Caller,
    as_of: AsOf,
) -> Json<Vec<GrantView>> {
    let seen = as_of.read(&state);
    let world = seen.world();
    let mut grants: Vec<_> = world
        .models()
        .register
        .grants
        .values()
        .filter(|g| g.person_id == caller.principal_id)
        .collect();
    grants.sort_by_key(|g| std::cmp::Reverse(g.requested_at));
    Json(
        grants
            .into_iter()
            .map(|g| grant_for(&state, &caller, world, g))
            .collect(),
    )
}

/// Pending requests I may decide (on assets I manage), oldest first. My own requests are not in it.
pub async fn inbox(
    State(state): State<AppState>,
    caller: Caller,
    as_of: AsOf,
) -> Json<Vec<GrantView>> {
    let seen = as_of.read(&state);
    let world = seen.world();
    let day = today();
    let mut grants: Vec<_> = world
        .models()
        .register
        .grants
        .values()
        .filter(|g| g.status == GrantStatus::Pending && g.person_id != caller.principal_id)
        .filter(|g| {
            state.authz.is_allowed(
                world,
                caller.principal_id,
                Action::ASSET_MANAGE,
                Resource::asset(g.asset_id),
                day,
            )
        })
        .collect();
    grants.sort_by_key(|a| a.requested_at);
    Json(
        grants
            .into_iter()
            .map(|g| grant_for(&state, &caller, world, g))
            .collect(),
    )
}

/// The grants of one asset (for those who decide them, and the auditors).
pub async fn of_asset(
    State(state): State<AppState>,
    caller: Caller,
    Path(asset): Path<String>,
    as_of: AsOf,
) -> Result<Json<Vec<GrantView>>, ApiError> {
    let asset_id = path_uuid(&asset)?;
    let seen = as_of.read(&state);
    let world = seen.world();
    let mut grants: Vec<_> = world
        .models()
        .register
        .grants
        .values()
        .filter(|g| g.asset_id == asset_id)
        .collect();
    grants.sort_by_key(|g| std::cmp::Reverse(g.requested_at));
    Ok(Json(
        grants
            .into_iter()
            .map(|g| grant_for(&state, &caller, world, g))
            .collect(),
    ))
}

/// The asset a grant is decided on (the route target of its decisions).
fn asset_of(world: World<'_>, grant: Uuid) -> Option<Uuid> {
    world.register.grants.get(&grant).map(|g| g.asset_id)
}

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::assets as r;
    use Access::Permit;
    use Action as A;
    use Target as T;
    api_routes! {
        GET "/assets/{asset_id}/grants" => of_asset, Permit(A::ASSET_GRANTS, T::Path("asset_id", ASSET)), "The asset's access grants", gives Vec<r::GrantView>, as_of = true;
        POST "/assets/{asset_id}/grants" => request, Permit(A::ASSET_REQUEST, T::PathOrOrganisation("asset_id", ASSET, A::ASSETS_REQUEST)), "Request access to an asset, by its id even if I cannot see it", takes r::GrantRequest, gives r::GrantView, status 201;
        GET "/grants/mine" => mine, Permit(A::SELF_VIEW, T::Caller), "My access requests and grants", gives Vec<r::GrantView>, as_of = true;
        GET "/grants/{grant_id}" => one, Permit(A::SELF_VIEW, T::Caller), "A grant, with its version: my own request, or one on an asset whose grants I may see (404 to anyone else)", gives r::GrantView, as_of = true;
        GET "/grants/inbox" => inbox, Permit(A::SELF_VIEW, T::Caller), "Requests waiting for my decision", gives Vec<r::GrantView>, as_of = true;
        POST "/grants/{grant_id}/approve" => decide::<APPROVE>, Permit(A::ASSET_MANAGE, T::Via("grant_id", ASSET, asset_of)), "Approve a request (If-Match)", takes r::Reason, gives r::GrantView, if_match = true;
        POST "/grants/{grant_id}/reject" => decide::<REJECT>, Permit(A::ASSET_MANAGE, T::Via("grant_id", ASSET, asset_of)), "Reject a request (If-Match)", takes r::Reason, gives r::GrantView, if_match = true;
        POST "/grants/{grant_id}/withdraw" => decide::<WITHDRAW>, Permit(A::SELF_MANAGE, T::Caller), "Withdraw my own pending request (If-Match)", takes r::Reason, gives r::GrantView, if_match = true;
        POST "/grants/{grant_id}/revoke" => decide::<REVOKE>, Permit(A::ASSET_MANAGE, T::Via("grant_id", ASSET, asset_of)), "Revoke a grant (If-Match)", takes r::Reason, gives r::GrantView, if_match = true;
    }
}
