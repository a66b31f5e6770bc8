//! `mamori serve`: open and migrate the database, load the policies, open the store, start the
//! projections, bind, serve until SIGTERM or SIGINT, then finish the requests in flight.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Extension;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use thiserror::Error;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, Semaphore};
use tower::Layer;

use crate::auth::password::Workers;
use crate::auth::rate_limit::SignInThrottle;
use crate::auth::security_log;
use crate::authz::{Authorizer, PolicyError, VisibleAssets};
use crate::database::{Database, DatabaseError};
use crate::http::{self, AppState, Settings, Shutdown};
use crate::projections::history::{self, History};
use crate::projections::{snapshot, Projections, WaitError};
use crate::store::upcast::Upcasters;
use crate::store::{EventStore, StoreError};
use crate::transparency::checkpoints;

#[derive(Debug, Error)]
pub enum StartError {
    #[error("MAMORI_LISTEN (--listen) {0:?} is not an IP address and port, e.g. 127.0.0.1:8080")]
    Listen(String),
    #[error("cannot listen on MAMORI_LISTEN (--listen) {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Database(#[from] DatabaseError),
    #[error(transparent)]
    Policies(#[from] PolicyError),
    #[error("cannot open the event store: {0}")]
    Store(#[from] StoreError),
    #[error("cannot replay the event log: {0}")]
    Replay(#[from] WaitError),
    #[error("cannot open the mail outbox: {0}")]
    Outbox(#[from] sqlx::Error),
}

/// A server bound to its address, ready to run.
pub struct Server {
    listener: TcpListener,
    state: AppState,
}

impl Server {
    pub async fn start(
        listen: &str,
        database_url: &str,
        authz: Authorizer,
        settings: Settings,
    ) -> Result<Self, StartError> {
        let addr: SocketAddr = listen
            .parse()
            .map_err(|_| StartError::Listen(listen.to_owned()))?;
        let db = Database::connect(database_url).await?;
        Self::start_with(addr, db, authz, settings).await
    }

    pub async fn start_with(
        addr: SocketAddr,
        db: Database,
        authz: Authorizer,
        settings: Settings,
    ) -> Result<Self, StartError> {
        crate::webhooks::install_crypto();
        let (store, projections) = open_store(db).await?;
        if settings.mail.is_some() {
            crate::notify::prepare(&store).await?;
        }
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind { addr, source })?;
        let history = Arc::new(History::new(store.clone()));
        Ok(Self {
            listener,
            state: AppState {
                store,
                projections,
                authz: Arc::new(authz),
                throttle: Arc::new(SignInThrottle::default()),
                password_workers: Workers::for_this_machine(),
                visible_assets: Arc::new(VisibleAssets::default()),
                history,
                client_limiter: Arc::new(crate::auth::api_tokens::ClientLimiter::new(
                    settings.client_requests_per_minute,
                )),
                token_refusals: Arc::default(),
                token_uses: Arc::default(),
                webhook_pass: Arc::default(),
                settings,
                shutdown: Shutdown::default(),
                publisher: Arc::new(tokio::sync::Notify::new()),
            },
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then ends the live streams, lets the requests in flight
    /// finish and writes a snapshot of the projections. Serves from the start: while the
    /// projections replay the log, `/readyz` and the API answer 503.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let state = self.state.clone();
        let background = tokio::spawn(async move {
            if let Err(error) = state.projections.catch_up().await {
                tracing::error!(%error, "the projections cannot replay the log");
                return;
            }
            let mut last = state.projections.start_position();
            if state.projections.position() >= last + snapshot::EVERY_EVENTS {
                match snapshot::save(&state.store, &state.projections).await {
                    Ok(written) => last = written.unwrap_or(last),
                    Err(error) => tracing::warn!(%error, "cannot write a projection snapshot"),
                }
            }
            tokio::join!(
                expire_grants(state.clone()),
                publish_documents(state.clone()),
                snapshot::keep_taking(state.store.clone(), state.projections.clone(), last),
                history::keep_recording(state.store.clone()),
                checkpoints::keep_issuing(state.store.clone(), state.settings.log_key.clone()),
                crate::notify::keep_mailing(state.clone()),
                crate::webhooks::keep_delivering(state.clone()),
            );
        });
        let _stop_background = AbortOnDrop(background);
        let (stop_summaries, stopped) = oneshot::channel();
        let summaries = tokio::spawn(summarise_refusals(self.state.clone(), stopped));
        let stopping = self.state.shutdown.clone();
        let served = serve(self.listener, self.state.clone(), async move {
            shutdown.await;
            // Open live streams end now; the requests in flight finish.
            stopping.begin();
        })
        .await;
        let _ = stop_summaries.send(());
        let _ = summaries.await;
        // Webhook attempts in flight are recorded before the background stops (none is sent again).
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(20),
            self.state.webhook_pass.lock(),
        )
        .await;
        if self.state.projections.is_caught_up() {
            if let Err(error) = snapshot::save(&self.state.store, &self.state.projections).await {
                tracing::warn!(%error, "cannot write a projection snapshot at shutdown");
            }
        }
        served
    }
}

/// axum::serve offers neither a header-read timeout nor a connection cap: hyper's HTTP/1 connection
/// is driven here, with the same graceful shutdown (stop accepting, let each connection finish its
/// request in flight).
async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let settings = state.settings.clone();
    let app = http::router(state);
    let connections = Arc::new(Semaphore::new(settings.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(settings.header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        // At the cap, further connections wait in the listen backlog until one ends.
        let permit = tokio::select! {
            () = &mut shutdown => break,
            permit = connections.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, or a connection reset before it was accepted:
                    // pause rather than spin, as axum::serve does.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(Extension(ConnectInfo(peer)).layer(app.clone()));
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Ends the sign-in throttle's summary period every window, and the last one at shutdown, so that
/// the refusals it counted are in the security log (see `auth::rate_limit`).
async fn summarise_refusals(state: AppState, mut stop: oneshot::Receiver<()>) {
    let window = state.throttle.limits().window;
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + window, window);
    loop {
        tokio::select! {
            _ = tick.tick() => security_log::summarise_refusals(&state.store, &state.throttle).await,
            _ = &mut stop => break,
        }
    }
    security_log::summarise_refusals(&state.store, &state.throttle).await;
}

/// Ends grants past their last day, at start-up and then every minute (an event of the system).
async fn expire_grants(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tick.tick().await;
        match crate::commands::assets::expire_due_grants(
            &state.store,
            &state.projections,
            crate::clock::today(),
        )
        .await
        {
            Ok(0) => {}
            Ok(expired) => tracing::info!(expired, "access grants past their end date expired"),
            Err(error) => tracing::error!(%error, "cannot expire access grants"),
        }
    }
}

/// Puts approved revisions in force on their effective date, at start-up, every minute and when
/// woken by a decision (an event of the system).
async fn publish_documents(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            () = state.publisher.notified() => {}
        }
        match crate::commands::documents::publish_due(
            &state.store,
            &state.projections,
            crate::clock::today(),
        )
        .await
        {
            Ok(0) => {}
            Ok(published) => tracing::info!(published, "approved revisions took effect"),
            Err(error) => tracing::error!(%error, "cannot put approved revisions in force"),
        }
    }
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Migrates the database, opens the store and brings the projections up to the log's head: what
/// every command-line task that issues commands starts from.
pub async fn open(db: Database) -> Result<(EventStore, Projections), StartError> {
    let (store, projections) = open_store(db).await?;
    projections.catch_up().await?;
    Ok((store, projections))
}

/// Migrates the database, opens the store and starts the projections from the newest valid
/// snapshot (or the start of the log), without waiting for them to catch up.
pub async fn open_store(db: Database) -> Result<(EventStore, Projections), StartError> {
    db.migrate().await?;
    let store = EventStore::open(db, Upcasters::registry()).await?;
    let projections = match snapshot::load(&store).await {
        Some((position, models)) => Projections::start_from(&store, models, position),
        None => Projections::start(&store),
    };
    Ok((store, projections))
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
