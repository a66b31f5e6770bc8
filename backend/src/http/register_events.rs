//! Live updates of the register (server-sent events): every change to an asset the caller may see
//! after it, or could see before it (so that an asset that disappears from their view, reclassified
//! upward or its grant ended, leaves their open register too), and every change of scheme. Clients
//! reload what changed; the stream carries no asset data.

use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::{Stream, StreamExt};
use mamori_shared::api::assets::RegisterChange;
use uuid::Uuid;

use super::extract::Caller;
use super::AppState;
use crate::authz::{Action, Resource};
use crate::clock::today;

pub async fn stream(
    State(state): State<AppState>,
    caller: Caller,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let from = state.store.head();
    // What the caller could see when the stream started, kept up to date as events pass.
    let seen: Arc<Mutex<HashSet<Uuid>>> = {
        let snapshot = state.projections.snapshot();
        let visible =
            state
                .visible_assets
                .visible(&state.authz, snapshot.world(), caller.person_id, today());
        Arc::new(Mutex::new(
            visible
                .live
                .iter()
                .chain(&visible.retired)
                .copied()
                .collect(),
        ))
    };
    let events = state.store.subscribe(from).filter_map(move |event| {
        let state = state.clone();
        let seen = seen.clone();
        async move {
            let event = event.ok()?;
            if !event.event_type.starts_with("assets.") {
                return None;
            }
            // Decide on the projections as they are after this event.
            state.projections.wait_for(event.position).await.ok()?;
            let asset_id = event
                .payload
                .get("asset_id")
                .and_then(|v| v.as_str())
                .and_then(|v| Uuid::parse_str(v).ok());
            let visible = {
                let snapshot = state.projections.snapshot();
                let active = snapshot
                    .directory
                    .people
                    .get(&caller.person_id)
                    .is_some_and(|p| p.active);
                active
                    && asset_id.is_none_or(|asset| {
                        state.authz.is_allowed(
                            snapshot.world(),
                            caller.person_id,
                            Action::AssetView,
                            Resource::Asset(asset),
                            today(),
                        )
                    })
            };
            let seen_before = asset_id.is_some_and(|asset| {
                let mut seen = seen.lock().unwrap_or_else(|p| p.into_inner());
                let before = seen.contains(&asset);
                if visible {
                    seen.insert(asset);
                } else {
                    seen.remove(&asset);
                }
                before
            });
            if !visible && !seen_before {
                return None;
            }
            let change = RegisterChange {
                position: event.position,
                event_type: event.event_type,
                asset_id,
            };
            let data = serde_json::to_string(&change).ok()?;
            Some(Ok(Event::default()
                .event("change")
                .id(event.position.to_string())
                .data(data)))
        }
    });
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
