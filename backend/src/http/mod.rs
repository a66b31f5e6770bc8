//! The HTTP layer: JSON under `/api/v1`, probes, and the frontend. One file per resource.

//! Generic parts (the route table, the authorizing layer, the one responder, errors, extractors)
//! sit at this level; each area has a folder of its own (`organisation/`, `assets/`) that declares
//! its routes, its views and how its domain errors answer.

pub mod as_of;
mod assets;
pub mod authorize;
pub mod csv;
mod documents;
pub mod error;
pub mod extract;
mod frontend;
mod health;
pub mod idempotency;
mod integration;
mod list;
mod me;
mod metrics;
mod oidc;
pub mod openapi;
mod organisation;
pub mod respond;
pub mod routes;
mod security;
mod sign_in;
pub mod timeline;
mod transparency;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{middleware, Router};
use ipnet::IpNet;
use thiserror::Error;
use tokio::sync::watch;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;
use tracing::field::Empty;

use crate::auth::password::Workers;
use crate::auth::rate_limit::SignInThrottle;
use crate::auth::sessions::Timeouts;
use crate::authz::{Authorizer, VisibleAssets};
use crate::projections::history::History;
use crate::projections::Projections;
use crate::store::EventStore;
use crate::transparency::note::{LogKey, WitnessKey};

/// Larger request bodies are refused with 413 before any handler runs.
pub(crate) const MAX_REQUEST_BYTES: usize = 1024 * 1024;

/// The largest body a request to `path` may have: [`MAX_REQUEST_BYTES`], or more for a route that
/// takes a file (the register's import, which reads its body only once Cedar permitted it).
pub(crate) fn body_limit(path: &str) -> usize {
    if assets::import::is_import(path) {
        assets::import::MAX_IMPORT_REQUEST_BYTES
    } else {
        MAX_REQUEST_BYTES
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: EventStore,
    pub projections: Projections,
    pub authz: Arc<Authorizer>,
    pub throttle: Arc<SignInThrottle>,
    /// Where passwords are checked and hashed (argon2), with a bounded queue.
    pub password_workers: Workers,
    pub visible_assets: Arc<VisibleAssets>,
    /// The read models as of past moments (as-of views).
    pub history: Arc<History>,
    pub settings: Settings,
    pub shutdown: Shutdown,
    /// Wakes the publication of approved revisions (an approval whose day has come takes effect
    /// at once).
    pub publisher: Arc<tokio::sync::Notify>,
    /// Requests per client system and minute.
    pub client_limiter: Arc<crate::auth::api_tokens::ClientLimiter>,
    /// Held while webhooks are being sent: a shutdown waits for the attempts in flight to be
    /// recorded, so that a restart repeats none.
    pub webhook_pass: Arc<tokio::sync::Mutex<()>>,
    /// When each client's token was last used.
    pub token_uses: Arc<crate::auth::api_tokens::TokenUses>,
    /// Which refused tokens are recorded in the security log (boundedly).
    pub token_refusals: Arc<crate::auth::api_tokens::RefusalGate>,
}

impl AppState {
    /// Waits until the projections show a command's events (read-your-own-writes), so that the
    /// response, and the caller's next request, see the change.
    /// Whether the read models can answer: 503 naming a failed projection, or 503 "starting up"
    /// while they replay the log (for `/readyz` and every API route drawn from them).
    pub fn projections_ready(&self) -> Result<(), error::ApiError> {
        if let Some((name, reason)) = self.projections.failure() {
            return Err(error::ApiError::Unavailable(format!(
                "projection {name}: {reason}"
            )));
        }
        if !self.projections.is_caught_up() {
            return Err(error::ApiError::StartingUp {
                applied: self.projections.position(),
                head: self.projections.start_head(),
            });
        }
        Ok(())
    }

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

/// The server's settings that connections and requests depend on.
#[derive(Debug, Clone)]
pub struct Settings {
    pub sessions: Timeouts,
    /// Mark the session cookie Secure (when Mamori is served over TLS, directly or by a proxy).
    pub secure_cookies: bool,
    /// How often a live stream sends a keep-alive, and so re-checks its session when nothing else
    /// happens: the longest a stream outlives its session.
    pub live_keep_alive: Duration,
    /// The reverse proxies whose `X-Forwarded-For` / `Forwarded` name the client.
    pub trusted_proxies: TrustedProxies,
    /// How long a connection may take to send a request's headers (or stay idle between requests)
    /// before it is closed.
    pub header_read_timeout: Duration,
    /// How long a request may take until its answer starts (408 after); a stream, once started, is
    /// not cut (the live register).
    pub request_timeout: Duration,
    /// The most connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// The key the transparency log's checkpoints are signed with (its name is the log's origin).
    pub log_key: Arc<LogKey>,
    /// The witnesses whose cosignatures of checkpoints are kept.
    pub log_witnesses: Arc<Vec<WitnessKey>>,
    /// Mail notices (`MAMORI_SMTP_URL`); none without.
    pub mail: Option<Arc<crate::notify::MailSettings>>,
    /// How many requests a client system may send a minute (`MAMORI_CLIENT_REQUESTS_PER_MINUTE`).
    pub client_requests_per_minute: u32,
    /// Whether webhooks may be delivered to loopback and private addresses
    /// (`MAMORI_WEBHOOKS_ALLOW_PRIVATE`): off, so that a subscription cannot reach the internal
    /// network.
    pub webhooks_allow_private: bool,
    /// Single sign-on with an OpenID Connect provider (`MAMORI_OIDC_ISSUER`); none without.
    pub oidc: Option<Arc<crate::auth::oidc::Oidc>>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            sessions: Timeouts::default(),
            secure_cookies: false,
            live_keep_alive: Duration::from_secs(15),
            trusted_proxies: TrustedProxies::default(),
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 1024,
            // A key of this process only; `mamori serve` keeps one in a file.
            log_key: Arc::new(LogKey::generate(crate::transparency::DEFAULT_ORIGIN)),
            log_witnesses: Arc::default(),
            mail: None,
            client_requests_per_minute: 600,
            webhooks_allow_private: false,
            oidc: None,
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

    /// Whether [`Shutdown::begin`] was called.
    pub fn stopping(&self) -> bool {
        *self.0.borrow()
    }

    /// Completes once [`Shutdown::begin`] was called (at once if it already was).
    pub async fn begun(&self) {
        let mut stopping = self.0.subscribe();
        // The sender lives in `self`, so waiting cannot fail.
        let _ = stopping.wait_for(|stopping| *stopping).await;
    }
}

/// IP addresses and CIDR ranges of trusted reverse proxies (none by default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

#[derive(Debug, Error)]
#[error("MAMORI_TRUSTED_PROXIES (--trusted-proxies) {0:?} is not an IP address or CIDR range, e.g. 10.0.0.1 or 10.0.0.0/8")]
pub struct TrustedProxiesError(String);

impl TrustedProxies {
    /// A comma-separated list, e.g. `10.0.0.1, 192.168.0.0/16, ::1`.
    pub fn parse(list: &str) -> Result<Self, TrustedProxiesError> {
        list.split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                item.parse::<IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| TrustedProxiesError(item.to_owned()))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

pub fn router(state: AppState) -> Router {
    let api = routes::api_router(&state).fallback(error::api_not_found);
    Router::new()
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .route("/basic-policy", get(documents::public::html))
        .nest("/api/v1", api)
        .fallback(frontend::serve)
        .layer(middleware::from_fn_with_state(
            state.settings.request_timeout,
            request_timeout,
        ))
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
        .layer(middleware::from_fn(refuse_oversized))
        .layer(middleware::map_response(security::add_headers))
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .with_state(state)
}

/// Refuses a body announced larger than its route's [`body_limit`] before any handler runs; one that
/// turns out larger as it is read (chunked) is refused by the extractor that reads it
/// ([`extract::JsonBody`], or the import's).
async fn refuse_oversized(request: Request, next: Next) -> Response {
    let announced = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let limit = body_limit(request.uri().path());
    if announced.is_some_and(|length| length > limit as u64) {
        return error::ApiError::PayloadTooLarge.into_response();
    }
    next.run(request).await
}

/// Bounds the time until a request's answer starts: a body that is sent too slowly, a handler that
/// waits too long. A streamed body (server-sent events) has started by then and is not cut.
async fn request_timeout(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    tokio::time::timeout(limit, next.run(request))
        .await
        .unwrap_or_else(|_| error::ApiError::RequestTimeout.into_response())
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
