//! Access grants (§6(5)): request, approve, reject, revoke; my requests; my approvals inbox.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use mamori_shared::api::assets::{GrantRequest, GrantView, Reason};
use mamori_shared::events::security::SelfApprovalRefused;
use uuid::Uuid;

use super::error::ApiError;
use super::extract::{date_field, path_uuid, Caller, IfMatch, JsonBody};
use super::{views, AppState};
use crate::auth::security_log;
use crate::authz::{Action, Resource};
use crate::clock::today;
use crate::commands::assets::grant_stream;
use crate::commands::organisation::person_stream;
use crate::commands::{execute, CommandError, Commit, Executed};
use crate::domain::assets::{AssetError, Grant, GrantCommand, GrantStatus};

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
        person_id: caller.person_id,
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
        .get(&caller.person_id)
        .map(|p| p.version)
        .ok_or(ApiError::Unauthenticated)?;
    let mut commit = Commit::new(caller.metadata());
    commit
        .decide::<Grant>(&state.store, &grant_stream(id), None, command)
        .await?;
    commit.require(person_stream(caller.person_id), person_version);
    let done = commit.commit::<AssetError>(&state.store).await?;
    let response = respond(&state, &caller, id, Executed::last_position(&done)).await?;
    Ok(views::created(response, None))
}

pub async fn approve(
    state: State<AppState>,
    caller: Caller,
    path: Path<String>,
    if_match: IfMatch,
    body: JsonBody<Reason>,
) -> Result<Response, ApiError> {
    decide(state, caller, path, if_match, body, Decision::Approve).await
}

pub async fn reject(
    state: State<AppState>,
    caller: Caller,
    path: Path<String>,
    if_match: IfMatch,
    body: JsonBody<Reason>,
) -> Result<Response, ApiError> {
    decide(state, caller, path, if_match, body, Decision::Reject).await
}

pub async fn revoke(
    state: State<AppState>,
    caller: Caller,
    path: Path<String>,
    if_match: IfMatch,
    body: JsonBody<Reason>,
) -> Result<Response, ApiError> {
    decide(state, caller, path, if_match, body, Decision::Revoke).await
}

enum Decision {
    Approve,
    Reject,
    Revoke,
}

async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    JsonBody(body): JsonBody<Reason>,
    decision: Decision,
) -> Result<Response, ApiError> {
    let grant_id = path_uuid(&id)?;
    let by = caller.person_id;
    let reason = body.reason;
    let command = match decision {
        Decision::Approve => GrantCommand::Approve {
            grant_id,
            by,
            reason,
        },
        Decision::Reject => GrantCommand::Reject {
            grant_id,
            by,
            reason,
        },
        Decision::Revoke => GrantCommand::Revoke { grant_id, reason },
    };
    let done = match execute::<Grant>(
        &state.store,
        &grant_stream(grant_id),
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
    respond(&state, &caller, grant_id, done.position()).await
}

/// My own requests and grants, newest first.
pub async fn mine(State(state): State<AppState>, caller: Caller) -> Json<Vec<GrantView>> {
    let snapshot = state.projections.snapshot();
    let mut grants: Vec<_> = snapshot
        .register
        .grants
        .values()
        .filter(|g| g.person_id == caller.person_id)
        .collect();
    grants.sort_by_key(|g| std::cmp::Reverse(g.requested_at));
    Json(
        grants
            .into_iter()
            .map(|g| for_caller(&state, snapshot.world(), &caller, g))
            .collect(),
    )
}

/// Pending requests I may decide (on assets I manage), oldest first. My own requests are not in it.
pub async fn inbox(State(state): State<AppState>, caller: Caller) -> Json<Vec<GrantView>> {
    let snapshot = state.projections.snapshot();
    let day = today();
    let mut grants: Vec<_> = snapshot
        .register
        .grants
        .values()
        .filter(|g| g.status == GrantStatus::Pending && g.person_id != caller.person_id)
        .filter(|g| {
            state.authz.is_allowed(
                snapshot.world(),
                caller.person_id,
                Action::AssetManage,
                Resource::Asset(g.asset_id),
                day,
            )
        })
        .collect();
    grants.sort_by_key(|a| a.requested_at);
    Json(
        grants
            .into_iter()
            .map(|g| views::grant(snapshot.world(), g))
            .collect(),
    )
}

/// The grants of one asset (for those who manage it).
pub async fn of_asset(
    State(state): State<AppState>,
    Path(asset): Path<String>,
) -> Result<Json<Vec<GrantView>>, ApiError> {
    let asset_id = path_uuid(&asset)?;
    let snapshot = state.projections.snapshot();
    let mut grants: Vec<_> = snapshot
        .register
        .grants
        .values()
        .filter(|g| g.asset_id == asset_id)
        .collect();
    grants.sort_by_key(|g| std::cmp::Reverse(g.requested_at));
    Ok(Json(
        grants
            .into_iter()
            .map(|g| views::grant(snapshot.world(), g))
            .collect(),
    ))
}

async fn respond(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    position: Option<u64>,
) -> Result<Response, ApiError> {
    views::answer(state, position, |models| {
        let entry = models.register.grants.get(&id)?;
        Some((
            for_caller(state, models.world(), caller, entry),
            entry.version,
        ))
    })
    .await
}

/// A grant as `caller` may see it: the asset's name only if they may see the asset (a request
/// for a hidden asset must not reveal what it is).
fn for_caller(
    state: &AppState,
    world: crate::authz::World<'_>,
    caller: &Caller,
    entry: &crate::projections::register::GrantEntry,
) -> GrantView {
    let mut view = views::grant(world, entry);
    let may_see = state.authz.is_allowed(
        world,
        caller.person_id,
        Action::AssetView,
        Resource::Asset(entry.asset_id),
        today(),
    );
    if !may_see {
        view.asset_name = String::new();
    }
    view
}
