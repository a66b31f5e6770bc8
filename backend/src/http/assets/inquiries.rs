//! Requests for access by description (§6(5)): someone who cannot name an asset (they may not see
//! it) says what they need and which department they think holds it; its managers link the request
//! to an asset, which makes the grant, or decline it. Nothing tells the requester whether a hidden
//! asset exists until a grant is made.

use axum::extract::State;
use axum::response::Response;
use axum::Json;
use mamori_shared::api::assets::{InquiryLink, InquiryView, NewInquiry, Reason};
use uuid::Uuid;

use crate::authz::organisation::DEPARTMENT;
use crate::authz::{Action, Resource, World};
use crate::clock::today;
use crate::commands::{Commit, Executed};
use crate::domain::assets::{
    AssetError, Grant, GrantCommand, Inquiry, InquiryCommand, InquiryStatus,
};
use crate::domain::organisation::{OrganisationError, Person};
use crate::http::as_of::AsOf;
use crate::http::error::ApiError;
use crate::http::extract::{date_field, Caller, Change, JsonBody};
use crate::http::respond::{self, Shown};
use crate::http::routes::{api_routes, Access, ApiRoute, Target};
use crate::http::AppState;
use crate::projections::register::InquiryEntry;

pub async fn make(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<NewInquiry>,
) -> Result<Response, ApiError> {
    let until = date_field(&body.until, "until")?;
    if !state
        .projections
        .directory
        .read()
        .departments
        .contains_key(&body.department_id)
    {
        return Err(OrganisationError::UnknownDepartment.into());
    }
    let id = Uuid::now_v7();
    let command = InquiryCommand::Make {
        inquiry_id: id,
        person_id: caller.principal_id,
        department_id: body.department_id,
        description: body.description,
        access: body.access,
        reason: body.reason,
        until,
        today: today(),
    };
    respond::create::<Inquiry>(&state, &caller, id, command).await
}

/// The manager names the asset: the inquiry is linked and the grant requested and approved on it,
/// in one commit (by the manager, for the one who asked).
pub async fn link(change: Change<InquiryLink>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
    let (entry, requester_version) = {
        let snapshot = state.projections.snapshot();
        let world = snapshot.world();
        // The asset must be one the manager manages; one they may not see is not found.
        if !state.authz.is_allowed(
            world,
            caller.principal_id,
            Action::ASSET_MANAGE,
            Resource::asset(body.asset_id),
            today(),
        ) {
            return Err(ApiError::invalid(
                "asset_id",
                "no asset you manage has this id",
                "管理している情報資産にこの ID のものはありません",
            ));
        }
        let entry = world
            .register
            .inquiries
            .get(&id)
            .cloned()
            .ok_or(ApiError::NotFound)?;
        let requester = world
            .directory
            .people
            .get(&entry.person_id)
            .filter(|p| p.active)
            .map(|p| p.version)
            .ok_or(OrganisationError::Deactivated)?;
        (entry, requester)
    };
    let grant_id = Uuid::now_v7();
    let mut commit = Commit::new(caller.metadata());
    let command = InquiryCommand::Link {
        inquiry_id: id,
        asset_id: body.asset_id,
        grant_id,
        by: caller.principal_id,
    };
    commit
        .decide::<Inquiry>(&state.store, &id, Some(version), command)
        .await?;
    let grant = [
        GrantCommand::Request {
            grant_id,
            asset_id: body.asset_id,
            person_id: entry.person_id,
            access: entry.access,
            reason: entry.reason.clone(),
            until: entry.until,
            today: today(),
        },
        GrantCommand::Approve {
            grant_id,
            by: caller.principal_id,
            reason: entry.description.chars().take(500).collect(),
        },
    ];
    commit
        .decide_each::<Grant>(&state.store, &grant_id, None, grant)
        .await?;
    // The requester as the decision saw them: a deactivation meanwhile makes this conflict.
    commit.require::<Person>(&entry.person_id, requester_version);
    let done = commit.commit::<AssetError>(&state.store).await?;
    respond::answer::<Inquiry>(&state, &caller, id, Executed::last_position(&done)).await
}

pub async fn decline(change: Change<Reason>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
    let command = InquiryCommand::Decline {
        inquiry_id: id,
        by: caller.principal_id,
        reason: body.reason,
    };
    respond::command::<Inquiry>(&state, &caller, id, Some(version), command).await
}

pub async fn withdraw(change: Change<Reason>) -> Result<Response, ApiError> {
    let (state, caller, id, version, _) = change.parts();
    let command = InquiryCommand::Withdraw {
        inquiry_id: id,
        by: caller.principal_id,
    };
    respond::command::<Inquiry>(&state, &caller, id, Some(version), command).await
}

/// My own requests by description, newest first.
pub async fn mine(
    State(state): State<AppState>,
    caller: Caller,
    as_of: AsOf,
) -> Json<Vec<InquiryView>> {
    let seen = as_of.read(&state);
    let world = seen.world();
    listed(&state, &caller, world, |i| {
        i.person_id == caller.principal_id
    })
}

/// Open requests by description I may answer (made to departments I manage), oldest first.
pub async fn inbox(
    State(state): State<AppState>,
    caller: Caller,
    as_of: AsOf,
) -> Json<Vec<InquiryView>> {
    let seen = as_of.read(&state);
    let world = seen.world();
    let day = today();
    let mut list = listed(&state, &caller, world, |i| {
        i.status == InquiryStatus::Open
            && state.authz.is_allowed(
                world,
                caller.principal_id,
                Action::INQUIRIES_ANSWER,
                Resource::department(i.department_id),
                day,
            )
    });
    // Nobody answers their own (the domain refuses it): not in their inbox.
    list.0.retain(|i| {
        i.allowed
            .as_ref()
            .is_some_and(|a| a.iter().any(|a| a == "link"))
    });
    list.0.reverse();
    list
}

fn listed(
    state: &AppState,
    caller: &Caller,
    world: World<'_>,
    keep: impl Fn(&InquiryEntry) -> bool,
) -> Json<Vec<InquiryView>> {
    let mut entries: Vec<&InquiryEntry> = world
        .register
        .inquiries
        .values()
        .filter(|i| keep(i))
        .collect();
    entries.sort_by_key(|i| std::cmp::Reverse((i.asked_at, i.id)));
    Json(
        entries
            .into_iter()
            .filter_map(|i| Inquiry::show(state, caller, world, i.id).map(|(view, _)| view))
            .collect(),
    )
}

/// The department an inquiry is made to (the route target of its answers).
fn department_of(world: World<'_>, inquiry: Uuid) -> Option<Uuid> {
    world
        .register
        .inquiries
        .get(&inquiry)
        .map(|i| i.department_id)
}

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::assets as r;
    use Access::Permit;
    use Action as A;
    use Target as T;
    api_routes! {
        POST "/inquiries" => make, Permit(A::ASSETS_INQUIRE, T::Organisation), "Ask for access by describing what is needed and naming the department thought to hold it", takes r::NewInquiry, gives r::InquiryView, status 201;
        GET "/inquiries/mine" => mine, Permit(A::SELF_VIEW, T::Caller), "My requests by description", gives Vec<r::InquiryView>, as_of = true;
        GET "/inquiries/inbox" => inbox, Permit(A::SELF_VIEW, T::Caller), "Requests by description waiting for my answer", gives Vec<r::InquiryView>, as_of = true;
        GET "/inquiries/{inquiry_id}" => respond::get::<Inquiry>, Permit(A::SELF_VIEW, T::Caller), "One request by description (to the one who asked and those who may read the department's)", gives r::InquiryView, as_of = true;
        POST "/inquiries/{inquiry_id}/link" => link, Permit(A::INQUIRIES_ANSWER, T::Via("inquiry_id", DEPARTMENT, department_of)), "Link a request by description to an asset I manage, which grants the access asked for (If-Match)", takes r::InquiryLink, gives r::InquiryView, if_match = true;
        POST "/inquiries/{inquiry_id}/decline" => decline, Permit(A::INQUIRIES_ANSWER, T::Via("inquiry_id", DEPARTMENT, department_of)), "Decline a request by description (If-Match)", takes r::Reason, gives r::InquiryView, if_match = true;
        POST "/inquiries/{inquiry_id}/withdraw" => withdraw, Permit(A::SELF_MANAGE, T::Caller), "Withdraw my own request by description (If-Match)", takes r::Reason, gives r::InquiryView, if_match = true;
    }
}
