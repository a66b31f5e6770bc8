//! The HTTP layer: JSON under `/api/v1`, probes, and the frontend. One file per resource.

mod assets;
mod departments;
pub mod error;
pub mod extract;
mod frontend;
mod grants;
mod health;
pub mod idempotency;
mod list;
mod me;
mod metrics;
pub mod openapi;
mod people;
mod register_events;
pub mod routes;
mod schemes;
mod security;
mod sign_in;
mod views;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{MatchedPath, Request};
use axum::routing::get;
use axum::{middleware, Router};
use tokio::sync::watch;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;
use tracing::field::Empty;

use crate::auth::rate_limit::SignInThrottle;
use crate::auth::sessions::Timeouts;
use crate::authz::{Authorizer, VisibleAssets};
use crate::projections::Projections;
use crate::store::EventStore;

/// Larger request bodies are refused with 413 before any handler runs.
pub(crate) const MAX_REQUEST_BYTES: usize = 1024 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub store: EventStore,
    pub projections: Projections,
    pub authz: Arc<Authorizer>,
    pub throttle: Arc<SignInThrottle>,
    pub visible_assets: Arc<VisibleAssets>,
    pub settings: Settings,
    pub shutdown: Shutdown,
}

impl AppState {
    /// Waits until the projections show a command's events (read-your-own-writes), so that the
    /// response, and the caller's next request, see the change.
    /// Events committed but not shown in time answer 202 with their position, never an error that
    /// would invite a retry.
    pub async fn settle(&self, appended_up_to: Option<u64>) -> Result<(), error::ApiError> {
        if let Some(position) = appended_up_to {
            match self.projections.wait_for(position).await {
                Ok(()) => {}
                Err(crate::projections::WaitError::Timeout { .. }) => {
                    return Err(error::ApiError::Accepted { position })
                }
                Err(failed) => return Err(error::ApiError::internal(failed)),
            }
        }
        Ok(())
    }
}

/// The server's settings that requests depend on.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub sessions: Timeouts,
    /// Mark the session cookie Secure (when Mamori is served over TLS, directly or by a proxy).
    pub secure_cookies: bool,
    /// How often a live stream sends a keep-alive, and so re-checks its session when nothing else
    /// happens: the longest a stream outlives its session.
    pub live_keep_alive: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            sessions: Timeouts::default(),
            secure_cookies: false,
            live_keep_alive: Duration::from_secs(15),
        }
    }
}

/// The server is stopping: long-lived responses (the live register) end on it, so that graceful
/// shutdown, which waits for every response to finish, is not held open by them.
#[derive(Clone, Default)]
pub struct Shutdown(Arc<watch::Sender<bool>>);

impl Shutdown {
    pub fn begin(&self) {
        self.0.send_replace(true);
    }

    /// Completes once [`Shutdown::begin`] was called (at once if it already was).
    pub async fn begun(&self) {
        let mut stopping = self.0.subscribe();
        // The sender lives in `self`, so waiting cannot fail.
        let _ = stopping.wait_for(|stopping| *stopping).await;
    }
}

pub fn router(state: AppState) -> Router {
    let api = routes::api_router(&state).fallback(error::api_not_found);
    Router::new()
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .nest("/api/v1", api)
        .fallback(frontend::serve)
        .layer(middleware::from_fn(metrics::record))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(
                    |response: &axum::response::Response,
                     _latency: std::time::Duration,
                     span: &tracing::Span| {
                        span.record(
                            "http.response.status_code",
                            i64::from(response.status().as_u16()),
                        );
                    },
                ),
        )
        .layer(CompressionLayer::new())
        .layer(middleware::map_response(security::add_headers))
        .layer(RequestBodyLimitLayer::new(MAX_REQUEST_BYTES))
        .with_state(state)
}

/// One span per request, named after the route (OpenTelemetry HTTP semantic conventions).
fn request_span(request: &Request) -> tracing::Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("(frontend)", MatchedPath::as_str);
    tracing::info_span!(
        "HTTP request",
        otel.name = format!("{} {}", request.method(), route),
        otel.kind = "server",
        http.request.method = %request.method(),
        http.route = route,
        url.path = request.uri().path(),
        http.response.status_code = Empty,
    )
}
