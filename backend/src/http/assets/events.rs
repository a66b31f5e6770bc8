//! Live updates of the register (server-sent events): every change to an asset the caller may see
//! after it, or could see before it (so that an asset that disappears from their view, reclassified
//! upward or its grant ended, leaves their open register too), and every change of scheme. Clients
//! reload what changed; the stream carries no asset data.
//!
//! A stream is authorized once at connect like any request, and then again before every change and
//! every keep-alive it sends: its session must still be live (not signed out, not ended by "sign out
//! everywhere", a password change or deactivation, within the idle and absolute timeouts) and Cedar
//! must still let the person open the register. When either fails the stream ends, and the client's
//! reconnect meets the authorizing layer. Re-checking does not refresh the session: a stream is not
//! the person using Mamori, so an open register tab alone does not keep an idle session alive. The
//! stream also ends when the server begins shutting down.

use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::response::sse::{Event, Sse};
use futures::future::ready;
use futures::{stream, Stream, StreamExt};
use mamori_shared::api::assets::RegisterChange;
use uuid::Uuid;

use crate::authz::{Action, Resource};
use crate::clock::today;
use crate::http::authorize::still_signed_in;
use crate::http::extract::Caller;
use crate::http::routes::{api_routes, Access, ApiRoute, Target};
use crate::http::AppState;
use crate::store::{RecordedEvent, StoreError};

pub async fn stream(
    State(state): State<AppState>,
    caller: Caller,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let from = state.store.head();
    // What the caller could see when the stream started, kept up to date as events pass.
    let seen: Arc<Mutex<HashSet<Uuid>>> = {
        let snapshot = state.projections.snapshot();
        let visible = state.visible_assets.visible(
            &state.authz,
            snapshot.world(),
            caller.principal_id,
            today(),
        );
        Arc::new(Mutex::new(
            visible
                .live
                .iter()
                .chain(&visible.retired)
                .copied()
                .collect(),
        ))
    };
    let every = state.settings.live_keep_alive;
    let keep_alive = stream::unfold(
        tokio::time::interval_at(tokio::time::Instant::now() + every, every),
        |mut tick| async move {
            tick.tick().await;
            Some((Beat::KeepAlive, tick))
        },
    );
    let stopping = state.shutdown.clone();
    let beats = stream::select(
        state
            .store
            .subscribe(from)
            .map(|e| Beat::Change(Box::new(e))),
        keep_alive,
    )
    .take_until(async move { stopping.begun().await });
    let steps = beats.then(move |beat| {
        let (state, caller, seen) = (state.clone(), caller.clone(), seen.clone());
        async move {
            let event = match beat {
                Beat::KeepAlive => Event::default().comment("keep-alive"),
                Beat::Change(event) => match change(&state, &caller, &seen, event).await {
                    Some(event) => event,
                    // Nothing is sent, so there is nothing to authorize (and no database read
                    // for each of the log's other events).
                    None => return Step::Skip,
                },
            };
            if still_authorized(&state, &caller).await {
                Step::Send(event)
            } else {
                Step::End
            }
        }
    });
    let events = steps
        .take_while(|step| ready(!matches!(step, Step::End)))
        .filter_map(|step| {
            ready(match step {
                Step::Send(event) => Some(Ok(event)),
                Step::Skip | Step::End => None,
            })
        });
    Sse::new(events)
}

enum Beat {
    Change(Box<Result<RecordedEvent, StoreError>>),
    KeepAlive,
}

enum Step {
    Send(Event),
    Skip,
    End,
}

/// The stream's session (or token) is live and Cedar still lets its person open the register (a
/// deactivated person is refused by Cedar).
async fn still_authorized(state: &AppState, caller: &Caller) -> bool {
    still_signed_in(state, caller).await && {
        let snapshot = state.projections.snapshot();
        state.authz.is_allowed(
            snapshot.world(),
            caller.principal_id,
            Action::ASSETS_LIST,
            Resource::organisation(),
            today(),
        )
    }
}

/// The change an event makes to the caller's register, if it touches an asset they may see now or
/// saw before.
async fn change(
    state: &AppState,
    caller: &Caller,
    seen: &Mutex<HashSet<Uuid>>,
    event: Box<Result<RecordedEvent, StoreError>>,
) -> Option<Event> {
    let event = (*event).ok()?;
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
        asset_id.is_none_or(|asset| {
            state.authz.is_allowed(
                snapshot.world(),
                caller.principal_id,
                Action::ASSET_VIEW,
                Resource::asset(asset),
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
    Some(
        Event::default()
            .event("change")
            .id(event.position.to_string())
            .data(data),
    )
}

/// This file's routes (see [`routes::table`](crate::http::routes::table)).
pub(crate) fn routes() -> Vec<ApiRoute> {
    use Access::Permit;
    use Action as A;
    use Target as T;
    api_routes! {
        GET "/assets/events" => stream, Permit(A::ASSETS_LIST, T::Organisation), "Live changes of assets I may see (server-sent events)";
    }
}
