//! The one way the API answers with a resource: its view as the caller may see it, with its version
//! as the `ETag`; after a command, once the caller's own write shows (202 if it does not in time),
//! with `201` and `Location` for a creation. Errors answer as problem+json through [`ApiError`].

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use mamori_shared::api::page::Page;
use serde::Serialize;
use uuid::Uuid;

use axum::extract::{Path, State};

use super::as_of::AsOf;
use super::error::ApiError;
use super::extract::{path_uuid, Caller};
use super::AppState;
use crate::authz::{Action, Resource, World};
use crate::clock::today;
use crate::codec::DomainEvent;
use crate::commands::{execute, CommandError};
use crate::domain::Aggregate;

/// A resource the API shows: each area implements it for its aggregates (in `http/<area>/views.rs`).
pub trait Shown {
    type View: Serialize;

    /// Where one lives, for a creation's `Location` (`None`: it has no address of its own).
    fn location(id: Uuid) -> Option<String>;

    /// The resource as `caller` may see it, with the actions Cedar permits them on it, and its
    /// version; `None` if the read models hold no such one.
    fn show(
        state: &AppState,
        caller: &Caller,
        world: World<'_>,
        id: Uuid,
    ) -> Option<(Self::View, u64)>;
}

/// `GET` of one resource, by the id in its path: the handler every area's detail route uses.
/// Answers `?as_of=` with the resource as it stood then.
pub async fn get<S: Shown>(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    as_of: AsOf,
) -> Result<Response, ApiError> {
    shown::<S>(&state, &caller, &as_of, path_uuid(&id)?)
}

/// The resource `id` as it stands: 200 with its `ETag`, or 404.
pub fn current<S: Shown>(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
) -> Result<Response, ApiError> {
    shown::<S>(state, caller, &AsOf::default(), id)
}

fn shown<S: Shown>(
    state: &AppState,
    caller: &Caller,
    as_of: &AsOf,
    id: Uuid,
) -> Result<Response, ApiError> {
    let seen = as_of.read(state);
    let (body, version) = S::show(state, caller, seen.world(), id).ok_or(ApiError::NotFound)?;
    Ok(versioned(body, version))
}

/// Waits until the caller's own write (`written`, the last position it appended) shows, then
/// answers with the resource `id` as [`current`] does.
pub async fn answer<S: Shown>(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    written: Option<u64>,
) -> Result<Response, ApiError> {
    state.settle(written).await?;
    current::<S>(state, caller, id)
}

/// Decides `command` on the instance `id` of `A` (at `if_match`, the version the caller last saw,
/// when it sent one), appends, and answers with the resource.
pub async fn command<A>(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    if_match: Option<u64>,
    command: A::Command,
) -> Result<Response, ApiError>
where
    A: Aggregate<Key = Uuid> + Shown,
    A::Event: DomainEvent,
    ApiError: From<CommandError<A::Error>>,
{
    let done = execute::<A>(&state.store, &id, if_match, command, caller.metadata()).await?;
    answer::<A>(state, caller, id, done.position()).await
}

/// As [`command`], for the command that creates `id`: 201, with its `Location`.
pub async fn create<A>(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    creation: A::Command,
) -> Result<Response, ApiError>
where
    A: Aggregate<Key = Uuid> + Shown,
    A::Event: DomainEvent,
    ApiError: From<CommandError<A::Error>>,
{
    let response = command::<A>(state, caller, id, None, creation).await?;
    Ok(created::<A>(response, id))
}

/// A creation's answer: 201, and where the new resource is when it has an address of its own.
pub fn created<S: Shown>(mut response: Response, id: Uuid) -> Response {
    *response.status_mut() = StatusCode::CREATED;
    if let Some(Ok(location)) = S::location(id).map(|l| HeaderValue::from_str(&l)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// A page of a list, with the actions of `offered` that Cedar permits the caller on the
/// organisation (what the list's screen may offer, e.g. adding to it). Decided on `world`, the
/// read models the handler already holds (a second read lock could wait behind a writer forever).
pub fn listed<T: Serialize>(
    state: &AppState,
    caller: &Caller,
    world: World<'_>,
    mut page: Page<T>,
    offered: &[Action],
) -> Result<Json<Page<T>>, ApiError> {
    page.allowed = state.authz.permitted(
        world,
        caller.principal_id,
        Resource::organisation(),
        offered,
        today(),
    );
    Ok(Json(page))
}

/// A creation whose answer holds a secret shown this once (a token's value, a webhook's secret):
/// 201, and no cache may keep it.
pub fn shown_once<T: Serialize>(body: T) -> Response {
    let mut response = (StatusCode::CREATED, Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A JSON body with its version as the ETag, for the client's next `If-Match`.
pub fn versioned<T: Serialize>(body: T, version: u64) -> Response {
    let mut response = Json(body).into_response();
    if let Ok(etag) = HeaderValue::from_str(&format!("\"{version}\"")) {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response
}
