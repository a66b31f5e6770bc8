//! A search of the log for the auditor's workspace: events by actor, time, type and stream, in log
//! order, limited by Cedar to the streams the caller may read, and bounded: one page scans at most
//! [`SCAN`] events, so that no request walks a long log whole.

use std::collections::HashMap;
use std::pin::pin;

use axum::extract::State;
use axum::Json;
use futures::StreamExt;
use mamori_shared::api::transparency::LogSearch;
use serde::Deserialize;
use uuid::Uuid;

use crate::clock::today;
use crate::http::error::ApiError;
use crate::http::extract::{Caller, QueryParams};
use crate::http::timeline;
use crate::http::AppState;

/// Events one page looks at, at most.
pub const SCAN: u64 = 10_000;
pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 200;

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    /// Continue after this position (the previous page's `next`).
    #[serde(default)]
    pub after: Option<u64>,
    /// Items per page, 1 to 200 (50).
    #[serde(default)]
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<usize>,
    /// Only events by this person (their id).
    #[serde(default)]
    pub actor: Option<Uuid>,
    /// Only events of this type (`assets.asset_classified`).
    #[serde(default, rename = "type")]
    pub event_type: Option<String>,
    /// Only events of this stream (`asset-<id>`).
    #[serde(default)]
    pub stream: Option<String>,
    /// Only events recorded at or after this moment (RFC 3339).
    #[serde(default)]
    #[schemars(extend("format" = "date-time"))]
    pub from: Option<String>,
    /// Only events recorded at or before this moment (RFC 3339).
    #[serde(default)]
    #[schemars(extend("format" = "date-time"))]
    pub until: Option<String>,
}

pub async fn search(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<SearchParams>,
) -> Result<Json<LogSearch>, ApiError> {
    let limit = params.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::BadRequest {
            detail: format!("limit is 1 to {MAX_LIMIT}"),
            field: Some("limit".into()),
        });
    }
    let from = super::log::moment("from", params.from.as_deref())?;
    let until = super::log::moment("until", params.until.as_deref())?;
    let head = state.store.head();
    // A time range narrows the positions to look at (the log is in time order).
    let mut after = params.after.unwrap_or(0);
    if let Some(from) = from {
        after = after.max(state.store.position_at(from - 1).await?);
    }
    let end = match until {
        Some(until) => state.store.position_at(until).await?.min(head),
        None => head,
    };
    let stop = end.min(after.saturating_add(SCAN));
    let actor = params.actor.map(|a| a.to_string());
    let mut found = Vec::new();
    let mut last = after;
    {
        let mut events = pin!(state.store.read_until(after, stop));
        while let Some(event) = events.next().await {
            let event = event?;
            last = event.position;
            let matches = params
                .event_type
                .as_deref()
                .is_none_or(|t| t == event.event_type)
                && params
                    .stream
                    .as_deref()
                    .is_none_or(|s| s == event.stream_id.as_str())
                && actor
                    .as_deref()
                    .is_none_or(|a| event.metadata.actor.as_deref() == Some(a));
            if matches {
                found.push(event);
            }
        }
    }
    let mut readable: HashMap<String, bool> = HashMap::new();
    let models = state.projections.read();
    let world = crate::authz::World::now(&models);
    let mut items = Vec::new();
    let mut next = (last < end).then_some(last);
    for event in found {
        let stream = event.stream_id.as_str().to_owned();
        let may = *readable.entry(stream).or_insert_with_key(|stream| {
            state
                .authz
                .may_read_stream(world, caller.principal_id, stream, today())
        });
        if !may {
            continue;
        }
        if items.len() == limit {
            next = Some(
                items
                    .last()
                    .map_or(after, |i: &mamori_shared::api::timeline::HistoryEntry| {
                        i.position
                    }),
            );
            break;
        }
        items.push(timeline::entry(&models.names, event));
    }
    Ok(Json(LogSearch { items, next }))
}
