//! A client system's webhook subscriptions and their delivery log, with replay.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use mamori_shared::api::integration::{CreatedSubscription, DeliveryView, NewSubscription};
use mamori_shared::api::page::Page;
use mamori_shared::events::integration::{SubscriptionCreated, SubscriptionDisabled};
use serde::Deserialize;
use uuid::Uuid;

use super::views::subscription_view;
use crate::authz::Action;
use crate::clock::{now_micros, rfc3339};
use crate::commands::execute;
use crate::domain::integration::{Client, ClientCommand};
use crate::http::error::ApiError;
use crate::http::extract::{path_uuid, Caller, Change, IfMatch, JsonBody, QueryParams};
use crate::http::list::ListParams;
use crate::http::respond;
use crate::http::routes::{api_routes, Access, ApiRoute, Target};
use crate::http::AppState;
use crate::webhooks::{outbox, signature, target};

/// Subscribes a URL: checked (its form, and where it resolves to) before anything is written; the
/// secret is kept outside the log, then the subscription is an event. Answers the secret once.
pub async fn subscribe(change: Change<NewSubscription>) -> Result<Response, ApiError> {
    let (state, caller, id, version, body) = change.parts();
    let refused = |error: target::TargetError| {
        ApiError::invalid(
            "url",
            &error.to_string(),
            "http:// または https:// の URL で、公開アドレスを指すものにしてください",
        )
    };
    let url = target::parse(&body.url).map_err(refused)?;
    target::resolve(&url, state.settings.webhooks_allow_private)
        .await
        .map_err(refused)?;
    let subscription_id = Uuid::now_v7();
    let secret = signature::new_secret();
    // A secret whose subscription was not written (a refused command) is never used.
    outbox::save_secret(state.store.database(), subscription_id, &secret).await?;
    let command = ClientCommand::Subscribe(SubscriptionCreated {
        client_id: id,
        subscription_id,
        url: url.to_string(),
        event_types: body
            .event_types
            .iter()
            .map(|t| t.trim().to_owned())
            .collect(),
        from_position: state.store.head(),
    });
    let done =
        execute::<Client>(&state.store, &id, Some(version), command, caller.metadata()).await?;
    state.settle(done.position()).await?;
    let created = {
        let integration = state.projections.integration.read();
        let client = integration.clients.get(&id).ok_or(ApiError::NotFound)?;
        let subscription = client
            .subscriptions
            .iter()
            .find(|s| s.id == subscription_id)
            .map(subscription_view)
            .ok_or_else(|| ApiError::internal("a subscription is not in the read model"))?;
        CreatedSubscription {
            secret,
            subscription,
            client_version: client.version,
        }
    };
    Ok(respond::shown_once(created))
}

/// Turns a subscription off, by a person: nothing more is derived for it.
pub async fn unsubscribe(
    State(state): State<AppState>,
    caller: Caller,
    Path((client, subscription)): Path<(String, String)>,
    IfMatch(version): IfMatch,
) -> Result<Response, ApiError> {
    let (client_id, subscription_id) = (path_uuid(&client)?, path_uuid(&subscription)?);
    let command = ClientCommand::Unsubscribe(SubscriptionDisabled {
        client_id,
        subscription_id,
        reason: "by_person".into(),
    });
    let response =
        respond::command::<Client>(&state, &caller, client_id, Some(version), command).await?;
    outbox::cancel_pending(state.store.database(), subscription_id).await?;
    Ok(response)
}

fn delivery_view(d: outbox::Delivery) -> DeliveryView {
    DeliveryView {
        subscription_id: Uuid::parse_str(&d.subscription_id).unwrap_or_default(),
        event_id: Uuid::parse_str(&d.event_id).unwrap_or_default(),
        event_type: d.event_type,
        position: u64::try_from(d.position).unwrap_or_default(),
        status: d.status,
        attempts: u32::try_from(d.attempts).unwrap_or_default(),
        last_status: d.last_status.and_then(|s| u16::try_from(s).ok()),
        last_error: d.last_error,
        next_attempt_at: d.next_attempt_at.map(rfc3339),
        delivered_at: d.delivered_at.map(rfc3339),
        id: d.id,
    }
}

fn known_client(state: &AppState, id: Uuid) -> Result<(), ApiError> {
    if state
        .projections
        .integration
        .read()
        .clients
        .contains_key(&id)
    {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// The delivery log of a client system, newest first.
pub async fn deliveries(
    State(state): State<AppState>,
    caller: Caller,
    Path(client): Path<String>,
    QueryParams(params): QueryParams<ListParams>,
) -> Result<Json<Page<DeliveryView>>, ApiError> {
    let client = path_uuid(&client)?;
    known_client(&state, client)?;
    let limit = params.limit()?;
    let offset = params.offset.unwrap_or(0);
    let (rows, total) = outbox::of_client(state.store.database(), client, offset, limit).await?;
    let page = Page {
        items: rows.into_iter().map(delivery_view).collect(),
        total,
        offset,
        limit,
        allowed: Vec::new(),
    };
    let snapshot = state.projections.snapshot();
    respond::listed(
        &state,
        &caller,
        snapshot.world(),
        page,
        &[Action::CLIENTS_MANAGE],
    )
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Replay {}

/// Sends a delivery again, with the same `webhook-id`: due now.
pub async fn replay(
    State(state): State<AppState>,
    Path((client, delivery)): Path<(String, String)>,
    JsonBody(Replay {}): JsonBody<Replay>,
) -> Result<Json<DeliveryView>, ApiError> {
    let client = path_uuid(&client)?;
    let db = state.store.database();
    if !outbox::replay(db, client, &delivery, now_micros()).await? {
        return Err(ApiError::NotFound);
    }
    let row = outbox::one(db, client, &delivery)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(delivery_view(row)))
}

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::integration as r;
    use Access::Permit;
    use Action as A;
    use Target as T;
    api_routes! {
        POST "/clients/{client_id}/subscriptions" => subscribe, Permit(A::CLIENTS_MANAGE, T::Organisation), "Subscribe a URL of the client to event types (If-Match: the client's version): the events it may read are delivered from now on, signed with the secret in this answer only (Standard Webhooks)", takes r::NewSubscription, gives r::CreatedSubscription, status 201, if_match = true;
        DELETE "/clients/{client_id}/subscriptions/{subscription_id}" => unsubscribe, Permit(A::CLIENTS_MANAGE, T::Organisation), "Turn a subscription off (If-Match): nothing more is delivered to it", gives r::ClientView, if_match = true;
        GET "/clients/{client_id}/deliveries" => deliveries, Permit(A::CLIENTS_VIEW, T::Organisation), "The client's webhook deliveries, newest first (?offset=, ?limit=)", gives Page<r::DeliveryView>, query crate::http::list::ListParams, filters ["offset", "limit"];
        POST "/clients/{client_id}/deliveries/{delivery_id}/replay" => replay, Permit(A::CLIENTS_MANAGE, T::Organisation), "Deliver again, with the same webhook-id, now", takes Replay, gives r::DeliveryView;
    }
}
