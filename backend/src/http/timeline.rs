//! The one way an entity's history is shown: the events of its streams, oldest first, each with who
//! did it, when, why, from where and under which trace — naming the actor, and every person and
//! department the event refers to, as they were named at that event ([`Names`]).

use std::collections::BTreeMap;
use std::pin::pin;

use futures::StreamExt;
use mamori_shared::api::timeline::HistoryEntry;
use serde_json::Value;
use uuid::Uuid;

use axum::extract::{Path, State};
use axum::Json;

use super::error::ApiError;
use super::extract::path_uuid;
use super::AppState;
use crate::clock::rfc3339;
use crate::commands::stream;
use crate::domain::Aggregate;
use crate::projections::names::Names;
use crate::store::{RecordedEvent, StreamId};

/// `GET` of the timeline of one resource, the stream of its aggregate `A` (by the id in its path):
/// the handler every area's history route uses when a resource is one stream.
pub async fn history<A: Aggregate<Key = Uuid>>(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<HistoryEntry>>, ApiError> {
    let stream = stream::<A>(&path_uuid(&id)?);
    Ok(Json(of_streams(&state, &[stream]).await?))
}

/// The timeline of `streams`, merged in log order.
pub async fn of_streams(
    state: &AppState,
    streams: &[StreamId],
) -> Result<Vec<HistoryEntry>, ApiError> {
    let mut events = Vec::new();
    for stream in streams {
        let mut read = pin!(state.store.read_stream(stream, 0));
        while let Some(event) = read.next().await {
            events.push(event.map_err(ApiError::internal)?);
        }
    }
    events.sort_by_key(|e| e.position);
    let models = state.projections.read();
    Ok(events
        .into_iter()
        .map(|event| entry(&models.names, event))
        .collect())
}

/// One event as a step of a timeline, naming people and departments as `names` had them then.
pub(crate) fn entry(names: &Names, event: RecordedEvent) -> HistoryEntry {
    let position = event.position;
    let actor_name = event
        .metadata
        .actor
        .as_deref()
        .and_then(|a| Uuid::parse_str(a).ok())
        .and_then(|a| names.at(a, position))
        .map(str::to_owned);
    let mut named = BTreeMap::new();
    ids_in(&event.payload, &mut |id| {
        if let Some(name) = names.at(id, position) {
            named.insert(id.to_string(), name.to_owned());
        }
    });
    HistoryEntry {
        position,
        stream_id: event.stream_id.to_string(),
        recorded_at: rfc3339((event.recorded_at.unix_timestamp_nanos() / 1_000) as i64),
        actor_id: event.metadata.actor.clone(),
        actor_name,
        reason: event
            .payload
            .get("reason")
            .and_then(Value::as_str)
            .filter(|r| !r.is_empty())
            .map(str::to_owned),
        source: serde_json::to_value(event.metadata.source)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        trace_id: event.metadata.trace_id.clone(),
        event_type: event.event_type,
        data: event.payload,
        names: named,
        hash: event.hash.to_hex(),
    }
}

/// Every UUID among the string values of `value`, however deep.
fn ids_in(value: &Value, found: &mut impl FnMut(Uuid)) {
    match value {
        Value::String(text) => {
            if let Ok(id) = Uuid::parse_str(text) {
                found(id);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| ids_in(v, found)),
        Value::Object(map) => map.values().for_each(|v| ids_in(v, found)),
        _ => {}
    }
}
