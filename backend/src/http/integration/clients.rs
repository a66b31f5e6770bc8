//! Client systems (連携システム) and their tokens: registered, changed, issued, rotated and
//! revoked by the CISO and the 統括, every step an event. A token's value is made here, answered
//! once, and never stored: the log keeps its SHA-256 and its first characters.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use mamori_shared::api::integration::{ClientBody, ClientView, IssuedToken, NewToken, Rotation};
use mamori_shared::api::page::Page;
use mamori_shared::events::integration::{ClientChanged, ClientRegistered, TokenIssued};
use time::OffsetDateTime;
use uuid::Uuid;

use super::views::client_view;
use crate::auth::api_tokens;
use crate::authz::{Action, Resource};
use crate::clock::today;
use crate::commands::execute;
use crate::domain::integration::{Client, ClientCommand, MAX_TOKEN_LIFETIME};
use crate::http::error::ApiError;
use crate::http::extract::{path_uuid, Caller, Change, IfMatch, JsonBody, QueryParams};
use crate::http::list::ListParams;
use crate::http::respond;
use crate::http::routes::{api_routes, Access, ApiRoute, Target};
use crate::http::AppState;

/// Every client system, by name.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<ListParams>,
) -> Result<Json<Page<ClientView>>, ApiError> {
    let snapshot = state.projections.snapshot();
    let world = snapshot.world();
    let allowed = state.authz.permitted(
        world,
        caller.principal_id,
        Resource::organisation(),
        &[Action::CLIENTS_MANAGE],
        today(),
    );
    let mut clients: Vec<_> = world
        .integration
        .clients
        .values()
        .filter(|c| params.matches_text(&[&c.name, &c.organisation]))
        .collect();
    clients.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    let items = clients
        .into_iter()
        .map(|c| client_view(&state, c, allowed.clone()))
        .collect();
    let page = params.page(items)?;
    respond::listed(&state, &caller, world, page, &[Action::CLIENTS_MANAGE])
}

/// One client, with its tokens' last use as every instance recorded it.
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = path_uuid(&id)?;
    let tokens: Vec<Uuid> = {
        let integration = state.projections.integration.read();
        let client = integration.clients.get(&id).ok_or(ApiError::NotFound)?;
        client.tokens.iter().map(|t| t.id).collect()
    };
    state
        .token_uses
        .refresh(state.store.database(), &tokens)
        .await?;
    respond::current::<Client>(&state, &caller, id)
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<ClientBody>,
) -> Result<Response, ApiError> {
    let id = Uuid::now_v7();
    let command = ClientCommand::Register(ClientRegistered {
        client_id: id,
        name: body.name,
        organisation: body.organisation,
        contact: body.contact,
        scopes: body.scopes,
    });
    respond::create::<Client>(&state, &caller, id, command).await
}

pub async fn change(change: Change<ClientBody>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
    let command = ClientCommand::Change(ClientChanged {
        client_id: id,
        name: body.name,
        organisation: body.organisation,
        contact: body.contact,
        scopes: body.scopes,
    });
    respond::command::<Client>(&state, &caller, id, Some(version), command).await
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// Issues a token (in place of `replaces`, for a rotation) and answers its value, this once.
async fn issue_token(
    state: &AppState,
    caller: &Caller,
    client_id: Uuid,
    version: u64,
    label: String,
    expires_at: String,
    replaces: Option<Uuid>,
) -> Result<Response, ApiError> {
    let made = api_tokens::new_value();
    let token_id = Uuid::now_v7();
    let command = ClientCommand::Issue {
        token: TokenIssued {
            client_id,
            token_id,
            label,
            prefix: made.prefix,
            sha256: made.sha256,
            expires_at,
            replaces,
        },
        now: now(),
    };
    let done = execute::<Client>(
        &state.store,
        &client_id,
        Some(version),
        command,
        caller.metadata(),
    )
    .await?;
    state.settle(done.position()).await?;
    let (view, client_version) = {
        let snapshot = state.projections.snapshot();
        let world = snapshot.world();
        let client = world
            .integration
            .clients
            .get(&client_id)
            .ok_or(ApiError::NotFound)?;
        let view = client_view(state, client, Vec::new());
        (view, client.version)
    };
    let token = view
        .tokens
        .into_iter()
        .find(|t| t.id == token_id)
        .ok_or_else(|| ApiError::internal("an issued token is not in the read model"))?;
    Ok(respond::shown_once(IssuedToken {
        value: made.value,
        token,
        client_version,
    }))
}

pub async fn issue(change: Change<NewToken>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
    issue_token(
        &state,
        &caller,
        id,
        version,
        body.label,
        body.expires_at,
        None,
    )
    .await
}

/// A new token in place of an active one, which is revoked in the same commit: its label and its
/// lifetime unless given.
pub async fn rotate(
    Path((_, token)): Path<(String, String)>,
    change: Change<Rotation>,
) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
    let token_id = path_uuid(&token)?;
    let (label, lifetime) = {
        let integration = state.projections.integration.read();
        let old = integration
            .clients
            .get(&id)
            .and_then(|c| c.tokens.iter().find(|t| t.id == token_id))
            .ok_or(ApiError::NotFound)?;
        (old.label.clone(), old.expires_at - old.issued_at)
    };
    let expires_at = match body.expires_at {
        Some(at) => at,
        None => {
            let lifetime = time::Duration::microseconds(lifetime).min(MAX_TOKEN_LIFETIME);
            (now() + lifetime)
                .format(&time::format_description::well_known::Rfc3339)
                .map_err(ApiError::internal)?
        }
    };
    issue_token(
        &state,
        &caller,
        id,
        version,
        body.label.unwrap_or(label),
        expires_at,
        Some(token_id),
    )
    .await
}

/// Revokes a token: refused from the next request on.
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path((client, token)): Path<(String, String)>,
    IfMatch(version): IfMatch,
) -> Result<Response, ApiError> {
    let (client_id, token_id) = (path_uuid(&client)?, path_uuid(&token)?);
    let command = ClientCommand::Revoke {
        client_id,
        token_id,
        now: now(),
    };
    respond::command::<Client>(&state, &caller, client_id, Some(version), command).await
}

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::integration as r;
    use Access::Permit;
    use Action as A;
    use Target as T;
    api_routes! {
        GET "/clients" => list, Permit(A::CLIENTS_VIEW, T::Organisation), "The client systems (連携システム) by name (?q= in the name or organisation), with their tokens (never a value) and subscriptions", gives Page<r::ClientView>, query crate::http::list::ListParams, filters ["offset", "limit", "q"];
        POST "/clients" => create, Permit(A::CLIENTS_MANAGE, T::Organisation), "Register a client system with the scopes its tokens may use", takes r::ClientBody, gives r::ClientView, status 201;
        GET "/clients/{client_id}" => get, Permit(A::CLIENTS_VIEW, T::Organisation), "A client system, its tokens with their last use, and its subscriptions", gives r::ClientView;
        PUT "/clients/{client_id}" => change, Permit(A::CLIENTS_MANAGE, T::Organisation), "Change a client system's name, organisation, contact and scopes (If-Match); its tokens keep working under the new scopes", takes r::ClientBody, gives r::ClientView, if_match = true;
        POST "/clients/{client_id}/tokens" => issue, Permit(A::CLIENTS_MANAGE, T::Organisation), "Issue a token (If-Match: the client's version): its value is in this answer only", takes r::NewToken, gives r::IssuedToken, status 201, if_match = true;
        POST "/clients/{client_id}/tokens/{token_id}/rotate" => rotate, Permit(A::CLIENTS_MANAGE, T::Organisation), "A new token in place of an active one, which is revoked in the same commit (If-Match)", takes r::Rotation, gives r::IssuedToken, status 201, if_match = true;
        DELETE "/clients/{client_id}/tokens/{token_id}" => revoke, Permit(A::CLIENTS_MANAGE, T::Organisation), "Revoke a token (If-Match): refused from the next request on", gives r::ClientView, if_match = true;
    }
}
