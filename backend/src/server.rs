//! `mamori serve`: open and migrate the database, load the policies, open the store, start the
//! projections, bind, serve until SIGTERM or SIGINT, then finish the requests in flight.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use thiserror::Error;
use tokio::net::TcpListener;

use crate::auth::rate_limit::SignInThrottle;
use crate::authz::{Authorizer, PolicyError, VisibleAssets};
use crate::database::{Database, DatabaseError};
use crate::http::{self, AppState, Settings, Shutdown};
use crate::projections::{snapshot, Projections, WaitError};
use crate::store::upcast::Upcasters;
use crate::store::{EventStore, StoreError};

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
        let (store, projections) = open_store(db).await?;
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind { addr, source })?;
        Ok(Self {
            listener,
            state: AppState {
                store,
                projections,
                authz: Arc::new(authz),
                throttle: Arc::new(SignInThrottle::default()),
                visible_assets: Arc::new(VisibleAssets::default()),
                settings,
                shutdown: Shutdown::default(),
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
                snapshot::keep_taking(state.store.clone(), state.projections.clone(), last),
            );
        });
        let _stop_background = AbortOnDrop(background);
        let stopping = self.state.shutdown.clone();
        let app =
            http::router(self.state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, app)
            .with_graceful_shutdown(async move {
                shutdown.await;
                // Open live streams end now; the requests in flight finish.
                stopping.begin();
            })
            .await;
        if self.state.projections.is_caught_up() {
            if let Err(error) = snapshot::save(&self.state.store, &self.state.projections).await {
                tracing::warn!(%error, "cannot write a projection snapshot at shutdown");
            }
        }
        served
    }
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
