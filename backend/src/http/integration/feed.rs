//! The event feed: the events the caller may read, in log order, for systems that follow Mamori
//! (and people). A page ends at the head the server knows committed, so that no event is ever
//! skipped; an event the caller may not read is left out without stalling the cursor; each item
//! carries the event's id, so that a reader deduplicates what it is served twice (at-least-once).
//! The live variant follows appends as server-sent events and resumes from `Last-Event-ID`.
//!
//! What a caller may read is what reading the event's stream takes (each area's `StreamReading`),
//! decided by Cedar; for a client system, within its scopes.

use std::collections::HashMap;
use std::convert::Infallible;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, Sse};
use axum::Json;
use base64::Engine;
use futures::future::ready;
use futures::{stream, Stream, StreamExt, TryStreamExt};
use mamori_shared::api::integration::{FeedItem, FeedPage};
use serde::Deserialize;

use crate::authz::{Action, Resource, World};
use crate::clock::{rfc3339, today};
use crate::http::authorize::still_signed_in;
use crate::http::error::ApiError;
use crate::http::extract::{Caller, QueryParams};
use crate::http::routes::{api_routes, Access, ApiRoute, Target};
use crate::http::AppState;
use crate::projections::register::micros;
use crate::store::RecordedEvent;

pub const DEFAULT_LIMIT: u32 = 100;
pub const MAX_LIMIT: u32 = 1_000;
/// The most events one page looks at: a caller who may read few of a long history is answered
/// with a cursor further on, not made to wait while the whole log is read.
pub const MAX_SCANNED: usize = 10_000;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedQuery {
    /// The cursor to continue after (a page's `next`, an item's `cursor`); the log's start if
    /// absent.
    #[serde(default)]
    #[schemars(length(max = 32), regex(pattern = r"^[A-Za-z0-9_-]+$"))]
    pub after: Option<String>,
    /// Event types, separated by commas (`assets.asset_registered,assets.asset_classified`);
    /// every type if absent. At most 50.
    #[serde(default)]
    #[schemars(length(max = 5000), regex(pattern = r"^[a-z_.]+(,[a-z_.]+)*$"))]
    pub types: Option<String>,
    /// Items on a page: 1 to 1000 (100 if absent).
    #[serde(default)]
    #[schemars(range(min = 1, max = 1000))]
    pub limit: Option<u32>,
}

/// The live feed's query: where to resume, and which types.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LiveQuery {
    /// The cursor to continue after, when there is no `Last-Event-ID`; from now if absent.
    #[serde(default)]
    #[schemars(length(max = 32), regex(pattern = r"^[A-Za-z0-9_-]+$"))]
    pub after: Option<String>,
    /// Event types, separated by commas; every type if absent. At most 50.
    #[serde(default)]
    #[schemars(length(max = 5000), regex(pattern = r"^[a-z_.]+(,[a-z_.]+)*$"))]
    pub types: Option<String>,
}

/// A cursor says where in the log a reader is; opaque to them (it may come to say more).
pub fn cursor(position: u64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("p{position}"))
}

fn position_of(cursor: &str) -> Option<u64> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .ok()?;
    std::str::from_utf8(&bytes)
        .ok()?
        .strip_prefix('p')?
        .parse()
        .ok()
}

fn bad_cursor(field: &str) -> ApiError {
    ApiError::invalid(
        field,
        "not a cursor this feed gave",
        "このフィードが返したカーソルではありません",
    )
}

/// The event types asked for, or `None` for all.
fn types_of(types: Option<&str>) -> Result<Option<Vec<String>>, ApiError> {
    let Some(types) = types.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let list: Vec<String> = types.split(',').map(|t| t.trim().to_owned()).collect();
    let well_formed = |t: &String| mamori_shared::integration::is_event_type(t);
    if types.len() > 5_000 || list.len() > 50 || !list.iter().all(well_formed) {
        return Err(ApiError::invalid(
            "types",
            "1 to 50 event types (area.event_name), separated by commas",
            "イベント種別（area.event_name）をカンマ区切りで1〜50個指定してください",
        ));
    }
    Ok(Some(list))
}

/// Who reads, and what they may: decided once per stream for a page (many events share one).
/// For a client system, [`crate::authz::Authorizer`] keeps to its scopes.
struct Reader<'a> {
    state: &'a AppState,
    principal: uuid::Uuid,
    decided: HashMap<String, bool>,
}

impl<'a> Reader<'a> {
    fn new(state: &'a AppState, caller: &Caller) -> Self {
        Self {
            state,
            principal: caller.principal_id,
            decided: HashMap::new(),
        }
    }

    fn may_read(&mut self, world: World<'_>, stream: &str) -> bool {
        if let Some(decided) = self.decided.get(stream) {
            return *decided;
        }
        let decided = self
            .state
            .authz
            .may_read_stream(world, self.principal, stream, today());
        // A page looks at a bounded number of events, and so of streams.
        self.decided.insert(stream.to_owned(), decided);
        decided
    }
}

fn item(event: RecordedEvent) -> FeedItem {
    FeedItem {
        id: event.event_id,
        cursor: cursor(event.position),
        position: event.position,
        recorded_at: rfc3339(micros(&event)),
        event_type: event.event_type,
        schema_version: event.schema_version,
        stream: event.stream_id.to_string(),
        data: event.payload,
    }
}

pub async fn page(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<FeedQuery>,
) -> Result<Json<FeedPage>, ApiError> {
    let after = match query.after.as_deref() {
        None => 0,
        Some(text) => position_of(text).ok_or_else(|| bad_cursor("after"))?,
    };
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::invalid(
            "limit",
            "1 to 1000",
            "1〜1000で指定してください",
        ));
    }
    let types = types_of(query.types.as_deref())?;
    // Only what is committed, up to the head known now: an event committed later comes after it.
    let head = state.store.head();
    let mut items = Vec::new();
    let mut last = after.min(head);
    if after < head {
        let events: Vec<RecordedEvent> = state
            .store
            .read_until(after, head)
            .take(MAX_SCANNED)
            .try_collect()
            .await?;
        // The read models must have folded what is decided on (a new asset's first events).
        if let Some(position) = events.last().map(|e| e.position) {
            state.settle(Some(position)).await?;
        }
        let snapshot = state.projections.snapshot();
        let world = snapshot.world();
        let mut reader = Reader::new(&state, &caller);
        for event in events {
            last = event.position;
            let wanted = types
                .as_ref()
                .is_none_or(|types| types.contains(&event.event_type));
            if wanted && reader.may_read(world, event.stream_id.as_str()) {
                items.push(item(event));
                if items.len() == limit as usize {
                    break;
                }
            }
        }
    }
    Ok(Json(FeedPage {
        items,
        next: cursor(last),
    }))
}

/// The live feed: from `Last-Event-ID` (a reconnect), else `?after=`, else from now.
pub async fn live(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    QueryParams(query): QueryParams<LiveQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let resume = headers
        .get("last-event-id")
        .map(|v| {
            v.to_str()
                .ok()
                .and_then(position_of)
                .ok_or_else(|| bad_cursor("Last-Event-ID"))
        })
        .transpose()?;
    let after = match (resume, query.after.as_deref()) {
        (Some(position), _) => position,
        (None, Some(text)) => position_of(text).ok_or_else(|| bad_cursor("after"))?,
        (None, None) => state.store.head(),
    };
    let types = types_of(query.types.as_deref())?;
    let every = state.settings.live_keep_alive;
    let keep_alive = stream::unfold(
        tokio::time::interval_at(tokio::time::Instant::now() + every, every),
        |mut tick| async move {
            tick.tick().await;
            Some((None, tick))
        },
    );
    let stopping = state.shutdown.clone();
    let beats = stream::select(state.store.subscribe(after).map(Some), keep_alive)
        .take_until(async move { stopping.begun().await });
    let steps = beats.then(move |beat| {
        let (state, caller, types) = (state.clone(), caller.clone(), types.clone());
        async move {
            let event = match beat {
                None => Some(Event::default().comment("keep-alive")),
                // A read error ends the stream; the client resumes from its last id.
                Some(Err(_)) => return None,
                Some(Ok(event)) => {
                    let wanted = types
                        .as_ref()
                        .is_none_or(|types| types.contains(&event.event_type));
                    if !wanted {
                        return Some(None);
                    }
                    state.projections.wait_for(event.position).await.ok()?;
                    let readable = {
                        let snapshot = state.projections.snapshot();
                        Reader::new(&state, &caller)
                            .may_read(snapshot.world(), event.stream_id.as_str())
                    };
                    if !readable {
                        return Some(None);
                    }
                    let item = item(event);
                    let data = serde_json::to_string(&item).ok()?;
                    Some(Event::default().id(item.cursor).data(data))
                }
            };
            // Still signed in, and still permitted the feed: else the stream ends.
            let permitted = still_signed_in(&state, &caller).await && {
                let snapshot = state.projections.snapshot();
                state.authz.is_allowed(
                    snapshot.world(),
                    caller.principal_id,
                    Action::FEED_READ,
                    Resource::organisation(),
                    today(),
                )
            };
            permitted.then_some(event)
        }
    });
    let events = steps
        .take_while(|step| ready(step.is_some()))
        .filter_map(|step| ready(step.flatten().map(Ok)));
    Ok(Sse::new(events))
}

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use mamori_shared::api::integration as r;
    use Access::Permit;
    use Action as A;
    use Target as T;
    api_routes! {
        GET "/feed" => page, Permit(A::FEED_READ, T::Organisation), "The events I may read, in log order, after a cursor (?after=, ?types=, ?limit=): every one exactly once across pages, each with its id; an empty page still gives the cursor to go on from", gives r::FeedPage, query FeedQuery;
        GET "/feed/live" => live, Permit(A::FEED_READ, T::Organisation), "The same events as they are appended (server-sent events; each event's id is its cursor): resumes after Last-Event-ID, else ?after=, else from now", query LiveQuery;
    }
}
